/* unit-sources: hv/lib/symtab.c */
/* SPDX-License-Identifier: MIT */
/*
 * Address-to-symbol lookup: inside, at the start and one past the end of
 * a symbol, in gaps between symbols, before the first and after the last,
 * and on an empty table.
 */
#include <satori/symbols.h>

#include <string.h>

#include "check.h"

static const char names[] = "alpha\0beta\0gamma";
static const struct symtab_entry entries[] = {
	{ .addr = 0x1000, .size = 0x20, .name_offset = 0 },
	{ .addr = 0x1020, .size = 0x10, .name_offset = 6 },
	/* gap 0x1030-0x1040 */
	{ .addr = 0x1040, .size = 0x100, .name_offset = 11 },
};
static const struct symtab table = { entries, 3, names };

static void check_hit(uint64_t addr, const char *want, uint64_t want_off,
		      uint64_t want_size)
{
	uint64_t off = ~0ull, size = ~0ull;
	const char *name = symtab_lookup(&table, addr, &off, &size);

	CHECK(name && !strcmp(name, want));
	CHECK_EQ(off, want_off);
	CHECK_EQ(size, want_size);
}

static void check_miss(const struct symtab *t, uint64_t addr)
{
	uint64_t off, size;

	CHECK(symtab_lookup(t, addr, &off, &size) == NULL);
}

int main(void)
{
	const struct symtab empty = { entries, 0, names };

	check_hit(0x1000, "alpha", 0, 0x20);
	check_hit(0x101f, "alpha", 0x1f, 0x20);
	check_hit(0x1020, "beta", 0, 0x10);
	check_hit(0x102f, "beta", 0xf, 0x10);
	check_hit(0x1040, "gamma", 0, 0x100);
	check_hit(0x113f, "gamma", 0xff, 0x100);
	check_miss(&table, 0);
	check_miss(&table, 0xfff);
	check_miss(&table, 0x1030);
	check_miss(&table, 0x103f);
	check_miss(&table, 0x1140);
	check_miss(&table, UINT64_MAX);
	check_miss(&empty, 0x1000);
	return check_summary("test-symtab");
}
