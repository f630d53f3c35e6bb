/* SPDX-License-Identifier: MIT */
/*
 * The TLB-flush clock (asm/tlb-clock.h). The clock is a 64-bit counter
 * that never wraps in practice, so unlike Xen's 32-bit one it needs no
 * wrap handling. A flush takes its tick before the CR3 write: a tick
 * larger than a frame's stamp therefore proves the flush began after the
 * stamp was taken, i.e. after the last mapping was gone. Stamps live in a
 * side array indexed by MFN (struct page_info has no room left).
 */
#include <satori/bug.h>
#include <satori/log.h>
#include <satori/mm.h>
#include <satori/perfc.h>
#include <satori/smp.h>

#include <asm/cpu-ops.h>
#include <asm/tlb-clock.h>

uint64_t tlb_clock = 1;
uint64_t tlb_cpu_flush_time[NR_CPUS];
static uint64_t *frame_stamp;
static unsigned long frame_stamp_count;

void tlb_clock_init(void)
{
	size_t bytes = max_page * sizeof(uint64_t);
	unsigned int order = 0;

	while (((size_t)PAGE_SIZE << order) < bytes)
		order++;
	frame_stamp = alloc_xenheap_pages_zeroed(order);
	if (!frame_stamp)
		panic("tlb-clock: no memory for %lu frame stamps\n", max_page);
	frame_stamp_count = max_page;
	log_info("tlb-clock: %lu frame stamps (%zu KiB)\n", max_page,
		 ((size_t)PAGE_SIZE << order) >> 10);
}

void tlb_clock_flush_local(void)
{
	uint64_t tick = tlb_clock_pre_flush();

	flush_tlb_local_all();
	tlb_clock_post_flush(tick);
}

uint64_t tlb_clock_now(void)
{
	return __atomic_load_n(&tlb_clock, __ATOMIC_SEQ_CST);
}

void tlb_clock_stamp_at(const struct page_info *pg, uint64_t tick)
{
	unsigned long mfn = mfn_x(page_to_mfn(pg));

	if (frame_stamp && mfn < frame_stamp_count)
		__atomic_store_n(&frame_stamp[mfn], tick, __ATOMIC_SEQ_CST);
}

void tlb_clock_stamp(const struct page_info *pg)
{
	tlb_clock_stamp_at(pg, tlb_clock_now());
}

static void flush_ipi(void *unused)
{
	(void)unused;
	tlb_clock_flush_local();
}

bool tlb_clock_remote_flush_needed(const struct page_info *pg)
{
	unsigned long mfn = mfn_x(page_to_mfn(pg));
	uint64_t stamp = frame_stamp && mfn < frame_stamp_count
				 ? frame_stamp[mfn]
				 : ~0ULL;
	cpumask_t mask = cpu_online_map;

	tlb_clock_filter(&mask, stamp, tlb_cpu_flush_time);
	cpumask_clear_cpu(smp_processor_id(), &mask);
	return !cpumask_empty(&mask);
}

unsigned int tlb_clock_flush_for(const struct page_info *pg)
{
	unsigned long mfn = mfn_x(page_to_mfn(pg));
	/* Without a stamp array (before init) assume the worst. */
	uint64_t stamp = frame_stamp && mfn < frame_stamp_count
				 ? frame_stamp[mfn]
				 : ~0ULL;
	cpumask_t mask = cpu_online_map;
	unsigned int cpu, n = 0;

	tlb_clock_filter(&mask, stamp, tlb_cpu_flush_time);
	perfc_incr(type_flush);
	for_each_cpu(cpu, &mask)
	{
		perfc_incr(type_flush_cpu);
		if (cpu != smp_processor_id())
			perfc_incr(type_flush_ipi);
		smp_call_function_single(cpu, flush_ipi, NULL, true);
		n++;
	}
	return n;
}
