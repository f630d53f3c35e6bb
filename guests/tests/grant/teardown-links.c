/* SPDX-License-Identifier: MIT */
/*
 * grant/teardown-links: a domain dies holding thousands of event channels
 * and grant mappings in both directions, so that its teardown's event and
 * grant phases have real work (satori's bootdom=; boot test
 * bootdoms-teardown-links, no Xen manifest). The ids come from the
 * command line (bootdom order):
 *
 *   role=dier self=A peer=B: binds B's NB_PORTS unbound ports, then
 *     allocates unbound ports for B until the limit; pins a deep
 *     hierarchy (1024 L1s) and maps B's NB grants into its L1 entries
 *     NHOST times (GNTMAP_contains_pte; every 16th writable), and NDEV
 *     times as device mappings; grants NA of its own frames to B and
 *     waits until B mapped them all; then powers off holding it all.
 *   role=peer self=B peer=A: allocates NB_PORTS unbound ports for A,
 *     grants NB frames (a pattern) to A, maps A's NA grants read-only
 *     (retrying until A granted). Then waits until A's grant release ran
 *     (every one of its grants free again), checks that its ports are
 *     unbound again, still reads A's frames through its mappings (they
 *     must not be freed), unmaps them, and powers off while A's memory
 *     is still being returned (ptcheck=shutdown then counts A's L1
 *     entries on B's frames).
 */
#include <guest/deep-pt.h>
#include <guest/event.h>
#include <guest/grant.h>
#include <guest/mmu.h>
#include <guest/sched.h>
#include <guest/test.h>

#include <errno.h>
#include <grant_table.h>

const char test_name[] = "grant/teardown-links";

#define NB 64U	     /* B's grants to A */
#define NA 8U	     /* A's grants to B */
#define NB_PORTS 64U /* B's unbound ports A binds */
#define NHOST 6400U  /* A's host mappings of B's grants (100 each) */
#define NDEV 6400U   /* A's device mappings of B's grants */
#define GB_BASE 16U  /* B's grant references */
#define GA_BASE 16U  /* A's grant references */
#define BATCH 64U    /* map operations per hypercall */
#define SPIN_LIMIT 400000000UL

#define S_TABLE 0U /* window slot: the grant table frame */
#define S_FILL 1U  /* window slot: writing tables and frames */
#define S_MAP 2U   /* B's mappings of A's grants: slots 2..9 */

static uint16_t self, peer;
static struct deep_pt h;
static uint8_t data[4096] __attribute__((aligned(4096)));

static void relax(void)
{
	hypercall(__HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0, 0, 0);
}

static uint16_t arg_id(const char *key)
{
	uint64_t v = cmdline_uint(key, 0xffff);

	if (v == 0xffff)
		test_error("missing %s=", key);
	return (uint16_t)v;
}

static int has(const char *word)
{
	return strstr((const char *)start_info->cmd_line, word) != 0;
}

/* Grant @n fresh frames from @base to @to (read-write permitted), each
 * filled with its index; every grant entry is written before its flags. */
static void grant_frames(volatile struct grant_entry_v1 *gt, uint32_t base,
			 unsigned int n, uint16_t to)
{
	volatile uint8_t *p = mmu_window(S_FILL);

	for (unsigned int i = 0; i < n; i++) {
		uint64_t f = pt_frame_alloc_or_die();

		CHECK_EQ("map frame", mmu_window_map(S_FILL, f, PTE_FLAGS_RW),
			 0);
		for (unsigned int b = 0; b < 4096; b++)
			p[b] = (uint8_t)i;
		gt[base + i].domid = to;
		gt[base + i].frame = (uint32_t)f;
		__asm__ volatile("" ::: "memory");
		gt[base + i].flags = GTF_permit_access;
	}
	CHECK_EQ("unmap fill", mmu_window_map(S_FILL, 0, 0), 0);
}

/* Whether all @n grants from @base are (@in_use) or are not mapped. */
static int grants_in_use(volatile struct grant_entry_v1 *gt, uint32_t base,
			 unsigned int n, int in_use)
{
	for (unsigned int i = 0; i < n; i++)
		if (!!(gt[base + i].flags & GTF_reading) != in_use)
			return 0;
	return 1;
}

static void wait_grants(volatile struct grant_entry_v1 *gt, uint32_t base,
			unsigned int n, int in_use, const char *what)
{
	unsigned long spins = 0;

	while (!grants_in_use(gt, base, n, in_use))
		if (++spins > SPIN_LIMIT)
			test_fail("timeout: %s", what);
		else
			relax();
}

/* ---- A ---- */

/* Map B's grants @count times from @first with @flags (host mappings go
 * into the pinned hierarchy's L1 entries, one per mapping). */
static void map_batches(unsigned int first, unsigned int count, uint32_t flags)
{
	static struct gnttab_map_grant_ref ops[BATCH];

	for (unsigned int done = 0; done < count; done += BATCH) {
		for (unsigned int k = 0; k < BATCH; k++) {
			unsigned int i = first + done + k;
			uint32_t f = flags;

			ops[k] = (struct gnttab_map_grant_ref){ 0 };
			ops[k].ref = GB_BASE + i % NB;
			ops[k].dom = peer;
			if ((f & GNTMAP_host_map) && i % 16)
				f |= GNTMAP_readonly;
			ops[k].flags = f;
			ops[k].host_addr = (h.l1[i / 512] << 12) +
					   (i % 512) * sizeof(uint64_t);
			ops[k].status = 99;
		}
		CHECK_EQ("map batch",
			 gnttab(GNTTABOP_map_grant_ref, ops, BATCH), 0);
		for (unsigned int k = 0; k < BATCH; k++)
			if (ops[k].status != GNTST_okay)
				test_fail("map %u: status %d", first + done + k,
					  ops[k].status);
	}
}

/* B's unbound ports bound, then ports for B until the limit. */
static unsigned int fill_ports(void)
{
	unsigned int n = 0;
	long p;

	for (uint32_t rp = 1; rp <= NB_PORTS; rp++) {
		CHECK_EQ("bind B's port", ev_bind_interdomain(peer, rp) > 0, 1);
		n++;
	}
	while ((p = ev_alloc_unbound(DOMID_SELF, peer)) > 0)
		n++;
	CHECK_EQ("port limit", p, -XEN_ENOSPC);
	return n;
}

/* B grants only after its ports exist: wait until its last grant maps
 * (a device mapping, held like the rest). */
static void wait_for_grants(void)
{
	static struct gnttab_map_grant_ref probe;
	unsigned long spins = 0;

	for (;;) {
		probe = (struct gnttab_map_grant_ref){
			.ref = GB_BASE + NB - 1,
			.dom = peer,
			.flags = GNTMAP_device_map | GNTMAP_readonly
		};
		CHECK_EQ("probe", gnttab(GNTTABOP_map_grant_ref, &probe, 1), 0);
		if (probe.status == GNTST_okay)
			return;
		if (++spins > SPIN_LIMIT)
			test_fail("d%u never granted", peer);
		relax();
	}
}

static void dier(void)
{
	volatile struct grant_entry_v1 *gt = grant_table_map(S_TABLE);
	uint64_t ro = (mmu_virt_to_mfn(data) << 12) | PTE_FLAGS_RO;
	unsigned int ports;

	deep_pt_alloc(&h);
	deep_pt_write(&h, S_FILL, ro, ro);
	CHECK_EQ("pin", mmu_pin(4, h.l4), 0);
	wait_for_grants();
	ports = fill_ports();
	map_batches(0, NHOST, GNTMAP_host_map | GNTMAP_contains_pte);
	map_batches(0, NDEV, GNTMAP_device_map | GNTMAP_readonly);
	grant_frames(gt, GA_BASE, NA, peer);
	wait_grants(gt, GA_BASE, NA, 1, "B never mapped A's grants");
	printf("grant/teardown-links: %u ports, %u host and %u device "
	       "mappings held: dying\n",
	       ports, NHOST, NDEV + 1);
	test_success();
}

/* ---- B ---- */

static void peer_role(void)
{
	volatile struct grant_entry_v1 *gt = grant_table_map(S_TABLE);
	static struct gnttab_map_grant_ref m[NA];
	struct gnttab_unmap_grant_ref u[NA];
	unsigned long spins = 0;
	unsigned int i;

	for (uint32_t p = 1; p <= NB_PORTS; p++)
		CHECK_EQ("unbound port", ev_alloc_unbound(DOMID_SELF, peer),
			 (long)p);
	grant_frames(gt, GB_BASE, NB, peer);
	for (i = 0; i < NA; i++) {
		do {
			m[i] = (struct gnttab_map_grant_ref){
				.host_addr = (uint64_t)mmu_window(S_MAP + i),
				.flags = GNTMAP_host_map | GNTMAP_readonly,
				.ref = GA_BASE + i,
				.dom = peer
			};
			CHECK_EQ("map A's grant",
				 gnttab(GNTTABOP_map_grant_ref, &m[i], 1), 0);
			if (++spins > SPIN_LIMIT)
				test_fail("d%u never granted", peer);
			if (m[i].status != GNTST_okay)
				relax();
		} while (m[i].status != GNTST_okay);
	}
	/* A granted only after mapping all of ours. */
	CHECK_EQ("ours mapped by A", grants_in_use(gt, GB_BASE, NB, 1), 1);
	/* A's grant phase releases every pin it holds on our grants. */
	wait_grants(gt, GB_BASE, NB, 0, "A's mappings never released");
	printf("grant/teardown-links: A's mappings released\n");
	for (uint32_t p = 1; p <= NB_PORTS; p++) {
		struct evtchn_status st;

		CHECK_EQ("status", ev_status(DOMID_SELF, p, &st), 0);
		CHECK_EQ("unbound again", st.status, EVTCHNSTAT_unbound);
	}
	for (i = 0; i < NA; i++) {
		CHECK_EQ("A's frame",
			 *(volatile uint8_t *)mmu_window(S_MAP + i), i);
		u[i] = (struct gnttab_unmap_grant_ref){ .host_addr =
								m[i].host_addr,
							.handle = m[i].handle,
							.status = 99 };
	}
	CHECK_EQ("unmap", gnttab(GNTTABOP_unmap_grant_ref, u, NA), 0);
	for (i = 0; i < NA; i++)
		CHECK_EQ("unmap status", u[i].status, GNTST_okay);
	test_success();
}

void test_main(void)
{
	self = arg_id("self");
	peer = arg_id("peer");
	if (has("role=dier"))
		dier();
	if (has("role=peer"))
		peer_role();
	test_error("no role=");
}
