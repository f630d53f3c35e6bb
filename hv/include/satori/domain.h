/* SPDX-License-Identifier: MIT */
/*
 * Domains and virtual CPUs: the objects every PV mechanism hangs off.
 *
 * Lifecycle of a domain (design.md; Xen's d->is_dying and shutdown states):
 *
 *   CREATED --unpause--> RUNNING <--pause/unpause--> PAUSED
 *      |                    |
 *      |                 shutdown(reason)  (SCHEDOP_shutdown, domain_crash)
 *      |                    v
 *      +------------> SHUTDOWN --domain_kill--> DYING --last ref--> freed
 *
 * A domain is reference counted (get_domain/put_domain). domain_kill()
 * stops its vCPUs, closes what it holds and drops the creation reference;
 * when the last reference goes, every frame and structure it held is
 * returned (domain_destroy()). Nothing outside this file frees a domain.
 *
 * Locking: domlist_lock protects the domain list; d->lock protects the
 * state and pause counts; d->page_alloc_lock protects the page list and
 * tot_pages.
 */
#ifndef SATORI_DOMAIN_H
#define SATORI_DOMAIN_H

#include <satori/cpumask.h>
#include <satori/page-info.h>
#include <satori/spinlock.h>
#include <satori/timer.h>
#include <satori/types.h>

#include <asm/domain.h>

struct evtchn_domain;
struct grant_table;

typedef uint16_t domid_t;

#define DOMID_FIRST_RESERVED 0x7ff0 /* public/xen.h */
#define DOMID_SELF 0x7ff0
#define DOMID_IO 0x7ff1
#define DOMID_XEN 0x7ff2
#define DOMID_IDLE 0x7fff

#define DOMAIN_NAME_MAX 32
#define MAX_VIRT_CPUS 64

enum domain_state {
	DOMSTATE_CREATED,  /* Built, never run. */
	DOMSTATE_RUNNING,  /* May be scheduled. */
	DOMSTATE_PAUSED,   /* Paused by the control domain or a debugger. */
	DOMSTATE_SHUTDOWN, /* Stopped with a reason; resources still held. */
	DOMSTATE_DYING,	   /* Being torn down. */
};

enum vcpu_runstate {
	RUNSTATE_running = 0, /* public/vcpu.h values */
	RUNSTATE_runnable = 1,
	RUNSTATE_blocked = 2,
	RUNSTATE_offline = 3,
};

/* A domain's scheduling parameters (satori/sched.h, sched_set_params). */
struct sched_params {
	unsigned int weight; /* credit, bvt: relative share (1-65535). */
	unsigned int cap;    /* credit: % of one pCPU, 0 = uncapped. */
	uint64_t warp_ns;    /* bvt: warp value W (virtual ns), 0 = none. */
	uint64_t warpl_ns;   /* bvt: warp limit L (real ns), 0 = none. */
	uint64_t warpu_ns;   /* bvt: unwarp requirement U (real ns). */
};

struct vcpu {
	unsigned int vcpu_id;
	struct domain *domain;
	unsigned int processor; /* pCPU it runs on, or last ran on. */

	enum vcpu_runstate runstate;
	uint64_t runstate_entry_ns;
	uint64_t runstate_time_ns[4];

	bool is_initialised; /* Has a register state (VCPUOP_initialise). */
	bool is_up;	     /* Not VPF_down. */
	unsigned int pause_count;
	bool blocked;	   /* SCHEDOP_block / poll. */
	bool in_multicall; /* Inside do_multicall: nesting is refused. */

	/* A continuation the running hypercall asked for (hypercall.h):
	 * applied to the guest's registers (or its multicall entry) when the
	 * handler returns, then cleared. */
	struct {
		bool pending;
		unsigned int nr;
		uint64_t args[5]; /* HYPERCALL_MAX_ARGS */
	} hcall_cont;

	/* The vcpu_info events, CR2 and time go to: the slot in shared_info
	 * until VCPUOP_register_vcpu_info moves it into guest memory. */
	struct vcpu_info *vcpu_info;
	/* The guest frame holding it after register_vcpu_info (0: none),
	 * with a general + writable type reference held. */
	uint64_t vcpu_info_mfn;

	/* Guest timers (common/vcpu-timer.c): set_timer_op / singleshot
	 * and periodic, both on v->processor, raising VIRQ_TIMER. */
	struct timer singleshot_timer;
	struct timer periodic_timer;
	uint64_t periodic_period_ns; /* 0: periodic timer off. */
	uint64_t periodic_last_ns;   /* When it last fired. */

	/* VCPUOP_register_runstate_memory_area: guest VA (0: none),
	 * rewritten at each context switch (pv/runstate-area.c). */
	uint64_t runstate_guest;

	void *sched_priv; /* The scheduler's per-vCPU data. */
	struct vcpu *next_in_runq;
	bool on_runq;	 /* Queued by the policy (sched core). */
	bool is_running; /* On a CPU; cleared once its state is saved. */
	cpumask_t hard_affinity;     /* pCPUs it may run on (sched core). */
	struct vcpu *sched_next_all; /* The sched core's list of vCPUs. */

	struct arch_vcpu arch;
};

struct domain {
	domid_t domain_id;
	char name[DOMAIN_NAME_MAX];
	unsigned int refcnt;
	spinlock_t lock;
	enum domain_state state;
	unsigned int shutdown_code; /* SHUTDOWN_* when state >= SHUTDOWN. */
	unsigned int pause_count;

	bool is_privileged; /* May use control hypercalls (dom0). */
	bool is_initdomain; /* SIF_INITDOMAIN: the hardware domain. */

	/* Memory owned by the domain, and the limits. */
	spinlock_t page_alloc_lock;
	struct page_list_head page_list;
	unsigned long tot_pages;
	unsigned long max_pages;

	/* The shared_info page (a hypervisor page the guest maps RW). */
	struct shared_info *shared_info;

	unsigned int max_vcpus;
	struct vcpu *vcpus[MAX_VIRT_CPUS];

	/* -ENOSYS hypercalls and subops logged once per domain (bitmap
	 * indexed by hypercall number). */
	uint64_t enosys_logged[2];

	/* Scheduling parameters (satori/sched.h) and the policy's
	 * per-domain data. */
	struct sched_params sched_params;
	void *sched_priv;

	struct domain *next_in_list;

	/* Teardown (common/domain-teardown.c): the last reference went and
	 * its memory is being returned in slices; the next such domain. */
	bool teardown_at_once; /* domain_kill_now(): no slices. */
	struct domain *next_teardown;
	bool creation_ref_dropped; /* domain_kill() dropped it. */
	bool teardown_begun;	   /* Timers, vcpu_info, event frames gone. */
	bool relinquished;	   /* Every frame released. */
	unsigned int teardown_slices; /* domain_kill_preemptible() calls. */
	/* Before the memory (domain.c): event channels, pirqs, grant
	 * mappings, each phase in slices; the enum is domain.c's. */
	unsigned int links_phase;
	unsigned int links_slices; /* Slices they took so far, */
	uint64_t links_longest_ns; /* and the longest (printed). */
	/* domain_kill() gave the creation reference to the slices, which
	 * drop it when done (domain_teardown_done). */
	bool teardown_has_creation_ref;

	/* Event channels (hv/common/event/): ports, locks, FIFO state. */
	struct evtchn_domain *evtchn;
	/* The grant table (satori/grant-table.h); NULL only while built. */
	struct grant_table *grant_table;

	struct arch_domain arch;
};

/* The domain the current vCPU belongs to, and the current vCPU. On a CPU
 * running no guest, current is that CPU's idle vCPU. Inline in the
 * hypervisor (two loads, read on every guest entry); host unit tests
 * provide their own definition. */
#ifndef SATORI_UNIT_TEST
#include <satori/smp.h>

/* Each CPU's running vCPU; written only by the scheduler (sched/core.c). */
extern struct vcpu *sched_curr[NR_CPUS];

static inline struct vcpu *current_vcpu(void)
{
	return sched_curr[smp_processor_id()];
}
#else
struct vcpu *current_vcpu(void);
#endif
#define current current_vcpu()

/*
 * Create a domain with @domid and @max_vcpus (>=1), paused, with no
 * memory. @return it with one reference (the creation reference), or NULL
 * (-ENOMEM, or the id is taken: @rc says which).
 */
struct domain *domain_create(domid_t domid, const char *name,
			     unsigned int max_vcpus, bool privileged, int *rc);

/* Look up a live domain by id and take a reference; NULL if none. */
struct domain *get_domain_by_id(domid_t domid);

/* The domain a hypercall argument names for the current domain:
 * DOMID_SELF or an id (its own included), with a reference; NULL if
 * none or dying (Xen's rcu_lock_domain_by_any_id). */
struct domain *get_domain_by_any_id(domid_t domid);

/* Look up a domain by id whatever its state (XEN_DOMCTL_destroydomain
 * carries on with a dying one) and take a reference; NULL if none, or if
 * its last reference is already gone. */
struct domain *get_domain_by_id_dying(domid_t domid);

/* Take a reference; false if the domain is already dying. */
bool get_domain(struct domain *d);

/* Take another reference on @d, which the caller already holds one on
 * (so @d cannot go away meanwhile); works on a dying domain too. */
void get_domain_held(struct domain *d);

/* Drop a reference; the last one destroys the domain. */
void put_domain(struct domain *d);

/* Pause and unpause (nested counts). */
void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);

/*
 * Stop the domain with SHUTDOWN_@reason (public/sched.h): its vCPUs stop
 * running. For the initial domain this ends the machine (poweroff,
 * reboot, crash), unless other domains keep running.
 */
void domain_shutdown(struct domain *d, unsigned int reason);

/*
 * The guest did something fatal to itself: log @fmt with its state, shut
 * it down as crashed and kill it. Never returns to the guest.
 */
void domain_crash(struct domain *d, const char *fmt, ...) __printf(2, 3);

/*
 * Tear down a shut-down domain: mark it DYING and stop its vCPUs now;
 * then its event channels, pirqs, grant mappings and memory go in slices
 * run from a timer (common/domain-teardown.c), each holding the CPU for
 * at most one work budget and yielding to pending softirqs. The slices
 * hold the creation reference and drop it when done; the domain stays on
 * the list, DYING, until its last reference goes.
 */
void domain_kill(struct domain *d);

/*
 * XEN_DOMCTL_destroydomain (Xen's domain_kill): kill @d and release its
 * memory in slices, one per call: -ERESTART while there is more (the
 * caller makes a hypercall continuation), 0 once the memory is back and
 * the creation reference dropped (or when someone else finishes it).
 * -EINVAL for the caller's own domain.
 */
int domain_kill_preemptible(struct domain *d);

/* domain_kill(), but a destruction it causes happens before it returns
 * (self-tests, a failed build: callers that count frames next). */
void domain_kill_now(struct domain *d);

/*
 * Give @d 2^@order frames starting at @pg (fresh from the heap): owner,
 * page list, tot_pages. @return 0, -ENOMEM past max_pages.
 */
int assign_pages(struct domain *d, struct page_info *pg, unsigned int order);

/*
 * The last general reference of @pg, a frame of a domain, has gone (the
 * owner's allocation reference included): take it off its owner's page
 * list and tot_pages, invalidate its M2P entry, flush the TLBs that may
 * still map it (TLB-flush clock) and give it back to the heap, which
 * scrubs it before anyone gets it again. Takes the owner's
 * page_alloc_lock; the caller must not hold it.
 */
void domain_free_page(struct page_info *pg);

/*
 * True if the free-frame count equals the one before the first domain of
 * the current set was created (meaningful once all domains are gone).
 */
bool domain_frames_balanced(void);

/*
 * A builder held @frames temporarily (freed before it returns) when it
 * created @d: if @d is the first domain of the set, those frames were not
 * free at the baseline but will be at the check; count them as free.
 */
void domain_frames_baseline_exclude(const struct domain *d,
				    unsigned long frames);

/*
 * The boot domains have been started. From now on, with no control domain
 * (dom0=none), satori destroys each domain that shuts down and ends the
 * machine when the last one is gone (hv/common/domain-reap.c).
 */
void domain_reap_arm(void);

/* For each live domain, under domlist_lock. */
struct domain *first_domain(void);

/* Call @fn(d, @arg) for every domain on the list, holding domlist_lock
 * (so @fn must not create or destroy domains). */
void domain_for_each(void (*fn)(struct domain *d, void *arg), void *arg);

/*
 * Print @v's registers (domain_crash, debug key 'q'). The default prints
 * the saved frame arch.regs; the execution side may override it (strong
 * definition) with one that knows where a running vCPU's frame is.
 */
void arch_vcpu_show_registers(const struct vcpu *v);

#endif
