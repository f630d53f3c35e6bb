/* SPDX-License-Identifier: MIT */
/*
 * pv/vm-assist: vm_assist enables and disables every assist type Xen 4.17
 * accepts from a 64-bit PV guest: 0-5 (4gb_segments, 4gb_segments_notify,
 * writable_pagetables, pae_extended_cr3, architectural_iopl,
 * runstate_update_flag; the 32-bit ones are accepted and have no effect)
 * and 32 (m2p_strict). Any other type is -EINVAL.
 */
#include <guest/test.h>

const char test_name[] = "pv/vm-assist";

void test_main(void)
{
	static const unsigned int ok[] = {
		VMASST_TYPE_4gb_segments,
		VMASST_TYPE_4gb_segments_notify,
		VMASST_TYPE_writable_pagetables,
		VMASST_TYPE_pae_extended_cr3,
		VMASST_TYPE_architectural_iopl,
		VMASST_TYPE_runstate_update_flag,
		VMASST_TYPE_m2p_strict,
	};
	static const unsigned int refused[] = { 6, 7, 31, 33, 63, 64, 1000 };
	unsigned int i;
	char what[64];

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		(void)snprintf(what, sizeof(what), "enable type %u", ok[i]);
		CHECK_EQ(what, hc_vm_assist(VMASST_CMD_enable, ok[i]), 0);
		(void)snprintf(what, sizeof(what), "disable type %u", ok[i]);
		CHECK_EQ(what, hc_vm_assist(VMASST_CMD_disable, ok[i]), 0);
	}
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		(void)snprintf(what, sizeof(what), "enable type %u",
			       refused[i]);
		CHECK_EQ(what, hc_vm_assist(VMASST_CMD_enable, refused[i]),
			 -XEN_EINVAL);
	}
	test_success();
}
