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

/* Undo every grant mapping @d holds (pins, device-mapping references,
 * its references on the granters), at domain_kill() once its vCPUs have
 * stopped; its host mappings' L1 entries go with its page tables. */
void grant_release_mappings(struct domain *d);

/* For the frame-type checker: the references on @d's frame @mfn held by
 * other domains' grant mappings (host and device: *@general; writable:
 * *@type). Reads without locks: a debugging aid, racy while grants are
 * mapped or unmapped concurrently. */
void grant_foreign_refs(const struct domain *d, uint64_t mfn, uint64_t *general,
			uint64_t *type);

/* The number of grant frames @d has now (0 if it has no table). */
unsigned int grant_table_nr_frames(struct domain *d);

#endif
