/* SPDX-License-Identifier: MIT */
/*
 * XEN_DOMCTL_scheduler_op: read and set a domain's credit parameters
 * (struct xen_domctl_sched_credit), as Xen's credit scheduler does. The
 * scheduler id must be the one running (-EINVAL otherwise: under
 * sched=bvt or rr this op has nothing to offer, as BVT is not part of
 * Xen 4.17's interface; its parameters are set at boot). putinfo leaves
 * the weight alone when given 0 and the cap when given 0xffff; getinfo
 * and putinfo are the only commands (the per-vCPU ones are -EINVAL, as
 * for Xen's credit).
 */
#include <satori/errno.h>
#include <satori/sched.h>

#include "domctl.h"

#define CAP_UNCHANGED 0xffffu

static long credit_putinfo(struct domain *d,
			   const struct xen_domctl_sched_credit *c)
{
	struct sched_params p = d->sched_params;

	if (c->weight)
		p.weight = c->weight;
	if (c->cap != CAP_UNCHANGED)
		p.cap = c->cap;
	return sched_set_params(d, &p);
}

long domctl_scheduler_op(struct domain *d, struct xen_domctl_scheduler_op *op)
{
	if (sched_ops != &sched_credit || op->sched_id != XEN_SCHEDULER_CREDIT)
		return -EINVAL;
	switch (op->cmd) {
	case XEN_DOMCTL_SCHEDOP_getinfo:
		op->u.credit.weight = (uint16_t)d->sched_params.weight;
		op->u.credit.cap = (uint16_t)d->sched_params.cap;
		return 0;
	case XEN_DOMCTL_SCHEDOP_putinfo:
		return credit_putinfo(d, &op->u.credit);
	default:
		return -EINVAL;
	}
}
