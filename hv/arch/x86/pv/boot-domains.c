/* SPDX-License-Identifier: MIT */
/*
 * The domains built at the end of boot: dom0 from module 1 (its initrd:
 * module 2, unless a bootdom= entry uses module 2), unless dom0=none; then
 * one domain per bootdom= entry, with ids 1, 2, ... A domain that cannot
 * be built is reported and skipped. As in Xen, a kernel's command line is
 * its module string without the first word (the file name).
 */
#include <satori/boot-info.h>
#include <satori/bootdom.h>
#include <satori/console-input.h>
#include <satori/dom0-options.h>
#include <satori/log.h>
#include <satori/mm.h>
#include <satori/page-list.h>
#include <satori/smp.h>
#include <satori/string.h>

#include <asm/linear-pt.h>
#include <asm/m2p.h>
#include <asm/page.h>
#include <asm/pv-build.h>
#include <asm/tlb-clock.h>

#include <satori/shutdown.h>

static const struct boot_module *module(unsigned int nr)
{
	return nr && nr <= boot_info.nr_modules ? &boot_info.modules[nr - 1]
						: NULL;
}

static const char *module_args(const struct boot_module *m)
{
	const char *s = strchr(m->cmdline, ' ');

	while (s && *s == ' ')
		s++;
	return s ? s : "";
}

static bool module_used_by_bootdom(unsigned int nr)
{
	for (unsigned int i = 0; i < opt_nr_bootdoms; i++)
		if (opt_bootdoms[i].kernel_mod == nr ||
		    opt_bootdoms[i].ramdisk_mod == nr)
			return true;
	return false;
}

static void set_modules(struct pv_build_args *a, unsigned int kernel,
			unsigned int ramdisk)
{
	const struct boot_module *k = module(kernel), *r = module(ramdisk);

	a->kernel = phys_to_virt(k->start);
	a->kernel_len = k->end - k->start;
	a->cmdline = module_args(k);
	if (r) {
		a->initrd = phys_to_virt(r->start);
		a->initrd_len = r->end - r->start;
	}
}

static unsigned long bootdoms_pages(void)
{
	unsigned long pages = 0;

	for (unsigned int i = 0; i < opt_nr_bootdoms; i++)
		pages += opt_bootdoms[i].mem_bytes >> PAGE_SHIFT;
	return pages;
}

/* dom0_mem= as Xen reads it (satori/dom0-options.h), against the free
 * memory less what the boot domains ask for. */
static unsigned long dom0_pages(unsigned long *max_pages)
{
	unsigned long free = mm_free_pages(), avail;

	avail = free > bootdoms_pages() ? free - bootdoms_pages() : 0;
	return dom0_mem_pages(&opt_dom0_mem, avail, max_pages);
}

static unsigned int dom0_vcpus(void)
{
	unsigned int n = num_online_cpus();

	if (n > opt_dom0_max_vcpus.max)
		n = opt_dom0_max_vcpus.max;
	if (n < opt_dom0_max_vcpus.min)
		n = opt_dom0_max_vcpus.min;
	return n < MAX_VIRT_CPUS ? n : MAX_VIRT_CPUS;
}

static struct domain *build_dom0(void)
{
	struct pv_build_args a = {
		.domid = 0,
		.name = "dom0",
		.max_vcpus = dom0_vcpus(),
		.privileged = true,
		.initdomain = true,
	};
	struct domain *d;

	a.nr_pages = dom0_pages(&a.max_pages);
	set_modules(&a, 1, module_used_by_bootdom(2) ? 0 : 2);
	return pv_build_domain(&a, &d) ? NULL : d;
}

static struct domain *build_bootdom(unsigned int i)
{
	const struct bootdom_opt *o = &opt_bootdoms[i];
	struct pv_build_args a = {
		.domid = (domid_t)(i + 1),
		.name = o->name,
		.nr_pages = o->mem_bytes >> PAGE_SHIFT,
		.max_pages = o->maxmem_bytes >> PAGE_SHIFT,
		.max_vcpus = o->vcpus,
		.privileged = o->priv,
	};
	struct domain *d;

	if (!module(o->kernel_mod) ||
	    (o->ramdisk_mod && !module(o->ramdisk_mod))) {
		log_err("%s: refused: module %u not given by the boot loader\n",
			o->name,
			module(o->kernel_mod) ? o->ramdisk_mod : o->kernel_mod);
		return NULL;
	}
	set_modules(&a, o->kernel_mod, o->ramdisk_mod);
	if (pv_build_domain(&a, &d))
		return NULL;
	bootdom_apply_sched(d, o);
	return d;
}

void boot_domains_build(void)
{
	struct domain *built[BOOTDOM_MAX + 1];
	unsigned int nr = 0, tried = 0;

	m2p_init();
	tlb_clock_init();
	linear_pt_init();
	if (!opt_dom0_none && !module(1))
		printk("dom0: no kernel module; not built\n");
	if (!opt_dom0_none && module(1)) {
		tried++;
		built[nr] = build_dom0();
		if (built[nr])
			nr++;
	}
	for (unsigned int i = 0; i < opt_nr_bootdoms; i++) {
		tried++;
		built[nr] = build_bootdom(i);
		if (built[nr])
			nr++;
	}
	printk("boot domains: %u built, %u refused\n", nr, tried - nr);
	if (nr)
		domain_reap_arm();
	for (unsigned int i = 0; i < nr; i++)
		domain_unpause(built[i]);
	if (nr && built[0]->is_initdomain)
		console_input_dom0_started();
}

void selftest_domains(void)
{
	unsigned int nr = 0;
	struct domain *d;

	/* Kill from the head: each kill unlinks the domain (no other
	 * references exist while no vCPU has run). */
	while ((d = first_domain())) {
		domain_kill_now(d);
		nr++;
	}
	printk("selftest: killed %u domains\n", nr);
	machine_halt(nr && domain_frames_balanced() ? 0 : 1);
}

/* Corrupt one M2P entry and one frame's type, expect the check to find
 * both, restore them, expect it to find nothing. */
void selftest_domcheck(void)
{
	struct domain *d = first_domain();
	struct page_info *pg = d ? page_list_first(&d->page_list) : NULL;
	unsigned int bad, good, bad_types, good_types;
	unsigned long pfn;
	uint64_t type;

	if (!pg) {
		printk("selftest: domcheck needs a built domain\n");
		machine_halt(1);
	}
	pfn = m2p_get(page_to_mfn(pg));
	type = pg->u.type_info;
	m2p_set(page_to_mfn(pg), pfn + 1);
	pg->u.type_info = PGT_l1_page_table | PGT_validated | 1;
	bad = pv_check_domain(d);
	bad_types = pv_check_page_types(d);
	m2p_set(page_to_mfn(pg), pfn);
	pg->u.type_info = type;
	good = pv_check_domain(d);
	good_types = pv_check_page_types(d);
	printk("selftest: domcheck found %u problems when corrupted, %u after\n",
	       bad, good);
	printk("selftest: typecheck found %u problems when corrupted, %u after\n",
	       bad_types, good_types);
	machine_halt(bad >= 2 && !good && bad_types && !good_types ? 0 : 1);
}
