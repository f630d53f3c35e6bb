/* SPDX-License-Identifier: MIT */
/*
 * set_trap_table: the guest's virtual IDT. The guest hands over an array
 * of struct trap_info ended by an entry with address 0; each entry
 * replaces the slot of its vector and every other slot keeps its handler.
 * A null pointer empties the whole table. The same rules as Xen's
 * (pv/callback.c): a non-canonical handler stops the call with -EINVAL
 * and leaves the entries before it merged, and CS gets RPL 3.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/string.h>

#include <public/xen.h>

#include "pv-util.h"

/*
 * Xen walks any number of entries and preempts a long walk with a
 * continuation. satori has no continuations yet, so one call reads at
 * most one entry per vector plus the terminator: Linux's whole IDT (256
 * gates and a 0 entry) fits. A longer list must repeat vectors; it gets
 * -E2BIG once the first 256 entries are merged.
 */
#define TRAP_TABLE_MAX_ENTRIES 256

static void merge_trap(struct vcpu *v, const struct trap_info *ti)
{
	struct pv_trap *t = &v->arch.trap_ctxt[ti->vector];

	t->address = ti->address;
	t->cs = pv_fixup_selector(ti->cs);
	t->flags = ti->flags;
}

long do_set_trap_table(uint64_t traps)
{
	struct vcpu *v = current;
	struct trap_info ti;
	unsigned int i;

	if (traps == 0) {
		memset(v->arch.trap_ctxt, 0, sizeof(v->arch.trap_ctxt));
		return 0;
	}

	for (i = 0; i <= TRAP_TABLE_MAX_ENTRIES; i++) {
		if (copy_from_guest_raw(&ti, traps + i * sizeof(ti),
					sizeof(ti)))
			return -EFAULT;
		if (ti.address == 0)
			return 0;
		if (i == TRAP_TABLE_MAX_ENTRIES)
			break;
		if (!pv_canonical(ti.address))
			return -EINVAL;
		merge_trap(v, &ti);
	}
	return -E2BIG;
}
