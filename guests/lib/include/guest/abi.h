/* SPDX-License-Identifier: MIT */
/*
 * The guest ABI as test kernels see it: the shared public headers
 * (hv/include/public/, Xen 4.17's numbers and layouts) plus the few
 * guest-side facts they do not carry, such as the hypercall page's stride
 * and the page-table bits a guest writes with update_va_mapping.
 */
#ifndef GUEST_ABI_H
#define GUEST_ABI_H

#include <xen.h>
#include <errno.h>
#include <elfnote.h>

#ifndef __ASSEMBLY__
#include <callback.h>
#include <features.h>
#include <physdev.h>
#include <sched.h>
#include <version.h>
#endif

/* Each hypercall-page entry is 32 bytes; the page has 128 of them. */
#define HYPERCALL_ENTRY_SIZE 32
#define HYPERCALL_ENTRIES 128

/* Page-table entry bits. */
#define PTE_PRESENT 0x001UL
#define PTE_RW 0x002UL
#define PTE_USER 0x004UL
#define PTE_ACCESSED 0x020UL
#define PTE_DIRTY 0x040UL

/* trap_info.flags: DPL in bits 0-1; bit 2 masks events on delivery. */
#define TRAP_DPL(d) ((d)&3)
#define TRAP_MASK_EVENTS 4

#endif /* GUEST_ABI_H */
