/* SPDX-License-Identifier: MIT */
/*
 * Names for code addresses, from the symbol table embedded in the image at
 * link time (hv/scripts/gen-symtab.py). Used by backtraces and dumps. The
 * lookup itself is a pure function over a table so host tests can drive it.
 */
#ifndef SATORI_SYMBOLS_H
#define SATORI_SYMBOLS_H

#include <satori/types.h>

/* One text symbol; the table is sorted by address, one entry per address. */
struct symtab_entry {
	uint64_t addr;
	uint32_t size;
	uint32_t name_offset; /* into the names blob */
};

struct symtab {
	const struct symtab_entry *entries;
	size_t count;
	const char *names;
};

/*
 * The symbol of @table containing @addr, or NULL if none (between
 * functions, outside the image, or an empty table). On success *@offset is
 * @addr minus the symbol's start and *@size the symbol's size.
 */
const char *symtab_lookup(const struct symtab *table, uint64_t addr,
			  uint64_t *offset, uint64_t *size);

/* symtab_lookup() on the hypervisor's own text. */
const char *symbols_lookup(uint64_t addr, uint64_t *offset, uint64_t *size);

#endif
