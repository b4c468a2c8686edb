/* One atomics API for the C core, one branch per compiler.
 *
 * MSVC is tested first (clang-cl defines both _MSC_VER and __clang__ and
 * understands the GCC builtins, but plain MSVC does not).  Orders used:
 * relaxed, acquire loads, release stores, and sequentially consistent
 * read-modify-writes and fences.  Every fence is a hardware fence, never a
 * compiler-only barrier.  Also here: cache prefetch hints, which compilers
 * spell differently too. */
#ifndef RASFAST_ATOMICS_H
#define RASFAST_ATOMICS_H

#include <stdint.h>

#if defined(_MSC_VER) && !defined(__clang__)
/* ---------------- MSVC: Interlocked intrinsics ---------------- */
#include <intrin.h>
#include <windows.h>

#if defined(_M_ARM64) || defined(_M_ARM)
#  define RF__LOAD_ACQ32(p) ((uint32_t)__ldar32((unsigned __int32 volatile *)(p)))
#  define RF__LOAD_ACQ64(p) ((uint64_t)__ldar64((unsigned __int64 volatile *)(p)))
#  define RF__STORE_REL32(p, v) __stlr32((unsigned __int32 volatile *)(p), (unsigned __int32)(v))
#  define RF__STORE_REL64(p, v) __stlr64((unsigned __int64 volatile *)(p), (unsigned __int64)(v))
#else
/* x86/x64 loads already have acquire and stores release semantics in
 * hardware; the volatile access (with /volatile:ms, the default there) keeps
 * the compiler from reordering around it. */
#  define RF__LOAD_ACQ32(p) (*(uint32_t volatile *)(p))
#  define RF__LOAD_ACQ64(p) (*(uint64_t volatile *)(p))
#  define RF__STORE_REL32(p, v) (*(uint32_t volatile *)(p) = (uint32_t)(v))
#  define RF__STORE_REL64(p, v) (*(uint64_t volatile *)(p) = (uint64_t)(v))
#endif

static __inline uint32_t rf_load_u32(const uint32_t *p) { return *(uint32_t volatile *)p; }
static __inline uint64_t rf_load_u64(const uint64_t *p)
{
#if defined(_M_IX86)
    /* 64-bit loads are not single-copy atomic on x86 without a locked op. */
    return (uint64_t)_InterlockedCompareExchange64((__int64 volatile *)p, 0, 0);
#else
    return *(uint64_t volatile *)p;
#endif
}
static __inline uint32_t rf_load_acquire_u32(const uint32_t *p) { return RF__LOAD_ACQ32(p); }
static __inline uint64_t rf_load_acquire_u64(const uint64_t *p)
{
#if defined(_M_IX86)
    return (uint64_t)_InterlockedCompareExchange64((__int64 volatile *)p, 0, 0);
#else
    return RF__LOAD_ACQ64(p);
#endif
}
/* Sequentially consistent load: every seq_cst store/RMW here is an
 * Interlocked op (a full barrier), so an acquire load suffices after it. */
static __inline uint32_t rf_load_seq_cst_u32(const uint32_t *p) { return RF__LOAD_ACQ32(p); }
static __inline void rf_store_u32(uint32_t *p, uint32_t v) { *(uint32_t volatile *)p = v; }
static __inline void rf_store_release_u32(uint32_t *p, uint32_t v) { RF__STORE_REL32(p, v); }
static __inline void rf_store_release_u64(uint64_t *p, uint64_t v)
{
#if defined(_M_IX86)
    _InterlockedExchange64((__int64 volatile *)p, (__int64)v);
#else
    RF__STORE_REL64(p, v);
#endif
}
static __inline uint32_t rf_fetch_add_u32(uint32_t *p, uint32_t v)
{ return (uint32_t)_InterlockedExchangeAdd((long volatile *)p, (long)v); }
static __inline uint64_t rf_fetch_add_u64(uint64_t *p, uint64_t v)
{ return (uint64_t)_InterlockedExchangeAdd64((__int64 volatile *)p, (__int64)v); }
static __inline uint32_t rf_exchange_u32(uint32_t *p, uint32_t v)
{ return (uint32_t)_InterlockedExchange((long volatile *)p, (long)v); }
static __inline uint32_t rf_fetch_or_u32(uint32_t *p, uint32_t v)
{ return (uint32_t)_InterlockedOr((long volatile *)p, (long)v); }
static __inline uint32_t rf_fetch_and_u32(uint32_t *p, uint32_t v)
{ return (uint32_t)_InterlockedAnd((long volatile *)p, (long)v); }
/* Returns 1 on success; on failure stores the value seen into *expected. */
static __inline int rf_cas_u64(uint64_t *p, uint64_t *expected, uint64_t desired)
{
    uint64_t seen = (uint64_t)_InterlockedCompareExchange64(
        (__int64 volatile *)p, (__int64)desired, (__int64)*expected);
    if (seen == *expected) return 1;
    *expected = seen;
    return 0;
}
static __inline int rf_cas_u32(uint32_t *p, uint32_t *expected, uint32_t desired)
{
    uint32_t seen = (uint32_t)_InterlockedCompareExchange(
        (long volatile *)p, (long)desired, (long)*expected);
    if (seen == *expected) return 1;
    *expected = seen;
    return 0;
}
/* MemoryBarrier() is a real full fence on every Windows architecture
 * (a locked op on x86/x64, DMB ISH on ARM64). */
static __inline void rf_fence_seq_cst(void) { MemoryBarrier(); }
static __inline void rf_cpu_relax(void) { YieldProcessor(); }
/* Relaxed pointer load and store (a field another thread may write). */
#define rf_load_ptr(p) (*(void *volatile *)(p))
#define rf_store_ptr(p, v) (*(void *volatile *)(p) = (void *)(v))
/* A hint to start a cache miss early; never faults, even on a stale address. */
#define rf_prefetch(p) PreFetchCacheLine(PF_TEMPORAL_LEVEL_1, (p))
#define rf_prefetch_write(p) PreFetchCacheLine(PF_TEMPORAL_LEVEL_1, (p))

#elif defined(__GNUC__) || defined(__clang__)
/* ---------------- GCC and Clang: __atomic builtins ---------------- */
#define rf_load_u32(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define rf_load_u64(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define rf_load_acquire_u32(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define rf_load_acquire_u64(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define rf_load_seq_cst_u32(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define rf_store_u32(p, v) __atomic_store_n((p), (uint32_t)(v), __ATOMIC_RELAXED)
#define rf_store_release_u32(p, v) __atomic_store_n((p), (uint32_t)(v), __ATOMIC_RELEASE)
#define rf_store_release_u64(p, v) __atomic_store_n((p), (uint64_t)(v), __ATOMIC_RELEASE)
#define rf_fetch_add_u32(p, v) __atomic_fetch_add((p), (uint32_t)(v), __ATOMIC_SEQ_CST)
#define rf_fetch_add_u64(p, v) __atomic_fetch_add((p), (uint64_t)(v), __ATOMIC_SEQ_CST)
#define rf_exchange_u32(p, v) __atomic_exchange_n((p), (uint32_t)(v), __ATOMIC_SEQ_CST)
#define rf_fetch_or_u32(p, v) __atomic_fetch_or((p), (uint32_t)(v), __ATOMIC_SEQ_CST)
#define rf_fetch_and_u32(p, v) __atomic_fetch_and((p), (uint32_t)(v), __ATOMIC_SEQ_CST)
#define rf_cas_u64(p, expected, desired) \
    __atomic_compare_exchange_n((p), (expected), (uint64_t)(desired), 0, \
                                __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)
#define rf_cas_u32(p, expected, desired) \
    __atomic_compare_exchange_n((p), (expected), (uint32_t)(desired), 0, \
                                __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)
#define rf_fence_seq_cst() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rf_load_ptr(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define rf_store_ptr(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define rf_prefetch(p) __builtin_prefetch((p), 0, 3)
#define rf_prefetch_write(p) __builtin_prefetch((p), 1, 3)
#if defined(__x86_64__) || defined(__i386__)
#  define rf_cpu_relax() __builtin_ia32_pause()
#elif defined(__aarch64__)
#  define rf_cpu_relax() __asm__ __volatile__("yield")
#else
#  define rf_cpu_relax() ((void)0)
#endif

#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && !defined(__STDC_NO_ATOMICS__)
/* ---------------- C11 <stdatomic.h> ---------------- */
#include <stdatomic.h>
#define RF__A32(p) ((_Atomic uint32_t *)(p))
#define RF__A64(p) ((_Atomic uint64_t *)(p))
#define rf_load_u32(p) atomic_load_explicit(RF__A32(p), memory_order_relaxed)
#define rf_load_u64(p) atomic_load_explicit(RF__A64(p), memory_order_relaxed)
#define rf_load_acquire_u32(p) atomic_load_explicit(RF__A32(p), memory_order_acquire)
#define rf_load_acquire_u64(p) atomic_load_explicit(RF__A64(p), memory_order_acquire)
#define rf_load_seq_cst_u32(p) atomic_load(RF__A32(p))
#define rf_store_u32(p, v) atomic_store_explicit(RF__A32(p), (v), memory_order_relaxed)
#define rf_store_release_u32(p, v) atomic_store_explicit(RF__A32(p), (v), memory_order_release)
#define rf_store_release_u64(p, v) atomic_store_explicit(RF__A64(p), (v), memory_order_release)
#define rf_fetch_add_u32(p, v) atomic_fetch_add(RF__A32(p), (v))
#define rf_fetch_add_u64(p, v) atomic_fetch_add(RF__A64(p), (v))
#define rf_exchange_u32(p, v) atomic_exchange(RF__A32(p), (v))
#define rf_fetch_or_u32(p, v) atomic_fetch_or(RF__A32(p), (v))
#define rf_fetch_and_u32(p, v) atomic_fetch_and(RF__A32(p), (v))
#define rf_cas_u64(p, expected, desired) \
    atomic_compare_exchange_strong(RF__A64(p), (expected), (desired))
#define rf_cas_u32(p, expected, desired) \
    atomic_compare_exchange_strong(RF__A32(p), (expected), (desired))
#define rf_fence_seq_cst() atomic_thread_fence(memory_order_seq_cst)
#define rf_cpu_relax() ((void)0)
#define rf_load_ptr(p) atomic_load_explicit((void *_Atomic *)(p), memory_order_relaxed)
#define rf_store_ptr(p, v) atomic_store_explicit((void *_Atomic *)(p), (void *)(v), memory_order_relaxed)
#define rf_prefetch(p) ((void)(p))
#define rf_prefetch_write(p) ((void)(p))

#else
#  error "rasfast needs MSVC, GCC, Clang or a C11 compiler with <stdatomic.h>"
#endif

#endif /* RASFAST_ATOMICS_H */
