/* SPDX-License-Identifier: MIT */
/*
 * mmu/ptwr-basic: direct writes to a live L1 entry, as Linux makes them
 * (pv-abi.md 3.8). The test owns three pages A, B and W; it rewrites the
 * L1 entry of W through the read-only mapping of its L1 table and checks
 * after each write what W maps (flushing with MMUEXT_INVLPG_LOCAL, as
 * Linux flushes). Without VMASST writable_pagetables the store is an
 * ordinary #PF (error code P|W, CR2 the entry), except in the hardware
 * domain, where Xen 4.17 emulates it anyway; with it: mov of an
 * immediate and of a register, xchg (the register gets the old entry),
 * lock cmpxchg succeeding (ZF=1) and failing (ZF=0, RAX = the entry,
 * nothing written), a 4-byte store of the low half (merged with the high
 * half), lock and/or on bits and lock btr of the accessed bit (CF = the
 * old bit). Prints the cost of one emulated write in TSC cycles.
 */
#include <guest/mmuext.h>
#include <guest/ptwr.h>
#include <guest/test.h>
#include <guest/traps.h>

const char test_name[] = "mmu/ptwr-basic";

static uint8_t pages[3][4096] __attribute__((aligned(4096)));
#define PAGE_A ((uint64_t)pages[0])
#define PAGE_B ((uint64_t)pages[1])
#define PAGE_W ((uint64_t)pages[2])

#define KERNEL_RW (PTE_PRESENT | PTE_RW | PTE_ACCESSED | PTE_DIRTY)
#define KERNEL_RO (PTE_PRESENT | PTE_ACCESSED)

static volatile uint64_t *pte; /* W's L1 entry (read-only mapping) */
static uint64_t mfn_a, mfn_b;

/* The entry as the guest wrote it: without the bits the hypervisor adds. */
static uint64_t guest_view(uint64_t e)
{
	return e & ~PTE_HV_ADJUST;
}

static void flush_w(void)
{
	CHECK_EQ("invlpg", mmuext1(MMUEXT_INVLPG_LOCAL, PAGE_W, 0), 0);
}

/* Read W's first byte; the number of exceptions it raised. */
static unsigned int read_w(uint8_t *out)
{
	uint8_t v = 0;

	trap_reset();
	__asm__ volatile("1: movb (%[a]), %[v]\n2:\n" EXTABLE(1b, 2b)
			 : [v] "+r"(v)
			 : [a] "r"(PAGE_W)
			 : "memory");
	*out = v;
	return trap_last.count;
}

/* Write W's first byte; the number of exceptions it raised. */
static unsigned int write_w(uint8_t v)
{
	trap_reset();
	__asm__ volatile("1: movb %[v], (%[a])\n2:\n" EXTABLE(1b, 2b)
			 :
			 : [v] "r"(v), [a] "r"(PAGE_W)
			 : "memory");
	return trap_last.count;
}

/* W must show page @marker's content (its first byte). */
static void expect_w_maps(const char *what, uint8_t marker)
{
	uint8_t got;

	flush_w();
	if (read_w(&got))
		test_fail("%s: reading W faulted (vector %lu)", what,
			  trap_last.frame.vector);
	CHECK_EQ(what, got, marker);
}

static void mov_reg(uint64_t val)
{
	trap_reset();
	__asm__ volatile("1: movq %[v], (%[p])\n2:\n" EXTABLE(1b, 2b)
			 :
			 : [v] "r"(val), [p] "r"(pte)
			 : "memory");
}

/*
 * Without the VM assist a direct write is an ordinary #PF, except in the
 * hardware domain: Xen 4.17 sends its write faults on present pages
 * through the read-only-MMIO path, which emulates L1 writes as well.
 */
static void check_without_assist(void)
{
	uint64_t before = *pte, rip, want = mfn_a << 12 | KERNEL_RW;
	int hwdom = (start_info->flags & SIF_INITDOMAIN) != 0;

	CHECK_EQ("vm_assist disable", hc_vm_assist(VMASST_CMD_disable, 2), 0);
	trap_reset();
	__asm__ volatile("lea 1f(%%rip), %[rip]\n"
			 "1: movq %[v], (%[p])\n2:\n" EXTABLE(1b, 2b)
			 : [rip] "=&r"(rip)
			 : [v] "r"(want), [p] "r"(pte)
			 : "memory");
	if (hwdom) {
		CHECK_EQ("no assist, dom0: exceptions", trap_last.count, 0);
		CHECK_EQ("no assist, dom0: entry", guest_view(*pte), want);
		mov_reg(before);
		CHECK_EQ("no assist, dom0: restored", *pte, before);
	} else {
		CHECK_EQ("no assist: exceptions", trap_last.count, 1);
		CHECK_EQ("no assist: vector", trap_last.frame.vector, 14);
		CHECK_EQ("no assist: error code (P|W)",
			 trap_last.frame.error_code, 3);
		CHECK_EQ("no assist: rip", trap_last.frame.rip, rip);
		if (vcpu0_info)
			CHECK_EQ("no assist: cr2", trap_last.cr2,
				 (uint64_t)pte);
		CHECK_EQ("no assist: entry unchanged", *pte, before);
	}
	CHECK_EQ("vm_assist enable", hc_vm_assist(VMASST_CMD_enable, 2), 0);
}

static void check_mov(void)
{
	uint8_t got;

	trap_reset();
	__asm__ volatile("1: movq $0, (%[p])\n2:\n" EXTABLE(1b, 2b)
			 :
			 : [p] "r"(pte)
			 : "memory");
	CHECK_EQ("mov $0: exceptions", trap_last.count, 0);
	CHECK_EQ("mov $0: entry", *pte, 0);
	flush_w();
	CHECK_EQ("W unmapped: read faults", read_w(&got), 1);
	CHECK_EQ("W unmapped: #PF error (not present, read)",
		 trap_last.frame.error_code, 0);

	mov_reg(mfn_a << 12 | KERNEL_RW);
	CHECK_EQ("mov reg: exceptions", trap_last.count, 0);
	CHECK_EQ("mov reg: entry", guest_view(*pte), mfn_a << 12 | KERNEL_RW);
	CHECK_EQ("mov reg: US set by the hypervisor", *pte & PTE_USER,
		 PTE_USER);
	expect_w_maps("mov reg: W shows A", 'A');
}

static void check_xchg(void)
{
	uint64_t before = *pte, reg = mfn_b << 12 | KERNEL_RW;

	__asm__ volatile("xchgq %[r], (%[p])"
			 : [r] "+r"(reg)
			 : [p] "r"(pte)
			 : "memory");
	CHECK_EQ("xchg: register gets the old entry", reg, before);
	CHECK_EQ("xchg: entry", guest_view(*pte), mfn_b << 12 | KERNEL_RW);
	expect_w_maps("xchg: W shows B", 'B');
}

/* lock cmpxchg: ZF, and RAX after. */
static uint8_t cmpxchg(uint64_t *rax, uint64_t new)
{
	uint64_t acc = *rax;
	uint8_t zf;

	__asm__ volatile("lock cmpxchgq %[n], (%[p])\n\tsetz %[zf]"
			 : [zf] "=r"(zf), "+a"(acc)
			 : [n] "r"(new), [p] "r"(pte)
			 : "memory", "cc");
	*rax = acc;
	return zf;
}

static void check_cmpxchg(void)
{
	uint64_t cur = *pte, rax = cur ^ (1UL << 12);

	/* Failure: the entry stays, RAX receives it. */
	CHECK_EQ("cmpxchg fail: ZF", cmpxchg(&rax, mfn_a << 12 | KERNEL_RW), 0);
	CHECK_EQ("cmpxchg fail: rax", rax, cur);
	CHECK_EQ("cmpxchg fail: entry unchanged", *pte, cur);
	expect_w_maps("cmpxchg fail: W still shows B", 'B');

	/* Success: read-only mapping of A. */
	rax = cur;
	CHECK_EQ("cmpxchg ok: ZF", cmpxchg(&rax, mfn_a << 12 | KERNEL_RO), 1);
	CHECK_EQ("cmpxchg ok: rax", rax, cur);
	CHECK_EQ("cmpxchg ok: entry", guest_view(*pte),
		 mfn_a << 12 | KERNEL_RO);
	expect_w_maps("cmpxchg ok: W shows A", 'A');
	CHECK_EQ("W read-only: write faults", write_w(1), 1);
	CHECK_EQ("W read-only: #PF error (P|W)", trap_last.frame.error_code, 3);
	CHECK_EQ("W read-only: A unchanged", pages[0][0], 'A');
}

static void check_low_half(void)
{
	uint32_t low = (uint32_t)(mfn_b << 12 | KERNEL_RW);
	uint64_t high = *pte >> 32;

	if (mfn_b >> 20)
		test_skip("frame above 4 GiB: low-half store cannot hold it");
	__asm__ volatile("movl %[v], (%[p])"
			 :
			 : [v] "r"(low), [p] "r"(pte)
			 : "memory");
	CHECK_EQ("movl: low half", (uint32_t)guest_view(*pte), low);
	CHECK_EQ("movl: high half kept", *pte >> 32, high);
	expect_w_maps("movl: W shows B", 'B');
}

static void check_bit_ops(void)
{
	uint8_t cf;

	/* ptep_set_wrprotect: lock andb on the low byte clears RW. */
	__asm__ volatile("lock andb %[m], (%[p])"
			 :
			 : [m] "i"((uint8_t)~PTE_RW), [p] "r"(pte)
			 : "memory", "cc");
	CHECK_EQ("andb: RW clear", *pte & PTE_RW, 0);
	flush_w();
	CHECK_EQ("andb: write to W faults", write_w(2), 1);

	/* ptep_test_and_clear_young: lock btr of the accessed bit. */
	__asm__ volatile("lock btrq $5, (%[p])\n\tsetc %[cf]"
			 : [cf] "=r"(cf)
			 : [p] "r"(pte)
			 : "memory", "cc");
	CHECK_EQ("btr: CF = old accessed bit", cf, 1);
	CHECK_EQ("btr: accessed clear", *pte & PTE_ACCESSED, 0);

	__asm__ volatile("lock orq %[m], (%[p])"
			 :
			 : [m] "i"(PTE_RW | PTE_ACCESSED), [p] "r"(pte)
			 : "memory", "cc");
	CHECK_EQ("orq: RW and A back", *pte & (PTE_RW | PTE_ACCESSED),
		 PTE_RW | PTE_ACCESSED);
	flush_w();
	CHECK_EQ("orq: write to W works", write_w('a'), 0);
	CHECK_EQ("orq: A written through W", pages[0][0], 'a');
}

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* Few enough that ptcheck=hypercall (a full recount after each) stays
 * quick; even, so that the last write is A's. */
#define MEASURE_WRITES 256u

static void measure(void)
{
	uint64_t a = mfn_a << 12 | KERNEL_RW, b = mfn_b << 12 | KERNEL_RW;
	uint64_t t0 = rdtsc();

	for (unsigned int i = 0; i < MEASURE_WRITES; i++)
		__asm__ volatile("movq %[v], (%[p])"
				 :
				 : [v] "r"((i & 1) ? a : b), [p] "r"(pte)
				 : "memory");
	printf("emulated PTE write: %lu TSC cycles each (%u writes)\n",
	       (rdtsc() - t0) / MEASURE_WRITES, MEASURE_WRITES);
	CHECK_EQ("after the timed writes", guest_view(*pte), a);
}

void test_main(void)
{
	uint64_t orig;

	pages[0][0] = 'A';
	pages[1][0] = 'B';
	pages[2][0] = 'W';
	CHECK_EQ("set_trap_table", install_traps(0), 0);
	pte = ptwr_l1e_of(PAGE_W);
	if (!pte)
		test_error("no L1 entry found for W");
	orig = *pte;
	mfn_a = ptwr_pfn_to_mfn(PAGE_A >> 12);
	mfn_b = ptwr_pfn_to_mfn(PAGE_B >> 12);
	CHECK_EQ("W's entry maps W", (orig & PTE_ADDR) >> 12,
		 ptwr_pfn_to_mfn(PAGE_W >> 12));
	check_without_assist();
	check_mov();
	check_xchg();
	check_cmpxchg();
	check_bit_ops();
	measure();
	check_low_half();
	mov_reg(orig);
	expect_w_maps("restored: W shows W", 'W');
	test_success();
}
