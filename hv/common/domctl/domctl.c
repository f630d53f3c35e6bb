/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_domctl: control operations on a domain, for the control
 * domain only. The checks come in Xen's order: the structure is read
 * (-EFAULT), its interface version must be 4.17's (-EACCES), the target
 * domain must exist (-ESRCH), and the caller must be privileged (-EPERM).
 * An implemented op's structure is copied back whatever its result, as
 * Xen does. Implemented: XEN_DOMCTL_scheduler_op (sched-ctl.c) and
 * XEN_DOMCTL_destroydomain (preemptible, below); every other op is
 * -ENOSYS, logged once per domain.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>

#include <public/domctl.h>
#include <public/xen.h>

#include "domctl.h"

/*
 * XEN_DOMCTL_destroydomain: kill the domain and release its memory, one
 * slice per call, re-issuing the same domctl until it is done (Xen 4.17:
 * domain_kill() -ERESTART becomes a continuation; the guest sees one
 * call). A dying domain is still found, so the re-issues carry on; once
 * it is gone the answer is -ESRCH. Nothing is copied back (Xen neither).
 */
static long domctl_destroydomain(uint64_t arg, domid_t domid)
{
	const uint64_t args[HYPERCALL_MAX_ARGS] = { arg };
	struct domain *d = get_domain_by_id_dying(domid);
	long rc;

	if (!d)
		return -ESRCH;
	if (!current->domain->is_privileged) {
		put_domain(d);
		return -EPERM;
	}
	rc = domain_kill_preemptible(d);
	put_domain(d);
	if (rc == -ERESTART)
		rc = hypercall_create_continuation(__HYPERVISOR_domctl, args);
	return rc;
}

long do_domctl(uint64_t arg)
{
	struct xen_domctl op;
	struct domain *d;
	long rc;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
		return -EACCES;
	if (op.cmd == XEN_DOMCTL_destroydomain)
		return domctl_destroydomain(arg, op.domain);
	if (op.cmd != XEN_DOMCTL_scheduler_op)
		return hypercall_enosys(__HYPERVISOR_domctl, op.cmd);
	d = get_domain_by_id(op.domain);
	if (!d)
		return -ESRCH;
	if (!current->domain->is_privileged) {
		put_domain(d);
		return -EPERM;
	}
	rc = domctl_scheduler_op(d, &op.u.scheduler_op);
	put_domain(d);
	if (copy_to_guest_raw(arg, &op, sizeof(op)))
		rc = -EFAULT;
	return rc;
}
