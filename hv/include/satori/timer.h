/* SPDX-License-Identifier: MIT */
/*
 * One-shot software timers, Xen's API. Each timer belongs to one CPU at a
 * time (migrate_timer moves it); its callback runs there, from the TIMER
 * softirq, with interrupts enabled. A callback may set, stop, kill or
 * migrate any timer, including its own.
 */
#ifndef SATORI_TIMER_H
#define SATORI_TIMER_H

#include <satori/types.h>

typedef void timer_fn(void *data);

enum timer_status {
	TIMER_INACTIVE,
	TIMER_QUEUED,
	TIMER_KILLED,
};

struct timer {
	uint64_t expires_ns; /* system time (now_ns()) of expiry */
	timer_fn *fn;
	void *data;
	unsigned int cpu;
	unsigned int heap_pos; /* 1 + index in the CPU's heap; 0: not queued */
	unsigned int pass;     /* the CPU's softirq pass when it was set */
	uint8_t status;	       /* enum timer_status */
};

/* Prepare @t to call @fn(@data) on CPU @cpu. @t must not be queued. */
void init_timer(struct timer *t, timer_fn *fn, void *data, unsigned int cpu);

/*
 * (Re)arm @t to fire at @expires_ns; a time in the past fires as soon as
 * possible. @return 0, -EINVAL if @t was killed, -ENOSPC if the CPU's
 * queue is full (the timer is then not queued).
 */
int set_timer(struct timer *t, uint64_t expires_ns);

/*
 * Disarm @t if it is queued. Its callback may still be running. If @t
 * was the first timer of this CPU, the hardware is re-armed for the next.
 */
void stop_timer(struct timer *t);

/*
 * Disarm @t for good and wait until its callback is not running on another
 * CPU; afterwards @t may be freed. set_timer() on it then fails.
 */
void kill_timer(struct timer *t);

/*
 * Move @t to CPU @cpu: its callback runs there from now on, and a queued
 * @t stays queued with its expiry (Xen's migrate_timer). A callback
 * already running on the old CPU finishes there. @return 0, or -ENOSPC
 * if @cpu's queue is full (a queued @t is then disarmed).
 */
int migrate_timer(struct timer *t, unsigned int cpu);

/* True if @t is queued. */
bool timer_is_active(const struct timer *t);

/* Boot CPU: open the TIMER softirq. Call after softirq_init(). */
void timers_init(void);

/*
 * Arch hook: make this CPU's timer interrupt fire at system time
 * @deadline_ns (at once if it has passed); 0 disarms it. Interrupts off.
 */
void arch_timer_program(uint64_t deadline_ns);

#endif
