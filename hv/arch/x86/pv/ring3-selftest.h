/* SPDX-License-Identifier: MIT */
/*
 * Shared by the selftest=ring3 harness (ring3-selftest.c) and its guest
 * programs (ring3-guests.S): where the test guests live and where they
 * leave their results.
 */
#ifndef PV_RING3_SELFTEST_H
#define PV_RING3_SELFTEST_H

#define R3_CODE_VA 0x400000 /* One read-only, executable page. */
#define R3_DATA_VA 0x401000 /* Results, user stack, kernel stack. */
#define R3_UNMAPPED_VA 0x800000
#define R3_USER_STACK (R3_DATA_VA + 0x800)
#define R3_KERNEL_STACK (R3_DATA_VA + 0x1000)
#define R3_NULL_CALLS 2000

/* Result slots: byte offsets in the data page. */
#define R3_CONSOLE_RC 0x00
#define R3_NULL_RC 0x08
#define R3_NULL_CYCLES 0x10
#define R3_INT3_RIP 0x18
#define R3_INT3_CS 0x20
#define R3_AFTER_INT3 0x28
#define R3_PF_EC 0x30
#define R3_AFTER_PF 0x38
#define R3_IN_USER 0x40
#define R3_CB_RCX 0x48
#define R3_CB_CS 0x50
#define R3_REASON 0x58
#define R3_YIELDS_DONE 0x60
#define R3_BLOCK_RC 0x68

#endif
