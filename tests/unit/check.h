/* SPDX-License-Identifier: MIT */
/*
 * Minimal host unit-test helpers: CHECK(cond) and CHECK_EQ(a, b) print
 * file:line (and the values) on failure and count failures;
 * check_summary() prints the verdict and returns the exit code.
 */
#ifndef TESTS_UNIT_CHECK_H
#define TESTS_UNIT_CHECK_H

#include <stdio.h>

static unsigned int check_failures, check_count;

#define CHECK(cond)                                                            \
	do {                                                                   \
		check_count++;                                                 \
		if (!(cond)) {                                                 \
			check_failures++;                                      \
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, \
				__LINE__, #cond);                              \
		}                                                              \
	} while (0)

#define CHECK_EQ(a, b)                                                      \
	do {                                                                \
		unsigned long long check_a_ = (unsigned long long)(a);      \
		unsigned long long check_b_ = (unsigned long long)(b);      \
		check_count++;                                              \
		if (check_a_ != check_b_) {                                 \
			check_failures++;                                   \
			fprintf(stderr,                                     \
				"%s:%d: CHECK_EQ(%s, %s) failed: %#llx != " \
				"%#llx\n",                                  \
				__FILE__, __LINE__, #a, #b, check_a_,       \
				check_b_);                                  \
		}                                                           \
	} while (0)

static inline int check_summary(void)
{
	printf("%u checks, %u failed\n", check_count, check_failures);
	return check_failures ? 1 : 0;
}

#endif
