/* SPDX-License-Identifier: MIT */
/*
 * The grant-using operations, one request at a time (map.c, copy.c), and
 * the batch handlers of do_grant_table_op that drive them (batch.c).
 */
#ifndef GRANT_OPS_H
#define GRANT_OPS_H

#include <satori/types.h>

#include <public/grant_table.h>

struct domain;

/* Map one grant for the current domain; the result is in @op (status,
 * handle, dev_bus_addr), as Xen's map_grant_ref. */
void grant_map_one(struct gnttab_map_grant_ref *op);

/* One unmap request and what it took down, between its two halves. */
struct grant_unmap_work {
	uint32_t handle;
	uint64_t host_addr, dev_bus_addr, new_addr; /* From the guest. */
	int16_t status;				    /* GNTST_* result. */
	uint32_t done;	   /* GNTMAP_host_map/device_map/readonly taken down. */
	struct domain *rd; /* Referenced while done != 0. */
	uint32_t ref;
	uint64_t mfn;
};

/*
 * First half (Xen's unmap_common): check the handle and addresses,
 * remove the L1 entry / device mapping, free the handle when nothing is
 * left; w->status says how. The caller then flushes the current domain's
 * TLBs and calls grant_unmap_complete(), which drops the pins and the
 * device mapping's frame references.
 */
void grant_unmap_one(struct grant_unmap_work *w);
void grant_unmap_complete(struct grant_unmap_work *w);

/* One copy request for the current domain: its GNTST_* status. */
int16_t grant_copy_one(const struct gnttab_copy *op);

/* The batch handlers: count requests at @uop, with continuation; 0,
 * -EFAULT, or the continuation's value. */
long grant_op_map(uint64_t uop, uint32_t count);
long grant_op_unmap(uint64_t uop, uint32_t count);
long grant_op_unmap_and_replace(uint64_t uop, uint32_t count);
long grant_op_copy(uint64_t uop, uint32_t count);

#endif
