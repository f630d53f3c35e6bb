/* SPDX-License-Identifier: MIT */
/*
 * Debug key 'q': every domain with its state and memory, and each vCPU
 * with its run state and instruction pointer.
 */
#include <satori/domain.h>
#include <satori/keyhandler.h>
#include <satori/log.h>

static const char *const domstate_names[] = { "created", "running", "paused",
					      "shutdown", "dying" };
static const char *const runstate_names[] = { "running", "runnable", "blocked",
					      "offline" };

static void dump_vcpu(const struct vcpu *v)
{
	printk("    v%u: %s%s%s, pause %u, rip %016lx\n", v->vcpu_id,
	       runstate_names[v->runstate & 3], v->is_up ? "" : ", down",
	       v->blocked ? ", blocked" : "", v->pause_count, v->arch.regs.rip);
}

static void dump_domains(unsigned char key)
{
	(void)key;
	printk("'q': domains\n");
	for (const struct domain *d = first_domain(); d; d = d->next_in_list) {
		printk("  d%u '%s': %s, %lu/%lu pages, %u vCPUs, refs %u%s\n",
		       d->domain_id, d->name,
		       d->state <= DOMSTATE_DYING ? domstate_names[d->state]
						  : "?",
		       d->tot_pages, d->max_pages, d->max_vcpus, d->refcnt,
		       d->is_privileged ? ", privileged" : "");
		for (unsigned int i = 0; i < d->max_vcpus; i++)
			if (d->vcpus[i])
				dump_vcpu(d->vcpus[i]);
	}
}

KEYHANDLER('q', dump_domains, "dump domains and their vCPUs");
