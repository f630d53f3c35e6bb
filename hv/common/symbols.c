/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own symbol table. The generated arrays live in section
 * .rodata.symtab (hv/scripts/gen-symtab.py, linked in the second pass).
 */
#include <satori/symbols.h>

extern const uint64_t symtab_count;
extern const struct symtab_entry symtab_entries[];
extern const char symtab_names[];

const char *symbols_lookup(uint64_t addr, uint64_t *offset, uint64_t *size)
{
	const struct symtab table = {
		.entries = symtab_entries,
		.count = symtab_count,
		.names = symtab_names,
	};

	return symtab_lookup(&table, addr, offset, size);
}
