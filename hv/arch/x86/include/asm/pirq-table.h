/* SPDX-License-Identifier: MIT */
/*
 * A domain's pirq table: which GSI each of its pirq numbers names and
 * which event channel it is bound to. Pure bookkeeping with Xen's rules
 * (xen/arch/x86/irq.c: get_free_pirq, allocate_pirq, map_domain_pirq,
 * unmap_domain_pirq, evtchn_bind_pirq's checks); no locking and no
 * hardware, so the host unit tests run the same code (pv/pirq.c holds
 * the lock and drives the IO-APIC).
 */
#ifndef ASM_X86_PIRQ_TABLE_H
#define ASM_X86_PIRQ_TABLE_H

#include <satori/types.h>

/* Xen's pirq counts: the platform's GSIs plus 392 for the hardware
 * domain (what Xen 4.17 gives dom0 on QEMU's q35: "d0 has maximum 416
 * PIRQs") or 32 for any other (extra_domU_irqs). */
#define PIRQ_EXTRA_HWDOM 392
#define PIRQ_EXTRA_DOMU 32
/* Pirqs 0-15 are ISA IRQs: get_free_pirq never hands them out. */
#define PIRQ_NR_ISA 16

enum pirq_state {
	PIRQ_FREE,
	PIRQ_RESERVED, /* PHYSDEVOP_get_free_pirq: taken, no GSI yet. */
	PIRQ_MAPPED,   /* map_pirq: names entry->gsi. */
};

struct pirq_entry {
	/* PIRQ_MAPPED: the GSI (never 0, as in Xen), or with msi set the
	 * vector of the MSI (asm/guest-msi.h). */
	uint32_t gsi;
	uint32_t port; /* Bound event channel; 0: none. */
	uint8_t state; /* enum pirq_state */
	/* bind_pirq passed its checks and is allocating the port. */
	bool binding;
	bool msi; /* PIRQ_MAPPED to an MSI rather than a GSI. */
};

struct pirq_table {
	unsigned int nr_pirqs;
	unsigned int nr_gsis; /* GSIs 0..nr_gsis-1 exist (IO-APIC pins). */
	struct pirq_entry e[];
};

/* Bytes for a table of @nr_pirqs entries. */
size_t pirq_table_bytes(unsigned int nr_pirqs);

/* Empty table (memory of pirq_table_bytes()). */
void pirq_table_init(struct pirq_table *t, unsigned int nr_pirqs,
		     unsigned int nr_gsis);

/* The pirq mapped to @gsi (not an MSI), or -1. */
int pirq_table_gsi_to_pirq(const struct pirq_table *t, uint32_t gsi);

/*
 * PHYSDEVOP_get_free_pirq / map_pirq without a pirq: the lowest free pirq
 * in [16, nr_gsis) for a GSI (@for_gsi), else the highest free one at or
 * above nr_gsis; marked PIRQ_RESERVED. @return it or -ENOSPC.
 */
int pirq_table_get_free(struct pirq_table *t, bool for_gsi);

/*
 * PHYSDEVOP_map_pirq, MAP_PIRQ_TYPE_GSI, GSI @gsi (the caller checked
 * 0 <= gsi < nr_gsis) to @pirq, or to a free pirq when @pirq < 0 (the
 * one already mapped to @gsi, if any). @permitted: the caller may use
 * @gsi. @return the pirq (>= 0) or, in Xen's order, -ENOSPC, -EEXIST
 * (@gsi mapped to another pirq), -EPERM, -EINVAL (GSI 0, pirq out of
 * range). As in Xen, a @pirq that names
 * another GSI is left alone and still "succeeds" (map_domain_pirq's
 * "already mapped" answer is 0).
 */
int pirq_table_map_gsi(struct pirq_table *t, uint32_t gsi, int pirq,
		       bool permitted);

/*
 * PHYSDEVOP_map_pirq of an MSI, Xen's allocate_pirq and map_domain_pirq
 * range checks: @pirq < 0 takes the highest free pirq at or above
 * nr_gsis. @return the pirq to map (>= 0), -ENOSPC, -EINVAL (out of
 * range); *@already says it is mapped already (to anything), which Xen
 * answers with success and no change.
 */
int pirq_table_msi_pirq(const struct pirq_table *t, int pirq, bool *already);

/* Mark @pirq (from pirq_table_msi_pirq) mapped to MSI vector @vector. */
void pirq_table_set_msi(struct pirq_table *t, uint32_t pirq, uint8_t vector);

/*
 * PHYSDEVOP_unmap_pirq: @pirq back to PIRQ_FREE. Its binding (port)
 * stays, as Xen's forced unbind leaves the event channel to the guest.
 * @return 0 (*@gsi: the GSI it named, or the MSI's vector) or -EINVAL (out of range, not
 * mapped).
 */
int pirq_table_unmap(struct pirq_table *t, int pirq, uint32_t *gsi);

/*
 * EVTCHNOP_bind_pirq's checks in Xen's order: -EINVAL (out of range),
 * -EPERM (not mapped: no access), -EEXIST (bound or being bound). On 0
 * the entry is marked binding until pirq_table_bind_done/_abort.
 */
int pirq_table_bind_begin(struct pirq_table *t, uint32_t pirq);
void pirq_table_bind_done(struct pirq_table *t, uint32_t pirq, uint32_t port);
void pirq_table_bind_abort(struct pirq_table *t, uint32_t pirq);

/* Closing @port: forget the binding if @pirq is still bound to it.
 * @return whether it was. */
bool pirq_table_unbind(struct pirq_table *t, uint32_t pirq, uint32_t port);

#endif
