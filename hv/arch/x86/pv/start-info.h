/* SPDX-License-Identifier: MIT */
/*
 * start_info as the 64-bit PV guest reads it (pv-abi 1.9; Xen's
 * public/xen.h start_info_t, 1168 bytes). Private to the builder until
 * the public headers (branch abi) are merged; the asserts pin the ABI.
 */
#ifndef PV_START_INFO_H
#define PV_START_INFO_H

#include <satori/types.h>

#define PV_START_INFO_MAGIC "xen-3.0-x86_64"
#define SIF_PRIVILEGED (1u << 0)
#define SIF_INITDOMAIN (1u << 1)
#define SIF_MOD_START_PFN (1u << 3)

struct pv_start_info {
	char magic[32];
	uint64_t nr_pages;
	uint64_t shared_info; /* Machine address. */
	uint32_t flags;
	uint32_t pad0;
	uint64_t store_mfn;
	uint32_t store_evtchn;
	uint32_t pad1;
	union {
		struct {
			uint64_t mfn;
			uint32_t evtchn;
			uint32_t pad;
		} domU;
		struct {
			uint32_t info_off;
			uint32_t info_size;
		} dom0;
	} console;
	uint64_t pt_base;
	uint64_t nr_pt_frames;
	uint64_t mfn_list;
	uint64_t mod_start;
	uint64_t mod_len;
	char cmd_line[1024];
	uint64_t first_p2m_pfn;
	uint64_t nr_p2m_frames;
};

_Static_assert(sizeof(struct pv_start_info) == 1168, "start_info size");
_Static_assert(offsetof(struct pv_start_info, flags) == 0x30, "flags");
_Static_assert(offsetof(struct pv_start_info, store_evtchn) == 0x40, "evt");
_Static_assert(offsetof(struct pv_start_info, console) == 0x48, "console");
_Static_assert(offsetof(struct pv_start_info, pt_base) == 0x58, "pt_base");
_Static_assert(offsetof(struct pv_start_info, cmd_line) == 0x80, "cmd_line");
_Static_assert(offsetof(struct pv_start_info, first_p2m_pfn) == 0x480, "p2m");

#endif
