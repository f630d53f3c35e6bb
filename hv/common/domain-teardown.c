/* SPDX-License-Identifier: MIT */
/*
 * Destroying domains in slices (Xen runs domain_relinquish_resources as a
 * restartable hypercall; satori's hypervisor-initiated teardowns have no
 * hypercall to restart, so a timer takes its place). Dead domains queue
 * here; one timer on the boot CPU runs one bounded slice of the head's
 * teardown per expiry. While a guest vCPU is on the CPU (or a softirq
 * wants it), the next slice waits as long as the last one took, so the
 * teardown gets at most half of a busy CPU and other vCPUs' timers are
 * late by at most one slice; on an idle CPU slices follow each other at
 * once. Each finished teardown prints its slice count and longest slice.
 */
#include <satori/bug.h>
#include <satori/domain.h>
#include <satori/log.h>
#include <satori/sched.h>
#include <satori/softirq.h>
#include <satori/spinlock.h>
#include <satori/time.h>
#include <satori/timer.h>

#include "domain-private.h"

#define TEARDOWN_CPU 0 /* The domain reaper's CPU (domain-reap.c). */

static DEFINE_SPINLOCK(queue_lock);
/* Held while a slice or a drain works on the head: one at a time. */
static DEFINE_SPINLOCK(work_lock);
static struct domain *queue_head, *queue_tail;
static struct timer slice_timer;
static bool slice_timer_ready;

/* The head's teardown so far (reset when a new head starts). */
static struct {
	const struct domain *d;
	uint64_t start_ns, longest_ns;
	unsigned int slices;
} stats;

static struct domain *queue_first(void)
{
	struct domain *d;

	spin_lock(&queue_lock);
	d = queue_head;
	spin_unlock(&queue_lock);
	return d;
}

/* Take the head @d off; true if others wait. */
static bool queue_pop(struct domain *d)
{
	bool more;

	spin_lock(&queue_lock);
	queue_head = d->next_teardown;
	if (!queue_head)
		queue_tail = NULL;
	more = queue_head;
	spin_unlock(&queue_lock);
	return more;
}

/* When the next slice may run, after one that took @took_ns. */
static uint64_t next_slice_at(uint64_t now, uint64_t took_ns)
{
	if (is_idle_vcpu(current) && !softirq_pending())
		return now;
	return now + took_ns;
}

static void note_slice(const struct domain *d, uint64_t took_ns)
{
	if (stats.d != d) {
		stats.d = d;
		stats.start_ns = now_ns() - took_ns;
		stats.longest_ns = 0;
		stats.slices = 0;
	}
	stats.slices++;
	if (took_ns > stats.longest_ns)
		stats.longest_ns = took_ns;
}

static void report_done(const struct domain *d)
{
	printk("domain: d%u memory returned in %u slices, longest %lu us, "
	       "%lu us in all\n",
	       d->domain_id, stats.slices, stats.longest_ns / 1000,
	       (now_ns() - stats.start_ns) / 1000);
	stats.d = NULL;
}

static void run_slice(void *unused)
{
	uint64_t start = now_ns(), took;
	struct domain *d, *done = NULL;
	bool more = true;

	(void)unused;
	spin_lock(&work_lock);
	d = queue_first();
	if (d && !domain_relinquish_slice(d, true)) {
		done = d;
		more = queue_pop(d);
	}
	spin_unlock(&work_lock);
	if (!d)
		return;
	took = now_ns() - start;
	note_slice(d, took);
	if (done) {
		report_done(done);
		/* May end the machine (the last boot domain). */
		domain_teardown_done(done);
	}
	if (more)
		set_timer(&slice_timer, next_slice_at(now_ns(), took));
}

void domain_teardown_queue(struct domain *d)
{
	bool first;

	spin_lock(&queue_lock);
	if (!slice_timer_ready) {
		init_timer(&slice_timer, run_slice, NULL, TEARDOWN_CPU);
		slice_timer_ready = true;
	}
	d->next_teardown = NULL;
	if (queue_tail)
		queue_tail->next_teardown = d;
	else
		queue_head = d;
	queue_tail = d;
	first = queue_head == d;
	spin_unlock(&queue_lock);
	if (first)
		set_timer(&slice_timer, now_ns());
}
