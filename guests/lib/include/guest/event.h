/* SPDX-License-Identifier: MIT */
/*
 * Event channels in test kernels: EVTCHNOP_* wrappers that return the
 * port (> 0) or -errno, SCHEDOP_poll, and an upcall handler for vCPU 0
 * that consumes the 2-level bitmaps or, after event_fifo_init(), the FIFO
 * queues, and records every port it sees (event_count, event_log).
 * The upcall needs shared_info mapped (vcpu0_info != NULL).
 */
#ifndef GUEST_EVENT_H
#define GUEST_EVENT_H

#include <event_channel.h>
#include <stdint.h>

long hc_event_channel_op(unsigned int cmd, void *arg);

long ev_alloc_unbound(domid_t dom, domid_t remote_dom);
long ev_bind_interdomain(domid_t remote_dom, uint32_t remote_port);
long ev_bind_virq(uint32_t virq, uint32_t vcpu);
long ev_bind_ipi(uint32_t vcpu);
long ev_close(uint32_t port);
long ev_send(uint32_t port);
long ev_unmask_op(uint32_t port); /* EVTCHNOP_unmask itself */
long ev_bind_vcpu(uint32_t port, uint32_t vcpu);
long ev_set_priority(uint32_t port, uint32_t priority);
long ev_reset(domid_t dom);
long ev_status(domid_t dom, uint32_t port, struct evtchn_status *out);
/* SCHEDOP_poll on @n ports with absolute @timeout_ns (0: none). */
long ev_poll(const uint32_t *ports, unsigned int n, uint64_t timeout_ns);

/* What the upcall handler saw. */
#define EVENT_LOG_SIZE 64
#define EVENT_MAX_PORTS 4096
extern volatile uint32_t event_count[EVENT_MAX_PORTS];
extern volatile uint32_t event_log[EVENT_LOG_SIZE];
extern volatile unsigned int event_log_len; /* entries since reset */
extern volatile unsigned int event_upcalls; /* upcall entries */
/* Optional: called for each port, events masked. */
extern void (*volatile event_handler)(uint32_t port);
void event_log_reset(void);
/* Internal: the consumers report each port here. */
void event_record(uint32_t port);

/* Register the upcall entry as the event callback (0 or -errno). */
long event_upcall_install(void);
/* vcpu0's upcall mask; unmasking forces a hypercall when an upcall is
 * pending, as Linux does, so that it is delivered at once. */
void events_mask(void);
void events_unmask(void);

/* Per-port mask and pending bits, in the ABI in use (2-level or FIFO). */
void ev_mask(uint32_t port);
void ev_unmask(uint32_t port); /* clears the mask; hypercall if pending */
int ev_is_pending(uint32_t port);
int ev_is_masked(uint32_t port);
void ev_clear_pending(uint32_t port);

/* Switch to the FIFO ABI: control block and the first event array page
 * for vCPU 0. Returns init_control's result. */
long event_fifo_init(void);
extern int event_fifo_active;
/* Consume vCPU 0's FIFO queues (events masked), reporting each port to
 * event_record(); for upcall handlers other than event_upcall_install's. */
void event_fifo_consume(void);
/* The guest frame (MFN for PV) of a page of this kernel. */
uint64_t ev_virt_to_mfn(uint64_t va);

/* The current system time from vcpu0's vcpu_time_info (ns), or 0 if
 * the hypervisor has not published one. */
uint64_t event_system_time_ns(void);
/* The TSC. */
uint64_t event_rdtsc(void);

#endif /* GUEST_EVENT_H */
