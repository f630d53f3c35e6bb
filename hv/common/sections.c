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

const struct kernel_param *param_table(size_t *n)
{
	*n = (size_t)(__param_end - __param_start);
	return __param_start;
}

const struct keyhandler *keyhandler_table(size_t *n)
{
	*n = (size_t)(__keyhandler_end - __keyhandler_start);
	return __keyhandler_start;
}
