/* SPDX-License-Identifier: MIT */
/*
 * The TLB subops of mmuext_op. satori runs guests with CR4.PGE clear and
 * every context switch writes CR3, so a vCPU that is not on a CPU holds
 * no translations: only the CPUs that currently run the chosen vCPUs need
 * a flush (Xen's dirty-CPU mask, which for us is "where they run").
 */
#include <satori/cpumask.h>
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/perfc.h>
#include <satori/smp.h>

#include <asm/cpu-ops.h>

#include "mmuext.h"

/* What one CPU is asked to flush. */
struct flush_req {
	bool one;
	uint64_t va;
};

/* Only guest addresses are flushed one by one (Xen ignores others). */
static bool guest_va(uint64_t va)
{
	return guest_range_ok(va, 1);
}

void pv_flush_local(bool one, uint64_t va)
{
	if (one)
		perfc_incr(guest_flush_one);
	else
		perfc_incr(guest_flush_full);
	if (!one)
		flush_tlb_local();
	else if (guest_va(va))
		invlpg((const void *)va);
}

static void flush_on_cpu(void *data)
{
	const struct flush_req *r = data;

	pv_flush_local(r->one, r->va);
}

/* Add the CPU vCPU @id of @d runs on (if it runs) to @m. */
static void mark_vcpu(const struct domain *d, unsigned int id, cpumask_t *m)
{
	const struct vcpu *v = id < d->max_vcpus ? d->vcpus[id] : NULL;

	if (v && __atomic_load_n(&v->is_running, __ATOMIC_ACQUIRE))
		cpumask_set(v->processor, m);
}

/* The guest's vCPU bitmap, one 64-bit word at a time, as Xen reads it:
 * only the words that cover max_vcpus. */
static int read_vcpumask(const struct domain *d, uint64_t ptr, cpumask_t *m)
{
	for (unsigned int w = 0; w * 64 < d->max_vcpus; w++) {
		uint64_t word;

		if (copy_from_guest_raw(&word, ptr + w * 8ull, sizeof(word)))
			return -EFAULT;
		for (unsigned int b = 0; b < 64; b++)
			if (word & (1ull << b))
				mark_vcpu(d, w * 64 + b, m);
	}
	return 0;
}

int pv_flush_vcpus(struct domain *d, bool all, uint64_t vcpumask, bool one,
		   uint64_t va)
{
	struct flush_req r = { .one = one, .va = va };
	cpumask_t m = { 0 };
	unsigned int cpu, self = smp_processor_id();

	if (all) {
		for (unsigned int i = 0; i < d->max_vcpus; i++)
			mark_vcpu(d, i, &m);
	} else if (read_vcpumask(d, vcpumask, &m)) {
		return -EINVAL;
	}
	if (one && !guest_va(va))
		return 0;
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!cpumask_test(cpu, &m))
			continue;
		if (cpu == self)
			pv_flush_local(one, va);
		else {
			perfc_incr(guest_flush_ipi);
			smp_call_function_single(cpu, flush_on_cpu, &r, true);
		}
	}
	return 0;
}
