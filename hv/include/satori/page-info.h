/* SPDX-License-Identifier: MIT */
/*
 * The frame table: one struct page_info per machine frame, at
 * FRAMETABLE_START, indexed by MFN. It records who owns each frame and how
 * it is used (reference count, page-table type and type count), and links
 * free frames into the buddy allocator's lists.
 *
 * The table is sparse: it covers every MFN below max_page, but only the
 * parts describing RAM are backed by memory, in chunks of FT_CHUNK_FRAMES
 * frames. mfn_valid() says whether a frame has a page_info at all; never
 * touch mfn_to_page(mfn) without it.
 *
 * mfn_t is always a one-member struct (not only in debug builds): mixing
 * up frame numbers, guest frame numbers and addresses is then a compile
 * error, at no run-time cost.
 */
#ifndef SATORI_PAGE_INFO_H
#define SATORI_PAGE_INFO_H

#include <satori/types.h>

#include <asm/page.h>

typedef struct {
	unsigned long mfn;
} mfn_t;

#define INVALID_MFN_RAW (~0UL)

static inline mfn_t _mfn(unsigned long m)
{
	return (mfn_t){ m };
}

static inline unsigned long mfn_x(mfn_t m)
{
	return m.mfn;
}

static inline bool mfn_eq(mfn_t a, mfn_t b)
{
	return a.mfn == b.mfn;
}

static inline paddr_t mfn_to_maddr(mfn_t m)
{
	return (paddr_t)m.mfn << PAGE_SHIFT;
}

static inline mfn_t maddr_to_mfn(paddr_t pa)
{
	return _mfn(pa >> PAGE_SHIFT);
}

/* Owner of a frame; defined by the domain code. */
struct domain;

/* List links as frame numbers (32 bits each keep page_info at 32 bytes and
 * cover 16 TiB of machine memory). PAGE_LIST_NULL ends a list. */
#define PAGE_LIST_NULL 0xffffffffu
struct page_list_entry {
	uint32_t next, prev;
};

struct page_list_head {
	uint32_t first, last;
};

#define PAGE_LIST_HEAD_INIT                    \
	{                                      \
		PAGE_LIST_NULL, PAGE_LIST_NULL \
	}

struct page_info {
	struct page_list_entry list;
	/* PGC_* flags in the top bits, a general reference count below. */
	uint64_t count_info;
	union {
		/* Allocated to a domain: PGT_* type, flags and type count. */
		uint64_t type_info;
		/* Head of a free buddy block. */
		struct {
			uint32_t order;
		} free;
		/* Hypervisor heap page: what xmalloc carved it into. */
		struct {
			uint16_t xmalloc_class; /* 0: not xmalloc's. */
			uint16_t order; /* Large xmalloc: block order. */
		} heap;
	} u;
	struct domain *owner; /* NULL: free or the hypervisor's. */
};

_Static_assert(sizeof(struct page_info) == 32, "frame table entry size");

/* count_info */
#define PGC_allocated (1ULL << 63) /* Owned by a domain (owner != NULL). */
#define PGC_free (1ULL << 62)	   /* Head of a free buddy block. */
#define PGC_xen_heap (1ULL << 61)  /* Hypervisor heap (xenheap) page. */
#define PGC_reserved (1ULL << 60)  /* Never handed to the allocator. */
#define PGC_count_mask ((1ULL << 48) - 1)

/* type_info: a frame is one type at a time; the type count says how many
 * references rely on that type. */
#define PGT_type_shift 60
#define PGT_type_mask (7ULL << PGT_type_shift)
#define PGT_none (0ULL << PGT_type_shift)
#define PGT_l1_page_table (1ULL << PGT_type_shift)
#define PGT_l2_page_table (2ULL << PGT_type_shift)
#define PGT_l3_page_table (3ULL << PGT_type_shift)
#define PGT_l4_page_table (4ULL << PGT_type_shift)
#define PGT_seg_desc_page (5ULL << PGT_type_shift)
#define PGT_writable_page (7ULL << PGT_type_shift)
#define PGT_validated (1ULL << 59) /* Contents checked for this type. */
#define PGT_pinned (1ULL << 58)	   /* Pinned by the owner (MMUEXT_PIN). */
/* A table whose validation or devalidation stopped part way (Xen's
 * PGT_partial; essay in hv/arch/x86/mm/page-type.c): entries below the
 * progress index hold their references, the entry at the index holds a
 * partial one if PGT_partial_entry, and the type count is 1. */
#define PGT_partial (1ULL << 63)
#define PGT_partial_entry (1ULL << 57)
#define PGT_progress_shift 48
#define PGT_progress_mask (0x1ffULL << PGT_progress_shift)
#define PGT_count_mask ((1ULL << 48) - 1)

/* Frames per backed chunk of the frame table: 512 * 32 bytes = 4 pages. */
#define FT_CHUNK_SHIFT 9
#define FT_CHUNK_FRAMES (1UL << FT_CHUNK_SHIFT)

/* The table's base (FRAMETABLE_START in the hypervisor), one past the
 * highest frame it covers, and the bitmap of backed chunks. */
extern struct page_info *frame_table;
extern unsigned long max_page;
extern unsigned long *frame_table_chunk_map;

static inline bool mfn_valid(mfn_t m)
{
	unsigned long chunk = mfn_x(m) >> FT_CHUNK_SHIFT;
	unsigned long bits = 8 * sizeof(unsigned long);

	return mfn_x(m) < max_page &&
	       ((frame_table_chunk_map[chunk / bits] >> (chunk % bits)) & 1);
}

static inline struct page_info *mfn_to_page(mfn_t m)
{
	return frame_table + mfn_x(m);
}

static inline mfn_t page_to_mfn(const struct page_info *pg)
{
	return _mfn((unsigned long)(pg - frame_table));
}

static inline paddr_t page_to_maddr(const struct page_info *pg)
{
	return mfn_to_maddr(page_to_mfn(pg));
}

/* The direct-map address of a frame, and back. */
static inline void *page_to_virt(const struct page_info *pg)
{
	return phys_to_virt(page_to_maddr(pg));
}

static inline struct page_info *virt_to_page(const void *va)
{
	return mfn_to_page(maddr_to_mfn(virt_to_phys(va)));
}

#endif
