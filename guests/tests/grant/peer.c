/* SPDX-License-Identifier: MIT */
/*
 * grant/peer: grants between two boot-time domains (satori's bootdom=;
 * Xen has no boot-time domains, so there is no guest manifest; boot test
 * bootdoms-grant-map). The ids come from the command line (bootdom
 * order), the grant references are fixed:
 *
 *   role=granter self=A peer=B [die]: grants frame F (a counter pattern)
 *     to B writable as ref 20 and read-only as ref 21, then waits until
 *     B wrote its marker into F through its mapping. Without "die" it
 *     then waits until ref 20's GTF_reading/GTF_writing are clear again
 *     (B unmapped, or B died holding the mapping and the hypervisor
 *     released it) and checks that ref 21 is free too. With "die" it
 *     powers off at once, while B still maps F.
 *   role=mapper self=B peer=A [hold]: maps ref 20 (retrying while A is
 *     not ready), reads the pattern, writes the marker; refused: ref 21
 *     writable, ref 20 of A named as another domain's, handles it does
 *     not own; copies from ref 21 into its own frame. With "hold" it
 *     powers off holding a writable and a read-only mapping and a device
 *     mapping. Otherwise it waits until A is gone (map answers
 *     GNTST_bad_domain instead of bad_gntref), still reads F through the mapping (the frame
 *     must not have been freed), and unmaps it: GNTST_okay.
 * Every domain prints one verdict. The boot test checks the frame-type
 * checker (ptcheck=shutdown) and that every frame returns.
 */
#include <guest/grant.h>
#include <guest/mmu.h>
#include <guest/test.h>

#include <errno.h>
#include <grant_table.h>

const char test_name[] = "grant/peer";

#define R_RW 20
#define R_RO 21
#define MARKER 0x4d
#define SPIN_LIMIT 400000000UL
#define S_TABLE 0
#define S_F 1
#define S_MAP 2
#define S_MAP_RO 3
#define S_OWN 4

static uint16_t self, peer;

static unsigned long arg(const char *name)
{
	const char *p = strstr((const char *)start_info->cmd_line, name);
	unsigned long v = 0;

	if (!p)
		test_error("missing %s", name);
	for (p += strlen(name); *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (unsigned long)(*p - '0');
	return v;
}

static int has(const char *word)
{
	return strstr((const char *)start_info->cmd_line, word) != 0;
}

static void relax(void)
{
	hypercall(__HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0, 0, 0);
}

static void granter(void)
{
	volatile struct grant_entry_v1 *gt = grant_table_map(S_TABLE);
	uint64_t f = mmu_frame_alloc();
	volatile uint8_t *p = mmu_window(S_F);
	unsigned long spins = 0;

	CHECK_EQ("map F", mmu_window_map(S_F, f, PTE_FLAGS_RW), 0);
	for (unsigned int i = 0; i < 4096; i++)
		p[i] = (uint8_t)(i * 3);
	gt[R_RW].domid = peer;
	gt[R_RW].frame = (uint32_t)f;
	gt[R_RO].domid = peer;
	gt[R_RO].frame = (uint32_t)f;
	__asm__ volatile("" ::: "memory");
	gt[R_RO].flags = GTF_permit_access | GTF_readonly;
	gt[R_RW].flags = GTF_permit_access;
	while (p[0] != MARKER)
		if (++spins > SPIN_LIMIT)
			test_fail("no marker from d%u", peer);
		else
			relax();
	if (has("die"))
		test_success(); /* Powers off while the peer maps F. */
	while (gt[R_RW].flags & (GTF_reading | GTF_writing))
		if (++spins > SPIN_LIMIT)
			test_fail("ref %u still in use: flags %#x", R_RW,
				  gt[R_RW].flags);
		else
			relax();
	CHECK_EQ("rw grant free", gt[R_RW].flags, GTF_permit_access);
	CHECK_EQ("ro grant free", gt[R_RO].flags,
		 GTF_permit_access | GTF_readonly);
	test_success();
}

static int16_t map(uint32_t ref, uint32_t flags, unsigned int slot,
		   uint16_t dom, uint32_t *handle)
{
	struct gnttab_map_grant_ref op = { .host_addr =
						   (uint64_t)mmu_window(slot),
					   .flags = flags,
					   .ref = ref,
					   .dom = dom,
					   .status = 99 };

	CHECK_EQ("map rc", gnttab(GNTTABOP_map_grant_ref, &op, 1), 0);
	*handle = op.handle;
	return op.status;
}

static int16_t unmap(unsigned int slot, uint32_t handle)
{
	struct gnttab_unmap_grant_ref op = { .host_addr =
						     (uint64_t)mmu_window(slot),
					     .handle = handle,
					     .status = 99 };

	CHECK_EQ("unmap rc", gnttab(GNTTABOP_unmap_grant_ref, &op, 1), 0);
	return op.status;
}

/* Map ref 20 of the granter once it is ready. */
static uint32_t first_map(void)
{
	unsigned long spins = 0;
	uint32_t h;
	int16_t st;

	while ((st = map(R_RW, GNTMAP_host_map, S_MAP, peer, &h)) ==
	       GNTST_general_error)
		if (++spins > SPIN_LIMIT)
			test_fail("d%u never granted ref %u", peer, R_RW);
		else
			relax();
	CHECK_EQ("map peer's grant", st, GNTST_okay);
	return h;
}

static void copy_check(void)
{
	uint64_t own = mmu_frame_alloc();
	volatile uint8_t *o = mmu_window(S_OWN);
	struct gnttab_copy c = { .flags = GNTCOPY_source_gref, .len = 64 };

	CHECK_EQ("map own", mmu_window_map(S_OWN, own, PTE_FLAGS_RW), 0);
	c.source.domid = peer;
	c.source.u.ref = R_RO;
	c.source.offset = 10;
	c.dest.domid = DOMID_SELF;
	c.dest.u.gmfn = own;
	CHECK_EQ("copy rc", gnttab(GNTTABOP_copy, &c, 1), 0);
	CHECK_EQ("copy status", c.status, GNTST_okay);
	CHECK_EQ("copied", o[0], 30);
	c.flags = GNTCOPY_dest_gref;
	c.source.domid = DOMID_SELF;
	c.source.u.gmfn = own;
	c.dest.domid = peer;
	c.dest.u.ref = R_RO;
	CHECK_EQ("copy into ro rc", gnttab(GNTTABOP_copy, &c, 1), 0);
	CHECK_EQ("copy into ro grant", c.status, GNTST_general_error);
}

static void mapper(void)
{
	volatile uint8_t *m = mmu_window(S_MAP);
	unsigned long spins = 0;
	uint32_t h = first_map(), h2, h3;

	CHECK_EQ("peer's data", m[5], 15);
	CHECK_EQ("rw map of ro grant",
		 map(R_RO, GNTMAP_host_map, S_MAP_RO, peer, &h2),
		 GNTST_general_error);
	CHECK_EQ("grant named as own",
		 map(R_RW, GNTMAP_host_map, S_MAP_RO, self, &h2),
		 GNTST_general_error);
	CHECK_EQ("foreign handle", unmap(S_MAP, h + 1000), GNTST_bad_handle);
	copy_check();
	if (has("hold")) {
		CHECK_EQ("ro map",
			 map(R_RO, GNTMAP_host_map | GNTMAP_readonly, S_MAP_RO,
			     peer, &h2),
			 GNTST_okay);
		CHECK_EQ("device map",
			 map(R_RW, GNTMAP_device_map, 0, peer, &h3),
			 GNTST_okay);
		m[0] = MARKER;
		test_success(); /* Powers off holding three mappings. */
	}
	m[0] = MARKER;
	/* A reference past the table: bad_gntref while the peer lives. */
	while (map(0x7fffffff, GNTMAP_device_map, 0, peer, &h2) !=
	       GNTST_bad_domain)
		if (++spins > SPIN_LIMIT)
			test_fail("d%u never went away", peer);
		else
			relax();
	CHECK_EQ("peer's data after its death", m[6], 18);
	CHECK_EQ("marker still there", m[0], MARKER);
	CHECK_EQ("unmap after peer's death", unmap(S_MAP, h), GNTST_okay);
	CHECK_EQ("unmap twice", unmap(S_MAP, h), GNTST_bad_handle);
	test_success();
}

void test_main(void)
{
	self = (uint16_t)arg("self=");
	peer = (uint16_t)arg("peer=");
	if (has("role=granter"))
		granter();
	else if (has("role=mapper"))
		mapper();
	test_error("no role=");
}
