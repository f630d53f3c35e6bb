/* SPDX-License-Identifier: MIT */
/*
 * sched/domctl-credit: XEN_DOMCTL_scheduler_op on the credit scheduler,
 * run as dom0 (privileged) on itself, domain 0 (dom=<id> on the command
 * line names another target: satori's boot tests run it as a boot-time
 * domain on itself, privileged and not). getinfo gives the default
 * weight 256 and cap 0; putinfo sets both and getinfo reads them back;
 * putinfo with weight 0 and cap 0xffff changes nothing. Errors in Xen's
 * order: a wrong interface version is -EACCES, a domain that does not
 * exist (and DOMID_SELF, which domctl does not resolve) -ESRCH, another
 * scheduler's id or a command credit lacks (getvcpuinfo, 99) -EINVAL, an
 * unreadable structure -EFAULT. Needs sched=credit on Xen (its default
 * is credit2).
 */
#include <domctl.h>

#include <guest/sched.h>
#include <guest/test.h>

const char test_name[] = "sched/domctl-credit";

static struct xen_domctl op;
static domid_t target; /* dom=<id> on the command line; default 0 */

static long sched_domctl(uint32_t version, domid_t dom, uint32_t sched_id,
			 uint32_t cmd, uint16_t weight, uint16_t cap)
{
	memset(&op, 0, sizeof(op));
	op.cmd = XEN_DOMCTL_scheduler_op;
	op.interface_version = version;
	op.domain = dom;
	op.u.scheduler_op.sched_id = sched_id;
	op.u.scheduler_op.cmd = cmd;
	op.u.scheduler_op.u.credit.weight = weight;
	op.u.scheduler_op.u.credit.cap = cap;
	return hypercall(__HYPERVISOR_domctl, (uint64_t)&op, 0, 0, 0, 0);
}

static void check_info(const char *what, uint16_t weight, uint16_t cap)
{
	CHECK_EQ(what,
		 sched_domctl(XEN_DOMCTL_INTERFACE_VERSION, target,
			      XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_getinfo,
			      0, 0),
		 0);
	CHECK_EQ("getinfo weight", op.u.scheduler_op.u.credit.weight, weight);
	CHECK_EQ("getinfo cap", op.u.scheduler_op.u.credit.cap, cap);
}

static void check_errors(void)
{
	const uint32_t v = XEN_DOMCTL_INTERFACE_VERSION;

	CHECK_EQ("old interface version",
		 sched_domctl(0x14, target, XEN_SCHEDULER_CREDIT,
			      XEN_DOMCTL_SCHEDOP_getinfo, 0, 0),
		 -XEN_EACCES);
	CHECK_EQ("no such domain",
		 sched_domctl(v, 1000, XEN_SCHEDULER_CREDIT,
			      XEN_DOMCTL_SCHEDOP_getinfo, 0, 0),
		 -XEN_ESRCH);
	CHECK_EQ("DOMID_SELF",
		 sched_domctl(v, DOMID_SELF, XEN_SCHEDULER_CREDIT,
			      XEN_DOMCTL_SCHEDOP_getinfo, 0, 0),
		 -XEN_ESRCH);
	CHECK_EQ("credit2's id",
		 sched_domctl(v, target, XEN_SCHEDULER_CREDIT2,
			      XEN_DOMCTL_SCHEDOP_getinfo, 0, 0),
		 -XEN_EINVAL);
	CHECK_EQ("getvcpuinfo",
		 sched_domctl(v, target, XEN_SCHEDULER_CREDIT,
			      XEN_DOMCTL_SCHEDOP_getvcpuinfo, 0, 0),
		 -XEN_EINVAL);
	CHECK_EQ("command 99",
		 sched_domctl(v, target, XEN_SCHEDULER_CREDIT, 99, 0, 0),
		 -XEN_EINVAL);
	CHECK_EQ("unreadable domctl",
		 hypercall(__HYPERVISOR_domctl, 1ull << 63, 0, 0, 0, 0),
		 -XEN_EFAULT);
}

void test_main(void)
{
	const uint32_t v = XEN_DOMCTL_INTERFACE_VERSION;

	target = (domid_t)cmdline_uint("dom", 0);
	check_info("getinfo (defaults)", 256, 0);
	CHECK_EQ("putinfo 512/50",
		 sched_domctl(v, target, XEN_SCHEDULER_CREDIT,
			      XEN_DOMCTL_SCHEDOP_putinfo, 512, 50),
		 0);
	check_info("getinfo after putinfo", 512, 50);
	CHECK_EQ("putinfo 0/0xffff (no change)",
		 sched_domctl(v, target, XEN_SCHEDULER_CREDIT,
			      XEN_DOMCTL_SCHEDOP_putinfo, 0, 0xffff),
		 0);
	check_info("getinfo after a no-op putinfo", 512, 50);
	CHECK_EQ("putinfo 256/0",
		 sched_domctl(v, target, XEN_SCHEDULER_CREDIT,
			      XEN_DOMCTL_SCHEDOP_putinfo, 256, 0),
		 0);
	check_info("getinfo after restoring", 256, 0);
	check_errors();
	test_success();
}
