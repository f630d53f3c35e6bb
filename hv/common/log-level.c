/* SPDX-License-Identifier: MIT */
/*
 * The loglvl= and guest_loglvl= policy: parsing Xen's
 * "<level>[/<rate-limited level>]" syntax and deciding, per message,
 * whether to print, rate-limit or drop. Pure; host tests use it directly.
 */
#include <satori/errno.h>
#include <satori/log.h>

static const struct {
	const char *name;
	int level;
} level_names[] = {
	{ "none", LOG_NONE }, { "error", LOG_ERR },   { "warning", LOG_WARN },
	{ "info", LOG_INFO }, { "debug", LOG_DEBUG }, { "all", LOG_ALL },
};

/* Match one level name at *@s, ending at '/' or the string's end. */
static int parse_level(const char **s)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(level_names); i++) {
		const char *n = level_names[i].name, *p = *s;

		while (*n && *p == *n) {
			n++;
			p++;
		}
		if (!*n && (*p == '\0' || *p == '/')) {
			*s = p;
			return level_names[i].level;
		}
	}
	return -EINVAL;
}

int log_thresholds_parse(const char *s, struct log_thresholds *t)
{
	int lower, upper;

	if (!s)
		return -EINVAL;
	lower = parse_level(&s);
	if (lower < 0)
		return -EINVAL;
	upper = lower;
	if (*s == '/') {
		s++;
		upper = parse_level(&s);
		if (upper < 0 || *s)
			return -EINVAL;
	}
	t->lower = lower;
	t->upper = MAX(upper, lower);
	return 0;
}

enum log_verdict log_verdict(int level, const struct log_thresholds *t)
{
	if (level <= t->lower)
		return LOG_VERDICT_PRINT;
	if (level <= t->upper)
		return LOG_VERDICT_RATELIMIT;
	return LOG_VERDICT_DROP;
}
