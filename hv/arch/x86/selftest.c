/* SPDX-License-Identifier: MIT */
/*
 * selftest=: deliberate failures at the end of boot, one per test. Each
 * runs in its own noinline function named selftest_<what> so that the
 * expected backtrace line is predictable. Test-only; no effect by default.
 */
#include <satori/selftest.h>

#include <satori/bug.h>
#include <satori/log.h>
#include <satori/param.h>
#include <satori/shutdown.h>
#include <satori/string.h>

#include <asm/cpu-ops.h>
#include <asm/layout.h>
#include <asm/pv-build.h>
#include <asm/xstate.h>

#define NONCANONICAL_ADDRESS 0x8000000000000000ull

/* In the writable-M2P slot (512 GiB) but beyond the largest M2P (8 bytes
 * per frame of 16 TiB: 32 GiB), so never mapped. */
#define SELFTEST_UNMAPPED (RW_M2P_START + (256UL << 30))

static char opt_selftest[32];
string_param("selftest", opt_selftest);

/* Read through a pointer the compiler cannot prove anything about. */
static uint64_t read_u64(uint64_t addr)
{
	return *(volatile const uint64_t *)addr;
}

static __attribute__((noinline)) void selftest_fault_pf(void)
{
	/* The writable-M2P slot past any M2P (at most 32 GiB): never mapped. */
	read_u64(SELFTEST_UNMAPPED);
}

static __attribute__((noinline)) void selftest_fault_gp(void)
{
	read_u64(NONCANONICAL_ADDRESS);
}

static __attribute__((noinline)) void selftest_fault_ud(void)
{
	raise_invalid_opcode();
}

static __attribute__((noinline)) void selftest_fault_de(void)
{
	raise_divide_error();
}

static __attribute__((noinline)) void selftest_bad_frame(void)
{
	raise_invalid_opcode_bad_frame();
}

static __attribute__((noinline)) void selftest_fault_df(void)
{
	/* Unmapped, like fault-pf. */
	raise_double_fault(SELFTEST_UNMAPPED + PAGE_SIZE);
}

static __attribute__((noinline)) void selftest_bug(void)
{
	BUG_ON(opt_selftest[0] == 'b');
}

static __attribute__((noinline)) void selftest_assert(void)
{
	ASSERT(opt_selftest[0] != 'a');
}

static __attribute__((noinline)) void selftest_warn(void)
{
	if (WARN_ON(opt_selftest[0] == 'w'))
		printk("selftest: WARN_ON returned true, continuing\n");
}

static __attribute__((noinline)) void selftest_panic(void)
{
	panic("selftest: deliberate panic (%s)", opt_selftest);
}

static __attribute__((noinline)) void selftest_nmi(void)
{
	raise_nmi_vector();
	printk("selftest: returned from the NMI handler\n");
}

/* The #DB of MOV SS + SYSCALL arrives in ring 0 with the guest's RSP:
 * it must run on its own IST stack, not push its frame there. */
static __attribute__((noinline)) void selftest_db_stack(void)
{
	raise_debug_on_stack(NONCANONICAL_ADDRESS);
	printk("selftest: #DB with a hostile stack pointer survived\n");
	machine_halt(0);
}

/* Default guest_loglvl=none/warning: 10 of these print, then silence. */
static __attribute__((noinline)) void selftest_log_flood(void)
{
	for (unsigned int i = 1; i <= 25; i++)
		log_printf(LOG_WARN | LOG_GUEST, "selftest: flood %u\n", i);
}

/* What debug key 'd' prints, without needing console input. */
static __attribute__((noinline)) void selftest_dump(void)
{
	dump_execution_state();
}

/* The boot itself is the test: report success once boot is complete. */
static __attribute__((noinline)) void selftest_boot(void)
{
	machine_halt(0);
}

static const struct {
	const char *name;
	void (*run)(void);
} selftests[] = {
	/* clang-format off */
	{ "boot", selftest_boot },
	{ "timers", selftest_timers },
	{ "smp", selftest_smp },
	{ "ring3", selftest_ring3 },
	{ "fault-pf", selftest_fault_pf },
	{ "fault-gp", selftest_fault_gp },
	{ "fault-ud", selftest_fault_ud },
	{ "fault-de", selftest_fault_de },
	{ "fault-df", selftest_fault_df },
	{ "bad-frame", selftest_bad_frame },
	{ "bug", selftest_bug },
	{ "assert", selftest_assert },
	{ "warn", selftest_warn },
	{ "panic", selftest_panic },
	{ "nmi", selftest_nmi },
	{ "db-stack", selftest_db_stack },
	{ "log-flood", selftest_log_flood },
	{ "dump", selftest_dump },
	{ "domains", selftest_domains },
	{ "domcheck", selftest_domcheck },
	{ "xstate", selftest_xstate },
	/* clang-format on */
};

void selftest_run_late(void)
{
	if (!opt_selftest[0])
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(selftests); i++) {
		if (strcmp(opt_selftest, selftests[i].name) != 0)
			continue;
		printk("selftest: running %s\n", selftests[i].name);
		selftests[i].run();
		return;
	}
	log_err("selftest: unknown test '%s'\n", opt_selftest);
}
