/* SPDX-License-Identifier: MIT */
/*
 * mmu/user-baseptr: kernel and user mode run on their own base pointers.
 *
 * A 64-bit PV kernel gives the user root with MMUEXT_NEW_USER_BASEPTR;
 * the hypervisor loads it on every return to user mode and the kernel
 * root on every entry to the kernel. Here the user root is a copy of the
 * kernel's tables in which one probe page maps a marker frame: the test
 * returns to user mode with HYPERVISOR_iret (CS 0xe033), the user code
 * reads the probe and comes back with SYSCALL; the kernel must see the
 * marker that user mode read, the original probe page itself, and a
 * syscall frame from user mode. Then the user root is dropped (0) and
 * unpinned, and its frames are free again.
 */
#include <guest/mmu.h>
#include <guest/test.h>

const char test_name[] = "mmu/user-baseptr";

#define MARKER 0x75736572UL
#define ORIGINAL 0x6b65726eUL

static volatile uint64_t probe[512] __attribute__((aligned(4096)));
static uint64_t kernel_stack[512] __attribute__((aligned(16)));
static uint64_t user_stack[512] __attribute__((aligned(16)));

/* Written by the assembly below. */
uint64_t user_result, saved_rsp, entry_rsp;

void enter_user(uint64_t rip, uint64_t rsp);
void user_code(void);
void syscall_entry(void);

/*
 * enter_user(rip, rsp) saves the callee-saved registers and its stack
 * pointer, then returns to user mode with HYPERVISOR_iret; the SYSCALL
 * callback restores them and returns from enter_user. user_code reads the
 * probe page (its address in RDX) and issues SYSCALL with the value in RAX.
 */
__asm__(".pushsection .text\n"
	".globl enter_user\n"
	"enter_user:\n\t"
	"push %rbx\n\tpush %rbp\n\tpush %r12\n\t"
	"push %r13\n\tpush %r14\n\tpush %r15\n\t"
	"mov %rsp, saved_rsp(%rip)\n\t"
	"pushq $0xe02b\n\t" /* SS */
	"push %rsi\n\t"	    /* RSP */
	"pushq $0x202\n\t"  /* RFLAGS: IF */
	"pushq $0xe033\n\t" /* CS: RPL 3, user mode */
	"push %rdi\n\t"	    /* RIP */
	"pushq $0\n\t"	    /* flags */
	"jmp hypercall_page + 23 * 32\n"
	".globl user_code\n"
	"user_code:\n\t"
	"mov (%rdx), %rax\n\t"
	"syscall\n\t"
	"ud2\n"
	".globl syscall_entry\n"
	"syscall_entry:\n\t"
	"mov %rsp, entry_rsp(%rip)\n\t"
	"mov %rax, user_result(%rip)\n\t"
	"mov saved_rsp(%rip), %rsp\n\t"
	"pop %r15\n\tpop %r14\n\tpop %r13\n\t"
	"pop %r12\n\tpop %rbp\n\tpop %rbx\n\t"
	"ret\n"
	".popsection");

static void run_user(void)
{
	/* enter_user passes RDX through: the iret frame leaves it alone. */
	register uint64_t rdx __asm__("rdx") = (uint64_t)probe;

	__asm__ volatile("call enter_user"
			 : "+r"(rdx)
			 : "D"((uint64_t)user_code),
			   "S"((uint64_t)&user_stack[512])
			 : "rax", "rcx", "r8", "r9", "r10", "r11", "memory");
}

static void setup_entry(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_syscall,
		.flags = CALLBACKF_mask_events,
		.address = (uint64_t)syscall_entry,
	};

	CHECK_EQ("stack_switch",
		 hypercall(__HYPERVISOR_stack_switch, FLAT_KERNEL_SS,
			   (uint64_t)&kernel_stack[512], 0, 0, 0),
		 0);
	CHECK_EQ("register the syscall callback",
		 hc_callback_op(CALLBACKOP_register, &cb), 0);
}

void test_main(void)
{
	uint64_t marker = mmu_frame_alloc(), *frame;
	struct mmu_clone u;
	unsigned int i;

	if (!marker)
		test_error("no spare frame");
	CHECK_EQ("map marker", mmu_window_map(15, marker, PTE_FLAGS_RW), 0);
	*(volatile uint64_t *)mmu_window(15) = MARKER;
	CHECK_EQ("unmap marker", mmu_window_map(15, 0, 0), 0);
	probe[0] = ORIGINAL;
	if (mmu_clone_boot_tables(&u, (uint64_t)probe, marker))
		test_error("cannot build the user tables");
	CHECK_EQ("pin the user L4", mmu_pin(4, u.l4_mfn), 0);
	CHECK_EQ("new_user_baseptr",
		 mmuext1(MMUEXT_NEW_USER_BASEPTR, u.l4_mfn, 0), 0);
	setup_entry();

	run_user();
	CHECK_EQ("probe as user mode read it", user_result, MARKER);
	CHECK_EQ("probe as the kernel reads it", probe[0], ORIGINAL);
	/* The SYSCALL frame: RCX, R11, RIP, CS, RFLAGS, RSP, SS. */
	frame = (uint64_t *)entry_rsp;
	if (frame < kernel_stack || frame > &kernel_stack[512 - 7])
		test_fail("syscall entered on RSP %#lx, not the kernel stack",
			  entry_rsp);
	CHECK_EQ("frame CS (user)", frame[3] & 0xffff, FLAT_USER_CS64);
	CHECK_EQ("frame RSP (user stack)", frame[5],
		 (uint64_t)&user_stack[512]);

	CHECK_EQ("new_user_baseptr(0)", mmuext1(MMUEXT_NEW_USER_BASEPTR, 0, 0),
		 0);
	CHECK_EQ("unpin the user L4", mmu_unpin(u.l4_mfn), 0);
	mmu_clone_unmap(&u);
	for (i = 0; i < u.nr; i++)
		if (mmu_check_untyped(14, u.mfn[i]))
			test_fail("user table %u is still a table", i);
	test_success();
}
