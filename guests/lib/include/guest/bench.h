/* SPDX-License-Identifier: MIT */
/*
 * The timing harness of the path benchmarks (guests/bench/pv-paths.c,
 * mmu-paths.c): an operation run in BENCH_BATCHES timed batches after a
 * warm-up, the median and spread of the batches, and the result line
 *   bench: <name> <cycles per op> cycles (n=<ops>x<batches>, ...)
 * that bench/run-pv-paths.py reads.
 */
#ifndef GUEST_BENCH_H
#define GUEST_BENCH_H

#include <guest/console.h>
#include <guest/sched.h>
#include <guest/sort.h>

#define BENCH_BATCHES 15U

/* Cycles of one batch of ops, and the batch statistics of a benchmark. */
struct bench_result {
	uint64_t median, min, max; /* cycles per batch */
	unsigned int ops;	   /* per batch */
};

/* Runs @op(@warmup) once to warm up, then @op(@ops) BENCH_BATCHES timed
 * times. */
static inline void bench_measure(void (*op)(unsigned int n),
				 unsigned int warmup, unsigned int ops,
				 struct bench_result *r)
{
	uint64_t batch[BENCH_BATCHES];
	unsigned int b;

	op(warmup);
	for (b = 0; b < BENCH_BATCHES; b++) {
		uint64_t t0 = tsc_now();

		op(ops);
		batch[b] = tsc_now() - t0;
	}
	sort_u64(batch, BENCH_BATCHES);
	r->median = batch[BENCH_BATCHES / 2];
	r->min = batch[0];
	r->max = batch[BENCH_BATCHES - 1];
	r->ops = ops;
}

static inline void bench_report(const char *name, const struct bench_result *r)
{
	printf("bench: %s %lu cycles (n=%ux%u, batch min %lu max %lu)\n", name,
	       r->median / r->ops, r->ops, BENCH_BATCHES, r->min / r->ops,
	       r->max / r->ops);
}

#endif
