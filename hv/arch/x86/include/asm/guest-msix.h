/* SPDX-License-Identifier: MIT */
/*
 * MSI-X devices of the hardware domain, as Xen 4.17 keeps them: one
 * record per device with mapped entries, holding the hypervisor's
 * uncached mapping of the vector table and the frames of the table and
 * pending bit array, which every domain then maps read-only (as Xen's
 * mmio_ro_ranges), so dom0 cannot reprogram an entry behind the
 * hypervisor. The per-vector side (which entry, which pirq) lives in
 * guest-msi.c. Every function but guest_msix_ro_frame() is called with
 * guest_irq_lock() held.
 */
#ifndef ASM_X86_GUEST_MSIX_H
#define ASM_X86_GUEST_MSIX_H

#include <satori/types.h>

#include <asm/msi.h>

struct msix_dev;

/*
 * Take a reference on the MSI-X record of 0:@bus:@devfn for entry
 * @entry_nr, creating it on first use (table mapped, table and PBA
 * read-only to guests), and mask that entry. @table_base is the guest's
 * idea of the table BIR's BAR: only compared and logged, as Xen does.
 * Leaves MSI-X enable as found and the function mask as the guest last
 * wrote it. @return 0 and *@out, or -ENODEV (no such function or no
 * MSI-X capability), -EINVAL (@entry_nr past the table), -ENXIO (memory
 * decoding off, a BAR unassigned, or the table is not device memory the
 * hardware domain may map), -ENOSPC (too many devices), -ENOMEM.
 */
int msix_dev_get(uint8_t bus, uint8_t devfn, unsigned int entry_nr,
		 uint64_t table_base, struct msix_dev **out);

/*
 * PHYSDEVOP_prepare_msix (@release false): make 0:@bus:@devfn's table
 * and PBA read-only before the device is handed to a guest, as a use of
 * its own; release_msix (@release true) drops that use. @return 0, or
 * -ENODEV (no MSI-X capability), -EBUSY (prepare: entries mapped or
 * prepared already; release: anything but the preparation holds it), or
 * msix_dev_get()'s -ENXIO, -ENOSPC, -ENOMEM.
 */
int msix_dev_prepare(uint8_t bus, uint8_t devfn, bool release);

/* Drop a reference; the last one unmaps the table and makes the table
 * and PBA frames writable again. */
void msix_dev_put(struct msix_dev *x);

/* Write entry @entry's message (it must be masked, as on map). */
void msix_entry_write_msg(struct msix_dev *x, unsigned int entry, uint32_t addr,
			  uint32_t data);

/* Set or clear entry @entry's mask bit, as Xen's msi_set_mask_bit: with
 * MSI-X off the function is enabled with all vectors masked around the
 * table access; with memory decoding off the whole function stays
 * masked (host_maskall) until the next access succeeds. */
void msix_entry_mask(struct msix_dev *x, unsigned int entry, bool masked);

/* Read back entry @entry's vector control word (for restore checks). */
uint32_t msix_entry_ctrl(const struct msix_dev *x, unsigned int entry);

/* Set MSI-X enable on the device (restore_msi). */
void msix_dev_enable(struct msix_dev *x);

/*
 * The hardware domain's config write of @bytes at @reg to 0:@bus:@devfn:
 * if the device has an MSI-X record, msix_filter_write() (asm/msix.h)
 * decides and *@verdict says what; @return false if there is no record.
 */
bool msix_conf_write_filter(uint8_t bus, uint8_t devfn, unsigned int reg,
			    unsigned int bytes, uint32_t *val,
			    enum msi_write_verdict *verdict);

/* Whether machine frame @pfn is part of a mapped device's MSI-X table
 * or PBA (read-only to guests). Takes guest_irq_lock() itself. */
bool guest_msix_ro_frame(uint64_t pfn);

/* The record's device and entry count, for the debug dump. */
void msix_dev_describe(const struct msix_dev *x, uint8_t *bus, uint8_t *devfn,
		       unsigned int *users);

#endif
