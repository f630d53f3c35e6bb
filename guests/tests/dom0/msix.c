/* SPDX-License-Identifier: MIT */
/*
 * dom0/msix: MSI-X for the hardware domain, with QEMU's e1000e (-device
 * e1000e: five MSI-X entries, table at offset 0 and PBA at 0x2000 of
 * memory BAR 3; the "other" interrupt cause is routed to an entry by
 * IVAR and raised by writing ICS in BAR 0).
 *
 * Registers the device, then the refusals: an entry past the table
 * (-EINVAL), a function without MSI-X or unregistered (-ENODEV), memory
 * decoding off (-ENXIO), a foreign domain (-ESRCH); a table_base that
 * is not the BAR is only warned about (Xen's WARN_ON): it maps.
 * prepare_msix makes the table read-only until release_msix (each
 * -EBUSY when repeated, -ENODEV without MSI-X). Maps
 * entry 1: the hypervisor wrote the entry (0xfee..... address, a vector
 * in the data) and left it masked and MSI-X enable as it was; a new
 * writable mapping of the table or PBA page comes back read-only, a
 * write through it does not land (satori: a page fault; Xen 4.17:
 * dropped by its read-only MMIO emulation, the manifest checks each); a
 * mapping made writable before the first map stays so (as in Xen, which
 * does not revoke them). Config writes into the capability other than
 * the 16-bit control word are dropped. Routes "other" to entry 1, turns
 * MSI-X on, raises the interrupt while the entry is masked (its pending
 * bit set), binds the pirq: the entry is unmasked and the held message
 * arrives as an event; another raise, another event. restore_msi turns
 * MSI-X back on. A second map of the same entry gets a second pirq, as
 * in Xen. Unmap masks the entry; with the last one the table page maps
 * writable again. One entry is left mapped and bound for the teardown.
 * As a privileged domain that is not the hardware domain: boot test
 * msix-priv (below, privileged_not_hwdom).
 */
#include <guest/console.h>
#include <guest/event.h>
#include <guest/hypercall.h>
#include <guest/mmu.h>
#include <guest/port-io.h>
#include <guest/string.h>
#include <guest/test.h>
#include <guest/traps.h>

#include <physdev.h>
#include <version.h>

const char test_name[] = "dom0/msix";

#define E1000E_VENDOR 0x8086
#define E1000E_DEVICE 0x10d3
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define MSIX_ENABLE 0x8000
#define MSIX_MASKALL 0x4000
#define PTE_PCD 0x010UL
#define PTE_PWT 0x008UL
#define NR_GSIS 24
#define ENTRY 1 /* The entry the test maps first. */

/* e1000e registers (BAR 0). */
#define E1000_ICR 0xc0
#define E1000_ICS 0xc8
#define E1000_IMS 0xd0
#define E1000_IMC 0xd8
#define E1000_IVAR 0xe4
#define E1000_ICR_LSC 0x4
#define E1000_ICR_OTHER (1u << 24)
#define IVAR_VALID 0x8

/* Window slots. */
#define SLOT_REGS 0
#define SLOT_TABLE 1
#define SLOT_PBA 2
#define SLOT_EARLY 3 /* The table page, mapped before any MSI-X map. */

static uint8_t devfn;
static unsigned int cap, nr_entries;
static uint64_t table_pa, pba_pa, bar_of_table;
static volatile uint32_t *regs, *table, *pba;

static long physdev(unsigned int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_physdev_op, cmd, (uint64_t)arg, 0, 0, 0);
}

static void latch(unsigned int reg)
{
	outl(0xcf8, 0x80000000u | ((uint32_t)devfn << 8) | (reg & 0xfc));
}

static uint32_t conf32(unsigned int reg)
{
	latch(reg);
	return inl(0xcfc);
}

static uint16_t conf16(unsigned int reg)
{
	latch(reg);
	return inw((uint16_t)(0xcfc + (reg & 2)));
}

static void conf_write32(unsigned int reg, uint32_t v)
{
	latch(reg);
	outl(0xcfc, v);
}

static void conf_write16(unsigned int reg, uint16_t v)
{
	latch(reg);
	outw((uint16_t)(0xcfc + (reg & 2)), v);
}

static long map_entry(domid_t dom, uint8_t fn, int entry, uint64_t base,
		      int *pirq)
{
	struct physdev_map_pirq m = { .domid = dom,
				      .type = MAP_PIRQ_TYPE_MSI_SEG,
				      .index = -1,
				      .pirq = *pirq,
				      .bus = 0,
				      .devfn = fn,
				      .entry_nr = entry,
				      .table_base = base };
	long rc = physdev(PHYSDEVOP_map_pirq, &m);

	*pirq = m.pirq;
	return rc;
}

static long unmap(domid_t dom, int pirq)
{
	struct physdev_unmap_pirq u = { .domid = dom, .pirq = pirq };

	return physdev(PHYSDEVOP_unmap_pirq, &u);
}

static long bind_pirq(uint32_t pirq, uint32_t *port)
{
	struct evtchn_bind_pirq b = { .pirq = pirq };
	long rc = hc_event_channel_op(EVTCHNOP_bind_pirq, &b);

	*port = b.port;
	return rc;
}

static int wait_pending(uint32_t port, uint64_t ms)
{
	uint64_t deadline = event_system_time_ns() + ms * 1000000ull;

	while (!ev_is_pending(port) && event_system_time_ns() < deadline)
		(void)ev_poll(&port, 1, deadline);
	return ev_is_pending(port);
}

static uint64_t bar(unsigned int bir)
{
	uint32_t lo = conf32(0x10 + bir * 4);

	if ((lo & 0x6) == 0x4)
		return (lo & ~0xfULL) |
		       ((uint64_t)conf32(0x14 + bir * 4) << 32);
	return lo & ~0xfULL;
}

static uint64_t pte_of(unsigned int slot)
{
	uint64_t pte = 0;

	(void)mmu_entry_maddr((uint64_t)mmu_window(slot), 1, &pte);
	return pte;
}

/* The e1000e on bus 0, its MSI-X capability, table and PBA. */
static void find_device(void)
{
	uint32_t t, p;

	for (unsigned int fn = 0; fn < 256; fn += 8) {
		devfn = (uint8_t)fn;
		if (conf32(0) == (E1000E_DEVICE << 16 | E1000E_VENDOR))
			break;
		devfn = 0;
	}
	if (!devfn)
		test_skip("no e1000e (QEMU -device e1000e)");
	cap = conf32(0x34) & 0xfc;
	while (cap && (conf32(cap) & 0xff) != 0x11)
		cap = (conf32(cap) >> 8) & 0xfc;
	CHECK_EQ("e1000e has an MSI-X capability", cap != 0, 1);
	nr_entries = (conf16(cap + 2) & 0x7ff) + 1u;
	t = conf32(cap + 4);
	p = conf32(cap + 8);
	bar_of_table = bar(t & 7);
	table_pa = bar_of_table + (t & ~7u);
	pba_pa = bar(p & 7) + (p & ~7u);
	printf("e1000e at 00:%02x.%u, MSI-X at %#x: %u entries, table %#lx, "
	       "PBA %#lx\n",
	       (unsigned int)devfn >> 3, (unsigned int)devfn & 7, cap,
	       nr_entries, (unsigned long)table_pa, (unsigned long)pba_pa);
	CHECK_EQ("entries in the table's first page",
		 (table_pa & 0xfff) + (uint64_t)nr_entries * 16 <= 4096, 1);
}

static void map_windows(void)
{
	uint64_t uc = PTE_FLAGS_RW | PTE_PCD | PTE_PWT;

	conf_write16(0x04, (uint16_t)(conf16(0x04) | PCI_COMMAND_MEMORY |
				      PCI_COMMAND_MASTER));
	CHECK_EQ("map BAR 0", mmu_window_map(SLOT_REGS, bar(0) >> 12, uc), 0);
	regs = mmu_window(SLOT_REGS);
	CHECK_EQ("map the table page writable before any MSI-X map",
		 mmu_window_map(SLOT_EARLY, table_pa >> 12, uc), 0);
	CHECK_EQ("early mapping writable", (pte_of(SLOT_EARLY) & PTE_RW) != 0,
		 1);
}

static void test_hostile(void)
{
	uint8_t absent = (uint8_t)((0x1d << 3) | 7);
	int pirq = -1;

	CHECK_EQ("entry past the table",
		 map_entry(DOMID_SELF, devfn, (int)nr_entries, bar_of_table,
			   &pirq),
		 -XEN_EINVAL);
	CHECK_EQ("function without MSI-X",
		 map_entry(DOMID_SELF, 0, 0, bar_of_table, &pirq), -XEN_ENODEV);
	CHECK_EQ("unregistered function",
		 map_entry(DOMID_SELF, absent, 0, bar_of_table, &pirq),
		 -XEN_ENODEV);
	CHECK_EQ("domain 1234", map_entry(1234, devfn, 0, bar_of_table, &pirq),
		 -XEN_ESRCH);
	conf_write16(0x04, (uint16_t)(conf16(0x04) & ~PCI_COMMAND_MEMORY));
	CHECK_EQ("memory decoding off",
		 map_entry(DOMID_SELF, devfn, 0, bar_of_table, &pirq),
		 -XEN_ENXIO);
	conf_write16(0x04, (uint16_t)(conf16(0x04) | PCI_COMMAND_MEMORY));
	CHECK_EQ("pirq untouched by the failures", pirq, -1);
	CHECK_EQ("MSI-X left off by the failures",
		 conf16(cap + 2) & MSIX_ENABLE, 0);
	/* A wrong table_base: warned about, the BAR is used. */
	CHECK_EQ(
		"table_base not the BAR: mapped",
		map_entry(DOMID_SELF, devfn, 0, bar_of_table + 0x100000, &pirq),
		0);
	CHECK_EQ("unmap it", unmap(DOMID_SELF, pirq), 0);
}

static long prepare(unsigned int cmd, uint8_t fn)
{
	struct physdev_pci_device dev = { .seg = 0, .bus = 0, .devfn = fn };

	return physdev(cmd, &dev);
}

static int on_satori(void)
{
	static xen_compile_info_t info;

	return hc_xen_version(XENVER_compile_info, &info) == 0 &&
	       strcmp(info.compile_by, "satori") == 0;
}

/* prepare_msix makes the table read-only as a use of its own. */
static void test_prepare(void)
{
	uint64_t uc = PTE_FLAGS_RW | PTE_PCD | PTE_PWT;
	int pirq;

	/* Xen 4.17.7 dereferences the missing MSI-X state of a registered
	 * function without the capability: a fatal page fault. */
	if (on_satori())
		CHECK_EQ("prepare_msix of a function without MSI-X",
			 prepare(PHYSDEVOP_prepare_msix, 0), -XEN_ENODEV);
	else
		printf("prepare_msix of a function without MSI-X: skipped "
		       "(crashes Xen 4.17)\n");
	CHECK_EQ("release_msix of an unprepared device",
		 prepare(PHYSDEVOP_release_msix, devfn), -XEN_EBUSY);
	/* A mapped entry is a use, not a preparation: prepare is busy on
	 * both; release must not free the table under the entry's vector
	 * (Xen 4.17 counts the entry and releases: not run there). */
	CHECK_EQ("map an entry",
		 map_entry(DOMID_SELF, devfn, 0, bar_of_table, &pirq), 0);
	CHECK_EQ("prepare_msix with an entry mapped",
		 prepare(PHYSDEVOP_prepare_msix, devfn), -XEN_EBUSY);
	if (on_satori())
		CHECK_EQ("release_msix with only an entry mapped",
			 prepare(PHYSDEVOP_release_msix, devfn), -XEN_EBUSY);
	CHECK_EQ("unmap the entry", unmap(DOMID_SELF, pirq), 0);
	CHECK_EQ("prepare_msix", prepare(PHYSDEVOP_prepare_msix, devfn), 0);
	CHECK_EQ("prepare_msix twice", prepare(PHYSDEVOP_prepare_msix, devfn),
		 -XEN_EBUSY);
	CHECK_EQ("map the prepared table page",
		 mmu_window_map(SLOT_TABLE, table_pa >> 12, uc), 0);
	CHECK_EQ("prepared table page read-only",
		 pte_of(SLOT_TABLE) & (PTE_RW | PTE_PRESENT), PTE_PRESENT);
	CHECK_EQ("release_msix", prepare(PHYSDEVOP_release_msix, devfn), 0);
	CHECK_EQ("release_msix twice", prepare(PHYSDEVOP_release_msix, devfn),
		 -XEN_EBUSY);
	CHECK_EQ("map the released table page",
		 mmu_window_map(SLOT_TABLE, table_pa >> 12, uc), 0);
	CHECK_EQ("released table page writable",
		 (pte_of(SLOT_TABLE) & PTE_RW) != 0, 1);
	CHECK_EQ("drop it", mmu_window_map(SLOT_TABLE, 0, 0), 0);
}

static volatile uint32_t *entry_word(unsigned int entry, unsigned int off)
{
	return table + (entry * 16 + off) / 4;
}

/* A write through the read-only mapping; @return whether it faulted. */
static int poke(uint64_t va, uint32_t v)
{
	unsigned int before = trap_last.count;

	__asm__ volatile("1: movl %1, (%0)\n2:\n\t" EXTABLE(1b, 2b)::"r"(va),
			 "r"(v)
			 : "memory");
	/* The trap handler counted behind the compiler's back. */
	return *(volatile unsigned int *)&trap_last.count != before;
}

static void check_entry(void)
{
	uint64_t uc = PTE_FLAGS_RW | PTE_PCD | PTE_PWT;
	uint32_t addr, data;
	int faulted;

	CHECK_EQ("map the table page",
		 mmu_window_map(SLOT_TABLE, table_pa >> 12, uc), 0);
	CHECK_EQ("map the PBA page", mmu_window_map(SLOT_PBA, pba_pa >> 12, uc),
		 0);
	table = (volatile uint32_t *)((char *)mmu_window(SLOT_TABLE) +
				      (table_pa & 0xfff));
	pba = (volatile uint32_t *)((char *)mmu_window(SLOT_PBA) +
				    (pba_pa & 0xfff));
	CHECK_EQ("table page mapped read-only",
		 pte_of(SLOT_TABLE) & (PTE_RW | PTE_PRESENT), PTE_PRESENT);
	CHECK_EQ("PBA page mapped read-only",
		 pte_of(SLOT_PBA) & (PTE_RW | PTE_PRESENT), PTE_PRESENT);
	printf("mapping made before the first map: %s\n",
	       pte_of(SLOT_EARLY) & PTE_RW ? "still writable" : "read-only");
	addr = *entry_word(ENTRY, 0);
	data = *entry_word(ENTRY, 8);
	CHECK_EQ("address in the local APIC window", addr & 0xfff00000u,
		 0xfee00000u);
	CHECK_EQ("upper address 0", *entry_word(ENTRY, 4), 0);
	CHECK_EQ("vector above the exceptions", (data & 0xff) >= 0x20, 1);
	CHECK_EQ("entry masked until bound", *entry_word(ENTRY, 12) & 1, 1);
	CHECK_EQ("MSI-X enable left to dom0", conf16(cap + 2) & MSIX_ENABLE, 0);
	faulted = poke((uint64_t)entry_word(ENTRY, 8), 0x4031);
	printf("dom0 write to the MSI-X table: %s\n",
	       faulted ? "page fault" : "no fault");
	CHECK_EQ("the data as the hypervisor wrote it", *entry_word(ENTRY, 8),
		 data);
	CHECK_EQ("the address as the hypervisor wrote it",
		 *entry_word(ENTRY, 0), addr);
}

static void check_config_filter(void)
{
	uint16_t ctl = conf16(cap + 2);
	uint32_t toff = conf32(cap + 4);

	/* The header and control as one dword: dropped. */
	conf_write32(cap, conf32(cap) | ((uint32_t)MSIX_MASKALL << 16));
	CHECK_EQ("dword write over control dropped", conf16(cap + 2), ctl);
	conf_write32(cap + 4, toff + 0x1000);
	CHECK_EQ("table offset unchanged", conf32(cap + 4), toff);
	conf_write16(cap + 2, (uint16_t)(ctl | MSIX_MASKALL));
	CHECK_EQ("16-bit control write passes", conf16(cap + 2) & MSIX_MASKALL,
		 MSIX_MASKALL);
	conf_write16(cap + 2, ctl);
	CHECK_EQ("and clears the function mask again",
		 conf16(cap + 2) & MSIX_MASKALL, 0);
}

static void raise_other(void)
{
	regs[E1000_ICR / 4] = ~0u; /* Write 1 to clear: start afresh. */
	regs[E1000_ICS / 4] = E1000_ICR_LSC;
}

static void test_interrupt(int pirq, uint32_t *port)
{
	uint16_t ctl = conf16(cap + 2);

	regs[E1000_IMC / 4] = ~0u;
	regs[E1000_IVAR / 4] = (uint32_t)(IVAR_VALID | ENTRY) << 16;
	regs[E1000_IMS / 4] = E1000_ICR_LSC | E1000_ICR_OTHER;
	conf_write16(cap + 2, (uint16_t)((ctl | MSIX_ENABLE) & ~MSIX_MASKALL));
	CHECK_EQ("dom0 turns MSI-X on", conf16(cap + 2) & MSIX_ENABLE,
		 MSIX_ENABLE);
	raise_other();
	CHECK_EQ("masked entry: its pending bit set", (*pba >> ENTRY) & 1, 1);
	CHECK_EQ("bind the pirq", bind_pirq((uint32_t)pirq, port), 0);
	CHECK_EQ("entry unmasked by the bind", *entry_word(ENTRY, 12) & 1, 0);
	CHECK_EQ("the held message arrives as an event",
		 wait_pending(*port, 3000), 1);
	ev_clear_pending(*port);
	raise_other();
	CHECK_EQ("another interrupt, another event", wait_pending(*port, 3000),
		 1);
	ev_clear_pending(*port);
}

static void test_restore(void)
{
	struct physdev_restore_msi r = { .bus = 0, .devfn = devfn };
	uint16_t ctl = conf16(cap + 2);

	conf_write16(cap + 2, (uint16_t)(ctl & ~MSIX_ENABLE));
	CHECK_EQ("restore_msi", physdev(PHYSDEVOP_restore_msi, &r), 0);
	CHECK_EQ("restored: MSI-X on", conf16(cap + 2) & MSIX_ENABLE,
		 MSIX_ENABLE);
	CHECK_EQ("restored: entry still unmasked", *entry_word(ENTRY, 12) & 1,
		 0);
}

static void test_map(void)
{
	uint64_t uc = PTE_FLAGS_RW | PTE_PCD | PTE_PWT;
	int pirq = -1, again, second = -1;
	uint32_t port = 0;

	CHECK_EQ("map entry 1",
		 map_entry(DOMID_SELF, devfn, ENTRY, bar_of_table, &pirq), 0);
	CHECK_EQ("a pirq above the GSIs", pirq >= NR_GSIS, 1);
	check_entry();
	check_config_filter();
	test_interrupt(pirq, &port);
	test_restore();
	again = pirq;
	CHECK_EQ("map the same pirq again: already mapped",
		 map_entry(DOMID_SELF, devfn, ENTRY, bar_of_table, &again), 0);
	CHECK_EQ("the same pirq", again, pirq);
	CHECK_EQ("map the same entry with a new pirq",
		 map_entry(DOMID_SELF, devfn, ENTRY, bar_of_table, &second), 0);
	CHECK_EQ("a second pirq", second != pirq, 1);
	CHECK_EQ("unmap it as domain 1234's", unmap(1234, second), -XEN_ESRCH);
	CHECK_EQ("unmap the second", unmap(DOMID_SELF, second), 0);
	CHECK_EQ("unmap the first", unmap(DOMID_SELF, pirq), 0);
	CHECK_EQ("entry masked after the unmap", *entry_word(ENTRY, 12) & 1, 1);
	CHECK_EQ("unmap twice", unmap(DOMID_SELF, pirq), -XEN_EINVAL);
	CHECK_EQ("close the port", ev_close(port), 0);
	CHECK_EQ("remap the table page",
		 mmu_window_map(SLOT_TABLE, table_pa >> 12, uc), 0);
	CHECK_EQ("table page writable after the last unmap",
		 (pte_of(SLOT_TABLE) & PTE_RW) != 0, 1);
	CHECK_EQ("drop it", mmu_window_map(SLOT_TABLE, 0, 0), 0);
}

/* Left mapped and bound: the teardown gives it back. */
static void leave_one(void)
{
	uint32_t port = 0;
	int pirq = -1;

	CHECK_EQ("map entry 0 for the teardown",
		 map_entry(DOMID_SELF, devfn, 0, bar_of_table, &pirq), 0);
	CHECK_EQ("bind it", bind_pirq((uint32_t)pirq, &port), 0);
}

/*
 * A privileged boot domain that is not the hardware domain (boot test
 * msix-priv; satori only): without config space access it registers
 * q35's own e1000e at 00:02.0 (so owns it), maps entry 0 naming no BAR
 * it could know (the hypervisor warns and uses the BAR), binds it and
 * leaves it for the teardown, after a second for debug key 'i'.
 */
static void privileged_not_hwdom(void)
{
	struct physdev_pci_device_add a = { .devfn = 0x10 };
	uint32_t port = 0;
	int pirq = -1;

	CHECK_EQ("pci_device_add 00:02.0",
		 physdev(PHYSDEVOP_pci_device_add, &a), 0);
	CHECK_EQ("map its MSI-X entry 0",
		 map_entry(DOMID_SELF, 0x10, 0, 0x1000, &pirq), 0);
	CHECK_EQ("bind it", bind_pirq((uint32_t)pirq, &port), 0);
	printf("MSI-X pirq %d bound to port %u, left for the teardown\n", pirq,
	       port);
	(void)wait_pending(0, 1000);
	test_success();
}

void test_main(void)
{
	struct physdev_set_iopl iopl = { .iopl = 1 };
	struct physdev_pci_device_add a = { 0 };

	if (!(start_info->flags & SIF_PRIVILEGED))
		test_skip("not privileged");
	if (!(start_info->flags & SIF_INITDOMAIN))
		privileged_not_hwdom();
	CHECK_EQ("set_trap_table", install_traps(0), 0);
	CHECK_EQ("set_iopl 1", physdev(PHYSDEVOP_set_iopl, &iopl), 0);
	find_device();
	CHECK_EQ("pci_device_add 00:00.0",
		 physdev(PHYSDEVOP_pci_device_add, &a), 0);
	a.devfn = devfn;
	CHECK_EQ("pci_device_add e1000e", physdev(PHYSDEVOP_pci_device_add, &a),
		 0);
	map_windows();
	test_hostile();
	test_prepare();
	test_map();
	CHECK_EQ("drop the early mapping", mmu_window_map(SLOT_EARLY, 0, 0), 0);
	leave_one();
	test_success();
}
