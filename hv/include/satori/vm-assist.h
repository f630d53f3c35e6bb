/* SPDX-License-Identifier: MIT */
/*
 * The VM assists a 64-bit PV domain may switch on with vm_assist (21),
 * and the test the code behind each one uses. Who must honour which:
 *   0 4gb_segments, 1 4gb_segments_notify: meaningless for 64-bit
 *     guests (no segment limits); accepted as Xen does.
 *   2 writable_pagetables: the MMU's trap-and-emulate of PTE writes.
 *   3 pae_extended_cr3: XENVER_get_features reports pae_pgdir_above_4gb.
 *   4 architectural_iopl: the privileged-op emulator's IOPL rules.
 *   5 runstate_update_flag: whoever writes runstate areas must set
 *     XEN_RUNSTATE_UPDATE around each update while it is on.
 *   32 m2p_strict: the M2P is not mapped in user L4s.
 */
#ifndef SATORI_VM_ASSIST_H
#define SATORI_VM_ASSIST_H

#include <satori/domain.h>

/* Xen's PV64_VM_ASSIST_MASK. */
#define VM_ASSIST_PV64_VALID (0x3fULL | (1ULL << 32))

/* True if @d has VM assist @type (a VMASST_TYPE_* number) switched on. */
static inline bool vm_assist_enabled(const struct domain *d, unsigned int type)
{
	return type < 64 &&
	       (__atomic_load_n(&d->arch.vm_assist, __ATOMIC_RELAXED) >> type) &
		       1;
}

#endif
