/* SPDX-License-Identifier: MIT */
/*
 * Inside the grant-table code: the per-domain table with its active
 * entries and maptrack, and the helpers the hypercall handlers share with
 * creation and destruction (table.c), the pin logic (active.c) and the
 * maptrack allocator (maptrack.c). docs/hacking/grant-tables.md.
 *
 * Lock order: a mapping domain's maptrack lock, then a granting domain's
 * table lock, then the page-table locks (asm/pv-mm.h).
 */
#ifndef GRANT_PRIVATE_H
#define GRANT_PRIVATE_H

#include <satori/spinlock.h>
#include <satori/types.h>

#include <public/grant_table.h>

struct domain;

/* v1 entries per grant frame. */
#define GRANT_PER_FRAME 512

/*
 * Pin counts of an active entry (Xen's GNTPIN_*): four 8-bit counters,
 * host writable / host read-only / device writable / device read-only.
 * The top bit of any counter set means "about to overflow": new pins are
 * refused then.
 */
#define GNTPIN_HSTW_INC (1U << 0)
#define GNTPIN_HSTR_INC (1U << 8)
#define GNTPIN_DEVW_INC (1U << 16)
#define GNTPIN_DEVR_INC (1U << 24)
#define GNTPIN_HSTW_MASK (0xffU << 0)
#define GNTPIN_HSTR_MASK (0xffU << 8)
#define GNTPIN_DEVW_MASK (0xffU << 16)
#define GNTPIN_DEVR_MASK (0xffU << 24)
#define GNTPIN_OVERFLOW_MASK 0x80808080U
#define GNTPIN_WRITE_MASK (GNTPIN_HSTW_MASK | GNTPIN_DEVW_MASK)

/* The hypervisor's side of one grant entry while someone uses it. */
struct active_grant {
	uint32_t pin;	/* GNTPIN_* counters; 0: not in use. */
	uint16_t domid; /* The grantee, while pinned. */
	uint64_t mfn;	/* The granted frame, fixed while pinned. */
};

/* One mapping a domain made of another's (or its own) grant. */
struct grant_map {
	uint32_t flags;	    /* GNTMAP_* still held; 0: entry free. */
	uint32_t ref;	    /* The grant reference in @rd's table. */
	uint16_t domid;	    /* @rd's id as the guest named it. */
	uint64_t mfn;	    /* The frame mapped. */
	struct domain *rd;  /* The granter, referenced while in use. */
	uint32_t next_free; /* Free list link while free. */
};

#define MAPTRACK_CHUNK 256 /* Entries allocated at a time. */
#define MAPTRACK_NONE 0xffffffffU

/* A domain's handles: chunks of MAPTRACK_CHUNK entries, a free list. */
struct maptrack {
	struct grant_map **chunks; /* max_chunks slots, nr_chunks filled. */
	unsigned int nr_chunks, max_chunks;
	uint32_t free_head; /* MAPTRACK_NONE: take a new chunk. */
	uint32_t in_use;
};

struct grant_table {
	spinlock_t lock;	 /* Growth; version; active entries. */
	unsigned int version;	 /* Always 1: v2 is not offered. */
	unsigned int nr_frames;	 /* Frames in use, never shrinks. */
	unsigned int max_frames; /* The limit fixed at creation. */
	/* max_frames slots, [0, nr_frames) filled: the frames' hypervisor
	 * addresses. A filled slot stays until destruction, so it may be
	 * read without the lock by whoever holds a domain reference. */
	void **shared;
	/* max_frames slots, [0, nr_frames) filled: GRANT_PER_FRAME active
	 * entries per grant frame, read and written under @lock. */
	struct active_grant **active;
	/* The mappings this domain holds of grants, under @maptrack_lock. */
	spinlock_t maptrack_lock;
	struct maptrack maptrack;
	/* Teardown (grant_release_mappings): the next handle to release,
	 * and how many live mappings were released so far. */
	uint32_t release_handle;
	uint32_t released;
};

/* Grow @gt (of @d) to @nr frames, lock held: 0 or -ENOMEM (then the
 * table is unchanged). @nr <= max_frames. */
int grant_table_grow(struct domain *d, struct grant_table *gt, unsigned int nr);

/* The machine frame of grant frame @i (< nr_frames). */
uint64_t grant_frame_mfn(const struct grant_table *gt, unsigned int i);

/* ---- Grant entries and pins (active.c), @gt's lock held ---- */

/* Grant entries @gt has now. */
static inline uint32_t grant_nr_entries(const struct grant_table *gt)
{
	return gt->nr_frames * GRANT_PER_FRAME;
}

/* The shared and active entries of @ref (< grant_nr_entries). */
struct grant_entry_v1 *grant_shared_entry(const struct grant_table *gt,
					  uint32_t ref);
struct active_grant *grant_active_entry(const struct grant_table *gt,
					uint32_t ref);

/*
 * Check and mark the shared entry @sh for a new pin by @ldom (Xen's
 * _set_status_v1): if @act is unpinned, @sh must be GTF_permit_access for
 * @ldom (and, with @mapping, not GTF_sub_page); a writable pin needs no
 * GTF_readonly. Sets GTF_reading (and GTF_writing) with a compare-exchange
 * the guest may race, giving up after 5 tries. GNTST_okay or
 * GNTST_general_error (nothing changed).
 */
int16_t grant_set_status(struct grant_entry_v1 *sh,
			 const struct active_grant *act, uint16_t ldom,
			 bool readonly, bool mapping);

/*
 * Whether a new pin of @act by @ldom may be taken: an unpinned entry
 * always; a pinned one only by the same grantee and with no counter near
 * overflow.
 */
bool grant_pin_allowed(const struct active_grant *act, uint16_t ldom);

/*
 * Pin @act for @ldom as @inc (a GNTPIN_*_INC), marking @sh as needed:
 * GNTST_okay, or general_error (refused pin, bad entry). The first pin
 * records @ldom; the frame is the caller's to record (act->mfn).
 */
int16_t grant_pin(struct grant_entry_v1 *sh, struct active_grant *act,
		  uint16_t ldom, uint32_t inc, bool mapping);

/* Drop a pin @inc (taken by grant_pin) and clear GTF_writing /
 * GTF_reading in @sh when no pin needs them any more. */
void grant_unpin(struct grant_entry_v1 *sh, struct active_grant *act,
		 uint32_t inc);

/* The counter a mapping with GNTMAP_* @flags (device or host) pins. */
static inline uint32_t grant_pin_inc(bool device, bool readonly)
{
	if (device)
		return readonly ? GNTPIN_DEVR_INC : GNTPIN_DEVW_INC;
	return readonly ? GNTPIN_HSTR_INC : GNTPIN_HSTW_INC;
}

/* ---- Maptrack (maptrack.c), the owner's maptrack lock held ---- */

/* An empty maptrack of at most @max_entries (rounded down to whole
 * chunks, at least one): 0 or -ENOMEM. */
int maptrack_init(struct maptrack *mt, unsigned int max_entries);
void maptrack_free(struct maptrack *mt);

/* A free handle in *@handle (its entry zeroed, flags 0): 0, -ENOSPC at
 * the limit, -ENOMEM. The caller fills the entry. */
int maptrack_get(struct maptrack *mt, uint32_t *handle);

/* Give @handle back (its flags must be 0). */
void maptrack_put(struct maptrack *mt, uint32_t handle);

/* The entry of @handle, or NULL past the handles that exist (Xen's
 * maptrack_limit): free entries are returned with flags 0. */
struct grant_map *maptrack_entry(const struct maptrack *mt, uint32_t handle);

/* Handles that exist (allocated chunks times MAPTRACK_CHUNK). */
static inline uint32_t maptrack_limit(const struct maptrack *mt)
{
	return mt->nr_chunks * MAPTRACK_CHUNK;
}

#endif
