/* SPDX-License-Identifier: MIT */
/*
 * SCHEDOP_poll (pv-abi 4.5): block until one of a list of ports is
 * pending, or the timeout (absolute system time) passes, without
 * enabling event delivery. As in Xen the hypercall itself returns 0 at
 * once and the vCPU stops on its way back to the guest; a wake (an event
 * on a listed port, any upcall, the timer) lets it continue after the
 * hypercall. The check and the publication of "polling" happen under the
 * domain's event lock, which every set_pending holds, so no event slips
 * between them.
 */
#include <satori/errno.h>
#include <satori/event.h>
#include <satori/guest-access.h>
#include <satori/sched.h>
#include <satori/smp.h>

#include <asm/pv.h>

#include "evtchn-private.h"

#define POLL_MAX_PORTS 128 /* Xen's "fairly arbitrary" limit */

/* public/sched.h struct sched_poll */
struct sched_poll_arg {
	uint64_t ports; /* guest handle of uint32_t */
	uint32_t nr_ports;
	uint32_t pad; /* cppcheck-suppress unusedStructMember */
	uint64_t timeout;
};

static void poll_timeout(void *data)
{
	struct vcpu *v = data;
	struct domain *d = v->domain;
	struct evtchn_vcpu *ev = &d->evtchn->vcpu[v->vcpu_id];
	uint64_t flags = evtchn_lock(d);
	bool wake = ev->polling;

	ev->polling = false;
	ev->poll_evtchn = 0;
	evtchn_unlock(d, flags);
	if (wake)
		vcpu_unblock(v);
}

/* With the lock held and the vCPU marked blocked: 1 if it must not
 * sleep, 0 if it may, -EINVAL for a port beyond the ABI. */
static int poll_ready(struct vcpu *v, const uint32_t *ports, unsigned int n)
{
	struct domain *d = v->domain;

	if (pv_upcall_pending(v) && !pv_upcall_mask(v))
		return 1;
	for (unsigned int i = 0; i < n; i++) {
		if (ports[i] >= d->evtchn->abi_ports)
			return -EINVAL;
		if (port_is_valid(d, ports[i]) &&
		    d->evtchn->ops->is_pending(d, ports[i]))
			return 1;
	}
	return 0;
}

long evtchn_do_poll(uint64_t arg)
{
	struct vcpu *v = current;
	struct domain *d = v->domain;
	struct evtchn_vcpu *ev = &d->evtchn->vcpu[v->vcpu_id];
	uint32_t ports[POLL_MAX_PORTS];
	struct sched_poll_arg sp;
	uint64_t flags;
	int ready;

	if (copy_from_guest_raw(&sp, arg, sizeof(sp)))
		return -EFAULT;
	if (sp.nr_ports > POLL_MAX_PORTS)
		return -EINVAL;
	if (copy_from_guest_raw(ports, sp.ports,
				sp.nr_ports * sizeof(ports[0])))
		return -EFAULT;
	if (!ev->poll_timer_init) {
		init_timer(&ev->poll_timer, poll_timeout, v,
			   smp_processor_id());
		ev->poll_timer_init = true;
	}
	flags = evtchn_lock(d);
	vcpu_block_current();
	ready = poll_ready(v, ports, sp.nr_ports);
	if (!ready) {
		ev->polling = true;
		ev->poll_evtchn = sp.nr_ports == 1 ? ports[0] : 0;
	}
	evtchn_unlock(d, flags);
	if (ready) {
		vcpu_unblock(v);
		return ready < 0 ? ready : 0;
	}
	/* The vCPU may have moved since its first poll: keep the timeout
	 * on the CPU it blocks on, as its other timers. set_timer() below
	 * reports a full queue; the move itself only fails for a timer
	 * still queued from an earlier poll, which set_timer() re-queues. */
	(void)migrate_timer(&ev->poll_timer, smp_processor_id());
	if (sp.timeout)
		(void)set_timer(&ev->poll_timer, sp.timeout);
	else
		stop_timer(&ev->poll_timer);
	return 0;
}
