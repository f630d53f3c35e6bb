/* SPDX-License-Identifier: MIT */
/*
 * Deep page-table hierarchies for the hostile MMU tests: an L4 -> L3 ->
 * 2 L2s -> 1024 L1s whose 524,288 entries all map one data page, big
 * enough that validating or devalidating it makes the hypervisor stop part
 * way. Also the "spinner" on a second vCPU that notices the part-validated
 * state by the one write it refuses then. A frame or table write that
 * fails is a test error (test_error()), never a silent result.
 */
#ifndef GUEST_DEEP_PT_H
#define GUEST_DEEP_PT_H

#include <stdint.h>

#define DEEP_PT_NR_L2 2U
#define DEEP_PT_NR_L1 (DEEP_PT_NR_L2 * 512U)

/* The table frames of one hierarchy. */
struct deep_pt {
	uint64_t l4, l3, l2[DEEP_PT_NR_L2], l1[DEEP_PT_NR_L1];
};

/* mmu_frame_alloc(), with none left a test error. */
uint64_t pt_frame_alloc_or_die(void);

/*
 * mmu_table_fill() of all 512 @entries into table frame @mfn through
 * window slot @slot, then the slot unmapped: the frame is left mapped
 * nowhere, so that it can take a page-table type.
 */
void pt_table_write_or_die(unsigned int slot, uint64_t mfn,
			   const uint64_t *entries);

/* Fresh frames for every table of @h: L4, L3, the L2s, then the L1s. */
void deep_pt_alloc(struct deep_pt *h);

/*
 * Writes every table of @h through window slot @slot: each L1 entry is
 * @leaf except the last L1's last entry, which is @last; the L2s map the
 * L1s, the L3's first entries the L2s, and the L4's entry 1 the L3 (all
 * read-write). Nothing is pinned.
 */
void deep_pt_write(const struct deep_pt *h, unsigned int slot, uint64_t leaf,
		   uint64_t last);

/* How many of @h's table frames still hold a type (mmu_check_untyped()
 * in window slot @slot fails for them). */
unsigned int deep_pt_typed_frames(const struct deep_pt *h, unsigned int slot);

/*
 * The spinner: vCPU 1 writes 0 over the empty entry 2 of the L4 @l4_mfn
 * again and again with mmu_update. While the L4 is untyped that is a
 * plain write, while it is a validated L4 an entry update, and only while
 * it is part (de)validated -EINVAL, which it counts; any other error it
 * keeps. Starts vCPU 1 if the domain has one and waits until it runs.
 */
void deep_pt_spinner_start(uint64_t l4_mfn);
/* Lets the spinner's loop end (it does not wait for that). */
void deep_pt_spinner_stop(void);
/* -EINVAL answers seen so far. */
unsigned int deep_pt_spinner_partials(void);
/* The last answer other than 0 and -EINVAL, or 0. */
long deep_pt_spinner_odd_rc(void);
/*
 * For the log: "absent" without a spinner, else whether it saw the L4
 * partial since its count was @since (a deep_pt_spinner_partials()).
 */
const char *deep_pt_spinner_saw(unsigned int since);

#endif /* GUEST_DEEP_PT_H */
