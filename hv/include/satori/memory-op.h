/* SPDX-License-Identifier: MIT */
/*
 * memory_op (hypercall 12): the split between the generic part
 * (hv/common/memory/: reservations, ballooning, reservation queries) and
 * the architecture's subops (hv/arch/x86/pv/memory-op.c: memory maps, the
 * M2P's location and frames). docs/hacking/memory-ops.md has the rules.
 */
#ifndef SATORI_MEMORY_OP_H
#define SATORI_MEMORY_OP_H

#include <satori/types.h>

struct domain;

/* cmd bits 5:0 are the subop, the bits above it the index of the next
 * extent when a reservation op continues (Xen's MEMOP_EXTENT_SHIFT). */
#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK ((1u << MEMOP_EXTENT_SHIFT) - 1)

/*
 * The architecture's memory_op subops, called with the whole @cmd
 * (continuation bits included, which no arch subop accepts) for every
 * subop the generic part does not handle. Returns the subop's result, or
 * -ENOSYS (logged once) for one it does not implement.
 */
long arch_memory_op(uint64_t cmd, uint64_t arg);

/* The highest guest frame number @d uses (XENMEM_maximum_gpfn). */
unsigned long arch_domain_max_gpfn(const struct domain *d);

#endif
