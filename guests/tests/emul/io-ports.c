/* SPDX-License-Identifier: MIT */
/*
 * emul/io-ports: port I/O by a PV dom0 kernel is emulated by the
 * hypervisor. With the virtual IOPL at its initial 0, in raises #GP(0).
 * After PHYSDEVOP_set_iopl(1) (as Linux's dom0 does), ports the
 * hypervisor keeps for itself (the PIC at 0x20/0xa0, PIT counter 0 at
 * 0x40, its serial console at 0x3f8-0x3ff) read as all ones, without an
 * exception. (Xen emulates the PIT's 0x43 and channel 2 for dom0: 0x43
 * reads 0 there, so it is not in the list.) PCI configuration
 * mechanism 1 (0xcf8/0xcfc) is mediated: the host bridge 00:00.0 answers
 * with Intel's vendor id (QEMU q35).
 */
#include <guest/port-io.h>
#include <guest/test.h>
#include <guest/traps.h>

const char test_name[] = "emul/io-ports";

void test_main(void)
{
	static const uint16_t denied[] = {
		0x20, 0x21, 0x40, 0xa0, 0x3f8, 0x3fd
	};
	unsigned int i;
	uint32_t id;

	struct physdev_set_iopl iopl = { .iopl = 1 };

	CHECK_EQ("set_trap_table", install_traps(0), 0);
	trap_reset();
	inb(0x20);
	CHECK_EQ("inb at IOPL 0: exceptions", trap_last.count, 1);
	CHECK_EQ("inb at IOPL 0: vector", trap_last.frame.vector, 13);
	CHECK_EQ("inb at IOPL 0: error code", trap_last.frame.error_code, 0);
	CHECK_EQ("PHYSDEVOP_set_iopl 1",
		 hypercall(__HYPERVISOR_physdev_op, PHYSDEVOP_set_iopl,
			   (uint64_t)&iopl, 0, 0, 0),
		 0);
	for (i = 0; i < sizeof(denied) / sizeof(denied[0]); i++) {
		uint8_t v;

		trap_reset();
		v = inb(denied[i]);
		printf("inb %#x: %#x (%u exceptions)\n", denied[i], v,
		       trap_last.count);
		CHECK_EQ("exceptions", trap_last.count, 0);
		CHECK_EQ("inb from a denied port", v, 0xff);
	}
	outl(0xcf8, 0x80000000U);
	id = inl(0xcfc);
	printf("00:00.0 id %#x\n", id);
	CHECK_EQ("exceptions", trap_last.count, 0);
	CHECK_EQ("00:00.0 vendor", id & 0xffff, 0x8086);
	test_success();
}
