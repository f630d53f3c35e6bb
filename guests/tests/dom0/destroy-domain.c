/* SPDX-License-Identifier: MIT */
/*
 * dom0/destroy-domain: XEN_DOMCTL_destroydomain as dom0 next to boot-time
 * domains (satori only: Xen has no second domain without its toolstack;
 * tests/boot/bootdoms-teardown-domctl.test). dom0 binds VIRQ_DOM_EXC and
 * waits for d1 (hostile/mmu-teardown, 512M with two big hierarchies) to
 * shut down, then destroys it with one domctl: satori releases the memory
 * in slices through hypercall continuations (Xen 4.17's -ERESTART), which
 * dom0 sees as one call returning 0. Also: its own domain is -EINVAL, a
 * domain that does not exist (or DOMID_SELF, which domctl does not
 * resolve) -ESRCH, and so is d1 once destroyed.
 */
#include <domctl.h>

#include <guest/event.h>
#include <guest/test.h>
#include <guest/vcpu.h>

const char test_name[] = "dom0/destroy-domain";

static struct xen_domctl op;

static long destroy(domid_t dom)
{
	memset(&op, 0, sizeof(op));
	op.cmd = XEN_DOMCTL_destroydomain;
	op.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	op.domain = dom;
	return hypercall(__HYPERVISOR_domctl, (uint64_t)&op, 0, 0, 0, 0);
}

void test_main(void)
{
	uint64_t t0, t1;
	long dom_exc;

	if (!vcpu0_info)
		test_error("shared_info not mapped");
	events_mask();
	CHECK_EQ("register event callback", event_upcall_install(), 0);
	dom_exc = ev_bind_virq(VIRQ_DOM_EXC, 0);
	CHECK_EQ("bind VIRQ_DOM_EXC", dom_exc > 0, 1);
	events_unmask();

	CHECK_EQ("destroy itself", destroy(0), -XEN_EINVAL);
	CHECK_EQ("destroy DOMID_SELF", destroy(DOMID_SELF), -XEN_ESRCH);
	CHECK_EQ("destroy a domain that does not exist", destroy(1000),
		 -XEN_ESRCH);
	CHECK_EQ("interface version",
		 hypercall(__HYPERVISOR_domctl,
			   (uint64_t) &
				   (struct xen_domctl){
					   .cmd = XEN_DOMCTL_destroydomain,
					   .interface_version = 1,
					   .domain = 1 },
			   0, 0, 0, 0),
		 -XEN_EACCES);

	while (!event_count[dom_exc])
		(void)hc_sched_op(SCHEDOP_block, NULL);
	printf("dom0/destroy-domain: VIRQ_DOM_EXC: destroying d1\n");
	t0 = guest_rdtsc();
	CHECK_EQ("destroy d1", destroy(1), 0);
	t1 = guest_rdtsc();
	printf("dom0/destroy-domain: d1 destroyed in one call of %lu Mcycles\n",
	       (t1 - t0) / 1000000);
	CHECK_EQ("destroy d1 again", destroy(1), -XEN_ESRCH);
	test_success();
}
