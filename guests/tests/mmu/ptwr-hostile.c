/* SPDX-License-Identifier: MIT */
/*
 * mmu/ptwr-hostile: direct writes to page tables that must be refused.
 * With VMASST writable_pagetables on, a write to a live L1 entry whose new
 * value would map writably one of the domain's own page tables (the L1
 * itself, the L4), map a hypervisor frame (the L3 behind an L4 hypervisor
 * slot) or a frame the domain does not own, whichever instruction makes it
 * (mov, xchg), a misaligned store into the entry, and any write to an L2
 * table (never emulated) each raise the #PF the write would raise without
 * emulation: error code P|W, RIP at the instruction, CR2 the written
 * address; the entry and the registers stay as they were. A cmpxchg whose
 * compare fails stores nothing, so even a bad new value raises nothing
 * (ZF clear, RAX the entry), as in Xen's emulator. A read-only mapping of
 * the own L1 is allowed (the positive control).
 */
#include <guest/mmuext.h>
#include <guest/ptwr.h>
#include <guest/test.h>
#include <guest/traps.h>

const char test_name[] = "mmu/ptwr-hostile";

static uint8_t page_w[4096] __attribute__((aligned(4096)));
#define PAGE_W ((uint64_t)page_w)

#define KERNEL_RW (PTE_PRESENT | PTE_RW | PTE_ACCESSED | PTE_DIRTY)
#define KERNEL_RO (PTE_PRESENT | PTE_ACCESSED)

static volatile uint64_t *pte; /* W's L1 entry (read-only mapping) */
static uint64_t orig;	       /* and its value */

/* The #PF a refused write raises, at @rip; the entry is unchanged. */
static void expect_refused(const char *what, uint64_t rip)
{
	if (trap_last.count != 1)
		test_fail("%s: %u exceptions, want 1 (#PF)", what,
			  trap_last.count);
	CHECK_EQ(what, trap_last.frame.vector, 14);
	CHECK_EQ("error code (P|W)", trap_last.frame.error_code, 3);
	CHECK_EQ("rip at the write", trap_last.frame.rip, rip);
	if (vcpu0_info)
		CHECK_EQ("cr2", trap_last.cr2, (uint64_t)pte);
	CHECK_EQ("entry unchanged", *pte, orig);
	CHECK_EQ("W still maps W", page_w[0], 'W');
}

static void refuse_mov(const char *what, uint64_t val)
{
	uint64_t rip;

	trap_reset();
	__asm__ volatile("lea 1f(%%rip), %[rip]\n"
			 "1: movq %[v], (%[p])\n2:\n" EXTABLE(1b, 2b)
			 : [rip] "=&r"(rip)
			 : [v] "r"(val), [p] "r"(pte)
			 : "memory");
	expect_refused(what, rip);
}

static void refuse_xchg(const char *what, uint64_t val)
{
	uint64_t rip, reg = val;

	trap_reset();
	__asm__ volatile("lea 1f(%%rip), %[rip]\n"
			 "1: xchgq %[r], (%[p])\n2:\n" EXTABLE(1b, 2b)
			 : [rip] "=&r"(rip), [r] "+r"(reg)
			 : [p] "r"(pte)
			 : "memory");
	expect_refused(what, rip);
	CHECK_EQ("xchg: register unchanged", reg, val);
}

/* A cmpxchg whose compare fails stores nothing, so its new value is not
 * looked at (Xen compares first): ZF clear, RAX the entry, no fault. */
static void failed_cmpxchg(const char *what, uint64_t val)
{
	uint64_t rax = orig ^ (1UL << 12);
	uint8_t zf;

	trap_reset();
	__asm__ volatile("1: lock cmpxchgq %[n], (%[p])\n2:\n\t"
			 "setz %[zf]\n" EXTABLE(1b, 2b)
			 : [zf] "=r"(zf), "+a"(rax)
			 : [n] "r"(val), [p] "r"(pte)
			 : "memory", "cc");
	CHECK_EQ(what, trap_last.count, 0);
	CHECK_EQ("failed cmpxchg: ZF", zf, 0);
	CHECK_EQ("failed cmpxchg: rax", rax, orig);
	CHECK_EQ("failed cmpxchg: entry unchanged", *pte, orig);
}

/* Writes to L2 tables are never emulated (Xen 4.17 neither): even
 * storing the entry's own value raises the #PF. */
static void refuse_l2_write(void)
{
	volatile uint64_t *l2e = ptwr_entry_of(PAGE_W, 2);
	uint64_t rip, val;

	if (!l2e)
		test_error("no L2 entry found for W");
	val = *l2e;
	trap_reset();
	__asm__ volatile("lea 1f(%%rip), %[rip]\n"
			 "1: movq %[v], (%[p])\n2:\n" EXTABLE(1b, 2b)
			 : [rip] "=&r"(rip)
			 : [v] "r"(val), [p] "r"(l2e)
			 : "memory");
	if (trap_last.count != 1 || trap_last.frame.vector != 14)
		test_fail("L2 write: no #PF");
	CHECK_EQ("L2 write: error code", trap_last.frame.error_code, 3);
	CHECK_EQ("L2 write: rip", trap_last.frame.rip, rip);
	if (vcpu0_info)
		CHECK_EQ("L2 write: cr2", trap_last.cr2, (uint64_t)l2e);
	CHECK_EQ("L2 write: entry unchanged", *l2e, val);
}

static void refuse_misaligned(void)
{
	uint64_t rip;

	trap_reset();
	__asm__ volatile("lea 1f(%%rip), %[rip]\n"
			 "1: movq %[v], 4(%[p])\n2:\n" EXTABLE(1b, 2b)
			 : [rip] "=&r"(rip)
			 : [v] "r"(0UL), [p] "r"(pte)
			 : "memory");
	/* CR2 is the store's address, 4 bytes into the entry. */
	if (trap_last.count != 1 || trap_last.frame.vector != 14)
		test_fail("misaligned store: no #PF");
	CHECK_EQ("misaligned: error code", trap_last.frame.error_code, 3);
	CHECK_EQ("misaligned: rip", trap_last.frame.rip, rip);
	if (vcpu0_info)
		CHECK_EQ("misaligned: cr2", trap_last.cr2, (uint64_t)pte + 4);
	CHECK_EQ("misaligned: entry unchanged", *pte, orig);
}

/* The frame of the first present hypervisor slot's L3 (slots 256-271). */
static uint64_t hypervisor_frame(void)
{
	for (unsigned int slot = 256; slot < 272; slot++)
		if (ptwr_l4e(slot) & PTE_PRESENT)
			return (ptwr_l4e(slot) & PTE_ADDR) >> 12;
	test_error("no hypervisor slot present in the L4");
}

/*
 * A frame the domain does not own: the lowest one above 1 MiB that is not
 * in its p2m (the hypervisor's, free, or another domain's RAM). Below
 * 1 MiB lie non-RAM holes, which the hardware domain may map as I/O.
 */
#define MAX_TRACKED_MFN (1UL << 20)
static uint8_t owned[MAX_TRACKED_MFN / 8];

static uint64_t foreign_frame(void)
{
	const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;

	for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++)
		if (p2m[pfn] < MAX_TRACKED_MFN)
			owned[p2m[pfn] / 8] |= (uint8_t)(1u << (p2m[pfn] % 8));
	for (uint64_t mfn = 0x100; mfn < MAX_TRACKED_MFN; mfn++)
		if (!(owned[mfn / 8] & (1u << (mfn % 8))))
			return mfn;
	test_skip("every frame up to 4 GiB is the domain's");
}

/* Positive control: the own L1, mapped read-only, reads back. */
static void allow_readonly_l1(uint64_t l1_mfn)
{
	uint64_t first;

	__asm__ volatile("movq %[v], (%[p])"
			 :
			 : [v] "r"(l1_mfn << 12 | KERNEL_RO), [p] "r"(pte)
			 : "memory");
	CHECK_EQ("invlpg", mmuext1(MMUEXT_INVLPG_LOCAL, PAGE_W, 0), 0);
	first = *(volatile uint64_t *)PAGE_W;
	CHECK_EQ("own L1 read-only: W shows the L1", first,
		 ((const volatile uint64_t *)((uint64_t)pte & ~4095UL))[0]);
	__asm__ volatile("movq %[v], (%[p])"
			 :
			 : [v] "r"(orig), [p] "r"(pte)
			 : "memory");
	CHECK_EQ("invlpg", mmuext1(MMUEXT_INVLPG_LOCAL, PAGE_W, 0), 0);
	CHECK_EQ("restored", *pte, orig);
	CHECK_EQ("restored: W maps W", page_w[0], 'W');
}

void test_main(void)
{
	uint64_t l1_mfn, l4_mfn, hv_mfn;

	page_w[0] = 'W';
	CHECK_EQ("set_trap_table", install_traps(0), 0);
	CHECK_EQ("vm_assist", hc_vm_assist(VMASST_CMD_enable, 2), 0);
	pte = ptwr_l1e_of(PAGE_W);
	if (!pte)
		test_error("no L1 entry found for W");
	orig = *pte;
	l1_mfn = ptwr_pfn_to_mfn((uint64_t)pte >> 12);
	l4_mfn = ptwr_pfn_to_mfn(start_info->pt_base >> 12);
	hv_mfn = hypervisor_frame();

	refuse_mov("mov: own L1 writable", l1_mfn << 12 | KERNEL_RW);
	refuse_mov("mov: own L4 writable", l4_mfn << 12 | KERNEL_RW);
	refuse_mov("mov: hypervisor frame writable", hv_mfn << 12 | KERNEL_RW);
	refuse_mov("mov: hypervisor frame read-only", hv_mfn << 12 | KERNEL_RO);
	refuse_mov("mov: frame not ours", foreign_frame() << 12 | KERNEL_RW);
	refuse_xchg("xchg: own L1 writable", l1_mfn << 12 | KERNEL_RW);
	refuse_xchg("xchg: hypervisor frame", hv_mfn << 12 | KERNEL_RW);
	failed_cmpxchg("cmpxchg, compare fails, bad new value: exceptions",
		       l1_mfn << 12 | KERNEL_RW);
	refuse_misaligned();
	refuse_l2_write();
	allow_readonly_l1(l1_mfn);
	test_success();
}
