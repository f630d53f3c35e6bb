/* SPDX-License-Identifier: MIT */
/*
 * The 64-bit PV domain builder: check the image, lay out the bootstrap
 * region, create the domain, give it memory, load the image and initrd,
 * and write everything the guest finds at its first instruction. Any
 * refusal prints why and returns every resource: boot continues with the
 * next domain.
 */
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/string.h>
#include <satori/xmalloc.h>

#include <asm/layout.h>

#include <public/xen.h>

#include "dom-build-private.h"

#define LINUX_REGION_START 0xffffffff80000000ULL
#define LINUX_REGION_END 0xffffffffc0000000ULL /* The 1 GiB Linux copies. */

static int refuse(const struct pv_build_args *a, int rc, const char *why)
{
	log_err("%s: refused: %s\n", a->name, why);
	return rc;
}

static int plan(struct pv_build *b)
{
	const struct pv_build_args *a = b->args;
	struct pv_layout_in in = {
		.v_start = b->elf.virt_base,
		.kstart = b->elf.virt_kstart,
		.kend = b->elf.virt_kend,
		.nr_pages = a->nr_pages,
		.initrd_len = a->initrd ? a->initrd_len : 0,
		.initrd_unmapped = b->elf.unmapped_initrd,
		.domu = !a->initdomain,
		.start_info_bytes = sizeof(struct start_info),
	};

	b->v_start = in.v_start;
	if (in.v_start & (PAGE_SIZE - 1)) {
		log_err("%s: refused: VIRT_BASE %016lx is not page-aligned\n",
			a->name, (unsigned long)in.v_start);
		return -EINVAL;
	}
	if (pv_layout_compute(&in, &b->lay))
		return refuse(a, -EINVAL,
			      "bootstrap region leaves the address space");
	if (b->lay.v_end > HV_VIRT_START && b->v_start < HV_VIRT_END)
		return refuse(a, -EINVAL,
			      "bootstrap region overlaps the hypervisor range");
	if (b->elf.virt_hypercall != XEN_ELF_UNSET &&
	    (b->elf.virt_hypercall < b->elf.virt_kstart ||
	     b->elf.virt_hypercall >= b->elf.virt_kend))
		return refuse(a, -EINVAL,
			      "hypercall page outside the kernel image");
	if (strcmp(b->elf.guest_os, "linux") == 0 &&
	    (b->v_start < LINUX_REGION_START ||
	     b->lay.v_end > LINUX_REGION_END))
		return refuse(
			a, -EINVAL,
			"bootstrap region outside the 1 GiB at ffffffff80000000 (Linux)");
	if (b->lay.pages_needed > a->nr_pages)
		return refuse(a, -ENOMEM, "kernel larger than its memory");
	return 0;
}

/* elf_load() callback: one segment at kernel offset @off. */
static int copy_segment(void *ctx, uint64_t off, const void *src,
			uint64_t filesz, uint64_t memsz)
{
	const struct pv_build *b = ctx;
	uint64_t pa = b->elf.virt_kstart - b->v_start + off;

	pv_copy_to_phys(b, pa, src, filesz);
	pv_copy_to_phys(b, pa + filesz, NULL, memsz - filesz);
	return 0;
}

static int load_image(struct pv_build *b)
{
	int rc = elf_load(b->image, b->image_len, &b->elf, copy_segment, b);

	if (rc || !b->args->initrd || !b->args->initrd_len)
		return rc;
	if (b->lay.initrd_end != b->lay.initrd_start)
		pv_copy_to_phys(b, b->lay.initrd_start - b->v_start,
				b->args->initrd, b->args->initrd_len);
	else
		pv_copy_to_phys(b, (uint64_t)b->lay.initrd_pfn << PAGE_SHIFT,
				b->args->initrd, b->args->initrd_len);
	return 0;
}

static void print_layout(const struct pv_build *b)
{
	const struct pv_layout *l = &b->lay;
	const char *n = b->args->name;

	printk("%s: kernel %016lx-%016lx, start_info %016lx, pt_base %016lx, nr_pt_frames %lu, entry %016lx\n",
	       n, l->kstart, l->kend, l->start_info, l->pt_start,
	       l->nr_pt_frames, b->elf.virt_entry);
	printk("%s: p2m %016lx-%016lx, stack %016lx-%016lx, v_end %016lx, %lu pages, hypercall page %016lx\n",
	       n, l->p2m_start, l->p2m_end, l->stack_start, l->stack_end,
	       l->v_end, b->args->nr_pages,
	       b->elf.virt_hypercall == XEN_ELF_UNSET ? 0
						      : b->elf.virt_hypercall);
	if (b->args->initrd_len && l->initrd_end == l->initrd_start)
		printk("%s: initrd %zu bytes at pfn %#lx (unmapped, SIF_MOD_START_PFN)\n",
		       n, b->args->initrd_len, l->initrd_pfn);
	else if (b->args->initrd_len)
		printk("%s: initrd %zu bytes at %016lx\n", n,
		       b->args->initrd_len, l->initrd_start);
	if (!b->args->initdomain)
		printk("%s: xenstore page %016lx, console page %016lx (event channels 0: none yet)\n",
		       n, l->xenstore, l->console);
}

static int populate(struct pv_build *b)
{
	int rc;

	b->d->is_initdomain = b->args->initdomain;
	b->d->max_pages = b->args->max_pages > b->args->nr_pages
				  ? b->args->max_pages
				  : b->args->nr_pages;
	b->d->arch.boot_v_start = b->v_start;
	b->d->arch.boot_v_end = b->lay.v_end;
	b->pt_level = xzalloc_array(uint8_t, b->lay.nr_pt_frames);
	if (!b->pt_level)
		return -ENOMEM;
	rc = pv_alloc_memory(b);
	if (rc)
		return rc;
	rc = load_image(b);
	if (rc)
		return rc;
	pv_write_p2m(b);
	pv_build_page_tables(b);
	pv_write_start_info(b);
	pv_write_hypercall_page(b);
	rc = pv_set_frame_types(b);
	if (rc)
		return rc;
	pv_init_vcpu0(b);
	return 0;
}

/* Create and fill the domain; on failure it is gone again. */
static int construct(struct pv_build *b)
{
	const struct pv_build_args *a = b->args;
	int rc;

	b->d = domain_create(a->domid, a->name, a->max_vcpus, a->privileged,
			     &rc);
	if (!b->d)
		return refuse(a, rc, "cannot create the domain");
	if (b->decomp)
		domain_frames_baseline_exclude(b->d, 1UL << b->decomp_order);
	rc = populate(b);
	if (rc) {
		domain_kill_now(b->d);
		b->d = NULL;
		return refuse(a, rc, "out of memory, or the image changed");
	}
	return 0;
}

int pv_build_domain(const struct pv_build_args *a, struct domain **out)
{
	struct pv_build b = { .args = a };
	const char *why = NULL;
	int rc;

	*out = NULL;
	rc = pv_kernel_open(&b, &why);
	if (rc)
		rc = refuse(a, rc, why ? why : "unusable kernel image");
	if (!rc)
		rc = plan(&b);
	if (!rc)
		rc = construct(&b);
	pv_kernel_close(&b);
	xfree(b.p2m);
	xfree(b.pt_level);
	if (rc)
		return rc;
	print_layout(&b);
	if (CONFIG_DEBUG)
		pv_check_domain(b.d);
	*out = b.d;
	return 0;
}
