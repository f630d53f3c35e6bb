/* SPDX-License-Identifier: MIT */
/*
 * Token-bucket rate limiting (satori/ratelimit.h). Credit is kept in
 * nanoseconds so that refilling needs no division: elapsed time is added,
 * capped at burst * interval, and a message spends one interval.
 */
#include <satori/ratelimit.h>

bool ratelimit_allow(struct ratelimit *rl, uint64_t now_ns,
		     unsigned int *suppressed)
{
	uint64_t cap = rl->interval_ns * rl->burst;

	if (now_ns > rl->last_ns) {
		uint64_t elapsed = now_ns - rl->last_ns;

		/* Compare before adding: a long quiet spell must not wrap. */
		rl->credit_ns = elapsed >= cap - MIN(rl->credit_ns, cap)
					? cap
					: rl->credit_ns + elapsed;
		rl->last_ns = now_ns;
	}
	if (rl->credit_ns < rl->interval_ns) {
		rl->missed++;
		return false;
	}
	rl->credit_ns -= rl->interval_ns;
	*suppressed = rl->missed;
	rl->missed = 0;
	return true;
}
