/* SPDX-License-Identifier: MIT */
/*
 * The verdict protocol: one line "satori-test: <name>: <VERDICT>[: detail]"
 * on the console, then shutdown. The test runner stops at this line, so
 * nothing a test prints after its verdict is seen.
 */
#include <guest/test.h>

void shutdown(unsigned int reason)
{
	struct sched_shutdown arg = { .reason = reason };

	hc_sched_op(SCHEDOP_shutdown, &arg);
	for (;;)
		hc_sched_op(SCHEDOP_yield, NULL);
}

/* @detail may be NULL (SUCCESS has none). */
static __attribute__((noreturn)) void
verdict(const char *what, const char *detail, unsigned int reason)
{
	if (detail)
		printf("satori-test: %s: %s: %s\n", test_name, what, detail);
	else
		printf("satori-test: %s: %s\n", test_name, what);
	shutdown(reason);
}

void test_success(void)
{
	verdict("SUCCESS", NULL, SHUTDOWN_poweroff);
}

/* The formatted verdicts differ only in the word and the reason. */
#define DETAIL_SIZE 192

void test_fail(const char *fmt, ...)
{
	char detail[DETAIL_SIZE];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	verdict("FAILURE", detail, SHUTDOWN_poweroff);
}

void test_skip(const char *fmt, ...)
{
	char detail[DETAIL_SIZE];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	verdict("SKIP", detail, SHUTDOWN_poweroff);
}

void test_error(const char *fmt, ...)
{
	char detail[DETAIL_SIZE];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	verdict("ERROR", detail, SHUTDOWN_crash);
}
