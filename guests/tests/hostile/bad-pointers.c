/* SPDX-License-Identifier: MIT */
/*
 * hostile/bad-pointers: hypercall pointers the guest may not use give a
 * clean error and change nothing.
 *
 * Rule: the hypervisor reaches guest memory only through its guest
 * accessors, which refuse addresses outside the guest's own mappings (and
 * writes to pages the guest may only read) with -EFAULT.
 * Attack: hand console_io write, set_trap_table, xen_version, callback_op
 * and sched_op shutdown each of: a non-canonical address, the first and
 * last page of the hypervisor's range 0xffff800000000000-0xffff87ffffffffff,
 * an unmapped page, a buffer straddling from a mapped page into an
 * unmapped one, and (for writes) the guest's own read-only page tables;
 * plus NULL (the library unmaps page 0), and console_io with huge counts. Each call must return Xen's
 * errno, the page tables must be unchanged, and the guest must keep
 * running. NULL is not an error everywhere: set_trap_table(NULL) clears
 * the table (returns 0), a zero-length console write is 0.
 */
#include <guest/mm.h>
#include <guest/test.h>

const char test_name[] = "hostile/bad-pointers";

struct bad {
	const char *what;
	uint64_t addr;
};

static struct bad bad[6];
static unsigned int nr_bad;

static void add(const char *what, uint64_t addr)
{
	bad[nr_bad].what = what;
	bad[nr_bad++].addr = addr;
}

static void check(const char *call, const char *what, long got, long want)
{
	if (got != want)
		test_fail("%s with %s: got %ld, want %ld", call, what, got,
			  want);
}

static void check_reads(const struct bad *b)
{
	struct callback_register *cb = (struct callback_register *)b->addr;

	check("console_io write", b->what,
	      hc_console_write((char *)b->addr, 16), -XEN_EFAULT);
	check("set_trap_table", b->what,
	      hc_set_trap_table((struct trap_info *)b->addr), -XEN_EFAULT);
	check("callback_op register", b->what,
	      hc_callback_op(CALLBACKOP_register, cb), -XEN_EFAULT);
	check("sched_op shutdown", b->what,
	      hc_sched_op(SCHEDOP_shutdown, (void *)b->addr), -XEN_EFAULT);
}

/*
 * get_features reads its submap index before writing: from readable but
 * not writable memory it fails on the index (@features_rc) instead.
 */
static void check_writes(const char *what, uint64_t addr, long features_rc)
{
	void *p = (void *)addr;

	check("xen_version extraversion", what,
	      hc_xen_version(XENVER_extraversion, p), -XEN_EFAULT);
	check("xen_version capabilities", what,
	      hc_xen_version(XENVER_capabilities, p), -XEN_EFAULT);
	check("xen_version platform_parameters", what,
	      hc_xen_version(XENVER_platform_parameters, p), -XEN_EFAULT);
	check("xen_version get_features", what,
	      hc_xen_version(XENVER_get_features, p), features_rc);
}

/* The guest's own L4 page: mapped read-only, writes must fail. */
static void check_page_tables(void)
{
	static uint8_t before[4096];
	const uint8_t *l4 = (const uint8_t *)start_info->pt_base;

	memcpy(before, l4, sizeof(before));
	/* L4 entry 0 maps low memory: as an index its low half is not 0. */
	check_writes("read-only page tables", start_info->pt_base, -XEN_EINVAL);
	if (memcmp(before, l4, sizeof(before)) != 0)
		test_fail("a refused xen_version changed the page tables");
}

static void check_null(void)
{
	check("console_io write", "NULL, 0 bytes", hc_console_write(NULL, 0),
	      0);
	check("console_io write", "NULL", hc_console_write(NULL, 16),
	      -XEN_EFAULT);
	check("xen_version extraversion", "NULL",
	      hc_xen_version(XENVER_extraversion, NULL), -XEN_EFAULT);
	check("set_trap_table", "NULL (clears the table)",
	      hc_set_trap_table(NULL), 0);
}

void test_main(void)
{
	uint64_t page = page_before_hole();
	unsigned int i;

	if (!page || !null_page_unmapped)
		test_error("update_va_mapping refused to unmap a page");
	add("a non-canonical address", 0x8000000000000000UL);
	add("the hypervisor's first page", __HYPERVISOR_VIRT_START);
	add("the hypervisor's last page", 0xffff87fffffff000UL);
	add("an unmapped page", page + 4096);
	/* Two bytes mapped: every argument structure here is larger. */
	add("a buffer straddling into an unmapped page", page + 4096 - 2);
	for (i = 0; i < nr_bad; i++) {
		check_reads(&bad[i]);
		check_writes(bad[i].what, bad[i].addr, -XEN_EFAULT);
	}
	check_null();
	check_page_tables();
	check("console_io write", "4 GiB - 1 bytes into a hole",
	      hc_console_write((char *)(page + 4096 - 8), 0xffffffffU),
	      -XEN_EFAULT);
	check("console_io write", "2 GiB - 1 bytes into a hole",
	      hc_console_write((char *)(page + 4096 - 8), 0x7fffffffU),
	      -XEN_EFAULT);
	CHECK_EQ("console_io write afterwards", printf("still running\n"), 0);
	test_success();
}
