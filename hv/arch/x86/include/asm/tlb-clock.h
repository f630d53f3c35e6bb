/* SPDX-License-Identifier: MIT */
/*
 * The TLB-flush clock: which CPUs may still hold a translation that a
 * frame's old type relied on. A global clock ticks at every full TLB flush;
 * each CPU remembers the tick of its last one; a frame is stamped with the
 * clock when its type count reaches 0 (and when it is freed). A CPU whose
 * last flush began after the stamp cannot hold such a translation, so a
 * type change flushes only the others (Xen's tlbflush_filter idea).
 * docs/hacking/page-types.md, "TLB-flush clock".
 */
#ifndef ASM_X86_TLB_CLOCK_H
#define ASM_X86_TLB_CLOCK_H

#include <satori/cpumask.h>
#include <satori/page-info.h>
#include <satori/smp.h>
#include <satori/types.h>

/* Stamp of a frame no translation can have reached since boot. */
#define TLB_STAMP_NONE 0

/*
 * A CPU's flush time while it runs on the idle tables and has run no
 * guest since it switched to them (that switch flushed its TLB): it holds
 * no guest translation at all, whatever a frame's stamp, so a type change
 * need not interrupt it. Larger than every tick, so the filter below
 * drops it with no special case. Leaving the state (loading a guest's
 * tables) first stores a real tick: tlb_clock_leave_clean().
 */
#define TLB_CPU_CLEAN (~0ULL)

/*
 * Pure filter: whether a CPU whose last full flush took tick @cpu_time
 * may hold a translation made before stamp @stamp. Ticks start at 1 and
 * a CPU that never flushed has time 0.
 */
static inline bool tlb_clock_may_hold(uint64_t cpu_time, uint64_t stamp)
{
	return stamp != TLB_STAMP_NONE && cpu_time <= stamp;
}

/* Remove from @mask every CPU whose time (@cpu_time[cpu]) shows a flush
 * after @stamp. */
void tlb_clock_filter(cpumask_t *mask, uint64_t stamp,
		      const uint64_t *cpu_time);

/* Set up the per-frame stamps (boot, after the frame table and heap). */
void tlb_clock_init(void);

/* The clock and each CPU's time of its last full flush (mm/tlb-clock.c);
 * only the two functions below and tlb-clock.c touch them. */
extern uint64_t tlb_clock;
extern uint64_t tlb_cpu_flush_time[NR_CPUS];

/* Before and after a full flush of this CPU's TLB (a CR3 write with
 * CR4.PGE clear, or a PGE toggle): pre returns the tick to pass to post.
 * Inline: a PV guest's every kernel/user switch writes CR3. */
static inline uint64_t tlb_clock_pre_flush(void)
{
	return __atomic_add_fetch(&tlb_clock, 1, __ATOMIC_SEQ_CST);
}

static inline void tlb_clock_post_flush(uint64_t tick)
{
	__atomic_store_n(&tlb_cpu_flush_time[smp_processor_id()], tick,
			 __ATOMIC_SEQ_CST);
}

/* After the switch to the idle tables (whose CR3 write took a tick): no
 * guest translation is left on this CPU (TLB_CPU_CLEAN). */
static inline void tlb_clock_mark_clean(void)
{
	__atomic_store_n(&tlb_cpu_flush_time[smp_processor_id()], TLB_CPU_CLEAN,
			 __ATOMIC_SEQ_CST);
}

/*
 * Before this CPU touches anything of a guest (its descriptor tables, its
 * page tables): a clean CPU stores the clock's current value as its time,
 * so that from the moment it may create a guest translation its time says
 * so. Ordering: the store is a full barrier before the first such access.
 * A type change that still read TLB_CPU_CLEAN had removed its mapping
 * before that (its stamp store is a full barrier too), so no page walk of
 * this CPU can see the mapping; one that reads the new time T flushes
 * this CPU unless its stamp is older than T, i.e. taken before this store.
 */
static inline void tlb_clock_leave_clean(void)
{
	uint64_t *t = &tlb_cpu_flush_time[smp_processor_id()];

	if (__atomic_load_n(t, __ATOMIC_RELAXED) == TLB_CPU_CLEAN)
		__atomic_store_n(t,
				 __atomic_load_n(&tlb_clock, __ATOMIC_SEQ_CST),
				 __ATOMIC_SEQ_CST);
}

/* Flush this CPU's whole TLB and record it. */
void tlb_clock_flush_local(void);

/* Record "now" as the time @pg's last type-dependent (or any) mapping
 * went away. */
void tlb_clock_stamp(const struct page_info *pg);

/* The clock now, and stamping @pg with an earlier tick @tick. */
uint64_t tlb_clock_now(void);
void tlb_clock_stamp_at(const struct page_info *pg, uint64_t tick);

/* Flush every online CPU that may hold a translation older than @pg's
 * stamp; returns how many CPUs were flushed. */
unsigned int tlb_clock_flush_for(const struct page_info *pg);

/* Whether tlb_clock_flush_for(@pg) would have to interrupt another CPU
 * (which a caller with interrupts off must not do). */
bool tlb_clock_remote_flush_needed(const struct page_info *pg);

#endif
