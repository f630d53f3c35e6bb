/* unit-sources: hv/arch/x86/pv/emul-priv-op.c hv/arch/x86/pv/emul-cr-msr.c hv/arch/x86/pv/emul-io.c hv/arch/x86/pv/emul-inv-op.c hv/arch/x86/pv/emul-decode.c hv/arch/x86/msr-policy.c hv/arch/x86/msr-ranges.c hv/arch/x86/cpuid-policy.c hv/arch/x86/xcr0.c */
/* SPDX-License-Identifier: MIT */
/*
 * The PV emulator end to end on a fake vCPU: instruction bytes placed in
 * a fake guest memory, the hardware replaced by recorded fakes. Each test
 * checks the result code, RIP, the registers and the virtual and "real"
 * state afterwards: the soft-interrupt rule, MSRs, control registers,
 * clts/wbinvd/cpuid/hlt, kernel-only enforcement, I/O permission and
 * string I/O, fetch faults, the forced-emulation CPUID (and its OSXSAVE
 * quirk), and xsetbv with the virtual CR4.OSXSAVE.
 */
#include <asm/pv-emul.h>

#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>

#include <asm/cpuid-policy.h>
#include <asm/msr-policy.h>

#include <stdarg.h>
#include <string.h>

#include "../../hv/arch/x86/pv/emul.h"
#include "check.h"

/* ---- Fake guest memory: two pages at GUEST_VA ---- */

#define GUEST_VA 0xffffffff80200000ULL
#define GUEST_LEN 8192u
static uint8_t guest_mem[GUEST_LEN];

static bool guest_ok(uint64_t va, size_t n)
{
	return va >= GUEST_VA && va - GUEST_VA <= GUEST_LEN &&
	       n <= GUEST_LEN - (va - GUEST_VA);
}

int copy_from_guest_raw(void *dst, uint64_t va, size_t n)
{
	if (!guest_ok(va, n))
		return -EFAULT;
	memcpy(dst, guest_mem + (va - GUEST_VA), n);
	return 0;
}

int copy_to_guest_raw(uint64_t va, const void *src, size_t n)
{
	if (!guest_ok(va, n))
		return -EFAULT;
	memcpy(guest_mem + (va - GUEST_VA), src, n);
	return 0;
}

/* ---- Fake hardware ---- */

static uint64_t hw_cr0 = 0x80050033, hw_cr4 = 0x3006a0; /* PAE PGE OSFXSR
							  * OSXMMEXCPT SMEP SMAP */
static bool hw_ts;
static unsigned int hw_wbinvds;
static uint64_t hw_fs = 0x1111, hw_gs = 0x2222, hw_shadow_gs;
static unsigned int port_writes, last_port, last_port_bytes;
static uint32_t last_port_val;
static uint64_t new_baseptr_mfn;
static int new_baseptr_rc = -ENOSYS;
static unsigned int logs;

uint64_t emul_hw_read_cr0(void)
{
	return hw_cr0;
}

uint64_t emul_hw_read_cr4(void)
{
	return hw_cr4;
}

void emul_hw_set_ts(bool ts)
{
	hw_ts = ts;
}

void emul_hw_wbinvd(void)
{
	hw_wbinvds++;
}

uint64_t emul_hw_rdtsc(void)
{
	return 0x123456789abcULL;
}

static bool hw_has_rdtscp = true;

bool emul_hw_read_tsc_aux(uint32_t *aux)
{
	*aux = 7;
	return hw_has_rdtscp;
}

uint64_t emul_hw_read_fs_base(void)
{
	return hw_fs;
}

uint64_t emul_hw_read_gs_base(void)
{
	return hw_gs;
}

uint64_t emul_hw_read_shadow_gs_base(void)
{
	return hw_shadow_gs;
}

static uint32_t hw_tsc_aux;

void emul_hw_write_tsc_aux(uint32_t aux)
{
	hw_tsc_aux = aux;
}

void emul_hw_write_fs_base(uint64_t base)
{
	hw_fs = base;
}

void emul_hw_write_gs_base(uint64_t base)
{
	hw_gs = base;
}

void emul_hw_write_shadow_gs_base(uint64_t base)
{
	hw_shadow_gs = base;
}

/* Real ports answer 0xa5 in every byte. */
uint32_t emul_hw_port_read(unsigned int port, unsigned int bytes)
{
	(void)port;
	return bytes == 4 ? 0xa5a5a5a5u : bytes == 2 ? 0xa5a5u : 0xa5u;
}

void emul_hw_port_write(unsigned int port, unsigned int bytes, uint32_t val)
{
	port_writes++;
	last_port = port;
	last_port_bytes = bytes;
	last_port_val = val;
}

unsigned int emul_hw_read_iobmp(struct vcpu *vc, unsigned int offset,
				uint8_t out[2])
{
	(void)vc;
	(void)offset;
	out[0] = 0xff;
	return 1; /* the second byte unreadable: stays 0xff */
}

/* PCI config and CMOS fakes: remember the latch, answer from it. */
static uint32_t pci_last_cf8, cmos_last_idx, cmos_last_val;

uint32_t emul_hw_pci_conf_read(uint32_t cf8, unsigned int offset,
			       unsigned int bytes)
{
	pci_last_cf8 = cf8;
	return (0x8086u >> (offset * 8)) & (bytes == 4 ? ~0u : 0xffffu);
}

void emul_hw_pci_conf_write(uint32_t cf8, unsigned int offset,
			    unsigned int bytes, uint32_t val)
{
	(void)offset;
	(void)bytes;
	(void)val;
	pci_last_cf8 = cf8;
}

uint8_t emul_hw_cmos_read(unsigned int idx)
{
	cmos_last_idx = idx;
	return 0x42;
}

void emul_hw_cmos_write(unsigned int idx, uint8_t val)
{
	cmos_last_idx = idx;
	cmos_last_val = val;
}

unsigned int emul_hw_uart_io_base(unsigned int index)
{
	return index == 0 ? 0x3f8 : 0;
}

unsigned int emul_hw_pm_timer_port(void)
{
	return 0x608; /* QEMU q35's */
}

/* The vPIT answers port & 0xff ^ 0x5a and records writes in order. */
static unsigned int vpit_writes, vpit_port[4];
static uint8_t vpit_val[4];

uint8_t emul_hw_vpit_read(struct domain *d, unsigned int port)
{
	(void)d;
	return (uint8_t)(port ^ 0x5a);
}

void emul_hw_vpit_write(struct domain *d, unsigned int port, uint8_t val)
{
	(void)d;
	if (vpit_writes < 4) {
		vpit_port[vpit_writes] = port;
		vpit_val[vpit_writes] = val;
	}
	vpit_writes++;
}

static struct cpuid_regs fake_cpuid(uint32_t leaf, uint32_t subleaf)
{
	(void)subleaf;
	if (leaf == 0)
		return (struct cpuid_regs){ 0xd, 0x756e6547, 0x6c65746e,
					    0x49656e69 };
	if (leaf == 1)
		return (struct cpuid_regs){ 0x906ea, 0x01100800, 0x7ffafbff,
					    0xbfebfbff };
	return (struct cpuid_regs){ 0 };
}

/* The XCR0 bits guests may set (0: the host uses no XSAVE). */
static uint64_t fake_xcr0_max;
static uint64_t hw_xcr0 = 3;
static unsigned int hw_xcr0_writes;

uint64_t emul_hw_xcr0_guest_max(void)
{
	return fake_xcr0_max;
}

void emul_hw_set_xcr0(struct vcpu *vc, uint64_t xcr0)
{
	vc->arch.xcr0 = xcr0;
	hw_xcr0 = xcr0;
	hw_xcr0_writes++;
}

void emul_hw_cpuid_host(struct cpuid_policy_host *host)
{
	host->leaf = fake_cpuid;
	host->tsc_khz = 2000000;
	host->max_mfn = 0xfffff;
	host->xcr0_guest_max = fake_xcr0_max;
	host->vcpu_xcr0 = 3;
	host->vcpu_osxsave = false;
}

void emul_hw_msr_host(struct msr_host *host, uint32_t msr)
{
	*host = (struct msr_host){ 0 };
	host->intel = true;
	host->tsc_aux = true;
	host->efer = 0xd01;
	host->misc_enable = 0x850089;
	host->tsc = msr == MSR_IA32_TSC ? 0x123456789abcULL : 0;
}

int pv_emul_new_baseptr(struct vcpu *v, uint64_t mfn)
{
	(void)v;
	new_baseptr_mfn = mfn;
	return new_baseptr_rc;
}

void log_printf(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
	logs++;
}

/* ---- Fixtures ---- */

static struct domain dom0 = { .domain_id = 0,
			      .is_privileged = true,
			      .is_initdomain = true };
static struct domain domu = { .domain_id = 1 };
static struct vcpu v;
static struct cpu_user_regs regs;

#define RIP0 (GUEST_VA + 0x100)

/* A fresh kernel-mode vCPU of @d with @insn at RIP0. */
static void setup(struct domain *d, const char *insn, size_t len)
{
	memset(&v, 0, sizeof(v));
	memset(&regs, 0, sizeof(regs));
	memset(guest_mem, 0xcc, sizeof(guest_mem));
	v.domain = d;
	v.arch.kernel_mode = true;
	v.arch.trap_ctxt[13].address = 0xffffffff81000000ULL;
	memcpy(guest_mem + (RIP0 - GUEST_VA), insn, len);
	regs.rip = RIP0;
	regs.entry_vector = 13;
}

#define SETUP(d, s) setup(d, s, sizeof(s) - 1)

static int gp(void)
{
	return pv_emulate_privileged_op(&v, &regs);
}

static void test_softint(void)
{
	SETUP(&domu, "\xcd\x81");
	v.arch.trap_ctxt[0x81].flags = 3;
	v.arch.trap_ctxt[0x81].address = 0xffffffff81001000ULL;
	regs.error_code = (0x81 << 3) | 2;
	CHECK_EQ(gp(), PV_EMUL_BOUNCE_SOFTINT);
	CHECK_EQ(regs.rip, RIP0 + 2);
	CHECK_EQ(regs.error_code >> 3, 0x81);

	/* int $0x80: any entry will do, whatever its DPL; none: #GP. */
	SETUP(&domu, "\xcd\x80");
	v.arch.kernel_mode = false;
	v.arch.trap_ctxt[0x80].address = 0xffffffff81001000ULL;
	regs.error_code = (0x80 << 3) | 2;
	CHECK_EQ(gp(), PV_EMUL_BOUNCE_SOFTINT);
	CHECK_EQ(regs.rip, RIP0 + 2);
	SETUP(&domu, "\xcd\x80");
	v.arch.trap_ctxt[0x80].flags = 3;
	regs.error_code = (0x80 << 3) | 2;
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP);
	CHECK_EQ(regs.rip, RIP0);

	/* DPL 1: kernel yes, user no. */
	SETUP(&domu, "\xcd\x30");
	v.arch.trap_ctxt[0x30].flags = 1 | 4;
	regs.error_code = (0x30 << 3) | 2;
	CHECK_EQ(gp(), PV_EMUL_BOUNCE_SOFTINT);
	regs.rip = RIP0;
	v.arch.kernel_mode = false;
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP);
	CHECK_EQ(regs.rip, RIP0);
	CHECK_EQ(regs.error_code, (0x30 << 3) | 2);

	/* DPL 0 (the default): #GP even from the kernel. */
	SETUP(&domu, "\xcd\x0e");
	regs.error_code = (14 << 3) | 2;
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP);
	CHECK_EQ(regs.rip, RIP0);

	/* External events and selector error codes are not ours. */
	regs.error_code = (14 << 3) | 3;
	CHECK_EQ(gp(), PV_EMUL_NOT_MINE);
	regs.error_code = 0x28;
	CHECK_EQ(gp(), PV_EMUL_NOT_MINE);
	CHECK_EQ(regs.rip, RIP0);
}

static void test_msr(void)
{
	/* wrmsr GS_BASE: Linux's first privileged instruction. */
	SETUP(&domu, "\x0f\x30");
	regs.rcx = MSR_GS_BASE;
	regs.rax = 0x81c00000;
	regs.rdx = 0xffffffff;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rip, RIP0 + 2);
	CHECK_EQ(v.arch.gs_base_kernel, 0xffffffff81c00000ULL);
	CHECK_EQ(hw_gs, 0xffffffff81c00000ULL);

	/* Upper halves of RAX/RDX are ignored by wrmsr. */
	SETUP(&domu, "\x0f\x30");
	regs.rcx = 0xdead00000000ULL | MSR_SHADOW_GS_BASE;
	regs.rax = 0xffffffff00004000ULL;
	regs.rdx = 0x1234500000000ULL;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(v.arch.gs_base_user, 0x4000);
	CHECK_EQ(hw_shadow_gs, 0x4000);

	/* rdmsr SHADOW_GS_BASE sees the live inactive base. */
	SETUP(&domu, "\x0f\x32");
	hw_shadow_gs = 0x5000;
	regs.rcx = MSR_SHADOW_GS_BASE;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax, 0x5000);
	CHECK_EQ(v.arch.gs_base_user, 0x5000);

	/* rdmsr FS_BASE sees the live base, split into EDX:EAX. */
	SETUP(&domu, "\x0f\x32");
	hw_fs = 0x00007f0012345678ULL;
	regs.rcx = MSR_FS_BASE;
	regs.rax = regs.rdx = ~0ULL;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax, 0x12345678);
	CHECK_EQ(regs.rdx, 0x7f00);
	CHECK_EQ(regs.rip, RIP0 + 2);

	/* Non-canonical base: #GP, nothing changes. */
	SETUP(&domu, "\x0f\x30");
	regs.rcx = MSR_FS_BASE;
	regs.rdx = 0x8000;
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP);
	CHECK_EQ(regs.rip, RIP0);
	CHECK_EQ(hw_fs, 0x00007f0012345678ULL);

	/* Unknown MSR with a #GP handler: #GP; without one: reads 0. */
	SETUP(&domu, "\x0f\x32");
	regs.rcx = 0x1d9;
	regs.rax = regs.rdx = 5;
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP);
	CHECK_EQ(regs.rax, 5);
	CHECK_EQ(regs.rip, RIP0);
	v.arch.trap_ctxt[13].address = 0;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax, 0);
	CHECK_EQ(regs.rdx, 0);
	CHECK_EQ(regs.rip, RIP0 + 2);
	/* ... but an unknown wrmsr is #GP even then. */
	SETUP(&domu, "\x0f\x30");
	v.arch.trap_ctxt[13].address = 0;
	regs.rcx = 0x1d9;
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP);

	/* PAT and EFER through the emulator. */
	SETUP(&domu, "\x0f\x32");
	regs.rcx = MSR_IA32_CR_PAT;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax, 0x00070406);
	CHECK_EQ(regs.rdx, 0x00000501);

	SETUP(&domu, "\x0f\x32");
	regs.rcx = MSR_IA32_TSC;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax, 0x56789abc);
	CHECK_EQ(regs.rdx, 0x1234);

	/* User mode: #GP for any MSR. */
	SETUP(&domu, "\x0f\x32");
	v.arch.kernel_mode = false;
	regs.rcx = MSR_FS_BASE;
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP);
	CHECK_EQ(regs.rip, RIP0);
}

static void test_cr_reads(void)
{
	/* mov %cr0, %r9 with virtual TS set. */
	SETUP(&domu, "\x41\x0f\x20\xc1");
	v.arch.virtual_cr0_ts = true;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.r9, 0x8005003b);
	CHECK_EQ(regs.rip, RIP0 + 4);
	/* ... and clear: TS hidden even if the real one is set. */
	SETUP(&domu, "\x0f\x20\xc0");
	hw_cr0 |= 8;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax, 0x80050033);
	hw_cr0 &= ~8ULL;

	SETUP(&domu, "\x0f\x20\xd2"); /* mov %cr2, %rdx */
	v.arch.cr2 = 0xdeadb000;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rdx, 0xdeadb000);

	SETUP(&domu, "\x0f\x20\xdb"); /* mov %cr3, %rbx */
	v.arch.guest_table = 0x1234;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rbx, 0x1234000);

	SETUP(&domu, "\x0f\x20\xe4"); /* mov %cr4, %rsp */
	v.arch.cr4 = 0x8 | 0x4;	      /* DE, and TSD (not ours to give) */
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rsp, 0x628); /* DE PAE OSFXSR OSXMMEXCPT; no PGE */

	SETUP(&domu, "\x44\x0f\x20\xc0"); /* mov %cr8, %rax */
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP);
	SETUP(&domu, "\x0f\x20\xe8"); /* mov %cr5, %rax */
	CHECK_EQ(gp(), PV_EMUL_INJECT_UD);
	CHECK_EQ(regs.rip, RIP0);
	SETUP(&domu, "\xf0\x0f\x20\xc0");
	CHECK_EQ(gp(), PV_EMUL_INJECT_UD);

	SETUP(&domu, "\x0f\x20\xc0");
	v.arch.kernel_mode = false;
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP);
}

static void test_cr_writes(void)
{
	/* CR0: only TS may change. */
	SETUP(&domu, "\x0f\x22\xc0");
	regs.rax = 0x8005003b;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK(v.arch.virtual_cr0_ts);
	CHECK(hw_ts);
	CHECK_EQ(regs.rip, RIP0 + 3);
	SETUP(&domu, "\x0f\x22\xc0");
	v.arch.virtual_cr0_ts = true;
	regs.rax = 0x80040033; /* clear WP */
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP);
	CHECK(v.arch.virtual_cr0_ts);

	/* clts clears both TS. */
	SETUP(&domu, "\x0f\x06");
	v.arch.virtual_cr0_ts = true;
	hw_ts = true;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK(!v.arch.virtual_cr0_ts);
	CHECK(!hw_ts);
	CHECK_EQ(regs.rip, RIP0 + 2);

	/* CR4: foreign bits dropped without a fault. */
	SETUP(&domu, "\x0f\x22\xe1"); /* mov %rcx, %cr4 */
	regs.rcx = 0x4 | 0x8 | 0x80 | 0x100000 | 0x10000 | 0x40000;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(v.arch.cr4, 0x628); /* DE + visible host bits */

	/* CR3: handed to the MMU hook; its refusal is #GP. */
	SETUP(&domu, "\x0f\x22\xd8");
	regs.rax = 0x5678000;
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP);
	CHECK_EQ(new_baseptr_mfn, 0x5678);
	new_baseptr_rc = 0;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	new_baseptr_rc = -ENOSYS;

	/* CR2 is writable (Xen allows it). */
	SETUP(&domu, "\x0f\x22\xd0");
	regs.rax = 0x1000;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(v.arch.cr2, 0x1000);
}

static void test_misc(void)
{
	unsigned int before = hw_wbinvds;

	SETUP(&domu, "\x0f\x09");
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(hw_wbinvds, before);
	CHECK_EQ(regs.rip, RIP0 + 2);
	SETUP(&dom0, "\x0f\x09");
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(hw_wbinvds, before + 1);

	SETUP(&domu, "\x0f\xa2");
	regs.rax = 0x40000000;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax, 0x40000005);
	CHECK_EQ(regs.rbx, 0x566e6558);
	CHECK_EQ(regs.rip, RIP0 + 2);

	SETUP(&domu, "\x0f\xa2"); /* user mode too */
	v.arch.kernel_mode = false;
	regs.rax = 0x40000001;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax, 0x40011);

	SETUP(&domu, "\x0f\x31");
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax, 0x56789abc);
	CHECK_EQ(regs.rdx, 0x1234);
	SETUP(&domu, "\x0f\x01\xf9");
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rcx, 7);
	CHECK_EQ(regs.rip, RIP0 + 3);
	/* No RDTSCP on the host (reachable by rewriting code under us). */
	SETUP(&domu, "\x0f\x01\xf9");
	hw_has_rdtscp = false;
	CHECK_EQ(gp(), PV_EMUL_INJECT_UD);
	CHECK_EQ(regs.rip, RIP0);
	hw_has_rdtscp = true;

	SETUP(&domu, "\xf4");
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP);
	CHECK_EQ(regs.rip, RIP0);
	SETUP(&domu, "\x90");
	CHECK_EQ(gp(), PV_EMUL_NOT_MINE);
	SETUP(&domu, "\x0f\x09");
	v.arch.kernel_mode = false;
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP);
}

static void test_fetch(void)
{
	/* RIP outside guest memory: the original fault. */
	SETUP(&domu, "");
	regs.rip = 0x1000;
	CHECK_EQ(gp(), PV_EMUL_NOT_MINE);
	/* An instruction cut by the end of mapped memory. */
	SETUP(&domu, "");
	memcpy(guest_mem + GUEST_LEN - 2, "\x0f\x20", 2);
	regs.rip = GUEST_VA + GUEST_LEN - 2;
	CHECK_EQ(gp(), PV_EMUL_NOT_MINE);
	/* But a whole one at the very end is fine (fetch stops at the
	 * page that faults). */
	memcpy(guest_mem + GUEST_LEN - 3, "\x0f\x20\xc0", 3);
	regs.rip = GUEST_VA + GUEST_LEN - 3;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rip, GUEST_VA + GUEST_LEN);
	/* Straddling two mapped pages. */
	SETUP(&domu, "");
	memcpy(guest_mem + 4096 - 1, "\x0f\x32", 2);
	regs.rip = GUEST_VA + 4096 - 1;
	regs.rcx = MSR_IA32_APIC_BASE;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax, 0xfee00900);
}

static void test_io_simple(void)
{
	unsigned int writes = port_writes;

	/* IOPL 0: #GP even in kernel mode. */
	SETUP(&domu, "\xe4\x60");
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP);
	/* IOPL 1, domU: all ones, rest of RAX kept. */
	v.arch.iopl = 1;
	regs.rax = 0x1122334455667700ULL;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax, 0x11223344556677ffULL);
	CHECK_EQ(regs.rip, RIP0 + 2);
	/* 32-bit in zero-extends; 16-bit keeps the upper bits. */
	SETUP(&domu, "\xed");
	v.arch.iopl = 1;
	regs.rax = ~0ULL << 8;
	regs.rdx = 0xffff0cf8;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax, 0xffffffff);
	SETUP(&domu, "\x66\xed");
	v.arch.iopl = 1;
	regs.rax = 0x1234567800000000ULL;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax, 0x123456780000ffffULL);
	CHECK_EQ(regs.rip, RIP0 + 2);
	/* domU writes are dropped. */
	SETUP(&domu, "\xe6\x80");
	v.arch.iopl = 1;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(port_writes, writes);
	/* User mode needs IOPL 3. */
	SETUP(&domu, "\xec");
	v.arch.kernel_mode = false;
	v.arch.iopl = 1;
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP);
	v.arch.iopl = 3;
	CHECK_EQ(gp(), PV_EMUL_DONE);
}

/* cli/sti are skipped when the virtual IOPL allows, as in Xen: they
 * must not mask events, since the guest's popf cannot unmask them (the
 * emulator reaches no vcpu_info: there is no hook to call); else #GP. */
static void test_cli_sti(void)
{
	SETUP(&domu, "\xfa");
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP); /* IOPL 0 */
	CHECK_EQ(regs.rip, RIP0);
	v.arch.iopl = 1;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rip, RIP0 + 1);
	SETUP(&domu, "\xfb");
	v.arch.iopl = 1;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rip, RIP0 + 1);
	/* User mode needs IOPL 3; a LOCK prefix is #UD. */
	SETUP(&domu, "\xfa");
	v.arch.kernel_mode = false;
	v.arch.iopl = 1;
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP);
	v.arch.iopl = 3;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rip, RIP0 + 1);
	SETUP(&domu, "\xf0\xfb");
	v.arch.iopl = 1;
	CHECK_EQ(gp(), PV_EMUL_INJECT_UD);
}

static void test_io_dom0(void)
{
	SETUP(&dom0, "\xe6\x70"); /* CMOS index: the domain's latch */
	v.arch.iopl = 1;
	regs.rax = 0x8b; /* NMI-off bit: kept, ignored */
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(dom0.arch.cmos_idx, 0x8b);
	SETUP(&dom0, "\xe4\x71"); /* CMOS data: mediated */
	v.arch.iopl = 1;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax & 0xff, 0x42);
	CHECK_EQ(cmos_last_idx & 0x7f, 0x0b);
	SETUP(&domu, "\xe4\x71"); /* domU: nothing */
	v.arch.iopl = 1;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax & 0xff, 0xff);
	SETUP(&dom0, "\xef"); /* outl %eax, (%dx) to CF8: the latch */
	v.arch.iopl = 1;
	regs.rdx = 0xcf8;
	regs.rax = 0x80000000;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(dom0.arch.pci_cf8, 0x80000000u);
	SETUP(&dom0, "\x66\xed"); /* inw (%dx), %ax from CFC */
	v.arch.iopl = 1;
	regs.rdx = 0xcfc;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax & 0xffff, 0x8086);
	CHECK_EQ(pci_last_cf8, 0x80000000u);
	dom0.arch.pci_cf8 = 0; /* latch disabled: all ones */
	SETUP(&dom0, "\x66\xed");
	v.arch.iopl = 1;
	regs.rdx = 0xcfc;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax & 0xffff, 0xffff);
	(void)cmos_last_val;
	SETUP(&dom0, "\x66\xef"); /* outw %ax, (%dx) to CF8 */
	v.arch.iopl = 1;
	regs.rdx = 0xcf8;
	regs.rax = 0xabcd1234;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(last_port, 0xcf8);
	CHECK_EQ(last_port_bytes, 2);
	CHECK_EQ(last_port_val, 0x1234);
	/* The hypervisor's ports: PIC, PIT, COM1. */
	SETUP(&dom0, "\xe4\x21");
	v.arch.iopl = 1;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax & 0xff, 0xff);

	CHECK(pv_ioport_permitted(&dom0, 0x1f, 1));
	CHECK(!pv_ioport_permitted(&dom0, 0x1f, 2));
	CHECK(!pv_ioport_permitted(&dom0, 0x43, 1));
	CHECK(pv_ioport_permitted(&dom0, 0x44, 4));
	CHECK(!pv_ioport_permitted(&dom0, 0x3f8, 1));
	CHECK(!pv_ioport_permitted(&dom0, 0x3fc, 4));
	CHECK(pv_ioport_permitted(&dom0, 0x400, 1));
	CHECK(pv_ioport_permitted(&dom0, 0x3f4, 4));
	CHECK(!pv_ioport_permitted(&dom0, 0xcfc, 4));
	CHECK(!pv_ioport_permitted(&dom0, 0x61, 1));
	CHECK(!pv_ioport_permitted(&dom0, 0x70, 1));
	CHECK(pv_ioport_permitted(&dom0, 0x80, 1));
	CHECK(pv_ioport_permitted(&dom0, 0xfffc, 4));
	CHECK(!pv_ioport_permitted(&dom0, 0xfffe, 4));
	CHECK(!pv_ioport_permitted(&domu, 0x80, 1));
}

/* dom0's ports 0x42, 0x43 and 0x61 reach the vPIT byte by byte, the
 * rest of a wider access the hardware (or all ones where denied), as
 * Xen splits it; a domU has no vPIT. The PM timer is denied. */
static void test_io_vpit(void)
{
	SETUP(&dom0, "\xe4\x42"); /* inb $0x42 */
	v.arch.iopl = 1;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax & 0xff, 0x42 ^ 0x5a);
	SETUP(&domu, "\xe4\x42");
	v.arch.iopl = 1;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax & 0xff, 0xff);
	SETUP(&dom0, "\xe4\x40"); /* channel 0: the hypervisor's */
	v.arch.iopl = 1;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax & 0xff, 0xff);
	SETUP(&dom0, "\xed"); /* inl (%dx): 0x40, 0x41 denied, 0x42, 0x43 */
	v.arch.iopl = 1;
	regs.rdx = 0x40;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax, 0x1918ffffu);
	SETUP(&dom0,
	      "\xed"); /* inl 0x60: 0x60 hardware, 0x61 vPIT, 0x62 word */
	v.arch.iopl = 1;
	regs.rdx = 0x60;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax, 0xa5a53ba5u);
	vpit_writes = port_writes = 0;
	SETUP(&dom0, "\x66\xef"); /* outw %ax, 0x42: count byte, control */
	v.arch.iopl = 1;
	regs.rdx = 0x42;
	regs.rax = 0xb0ff;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(vpit_writes, 2);
	CHECK_EQ(vpit_port[0], 0x42);
	CHECK_EQ(vpit_val[0], 0xff);
	CHECK_EQ(vpit_port[1], 0x43);
	CHECK_EQ(vpit_val[1], 0xb0);
	CHECK_EQ(port_writes, 0);
	SETUP(&domu, "\xe6\x61"); /* domU: dropped */
	v.arch.iopl = 1;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(vpit_writes, 2);
	SETUP(&dom0, "\xed"); /* inl 0x608: the PM timer, denied */
	v.arch.iopl = 1;
	regs.rdx = 0x608;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax, 0xffffffffu);
	CHECK(!pv_ioport_permitted(&dom0, 0x60a, 2));
	CHECK(!pv_ioport_permitted(&dom0, 0x606, 4));
	CHECK(pv_ioport_permitted(&dom0, 0x604, 4));
	CHECK(pv_ioport_permitted(&dom0, 0x60c, 1));
}

static void test_io_string(void)
{
	unsigned int writes;

	/* rep insb, domU: four 0xff bytes, RDI forward, RCX 0. */
	SETUP(&domu, "\xf3\x6c");
	v.arch.iopl = 1;
	regs.rdi = GUEST_VA + 0x800;
	regs.rcx = 4;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK(memcmp(guest_mem + 0x800, "\xff\xff\xff\xff\xcc", 5) == 0);
	CHECK_EQ(regs.rdi, GUEST_VA + 0x804);
	CHECK_EQ(regs.rcx, 0);
	CHECK_EQ(regs.rip, RIP0 + 2);

	/* insw backwards (DF=1), no REP. */
	SETUP(&dom0, "\x66\x6d");
	v.arch.iopl = 1;
	regs.rflags = 1u << 10;
	regs.rdi = GUEST_VA + 0x900;
	regs.rdx = 0x1f0;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK(memcmp(guest_mem + 0x900, "\xa5\xa5\xcc", 3) == 0);
	CHECK_EQ(regs.rdi, GUEST_VA + 0x8fe);

	/* rep outsd from %fs:(%rsi), dom0. */
	SETUP(&dom0, "\x64\xf3\x6f");
	v.arch.iopl = 1;
	hw_fs = 0x400;
	memcpy(guest_mem + 0xa00, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	regs.rsi = GUEST_VA + 0x600;
	regs.rcx = 2;
	regs.rdx = 0x500;
	writes = port_writes;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(port_writes, writes + 2);
	CHECK_EQ(last_port_val, 0x08070605);
	CHECK_EQ(regs.rsi, GUEST_VA + 0x608);
	CHECK_EQ(regs.rip, RIP0 + 3);

	/* A huge count is done in batches: RIP stays until RCX is 0. */
	SETUP(&domu, "\xf3\x6e");
	v.arch.iopl = 1;
	regs.rsi = GUEST_VA;
	regs.rcx = 3000;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rip, RIP0);
	CHECK_EQ(regs.rcx, 3000 - 1024);
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rcx, 0);
	CHECK_EQ(regs.rip, RIP0 + 2);
	CHECK_EQ(regs.rsi, GUEST_VA + 3000);

	/* rep with RCX = 0 does nothing. */
	SETUP(&domu, "\xf3\x6c");
	v.arch.iopl = 1;
	regs.rdi = 0x10;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rdi, 0x10);

	/* 32-bit addressing: ECX counts, RDI wraps at 4 GiB. */
	SETUP(&domu, "\x67\xf3\x6c");
	v.arch.iopl = 1;
	regs.rcx = 0xffffffff00000000ULL;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rip, RIP0 + 3);

	/* A fault on the memory operand: #GP, progress kept. */
	SETUP(&domu, "\xf3\x6c");
	v.arch.iopl = 1;
	regs.rdi = GUEST_VA + GUEST_LEN - 2;
	regs.rcx = 4;
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP);
	CHECK_EQ(regs.rcx, 2);
	CHECK_EQ(regs.rdi, GUEST_VA + GUEST_LEN);
	CHECK_EQ(regs.rip, RIP0);
}

static void test_forced_cpuid(void)
{
	SETUP(&domu, "\x0f\x0bxen\x0f\xa2");
	regs.rax = 1;
	regs.entry_vector = 6;
	CHECK_EQ(pv_emulate_invalid_op(&v, &regs), PV_EMUL_DONE);
	CHECK_EQ(regs.rip, RIP0 + 7);
	CHECK_EQ(regs.rax, 0x906ea);
	CHECK_EQ(regs.rbx, 0x00100800);
	CHECK_EQ(regs.rcx, 0xc2d82203); /* hidden bits off, HV on */
	CHECK_EQ(regs.rdx, 0x1f89cbf5); /* MCE, MCA shown (Xen: "A") */

	SETUP(&domu, "\x0f\x0bxen\x0f\xa2");
	regs.rax = 0x40000001;
	v.arch.kernel_mode = false; /* user mode may use it too */
	CHECK_EQ(pv_emulate_invalid_op(&v, &regs), PV_EMUL_DONE);
	CHECK_EQ(regs.rax, 0x40011);

	SETUP(&domu, "\x0f\x0bxem\x0f\xa2");
	CHECK_EQ(pv_emulate_invalid_op(&v, &regs), PV_EMUL_NOT_MINE);
	CHECK_EQ(regs.rip, RIP0);
	SETUP(&domu, "\x0f\x0b");
	regs.rip = GUEST_VA + GUEST_LEN - 2;
	memcpy(guest_mem + GUEST_LEN - 2, "\x0f\x0b", 2);
	CHECK_EQ(pv_emulate_invalid_op(&v, &regs), PV_EMUL_NOT_MINE);
}

#define CR4_OSXSAVE (1ULL << 18)

/* xsetbv (0f 01 d1): #UD without the virtual CR4.OSXSAVE (even in user
 * mode), then #GP outside the kernel or for a value Xen refuses. */
static void xsetbv_case(uint32_t ecx, uint64_t rax, uint64_t rdx, int want)
{
	unsigned int writes = hw_xcr0_writes;

	SETUP(&domu, "\x0f\x01\xd1");
	v.arch.cr4 = CR4_OSXSAVE;
	regs.rcx = ecx;
	regs.rax = rax;
	regs.rdx = rdx;
	CHECK_EQ(gp(), want);
	CHECK_EQ(regs.rip, want == PV_EMUL_DONE ? RIP0 + 3 : RIP0);
	CHECK_EQ(hw_xcr0_writes, writes + (want == PV_EMUL_DONE));
}

static void test_xsetbv(void)
{
	fake_xcr0_max = 7;
	xsetbv_case(0, 7, 0, PV_EMUL_DONE);
	CHECK_EQ(v.arch.xcr0, 7);
	CHECK_EQ(hw_xcr0, 7);
	xsetbv_case(0, 0xffffffff00000003ULL, 0xffffffff00000000ULL,
		    PV_EMUL_DONE); /* only EDX:EAX count */
	CHECK_EQ(hw_xcr0, 3);
	xsetbv_case(0, 1, 0, PV_EMUL_DONE);
	xsetbv_case(0, 0, 0, PV_EMUL_INJECT_GP);
	xsetbv_case(0, 2, 0, PV_EMUL_INJECT_GP);
	xsetbv_case(0, 5, 0, PV_EMUL_INJECT_GP);
	xsetbv_case(0, 0x207, 0, PV_EMUL_INJECT_GP);
	xsetbv_case(0, 7, 1, PV_EMUL_INJECT_GP);
	xsetbv_case(1, 7, 0, PV_EMUL_INJECT_GP);
	CHECK_EQ(hw_xcr0, 1);

	SETUP(&domu, "\x0f\x01\xd1"); /* CR4.OSXSAVE clear: #UD */
	regs.rax = 7;
	CHECK_EQ(gp(), PV_EMUL_INJECT_UD);
	v.arch.kernel_mode = false;
	CHECK_EQ(gp(), PV_EMUL_INJECT_UD);
	v.arch.cr4 = CR4_OSXSAVE; /* user mode: #GP */
	CHECK_EQ(gp(), PV_EMUL_INJECT_GP);
	CHECK_EQ(regs.rip, RIP0);

	SETUP(&domu, "\x66\x0f\x01\xd1");
	v.arch.cr4 = CR4_OSXSAVE;
	regs.rax = 7;
	CHECK_EQ(gp(), PV_EMUL_INJECT_UD);
	SETUP(&domu, "\xf3\x0f\x01\xd1");
	CHECK_EQ(gp(), PV_EMUL_INJECT_UD);
	SETUP(&domu, "\xf0\x0f\x01\xd1");
	CHECK_EQ(gp(), PV_EMUL_INJECT_UD);
	fake_xcr0_max = 0;
}

/* The virtual CR4.OSXSAVE: the guest's, if the hypervisor has it. */
static void test_cr4_osxsave(void)
{
	SETUP(&domu, "\x0f\x22\xe1"); /* mov %rcx, %cr4 */
	regs.rcx = 0x628 | CR4_OSXSAVE;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(v.arch.cr4, 0x628); /* no XSAVE on this host */
	hw_cr4 |= CR4_OSXSAVE;
	SETUP(&domu, "\x0f\x22\xe1");
	regs.rcx = 0x628 | CR4_OSXSAVE;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(v.arch.cr4, 0x628 | CR4_OSXSAVE);
	SETUP(&domu, "\x0f\x20\xe0"); /* mov %cr4, %rax: not the host's */
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rax, 0x628 & ~0x8ULL);
	hw_cr4 &= ~CR4_OSXSAVE;
}

/* Xen's quirk: the kernel's forced CPUID shows OSXSAVE once XSAVE is
 * offered; user mode and faulted CPUID show the virtual CR4's bit. */
static void test_cpuid_osxsave(void)
{
	fake_xcr0_max = 7;
	SETUP(&domu, "\x0f\x0bxen\x0f\xa2");
	regs.rax = 1;
	regs.entry_vector = 6;
	CHECK_EQ(pv_emulate_invalid_op(&v, &regs), PV_EMUL_DONE);
	CHECK_EQ(regs.rcx, 0xfed83203); /* Xen 4.17 on QEMU's max CPU */
	SETUP(&domu, "\x0f\x0bxen\x0f\xa2");
	regs.rax = 1;
	v.arch.kernel_mode = false;
	CHECK_EQ(pv_emulate_invalid_op(&v, &regs), PV_EMUL_DONE);
	CHECK_EQ(regs.rcx, 0xf6d83203);
	SETUP(&domu, "\x0f\x0bxen\x0f\xa2");
	regs.rax = 1;
	v.arch.kernel_mode = false;
	v.arch.cr4 = CR4_OSXSAVE;
	CHECK_EQ(pv_emulate_invalid_op(&v, &regs), PV_EMUL_DONE);
	CHECK_EQ(regs.rcx, 0xfed83203);
	SETUP(&domu, "\x0f\xa2"); /* faulted CPUID in the kernel */
	regs.rax = 1;
	CHECK_EQ(gp(), PV_EMUL_DONE);
	CHECK_EQ(regs.rcx, 0xf6d83203);
	fake_xcr0_max = 0;
}

int main(void)
{
	test_softint();
	test_msr();
	test_cr_reads();
	test_cr_writes();
	test_misc();
	test_fetch();
	test_io_simple();
	test_cli_sti();
	test_io_dom0();
	test_io_vpit();
	test_io_string();
	test_forced_cpuid();
	test_xsetbv();
	test_cr4_osxsave();
	test_cpuid_osxsave();
	return check_summary("test-emul-priv-op");
}
