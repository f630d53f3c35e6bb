/* SPDX-License-Identifier: MIT */
/*
 * bench/mmu-paths: micro-benchmark of the PV MMU paths, run as dom0 on
 * satori and on Xen 4.17 (bench/run-mmu-paths.py compares them). It times,
 * with the TSC: mmu_update of one PTE (one request per call, the entry
 * alternating between two of the kernel's pages), update_va_mapping with
 * UVMF_INVLPG | UVMF_LOCAL (the same alternation), and pin + unpin of a
 * small 4-level hierarchy (L4 -> L3 -> L2 -> L1 mapping four pages), which
 * validates and devalidates all four tables each time. Not a test: each
 * result is one line
 *   bench: <name> <cycles per op> cycles (n=<ops per batch>x<batches> ...)
 * a path the hypervisor refuses is reported as
 *   bench: <name> unavailable (<errno>)
 * and the run ends with "bench: done" (test_error() if a path misbehaves
 * after it worked once).
 */
#include <guest/bench.h>
#include <guest/mmu.h>
#include <guest/test.h>

const char test_name[] = "bench/mmu-paths";

#define OPS 1000U
#define WARMUP_OPS 100U

/* The first failure inside a timed loop; checked after each batch. */
static long failed_rc;
static const char *failed_what;

static void note(const char *what, long rc)
{
	if (rc && !failed_rc) {
		failed_rc = rc;
		failed_what = what;
	}
}

static uint8_t pages[4][4096] __attribute__((aligned(4096)));
static uint64_t pte_ptr, val[2], l4_mfn;

static void op_mmu_update(unsigned int n)
{
	struct mmu_update req = { .ptr = pte_ptr };
	unsigned int i;

	for (i = 0; i < n; i++) {
		req.val = val[i & 1];
		note("mmu_update", hc_mmu_update(&req, 1, NULL, DOMID_SELF));
	}
}

static void op_update_va_mapping(unsigned int n)
{
	uint64_t va = (uint64_t)mmu_window(1);
	unsigned int i;

	for (i = 0; i < n; i++)
		note("update_va_mapping",
		     hc_update_va_mapping(va, val[i & 1],
					  UVMF_INVLPG | UVMF_LOCAL));
}

static void op_pin_unpin(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		note("pin L4", mmu_pin(4, l4_mfn));
		note("unpin L4", mmu_unpin(l4_mfn));
	}
}

/* L4 -> L3 -> L2 -> L1 in spare frames, the L1 mapping pages[] RW. */
static long build_hierarchy(void)
{
	uint64_t t[4], e[4];
	unsigned int i;
	long rc = 0;

	for (i = 0; i < 4; i++)
		if (!(t[i] = mmu_frame_alloc()))
			return -XEN_ENOMEM;
	for (i = 0; i < 4; i++)
		e[i] = (mmu_virt_to_mfn(pages[i]) << 12) | PTE_FLAGS_RW;
	rc = rc ? rc : mmu_table_fill(4, t[0], e, 4);
	e[0] = (t[0] << 12) | PTE_PRESENT | PTE_RW | PTE_ACCESSED;
	rc = rc ? rc : mmu_table_fill(5, t[1], e, 1);
	e[0] = (t[1] << 12) | PTE_PRESENT | PTE_RW | PTE_ACCESSED;
	rc = rc ? rc : mmu_table_fill(6, t[2], e, 1);
	e[0] = (t[2] << 12) | PTE_PRESENT | PTE_RW | PTE_ACCESSED;
	rc = rc ? rc : mmu_table_fill(7, t[3], e, 1);
	for (i = 4; i < 8; i++)
		mmu_window_map(i, 0, 0);
	l4_mfn = t[3];
	return rc;
}

/* Runs @op once untimed; if the hypervisor refuses it, says so. */
static void bench(const char *name, void (*op)(unsigned int n), long setup)
{
	struct bench_result r;

	failed_rc = setup;
	if (!failed_rc)
		op(1);
	if (failed_rc) {
		printf("bench: %s unavailable (%ld)\n", name, failed_rc);
		failed_rc = 0;
		return;
	}
	bench_measure(op, WARMUP_OPS, OPS, &r);
	if (failed_rc)
		test_error("%s failed: %ld", failed_what, failed_rc);
	bench_report(name, &r);
}

/*
 * "profile=<row>" on the command line (mmu-update, uvm, pin): run only
 * that row, untimed, in a loop, for bench/tb-lookups.py --guest mmu (and
 * perf on QEMU); "bench: profiling <row>" marks the loop's start.
 */
#define PROFILE_BATCHES 4000U

static void profile(const char *arg)
{
	static const struct {
		const char *name;
		void (*op)(unsigned int n);
	} rows[] = { { "mmu-update", op_mmu_update },
		     { "uvm", op_update_va_mapping },
		     { "pin", op_pin_unpin } };
	unsigned int i, b;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t len = strlen(rows[i].name);

		if (strncmp(arg, rows[i].name, len) != 0 ||
		    (arg[len] && arg[len] != ' '))
			continue;
		if (rows[i].op == op_pin_unpin && build_hierarchy())
			test_error("profile=pin: no hierarchy");
		printf("bench: profiling %s\n", rows[i].name);
		for (b = 0; b < PROFILE_BATCHES; b++)
			rows[i].op(rows[i].op == op_pin_unpin ? 1 : 100);
		printf("bench: done\n");
		shutdown(SHUTDOWN_poweroff);
	}
	test_error("profile=%s: no such row", arg);
}

void test_main(void)
{
	const char *arg =
		strstr((const char *)start_info->cmd_line, "profile=");
	unsigned int i;

	for (i = 0; i < 2; i++)
		val[i] = (mmu_virt_to_mfn(pages[i]) << 12) | PTE_FLAGS_RO;
	pte_ptr = mmu_entry_maddr((uint64_t)mmu_window(0), 1, NULL);
	if (!pte_ptr || !val[0] || !val[1])
		test_error("cannot walk the boot page tables");
	if (arg)
		profile(arg + strlen("profile="));
	printf("bench: start\n");
	bench("mmu-update-1pte", op_mmu_update, 0);
	bench("update-va-mapping-invlpg", op_update_va_mapping, 0);
	bench("pin-unpin-l4", op_pin_unpin, build_hierarchy());
	printf("bench: done\n");
	shutdown(SHUTDOWN_poweroff);
}
