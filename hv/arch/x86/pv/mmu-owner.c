/* SPDX-License-Identifier: MIT */
/*
 * Which domains an MMU request acts on: the page owner (foreigndom's low
 * half, update_va_mapping_otherdomain's domid) and the permission to use
 * another domain's frames. The rules and errnos are Xen's: naming
 * yourself by id instead of DOMID_SELF is refused, an unknown domain is
 * -ESRCH, and only a privileged domain may name another one (-EPERM, at
 * the first request that needs it).
 */
#include <satori/domain.h>

#include <asm/pv-mm.h>

#include <public/xen.h>

#include "mmu.h"

struct domain *pv_get_pg_owner(uint16_t domid)
{
	struct domain *curr = current->domain;

	if (domid == DOMID_SELF)
		return curr;
	if (domid == curr->domain_id || domid >= DOMID_FIRST_RESERVED)
		return NULL;
	return get_domain_by_id(domid);
}
