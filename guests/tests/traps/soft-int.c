/* SPDX-License-Identifier: MIT */
/*
 * traps/soft-int: software interrupts from the guest kernel, as Xen 4.17
 * delivers them. int $0x80 takes the fast path: delivered as vector 0x80
 * (RIP after the instruction) whenever the trap table has an entry for it,
 * whatever that entry's DPL; without an entry it becomes #GP with error
 * code (0x80 << 3) | 2 and RIP at the instruction. Any other vector (0x81
 * here) honours the DPL: delivered at DPL 3, #GP with (0x81 << 3) | 2 at
 * DPL 0.
 */
#include <guest/test.h>
#include <guest/traps.h>

const char test_name[] = "traps/soft-int";

/* Executes int $@vec; returns its address, its end in @after. */
#define SOFT_INT(vec, after)                                                 \
	({                                                                   \
		uint64_t at_;                                                \
		__asm__ volatile("lea 1f(%%rip), %[at]\n\t"                  \
				 "lea 2f(%%rip), %[end]\n"                   \
				 "1:\tint $" #vec "\n2:\n\t" EXTABLE(1b, 2b) \
				 : [at] "=&r"(at_), [end] "=&r"(after)       \
				 :                                           \
				 : "memory");                                \
		at_;                                                         \
	})

static void expect_delivered(const char *what, uint64_t vec, uint64_t after)
{
	printf("%s: vector %#lx\n", what, trap_last.frame.vector);
	CHECK_EQ(what, trap_last.count, 1);
	CHECK_EQ(what, trap_last.frame.vector, vec);
	CHECK_EQ(what, trap_last.frame.rip, after);
	trap_reset();
}

static void expect_gp(const char *what, uint64_t vec, uint64_t at)
{
	printf("%s: vector %#lx\n", what, trap_last.frame.vector);
	CHECK_EQ(what, trap_last.count, 1);
	CHECK_EQ(what, trap_last.frame.vector, 13);
	CHECK_EQ(what, trap_last.frame.error_code, (vec << 3) | 2);
	CHECK_EQ(what, trap_last.frame.rip, at);
	trap_reset();
}

void test_main(void)
{
	uint64_t at, after;

	CHECK_EQ("set_trap_table, soft ints at DPL 3", install_traps(3), 0);
	SOFT_INT(0x80, after);
	expect_delivered("int 0x80 at DPL 3", 0x80, after);
	SOFT_INT(0x81, after);
	expect_delivered("int 0x81 at DPL 3", 0x81, after);

	CHECK_EQ("set_trap_table, soft ints at DPL 0", install_traps(0), 0);
	SOFT_INT(0x80, after);
	expect_delivered("int 0x80 at DPL 0", 0x80, after);
	at = SOFT_INT(0x81, after);
	expect_gp("int 0x81 at DPL 0", 0x81, at);

	CHECK_EQ("set_trap_table, no soft ints", install_traps(-1), 0);
	at = SOFT_INT(0x80, after);
	expect_gp("int 0x80 without entry", 0x80, at);
	at = SOFT_INT(0x81, after);
	expect_gp("int 0x81 without entry", 0x81, at);
	test_success();
}
