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
#include <satori/string.h>

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

void pv_ptcheck(struct domain *d, bool after_hypercall)
{
	unsigned long dying_refs = 0;
	unsigned int n;

	if (opt_ptcheck == PTCHECK_OFF ||
	    (opt_ptcheck == PTCHECK_HYPERCALL) != after_hypercall)
		return;
	/* Exact at any point of other domains' teardowns: a dying grant
	 * mapper's L1 entries are counted (pv/dom-type-check.c). */
	pt_lock(d);
	n = pv_check_page_types_quiet(d, &dying_refs);
	pt_unlock(d);
	if (n || !after_hypercall)
		printk("ptcheck: dom%u: %u problem%s\n", d->domain_id, n,
		       n == 1 ? "" : "s");
	if (dying_refs)
		printk("ptcheck: dom%u: %lu references in dying domains' "
		       "tables\n",
		       d->domain_id, dying_refs);
}
