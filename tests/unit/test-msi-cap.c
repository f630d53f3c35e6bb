/* unit-sources: hv/arch/x86/msi-cap.c */
/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the MSI capability logic: the capability walk over a
 * fake config space (found, absent, no list, a looping list, a vanished
 * function), the register layout for 32/64-bit and maskable devices, the
 * message, and the filter on the hardware domain's config writes.
 */
#include <asm/msi.h>

#include <string.h>

#include "check.h"

static uint8_t cfg[256];

static uint32_t rd(void *ctx, unsigned int reg, unsigned int bytes)
{
	uint32_t v = 0;

	(void)ctx;
	memcpy(&v, &cfg[reg], bytes);
	return v;
}

static void put16(unsigned int reg, uint16_t v)
{
	memcpy(&cfg[reg], &v, 2);
}

/* Status with a list: PM at 0x40, then MSI at 0x50, end. */
static void two_caps(void)
{
	memset(cfg, 0, sizeof(cfg));
	put16(PCI_STATUS, PCI_STATUS_CAP_LIST);
	cfg[PCI_CAPABILITY_LIST] = 0x40;
	put16(0x40, 0x5001);
	put16(0x50, 0x0005);
}

static void test_walk(void)
{
	two_caps();
	CHECK_EQ(msi_find_cap(rd, NULL, PCI_CAP_ID_MSI), 0x50);
	CHECK_EQ(msi_find_cap(rd, NULL, PCI_CAP_ID_MSIX), 0);
	/* Low pointer bits are reserved. */
	cfg[PCI_CAPABILITY_LIST] = 0x43;
	CHECK_EQ(msi_find_cap(rd, NULL, PCI_CAP_ID_MSI), 0x50);
	put16(PCI_STATUS, 0);
	CHECK_EQ(msi_find_cap(rd, NULL, PCI_CAP_ID_MSI), 0);
	/* A loop ends. */
	two_caps();
	put16(0x50, 0x4010);
	CHECK_EQ(msi_find_cap(rd, NULL, PCI_CAP_ID_MSI), 0);
	/* All ones: the function went away. */
	memset(cfg, 0xff, sizeof(cfg));
	CHECK_EQ(msi_find_cap(rd, NULL, PCI_CAP_ID_MSI), 0);
}

static void test_layout(void)
{
	struct msi_cap c;

	msi_cap_layout(&c, 0x50, 0);
	CHECK_EQ(c.is64, false);
	CHECK_EQ(c.data_reg, 0x58);
	CHECK_EQ(c.mask_reg, 0);
	CHECK_EQ(c.end, 0x5c);
	CHECK_EQ(c.max_vec, 1);
	/* QEMU's edu: 64-bit, no mask bits. */
	msi_cap_layout(&c, 0x40, PCI_MSI_FLAGS_64BIT);
	CHECK_EQ(c.data_reg, 0x4c);
	CHECK_EQ(c.end, 0x50);
	msi_cap_layout(&c, 0x50,
		       PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_MASKBIT | (2 << 1));
	CHECK_EQ(c.data_reg, 0x5c);
	CHECK_EQ(c.mask_reg, 0x60);
	CHECK_EQ(c.end, 0x68);
	CHECK_EQ(c.max_vec, 4);
	msi_cap_layout(&c, 0x50, PCI_MSI_FLAGS_MASKBIT | (7 << 1));
	CHECK_EQ(c.mask_reg, 0x5c);
	CHECK_EQ(c.max_vec, 32);
	CHECK_EQ(msi_msg_address(0), 0xfee00000u);
	CHECK_EQ(msi_msg_address(3), 0xfee03000u);
	CHECK_EQ(msi_msg_data(0x68), 0x4068);
}

static void test_filter(void)
{
	struct msi_cap c;
	uint32_t v;

	msi_cap_layout(&c, 0x50,
		       PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_MASKBIT | (2 << 1));
	v = 0x12345678;
	CHECK_EQ(msi_filter_write(&c, 0x04, 2, &v), MSI_WRITE_PASS);
	CHECK_EQ(msi_filter_write(&c, 0x4c, 4, &v), MSI_WRITE_PASS);
	CHECK_EQ(msi_filter_write(&c, 0x68, 4, &v), MSI_WRITE_PASS);
	CHECK_EQ(v, 0x12345678);
	/* Control: enable passes, the enabled vector count is forced. */
	v = PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE;
	CHECK_EQ(msi_filter_write(&c, 0x52, 2, &v), MSI_WRITE_ADJUSTED);
	CHECK_EQ(v, PCI_MSI_FLAGS_ENABLE);
	/* The whole header dword, bytes of control: dropped. */
	CHECK_EQ(msi_filter_write(&c, 0x50, 4, &v), MSI_WRITE_DROP);
	CHECK_EQ(msi_filter_write(&c, 0x52, 1, &v), MSI_WRITE_DROP);
	CHECK_EQ(msi_filter_write(&c, 0x53, 1, &v), MSI_WRITE_DROP);
	/* Address, upper address, data, pending: dropped. */
	CHECK_EQ(msi_filter_write(&c, 0x54, 4, &v), MSI_WRITE_DROP);
	CHECK_EQ(msi_filter_write(&c, 0x56, 2, &v), MSI_WRITE_DROP);
	CHECK_EQ(msi_filter_write(&c, 0x58, 4, &v), MSI_WRITE_DROP);
	CHECK_EQ(msi_filter_write(&c, 0x5c, 2, &v), MSI_WRITE_DROP);
	CHECK_EQ(msi_filter_write(&c, 0x64, 4, &v), MSI_WRITE_DROP);
	/* Mask bits: the guest's for vector 0, the rest stay set. */
	v = 0;
	CHECK_EQ(msi_filter_write(&c, 0x60, 4, &v), MSI_WRITE_ADJUSTED);
	CHECK_EQ(v, 0xfffffffeu);
	CHECK_EQ(msi_filter_write(&c, 0x60, 2, &v), MSI_WRITE_DROP);
	/* Without mask bits the data register ends the capability. */
	msi_cap_layout(&c, 0x40, PCI_MSI_FLAGS_64BIT);
	CHECK_EQ(msi_filter_write(&c, 0x4c, 2, &v), MSI_WRITE_DROP);
	CHECK_EQ(msi_filter_write(&c, 0x50, 4, &v), MSI_WRITE_PASS);
}

int main(void)
{
	test_walk();
	test_layout();
	test_filter();
	return check_summary("test-msi-cap");
}
