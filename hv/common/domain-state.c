/* SPDX-License-Identifier: MIT */
/*
 * Domain state changes: pause and unpause, shutdown with a reason, crash,
 * and kill. The scheduler learns of each through satori/sched.h; this
 * file only keeps the counts and states consistent under d->lock.
 */
#include <satori/bug.h>
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/event.h>
#include <satori/format.h>
#include <satori/log.h>
#include <satori/sched.h>
#include <satori/shutdown.h>

#include <asm/pv-mm.h>

#include "domain-private.h"

#define VIRQ_DOM_EXC 3 /* public/xen.h */

/* public/sched.h SHUTDOWN_* */
#define SHUTDOWN_poweroff 0
#define SHUTDOWN_reboot 1
#define SHUTDOWN_suspend 2
#define SHUTDOWN_crash 3
#define SHUTDOWN_watchdog 4

static const char *const shutdown_names[] = { "poweroff", "reboot", "suspend",
					      "crash", "watchdog" };

static const char *shutdown_name(unsigned int reason)
{
	return reason < 5 ? shutdown_names[reason] : "unknown";
}

static void vcpus_sleep(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i])
			vcpu_sleep(d->vcpus[i]);
}

void domain_pause(struct domain *d)
{
	spin_lock(&d->lock);
	d->pause_count++;
	if (d->state == DOMSTATE_RUNNING)
		d->state = DOMSTATE_PAUSED;
	spin_unlock(&d->lock);
	vcpus_sleep(d);
}

void domain_unpause(struct domain *d)
{
	bool wake = false;

	spin_lock(&d->lock);
	if (d->pause_count && !--d->pause_count &&
	    (d->state == DOMSTATE_CREATED || d->state == DOMSTATE_PAUSED)) {
		d->state = DOMSTATE_RUNNING;
		wake = true;
	}
	spin_unlock(&d->lock);
	if (!wake)
		return;
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i] && d->vcpus[i]->is_up)
			vcpu_wake(d->vcpus[i]);
}

/* True if a domain other than @d may still run. */
static bool other_domain_alive(const struct domain *d)
{
	for (struct domain *o = first_domain(); o; o = o->next_in_list)
		if (o != d && o->state < DOMSTATE_SHUTDOWN)
			return true;
	return false;
}

/* The initial domain stopped: end the machine as it asked, unless other
 * domains keep running. */
static void initdomain_stopped(struct domain *d, unsigned int reason)
{
	if (other_domain_alive(d)) {
		printk("domain: d%u stopped; other domains keep running\n",
		       d->domain_id);
		return;
	}
	if (reason == SHUTDOWN_reboot)
		machine_restart();
	if (reason == SHUTDOWN_poweroff)
		machine_power_off();
	machine_halt(reason == SHUTDOWN_poweroff ? 0 : 1);
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	spin_lock(&d->lock);
	if (d->state >= DOMSTATE_SHUTDOWN) {
		spin_unlock(&d->lock);
		return;
	}
	d->state = DOMSTATE_SHUTDOWN;
	d->shutdown_code = reason;
	spin_unlock(&d->lock);
	printk("domain: d%u shut down: %s (%u)\n", d->domain_id,
	       shutdown_name(reason), reason);
	vcpus_sleep(d);
	sched_domain_stopped(d);
	pv_ptcheck(d, false); /* ptcheck=shutdown */
	if (d->is_initdomain) {
		initdomain_stopped(d, reason);
	} else {
		send_hardware_domain_virq(VIRQ_DOM_EXC);
		domain_reap_request();
	}
}

__attribute__((weak)) void arch_vcpu_show_registers(const struct vcpu *v)
{
	const struct cpu_user_regs *r = &v->arch.regs;

	printk("  d%uv%u rip %016lx rsp %016lx rflags %016lx cs %04x ss %04x\n",
	       v->domain->domain_id, v->vcpu_id, r->rip, r->rsp, r->rflags,
	       r->cs, r->ss);
	printk("  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", r->rax,
	       r->rbx, r->rcx, r->rdx);
	printk("  rsi %016lx rdi %016lx rbp %016lx cr2 %016lx\n", r->rsi,
	       r->rdi, r->rbp, v->arch.cr2);
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
	char reason[160];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	printk("domain_crash: d%u: %s\n", d->domain_id, reason);
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i] && d->vcpus[i]->is_initialised)
			arch_vcpu_show_registers(d->vcpus[i]);
	domain_shutdown(d, SHUTDOWN_crash);
}

/* Mark @d dying, stop it and close what it holds; once. */
static void kill_begin(struct domain *d)
{
	spin_lock(&d->lock);
	if (d->state == DOMSTATE_DYING) {
		spin_unlock(&d->lock);
		return;
	}
	d->state = DOMSTATE_DYING;
	spin_unlock(&d->lock);
	vcpus_sleep(d);
	sched_domain_stopped(d);
	/* Its ports, pirqs, grant mappings and memory go in the phases of
	 * domain_relinquish_slice() (domain.c), as Xen's domain_kill. */
	if (!d->is_initdomain)
		send_hardware_domain_virq(VIRQ_DOM_EXC);
}

/* Drop the creation reference; once. */
static void kill_end(struct domain *d)
{
	if (domain_set_once(d, &d->creation_ref_dropped))
		put_domain(d);
}

void domain_kill(struct domain *d)
{
	kill_begin(d);
	if (d->teardown_at_once) {
		/* Everything now, while the creation reference holds it. */
		BUG_ON(domain_relinquish_slice(d, false));
		kill_end(d);
		return;
	}
	/* The slices take the creation reference over: a domain whose
	 * grant mappings hold another dying one (and the other way round)
	 * must not wait for its last reference before releasing them. */
	if (domain_set_once(d, &d->creation_ref_dropped)) {
		d->teardown_has_creation_ref = true;
		domain_teardown_queue(d);
	}
}

int domain_kill_preemptible(struct domain *d)
{
	int rc;

	if (d == current->domain)
		return -EINVAL;
	kill_begin(d);
	if (d->creation_ref_dropped)
		return 0; /* Finished, or left to the slices. */
	rc = domain_relinquish_slice(d, true);
	d->teardown_slices++;
	if (rc)
		return rc;
	printk("domain: d%u memory returned in %u hypercall slices\n",
	       d->domain_id, d->teardown_slices);
	kill_end(d);
	return 0;
}

void domain_kill_now(struct domain *d)
{
	d->teardown_at_once = true;
	domain_kill(d);
}
