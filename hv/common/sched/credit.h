/* SPDX-License-Identifier: MIT */
/*
 * The credit policy's constants and the entry points its host unit test
 * drives directly (hv/common/sched/credit.c). Times are in nanoseconds;
 * one nanosecond of run time costs one unit of credit.
 */
#ifndef SCHED_CREDIT_H
#define SCHED_CREDIT_H

#include <satori/sched.h>

#define CREDIT_TICK_NS 10000000ull   /* Priorities checked every 10 ms. */
#define CREDIT_TSLICE_NS 30000000ull /* A vCPU's slice: 30 ms. */
#define CREDIT_ACCT_NS 30000000ull   /* Credit handed out every 30 ms. */
#define CREDIT_MIN_SLICE_NS 100000ull
/* A longer gap between accountings (a stalled CPU 0) counts as this. */
#define CREDIT_MAX_PERIOD_NS (4 * CREDIT_ACCT_NS)

/* Priorities, best first (Xen: BOOST 0, UNDER -1, OVER -2). */
#define CREDIT_PRI_BOOST 0
#define CREDIT_PRI_UNDER 1
#define CREDIT_PRI_OVER 2
#define CREDIT_PRI_NONE 3 /* Steal anything runnable. */

/* Hand out the credit of @period ns of @nr_cpus CPUs (the 30 ms timer
 * on CPU 0 calls it with the time since the last call). */
void credit_account(unsigned int nr_cpus, uint64_t period);

/* @v's credit now, in ns of run time. */
int64_t credit_value(const struct vcpu *v);

/* @v's priority now (CREDIT_PRI_*), and whether it is parked. */
int credit_prio(const struct vcpu *v);
bool credit_parked(const struct vcpu *v);

#endif
