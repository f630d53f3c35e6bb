/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_sched_op(cmd, arg): a vCPU gives up the CPU (yield, block
 * until an event, poll a set of ports with a timeout) or shuts its domain
 * down with a reason the toolstack acts on.
 */
#ifndef PUBLIC_SCHED_H
#define PUBLIC_SCHED_H

#include "event_channel.h"

#define SCHEDOP_yield 0	   /* arg unused. */
#define SCHEDOP_block 1	   /* Unmask events, sleep until one is pending. */
#define SCHEDOP_shutdown 2 /* arg: struct sched_shutdown. */
#define SCHEDOP_poll 3	   /* arg: struct sched_poll. */
#define SCHEDOP_remote_shutdown 4 /* arg: struct sched_remote_shutdown. */
#define SCHEDOP_shutdown_code 5	  /* Record a reason without shutting down. */
#define SCHEDOP_watchdog 6	  /* arg: struct sched_watchdog. */
#define SCHEDOP_pin_override 7	  /* arg: struct sched_pin_override (dom0). */

/* Shutdown reasons. */
#define SHUTDOWN_poweroff 0 /* Exited normally: destroy. */
#define SHUTDOWN_reboot 1   /* Destroy, then start again. */
#define SHUTDOWN_suspend 2  /* State saved for resume. */
#define SHUTDOWN_crash 3    /* The guest (or the hypervisor for it) crashed. */
#define SHUTDOWN_watchdog 4 /* A watchdog expired. */
#define SHUTDOWN_soft_reset 5 /* Reset keeping memory (kexec). */
#define SHUTDOWN_MAX 5

#ifndef __ASSEMBLY__

struct sched_shutdown {
	unsigned int reason; /* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_shutdown_t);

/* Sleep until one of the ports is pending or timeout (absolute ns, 0 none). */
struct sched_poll {
	XEN_GUEST_HANDLE(evtchn_port_t) ports;
	unsigned int nr_ports;
	uint64_t timeout;
};
typedef struct sched_poll sched_poll_t;
DEFINE_XEN_GUEST_HANDLE(sched_poll_t);

struct sched_remote_shutdown {
	domid_t domain_id;
	unsigned int reason; /* SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_remote_shutdown_t);

/* id 0 creates a watchdog (its id is returned); timeout 0 destroys one. */
struct sched_watchdog {
	uint32_t id;
	uint32_t timeout; /* Seconds. */
};
typedef struct sched_watchdog sched_watchdog_t;
DEFINE_XEN_GUEST_HANDLE(sched_watchdog_t);

struct sched_pin_override {
	int32_t pcpu; /* Negative: drop the override. */
};
typedef struct sched_pin_override sched_pin_override_t;
DEFINE_XEN_GUEST_HANDLE(sched_pin_override_t);

XEN_ABI_SIZE(struct sched_shutdown, 4);
XEN_ABI_SIZE(struct sched_poll, 24);
XEN_ABI_OFFSET(struct sched_poll, nr_ports, 8);
XEN_ABI_OFFSET(struct sched_poll, timeout, 16);
XEN_ABI_SIZE(struct sched_remote_shutdown, 8);
XEN_ABI_OFFSET(struct sched_remote_shutdown, reason, 4);
XEN_ABI_SIZE(struct sched_watchdog, 8);
XEN_ABI_SIZE(struct sched_pin_override, 4);

#endif /* !__ASSEMBLY__ */

#endif
