/* SPDX-License-Identifier: MIT */
/*
 * The few Xen PV ABI numbers and layouts the guest library and the tests
 * use, written down here until the shared public headers
 * (hv/include/public/) are merged; the values are Xen 4.17's. Only
 * fixed-width types, so the header means the same to every compiler.
 */
#ifndef GUEST_ABI_H
#define GUEST_ABI_H

#ifndef __ASSEMBLY__
#include <stdint.h>
#endif

/* Hypercall numbers. */
#define HC_set_trap_table 0
#define HC_mmu_update 1
#define HC_set_callbacks 4
#define HC_fpu_taskswitch 5
#define HC_set_debugreg 8
#define HC_get_debugreg 9
#define HC_update_va_mapping 14
#define HC_xen_version 17
#define HC_console_io 18
#define HC_vm_assist 21
#define HC_iret 23
#define HC_vcpu_op 24
#define HC_set_segment_base 25
#define HC_sched_op 29
#define HC_callback_op 30

/* Each hypercall-page entry is 32 bytes; the page has 128 of them. */
#define HYPERCALL_ENTRY_SIZE 32
#define HYPERCALL_ENTRIES 128

/* Selectors of a 64-bit PV guest kernel (the reserved GDT entries). */
#define FLAT_KERNEL_CS64 0xe033
#define FLAT_KERNEL_SS64 0xe02b
#define FLAT_USER_CS64 0xe033

/* Errno values as the ABI returns them (negated). */
#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EFAULT 14
#define EBUSY 16
#define EINVAL 22
#define ENOSYS 38

/* console_io. */
#define CONSOLEIO_write 0
#define CONSOLEIO_read 1

/* sched_op. */
#define SCHEDOP_yield 0
#define SCHEDOP_block 1
#define SCHEDOP_shutdown 2
#define SHUTDOWN_poweroff 0
#define SHUTDOWN_reboot 1
#define SHUTDOWN_crash 3

/* xen_version. */
#define XENVER_version 0
#define XENVER_extraversion 1
#define XENVER_compile_info 2
#define XENVER_capabilities 3
#define XENVER_changeset 4
#define XENVER_platform_parameters 5
#define XENVER_get_features 6
#define XENVER_pagesize 7
#define XENVER_guest_handle 8
#define XENVER_commandline 9
#define XENVER_build_id 10

/* vm_assist. */
#define VMASST_CMD_enable 0
#define VMASST_CMD_disable 1
#define VMASST_TYPE_writable_pagetables 2
#define VMASST_TYPE_m2p_strict 32

/* callback_op. */
#define CALLBACKOP_register 0
#define CALLBACKOP_unregister 1
#define CALLBACKTYPE_event 0
#define CALLBACKTYPE_failsafe 1
#define CALLBACKTYPE_syscall 2
#define CALLBACKTYPE_sysenter 3
#define CALLBACKTYPE_nmi 4
#define CALLBACKTYPE_syscall32 7

/* update_va_mapping flags. */
#define UVMF_NONE 0
#define UVMF_INVLPG 2

/* Page-table entry bits. */
#define PTE_PRESENT 0x001UL
#define PTE_RW 0x002UL
#define PTE_USER 0x004UL
#define PTE_ACCESSED 0x020UL
#define PTE_DIRTY 0x040UL

/* The hypervisor's reserved range of a 64-bit PV guest's address space. */
#define HYPERVISOR_VIRT_START 0xffff800000000000UL
#define HYPERVISOR_VIRT_END 0xffff880000000000UL

/* trap_info.flags: DPL in bits 0-1; bit 2 masks events on delivery. */
#define TRAP_DPL(d) ((d)&3)
#define TRAP_MASK_EVENTS 4

#ifndef __ASSEMBLY__

struct trap_info {
	uint8_t vector;
	uint8_t flags;
	uint16_t cs;
	uint32_t pad;
	uint64_t address;
};

struct callback_register {
	uint16_t type;
	uint16_t flags;
	uint32_t pad;
	uint64_t address;
};

struct callback_unregister {
	uint16_t type;
	uint16_t unused;
};

struct sched_shutdown {
	uint32_t reason;
};

struct xen_platform_parameters {
	uint64_t virt_start;
};

struct xen_feature_info {
	uint32_t submap_idx;
	uint32_t submap;
};

/* What the domain builder hands over in RSI. */
struct start_info {
	char magic[32];
	uint64_t nr_pages;
	uint64_t shared_info; /* machine address */
	uint32_t flags;
	uint32_t pad0;
	uint64_t store_mfn;
	uint32_t store_evtchn;
	uint32_t pad1;
	uint64_t console[2];
	uint64_t pt_base;
	uint64_t nr_pt_frames;
	uint64_t mfn_list;
	uint64_t mod_start;
	uint64_t mod_len;
	char cmd_line[1024];
	uint64_t first_p2m_pfn;
	uint64_t nr_p2m_frames;
};

/* The start of a vcpu_info; shared_info begins with 32 of them. */
struct vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	uint8_t pad[6];
	uint64_t evtchn_pending_sel;
	uint64_t cr2;
	uint64_t arch_pad;
	uint8_t time[32];
};

#endif /* !__ASSEMBLY__ */
#endif /* GUEST_ABI_H */
