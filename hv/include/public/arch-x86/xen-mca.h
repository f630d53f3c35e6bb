/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_mca(op): the machine-check interface of the hardware domain.
 * Dom0 asks for the physical CPUs' identities (XEN_MC_physcpuinfo), fetches
 * and acknowledges machine-check telemetry the hypervisor collected
 * (XEN_MC_fetch, announced by the global VIRQ_MCA), and may inject test
 * errors. Every op carries XEN_MCA_INTERFACE_VERSION. Layouts are Xen
 * 4.17's; the telemetry records are declared for completeness.
 */
#ifndef PUBLIC_ARCH_X86_XEN_MCA_H
#define PUBLIC_ARCH_X86_XEN_MCA_H

#include "../xen.h"

#define __HYPERVISOR_mca __HYPERVISOR_arch_0

#define XEN_MCA_INTERFACE_VERSION 0x01ecc003

/* xen_mc_fetch.flags on the way in. */
#define XEN_MC_NONURGENT 0x0001
#define XEN_MC_URGENT 0x0002
#define XEN_MC_ACK 0x0004

/* xen_mc_fetch.flags (and notifydomain flags) on the way out. */
#define XEN_MC_OK 0x0
#define XEN_MC_FETCHFAILED 0x1
#define XEN_MC_NODATA 0x2
#define XEN_MC_NOMATCH 0x4
#define XEN_MC_CANNOTHANDLE 0x8
#define XEN_MC_NOTDELIVERED 0x10

#define XEN_MC_VCPUID_INVALID 0xffff

/* The global VIRQ telling dom0 that telemetry is waiting. */
#define VIRQ_MCA VIRQ_ARCH_0

/* mcinfo_common.type: the records inside mc_info.mi_data. */
#define MC_TYPE_GLOBAL 0
#define MC_TYPE_BANK 1
#define MC_TYPE_EXTENDED 2
#define MC_TYPE_RECOVERY 3

/* mcinfo_global.mc_flags. */
#define MC_FLAG_CORRECTABLE (1 << 0)
#define MC_FLAG_UNCORRECTABLE (1 << 1)
#define MC_FLAG_RECOVERABLE (1 << 2)
#define MC_FLAG_POLLED (1 << 3)
#define MC_FLAG_RESET (1 << 4)
#define MC_FLAG_CMCI (1 << 5)
#define MC_FLAG_MCE (1 << 6)

/* mcinfo_recovery.action_flags and action_types. */
#define REC_ACTION_RECOVERED (0x1 << 0)
#define REC_ACTION_NONE (0x1 << 1)
#define REC_ACTION_NEED_RESET (0x1 << 2)
#define MC_ACTION_PAGE_OFFLINE (0x1 << 0)
#define MC_ACTION_CPU_OFFLINE (0x1 << 1)
#define MC_ACTION_CACHE_SHRINK (0x1 << 2)
#define MAX_UNION_SIZE 16

#define MCINFO_HYPERCALLSIZE 1024
#define MCINFO_MAXSIZE 768
#define MCINFO_FLAGS_UNCOMPLETE 0x1

/* mcinfo_logical_cpu: sizes and the meaning of the mc_cpu_caps words
 * (the words Xen actually copies follow its own feature-word order). */
#define __MC_MSR_ARRAYSIZE 8
#define MC_NCAPS 7
#define MC_CAPS_STD_EDX 0
#define MC_CAPS_AMD_EDX 1
#define MC_CAPS_TM 2
#define MC_CAPS_LINUX 3
#define MC_CAPS_STD_ECX 4
#define MC_CAPS_VIA 5
#define MC_CAPS_AMD_ECX 6

/* The ops (xen_mc.cmd). */
#define XEN_MC_fetch 1
#define XEN_MC_notifydomain 2
#define XEN_MC_physcpuinfo 3
#define XEN_MC_msrinject 4
#define XEN_MC_mceinject 5
#define XEN_MC_inject_v2 6

#define MC_MSRINJ_MAXMSRS 8
#define MC_MSRINJ_F_INTERPOSE 0x1 /* keep the value in the hypervisor */
#define MC_MSRINJ_F_GPADDR 0x2	  /* values are guest addresses */

/* xen_mc_inject_v2.flags. */
#define XEN_MC_INJECT_TYPE_MASK 0x7
#define XEN_MC_INJECT_TYPE_MCE 0x0
#define XEN_MC_INJECT_TYPE_CMCI 0x1
#define XEN_MC_INJECT_TYPE_LMCE 0x2
#define XEN_MC_INJECT_CPU_BROADCAST 0x8

#ifndef __ASSEMBLY__

/* Header of every record in mc_info.mi_data; @size includes it. */
struct mcinfo_common {
	uint16_t type;
	uint16_t size;
};
typedef struct mcinfo_common xen_mcinfo_common_t;

/* Which CPU and domain an error hit, and MCG_STATUS. */
struct mcinfo_global {
	xen_mcinfo_common_t common;
	uint16_t mc_domid;
	uint16_t mc_vcpuid;
	uint32_t mc_socketid;
	uint16_t mc_coreid;
	uint16_t mc_core_threadid;
	uint32_t mc_apicid;
	uint32_t mc_flags;
	uint64_t mc_gstatus;
};

/* One error bank's registers. */
struct mcinfo_bank {
	xen_mcinfo_common_t common;
	uint16_t mc_bank;
	uint16_t mc_domid;
	uint64_t mc_status;
	uint64_t mc_addr;
	uint64_t mc_misc;
	uint64_t mc_ctrl2;
	uint64_t mc_tsc;
};

/* An MSR number and its value. */
struct mcinfo_msr {
	uint64_t reg;
	uint64_t value;
};
typedef struct mcinfo_msr xen_mcinfo_msr_t;

/* Further model-specific registers saved with an error. */
struct mcinfo_extended {
	xen_mcinfo_common_t common;
	uint32_t mc_msrs;
	xen_mcinfo_msr_t mc_msr[32];
};

struct page_offline_action {
	uint64_t mfn;
	uint64_t status;
};
typedef struct page_offline_action xen_page_offline_action_t;

struct cpu_offline_action {
	uint32_t mc_socketid;
	uint16_t mc_coreid;
	uint16_t mc_core_threadid;
};
typedef struct cpu_offline_action xen_cpu_offline_action_t;

/* What the hypervisor did about an error. */
struct mcinfo_recovery {
	xen_mcinfo_common_t common;
	uint16_t mc_bank;
	uint8_t action_flags;
	uint8_t action_types;
	union {
		xen_page_offline_action_t page_retire;
		xen_cpu_offline_action_t cpu_offline;
		uint8_t pad[MAX_UNION_SIZE];
	} action_info;
};

/* One telemetry item: @mi_nentries records packed in @mi_data. */
struct mc_info {
	uint32_t mi_nentries;
	uint32_t flags;
	uint64_t mi_data[(MCINFO_MAXSIZE - 1) / 8];
};
typedef struct mc_info mc_info_t;
DEFINE_XEN_GUEST_HANDLE(mc_info_t);

/* One online physical CPU as XEN_MC_physcpuinfo describes it. */
struct mcinfo_logical_cpu {
	uint32_t mc_cpunr; /* the hypervisor's CPU number */
	uint32_t mc_chipid;
	uint16_t mc_coreid;
	uint16_t mc_threadid;
	uint32_t mc_apicid;
	uint32_t mc_clusterid; /* CPUID 1 EBX[31:24] read on that CPU */
	uint32_t mc_ncores;
	uint32_t mc_ncores_active;
	uint32_t mc_nthreads;
	int32_t mc_cpuid_level; /* highest basic CPUID leaf */
	uint32_t mc_family;
	uint32_t mc_vendor; /* Xen's X86_VENDOR_* bit */
	uint32_t mc_model;
	uint32_t mc_step;
	char mc_vendorid[16];
	char mc_brandid[64];
	uint32_t mc_cpu_caps[MC_NCAPS];
	uint32_t mc_cache_size; /* KiB */
	uint32_t mc_cache_alignment;
	int32_t mc_nmsrvals; /* valid entries of mc_msrvalues */
	xen_mcinfo_msr_t mc_msrvalues[__MC_MSR_ARRAYSIZE];
};
typedef struct mcinfo_logical_cpu xen_mc_logical_cpu_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_logical_cpu_t);

/* XEN_MC_fetch: @flags urgent or non-urgent (plus ACK with the @fetch_id
 * being acknowledged); out: XEN_MC_OK/NODATA/FETCHFAILED, the id. */
struct xen_mc_fetch {
	uint32_t flags;
	uint32_t _pad0;
	uint64_t fetch_id;
	XEN_GUEST_HANDLE(mc_info_t) data;
};
typedef struct xen_mc_fetch xen_mc_fetch_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_fetch_t);

/* XEN_MC_notifydomain (Xen refuses it). */
struct xen_mc_notifydomain {
	uint16_t mc_domid;
	uint16_t mc_vcpuid;
	uint32_t flags;
};
typedef struct xen_mc_notifydomain xen_mc_notifydomain_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_notifydomain_t);

/* XEN_MC_physcpuinfo: with a null @info, @ncpus becomes the number of
 * online CPUs; otherwise up to @ncpus entries are written to @info. */
struct xen_mc_physcpuinfo {
	uint32_t ncpus;
	uint32_t _pad0;
	XEN_GUEST_HANDLE(xen_mc_logical_cpu_t) info;
};
typedef struct xen_mc_physcpuinfo xen_mc_physcpuinfo_t;

/* XEN_MC_msrinject: write (or interpose) MCA MSRs on a CPU. */
struct xen_mc_msrinject {
	uint32_t mcinj_cpunr;
	uint32_t mcinj_flags;
	uint32_t mcinj_count;
	domid_t mcinj_domid; /* with MC_MSRINJ_F_GPADDR */
	uint16_t _pad0;
	xen_mcinfo_msr_t mcinj_msr[MC_MSRINJ_MAXMSRS];
};
typedef struct xen_mc_msrinject xen_mc_msrinject_t;

/* XEN_MC_mceinject: raise #MC on a CPU. */
struct xen_mc_mceinject {
	unsigned int mceinj_cpunr;
};
typedef struct xen_mc_mceinject xen_mc_mceinject_t;

/* XEN_MC_inject_v2: #MC, CMCI or LMCE on a set of CPUs. */
struct xen_mc_inject_v2 {
	uint32_t flags;
	xenctl_bitmap_t cpumap;
};
typedef struct xen_mc_inject_v2 xen_mc_inject_v2_t;

struct xen_mc {
	uint32_t cmd;
	uint32_t interface_version;
	union {
		xen_mc_fetch_t mc_fetch;
		xen_mc_notifydomain_t mc_notifydomain;
		xen_mc_physcpuinfo_t mc_physcpuinfo;
		xen_mc_msrinject_t mc_msrinject;
		xen_mc_mceinject_t mc_mceinject;
		xen_mc_inject_v2_t mc_inject_v2;
	} u;
};
typedef struct xen_mc xen_mc_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_t);

XEN_ABI_SIZE(struct mcinfo_global, 32);
XEN_ABI_SIZE(struct mcinfo_bank, 48);
XEN_ABI_SIZE(struct mcinfo_extended, 520);
XEN_ABI_SIZE(struct mcinfo_recovery, 24);
XEN_ABI_SIZE(struct mc_info, 768);
XEN_ABI_SIZE(struct mcinfo_logical_cpu, 304);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_vendorid, 52);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_cpu_caps, 132);
XEN_ABI_OFFSET(struct mcinfo_logical_cpu, mc_msrvalues, 176);
XEN_ABI_SIZE(struct xen_mc_fetch, 24);
XEN_ABI_SIZE(struct xen_mc_physcpuinfo, 16);
XEN_ABI_SIZE(struct xen_mc_msrinject, 144);
XEN_ABI_SIZE(struct xen_mc_inject_v2, 24);
XEN_ABI_SIZE(struct xen_mc, 152);
XEN_ABI_OFFSET(struct xen_mc, u, 8);

#endif /* !__ASSEMBLY__ */

#endif
