/* SPDX-License-Identifier: MIT */
/*
 * Minimal host unit-test assertions (placeholder until the test
 * infrastructure's check.h is merged; same interface). CHECK and CHECK_EQ
 * report file:line and the values, count failures and carry on;
 * check_summary() prints the tally and returns the process exit code.
 */
#ifndef TESTS_UNIT_CHECK_H
#define TESTS_UNIT_CHECK_H

#include <stdio.h>

static int check_failures, check_total;

#define CHECK(cond)                                                            \
	do {                                                                   \
		check_total++;                                                 \
		if (!(cond)) {                                                 \
			check_failures++;                                      \
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, \
				__LINE__, #cond);                              \
		}                                                              \
	} while (0)

#define CHECK_EQ(a, b)                                                            \
	do {                                                                      \
		long long check_a_ = (long long)(a),                              \
			  check_b_ = (long long)(b);                              \
		check_total++;                                                    \
		if (check_a_ != check_b_) {                                       \
			check_failures++;                                         \
			fprintf(stderr,                                           \
				"%s:%d: CHECK_EQ(%s, %s) failed: %lld != %lld\n", \
				__FILE__, __LINE__, #a, #b, check_a_,             \
				check_b_);                                        \
		}                                                                 \
	} while (0)

static inline int check_summary(void)
{
	printf("%d checks, %d failed\n", check_total, check_failures);
	return check_failures ? 1 : 0;
}

#endif
