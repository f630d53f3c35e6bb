/* SPDX-License-Identifier: MIT */
/*
 * Constants shared by the PV entry assembly (entry/pv-entry.S) and C.
 */
#ifndef ASM_X86_PV_ENTRY_H
#define ASM_X86_PV_ENTRY_H

/* entry_vector of a frame saved by SYSCALL (beyond the 256 IDT vectors,
 * as Xen's TRAP_syscall). */
#define TRAP_syscall 256

/* `int $0x80` from ring 3 (IDT DPL 3): Xen's direct path to the guest's
 * trap_ctxt[0x80]; entry.S routes it to do_exception, not do_IRQ. */
#define PV_INT80_VECTOR 0x80

/* One SYSCALL stub per CPU, this far apart (pv-entry.S). */
#define SYSCALL_STUB_SIZE 32
#define SYSCALL_STUB_CPUS 64 /* == NR_CPUS, checked in pv/entry-setup.c */

#endif
