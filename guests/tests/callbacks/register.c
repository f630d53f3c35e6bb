/* SPDX-License-Identifier: MIT */
/*
 * callbacks/register: CALLBACKOP_register accepts the event, failsafe,
 * syscall, syscall32, sysenter and NMI callbacks of a 64-bit PV kernel and
 * refuses a non-canonical address with -EINVAL; CALLBACKOP_unregister
 * refuses the event callback (-EINVAL: only NMI may be unregistered) and
 * accepts the NMI one; an unknown type is -ENOSYS. Events stay masked throughout, so no callback runs.
 */
#include <guest/test.h>

const char test_name[] = "callbacks/register";

/* Never entered: events are masked, and no syscall or NMI happens. */
extern char callback_target[];
__asm__(".pushsection .text\n"
	"callback_target:\n\tud2\n"
	".popsection");

static long reg(uint16_t type, uint64_t address)
{
	struct callback_register cb = { .type = type, .address = address };

	return hc_callback_op(CALLBACKOP_register, &cb);
}

static long unreg(uint16_t type)
{
	struct callback_unregister cb = { .type = type };

	return hc_callback_op(CALLBACKOP_unregister, &cb);
}

void test_main(void)
{
	static const struct {
		const char *what;
		uint16_t type;
	} types[] = {
		{ "event", CALLBACKTYPE_event },
		{ "failsafe", CALLBACKTYPE_failsafe },
		{ "syscall", CALLBACKTYPE_syscall },
		{ "syscall32", CALLBACKTYPE_syscall32 },
		{ "sysenter", CALLBACKTYPE_sysenter },
		{ "nmi", CALLBACKTYPE_nmi },
	};
	const uint64_t target = (uint64_t)callback_target;
	unsigned int i;

	if (!vcpu0_info)
		test_error("shared_info not mapped: cannot mask events");
	vcpu0_info->evtchn_upcall_mask = 1;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		long rc = reg(types[i].type, target);

		printf("register %s: %ld\n", types[i].what, rc);
		CHECK_EQ(types[i].what, rc, 0);
	}
	CHECK_EQ("register event at a non-canonical address",
		 reg(CALLBACKTYPE_event, 0x8000000000000000UL), -XEN_EINVAL);
	CHECK_EQ("register syscall at a non-canonical address",
		 reg(CALLBACKTYPE_syscall, 0x0000800000000000UL), -XEN_EINVAL);
	CHECK_EQ("register unknown type 99", reg(99, target), -XEN_ENOSYS);
	CHECK_EQ("unregister event", unreg(CALLBACKTYPE_event), -XEN_EINVAL);
	CHECK_EQ("unregister nmi", unreg(CALLBACKTYPE_nmi), 0);
	CHECK_EQ("unknown callback_op 99", hc_callback_op(99, NULL),
		 -XEN_ENOSYS);
	test_success();
}
