/* SPDX-License-Identifier: MIT */
/*
 * GNTTABOP_map_grant_ref and the two halves of unmapping (Xen's
 * map_grant_ref, unmap_common and unmap_common_complete), and the release
 * of a dying domain's mappings. A mapping pins the granter's active entry
 * (marking the shared entry GTF_reading / GTF_writing), holds a maptrack
 * handle in the mapper's table and a reference on the granting domain.
 * The frame references are held by the L1 entry for a host mapping (the
 * PV MMU drops them with the entry, asm/grant-map.h) and by the maptrack
 * entry for a device mapping. Unmapping removes entries first; the
 * caller flushes the TLBs before unmap_complete() releases the pins, so
 * the granter never sees a grant free that a stale TLB entry still maps.
 */
#include <satori/domain.h>
#include <satori/grant-table.h>
#include <satori/log.h>
#include <satori/teardown.h>

#include <asm/grant-map.h>

#include "grant-ops.h"
#include "grant-private.h"

/* The cache bits of a grant that a mapping inherits. */
#define GTF_CACHE_BITS (GTF_PWT | GTF_PCD | GTF_PAT)

static bool is_ro(uint32_t flags)
{
	return flags & GNTMAP_readonly;
}

/* Unpin what pin_counters() pinned for @flags. */
static void unpin_counters(struct grant_entry_v1 *sh, struct active_grant *act,
			   uint32_t flags)
{
	if (flags & GNTMAP_host_map)
		grant_unpin(sh, act, grant_pin_inc(false, is_ro(flags)));
	if (flags & GNTMAP_device_map)
		grant_unpin(sh, act, grant_pin_inc(true, is_ro(flags)));
}

/* Pin the device and/or host counter @flags ask for, all or none. */
static int16_t pin_counters(struct grant_entry_v1 *sh, struct active_grant *act,
			    uint16_t ldom, uint32_t flags)
{
	int16_t st = GNTST_okay;

	if (flags & GNTMAP_device_map)
		st = grant_pin(sh, act, ldom, grant_pin_inc(true, is_ro(flags)),
			       true);
	if (st == GNTST_okay && (flags & GNTMAP_host_map)) {
		st = grant_pin(sh, act, ldom,
			       grant_pin_inc(false, is_ro(flags)), true);
		if (st != GNTST_okay && (flags & GNTMAP_device_map))
			grant_unpin(sh, act, grant_pin_inc(true, is_ro(flags)));
	}
	return st;
}

/*
 * Pin @op->ref of @rd for the current domain: GNTST_okay with the frame
 * in *@mfn and the grant's cache bits in *@cache, or a status (nothing
 * pinned). The first pin checks that the frame is @rd's (bad_page).
 */
static int16_t pin_for_map(struct domain *rd,
			   const struct gnttab_map_grant_ref *op, uint64_t *mfn,
			   uint16_t *cache)
{
	struct grant_table *rgt = rd->grant_table;
	uint16_t ldom = current->domain->domain_id;
	struct grant_entry_v1 *sh;
	struct active_grant *act;
	int16_t st;
	bool first;

	spin_lock(&rgt->lock);
	if (op->ref >= grant_nr_entries(rgt)) {
		st = GNTST_bad_gntref;
		goto out;
	}
	sh = grant_shared_entry(rgt, op->ref);
	act = grant_active_entry(rgt, op->ref);
	first = !act->pin;
	st = pin_counters(sh, act, ldom, op->flags);
	if (st != GNTST_okay)
		goto out;
	if (first) {
		uint64_t frame = __atomic_load_n(&sh->frame, __ATOMIC_RELAXED);

		if (!pv_grant_frame_owned(rd, frame)) {
			unpin_counters(sh, act, op->flags);
			st = GNTST_bad_page;
			goto out;
		}
		act->mfn = frame;
	}
	*mfn = act->mfn;
	*cache = __atomic_load_n(&sh->flags, __ATOMIC_RELAXED) & GTF_CACHE_BITS;
out:
	spin_unlock(&rgt->lock);
	return st;
}

/* Drop the pins of a mapping of @ref in @rd that ends. */
static void unpin_mapping(struct domain *rd, uint32_t ref, uint32_t flags)
{
	struct grant_table *rgt = rd->grant_table;

	spin_lock(&rgt->lock);
	unpin_counters(grant_shared_entry(rgt, ref),
		       grant_active_entry(rgt, ref), flags);
	spin_unlock(&rgt->lock);
}

/* The frame references and the L1 entry of a new mapping, all or none. */
static int16_t take_mapping(struct domain *ld, struct domain *rd,
			    const struct gnttab_map_grant_ref *op, uint64_t mfn,
			    uint16_t cache)
{
	bool dev = op->flags & GNTMAP_device_map;
	int16_t st;

	/* Xen: a frame that cannot be pinned is a general error. */
	if (dev && pv_grant_get_frame(rd, mfn, !is_ro(op->flags)))
		return GNTST_general_error;
	if (!(op->flags & GNTMAP_host_map))
		return GNTST_okay;
	st = pv_grant_create_mapping(ld, rd, op->host_addr, mfn, op->flags,
				     cache);
	if (st != GNTST_okay && dev)
		pv_grant_put_frame(rd, mfn, !is_ro(op->flags));
	return st;
}

/* A handle of @lgt for a new mapping, or MAPTRACK_NONE. */
static uint32_t new_handle(struct grant_table *lgt)
{
	uint32_t handle;
	int rc;

	spin_lock(&lgt->maptrack_lock);
	rc = maptrack_get(&lgt->maptrack, &handle);
	spin_unlock(&lgt->maptrack_lock);
	return rc ? MAPTRACK_NONE : handle;
}

static void free_handle(struct grant_table *lgt, uint32_t handle)
{
	spin_lock(&lgt->maptrack_lock);
	maptrack_put(&lgt->maptrack, handle);
	spin_unlock(&lgt->maptrack_lock);
}

/* Record the mapping in @handle's entry; it keeps the reference on @rd. */
static void fill_handle(struct grant_table *lgt, uint32_t handle,
			struct domain *rd,
			const struct gnttab_map_grant_ref *op, uint64_t mfn)
{
	struct grant_map *m;

	spin_lock(&lgt->maptrack_lock);
	m = maptrack_entry(&lgt->maptrack, handle);
	m->ref = op->ref;
	m->domid = op->dom;
	m->mfn = mfn;
	m->rd = rd;
	m->flags = op->flags; /* Last: nonzero means complete. */
	spin_unlock(&lgt->maptrack_lock);
}

void grant_map_one(struct gnttab_map_grant_ref *op)
{
	struct domain *ld = current->domain, *rd;
	struct grant_table *lgt = ld->grant_table;
	uint64_t mfn = 0;
	uint16_t cache = 0;
	uint32_t handle;
	int16_t st;

	if (!(op->flags & (GNTMAP_device_map | GNTMAP_host_map))) {
		op->status = GNTST_bad_gntref; /* Xen's choice. */
		return;
	}
	/* By id only: Xen's map does not accept DOMID_SELF. */
	rd = get_domain_by_id(op->dom);
	if (!rd) {
		op->status = GNTST_bad_domain;
		return;
	}
	handle = new_handle(lgt);
	if (handle == MAPTRACK_NONE) {
		put_domain(rd);
		op->status = GNTST_no_space;
		return;
	}
	st = pin_for_map(rd, op, &mfn, &cache);
	if (st == GNTST_okay) {
		st = take_mapping(ld, rd, op, mfn, cache);
		if (st != GNTST_okay)
			unpin_mapping(rd, op->ref, op->flags);
	}
	if (st != GNTST_okay) {
		free_handle(lgt, handle);
		put_domain(rd);
		op->status = st;
		return;
	}
	fill_handle(lgt, handle, rd, op, mfn);
	op->dev_bus_addr = mfn << PAGE_SHIFT;
	op->handle = handle;
	op->status = GNTST_okay;
}

/* Take down the parts of @m that @w asks for, maptrack lock held. */
static int16_t unmap_parts(struct grant_unmap_work *w, struct grant_map *m)
{
	struct domain *ld = current->domain;
	uint32_t flags = m->flags;
	int16_t st;

	if (w->dev_bus_addr && (flags & GNTMAP_device_map) &&
	    w->dev_bus_addr != (m->mfn << PAGE_SHIFT))
		return GNTST_bad_dev_addr;
	if (w->host_addr && (flags & GNTMAP_host_map)) {
		st = pv_grant_replace_mapping(ld, m->rd, w->host_addr, m->mfn,
					      w->new_addr, flags);
		if (st != GNTST_okay)
			return st;
		m->flags &= ~GNTMAP_host_map;
		w->done |= GNTMAP_host_map | (flags & GNTMAP_readonly);
	}
	if (w->dev_bus_addr && (flags & GNTMAP_device_map)) {
		m->flags &= ~GNTMAP_device_map;
		w->done |= GNTMAP_device_map | (flags & GNTMAP_readonly);
	}
	return GNTST_okay;
}

void grant_unmap_one(struct grant_unmap_work *w)
{
	struct grant_table *lgt = current->domain->grant_table;
	struct grant_map *m;

	w->done = 0;
	spin_lock(&lgt->maptrack_lock);
	m = maptrack_entry(&lgt->maptrack, w->handle);
	if (!m || !m->flags) {
		spin_unlock(&lgt->maptrack_lock);
		w->status = GNTST_bad_handle;
		return;
	}
	w->status = unmap_parts(w, m);
	if (w->done) {
		/* The completion's own reference: @m's may go now. */
		get_domain_held(m->rd);
		w->rd = m->rd;
		w->ref = m->ref;
		w->mfn = m->mfn;
	}
	if (!(m->flags & (GNTMAP_device_map | GNTMAP_host_map))) {
		struct domain *rd = m->rd;

		maptrack_put(&lgt->maptrack, w->handle);
		spin_unlock(&lgt->maptrack_lock);
		put_domain(rd);
		return;
	}
	spin_unlock(&lgt->maptrack_lock);
}

void grant_unmap_complete(struct grant_unmap_work *w)
{
	uint32_t ro = w->done & GNTMAP_readonly;

	if (!w->done)
		return;
	if (w->done & GNTMAP_device_map) {
		pv_grant_put_frame(w->rd, w->mfn, !ro);
		unpin_mapping(w->rd, w->ref, GNTMAP_device_map | ro);
	}
	/* A host mapping's references went with its L1 entry. */
	if (w->done & GNTMAP_host_map)
		unpin_mapping(w->rd, w->ref, GNTMAP_host_map | ro);
	put_domain(w->rd);
	w->done = 0;
}

/* Release one live maptrack entry of a dying domain, lock held; returns
 * the granter, whose reference the caller drops after unlocking. */
static struct domain *release_one(struct grant_map *m)
{
	uint32_t ro = m->flags & GNTMAP_readonly;
	struct domain *rd = m->rd;

	/* Host mappings' references stay with the L1 entries, which the
	 * domain's page-table teardown drops (as Xen for PV). */
	if (m->flags & GNTMAP_device_map)
		pv_grant_put_frame(rd, m->mfn, !ro);
	unpin_mapping(rd, m->ref, m->flags);
	return rd;
}

/* One handle of a dying domain: released if live. */
static unsigned int release_handle(void *ctx, uint32_t h)
{
	struct grant_table *gt = ctx;
	struct grant_map *m;
	struct domain *rd;

	spin_lock(&gt->maptrack_lock);
	m = maptrack_entry(&gt->maptrack, h);
	if (!m || !m->flags) {
		spin_unlock(&gt->maptrack_lock);
		return TEARDOWN_VISIT_COST;
	}
	rd = release_one(m);
	maptrack_put(&gt->maptrack, h);
	spin_unlock(&gt->maptrack_lock);
	put_domain(rd);
	gt->released++;
	return TEARDOWN_RELEASE_COST;
}

int grant_release_mappings(struct domain *d, struct teardown_budget *b)
{
	struct grant_table *gt = d->grant_table;
	uint32_t limit;
	int rc;

	if (!gt)
		return 0;
	/* The domain maps nothing new: the limit stays put. */
	spin_lock(&gt->maptrack_lock);
	limit = maptrack_limit(&gt->maptrack);
	spin_unlock(&gt->maptrack_lock);
	if (gt->release_handle >= limit)
		return 0; /* Done before (or nothing ever mapped). */
	rc = teardown_walk(&gt->release_handle, limit, release_handle, gt, b);
	if (!rc && gt->released)
		log_info("grant: d%u: released %u mapping%s at death\n",
			 d->domain_id, gt->released,
			 gt->released == 1 ? "" : "s");
	return rc;
}
