/* SPDX-License-Identifier: MIT */
/*
 * Hardware NMIs from the machine's external sources and the nmi= policy
 * (nmi.c): the NMI handler asks nmi_external() what to do; a report to
 * dom0 is finished outside NMI context by NMI_SOFTIRQ.
 */
#ifndef ASM_NMI_H
#define ASM_NMI_H

/*
 * NMI context, after the machine-stop check: count the NMI and, on CPU 0,
 * read and clear the reason port and apply nmi= to each source. @return
 * NULL, or what happened if nmi=fatal wants the machine stopped.
 */
const char *nmi_external(void);

/* Boot CPU, after softirq_init(): open NMI_SOFTIRQ. */
void nmi_init(void);

#endif
