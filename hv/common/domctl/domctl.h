/* SPDX-License-Identifier: MIT */
/*
 * The domctl ops satori implements, each in its own file of
 * hv/common/domctl/. do_domctl() has checked the caller and the version
 * and holds a reference to @d; the op edits @op in place for the copy
 * back.
 */
#ifndef DOMCTL_DOMCTL_H
#define DOMCTL_DOMCTL_H

#include <satori/domain.h>

#include <public/domctl.h>

/* XEN_DOMCTL_scheduler_op: @return 0 or -EINVAL. */
long domctl_scheduler_op(struct domain *d, struct xen_domctl_scheduler_op *op);

#endif
