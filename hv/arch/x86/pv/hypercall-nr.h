/* SPDX-License-Identifier: MIT */
/*
 * Hypercall numbers (public/xen.h __HYPERVISOR_*), for the dispatcher
 * until the public headers are merged; identical redefinitions are
 * harmless once they are.
 */
#ifndef PV_HYPERCALL_NR_H
#define PV_HYPERCALL_NR_H

#define __HYPERVISOR_set_trap_table 0
#define __HYPERVISOR_mmu_update 1
#define __HYPERVISOR_set_gdt 2
#define __HYPERVISOR_stack_switch 3
#define __HYPERVISOR_set_callbacks 4
#define __HYPERVISOR_fpu_taskswitch 5
#define __HYPERVISOR_memory_op 12
#define __HYPERVISOR_multicall 13
#define __HYPERVISOR_update_va_mapping 14
#define __HYPERVISOR_set_timer_op 15
#define __HYPERVISOR_xen_version 17
#define __HYPERVISOR_console_io 18
#define __HYPERVISOR_iret 23
#define __HYPERVISOR_vcpu_op 24
#define __HYPERVISOR_sched_op 29
#define __HYPERVISOR_callback_op 30
#define __HYPERVISOR_event_channel_op 32

#endif
