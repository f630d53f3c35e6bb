/* SPDX-License-Identifier: MIT */
/*
 * Hardware NMIs from the machine (not the stop-the-machine ones): what
 * the NMI reason port 0x61 says, read on CPU 0 only (Xen's rule: the
 * external sources are wired to the boot CPU), and Xen's nmi= policy:
 * "dom0" (the default, as in Xen's release builds) reports the NMI to
 * the hardware domain as a virtual NMI on its vCPU 0 with the reason in
 * shared_info nmi_reason, "ignore" drops it, "fatal" stops the machine.
 * NMI context cannot take locks or wake vCPUs: the report is finished
 * by NMI_SOFTIRQ. Debug keys 'N' (raise an NMI) and 'n' (counts), as
 * Xen's.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/keyhandler.h>
#include <satori/log.h>
#include <satori/param.h>
#include <satori/smp.h>
#include <satori/softirq.h>
#include <satori/string.h>

#include <asm/apic.h>
#include <asm/cpu-ops.h>
#include <asm/nmi.h>
#include <asm/pv.h>

#include <public/nmi.h>

#define NMI_REASON_PORT 0x61
#define NMI_REASON_SERR 0x80  /* PCI SERR# */
#define NMI_REASON_IOCHK 0x40 /* I/O channel check */
#define NMI_REASON_SERR_OFF 0x04
#define NMI_REASON_IOCHK_OFF 0x08

enum nmi_policy { NMI_DOM0, NMI_IGNORE, NMI_FATAL };
static enum nmi_policy opt_nmi = NMI_DOM0;

static int parse_nmi(const char *s)
{
	if (!s)
		return -EINVAL;
	if (!strcmp(s, "dom0"))
		opt_nmi = NMI_DOM0;
	else if (!strcmp(s, "ignore"))
		opt_nmi = NMI_IGNORE;
	else if (!strcmp(s, "fatal"))
		opt_nmi = NMI_FATAL;
	else
		return -EINVAL;
	return 0;
}
custom_param("nmi", parse_nmi);

static unsigned int nmi_count[NR_CPUS];
/* Reasons (XEN_NMIREASON_* bits, plus REPORT_BARE for an NMI without
 * one) waiting for nmi_softirq to reach dom0. */
#define REPORT_BARE (1ul << 63)
static unsigned long reports;

static void report_to_dom0(unsigned long reason_bits)
{
	__atomic_fetch_or(&reports, reason_bits ? reason_bits : REPORT_BARE,
			  __ATOMIC_SEQ_CST);
	raise_softirq(NMI_SOFTIRQ);
}

/* One source: "fatal" names it for the caller, "dom0" reports it. */
static const char *apply_policy(const char *what, unsigned long bits)
{
	if (opt_nmi == NMI_FATAL)
		return what;
	if (opt_nmi == NMI_DOM0)
		report_to_dom0(bits);
	return NULL;
}

const char *nmi_external(void)
{
	unsigned int cpu = smp_processor_id();
	const char *fatal = NULL;
	uint8_t reason;

	nmi_count[cpu]++;
	if (cpu != 0)
		return NULL;
	reason = inb(NMI_REASON_PORT);
	if (reason & NMI_REASON_SERR) {
		/* Clear and disable SERR#; Xen reports it without a bit. */
		outb(NMI_REASON_PORT, (reason & 0x0f) | NMI_REASON_SERR_OFF);
		fatal = apply_policy("PCI system error (SERR)", 0);
	}
	if (reason & NMI_REASON_IOCHK) {
		/* Clear (disable, then enable again) the I/O check line. */
		outb(NMI_REASON_PORT, (reason & 0x0f) | NMI_REASON_IOCHK_OFF);
		outb(NMI_REASON_PORT, reason & 0x07);
		fatal = apply_policy("I/O check error", XEN_NMIREASON_io_error);
	}
	if (!(reason & (NMI_REASON_SERR | NMI_REASON_IOCHK)))
		fatal = apply_policy("unknown reason", XEN_NMIREASON_unknown);
	return fatal;
}

/* Outside NMI context: record the reasons in dom0's shared_info and
 * raise the virtual NMI on its vCPU 0 (Xen's nmi_hwdom_report). */
static void nmi_softirq(void)
{
	unsigned long bits = __atomic_exchange_n(&reports, 0, __ATOMIC_SEQ_CST);
	struct domain *d = get_domain_by_id(0);

	if (!d)
		return;
	if (d->is_initdomain && d->vcpus[0] && d->shared_info) {
		if (bits & ~REPORT_BARE)
			__atomic_fetch_or(&d->shared_info->arch.nmi_reason,
					  bits & ~REPORT_BARE,
					  __ATOMIC_SEQ_CST);
		pv_raise_nmi(d->vcpus[0]);
	}
	put_domain(d);
}

void nmi_init(void)
{
	open_softirq(NMI_SOFTIRQ, nmi_softirq);
}

static void nmi_trigger_key(unsigned char key)
{
	(void)key;
	printk("Triggering NMI on CPU %u\n", smp_processor_id());
	apic_send_nmi(cpu_apic_id[smp_processor_id()]);
}
KEYHANDLER('N', nmi_trigger_key, "trigger an NMI");

static void nmi_stats_key(unsigned char key)
{
	struct domain *d = get_domain_by_id(0);
	unsigned int cpu;

	(void)key;
	printk("CPU\tNMI\n");
	for_each_online_cpu(cpu) printk("%3u\t%3u\n", cpu, nmi_count[cpu]);
	if (!d)
		return;
	if (d->vcpus[0])
		printk("dom0 vcpu0: NMI %s%s\n",
		       d->vcpus[0]->arch.nmi_pending ? "pending " : "",
		       d->vcpus[0]->arch.nmi_masked ? "masked" : "");
	put_domain(d);
}
KEYHANDLER('n', nmi_stats_key, "NMI statistics");
