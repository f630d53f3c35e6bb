/* SPDX-License-Identifier: MIT */
/*
 * A token-bucket rate limiter for log messages. Each message costs one
 * token; tokens refill at one per interval up to a burst. The defaults
 * match Xen's printk_ratelimit(): a burst of 10, then one message per 5 s.
 * Pure logic: the caller supplies the time and any locking.
 */
#ifndef SATORI_RATELIMIT_H
#define SATORI_RATELIMIT_H

#include <satori/types.h>

#define RATELIMIT_DEFAULT_INTERVAL_NS 5000000000ull
#define RATELIMIT_DEFAULT_BURST 10

struct ratelimit {
	uint64_t interval_ns; /* refill period of one token */
	unsigned int burst;   /* bucket size, in tokens */
	uint64_t credit_ns;   /* tokens held, times interval_ns */
	uint64_t last_ns;     /* time of the last refill */
	unsigned int missed;  /* messages refused since the last allowed */
};

/* A full bucket: the first @burst messages pass at once. */
#define RATELIMIT_INIT(interval, nr_burst)                      \
	{                                                       \
		.interval_ns = (interval), .burst = (nr_burst), \
		.credit_ns = (interval) * (nr_burst),           \
	}

/*
 * May a message be printed at @now_ns? On true, *@suppressed is the number
 * of messages refused since the previous allowed one (print it first, then
 * it is forgotten); on false the refusal is counted. Time going backwards
 * refills nothing.
 */
bool ratelimit_allow(struct ratelimit *rl, uint64_t now_ns,
		     unsigned int *suppressed);

#endif
