/* SPDX-License-Identifier: MIT */
/*
 * Switching a vCPU's page-table roots (MMUEXT_NEW_BASEPTR and
 * MMUEXT_NEW_USER_BASEPTR). Each root a vCPU holds in
 * arch.guest_table(_user) owns one general and one L4 type reference; the
 * new root's are taken (validating it if nothing else holds it as an L4)
 * before the old root's are dropped, so a table that is both stays
 * validated, and the old one is devalidated only once the CPU no longer
 * uses it. The consistency checker (dom-type-check.c) counts these as
 * the "extra" references the tables cannot show. Validation of the new
 * root and devalidation of the old may stop part way (page-type.c,
 * "Preemption"); the caller re-issues or finishes them.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/perfc.h>

#include <asm/page-type.h>

#include "mmuext.h"
#include "pv.h"

/* The new root's references, validating it preemptibly: -ERESTART when
 * that stopped (the operation is re-issued and carries on). */
static int take_root(struct vcpu *v, uint64_t mfn)
{
	if (!mfn_valid(_mfn(mfn)))
		return -EINVAL;
	return get_page_and_type_preemptible(mfn_to_page(_mfn(mfn)), v->domain,
					     PGT_l4_page_table,
					     &v->arch.pin_resume);
}

/* A devalidation of the old root that stops goes on in the vCPU's
 * pending old table, before the next operation (mmuext.c). */
static void drop_root(struct vcpu *v, uint64_t mfn)
{
	if (mfn)
		(void)put_page_and_type_preemptible(mfn_to_page(_mfn(mfn)),
						    &v->arch.pin_resume);
}

int pv_new_baseptr(struct vcpu *v, uint64_t mfn)
{
	uint64_t old = v->arch.guest_table;
	int rc;

	perfc_incr(baseptr);
	if (mfn == old) {
		pv_load_guest_cr3(v);
		return 0;
	}
	rc = take_root(v, mfn);
	if (rc)
		return rc;
	v->arch.guest_table = mfn;
	/* Hypercalls come from kernel mode: this is the live root. */
	if (v->arch.kernel_mode)
		pv_load_guest_cr3(v);
	drop_root(v, old);
	return 0;
}

int pv_new_user_baseptr(struct vcpu *v, uint64_t mfn)
{
	uint64_t old = v->arch.guest_table_user;
	int rc = 0;

	perfc_incr(user_baseptr);
	if (mfn == old)
		return 0;
	if (mfn)
		rc = take_root(v, mfn);
	if (rc)
		return rc;
	v->arch.guest_table_user = mfn;
	if (!v->arch.kernel_mode)
		pv_load_guest_cr3(v);
	drop_root(v, old);
	return 0;
}
