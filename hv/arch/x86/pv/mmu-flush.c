/* SPDX-License-Identifier: MIT */
/*
 * TLB flushes a PV guest asks for (update_va_mapping's flags, and the
 * mmuext TLB operations): the physical CPUs that may hold the guest's
 * translations, a guest vCPU bitmap turned into physical CPUs, and a full
 * or single-address flush on a set of CPUs. A CPU that switched away
 * from a vCPU wrote CR3 (a full flush with CR4.PGE clear), so only CPUs
 * running one of the domain's vCPUs right now can hold its entries.
 */
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/perfc.h>
#include <satori/smp.h>

#include <asm/cpu-ops.h>
#include <asm/pv-mm.h>
#include <asm/tlb-clock.h>

void pv_domain_cpus(const struct domain *d, cpumask_t *mask)
{
	*mask = (cpumask_t){ { 0 } };
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		const struct vcpu *v = d->vcpus[i];

		if (v && __atomic_load_n(&v->is_running, __ATOMIC_ACQUIRE))
			cpumask_set(v->processor, mask);
	}
}

int pv_vcpumask_to_pcpus(const struct domain *d, uint64_t bitmap_va,
			 cpumask_t *mask)
{
	uint64_t word = 0;

	*mask = (cpumask_t){ { 0 } };
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		const struct vcpu *v = d->vcpus[i];

		if (i % 64 == 0 &&
		    copy_from_guest_raw(&word,
					bitmap_va + (uint64_t)(i / 64) * 8,
					sizeof(word)))
			return -EFAULT;
		if (!((word >> (i % 64)) & 1) || !v)
			continue;
		if (__atomic_load_n(&v->is_running, __ATOMIC_ACQUIRE))
			cpumask_set(v->processor, mask);
	}
	return 0;
}

struct flush_req {
	uint64_t va;
	bool one;
};

static void flush_one_cpu(void *data)
{
	const struct flush_req *r = data;

	if (r->one)
		perfc_incr(guest_flush_one);
	else
		perfc_incr(guest_flush_full);
	if (r->one)
		invlpg((const void *)r->va);
	else
		tlb_clock_flush_local();
}

void pv_flush_tlb_mask(const cpumask_t *mask, uint64_t va, bool one)
{
	struct flush_req r = { va, one };
	unsigned int cpu;

	/* Waiting: @r on this stack outlives every call. */
	for_each_cpu(cpu, mask)
	{
		if (cpu != smp_processor_id())
			perfc_incr(guest_flush_ipi);
		smp_call_function_single(cpu, flush_one_cpu, &r, true);
	}
}
