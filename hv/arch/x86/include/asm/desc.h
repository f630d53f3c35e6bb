/* SPDX-License-Identifier: MIT */
/*
 * Segment selectors and descriptors, with Xen's layout of the hypervisor's
 * reserved GDT page (public/arch-x86/xen-x86_64.h, pv-abi.md 1.12). Guests
 * own GDT entries 0-7167; entries from FIRST_RESERVED_GDT_ENTRY (byte
 * offset 0xe000) are the hypervisor's on every CPU. Shared by C and asm.
 */
#ifndef ASM_X86_DESC_H
#define ASM_X86_DESC_H

#include <asm/layout.h>

#define FIRST_RESERVED_GDT_ENTRY 7168
#define FIRST_RESERVED_GDT_BYTE \
	(FIRST_RESERVED_GDT_ENTRY * UL_CONST(8)) /* 0xe000 */

/* Selectors in the reserved page (RPL in the low two bits). */
#define HYPERVISOR_CS 0xe008
#define HYPERVISOR_DS 0xe010
#define FLAT_RING3_CS32 0xe023
#define FLAT_RING3_DS32 0xe02b
#define FLAT_RING3_CS64 0xe033
#define FLAT_KERNEL_CS FLAT_RING3_CS64
#define FLAT_KERNEL_SS FLAT_RING3_DS32
#define TSS_SELECTOR 0xe040
#define LDT_SELECTOR 0xe050
#define PER_CPU_SELECTOR 0xe060

/* The descriptors themselves: Xen's values, flat 4 GiB, L bit for 64-bit. */
#define DESC_HYPERVISOR_CS 0x00af9b000000ffff
#define DESC_HYPERVISOR_DS 0x00cf93000000ffff
#define DESC_RING3_CS32 0x00cffb000000ffff
#define DESC_RING3_DS32 0x00cff3000000ffff
#define DESC_RING3_CS64 0x00affb000000ffff

/* Index of selector @sel within the reserved GDT page. */
#define RESERVED_GDT_INDEX(sel) (((sel)-FIRST_RESERVED_GDT_BYTE) >> 3)

/* IST slots (1-7) of the TSS: each gets its own stack. */
#define IST_DF 1
#define IST_NMI 2
#define IST_MCE 3
/* #DB: MOV SS + SYSCALL delivers it on the guest's RSP otherwise. */
#define IST_DB 4
#define NR_IST_USED 4

#endif
