/* SPDX-License-Identifier: MIT */
/*
 * The machine side of the PV instruction emulator: the few control
 * registers, MSRs, ports and host facts the handlers need. Kept apart so
 * that the emulator proper is pure logic the host unit tests can drive
 * with fakes of these functions.
 *
 * Segment bases: while a PV vCPU runs, the MSRs are the truth (the
 * context switch saves them into struct arch_vcpu only when it
 * deschedules): MSR_FS_BASE is its FS base, MSR_GS_BASE its active GS
 * base and MSR_SHADOW_GS_BASE the inactive one. The emulator runs only in
 * guest kernel mode, so active = kernel and shadow = user. The hypervisor
 * itself uses no GS base.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/ns16550.h>
#include <satori/page-info.h>
#include <satori/spinlock.h>
#include <satori/time.h>

#include <asm/acpi.h>
#include <asm/cpu-ops.h>
#include <asm/cpufeature.h>
#include <asm/cpuid-policy.h>
#include <asm/guest-msi.h>
#include <asm/msr-policy.h>
#include <asm/pci-conf.h>
#include <asm/pv.h>
#include <asm/time.h>
#include <asm/vpit.h>
#include <asm/xstate.h>

#include "emul.h"
#include "pv.h"

#define X86_CR0_TS (1ULL << 3)
#define CPUID_VENDOR_INTEL_EBX 0x756e6547 /* "Genu" */
#define CPUID_VENDOR_AMD_EBX 0x68747541	  /* "Auth" */
#define CPUID_VENDOR_HYGON_EBX 0x6f677948 /* "Hygo" */

uint64_t emul_hw_read_cr0(void)
{
	return read_cr0();
}

uint64_t emul_hw_read_cr4(void)
{
	return read_cr4();
}

void emul_hw_set_ts(bool ts)
{
	uint64_t cr0 = read_cr0();

	if (!!(cr0 & X86_CR0_TS) != ts)
		write_cr0(ts ? cr0 | X86_CR0_TS : cr0 & ~X86_CR0_TS);
}

void emul_hw_wbinvd(void)
{
	wbinvd();
}

uint64_t emul_hw_rdtsc(void)
{
	return rdtsc();
}

bool emul_hw_read_tsc_aux(uint32_t *aux)
{
	if (cpuid(0x80000000).eax < 0x80000001 ||
	    !(cpuid(0x80000001).edx & (1u << 27)))
		return false;
	*aux = (uint32_t)rdmsr(MSR_TSC_AUX);
	return true;
}

uint64_t emul_hw_read_fs_base(void)
{
	return rdmsr(MSR_FS_BASE);
}

uint64_t emul_hw_read_gs_base(void)
{
	return rdmsr(MSR_GS_BASE);
}

uint64_t emul_hw_read_shadow_gs_base(void)
{
	return rdmsr(MSR_SHADOW_GS_BASE);
}

void emul_hw_write_tsc_aux(uint32_t aux)
{
	wrmsr(MSR_TSC_AUX, aux);
}

void emul_hw_write_fs_base(uint64_t base)
{
	wrmsr(MSR_FS_BASE, base);
}

void emul_hw_write_gs_base(uint64_t base)
{
	wrmsr(MSR_GS_BASE, base);
}

void emul_hw_write_shadow_gs_base(uint64_t base)
{
	wrmsr(MSR_SHADOW_GS_BASE, base);
}

uint32_t emul_hw_port_read(unsigned int port, unsigned int bytes)
{
	if (bytes == 1)
		return inb((uint16_t)port);
	if (bytes == 2)
		return inw((uint16_t)port);
	return inl((uint16_t)port);
}

void emul_hw_port_write(unsigned int port, unsigned int bytes, uint32_t val)
{
	if (bytes == 1)
		outb((uint16_t)port, (uint8_t)val);
	else if (bytes == 2)
		outw((uint16_t)port, (uint16_t)val);
	else
		outl((uint16_t)port, val);
}

/* The CMOS index/data pair is one shared latch: one lock for it. The PCI
 * latch has its own, shared with the hypervisor's config reads. */
static DEFINE_SPINLOCK(index_port_lock);

uint32_t emul_hw_pci_conf_read(uint32_t cf8, unsigned int offset,
			       unsigned int bytes)
{
	return pci_cf8_read(cf8, offset, bytes);
}

void emul_hw_pci_conf_write(uint32_t cf8, unsigned int offset,
			    unsigned int bytes, uint32_t val)
{
	/* Through the MSI filter (asm/guest-msi.h). */
	guest_msi_conf_write(cf8, offset, bytes, val);
}

uint8_t emul_hw_cmos_read(unsigned int idx)
{
	uint64_t flags;
	uint8_t val;

	flags = spin_lock_irqsave(&index_port_lock);
	outb(0x70, (uint8_t)(idx & 0x7f));
	val = inb(0x71);
	spin_unlock_irqrestore(&index_port_lock, flags);
	return val;
}

void emul_hw_cmos_write(unsigned int idx, uint8_t val)
{
	uint64_t flags;

	flags = spin_lock_irqsave(&index_port_lock);
	outb(0x70, (uint8_t)(idx & 0x7f));
	outb(0x71, val);
	spin_unlock_irqrestore(&index_port_lock, flags);
}

unsigned int emul_hw_read_iobmp(struct vcpu *v, unsigned int offset,
				uint8_t out[2])
{
	bool user = !v->arch.kernel_mode;
	unsigned int n;

	if (user)
		pv_toggle_guest_mode(v);
	for (n = 0; n < 2; n++)
		if (copy_from_guest_raw(&out[n], v->arch.iobmp + offset + n, 1))
			break;
	if (user)
		pv_toggle_guest_mode(v);
	return n;
}

unsigned int emul_hw_uart_io_base(unsigned int index)
{
	const struct uart_config *cfg = ns16550_config(index);

	return cfg ? cfg->io_base : 0;
}

unsigned int emul_hw_pm_timer_port(void)
{
	return acpi_pm_timer_port;
}

/* Take @d's vPIT lock and read the time under it, so that accesses from
 * several vCPUs reach the vPIT in time order; reset it on its first
 * use. */
static struct vpit *vpit_lock(struct domain *d, uint64_t *now)
{
	spin_lock(&d->arch.vpit_lock);
	*now = now_ns();
	if (!d->arch.vpit.initialised)
		vpit_reset(&d->arch.vpit, *now);
	return &d->arch.vpit;
}

uint8_t emul_hw_vpit_read(struct domain *d, unsigned int port)
{
	uint64_t now;
	struct vpit *p = vpit_lock(d, &now);
	uint8_t val = vpit_read(p, port, now);

	spin_unlock(&d->arch.vpit_lock);
	return val;
}

void emul_hw_vpit_write(struct domain *d, unsigned int port, uint8_t val)
{
	uint64_t now;
	struct vpit *p = vpit_lock(d, &now);

	vpit_write(p, port, val, now);
	spin_unlock(&d->arch.vpit_lock);
}

uint64_t emul_hw_xcr0_guest_max(void)
{
	return xstate_guest_xcr0_max();
}

void emul_hw_set_xcr0(struct vcpu *v, uint64_t xcr0)
{
	xstate_set_xcr0(v, xcr0);
}

static struct cpuid_regs host_cpuid(uint32_t leaf, uint32_t subleaf)
{
	return cpuid_count(leaf, subleaf);
}

void emul_hw_cpuid_host(struct cpuid_policy_host *host)
{
	host->leaf = host_cpuid;
	host->tsc_khz = tsc_khz;
	host->max_mfn = max_page ? max_page - 1 : 0;
	host->xcr0_guest_max = xstate_guest_xcr0_max();
	host->vcpu_xcr0 = XSTATE_FP_SSE;
	host->vcpu_osxsave = false;
}

void emul_hw_msr_host(struct msr_host *host, uint32_t msr)
{
	uint32_t vendor = cpuid(0).ebx;

	host->intel = vendor == CPUID_VENDOR_INTEL_EBX;
	host->hygon = vendor == CPUID_VENDOR_HYGON_EBX;
	host->amd = vendor == CPUID_VENDOR_AMD_EBX || host->hygon;
	host->tsc_aux = cpu_has_tsc_aux;
	host->ucode_rev = msr == MSR_UCODE_REV && (host->intel || host->amd)
				  ? rdmsr(MSR_UCODE_REV)
				  : 0;
	host->efer = rdmsr(MSR_EFER);
	/* Read only when asked for: not every Intel-branded (virtual) CPU
	 * has it, and a fault here would be the hypervisor's. */
	host->misc_enable = host->intel && msr == MSR_IA32_MISC_ENABLE
				    ? rdmsr(MSR_IA32_MISC_ENABLE)
				    : 0;
	host->tsc = msr == MSR_IA32_TSC ? rdtsc() : 0;
}

/* Until the MMU work provides NEW_BASEPTR, CR3 writes are refused. */
__attribute__((weak)) int pv_emul_new_baseptr(struct vcpu *v, uint64_t mfn)
{
	(void)v;
	(void)mfn;
	return -ENOSYS;
}
