/* SPDX-License-Identifier: MIT */
/*
 * Domains: creation, the domain list, reference counts, pause, shutdown,
 * crash and teardown (contract in satori/domain.h). Teardown returns every
 * frame a domain held; when the last domain is gone the free-frame count
 * is compared with the one before the first was created, so a leak shows
 * up as a console line instead of slowly shrinking memory.
 */
#include <satori/bug.h>
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/grant-table.h>
#include <satori/event.h>
#include <satori/format.h>
#include <satori/log.h>
#include <satori/mm.h>
#include <satori/page-list.h>
#include <satori/pirq.h>
#include <satori/sched.h>
#include <satori/shutdown.h>
#include <satori/string.h>
#include <satori/teardown.h>
#include <satori/time.h>
#include <satori/vcpu-timer.h>
#include <satori/xmalloc.h>

#include <asm/m2p.h>
#include <asm/page-type.h>
#include <asm/pv-mm.h>
#include <asm/pv.h>
#include <asm/rtc.h>
#include <asm/tlb-clock.h>

#include "domain-private.h"

/* Xen allocates struct domain as one xenheap page; so do we, which keeps
 * the frame accounting exact (no xmalloc pool page stays behind). */
_Static_assert(sizeof(struct domain) <= PAGE_SIZE, "struct domain is a page");
/* Large xmalloc objects are whole pages returned on xfree (same reason). */
_Static_assert(sizeof(struct vcpu) > XMALLOC_MAX_SMALL, "vcpu is page-sized");

#define VCPU_INFO_SIZE 64	/* public/xen.h struct vcpu_info */
#define LEGACY_VCPU_INFOS 32	/* XEN_LEGACY_MAX_VCPUS */
#define VCPU_INFO_UPCALL_MASK 1 /* offset of evtchn_upcall_mask */

static DEFINE_SPINLOCK(domlist_lock);
static struct domain *domain_list;	   /* Sorted by domain_id. */
static unsigned long frames_free_at_start; /* When the list last filled. */

/*
 * Frames not in use by anyone: free in the heap, or cached by xmalloc's
 * small-object pools (shared by the whole hypervisor, so a pool page that
 * a build's temporary allocation pulled in is not a domain's leak).
 */
static unsigned long frames_unused(void)
{
	struct xmalloc_stats st;

	xmalloc_get_stats(&st);
	return mm_free_pages() + st.pages_small;
}

struct domain *first_domain(void)
{
	return domain_list;
}

void domain_for_each(void (*fn)(struct domain *d, void *arg), void *arg)
{
	spin_lock(&domlist_lock);
	for (struct domain *d = domain_list; d; d = d->next_in_list)
		fn(d, arg);
	spin_unlock(&domlist_lock);
}

static bool domid_taken(domid_t domid)
{
	for (struct domain *d = domain_list; d; d = d->next_in_list)
		if (d->domain_id == domid)
			return true;
	return false;
}

/* Insert @d in id order; false if its id is taken. */
static bool domlist_insert(struct domain *d)
{
	struct domain **pp;
	bool ok = false;

	spin_lock(&domlist_lock);
	if (!domid_taken(d->domain_id)) {
		for (pp = &domain_list; *pp; pp = &(*pp)->next_in_list)
			if ((*pp)->domain_id > d->domain_id)
				break;
		d->next_in_list = *pp;
		*pp = d;
		ok = true;
	}
	spin_unlock(&domlist_lock);
	return ok;
}

/* Remove @d; true if the list is now empty. */
static bool domlist_remove(struct domain *d)
{
	bool empty;

	spin_lock(&domlist_lock);
	for (struct domain **pp = &domain_list; *pp; pp = &(*pp)->next_in_list)
		if (*pp == d) {
			*pp = d->next_in_list;
			break;
		}
	empty = !domain_list;
	spin_unlock(&domlist_lock);
	return empty;
}

static void *shared_info_alloc(struct domain *d)
{
	uint8_t *si = alloc_xenheap_pages_zeroed(0);

	if (!si)
		return NULL;
	/* Events start masked for every legacy vcpu_info (pv-abi 1.8). */
	for (unsigned int i = 0; i < LEGACY_VCPU_INFOS; i++)
		si[i * VCPU_INFO_SIZE + VCPU_INFO_UPCALL_MASK] = 1;
	wallclock_write(si); /* The RTC's time at system time 0. */
	/* The guest maps this frame by its machine address: it is the
	 * domain's, with a permanent writable type (asm/pv-mm.h). */
	pv_share_xen_page(d, si);
	return si;
}

static void shared_info_free(struct domain *d)
{
	if (!d->shared_info)
		return;
	/* Still referenced (a bug elsewhere): leak it rather than free it. */
	if (pv_unshare_xen_page(d, d->shared_info))
		free_xenheap_pages(d->shared_info, 0);
	d->shared_info = NULL;
}

static struct vcpu *vcpu_alloc(struct domain *d, unsigned int id)
{
	struct vcpu *v = xzalloc(struct vcpu);

	if (!v)
		return NULL;
	v->vcpu_id = id;
	v->domain = d;
	v->runstate = RUNSTATE_offline;
	pv_debugreg_reset(v); /* DR6/DR7 reset values, as Xen. */
	if (id < LEGACY_VCPU_INFOS)
		v->vcpu_info =
			(struct vcpu_info *)((uint8_t *)d->shared_info +
					     (size_t)id * VCPU_INFO_SIZE);
	if (arch_vcpu_fpu_alloc(v)) {
		xfree(v);
		return NULL;
	}
	if (vcpu_create_sched(v)) {
		arch_vcpu_fpu_free(v);
		xfree(v);
		return NULL;
	}
	vcpu_timers_init(v); /* On v->processor, chosen just now. */
	return v;
}

static void vcpus_free(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		if (!d->vcpus[i])
			continue;
		vcpu_timers_kill(d->vcpus[i]);
		vcpu_destroy_sched(d->vcpus[i]);
		arch_vcpu_fpu_free(d->vcpus[i]);
		xfree(d->vcpus[i]);
		d->vcpus[i] = NULL;
	}
}

static struct domain *domain_alloc(domid_t domid, const char *name,
				   unsigned int max_vcpus, bool privileged)
{
	struct domain *d = alloc_xenheap_pages_zeroed(0);

	if (!d)
		return NULL;
	d->domain_id = domid;
	strlcpy(d->name, name ? name : "", sizeof(d->name));
	d->refcnt = 1;
	spin_lock_init(&d->lock);
	spin_lock_init(&d->page_alloc_lock);
	d->page_list = (struct page_list_head)PAGE_LIST_HEAD_INIT;
	d->state = DOMSTATE_CREATED;
	d->pause_count = 1; /* Created paused. */
	d->is_privileged = privileged;
	d->max_vcpus = max_vcpus;
	d->shared_info = shared_info_alloc(d);
	if (!d->shared_info)
		goto fail;
	for (unsigned int i = 0; i < max_vcpus; i++) {
		d->vcpus[i] = vcpu_alloc(d, i);
		if (!d->vcpus[i])
			goto fail;
	}
	if (evtchn_domain_init(d))
		goto fail;
	if (grant_table_init(d))
		goto fail;
	return d;
fail:
	grant_table_destroy(d);
	evtchn_domain_free(d);
	vcpus_free(d);
	shared_info_free(d);
	free_xenheap_pages(d, 0);
	return NULL;
}

struct domain *domain_create(domid_t domid, const char *name,
			     unsigned int max_vcpus, bool privileged, int *rc)
{
	struct domain *d;

	*rc = -EINVAL;
	if (domid >= DOMID_FIRST_RESERVED || !max_vcpus ||
	    max_vcpus > MAX_VIRT_CPUS)
		return NULL;
	*rc = -EEXIST;
	spin_lock(&domlist_lock);
	if (domid_taken(domid)) {
		spin_unlock(&domlist_lock);
		return NULL;
	}
	/* The first domain of a set: remember the free frames before it
	 * takes any, for the check when the last one is gone. */
	if (!domain_list)
		frames_free_at_start = frames_unused();
	spin_unlock(&domlist_lock);
	*rc = -ENOMEM;
	d = domain_alloc(domid, name, max_vcpus, privileged);
	if (!d)
		return NULL;
	if (!domlist_insert(d)) {
		*rc = -EEXIST; /* Lost a race for the id. */
		grant_table_destroy(d);
		evtchn_domain_free(d);
		vcpus_free(d);
		shared_info_free(d);
		free_xenheap_pages(d, 0);
		return NULL;
	}
	*rc = 0;
	domain_reap_note_created(d);
	log_info("domain: d%u '%s' created, %u vCPU%s%s\n", domid, d->name,
		 max_vcpus, max_vcpus == 1 ? "" : "s",
		 privileged ? ", privileged" : "");
	return d;
}

struct domain *get_domain_by_id(domid_t domid)
{
	struct domain *found = NULL;

	spin_lock(&domlist_lock);
	for (struct domain *d = domain_list; d; d = d->next_in_list)
		if (d->domain_id == domid) {
			if (get_domain(d))
				found = d;
			break;
		}
	spin_unlock(&domlist_lock);
	return found;
}

struct domain *get_domain_by_id_dying(domid_t domid)
{
	struct domain *found = NULL;

	spin_lock(&domlist_lock);
	for (struct domain *d = domain_list; d; d = d->next_in_list)
		if (d->domain_id == domid) {
			spin_lock(&d->lock);
			if (d->refcnt) {
				d->refcnt++;
				found = d;
			}
			spin_unlock(&d->lock);
			break;
		}
	spin_unlock(&domlist_lock);
	return found;
}

struct domain *get_domain_by_any_id(domid_t domid)
{
	struct domain *self = current->domain;

	if (domid == DOMID_SELF || domid == self->domain_id)
		return get_domain(self) ? self : NULL;
	return get_domain_by_id(domid);
}

bool get_domain(struct domain *d)
{
	bool ok;

	spin_lock(&d->lock);
	ok = d->state != DOMSTATE_DYING && d->refcnt;
	if (ok)
		d->refcnt++;
	spin_unlock(&d->lock);
	return ok;
}

void get_domain_held(struct domain *d)
{
	spin_lock(&d->lock);
	BUG_ON(!d->refcnt);
	d->refcnt++;
	spin_unlock(&d->lock);
}

void put_domain(struct domain *d)
{
	unsigned int left;

	spin_lock(&d->lock);
	BUG_ON(!d->refcnt);
	left = --d->refcnt;
	spin_unlock(&d->lock);
	if (!left)
		domain_destroy(d);
}

/*
 * Before the domain's frames go back to the heap: no timer may fire into
 * them and no vcpu_info or runstate area may point into them any more.
 * A registered vcpu_info frame's references (register_vcpu_info) are
 * dropped here; the vCPUs' page-table and GDT references go in
 * pv_domain_relinquish().
 */
static void vcpus_quiesce(struct domain *d)
{
	for (unsigned int i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpus[i];

		if (!v)
			continue;
		vcpu_timers_kill(v);
		v->runstate_guest = 0;
		if (v->vcpu_info_mfn) {
			v->vcpu_info = NULL;
			pv_unmap_vcpu_info(v);
		}
	}
}

bool domain_set_once(struct domain *d, bool *flag)
{
	bool first;

	spin_lock(&d->lock);
	first = !*flag;
	*flag = true;
	spin_unlock(&d->lock);
	return first;
}

/* What goes before the memory, once: nothing may point into it. */
static void destroy_begin(struct domain *d)
{
	if (!domain_set_once(d, &d->teardown_begun))
		return;
	d->arch.dying = true; /* see domain_free_page() */
	vcpus_quiesce(d);
}

/* The phases before the memory (Xen's evtchn_destroy, then the pirqs,
 * then gnttab_release_mappings), in d->links_phase. */
enum links_phase { LINKS_EVTCHN, LINKS_PIRQ, LINKS_GRANT, LINKS_DONE };

/*
 * Release what links @d to other domains and to the hardware: ports
 * (FIFO frames included), pirqs, grant mappings, within one slice's
 * budget. The slice that finishes them ends there (-ERESTART), so that
 * the memory's own budget starts with a fresh slice; 0 once done.
 */
static int release_links(struct domain *d, bool preemptible)
{
	struct teardown_budget b = { .preemptible = preemptible,
				     .units = TEARDOWN_SLICE_UNITS };
	uint64_t start = now_ns(), took;
	int rc = 0;

	if (d->links_phase == LINKS_DONE)
		return 0;
	while (!rc && d->links_phase != LINKS_DONE) {
		if (d->links_phase == LINKS_EVTCHN)
			rc = evtchn_domain_release(d, &b);
		else if (d->links_phase == LINKS_PIRQ)
			pirq_domain_destroy(d); /* A few: at once. */
		else
			rc = grant_release_mappings(d, &b);
		if (!rc)
			d->links_phase++;
	}
	took = now_ns() - start;
	d->links_slices++;
	if (took > d->links_longest_ns)
		d->links_longest_ns = took;
	if (!rc)
		printk("domain: d%u ports and grant mappings released in %u "
		       "slices, longest %lu us\n",
		       d->domain_id, d->links_slices,
		       d->links_longest_ns / 1000);
	return rc ? rc : (preemptible ? -ERESTART : 0);
}

int domain_relinquish_slice(struct domain *d, bool preemptible)
{
	int rc;

	destroy_begin(d);
	rc = release_links(d, preemptible);
	if (rc)
		return rc;
	/* Through the frame-type core: references first, then frames. */
	rc = pv_domain_relinquish(d, preemptible);
	if (!rc)
		d->relinquished = true;
	return rc;
}

void domain_destroy(struct domain *d)
{
	if (!d->relinquished && !d->teardown_at_once) {
		destroy_begin(d);
		domain_teardown_queue(d);
		return;
	}
	BUG_ON(domain_relinquish_slice(d, false));
	domain_destroy_finish(d);
}

void domain_destroy_finish(struct domain *d)
{
	domid_t id = d->domain_id;
	bool last;

	BUG_ON(d->tot_pages);
	vcpus_free(d);
	evtchn_domain_free(d); /* Its ports closed before the memory. */
	/* After the memory: its tables may have mapped the frames. */
	grant_table_destroy(d);
	shared_info_free(d);
	last = domlist_remove(d);
	free_xenheap_pages(d, 0);
	log_info("domain: d%u destroyed\n", id);
	if (last)
		domain_check_all_gone();
}

void domain_teardown_done(struct domain *d)
{
	if (d->teardown_has_creation_ref)
		put_domain(d); /* Finishes now unless others hold @d. */
	else
		domain_destroy_finish(d);
}

bool domain_frames_balanced(void)
{
	return frames_unused() == frames_free_at_start;
}

void domain_frames_baseline_exclude(const struct domain *d,
				    unsigned long frames)
{
	spin_lock(&domlist_lock);
	if (domain_list == d && !d->next_in_list)
		frames_free_at_start += frames;
	spin_unlock(&domlist_lock);
}

void domain_check_all_gone(void)
{
	unsigned long now = frames_unused();

	printk("domain: all domains gone, %lu frames free (%lu at start)\n",
	       now, frames_free_at_start);
	if (now != frames_free_at_start)
		log_err("domain: %ld frames not returned\n",
			(long)(frames_free_at_start - now));
	domain_reap_all_gone();
}

int assign_pages(struct domain *d, struct page_info *pg, unsigned int order)
{
	unsigned long n = 1UL << order;
	int rc = 0;

	spin_lock(&d->page_alloc_lock);
	if (d->state == DOMSTATE_DYING || d->tot_pages + n > d->max_pages) {
		rc = -ENOMEM;
		goto out;
	}
	for (unsigned long i = 0; i < n; i++) {
		pg[i].owner = d;
		pg[i].count_info |= PGC_allocated;
		page_list_add_tail(&pg[i], &d->page_list);
	}
	d->tot_pages += n;
out:
	spin_unlock(&d->page_alloc_lock);
	return rc;
}

void domain_free_page(struct page_info *pg)
{
	struct domain *d = pg->owner;

	BUG_ON(!d || (pg->count_info & PGC_count_mask));
	spin_lock(&d->page_alloc_lock);
	page_list_del(pg, &d->page_list);
	BUG_ON(!d->tot_pages);
	d->tot_pages--;
	spin_unlock(&d->page_alloc_lock);
	m2p_set(page_to_mfn(pg), INVALID_M2P_ENTRY);
	/*
	 * A CPU may still cache a translation to the frame (guests unmap
	 * without flushing); none may survive into its next owner, so the
	 * clock flushes the CPUs that have not flushed since the last
	 * mapping went: since now, or, in a batch that set free_tick, since
	 * then (one flush per batch). Not for a dying domain: its vCPUs are
	 * off every CPU and each CPU they ran on has written CR3 since (a
	 * full flush: CR4.PGE clear, no PCIDs), and a frame another domain
	 * still maps is not freed here. That also keeps teardown free of
	 * IPIs (it may run with interrupts off).
	 */
	if (!d->arch.dying) {
		tlb_clock_stamp_at(pg, d->arch.free_tick ? d->arch.free_tick
							 : tlb_clock_now());
		tlb_clock_flush_for(pg);
	}
	/* free_domheap_pages() wants frames still marked as allocated. */
	pg->count_info = PGC_allocated;
	pg->u.type_info = PGT_none;
	free_domheap_pages(pg, 0);
}
