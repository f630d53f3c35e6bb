/* SPDX-License-Identifier: MIT */
/*
 * dom0_mem= and dom0_max_vcpus=: parsed at boot into plain structures that
 * the dom0 builder reads later; the syntax is in <satori/dom0-options.h>.
 * Pure parsing, host unit-tested.
 */
#include <satori/dom0-options.h>
#include <satori/cmdline.h>
#include <satori/errno.h>
#include <satori/param.h>
#include <satori/string.h>

struct dom0_mem_opt opt_dom0_mem;
struct dom0_vcpus_opt opt_dom0_max_vcpus = { 1, UINT32_MAX };

static int parse_percent(const char **s, unsigned int *percent)
{
	const char *p;
	uint64_t v;

	if (parse_uint(*s, &p, &v) || *p != '%' || v > 100)
		return -EINVAL;
	*s = p + 1;
	*percent = (unsigned int)v;
	return 0;
}

/* [-](<size> | <frac>% | <size>+<frac>%) */
static int parse_amount(const char **s, struct dom0_mem_amount *a)
{
	struct dom0_mem_amount r = { .set = true };
	const char *p = *s;

	if (*p == '-') {
		r.all_but = true;
		p++;
	}
	if (parse_percent(&p, &r.percent) == 0)
		goto done;
	if (parse_size(p, &p, &r.bytes))
		return -EINVAL;
	if (*p == '+') {
		p++;
		if (parse_percent(&p, &r.percent))
			return -EINVAL;
	}
done:
	*s = p;
	*a = r;
	return 0;
}

int dom0_mem_parse(const char *s, struct dom0_mem_opt *out)
{
	struct dom0_mem_opt r = { 0 };

	for (;;) {
		struct dom0_mem_amount *a = &r.amount;

		if (strncmp(s, "min:", 4) == 0)
			a = &r.min;
		else if (strncmp(s, "max:", 4) == 0)
			a = &r.max;
		if (a != &r.amount)
			s += 4;
		if (parse_amount(&s, a))
			return -EINVAL;
		if (*s != ',')
			break;
		s++;
	}
	if (*s)
		return -EINVAL;
	*out = r;
	return 0;
}

uint64_t dom0_mem_resolve(const struct dom0_mem_amount *a, uint64_t host_bytes)
{
	uint64_t v;

	if (!a->set)
		return 0;
	/* floor(host_bytes * percent / 100), without overflowing. */
	v = host_bytes / 100 * a->percent + host_bytes % 100 * a->percent / 100;
	v = a->bytes > host_bytes - MIN(v, host_bytes) ? host_bytes
						       : v + a->bytes;
	return a->all_but ? host_bytes - v : v;
}

int dom0_max_vcpus_parse(const char *s, struct dom0_vcpus_opt *out)
{
	uint64_t min, max = UINT32_MAX;

	if (parse_uint(s, &s, &min) || min == 0 || min > UINT32_MAX)
		return -EINVAL;
	if (*s == '-') {
		s++;
		if (*s && (parse_uint(s, &s, &max) || max > UINT32_MAX))
			return -EINVAL;
	} else {
		max = min;
	}
	if (*s || max < min)
		return -EINVAL;
	out->min = (unsigned int)min;
	out->max = (unsigned int)max;
	return 0;
}

static int parse_dom0_mem(const char *value)
{
	return value ? dom0_mem_parse(value, &opt_dom0_mem) : -EINVAL;
}
custom_param("dom0_mem", parse_dom0_mem);

static int parse_dom0_max_vcpus(const char *value)
{
	return value ? dom0_max_vcpus_parse(value, &opt_dom0_max_vcpus)
		     : -EINVAL;
}
custom_param("dom0_max_vcpus", parse_dom0_max_vcpus);
