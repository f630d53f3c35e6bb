/* SPDX-License-Identifier: MIT */
/*
 * bench/pv-paths: micro-benchmark of the PV paths a guest kernel uses most,
 * run as dom0 on satori and on Xen 4.17 (bench/run-pv-paths.py compares
 * them). It times, with the TSC, the null hypercall (xen_version through
 * the hypercall page and through a raw SYSCALL; and vm_assist with an
 * invalid type, -EINVAL, a hypercall satori runs with interrupts on as
 * Xen runs all: satori/hypercall.h HYPERCALLS_IRQS_OFF), multicalls of 1 and 32
 * xen_version entries, and two exception bounces that return with
 * HYPERVISOR_iret: #BP from int3 and #PF on an unmapped address resumed at
 * an extable fixup. Not a test: no verdict line; each result is one line
 *   bench: <name> <cycles per op> cycles (n=<ops per batch>x<batches> ...)
 * and the run ends with "bench: done" (test_error() if a path misbehaves).
 */
#include <guest/bench.h>
#include <guest/test.h>
#include <guest/traps.h>

const char test_name[] = "bench/pv-paths";

#define OPS 2000U
#define WARMUP_OPS 200U
/* A 32-entry multicall makes 32 calls: fewer batches' worth of ops. */
#define MC_OPS 500U
#define MC_LONG 32U

/* The expected xen_version(XENVER_version), read once before timing. */
static long version;

static void check_version(const char *what, long got)
{
	if (got != version)
		test_error("%s returned %ld, want %ld", what, got, version);
}

static void op_version_page(unsigned int n)
{
	long rc = 0;

	while (n--)
		rc = hypercall_page_call(__HYPERVISOR_xen_version,
					 XENVER_version, 0, 0, 0, 0);
	check_version("xen_version via the page", rc);
}

static void op_version_syscall(unsigned int n)
{
	long rc = 0;

	while (n--)
		rc = hypercall_syscall(__HYPERVISOR_xen_version, XENVER_version,
				       0, 0, 0, 0);
	check_version("xen_version via syscall", rc);
}

/* vm_assist(enable, 63): -EINVAL at once on both hypervisors; unlike
 * xen_version, satori enables interrupts for it, as for most. */
static void op_einval_syscall(unsigned int n)
{
	long rc = 0;

	while (n--)
		rc = hypercall_syscall(__HYPERVISOR_vm_assist,
				       VMASST_CMD_enable, 63, 0, 0, 0);
	if (rc != -XEN_EINVAL)
		test_error("vm_assist(enable, 63) returned %ld, want %d", rc,
			   -XEN_EINVAL);
}

static struct multicall_entry calls[MC_LONG];

/* One multicall of @nr xen_version entries; each entry is reset first. */
static void multicall_once(unsigned int nr)
{
	unsigned int i;
	long rc;

	for (i = 0; i < nr; i++) {
		calls[i].op = __HYPERVISOR_xen_version;
		calls[i].result = -1;
		calls[i].args[0] = XENVER_version;
		calls[i].args[1] = 0;
	}
	rc = hypercall_page_call(__HYPERVISOR_multicall, (uint64_t)calls, nr, 0,
				 0, 0);
	if (rc)
		test_error("multicall of %u returned %ld", nr, rc);
}

static void multicall_ops(unsigned int nr, unsigned int n)
{
	unsigned int i;

	while (n--)
		multicall_once(nr);
	for (i = 0; i < nr; i++)
		check_version("a multicall entry", (long)calls[i].result);
}

static void op_multicall_1(unsigned int n)
{
	multicall_ops(1, n);
}

static void op_multicall_32(unsigned int n)
{
	multicall_ops(MC_LONG, n);
}

/* Each bounce must reach the handler exactly once, with @vector. */
static void check_bounces(const char *what, unsigned int n, uint64_t vector)
{
	if (trap_last.count != n || trap_last.frame.vector != vector)
		test_error("%s: %u bounces of vector %lu, want %u of %lu", what,
			   trap_last.count, trap_last.frame.vector, n, vector);
	trap_reset();
}

static void op_int3(unsigned int n)
{
	unsigned int i;

	trap_reset();
	for (i = 0; i < n; i++)
		__asm__ volatile("int3" ::: "memory");
	check_bounces("int3", n, 3);
}

/*
 * 1 GiB: far beyond the few MiB the dom0 builders of both hypervisors map
 * for this kernel (its L3 entry is empty), so every read is a
 * not-present #PF. A fixed address rather than page_before_hole(): satori
 * has no update_va_mapping yet, and both must take the same walk.
 */
#define UNMAPPED_VA 0x40000000UL

static void op_page_fault(unsigned int n)
{
	unsigned int i;

	trap_reset();
	for (i = 0; i < n; i++)
		__asm__ volatile("1:\tmovb (%[p]), %%al\n2:\n\t" EXTABLE(1b, 2b)
				 :
				 : [p] "r"(UNMAPPED_VA)
				 : "rax", "memory");
	check_bounces("#PF", n, 14);
}

static void bench_hypercalls(void)
{
	struct bench_result r, one, many;

	bench_measure(op_version_page, WARMUP_OPS, OPS, &r);
	bench_report("null-hypercall-page", &r);
	bench_measure(op_version_syscall, WARMUP_OPS, OPS, &r);
	bench_report("null-hypercall-syscall", &r);
	bench_measure(op_einval_syscall, WARMUP_OPS, OPS, &r);
	bench_report("einval-hypercall-syscall", &r);

	bench_measure(op_multicall_1, WARMUP_OPS, MC_OPS, &one);
	bench_report("multicall-1", &one);
	bench_measure(op_multicall_32, WARMUP_OPS, MC_OPS, &many);
	bench_report("multicall-32", &many);
	/* The cost of one more entry; the batch spread is of the 32s. */
	printf("bench: multicall-per-call %lu cycles (n=%ux%u, (t32-t1)/31)\n",
	       (many.median - one.median) / MC_OPS / (MC_LONG - 1), MC_OPS,
	       BENCH_BATCHES);
}

static void bench_bounces(void)
{
	struct bench_result r;
	long rc = install_traps(-1);

	if (rc)
		test_error("set_trap_table: %ld", rc);
	bench_measure(op_int3, WARMUP_OPS, OPS, &r);
	bench_report("trap-bounce-int3", &r);
	bench_measure(op_page_fault, WARMUP_OPS, OPS, &r);
	bench_report("trap-bounce-pf", &r);
}

/*
 * "profile=<path>" on the command line (int3, pf, page, syscall, mc32):
 * run only that path, PROFILE_BATCHES times OPS ops, untimed, so that a
 * profiler on the host (perf on QEMU) sees little but that path.
 */
#define PROFILE_BATCHES 1000U

static const struct {
	const char *name;
	void (*op)(unsigned int n);
} profile_paths[] = {
	{ "int3", op_int3 },	     { "pf", op_page_fault },
	{ "page", op_version_page }, { "syscall", op_version_syscall },
	{ "mc32", op_multicall_32 },
};

static void profile(const char *arg)
{
	unsigned int i, b;

	for (i = 0; i < sizeof(profile_paths) / sizeof(profile_paths[0]); i++) {
		size_t len = strlen(profile_paths[i].name);

		if (strncmp(arg, profile_paths[i].name, len) != 0 ||
		    (arg[len] && arg[len] != ' '))
			continue;
		if (install_traps(-1))
			test_error("set_trap_table failed");
		printf("bench: profiling %s\n", profile_paths[i].name);
		for (b = 0; b < PROFILE_BATCHES; b++)
			profile_paths[i].op(OPS);
		printf("bench: done\n");
		shutdown(SHUTDOWN_poweroff);
	}
	test_error("profile=%s: no such path", arg);
}

void test_main(void)
{
	const char *arg =
		strstr((const char *)start_info->cmd_line, "profile=");

	version = hc_xen_version(XENVER_version, NULL);
	if (version < 0)
		test_error("xen_version(XENVER_version): %ld", version);
	if (arg)
		profile(arg + strlen("profile="));
	printf("bench: start (xen_version %ld.%ld)\n", version >> 16,
	       version & 0xffff);
	bench_hypercalls();
	bench_bounces();
	printf("bench: done\n");
	shutdown(SHUTDOWN_poweroff);
}
