/* SPDX-License-Identifier: MIT */
/*
 * sched=: which scheduler runs the vCPUs, recorded at boot for the
 * scheduler core. Names are Xen's where Xen has the policy (bvt is Xen's
 * old one; rr is satori's own, for deterministic tests); Xen's other
 * schedulers (credit2, rtds, arinc653, null) are not implemented, so
 * asking for one is reported like any other unknown name.
 */
#include <satori/sched-policy.h>
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/param.h>
#include <satori/string.h>

enum sched_policy opt_sched = SCHED_CREDIT;

static const char *const policy_names[] = {
	[SCHED_CREDIT] = "credit",
	[SCHED_BVT] = "bvt",
	[SCHED_RR] = "rr",
};

int sched_policy_parse(const char *name)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(policy_names); i++)
		if (strcmp(name, policy_names[i]) == 0)
			return (int)i;
	return -EINVAL;
}

const char *sched_policy_name(enum sched_policy policy)
{
	return (unsigned int)policy < ARRAY_SIZE(policy_names)
		       ? policy_names[policy]
		       : "?";
}

static int parse_sched(const char *value)
{
	int policy = value ? sched_policy_parse(value) : -EINVAL;

	if (policy < 0) {
		log_warn(
			"sched: unknown scheduler '%s' (known: credit, bvt, rr), "
			"keeping %s\n",
			value ? value : "", sched_policy_name(opt_sched));
		return -EINVAL;
	}
	opt_sched = (enum sched_policy)policy;
	return 0;
}
custom_param("sched", parse_sched);
