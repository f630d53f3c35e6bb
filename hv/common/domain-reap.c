/* SPDX-License-Identifier: MIT */
/*
 * Reaping domains when nobody else will.
 *
 * In Xen a shut-down domain stays until the toolstack in the control
 * domain destroys it. Boot-time domains may run with no control domain at
 * all (dom0=none): then satori destroys a domain itself once it has shut
 * down, and when the last one is gone it ends the machine, reporting
 * whether every domain powered off. Reaping runs from a timer on the boot
 * CPU, never on the dying domain's own vCPU (its stack and state are in
 * use until the scheduler has switched away from it).
 */
#include <satori/domain.h>
#include <satori/log.h>
#include <satori/shutdown.h>
#include <satori/time.h>
#include <satori/timer.h>

#include <public/sched.h>

#include "domain-private.h"

#define REAP_DELAY_NS 1000000ull /* 1 ms: let the vCPUs leave their CPUs. */

static struct timer reap_timer;
static bool reap_timer_ready;
static bool had_control_domain;
static bool armed; /* Boot domains are running: the end is reportable. */
static unsigned int nr_reaped, nr_not_poweroff;

static bool control_domain_alive(void)
{
	for (struct domain *d = first_domain(); d; d = d->next_in_list)
		if (d->is_privileged && d->state < DOMSTATE_SHUTDOWN)
			return true;
	return false;
}

/* The first shut-down domain that may be destroyed now, or NULL. Sets
 * *@busy if one must wait because it is the current vCPU's domain. */
static struct domain *next_reapable(bool *busy)
{
	for (struct domain *d = first_domain(); d; d = d->next_in_list) {
		/* Also one a control domain began to destroy and left. */
		if (d->state != DOMSTATE_SHUTDOWN &&
		    (d->state != DOMSTATE_DYING || d->creation_ref_dropped))
			continue;
		if (current->domain == d) {
			*busy = true;
			continue;
		}
		return d;
	}
	return NULL;
}

static void reap(void *unused)
{
	bool busy = false;
	struct domain *d;

	(void)unused;
	if (control_domain_alive())
		return;
	while ((d = next_reapable(&busy))) {
		nr_reaped++;
		if (d->shutdown_code != SHUTDOWN_poweroff)
			nr_not_poweroff++;
		domain_kill(d);
	}
	if (busy)
		set_timer(&reap_timer, now_ns() + REAP_DELAY_NS);
}

void domain_reap_note_created(const struct domain *d)
{
	if (d->is_privileged)
		had_control_domain = true;
	if (!reap_timer_ready) {
		init_timer(&reap_timer, reap, NULL, 0);
		reap_timer_ready = true;
	}
}

void domain_reap_request(void)
{
	if (reap_timer_ready && !control_domain_alive())
		set_timer(&reap_timer, now_ns() + REAP_DELAY_NS);
}

void domain_reap_arm(void)
{
	armed = true;
}

void domain_reap_all_gone(void)
{
	/* Only domains that ended by shutting down make a verdict; ones
	 * destroyed directly (self-tests) leave the machine running. */
	if (had_control_domain || !armed || !nr_reaped)
		return;
	printk("domain: every boot domain has ended: %u of %u powered off\n",
	       nr_reaped - nr_not_poweroff, nr_reaped);
	machine_halt(nr_not_poweroff ? HALT_TEST_FAILED : HALT_OK);
}
