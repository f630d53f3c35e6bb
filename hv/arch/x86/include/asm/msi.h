/* SPDX-License-Identifier: MIT */
/*
 * The PCI MSI capability as the hypervisor programs it for a guest's
 * pirq: where its registers are, the message it writes (physical
 * destination, fixed delivery, edge) and which of the hardware domain's
 * configuration writes to it pass. Pure logic over a config-read
 * callback, so the host unit tests run it; guest-msi.c drives hardware.
 */
#ifndef ASM_X86_MSI_H
#define ASM_X86_MSI_H

#include <satori/types.h>

#define PCI_STATUS 0x06
#define PCI_STATUS_CAP_LIST 0x0010
#define PCI_CAPABILITY_LIST 0x34
#define PCI_CAP_ID_MSI 0x05
#define PCI_CAP_ID_MSIX 0x11

/* MSI message control (capability + 2). */
#define PCI_MSI_FLAGS_ENABLE 0x0001
#define PCI_MSI_FLAGS_QMASK 0x000e /* log2 of the vectors it can send */
#define PCI_MSI_FLAGS_QSIZE 0x0070 /* log2 of the vectors enabled */
#define PCI_MSI_FLAGS_64BIT 0x0080
#define PCI_MSI_FLAGS_MASKBIT 0x0100

/* Xen's limit on one device's MSI vectors. */
#define MSI_MAX_VECTORS 32

/* Where an MSI capability's registers are (offsets in config space). */
struct msi_cap {
	uint8_t pos;	  /* The capability header. */
	uint8_t data_reg; /* Message data (16 bits). */
	uint8_t mask_reg; /* Per-vector mask bits; 0: the device has none. */
	uint8_t end;	  /* First offset past the capability's registers. */
	uint8_t max_vec;  /* Vectors the device can send (1-32). */
	bool is64;	  /* Has the upper address register at pos + 8. */
};

/* A config-space read of the device being examined. */
typedef uint32_t msi_conf_read_fn(void *ctx, unsigned int reg,
				  unsigned int bytes);

/*
 * The offset of the first capability with id @cap_id in the device's
 * list, or 0 if it has none (or no list). The walk is bounded, so a
 * looping or broken list ends.
 */
unsigned int msi_find_cap(msi_conf_read_fn *rd, void *ctx, uint8_t cap_id);

/* Fill *@c for an MSI capability at @pos whose control reads @control. */
void msi_cap_layout(struct msi_cap *c, uint8_t pos, uint16_t control);

/* The message for @vector on the CPU with local APIC id @apic_id. */
uint32_t msi_msg_address(uint32_t apic_id);
uint16_t msi_msg_data(uint8_t vector);

enum msi_write_verdict {
	MSI_WRITE_PASS,	    /* Outside the capability: write as asked. */
	MSI_WRITE_ADJUSTED, /* Inside: write *val as adjusted. */
	MSI_WRITE_DROP,	    /* Inside, not the guest's to change. */
};

/*
 * A hardware domain's config write of @bytes at @reg (aligned) to a
 * device whose MSI the hypervisor programmed (capability @c, one vector).
 * The message control word passes as a 16-bit write with the enabled
 * vector count forced to one; the mask bits pass as a 32-bit write with
 * the bits of vectors the device does not use kept set; everything else
 * in the capability (address, data, header, pending bits) is dropped, so
 * the guest cannot aim the device's messages at another vector or CPU.
 */
enum msi_write_verdict msi_filter_write(const struct msi_cap *c,
					unsigned int reg, unsigned int bytes,
					uint32_t *val);

#endif
