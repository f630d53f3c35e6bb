/* SPDX-License-Identifier: MIT */
/*
 * hostile/mmu-ptwr-writable: a trapped write to a live L1 cannot create a
 * writable mapping of a page table either.
 *
 * Rule: with VMASST_TYPE_writable_pagetables a kernel may write the
 * entries of its live L1 tables through their read-only mappings; the
 * hypervisor emulates each write as a checked update. A write the check
 * refuses is not done: the guest gets the #PF it caused (error code 3,
 * present and write, as Xen 4.17 delivers it) and the entry is unchanged.
 * Attack: after one accepted trapped write (a read-only mapping of a data
 * page, which shows the emulation is on), write an entry that maps the L1
 * itself read-write, then one that maps the L4 read-write, with mov and
 * with xchg.
 */
#include <guest/mmu.h>
#include <guest/test.h>
#include <guest/traps.h>

const char test_name[] = "hostile/mmu-ptwr-writable";

static uint8_t data[4096] __attribute__((aligned(4096)));

/* The live L1 entry of window slot 1, through the read-only view. */
static volatile uint64_t *entry;

static void write_mov(uint64_t val)
{
	__asm__ volatile("1:\tmovq %1, (%0)\n2:\n\t" EXTABLE(1b, 2b)
			 :
			 : "r"(entry), "r"(val)
			 : "memory");
}

static void write_xchg(uint64_t val)
{
	__asm__ volatile("1:\txchgq %1, (%0)\n2:\n\t" EXTABLE(1b, 2b)
			 : "+r"(entry), "+r"(val)
			 :
			 : "memory");
}

static void attack(const char *what, void (*write)(uint64_t), uint64_t val)
{
	uint64_t before = *entry;

	trap_reset();
	write(val);
	if (trap_last.count != 1 || trap_last.frame.vector != 14)
		test_fail("%s: %u exceptions (last vector %lu), want one #PF",
			  what, trap_last.count, trap_last.frame.vector);
	CHECK_EQ("#PF error code", trap_last.frame.error_code, 3);
	if (*entry != before)
		test_fail("%s: entry changed %#lx -> %#lx", what, before,
			  *entry);
}

void test_main(void)
{
	uint64_t t[5], ok;
	uint64_t va = (uint64_t)mmu_window(1);

	if (mmu_boot_walk(va, t))
		test_error("cannot walk the boot tables");
	/* The same read-only page, but through a pointer we may write. */
	entry = (volatile uint64_t *)(mmu_mfn_to_pfn(t[1]) << 12) +
		PT_INDEX(va, 1);
	CHECK_EQ("set_trap_table", install_traps(-1), 0);
	CHECK_EQ("vm_assist writable_pagetables",
		 hc_vm_assist(VMASST_CMD_enable,
			      VMASST_TYPE_writable_pagetables),
		 0);
	ok = (mmu_virt_to_mfn(data) << 12) | PTE_FLAGS_RO;
	trap_reset();
	write_mov(ok);
	if (trap_last.count || PTE_MFN(*entry) != PTE_MFN(ok))
		test_fail("an allowed trapped write was not emulated "
			  "(%u exceptions, entry %#lx)",
			  trap_last.count, *entry);
	attack("mov: L1 maps itself RW", write_mov,
	       (t[1] << 12) | PTE_FLAGS_RW);
	attack("mov: L1 maps the L4 RW", write_mov,
	       (t[4] << 12) | PTE_FLAGS_RW);
	attack("xchg: L1 maps itself RW", write_xchg,
	       (t[1] << 12) | PTE_FLAGS_RW);
	attack("xchg: L1 maps the L2 RW", write_xchg,
	       (t[2] << 12) | PTE_FLAGS_RW);
	CHECK_EQ("read through the accepted mapping",
		 *(volatile uint8_t *)mmu_window(1), 0);
	test_success();
}
