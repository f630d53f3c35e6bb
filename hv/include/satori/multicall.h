/* SPDX-License-Identifier: MIT */
/*
 * Limits of do_multicall (hv/common/multicall.c).
 *
 * Xen preempts a long batch and continues it later through a hypercall
 * continuation. satori has no continuations yet, so a batch runs to the
 * end in one go and its length is capped instead: a longer list is
 * refused whole with -E2BIG before any entry runs (an errno Xen never
 * returns here). Linux batches at most 32 entries (MC_BATCH) and Mini-OS
 * fewer, so the cap only stops a guest that tries to hog the CPU.
 */
#ifndef SATORI_MULTICALL_H
#define SATORI_MULTICALL_H

#define MULTICALL_MAX_ENTRIES 256

#endif
