/* SPDX-License-Identifier: MIT */
/*
 * hostile/bad-subops: numbers the hypervisor does not know give Xen's
 * errno and nothing else.
 *
 * Rule: an unknown hypercall is -ENOSYS; an unknown subop of a known
 * hypercall is that hypercall's error (mostly -ENOSYS; vm_assist refuses
 * an unknown type with -EINVAL).
 * Attack: hypercall numbers 60 and 127 through the page, 60, 128 and
 * 0xffffffff through a raw syscall, then unknown sched_op, callback_op,
 * vm_assist, console_io and xen_version subops. The guest keeps running.
 */
#include <guest/test.h>

const char test_name[] = "hostile/bad-subops";

void test_main(void)
{
	CHECK_EQ("hypercall 60 (page)", hypercall_page_call(60, 0, 0, 0, 0, 0),
		 -XEN_ENOSYS);
	CHECK_EQ("hypercall 127 (page)",
		 hypercall_page_call(127, 0, 0, 0, 0, 0), -XEN_ENOSYS);
	CHECK_EQ("hypercall 60 (syscall)", hypercall_syscall(60, 0, 0, 0, 0, 0),
		 -XEN_ENOSYS);
	CHECK_EQ("hypercall 128 (syscall)",
		 hypercall_syscall(128, 0, 0, 0, 0, 0), -XEN_ENOSYS);
	CHECK_EQ("hypercall 0xffffffff (syscall)",
		 hypercall_syscall(0xffffffffU, 0, 0, 0, 0, 0), -XEN_ENOSYS);
	CHECK_EQ("sched_op 99", hc_sched_op(99, NULL), -XEN_ENOSYS);
	CHECK_EQ("callback_op 99", hc_callback_op(99, NULL), -XEN_ENOSYS);
	CHECK_EQ("console_io 99",
		 hypercall(__HYPERVISOR_console_io, 99, 0, 0, 0, 0),
		 -XEN_ENOSYS);
	CHECK_EQ("xen_version 99", hc_xen_version(99, NULL), -XEN_ENOSYS);
	CHECK_EQ("vm_assist command 99",
		 hc_vm_assist(99, VMASST_TYPE_writable_pagetables),
		 -XEN_ENOSYS);
	CHECK_EQ("vm_assist enable type 31",
		 hc_vm_assist(VMASST_CMD_enable, 31), -XEN_EINVAL);
	CHECK_EQ("vm_assist enable type 64",
		 hc_vm_assist(VMASST_CMD_enable, 64), -XEN_EINVAL);
	CHECK_EQ("console_io write afterwards", printf("still running\n"), 0);
	test_success();
}
