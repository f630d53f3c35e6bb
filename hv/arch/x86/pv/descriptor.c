/* SPDX-License-Identifier: MIT */
/*
 * set_gdt (2) and update_descriptor (10): the guest's descriptor tables.
 * A frame the CPU reads descriptors from must never be writable by the
 * guest, so GDT frames take the descriptor-page type (which validates all
 * 512 descriptors and excludes writable mappings), and single descriptors
 * are written by the hypervisor after the same check. Errors are Xen's:
 * everything wrong is -EINVAL, an unreadable frame list -EFAULT.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>

#include <asm/cpu-ops.h>
#include <asm/page-type.h>
#include <asm/pv-desc.h>

long do_set_gdt(uint64_t frame_list, uint64_t entries)
{
	struct vcpu *v = current;
	struct domain *d = v->domain;
	unsigned int ents = (unsigned int)entries;
	uint64_t frames[PV_GDT_GUEST_FRAMES];
	unsigned int nr = (ents + 511) / 512;
	long rc;

	/* Xen's argument is an unsigned int: the upper half is ignored. */
	if (ents > PV_GDT_MAX_ENTRIES)
		return -EINVAL;
	if (nr &&
	    copy_from_guest_raw(frames, frame_list, nr * sizeof(frames[0])))
		return -EFAULT;
	spin_lock(&d->arch.pt_lock);
	rc = pv_gdt_install(v, frames, ents);
	spin_unlock(&d->arch.pt_lock);
	if (!rc) {
		pv_gdt_load(v);
		flush_tlb_local();
	}
	return rc;
}

/* Write @desc at @maddr in a frame that is (or can become) writable or is
 * a descriptor page, holding the type while writing. */
static long write_descriptor(struct page_info *pg, uint64_t maddr,
			     uint64_t desc)
{
	uint64_t type = (pg->u.type_info & PGT_type_mask) == PGT_seg_desc_page
				? PGT_seg_desc_page
				: PGT_writable_page;
	volatile uint64_t *slot;

	if (get_page_type(pg, type))
		return -EINVAL;
	slot = (volatile uint64_t *)((char *)page_to_virt(pg) +
				     (maddr & (PAGE_SIZE - 1)));
	*slot = desc;
	put_page_type(pg);
	return 0;
}

long do_update_descriptor(uint64_t maddr, uint64_t desc)
{
	struct domain *d = current->domain;
	mfn_t mfn = _mfn(maddr >> PAGE_SHIFT);
	struct page_info *pg;
	long rc;

	if ((maddr & 7) || !pv_check_descriptor(&desc))
		return -EINVAL;
	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	spin_lock(&d->arch.pt_lock);
	if (!get_page(pg, d)) {
		spin_unlock(&d->arch.pt_lock);
		return -EINVAL;
	}
	rc = write_descriptor(pg, maddr, desc);
	put_page(pg);
	spin_unlock(&d->arch.pt_lock);
	return rc;
}
