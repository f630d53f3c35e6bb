/* SPDX-License-Identifier: MIT */
/*
 * vCPUs, time and events for test kernels: vcpu_op and set_timer_op
 * wrappers, the pvclock formula, vcpu_info placed in the kernel's own
 * memory (VCPUOP_register_vcpu_info, which works without mapping
 * shared_info), secondary vCPUs started on stacks of their own, and a
 * minimal event upcall that acknowledges events and counts them.
 */
#ifndef GUEST_VCPU_H
#define GUEST_VCPU_H

#include <guest/abi.h>
#include <stdint.h>
#include <vcpu.h>

/* vCPUs the library can start (stacks and vcpu_info slots). */
#define GUEST_MAX_VCPUS 8

long hc_vcpu_op(unsigned int cmd, unsigned int vcpu, void *arg);
long hc_set_timer_op(uint64_t deadline_ns);

/* Machine frame of a kernel virtual address (VA = PA, the P2M list). */
uint64_t guest_va_to_mfn(const void *va);

/* TSC, ordered against earlier loads. */
uint64_t guest_rdtsc(void);

/* The pvclock formula over one consistent read of @t. */
uint64_t pvclock_read(const volatile struct vcpu_time_info *t);

/*
 * Move vCPU @id's vcpu_info into the library's page (slot @id): call it
 * on @id itself or while @id is down. @return the hypercall's result.
 */
long vcpu_info_register(unsigned int id);

/* vCPU @id's vcpu_info: the registered one, else the shared_info slot
 * if shared_info is mapped, else NULL. */
volatile struct vcpu_info *vcpu_info_of(unsigned int id);

/* Which vCPU runs this code (from the stack it runs on). */
unsigned int this_vcpu(void);

/* System time in ns from this vCPU's vcpu_info (0 if it has none). */
uint64_t guest_now(void);

/*
 * Register this library's event upcall (callback_op) for this vCPU; an
 * alternative to <guest/event.h>'s vCPU-0 consumer that works on every
 * vCPU. It clears evtchn_upcall_pending in the vCPU's own vcpu_info
 * and, if shared_info is mapped, the pending 2-level ports (counting
 * ports 0-63 in vcpu_port_hits[]); it counts upcalls per vCPU in
 * vcpu_upcalls[]. vcpu_start() gives secondary vCPUs this upcall.
 */
long vcpu_events_init(void);
extern volatile uint64_t vcpu_upcalls[GUEST_MAX_VCPUS];
extern volatile uint64_t vcpu_port_hits[64];
/* The vCPU that consumed each port last. */
extern volatile unsigned int vcpu_port_last[64];
/* Ports 0-63 each vCPU consumes (bit n: port n); 0 means all. */
extern volatile uint64_t vcpu_port_mask[GUEST_MAX_VCPUS];

/*
 * Bind VIRQ_TIMER to vCPU @id. @return its port, or -errno (-XEN_ENOSYS on
 * a hypervisor without event channels).
 */
long bind_virq_timer(unsigned int id);

/*
 * Everything a timer test needs on vCPU 0: its vcpu_info registered
 * (the pvclock), this library's upcall, the FIFO ABI if shared_info is
 * not mapped (2-level pending bits live there), VIRQ_TIMER bound.
 * @return the port (>= 0), -XEN_ENOSYS without event channels, or the
 * first other error.
 */
long vcpu0_timer_setup(void);

/* Clear this vCPU's upcall mask; deliver what is pending at once. */
void vcpu_events_unmask(void);

/* SCHEDOP_block: unmask events and sleep until one is pending. */
long vcpu_block(void);

typedef void (*vcpu_fn)(unsigned int id);

/*
 * Start vCPU @id (1 .. GUEST_MAX_VCPUS-1): VCPUOP_initialise with the
 * kernel's page tables, flat selectors, the library's trap table and
 * event callback, its own stack; then VCPUOP_up. It runs @fn(@id), then
 * takes itself down (VCPUOP_down); a later VCPUOP_up runs @fn again.
 * @return the first failing hypercall's result, or 0.
 */
long vcpu_start(unsigned int id, vcpu_fn fn);

/* Fill @c as vcpu_start() would for vCPU @id (tests alter it). */
void vcpu_fill_context(struct vcpu_guest_context *c, unsigned int id);

/* Sort @v[0..@n) ascending and return the value at @permille/1000. */
uint64_t percentile(uint64_t *v, unsigned int n, unsigned int permille);

/*
 * Block until system time reaches @deadline_ns (events unmasked while
 * blocked). A wake before the deadline (Xen fires timers up to its slop
 * early, or another event) blocks again. The clock is read with upcalls
 * masked, so an event arriving between that read and the block ends the
 * block instead of being consumed before it (upcalls are unmasked on
 * return). @return the time of the first wake at or after the deadline;
 * *@early counts the early wakes.
 */
uint64_t block_until(uint64_t deadline_ns, unsigned int *early);

/*
 * Block until *@flag is non-zero. Like block_until(), the flag is read
 * with upcalls masked, so an event sent after setting it cannot be
 * consumed between the read and the block; upcalls are left as on entry.
 */
void block_until_set(const volatile uint32_t *flag);

/*
 * Tests only (time/block-window): if set, block_until() calls it after a
 * clock read found the deadline ahead, right before it blocks (upcalls
 * masked there).
 */
extern void (*volatile block_until_window_hook)(void);

#endif
