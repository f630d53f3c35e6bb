/* SPDX-License-Identifier: MIT */
/*
 * Boot self-tests of memory protection: each deliberately makes an access
 * that must fault, recovers through the exception table, and prints one
 * "mm: selftest <name>: ok|FAILED" line that boot tests grep for.
 */
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/log.h>
#include <satori/mm.h>
#include <satori/xmalloc.h>

#include <asm/cpufeature.h>
#include <asm/ioremap.h>
#include <asm/mm.h>

#include "private.h"

extern char _stext[], _srodata[];
static volatile uint8_t data_probe_byte;

static unsigned int failures;

static void expect(const char *name, bool ok)
{
	printk("mm: selftest %s: %s\n", name, ok ? "ok" : "FAILED");
	if (!ok)
		failures++;
}

static void test_wx(void)
{
	expect("write .data works", mm_probe_write(&data_probe_byte) == 0);
	expect("write .text faults", mm_probe_write(_stext) == -EFAULT);
	expect("write .rodata faults", mm_probe_write(_srodata) == -EFAULT);
	if (cpu_has_nx)
		expect("exec .data faults", mm_probe_exec_data() == -EFAULT);
}

static void test_guest_access(void)
{
	uint64_t buf = 0x1234;
	/* Nothing is mapped in the guest part of the address space yet
	 * (above the 1 MiB identity map, below the hypervisor hole). */
	uint64_t unmapped = 0x10000000;

	expect("copy_from_guest unmapped -EFAULT",
	       copy_from_guest_raw(&buf, unmapped, sizeof(buf)) == -EFAULT);
	expect("copy_to_guest unmapped -EFAULT",
	       copy_to_guest_raw(unmapped, &buf, sizeof(buf)) == -EFAULT);
	expect("copy_to_guest hypervisor range -EFAULT",
	       copy_to_guest_raw((uint64_t)(uintptr_t)&data_probe_byte, &buf,
				 1) == -EFAULT);
	expect("clear_guest non-canonical -EFAULT",
	       clear_guest_raw(0x0000800000000000ULL, 8) == -EFAULT);
}

static void test_alloc(void)
{
	unsigned long before = mm_free_pages();
	struct page_info *pg = alloc_domheap_pages(NULL, 4, 0);
	bool zeroed = pg != NULL;

	for (unsigned int i = 0; pg && i < (16 * PAGE_SIZE) / 8; i++)
		zeroed = zeroed && ((uint64_t *)page_to_virt(pg))[i] == 0;
	expect("domheap order 4 scrubbed",
	       zeroed && mm_free_pages() == before - 16);
	if (pg)
		free_domheap_pages(pg, 4);
	expect("free restores count", mm_free_pages() == before);
	expect("order > MAX_ORDER is NULL",
	       alloc_xenheap_pages(MAX_ORDER + 1) == NULL);
}

static void test_xmalloc(void)
{
	static const size_t sizes[] = { 0, 1, 16, 17, 100, 2048, 2049, 10000 };
	void *p[ARRAY_SIZE(sizes)];
	struct xmalloc_stats st;
	bool ok = true;

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = xzalloc_bytes(sizes[i]);
		ok = ok && p[i] && IS_ALIGNED((uintptr_t)p[i], 16);
		if (p[i] && sizes[i] > 2048)
			ok = ok && IS_ALIGNED((uintptr_t)p[i], PAGE_SIZE);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++)
		xfree(p[i]);
	xmalloc_get_stats(&st);
	expect("xmalloc sizes and alignment",
	       ok && st.nr_live == 0 && st.bytes_in_use == 0);
	expect("xmalloc_array overflow is NULL",
	       xmalloc_array(uint64_t, SIZE_MAX / 4) == NULL);
}

/* The local APIC's version register (offset 0x30) reads as non-zero
 * through an uncached mapping of its default base. */
static void test_ioremap(void)
{
	volatile uint32_t *lapic = ioremap(0xfee00000, PAGE_SIZE);
	uint32_t version = lapic ? lapic[0x30 / 4] : 0;

	printk("mm: ioremap local APIC version %#x\n", version);
	expect("ioremap local APIC", lapic && version != 0);
}

void mm_selftest(void)
{
	test_wx();
	test_guest_access();
	test_alloc();
	test_xmalloc();
	test_ioremap();
	printk("mm: selftest %s (%u failures)\n",
	       failures ? "FAILED" : "passed", failures);
}
