/* The asyncio hub (rf_hub.h): a static table of token bitmaps, one per
 * event loop that awaits buffers.
 *
 * Ready tokens: bits[w] bit b is token 32 * w + b; summary[s] bit b says
 * bits[32 * s + b] may be nonzero.  A producer sets the bit, then the
 * summary bit; the consumer clears a summary word, then each bits word it
 * named.  A bit set after its summary word was cleared comes with a new
 * summary bit, so nothing is lost; a summary bit whose word was taken
 * already yields nothing (harmless).
 *
 * Parking is the ring's Dekker handshake: the producer sets its bits
 * (sequentially consistent RMWs) then reads `parked`; the consumer sets
 * `parked`, fences, then reads the summary.  Either the consumer sees the
 * bits or the producer sees the flag, and only the producer that clears the
 * flag makes the one system call (the futex/WaitOnAddress word, or the
 * notify fd of a selector loop). */
#include "hub.h"
#include "atomics.h"
#include "platform.h"

#define CACHE_LINE 64
#define BITS_WORDS (RF_HUB_TOKENS / 32)
#define SUMMARY_WORDS (BITS_WORDS / 32)
#define NO_FD UINT32_MAX

#define LINE_OF(fields) union { struct fields v; char line[CACHE_LINE]; }

struct rf_hub {
    LINE_OF({                   /* what a signalling producer reads */
        uint32_t use_fd;        /* 1: wake by the notify fd, 0: by wake_word */
        uint32_t notify_wfd;    /* int as uint32; NO_FD = none */
        uint32_t notify_rfd;
        uint32_t in_use;        /* owned by an event loop (Python) */
    }) conf;
    LINE_OF({
        uint32_t parked;        /* the consumer sleeps (or is about to) */
        uint32_t wake_word;     /* rf_hub_wait parks on it */
        uint32_t interrupt;     /* rf_hub_interrupt: the next rf_hub_wait returns -1 */
        uint32_t handed;        /* rf_hub_wait handed a batch the loop has not taken yet */
        uint32_t ack_parked;    /* rf_hub_wait sleeps until rf_hub_ack */
        uint64_t wakeups;
    }) park;
    uint32_t summary[SUMMARY_WORDS];
    uint32_t bits[BITS_WORDS];
};

static rf_hub g_hubs[RF_HUB_MAX];
/* Whether the fds of the table were initialised to NO_FD (static memory
 * is zero, and 0 is a valid fd). */
static uint32_t g_fds_ready;

static void init_fds(void)
{
    if (rf_load_acquire_u32(&g_fds_ready)) return;
    /* Under the GIL (every caller is Python) or single-threaded (tests),
     * but atomics all the same: producers read these words. */
    for (uint32_t i = 0; i < RF_HUB_MAX; i++) {
        uint32_t expected = 0;
        if (!rf_load_acquire_u32(&g_hubs[i].conf.v.in_use)) {
            rf_cas_u32(&g_hubs[i].conf.v.notify_wfd, &expected, NO_FD);
            expected = 0;
            rf_cas_u32(&g_hubs[i].conf.v.notify_rfd, &expected, NO_FD);
        }
    }
    rf_store_release_u32(&g_fds_ready, 1);
}

/* Count trailing zeros of a nonzero word, without compiler builtins. */
static uint32_t ctz32(uint32_t x)
{
    static const uint8_t debruijn[32] = {
        0, 1, 28, 2, 29, 14, 24, 3, 30, 22, 20, 15, 25, 17, 4, 8,
        31, 27, 13, 23, 21, 19, 16, 7, 26, 12, 18, 6, 11, 5, 10, 9};
    return debruijn[((x & (0u - x)) * 0x077CB531u) >> 27];
}

rf_hub *rf_hub_acquire(int use_fd)
{
    init_fds();
    for (uint32_t i = 0; i < RF_HUB_MAX; i++) {
        rf_hub *h = &g_hubs[i];
        uint32_t expected = 0;
        if (!rf_cas_u32(&h->conf.v.in_use, &expected, 1)) continue;
        /* Bits a stale ring set since the last owner are dropped here; one
         * set later is a spurious wake-up, which the owner tolerates. */
        for (uint32_t s = 0; s < SUMMARY_WORDS; s++) rf_store_release_u32(&h->summary[s], 0);
        for (uint32_t w = 0; w < BITS_WORDS; w++)
            if (rf_load_u32(&h->bits[w])) rf_store_release_u32(&h->bits[w], 0);
        rf_store_release_u32(&h->park.v.parked, 0);
        rf_store_release_u32(&h->park.v.interrupt, 0);
        rf_store_release_u32(&h->park.v.handed, 0);
        rf_store_release_u32(&h->park.v.ack_parked, 0);
        rf_store_release_u64(&h->park.v.wakeups, 0);    /* counted per owner */
        rf_store_release_u32(&h->conf.v.use_fd, use_fd ? 1 : 0);
        rf_fence_seq_cst();
        return h;
    }
    return NULL;
}

void rf_hub_release(rf_hub *hub)
{
    if (!hub) return;
    rf_store_release_u32(&hub->park.v.parked, 0);
    rf_store_release_u32(&hub->conf.v.in_use, 0);
}

int rf_hub_set_notify_fd(rf_hub *hub, int read_fd, int write_fd)
{
    init_fds();
    if (read_fd < 0 || write_fd < 0) return 0;
    uint32_t expected = NO_FD;
    if (!rf_cas_u32(&hub->conf.v.notify_rfd, &expected, (uint32_t)read_fd)) return 0;
    rf_store_release_u32(&hub->conf.v.notify_wfd, (uint32_t)write_fd);
    return 1;
}

int rf_hub_notify_fd(rf_hub *hub)
{
    init_fds();
    uint32_t fd = rf_load_acquire_u32(&hub->conf.v.notify_rfd);
    return fd == NO_FD ? -1 : (int)fd;
}

static int hub_signal(rf_hub *h, uint32_t token)
{
    token &= RF_HUB_TOKENS - 1;
    uint32_t w = token >> 5;
    rf_fetch_or_u32(&h->bits[w], 1u << (token & 31));
    rf_fetch_or_u32(&h->summary[w >> 5], 1u << (w & 31));
    /* Both RMWs are sequentially consistent: the bits are published before
     * `parked` is read (pairs with the fence in hub_arm). */
    if (!rf_load_seq_cst_u32(&h->park.v.parked) || !rf_exchange_u32(&h->park.v.parked, 0))
        return 0;
    rf_fetch_add_u32(&h->park.v.wake_word, 1);
    uint32_t fd = rf_load_acquire_u32(&h->conf.v.notify_wfd);
    if (rf_load_acquire_u32(&h->conf.v.use_fd) && fd != NO_FD)
        rf_notify_fd((int)fd);
    else
        rf_park_wake_all(&h->park.v.wake_word);
    rf_fetch_add_u64(&h->park.v.wakeups, 1);
    return 1;
}

void rf_hub_signal(rf_hub *hub, uint32_t token) { (void)hub_signal(hub, token); }

uint64_t rf_hub__ref(rf_hub *hub, uint32_t token)
{
    return ((uint64_t)(hub - g_hubs) + 1) << 32 | (token & (RF_HUB_TOKENS - 1));
}

int rf_hub__signal_ref(uint64_t ref)
{
    uint64_t index = (ref >> 32) - 1;
    if (!ref || index >= RF_HUB_MAX) return 0;
    return hub_signal(&g_hubs[index], (uint32_t)ref);
}

uint32_t rf_hub_collect(rf_hub *hub, uint32_t *out, uint32_t max)
{
    uint32_t n = 0;
    for (uint32_t s = 0; s < SUMMARY_WORDS; s++) {
        if (!rf_load_u32(&hub->summary[s])) continue;
        if (max - n < 32) break;             /* the rest stays ready for the next call */
        uint32_t sw = rf_exchange_u32(&hub->summary[s], 0);
        while (sw) {
            if (max - n < 32) {
                rf_fetch_or_u32(&hub->summary[s], sw);   /* not taken: still ready */
                return n;
            }
            uint32_t w = s * 32 + ctz32(sw);
            sw &= sw - 1;
            uint32_t bits = rf_exchange_u32(&hub->bits[w], 0);
            while (bits) {
                out[n++] = w * 32 + ctz32(bits);
                bits &= bits - 1;
            }
        }
    }
    return n;
}

static int hub_pending(rf_hub *h)
{
    for (uint32_t s = 0; s < SUMMARY_WORDS; s++)
        if (rf_load_u32(&h->summary[s])) return 1;
    return 0;
}

int rf_hub_arm(rf_hub *hub)
{
    rf_exchange_u32(&hub->park.v.parked, 1);
    rf_fence_seq_cst();
    if (!hub_pending(hub)) return 0;
    /* Not sleeping after all: spare producers a wake-up. */
    rf_store_release_u32(&hub->park.v.parked, 0);
    return 1;
}

/* ns left before deadline (-1: no deadline), or 0 when it passed. */
static int64_t remaining_ns(int64_t timeout_ns, uint64_t deadline)
{
    if (timeout_ns < 0) return -1;
    uint64_t now = rf_now_ns();
    return now >= deadline ? 0 : (int64_t)(deadline - now);
}

int32_t rf_hub_wait(rf_hub *hub, uint32_t *out, uint32_t max, int64_t timeout_ns)
{
    uint64_t deadline = timeout_ns >= 0 ? rf_now_ns() + (uint64_t)timeout_ns : 0;
    /* Until the loop took the last batch (rf_hub_ack), the hub stays
     * unparked: producers only set bits, and the next batch is all that
     * became ready meanwhile. */
    while (rf_load_acquire_u32(&hub->park.v.handed)) {
        if (rf_exchange_u32(&hub->park.v.interrupt, 0)) return -1;
        uint32_t word = rf_load_acquire_u32(&hub->park.v.wake_word);
        rf_exchange_u32(&hub->park.v.ack_parked, 1);
        rf_fence_seq_cst();
        if (!rf_load_acquire_u32(&hub->park.v.handed) || rf_load_acquire_u32(&hub->park.v.interrupt)) {
            rf_store_release_u32(&hub->park.v.ack_parked, 0);
            continue;
        }
        int64_t left = remaining_ns(timeout_ns, deadline);
        if (left == 0) {
            rf_store_release_u32(&hub->park.v.ack_parked, 0);
            return 0;
        }
        rf_park_wait(&hub->park.v.wake_word, word, left);
    }
    for (;;) {
        uint32_t n = rf_hub_collect(hub, out, max);
        if (n) {
            rf_store_release_u32(&hub->park.v.handed, 1);
            return (int32_t)n;
        }
        if (rf_exchange_u32(&hub->park.v.interrupt, 0)) return -1;
        uint32_t word = rf_load_acquire_u32(&hub->park.v.wake_word);
        if (rf_hub_arm(hub)) continue;
        if (rf_load_acquire_u32(&hub->park.v.interrupt)) continue;
        int64_t left = remaining_ns(timeout_ns, deadline);
        if (left == 0) {
            rf_store_release_u32(&hub->park.v.parked, 0);
            return 0;
        }
        rf_park_wait(&hub->park.v.wake_word, word, left);
    }
}

void rf_hub_ack(rf_hub *hub)
{
    rf_store_release_u32(&hub->park.v.handed, 0);
    rf_fence_seq_cst();
    if (rf_load_seq_cst_u32(&hub->park.v.ack_parked) && rf_exchange_u32(&hub->park.v.ack_parked, 0)) {
        rf_fetch_add_u32(&hub->park.v.wake_word, 1);
        rf_park_wake_all(&hub->park.v.wake_word);
    }
}

void rf_hub_interrupt(rf_hub *hub)
{
    rf_store_release_u32(&hub->park.v.interrupt, 1);
    rf_fetch_add_u32(&hub->park.v.wake_word, 1);
    rf_park_wake_all(&hub->park.v.wake_word);
}

uint64_t rf_hub_wakeups(rf_hub *hub) { return rf_load_u64(&hub->park.v.wakeups); }

uint32_t rf_hub_in_use(void)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < RF_HUB_MAX; i++) n += rf_load_acquire_u32(&g_hubs[i].conf.v.in_use);
    return n;
}

void rf_hub_fork_child(void)
{
    init_fds();
    for (uint32_t i = 0; i < RF_HUB_MAX; i++) {
        rf_hub *h = &g_hubs[i];
        uint32_t rfd = rf_load_u32(&h->conf.v.notify_rfd), wfd = rf_load_u32(&h->conf.v.notify_wfd);
        if (rfd != NO_FD) rf_close_fd((int)rfd);
        if (wfd != NO_FD && wfd != rfd) rf_close_fd((int)wfd);
        rf_store_release_u32(&h->conf.v.notify_rfd, NO_FD);
        rf_store_release_u32(&h->conf.v.notify_wfd, NO_FD);
        rf_store_release_u32(&h->park.v.parked, 0);
        rf_store_release_u32(&h->conf.v.in_use, 0);
    }
}
