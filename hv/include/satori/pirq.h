/* SPDX-License-Identifier: MIT */
/*
 * Pirqs: a domain's names for the physical interrupts it was given
 * (PHYSDEVOP_map_pirq), delivered through an event channel it binds with
 * EVTCHNOP_bind_pirq. The event channel code calls these around its own
 * lock, never while holding it (the interrupt path takes the pirq lock
 * first and the event lock inside). x86: hv/arch/x86/pv/pirq.c.
 */
#ifndef SATORI_PIRQ_H
#define SATORI_PIRQ_H

#include <satori/types.h>

struct domain;

/*
 * EVTCHNOP_bind_pirq, before a port is allocated: -EINVAL (@pirq out of
 * the domain's range), -EPERM (not mapped), -EEXIST (bound). On 0 the
 * caller must end with pirq_bind_finish() or pirq_bind_abort().
 */
int pirq_bind_begin(struct domain *d, uint32_t pirq);
void pirq_bind_abort(struct domain *d, uint32_t pirq);

/*
 * Connect @pirq to its new event channel @port (already in state pirq)
 * and start delivering its interrupt. @return 0, -EBUSY (the hypervisor
 * uses that interrupt or another pirq is bound to it), -EINVAL (unmapped
 * meanwhile); on error the caller closes @port.
 */
int pirq_bind_finish(struct domain *d, uint32_t pirq, uint32_t port);

/* Event channel @port bound to @pirq was closed (event lock released):
 * stop delivering the interrupt. */
void pirq_evtchn_closed(struct domain *d, uint32_t pirq, uint32_t port);

/* Highest pirq number + 1 that @d may name. */
unsigned int domain_nr_pirqs(const struct domain *d);

/* domain_kill, after every event channel is closed: unbind whatever is
 * left and free the table. */
void pirq_domain_destroy(struct domain *d);

#endif
