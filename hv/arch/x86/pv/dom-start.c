/* SPDX-License-Identifier: MIT */
/*
 * What the guest finds besides its image: the P2M list, start_info, the
 * hypercall page, and vCPU 0's register state (pv-abi 1.7-1.9, 1.11).
 */
#include <satori/string.h>

#include <asm/desc.h>
#include <asm/m2p.h>

#include <public/xen.h>

#include "dom-build-private.h"
#include "hypercall-page.h"

#define PV_INITIAL_RFLAGS 0x202

static uint64_t va_to_pa(const struct pv_build *b, uint64_t va)
{
	return va - b->v_start;
}

/* pfn -> mfn for every frame; the rest of the last page holds INVALID, as
 * Linux extends the list to whole pages itself. */
void pv_write_p2m(const struct pv_build *b)
{
	uint64_t pa = va_to_pa(b, b->lay.p2m_start);
	uint64_t bytes = b->args->nr_pages * sizeof(unsigned long);
	uint64_t tail =
		(PAGE_SIZE - (bytes & (PAGE_SIZE - 1))) & (PAGE_SIZE - 1);
	const unsigned long invalid = INVALID_M2P_ENTRY;

	pv_copy_to_phys(b, pa, b->p2m, bytes);
	for (uint64_t off = 0; off < tail; off += sizeof(invalid))
		pv_copy_to_phys(b, pa + bytes + off, &invalid, sizeof(invalid));
}

static void start_info_modules(const struct pv_build *b, struct start_info *si)
{
	if (!b->args->initrd_len)
		return;
	si->mod_len = b->args->initrd_len;
	if (b->lay.initrd_end == b->lay.initrd_start) {
		si->mod_start = b->lay.initrd_pfn;
		si->flags |= SIF_MOD_START_PFN;
	} else {
		si->mod_start = b->lay.initrd_start;
	}
}

void pv_write_start_info(const struct pv_build *b)
{
	struct start_info *si =
		pv_pfn_to_virt(b, va_to_pa(b, b->lay.start_info) >> PAGE_SHIFT);
	const struct domain *d = b->d;

	strlcpy(si->magic, "xen-3.0-x86_64", sizeof(si->magic));
	si->nr_pages = b->args->nr_pages;
	si->shared_info = virt_to_phys(d->shared_info);
	si->flags = (d->is_privileged ? SIF_PRIVILEGED : 0) |
		    (d->is_initdomain ? SIF_INITDOMAIN : 0);
	/* No event channels yet: the store and console ports stay 0. dom0
	 * gets no dom0_vga_console_info (info_off 0: none). */
	if (!b->args->initdomain) {
		si->store_mfn =
			b->p2m[va_to_pa(b, b->lay.xenstore) >> PAGE_SHIFT];
		si->console.domU.mfn =
			b->p2m[va_to_pa(b, b->lay.console) >> PAGE_SHIFT];
	}
	si->pt_base = b->lay.pt_start;
	si->nr_pt_frames = b->lay.nr_pt_frames;
	si->mfn_list = b->lay.p2m_start;
	start_info_modules(b, si);
	if (b->args->cmdline)
		strlcpy((char *)si->cmd_line, b->args->cmdline,
			sizeof(si->cmd_line));
}

void pv_write_hypercall_page(const struct pv_build *b)
{
	unsigned long pfn;

	if (b->elf.virt_hypercall == XEN_ELF_UNSET)
		return;
	pfn = va_to_pa(b, b->elf.virt_hypercall) >> PAGE_SHIFT;
	hypercall_page_fill(pv_pfn_to_virt(b, pfn));
	b->d->arch.hypercall_page_mfn = b->p2m[pfn];
}

void pv_init_vcpu0(const struct pv_build *b)
{
	struct vcpu *v = b->d->vcpus[0];
	struct cpu_user_regs *r = &v->arch.regs;

	memset(r, 0, sizeof(*r));
	r->rip = b->elf.virt_entry;
	r->rsp = b->lay.stack_end;
	r->rsi = b->lay.start_info;
	r->rflags = PV_INITIAL_RFLAGS;
	r->cs = FLAT_KERNEL_CS;
	r->ss = FLAT_KERNEL_SS;
	v->arch.kernel_mode = true;
	v->arch.guest_table = b->l4_mfn;
	v->arch.guest_table_user = 0;
	v->is_initialised = true;
	v->is_up = true;
	v->runstate = RUNSTATE_runnable;
}
