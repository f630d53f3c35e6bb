/* SPDX-License-Identifier: MIT */
/*
 * Writes to live L1 page tables, trapped and emulated (asm/ptwr.h). The
 * rules are Xen 4.17's (arch/x86/traps.c fixup_page_fault and
 * arch/x86/pv/ro-page-fault.c): only a write fault (P=1, W=1, no reserved
 * bit, not a fetch) by the guest kernel with VMASST writable_pagetables
 * on (or in the hardware domain), at an address whose kernel L1 entry
 * maps, read-only, a frame the domain owns that is an L1 table. The store
 * must be naturally aligned and stay in the faulting page; the new entry
 * goes through the same checks as mmu_update (page-table lock held) and
 * is stored with a cmpxchg (cmpxchg_l1_entry), so that the CPU's
 * accessed/dirty updates are not lost. Everything else, and a refused
 * entry, leaves the guest untouched and the #PF is delivered.
 */
#include <asm/ptwr.h>

#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/perfc.h>
#include <satori/vm-assist.h>

#include <asm/cpu-ops.h>
#include <asm/page-type.h>
#include <asm/pte.h>
#include <asm/pv-cpu.h>
#include <asm/pv-mm.h>

#include "emul.h"
#include "mmu.h"
#include "pv.h"
#include "ptwr.h"

#define PFEC_PRESENT (1u << 0)
#define PFEC_WRITE (1u << 1)
#define PFEC_RSVD (1u << 3)
#define PFEC_INSN (1u << 4)

#define X86_EXC_DB 1
/* VMASST_TYPE_writable_pagetables (public/xen.h, which pv.h cannot
 * share a file with). */
#define VMASST_WRITABLE_PT 2
#define DR6_BS (1ULL << 14)

static bool fault_is_candidate(const struct vcpu *v,
			       const struct cpu_user_regs *regs)
{
	uint32_t ec = regs->error_code;

	/* The hardware domain gets the emulation even without the VM
	 * assist: Xen 4.17 sends its write faults on present pages through
	 * pv_ro_page_fault() for read-only MMIO, which emulates L1 writes
	 * too. */
	return v->arch.kernel_mode &&
	       (ec & (PFEC_PRESENT | PFEC_WRITE | PFEC_RSVD | PFEC_INSN)) ==
		       (PFEC_PRESENT | PFEC_WRITE) &&
	       (vm_assist_enabled(v->domain, VMASST_WRITABLE_PT) ||
		v->domain->is_initdomain);
}

/* The L1 entry mapping @va in @v's kernel page tables, or 0 if a level is
 * missing (read as the CPU would; the guest may change them meanwhile,
 * so each entry is read once and each frame checked before use). */
static pte_t guest_kernel_l1e(const struct vcpu *v, uint64_t va)
{
	static const unsigned int shifts[4] = { L4_PAGETABLE_SHIFT,
						L3_PAGETABLE_SHIFT,
						L2_PAGETABLE_SHIFT,
						L1_PAGETABLE_SHIFT };
	unsigned int slot4 = PT_INDEX(va, L4_PAGETABLE_SHIFT);
	mfn_t mfn = _mfn(v->arch.guest_table);
	pte_t e = 0;

	if (slot4 >= PT_HV_FIRST_L4_SLOT && slot4 <= PT_HV_LAST_L4_SLOT)
		return 0; /* the hypervisor's own mappings */
	for (unsigned int i = 0; i < 4; i++) {
		const pte_t *t;

		if (!mfn_valid(mfn))
			return 0;
		t = page_to_virt(mfn_to_page(mfn));
		e = __atomic_load_n(&t[PT_INDEX(va, shifts[i])],
				    __ATOMIC_RELAXED);
		if (!pte_present(e) || (i && i < 3 && (e & _PAGE_PSE)))
			return 0;
		mfn = maddr_to_mfn(pte_addr(e));
	}
	return e;
}

/* commit(): the frame is not (or no longer) an L1 table. */
#define NOT_AN_L1 1
/* Exchanges lost to the CPU's own A/D updates before the guest is made
 * to run the instruction again (Xen's X86EMUL_RETRY). */
#define COMMIT_TRIES 4

/*
 * Run @insn on entry @slot of L1 table @pg (page-table lock held, @pg
 * referenced): 0, NOT_AN_L1, -EAGAIN (the entry kept changing under us)
 * or a validation -errno. On success the entry is stored and @out holds
 * the guest's new registers (computed from @regs). The store is a cmpxchg
 * against the value the instruction was run on, so that accessed/dirty
 * bits the CPU sets meanwhile are seen, not lost.
 */
static int commit(const struct ptwr_insn *insn, uint64_t ea,
		  struct page_info *pg, const struct cpu_user_regs *regs,
		  struct cpu_user_regs *out)
{
	unsigned int slot = (unsigned int)(ea & 0xfff) >> 3;
	unsigned int off = (unsigned int)ea & 7;
	pte_t old, new;
	int rc = -EAGAIN;

	if ((pg->u.type_info & PGT_type_mask) != PGT_l1_page_table ||
	    !(pg->u.type_info & PGT_count_mask))
		return NOT_AN_L1; /* an ordinary read-only page */
	old = __atomic_load_n((pte_t *)page_to_virt(pg) + slot,
			      __ATOMIC_RELAXED);
	for (unsigned int i = 0; i < COMMIT_TRIES && rc == -EAGAIN; i++) {
		*out = *regs;
		new = ptwr_merge(old, ptwr_execute(insn, out, old >> (8 * off)),
				 off, insn->size);
		/* Nothing to store (a failed CMPXCHG, as in Xen's emulator,
		 * compares first and does not look at the new value). */
		if (new == old)
			return 0;
		rc = cmpxchg_l1_entry(pg, slot, &old,
				      pv_adjust_guest_entry(new), pg->owner);
	}
	return rc;
}

static uint64_t segment_base(enum ptwr_seg seg)
{
	if (seg == PTWR_SEG_FS)
		return emul_hw_read_fs_base();
	if (seg == PTWR_SEG_GS)
		return emul_hw_read_gs_base(); /* kernel mode: the kernel's */
	return 0;
}

/* Fetch and decode the instruction at RIP; false if we do not emulate
 * it or its store is not aligned inside the page of @cr2. */
static bool decode_at_rip(const struct vcpu *v,
			  const struct cpu_user_regs *regs, uint64_t cr2,
			  struct ptwr_insn *insn, uint64_t *ea)
{
	uint8_t bytes[EMUL_MAX_INSN_LEN] = { 0 };
	unsigned int n = emul_fetch_insn(regs->rip, bytes);

	if (ptwr_decode(bytes, n, insn) != PTWR_DECODE_OK) {
		log_printf(LOG_GUEST | LOG_DEBUG,
			   "d%u: ptwr: no emulation of the write at %#lx "
			   "(%u bytes: %02x %02x %02x %02x)\n",
			   v->domain->domain_id, (unsigned long)regs->rip, n,
			   bytes[0], bytes[1], bytes[2], bytes[3]);
		return false;
	}
	*ea = ptwr_linear_address(insn, regs, segment_base(insn->seg));
	/* Xen: "bad access" unless aligned and in the faulting page. */
	return !((*ea ^ cr2) >> L1_PAGETABLE_SHIFT) &&
	       !(*ea & (insn->size - 1u));
}

static bool is_l1_table(const struct page_info *pg)
{
	uint64_t type = __atomic_load_n(&pg->u.type_info, __ATOMIC_RELAXED);

	return (type & PGT_type_mask) == PGT_l1_page_table;
}

/* Emulate against the L1 table @pg maps: under the page-table lock, the
 * frame must be the domain's (general reference) and an L1 table. */
static bool emulate(struct vcpu *v, struct cpu_user_regs *regs,
		    const struct ptwr_insn *insn, uint64_t ea,
		    struct page_info *pg)
{
	struct domain *d = v->domain;
	struct cpu_user_regs out;
	int rc = -EBUSY;

	/* As in a hypercall: a type change may wait for TLB-flush IPIs. */
	local_irq_enable();
	pt_lock(d);
	if (get_page(pg, d)) {
		rc = commit(insn, ea, pg, regs, &out);
		put_page(pg);
	}
	pt_unlock(d);
	if (!rc)
		pv_mmu_hypercall_done(d); /* ptcheck=hypercall */
	local_irq_disable();
	if (rc == -EAGAIN)
		return true; /* the guest runs the instruction again */
	if (rc < 0)
		log_printf(LOG_GUEST | LOG_DEBUG,
			   "d%u: ptwr: write at %#lx to %#lx refused (%d)\n",
			   d->domain_id, (unsigned long)regs->rip,
			   (unsigned long)ea, rc);
	if (rc)
		return false;
	perfc_incr(ptwr_emul);
	out.rip += insn->len;
	*regs = out;
	return true;
}

bool pv_ptwr_fault(struct vcpu *v, struct cpu_user_regs *regs, uint64_t cr2)
{
	const uint64_t rip = regs->rip;
	struct ptwr_insn insn;
	uint64_t ea;
	pte_t l1e;

	if (!fault_is_candidate(v, regs))
		return false;
	l1e = guest_kernel_l1e(v, cr2);
	if ((l1e & (_PAGE_PRESENT | _PAGE_RW)) != _PAGE_PRESENT ||
	    !mfn_valid(maddr_to_mfn(pte_addr(l1e))))
		return false;
	/* Most such faults are the guest's own (copy-on-write, a write to
	 * a read-only user page from the kernel's fault-tolerant copies):
	 * leave them before fetching anything, as Xen does. The type is
	 * read without the lock here; commit() checks it again under it. */
	if (!is_l1_table(mfn_to_page(maddr_to_mfn(pte_addr(l1e)))))
		return false;
	if (!decode_at_rip(v, regs, cr2, &insn, &ea))
		return false;
	if (!emulate(v, regs, &insn, ea,
		     mfn_to_page(maddr_to_mfn(pte_addr(l1e)))))
		return false;
	if ((regs->rflags & X86_EFLAGS_TF) && regs->rip != rip) {
		/* The single-step trap the instruction raised on retiring (not
		 * when the guest is only made to run it again). */
		v->arch.debugreg[6] |= DR6_BS;
		pv_inject_exception(v, X86_EXC_DB, false, 0);
	}
	return true;
}
