/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_sched_op (pv-abi 4.5): yield, block, shutdown and its
 * relatives. block sleeps until an event (or a timer) unblocks the vCPU;
 * poll lives with the event channels (hv/common/event/poll.c).
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/event.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/sched.h>

#include <asm/pv.h>

#define SCHEDOP_yield 0
#define SCHEDOP_block 1
#define SCHEDOP_shutdown 2
#define SCHEDOP_poll 3
#define SCHEDOP_remote_shutdown 4
#define SCHEDOP_shutdown_code 5
#define SHUTDOWN_MAX 5 /* SHUTDOWN_soft_reset */

/* public/sched.h struct sched_remote_shutdown. */
struct remote_shutdown {
	uint16_t domain_id;
	uint16_t pad; /* cppcheck-suppress unusedStructMember */
	uint32_t reason;
};

static long sched_block(void)
{
	struct vcpu *v = current;

	/* Blocking enables events (Xen's vcpu_block_enable_events). Block
	 * first and then look: an event arriving in between unblocks. */
	pv_set_upcall_mask(v, false);
	vcpu_block_current();
	if (pv_upcall_pending(v))
		vcpu_unblock(v);
	return 0;
}

static long sched_shutdown(uint64_t arg, bool code_only)
{
	uint32_t reason;

	if (copy_from_guest_raw(&reason, arg, sizeof(reason)))
		return -EFAULT;
	if (reason > SHUTDOWN_MAX)
		return -EINVAL;
	if (code_only)
		current->domain->shutdown_code = reason;
	else
		domain_shutdown(current->domain, reason);
	return 0;
}

static long sched_remote_shutdown(uint64_t arg)
{
	struct remote_shutdown rs;
	struct domain *d;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (copy_from_guest_raw(&rs, arg, sizeof(rs)))
		return -EFAULT;
	if (rs.reason > SHUTDOWN_MAX)
		return -EINVAL;
	d = get_domain_by_id(rs.domain_id);
	if (!d)
		return -ESRCH;
	domain_shutdown(d, rs.reason);
	put_domain(d);
	return 0;
}

long do_sched_op(uint64_t cmd, uint64_t arg)
{
	switch (cmd) {
	case SCHEDOP_yield:
		sched_yield();
		return 0;
	case SCHEDOP_block:
		return sched_block();
	case SCHEDOP_shutdown:
		return sched_shutdown(arg, false);
	case SCHEDOP_shutdown_code:
		return sched_shutdown(arg, true);
	case SCHEDOP_poll:
		return evtchn_do_poll(arg);
	case SCHEDOP_remote_shutdown:
		return sched_remote_shutdown(arg);
	default:
		return hypercall_enosys(29, (unsigned int)cmd);
	}
}
