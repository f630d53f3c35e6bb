/* SPDX-License-Identifier: MIT */
/*
 * The EVTCHNOP_* handlers behind do_event_channel_op (ops.c): each takes
 * the guest's argument struct, already copied in, fills its OUT fields
 * and returns 0 or -errno (Xen's values, in Xen's order of checks).
 */
#ifndef HV_COMMON_EVENT_OPS_H
#define HV_COMMON_EVENT_OPS_H

#include "evtchn-private.h"

/* Xen's default (dummy XSM) XSM_TARGET rule: a domain acts on itself,
 * or the caller is privileged. */
static inline bool evtchn_may_act_on(const struct domain *d)
{
	return d == current->domain || current->domain->is_privileged;
}

long evtchn_alloc_unbound(struct evtchn_alloc_unbound *a);
long evtchn_bind_interdomain(struct evtchn_bind_interdomain *b);
long evtchn_bind_virq(struct evtchn_bind_virq *b);
long evtchn_bind_ipi(struct evtchn_bind_ipi *b);
long evtchn_bind_pirq(struct evtchn_bind_pirq *b);
long evtchn_bind_vcpu(const struct evtchn_bind_vcpu *b);
long evtchn_send(uint32_t port);
long evtchn_status(struct evtchn_status *s);
long evtchn_unmask(uint32_t port);
long evtchn_reset(domid_t dom);
long evtchn_set_priority(const struct evtchn_set_priority *p);

#endif
