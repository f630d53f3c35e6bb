/* SPDX-License-Identifier: MIT */
/*
 * PHYSDEVOP_pirq_eoi_gmfn_v2: the guest names a frame of its own in
 * which the hypervisor keeps one "needs EOI" bit per pirq (set on
 * bind_pirq for a level-triggered GSI: pv/pirq.c). satori holds the frame
 * (general + writable reference, dropped at teardown, counted by the type
 * checker). Apart from physdev.c so the host unit tests need no frame
 * table.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/page-info.h>

#include <asm/page-type.h>
#include <asm/pv-mm.h>

#include <public/physdev.h>

/* PV: the gmfn is a machine frame, which must be the caller's and able
 * to take a writable type (-EINVAL); only one per domain (-EBUSY). */
long pv_pirq_eoi_gmfn(uint64_t arg)
{
	struct physdev_pirq_eoi_gmfn op;
	struct domain *d = current->domain;
	struct page_info *pg;
	long rc = 0;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (!mfn_valid(_mfn(op.gmfn)))
		return -EINVAL;
	pg = mfn_to_page(_mfn(op.gmfn));
	pt_lock(d);
	if (get_page_and_type(pg, d, PGT_writable_page)) {
		rc = -EINVAL;
	} else if (d->arch.pirq_eoi_mfn) {
		put_page_and_type(pg);
		rc = -EBUSY;
	} else {
		d->arch.pirq_eoi_mfn = op.gmfn;
	}
	pt_unlock(d);
	return rc;
}
