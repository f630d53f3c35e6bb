/* SPDX-License-Identifier: MIT */
/*
 * Event channels inside hv/common/event/: the port table, the per-vCPU
 * state and the interface between the ABI-neutral core (ports.c, ops.c,
 * virq.c, poll.c) and the two delivery ABIs (event-2l.c, event-fifo.c).
 *
 * Locking (docs/hacking/events.md): one lock per domain, ed->lock, taken
 * with interrupts off (VIRQs are raised from timers and interrupts). It
 * protects the port table, every channel's state and, for FIFO, the
 * queue tails. Operations on two domains (bind_interdomain, close and
 * send of an interdomain channel) take both locks, the one at the lower
 * address first (evtchn_lock_pair). The scheduler's lock nests inside
 * (vcpu_unblock/vcpu_wake); nothing here is called with it held.
 */
#ifndef HV_COMMON_EVENT_PRIVATE_H
#define HV_COMMON_EVENT_PRIVATE_H

#include <satori/domain.h>
#include <satori/spinlock.h>
#include <satori/timer.h>
#include <satori/types.h>

#include <public/event_channel.h>
#include <public/xen.h>

enum evtchn_state {
	ECS_FREE,
	ECS_RESERVED, /* Port 0: never allocated. */
	ECS_UNBOUND,
	ECS_INTERDOMAIN,
	ECS_PIRQ,
	ECS_VIRQ,
	ECS_IPI,
};

struct evtchn {
	uint8_t state;	  /* enum evtchn_state */
	uint8_t priority; /* FIFO queue (0 highest .. 15). */
	/* FIFO: the port became pending while its event word did not exist
	 * (no array page yet, or before the switch from 2-level). */
	bool pending;
	uint8_t last_priority;	 /* FIFO: queue it was last linked on. */
	uint16_t notify_vcpu_id; /* vCPU told when it becomes pending. */
	uint16_t last_vcpu_id;	 /* FIFO: vCPU it was last linked on. */
	union {
		domid_t unbound_remote; /* ECS_UNBOUND: who may bind. */
		struct {
			struct domain *dom; /* Valid while bound (close
					     * unbinds both ends). */
			uint32_t port;
		} interdomain;
		uint32_t virq; /* ECS_VIRQ */
		uint32_t pirq; /* ECS_PIRQ */
	} u;
};

/* 64 channels per bucket; buckets are allocated as ports are. */
#define EVTCHNS_PER_BUCKET 64
/* Ports of the 2-level ABI on x86-64: 64 selector bits x 64 bits
 * (public/xen.h EVTCHN_2L_NR_CHANNELS, spelt without its sizeofs). */
#define EVTCHN_2L_PORTS 4096u

struct evtchn_fifo_vcpu;
struct evtchn_fifo_domain;

/* Per-vCPU event state. */
struct evtchn_vcpu {
	uint32_t virq_to_evtchn[NR_VIRQS]; /* 0: not bound */
	/* SCHEDOP_poll: polling (blocked in poll), the one port polled (0:
	 * any), and the timeout. */
	bool polling;
	uint32_t poll_evtchn;
	struct timer poll_timer;
	bool poll_timer_init;
	struct evtchn_fifo_vcpu *fifo; /* NULL until init_control. */
};

struct evtchn_port_ops;

struct evtchn_domain {
	spinlock_t lock;
	struct evtchn **bucket; /* [nr_bucket_slots] */
	unsigned int nr_bucket_slots;
	unsigned int valid_ports; /* Ports with a bucket (multiple of 64). */
	unsigned int abi_ports;	  /* 2-level 4096, FIFO 2^17. */
	unsigned int max_port;	  /* Highest port the domain may use. */
	bool dying;		  /* Closed for good: nothing new binds. */
	/* Teardown (evtchn_domain_release): the next port to close, and
	 * whether every port, poll timer and FIFO frame is released. */
	uint32_t release_port;
	bool released;
	const struct evtchn_port_ops *ops;
	struct evtchn_fifo_domain *fifo; /* NULL: 2-level. */
	unsigned int nr_vcpus;
	struct evtchn_vcpu vcpu[];
};

/* What differs between the 2-level and the FIFO ABI. All are called
 * with the domain's lock held; @port is valid. */
struct evtchn_port_ops {
	/* A port was just bound. */
	void (*init)(struct domain *d, struct evtchn *chn, uint32_t port);
	/* Mark @port pending and notify @v if it is not masked. */
	void (*set_pending)(struct domain *d, struct vcpu *v,
			    struct evtchn *chn, uint32_t port);
	void (*clear_pending)(struct domain *d, struct evtchn *chn,
			      uint32_t port);
	/* EVTCHNOP_unmask. */
	void (*unmask)(struct domain *d, struct evtchn *chn, uint32_t port);
	bool (*is_pending)(const struct domain *d, uint32_t port);
	bool (*is_masked)(const struct domain *d, uint32_t port);
	/* EVTCHNOP_set_priority (NULL: -ENOSYS). */
	int (*set_priority)(struct domain *d, struct evtchn *chn,
			    unsigned int priority);
};

extern const struct evtchn_port_ops evtchn_port_ops_2l;
extern const struct evtchn_port_ops evtchn_port_ops_fifo;

static inline struct evtchn_domain *evtchn_dom(const struct domain *d)
{
	return d->evtchn;
}

static inline bool port_is_valid(const struct domain *d, uint64_t port)
{
	const struct evtchn_domain *ed = d->evtchn;

	return port < __atomic_load_n(&ed->valid_ports, __ATOMIC_ACQUIRE) &&
	       port < ed->abi_ports && port <= ed->max_port;
}

/* The channel of a valid port. */
static inline struct evtchn *evtchn_from_port(const struct domain *d,
					      uint32_t port)
{
	const struct evtchn_domain *ed = d->evtchn;

	return &ed->bucket[port / EVTCHNS_PER_BUCKET]
			  [port % EVTCHNS_PER_BUCKET];
}

/* Lock @d's event state; and two domains' in address order. */
uint64_t evtchn_lock(struct domain *d);
void evtchn_unlock(struct domain *d, uint64_t flags);
uint64_t evtchn_lock_pair(struct domain *a, struct domain *b);
void evtchn_unlock_pair(struct domain *a, struct domain *b, uint64_t flags);

/* A free port of @d (lock held): >0, -ENOSPC, -ENOMEM. */
int evtchn_get_free_port(struct domain *d);
/* Free @port (lock held): clear its pending state, back to ECS_FREE. */
void evtchn_free_port(struct domain *d, uint32_t port);
/* Make room for ports up to @nr (FIFO switch): 0 or -ENOMEM. */
int evtchn_grow_bucket_table(struct domain *d, unsigned int nr);

/* Close @port of @d (must be valid); for an interdomain channel also
 * unbinds the peer. Takes the locks itself. 0 or -EINVAL. */
long evtchn_close_port(struct domain *d, uint32_t port);

/* Set @port of @d pending towards its notify vCPU (lock held). */
void evtchn_set_pending_locked(struct domain *d, uint32_t port);
void evtchn_set_pending_vcpu(struct domain *d, struct vcpu *v, uint32_t port);

/* Wake the vCPUs of @d polling @port (or any port). Lock held. */
void evtchn_check_pollers(struct domain *d, uint32_t port);

/* Whether a vCPU of @d with this id exists. */
static inline struct vcpu *evtchn_vcpu_by_id(const struct domain *d,
					     uint64_t id)
{
	return id < d->max_vcpus ? d->vcpus[id] : NULL;
}

/* Per-vCPU VIRQs (the rest are global, bound on vCPU 0). */
bool virq_is_global(unsigned int virq);

/* FIFO (event-fifo.c). */
long evtchn_fifo_init_control(struct evtchn_init_control *ic);
long evtchn_fifo_expand_array(const struct evtchn_expand_array *ea);
void evtchn_fifo_destroy(struct domain *d);

/* The configured highest port for a new domain. */
unsigned int evtchn_default_max_port(const struct domain *d);

#endif
