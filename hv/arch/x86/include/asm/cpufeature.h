/* SPDX-License-Identifier: MIT */
/*
 * CPU features satori cares about, read from CPUID once on the boot CPU by
 * cpu_features_init() and constant afterwards. Secondary CPUs are assumed
 * to match the boot CPU (as on every machine we target).
 */
#ifndef ASM_X86_CPUFEATURE_H
#define ASM_X86_CPUFEATURE_H

#include <satori/types.h>

struct cpu_features {
	bool nx;	   /* CPUID 0x80000001 EDX.20: EFER.NXE, _PAGE_NX. */
	bool pdpe1gb;	   /* CPUID 0x80000001 EDX.26: 1 GiB pages. */
	bool smep;	   /* CPUID 7.0 EBX.7 */
	bool smap;	   /* CPUID 7.0 EBX.20 */
	bool pge;	   /* CPUID 1 EDX.13: global pages. */
	bool invpcid;	   /* CPUID 7.0 EBX.10 */
	bool fsgsbase;	   /* CPUID 7.0 EBX.0 */
	bool x2apic;	   /* CPUID 1 ECX.21 */
	bool tsc_deadline; /* CPUID 1 ECX.24 */
	bool rdtscp;	   /* CPUID 0x80000001 EDX.27 */
	bool rdpid;	   /* CPUID 7.0 ECX.22 */
	uint8_t phys_addr_bits; /* CPUID 0x80000008 EAX[7:0] */
	uint8_t virt_addr_bits; /* CPUID 0x80000008 EAX[15:8] */
};

extern struct cpu_features boot_cpu_features;

#define cpu_has_nx (boot_cpu_features.nx)
#define cpu_has_pdpe1gb (boot_cpu_features.pdpe1gb)
#define cpu_has_smep (boot_cpu_features.smep)
#define cpu_has_smap (boot_cpu_features.smap)
#define cpu_has_pge (boot_cpu_features.pge)
#define cpu_has_invpcid (boot_cpu_features.invpcid)
#define cpu_has_fsgsbase (boot_cpu_features.fsgsbase)
#define cpu_has_x2apic (boot_cpu_features.x2apic)
#define cpu_has_tsc_deadline (boot_cpu_features.tsc_deadline)
/* MSR_TSC_AUX exists (read by RDTSCP and RDPID). */
#define cpu_has_tsc_aux (boot_cpu_features.rdtscp || boot_cpu_features.rdpid)

/* Fill boot_cpu_features from CPUID; call first thing on the boot CPU. */
void cpu_features_init(void);

#endif
