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

#include <satori/types.h>

#include <asm/regs.h>

/* One trap-table entry as the guest gave it (public/arch-x86/xen.h
 * struct trap_info, validated). */
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
	uint16_t ds, es, fs, gs; /* Guest data selectors. */

	struct pv_trap trap_ctxt[256];
	struct pv_callback callbacks[NR_PV_CALLBACKS];
	struct trap_bounce trap_bounce; /* Pending bounce, if flags != 0. */

	/* Virtualised control and debug registers. */
	bool virtual_cr0_ts;
	uint64_t cr2;
	uint64_t cr4;
	uint64_t debugreg[8];
	unsigned int iopl; /* Virtual IOPL (physdev_op set_iopl). */

	/* GDT frames the guest installed (set_gdt), and how many entries. */
	uint64_t gdt_frames[16];
	unsigned int gdt_ents;

	/* FPU/SSE state (FXSAVE image). */
	uint8_t fpu_area[512] __aligned(16);
	bool fpu_initialised;
};

struct arch_domain {
	/* VMASST_TYPE_* bits enabled by vm_assist. */
	uint64_t vm_assist;
	/* The hypercall page's guest frame (0: none), for diagnostics. */
	uint64_t hypercall_page_mfn;
};

#endif
