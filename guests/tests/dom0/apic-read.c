/* SPDX-License-Identifier: MIT */
/*
 * dom0/apic-read: dom0 reads the IO-APIC with PHYSDEVOP_apic_read, as
 * Linux's xen_io_apic_read does. QEMU q35's IO-APIC at 0xfec00000 has
 * version 0x20 and 24 pins (register 1 = 0x00170020); a base where no
 * IO-APIC is gives -EINVAL. PHYSDEVOP_apic_write to a register that is
 * not the low half of a redirection entry (the ID register) is accepted
 * and ignored; an unknown base is -EINVAL. xenpmu_op is -EOPNOTSUPP:
 * the virtual PMU is off, as by default on Xen.
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/test.h>

#include <physdev.h>

const char test_name[] = "dom0/apic-read";

#define IOAPIC_BASE 0xfec00000UL

static long apic_op(unsigned int cmd, unsigned long base, uint32_t reg,
		    uint32_t *value)
{
	struct physdev_apic op = { .apic_physbase = base,
				   .reg = reg,
				   .value = *value };
	long rc =
		hypercall(__HYPERVISOR_physdev_op, cmd, (uint64_t)&op, 0, 0, 0);

	*value = op.value;
	return rc;
}

void test_main(void)
{
	uint32_t v = 0;
	uint32_t id = 0;

	CHECK_EQ("apic_read version",
		 apic_op(PHYSDEVOP_apic_read, IOAPIC_BASE, 1, &v), 0);
	CHECK_EQ("IO-APIC version register", v, 0x00170020);
	CHECK_EQ("apic_read ID",
		 apic_op(PHYSDEVOP_apic_read, IOAPIC_BASE, 0, &id), 0);
	printf("IO-APIC ID register %#x\n", id);
	v = 0x1234;
	CHECK_EQ("apic_read at a base without IO-APIC",
		 apic_op(PHYSDEVOP_apic_read, IOAPIC_BASE + 0x1000, 1, &v),
		 -XEN_EINVAL);
	CHECK_EQ("value copied back unchanged", v, 0x1234);
	CHECK_EQ("apic_write ID register (ignored)",
		 apic_op(PHYSDEVOP_apic_write, IOAPIC_BASE, 0, &id), 0);
	CHECK_EQ("apic_write at a base without IO-APIC",
		 apic_op(PHYSDEVOP_apic_write, IOAPIC_BASE + 0x1000, 0, &id),
		 -XEN_EINVAL);
	CHECK_EQ("xenpmu_op init",
		 hypercall(__HYPERVISOR_xenpmu_op, 4, (uint64_t)&v, 0, 0, 0),
		 -XEN_EOPNOTSUPP);
	test_success();
}
