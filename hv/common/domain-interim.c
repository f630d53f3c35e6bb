/* SPDX-License-Identifier: MIT */
/*
 * INTERIM: the smallest implementation of the satori/domain.h contract
 * that the PV execution code and selftest=ring3 need, written on branch
 * pvexec so it can be tested before branch pvbuild (which owns
 * hv/common/domain.c) is merged. When merging pvbuild, delete this file;
 * its domain.c replaces it completely. Memory (assign_pages) is not here.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/format.h>
#include <satori/log.h>
#include <satori/sched.h>
#include <satori/shutdown.h>
#include <satori/xmalloc.h>

#include <asm/pv.h>
#include <asm/traps.h>

#define SHUTDOWN_poweroff 0
#define SHUTDOWN_reboot 1
#define SHUTDOWN_crash 3

static DEFINE_SPINLOCK(domlist_lock);
static struct domain *domain_list;

static const char *const reason_names[] = {
	"poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset",
};

struct domain *domain_create(domid_t domid, const char *name,
			     unsigned int max_vcpus, bool privileged, int *rc)
{
	struct domain *d;
	uint64_t flags;

	if (!max_vcpus || max_vcpus > MAX_VIRT_CPUS) {
		*rc = -EINVAL;
		return NULL;
	}
	d = xzalloc_bytes(sizeof(*d));
	if (!d) {
		*rc = -ENOMEM;
		return NULL;
	}
	d->domain_id = domid;
	(void)snprintf(d->name, sizeof(d->name), "%s", name);
	d->refcnt = 1;
	spin_lock_init(&d->lock);
	spin_lock_init(&d->page_alloc_lock);
	d->state = DOMSTATE_CREATED;
	d->pause_count = 1;
	d->is_privileged = privileged;
	d->max_vcpus = max_vcpus;
	flags = spin_lock_irqsave(&domlist_lock);
	for (struct domain *o = domain_list; o; o = o->next_in_list)
		if (o->domain_id == domid) {
			spin_unlock_irqrestore(&domlist_lock, flags);
			xfree(d);
			*rc = -EEXIST;
			return NULL;
		}
	d->next_in_list = domain_list;
	domain_list = d;
	spin_unlock_irqrestore(&domlist_lock, flags);
	*rc = 0;
	return d;
}

bool get_domain(struct domain *d)
{
	if (d->state == DOMSTATE_DYING)
		return false;
	__atomic_fetch_add(&d->refcnt, 1, __ATOMIC_SEQ_CST);
	return true;
}

struct domain *get_domain_by_id(domid_t domid)
{
	uint64_t flags = spin_lock_irqsave(&domlist_lock);
	struct domain *d = domain_list;

	while (d && d->domain_id != domid)
		d = d->next_in_list;
	if (d && !get_domain(d))
		d = NULL;
	spin_unlock_irqrestore(&domlist_lock, flags);
	return d;
}

struct domain *first_domain(void)
{
	return domain_list;
}

static void unlink_domain(struct domain *d)
{
	uint64_t flags = spin_lock_irqsave(&domlist_lock);
	struct domain **pp = &domain_list;

	while (*pp && *pp != d)
		pp = &(*pp)->next_in_list;
	if (*pp)
		*pp = d->next_in_list;
	spin_unlock_irqrestore(&domlist_lock, flags);
}

void put_domain(struct domain *d)
{
	if (__atomic_sub_fetch(&d->refcnt, 1, __ATOMIC_SEQ_CST))
		return;
	unlink_domain(d);
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i]) {
			vcpu_destroy_sched(d->vcpus[i]);
			xfree(d->vcpus[i]);
		}
	xfree(d);
}

static void wake_all(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i])
			vcpu_wake(d->vcpus[i]);
}

static void sleep_all(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i])
			vcpu_sleep(d->vcpus[i]);
}

void domain_pause(struct domain *d)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);

	d->pause_count++;
	spin_unlock_irqrestore(&d->lock, flags);
	sleep_all(d);
}

void domain_unpause(struct domain *d)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);

	if (d->pause_count && !--d->pause_count && d->state <= DOMSTATE_PAUSED)
		d->state = DOMSTATE_RUNNING;
	spin_unlock_irqrestore(&d->lock, flags);
	wake_all(d);
}

static __noreturn void end_machine(unsigned int reason)
{
	if (reason == SHUTDOWN_reboot)
		machine_restart();
	machine_halt(reason == SHUTDOWN_crash ? HALT_DOM0_CRASH : HALT_OK);
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);

	if (d->state >= DOMSTATE_SHUTDOWN) {
		spin_unlock_irqrestore(&d->lock, flags);
		return;
	}
	d->state = DOMSTATE_SHUTDOWN;
	d->shutdown_code = reason;
	spin_unlock_irqrestore(&d->lock, flags);
	log_info("d%u: shut down: %s (%u)\n", d->domain_id,
		 reason < 6 ? reason_names[reason] : "?", reason);
	sleep_all(d);
	if (d->is_initdomain)
		end_machine(reason);
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_err("domain_crash: %s\n", msg);
	if (current && current->domain == d)
		show_registers(guest_cpu_user_regs());
	domain_shutdown(d, SHUTDOWN_crash);
}

void domain_kill(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i] && d->vcpus[i] != current)
			vcpu_sleep_sync(d->vcpus[i]);
	d->state = DOMSTATE_DYING;
	put_domain(d);
}
