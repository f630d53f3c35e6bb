/* SPDX-License-Identifier: MIT */
/*
 * The command-line parser behind <satori/param.h>, and the value parsers
 * that custom options share. Pure logic (hv/common/cmdline.c): the host
 * unit tests drive it with their own option tables.
 */
#ifndef SATORI_CMDLINE_H
#define SATORI_CMDLINE_H

#include <satori/param.h>
#include <satori/types.h>

/* Longest value handed to a PARAM_CUSTOM parser (longer ones are refused). */
#define CMDLINE_CUSTOM_VALUE_MAX 128

enum cmdline_result {
	CMDLINE_SET,	   /* Understood and applied. */
	CMDLINE_TRUNCATED, /* String applied, cut to fit its variable. */
	CMDLINE_UNKNOWN,   /* No option of that name: ignored. */
	CMDLINE_MALFORMED, /* Bad value: ignored, variable unchanged. */
};

/* What happened to one option; the strings point into the command line. */
struct cmdline_event {
	enum cmdline_result result;
	const char *token; /* "name" or "name=value", not NUL-terminated */
	size_t token_len;
	size_t name_len; /* The name is token[0 .. name_len). */
	const struct kernel_param *param; /* NULL if unknown. */
};

typedef void cmdline_report_fn(const struct cmdline_event *ev, void *ctx);

/*
 * Apply every space-separated option of @cmdline to the matching entries
 * of @table (@n entries), calling @report(ev, @ctx) once per option and
 * matching entry. Names compare with '-' and '_' as equal (as Xen does);
 * "no-<name>" clears a boolean; an option given twice takes its last value.
 * A token "--" ends the hypervisor's options (the rest is dom0's).
 * @return the number of options reported UNKNOWN or MALFORMED.
 */
int cmdline_parse_table(const char *cmdline, const struct kernel_param *table,
			size_t n, cmdline_report_fn *report, void *ctx);

/*
 * Value parsers. Each reads from @s and, on success, stores where the value
 * ended in *@end (may be NULL) so that callers can parse lists.
 */

/* yes/no, on/off, true/false, enable/disable, 1/0 in @s[0 .. @len).
 * @return 1, 0, or -EINVAL. */
int parse_bool(const char *s, size_t len);

/* Decimal or 0x-prefixed hex. @return 0, -EINVAL (no digits) or -ERANGE. */
int parse_uint(const char *s, const char **end, uint64_t *val);

/* An unsigned number optionally followed by B, K, M, G or T (either case;
 * bytes if none). @return 0, -EINVAL or -ERANGE. */
int parse_size(const char *s, const char **end, uint64_t *bytes);

#endif
