/* SPDX-License-Identifier: MIT */
/*
 * mmu/mmuext-baseptr: MMUEXT_NEW_BASEPTR and MMUEXT_NEW_USER_BASEPTR.
 *
 * Kernel root: a copy of the boot L4 in a spare frame becomes the root
 * (CR3, read through the emulated mov from %cr3, names it) and the kernel
 * keeps running on it; switching back releases the copy completely (it
 * can be cleared, so neither a type nor a CR3 reference was left behind).
 * A frame the kernel maps writable cannot become the root (-EINVAL).
 *
 * User root: a second copy with one more slot (VA 512 GiB -> L3 -> L2 ->
 * L1 -> a page of the test), all in spare frames, installed as the user
 * root, which validates the whole chain. HYPERVISOR_iret to user mode
 * runs code that reads the page through that slot and leaves with
 * `int $0x82` (a DPL-3 trap-table entry); the value read is the test's
 * magic. Back in kernel mode, on the kernel root, the same address faults.
 * Dropping the user root (0) releases all four frames.
 */
#include <guest/hypercall.h>
#include <guest/mmuext.h>
#include <guest/string.h>
#include <guest/test.h>
#include <guest/traps.h>

const char test_name[] = "mmu/mmuext-baseptr";

#define USER_VA 0x8000000000UL /* L4 slot 1 */
#define TABLE_FLAGS (PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED)
#define MAGIC 0x5eed5eedcafef00dUL

static uint64_t img[512] __attribute__((aligned(4096)));
static uint64_t user_page[512] __attribute__((aligned(4096)));
static uint8_t writable_page[4096] __attribute__((aligned(4096)));
static uint8_t kernel_stack[8192] __attribute__((aligned(16)));
static uint8_t user_stack[4096] __attribute__((aligned(16)));
uint64_t user_read, resume_rsp, resume_rbp, user_sp, user_ip;

extern char user_entry[], user_exit[], after_user[];
__asm__(".text\n"
	"user_entry:\n\t"
	"movabs $0x8000000000, %rdx\n\t"
	"mov (%rdx), %rbx\n\t"
	"int $0x82\n\t"
	"ud2\n"
	"user_exit:\n\t"
	"mov %rbx, user_read(%rip)\n\t"
	"mov resume_rsp(%rip), %rsp\n\t"
	"mov resume_rbp(%rip), %rbp\n\t"
	"jmp after_user\n");

static uint64_t read_cr3(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static void fill(uint64_t mfn, const uint64_t *src, unsigned int slot,
		 uint64_t entry)
{
	if (src)
		memcpy(img, src, sizeof(img));
	else
		memset(img, 0, sizeof(img));
	img[slot] = entry;
	if (frame_write(mfn, img))
		test_error("cannot fill frame %#lx", mfn);
}

static void kernel_root(uint64_t boot_l4, uint64_t f)
{
	CHECK_EQ("copy the boot L4", mmuext1(MMUEXT_COPY_PAGE, f, boot_l4), 0);
	CHECK_EQ("NEW_BASEPTR copy", mmuext1(MMUEXT_NEW_BASEPTR, f, 0), 0);
	CHECK_EQ("CR3 names the copy", read_cr3() >> 12, f);
	printf("running on the copy %#lx\n", f);
	CHECK_EQ("NEW_BASEPTR boot L4", mmuext1(MMUEXT_NEW_BASEPTR, boot_l4, 0),
		 0);
	CHECK_EQ("CR3 names the boot L4", read_cr3() >> 12, boot_l4);
	CHECK_EQ("the copy is released", mmuext1(MMUEXT_CLEAR_PAGE, f, 0), 0);
	CHECK_EQ("NEW_BASEPTR of a writable frame",
		 mmuext1(MMUEXT_NEW_BASEPTR, virt_to_mfn(writable_page), 0),
		 -XEN_EINVAL);
	CHECK_EQ("NEW_BASEPTR of the same root",
		 mmuext1(MMUEXT_NEW_BASEPTR, boot_l4, 0), 0);
}

static void enter_user_mode(void)
{
	user_sp = (uint64_t)user_stack + sizeof(user_stack);
	user_ip = (uint64_t)user_entry;
	__asm__ volatile("mov %%rsp, resume_rsp(%%rip)\n\t"
			 "mov %%rbp, resume_rbp(%%rip)\n\t"
			 "pushq $0xe02b\n\t"
			 "pushq user_sp(%%rip)\n\t"
			 "pushq $0x202\n\t"
			 "pushq $0xe033\n\t"
			 "pushq user_ip(%%rip)\n\t"
			 "pushq $0\n\t"
			 "jmp hypercall_page + 23 * 32\n"
			 "after_user:"
			 :
			 :
			 : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9",
			   "r10", "r11", "r12", "r13", "r14", "r15", "memory");
}

static void user_root(const uint64_t *f)
{
	static const struct trap_info exit_trap[2] = {
		{ .vector = 0x82,
		  .flags = 3,
		  .cs = 0xe033,
		  .address = (unsigned long)user_exit },
		{ 0 }
	};
	uint64_t v;

	fill(f[3], NULL, 0, (virt_to_mfn(user_page) << 12) | TABLE_FLAGS);
	fill(f[2], NULL, 0, (f[3] << 12) | TABLE_FLAGS);
	fill(f[1], NULL, 0, (f[2] << 12) | TABLE_FLAGS);
	fill(f[0], (const uint64_t *)start_info->pt_base, 1,
	     (f[1] << 12) | TABLE_FLAGS);
	CHECK_EQ("NEW_USER_BASEPTR", mmuext1(MMUEXT_NEW_USER_BASEPTR, f[0], 0),
		 0);
	CHECK_EQ("the user L1 is in use", mmuext1(MMUEXT_CLEAR_PAGE, f[3], 0),
		 -XEN_EINVAL);
	CHECK_EQ("exit trap", hc_set_trap_table(exit_trap), 0);
	CHECK_EQ("stack_switch",
		 hypercall(__HYPERVISOR_stack_switch, 0xe02b,
			   (uint64_t)kernel_stack + sizeof(kernel_stack), 0, 0,
			   0),
		 0);
	*(volatile uint64_t *)user_page = MAGIC;
	enter_user_mode();
	printf("user mode read %#lx through the user root\n", user_read);
	CHECK_EQ("value read in user mode", user_read, MAGIC);
	trap_reset();
	v = 0;
	__asm__ volatile("1: mov (%1), %0\n2:\n\t" EXTABLE(1b, 2b)
			 : "+r"(v)
			 : "r"(USER_VA));
	CHECK_EQ("kernel root: the user slot faults (#PF)",
		 trap_last.frame.vector, 14);
	CHECK_EQ("drop the user root", mmuext1(MMUEXT_NEW_USER_BASEPTR, 0, 0),
		 0);
	for (unsigned int i = 0; i < 4; i++)
		CHECK_EQ("user tables released",
			 mmuext1(MMUEXT_CLEAR_PAGE, f[i], 0), 0);
}

void test_main(void)
{
	uint64_t boot_l4 = virt_to_mfn((void *)start_info->pt_base);
	uint64_t f[4] = { spare_mfn(7), spare_mfn(8), spare_mfn(9),
			  spare_mfn(10) };

	CHECK_EQ("install_traps", install_traps(-1), 0);
	CHECK_EQ("CR3 names the boot L4", read_cr3() >> 12, boot_l4);
	kernel_root(boot_l4, f[0]);
	user_root(f);
	test_success();
}
