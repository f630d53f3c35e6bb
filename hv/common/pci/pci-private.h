/* SPDX-License-Identifier: MIT */
/*
 * Shared inside hv/common/pci/: the MMCONFIG part of the 'Q' dump.
 */
#ifndef HV_COMMON_PCI_PRIVATE_H
#define HV_COMMON_PCI_PRIVATE_H

/* Print the MMCONFIG areas and dom0's verdict on each (takes the lock). */
void pci_mmcfg_dump(void);

#endif
