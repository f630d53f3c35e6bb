/* SPDX-License-Identifier: MIT */
/*
 * Lookup in the exception table (.ex_table, see asm/extable.h). The table
 * holds a few dozen entries at most, so a linear scan is fine and needs
 * no sorting at boot.
 */
#include <asm/extable.h>

extern const struct exception_table_entry __ex_table_start[], __ex_table_end[];

static uint64_t entry_addr(const int32_t *field)
{
	return (uint64_t)(uintptr_t)field + (int64_t)*field;
}

uint64_t search_exception_table(uint64_t rip)
{
	/* The bounds come from the linker: count entries by address. */
	size_t n = ((uintptr_t)__ex_table_end - (uintptr_t)__ex_table_start) /
		   sizeof(struct exception_table_entry);

	for (size_t i = 0; i < n; i++) {
		const struct exception_table_entry *e = &__ex_table_start[i];

		if (entry_addr(&e->insn) == rip)
			return entry_addr(&e->fixup);
	}
	return 0;
}
