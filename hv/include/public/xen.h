/* SPDX-License-Identifier: MIT */
/*
 * The core of the PV guest ABI, as in Xen 4.17: hypercall numbers, the
 * argument structures of the memory-management hypercalls and multicall,
 * and the three pages every PV guest starts with: start_info (what the
 * domain builder tells the kernel), shared_info and its per-vCPU
 * vcpu_info (event and time state the hypervisor and guest share).
 * Values and layouts must stay byte-identical to Xen's; tests/abi checks.
 */
#ifndef PUBLIC_XEN_H
#define PUBLIC_XEN_H

#include "xen-types.h"
#include "arch-x86/xen.h"

/* Hypercall numbers: the guest calls hypercall_page + 32 * number. */
#define __HYPERVISOR_set_trap_table 0
#define __HYPERVISOR_mmu_update 1
#define __HYPERVISOR_set_gdt 2
#define __HYPERVISOR_stack_switch 3
#define __HYPERVISOR_set_callbacks 4
#define __HYPERVISOR_fpu_taskswitch 5
#define __HYPERVISOR_sched_op_compat 6 /* Obsolete since Xen 3.0.2. */
#define __HYPERVISOR_platform_op 7
#define __HYPERVISOR_set_debugreg 8
#define __HYPERVISOR_get_debugreg 9
#define __HYPERVISOR_update_descriptor 10
#define __HYPERVISOR_memory_op 12
#define __HYPERVISOR_multicall 13
#define __HYPERVISOR_update_va_mapping 14
#define __HYPERVISOR_set_timer_op 15
#define __HYPERVISOR_event_channel_op_compat 16 /* Obsolete. */
#define __HYPERVISOR_xen_version 17
#define __HYPERVISOR_console_io 18
#define __HYPERVISOR_physdev_op_compat 19 /* Obsolete. */
#define __HYPERVISOR_grant_table_op 20
#define __HYPERVISOR_vm_assist 21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret 23
#define __HYPERVISOR_vcpu_op 24
#define __HYPERVISOR_set_segment_base 25
#define __HYPERVISOR_mmuext_op 26
#define __HYPERVISOR_xsm_op 27
#define __HYPERVISOR_nmi_op 28
#define __HYPERVISOR_sched_op 29
#define __HYPERVISOR_callback_op 30
#define __HYPERVISOR_xenoprof_op 31
#define __HYPERVISOR_event_channel_op 32
#define __HYPERVISOR_physdev_op 33
#define __HYPERVISOR_hvm_op 34
#define __HYPERVISOR_sysctl 35
#define __HYPERVISOR_domctl 36
#define __HYPERVISOR_kexec_op 37
#define __HYPERVISOR_tmem_op 38
#define __HYPERVISOR_argo_op 39
#define __HYPERVISOR_xenpmu_op 40
#define __HYPERVISOR_dm_op 41
#define __HYPERVISOR_hypfs_op 42
/* Numbers 48-55 are reserved for architecture-specific hypercalls. */
#define __HYPERVISOR_arch_0 48
#define __HYPERVISOR_arch_1 49
#define __HYPERVISOR_arch_2 50
#define __HYPERVISOR_arch_3 51
#define __HYPERVISOR_arch_4 52
#define __HYPERVISOR_arch_5 53
#define __HYPERVISOR_arch_6 54
#define __HYPERVISOR_arch_7 55

/* Virtual interrupts, bound to event channels with EVTCHNOP_bind_virq. */
#define VIRQ_TIMER 0	  /* Per vCPU: the set_timer_op deadline passed. */
#define VIRQ_DEBUG 1	  /* Per vCPU: debug key pressed. */
#define VIRQ_CONSOLE 2	  /* Global: input on the hypervisor console (dom0). */
#define VIRQ_DOM_EXC 3	  /* Global: a domain shut down or crashed. */
#define VIRQ_TBUF 4	  /* Global: trace buffers need reading. */
#define VIRQ_DEBUGGER 6	  /* Global: a domain paused for the debugger. */
#define VIRQ_XENOPROF 7	  /* Per vCPU: profiling samples ready. */
#define VIRQ_CON_RING 8	  /* Global: hypervisor console ring has data. */
#define VIRQ_PCPU_STATE 9 /* Global: a physical CPU went on- or offline. */
#define VIRQ_MEM_EVENT 10 /* Global: memory event ring has work. */
#define VIRQ_ARGO 11	  /* Global: Argo message arrived. */
#define VIRQ_ENOMEM 12	  /* Global: the hypervisor is low on memory. */
#define VIRQ_XENPMU 13	  /* Per vCPU: PMU interrupt. */
#define VIRQ_ARCH_0 16	  /* x86: machine check (VIRQ_MCA). */
#define VIRQ_ARCH_1 17
#define VIRQ_ARCH_2 18
#define VIRQ_ARCH_3 19
#define VIRQ_ARCH_4 20
#define VIRQ_ARCH_5 21
#define VIRQ_ARCH_6 22
#define VIRQ_ARCH_7 23
#define NR_VIRQS 24

/*
 * mmu_update: the low two bits of mmu_update.ptr select the command, the
 * rest is a machine address (of a page-table entry, or for
 * MMU_MACHPHYS_UPDATE of the frame whose M2P entry becomes val).
 */
#define MMU_NORMAL_PT_UPDATE 0	     /* Checked *ptr = val. */
#define MMU_MACHPHYS_UPDATE 1	     /* M2P[ptr >> PAGE_SHIFT] = val. */
#define MMU_PT_UPDATE_PRESERVE_AD 2  /* As NORMAL, keeping Accessed/Dirty. */
#define MMU_PT_UPDATE_NO_TRANSLATE 3 /* As NORMAL, ptr never translated. */

/* mmuext_op.cmd values. */
#define MMUEXT_PIN_L1_TABLE 0
#define MMUEXT_PIN_L2_TABLE 1
#define MMUEXT_PIN_L3_TABLE 2
#define MMUEXT_PIN_L4_TABLE 3
#define MMUEXT_UNPIN_TABLE 4
#define MMUEXT_NEW_BASEPTR 5
#define MMUEXT_TLB_FLUSH_LOCAL 6
#define MMUEXT_INVLPG_LOCAL 7
#define MMUEXT_TLB_FLUSH_MULTI 8
#define MMUEXT_INVLPG_MULTI 9
#define MMUEXT_TLB_FLUSH_ALL 10
#define MMUEXT_INVLPG_ALL 11
#define MMUEXT_FLUSH_CACHE 12
#define MMUEXT_SET_LDT 13
#define MMUEXT_NEW_USER_BASEPTR 15
#define MMUEXT_CLEAR_PAGE 16
#define MMUEXT_COPY_PAGE 17
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER 19
#define MMUEXT_UNMARK_SUPER 20

/* update_va_mapping flags: flush type in bits 0-1, scope in bit 2 (or a
 * pointer to a vCPU bitmap for UVMF_MULTI). */
#define UVMF_NONE (XEN_MK_ULONG(0) << 0)
#define UVMF_TLB_FLUSH (XEN_MK_ULONG(1) << 0)
#define UVMF_INVLPG (XEN_MK_ULONG(2) << 0)
#define UVMF_FLUSHTYPE_MASK (XEN_MK_ULONG(3) << 0)
#define UVMF_MULTI (XEN_MK_ULONG(0) << 2)
#define UVMF_LOCAL (XEN_MK_ULONG(0) << 2)
#define UVMF_ALL (XEN_MK_ULONG(1) << 2)

/* console_io commands. */
#define CONSOLEIO_write 0
#define CONSOLEIO_read 1

/* vm_assist commands and the assists a guest may turn on. */
#define VMASST_CMD_enable 0
#define VMASST_CMD_disable 1
#define VMASST_TYPE_4gb_segments 0
#define VMASST_TYPE_4gb_segments_notify 1
#define VMASST_TYPE_writable_pagetables 2
#define VMASST_TYPE_pae_extended_cr3 3
#define VMASST_TYPE_architectural_iopl 4
#define VMASST_TYPE_runstate_update_flag 5
#define VMASST_TYPE_m2p_strict 32

/*
 * Reserved domain ids. Spelled as in the hypervisor's satori/domain.h so
 * that one file may include both.
 */
#define DOMID_FIRST_RESERVED 0x7ff0
#define DOMID_SELF 0x7ff0
#define DOMID_IO 0x7ff1
#define DOMID_XEN 0x7ff2
#define DOMID_COW 0x7ff3
#define DOMID_INVALID 0x7ff4
#define DOMID_IDLE 0x7fff
#define DOMID_MASK 0x7fff

/* vcpu_time_info.flags. */
#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0)
#define XEN_PVCLOCK_GUEST_STOPPED (1 << 1)

#define MAX_GUEST_CMDLINE 1024

/* start_info.flags. */
#define SIF_PRIVILEGED (1 << 0)	     /* Privileged (may drive hardware). */
#define SIF_INITDOMAIN (1 << 1)	     /* The initial domain (dom0). */
#define SIF_MULTIBOOT_MOD (1 << 2)   /* mod_start is a multiboot module list. */
#define SIF_MOD_START_PFN (1 << 3)   /* mod_start is a PFN, not a VA. */
#define SIF_VIRT_P2M_4TOOLS (1 << 4) /* Tools want the linear p2m. */
#define SIF_PM_MASK (0xFF << 8)	     /* Power-management bits (dom0). */

/* dom0_vga_console_info.video_type. */
#define XEN_VGATYPE_TEXT_MODE_3 0x03
#define XEN_VGATYPE_VESA_LFB 0x23
#define XEN_VGATYPE_EFI_LFB 0x70

/* Ports in the 2-level event channel ABI: one bit per port in shared_info. */
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

#ifndef __ASSEMBLY__

typedef uint16_t domid_t;

DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);

/* One mmu_update request: see MMU_* above. */
struct mmu_update {
	uint64_t ptr;
	uint64_t val;
};
typedef struct mmu_update mmu_update_t;
DEFINE_XEN_GUEST_HANDLE(mmu_update_t);

/* One mmuext_op request; which arg fields count depends on cmd. */
struct mmuext_op {
	unsigned int cmd; /* MMUEXT_* */
	union {
		xen_pfn_t mfn;		   /* PIN_*, UNPIN, NEW_*BASEPTR, ... */
		unsigned long linear_addr; /* INVLPG_*, SET_LDT */
	} arg1;
	union {
		unsigned int nr_ents;		       /* SET_LDT */
		XEN_GUEST_HANDLE(const_void) vcpumask; /* *_MULTI */
		xen_pfn_t src_mfn;		       /* COPY_PAGE */
	} arg2;
};
typedef struct mmuext_op mmuext_op_t;
DEFINE_XEN_GUEST_HANDLE(mmuext_op_t);

/* One call of a multicall batch; result receives its return value. */
struct multicall_entry {
	xen_ulong_t op;
	xen_ulong_t result;
	xen_ulong_t args[6];
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);

/*
 * pvclock record: system time = system_time + scaled (rdtsc - tsc_timestamp)
 * where scaling is a shift by tsc_shift then a 32.32 multiply by
 * tsc_to_system_mul. version is odd while the hypervisor updates it.
 */
struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp; /* TSC when system_time was sampled. */
	uint64_t system_time;	/* Nanoseconds since boot at that TSC. */
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags; /* XEN_PVCLOCK_* */
	uint8_t pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;

/*
 * Per-vCPU event and time state. evtchn_upcall_mask is the guest's virtual
 * interrupt flag; evtchn_upcall_pending says an upcall is due and
 * evtchn_pending_sel which words of shared_info.evtchn_pending to scan.
 */
struct vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	xen_ulong_t evtchn_pending_sel;
	struct arch_vcpu_info arch;
	struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;

/* The shared page, mapped by the guest at the frame start_info names. */
struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
	xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
	/* Wall clock at system time 0; wc_version is odd while it changes. */
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	uint32_t wc_sec_hi;
	struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;

/*
 * What a PV kernel finds at rsi on entry (dom0 and domU). Frame numbers
 * are machine frames; pt_base, mfn_list and (unless SIF_MOD_START_PFN)
 * mod_start are virtual addresses in the initial mapping.
 */
struct start_info {
	char magic[32]; /* "xen-<version>-x86_64" */
	unsigned long nr_pages;
	unsigned long shared_info; /* Machine address of shared_info. */
	uint32_t flags;		   /* SIF_* */
	xen_pfn_t store_mfn;
	uint32_t store_evtchn;
	union {
		struct {
			xen_pfn_t mfn;
			uint32_t evtchn;
		} domU;
		struct {
			uint32_t info_off; /* dom0_vga_console_info offset. */
			uint32_t info_size;
		} dom0;
	} console;
	unsigned long pt_base;	    /* Initial page tables. */
	unsigned long nr_pt_frames; /* Their frame count. */
	unsigned long mfn_list;	    /* The p2m array. */
	unsigned long mod_start;    /* Initial ramdisk, or 0. */
	unsigned long mod_len;
	int8_t cmd_line[MAX_GUEST_CMDLINE];
	unsigned long first_p2m_pfn; /* Where the p2m starts, if mapped. */
	unsigned long nr_p2m_frames;
};
typedef struct start_info start_info_t;

/* Entry of the module list when SIF_MULTIBOOT_MOD is set. */
struct xen_multiboot_mod_list {
	uint32_t mod_start; /* Physical address of the first byte. */
	uint32_t mod_end;   /* Physical address of the last byte. */
	uint32_t cmdline;   /* Physical address of a NUL-terminated string. */
	uint32_t pad;
};

/* dom0's boot console, at start_info + console.dom0.info_off. */
typedef struct dom0_vga_console_info {
	uint8_t video_type; /* XEN_VGATYPE_* */
	union {
		struct {
			uint16_t font_height;
			uint16_t cursor_x, cursor_y;
			uint16_t rows, columns;
		} text_mode_3;
		struct {
			uint16_t width, height;
			uint16_t bytes_per_line;
			uint16_t bits_per_pixel;
			uint32_t
				lfb_base; /* Low 32 bits of the frame buffer. */
			uint32_t lfb_size; /* In 64 KiB units. */
			uint8_t red_pos, red_size;
			uint8_t green_pos, green_size;
			uint8_t blue_pos, blue_size;
			uint8_t rsvd_pos, rsvd_size;
			uint32_t gbl_caps;
			uint16_t mode_attrs;
			uint16_t pad;
			uint32_t ext_lfb_base; /* High 32 bits of lfb_base. */
		} vesa_lfb;
	} u;
} dom0_vga_console_info_t;
#define xen_vga_console_info dom0_vga_console_info
#define xen_vga_console_info_t dom0_vga_console_info_t

typedef uint8_t xen_domain_handle_t[16];

typedef struct {
	uint8_t a[16];
} xen_uuid_t;

/* A bitmap (of CPUs, nodes) passed by reference to domctl and sysctl. */
struct xenctl_bitmap {
	XEN_GUEST_HANDLE_64(uint8) bitmap;
	uint32_t nr_bits;
};
typedef struct xenctl_bitmap xenctl_bitmap_t;

XEN_ABI_SIZE(struct mmu_update, 16);
XEN_ABI_SIZE(struct mmuext_op, 24);
XEN_ABI_OFFSET(struct mmuext_op, arg1, 8);
XEN_ABI_OFFSET(struct mmuext_op, arg2, 16);
XEN_ABI_SIZE(struct multicall_entry, 64);
XEN_ABI_OFFSET(struct multicall_entry, args, 16);
XEN_ABI_SIZE(struct vcpu_time_info, 32);
XEN_ABI_OFFSET(struct vcpu_time_info, tsc_to_system_mul, 0x18);
XEN_ABI_OFFSET(struct vcpu_time_info, tsc_shift, 0x1c);
XEN_ABI_OFFSET(struct vcpu_time_info, flags, 0x1d);
XEN_ABI_SIZE(struct vcpu_info, 64);
XEN_ABI_OFFSET(struct vcpu_info, evtchn_upcall_mask, 1);
XEN_ABI_OFFSET(struct vcpu_info, evtchn_pending_sel, 8);
XEN_ABI_OFFSET(struct vcpu_info, arch, 0x10);
XEN_ABI_OFFSET(struct vcpu_info, time, 0x20);
XEN_ABI_SIZE(struct shared_info, 3136);
XEN_ABI_OFFSET(struct shared_info, evtchn_pending, 0x800);
XEN_ABI_OFFSET(struct shared_info, evtchn_mask, 0xa00);
XEN_ABI_OFFSET(struct shared_info, wc_version, 0xc00);
XEN_ABI_OFFSET(struct shared_info, wc_sec_hi, 0xc0c);
XEN_ABI_OFFSET(struct shared_info, arch, 0xc10);
XEN_ABI_SIZE(struct start_info, 1168);
XEN_ABI_OFFSET(struct start_info, nr_pages, 32);
XEN_ABI_OFFSET(struct start_info, flags, 48);
XEN_ABI_OFFSET(struct start_info, store_mfn, 56);
XEN_ABI_OFFSET(struct start_info, store_evtchn, 64);
XEN_ABI_OFFSET(struct start_info, console, 72);
XEN_ABI_OFFSET(struct start_info, pt_base, 88);
XEN_ABI_OFFSET(struct start_info, mod_len, 120);
XEN_ABI_OFFSET(struct start_info, cmd_line, 128);
XEN_ABI_OFFSET(struct start_info, first_p2m_pfn, 1152);
XEN_ABI_SIZE(struct xen_multiboot_mod_list, 16);
XEN_ABI_SIZE(struct dom0_vga_console_info, 40);
XEN_ABI_SIZE(struct xenctl_bitmap, 16);

#endif /* !__ASSEMBLY__ */

#endif
