/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_xen_version(cmd, arg): the hypervisor's version, build
 * information and the feature bitmap. XENVER_version returns
 * (major << 16) | minor directly; the other commands fill the buffer or
 * structure arg points to.
 */
#ifndef PUBLIC_VERSION_H
#define PUBLIC_VERSION_H

#include "xen.h"
#include "features.h"

#define XENVER_version 0

#define XENVER_extraversion 1
#define XENVER_compile_info 2
#define XENVER_capabilities 3
#define XENVER_changeset 4
#define XENVER_platform_parameters 5
#define XENVER_get_features 6
#define XENVER_pagesize 7     /* Returns the page size; arg unused. */
#define XENVER_guest_handle 8 /* Fills a xen_domain_handle_t. */
#define XENVER_commandline 9
#define XENVER_build_id 10

#ifndef __ASSEMBLY__

typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;

/* Space-separated ABI names, e.g. "xen-3.0-x86_64". */
typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

/* Lowest address the hypervisor reserves (HYPERVISOR_VIRT_START). */
struct xen_platform_parameters {
	xen_ulong_t virt_start;
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

struct xen_feature_info {
	unsigned int submap_idx; /* In: which 32-bit submap. */
	uint32_t submap;	 /* Out: its bits (XENFEAT_*). */
};
typedef struct xen_feature_info xen_feature_info_t;

typedef char xen_commandline_t[1024];

/* len is the buffer size in; the build id's length is returned. */
struct xen_build_id {
	uint32_t len;
	unsigned char buf[];
};
typedef struct xen_build_id xen_build_id_t;

XEN_ABI_SIZE(struct xen_compile_info, 144);
XEN_ABI_SIZE(struct xen_platform_parameters, 8);
XEN_ABI_SIZE(struct xen_feature_info, 8);
XEN_ABI_SIZE(struct xen_build_id, 4);

#endif /* !__ASSEMBLY__ */

#endif
