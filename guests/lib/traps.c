/* SPDX-License-Identifier: MIT */
/*
 * The trap table and the C side of exception entry (entry.S): record the
 * frame, find where to resume, or give up with an ERROR verdict.
 */
#include <guest/test.h>
#include <guest/traps.h>

struct trap_record trap_last;

struct extable_entry {
	uint64_t fault;
	uint64_t fixup;
};

extern const struct extable_entry __start_extable[], __stop_extable[];

#define STUB(v) extern char trap_stub_##v[]
STUB(0);
STUB(1);
STUB(2);
STUB(3);
STUB(4);
STUB(5);
STUB(6);
STUB(7);
STUB(8);
STUB(10);
STUB(11);
STUB(12);
STUB(13);
STUB(14);
STUB(16);
STUB(17);
STUB(18);
STUB(19);
STUB(0x80);
STUB(0x81);

#define ENTRY(v, dpl)                                                          \
	{                                                                      \
		.vector = (v), .flags = TRAP_DPL(dpl), .cs = FLAT_KERNEL_CS64, \
		.address = (unsigned long)trap_stub_##v                        \
	}

/* The two software-interrupt entries come last so they can be left out. */
static const struct trap_info trap_table[] = {
	ENTRY(0, 0),  ENTRY(1, 0),  ENTRY(2, 0),    ENTRY(3, 3),
	ENTRY(4, 3),  ENTRY(5, 0),  ENTRY(6, 0),    ENTRY(7, 0),
	ENTRY(8, 0),  ENTRY(10, 0), ENTRY(11, 0),   ENTRY(12, 0),
	ENTRY(13, 0), ENTRY(14, 0), ENTRY(16, 0),   ENTRY(17, 0),
	ENTRY(18, 0), ENTRY(19, 0), ENTRY(0x80, 0), ENTRY(0x81, 0),
	{ 0 },
};

#define TABLE_LEN (sizeof(trap_table) / sizeof(trap_table[0]))

void trap_reset(void)
{
	memset(&trap_last, 0, sizeof(trap_last));
	trap_last.frame.vector = ~0UL;
}

long install_traps(int softint_dpl)
{
	static struct trap_info table[TABLE_LEN];
	unsigned int i, n = 0;
	long rc;

	for (i = 0; trap_table[i].address; i++) {
		int soft = trap_table[i].vector >= 0x80;

		if (soft && softint_dpl < 0)
			continue;
		table[n] = trap_table[i];
		if (soft)
			table[n].flags = (uint8_t)TRAP_DPL(softint_dpl);
		n++;
	}
	memset(&table[n], 0, sizeof(table[n]));
	trap_reset();
	/* A NULL table clears every entry, the soft-int ones included. */
	rc = hc_set_trap_table(NULL);
	return rc ? rc : hc_set_trap_table(table);
}

static const struct extable_entry *find_fixup(uint64_t rip)
{
	const struct extable_entry *e;

	/* The linker's bounds of one section: one object to cppcheck's eyes. */
	size_t i, n = (size_t)((uintptr_t)__stop_extable -
			       (uintptr_t)__start_extable) /
		      sizeof(*e);

	for (i = 0; i < n; i++) {
		e = &__start_extable[i];
		if (e->fault == rip)
			return e;
	}
	return NULL;
}

/* Traps report the RIP after the instruction; execution just goes on. */
static int is_trap(uint64_t vector)
{
	return vector == 3 || vector == 4 || vector >= 0x80;
}

void trap_dispatch(struct trap_frame *f);
void trap_dispatch(struct trap_frame *f)
{
	const struct extable_entry *e = find_fixup(f->rip);
	unsigned int count = trap_last.count;

	trap_last.frame = *f;
	trap_last.cr2 = vcpu0_info ? vcpu0_info->arch.cr2 : 0;
	trap_last.count = count + 1;
	if (e)
		f->rip = e->fixup;
	else if (!is_trap(f->vector))
		test_error("unexpected exception %lu, error code %#lx at rip "
			   "%#lx, cr2 %#lx",
			   f->vector, f->error_code, f->rip, trap_last.cr2);
}
