/* SPDX-License-Identifier: MIT */
/* Sets of CPUs, as bitmaps of NR_CPUS bits. */
#ifndef SATORI_CPUMASK_H
#define SATORI_CPUMASK_H

#include <satori/smp.h>
#include <satori/types.h>

#define CPUMASK_WORDS ((NR_CPUS + 63) / 64)

typedef struct {
	uint64_t bits[CPUMASK_WORDS];
} cpumask_t;

static inline void cpumask_set(unsigned int cpu, cpumask_t *m)
{
	__atomic_fetch_or(&m->bits[cpu / 64], 1ull << (cpu % 64),
			  __ATOMIC_SEQ_CST);
}

static inline void cpumask_clear_cpu(unsigned int cpu, cpumask_t *m)
{
	__atomic_fetch_and(&m->bits[cpu / 64], ~(1ull << (cpu % 64)),
			   __ATOMIC_SEQ_CST);
}

static inline bool cpumask_test(unsigned int cpu, const cpumask_t *m)
{
	return (__atomic_load_n(&m->bits[cpu / 64], __ATOMIC_SEQ_CST) >>
		(cpu % 64)) &
	       1;
}

static inline bool cpumask_empty(const cpumask_t *m)
{
	for (unsigned int i = 0; i < CPUMASK_WORDS; i++)
		if (__atomic_load_n(&m->bits[i], __ATOMIC_SEQ_CST))
			return false;
	return true;
}

static inline unsigned int cpumask_weight(const cpumask_t *m)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < CPUMASK_WORDS; i++)
		n += (unsigned int)__builtin_popcountll(m->bits[i]);
	return n;
}

#define for_each_cpu(cpu, mask)                     \
	for ((cpu) = 0; (cpu) < NR_CPUS; (cpu)++)   \
		if (!cpumask_test((cpu), (mask))) { \
		} else

/* CPUs that have completed bring-up and take IPIs. */
extern cpumask_t cpu_online_map;

#define for_each_online_cpu(cpu) for_each_cpu(cpu, &cpu_online_map)

#endif
