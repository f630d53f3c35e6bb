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

	/* Xen refuses 100% and more: dom0 could not have it all. */
	if (parse_uint(*s, &p, &v) || *p != '%' || v >= 100)
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

/* Xen's get_memsize: the pages @a stands for out of @avail; a '-' amount
 * beyond @avail means more than there is (Xen's unsigned wrap), which the
 * clamps below turn into @avail. */
static unsigned long amount_pages(const struct dom0_mem_amount *a,
				  unsigned long avail)
{
	unsigned long pages = (unsigned long)(a->bytes >> 12); /* 4 KiB */

	pages += (unsigned long)((uint64_t)a->percent * avail / 100);
	if (!a->all_but)
		return pages;
	return pages > avail ? ~0UL : avail - pages;
}

unsigned long dom0_mem_pages(const struct dom0_mem_opt *o, unsigned long avail,
			     unsigned long *max_pages)
{
	unsigned long reserve = avail / 16 < DOM0_RESERVE_MAX_PAGES
					? avail / 16
					: DOM0_RESERVE_MAX_PAGES;
	unsigned long nr = o->amount.set ? amount_pages(&o->amount, avail) : 0;
	unsigned long min = o->min.set ? amount_pages(&o->min, avail) : 0;
	unsigned long max = o->max.set ? amount_pages(&o->max, avail) : ~0UL;

	if (!nr)
		nr = avail - reserve;
	if (nr < min)
		nr = min;
	if (nr > max)
		nr = max;
	*max_pages = max < UINT32_MAX ? max : UINT32_MAX;
	return nr < avail ? nr : avail;
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
