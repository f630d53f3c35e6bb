/* SPDX-License-Identifier: MIT */
/*
 * The scheduling items of a bootdom= entry (weight, cap, warp, warpl,
 * warpu, cpus), applied to the domain once it is built and before it is
 * unpaused. A value the scheduler refuses (no online CPU in cpus:) is
 * reported and the default kept: the domain still boots.
 */
#include <satori/bootdom.h>
#include <satori/log.h>
#include <satori/sched.h>

#define NS_PER_MS 1000000ull

static void apply_params(struct domain *d, const struct bootdom_opt *o)
{
	struct sched_params p = d->sched_params;

	if (o->weight)
		p.weight = o->weight;
	p.cap = o->cap;
	p.warp_ns = o->warp_ms * NS_PER_MS;
	p.warpl_ns = o->warpl_ms * NS_PER_MS;
	p.warpu_ns = o->warpu_ms * NS_PER_MS;
	if (sched_set_params(d, &p))
		log_err("%s: scheduling parameters refused; defaults kept\n",
			d->name);
}

static void apply_affinity(struct domain *d, uint64_t cpus)
{
	cpumask_t m = { { 0 } };

	for (unsigned int cpu = 0; cpu < 64 && cpu < NR_CPUS; cpu++)
		if (cpus & (1ull << cpu))
			cpumask_set(cpu, &m);
	for (unsigned int i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i] && vcpu_set_hard_affinity(d->vcpus[i], &m)) {
			log_err("%s: cpus: %#lx has no online CPU; runs "
				"anywhere\n",
				d->name, (unsigned long)cpus);
			return;
		}
}

void bootdom_apply_sched(struct domain *d, const struct bootdom_opt *o)
{
	apply_params(d, o);
	if (o->cpus)
		apply_affinity(d, o->cpus);
	log_info("%s: d%u weight %u cap %u warp %u/%u/%u ms cpus %#lx\n",
		 d->name, d->domain_id, d->sched_params.weight,
		 d->sched_params.cap, o->warp_ms, o->warpl_ms, o->warpu_ms,
		 (unsigned long)o->cpus);
}
