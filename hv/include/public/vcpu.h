/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_vcpu_op(cmd, vcpuid, arg): bring secondary vCPUs up and down,
 * read and publish run-state accounting, program the per-vCPU one-shot and
 * periodic timers, and move vcpu_info out of shared_info.
 *
 * RUNSTATE_* are not defined in the hypervisor build: satori/domain.h has
 * them as the enumerators of enum vcpu_runstate, with the same values.
 */
#ifndef PUBLIC_VCPU_H
#define PUBLIC_VCPU_H

#include "xen.h"

#define VCPUOP_initialise 0 /* arg: struct vcpu_guest_context. */
#define VCPUOP_up 1
#define VCPUOP_down 2
#define VCPUOP_is_up 3
#define VCPUOP_get_runstate_info 4 /* arg: struct vcpu_runstate_info. */
#define VCPUOP_register_runstate_memory_area 5
#define VCPUOP_set_periodic_timer 6 /* arg: struct vcpu_set_periodic_timer. */
#define VCPUOP_stop_periodic_timer 7
#define VCPUOP_set_singleshot_timer 8 /* arg: vcpu_set_singleshot_timer. */
#define VCPUOP_stop_singleshot_timer 9
#define VCPUOP_register_vcpu_info 10 /* arg: struct vcpu_register_vcpu_info. */
#define VCPUOP_send_nmi 11
#define VCPUOP_get_physid 12 /* arg: struct vcpu_get_physid. */
#define VCPUOP_register_vcpu_time_memory_area 13

#ifndef __SATORI_HV__
#define RUNSTATE_running 0  /* Running on a physical CPU. */
#define RUNSTATE_runnable 1 /* Ready, waiting for a CPU. */
#define RUNSTATE_blocked 2  /* Waiting for an event. */
#define RUNSTATE_offline 3  /* Down or paused by the toolstack. */
#endif

/* Set in state_entry_time while the hypervisor rewrites the record
 * (VMASST_TYPE_runstate_update_flag). */
#define XEN_RUNSTATE_UPDATE (XEN_MK_ULONG(1) << 63)

/* vcpu_set_singleshot_timer.flags: fail with -ETIME if already past. */
#define _VCPU_SSHOTTMR_future (0)
#define VCPU_SSHOTTMR_future (1U << _VCPU_SSHOTTMR_future)

#ifndef __ASSEMBLY__

/* Time spent in each state, in ns of system time. */
struct vcpu_runstate_info {
	int state; /* RUNSTATE_* */
	uint64_t state_entry_time;
	uint64_t time[4];
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);

/* A guest virtual address the hypervisor keeps the runstate copy at. */
struct vcpu_register_runstate_memory_area {
	union {
		XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
#ifndef __SATORI_HV__
		struct vcpu_runstate_info *v;
#endif
		uint64_t p;
	} addr;
};
typedef struct vcpu_register_runstate_memory_area
	vcpu_register_runstate_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_runstate_memory_area_t);

struct vcpu_set_periodic_timer {
	uint64_t period_ns;
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_periodic_timer_t);

struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns; /* Absolute system time. */
	uint32_t flags;		 /* VCPU_SSHOTTMR_* */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_singleshot_timer_t);

/* Move this vCPU's vcpu_info to machine frame mfn at offset. */
struct vcpu_register_vcpu_info {
	uint64_t mfn;
	uint32_t offset;
	uint32_t rsvd; /* Must be zero. */
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_vcpu_info_t);

/* APIC id in bits 0-31, ACPI id in bits 32-63. */
struct vcpu_get_physid {
	uint64_t phys_id;
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_get_physid_t);
#define xen_vcpu_physid_to_x86_apicid(physid) ((uint32_t)(physid))
#define xen_vcpu_physid_to_x86_acpiid(physid) ((uint32_t)((physid) >> 32))

DEFINE_XEN_GUEST_HANDLE(vcpu_time_info_t);
/* A guest virtual address the hypervisor keeps a vcpu_time_info copy at. */
struct vcpu_register_time_memory_area {
	union {
		XEN_GUEST_HANDLE(vcpu_time_info_t) h;
#ifndef __SATORI_HV__
		struct vcpu_time_info *v;
#endif
		uint64_t p;
	} addr;
};
typedef struct vcpu_register_time_memory_area vcpu_register_time_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_time_memory_area_t);

XEN_ABI_SIZE(struct vcpu_runstate_info, 48);
XEN_ABI_OFFSET(struct vcpu_runstate_info, state_entry_time, 8);
XEN_ABI_OFFSET(struct vcpu_runstate_info, time, 16);
XEN_ABI_SIZE(struct vcpu_register_runstate_memory_area, 8);
XEN_ABI_SIZE(struct vcpu_set_periodic_timer, 8);
XEN_ABI_SIZE(struct vcpu_set_singleshot_timer, 16);
XEN_ABI_OFFSET(struct vcpu_set_singleshot_timer, flags, 8);
XEN_ABI_SIZE(struct vcpu_register_vcpu_info, 16);
XEN_ABI_OFFSET(struct vcpu_register_vcpu_info, offset, 8);
XEN_ABI_SIZE(struct vcpu_get_physid, 8);
XEN_ABI_SIZE(struct vcpu_register_time_memory_area, 8);

#endif /* !__ASSEMBLY__ */

#endif
