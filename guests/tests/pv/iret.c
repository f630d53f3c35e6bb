/* SPDX-License-Identifier: MIT */
/*
 * pv/iret: HYPERVISOR_iret back to the kernel, built by hand. The frame is
 * RAX, R11, RCX (pushed by the hypercall-page entry), flags, RIP, CS,
 * RFLAGS, RSP, SS; the kernel's CS is given with RPL 0, as bounce frames
 * show it (RPL 3 would mean a return to user mode). With flags 0 the hypervisor restores RAX, R11 and RCX
 * from the frame; with VGCF_in_syscall it returns like SYSRET, so RCX holds
 * the RIP and R11 the RFLAGS. Either way RIP, RSP and the arithmetic flags
 * come from the frame, and the frame's IF becomes the inverse of the
 * upcall mask.
 */
#include <guest/test.h>

const char test_name[] = "pv/iret";

#define RFLAGS_CF 0x001UL
#define RFLAGS_IF 0x200UL

struct after {
	uint64_t rax, rcx, r11, rip, cf;
};

static struct after do_iret(uint64_t flags, uint64_t rflags)
{
	struct after a;

	__asm__ volatile(
		"mov %%rsp, %%r8\n\t"
		"pushq $0xe02b\n\t"
		"pushq %%r8\n\t"
		"pushq %[rfl]\n\t"
		"pushq $0xe030\n\t"
		"lea 1f(%%rip), %%r9\n\t"
		"pushq %%r9\n\t"
		"pushq %[fl]\n\t"
		"mov $0x1c1c1c1c, %%ecx\n\t"
		"mov $0x2b2b2b2b, %%r11d\n\t"
		"mov $0x3a3a3a3a, %%eax\n\t"
		"jmp hypercall_page + 23 * 32\n"
		"1:\tsetc %b[cf]\n\t"
		"mov %%rcx, %[rcx]\n\t"
		"mov %%r11, %[r11]\n\t"
		"mov %%rax, %[rax]\n\t"
		"mov %%r9, %[rip]"
		: [cf] "=&r"(a.cf), [rcx] "=&r"(a.rcx), [r11] "=&r"(a.r11),
		  [rax] "=&r"(a.rax), [rip] "=&r"(a.rip)
		: [rfl] "r"(rflags), [fl] "r"(flags)
		: "rax", "rcx", "r11", "r8", "r9", "memory", "cc");
	a.cf &= 1;
	return a;
}

void test_main(void)
{
	struct after a;

	if (!vcpu0_info)
		test_error(
			"shared_info not mapped: cannot see the upcall mask");
	vcpu0_info->evtchn_upcall_mask = 0;
	a = do_iret(0, 0x2 | RFLAGS_CF);
	printf("flags 0: rax %#lx rcx %#lx r11 %#lx cf %lu mask %u\n", a.rax,
	       a.rcx, a.r11, a.cf, vcpu0_info->evtchn_upcall_mask);
	CHECK_EQ("rax", a.rax, 0x3a3a3a3a);
	CHECK_EQ("rcx", a.rcx, 0x1c1c1c1c);
	CHECK_EQ("r11", a.r11, 0x2b2b2b2b);
	CHECK_EQ("CF", a.cf, 1);
	CHECK_EQ("upcall mask after IF=0", vcpu0_info->evtchn_upcall_mask, 1);

	a = do_iret(VGCF_in_syscall, 0x2 | RFLAGS_IF);
	printf("in_syscall: rax %#lx rcx %#lx r11 %#lx cf %lu mask %u\n", a.rax,
	       a.rcx, a.r11, a.cf, vcpu0_info->evtchn_upcall_mask);
	CHECK_EQ("rax", a.rax, 0x3a3a3a3a);
	CHECK_EQ("rcx (the RIP)", a.rcx, a.rip);
	CHECK_EQ("r11 IF (the RFLAGS)", a.r11 & RFLAGS_IF, RFLAGS_IF);
	CHECK_EQ("CF", a.cf, 0);
	CHECK_EQ("upcall mask after IF=1", vcpu0_info->evtchn_upcall_mask, 0);
	vcpu0_info->evtchn_upcall_mask = 1;
	test_success();
}
