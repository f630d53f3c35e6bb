/* SPDX-License-Identifier: MIT */
/*
 * Per-domain scheduling parameters (struct sched_params): validated here,
 * whoever sets them (boot-time domain options, the domctl scheduler op),
 * then handed to the policy. A field a policy does not use is kept, so a
 * domain's parameters survive being read and written back unchanged.
 */
#include <satori/errno.h>
#include <satori/sched.h>

int sched_set_params(struct domain *d, const struct sched_params *p)
{
	if (p->weight < 1 || p->weight > SCHED_MAX_WEIGHT)
		return -EINVAL;
	if (p->cap > SCHED_MAX_CAP)
		return -EINVAL;
	if (p->warp_ns > SCHED_MAX_WARP_NS || p->warpl_ns > SCHED_MAX_WARP_NS ||
	    p->warpu_ns > SCHED_MAX_WARP_NS)
		return -EINVAL;
	spin_lock(&d->lock);
	d->sched_params = *p;
	spin_unlock(&d->lock);
	sched_ops->adjust(d);
	return 0;
}
