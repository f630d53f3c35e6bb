/* SPDX-License-Identifier: MIT */
/*
 * Address-to-symbol lookup over a sorted table: a binary search for the
 * last symbol starting at or below the address, then a check that the
 * address falls inside it. Pure; the same file runs in host unit tests.
 */
#include <satori/symbols.h>

const char *symtab_lookup(const struct symtab *table, uint64_t addr,
			  uint64_t *offset, uint64_t *size)
{
	size_t lo = 0, hi = table->count;
	const struct symtab_entry *e;

	/* Invariant: entries[0..lo) start at or below addr, [hi..) above. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (table->entries[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	e = &table->entries[lo - 1];
	if (addr - e->addr >= e->size)
		return NULL;
	*offset = addr - e->addr;
	*size = e->size;
	return table->names + e->name_offset;
}
