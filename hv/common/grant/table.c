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

int grant_table_grow(struct domain *d, struct grant_table *gt, unsigned int nr)
{
	unsigned int i;

	for (i = gt->nr_frames; i < nr; i++) {
		gt->shared[i] = alloc_xenheap_pages_zeroed(0);
		if (!gt->shared[i])
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
	for (unsigned int j = gt->nr_frames; j < i; j++) {
		free_xenheap_pages(gt->shared[j], 0);
		gt->shared[j] = NULL;
	}
	return -ENOMEM;
}

uint64_t grant_frame_mfn(const struct grant_table *gt, unsigned int i)
{
	return mfn_x(page_to_mfn(virt_to_page(gt->shared[i])));
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
	gt->version = 1;
	gt->max_frames = max_frames_option();
	gt->shared = xzalloc_array(void *, gt->max_frames);
	if (!gt->shared || grant_table_grow(d, gt, 1)) {
		xfree(gt->shared);
		xfree(gt);
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
	for (unsigned int i = 0; i < gt->nr_frames; i++)
		/* Still referenced (a bug elsewhere): leak, never free. */
		if (pv_unshare_xen_page(d, gt->shared[i]))
			free_xenheap_pages(gt->shared[i], 0);
	xfree(gt->shared);
	xfree(gt);
	d->grant_table = NULL;
}

unsigned int grant_table_nr_frames(struct domain *d)
{
	return d->grant_table ? d->grant_table->nr_frames : 0;
}
