/* SPDX-License-Identifier: MIT */
/*
 * The scheduling policy chosen at boot with sched= (credit, Xen's default,
 * bvt, or rr), recorded for the scheduler (hv/common/sched-policy.c). An
 * unknown name is reported and the default kept.
 */
#ifndef SATORI_SCHED_POLICY_H
#define SATORI_SCHED_POLICY_H

enum sched_policy {
	SCHED_CREDIT,
	SCHED_BVT,
	SCHED_RR, /* Round robin, fixed slices: for deterministic tests. */
};

extern enum sched_policy opt_sched;

/* @return the policy named @name, or -EINVAL. */
int sched_policy_parse(const char *name);

/* @return the name sched= uses for @policy ("credit", "bvt", "rr"). */
const char *sched_policy_name(enum sched_policy policy);

#endif
