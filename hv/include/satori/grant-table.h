/* SPDX-License-Identifier: MIT */
/*
 * Per-domain grant tables (v1 layout only; docs/hacking/grant-tables.md).
 * A domain's table is a run of hypervisor pages shared with it like
 * shared_info: the guest maps them read-write by their machine frames and
 * writes its grant entries there. The table starts with one frame and
 * grows on GNTTABOP_setup_table up to gnttab_max_frames= (default 64).
 */
#ifndef SATORI_GRANT_TABLE_H
#define SATORI_GRANT_TABLE_H

#include <satori/types.h>

struct domain;

/* Create @d's grant table with its first frame: 0 or -ENOMEM. Called
 * from domain creation; on failure nothing is left to free. */
int grant_table_init(struct domain *d);

/* Take the frames back and free the table. Called at destruction after
 * the domain's own memory is gone (so its mappings of the frames are
 * dropped); a frame still referenced is leaked with an error line. */
void grant_table_destroy(struct domain *d);

/* The number of grant frames @d has now (0 if it has no table). */
unsigned int grant_table_nr_frames(struct domain *d);

#endif
