/* SPDX-License-Identifier: MIT */
/*
 * The bootdom= and dom0= options. Each bootdom= occurrence adds one
 * domain; a malformed one is reported and skipped, never fatal, so one
 * typo costs one domain, not the boot.
 */
#include <satori/bootdom.h>
#include <satori/cmdline.h>
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/param.h>
#include <satori/string.h>

struct bootdom_opt opt_bootdoms[BOOTDOM_MAX];
unsigned int opt_nr_bootdoms;
bool opt_dom0_none;

#define BOOTDOM_MAX_VCPUS 64
#define BOOTDOM_MAX_MODULE 32
#define BOOTDOM_MAX_WEIGHT 65535
#define BOOTDOM_MAX_CAP 6400	  /* 100% of 64 vCPUs. */
#define BOOTDOM_MAX_WARP_MS 10000 /* 10 s (SCHED_MAX_WARP_NS). */

/* A number that ends exactly at @end, within [1, @max]. */
static int small_uint(const char *s, const char *end, unsigned int max,
		      unsigned int *out)
{
	const char *stop;
	uint64_t v;

	if (parse_uint(s, &stop, &v) || stop != end || !v || v > max)
		return -EINVAL;
	*out = (unsigned int)v;
	return 0;
}

static bool key_is(const char *s, size_t klen, const char *key)
{
	return klen == strlen(key) && strncmp(s, key, klen) == 0;
}

/* A number that ends exactly at @end, within [0, @max]. */
static int any_uint(const char *s, const char *end, unsigned int max,
		    unsigned int *out)
{
	const char *stop;
	uint64_t v;

	if (parse_uint(s, &stop, &v) || stop != end || v > max)
		return -EINVAL;
	*out = (unsigned int)v;
	return 0;
}

/* "<a>" or "<a>-<b>", CPUs below 64, as a bitmap. */
static int cpus_value(const char *v, const char *end, struct bootdom_opt *o)
{
	const char *dash = v;
	unsigned int a, b;

	while (dash < end && *dash != '-')
		dash++;
	if (any_uint(v, dash, 63, &a))
		return -EINVAL;
	b = a;
	if (dash < end && any_uint(dash + 1, end, 63, &b))
		return -EINVAL;
	if (b < a)
		return -EINVAL;
	o->cpus = (b == 63 ? ~0ull : (2ull << b) - 1) & ~((1ull << a) - 1);
	return 0;
}

/* The scheduling items; -ENOENT if @key is none of them. */
static int sched_item(const char *key, size_t klen, const char *v,
		      const char *end, struct bootdom_opt *o)
{
	if (key_is(key, klen, "weight"))
		return small_uint(v, end, BOOTDOM_MAX_WEIGHT, &o->weight);
	if (key_is(key, klen, "cap"))
		return any_uint(v, end, BOOTDOM_MAX_CAP, &o->cap);
	if (key_is(key, klen, "warp"))
		return any_uint(v, end, BOOTDOM_MAX_WARP_MS, &o->warp_ms);
	if (key_is(key, klen, "warpl"))
		return any_uint(v, end, BOOTDOM_MAX_WARP_MS, &o->warpl_ms);
	if (key_is(key, klen, "warpu"))
		return any_uint(v, end, BOOTDOM_MAX_WARP_MS, &o->warpu_ms);
	if (key_is(key, klen, "cpus"))
		return cpus_value(v, end, o);
	return -ENOENT;
}

static int name_value(const char *v, const char *end, struct bootdom_opt *o)
{
	size_t len = (size_t)(end - v);

	if (!len || len >= sizeof(o->name))
		return -EINVAL;
	for (size_t i = 0; i < len; i++)
		if (v[i] == ':' || v[i] == ' ')
			return -EINVAL;
	memcpy(o->name, v, len);
	o->name[len] = '\0';
	return 0;
}

static int mem_value(const char *v, const char *end, struct bootdom_opt *o)
{
	const char *stop;

	if (parse_size(v, &stop, &o->mem_bytes) || stop != end || !o->mem_bytes)
		return -EINVAL;
	return 0;
}

/* maxmem: the most the domain may grow to by ballooning (>= mem). */
static int maxmem_value(const char *v, const char *end, struct bootdom_opt *o)
{
	const char *stop;

	if (parse_size(v, &stop, &o->maxmem_bytes) || stop != end ||
	    !o->maxmem_bytes)
		return -EINVAL;
	return 0;
}

/* One "key:value" or "priv" item in [@s, @end). */
static int one_item(const char *s, const char *end, struct bootdom_opt *o,
		    const char **why)
{
	const char *colon = s;
	int rc;

	while (colon < end && *colon != ':')
		colon++;
	*why = "unknown item";
	if (colon == end) {
		o->priv = key_is(s, (size_t)(end - s), "priv");
		return o->priv ? 0 : -EINVAL;
	}
	*why = "bad value";
	if (key_is(s, (size_t)(colon - s), "name"))
		return name_value(colon + 1, end, o);
	if (key_is(s, (size_t)(colon - s), "mem"))
		return mem_value(colon + 1, end, o);
	if (key_is(s, (size_t)(colon - s), "maxmem"))
		return maxmem_value(colon + 1, end, o);
	if (key_is(s, (size_t)(colon - s), "vcpus"))
		return small_uint(colon + 1, end, BOOTDOM_MAX_VCPUS, &o->vcpus);
	if (key_is(s, (size_t)(colon - s), "kernel"))
		return small_uint(colon + 1, end, BOOTDOM_MAX_MODULE,
				  &o->kernel_mod);
	if (key_is(s, (size_t)(colon - s), "ramdisk"))
		return small_uint(colon + 1, end, BOOTDOM_MAX_MODULE,
				  &o->ramdisk_mod);
	rc = sched_item(s, (size_t)(colon - s), colon + 1, end, o);
	if (rc != -ENOENT)
		return rc;
	*why = "unknown item";
	return -EINVAL;
}

int bootdom_parse(const char *s, struct bootdom_opt *out, const char **why)
{
	struct bootdom_opt o = { .vcpus = 1 };

	*why = "empty";
	if (!s || !*s)
		return -EINVAL;
	while (*s) {
		const char *end = strchr(s, ',');

		if (!end)
			end = s + strlen(s);
		if (one_item(s, end, &o, why))
			return -EINVAL;
		s = *end ? end + 1 : end;
	}
	*why = "needs name, mem and kernel";
	if (!o.name[0] || !o.mem_bytes || !o.kernel_mod)
		return -EINVAL;
	*why = "maxmem below mem";
	if (o.maxmem_bytes && o.maxmem_bytes < o.mem_bytes)
		return -EINVAL;
	*why = "ramdisk is the kernel module";
	if (o.ramdisk_mod == o.kernel_mod)
		return -EINVAL;
	*out = o;
	return 0;
}

int bootdom_param_add(const char *s)
{
	struct bootdom_opt o;
	const char *why;

	if (bootdom_parse(s, &o, &why)) {
		log_err("bootdom=%s: %s; entry skipped\n", s ? s : "", why);
		return -EINVAL;
	}
	if (opt_nr_bootdoms == BOOTDOM_MAX) {
		log_err("bootdom=%s: more than %u entries; skipped\n", s,
			BOOTDOM_MAX);
		return -EINVAL;
	}
	opt_bootdoms[opt_nr_bootdoms++] = o;
	return 0;
}
custom_param("bootdom", bootdom_param_add);

int dom0_param_parse(const char *s)
{
	if (s && strcmp(s, "none") == 0)
		opt_dom0_none = true;
	else if (s && strcmp(s, "pv") == 0)
		opt_dom0_none = false;
	else
		return -EINVAL;
	return 0;
}
custom_param("dom0", dom0_param_parse);
