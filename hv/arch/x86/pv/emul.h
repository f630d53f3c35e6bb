/* SPDX-License-Identifier: MIT */
/*
 * Private to the PV instruction emulator: the decoder's output, the
 * per-instruction handlers, and the few hardware operations they need.
 *
 * The decoder and the handlers are pure logic over a struct vcpu and a
 * register frame; everything that touches the real machine (control
 * registers, MSRs, I/O ports, host CPUID) goes through the emul_hw_*
 * functions in emul-hw.c, which the host unit tests replace with fakes.
 */
#ifndef SATORI_PV_EMUL_H
#define SATORI_PV_EMUL_H

#include <satori/types.h>

#include <asm/pv-emul.h>
#include <asm/regs.h>

struct vcpu;
struct domain;

#define EMUL_MAX_INSN_LEN 15

enum emul_op {
	EMUL_OP_RDMSR,
	EMUL_OP_WRMSR,
	EMUL_OP_MOV_FROM_CR,
	EMUL_OP_MOV_TO_CR,
	EMUL_OP_CLTS,
	EMUL_OP_WBINVD,
	EMUL_OP_CPUID,
	EMUL_OP_RDTSC,
	EMUL_OP_RDTSCP,
	EMUL_OP_HLT,
	EMUL_OP_IN,	/* in al/ax/eax, imm8 or dx */
	EMUL_OP_OUT,	/* out imm8 or dx, al/ax/eax */
	EMUL_OP_INS,	/* ins[bwd] (%dx) -> es:(%rdi) */
	EMUL_OP_OUTS,	/* outs[bwd] seg:(%rsi) -> (%dx) */
	EMUL_OP_CLI,	/* cli: masks event upcalls, given the virtual IOPL */
	EMUL_OP_STI,	/* sti: unmasks event upcalls, given the virtual IOPL */
	EMUL_OP_XSETBV, /* xsetbv: XCR[ecx] = edx:eax, validated */
};

/* Segment override prefixes (only FS and GS change an address in 64-bit
 * mode; the others are remembered and ignored, as the hardware does). */
enum emul_seg {
	EMUL_SEG_NONE,
	EMUL_SEG_ES,
	EMUL_SEG_CS,
	EMUL_SEG_SS,
	EMUL_SEG_DS,
	EMUL_SEG_FS,
	EMUL_SEG_GS,
};

struct emul_insn {
	enum emul_op op;
	uint8_t len;	   /* Bytes, prefixes included. */
	bool lock;	   /* F0 */
	bool rep;	   /* F3 or F2 (string I/O treats both as REP) */
	bool opsize16;	   /* 66 */
	bool addr32;	   /* 67 */
	enum emul_seg seg; /* Last segment override. */
	uint8_t rex;	   /* The REX byte in effect (0: none). */
	uint8_t cr;	   /* mov cr: ModRM.reg + REX.R */
	uint8_t gpr;	   /* mov cr: ModRM.rm + REX.B */
	bool port_in_dx;   /* I/O: port from DX rather than imm8. */
	uint8_t port_imm;  /* I/O: the imm8 port. */
	uint8_t io_bytes;  /* I/O: 1, 2 or 4. */
};

enum emul_decode_status {
	EMUL_DECODE_OK,
	EMUL_DECODE_TRUNCATED, /* Needs more bytes than were fetched. */
	EMUL_DECODE_UNKNOWN,   /* Not an instruction we emulate. */
	EMUL_DECODE_UD,	       /* Hardware would raise #UD (LOCK, bad CR). */
	EMUL_DECODE_GP,	       /* Longer than 15 bytes: #GP(0). */
};

/*
 * Decode the 64-bit-mode instruction in @bytes[0..@len) (@len <= 15 valid
 * bytes fetched from the guest RIP). Pure. @return the status; @insn is
 * filled only for EMUL_DECODE_OK.
 */
enum emul_decode_status emul_decode(const uint8_t *bytes, unsigned int len,
				    struct emul_insn *insn);

/*
 * The guest register numbered @n (0 RAX ... 15 R15, the ModRM/REX
 * numbering) in @regs.
 */
uint64_t *emul_gpr(struct cpu_user_regs *regs, unsigned int n);

/* Handlers: each returns a PV_EMUL_* result and, for PV_EMUL_DONE, has
 * updated the registers but not RIP (the caller advances it), or
 * EMUL_RESTART: registers updated, RIP stays on the instruction so the
 * guest runs it again (a REP string cut short to bound our time). */
#define EMUL_RESTART 0x100
int emul_op_msr(struct vcpu *v, struct cpu_user_regs *regs, bool write);
int emul_op_cr(struct vcpu *v, struct cpu_user_regs *regs,
	       const struct emul_insn *insn);
int emul_op_io(struct vcpu *v, struct cpu_user_regs *regs,
	       const struct emul_insn *insn);
/* xsetbv in either guest mode (Xen's order: #UD without the virtual
 * CR4.OSXSAVE, then #GP outside kernel mode or for a refused value). */
int emul_op_xsetbv(struct vcpu *v, struct cpu_user_regs *regs);

/*
 * The virtual CR4 as the guest sees it: the guest-controllable bits of
 * @guest_cr4 the policy allows (DE; OSXSAVE if @host_cr4 has it, i.e. the
 * hypervisor uses XSAVE and offers it) plus the hypervisor's visible
 * bits (PAE, MCE, OSFXSR, OSXMMEXCPT) from @host_cr4. Pure.
 */
uint64_t pv_fixup_guest_cr4(uint64_t guest_cr4, uint64_t host_cr4);

/*
 * May @d touch I/O port range [@port, @port + @bytes)? Dom0 may touch all
 * ports but the ones the hypervisor drives itself; other domains none.
 */
bool pv_ioport_permitted(const struct domain *d, unsigned int port,
			 unsigned int bytes);

/* ---- Hardware side (emul-hw.c; faked by the unit tests) ---- */

uint64_t emul_hw_read_cr0(void);
uint64_t emul_hw_read_cr4(void);
/* Set or clear the real CR0.TS (the virtual TS is the caller's job). */
void emul_hw_set_ts(bool ts);
void emul_hw_wbinvd(void);
/* The XCR0 bits guests may set (0: no XSAVE), and XSETBV for the running
 * vCPU @v of a value xcr0_guest_accept() allowed (asm/xstate.h). */
uint64_t emul_hw_xcr0_guest_max(void);
void emul_hw_set_xcr0(struct vcpu *v, uint64_t xcr0);
uint64_t emul_hw_rdtsc(void);
/* TSC_AUX into *@aux; false if the CPU has no RDTSCP (and no TSC_AUX:
 * a guest racing its own code bytes can make us decode rdtscp anyway). */
bool emul_hw_read_tsc_aux(uint32_t *aux);
/* Load a vCPU's TSC_AUX into the hardware (the host has the MSR). */
void emul_hw_write_tsc_aux(uint32_t aux);
/* The running vCPU's live FS base, active GS base (the kernel's, as we
 * emulate only in kernel mode) and inactive GS base (the user's). */
uint64_t emul_hw_read_fs_base(void);
uint64_t emul_hw_read_gs_base(void);
uint64_t emul_hw_read_shadow_gs_base(void);
void emul_hw_write_fs_base(uint64_t base);
void emul_hw_write_gs_base(uint64_t base);
void emul_hw_write_shadow_gs_base(uint64_t base);
/* Raw port access, @bytes 1, 2 or 4. */
uint32_t emul_hw_port_read(unsigned int port, unsigned int bytes);
void emul_hw_port_write(unsigned int port, unsigned int bytes, uint32_t val);

/* PCI configuration mechanism #1, atomic against other CPUs: latch @cf8
 * at port 0xcf8, then access @bytes at 0xcfc + @offset (offset + bytes
 * <= 4). */
uint32_t emul_hw_pci_conf_read(uint32_t cf8, unsigned int offset,
			       unsigned int bytes);
void emul_hw_pci_conf_write(uint32_t cf8, unsigned int offset,
			    unsigned int bytes, uint32_t val);

/* Read the two bytes of @v's I/O bitmap (arch.iobmp) at byte @offset
 * into @out, from the guest kernel's address space even when @v is in
 * user mode. @return how many of them could be read (0-2). */
unsigned int emul_hw_read_iobmp(struct vcpu *v, unsigned int offset,
				uint8_t out[2]);

/* CMOS register @idx (0-0x7f; NMIs stay enabled), atomic as above. */
uint8_t emul_hw_cmos_read(unsigned int idx);
void emul_hw_cmos_write(unsigned int idx, uint8_t val);
/* The I/O base of the hypervisor's UART @index (0 COM1, 1 COM2), 0 if
 * none. Both stay the hypervisor's, even against dom0. */
unsigned int emul_hw_uart_io_base(unsigned int index);
/* The FADT's ACPI PM timer port (4 ports), 0 if none: the hypervisor's,
 * as on Xen. */
unsigned int emul_hw_pm_timer_port(void);
/* A byte access of @d's (the hardware domain's) emulated PIT at port
 * 0x40-0x43 or 0x61 (asm/vpit.h), on system time. */
uint8_t emul_hw_vpit_read(struct domain *d, unsigned int port);
void emul_hw_vpit_write(struct domain *d, unsigned int port, uint8_t val);

struct cpuid_policy_host;
struct msr_host;
/* The host facts the CPUID policy and the MSR policy (for an access to
 * @msr) are functions of. */
void emul_hw_cpuid_host(struct cpuid_policy_host *host);
void emul_hw_msr_host(struct msr_host *host, uint32_t msr);

/* Guest memory (string I/O, instruction fetch): copy_*_guest_raw. */

/* Fetch up to EMUL_MAX_INSN_LEN bytes at guest @rip into @buf, stopping
 * at the first page that cannot be read (the guest may unmap its code
 * under us). @return the number of bytes fetched. Also used by ptwr.c. */
unsigned int emul_fetch_insn(uint64_t rip, uint8_t *buf);

#endif
