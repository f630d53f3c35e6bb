/* SPDX-License-Identifier: MIT */
/*
 * The vCPU, time and event helpers of <guest/vcpu.h>. The kernel is
 * linked at VA = PA, so a frame number is VA >> 12 looked up in the P2M
 * list start_info gives. Secondary vCPUs get a 16 KiB stack each; a
 * vCPU knows its id from the stack it runs on (vCPU 0 runs on the
 * builder's boot stack, outside the library's stacks).
 */
#include <guest/console.h>
#include <guest/event.h>
#include <guest/hypercall.h>
#include <guest/string.h>
#include <guest/test.h>
#include <guest/traps.h>
#include <guest/vcpu.h>

#include <event_channel.h>

#define STACK_SIZE 16384

static uint8_t stacks[GUEST_MAX_VCPUS][STACK_SIZE] __attribute__((aligned(16)));
static struct vcpu_info info_page[4096 / sizeof(struct vcpu_info)]
	__attribute__((aligned(4096)));
static volatile int info_registered[GUEST_MAX_VCPUS];
static vcpu_fn vcpu_fns[GUEST_MAX_VCPUS];

volatile uint64_t vcpu_upcalls[GUEST_MAX_VCPUS];
volatile uint64_t vcpu_port_hits[64];
volatile unsigned int vcpu_port_last[64];
volatile uint64_t vcpu_port_mask[GUEST_MAX_VCPUS];

extern char vcpu_secondary_entry[], vcpu_upcall_entry[];
void vcpu_secondary_main(unsigned int id);
void vcpu_event_upcall(void);

long hc_vcpu_op(unsigned int cmd, unsigned int vcpu, void *arg)
{
	return hypercall(__HYPERVISOR_vcpu_op, cmd, vcpu, (uint64_t)arg, 0, 0);
}

long hc_set_timer_op(uint64_t deadline_ns)
{
	return hypercall(__HYPERVISOR_set_timer_op, deadline_ns, 0, 0, 0, 0);
}

uint64_t guest_va_to_mfn(const void *va)
{
	const unsigned long *p2m = (const unsigned long *)start_info->mfn_list;

	return p2m[(uint64_t)va >> 12];
}

uint64_t guest_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

uint64_t pvclock_read(const volatile struct vcpu_time_info *t)
{
	uint32_t version;
	uint64_t delta, ns;

	do {
		version = t->version;
		__asm__ __volatile__("" ::: "memory");
		delta = guest_rdtsc() - t->tsc_timestamp;
		if (t->tsc_shift < 0)
			delta >>= -t->tsc_shift;
		else
			delta <<= t->tsc_shift;
		ns = t->system_time + (uint64_t)(((unsigned __int128)delta *
						  t->tsc_to_system_mul) >>
						 32);
		__asm__ __volatile__("" ::: "memory");
	} while ((version & 1) || version != t->version);
	return ns;
}

long vcpu_info_register(unsigned int id)
{
	struct vcpu_register_vcpu_info r = {
		.mfn = guest_va_to_mfn(info_page),
		.offset = id * sizeof(struct vcpu_info),
	};
	long rc;

	if (id >= GUEST_MAX_VCPUS)
		return -XEN_EINVAL;
	rc = hc_vcpu_op(VCPUOP_register_vcpu_info, id, &r);
	if (rc == 0)
		info_registered[id] = 1;
	return rc;
}

volatile struct vcpu_info *vcpu_info_of(unsigned int id)
{
	if (id < GUEST_MAX_VCPUS && info_registered[id])
		return &info_page[id];
	if (vcpu0_info)
		return vcpu0_info + id; /* shared_info starts with the slots */
	return NULL;
}

unsigned int this_vcpu(void)
{
	uint64_t sp = (uint64_t)__builtin_frame_address(0);
	uint64_t base = (uint64_t)stacks;

	if (sp < base || sp >= base + sizeof(stacks))
		return 0;
	return (unsigned int)((sp - base) / STACK_SIZE);
}

uint64_t guest_now(void)
{
	volatile struct vcpu_info *vi = vcpu_info_of(this_vcpu());

	return vi ? pvclock_read(&vi->time) : 0;
}

/* Acknowledge what is pending; scan the ports if shared_info is mapped. */
/* The pending, unmasked ports of word @w that vCPU @id consumes, taken
 * (their pending bits cleared). */
static unsigned long take_ports(volatile struct shared_info *s, unsigned int w,
				unsigned int id)
{
	unsigned long mine =
		w == 0 && vcpu_port_mask[id] ? vcpu_port_mask[id] : ~0UL;
	unsigned long bits = s->evtchn_pending[w] & ~s->evtchn_mask[w] & mine;

	__atomic_fetch_and(&s->evtchn_pending[w], ~bits, __ATOMIC_SEQ_CST);
	return bits;
}

void vcpu_event_upcall(void)
{
	unsigned int id = this_vcpu();
	volatile struct vcpu_info *vi = vcpu_info_of(id);
	volatile struct shared_info *s =
		(volatile struct shared_info *)vcpu0_info;
	unsigned long sel;

	vcpu_upcalls[id]++;
	if (!vi)
		return;
	vi->evtchn_upcall_pending = 0;
	sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	if (event_fifo_active) {
		event_fifo_consume(); /* vCPU 0's queues, in guest memory */
		return;
	}
	if (!s)
		return;
	for (unsigned int w = 0; w < 64; w++) {
		unsigned long bits;

		if (!(sel & (1UL << w)))
			continue;
		bits = take_ports(s, w, id);
		for (unsigned int p = 0; w == 0 && p < 64; p++)
			if (bits & (1UL << p)) {
				vcpu_port_hits[p]++;
				vcpu_port_last[p] = id;
			}
	}
}

long vcpu_events_init(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_event,
		.address = (uint64_t)vcpu_upcall_entry,
	};

	return hc_callback_op(CALLBACKOP_register, &cb);
}

long bind_virq_timer(unsigned int id)
{
	struct evtchn_bind_virq b = { .virq = VIRQ_TIMER, .vcpu = id };
	long rc = hc_event_channel_op(EVTCHNOP_bind_virq, &b);

	return rc ? rc : (long)b.port;
}

long vcpu0_timer_setup(void)
{
	long rc = vcpu_info_register(0);

	if (rc)
		return rc;
	rc = vcpu_events_init();
	if (rc)
		return rc;
	/* Without shared_info mapped the 2-level pending bits cannot be
	 * cleared: use the FIFO ABI, whose words are in our own memory. */
	if (!vcpu0_info && event_fifo_init() == 0)
		printf("events: FIFO ABI (shared_info not mapped)\n");
	return bind_virq_timer(0);
}

void vcpu_events_unmask(void)
{
	volatile struct vcpu_info *vi = vcpu_info_of(this_vcpu());

	if (!vi)
		return;
	vi->evtchn_upcall_mask = 0;
	__asm__ __volatile__("" ::: "memory");
	/* Any return from the hypervisor delivers a pending upcall. */
	if (vi->evtchn_upcall_pending)
		hc_xen_version(XENVER_version, NULL);
}

long vcpu_block(void)
{
	return hc_sched_op(SCHEDOP_block, NULL);
}

void vcpu_fill_context(struct vcpu_guest_context *c, unsigned int id)
{
	uint64_t l4_pfn = start_info->pt_base >> 12;
	const unsigned long *p2m = (const unsigned long *)start_info->mfn_list;

	memset(c, 0, sizeof(*c));
	c->flags = VGCF_in_kernel;
	c->user_regs.rip = (uint64_t)vcpu_secondary_entry;
	c->user_regs.rsp = (uint64_t)stacks[id] + STACK_SIZE;
	c->user_regs.rdi = id;
	c->user_regs.cs = FLAT_KERNEL_CS;
	c->user_regs.ss = FLAT_KERNEL_SS;
	c->user_regs.rflags = 0x202;
	c->kernel_ss = FLAT_KERNEL_SS;
	c->kernel_sp = c->user_regs.rsp;
	c->event_callback_eip = (uint64_t)vcpu_upcall_entry;
	c->ctrlreg[3] = p2m[l4_pfn] << 12;
}

void vcpu_secondary_main(unsigned int id)
{
	install_traps(-1);
	for (;;) {
		vcpu_fns[id](id);
		hc_vcpu_op(VCPUOP_down, id, NULL);
	}
}

long vcpu_start(unsigned int id, vcpu_fn fn)
{
	static struct vcpu_guest_context ctx;
	long rc;

	if (id == 0 || id >= GUEST_MAX_VCPUS)
		return -XEN_EINVAL;
	vcpu_fns[id] = fn;
	vcpu_fill_context(&ctx, id);
	rc = hc_vcpu_op(VCPUOP_initialise, id, &ctx);
	return rc ? rc : hc_vcpu_op(VCPUOP_up, id, NULL);
}

uint64_t percentile(uint64_t *v, unsigned int n, unsigned int permille)
{
	if (!n)
		return 0;
	for (unsigned int i = 1; i < n; i++) {
		uint64_t x = v[i];
		unsigned int j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	return v[(uint64_t)(n - 1) * permille / 1000];
}

void (*volatile block_until_window_hook)(void);

/* Mask the upcalls of @vi (if any); @return 1 if they were masked. */
static int upcalls_mask(volatile struct vcpu_info *vi)
{
	int was;

	if (!vi)
		return 1; /* Nothing to unmask later either. */
	was = vi->evtchn_upcall_mask;
	vi->evtchn_upcall_mask = 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return was;
}

uint64_t block_until(uint64_t deadline_ns, unsigned int *early)
{
	volatile struct vcpu_info *vi = vcpu_info_of(this_vcpu());
	void (*hook)(void);
	uint64_t now;

	/*
	 * Look at the clock with upcalls masked: SCHEDOP_block unmasks and
	 * blocks in one step, and returns at once if an event is pending.
	 * With upcalls open, a timer firing between the look and the block
	 * has its upcall run (and its event consumed) right there, and the
	 * vCPU then sleeps with nothing left to wake it (the rare
	 * bootdoms-teardown hang). Not blocking once the deadline has
	 * passed also covers a timer that fired before the first block.
	 */
	for (;;) {
		int was_masked = upcalls_mask(vi);

		now = guest_now();
		if (now >= deadline_ns) {
			if (!was_masked)
				vcpu_events_unmask();
			return now;
		}
		hook = block_until_window_hook;
		if (hook)
			hook();
		vcpu_block();
		now = guest_now();
		if (now >= deadline_ns)
			return now;
		++*early;
	}
}

void block_until_set(const volatile uint32_t *flag)
{
	volatile struct vcpu_info *vi = vcpu_info_of(this_vcpu());
	int was_masked = upcalls_mask(vi);

	while (!*flag) {
		vcpu_block(); /* unmasks; returns at once if one is pending */
		upcalls_mask(vi);
	}
	if (!was_masked)
		vcpu_events_unmask();
}
