/* SPDX-License-Identifier: MIT */
/*
 * hypercall/transports: a hypercall through the hypercall page and the same
 * hypercall as a raw SYSCALL (Linux 6.1's way) reach the same handler and
 * return the same result, including errors (an unknown xen_version subop,
 * an unknown hypercall number). Both transports preserve the registers the
 * C ABI calls callee-saved (RBX, RBP, R12-R15); the argument registers
 * are treated as clobbered.
 */
#include <guest/test.h>

const char test_name[] = "hypercall/transports";

struct call {
	const char *what;
	unsigned int nr;
	uint64_t a1, a2, a3;
};

static const char line[] = "transport check\n";

static const struct call calls[] = {
	{ "xen_version(version)", __HYPERVISOR_xen_version, XENVER_version, 0,
	  0 },
	{ "xen_version(pagesize)", __HYPERVISOR_xen_version, XENVER_pagesize, 0,
	  0 },
	{ "xen_version(99)", __HYPERVISOR_xen_version, 99, 0, 0 },
	{ "console_io write", __HYPERVISOR_console_io, CONSOLEIO_write,
	  sizeof(line) - 1, (uint64_t)line },
	{ "console_io(99)", __HYPERVISOR_console_io, 99, 0, 0 },
	{ "sched_op yield", __HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0 },
	{ "hypercall 60", 60, 0, 0, 0 },
};

/*
 * Fills the callee-saved registers with a pattern, makes xen_version
 * (version) through @via_syscall's transport, and returns how many of
 * the six registers came back changed.
 */
static int clobbered_callee_saved(int via_syscall)
{
	uint64_t changed;

	__asm__ volatile(
		"push %%rbx\n\t"
		"push %%rbp\n\t"
		"push %%r12\n\t"
		"push %%r13\n\t"
		"push %%r14\n\t"
		"push %%r15\n\t"
		"mov $0x1111, %%ebx\n\t"
		"mov $0x2222, %%ebp\n\t"
		"mov $0x3333, %%r12d\n\t"
		"mov $0x4444, %%r13d\n\t"
		"mov $0x5555, %%r14d\n\t"
		"mov $0x6666, %%r15d\n\t"
		"xor %%edi, %%edi\n\t"
		"mov %[nr], %%eax\n\t"
		"test %[sys], %[sys]\n\t"
		"jnz 1f\n\t"
		"call hypercall_page + %c[nr] * 32\n\t"
		"jmp 2f\n"
		"1:\tsyscall\n"
		"2:\txor %%eax, %%eax\n\t"
		"cmp $0x1111, %%rbx\n\tsetne %%al\n\tadd %%rax, %%rdx\n\t"
		"cmp $0x2222, %%rbp\n\tsetne %%al\n\tadd %%rax, %%rdx\n\t"
		"cmp $0x3333, %%r12\n\tsetne %%al\n\tadd %%rax, %%rdx\n\t"
		"cmp $0x4444, %%r13\n\tsetne %%al\n\tadd %%rax, %%rdx\n\t"
		"cmp $0x5555, %%r14\n\tsetne %%al\n\tadd %%rax, %%rdx\n\t"
		"cmp $0x6666, %%r15\n\tsetne %%al\n\tadd %%rax, %%rdx\n\t"
		"pop %%r15\n\t"
		"pop %%r14\n\t"
		"pop %%r13\n\t"
		"pop %%r12\n\t"
		"pop %%rbp\n\t"
		"pop %%rbx"
		: "=d"(changed)
		: [nr] "i"(__HYPERVISOR_xen_version),
		  [sys] "r"((uint64_t)via_syscall), "d"(0UL)
		: "rax", "rcx", "rdi", "rsi", "r8", "r9", "r10", "r11",
		  "memory", "cc");
	return (int)changed;
}

void test_main(void)
{
	const struct call *c;

	for (c = calls; c < calls + sizeof(calls) / sizeof(calls[0]); c++) {
		long page =
			hypercall_page_call(c->nr, c->a1, c->a2, c->a3, 0, 0);
		long sys = hypercall_syscall(c->nr, c->a1, c->a2, c->a3, 0, 0);

		printf("%s: page %ld, syscall %ld\n", c->what, page, sys);
		if (page != sys)
			test_fail("%s: page gives %ld, syscall %ld", c->what,
				  page, sys);
	}
	CHECK_EQ("hypercall 60 through the page",
		 hypercall_page_call(60, 0, 0, 0, 0, 0), -XEN_ENOSYS);
	CHECK_EQ("callee-saved registers changed by the page call",
		 clobbered_callee_saved(0), 0);
	CHECK_EQ("callee-saved registers changed by syscall",
		 clobbered_callee_saved(1), 0);
	test_success();
}
