/* SPDX-License-Identifier: MIT */
/*
 * pv/gdt-failsafe: what the guest gets when the hypervisor cannot load one
 * of its segment selectors on the way back.
 *
 * %fs holds a selector of the guest GDT whose descriptor update_descriptor
 * then marks not-present (the CPU keeps the cached segment, so nothing
 * faults yet). The hypervisor must then switch this vCPU out and back in,
 * reloading the saved selectors: loading %fs fails, %fs becomes the null
 * selector and the failsafe callback runs with RCX, R11, DS, ES, FS, GS,
 * RIP, CS, RFLAGS, RSP, SS on the stack, FS being the saved selector, CS
 * carrying the upcall mask in bits 32-39 as in every bounce frame.
 *
 * Forcing the switch: on Xen 4.17, dom0 moves itself between CPUs with
 * SCHEDOP_pin_override (a second override while one is in force is
 * -EBUSY, so the first is dropped in between). Blocking would not do: an
 * idle CPU keeps the last vCPU's state loaded and Xen reloads nothing when
 * that vCPU comes back. satori has no pin_override (-ENOSYS) and always
 * saves and reloads on a switch, so the test yields instead, which
 * switches only if another domain is runnable on the CPU: the satori run
 * is the boot test tests/boot/pv-failsafe.test, next to a spinning domain.
 */
#include <guest/hypercall.h>
#include <guest/mmuext.h>
#include <guest/string.h>
#include <guest/test.h>
#include <guest/traps.h>

const char test_name[] = "pv/gdt-failsafe";

#define SEL_DATA 0x0b /* GDT entry 1, RPL 3 */
#define NOT_PRESENT_DATA 0x00cf73000000ffffUL
#define PRESENT_DATA 0x00cff3000000ffffUL

static uint64_t gdt_img[512] __attribute__((aligned(4096)));
uint64_t failsafe_frame[11];
unsigned int failsafe_count;
uint64_t resume_rsp, resume_rip;
/* provoke()'s arguments, where its asm finds them after any hypercall. */
uint64_t prov_maddr, prov_arg, prov_np = NOT_PRESENT_DATA;
uint32_t prov_cmd, prov_tries;

/* The failsafe callback: record its frame and resume the test. */
extern char failsafe_entry[];
__asm__(".text\n"
	"failsafe_entry:\n\t"
	"mov %rsp, %rsi\n\t"
	"lea failsafe_frame(%rip), %rdi\n\t"
	"mov $11, %ecx\n\t"
	"cld\n\t"
	"rep movsq\n\t"
	"incl failsafe_count(%rip)\n\t"
	"mov resume_rsp(%rip), %rsp\n\t"
	"jmp *resume_rip(%rip)\n");

/*
 * Load %fs with SEL_DATA, mark its descriptor not-present, then make
 * sched_op(@cmd, @arg), then SCHEDOP_yield until @tries calls were made. The failsafe callback, if it runs,
 * resumes at label 1 with this function's stack.
 */
static __attribute__((noinline)) void
provoke(uint64_t desc_maddr, unsigned int cmd, void *arg, unsigned int tries)
{
	prov_maddr = desc_maddr;
	prov_cmd = cmd;
	prov_arg = (uint64_t)arg;
	prov_tries = tries;
	__asm__ volatile("lea 1f(%%rip), %%rax\n\t"
			 "mov %%rax, resume_rip(%%rip)\n\t"
			 "mov %%rsp, resume_rsp(%%rip)\n\t"
			 "mov $%c[sel], %%eax\n\t"
			 "mov %%eax, %%fs\n\t"
			 "mov prov_maddr(%%rip), %%rdi\n\t"
			 "mov prov_np(%%rip), %%rsi\n\t"
			 "call hypercall_page + %c[nr_ud] * 32\n"
			 "2:\tmov prov_cmd(%%rip), %%edi\n\t"
			 "mov prov_arg(%%rip), %%rsi\n\t"
			 "call hypercall_page + %c[nr_sched] * 32\n\t"
			 "movl $%c[yield], prov_cmd(%%rip)\n\t"
			 "decl prov_tries(%%rip)\n\t"
			 "jnz 2b\n"
			 "1:"
			 :
			 : [sel] "i"(SEL_DATA), [yield] "i"(SCHEDOP_yield),
			   [nr_ud] "i"(__HYPERVISOR_update_descriptor),
			   [nr_sched] "i"(__HYPERVISOR_sched_op)
			 : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10",
			   "r11", "memory");
}

static long pin_override(int pcpu)
{
	struct sched_pin_override p = { .pcpu = pcpu };

	return hc_sched_op(SCHEDOP_pin_override, &p);
}

/* Make the hypervisor switch this vCPU out and back in with the bad %fs:
 * on Xen by moving it to another CPU (dom0's pin override; an idle CPU
 * keeps a vCPU's state loaded lazily, so blocking would not do), else by
 * yielding to another domain on the same CPU (satori's boot test). */
static void switch_out_and_back(uint64_t desc_maddr)
{
	struct sched_pin_override to0 = { .pcpu = 0 };

	if (pin_override(1) == 0) {
		printf("moving between CPUs with pin_override\n");
		for (unsigned int i = 0; i < 10; i++)
			hc_sched_op(SCHEDOP_yield, NULL);
		/* A second override while one is in force is -EBUSY. */
		pin_override(-1);
		provoke(desc_maddr, SCHEDOP_pin_override, &to0, 10);
		pin_override(-1);
		return;
	}
	printf("yielding to another domain\n");
	provoke(desc_maddr, SCHEDOP_yield, NULL, 1000);
}

static void data_selector(void)
{
	struct callback_register cb = { .type = CALLBACKTYPE_failsafe,
					.address = (uint64_t)failsafe_entry };
	uint64_t f = spare_mfn(5);
	unsigned long frames[1] = { f };

	memset(gdt_img, 0, sizeof(gdt_img));
	gdt_img[1] = PRESENT_DATA;
	CHECK_EQ("fill GDT", frame_write(f, gdt_img), 0);
	CHECK_EQ("set_gdt", hc_set_gdt(frames, 512), 0);
	CHECK_EQ("register failsafe", hc_callback_op(CALLBACKOP_register, &cb),
		 0);
	switch_out_and_back((f << 12) + 8);
	{
		uint16_t fs;

		__asm__ volatile("mov %%fs, %0" : "=r"(fs));
		printf("failsafe count %u, fs now %#x\n", failsafe_count, fs);
		if (failsafe_count)
			CHECK_EQ("%fs after the failsafe callback", fs, 0);
	}
	if (!failsafe_count)
		test_fail("no failsafe callback");
	printf("frame: rcx %#lx r11 %#lx ds %#lx es %#lx fs %#lx gs %#lx\n",
	       failsafe_frame[0], failsafe_frame[1], failsafe_frame[2],
	       failsafe_frame[3], failsafe_frame[4], failsafe_frame[5]);
	printf("  rip %#lx cs %#lx rflags %#lx rsp %#lx ss %#lx\n",
	       failsafe_frame[6], failsafe_frame[7], failsafe_frame[8],
	       failsafe_frame[9], failsafe_frame[10]);
	CHECK_EQ("DS in the frame", failsafe_frame[2], 0);
	CHECK_EQ("ES in the frame", failsafe_frame[3], 0);
	CHECK_EQ("FS in the frame", failsafe_frame[4], SEL_DATA);
	CHECK_EQ("GS in the frame", failsafe_frame[5], 0);
	CHECK_EQ("CS in the frame (kernel: RPL 0)", failsafe_frame[7] & 0xffff,
		 0xe030);
	CHECK_EQ("upcall mask in the CS slot", failsafe_frame[7] >> 32, 1);
	CHECK_EQ("RFLAGS.IF = !mask", failsafe_frame[8] & 0x200, 0);
	CHECK_EQ("SS in the frame", failsafe_frame[10], 0xe02b);
}

void test_main(void)
{
	CHECK_EQ("install_traps", install_traps(-1), 0);
	data_selector();
	test_success();
}
