/* SPDX-License-Identifier: MIT */
/*
 * mmuext_op (26): a batch of extended MMU operations (pv-abi 3.7; Xen's
 * do_mmuext_op is the reference for every error code). Operations run in
 * order and the batch stops at the first error, which is returned;
 * *done_out (if given) receives how many completed, including those of
 * earlier, preempted rounds. A long batch yields between operations
 * through a continuation: the count carries MMU_UPDATE_PREEMPTED and the
 * pointer advances, so the guest sees one call. Pins, unpins and base
 * pointer switches of the caller's own tables validate and devalidate
 * preemptibly (page-type.c, "Preemption"): a stopped validation is
 * re-issued, a stopped devalidation finishes before the next operation.
 *
 * foreigndom names the owner of the frames pinned, cleared or copied (as
 * Xen's get_pg_owner: DOMID_SELF, or another domain for a privileged
 * caller; naming oneself by number is -ESRCH). Operations on the caller's
 * own vCPU (base pointers, TLB, LDT, cache) need the owner to be the
 * caller (-EPERM).
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/perfc.h>
#include <satori/smp.h>
#include <satori/string.h>

#include <asm/cpu-ops.h>
#include <asm/page-type.h>
#include <asm/pv-desc.h>

#include <public/xen.h>

#include "mmu.h"
#include "mmuext.h"

/* Everything one batch works with. */
struct mmuext_ctx {
	struct vcpu *curr;
	struct domain *currd;
	struct domain *pg_owner; /* NULL: DOMID_IO/XEN, which owns nothing. */
	bool owner_ref;		 /* pg_owner is a reference to put. */
};

/* One operation as the guest lays it out (public/xen.h, 24 bytes). */
struct guest_mmuext_op {
	uint32_t cmd;
	uint32_t pad;
	uint64_t arg1; /* mfn or linear_addr */
	uint64_t arg2; /* nr_ents, vcpumask pointer or src_mfn */
};
_Static_assert(sizeof(struct guest_mmuext_op) == sizeof(struct mmuext_op),
	       "mmuext_op layout");

static int get_pg_owner(struct mmuext_ctx *c, uint16_t domid)
{
	struct domain *d;

	if (domid == DOMID_SELF) {
		c->pg_owner = c->currd;
		return 0;
	}
	if (domid == c->currd->domain_id)
		return -ESRCH;
	if (domid == DOMID_IO || domid == DOMID_XEN) {
		if (!c->currd->is_privileged)
			return -EPERM;
		c->pg_owner = NULL;
		return 0;
	}
	d = get_domain_by_id(domid);
	if (!d)
		return -ESRCH;
	if (!c->currd->is_privileged) {
		put_domain(d);
		return -EPERM;
	}
	c->pg_owner = d;
	c->owner_ref = true;
	return 0;
}

/* Xen's cache_flush_permitted(): a domain with I/O access (dom0 here). */
static bool cache_flush_permitted(const struct domain *d)
{
	return d->is_initdomain;
}

/* The frame @mfn of @owner with a general reference, or NULL. */
static struct page_info *get_owned_page(struct domain *owner, uint64_t mfn)
{
	struct page_info *pg;

	if (!owner || !mfn_valid(_mfn(mfn)))
		return NULL;
	pg = mfn_to_page(_mfn(mfn));
	return get_page(pg, owner) ? pg : NULL;
}

static struct pt_resume *pt_work(struct mmuext_ctx *c)
{
	return &c->curr->arch.pin_resume;
}

/* A pin of the caller's own table validates preemptibly: -ERESTART (a
 * continuation of the batch at this operation) leaves the table partial,
 * and the re-issue carries on (page-type.c, "Preemption"). */
static int pin_own(struct mmuext_ctx *c, struct page_info *pg,
		   unsigned int level)
{
	uint64_t type = (uint64_t)level << PGT_type_shift;
	int rc = get_page_and_type_preemptible(pg, c->currd, type, pt_work(c));

	if (rc)
		return rc;
	if (pg->u.type_info & PGT_pinned) {
		put_page_and_type(pg); /* Not the last: the pin holds one. */
		return -EINVAL;
	}
	pg->u.type_info |= PGT_pinned;
	return 0;
}

/* Foreign pins (privileged callers) are done at once: a partial table of
 * another domain must not wait in this vCPU. */
static int op_pin(struct mmuext_ctx *c, uint64_t mfn, unsigned int level)
{
	struct domain *o = c->pg_owner;
	struct page_info *pg;
	int rc;

	perfc_incr(mmuext_pin);
	if (!o || !mfn_valid(_mfn(mfn)))
		return -EINVAL;
	pg = mfn_to_page(_mfn(mfn));
	spin_lock(&o->arch.pt_lock);
	if (o != c->currd)
		rc = pin_table(pg, level, o);
	else
		rc = pin_own(c, pg, level);
	spin_unlock(&o->arch.pt_lock);
	return rc;
}

/* An unpin of one's own table that stops devalidating is complete for
 * the guest; the rest runs before its next operation. */
static int unpin_own(struct mmuext_ctx *c, struct page_info *pg)
{
	if (!get_page(pg, c->currd))
		return -EINVAL;
	if (!(pg->u.type_info & PGT_pinned)) {
		put_page(pg);
		return -EINVAL;
	}
	pg->u.type_info &= ~PGT_pinned;
	(void)put_page_and_type_preemptible(pg, pt_work(c));
	put_page(pg);
	return 0;
}

static int op_unpin(struct mmuext_ctx *c, uint64_t mfn)
{
	struct domain *o = c->pg_owner;
	int rc;

	perfc_incr(mmuext_unpin);
	if (!o || !mfn_valid(_mfn(mfn)))
		return -EINVAL;
	spin_lock(&o->arch.pt_lock);
	if (o != c->currd)
		rc = unpin_table(mfn_to_page(_mfn(mfn)), o);
	else
		rc = unpin_own(c, mfn_to_page(_mfn(mfn)));
	spin_unlock(&o->arch.pt_lock);
	return rc;
}

/* Take @pg (already referenced) as writable for the copy or clear. */
static bool get_writable(struct page_info *pg)
{
	return get_page_type(pg, PGT_writable_page) == 0;
}

static int op_clear_page(struct mmuext_ctx *c, uint64_t mfn)
{
	struct domain *o = c->pg_owner;
	struct page_info *pg;
	int rc = -EINVAL;

	if (!o)
		return -EINVAL;
	spin_lock(&o->arch.pt_lock);
	pg = get_owned_page(o, mfn);
	if (pg && get_writable(pg)) {
		clear_pages(page_to_virt(pg), PAGE_SIZE);
		put_page_type(pg);
		rc = 0;
	}
	if (pg)
		put_page(pg);
	spin_unlock(&o->arch.pt_lock);
	return rc;
}

static int op_copy_page(struct mmuext_ctx *c, uint64_t dst, uint64_t src)
{
	struct domain *o = c->pg_owner;
	struct page_info *s, *t = NULL;
	int rc = -EINVAL;

	if (!o)
		return -EINVAL;
	spin_lock(&o->arch.pt_lock);
	s = get_owned_page(o, src);
	if (s)
		t = get_owned_page(o, dst);
	if (t && get_writable(t)) {
		memcpy(page_to_virt(t), page_to_virt(s), PAGE_SIZE);
		put_page_type(t);
		rc = 0;
	}
	if (t)
		put_page(t);
	if (s)
		put_page(s);
	spin_unlock(&o->arch.pt_lock);
	return rc;
}

static int op_baseptr(struct mmuext_ctx *c, uint64_t mfn, bool user)
{
	int rc;

	if (c->pg_owner != c->currd)
		return -EPERM;
	spin_lock(&c->currd->arch.pt_lock);
	rc = user ? pv_new_user_baseptr(c->curr, mfn)
		  : pv_new_baseptr(c->curr, mfn);
	spin_unlock(&c->currd->arch.pt_lock);
	return rc;
}

/*
 * MMUEXT_SET_LDT (Xen's checks: the base page-aligned and a guest
 * address, at most 8192 entries; with 0 entries the base is ignored).
 * The pages are mapped when the CPU first uses them (pv/ldt.c).
 */
static int op_set_ldt(struct mmuext_ctx *c, uint64_t ptr, uint32_t ents)
{
	if (c->pg_owner != c->currd)
		return -EPERM;
	if (!ents)
		ptr = 0;
	if (ents > PV_LDT_MAX_ENTRIES || (ptr & (PAGE_SIZE - 1)) ||
	    !guest_range_ok(ptr, 1))
		return -EINVAL;
	spin_lock(&c->currd->arch.pt_lock);
	pv_ldt_set(c->curr, ptr, ents);
	spin_unlock(&c->currd->arch.pt_lock);
	return 0;
}

static int op_flush(struct mmuext_ctx *c, const struct guest_mmuext_op *op)
{
	bool one = op->cmd == MMUEXT_INVLPG_LOCAL ||
		   op->cmd == MMUEXT_INVLPG_MULTI ||
		   op->cmd == MMUEXT_INVLPG_ALL;

	if (c->pg_owner != c->currd)
		return -EPERM;
	switch (op->cmd) {
	case MMUEXT_TLB_FLUSH_LOCAL:
	case MMUEXT_INVLPG_LOCAL:
		pv_flush_local(one, op->arg1);
		return 0;
	case MMUEXT_TLB_FLUSH_MULTI:
	case MMUEXT_INVLPG_MULTI:
		return pv_flush_vcpus(c->currd, false, op->arg2, one, op->arg1);
	default: /* TLB_FLUSH_ALL, INVLPG_ALL */
		return pv_flush_vcpus(c->currd, true, 0, one, op->arg1);
	}
}

static void wbinvd_on_cpu(void *unused)
{
	(void)unused;
	wbinvd();
}

static int op_flush_cache(struct mmuext_ctx *c, bool global)
{
	if (c->pg_owner != c->currd)
		return -EPERM;
	/* Xen's codes differ: -EACCES locally, -EINVAL for the global one. */
	if (!cache_flush_permitted(c->currd))
		return global ? -EINVAL : -EACCES;
	if (global)
		smp_call_function(wbinvd_on_cpu, NULL, true);
	wbinvd();
	return 0;
}

static int mmuext_one(struct mmuext_ctx *c, const struct guest_mmuext_op *op)
{
	switch (op->cmd) {
	case MMUEXT_PIN_L1_TABLE:
	case MMUEXT_PIN_L2_TABLE:
	case MMUEXT_PIN_L3_TABLE:
	case MMUEXT_PIN_L4_TABLE:
		return op_pin(c, op->arg1, op->cmd - MMUEXT_PIN_L1_TABLE + 1);
	case MMUEXT_UNPIN_TABLE:
		return op_unpin(c, op->arg1);
	case MMUEXT_NEW_BASEPTR:
	case MMUEXT_NEW_USER_BASEPTR:
		return op_baseptr(c, op->arg1,
				  op->cmd == MMUEXT_NEW_USER_BASEPTR);
	case MMUEXT_TLB_FLUSH_LOCAL:
	case MMUEXT_INVLPG_LOCAL:
	case MMUEXT_TLB_FLUSH_MULTI:
	case MMUEXT_INVLPG_MULTI:
	case MMUEXT_TLB_FLUSH_ALL:
	case MMUEXT_INVLPG_ALL:
		return op_flush(c, op);
	case MMUEXT_FLUSH_CACHE:
	case MMUEXT_FLUSH_CACHE_GLOBAL:
		return op_flush_cache(c, op->cmd == MMUEXT_FLUSH_CACHE_GLOBAL);
	case MMUEXT_SET_LDT:
		return op_set_ldt(c, op->arg1, (uint32_t)op->arg2);
	case MMUEXT_CLEAR_PAGE:
		return op_clear_page(c, op->arg1);
	case MMUEXT_COPY_PAGE:
		return op_copy_page(c, op->arg1, op->arg2);
	case MMUEXT_MARK_SUPER:
	case MMUEXT_UNMARK_SUPER:
		return -EOPNOTSUPP; /* Xen 4.17 dropped superpage support. */
	default:
		return -ENOSYS;
	}
}

/* Run operations [0, count) at @ops; *i says how many completed. Returns
 * 0, an operation's error, or -ERESTART when it should yield. */
static int run_batch(struct mmuext_ctx *c, uint64_t ops, unsigned int count,
		     unsigned int *i)
{
	struct guest_mmuext_op op;
	int rc;

	for (*i = 0; *i < count; (*i)++) {
		/* A pending devalidation runs first, in the next call. */
		if (pt_work(c)->old_active || (*i && hypercall_preempt_check()))
			return -ERESTART;
		if (copy_from_guest_raw(&op, ops + *i * (uint64_t)sizeof(op),
					sizeof(op)))
			return -EFAULT;
		rc = mmuext_one(c, &op);
		if (rc)
			return rc;
	}
	return 0;
}

long do_mmuext_op(uint64_t ops, uint64_t count_arg, uint64_t done_out,
		  uint64_t foreigndom)
{
	struct mmuext_ctx c = { .curr = current };
	unsigned int count = (unsigned int)count_arg, done = 0, i = 0;
	long rc;

	c.currd = c.curr->domain;
	if (pv_old_table_first(__HYPERVISOR_mmuext_op, ops, count_arg, done_out,
			       foreigndom, &rc))
		return rc;
	if (count & MMU_UPDATE_PREEMPTED) {
		count &= ~MMU_UPDATE_PREEMPTED;
		if (done_out)
			(void)copy_from_guest_raw(&done, done_out,
						  sizeof(done));
	}
	if (!guest_range_ok(ops, (size_t)count * sizeof(struct mmuext_op)))
		return -EFAULT;
	rc = get_pg_owner(&c, (uint16_t)foreigndom);
	if (rc)
		return rc;
	rc = run_batch(&c, ops, count, &i);
	if (rc == -ERESTART) {
		uint64_t args[HYPERCALL_MAX_ARGS] = {
			ops + i * (uint64_t)sizeof(struct mmuext_op),
			(count - i) | MMU_UPDATE_PREEMPTED, done_out,
			foreigndom, 0
		};

		rc = hypercall_create_continuation(__HYPERVISOR_mmuext_op,
						   args);
	} else if (pt_work(&c)->old_active) {
		rc = pv_finish_old_table(__HYPERVISOR_mmuext_op, rc);
	}
	if (c.owner_ref)
		put_domain(c.pg_owner);
	if (done_out) {
		done += i;
		(void)copy_to_guest_raw(done_out, &done, sizeof(done));
	}
	return rc;
}
