/* SPDX-License-Identifier: MIT */
/*
 * Reads the boot CPU's CPUID leaves once into boot_cpu_features, so that
 * the rest of the hypervisor tests cpu_has_* flags instead of issuing
 * CPUID (which is slow, and traps when we are nested under another
 * hypervisor).
 */
#include <asm/cpufeature.h>
#include <asm/cpu-ops.h>

struct cpu_features boot_cpu_features;

static bool bit(uint32_t reg, unsigned int n)
{
	return (reg >> n) & 1;
}

void cpu_features_init(void)
{
	struct cpu_features *f = &boot_cpu_features;
	uint32_t max_std = cpuid(0).eax;
	uint32_t max_ext = cpuid(0x80000000).eax;
	struct cpuid_regs r;

	r = cpuid(1);
	f->pge = bit(r.edx, 13);
	f->x2apic = bit(r.ecx, 21);
	f->tsc_deadline = bit(r.ecx, 24);
	if (max_std >= 7) {
		r = cpuid_count(7, 0);
		f->fsgsbase = bit(r.ebx, 0);
		f->smep = bit(r.ebx, 7);
		f->invpcid = bit(r.ebx, 10);
		f->smap = bit(r.ebx, 20);
		f->rdpid = bit(r.ecx, 22);
	}
	if (max_ext >= 0x80000001) {
		r = cpuid(0x80000001);
		f->nx = bit(r.edx, 20);
		f->pdpe1gb = bit(r.edx, 26);
		f->rdtscp = bit(r.edx, 27);
	}
	/* Without leaf 0x80000008 the architectural minimum is 36/48. */
	f->phys_addr_bits = 36;
	f->virt_addr_bits = 48;
	if (max_ext >= 0x80000008) {
		r = cpuid(0x80000008);
		f->phys_addr_bits = r.eax & 0xff;
		f->virt_addr_bits = (r.eax >> 8) & 0xff;
	}
}
