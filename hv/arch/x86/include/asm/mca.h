/* SPDX-License-Identifier: MIT */
/*
 * The machine-check interface for dom0 (the mca hypercall, pv/mca.c) and
 * the pure description of a physical CPU it hands out (mca-cpuinfo.c,
 * host-tested in test-mca-cpuinfo). satori collects no machine-check
 * telemetry and handles no #MC, so fetch always finds nothing and
 * injection is refused.
 */
#ifndef ASM_X86_MCA_H
#define ASM_X86_MCA_H

#include <satori/types.h>

#include <asm/cpu-ops.h>

#include <public/arch-x86/xen-mca.h>

/* Xen's X86_VENDOR_* bits as mc_vendor carries them. */
#define MCA_VENDOR_INTEL (1u << 0)
#define MCA_VENDOR_AMD (1u << 1)
#define MCA_VENDOR_CENTAUR (1u << 2)
#define MCA_VENDOR_SHANGHAI (1u << 3)
#define MCA_VENDOR_HYGON (1u << 4)

/* The facts about one CPU, gathered on that CPU. */
struct mca_cpu_host {
	/* That CPU's raw CPUID (the instruction, or a test's table). */
	struct cpuid_regs (*leaf)(uint32_t leaf, uint32_t subleaf);
	uint32_t apic_id; /* its local APIC ID */
	uint64_t mcg_cap; /* its MCG_CAP; 0 when CPUID shows no MCA */
};

/*
 * Describe CPU @cpu in @out as Xen 4.17's XEN_MC_physcpuinfo does: its
 * number and APIC ID, topology (chip, core, thread, cores per chip,
 * threads per core, derived from CPUID as Xen's CPU identification
 * does), CPUID level, vendor, family, model, stepping, brand string,
 * cache size and alignment, the feature words in Xen's order (leaf 1
 * EDX, ECX; 0x80000001 EDX, ECX; 0xd.1 EAX; 7.0 EBX, ECX, raw: Xen also
 * drops bits it does not know) and MCG_CAP as the only MSR (no PPIN).
 * mc_ncores_active is left to mca_count_active_cores(). Pure.
 */
void mca_describe_cpu(struct mcinfo_logical_cpu *out, unsigned int cpu,
		      const struct mca_cpu_host *host);

/* Set mc_ncores_active of each of the @n entries: how many distinct
 * cores of its chip the entries include (1 for a single-core chip), as
 * Xen counts booted cores. Pure. */
void mca_count_active_cores(struct mcinfo_logical_cpu *cpus, unsigned int n);

/*
 * Describe every online CPU into @out (room for @max entries, in CPU
 * order), each read on the CPU itself (cross-CPU calls: interrupts must
 * be enabled). Returns the number of entries written (mca-hw.c).
 */
unsigned int mca_describe_online_cpus(struct mcinfo_logical_cpu *out,
				      unsigned int max);

#endif
