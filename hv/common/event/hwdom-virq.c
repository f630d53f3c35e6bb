/* SPDX-License-Identifier: MIT */
/*
 * Global VIRQs meant for the hardware domain (dom0): console input
 * (VIRQ_CONSOLE) and "a domain shut down or died" (VIRQ_DOM_EXC), which
 * Xen sends to dom0 so that its toolstack can look.
 */
#include <satori/domain.h>
#include <satori/event.h>

void send_hardware_domain_virq(unsigned int virq)
{
	struct domain *d = get_domain_by_id(0);

	if (!d)
		return;
	if (d->is_initdomain)
		send_guest_global_virq(d, virq);
	put_domain(d);
}
