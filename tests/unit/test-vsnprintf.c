/* SPDX-License-Identifier: MIT */
/* unit-sources: hv/lib/vsnprintf.c */
/*
 * hv/lib/vsnprintf.c against the host C library: every format below is
 * formatted by both, into buffers of several sizes, and the text and the
 * return value must agree. The host's vsnprintf is reached with
 * dlsym(RTLD_NEXT), because this program's own definition (the one under
 * test) shadows it. %p is not compared: its output is ours by design.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <stdarg.h>

#include <satori/format.h>

#include "check.h"

typedef int vsnprintf_fn(char *, size_t, const char *, va_list);

static vsnprintf_fn *host_vsnprintf;

/* Sizes tried for each case: 0 (count only), 1 (just the NUL) and more. */
static const size_t sizes[] = { 0, 1, 2, 3, 5, 8, 13, 64, 256 };

static void compare_one(const char *file, int line, size_t size,
			const char *fmt, va_list ap)
{
	char want[300], got[300];
	va_list a1, a2;
	int rw, rg;

	memset(want, 'X', sizeof(want));
	memset(got, 'X', sizeof(got));
	va_copy(a1, ap);
	va_copy(a2, ap);
	rw = host_vsnprintf(want, size, fmt, a1);
	rg = vsnprintf(size ? got : NULL, size, fmt, a2);
	va_end(a1);
	va_end(a2);
	check_count_++;
	/* Bytes past the terminator must be untouched: compare them all. */
	if (rw != rg || memcmp(want, got, sizeof(want)) != 0) {
		check_fail_(file, line, fmt);
		fprintf(stderr,
			"    size %zu: host %d \"%.*s\", ours %d \"%.*s\"\n",
			size, rw, (int)(size ? size : 1) - 1, want, rg,
			(int)(size ? size : 1) - 1, got);
	}
}

static void __printf(3, 4)
	same(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		va_start(ap, fmt);
		compare_one(file, line, sizes[i], fmt, ap);
		va_end(ap);
	}
}

#define SAME(...) same(__FILE__, __LINE__, __VA_ARGS__)

static void __printf(2, 3) ours(char *buf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, 64, fmt, ap);
	va_end(ap);
}

static void test_integers(void)
{
	static const int ints[] = {
		0, 1, -1, 7, -42, 123456, INT_MAX, INT_MIN
	};
	static const char *const fmts[] = {
		"%d",	 "%i",	  "%5d",   "%-5d|",   "%05d",	"%+d",
		"% d",	 "%.3d",  "%8.3d", "%-8.3d|", "%.0d",	"%+05d",
		"%x",	 "%X",	  "%#x",   "%#X",     "%#8x",	"%#08x",
		"%o",	 "%#o",	  "%u",	   "%10u",    "%-10u|", "%.0x",
		"%#.0o", "%hhd",  "%hd",   "%hhu",    "%hx",	"%08.3d",
		"%#.5o", "%#08o", "%#.1o", "%#5.0o|",
	};

	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++)
		for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
			same(__FILE__, __LINE__, fmts[f], ints[i]);
}

static void test_long_integers(void)
{
	SAME("%ld %lu %lx", LONG_MIN, ULONG_MAX, 0xdeadbeefcafeUL);
	SAME("%lld %llu %llX", LLONG_MIN, ULLONG_MAX, 0x123456789abcdefULL);
	SAME("%zu %zd %zx", (size_t)-1, (ssize_t)-5, (size_t)4096);
	SAME("%td %jd %ju", (ptrdiff_t)-77, (intmax_t)INT64_MIN,
	     (uintmax_t)UINT64_MAX);
	SAME("%#lo %20lu|%-20ld|", 0777UL, 1UL << 63, -1L);
}

static void test_strings_and_chars(void)
{
	SAME("%s", "hello");
	SAME("[%10s]", "right");
	SAME("[%-10s]", "left");
	SAME("[%.3s]", "truncated");
	SAME("[%8.2s]", "ab cd");
	SAME("[%*s]", 6, "star");
	SAME("[%-*s]", 6, "star");
	SAME("[%*s]", -6, "neg"); /* a negative '*' width means '-' */
	SAME("[%.*s]", 2, "precision");
	SAME("[%.*s]", -1, "negative precision is none");
	SAME("%c%c%c", 'a', 'b', 'c');
	SAME("[%3c][%-3c]", 'x', 'y');
	SAME("100%% %s", "sure");
	SAME("%s=%d, %s=%#x", "a", 1, "b", 0xff);
	SAME("%s", "");
	SAME("no conversions at all, just a longer text to truncate");
}

static void test_pointers(void)
{
	char buf[64];

	ours(buf, "%p", (void *)0xffff828000200000UL);
	CHECK_STR_EQ(buf, "0xffff828000200000");
	ours(buf, "%p", (void *)0x1234);
	CHECK_STR_EQ(buf, "0x0000000000001234");
	ours(buf, "%p", NULL);
	CHECK_STR_EQ(buf, "0x0000000000000000");
}

/*
 * Called through a pointer so that the compiler neither folds these calls
 * at build time nor warns about the truncation they are meant to exercise.
 */
static int (*volatile hv_snprintf)(char *, size_t, const char *,
				   ...) = snprintf;

static void test_return_value_and_truncation(void)
{
	char buf[8];

	memset(buf, 'X', sizeof(buf));
	CHECK_EQ(hv_snprintf(buf, sizeof(buf), "%s", "0123456789"), 10);
	CHECK_STR_EQ(buf, "0123456");
	CHECK_EQ(hv_snprintf(buf, 1, "abc"), 3);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(hv_snprintf(NULL, 0, "%d", -12345), 6);
	CHECK_EQ(hv_snprintf(buf, sizeof(buf), "%s", ""), 0);
	CHECK_STR_EQ(buf, "");
}

int main(void)
{
	host_vsnprintf = (vsnprintf_fn *)dlsym(RTLD_NEXT, "vsnprintf");
	CHECK(host_vsnprintf != NULL && host_vsnprintf != vsnprintf);
	if (!host_vsnprintf || host_vsnprintf == vsnprintf)
		return check_summary("test-vsnprintf");
	test_integers();
	test_long_integers();
	test_strings_and_chars();
	test_pointers();
	test_return_value_and_truncation();
	return check_summary("test-vsnprintf");
}
