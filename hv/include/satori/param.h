/* SPDX-License-Identifier: MIT */
/*
 * Hypervisor command-line options.
 *
 * Each option is declared next to the variable it sets, with the macros
 * below; the declarations are collected in a linker section and parsed once
 * at boot by cmdline_parse(). Option names follow Xen's where Xen has the
 * option. An unknown or malformed option is reported and ignored.
 *
 * Syntax (Xen's): options are separated by spaces; "name=value" sets a
 * value; a boolean accepts "name", "no-name", "name=<bool>" where <bool> is
 * one of yes/no, on/off, true/false, enable/disable, 1/0. Sizes accept the
 * suffixes K, M, G, T and B (bytes); a bare number is KiB, as in Xen.
 */
#ifndef SATORI_PARAM_H
#define SATORI_PARAM_H

#include <satori/types.h>

enum param_type {
	PARAM_BOOL, /* bool */
	PARAM_UINT, /* unsigned int, uint32_t or uint64_t by var_size */
	PARAM_SIZE, /* uint64_t bytes, with K/M/G/T/B suffixes (KiB if none) */
	PARAM_STRING, /* char[var_size] */
	PARAM_CUSTOM, /* parse(value) does the work; value may be NULL */
};

struct kernel_param {
	const char *name;
	enum param_type type;
	void *var;
	size_t var_size;
	/*
	 * PARAM_CUSTOM: 0, or -EINVAL if @value is malformed, in which case
	 * nothing may have changed. @value is NULL for a bare "name".
	 */
	int (*parse)(const char *value);
};

#define PARAM_CAT_(a, b) a##b
#define PARAM_ID2_(a, b) PARAM_CAT_(a, b)
#define PARAM_ID_(line) PARAM_ID2_(__param_, line)

#define DEFINE_PARAM_(nm, ty, v, sz, fn)                     \
	static const struct kernel_param PARAM_ID_(__LINE__) \
		__used __section(".data.param")              \
			__aligned(8) = { .name = (nm),       \
					 .type = (ty),       \
					 .var = (v),         \
					 .var_size = (sz),   \
					 .parse = (fn) }

#define boolean_param(nm, v) \
	DEFINE_PARAM_(nm, PARAM_BOOL, &(v), sizeof(v), NULL)
#define integer_param(nm, v) \
	DEFINE_PARAM_(nm, PARAM_UINT, &(v), sizeof(v), NULL)
#define size_param(nm, v) DEFINE_PARAM_(nm, PARAM_SIZE, &(v), sizeof(v), NULL)
#define string_param(nm, v) \
	DEFINE_PARAM_(nm, PARAM_STRING, (v), sizeof(v), NULL)
#define custom_param(nm, fn) DEFINE_PARAM_(nm, PARAM_CUSTOM, NULL, 0, fn)

/*
 * Parse @cmdline against every declared option (hv/common/cmdline.c),
 * logging each option understood (info) and each one ignored (warning).
 * Once, early in boot, right after the console comes up.
 */
void cmdline_parse(const char *cmdline);

/* All declared options: @return the first, *@n their number. */
const struct kernel_param *param_table(size_t *n);

#endif
