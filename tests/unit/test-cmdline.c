/* SPDX-License-Identifier: MIT */
/* unit-sources: hv/common/cmdline.c */
/*
 * The command-line parser (hv/common/cmdline.c): value parsers, every
 * option type against a table of our own, the things that must be ignored
 * rather than applied, and the console lines cmdline_parse() prints.
 */
#include <stdarg.h>

#include <satori/cmdline.h>
#include <satori/errno.h>
#include <satori/log.h>

#include "check.h"

/* --- Stand-ins for the hypervisor around cmdline.c --- */

static char log_buf[4096];
static size_t log_len;

void log_printf(int level, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	va_start(ap, fmt);
	log_len += (size_t)vsnprintf(log_buf + log_len,
				     sizeof(log_buf) - log_len, fmt, ap);
	va_end(ap);
}

static bool opt_flag, opt_flag2 = true;
static unsigned int opt_num = 7;
static uint16_t opt_port;
static uint64_t opt_mem;
static char opt_str[8];
static char custom_seen[64];
static int custom_calls;

static int parse_custom(const char *value)
{
	custom_calls++;
	if (value && strcmp(value, "bad") == 0)
		return -EINVAL;
	snprintf(custom_seen, sizeof(custom_seen), "%s",
		 value ? value : "(none)");
	return 0;
}

static const struct kernel_param table[] = {
	{ "flag", PARAM_BOOL, &opt_flag, sizeof(opt_flag), NULL },
	{ "flag2", PARAM_BOOL, &opt_flag2, sizeof(opt_flag2), NULL },
	{ "num", PARAM_UINT, &opt_num, sizeof(opt_num), NULL },
	{ "debug-port", PARAM_UINT, &opt_port, sizeof(opt_port), NULL },
	{ "mem", PARAM_SIZE, &opt_mem, sizeof(opt_mem), NULL },
	{ "str", PARAM_STRING, opt_str, sizeof(opt_str), NULL },
	{ "custom", PARAM_CUSTOM, NULL, 0, parse_custom },
};

const struct kernel_param *param_table(size_t *n)
{
	*n = ARRAY_SIZE(table);
	return table;
}

/* --- Recording what the parser reports --- */

struct seen {
	unsigned int n;
	enum cmdline_result result[16];
	char name[16][32];
};

static void record(const struct cmdline_event *ev, void *ctx)
{
	struct seen *s = ctx;

	if (s->n >= 16)
		return;
	s->result[s->n] = ev->result;
	snprintf(s->name[s->n], sizeof(s->name[0]), "%.*s", (int)ev->name_len,
		 ev->token);
	s->n++;
}

static int parse(const char *cmdline, struct seen *s)
{
	memset(s, 0, sizeof(*s));
	return cmdline_parse_table(cmdline, table, ARRAY_SIZE(table), record,
				   s);
}

/* --- Value parsers --- */

static void test_parse_bool(void)
{
	static const char *const yes[] = { "yes", "on", "true", "enable", "1" };
	static const char *const no[] = { "no", "off", "false", "disable",
					  "0" };

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		CHECK_EQ(parse_bool(yes[i], strlen(yes[i])), 1);
		CHECK_EQ(parse_bool(no[i], strlen(no[i])), 0);
	}
	CHECK_EQ(parse_bool("maybe", 5), -EINVAL);
	CHECK_EQ(parse_bool("", 0), -EINVAL);
	CHECK_EQ(parse_bool("yess", 4), -EINVAL);
	CHECK_EQ(parse_bool("yess", 3), 1); /* the length bounds the word */
	CHECK_EQ(parse_bool("ye", 2), -EINVAL);
}

static void test_parse_uint(void)
{
	const char *end;
	uint64_t v = 0;

	CHECK_EQ(parse_uint("42,rest", &end, &v), 0);
	CHECK_EQ(v, 42);
	CHECK_STR_EQ(end, ",rest");
	CHECK_EQ(parse_uint("0x3F8", &end, &v), 0);
	CHECK_EQ(v, 0x3f8);
	CHECK_EQ(parse_uint("0Xff", NULL, &v), 0);
	CHECK_EQ(v, 255);
	CHECK_EQ(parse_uint("0", &end, &v), 0);
	CHECK_EQ(v, 0);
	CHECK_EQ(parse_uint("0x", &end, &v), 0); /* "0", then junk "x" */
	CHECK_STR_EQ(end, "x");
	CHECK_EQ(parse_uint("18446744073709551615", NULL, &v), 0);
	CHECK_EQ(v, UINT64_MAX);
	v = 5;
	CHECK_EQ(parse_uint("18446744073709551616", NULL, &v), -ERANGE);
	CHECK_EQ(parse_uint("0x10000000000000000", NULL, &v), -ERANGE);
	CHECK_EQ(v, 5);
	CHECK_EQ(parse_uint("", NULL, &v), -EINVAL);
	CHECK_EQ(parse_uint("-1", NULL, &v), -EINVAL);
	CHECK_EQ(parse_uint("abc", NULL, &v), -EINVAL);
}

static void test_parse_size(void)
{
	const char *end;
	uint64_t v = 0;

	/* No suffix means KiB, as in Xen (dom0_mem=524288 is 512 MiB). */
	CHECK_EQ(parse_size("512", NULL, &v), 0);
	CHECK_EQ(v, 512ull << 10);
	CHECK_EQ(parse_size("4K", NULL, &v), 0);
	CHECK_EQ(v, 4096);
	CHECK_EQ(parse_size("16m", NULL, &v), 0);
	CHECK_EQ(v, 16ull << 20);
	CHECK_EQ(parse_size("2G,max:4G", &end, &v), 0);
	CHECK_EQ(v, 2ull << 30);
	CHECK_STR_EQ(end, ",max:4G");
	CHECK_EQ(parse_size("1T", NULL, &v), 0);
	CHECK_EQ(v, 1ull << 40);
	CHECK_EQ(parse_size("0x10M", NULL, &v), 0);
	CHECK_EQ(v, 16ull << 20);
	CHECK_EQ(parse_size("100b", &end, &v), 0);
	CHECK_EQ(v, 100);
	CHECK_STR_EQ(end, "");
	CHECK_EQ(parse_size("16777216T", NULL, &v), -ERANGE);
	CHECK_EQ(parse_size("M", NULL, &v), -EINVAL);
	CHECK_EQ(parse_size("18014398509481984", NULL, &v), -ERANGE);
	CHECK_EQ(parse_size("50%", &end, &v), 0);
	CHECK_EQ(v, 50);
	CHECK_STR_EQ(end, "%");
}

/* --- The table parser --- */

static void test_booleans(void)
{
	struct seen s;

	opt_flag = false;
	opt_flag2 = true;
	CHECK_EQ(parse("flag no-flag2", &s), 0);
	CHECK_EQ(opt_flag, true);
	CHECK_EQ(opt_flag2, false);
	CHECK_EQ(s.n, 2);
	CHECK_EQ(s.result[0], CMDLINE_SET);
	CHECK_EQ(s.result[1], CMDLINE_SET);
	CHECK_EQ(parse("flag=off flag2=enable", &s), 0);
	CHECK_EQ(opt_flag, false);
	CHECK_EQ(opt_flag2, true);
	/* Malformed values leave the variable alone. */
	CHECK_EQ(parse("flag2=maybe no-flag2=yes flag=", &s), 3);
	CHECK_EQ(opt_flag2, true);
	CHECK_EQ(opt_flag, false);
	CHECK_EQ(s.result[0], CMDLINE_MALFORMED);
	CHECK_EQ(s.result[1], CMDLINE_MALFORMED);
	/* "no-" applies to booleans only. */
	CHECK_EQ(parse("no-num", &s), 1);
	CHECK_EQ(s.result[0], CMDLINE_UNKNOWN);
	CHECK_STR_EQ(s.name[0], "no-num");
}

static void test_integers(void)
{
	struct seen s;

	CHECK_EQ(parse("num=42 debug_port=0xf4 mem=512M", &s), 0);
	CHECK_EQ(opt_num, 42);
	CHECK_EQ(opt_port, 0xf4);
	CHECK_EQ(opt_mem, 512ull << 20);
	/* Out of range for the variable, junk, missing or negative values. */
	CHECK_EQ(parse("num=4294967296 debug-port=65536 num=12x num -num=1 "
		       "mem=1Q num=-3",
		       &s),
		 7);
	CHECK_EQ(opt_num, 42);
	CHECK_EQ(opt_port, 0xf4);
	CHECK_EQ(opt_mem, 512ull << 20);
	CHECK_EQ(parse("num=4294967295 debug-port=65535", &s), 0);
	CHECK_EQ(opt_num, 4294967295u);
	CHECK_EQ(opt_port, 65535);
}

static void test_strings(void)
{
	struct seen s;

	CHECK_EQ(parse("str=credit", &s), 0);
	CHECK_STR_EQ(opt_str, "credit");
	CHECK_EQ(s.result[0], CMDLINE_SET);
	/* Too long: applied, cut to 7 characters, and reported as such. */
	CHECK_EQ(parse("str=0123456789", &s), 0);
	CHECK_STR_EQ(opt_str, "0123456");
	CHECK_EQ(s.result[0], CMDLINE_TRUNCATED);
	CHECK_EQ(parse("str=", &s), 0);
	CHECK_STR_EQ(opt_str, "");
	CHECK_EQ(parse("str", &s), 1);
	CHECK_EQ(s.result[0], CMDLINE_MALFORMED);
}

static void test_custom(void)
{
	char longval[CMDLINE_CUSTOM_VALUE_MAX + 16];
	struct seen s;

	custom_calls = 0;
	CHECK_EQ(parse("custom=min:1G,max:2G", &s), 0);
	CHECK_STR_EQ(custom_seen, "min:1G,max:2G");
	CHECK_EQ(parse("custom", &s), 0);
	CHECK_STR_EQ(custom_seen, "(none)");
	CHECK_EQ(parse("custom=bad", &s), 1);
	CHECK_EQ(s.result[0], CMDLINE_MALFORMED);
	CHECK_EQ(custom_calls, 3);
	/* Values too long for the custom buffer never reach the parser. */
	memcpy(longval, "custom=", 7);
	memset(longval + 7, 'a', sizeof(longval) - 8);
	longval[sizeof(longval) - 1] = '\0';
	CHECK_EQ(parse(longval, &s), 1);
	CHECK_EQ(custom_calls, 3);
}

static void test_tokens(void)
{
	struct seen s;

	opt_num = 0;
	CHECK_EQ(parse("", &s), 0);
	CHECK_EQ(s.n, 0);
	CHECK_EQ(parse("   \t ", &s), 0);
	CHECK_EQ(s.n, 0);
	/* Unknown options are reported and skipped; the rest still apply. */
	CHECK_EQ(parse("  bogus_option=3\tnum=1  num=2 =x ", &s), 2);
	CHECK_EQ(s.n, 4);
	CHECK_EQ(s.result[0], CMDLINE_UNKNOWN);
	CHECK_STR_EQ(s.name[0], "bogus_option");
	CHECK_EQ(s.result[3], CMDLINE_UNKNOWN);
	CHECK_EQ(opt_num, 2); /* the last one wins */
	/* Everything after "--" belongs to dom0. */
	CHECK_EQ(parse("num=3 -- num=4 bogus", &s), 0);
	CHECK_EQ(opt_num, 3);
	CHECK_EQ(s.n, 1);
	/* A prefix or an extension of a name is another name. */
	CHECK_EQ(parse("nu numb flag22", &s), 3);
}

static void test_console_lines(void)
{
	log_len = 0;
	log_buf[0] = '\0';
	cmdline_parse("num=5 bogus_option=3 flag=perhaps str=abcdefghij");
	CHECK_STR_EQ(log_buf,
		     "cmdline: num=5\n"
		     "cmdline: unknown option 'bogus_option' ignored\n"
		     "cmdline: bad value in 'flag=perhaps', option ignored\n"
		     "cmdline: value of 'str' truncated to 7 characters\n");
	CHECK_EQ(opt_num, 5);
}

int main(void)
{
	test_parse_bool();
	test_parse_uint();
	test_parse_size();
	test_booleans();
	test_integers();
	test_strings();
	test_custom();
	test_tokens();
	test_console_lines();
	return check_summary("test-cmdline");
}
