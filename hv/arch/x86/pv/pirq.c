/* SPDX-License-Identifier: MIT */
/*
 * A domain's pirqs (satori/pirq.h): its table, allocated on first use,
 * the event channel glue of EVTCHNOP_bind_pirq and close, the guest's
 * "needs EOI" bitmap (PHYSDEVOP_pirq_eoi_gmfn_v2) and teardown. Tables
 * and guest GSIs share one lock, guest_irq_lock(), because the interrupt
 * handler reads both.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/pirq.h>
#include <satori/xmalloc.h>

#include <asm/guest-irq.h>
#include <asm/guest-msi.h>
#include <asm/layout.h>
#include <asm/page.h>
#include <asm/pirq-table.h>

#include "pirq.h"

unsigned int domain_nr_pirqs(const struct domain *d)
{
	return guest_irq_nr_gsis() +
	       (d->is_initdomain ? PIRQ_EXTRA_HWDOM : PIRQ_EXTRA_DOMU);
}

struct pirq_table *domain_pirq_table(struct domain *d)
{
	struct pirq_table *t =
		__atomic_load_n(&d->arch.pirqs, __ATOMIC_ACQUIRE);
	unsigned int n = domain_nr_pirqs(d);

	if (t || d->state == DOMSTATE_DYING)
		return t;
	t = xmalloc_bytes(pirq_table_bytes(n));
	if (!t)
		return NULL;
	pirq_table_init(t, n, guest_irq_nr_gsis());
	if (!__atomic_compare_exchange_n(
		    &d->arch.pirqs, &(struct pirq_table *){ NULL }, t, false,
		    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		xfree(t);
		t = __atomic_load_n(&d->arch.pirqs, __ATOMIC_ACQUIRE);
	}
	return t;
}

void pirq_set_eoi_bit(struct domain *d, uint32_t pirq, bool needs_eoi)
{
	uint64_t mfn = __atomic_load_n(&d->arch.pirq_eoi_mfn, __ATOMIC_ACQUIRE);
	uint64_t *map, bit = 1ULL << (pirq % 64);

	if (!mfn || pirq >= PAGE_SIZE * 8)
		return;
	/* The frame is held (general + writable reference) until teardown,
	 * which runs after pirq_domain_destroy(). */
	map = phys_to_virt(mfn << PAGE_SHIFT);
	if (needs_eoi)
		__atomic_fetch_or(&map[pirq / 64], bit, __ATOMIC_RELAXED);
	else
		__atomic_fetch_and(&map[pirq / 64], ~bit, __ATOMIC_RELAXED);
}

int pirq_bind_begin(struct domain *d, uint32_t pirq)
{
	struct pirq_table *t;
	uint64_t flags;
	int rc;

	if (pirq >= domain_nr_pirqs(d))
		return -EINVAL;
	flags = guest_irq_lock();
	t = d->arch.pirqs;
	/* No table: nothing mapped yet. */
	rc = t ? pirq_table_bind_begin(t, pirq) : -EPERM;
	guest_irq_unlock(flags);
	return rc;
}

void pirq_bind_abort(struct domain *d, uint32_t pirq)
{
	uint64_t flags = guest_irq_lock();

	if (d->arch.pirqs)
		pirq_table_bind_abort(d->arch.pirqs, pirq);
	guest_irq_unlock(flags);
}

int pirq_bind_finish(struct domain *d, uint32_t pirq, uint32_t port)
{
	uint64_t flags = guest_irq_lock();
	struct pirq_table *t = d->arch.pirqs;
	int rc = -EINVAL;

	if (t && t->e[pirq].state == PIRQ_MAPPED && t->e[pirq].msi)
		rc = guest_msi_bind(d, (uint8_t)t->e[pirq].gsi, pirq, port);
	else if (t && t->e[pirq].state == PIRQ_MAPPED)
		rc = guest_irq_bind(d, t->e[pirq].gsi, pirq, port);
	if (!t) {
		/* Torn down meanwhile (the domain is dying). */
	} else if (rc < 0) {
		pirq_table_bind_abort(t, pirq);
	} else {
		pirq_table_bind_done(t, pirq, port);
		/* Xen: set for every pirq whose interrupt waits for an EOI,
		 * clear for the others. */
		pirq_set_eoi_bit(d, pirq, rc == 1);
		rc = 0;
	}
	guest_irq_unlock(flags);
	return rc;
}

void pirq_evtchn_closed(struct domain *d, uint32_t pirq, uint32_t port)
{
	uint64_t flags = guest_irq_lock();
	struct pirq_table *t = d->arch.pirqs;
	const struct pirq_entry *e =
		t && pirq < t->nr_pirqs ? &t->e[pirq] : NULL;
	bool msi = e && e->state == PIRQ_MAPPED && e->msi;

	if (t && pirq_table_unbind(t, pirq, port)) {
		if (msi)
			guest_msi_unbind(d, (uint8_t)e->gsi);
		else
			guest_irq_unbind(d, pirq);
		pirq_set_eoi_bit(d, pirq, false);
	}
	guest_irq_unlock(flags);
}

/* Unbind every pirq of @t; an MSI gives back its vector and device.
 * @return the number of MSIs. Guest IRQ lock held. */
static unsigned int release_pirqs(const struct domain *d,
				  const struct pirq_table *t)
{
	unsigned int msis = 0;

	for (uint32_t pirq = 0; pirq < t->nr_pirqs; pirq++) {
		const struct pirq_entry *e = &t->e[pirq];

		if (e->state == PIRQ_MAPPED && e->msi) {
			guest_msi_unmap(d, (uint8_t)e->gsi);
			msis++;
		} else {
			guest_irq_unbind(d, pirq);
		}
	}
	return msis;
}

void pirq_domain_destroy(struct domain *d)
{
	uint64_t flags = guest_irq_lock();
	struct pirq_table *t = d->arch.pirqs;
	unsigned int msis = t ? release_pirqs(d, t) : 0;

	d->arch.pirqs = NULL;
	guest_irq_unlock(flags);
	xfree(t);
	if (msis)
		log_info("pirq: d%u teardown: %u MSI vector%s given back\n",
			 d->domain_id, msis, msis == 1 ? "" : "s");
}
