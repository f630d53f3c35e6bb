/* SPDX-License-Identifier: MIT */
/*
 * traps/exceptions: with a trap table installed, #UD (ud2), #BP (int3),
 * #DE (divide by zero), #GP (non-canonical load) and #PF (read and write
 * of an unmapped page) are each delivered to the registered handler with
 * Xen's 64-bit bounce frame: RCX and R11 slots holding the registers'
 * values, an error code only where the vector has one, RIP of the faulting
 * instruction (after it for the #BP trap), CS with RPL 0 (the interrupted
 * context was the guest kernel) and the saved upcall mask in bits 32-39, the kernel SS and the RSP at the fault; CR2 in vcpu_info for
 * #PF, whose error code has U clear (a kernel-mode fault). The handler's
 * iret resumes the test each time.
 */
#include <guest/mm.h>
#include <guest/test.h>
#include <guest/traps.h>

const char test_name[] = "traps/exceptions";

#define RCX_PATTERN 0x1c1c1c1c1c1c1c1cUL
#define R11_PATTERN 0x0000000000000246UL

/* Where the last probe faulted and the RSP it had there. */
static uint64_t at_rip, at_rsp;

static void check_frame(const char *what, uint64_t vector, uint64_t error,
			uint64_t rip)
{
	const struct trap_frame *f = &trap_last.frame;
	uint8_t mask = vcpu0_info ? vcpu0_info->evtchn_upcall_mask : 0;

	if (trap_last.count != 1)
		test_fail("%s: %u exceptions, want 1", what, trap_last.count);
	CHECK_EQ(what, f->vector, vector);
	CHECK_EQ("error code", f->error_code, error);
	CHECK_EQ("rip", f->rip, rip);
	CHECK_EQ("cs selector", f->cs & 0xffff, FLAT_KERNEL_CS64 & ~3);
	if (vcpu0_info)
		CHECK_EQ("saved upcall mask in cs[39:32]", (f->cs >> 32) & 0xff,
			 mask);
	CHECK_EQ("ss", f->ss, FLAT_KERNEL_SS64);
	CHECK_EQ("rsp", f->rsp, at_rsp);
	trap_reset();
}

static void check_ud(void)
{
	__asm__ volatile("mov %[c], %%rcx\n\t"
			 "mov %[r], %%r11\n\t"
			 "lea 1f(%%rip), %[rip]\n\t"
			 "mov %%rsp, %[sp]\n"
			 "1:\tud2\n2:\n\t" EXTABLE(1b, 2b)
			 : [rip] "=&r"(at_rip), [sp] "=&r"(at_rsp)
			 : [c] "r"(RCX_PATTERN), [r] "r"(R11_PATTERN)
			 : "rcx", "r11", "memory");
	CHECK_EQ("#UD rcx slot", trap_last.frame.rcx_slot, RCX_PATTERN);
	CHECK_EQ("#UD r11 slot", trap_last.frame.r11_slot, R11_PATTERN);
	check_frame("#UD vector", 6, 0, at_rip);
}

static void check_bp(void)
{
	__asm__ volatile("lea 1f(%%rip), %[rip]\n\t"
			 "mov %%rsp, %[sp]\n\t"
			 "int3\n1:\n"
			 : [rip] "=&r"(at_rip), [sp] "=&r"(at_rsp)
			 :
			 : "memory");
	check_frame("#BP vector", 3, 0, at_rip);
}

static void check_de(void)
{
	__asm__ volatile("lea 1f(%%rip), %[rip]\n\t"
			 "mov %%rsp, %[sp]\n\t"
			 "xor %%edx, %%edx\n\t"
			 "mov $1, %%eax\n\t"
			 "xor %%ecx, %%ecx\n"
			 "1:\tdivl %%ecx\n2:\n\t" EXTABLE(1b, 2b)
			 : [rip] "=&r"(at_rip), [sp] "=&r"(at_rsp)
			 :
			 : "rax", "rcx", "rdx", "memory");
	check_frame("#DE vector", 0, 0, at_rip);
}

static void check_gp(void)
{
	__asm__ volatile("lea 1f(%%rip), %[rip]\n\t"
			 "mov %%rsp, %[sp]\n\t"
			 "movabs $0x8000000000000000, %%rax\n"
			 "1:\tmov (%%rax), %%rax\n2:\n\t" EXTABLE(1b, 2b)
			 : [rip] "=&r"(at_rip), [sp] "=&r"(at_rsp)
			 :
			 : "rax", "memory");
	check_frame("#GP vector", 13, 0, at_rip);
}

/* A read, then a write, of @addr; @err_read/@err_write the error codes. */
static void check_pf(uint64_t addr, uint64_t err_read, uint64_t err_write)
{
	__asm__ volatile("lea 1f(%%rip), %[rip]\n\t"
			 "mov %%rsp, %[sp]\n"
			 "1:\tmov (%[a]), %%rax\n2:\n\t" EXTABLE(1b, 2b)
			 : [rip] "=&r"(at_rip), [sp] "=&r"(at_rsp)
			 : [a] "r"(addr)
			 : "rax", "memory");
	if (vcpu0_info)
		CHECK_EQ("#PF read cr2", trap_last.cr2, addr);
	check_frame("#PF read vector", 14, err_read, at_rip);
	__asm__ volatile("lea 1f(%%rip), %[rip]\n\t"
			 "mov %%rsp, %[sp]\n"
			 "1:\tmovq $1, (%[a])\n2:\n\t" EXTABLE(1b, 2b)
			 : [rip] "=&r"(at_rip), [sp] "=&r"(at_rsp)
			 : [a] "r"(addr)
			 : "memory");
	if (vcpu0_info)
		CHECK_EQ("#PF write cr2", trap_last.cr2, addr);
	check_frame("#PF write vector", 14, err_write, at_rip);
}

void test_main(void)
{
	uint64_t page = page_before_hole();

	CHECK_EQ("set_trap_table", install_traps(0), 0);
	if (!vcpu0_info)
		printf("shared_info not mapped: no CR2 or upcall-mask checks\n");
	check_ud();
	check_bp();
	check_de();
	check_gp();
	if (!page)
		test_error("update_va_mapping refused to unmap a page");
	/*
	 * Not present, so P clear; W for the write. The kernel runs in ring
	 * 3, but the hypervisor clears the U bit for faults in kernel mode.
	 */
	check_pf(page + 4096 + 8, 0, 2);
	test_success();
}
