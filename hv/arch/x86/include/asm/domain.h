/* SPDX-License-Identifier: MIT */
/*
 * The x86 part of domains and vCPUs: the 64-bit PV guest state.
 *
 * A PV vCPU runs its guest kernel and guest user both at CPL 3; the
 * hypervisor tells them apart by `kernel_mode` and runs each on its own
 * L4 (guest_table / guest_table_user). Guest registers live in `regs`
 * while the vCPU is not on a CPU; on a CPU they are on the hypervisor
 * stack and the context switch copies them (asm/regs.h layout).
 */
#ifndef ASM_X86_DOMAIN_H
#define ASM_X86_DOMAIN_H

#include <satori/spinlock.h>
#include <satori/types.h>

#include <asm/pt-resume.h>
#include <asm/regs.h>
#include <asm/vpit.h>

/* One trap-table entry as the guest gave it (public/arch-x86/xen.h
 * struct trap_info, validated). */
struct pirq_table;

struct pv_trap {
	uint64_t address; /* 0: no handler (fatal to the guest). */
	uint16_t cs;
	uint8_t flags; /* Bits 0-1: DPL for `int n`; bit 2: mask events. */
};

/* A callback registered with callback_op / set_callbacks. */
struct pv_callback {
	uint64_t address;
	bool mask_events;
};

enum pv_callback_type {
	PV_CB_EVENT,
	PV_CB_FAILSAFE,
	PV_CB_SYSCALL,
	PV_CB_SYSCALL32,
	PV_CB_SYSENTER,
	PV_CB_NMI,
	NR_PV_CALLBACKS
};

/* A bounce the next return to the guest must deliver. */
struct trap_bounce {
	uint64_t eip;
	uint32_t error_code;
	uint16_t cs;
	uint8_t flags; /* TBF_* */
};
#define TBF_EXCEPTION (1u << 0)
#define TBF_EXCEPTION_ERRCODE (1u << 1)
#define TBF_INTERRUPT (1u << 2) /* Mask events on delivery. */
#define TBF_FAILSAFE (1u << 3)

struct arch_vcpu {
	/* Guest register state while descheduled (and the frame the
	 * hypervisor edits for bounces while it runs). */
	struct cpu_user_regs regs;

	bool kernel_mode;	   /* Guest kernel (true) or guest user. */
	uint64_t guest_table;	   /* MFN of the kernel L4 (0: none). */
	uint64_t guest_table_user; /* MFN of the user L4 (0: none). */

	uint64_t kernel_ss, kernel_sp; /* stack_switch: for user->kernel. */
	uint64_t fs_base, gs_base_kernel, gs_base_user;
	uint32_t tsc_aux; /* MSR_TSC_AUX, loaded while the vCPU runs */
	/* vMCE state a guest may write (msr-ranges.c): MCG_STATUS and the
	 * Intel CMCI CTL2 of the two banks. */
	uint64_t vmce_mcg_status;
	uint64_t vmce_mci_ctl2[2];
	uint16_t ds, es, fs, gs; /* Guest data selectors. */

	struct pv_trap trap_ctxt[256];
	struct pv_callback callbacks[NR_PV_CALLBACKS];
	struct trap_bounce trap_bounce; /* Pending bounce, if flags != 0. */
	/* Xen's virtual NMI: VCPUOP_send_nmi or a hardware NMI for dom0
	 * (nmi=dom0) sets nmi_pending; the exit path bounces to the NMI
	 * handler (trap_ctxt[2]) unless nmi_masked, which the delivery
	 * sets and the guest's next HYPERVISOR_iret clears (pv/nmi.c). */
	bool nmi_pending;
	bool nmi_masked;
	/* A bounce frame was written during the exit now running: the
	 * guest enters the handler by SYSRET, with RCX/R11 := RIP/RFLAGS,
	 * as Xen does (the frame holds the old RCX/R11). Cleared at the
	 * start of every exit (pv/exceptions.c). */
	bool exit_bounced;

	/* Virtualised control and debug registers. */
	bool virtual_cr0_ts;
	uint64_t cr2;
	uint64_t cr4;
	uint64_t debugreg[8];
	/* DR7 enable bits of I/O breakpoints (RW=10b): kept out of the
	 * hardware DR7 and emulated; get_debugreg(7) ORs them back in. */
	uint64_t dr7_emul;
	unsigned int iopl; /* Virtual IOPL 0-3 (physdev_op set_iopl). */
	/* physdev_op set_iobitmap: guest VA of a port bitmap (a clear bit
	 * grants the port without IOPL) covering ports below iobmp_limit. */
	uint64_t iobmp;
	uint32_t iobmp_limit;

	/* GDT frames the guest installed (set_gdt), and how many entries.
	 * Each frame holds a general and a seg_desc type reference. */
	uint64_t gdt_frames[16];
	unsigned int gdt_ents;
	/* LDT (MMUEXT_SET_LDT): guest linear base and entry count. */
	uint64_t ldt_base;
	unsigned int ldt_ents;
	/* The LDT's pages mapped so far (pv/ldt.c, lazily on the CPU's
	 * first access): the frame of each 4 KiB page (0: not yet), each
	 * holding a general and a seg_desc type reference; ldt_mapcnt of
	 * them. Under ldt_lock (and the domain's pt_lock to change). */
	uint64_t ldt_shadow[16];
	unsigned int ldt_mapcnt;
	spinlock_t ldt_lock;
	/* Preemptible page-table work (asm/pt-resume.h): the call's budget
	 * and a devalidation still to finish (Xen's old_guest_table). */
	struct pt_resume pin_resume;

	/* VCPUOP_register_vcpu_time_memory_area: guest VA of a secondary
	 * vcpu_time_info (0: none), written with vcpu_info's time record
	 * (pv/pvclock.c). time_area_pending: the last write faulted in
	 * guest user mode; retried on the next entry to kernel mode. */
	uint64_t time_area;
	bool time_area_pending;

	/* FPU/SSE/AVX state (asm/xstate.h): an XSAVE area, or an FXSAVE
	 * image without XSAVE, allocated with the vCPU; its first 512 bytes
	 * are the FXSAVE layout either way. */
	uint8_t *fpu_area;
	bool fpu_initialised;
	/* XCR0 as the guest set it (XSETBV; x87|SSE at reset), and every
	 * component it ever enabled plus x87|SSE, which save/restore use. */
	uint64_t xcr0;
	uint64_t xcr0_accum;
};

struct arch_domain {
	/* VMASST_TYPE_* bits enabled by vm_assist. */
	uint64_t vm_assist;
	/* dom0's virtual PCI address latch (port 0xcf8, dword) and CMOS
	 * index (port 0x70): emul-io.c replays them with the data access. */
	uint32_t pci_cf8;
	uint8_t cmos_idx;
	/* dom0's emulated PIT (ports 0x42, 0x43, 0x61; Xen's vPIT of a PV
	 * hardware domain), reset on first use, under vpit_lock. */
	struct vpit vpit;
	spinlock_t vpit_lock;
	/* physdev_op pirq_eoi_gmfn_v2: the guest's "needs EOI" bitmap
	 * frame, held with a general and a writable reference (0: none;
	 * dropped at teardown); pv/pirq.c sets a bound pirq's bit. */
	uint64_t pirq_eoi_mfn;
	/* Its pirqs (asm/pirq-table.h), allocated on first use, freed by
	 * pirq_domain_destroy(); under guest_irq_lock(). */
	struct pirq_table *pirqs;
	/* The hypercall page's guest frame (0: none), for diagnostics. */
	uint64_t hypercall_page_mfn;
	/* The builder's bootstrap region [start, end), mapped onto pfns 0..,
	 * for the consistency check (pv_check_domain). */
	uint64_t boot_v_start, boot_v_end;
	/* Serialises every frame-type core call on this domain's frames
	 * (asm/pv-mm.h: pt_lock; mmuext_op, set_gdt, update_descriptor,
	 * mmu_update, update_va_mapping): the core is not atomic. */
	spinlock_t pt_lock;
	/* Teardown began (domain_destroy): its vCPUs are off every CPU, so
	 * frames freed from now on need no TLB flush (domain_free_page). */
	bool dying;
	/* Set under pt_lock by a caller that frees a batch of frames which
	 * already had no mapping when it took the lock (decrease_reservation):
	 * that tick is a valid stamp for all of them, so one flush covers
	 * the batch. 0: stamp each frame "now". */
	uint64_t free_tick;
	/* Teardown progress (pv/dom-relinquish.c; Xen's rel_priv): the
	 * phase, the vCPU the base pointer phase is at, the frame the page
	 * list walk resumes at (if cursor_held: held by a general reference
	 * between slices; else the walk starts at the list's head), and the
	 * devalidation a slice left part way. */
	struct {
		unsigned int phase;
		unsigned int vcpu;
		unsigned long cursor;
		bool cursor_held;
		struct pt_resume resume;
	} rel;
};

/* Virtual CR4 bit consulted by the debug-register rules. */
#define PV_CR4_DE (1ULL << 3)

struct vcpu;

/*
 * Hooks the PV execution code (branch pvexec) implements. The hypercall
 * handlers update v->arch first and then call these so that a change
 * takes effect at once when @v is the vCPU running on this CPU; for any
 * other vCPU they do nothing (the context switch loads the fields).
 */

/* Load v->arch.fs_base, gs_base_kernel and gs_base_user into FS_BASE,
 * GS_BASE and SHADOW_GS_BASE as v->arch.kernel_mode selects. */
void arch_load_segment_bases(struct vcpu *v);

/*
 * Load @sel (RPL already forced to 3, or a NUL selector) as the guest
 * user %gs of the running vCPU @v, through the guest's GDT/LDT, keeping
 * the kernel GS base. A selector that faults loads NUL instead (as Xen
 * does: the hypercall never fails). Record the selector loaded in
 * v->arch.gs and the base the descriptor gave in v->arch.gs_base_user.
 */
void arch_load_user_gs_sel(struct vcpu *v, uint16_t sel);

/* Make the real CR0.TS equal v->arch.virtual_cr0_ts. */
void arch_fpu_sync_ts(struct vcpu *v);

/* Load v->arch.debugreg[0-3], [6] and [7] into DR0-3, DR6 and DR7. */
void arch_load_debugregs(struct vcpu *v);

/* Architectural reset values of the virtual DR6 and DR7, which vCPU
 * creation must store (pv_debugreg_reset()): get_debugreg(6) on a fresh
 * vCPU returns DR6_DEFAULT, as on Xen. */
#define PV_DR6_DEFAULT 0xffff0ff0ULL
#define PV_DR7_DEFAULT 0x00000400ULL

/* @v's FPU/XSAVE area, at vCPU creation (-ENOMEM) and destruction
 * (asm/xstate.h: xstate_vcpu_alloc/free). */
int arch_vcpu_fpu_alloc(struct vcpu *v);
void arch_vcpu_fpu_free(struct vcpu *v);

/* Reset @v's virtual debug registers (hv/arch/x86/pv/debugreg.c). */
void pv_debugreg_reset(struct vcpu *v);

#endif
