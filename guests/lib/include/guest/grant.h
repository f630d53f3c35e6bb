/* SPDX-License-Identifier: MIT */
/*
 * Grant-table helpers for the grant tests: the hypercall, and the
 * domain's own table (one v1 frame) set up and mapped through an MMU
 * window slot (guest/mmu.h), as a PV kernel reaches its table.
 */
#ifndef GUEST_GRANT_H
#define GUEST_GRANT_H

#include <guest/hypercall.h>
#include <guest/mmu.h>
#include <guest/test.h>

#include <grant_table.h>

static inline long gnttab(unsigned int cmd, void *op, unsigned int count)
{
	return hypercall(__HYPERVISOR_grant_table_op, cmd, (uint64_t)op, count,
			 0, 0);
}

/* GNTTABOP_setup_table for one frame of this domain's table, mapped
 * writable at window slot @slot; a failure fails the test. */
static inline volatile struct grant_entry_v1 *grant_table_map(unsigned int slot)
{
	static uint64_t list[1];
	struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1 };

	set_xen_guest_handle(st.frame_list, list);
	CHECK_EQ("setup_table", gnttab(GNTTABOP_setup_table, &st, 1), 0);
	CHECK_EQ("setup_table status", st.status, GNTST_okay);
	CHECK_EQ("map table", mmu_window_map(slot, list[0], PTE_FLAGS_RW), 0);
	return mmu_window(slot);
}

#endif
