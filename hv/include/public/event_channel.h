/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_event_channel_op(cmd, arg): event channels, the PV
 * interrupt mechanism. A port is a small integer naming one end of a
 * channel within a domain; binding connects it to another domain's port,
 * a virtual IRQ, a physical IRQ or another vCPU (IPI). Ports are signalled
 * through the 2-level bitmaps in shared_info, or through the FIFO ABI's
 * event array and per-vCPU control blocks once EVTCHNOP_init_control ran.
 */
#ifndef PUBLIC_EVENT_CHANNEL_H
#define PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq 1
#define EVTCHNOP_bind_pirq 2
#define EVTCHNOP_close 3
#define EVTCHNOP_send 4
#define EVTCHNOP_status 5
#define EVTCHNOP_alloc_unbound 6
#define EVTCHNOP_bind_ipi 7
#define EVTCHNOP_bind_vcpu 8
#define EVTCHNOP_unmask 9
#define EVTCHNOP_reset 10
#define EVTCHNOP_init_control 11
#define EVTCHNOP_expand_array 12
#define EVTCHNOP_set_priority 13
#ifdef __SATORI_HV__
/* Hypervisor-internal: continues an interrupted EVTCHNOP_reset. */
#define EVTCHNOP_reset_cont 14
#endif

/* evtchn_bind_pirq.flags: the IRQ may be shared with other domains. */
#define BIND_PIRQ__WILL_SHARE 1

/* evtchn_status.status. */
#define EVTCHNSTAT_closed 0	 /* Free. */
#define EVTCHNSTAT_unbound 1	 /* Waiting for a remote domain to bind. */
#define EVTCHNSTAT_interdomain 2 /* Connected to a remote port. */
#define EVTCHNSTAT_pirq 3	 /* Bound to a physical IRQ. */
#define EVTCHNSTAT_virq 4	 /* Bound to a virtual IRQ. */
#define EVTCHNSTAT_ipi 5	 /* Bound for intra-domain IPIs. */

/* FIFO ABI: priorities (0 is the highest), event word bits, link width. */
#define EVTCHN_FIFO_PRIORITY_MAX 0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN 15
#define EVTCHN_FIFO_MAX_QUEUES (EVTCHN_FIFO_PRIORITY_MIN + 1)

#define EVTCHN_FIFO_PENDING 31
#define EVTCHN_FIFO_MASKED 30
#define EVTCHN_FIFO_LINKED 29
#define EVTCHN_FIFO_BUSY 28
#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS (1 << EVTCHN_FIFO_LINK_BITS)

#ifndef __ASSEMBLY__

typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

/* A fresh port in dom that remote_dom may later bind to. */
struct evtchn_alloc_unbound {
	domid_t dom, remote_dom; /* In. */
	evtchn_port_t port;	 /* Out. */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;

/* Connect a new local port to remote_dom's unbound remote_port. */
struct evtchn_bind_interdomain {
	domid_t remote_dom;	   /* In. */
	evtchn_port_t remote_port; /* In. */
	evtchn_port_t local_port;  /* Out. */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;

struct evtchn_bind_virq {
	uint32_t virq;	    /* In: VIRQ_* */
	uint32_t vcpu;	    /* In: vCPU the VIRQ is delivered to. */
	evtchn_port_t port; /* Out. */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;

struct evtchn_bind_pirq {
	uint32_t pirq;	    /* In. */
	uint32_t flags;	    /* In: BIND_PIRQ__* */
	evtchn_port_t port; /* Out. */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;

struct evtchn_bind_ipi {
	uint32_t vcpu;	    /* In: vCPU to notify. */
	evtchn_port_t port; /* Out. */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;

struct evtchn_close {
	evtchn_port_t port;
};
typedef struct evtchn_close evtchn_close_t;

struct evtchn_send {
	evtchn_port_t port;
};
typedef struct evtchn_send evtchn_send_t;

/* State of <dom, port>; other domains need a privileged caller. */
struct evtchn_status {
	domid_t dom;	    /* In. */
	evtchn_port_t port; /* In. */
	uint32_t status;    /* Out: EVTCHNSTAT_* */
	uint32_t vcpu;	    /* Out: vCPU notified. */
	union {
		struct {
			domid_t dom;
		} unbound;
		struct {
			domid_t dom;
			evtchn_port_t port;
		} interdomain;
		uint32_t pirq;
		uint32_t virq;
	} u;
};
typedef struct evtchn_status evtchn_status_t;

/* Notify vcpu instead for port (VIRQs bound per domain, PIRQs, ...). */
struct evtchn_bind_vcpu {
	evtchn_port_t port;
	uint32_t vcpu;
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;

struct evtchn_unmask {
	evtchn_port_t port;
};
typedef struct evtchn_unmask evtchn_unmask_t;

/* Close every port of dom (DOMID_SELF or, privileged, another). */
struct evtchn_reset {
	domid_t dom;
};
typedef struct evtchn_reset evtchn_reset_t;

/* Switch to the FIFO ABI: vcpu's control block is at gfn + offset. */
struct evtchn_init_control {
	uint64_t control_gfn; /* In. */
	uint32_t offset;      /* In. */
	uint32_t vcpu;	      /* In. */
	uint8_t link_bits;    /* Out: EVTCHN_FIFO_LINK_BITS. */
	uint8_t _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;

/* Add one page to the FIFO event array. */
struct evtchn_expand_array {
	uint64_t array_gfn;
};
typedef struct evtchn_expand_array evtchn_expand_array_t;

struct evtchn_set_priority {
	evtchn_port_t port;
	uint32_t priority; /* EVTCHN_FIFO_PRIORITY_MAX .. _MIN */
};
typedef struct evtchn_set_priority evtchn_set_priority_t;

/* The old single-argument form (__HYPERVISOR_event_channel_op_compat). */
struct evtchn_op {
	uint32_t cmd; /* EVTCHNOP_* */
	union {
		evtchn_alloc_unbound_t alloc_unbound;
		evtchn_bind_interdomain_t bind_interdomain;
		evtchn_bind_virq_t bind_virq;
		evtchn_bind_pirq_t bind_pirq;
		evtchn_bind_ipi_t bind_ipi;
		evtchn_close_t close;
		evtchn_send_t send;
		evtchn_status_t status;
		evtchn_bind_vcpu_t bind_vcpu;
		evtchn_unmask_t unmask;
	} u;
};
typedef struct evtchn_op evtchn_op_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_op_t);

/* One event word per port in the FIFO event array (EVTCHN_FIFO_* bits). */
typedef uint32_t event_word_t;

/* Per-vCPU FIFO state: ready has bit q set when queue q is non-empty. */
struct evtchn_fifo_control_block {
	uint32_t ready;
	uint32_t _rsvd;
	uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;

XEN_ABI_SIZE(struct evtchn_alloc_unbound, 8);
XEN_ABI_OFFSET(struct evtchn_alloc_unbound, port, 4);
XEN_ABI_SIZE(struct evtchn_bind_interdomain, 12);
XEN_ABI_SIZE(struct evtchn_bind_virq, 12);
XEN_ABI_SIZE(struct evtchn_bind_pirq, 12);
XEN_ABI_SIZE(struct evtchn_bind_ipi, 8);
XEN_ABI_SIZE(struct evtchn_status, 24);
XEN_ABI_OFFSET(struct evtchn_status, port, 4);
XEN_ABI_OFFSET(struct evtchn_status, status, 8);
XEN_ABI_OFFSET(struct evtchn_status, vcpu, 12);
XEN_ABI_OFFSET(struct evtchn_status, u, 16);
XEN_ABI_SIZE(struct evtchn_bind_vcpu, 8);
XEN_ABI_SIZE(struct evtchn_reset, 2);
XEN_ABI_SIZE(struct evtchn_init_control, 24);
XEN_ABI_OFFSET(struct evtchn_init_control, offset, 8);
XEN_ABI_OFFSET(struct evtchn_init_control, vcpu, 12);
XEN_ABI_OFFSET(struct evtchn_init_control, link_bits, 16);
XEN_ABI_SIZE(struct evtchn_expand_array, 8);
XEN_ABI_SIZE(struct evtchn_set_priority, 8);
XEN_ABI_SIZE(struct evtchn_op, 28);
XEN_ABI_SIZE(struct evtchn_fifo_control_block, 72);
XEN_ABI_OFFSET(struct evtchn_fifo_control_block, head, 8);

#endif /* !__ASSEMBLY__ */

#endif
