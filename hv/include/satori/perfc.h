/* SPDX-License-Identifier: MIT */
/*
 * Event counters for performance work (Xen's perfc, much smaller): built
 * only with `make PERFC=y` (CONFIG_PERFC), otherwise every increment
 * compiles to nothing, so the hot paths of a normal build do not pay for
 * them. Counts are per CPU and unlocked (each CPU increments only its
 * own); debug key 'p' prints the sums, 'P' zeroes them.
 */
#ifndef SATORI_PERFC_H
#define SATORI_PERFC_H

#include <satori/time.h>
#include <satori/types.h>

/* The make flag sets it; host unit tests of perfc users build without. */
#ifndef CONFIG_PERFC
#define CONFIG_PERFC 0
#endif

/* Non-hypercall events; hypercalls are counted by number. */
enum perfc_event {
	PERFC_cr3_guest,	 /* CR3 loaded with a guest root */
	PERFC_cr3_idle,		 /* CR3 loaded with the idle tables */
	PERFC_ctxsw_guest,	 /* context switch guest vCPU -> guest vCPU */
	PERFC_ctxsw_to_idle,	 /* guest vCPU -> idle */
	PERFC_ctxsw_from_idle,	 /* idle -> guest vCPU, full state load */
	PERFC_ctxsw_lazy_hit,	 /* idle -> the vCPU still loaded: no load */
	PERFC_lazy_sync,	 /* a lazily kept vCPU saved for good */
	PERFC_event_check_ipi,	 /* event-check IPIs sent */
	PERFC_halt,		 /* hlt in the idle loop */
	PERFC_baseptr,		 /* MMUEXT_NEW_BASEPTR */
	PERFC_user_baseptr,	 /* MMUEXT_NEW_USER_BASEPTR */
	PERFC_sched_affine_wake, /* woken vCPU queued behind its sender */
	PERFC_sched_affine_timeout, /* ... and the sender kept running */
	PERFC_timer_program,	    /* hardware timer (re)programmed */
	PERFC_timer_irq,	    /* hardware timer interrupts */
	PERFC_timer_pass_empty,	    /* timer softirq passes that ran none */
	PERFC_sched_pick_ns,	    /* ns in schedule() before a guest switch */
	PERFC_ctxsw_guest_ns,	    /* ns of guest switches, up to the resume */
	PERFC_affine_wait_ns,	/* ns from an affine wake-up to the switch */
	PERFC_ctxsw_save_ns,	/* ... of which saving prev's state */
	PERFC_ctxsw_load_ns,	/* ... of which loading next's state */
	PERFC_ipi_wake_ns,	/* ns from an event-check IPI to its handler */
	PERFC_timer_fn,		/* timer callbacks run */
	PERFC_virq_timer,	/* VIRQ_TIMER events sent to a vCPU */
	PERFC_event_upcall,	/* event upcalls bounced into a guest */
	PERFC_pf_bounce,	/* #PF passed on to the guest */
	PERFC_ptwr_emul,	/* direct L1 write emulated */
	PERFC_mmu_update_req,	/* mmu_update requests (entries) */
	PERFC_mmuext_pin,	/* MMUEXT_PIN_L*_TABLE */
	PERFC_mmuext_unpin,	/* MMUEXT_UNPIN_TABLE */
	PERFC_guest_flush_full, /* guest-asked full flush, per CPU */
	PERFC_guest_flush_one,	/* guest-asked INVLPG, per CPU */
	PERFC_guest_flush_ipi,	/* ... of those, on another CPU */
	PERFC_type_flush,	/* frame type change that needs flushes */
	PERFC_type_flush_cpu,	/* ... CPUs it flushed (this one too) */
	PERFC_type_flush_ipi,	/* ... of those, other CPUs (IPIs) */
	NR_PERFC_EVENTS
};

#define PERFC_HCALLS 64 /* hypercall numbers counted; larger ones in 63 */

#if CONFIG_PERFC
void perfc_count_event(enum perfc_event e);
void perfc_count_hypercall(unsigned int nr);
void perfc_count_add(enum perfc_event e, uint64_t n);
#define perfc_incr(e) perfc_count_event(PERFC_##e)
#define perfc_add(e, n) perfc_count_add(PERFC_##e, n)
#define perfc_now() now_ns() /* for perfc_add() of durations */
#define perfc_hypercall(nr) perfc_count_hypercall(nr)
#else
#define perfc_incr(e) ((void)0)
#define perfc_add(e, n) ((void)(n))
#define perfc_now() 0ull
#define perfc_hypercall(nr) ((void)(nr))
#endif

#endif
