/* SPDX-License-Identifier: MIT */
/*
 * selftest=ring3: PV execution end to end without a domain builder. Two
 * domains are built by hand (an L4 with the hypervisor slots, tables
 * mapping one code page and one data page low in the address space) and
 * run on the scheduler: "hello" exercises hypercalls, bounces, iret and
 * user mode (ring3-guests.S); "crash" executes ud2 with no trap table and
 * must be crashed while hello keeps running; "block" sleeps in
 * SCHEDOP_block until the harness wakes it. A timer on CPU 0 checks the
 * outcome from the hypervisor side and ends the machine.
 */
#include <satori/domain.h>
#include <satori/log.h>
#include <satori/mm.h>
#include <satori/sched.h>
#include <satori/selftest.h>
#include <satori/shutdown.h>
#include <satori/string.h>
#include <satori/time.h>
#include <satori/timer.h>
#include <satori/xen-version.h>

#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/pte.h>
#include <asm/pv.h>
#include <asm/time.h>

#include "ring3-selftest.h"

extern const char r3_hello_start[], r3_hello_end[], r3_crash_start[],
	r3_crash_end[], r3_block_start[], r3_block_end[];
extern const char r3_hello_int3_handler[], r3_hello_pf_handler[],
	r3_hello_syscall_cb[], r3_hello_int3_ret[], r3_hello_user_syscall_ret[];

#define GUEST_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
#define GUEST_CODE (_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
#define GUEST_DATA                                                \
	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | \
	 _PAGE_DIRTY | _PAGE_NX)
#define GUEST_PAGES_ORDER 3 /* L4, L3, L2, L1, code, data */
#define CHECK_PERIOD_NS 20000000ull
#define TIMEOUT_NS 20000000000ull

struct r3_guest {
	struct domain *d;
	struct vcpu *v;
	uint8_t *pages;
};

static struct r3_guest hello, crash, blocker;
static bool saw_blocked;
static struct timer check_timer;
static uint64_t deadline;

static uint64_t page_maddr(const struct r3_guest *g, unsigned int i)
{
	return virt_to_phys(g->pages + i * PAGE_SIZE);
}

/* Page tables: VA R3_CODE_VA -> page 4 (RX), R3_DATA_VA -> page 5 (RW). */
static void build_tables(struct r3_guest *g)
{
	pte_t *l4 = (pte_t *)g->pages;
	pte_t *l3 = (pte_t *)(g->pages + PAGE_SIZE);
	pte_t *l2 = (pte_t *)(g->pages + 2 * PAGE_SIZE);
	pte_t *l1 = (pte_t *)(g->pages + 3 * PAGE_SIZE);
	const pte_t *idle = phys_to_virt(idle_pg_table_maddr());

	for (unsigned int s = HV_FIRST_L4_SLOT; s <= HV_LAST_L4_SLOT; s++)
		l4[s] = idle[s];
	l4[PT_INDEX((uint64_t)R3_CODE_VA, L4_PAGETABLE_SHIFT)] =
		page_maddr(g, 1) | GUEST_TABLE;
	l3[PT_INDEX((uint64_t)R3_CODE_VA, L3_PAGETABLE_SHIFT)] =
		page_maddr(g, 2) | GUEST_TABLE;
	l2[PT_INDEX((uint64_t)R3_CODE_VA, L2_PAGETABLE_SHIFT)] =
		page_maddr(g, 3) | GUEST_TABLE;
	l1[PT_INDEX((uint64_t)R3_CODE_VA, L1_PAGETABLE_SHIFT)] =
		page_maddr(g, 4) | GUEST_CODE;
	l1[PT_INDEX((uint64_t)R3_DATA_VA, L1_PAGETABLE_SHIFT)] =
		page_maddr(g, 5) | GUEST_DATA;
}

static bool build_guest(struct r3_guest *g, domid_t id, const char *name,
			const char *start, const char *end)
{
	int rc;

	g->pages = alloc_xenheap_pages_zeroed(GUEST_PAGES_ORDER);
	g->d = domain_create(id, name, 1, false, &rc);
	if (!g->pages || !g->d)
		return false;
	g->v = g->d->vcpus[0];
	build_tables(g);
	memcpy(g->pages + 4 * PAGE_SIZE, start, (size_t)(end - start));
	g->v->is_up = true;
	pv_vcpu_init_regs(g->v, R3_CODE_VA, R3_KERNEL_STACK, 0,
			  page_maddr(g, 0) >> PAGE_SHIFT);
	g->v->arch.kernel_sp = R3_KERNEL_STACK;
	return true;
}

static uint64_t hello_va(const char *label)
{
	return R3_CODE_VA + (uint64_t)(label - r3_hello_start);
}

/* What the harness installs instead of set_trap_table/callback_op. */
static void hello_handlers(struct vcpu *v)
{
	v->arch.trap_ctxt[3] =
		(struct pv_trap){ hello_va(r3_hello_int3_handler),
				  FLAT_KERNEL_CS, 3 };
	v->arch.trap_ctxt[14] = (struct pv_trap){ hello_va(r3_hello_pf_handler),
						  FLAT_KERNEL_CS, 0 };
	v->arch.callbacks[PV_CB_SYSCALL] =
		(struct pv_callback){ hello_va(r3_hello_syscall_cb), false };
	/* User mode shares the kernel's L4 in this test. */
	v->arch.guest_table_user = v->arch.guest_table;
}

static uint64_t guest_result(const struct r3_guest *g, unsigned int off)
{
	return *(const uint64_t *)(g->pages + 5 * PAGE_SIZE + off);
}

static uint64_t result(unsigned int off)
{
	return guest_result(&hello, off);
}

static bool expect_eq(const char *what, uint64_t got, uint64_t want)
{
	if (got == want)
		return true;
	printk("ring3: FAIL %s: got %#lx, want %#lx\n", what,
	       (unsigned long)got, (unsigned long)want);
	return false;
}

static void report_null_hypercall(void)
{
	uint64_t cycles = result(R3_NULL_CYCLES) / R3_NULL_CALLS;

	printk("ring3: null hypercall xen_version(0): %u calls, %lu TSC "
	       "cycles/call (%lu ns at %u kHz)\n",
	       R3_NULL_CALLS, (unsigned long)cycles,
	       (unsigned long)(tsc_khz ? cycles * 1000000 / tsc_khz : 0),
	       tsc_khz);
}

static bool check_results(void)
{
	bool ok = true;

	ok &= expect_eq("hello shutdown code", hello.d->shutdown_code, 0);
	ok &= expect_eq("crash shutdown code", crash.d->shutdown_code, 3);
	ok &= expect_eq("console_io rc", result(R3_CONSOLE_RC), 0);
	ok &= expect_eq("xen_version rc", result(R3_NULL_RC),
			(XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR);
	ok &= expect_eq("yields done", result(R3_YIELDS_DONE), 1);
	ok &= expect_eq("int3 frame rip", result(R3_INT3_RIP),
			hello_va(r3_hello_int3_ret));
	ok &= expect_eq("int3 frame cs (RPL 0: kernel)",
			result(R3_INT3_CS) & 0xffff, FLAT_KERNEL_CS & ~3u);
	/* Events start masked (pv-abi 1.8): the saved mask in CS 32-39. */
	ok &= expect_eq("int3 frame saved mask", result(R3_INT3_CS) >> 32, 1);
	ok &= expect_eq("after int3", result(R3_AFTER_INT3), 1);
	ok &= expect_eq("#PF error code (write, not present, U=0)",
			result(R3_PF_EC), 2);
	ok &= expect_eq("#PF cr2", hello.v->arch.cr2, R3_UNMAPPED_VA);
	ok &= expect_eq("after #PF", result(R3_AFTER_PF), 1);
	ok &= expect_eq("reached user mode", result(R3_IN_USER), 1);
	ok &= expect_eq("syscall callback rcx", result(R3_CB_RCX),
			hello_va(r3_hello_user_syscall_ret));
	ok &= expect_eq("syscall callback cs", result(R3_CB_CS) & 0xffff,
			FLAT_RING3_CS64);
	ok &= expect_eq("blocker seen blocked", saw_blocked, 1);
	ok &= expect_eq("block rc", guest_result(&blocker, R3_BLOCK_RC), 0);
	ok &= expect_eq("blocker shutdown code", blocker.d->shutdown_code, 0);
	ok &= expect_eq("blocked time",
			vcpu_runstate_time(blocker.v, RUNSTATE_blocked) > 0, 1);
	ok &= expect_eq("hello ran",
			vcpu_runstate_time(hello.v, RUNSTATE_running) > 0, 1);
	return ok;
}

/* The blocker sleeps in SCHEDOP_block until we wake it, as a timer or
 * an event would. */
static void wake_blocker(void)
{
	if (saw_blocked || blocker.v->runstate != RUNSTATE_blocked)
		return;
	saw_blocked = true;
	vcpu_unblock(blocker.v);
}

static void check(void *data)
{
	(void)data;
	wake_blocker();
	if (hello.d->state < DOMSTATE_SHUTDOWN ||
	    crash.d->state < DOMSTATE_SHUTDOWN ||
	    blocker.d->state < DOMSTATE_SHUTDOWN) {
		if (now_ns() > deadline) {
			printk("ring3: FAIL: timeout (states: hello %u, crash "
			       "%u, block %u)\n",
			       hello.d->state, crash.d->state,
			       blocker.d->state);
			machine_halt(HALT_TEST_FAILED);
		}
		set_timer(&check_timer, now_ns() + CHECK_PERIOD_NS);
		return;
	}
	report_null_hypercall();
	if (!check_results())
		machine_halt(HALT_TEST_FAILED);
	printk("ring3: selftest PASS\n");
	machine_halt(HALT_OK);
}

void selftest_ring3(void)
{
	/* crash first: on two CPUs, hello then runs on CPU1 (placement is
	 * round robin), so an AP's SYSCALL stub is exercised too. */
	if (!build_guest(&crash, 2, "crash", r3_crash_start, r3_crash_end) ||
	    !build_guest(&hello, 1, "hello", r3_hello_start, r3_hello_end) ||
	    !build_guest(&blocker, 3, "block", r3_block_start, r3_block_end)) {
		printk("ring3: FAIL: cannot build the test domains\n");
		machine_halt(HALT_TEST_FAILED);
	}
	hello_handlers(hello.v);
	printk("ring3: d1 on CPU%u, d2 on CPU%u, d3 on CPU%u\n",
	       hello.v->processor, crash.v->processor, blocker.v->processor);
	domain_unpause(hello.d);
	domain_unpause(crash.d);
	domain_unpause(blocker.d);
	deadline = now_ns() + TIMEOUT_NS;
	init_timer(&check_timer, check, NULL, 0);
	set_timer(&check_timer, now_ns() + CHECK_PERIOD_NS);
}
