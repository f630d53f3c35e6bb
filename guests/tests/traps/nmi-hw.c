/* SPDX-License-Identifier: MIT */
/*
 * traps/nmi-hw: a hardware NMI of unknown reason reaches dom0 under
 * nmi=dom0 (Xen's nmi_hwdom_report): the boot test types Ctrl-A three
 * times and 'N' (the hypervisor's "trigger an NMI" key) once this kernel
 * waits; the NMI arrives at the CALLBACKTYPE_nmi handler of vCPU 0 with
 * XEN_NMIREASON_unknown set in shared_info's nmi_reason, events masked.
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/test.h>
#include <guest/vcpu.h>

#include <nmi.h>

const char test_name[] = "traps/nmi-hw";

_Static_assert(__HYPERVISOR_iret == 23, "nmi_hw_entry's iret slot");

/* As in traps/nmi: restore RCX/R11 from the frame, save the other
 * caller-saved registers, call nmi_hw_handler(), iret with flags 0. */
extern char nmi_hw_entry[];
__asm__(".pushsection .text\n"
	"nmi_hw_entry:\n\t"
	"popq %rcx\n\tpopq %r11\n\t"
	"pushq %rax\n\tpushq %rcx\n\tpushq %rdx\n\tpushq %rsi\n\t"
	"pushq %rdi\n\tpushq %r8\n\tpushq %r9\n\tpushq %r10\n\t"
	"pushq %r11\n\t"
	"call nmi_hw_handler\n\t"
	"popq %r11\n\tpopq %r10\n\tpopq %r9\n\tpopq %r8\n\t"
	"popq %rdi\n\tpopq %rsi\n\tpopq %rdx\n\tpopq %rcx\n\t"
	"popq %rax\n\t"
	"pushq $0\n\t"
	"jmp hypercall_page + 23 * 32\n"
	".popsection");

static volatile unsigned int nmi_count;
static volatile unsigned long reason_seen;
static volatile uint8_t mask_seen;

void nmi_hw_handler(void);
void nmi_hw_handler(void)
{
	const volatile struct shared_info *s =
		(const volatile struct shared_info *)vcpu0_info;

	reason_seen = s->arch.nmi_reason;
	mask_seen = vcpu0_info->evtchn_upcall_mask;
	nmi_count = nmi_count + 1;
}

#define WAIT_NS (60 * 1000000000ULL)

void test_main(void)
{
	struct callback_register cb = { .type = CALLBACKTYPE_nmi,
					.address = (uint64_t)nmi_hw_entry };
	uint64_t t0;

	if (!vcpu0_info)
		test_error("shared_info not mapped");
	CHECK_EQ("register nmi", hc_callback_op(CALLBACKOP_register, &cb), 0);
	printf("nmi-hw: waiting for a hardware NMI\n");
	t0 = guest_now();
	while (!nmi_count && guest_now() - t0 < WAIT_NS)
		(void)hc_xen_version(XENVER_version, NULL);
	if (!nmi_count)
		test_fail("no NMI within %llu s",
			  (unsigned long long)(WAIT_NS / 1000000000ULL));
	printf("nmi-hw: NMI with reason %#lx, events mask %u\n",
	       (unsigned long)reason_seen, mask_seen);
	CHECK_EQ("XEN_NMIREASON_unknown", reason_seen & XEN_NMIREASON_unknown,
		 XEN_NMIREASON_unknown);
	CHECK_EQ("events masked in the handler", mask_seen, 1);
	CHECK_EQ("one NMI", nmi_count, 1);
	test_success();
}
