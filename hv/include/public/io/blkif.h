/* SPDX-License-Identifier: MIT */
/*
 * The PV block protocol (blkfront/blkback): requests name a virtual disk,
 * a start sector and up to 11 segments, each a granted page with the
 * first and last 512-byte sector used; the backend answers each with the
 * request's id and a status. Layouts of Xen 4.17 for x86-64.
 */
#ifndef PUBLIC_IO_BLKIF_H
#define PUBLIC_IO_BLKIF_H

#include "ring.h"
#include "../grant_table.h"

#define BLKIF_OP_READ 0
#define BLKIF_OP_WRITE 1
#define BLKIF_OP_WRITE_BARRIER 2
#define BLKIF_OP_FLUSH_DISKCACHE 3
#define BLKIF_OP_RESERVED_1 4
#define BLKIF_OP_DISCARD 5
#define BLKIF_OP_INDIRECT 6

#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11
#define BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST 8

/* blkif_request_discard.flag. */
#define BLKIF_DISCARD_SECURE (1 << 0)

#define BLKIF_RSP_EOPNOTSUPP (-2)
#define BLKIF_RSP_ERROR (-1)
#define BLKIF_RSP_OKAY 0

/* The "info" node in xenstore: properties of the virtual disk. */
#define VDISK_CDROM 0x1
#define VDISK_REMOVABLE 0x2
#define VDISK_READONLY 0x4

#ifndef __ASSEMBLY__

typedef uint16_t blkif_vdev_t;
typedef uint64_t blkif_sector_t;

struct blkif_request_segment {
	grant_ref_t gref;	       /* Granted page of the I/O buffer. */
	uint8_t first_sect, last_sect; /* Inclusive, in 512-byte sectors. */
};

struct blkif_request {
	uint8_t operation; /* BLKIF_OP_* */
	uint8_t nr_segments;
	blkif_vdev_t handle;
	uint64_t id; /* Echoed in the response. */
	blkif_sector_t sector_number;
	struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};
typedef struct blkif_request blkif_request_t;

struct blkif_request_discard {
	uint8_t operation; /* BLKIF_OP_DISCARD */
	uint8_t flag;	   /* BLKIF_DISCARD_SECURE or 0. */
	blkif_vdev_t handle;
	uint64_t id;
	blkif_sector_t sector_number;
	uint64_t nr_sectors;
};
typedef struct blkif_request_discard blkif_request_discard_t;

/* Segments listed in granted pages of blkif_request_segment arrays. */
struct blkif_request_indirect {
	uint8_t operation;   /* BLKIF_OP_INDIRECT */
	uint8_t indirect_op; /* BLKIF_OP_READ or _WRITE. */
	uint16_t nr_segments;
	uint64_t id;
	blkif_sector_t sector_number;
	blkif_vdev_t handle;
	grant_ref_t indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
};
typedef struct blkif_request_indirect blkif_request_indirect_t;

struct blkif_response {
	uint64_t id;
	uint8_t operation;
	int16_t status; /* BLKIF_RSP_* */
};
typedef struct blkif_response blkif_response_t;

DEFINE_RING_TYPES(blkif, struct blkif_request, struct blkif_response);

XEN_ABI_SIZE(struct blkif_request_segment, 8);
XEN_ABI_SIZE(struct blkif_request, 112);
XEN_ABI_OFFSET(struct blkif_request, id, 8);
XEN_ABI_OFFSET(struct blkif_request, sector_number, 16);
XEN_ABI_OFFSET(struct blkif_request, seg, 24);
XEN_ABI_SIZE(struct blkif_request_discard, 32);
XEN_ABI_SIZE(struct blkif_request_indirect, 64);
XEN_ABI_OFFSET(struct blkif_request_indirect, indirect_grefs, 28);
XEN_ABI_SIZE(struct blkif_response, 16);
XEN_ABI_OFFSET(struct blkif_response, status, 10);
XEN_ABI_OFFSET(struct blkif_sring, ring, 64);
XEN_ABI_SIZE(union blkif_sring_entry, 112);

#endif /* !__ASSEMBLY__ */

#endif
