/* SPDX-License-Identifier: MIT */
/*
 * ELF note types in the "Xen" namespace of a PV kernel image. The domain
 * builder reads them to learn the kernel's entry point, virtual base,
 * hypercall page address and required features.
 */
#ifndef PUBLIC_ELFNOTE_H
#define PUBLIC_ELFNOTE_H

#define XEN_ELFNOTE_INFO 0
#define XEN_ELFNOTE_ENTRY 1	      /* Virtual entry address. */
#define XEN_ELFNOTE_HYPERCALL_PAGE 2  /* Virtual address to put it at. */
#define XEN_ELFNOTE_VIRT_BASE 3	      /* Virtual address of the image base. */
#define XEN_ELFNOTE_PADDR_OFFSET 4    /* Subtracted from ELF paddrs. */
#define XEN_ELFNOTE_XEN_VERSION 5     /* String: "xen-3.0". */
#define XEN_ELFNOTE_GUEST_OS 6	      /* String: "linux", ... */
#define XEN_ELFNOTE_GUEST_VERSION 7   /* String. */
#define XEN_ELFNOTE_LOADER 8	      /* String: "generic". */
#define XEN_ELFNOTE_PAE_MODE 9	      /* String: "yes", "bimodal", ... */
#define XEN_ELFNOTE_FEATURES 10	      /* String: '|'-separated XENFEAT names. */
#define XEN_ELFNOTE_BSD_SYMTAB 11     /* String: "yes" to load symbols. */
#define XEN_ELFNOTE_HV_START_LOW 12   /* 32-bit PAE guests only. */
#define XEN_ELFNOTE_L1_MFN_VALID 13   /* Mask and value of valid L1 PTEs. */
#define XEN_ELFNOTE_SUSPEND_CANCEL 14 /* Supports suspend cancellation. */
#define XEN_ELFNOTE_INIT_P2M 15	      /* Virtual address for the p2m list. */
#define XEN_ELFNOTE_MOD_START_PFN 16  /* Wants mod_start as a PFN. */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17 /* 32-bit XENFEAT bitmap. */
#define XEN_ELFNOTE_PHYS32_ENTRY 18	  /* PVH 32-bit entry point. */
#define XEN_ELFNOTE_MAX XEN_ELFNOTE_PHYS32_ENTRY

/* Notes in crash dumps and core files, not in kernel images. */
#define XEN_ELFNOTE_CRASH_INFO 0x1000001
#define XEN_ELFNOTE_CRASH_REGS 0x1000002
#define XEN_ELFNOTE_DUMPCORE_NONE 0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER 0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION 0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION 0x2000003

#endif
