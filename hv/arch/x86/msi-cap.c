/* SPDX-License-Identifier: MIT */
/*
 * The MSI capability's layout, message and write filter (asm/msi.h).
 * Layout facts are the PCI Local Bus specification's: control at +2, the
 * address at +4, the upper address at +8 on 64-bit capable devices, then
 * data, then (with per-vector masking) the mask and pending registers.
 */
#include <asm/msi.h>

/* More than the 48 capabilities that fit in config space: a longer walk
 * is a loop. */
#define MAX_CAP_WALK 48

#define MSI_ADDR_BASE 0xfee00000u
#define MSI_ADDR_DEST_SHIFT 12
#define MSI_DATA_LEVEL_ASSERT 0x4000

unsigned int msi_find_cap(msi_conf_read_fn *rd, void *ctx, uint8_t cap_id)
{
	unsigned int pos;

	if (!(rd(ctx, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return 0;
	pos = rd(ctx, PCI_CAPABILITY_LIST, 1) & 0xfc;
	for (unsigned int n = 0; n < MAX_CAP_WALK && pos >= 0x40; n++) {
		uint32_t hdr = rd(ctx, pos, 2);

		if ((hdr & 0xff) == 0xff)
			return 0; /* The function went away. */
		if ((hdr & 0xff) == cap_id)
			return pos;
		pos = (hdr >> 8) & 0xfc;
	}
	return 0;
}

void msi_cap_layout(struct msi_cap *c, uint8_t pos, uint16_t control)
{
	unsigned int qmask = (control & PCI_MSI_FLAGS_QMASK) >> 1;

	c->pos = pos;
	c->is64 = control & PCI_MSI_FLAGS_64BIT;
	c->data_reg = (uint8_t)(pos + (c->is64 ? 0x0c : 0x08));
	c->mask_reg = 0;
	c->end = (uint8_t)(c->data_reg + 4);
	if (control & PCI_MSI_FLAGS_MASKBIT) {
		c->mask_reg = (uint8_t)(c->data_reg + 4);
		c->end = (uint8_t)(c->mask_reg + 8);
	}
	/* Encodings 6 and 7 are reserved: as Xen, take them as 32. */
	c->max_vec = (uint8_t)(qmask > 5 ? MSI_MAX_VECTORS : 1u << qmask);
}

uint32_t msi_msg_address(uint32_t apic_id)
{
	/* Physical destination mode, no redirection hint. */
	return MSI_ADDR_BASE | ((apic_id & 0xff) << MSI_ADDR_DEST_SHIFT);
}

uint16_t msi_msg_data(uint8_t vector)
{
	/* Edge, fixed delivery; the level bit set as Xen and Linux do (an
	 * edge message ignores it). */
	return (uint16_t)(MSI_DATA_LEVEL_ASSERT | vector);
}

static bool overlaps(unsigned int a, unsigned int alen, unsigned int b,
		     unsigned int blen)
{
	return a < b + blen && b < a + alen;
}

enum msi_write_verdict msi_filter_write(const struct msi_cap *c,
					unsigned int reg, unsigned int bytes,
					uint32_t *val)
{
	if (!overlaps(reg, bytes, c->pos, (unsigned int)(c->end - c->pos)))
		return MSI_WRITE_PASS;
	if (reg == c->pos + 2u && bytes == 2) {
		*val &= ~(uint32_t)PCI_MSI_FLAGS_QSIZE; /* one vector */
		return MSI_WRITE_ADJUSTED;
	}
	if (c->mask_reg && reg == c->mask_reg && bytes == 4) {
		*val |= ~1u; /* Only vector 0 is in use. */
		return MSI_WRITE_ADJUSTED;
	}
	return MSI_WRITE_DROP;
}
