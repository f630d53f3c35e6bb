/* SPDX-License-Identifier: MIT */
/*
 * The FIFO ABI (not yet): until it exists init_control answers -ENOSYS,
 * on which Linux falls back to the 2-level ABI (pv-abi 4.3).
 */
#include <satori/errno.h>
#include <satori/hypercall.h>

#include "evtchn-private.h"

long evtchn_fifo_init_control(struct evtchn_init_control *ic)
{
	(void)ic;
	return hypercall_enosys(__HYPERVISOR_event_channel_op,
				EVTCHNOP_init_control);
}

long evtchn_fifo_expand_array(const struct evtchn_expand_array *ea)
{
	(void)ea;
	return hypercall_enosys(__HYPERVISOR_event_channel_op,
				EVTCHNOP_expand_array);
}

void evtchn_fifo_destroy(struct domain *d)
{
	(void)d;
}
