/* SPDX-License-Identifier: MIT */
/*
 * x86-64 specifics of the PV guest ABI: the flat selectors in the
 * hypervisor's reserved GDT page, the address range the hypervisor keeps
 * for itself (with the read-only M2P table at its start), the register
 * frame a guest sees, and the frame HYPERVISOR_iret pops. Usually
 * reached through xen.h, which includes it by way of arch-x86/xen.h.
 *
 * In the hypervisor build (__SATORI_HV__) the guest register frame is
 * named struct guest_cpu_user_regs, because struct cpu_user_regs is the
 * hypervisor's own entry frame (asm/regs.h). Guests and tools see Xen's
 * name. XEN_CPU_USER_REGS names the struct in either build.
 */
#ifndef PUBLIC_ARCH_X86_XEN_X86_64_H
#define PUBLIC_ARCH_X86_XEN_X86_64_H

#include "../xen-types.h"

/*
 * Flat 4 GiB segments a guest may load. A 64-bit PV kernel runs in ring 3,
 * so kernel and user share the ring-3 selectors. FLAT_KERNEL_CS and
 * FLAT_KERNEL_SS are spelled exactly as in the hypervisor's asm/desc.h so
 * that one file can include both (FLAT_RING3_DS32 == FLAT_RING3_SS64).
 */
#define FLAT_RING3_CS32 0xe023
#define FLAT_RING3_CS64 0xe033
#define FLAT_RING3_DS32 0xe02b
#define FLAT_RING3_DS64 0x0000
#define FLAT_RING3_SS32 0xe02b
#define FLAT_RING3_SS64 0xe02b

#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_DS32 FLAT_RING3_DS32
#define FLAT_KERNEL_DS FLAT_KERNEL_DS64
#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_CS32 FLAT_RING3_CS32
#define FLAT_KERNEL_CS FLAT_RING3_CS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_SS32 FLAT_RING3_SS32
#define FLAT_KERNEL_SS FLAT_RING3_DS32

#define FLAT_USER_DS64 FLAT_RING3_DS64
#define FLAT_USER_DS32 FLAT_RING3_DS32
#define FLAT_USER_DS FLAT_USER_DS64
#define FLAT_USER_CS64 FLAT_RING3_CS64
#define FLAT_USER_CS32 FLAT_RING3_CS32
#define FLAT_USER_CS FLAT_USER_CS64
#define FLAT_USER_SS64 FLAT_RING3_SS64
#define FLAT_USER_SS32 FLAT_RING3_SS32
#define FLAT_USER_SS FLAT_USER_SS64

/* L4 slots 256-271 belong to the hypervisor; guests map nothing there. */
#define __HYPERVISOR_VIRT_START 0xFFFF800000000000
#define __HYPERVISOR_VIRT_END 0xFFFF880000000000
/* The read-only machine-to-phys table guests may read, 8 bytes a frame. */
#define __MACH2PHYS_VIRT_START 0xFFFF800000000000
#define __MACH2PHYS_VIRT_END 0xFFFF804000000000

#define HYPERVISOR_VIRT_START XEN_MK_ULONG(__HYPERVISOR_VIRT_START)
#define HYPERVISOR_VIRT_END XEN_MK_ULONG(__HYPERVISOR_VIRT_END)
#define MACH2PHYS_VIRT_START XEN_MK_ULONG(__MACH2PHYS_VIRT_START)
#define MACH2PHYS_VIRT_END XEN_MK_ULONG(__MACH2PHYS_VIRT_END)
#define MACH2PHYS_NR_ENTRIES ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)

/* HYPERVISOR_set_segment_base(which, base). */
#define SEGBASE_FS 0
#define SEGBASE_GS_USER 1
#define SEGBASE_GS_KERNEL 2
#define SEGBASE_GS_USER_SEL 3 /* Load the user GS selector, keep its base. */

/* iret_context.flags: the guest entered through SYSCALL (rcx/r11 clobbered). */
#define _VGCF_in_syscall 8
#define VGCF_in_syscall (1 << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL VGCF_in_syscall

#ifdef __SATORI_HV__
#define XEN_CPU_USER_REGS guest_cpu_user_regs
#else
#define XEN_CPU_USER_REGS cpu_user_regs
#endif

#ifndef __ASSEMBLY__

/*
 * What the guest pushes on its kernel stack before HYPERVISOR_iret, lowest
 * address first: the hypercall clobbers rax, r11 and rcx, so they travel
 * here, followed by an ordinary interrupt-return frame.
 */
struct iret_context {
	uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};

/*
 * The guest-visible register frame (vcpu_guest_context.user_regs and the
 * frame the hypervisor builds on a trap bounce). Its order up to ss is that
 * of the hypervisor's entry frame.
 */
struct XEN_CPU_USER_REGS {
	uint64_t r15;
	uint64_t r14;
	uint64_t r13;
	uint64_t r12;
	uint64_t rbp;
	uint64_t rbx;
	uint64_t r11;
	uint64_t r10;
	uint64_t r9;
	uint64_t r8;
	uint64_t rax;
	uint64_t rcx;
	uint64_t rdx;
	uint64_t rsi;
	uint64_t rdi;
	uint32_t error_code;   /* Private to the hypervisor. */
	uint32_t entry_vector; /* Private to the hypervisor. */
	uint64_t rip;
	uint16_t cs, _pad0[1];
	uint8_t saved_upcall_mask; /* evtchn_upcall_mask at trap time. */
	uint8_t _pad1[3];
	uint64_t rflags; /* IF is virtual: the upcall mask stands for it. */
	uint64_t rsp;
	uint16_t ss, _pad2[3];
	uint16_t es, _pad3[3];
	uint16_t ds, _pad4[3];
	uint16_t fs, _pad5[3];
	uint16_t gs, _pad6[3];
};
#ifdef __SATORI_HV__
typedef struct guest_cpu_user_regs guest_cpu_user_regs_t;
#else
typedef struct cpu_user_regs cpu_user_regs_t;
#endif

#define xen_pfn_to_cr3(pfn) ((unsigned long)(pfn) << 12)
#define xen_cr3_to_pfn(cr3) ((unsigned long)(cr3) >> 12)

/* Per-vCPU architectural state in vcpu_info. */
struct arch_vcpu_info {
	uint64_t cr2; /* Faulting address of the last page fault bounced. */
	uint64_t pad;
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

typedef uint64_t xen_callback_t;

XEN_ABI_SIZE(struct iret_context, 72);
XEN_ABI_OFFSET(struct iret_context, flags, 24);
XEN_ABI_OFFSET(struct iret_context, ss, 64);
XEN_ABI_SIZE(struct XEN_CPU_USER_REGS, 200);
XEN_ABI_OFFSET(struct XEN_CPU_USER_REGS, error_code, 0x78);
XEN_ABI_OFFSET(struct XEN_CPU_USER_REGS, rip, 0x80);
XEN_ABI_OFFSET(struct XEN_CPU_USER_REGS, cs, 0x88);
XEN_ABI_OFFSET(struct XEN_CPU_USER_REGS, saved_upcall_mask, 0x8c);
XEN_ABI_OFFSET(struct XEN_CPU_USER_REGS, rflags, 0x90);
XEN_ABI_OFFSET(struct XEN_CPU_USER_REGS, rsp, 0x98);
XEN_ABI_OFFSET(struct XEN_CPU_USER_REGS, ss, 0xa0);
XEN_ABI_OFFSET(struct XEN_CPU_USER_REGS, gs, 0xc0);
XEN_ABI_SIZE(struct arch_vcpu_info, 16);

#endif /* !__ASSEMBLY__ */

#endif
