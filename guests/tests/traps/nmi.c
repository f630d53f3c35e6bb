/* SPDX-License-Identifier: MIT */
/*
 * traps/nmi: virtual NMIs (VCPUOP_send_nmi) reach the handler registered
 * with CALLBACKTYPE_nmi, as on Xen 4.17: delivered on the way back from
 * the sending hypercall with events masked (the frame keeps the old
 * mask in CS bits 32-39), and no second NMI enters the handler before
 * it returns with HYPERVISOR_iret (which restores the event mask from
 * the frame's RFLAGS.IF): NMIs sent meanwhile collapse into one
 * that arrives right at that iret, at the first NMI's return address.
 * Without a handler an NMI is dropped, not kept. A non-null argument is
 * -EINVAL, a vCPU the domain lacks -ENOENT; send_nmi sets no
 * shared_info nmi_reason bit.
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "traps/nmi";

_Static_assert(__HYPERVISOR_iret == 23, "nmi_entry's iret slot");

/*
 * The NMI arrives like an exception without error code: RCX, R11, RIP,
 * CS, RFLAGS, RSP, SS on the kernel stack (16-byte aligned before the
 * frame, so 8 mod 16 here). Restore RCX/R11, save the other
 * caller-saved registers, call nmi_handler(&RIP), return with iret
 * (flags 0) through the hypercall page.
 */
extern char nmi_entry[];
__asm__(".pushsection .text\n"
	"nmi_entry:\n\t"
	"popq %rcx\n\tpopq %r11\n\t"
	"pushq %rax\n\tpushq %rcx\n\tpushq %rdx\n\tpushq %rsi\n\t"
	"pushq %rdi\n\tpushq %r8\n\tpushq %r9\n\tpushq %r10\n\t"
	"pushq %r11\n\t"
	"leaq 72(%rsp), %rdi\n\t"
	"call nmi_handler\n\t"
	"popq %r11\n\tpopq %r10\n\tpopq %r9\n\tpopq %r8\n\t"
	"popq %rdi\n\tpopq %rsi\n\tpopq %rdx\n\tpopq %rcx\n\t"
	"popq %rax\n\t"
	"pushq $0\n\t"
	"jmp hypercall_page + 23 * 32\n"
	".popsection");

struct nmi_seen {
	uint64_t rip, cs, rflags;
	uint8_t mask; /* evtchn_upcall_mask inside the handler */
};

#define MAX_SEEN 8
static struct nmi_seen seen[MAX_SEEN];
static volatile unsigned int nmi_count;
/* Set by the test: the first handler run sends two more NMIs. */
static volatile int resend;
static long resend_rc[2];
static unsigned int count_after_resend;

void nmi_handler(const uint64_t *f);
void nmi_handler(const uint64_t *f)
{
	unsigned int n = nmi_count;

	if (n < MAX_SEEN) {
		seen[n].rip = f[0];
		seen[n].cs = f[1];
		seen[n].rflags = f[2];
		seen[n].mask = vcpu0_info->evtchn_upcall_mask;
	}
	nmi_count = n + 1;
	if (resend) {
		resend = 0;
		resend_rc[0] = hc_vcpu_op(VCPUOP_send_nmi, 0, NULL);
		resend_rc[1] = hc_vcpu_op(VCPUOP_send_nmi, 0, NULL);
		count_after_resend = nmi_count;
	}
}

static long register_nmi(uint64_t address)
{
	struct callback_register cb = { .type = CALLBACKTYPE_nmi,
					.address = address };

	return hc_callback_op(CALLBACKOP_register, &cb);
}

static long unregister_nmi(void)
{
	struct callback_unregister cb = { .type = CALLBACKTYPE_nmi };

	return hc_callback_op(CALLBACKOP_unregister, &cb);
}

static int in_hypercall_page(uint64_t rip)
{
	return rip >= (uint64_t)hypercall_page &&
	       rip < (uint64_t)hypercall_page + 4096;
}

static void one_nmi(uint8_t mask_before)
{
	CHECK_EQ("send_nmi to self", hc_vcpu_op(VCPUOP_send_nmi, 0, NULL), 0);
	CHECK_EQ("NMIs after one send", nmi_count, 1);
	printf("nmi: rip %lx cs %lx rflags %lx mask in handler %u\n",
	       (unsigned long)seen[0].rip, (unsigned long)seen[0].cs,
	       (unsigned long)seen[0].rflags, seen[0].mask);
	if (!in_hypercall_page(seen[0].rip))
		test_fail("NMI frame RIP %lx is not the hypercall's return",
			  (unsigned long)seen[0].rip);
	CHECK_EQ("events masked in the handler", seen[0].mask, 1);
	CHECK_EQ("old mask in the frame's CS bits 32-39",
		 (seen[0].cs >> 32) & 0xff, mask_before);
	CHECK_EQ("mask restored by iret", vcpu0_info->evtchn_upcall_mask,
		 mask_before);
}

static void nmi_during_nmi(void)
{
	resend = 1;
	CHECK_EQ("send_nmi (handler resends)",
		 hc_vcpu_op(VCPUOP_send_nmi, 0, NULL), 0);
	CHECK_EQ("resend 1", resend_rc[0], 0);
	CHECK_EQ("resend 2", resend_rc[1], 0);
	CHECK_EQ("no NMI inside the handler before its iret",
		 count_after_resend, 2);
	CHECK_EQ("the two resends arrive as one, at the iret", nmi_count, 3);
	CHECK_EQ("second NMI returns where the first would have", seen[2].rip,
		 seen[1].rip);
	CHECK_EQ("events masked in the second handler", seen[2].mask, 1);
}

static void no_handler(void)
{
	CHECK_EQ("unregister nmi", unregister_nmi(), 0);
	CHECK_EQ("send_nmi without a handler",
		 hc_vcpu_op(VCPUOP_send_nmi, 0, NULL), 0);
	CHECK_EQ("register nmi again", register_nmi((uint64_t)nmi_entry), 0);
	/* Another exit, where a kept NMI would be delivered. */
	CHECK_EQ("xen_version", hc_xen_version(XENVER_version, NULL) > 0, 1);
	CHECK_EQ("the NMI without a handler was dropped", nmi_count, 3);
	CHECK_EQ("send_nmi after re-registering",
		 hc_vcpu_op(VCPUOP_send_nmi, 0, NULL), 0);
	CHECK_EQ("delivered again", nmi_count, 4);
}

static void bad_arguments(void)
{
	static uint64_t dummy;

	CHECK_EQ("send_nmi with an argument",
		 hc_vcpu_op(VCPUOP_send_nmi, 0, &dummy), -XEN_EINVAL);
	CHECK_EQ("send_nmi to vCPU 1000",
		 hc_vcpu_op(VCPUOP_send_nmi, 1000, NULL), -XEN_ENOENT);
	/* vCPU 1 exists but is down: accepted, kept pending for it. */
	CHECK_EQ("send_nmi to down vCPU 1",
		 hc_vcpu_op(VCPUOP_send_nmi, 1, NULL), 0);
	CHECK_EQ("NMI count unchanged", nmi_count, 4);
}

/* With events on, the NMI still masks them and iret unmasks them. */
static void events_on(void)
{
	CHECK_EQ("event callback", vcpu_events_init(), 0);
	vcpu0_info->evtchn_upcall_mask = 0;
	CHECK_EQ("send_nmi, events on", hc_vcpu_op(VCPUOP_send_nmi, 0, NULL),
		 0);
	CHECK_EQ("NMIs", nmi_count, 5);
	CHECK_EQ("events masked in the handler", seen[4].mask, 1);
	CHECK_EQ("frame: events were on", (seen[4].cs >> 32) & 0xff, 0);
	CHECK_EQ("frame RFLAGS.IF: events were on", (seen[4].rflags >> 9) & 1,
		 1);
	CHECK_EQ("iret turned events back on", vcpu0_info->evtchn_upcall_mask,
		 0);
	vcpu0_info->evtchn_upcall_mask = 1;
}

void test_main(void)
{
	const volatile struct shared_info *s;
	uint8_t mask_before;

	if (!vcpu0_info)
		test_error("shared_info not mapped");
	s = (const volatile struct shared_info *)vcpu0_info;
	mask_before = vcpu0_info->evtchn_upcall_mask;
	printf("nmi: events %s at start\n", mask_before ? "masked" : "on");
	CHECK_EQ("register nmi", register_nmi((uint64_t)nmi_entry), 0);
	one_nmi(mask_before);
	nmi_during_nmi();
	no_handler();
	bad_arguments();
	events_on();
	CHECK_EQ("nmi_reason", s->arch.nmi_reason, 0);
	test_success();
}
