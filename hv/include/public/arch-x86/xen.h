/* SPDX-License-Identifier: MIT */
/*
 * x86 parts of the PV guest ABI common to the guest's view of a vCPU: the
 * virtual IDT entry (struct trap_info), the full register state a vCPU is
 * started or saved with (struct vcpu_guest_context), and the arch fields of
 * shared_info. Sizes are those of x86-64, the only guest width satori runs.
 */
#ifndef PUBLIC_ARCH_X86_XEN_H
#define PUBLIC_ARCH_X86_XEN_H

#include "../xen-types.h"
#include "xen-x86_64.h"

/* Guests may rely on these: upcall mask in vcpu_info, PV entry points. */
#define XEN_HAVE_PV_GUEST_ENTRY 1
#define XEN_HAVE_PV_UPCALL_MASK 1

/*
 * The hypervisor owns GDT page 14 onwards (entries 7168+); a guest GDT
 * given to set_gdt must stop below it. The hypervisor's asm/desc.h spells
 * the byte offset its own way, so only guests and tools get it from here.
 */
#define FIRST_RESERVED_GDT_PAGE 14
#define FIRST_RESERVED_GDT_ENTRY 7168
#ifndef __SATORI_HV__
#define FIRST_RESERVED_GDT_BYTE (FIRST_RESERVED_GDT_PAGE * 4096)
#endif

/* vcpu_info slots inside shared_info; more vCPUs need VCPUOP_register_vcpu_info. */
#define XEN_LEGACY_MAX_VCPUS 32

/* trap_info.flags: bits 0-1 the DPL that may raise it with INT n, bit 2
 * set means "mask events on delivery" (an interrupt gate). */
#define TI_GET_DPL(_ti) ((_ti)->flags & 3)
#define TI_GET_IF(_ti) ((_ti)->flags & 4)
#define TI_SET_DPL(_ti, _dpl) ((_ti)->flags |= (_dpl))
#define TI_SET_IF(_ti, _if) ((_ti)->flags |= ((!!(_if)) << 2))

/* vcpu_guest_context.flags. */
#define VGCF_I387_VALID (1 << 0)
#define VGCF_IN_KERNEL (1 << 2)
#define _VGCF_i387_valid 0
#define VGCF_i387_valid (1 << _VGCF_i387_valid)
#define _VGCF_in_kernel 2
#define VGCF_in_kernel (1 << _VGCF_in_kernel)
#define _VGCF_failsafe_disables_events 3
#define VGCF_failsafe_disables_events (1 << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events 4
#define VGCF_syscall_disables_events (1 << _VGCF_syscall_disables_events)
#define _VGCF_online 5
#define VGCF_online (1 << _VGCF_online)

/* xen_arch_domainconfig.emulation_flags and misc_flags. */
#define _XEN_X86_EMU_LAPIC 0
#define XEN_X86_EMU_LAPIC (1U << _XEN_X86_EMU_LAPIC)
#define _XEN_X86_EMU_HPET 1
#define XEN_X86_EMU_HPET (1U << _XEN_X86_EMU_HPET)
#define _XEN_X86_EMU_PM 2
#define XEN_X86_EMU_PM (1U << _XEN_X86_EMU_PM)
#define _XEN_X86_EMU_RTC 3
#define XEN_X86_EMU_RTC (1U << _XEN_X86_EMU_RTC)
#define _XEN_X86_EMU_IOAPIC 4
#define XEN_X86_EMU_IOAPIC (1U << _XEN_X86_EMU_IOAPIC)
#define _XEN_X86_EMU_PIC 5
#define XEN_X86_EMU_PIC (1U << _XEN_X86_EMU_PIC)
#define _XEN_X86_EMU_VGA 6
#define XEN_X86_EMU_VGA (1U << _XEN_X86_EMU_VGA)
#define _XEN_X86_EMU_IOMMU 7
#define XEN_X86_EMU_IOMMU (1U << _XEN_X86_EMU_IOMMU)
#define _XEN_X86_EMU_PIT 8
#define XEN_X86_EMU_PIT (1U << _XEN_X86_EMU_PIT)
#define _XEN_X86_EMU_USE_PIRQ 9
#define XEN_X86_EMU_USE_PIRQ (1U << _XEN_X86_EMU_USE_PIRQ)
#define _XEN_X86_EMU_VPCI 10
#define XEN_X86_EMU_VPCI (1U << _XEN_X86_EMU_VPCI)
#define XEN_X86_EMU_ALL                                           \
	(XEN_X86_EMU_LAPIC | XEN_X86_EMU_HPET | XEN_X86_EMU_PM |  \
	 XEN_X86_EMU_RTC | XEN_X86_EMU_IOAPIC | XEN_X86_EMU_PIC | \
	 XEN_X86_EMU_VGA | XEN_X86_EMU_IOMMU | XEN_X86_EMU_PIT |  \
	 XEN_X86_EMU_USE_PIRQ | XEN_X86_EMU_VPCI)
#define XEN_X86_MSR_RELAXED (1u << 0)
#define XEN_X86_MISC_FLAGS_MAX XEN_X86_MSR_RELAXED

#ifndef __ASSEMBLY__

typedef unsigned long xen_pfn_t;
typedef unsigned long xen_ulong_t;
#define PRI_xen_pfn "lx"
#define PRIu_xen_pfn "lu"
#define PRI_xen_ulong "lx"

/* One virtual IDT entry, as passed to HYPERVISOR_set_trap_table. */
struct trap_info {
	uint8_t vector;
	uint8_t flags; /* TI_* */
	uint16_t cs;
	unsigned long address;
};
typedef struct trap_info trap_info_t;
DEFINE_XEN_GUEST_HANDLE(trap_info_t);

typedef uint64_t tsc_timestamp_t;

/*
 * A vCPU's complete PV state: VCPUOP_initialise and XEN_DOMCTL_setvcpucontext
 * take it, getvcpucontext returns it. ctrlreg[3] holds the kernel page-table
 * root and ctrlreg[1] the user one, both as xen_pfn_to_cr3() values.
 */
struct vcpu_guest_context {
	struct {
		char x[512];
	} fpu_ctxt;	     /* FXSAVE image, first so that it stays aligned. */
	unsigned long flags; /* VGCF_* */
	struct XEN_CPU_USER_REGS user_regs;
	struct trap_info trap_ctxt[256];
	unsigned long ldt_base, ldt_ents;
	unsigned long gdt_frames[16], gdt_ents; /* Machine frames of the GDT. */
	unsigned long kernel_ss,
		kernel_sp; /* Ring-1 stack; unused on 64-bit. */
	unsigned long ctrlreg[8];
	unsigned long debugreg[8];
	unsigned long event_callback_eip;
	unsigned long failsafe_callback_eip;
	unsigned long syscall_callback_eip;
	unsigned long vm_assist; /* Bitmap of VMASST_TYPE_*. */
	uint64_t fs_base;
	uint64_t gs_base_kernel;
	uint64_t gs_base_user;
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);

/* Arch part of shared_info: where the guest publishes its p2m for tools. */
struct arch_shared_info {
	unsigned long max_pfn;		      /* Entries in the p2m. */
	xen_pfn_t pfn_to_mfn_frame_list_list; /* 3-level p2m tree root, or 0. */
	unsigned long nmi_reason;
	unsigned long p2m_cr3; /* Address space p2m_vaddr is valid in, or 0. */
	unsigned long p2m_vaddr; /* Linear p2m list. */
	unsigned long
		p2m_generation; /* Odd while the guest changes the list. */
};
typedef struct arch_shared_info arch_shared_info_t;

/*
 * Arch part of XEN_DOMCTL_createdomain and getdomaininfo: which devices
 * the hypervisor emulates for the domain (none for PV) and MSR handling.
 */
struct xen_arch_domainconfig {
	uint32_t emulation_flags; /* XEN_X86_EMU_* */
	uint32_t misc_flags;	  /* XEN_X86_MSR_RELAXED */
};

/* One CPUID leaf or MSR value of a domain's policy (domctl, sysctl). */
typedef struct xen_cpuid_leaf {
#define XEN_CPUID_NO_SUBLEAF 0xffffffffu
	uint32_t leaf, subleaf;
	uint32_t a, b, c, d;
} xen_cpuid_leaf_t;
DEFINE_XEN_GUEST_HANDLE(xen_cpuid_leaf_t);

typedef struct xen_msr_entry {
	uint32_t idx;
	uint32_t flags; /* Must be zero. */
	uint64_t val;
} xen_msr_entry_t;
DEFINE_XEN_GUEST_HANDLE(xen_msr_entry_t);

XEN_ABI_SIZE(struct trap_info, 16);
XEN_ABI_OFFSET(struct trap_info, address, 8);
XEN_ABI_SIZE(struct vcpu_guest_context, 5168);
XEN_ABI_OFFSET(struct vcpu_guest_context, flags, 0x200);
XEN_ABI_OFFSET(struct vcpu_guest_context, user_regs, 0x208);
XEN_ABI_OFFSET(struct vcpu_guest_context, trap_ctxt, 0x2d0);
XEN_ABI_OFFSET(struct vcpu_guest_context, ldt_base, 0x12d0);
XEN_ABI_OFFSET(struct vcpu_guest_context, gdt_frames, 0x12e0);
XEN_ABI_OFFSET(struct vcpu_guest_context, gdt_ents, 0x1360);
XEN_ABI_OFFSET(struct vcpu_guest_context, kernel_ss, 0x1368);
XEN_ABI_OFFSET(struct vcpu_guest_context, ctrlreg, 0x1378);
XEN_ABI_OFFSET(struct vcpu_guest_context, debugreg, 0x13b8);
XEN_ABI_OFFSET(struct vcpu_guest_context, event_callback_eip, 0x13f8);
XEN_ABI_OFFSET(struct vcpu_guest_context, syscall_callback_eip, 0x1408);
XEN_ABI_OFFSET(struct vcpu_guest_context, vm_assist, 0x1410);
XEN_ABI_OFFSET(struct vcpu_guest_context, fs_base, 0x1418);
XEN_ABI_OFFSET(struct vcpu_guest_context, gs_base_user, 0x1428);
XEN_ABI_SIZE(struct arch_shared_info, 48);
XEN_ABI_SIZE(struct xen_arch_domainconfig, 8);
XEN_ABI_SIZE(struct xen_cpuid_leaf, 24);
XEN_ABI_SIZE(struct xen_msr_entry, 16);

#endif /* !__ASSEMBLY__ */

#endif
