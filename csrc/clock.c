/* The notifier's timestamps: counter ticks on the RAS thread, nanoseconds
 * for everyone else (clock.h says what a stamp is).
 *
 * Conversion, on the consumer's side: a stamp t becomes
 *     ns(t) = ref.ns - (ref.ticks - t) * rate
 * where ref is a counter reading paired with rf_now_ns() taken when the
 * batch is converted, and rate the nanoseconds per tick between the origin
 * (taken once by rf_clock_init) and ref.  The error is what pairing a
 * counter reading with a clock reading costs (tens of nanoseconds) plus the
 * record's age times the rate's error; the rate's error is the pairing
 * error over the time since the origin (the record is younger than that),
 * or how far the monotonic clock's rate (NTP slews it, by a few parts per
 * million) strays from its average since the origin: microseconds at most
 * for a record a second old, nanoseconds for one drained within a
 * millisecond.  A stamp after ref (counters of different cores a few ticks
 * apart) is ref.ns: a record is never later than the moment it was taken.
 *
 * Nothing here runs on the RAS thread except rf_stamp_now (clock.h). */
#include "clock.h"
#include "rf_slots.h"
#include "atomics.h"

#include <stdlib.h>
#include <string.h>

enum { MODE_UNDECIDED = 0, MODE_DECIDING = 1, MODE_TICKS = 2, MODE_NS = 3 };

static uint32_t g_mode;
static uint64_t g_origin_ticks, g_origin_ns;   /* written before g_mode, then read-only */
static uint64_t g_tight_bracket;               /* ticks a good counter-clock pairing spans */

/* A counter reading paired with rf_now_ns(): the clock read between two
 * counter reads, the pair with the narrowest bracket of `tries`, or the
 * first whose bracket is at most `good` ticks.  Returns the bracket. */
static uint64_t pair(uint64_t *ticks, uint64_t *ns, int tries, uint64_t good)
{
    uint64_t best = UINT64_MAX;
    for (int i = 0; i < tries; i++) {
        uint64_t t0 = rf_ticks_read();
        uint64_t n = rf_now_ns();
        uint64_t t1 = rf_ticks_read();
        if (t1 - t0 < best) {
            best = t1 - t0;
            *ticks = t0 + best / 2;
            *ns = n;
        }
        if (best <= good) break;
    }
    return best;
}

static uint32_t decide(void)
{
    const char *env = getenv("RASFAST_CLOCK");
    if (!RF_HAS_TICKS || (env && strcmp(env, "ns") == 0) || !rf_ticks_invariant()) return MODE_NS;
    uint64_t t0 = 0, n0 = 0, t1 = 0, n1 = 0;
    uint64_t bracket = pair(&t0, &n0, 16, 0);
    /* About 200 us apart: enough to see the counter's rate (a plausibility
     * check, not the conversion's rate, which keeps improving with age). */
    while (rf_now_ns() - n0 < 200000) rf_cpu_relax();
    uint64_t b1 = pair(&t1, &n1, 16, 0);
    if (b1 < bracket) bracket = b1;
    if (t1 <= t0 || n1 <= n0) return MODE_NS;
    double ticks_per_ns = (double)(t1 - t0) / (double)(n1 - n0);
    if (ticks_per_ns < 0.001 || ticks_per_ns > 20.0) return MODE_NS;   /* 1 MHz .. 20 GHz */
    g_origin_ticks = t1;
    g_origin_ns = n1;
    g_tight_bracket = 2 * bracket + 16;
    return MODE_TICKS;
}

void rf_clock_init(void)
{
    uint32_t expected = MODE_UNDECIDED;
    if (rf_cas_u32(&g_mode, &expected, MODE_DECIDING)) {
        rf_store_release_u32(&g_mode, decide());
        return;
    }
    while (rf_load_acquire_u32(&g_mode) == MODE_DECIDING) rf_yield();
}

void rf_clock_fork_child(void)
{
    /* Forked while another thread was deciding: that thread is not here and
     * would never publish, so rf_slot_open would wait forever (a fork test
     * hung so under load).  Nothing was published; decide again. */
    uint32_t expected = MODE_DECIDING;
    rf_cas_u32(&g_mode, &expected, MODE_UNDECIDED);
}

int rf_clock__pretend_deciding(int on)
{
    uint32_t expected = on ? MODE_UNDECIDED : MODE_DECIDING;
    return rf_cas_u32(&g_mode, &expected, on ? MODE_DECIDING : MODE_UNDECIDED);
}

uint32_t rf_clock_use_ticks(void) { return rf_load_acquire_u32(&g_mode) == MODE_TICKS; }

void rf_stamp_batch_begin(rf_stamp_batch *b)
{
    /* Stamps with the tag exist only once rf_clock_init chose ticks, so the
     * origin is set (the slot that carried the stamp was opened after). */
    (void)rf_load_acquire_u32(&g_mode);
    pair(&b->ticks, &b->ns, 3, g_tight_bracket);
    b->ns_per_tick = b->ticks > g_origin_ticks && b->ns > g_origin_ns
        ? (double)(b->ns - g_origin_ns) / (double)(b->ticks - g_origin_ticks) : 0.0;
    b->ready = 1;
}

/* rf_slots.h's clock calls, for Python (the bench, the tests). */
uint64_t rf_clock_ns(void) { return rf_now_ns(); }

uint64_t rf_clock_stamp(void)
{
    rf_clock_init();
    return rf_stamp_now(rf_clock_use_ticks());
}

uint64_t rf_clock_stamp_ns(uint64_t stamp)
{
    rf_stamp_batch batch = {0};
    return rf_stamp_to_ns(stamp, &batch);
}
