/* SPDX-License-Identifier: MIT */
/*
 * grant/map: GNTTABOP_map_grant_ref, unmap_grant_ref and copy as Xen 4.17
 * answers a PV dom0 that grants its own frames to itself (Xen allows a
 * domain to map its own grants). Checked: a writable host mapping shows
 * the granted frame's data both ways and sets GTF_reading|GTF_writing in
 * the entry until unmapped; read-only mappings (GNTMAP_readonly, or a
 * GTF_readonly grant, where a writable map is refused) have no RW bit and
 * fault on a write; GNTMAP_contains_pte; device mappings and their
 * dev_bus_addr; unmap_and_replace; a page-table frame can be mapped read-only, never
 * writable; 128 device pins and the 129th refused (counter overflow);
 * batches of 40 maps and unmaps; the refusals (bad flags, refs, domains,
 * entries, frames, addresses, handles, double unmap, wrong host or bus
 * address) leaving the entry's flags as they were; copies between grants
 * and own frames, with hostile offsets and lengths, foreign frames,
 * read-only and page-table destinations, and a batch with a bad request
 * in the middle, and a batch of 4096 copies (preempted and continued on
 * satori). It powers off holding a writable host mapping and a
 * device mapping of its own grants: on satori the frame-type checker
 * (ptcheck=shutdown) must find the counts right and teardown must
 * release them. The domain's id comes from "self=N" (default 0, dom0).
 */
#include <guest/grant.h>
#include <guest/mmu.h>
#include <guest/test.h>
#include <guest/traps.h>

#include <errno.h>
#include <grant_table.h>

const char test_name[] = "grant/map";

#define NO_DOMAIN 1234
#define HV_AREA 0xffff800000001000UL
#define UNMAPPED_VA 0x7f0000000000UL /* No L4 entry there in test kernels. */

/* Window slots: 0 the grant table, 1 frame A, 6 frame B, 2-5 targets. */
#define S_TABLE 0
#define S_A 1
#define S_B 6
#define NR_BATCH 40
#define NR_PINS 128

/* Grant references used. */
#define R_RW 10	   /* Frame A, writable. */
#define R_RO 11	   /* Frame A, GTF_readonly. */
#define R_PT 12	   /* An L1 page-table frame. */
#define R_BAD 13   /* Changed per refusal. */
#define R_COPY 14  /* Frame B, writable. */
#define R_OTHER 15 /* Frame A, granted to another domain. */

static uint16_t self;
static volatile struct grant_entry_v1 *gt;
static uint64_t mfn_a, mfn_b, mfn_pt;

static uint64_t slot_va(unsigned int slot)
{
	return (uint64_t)mmu_window(slot);
}

static uint64_t slot_pte(unsigned int slot)
{
	uint64_t pte = 0;

	if (!mmu_entry_maddr(slot_va(slot), 1, &pte))
		test_error("no L1 entry for window slot %u", slot);
	return pte;
}

static void grant(uint32_t ref, uint16_t flags, uint16_t dom, uint64_t frame)
{
	gt[ref].flags = 0;
	__asm__ volatile("" ::: "memory");
	gt[ref].domid = dom;
	gt[ref].frame = (uint32_t)frame;
	__asm__ volatile("" ::: "memory");
	gt[ref].flags = flags;
}

static int16_t map(uint32_t ref, uint32_t flags, uint64_t addr, uint16_t dom,
		   uint32_t *handle)
{
	struct gnttab_map_grant_ref op = { .host_addr = addr,
					   .flags = flags,
					   .ref = ref,
					   .dom = dom,
					   .status = 99,
					   .handle = 0xdead };

	CHECK_EQ("map_grant_ref rc", gnttab(GNTTABOP_map_grant_ref, &op, 1), 0);
	if (op.status == GNTST_okay)
		CHECK_EQ("dev_bus_addr", op.dev_bus_addr,
			 (uint64_t)gt[ref].frame << 12);
	if (handle)
		*handle = op.handle;
	return op.status;
}

static int16_t unmap(uint64_t addr, uint64_t bus, uint32_t handle)
{
	struct gnttab_unmap_grant_ref op = { .host_addr = addr,
					     .dev_bus_addr = bus,
					     .handle = handle,
					     .status = 99 };

	CHECK_EQ("unmap_grant_ref rc", gnttab(GNTTABOP_unmap_grant_ref, &op, 1),
		 0);
	return op.status;
}

/* Frame A through slot S_A, B through S_B; the table in S_TABLE. */
static void setup(void)
{
	gt = grant_table_map(S_TABLE);
	mfn_a = mmu_frame_alloc();
	mfn_b = mmu_frame_alloc();
	if (!mfn_a || !mfn_b)
		test_error("no spare frames");
	CHECK_EQ("map A", mmu_window_map(S_A, mfn_a, PTE_FLAGS_RW), 0);
	CHECK_EQ("map B", mmu_window_map(S_B, mfn_b, PTE_FLAGS_RW), 0);
	for (unsigned int i = 0; i < 4096; i++) {
		((volatile uint8_t *)mmu_window(S_A))[i] = (uint8_t)(i * 7);
		((volatile uint8_t *)mmu_window(S_B))[i] = 0;
	}
	/* A boot L1 table: the one mapping the window. */
	mfn_pt = mmu_entry_maddr(slot_va(S_A), 1, 0) >> 12;
	grant(R_RW, GTF_permit_access, self, mfn_a);
	grant(R_RO, GTF_permit_access | GTF_readonly, self, mfn_a);
	grant(R_PT, GTF_permit_access, self, mfn_pt);
	grant(R_COPY, GTF_permit_access, self, mfn_b);
	grant(R_OTHER, GTF_permit_access, (uint16_t)(self + 1), mfn_a);
}

/* A write through @va must fault (#PF) and change nothing. */
static void expect_write_fault(const char *what, uint64_t va)
{
	volatile uint8_t *p = (volatile uint8_t *)va;
	uint8_t before = *p;

	trap_reset();
	__asm__ volatile("1: movb %[v], (%[p])\n2:\n" EXTABLE(1b, 2b)
			 :
			 : [v] "r"((uint8_t)~before), [p] "r"(p)
			 : "memory");
	CHECK_EQ(what, trap_last.count, 1);
	CHECK_EQ("write fault vector", trap_last.frame.vector, 14);
	CHECK_EQ("read-only frame unchanged", *p, before);
}

static void check_round_trip(void)
{
	volatile uint8_t *a = mmu_window(S_A), *m = mmu_window(2);
	uint32_t h, h2;

	CHECK_EQ("map rw", map(R_RW, GNTMAP_host_map, slot_va(2), self, &h),
		 GNTST_okay);
	CHECK_EQ("entry flags while mapped rw", gt[R_RW].flags,
		 GTF_permit_access | GTF_reading | GTF_writing);
	CHECK_EQ("pte maps A", PTE_MFN(slot_pte(2)), mfn_a);
	CHECK_EQ("pte writable", !!(slot_pte(2) & PTE_RW), 1);
	CHECK_EQ("data via grant", m[100], (uint8_t)700);
	m[101] = 0x5a;
	CHECK_EQ("write via grant seen in A", a[101], 0x5a);
	a[102] = 0xa5;
	CHECK_EQ("write to A seen via grant", m[102], 0xa5);
	/* A second, read-only mapping of the same grant. */
	CHECK_EQ("map ro too",
		 map(R_RW, GNTMAP_host_map | GNTMAP_readonly, slot_va(3), self,
		     &h2),
		 GNTST_okay);
	if (h2 == h)
		test_fail("two mappings share handle %u", h);
	CHECK_EQ("unmap rw", unmap(slot_va(2), 0, h), GNTST_okay);
	CHECK_EQ("entry keeps reading, loses writing", gt[R_RW].flags,
		 GTF_permit_access | GTF_reading);
	CHECK_EQ("pte cleared", slot_pte(2), 0);
	CHECK_EQ("double unmap", unmap(slot_va(2), 0, h), GNTST_bad_handle);
	CHECK_EQ("unmap ro", unmap(slot_va(3), 0, h2), GNTST_okay);
	CHECK_EQ("entry flags after unmap", gt[R_RW].flags, GTF_permit_access);
}

static void check_readonly(void)
{
	uint32_t h;

	CHECK_EQ("map ro",
		 map(R_RW, GNTMAP_host_map | GNTMAP_readonly, slot_va(2), self,
		     &h),
		 GNTST_okay);
	CHECK_EQ("entry flags while mapped ro", gt[R_RW].flags,
		 GTF_permit_access | GTF_reading);
	CHECK_EQ("ro pte not writable", !!(slot_pte(2) & PTE_RW), 0);
	expect_write_fault("write through ro mapping", slot_va(2) + 8);
	CHECK_EQ("unmap ro", unmap(slot_va(2), 0, h), GNTST_okay);
	CHECK_EQ("rw map of readonly grant",
		 map(R_RO, GNTMAP_host_map, slot_va(2), self, 0),
		 GNTST_general_error);
	CHECK_EQ("readonly grant untouched", gt[R_RO].flags,
		 GTF_permit_access | GTF_readonly);
	CHECK_EQ("ro map of readonly grant",
		 map(R_RO, GNTMAP_host_map | GNTMAP_readonly, slot_va(2), self,
		     &h),
		 GNTST_okay);
	expect_write_fault("write through readonly grant", slot_va(2) + 9);
	CHECK_EQ("unmap readonly grant", unmap(slot_va(2), 0, h), GNTST_okay);
	CHECK_EQ("readonly grant after", gt[R_RO].flags,
		 GTF_permit_access | GTF_readonly);
}

static void check_pte_and_device(void)
{
	uint64_t pte_ma = mmu_entry_maddr(slot_va(4), 1, 0);
	volatile uint8_t *m = mmu_window(4);
	uint32_t h;

	CHECK_EQ("contains_pte misaligned",
		 map(R_RW, GNTMAP_host_map | GNTMAP_contains_pte, pte_ma + 1,
		     self, 0),
		 GNTST_general_error);
	CHECK_EQ("contains_pte",
		 map(R_RW, GNTMAP_host_map | GNTMAP_contains_pte, pte_ma, self,
		     &h),
		 GNTST_okay);
	CHECK_EQ("data via contains_pte", m[7], (uint8_t)49);
	CHECK_EQ("unmap contains_pte", unmap(pte_ma, 0, h), GNTST_okay);
	CHECK_EQ("pte cleared (contains_pte)", slot_pte(4), 0);
	CHECK_EQ("device map", map(R_RW, GNTMAP_device_map, 0, self, &h),
		 GNTST_okay);
	CHECK_EQ("entry flags device", gt[R_RW].flags,
		 GTF_permit_access | GTF_reading | GTF_writing);
	CHECK_EQ("device unmap wrong bus address",
		 unmap(0, (mfn_a + 1) << 12, h), GNTST_bad_dev_addr);
	CHECK_EQ("unmap of nothing", unmap(0, 0, h), GNTST_okay);
	CHECK_EQ("device unmap", unmap(0, mfn_a << 12, h), GNTST_okay);
	CHECK_EQ("device unmap twice", unmap(0, mfn_a << 12, h),
		 GNTST_bad_handle);
	CHECK_EQ("entry flags after device", gt[R_RW].flags, GTF_permit_access);
}

/* unmap_and_replace: the grant's entry takes over the one mapping
 * new_addr, which becomes empty. */
static void check_replace(void)
{
	struct gnttab_unmap_and_replace r = { .host_addr = slot_va(2),
					      .new_addr = slot_va(5),
					      .status = 99 };
	volatile uint8_t *m = mmu_window(2);
	uint32_t h;

	CHECK_EQ("map B at slot 5", mmu_window_map(5, mfn_b, PTE_FLAGS_RW), 0);
	CHECK_EQ("map for replace",
		 map(R_RW, GNTMAP_host_map, slot_va(2), self, &h), GNTST_okay);
	r.handle = h;
	r.host_addr = slot_va(3); /* Maps nothing: refused. */
	CHECK_EQ("replace rc", gnttab(GNTTABOP_unmap_and_replace, &r, 1), 0);
	CHECK_EQ("replace at the wrong address", r.status, GNTST_general_error);
	/* Xen takes new_addr's entry before it checks host_addr. */
	CHECK_EQ("failed replace took slot 5", slot_pte(5), 0);
	CHECK_EQ("grant still mapped", PTE_MFN(slot_pte(2)), mfn_a);
	CHECK_EQ("map B at slot 5 again",
		 mmu_window_map(5, mfn_b, PTE_FLAGS_RW), 0);
	r.host_addr = slot_va(2);
	CHECK_EQ("replace rc", gnttab(GNTTABOP_unmap_and_replace, &r, 1), 0);
	CHECK_EQ("replace status", r.status, GNTST_okay);
	CHECK_EQ("slot 2 now maps B", PTE_MFN(slot_pte(2)), mfn_b);
	CHECK_EQ("slot 5 emptied", slot_pte(5), 0);
	m[3000] = 0x77;
	CHECK_EQ("B written via slot 2",
		 ((volatile uint8_t *)mmu_window(S_B))[3000], 0x77);
	CHECK_EQ("flags after replace", gt[R_RW].flags, GTF_permit_access);
	CHECK_EQ("replace twice", gnttab(GNTTABOP_unmap_and_replace, &r, 1), 0);
	CHECK_EQ("replace twice status", r.status, GNTST_bad_handle);
	CHECK_EQ("unmap slot 2", mmu_window_map(2, 0, 0), 0);
}

static void check_page_table_frame(void)
{
	uint32_t h;

	CHECK_EQ("rw map of a page table",
		 map(R_PT, GNTMAP_host_map, slot_va(2), self, 0),
		 GNTST_general_error);
	CHECK_EQ("rw device map of a page table",
		 map(R_PT, GNTMAP_device_map, 0, self, 0), GNTST_general_error);
	CHECK_EQ("pt grant untouched", gt[R_PT].flags, GTF_permit_access);
	CHECK_EQ("ro map of a page table",
		 map(R_PT, GNTMAP_host_map | GNTMAP_readonly, slot_va(2), self,
		     &h),
		 GNTST_okay);
	CHECK_EQ("unmap pt", unmap(slot_va(2), 0, h), GNTST_okay);
}

static void check_map_refusals(void)
{
	uint32_t h;

	CHECK_EQ("no map flags", map(R_RW, 0, slot_va(2), self, 0),
		 GNTST_bad_gntref);
	CHECK_EQ("ref too big",
		 map(0x7fffffff, GNTMAP_host_map, slot_va(2), self, 0),
		 GNTST_bad_gntref);
	CHECK_EQ("no such domain",
		 map(R_RW, GNTMAP_host_map, slot_va(2), NO_DOMAIN, 0),
		 GNTST_bad_domain);
	CHECK_EQ("DOMID_SELF",
		 map(R_RW, GNTMAP_host_map, slot_va(2), DOMID_SELF, 0),
		 GNTST_bad_domain);
	CHECK_EQ("granted to another",
		 map(R_OTHER, GNTMAP_host_map, slot_va(2), self, 0),
		 GNTST_general_error);
	grant(R_BAD, 0, self, mfn_a);
	CHECK_EQ("invalid entry",
		 map(R_BAD, GNTMAP_host_map, slot_va(2), self, 0),
		 GNTST_general_error);
	grant(R_BAD, GTF_accept_transfer, self, mfn_a);
	CHECK_EQ("transfer entry",
		 map(R_BAD, GNTMAP_host_map, slot_va(2), self, 0),
		 GNTST_general_error);
	grant(R_BAD, GTF_permit_access, self, 0xfffff00);
	CHECK_EQ("frame not ours",
		 map(R_BAD, GNTMAP_host_map, slot_va(2), self, 0),
		 GNTST_bad_page);
	CHECK_EQ("bad frame leaves flags", gt[R_BAD].flags, GTF_permit_access);
	CHECK_EQ("host_addr in the hypervisor",
		 map(R_RW, GNTMAP_host_map, HV_AREA, self, 0),
		 GNTST_general_error);
	CHECK_EQ("host_addr without tables",
		 map(R_RW, GNTMAP_host_map, UNMAPPED_VA, self, 0),
		 GNTST_general_error);
	CHECK_EQ("entry flags after refusals", gt[R_RW].flags,
		 GTF_permit_access);
	CHECK_EQ("bad handle", unmap(slot_va(2), 0, 0xffffffff),
		 GNTST_bad_handle);
	CHECK_EQ("unused handle", unmap(slot_va(2), 0, 12345),
		 GNTST_bad_handle);
	CHECK_EQ("map", map(R_RW, GNTMAP_host_map, slot_va(2), self, &h),
		 GNTST_okay);
	CHECK_EQ("unmap at the wrong address", unmap(slot_va(5), 0, h),
		 GNTST_general_error);
	CHECK_EQ("mapping survives", PTE_MFN(slot_pte(2)), mfn_a);
	CHECK_EQ("unmap bad pointer",
		 gnttab(GNTTABOP_unmap_grant_ref, (void *)HV_AREA, 1),
		 -XEN_EFAULT);
	CHECK_EQ("unmap right address", unmap(slot_va(2), 0, h), GNTST_okay);
	CHECK_EQ("map bad pointer",
		 gnttab(GNTTABOP_map_grant_ref, (void *)HV_AREA, 1),
		 -XEN_EFAULT);
}

/* NR_PINS read-only device pins of one grant; one more overflows. */
static void check_batches(void)
{
	static struct gnttab_map_grant_ref m[NR_PINS + 1];
	static struct gnttab_unmap_grant_ref u[NR_PINS];

	for (unsigned int i = 0; i <= NR_PINS; i++)
		m[i] = (struct gnttab_map_grant_ref){
			.flags = GNTMAP_device_map | GNTMAP_readonly,
			.ref = R_RW,
			.dom = self,
			.status = 99
		};
	CHECK_EQ("batch map", gnttab(GNTTABOP_map_grant_ref, m, NR_BATCH), 0);
	CHECK_EQ("rest of the pins",
		 gnttab(GNTTABOP_map_grant_ref, m + NR_BATCH,
			NR_PINS + 1 - NR_BATCH),
		 0);
	for (unsigned int i = 0; i < NR_PINS; i++) {
		CHECK_EQ("batch map status", m[i].status, GNTST_okay);
		for (unsigned int j = 0; j < i; j++)
			if (m[i].handle == m[j].handle)
				test_fail("handle %u given twice", m[i].handle);
		u[i] = (struct gnttab_unmap_grant_ref){ .dev_bus_addr = mfn_a
									<< 12,
							.handle = m[i].handle,
							.status = 99 };
	}
	CHECK_EQ("pin counter overflow", m[NR_PINS].status,
		 GNTST_general_error);
	CHECK_EQ("flags while pinned", gt[R_RW].flags,
		 GTF_permit_access | GTF_reading);
	CHECK_EQ("batch unmap", gnttab(GNTTABOP_unmap_grant_ref, u, NR_PINS),
		 0);
	for (unsigned int i = 0; i < NR_PINS; i++)
		CHECK_EQ("batch unmap status", u[i].status, GNTST_okay);
	CHECK_EQ("flags after batch", gt[R_RW].flags, GTF_permit_access);
}

static int16_t copy(uint16_t flags, uint16_t sdom, uint64_t src, uint16_t soff,
		    uint16_t ddom, uint64_t dst, uint16_t doff, uint16_t len)
{
	struct gnttab_copy op = { .flags = flags, .len = len, .status = 99 };

	op.source.domid = sdom;
	op.source.offset = soff;
	op.dest.domid = ddom;
	op.dest.offset = doff;
	if (flags & GNTCOPY_source_gref)
		op.source.u.ref = (uint32_t)src;
	else
		op.source.u.gmfn = src;
	if (flags & GNTCOPY_dest_gref)
		op.dest.u.ref = (uint32_t)dst;
	else
		op.dest.u.gmfn = dst;
	CHECK_EQ("copy rc", gnttab(GNTTABOP_copy, &op, 1), 0);
	return op.status;
}

static void check_copy_data(void)
{
	volatile uint8_t *b = mmu_window(S_B);

	CHECK_EQ("copy gref -> gmfn",
		 copy(GNTCOPY_source_gref, self, R_RW, 50, DOMID_SELF, mfn_b,
		      200, 100),
		 GNTST_okay);
	CHECK_EQ("copied byte", b[200], (uint8_t)350);
	CHECK_EQ("copied last byte", b[299], (uint8_t)(149 * 7));
	CHECK_EQ("not beyond", b[300], 0);
	CHECK_EQ("copy gmfn -> gref",
		 copy(GNTCOPY_dest_gref, DOMID_SELF, mfn_a, 4000, self, R_COPY,
		      0, 96),
		 GNTST_okay);
	CHECK_EQ("copied to gref", b[0], (uint8_t)28000);
	CHECK_EQ("copy to the page end",
		 copy(GNTCOPY_source_gref | GNTCOPY_dest_gref, self, R_RO, 0,
		      self, R_COPY, 4095, 1),
		 GNTST_okay);
	CHECK_EQ("last byte", b[4095], 0);
	CHECK_EQ("readable page table as source",
		 copy(0, DOMID_SELF, mfn_pt, 0, DOMID_SELF, mfn_b, 0, 8),
		 GNTST_okay);
	CHECK_EQ("grant flags after copies", gt[R_RW].flags, GTF_permit_access);
	CHECK_EQ("dest grant flags after copies", gt[R_COPY].flags,
		 GTF_permit_access);
}

static void check_copy_refusals(void)
{
	CHECK_EQ("source beyond the page",
		 copy(GNTCOPY_source_gref, self, R_RW, 4000, DOMID_SELF, mfn_b,
		      0, 200),
		 GNTST_bad_copy_arg);
	CHECK_EQ("dest beyond the page",
		 copy(0, DOMID_SELF, mfn_a, 0, DOMID_SELF, mfn_b, 4097, 0),
		 GNTST_bad_copy_arg);
	CHECK_EQ("len 0xffff",
		 copy(0, DOMID_SELF, mfn_a, 0, DOMID_SELF, mfn_b, 0, 0xffff),
		 GNTST_bad_copy_arg);
	CHECK_EQ("gmfn of a numbered domain",
		 copy(0, self, mfn_a, 0, DOMID_SELF, mfn_b, 0, 8),
		 GNTST_permission_denied);
	CHECK_EQ("gref of no domain",
		 copy(GNTCOPY_source_gref, NO_DOMAIN, R_RW, 0, DOMID_SELF,
		      mfn_b, 0, 8),
		 GNTST_bad_domain);
	CHECK_EQ("gref too big",
		 copy(GNTCOPY_source_gref, self, 0x7fffffff, 0, DOMID_SELF,
		      mfn_b, 0, 8),
		 GNTST_bad_gntref);
	CHECK_EQ(
		"dest readonly grant",
		copy(GNTCOPY_dest_gref, DOMID_SELF, mfn_b, 0, self, R_RO, 0, 8),
		GNTST_general_error);
	CHECK_EQ("dest page table",
		 copy(0, DOMID_SELF, mfn_b, 0, DOMID_SELF, mfn_pt, 0, 8),
		 GNTST_general_error);
	CHECK_EQ(
		"dest page-table grant",
		copy(GNTCOPY_dest_gref, DOMID_SELF, mfn_b, 0, self, R_PT, 0, 8),
		GNTST_general_error);
	CHECK_EQ("source not ours",
		 copy(0, DOMID_SELF, 0xfffff00, 0, DOMID_SELF, mfn_b, 0, 8),
		 GNTST_bad_page);
	CHECK_EQ("granted to another",
		 copy(GNTCOPY_source_gref, self, R_OTHER, 0, DOMID_SELF, mfn_b,
		      0, 8),
		 GNTST_general_error);
	CHECK_EQ("copy bad pointer", gnttab(GNTTABOP_copy, (void *)HV_AREA, 1),
		 -XEN_EFAULT);
	CHECK_EQ("flags after refused copies", gt[R_RO].flags,
		 GTF_permit_access | GTF_readonly);
	CHECK_EQ("pt flags after refused copies", gt[R_PT].flags,
		 GTF_permit_access);
}

static void check_copy_batch(void)
{
	static struct gnttab_copy ops[3];
	volatile uint8_t *b = mmu_window(S_B);

	for (unsigned int i = 0; i < 3; i++) {
		ops[i] = (struct gnttab_copy){ .flags = GNTCOPY_source_gref,
					       .len = 4,
					       .status = 99 };
		ops[i].source.domid = self;
		ops[i].source.u.ref = R_RW;
		ops[i].source.offset = (uint16_t)(i * 4);
		ops[i].dest.domid = DOMID_SELF;
		ops[i].dest.u.gmfn = mfn_b;
		ops[i].dest.offset = (uint16_t)(1000 + i * 4);
	}
	ops[1].dest.offset = 4094; /* 4094 + 4 > 4096 */
	CHECK_EQ("copy batch", gnttab(GNTTABOP_copy, ops, 3), 0);
	CHECK_EQ("copy batch 0", ops[0].status, GNTST_okay);
	CHECK_EQ("copy batch 1", ops[1].status, GNTST_bad_copy_arg);
	CHECK_EQ("copy batch 2", ops[2].status, GNTST_okay);
	CHECK_EQ("batch byte 0", b[1000], 0);
	CHECK_EQ("batch byte 8", b[1008], 56);
}

/* A batch long enough to be preempted on satori (continued from where
 * it stopped): every byte of A copied to B one request at a time. */
#define NR_LONG 4096
static void check_long_copy(void)
{
	static struct gnttab_copy ops[NR_LONG];
	volatile uint8_t *a = mmu_window(S_A), *b = mmu_window(S_B);

	for (unsigned int i = 0; i < NR_LONG; i++) {
		ops[i] = (struct gnttab_copy){ .flags = GNTCOPY_source_gref,
					       .len = 1,
					       .status = 99 };
		ops[i].source.domid = self;
		ops[i].source.u.ref = R_RW;
		ops[i].source.offset = (uint16_t)i;
		ops[i].dest.domid = DOMID_SELF;
		ops[i].dest.u.gmfn = mfn_b;
		ops[i].dest.offset = (uint16_t)(NR_LONG - 1 - i);
	}
	CHECK_EQ("long copy batch", gnttab(GNTTABOP_copy, ops, NR_LONG), 0);
	for (unsigned int i = 0; i < NR_LONG; i++) {
		CHECK_EQ("long batch status", ops[i].status, GNTST_okay);
		CHECK_EQ("long batch byte", b[NR_LONG - 1 - i], a[i]);
	}
	CHECK_EQ("flags after long batch", gt[R_RW].flags, GTF_permit_access);
}

static uint16_t arg_self(void)
{
	const char *p = strstr((const char *)start_info->cmd_line, "self=");
	unsigned int v = 0;

	if (!p)
		return 0;
	for (p += 5; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (unsigned int)(*p - '0');
	return (uint16_t)v;
}

void test_main(void)
{
	uint32_t h;

	self = arg_self();
	CHECK_EQ("set_trap_table", install_traps(0), 0);
	setup();
	check_round_trip();
	check_readonly();
	check_pte_and_device();
	check_page_table_frame();
	check_replace();
	check_map_refusals();
	check_batches();
	check_copy_data();
	check_copy_refusals();
	check_copy_batch();
	check_long_copy();
	/* Held at power-off: teardown must release them. */
	CHECK_EQ("map kept", map(R_RW, GNTMAP_host_map, slot_va(2), self, &h),
		 GNTST_okay);
	CHECK_EQ("device map kept", map(R_COPY, GNTMAP_device_map, 0, self, &h),
		 GNTST_okay);
	test_success();
}
