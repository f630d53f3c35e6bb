/* SPDX-License-Identifier: MIT */
/*
 * hostile/bad-trap-table: set_trap_table checks the entries it installs.
 *
 * Rule: a handler address must be canonical (-EINVAL otherwise); entries
 * before the bad one stay installed. Xen 4.17 checks nothing else: a
 * handler inside the hypervisor's range is accepted (it would fault in the
 * guest when taken), and the selector cannot raise the guest's privilege:
 * an entry naming the hypervisor's ring-0 code selector 0xe008 still
 * delivers in the guest kernel's context.
 * Attack: tables whose second entry is non-canonical, in the hypervisor's
 * range, or uses selector 0xe008 for #GP; then a #GP through that entry
 * and a #UD must arrive at the guest's own stubs as usual.
 */
#include <guest/test.h>
#include <guest/traps.h>

const char test_name[] = "hostile/bad-trap-table";

extern char trap_stub_6[], trap_stub_13[];

static long install(uint64_t addr, uint16_t cs)
{
	struct trap_info t[3] = {
		{ .vector = 6,
		  .cs = FLAT_KERNEL_CS64,
		  .address = (unsigned long)trap_stub_6 },
		{ .vector = 13, .cs = cs, .address = addr },
		{ 0 },
	};

	return hc_set_trap_table(t);
}

static void check_ud_delivered(const char *what)
{
	trap_reset();
	__asm__ volatile("1: ud2\n2:\n\t" EXTABLE(1b, 2b)::: "memory");
	CHECK_EQ(what, trap_last.count, 1);
	CHECK_EQ(what, trap_last.frame.vector, 6);
	CHECK_EQ(what, trap_last.frame.cs & 0xffff, FLAT_KERNEL_CS64 & ~3);
}

void test_main(void)
{
	long rc;

	CHECK_EQ("set_trap_table", install_traps(0), 0);
	rc = install(0x8000000000000000UL, FLAT_KERNEL_CS64);
	CHECK_EQ("non-canonical handler", rc, -XEN_EINVAL);
	check_ud_delivered("#UD after the non-canonical entry");

	/* Accepted: only canonicality is checked (never taken here). */
	rc = install(__HYPERVISOR_VIRT_START + 0x1000, FLAT_KERNEL_CS64);
	CHECK_EQ("handler in the hypervisor's range", rc, 0);
	check_ud_delivered("#UD after the hypervisor-range entry");

	/* #GP's entry is the real stub, but with Xen's ring-0 selector. */
	rc = install((uint64_t)trap_stub_13, 0xe008);
	CHECK_EQ("hypervisor code selector", rc, 0);
	trap_reset();
	__asm__ volatile("movabs $0x8000000000000000, %%rax\n"
			 "1:\tmov (%%rax), %%rax\n2:\n\t" EXTABLE(1b, 2b)
			 :
			 :
			 : "rax", "memory");
	CHECK_EQ("#GP through the 0xe008 entry", trap_last.count, 1);
	CHECK_EQ("#GP vector", trap_last.frame.vector, 13);
	check_ud_delivered("#UD after the selector attempt");
	test_success();
}
