/* SPDX-License-Identifier: MIT */
/*
 * The PV MMU around the frame-type core (asm/page-type.h): the per-domain
 * page-table lock, the references a domain's base pointers and pins hold
 * and their release at teardown, and the debugging checker hook.
 * docs/hacking/page-types.md ("Wiring", "Lock").
 */
#ifndef ASM_X86_PV_MM_H
#define ASM_X86_PV_MM_H

#include <satori/cpumask.h>
#include <satori/domain.h>

/* Set in mmu_update's / mmuext_op's count when the call is a
 * continuation: *done_out then holds the progress so far (Xen's
 * internal MMU_UPDATE_PREEMPTED; never part of a guest's count). */
#define MMU_UPDATE_PREEMPTED 0x80000000u

/*
 * Every call into the frame-type core that can touch @d's frames (its own
 * updates, and a privileged caller's on @d as foreign domain) holds @d's
 * lock. With two domains (mmu_update with foreigndom), take them through
 * pt_lock_two(), which orders by domain id so two callers cannot
 * deadlock. Interrupts stay enabled: a type change may wait for TLB-flush
 * IPIs.
 */
static inline void pt_lock(struct domain *d)
{
	spin_lock(&d->arch.pt_lock);
}

static inline void pt_unlock(struct domain *d)
{
	spin_unlock(&d->arch.pt_lock);
}

void pt_lock_two(struct domain *a, struct domain *b);
void pt_unlock_two(struct domain *a, struct domain *b);

/*
 * Teardown of a dying domain's memory (its vCPUs never run again;
 * pv/dom-relinquish.c): drop every vCPU's CR3 references and every pin
 * (devalidating the tables and thereby all references between the
 * domain's frames), release tables left partial, then each frame's
 * allocation reference. Frames nobody else references are freed; any a
 * foreign table still references are orphaned (owner NULL) and freed by
 * their last put_page. With @preemptible, one slice: at most
 * PT_WORK_BUDGET work units, less if a softirq is pending, the progress
 * kept in d->arch.rel; -ERESTART until a call finishes. Without, all that
 * is left at once. 0: d->page_list is empty. Takes pt_lock(d).
 */
int pv_domain_relinquish(struct domain *d, bool preemptible);

/* Give the shared_info frame of @d to it (count and writable type, as
 * Xen's share_xen_page_with_guest), and take it back: false if something
 * still references it (then it must not be freed). */
void pv_share_xen_page(struct domain *d, void *va);
bool pv_unshare_xen_page(struct domain *d, void *va);

/* Guest-requested TLB flushes (pv/mmu-flush.c). The CPUs that may hold
 * @d's translations (those running its vCPUs now); the CPUs of the vCPUs
 * whose bits are set in the guest bitmap at @bitmap_va (-EFAULT if it
 * cannot be read); flush all (@one false) or the one address @va on
 * every CPU of @mask, waiting until done. */
void pv_domain_cpus(const struct domain *d, cpumask_t *mask);
int pv_vcpumask_to_pcpus(const struct domain *d, uint64_t bitmap_va,
			 cpumask_t *mask);
void pv_flush_tlb_mask(const cpumask_t *mask, uint64_t va, bool one);

/* The ptcheck= option: after an MMU hypercall (@after_hypercall) or at
 * shutdown, run the checker on @d if the option asks for it. */
void pv_ptcheck(struct domain *d, bool after_hypercall);
/* Whether ptcheck=hypercall is on (the MMU hypercalls test it inline). */
extern bool pv_ptcheck_each_hypercall;

#endif
