/* unit-sources: hv/lib/ratelimit.c hv/common/log-level.c */
/* SPDX-License-Identifier: MIT */
/*
 * The log rate limiter and the loglvl= policy: burst, refill, the
 * suppressed count, the refill cap, time going backwards; Xen's
 * "<level>[/<rate-limited level>]" syntax and the per-message verdict.
 */
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/ratelimit.h>

#include "check.h"

#define SEC 1000000000ull

static unsigned int count_allowed(struct ratelimit *rl, uint64_t now,
				  unsigned int tries, unsigned int *suppressed)
{
	unsigned int allowed = 0;

	for (unsigned int i = 0; i < tries; i++)
		if (ratelimit_allow(rl, now, suppressed))
			allowed++;
	return allowed;
}

static void test_burst_then_refill(void)
{
	struct ratelimit rl = RATELIMIT_INIT(5 * SEC, 10);
	unsigned int suppressed = 99;

	/* A full bucket: exactly the burst passes at one instant. */
	CHECK_EQ(count_allowed(&rl, 0, 25, &suppressed), 10);
	CHECK_EQ(suppressed, 0);
	CHECK_EQ(rl.missed, 15);
	/* Less than one interval later: still nothing. */
	CHECK(!ratelimit_allow(&rl, 4 * SEC, &suppressed));
	/* One interval: one message, reporting the 16 it follows. */
	CHECK(ratelimit_allow(&rl, 5 * SEC, &suppressed));
	CHECK_EQ(suppressed, 16);
	CHECK(!ratelimit_allow(&rl, 5 * SEC, &suppressed));
	CHECK(ratelimit_allow(&rl, 10 * SEC, &suppressed));
	CHECK_EQ(suppressed, 1);
}

static void test_cap_and_clock(void)
{
	struct ratelimit rl = RATELIMIT_INIT(5 * SEC, 10);
	unsigned int suppressed;

	CHECK_EQ(count_allowed(&rl, 0, 10, &suppressed), 10);
	/* An hour of silence refills to the burst, not beyond. */
	CHECK_EQ(count_allowed(&rl, 3600 * SEC, 50, &suppressed), 10);
	/* Time going backwards neither refills nor breaks the bucket. */
	CHECK_EQ(count_allowed(&rl, 10 * SEC, 5, &suppressed), 0);
	CHECK(ratelimit_allow(&rl, 3605 * SEC, &suppressed));
	CHECK_EQ(suppressed, 45);
	/* Near the end of time: no overflow in the refill. */
	CHECK_EQ(count_allowed(&rl, UINT64_MAX, 50, &suppressed), 10);
}

static void test_parse(void)
{
	struct log_thresholds t = { -1, -1 };

	CHECK_EQ(log_thresholds_parse("warning", &t), 0);
	CHECK_EQ(t.lower, LOG_WARN);
	CHECK_EQ(t.upper, LOG_WARN);
	CHECK_EQ(log_thresholds_parse("none/warning", &t), 0);
	CHECK_EQ(t.lower, LOG_NONE);
	CHECK_EQ(t.upper, LOG_WARN);
	CHECK_EQ(log_thresholds_parse("all", &t), 0);
	CHECK_EQ(t.lower, LOG_DEBUG);
	CHECK_EQ(t.upper, LOG_DEBUG);
	/* An upper level below the lower one is raised to it. */
	CHECK_EQ(log_thresholds_parse("info/error", &t), 0);
	CHECK_EQ(t.lower, LOG_INFO);
	CHECK_EQ(t.upper, LOG_INFO);
	/* Malformed: rejected, thresholds untouched. */
	CHECK_EQ(log_thresholds_parse("warn", &t), -EINVAL);
	CHECK_EQ(log_thresholds_parse("warningx", &t), -EINVAL);
	CHECK_EQ(log_thresholds_parse("error/", &t), -EINVAL);
	CHECK_EQ(log_thresholds_parse("error/info/all", &t), -EINVAL);
	CHECK_EQ(log_thresholds_parse("", &t), -EINVAL);
	CHECK_EQ(log_thresholds_parse(NULL, &t), -EINVAL);
	CHECK_EQ(t.lower, LOG_INFO);
	CHECK_EQ(t.upper, LOG_INFO);
}

static void test_verdict(void)
{
	const struct log_thresholds hv = { LOG_WARN, LOG_WARN };
	const struct log_thresholds guest = { LOG_NONE, LOG_WARN };
	const struct log_thresholds split = { LOG_ERR, LOG_INFO };

	CHECK_EQ(log_verdict(LOG_ERR, &hv), LOG_VERDICT_PRINT);
	CHECK_EQ(log_verdict(LOG_WARN, &hv), LOG_VERDICT_PRINT);
	CHECK_EQ(log_verdict(LOG_INFO, &hv), LOG_VERDICT_DROP);
	CHECK_EQ(log_verdict(LOG_ERR, &guest), LOG_VERDICT_RATELIMIT);
	CHECK_EQ(log_verdict(LOG_WARN, &guest), LOG_VERDICT_RATELIMIT);
	CHECK_EQ(log_verdict(LOG_INFO, &guest), LOG_VERDICT_DROP);
	CHECK_EQ(log_verdict(LOG_ERR, &split), LOG_VERDICT_PRINT);
	CHECK_EQ(log_verdict(LOG_INFO, &split), LOG_VERDICT_RATELIMIT);
	CHECK_EQ(log_verdict(LOG_DEBUG, &split), LOG_VERDICT_DROP);
}

int main(void)
{
	test_burst_then_refill();
	test_cap_and_clock();
	test_parse();
	test_verdict();
	return check_summary("test-ratelimit");
}
