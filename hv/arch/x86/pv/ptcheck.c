/* SPDX-License-Identifier: MIT */
/*
 * The ptcheck= debugging option (docs/command-line.md): run the
 * frame-type checker over a domain after each of its MMU hypercalls
 * ("hypercall"), or once when it shuts down ("shutdown"), so that tests
 * can assert the counts stay consistent. Off by default: the check
 * recounts every frame of the domain.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/log.h>
#include <satori/param.h>
#include <satori/smp.h>
#include <satori/string.h>
#include <satori/time.h>

#include <asm/cpu-ops.h>

#include <asm/pv-build.h>
#include <asm/pv-mm.h>
enum ptcheck_mode { PTCHECK_OFF, PTCHECK_HYPERCALL, PTCHECK_SHUTDOWN };

static enum ptcheck_mode opt_ptcheck;
bool pv_ptcheck_each_hypercall;

static int parse_ptcheck(const char *s)
{
	if (!s)
		return -EINVAL;
	if (!strcmp(s, "hypercall"))
		opt_ptcheck = PTCHECK_HYPERCALL;
	else if (!strcmp(s, "shutdown"))
		opt_ptcheck = PTCHECK_SHUTDOWN;
	else if (!strcmp(s, "off"))
		opt_ptcheck = PTCHECK_OFF;
	else
		return -EINVAL;
	pv_ptcheck_each_hypercall = opt_ptcheck == PTCHECK_HYPERCALL;
	return 0;
}
custom_param("ptcheck", parse_ptcheck);

#define DYING_WAIT_NS 500000000ull

static void count_dying(struct domain *d, void *arg)
{
	*(unsigned int *)arg += d->state == DOMSTATE_DYING;
}

/*
 * A killed domain's L1 entries keep their general references to other
 * domains' grant-mapped frames until its page tables are torn down (as
 * in Xen for PV), and no grant entry shows them any more: until then the
 * granter's counts cannot be checked. Wait (up to half a second, with
 * interrupts on and another CPU to do it) until every dying domain's
 * teardown has been queued and drained.
 */
static void settle_teardowns(void)
{
	uint64_t deadline = now_ns() + DYING_WAIT_NS;
	unsigned int dying;

	for (;;) {
		domain_teardown_drain();
		dying = 0;
		domain_for_each(count_dying, &dying);
		if (!dying || !local_irq_is_enabled() ||
		    num_online_cpus() < 2 || now_ns() > deadline)
			break;
		cpu_relax();
	}
	if (dying)
		printk("ptcheck: %u domain%s still dying: counts may show "
		       "their mappings\n",
		       dying, dying == 1 ? "" : "s");
}

void pv_ptcheck(struct domain *d, bool after_hypercall)
{
	unsigned int n;

	if (opt_ptcheck == PTCHECK_OFF ||
	    (opt_ptcheck == PTCHECK_HYPERCALL) != after_hypercall)
		return;
	/* Counts are exact only between teardowns (satori/domain.h). */
	if (after_hypercall)
		domain_teardown_drain();
	else
		settle_teardowns();
	pt_lock(d);
	n = pv_check_page_types_quiet(d);
	pt_unlock(d);
	if (n || !after_hypercall)
		printk("ptcheck: dom%u: %u problem%s\n", d->domain_id, n,
		       n == 1 ? "" : "s");
}
