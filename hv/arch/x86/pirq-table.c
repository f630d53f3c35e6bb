/* SPDX-License-Identifier: MIT */
/*
 * The per-domain pirq table (asm/pirq-table.h): allocation, GSI mapping
 * and the binding marks, with Xen's error codes and order of checks.
 * The caller serialises all calls on one table.
 */
#include <satori/errno.h>

#include <asm/pirq-table.h>

size_t pirq_table_bytes(unsigned int nr_pirqs)
{
	return sizeof(struct pirq_table) +
	       (size_t)nr_pirqs * sizeof(struct pirq_entry);
}

void pirq_table_init(struct pirq_table *t, unsigned int nr_pirqs,
		     unsigned int nr_gsis)
{
	t->nr_pirqs = nr_pirqs;
	t->nr_gsis = nr_gsis;
	for (unsigned int i = 0; i < nr_pirqs; i++)
		t->e[i] = (struct pirq_entry){ .state = PIRQ_FREE };
}

int pirq_table_gsi_to_pirq(const struct pirq_table *t, uint32_t gsi)
{
	for (unsigned int i = 0; i < t->nr_pirqs; i++)
		if (t->e[i].state == PIRQ_MAPPED && !t->e[i].msi &&
		    t->e[i].gsi == gsi)
			return (int)i;
	return -1;
}

/* Free: neither reserved nor mapped, and no event channel still bound
 * to it (an unmapped pirq keeps its port until the guest closes it). */
static bool entry_free(const struct pirq_entry *e)
{
	return e->state == PIRQ_FREE && !e->port && !e->binding;
}

static int find_free(const struct pirq_table *t, bool for_gsi)
{
	if (for_gsi)
		for (unsigned int i = PIRQ_NR_ISA; i < t->nr_gsis; i++)
			if (i < t->nr_pirqs && entry_free(&t->e[i]))
				return (int)i;
	for (unsigned int i = t->nr_pirqs; i-- > t->nr_gsis;)
		if (entry_free(&t->e[i]))
			return (int)i;
	return -ENOSPC;
}

int pirq_table_get_free(struct pirq_table *t, bool for_gsi)
{
	int pirq = find_free(t, for_gsi);

	if (pirq >= 0)
		t->e[pirq].state = PIRQ_RESERVED;
	return pirq;
}

int pirq_table_map_gsi(struct pirq_table *t, uint32_t gsi, int pirq,
		       bool permitted)
{
	int cur = pirq_table_gsi_to_pirq(t, gsi);

	if (pirq < 0) {
		pirq = cur >= 0 ? cur : find_free(t, true);
		if (pirq < 0)
			return pirq;
	} else if (cur >= 0 && cur != pirq) {
		return -EEXIST;
	}
	/* map_domain_pirq: the caller's access to the GSI first, then the
	 * ranges (GSI 0 is Xen's invalid IRQ 0). */
	if (!permitted)
		return -EPERM;
	if ((unsigned int)pirq >= t->nr_pirqs || gsi == 0)
		return -EINVAL;
	if (t->e[pirq].state == PIRQ_MAPPED && t->e[pirq].gsi != gsi)
		return pirq; /* Xen's "already mapped": left as it is. */
	t->e[pirq].state = PIRQ_MAPPED;
	t->e[pirq].gsi = gsi;
	return pirq;
}

int pirq_table_msi_pirq(const struct pirq_table *t, int pirq, bool *already)
{
	*already = false;
	if (pirq < 0)
		return find_free(t, false);
	if ((unsigned int)pirq >= t->nr_pirqs)
		return -EINVAL;
	*already = t->e[pirq].state == PIRQ_MAPPED;
	return pirq;
}

void pirq_table_set_msi(struct pirq_table *t, uint32_t pirq, uint8_t vector)
{
	t->e[pirq].state = PIRQ_MAPPED;
	t->e[pirq].msi = true;
	t->e[pirq].gsi = vector;
}

int pirq_table_unmap(struct pirq_table *t, int pirq, uint32_t *gsi)
{
	struct pirq_entry *e;

	if (pirq < 0 || (unsigned int)pirq >= t->nr_pirqs)
		return -EINVAL;
	e = &t->e[pirq];
	if (e->state != PIRQ_MAPPED)
		return -EINVAL;
	*gsi = e->gsi;
	e->state = PIRQ_FREE;
	e->gsi = 0;
	e->msi = false;
	return 0;
}

int pirq_table_bind_begin(struct pirq_table *t, uint32_t pirq)
{
	struct pirq_entry *e;

	if (pirq >= t->nr_pirqs)
		return -EINVAL;
	e = &t->e[pirq];
	if (e->state != PIRQ_MAPPED)
		return -EPERM;
	if (e->port || e->binding)
		return -EEXIST;
	e->binding = true;
	return 0;
}

void pirq_table_bind_done(struct pirq_table *t, uint32_t pirq, uint32_t port)
{
	t->e[pirq].binding = false;
	t->e[pirq].port = port;
}

void pirq_table_bind_abort(struct pirq_table *t, uint32_t pirq)
{
	t->e[pirq].binding = false;
}

bool pirq_table_unbind(struct pirq_table *t, uint32_t pirq, uint32_t port)
{
	if (pirq >= t->nr_pirqs || t->e[pirq].port != port)
		return false;
	t->e[pirq].port = 0;
	return true;
}
