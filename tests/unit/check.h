/* SPDX-License-Identifier: MIT */
/*
 * A minimal check library for the host unit tests. CHECK* macros record a
 * failure (with file:line, the expressions and their values) and carry on,
 * so one run reports every broken expectation; check_summary() prints one
 * line per test program and turns the count into the exit status.
 */
#ifndef TESTS_UNIT_CHECK_H
#define TESTS_UNIT_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static unsigned int check_count_;
static unsigned int check_failed_;

static inline void check_fail_(const char *file, int line, const char *what)
{
	check_failed_++;
	fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what);
}

#define CHECK(cond)                                             \
	do {                                                    \
		check_count_++;                                 \
		if (!(cond))                                    \
			check_fail_(__FILE__, __LINE__, #cond); \
	} while (0)

/*
 * Integers of any width and signedness, compared as 64-bit patterns after
 * conversion (so -1 equals (int64_t)-1 but not 0xffffffffu).
 */
#define CHECK_EQ(a, b)                                                     \
	do {                                                               \
		__typeof__(a) a_ = (a);                                    \
		__typeof__(b) b_ = (b);                                    \
		check_count_++;                                            \
		if ((uint64_t)a_ != (uint64_t)b_) {                        \
			check_fail_(__FILE__, __LINE__, #a " == " #b);     \
			fprintf(stderr,                                    \
				"    left:  %" PRId64 " (%#" PRIx64 ")\n"  \
				"    right: %" PRId64 " (%#" PRIx64 ")\n", \
				(int64_t)a_, (uint64_t)a_, (int64_t)b_,    \
				(uint64_t)b_);                             \
		}                                                          \
	} while (0)

/* NUL-terminated strings; NULL compares equal only to NULL. */
#define CHECK_STR_EQ(a, b)                                                \
	do {                                                              \
		const char *a_ = (a), *b_ = (b);                          \
		check_count_++;                                           \
		if (a_ != b_ && (!a_ || !b_ || strcmp(a_, b_) != 0)) {    \
			check_fail_(__FILE__, __LINE__, #a " == " #b);    \
			fprintf(stderr,                                   \
				"    left:  \"%s\"\n    right: \"%s\"\n", \
				a_ ? a_ : "(null)", b_ ? b_ : "(null)");  \
		}                                                         \
	} while (0)

/* Print "<name>: N checks, N failed"; the exit status for main(). */
static inline int check_summary(const char *test_name)
{
	printf("%s: %u checks, %u failed\n", test_name, check_count_,
	       check_failed_);
	return check_failed_ ? 1 : 0;
}

#endif
