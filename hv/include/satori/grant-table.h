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

/*
 * The teardown's grant phase (Xen's gnttab_release_mappings): undo every
 * grant mapping @d holds (pins, device-mapping references, its references
 * on the granters), from the handle cursor kept in its table, a slice at
 * a time as @b allows (satori/teardown.h). 0 once all are released (again
 * 0 on later calls), -ERESTART while handles are left. @d is dying, its
 * vCPUs stopped. Host mappings' frame references stay in its L1 entries
 * and go with its page tables (as Xen for PV); the frame-type checker
 * counts them there meanwhile (pv/dom-type-check.c).
 */
struct teardown_budget;
int grant_release_mappings(struct domain *d, struct teardown_budget *b);

/* For the frame-type checker: the references on @d's frame @mfn held by
 * other domains' grant mappings (host and device: *@general; writable:
 * *@type), counted from the pins; host mappings of the grantees listed in
 * @dying[@nr_dying] are left out (the checker counts their L1 entries).
 * Reads without locks: a debugging aid, racy while grants are mapped or
 * unmapped concurrently (a dying mapper's device mapping between its
 * frame reference's release and its unpin, too). */
void grant_foreign_refs(const struct domain *d, uint64_t mfn,
			const uint16_t *dying, unsigned int nr_dying,
			uint64_t *general, uint64_t *type);

/* The number of grant frames @d has now (0 if it has no table). */
unsigned int grant_table_nr_frames(struct domain *d);

#endif
