/* SPDX-License-Identifier: MIT */
/*
 * The hardware side of XEN_MC_physcpuinfo: each online CPU reads its own
 * CPUID and MCG_CAP (a cross-CPU call, as Xen runs its collector on every
 * CPU), then the entries are completed with the booted-core counts.
 * mca-cpuinfo.c turns the raw facts into the ABI record.
 */
#include <asm/apic.h>
#include <asm/cpu-ops.h>
#include <asm/mca.h>
#include <asm/msr-policy.h>

#include <satori/cpumask.h>
#include <satori/smp.h>

#define LEAF1_EDX_MCA (1u << 14)

struct describe_call {
	struct mcinfo_logical_cpu *entry;
	unsigned int cpu;
};

static struct cpuid_regs host_leaf(uint32_t leaf, uint32_t subleaf)
{
	return cpuid_count(leaf, subleaf);
}

/* Runs on the CPU being described. */
static void describe_this_cpu(void *arg)
{
	const struct describe_call *c = arg;
	struct mca_cpu_host host = {
		.leaf = host_leaf,
		.apic_id = cpu_apic_id[c->cpu],
	};

	/* MCG_CAP exists only with MCA (Xen reads it unconditionally). */
	if (cpuid(1).edx & LEAF1_EDX_MCA)
		host.mcg_cap = rdmsr(MSR_IA32_MCG_CAP);
	mca_describe_cpu(c->entry, c->cpu, &host);
}

unsigned int mca_describe_online_cpus(struct mcinfo_logical_cpu *out,
				      unsigned int max)
{
	struct describe_call call;
	unsigned int cpu, n = 0;

	for_each_online_cpu(cpu)
	{
		if (n == max)
			break;
		call.entry = &out[n++];
		call.cpu = cpu;
		smp_call_function_single(cpu, describe_this_cpu, &call, true);
	}
	mca_count_active_cores(out, n);
	return n;
}
