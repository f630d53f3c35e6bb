/* SPDX-License-Identifier: MIT */
/*
 * Weak fallbacks for satori/sched.h, used only while no scheduler is
 * linked in: domains can be built, inspected and destroyed, but their
 * vCPUs never run. The scheduler's strong definitions replace these.
 */
#include <satori/domain.h>
#include <satori/log.h>
#include <satori/sched.h>

__attribute__((weak)) int vcpu_create_sched(struct vcpu *v)
{
	v->sched_priv = NULL;
	return 0;
}

__attribute__((weak)) void vcpu_destroy_sched(struct vcpu *v)
{
	v->sched_priv = NULL;
}

__attribute__((weak)) void vcpu_wake(struct vcpu *v)
{
	static bool told;

	if (!told) {
		told = true;
		printk("sched: no scheduler linked in; d%u's vCPUs stay off the CPUs\n",
		       v->domain->domain_id);
	}
}

__attribute__((weak)) void vcpu_sleep(struct vcpu *v)
{
	(void)v;
}

__attribute__((weak)) void sched_domain_stopped(struct domain *d)
{
	(void)d;
}
