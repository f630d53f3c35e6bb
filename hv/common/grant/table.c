/* SPDX-License-Identifier: MIT */
/*
 * Grant tables' life: creation with one frame (as Xen's
 * INITIAL_NR_GRANT_FRAMES on x86), growth on setup_table, destruction.
 * The frames are hypervisor pages given to the domain with a permanent
 * writable type, like shared_info, so the guest can map them by machine
 * frame; the limit is gnttab_max_frames= (Xen 4.17's default, 64).
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/grant-table.h>
#include <satori/log.h>
#include <satori/mm.h>
#include <satori/page-info.h>
#include <satori/param.h>
#include <satori/xmalloc.h>

#include <asm/pv-mm.h>

#include "grant-private.h"

/* Xen's option of the same name; 1..GRANT_MAX_FRAMES_CAP. */
static unsigned int opt_max_frames = 64;
integer_param("gnttab_max_frames", opt_max_frames);

/* A sanity bound on the option: 4096 frames are 2M grant entries. */
#define GRANT_MAX_FRAMES_CAP 4096

/* Xen's option and default; Xen keeps 256 handles per maptrack frame. */
static unsigned int opt_max_maptrack_frames = 1024;
integer_param("gnttab_max_maptrack_frames", opt_max_maptrack_frames);
#define MAPTRACK_PER_FRAME 256
#define MAPTRACK_FRAMES_CAP 16384

int grant_table_grow(struct domain *d, struct grant_table *gt, unsigned int nr)
{
	unsigned int i;

	for (i = gt->nr_frames; i < nr; i++) {
		gt->shared[i] = alloc_xenheap_pages_zeroed(0);
		gt->active[i] =
			xzalloc_array(struct active_grant, GRANT_PER_FRAME);
		if (!gt->shared[i] || !gt->active[i])
			goto fail;
	}
	/* Only now the frames become the guest's: nothing to undo later. */
	for (i = gt->nr_frames; i < nr; i++)
		pv_share_xen_page(d, gt->shared[i]);
	if (nr > 1)
		log_debug("grant: d%u: table grown from %u to %u frames\n",
			  d->domain_id, gt->nr_frames, nr);
	gt->nr_frames = nr;
	return 0;
fail:
	for (unsigned int j = gt->nr_frames; j <= i && j < nr; j++) {
		if (gt->shared[j])
			free_xenheap_pages(gt->shared[j], 0);
		xfree(gt->active[j]);
		gt->shared[j] = NULL;
		gt->active[j] = NULL;
	}
	return -ENOMEM;
}

uint64_t grant_frame_mfn(const struct grant_table *gt, unsigned int i)
{
	return mfn_x(page_to_mfn(virt_to_page(gt->shared[i])));
}

static unsigned int max_maptrack_entries(void)
{
	unsigned int f = opt_max_maptrack_frames;

	if (f < 1)
		f = 1;
	if (f > MAPTRACK_FRAMES_CAP)
		f = MAPTRACK_FRAMES_CAP;
	return f * MAPTRACK_PER_FRAME;
}

/* Free what grant_table_init() allocated, frames excluded. */
static void free_table_arrays(struct grant_table *gt)
{
	if (gt->active)
		for (unsigned int i = 0; i < gt->max_frames; i++)
			xfree(gt->active[i]);
	xfree(gt->active);
	xfree(gt->shared);
	maptrack_free(&gt->maptrack);
	xfree(gt);
}

static unsigned int max_frames_option(void)
{
	if (opt_max_frames < 1)
		return 1;
	if (opt_max_frames > GRANT_MAX_FRAMES_CAP)
		return GRANT_MAX_FRAMES_CAP;
	return opt_max_frames;
}

int grant_table_init(struct domain *d)
{
	struct grant_table *gt = xzalloc(struct grant_table);

	if (!gt)
		return -ENOMEM;
	spin_lock_init(&gt->lock);
	spin_lock_init(&gt->maptrack_lock);
	gt->version = 1;
	gt->max_frames = max_frames_option();
	gt->shared = xzalloc_array(void *, gt->max_frames);
	gt->active = xzalloc_array(struct active_grant *, gt->max_frames);
	if (!gt->shared || !gt->active ||
	    maptrack_init(&gt->maptrack, max_maptrack_entries()) ||
	    grant_table_grow(d, gt, 1)) {
		free_table_arrays(gt);
		return -ENOMEM;
	}
	d->grant_table = gt;
	return 0;
}

void grant_table_destroy(struct domain *d)
{
	struct grant_table *gt = d->grant_table;

	if (!gt)
		return;
	/* grant_release_mappings() ran at domain_kill(). */
	if (gt->maptrack.in_use)
		log_err("grant: d%u destroyed with %u mappings held\n",
			d->domain_id, gt->maptrack.in_use);
	for (unsigned int i = 0; i < gt->nr_frames; i++)
		/* Still referenced (a bug elsewhere): leak, never free. */
		if (pv_unshare_xen_page(d, gt->shared[i]))
			free_xenheap_pages(gt->shared[i], 0);
	free_table_arrays(gt);
	d->grant_table = NULL;
}

unsigned int grant_table_nr_frames(struct domain *d)
{
	return d->grant_table ? d->grant_table->nr_frames : 0;
}

/* The counts a pin of @act stands for held on the frame by others. */
static void pin_refs(const struct active_grant *act, bool foreign_host,
		     uint64_t *general, uint64_t *type)
{
	uint32_t hw = act->pin & GNTPIN_HSTW_MASK;
	uint32_t hr = (act->pin & GNTPIN_HSTR_MASK) / GNTPIN_HSTR_INC;
	uint32_t dw = (act->pin & GNTPIN_DEVW_MASK) / GNTPIN_DEVW_INC;
	uint32_t dr = (act->pin & GNTPIN_DEVR_MASK) / GNTPIN_DEVR_INC;

	/* Device mappings' references are the maptrack's; host mappings'
	 * are L1 entries, which a check of the mapper's own frames counts
	 * when it maps itself. */
	*general += dw + dr;
	*type += dw;
	if (foreign_host) {
		*general += hw + hr;
		*type += hw;
	}
}

/* Whether @id is one of @ids[@n]. */
static bool listed(uint16_t id, const uint16_t *ids, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

void grant_foreign_refs(const struct domain *d, uint64_t mfn,
			const uint16_t *dying, unsigned int nr_dying,
			uint64_t *general, uint64_t *type)
{
	const struct grant_table *gt = d->grant_table;

	*general = 0;
	*type = 0;
	if (!gt)
		return;
	for (uint32_t ref = 0; ref < grant_nr_entries(gt); ref++) {
		const struct active_grant *act = grant_active_entry(gt, ref);

		if (act->pin && act->mfn == mfn)
			pin_refs(act,
				 act->domid != d->domain_id &&
					 !listed(act->domid, dying, nr_dying),
				 general, type);
	}
}
