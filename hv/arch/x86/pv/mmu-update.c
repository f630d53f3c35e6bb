/* SPDX-License-Identifier: MIT */
/*
 * mmu_update: a batch of checked writes to page-table entries (named by
 * machine address) and to M2P entries. Semantics and errnos follow Xen's
 * do_mmu_update: requests run in order and the first failure ends the
 * batch; *done_out (if given) receives how many succeeded; foreigndom's
 * low 16 bits name the owner of the frames new L1 entries map, its high
 * 16 bits (plus 1) the owner of the tables written. A long batch is
 * preempted between requests and continued with MMU_UPDATE_PREEMPTED
 * set in the count (done_out then carries the progress so far). An
 * update of one's own L2-L4 table is preemptible too (page-type.c,
 * "Preemption"): it is re-issued while its new target's validation
 * stops, and a devalidation of the old target that stops finishes
 * before the next request.
 *
 * No TLB flush is done here, as in Xen without XPTI: the guest flushes
 * what it changed (mmuext_op, update_va_mapping flags). Safety does not
 * depend on it: a frame whose type changes later is flushed by the
 * TLB-flush clock.
 */
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/perfc.h>

#include <asm/m2p.h>
#include <asm/page-type.h>
#include <asm/pv-mm.h>

#include <public/xen.h>

#include "mmu.h"

/* The two domains a batch acts on, and whether the caller's right to
 * use them was checked yet (Xen checks at the first request). */
struct mmu_ctx {
	struct domain *pt_owner, *pg_owner;
	bool checked;
	/* The vCPU's preemptible work, for updates of its own L2-L4 tables
	 * (others' are done at once: their partial tables must not wait
	 * in this vCPU). */
	struct pt_resume *r;
};

/* Write @val raw into the (untyped or writable) frame @pg at @slot. */
static int write_plain(struct page_info *pg, unsigned int slot, pte_t val)
{
	pte_t *t;

	if (get_page_type(pg, PGT_writable_page))
		return -EINVAL;
	t = pt_hook_map(page_to_mfn(pg));
	__atomic_store_n(&t[slot], val, __ATOMIC_RELAXED);
	pt_hook_unmap(t);
	put_page_type(pg);
	return 0;
}

/* An L2-L4 entry of the table owner's own table (pg_owner == pt_owner):
 * preemptible for the caller's own tables. */
static int update_upper(const struct mmu_ctx *m, struct page_info *pg,
			unsigned int level, unsigned int slot, pte_t val,
			bool preserve_ad)
{
	if (m->r)
		return mod_entry_preemptible(pg, level, slot, val, preserve_ad,
					     m->pt_owner, m->r);
	switch (level) {
	case 2:
		return mod_l2_entry(pg, slot, val, preserve_ad, m->pt_owner);
	case 3:
		return mod_l3_entry(pg, slot, val, preserve_ad, m->pt_owner);
	default:
		return mod_l4_entry(pg, slot, val, preserve_ad, m->pt_owner);
	}
}

/* The update itself, on @pg (referenced), under the lock(s). */
static int update_entry(const struct mmu_ctx *m, struct page_info *pg,
			unsigned int slot, pte_t val, bool preserve_ad)
{
	uint64_t t = pg->u.type_info;
	bool same = m->pg_owner == m->pt_owner;

	if (!(t & PGT_count_mask))
		return write_plain(pg, slot, val);
	if ((t & PGT_type_mask) == PGT_writable_page)
		return write_plain(pg, slot, val);
	if (!(t & PGT_validated))
		return -EINVAL;
	val = pv_adjust_guest_entry(val);
	switch (t & PGT_type_mask) {
	case PGT_l1_page_table:
		return mod_l1_entry_foreign(pg, slot, val, preserve_ad,
					    m->pt_owner, m->pg_owner);
	case PGT_l2_page_table:
	case PGT_l3_page_table:
	case PGT_l4_page_table:
		if (!same)
			return -EINVAL;
		return update_upper(
			m, pg,
			(unsigned int)((t & PGT_type_mask) >> PGT_type_shift),
			slot, val, preserve_ad);
	default:
		return -EINVAL; /* A descriptor page. */
	}
}

static int normal_update(struct mmu_ctx *m, uint64_t ptr, uint64_t val,
			 bool preserve_ad)
{
	mfn_t mfn = maddr_to_mfn(ptr);
	unsigned int slot = (unsigned int)((ptr & (PAGE_SIZE - 1)) >> 3);
	struct page_info *pg;
	int rc = -EINVAL;

	if (!m->checked) {
		if (!pv_may_act_on(m->pt_owner) || !pv_may_act_on(m->pg_owner))
			return -EPERM;
		m->checked = true;
	}
	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	pt_lock_two(m->pt_owner, m->pg_owner);
	if (get_page(pg, m->pt_owner)) {
		rc = update_entry(m, pg, slot, val, preserve_ad);
		put_page(pg);
	}
	pt_unlock_two(m->pt_owner, m->pg_owner);
	return rc;
}

static int machphys_update(struct mmu_ctx *m, uint64_t ptr, uint64_t val)
{
	struct page_info *pg;
	mfn_t mfn = maddr_to_mfn(ptr);
	int rc = -EINVAL;

	if (m->pt_owner != current->domain)
		return -EPERM;
	if (!pv_may_act_on(m->pg_owner))
		return -EPERM;
	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	pt_lock(m->pg_owner);
	if (get_page(pg, m->pg_owner)) {
		m2p_set(mfn, (unsigned long)val);
		put_page(pg);
		rc = 0;
	}
	pt_unlock(m->pg_owner);
	return rc;
}

static int one_request(struct mmu_ctx *m, const struct mmu_update *req)
{
	unsigned int cmd = (unsigned int)(req->ptr & 7);
	uint64_t ptr = req->ptr - cmd;

	perfc_incr(mmu_update_req);
	switch (cmd) {
	case MMU_NORMAL_PT_UPDATE:
	case MMU_PT_UPDATE_NO_TRANSLATE: /* PV: machine addresses anyway. */
		return normal_update(m, ptr, req->val, false);
	case MMU_PT_UPDATE_PRESERVE_AD:
		return normal_update(m, ptr, req->val, true);
	case MMU_MACHPHYS_UPDATE:
		return machphys_update(m, req->ptr, req->val);
	default:
		return -ENOSYS;
	}
}

/* The table owner: the caller, or (high half of foreigndom) another. */
static int pick_pt_owner(uint32_t foreigndom, struct domain **out)
{
	uint32_t pt_dom = foreigndom >> 16;
	struct domain *d;

	*out = current->domain;
	if (!pt_dom)
		return 0;
	if (pt_dom - 1 == current->domain->domain_id)
		return 0;
	if (pt_dom - 1 >= DOMID_FIRST_RESERVED)
		return -ESRCH;
	d = get_domain_by_id((domid_t)(pt_dom - 1));
	if (!d)
		return -ESRCH;
	*out = d;
	if (!d->vcpus[0])
		return -EINVAL;
	return 0;
}

/* Run requests [0, count) from @reqs; *@i is how many succeeded. */
static long run_batch(struct mmu_ctx *m, uint64_t reqs, uint32_t count,
		      uint32_t *i)
{
	struct mmu_update req;
	long rc;

	for (*i = 0; *i < count; (*i)++) {
		/* A pending devalidation runs first, in the next call. */
		if ((m->r && m->r->old_active) ||
		    (*i && hypercall_preempt_check()))
			return -ERESTART;
		if (copy_from_guest_raw(&req, reqs + (uint64_t)*i * sizeof(req),
					sizeof(req)))
			return -EFAULT;
		rc = one_request(m, &req);
		if (rc)
			return rc;
	}
	return 0;
}

__hot_mmu_path long do_mmu_update(uint64_t reqs, uint64_t count_arg,
				  uint64_t done_out, uint64_t foreigndom_arg)
{
	uint32_t count = (uint32_t)count_arg,
		 foreigndom = (uint32_t)foreigndom_arg;
	struct mmu_ctx m = { 0 };
	uint32_t done = 0, i = 0;
	long rc;

	if (pv_old_table_first(__HYPERVISOR_mmu_update, reqs, count_arg,
			       done_out, foreigndom_arg, &rc))
		return rc;
	if (count & MMU_UPDATE_PREEMPTED) {
		count &= ~MMU_UPDATE_PREEMPTED;
		if (done_out)
			(void)copy_from_guest_raw(&done, done_out,
						  sizeof(done));
	}
	if (!guest_range_ok(reqs, (size_t)count * sizeof(struct mmu_update)))
		return -EFAULT;
	rc = pick_pt_owner(foreigndom, &m.pt_owner);
	if (rc) {
		if (m.pt_owner == current->domain)
			return rc; /* Xen: no done_out write for -ESRCH here. */
		goto out;
	}
	m.pg_owner = pv_get_pg_owner((uint16_t)foreigndom);
	if (!m.pg_owner) {
		rc = -ESRCH;
		goto out;
	}
	if (m.pt_owner == current->domain)
		m.r = &current->arch.pin_resume;
	rc = run_batch(&m, reqs, count, &i);
	pv_put_owner(m.pg_owner);
	if (rc == -ERESTART) {
		const uint64_t args[HYPERCALL_MAX_ARGS] = {
			reqs + (uint64_t)i * sizeof(struct mmu_update),
			(count - i) | MMU_UPDATE_PREEMPTED, done_out,
			foreigndom_arg
		};

		rc = hypercall_create_continuation(__HYPERVISOR_mmu_update,
						   args);
	} else if (m.r && m.r->old_active) {
		rc = pv_finish_old_table(__HYPERVISOR_mmu_update, rc);
	}
	pv_mmu_hypercall_done(m.pt_owner);
out:
	pv_put_owner(m.pt_owner);
	if (done_out) {
		done += i;
		(void)copy_to_guest_raw(done_out, &done, sizeof(done));
	}
	return rc;
}
