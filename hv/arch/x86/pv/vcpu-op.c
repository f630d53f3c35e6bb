/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_vcpu_op (pv-abi 4.4): bring a domain's other vCPUs up and
 * down, their timers, runstate and where their vcpu_info lives. The
 * semantics and error codes are Xen 4.17's do_vcpu_op/common_vcpu_op: a
 * vCPU id the domain does not have is -ENOENT for every command; up of a
 * vCPU never initialised is -EINVAL; taking the last vCPU down powers the
 * domain off; the single-shot timer may only be set by the vCPU itself,
 * and (4.17.3 on) its VCPU_SSHOTTMR_future flag is ignored; send_nmi
 * may target any vCPU of the domain (pv/nmi.c).
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/sched.h>
#include <satori/time.h>
#include <satori/vcpu-timer.h>
#include <satori/xmalloc.h>

#include <asm/pv.h>

#include <public/vcpu.h>
#include <public/sched.h>
#include <public/xen.h>

#include "pvclock.h"
#include "vcpu-op.h"

static long vcpu_initialise(struct vcpu *v, uint64_t arg)
{
	struct vcpu_guest_context *c;
	struct domain *d = v->domain;
	long rc;

	/* A vCPU past the shared_info slots needs its vcpu_info first. */
	if (!v->vcpu_info)
		return -EINVAL;
	c = xmalloc_bytes(sizeof(*c));
	if (!c)
		return -ENOMEM;
	if (copy_from_guest_raw(c, arg, sizeof(*c))) {
		xfree(c);
		return -EFAULT;
	}
	spin_lock(&d->lock);
	rc = v->is_initialised ? -EEXIST : pv_vcpu_initialise(v, c);
	spin_unlock(&d->lock);
	xfree(c);
	return rc;
}

static long vcpu_up(struct vcpu *v)
{
	struct domain *d = v->domain;
	bool wake = false;
	long rc = 0;

	spin_lock(&d->lock);
	if (!v->is_initialised)
		rc = -EINVAL;
	else if (!v->is_up)
		wake = v->is_up = true;
	spin_unlock(&d->lock);
	if (wake)
		vcpu_wake(v);
	return rc;
}

/* The last vCPU going down powers the domain off (Xen). */
static long vcpu_down(struct vcpu *v)
{
	struct domain *d = v->domain;
	bool others = false, stop;

	spin_lock(&d->lock);
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i] && d->vcpus[i] != v && d->vcpus[i]->is_up)
			others = true;
	stop = others && v->is_up;
	if (stop)
		v->is_up = false;
	spin_unlock(&d->lock);
	if (!others) {
		domain_shutdown(d, SHUTDOWN_poweroff);
		return 0;
	}
	if (stop)
		vcpu_sleep_nosync(v);
	return 0;
}

static long get_runstate(struct vcpu *v, uint64_t arg)
{
	struct vcpu_runstate_info r;

	vcpu_runstate_snapshot(v, &r, true);
	return copy_to_guest_raw(arg, &r, sizeof(r)) ? -EFAULT : 0;
}

static long set_periodic(struct vcpu *v, uint64_t arg)
{
	struct vcpu_set_periodic_timer set;

	if (copy_from_guest_raw(&set, arg, sizeof(set)))
		return -EFAULT;
	if (set.period_ns < VCPU_PERIOD_MIN_NS ||
	    set.period_ns > VCPU_PERIOD_MAX_NS)
		return -EINVAL;
	vcpu_set_periodic(v, set.period_ns);
	return 0;
}

static long set_singleshot(struct vcpu *v, uint64_t arg)
{
	struct vcpu_set_singleshot_timer set;

	if (v != current)
		return -EINVAL;
	if (copy_from_guest_raw(&set, arg, sizeof(set)))
		return -EFAULT;
	/*
	 * Xen 4.17.3 and later ignore VCPU_SSHOTTMR_future (old Linux used
	 * it wrongly and stalled on -ETIME): a timeout already passed stops
	 * the timer and sends the event at once, whatever the flags say.
	 */
	if (set.timeout_abs_ns < now_ns()) {
		vcpu_stop_singleshot(v);
		vcpu_timer_event(v);
		return 0;
	}
	return vcpu_set_singleshot(v, set.timeout_abs_ns);
}

static long register_vcpu_info(struct vcpu *v, uint64_t arg)
{
	struct vcpu_register_vcpu_info info;
	struct domain *d = v->domain;
	long rc;

	if (copy_from_guest_raw(&info, arg, sizeof(info)))
		return -EFAULT;
	spin_lock(&d->lock);
	rc = pv_map_vcpu_info(v, info.mfn, info.offset);
	spin_unlock(&d->lock);
	return rc;
}

/* Only for a hardware domain whose vCPUs are pinned 1:1 to pCPUs in
 * Xen; satori never pins, so always -EINVAL (Xen's default dom0). */
static long get_physid(struct vcpu *v)
{
	(void)v;
	return -EINVAL;
}

static long timer_ops(unsigned int cmd, struct vcpu *v, uint64_t arg)
{
	switch (cmd) {
	case VCPUOP_set_periodic_timer:
		return set_periodic(v, arg);
	case VCPUOP_stop_periodic_timer:
		vcpu_set_periodic(v, 0);
		return 0;
	case VCPUOP_set_singleshot_timer:
		return set_singleshot(v, arg);
	case VCPUOP_stop_singleshot_timer:
		if (v != current)
			return -EINVAL;
		vcpu_stop_singleshot(v);
		return 0;
	default:
		return hypercall_enosys(__HYPERVISOR_vcpu_op, cmd);
	}
}

long do_vcpu_op(uint64_t cmd, uint64_t vcpuid, uint64_t arg)
{
	struct domain *d = current->domain;
	/* Both are ints in Xen's prototype. */
	unsigned int id = (unsigned int)vcpuid, op = (unsigned int)cmd;
	struct vcpu *v = id < d->max_vcpus ? d->vcpus[id] : NULL;

	if (!v)
		return -ENOENT;
	switch (op) {
	case VCPUOP_initialise:
		return vcpu_initialise(v, arg);
	case VCPUOP_up:
		return vcpu_up(v);
	case VCPUOP_down:
		return vcpu_down(v);
	case VCPUOP_is_up:
		return v->is_up;
	case VCPUOP_get_runstate_info:
		return get_runstate(v, arg);
	case VCPUOP_register_runstate_memory_area:
		return pv_register_runstate_area(v, arg);
	case VCPUOP_register_vcpu_info:
		return register_vcpu_info(v, arg);
	case VCPUOP_register_vcpu_time_memory_area:
		return pv_register_time_area(v, arg);
	case VCPUOP_get_physid:
		return get_physid(v);
	case VCPUOP_send_nmi:
		return pv_vcpu_send_nmi(v, arg);
	default:
		return timer_ops(op, v, arg);
	}
}
