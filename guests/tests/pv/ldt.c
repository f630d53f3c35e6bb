/* SPDX-License-Identifier: MIT */
/*
 * pv/ldt: MMUEXT_SET_LDT with a real LDT, as Linux's modify_ldt uses it.
 * Two pages of the kernel image, remapped read-only, hold data segments
 * whose bases are variables of the test; loading LDT selectors (index |
 * TI | RPL 3) into %fs and %ds must work, %fs:0 must read the variable
 * (the CPU really uses the guest's frames, mapped on first use), and a
 * DPL-0 data segment is accepted with its DPL raised to 3 (Xen's
 * check_descriptor, run when the page is first used).
 *
 * While an LDT page is in use it cannot be mapped writable (-EBUSY by
 * update_va_mapping and mmu_update) or cleared (-EINVAL), even after the
 * guest unmapped it (Xen 4.17 has no LDT paging); an LDT of 0 entries
 * releases it. A page with a call gate into the hypervisor's
 * code selector cannot become an LDT page: loading a selector from it
 * raises #PF (error code 0) at the guest's LDT address, as Xen 4.17
 * delivers it; an LDT running past the canonical boundary raises #GP
 * with the selector as error code. Bad arguments: an unaligned base, a
 * non-canonical one, more than 8192 entries (-EINVAL).
 */
#include <guest/event.h>
#include <guest/mmu.h>
#include <guest/mmuext.h>
#include <guest/seg.h>
#include <guest/string.h>
#include <guest/test.h>
#include <guest/traps.h>

const char test_name[] = "pv/ldt";

#define KERNEL_RW (PTE_PRESENT | PTE_RW | PTE_ACCESSED | PTE_DIRTY)
#define KERNEL_RO (PTE_PRESENT | PTE_ACCESSED)
/* LDT selectors: index << 3 | TI | RPL 3. */
#define LDT_SEL(i) ((uint16_t)(((i) << 3) | 7))

static uint64_t ldt[1024] __attribute__((aligned(4096)));
static uint64_t bad_ldt[512] __attribute__((aligned(4096)));
static uint64_t alt_ldt[512] __attribute__((aligned(4096)));
static volatile uint64_t var_a = 0x1111aaaa2222bbbbUL;
static volatile uint64_t var_b = 0x3333cccc4444ddddUL;

/* A flat-limit 32-bit data segment (P, RW, accessed, G, D/B). */
static uint64_t data_desc(uint32_t base, unsigned int dpl)
{
	return 0xffffUL | ((uint64_t)(base & 0xffffff) << 16) |
	       ((0x93UL | (dpl << 5)) << 40) | (0xfUL << 48) | (0xcUL << 52) |
	       ((uint64_t)(base >> 24) << 56);
}

static long remap(const void *va, uint64_t flags)
{
	return hc_update_va_mapping(
		(uint64_t)va, (virt_to_mfn(va) << 12) | flags, UVMF_INVLPG);
}

static long set_ldt(const void *base, unsigned int ents)
{
	return mmuext1(MMUEXT_SET_LDT, (uint64_t)base, ents);
}

/* Load @sel into %fs expecting a fault; the number of exceptions. */
static unsigned int load_fs_faults(uint16_t sel)
{
	trap_reset();
	__asm__ volatile("1: mov %w0, %%fs\n2:\n" EXTABLE(1b, 2b)::"r"(sel)
			 : "memory");
	return trap_last.count;
}

static void clear_fs(void)
{
	__asm__ volatile("mov %w0, %%fs" ::"r"(0));
}

static uint16_t ds_through_ldt(uint16_t sel)
{
	uint16_t old, got;

	__asm__ volatile("mov %%ds, %0" : "=r"(old));
	__asm__ volatile("mov %w1, %%ds\n\tmov %%ds, %0"
			 : "=r"(got)
			 : "r"(sel)
			 : "memory");
	__asm__ volatile("mov %w0, %%ds" ::"r"(old));
	return got;
}

static void live_ldt(void)
{
	uint64_t mfn = virt_to_mfn(ldt);
	uint64_t l1e = mmu_entry_maddr((uint64_t)ldt, 1, NULL);

	memset(ldt, 0, sizeof(ldt));
	ldt[1] = data_desc((uint32_t)(uint64_t)&var_a, 3);
	ldt[2] = data_desc((uint32_t)(uint64_t)&var_b, 0);
	ldt[513] = data_desc((uint32_t)(uint64_t)&var_b, 3);
	CHECK_EQ("map LDT page 0 read-only", remap(&ldt[0], KERNEL_RO), 0);
	CHECK_EQ("map LDT page 1 read-only", remap(&ldt[512], KERNEL_RO), 0);
	CHECK_EQ("set_ldt, 1024 entries", set_ldt(ldt, 1024), 0);
	CHECK_EQ("%fs:0 through LDT entry 1", read_fs0(LDT_SEL(1)), var_a);
	CHECK_EQ("%fs:0 through LDT entry 513 (page 1)", read_fs0(LDT_SEL(513)),
		 var_b);
	CHECK_EQ("%fs:0 through the DPL-0 entry 2", read_fs0(LDT_SEL(2)),
		 var_b);
	CHECK_EQ("its DPL was raised to 3", ldt[2],
		 data_desc((uint32_t)(uint64_t)&var_b, 3));
	CHECK_EQ("%ds through LDT entry 1", ds_through_ldt(LDT_SEL(1)),
		 LDT_SEL(1));
	CHECK_EQ("set_ldt again, same LDT", set_ldt(ldt, 1024), 0);
	CHECK_EQ("sched_op yield", hc_sched_op(SCHEDOP_yield, NULL), 0);
	CHECK_EQ("%fs:0 after a yield", read_fs0(LDT_SEL(1)), var_a);
	/* In use: no writable mapping, no clearing. */
	CHECK_EQ("update_va_mapping the LDT page RW", remap(ldt, KERNEL_RW),
		 -XEN_EBUSY);
	CHECK_EQ("mmu_update the LDT page RW",
		 mmu_update1(l1e, (mfn << 12) | KERNEL_RW), -XEN_EBUSY);
	CHECK_EQ("clear the LDT frame", mmuext1(MMUEXT_CLEAR_PAGE, mfn, 0),
		 -XEN_EINVAL);
	clear_fs();
	/* No LDT: both pages are free again. */
	CHECK_EQ("set_ldt, 0 entries", set_ldt(ldt, 0), 0);
	CHECK_EQ("LDT page 0 writable again", remap(&ldt[0], KERNEL_RW), 0);
	CHECK_EQ("LDT page 1 writable again", remap(&ldt[512], KERNEL_RW), 0);
	ldt[1] = 0;
}

/* As in Xen 4.17 (no LDT paging): the guest unmapping an in-use LDT
 * page does not release it. It stays the LDT (still usable, through the
 * hypervisor's mapping) and cannot be mapped writable until replaced. */
static void unmap_in_use(void)
{
	ldt[1] = data_desc((uint32_t)(uint64_t)&var_a, 3);
	CHECK_EQ("map LDT page read-only", remap(ldt, KERNEL_RO), 0);
	CHECK_EQ("set_ldt, 512 entries", set_ldt(ldt, 512), 0);
	CHECK_EQ("%fs:0 through LDT entry 1", read_fs0(LDT_SEL(1)), var_a);
	clear_fs();
	CHECK_EQ("unmap the LDT page", remap(ldt, 0), 0);
	CHECK_EQ("map it RW while still the LDT", remap(ldt, KERNEL_RW),
		 -XEN_EBUSY);
	CHECK_EQ("%fs:0 while the guest has no mapping", read_fs0(LDT_SEL(1)),
		 var_a);
	clear_fs();
	CHECK_EQ("map it back read-only", remap(ldt, KERNEL_RO), 0);
	CHECK_EQ("set_ldt, 0 entries", set_ldt(NULL, 0), 0);
	CHECK_EQ("LDT page writable again", remap(ldt, KERNEL_RW), 0);
}

static uint16_t fs_sel(void)
{
	uint16_t v;

	__asm__ volatile("mov %%fs, %0" : "=r"(v));
	return v;
}

/* %fs holds an LDT selector whose page is no longer mapped (the LDT was
 * replaced) when the vCPU blocks. satori reloads the selectors on the
 * way back in, which maps the new LDT's page from the hypervisor's own
 * selector load; Xen switches lazily to idle and back and reloads
 * nothing. Either way the selector must survive (no failsafe). */
static void reload_after_switch(void)
{
	uint64_t t0;
	uint32_t port;
	long u;

	memset(alt_ldt, 0, sizeof(alt_ldt));
	alt_ldt[1] = data_desc((uint32_t)(uint64_t)&var_b, 3);
	ldt[1] = data_desc((uint32_t)(uint64_t)&var_a, 3);
	CHECK_EQ("map LDT page read-only", remap(ldt, KERNEL_RO), 0);
	CHECK_EQ("map the other LDT page read-only", remap(alt_ldt, KERNEL_RO),
		 0);
	CHECK_EQ("set_ldt, first page", set_ldt(ldt, 512), 0);
	CHECK_EQ("%fs:0 through the first LDT", read_fs0(LDT_SEL(1)), var_a);
	CHECK_EQ("set_ldt, the other page", set_ldt(alt_ldt, 512), 0);
	CHECK_EQ("the first page is free", remap(ldt, KERNEL_RW), 0);
	events_mask();
	CHECK_EQ("register event callback", event_upcall_install(), 0);
	u = ev_alloc_unbound(DOMID_SELF, DOMID_SELF);
	CHECK_EQ("alloc_unbound", u > 0, 1);
	port = (uint32_t)u;
	t0 = event_system_time_ns();
	CHECK_EQ("block 2 ms", ev_poll(&port, 1, t0 ? t0 + 2000000ull : 1), 0);
	CHECK_EQ("%fs still holds the LDT selector", fs_sel(), LDT_SEL(1));
	CHECK_EQ("%fs:0 through the other LDT", read_fs0(LDT_SEL(1)), var_b);
	clear_fs();
	CHECK_EQ("set_ldt, 0 entries", set_ldt(NULL, 0), 0);
	CHECK_EQ("the other page is free", remap(alt_ldt, KERNEL_RW), 0);
	CHECK_EQ("close the port", ev_close(port), 0);
}

static void bad_descriptor(void)
{
	memset(bad_ldt, 0, sizeof(bad_ldt));
	bad_ldt[1] = data_desc((uint32_t)(uint64_t)&var_a, 3);
	bad_ldt[4] = 0x0000ec00e0081000UL; /* call gate to 0xe008 */
	CHECK_EQ("map the bad page read-only", remap(bad_ldt, KERNEL_RO), 0);
	CHECK_EQ("set_ldt, bad page", set_ldt(bad_ldt, 512), 0);
	CHECK_EQ("load a selector from it: one fault",
		 load_fs_faults(LDT_SEL(1)), 1);
	CHECK_EQ("#PF", trap_last.frame.vector, 14);
	CHECK_EQ("#PF error code", trap_last.frame.error_code, 0);
	CHECK_EQ("#PF address: the guest's LDT entry", trap_last.cr2,
		 (uint64_t)&bad_ldt[1]);
	CHECK_EQ("the page is not in use: writable", remap(bad_ldt, KERNEL_RW),
		 0);
	CHECK_EQ("set_ldt, 0 entries", set_ldt(NULL, 0), 0);

	/* Entries past the canonical boundary: #GP(selector). */
	CHECK_EQ("set_ldt at the top of the lower half",
		 set_ldt((void *)0x00007ffffffff000UL, 1024), 0);
	CHECK_EQ("load entry 512: one fault", load_fs_faults(LDT_SEL(512)), 1);
	CHECK_EQ("#GP", trap_last.frame.vector, 13);
	CHECK_EQ("#GP error code: the selector", trap_last.frame.error_code,
		 LDT_SEL(512) & ~3u);
	CHECK_EQ("set_ldt, 0 entries", set_ldt(NULL, 0), 0);
}

static void bad_arguments(void)
{
	CHECK_EQ("unaligned", set_ldt((void *)((uint64_t)ldt + 8), 1),
		 -XEN_EINVAL);
	CHECK_EQ("8193 entries", set_ldt(ldt, 8193), -XEN_EINVAL);
	CHECK_EQ("non-canonical", set_ldt((void *)0x0000800000000000UL, 1),
		 -XEN_EINVAL);
	CHECK_EQ("hypervisor range", set_ldt((void *)0xffff810000000000UL, 1),
		 -XEN_EINVAL);
	CHECK_EQ("8192 entries", set_ldt(ldt, 8192), 0);
	CHECK_EQ("0 entries, any base", set_ldt((void *)0x1001, 0), 0);
}

void test_main(void)
{
	CHECK_EQ("set_trap_table", install_traps(-1), 0);
	live_ldt();
	unmap_in_use();
	reload_after_switch();
	bad_descriptor();
	bad_arguments();
	/* End with an LDT page in use (and %fs through it): teardown must
	 * drop its references like any others. */
	CHECK_EQ("map LDT page read-only", remap(ldt, KERNEL_RO), 0);
	CHECK_EQ("set_ldt for the end", set_ldt(ldt, 512), 0);
	CHECK_EQ("%fs:0 through LDT entry 1", read_fs0(LDT_SEL(1)), var_a);
	test_success();
}
