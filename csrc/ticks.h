/* A TSC-class counter, per compiler and architecture (one branch each, as
 * in atomics.h): rdtsc on x86 and x64, CNTVCT_EL0 on ARM64.  Reading it is
 * one instruction and no system call, where the monotonic clock costs the
 * RAS thread about 20 ns; clock.c decides once, on a Python-side thread,
 * whether it can be trusted, and converts its counts to rf_now_ns()
 * nanoseconds on the consumer's side.
 *
 *   rf_ticks_read()       the counter now
 *   rf_ticks_invariant()  1 when the hardware says it runs at a constant
 *                         rate through power states (x86: CPUID
 *                         0x80000007 EDX bit 8; ARM64's generic timer
 *                         always does)
 *   RF_HAS_TICKS          0 where there is no such counter: clock.c then
 *                         uses rf_now_ns() for every timestamp. */
#ifndef RASFAST_TICKS_H
#define RASFAST_TICKS_H
#include <stdint.h>

#if defined(_MSC_VER) && !defined(__clang__) && (defined(_M_X64) || defined(_M_IX86))
/* ---------------- MSVC, x86 and x64 ---------------- */
#include <intrin.h>
#define RF_HAS_TICKS 1
static __inline uint64_t rf_ticks_read(void) { return (uint64_t)__rdtsc(); }
static __inline int rf_ticks_invariant(void)
{
    int r[4];
    __cpuid(r, (int)0x80000000u);
    if ((uint32_t)r[0] < 0x80000007u) return 0;
    __cpuid(r, (int)0x80000007u);
    return ((uint32_t)r[3] >> 8) & 1;
}

#elif defined(_MSC_VER) && !defined(__clang__) && defined(_M_ARM64)
/* ---------------- MSVC, ARM64 ---------------- */
#include <intrin.h>
#define RF_HAS_TICKS 1
static __inline uint64_t rf_ticks_read(void) { return (uint64_t)_ReadStatusReg(ARM64_CNTVCT); }
static __inline int rf_ticks_invariant(void) { return 1; }

#elif (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
/* ---------------- GCC and Clang, x86 and x64 ---------------- */
#include <cpuid.h>
#define RF_HAS_TICKS 1
static __inline__ uint64_t rf_ticks_read(void) { return (uint64_t)__builtin_ia32_rdtsc(); }
static __inline__ int rf_ticks_invariant(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(0x80000007u, &a, &b, &c, &d)) return 0;   /* checks the highest leaf */
    return (d >> 8) & 1;
}

#elif (defined(__GNUC__) || defined(__clang__)) && defined(__aarch64__)
/* ---------------- GCC and Clang, ARM64 ---------------- */
#define RF_HAS_TICKS 1
static __inline__ uint64_t rf_ticks_read(void)
{
    uint64_t v;
    __asm__ __volatile__("mrs %0, cntvct_el0" : "=r"(v));
    return v;
}
static __inline__ int rf_ticks_invariant(void) { return 1; }

#else
/* ---------------- anything else: no counter ---------------- */
#define RF_HAS_TICKS 0
static inline uint64_t rf_ticks_read(void) { return 0; }
static inline int rf_ticks_invariant(void) { return 0; }
#endif

#endif /* RASFAST_TICKS_H */
