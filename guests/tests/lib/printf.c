/* SPDX-License-Identifier: MIT */
/*
 * lib/printf: the guest library's own vsnprintf, checked where it runs.
 * Every conversion, flag, width and length modifier the library documents
 * formats as the C library would; truncation keeps the NUL and returns the
 * full length; an unknown conversion is printed as written.
 */
#include <guest/test.h>

const char test_name[] = "lib/printf";

static char buf[64];

/* For what the compiler's format checking rightly rejects. */
static void unchecked(const char *want, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (strcmp(buf, want) != 0 || n != (int)strlen(want))
		test_fail("'%s': got '%s' (%d), want '%s'", fmt, buf, n, want);
}

#define EXPECT(want, ...)                                                \
	do {                                                             \
		int n_ = snprintf(buf, sizeof(buf), __VA_ARGS__);        \
		if (strcmp(buf, (want)) != 0 || n_ != (int)strlen(want)) \
			test_fail("%s: got '%s' (%d), want '%s'",        \
				  #__VA_ARGS__, buf, n_, (want));        \
	} while (0)

void test_main(void)
{
	char small[5];
	int n;

	EXPECT("42 -42 0", "%d %i %u", 42, -42, 0U);
	EXPECT("4294967295", "%u", 0xffffffffU);
	EXPECT("-9223372036854775808", "%ld",
	       (long)(-9223372036854775807L - 1));
	EXPECT("18446744073709551615", "%lu", ~0UL);
	EXPECT("ff FF 0xff", "%x %X %#x", 255U, 255U, 255U);
	EXPECT("deadbeefcafe", "%llx", 0xdeadbeefcafeULL);
	EXPECT("123", "%zu", (size_t)123);
	EXPECT("0x1000", "%p", (void *)0x1000);
	EXPECT("[  ab][ab  ][ab]", "[%4s][%-4s][%1s]", "ab", "ab", "ab");
	EXPECT("[0042][  42][42  ]", "[%04d][%4d][%-4d]", 42, 42, 42);
	EXPECT("[-042]", "[%04d]", -42);
	EXPECT("x %", "%c %%", 'x');
	unchecked("(null)", "%s", (const char *)NULL);
	unchecked("%q", "%q");

	n = snprintf(small, sizeof(small), "%s", "abcdefgh");
	CHECK_EQ("truncated length", n, 8);
	if (strcmp(small, "abcd") != 0)
		test_fail("truncated to '%s', want 'abcd'", small);
	CHECK_EQ("length with size 0", snprintf(NULL, 0, "%d", 12345), 5);
	test_success();
}
