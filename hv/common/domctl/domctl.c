/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_domctl: control operations on a domain, for the control
 * domain only. The checks come in Xen's order: the structure is read
 * (-EFAULT), its interface version must be 4.17's (-EACCES), the target
 * domain must exist (-ESRCH), and the caller must be privileged (-EPERM).
 * An implemented op's structure is copied back whatever its result, as
 * Xen does. Only XEN_DOMCTL_scheduler_op is implemented (sched-ctl.c);
 * every other op is -ENOSYS, logged once per domain.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>

#include <public/domctl.h>
#include <public/xen.h>

#include "domctl.h"

long do_domctl(uint64_t arg)
{
	struct xen_domctl op;
	struct domain *d;
	long rc;

	if (copy_from_guest_raw(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
		return -EACCES;
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
