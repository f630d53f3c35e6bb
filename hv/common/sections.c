/* SPDX-License-Identifier: MIT */
/*
 * The bounds of the tables the linker builds from declarations spread over
 * the sources (satori.lds.S). Only this file names the linker symbols, so
 * the code that walks the tables also builds into host unit tests, which
 * supply their own tables instead of this file.
 */
#include <satori/keyhandler.h>
#include <satori/param.h>

extern const struct kernel_param __param_start[], __param_end[];
extern const struct keyhandler __keyhandler_start[], __keyhandler_end[];

/* The linker places the tables; their bounds are addresses, not pointers
 * into one C array, so the length is computed from the addresses. */
static size_t section_bytes(const void *start, const void *end)
{
	return (size_t)((uintptr_t)end - (uintptr_t)start);
}

const struct kernel_param *param_table(size_t *n)
{
	*n = section_bytes(__param_start, __param_end) / sizeof(*__param_start);
	return __param_start;
}

const struct keyhandler *keyhandler_table(size_t *n)
{
	*n = section_bytes(__keyhandler_start, __keyhandler_end) /
	     sizeof(*__keyhandler_start);
	return __keyhandler_start;
}
