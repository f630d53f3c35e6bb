/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor command line: splits it into options, matches each against
 * the table of declared options (<satori/param.h>) and stores the values.
 * Nothing here is fatal: an option we do not know, or whose value we cannot
 * read, is reported and skipped, because a typo on a boot line must never
 * stop a machine from booting. The parsing is pure (host unit-tested); only
 * cmdline_parse() at the bottom knows about the console.
 */
#include <satori/cmdline.h>
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/string.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

int parse_uint(const char *s, const char **end, uint64_t *val)
{
	unsigned int base = 10;
	uint64_t v = 0;
	const char *p = s;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit_value(p[2]) < 16) {
		base = 16;
		p += 2;
	}
	if (digit_value(*p) >= (int)base)
		return -EINVAL;
	for (; digit_value(*p) < (int)base; p++) {
		unsigned int d = (unsigned int)digit_value(*p);

		if (v > (UINT64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	*val = v;
	if (end)
		*end = p;
	return 0;
}

static unsigned int size_shift(char c)
{
	switch (c) {
	case 'K':
	case 'k':
		return 10;
	case 'M':
	case 'm':
		return 20;
	case 'G':
	case 'g':
		return 30;
	case 'T':
	case 't':
		return 40;
	default:
		return 0;
	}
}

int parse_size(const char *s, const char **end, uint64_t *bytes)
{
	const char *p;
	uint64_t v;
	unsigned int shift;
	int rc = parse_uint(s, &p, &v);

	if (rc)
		return rc;
	/* As Xen's parse_size_and_unit(): K/M/G/T, B for bytes, and no
	 * suffix means KiB. A '%' is left for the caller (dom0_mem=). */
	shift = size_shift(*p);
	if (shift || *p == 'B' || *p == 'b')
		p++;
	else if (*p != '%')
		shift = 10;
	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	*bytes = v << shift;
	if (end)
		*end = p;
	return 0;
}

static bool word_eq(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && strncmp(s, word, len) == 0;
}

int parse_bool(const char *s, size_t len)
{
	static const char *const words[][2] = {
		{ "no", "yes" },	 { "off", "on" }, { "false", "true" },
		{ "disable", "enable" }, { "0", "1" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		for (int v = 0; v < 2; v++)
			if (word_eq(s, len, words[i][v]))
				return v;
	return -EINVAL;
}

/* Option names match with '-' and '_' interchangeable, as in Xen. */
static bool name_eq(const char *name, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char a = name[i], b = s[i];

		if (a == '-')
			a = '_';
		if (b == '-')
			b = '_';

		if (!name[i] || a != b)
			return false;
	}
	return name[len] == '\0';
}

/* One option: "name" or "name=value", inside the command line. */
struct option {
	const char *token;
	size_t len;
	size_t name_len;
	const char *value; /* NULL if there is no '='. */
	size_t value_len;
};

static void split_option(const char *s, struct option *o)
{
	size_t len = 0;

	while (s[len] && !is_space(s[len]))
		len++;
	o->token = s;
	o->len = len;
	o->name_len = 0;
	while (o->name_len < len && s[o->name_len] != '=')
		o->name_len++;
	o->value = o->name_len < len ? s + o->name_len + 1 : NULL;
	o->value_len = o->value ? len - o->name_len - 1 : 0;
}

/* Store @v in the variable, whose size says its type; no partial writes. */
static int store_uint(const struct kernel_param *p, uint64_t v)
{
	switch (p->var_size) {
	case 1:
		if (v > UINT8_MAX)
			return -ERANGE;
		*(uint8_t *)p->var = (uint8_t)v;
		return 0;
	case 2:
		if (v > UINT16_MAX)
			return -ERANGE;
		*(uint16_t *)p->var = (uint16_t)v;
		return 0;
	case 4:
		if (v > UINT32_MAX)
			return -ERANGE;
		*(uint32_t *)p->var = (uint32_t)v;
		return 0;
	case 8:
		*(uint64_t *)p->var = v;
		return 0;
	default:
		return -EINVAL;
	}
}

/* A number that must fill the whole value. */
static int parse_whole(const struct option *o, bool size, uint64_t *v)
{
	const char *end;
	int rc;

	if (!o->value)
		return -EINVAL;
	rc = size ? parse_size(o->value, &end, v)
		  : parse_uint(o->value, &end, v);
	if (rc)
		return rc;
	return end == o->value + o->value_len ? 0 : -EINVAL;
}

static enum cmdline_result apply_bool(const struct kernel_param *p,
				      const struct option *o, bool negated)
{
	int v = 1;

	if (negated && o->value)
		return CMDLINE_MALFORMED;
	if (negated)
		v = 0;
	else if (o->value)
		v = parse_bool(o->value, o->value_len);
	if (v < 0 || store_uint(p, (uint64_t)v))
		return CMDLINE_MALFORMED;
	return CMDLINE_SET;
}

static enum cmdline_result apply_string(const struct kernel_param *p,
					const struct option *o)
{
	size_t n;

	if (!o->value || p->var_size == 0)
		return CMDLINE_MALFORMED;
	n = MIN(o->value_len, p->var_size - 1);
	memcpy(p->var, o->value, n);
	((char *)p->var)[n] = '\0';
	return n < o->value_len ? CMDLINE_TRUNCATED : CMDLINE_SET;
}

/* Custom parsers get a NUL-terminated copy of the value. */
static enum cmdline_result apply_custom(const struct kernel_param *p,
					const struct option *o)
{
	char buf[CMDLINE_CUSTOM_VALUE_MAX + 1];

	if (o->value && o->value_len > CMDLINE_CUSTOM_VALUE_MAX)
		return CMDLINE_MALFORMED;
	if (o->value) {
		memcpy(buf, o->value, o->value_len);
		buf[o->value_len] = '\0';
	}
	return p->parse(o->value ? buf : NULL) ? CMDLINE_MALFORMED
					       : CMDLINE_SET;
}

static enum cmdline_result apply(const struct kernel_param *p,
				 const struct option *o, bool negated)
{
	uint64_t v;

	switch (p->type) {
	case PARAM_BOOL:
		return apply_bool(p, o, negated);
	case PARAM_UINT:
	case PARAM_SIZE:
		if (parse_whole(o, p->type == PARAM_SIZE, &v) ||
		    store_uint(p, v))
			return CMDLINE_MALFORMED;
		return CMDLINE_SET;
	case PARAM_STRING:
		return apply_string(p, o);
	case PARAM_CUSTOM:
		return p->parse ? apply_custom(p, o) : CMDLINE_MALFORMED;
	}
	return CMDLINE_MALFORMED;
}

struct parse_ctx {
	const struct kernel_param *table;
	size_t n;
	cmdline_report_fn *report;
	void *report_ctx;
	int bad;
};

/*
 * Apply @o to every entry named like it, skipping @skip leading characters
 * of the name ("no-" for a negated boolean). @return how many matched.
 */
static unsigned int apply_matching(struct parse_ctx *c, const struct option *o,
				   size_t skip, bool negated)
{
	struct cmdline_event ev = {
		.token = o->token,
		.token_len = o->len,
		.name_len = o->name_len,
	};
	unsigned int matched = 0;

	for (size_t i = 0; i < c->n; i++) {
		const struct kernel_param *p = &c->table[i];

		if ((negated && p->type != PARAM_BOOL) ||
		    !name_eq(p->name, o->token + skip, o->name_len - skip))
			continue;
		matched++;
		ev.param = p;
		ev.result = apply(p, o, negated);
		c->bad += ev.result == CMDLINE_MALFORMED;
		c->report(&ev, c->report_ctx);
	}
	return matched;
}

static void parse_option(struct parse_ctx *c, const struct option *o)
{
	struct cmdline_event ev = {
		.result = CMDLINE_UNKNOWN,
		.token = o->token,
		.token_len = o->len,
		.name_len = o->name_len,
	};

	if (apply_matching(c, o, 0, false))
		return;
	if (o->name_len > 3 && strncmp(o->token, "no-", 3) == 0 &&
	    apply_matching(c, o, 3, true))
		return;
	c->bad++;
	c->report(&ev, c->report_ctx);
}

int cmdline_parse_table(const char *cmdline, const struct kernel_param *table,
			size_t n, cmdline_report_fn *report, void *ctx)
{
	struct parse_ctx c = { table, n, report, ctx, 0 };
	const char *s = cmdline;
	struct option o;

	for (;;) {
		while (is_space(*s))
			s++;
		if (!*s)
			break;
		split_option(s, &o);
		s += o.len;
		if (o.len == 2 && strncmp(o.token, "--", 2) == 0)
			break;
		parse_option(&c, &o);
	}
	return c.bad;
}

static void log_event(const struct cmdline_event *ev, void *ctx)
{
	int name_len = (int)ev->name_len, len = (int)ev->token_len;

	(void)ctx;
	switch (ev->result) {
	case CMDLINE_SET:
		log_info("cmdline: %.*s\n", len, ev->token);
		break;
	case CMDLINE_TRUNCATED:
		log_warn(
			"cmdline: value of '%.*s' truncated to %zu characters\n",
			name_len, ev->token, ev->param->var_size - 1);
		break;
	case CMDLINE_UNKNOWN:
		log_warn("cmdline: unknown option '%.*s' ignored\n", name_len,
			 ev->token);
		break;
	case CMDLINE_MALFORMED:
		log_warn("cmdline: bad value in '%.*s', option ignored\n", len,
			 ev->token);
		break;
	}
}

void cmdline_parse(const char *cmdline)
{
	size_t n;
	const struct kernel_param *table = param_table(&n);

	cmdline_parse_table(cmdline, table, n, log_event, NULL);
}
