/* SPDX-License-Identifier: MIT */
/*
 * Event channels (Xen's 2-level and FIFO ABIs): what the rest of the
 * hypervisor calls to notify guests. The hypercall itself is
 * do_event_channel_op() (satori/hypercall.h); the implementation lives in
 * hv/common/event/. All functions here may be called with interrupts on
 * or off, from hypercalls, timers and softirqs, on any CPU.
 */
#ifndef SATORI_EVENT_H
#define SATORI_EVENT_H

#include <satori/types.h>

struct domain;
struct vcpu;

/* Per-domain event state: created with the domain (0 or -ENOMEM) and torn
 * down when it dies (every port closed, interdomain peers' ends left
 * unbound and not notified, as in Xen; poll timers stopped; the FIFO
 * frames' references dropped). */
int evtchn_domain_init(struct domain *d);

/*
 * The teardown's event-channel phase (Xen's evtchn_destroy): from then on
 * nothing binds; ports close from the cursor kept in @d's event state, a
 * slice at a time as @b allows (satori/teardown.h). 0 once everything is
 * released (again 0 on later calls), -ERESTART while ports are left.
 * @d is dying and its vCPUs are stopped.
 */
struct teardown_budget;
int evtchn_domain_release(struct domain *d, struct teardown_budget *b);

/* evtchn_domain_release() at once, whatever a slice left. */
void evtchn_domain_destroy(struct domain *d);

/* After the last reference (domain_destroy): free what init allocated
 * (closes the ports first if evtchn_domain_destroy() was not called). */
void evtchn_domain_free(struct domain *d);

/* Raise per-vCPU VIRQ @virq (VIRQ_TIMER, VIRQ_DEBUG, ...) on @v, if the
 * guest bound it; otherwise nothing happens. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);

/* Raise global VIRQ @virq (VIRQ_CONSOLE, VIRQ_DOM_EXC, ...) of @d on the
 * vCPU it is bound to, if bound. */
void send_guest_global_virq(struct domain *d, unsigned int virq);

/* A physical interrupt for pirq @pirq of @d: set @port pending if it is
 * still bound to that pirq (a close may race with the interrupt). From
 * interrupt context, with the guest IRQ lock held (asm/guest-irq.h). */
void evtchn_send_pirq(struct domain *d, uint32_t port, uint32_t pirq);

/* An event became pending for @v: set its evtchn_upcall_pending (no-op
 * without a vcpu_info), wake it if blocked or polling, and interrupt the
 * CPU it runs on, if another, so that it sees the upcall soon. */
void vcpu_mark_events_pending(struct vcpu *v);

/* Raise global @virq (VIRQ_CONSOLE, VIRQ_DOM_EXC) of the hardware
 * domain, if there is one and it bound it. Takes no reference of the
 * caller's; not from interrupt context (it looks the domain up). */
void send_hardware_domain_virq(unsigned int virq);

/* How many general (and as many writable type) references the FIFO ABI
 * holds on @d's frame @mfn: control blocks and event array pages. For the
 * frame-type checker (ptcheck=), which cannot see them in any table. */
unsigned int evtchn_fifo_frame_refs(struct domain *d, unsigned long mfn);

/* SCHEDOP_poll (hv/common/event/poll.c): @arg is a struct sched_poll. */
long evtchn_do_poll(uint64_t arg);

#endif
