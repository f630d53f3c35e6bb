/* SPDX-License-Identifier: MIT */
/*
 * Command-line numbers for the scheduler test kernels: "key=value" words
 * in start_info->cmd_line (the module's arguments on satori, the -initrd
 * arguments on Xen).
 */
#include <guest/sched.h>
#include <guest/string.h>
#include <guest/test.h>

static uint64_t decimal(const char *s)
{
	uint64_t v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	return v;
}

uint64_t cmdline_uint(const char *key, uint64_t fallback)
{
	const char *cmd = (const char *)start_info->cmd_line;
	size_t klen = strlen(key);

	for (const char *p = cmd; *p; p++) {
		if ((p == cmd || p[-1] == ' ') && strncmp(p, key, klen) == 0 &&
		    p[klen] == '=')
			return decimal(p + klen + 1);
	}
	return fallback;
}
