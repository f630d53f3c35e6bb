/* SPDX-License-Identifier: MIT */
/*
 * version/xen-version: every XENVER_* subop answers as Xen 4.17 does for a
 * 64-bit PV guest. VERSION is (major << 16) | minor and at least 4.17;
 * EXTRAVERSION, COMPILE_INFO, CHANGESET and CAPABILITIES are NUL-terminated
 * strings, CAPABILITIES naming "xen-3.0-x86_64"; PLATFORM_PARAMETERS gives
 * the start of the hypervisor's range; GET_FEATURES submap 0 has
 * mmu_pt_update_preserve_ad (5) and gnttab_map_avail_bits (7) and not
 * writable_page_tables (0), auto_translated_physmap (2) or
 * supervisor_mode_kernel (3), and any other submap is -EINVAL; PAGESIZE is
 * 4096; GUEST_HANDLE fills 16 bytes; COMMANDLINE is a string; BUILD_ID with
 * a too-small buffer is -ENOBUFS and with room returns the id's length; an
 * unknown subop is -ENOSYS. An unprivileged domain reads the command line
 * as "<denied>" and gets -EPERM for BUILD_ID (Xen's default policy).
 */
#include <guest/test.h>

const char test_name[] = "version/xen-version";

/* @buf holds a NUL within @size bytes, and printable text before it. */
static void check_string(const char *what, const char *buf, size_t size)
{
	size_t i, len = strnlen(buf, size);

	if (len == size)
		test_fail("%s: no NUL within %zu bytes", what, size);
	for (i = 0; i < len; i++)
		if (buf[i] < 0x20 || buf[i] > 0x7e)
			test_fail("%s: byte %zu is %#x", what, i,
				  (unsigned int)(unsigned char)buf[i]);
}

static void check_version(void)
{
	long v = hc_xen_version(XENVER_version, NULL);

	printf("version %ld.%ld\n", v >> 16, v & 0xffff);
	if (v < ((4L << 16) | 17))
		test_fail("XENVER_version %#lx is below 4.17", v);
}

static void check_strings(void)
{
	static char buf[1024];
	static xen_compile_info_t info;

	memset(buf, 0xff, sizeof(buf));
	CHECK_EQ("XENVER_extraversion",
		 hc_xen_version(XENVER_extraversion, buf), 0);
	check_string("extraversion", buf, XEN_EXTRAVERSION_LEN);
	printf("extraversion '%s'\n", buf);

	memset(buf, 0xff, sizeof(buf));
	CHECK_EQ("XENVER_changeset", hc_xen_version(XENVER_changeset, buf), 0);
	check_string("changeset", buf, XEN_CHANGESET_INFO_LEN);

	memset(&info, 0xff, sizeof(info));
	CHECK_EQ("XENVER_compile_info",
		 hc_xen_version(XENVER_compile_info, &info), 0);
	check_string("compiler", info.compiler, sizeof(info.compiler));

	memset(buf, 0xff, sizeof(buf));
	CHECK_EQ("XENVER_capabilities",
		 hc_xen_version(XENVER_capabilities, buf), 0);
	check_string("capabilities", buf, XEN_CAPABILITIES_INFO_LEN);
	printf("capabilities '%s'\n", buf);
	if (!strstr(buf, "xen-3.0-x86_64"))
		test_fail("capabilities '%s' lack xen-3.0-x86_64", buf);
}

static void check_features(void)
{
	xen_feature_info_t fi = { .submap_idx = 0 };
	const uint32_t must = (1U << XENFEAT_mmu_pt_update_preserve_ad) |
			      (1U << XENFEAT_gnttab_map_avail_bits);
	const uint32_t must_not = (1U << XENFEAT_writable_page_tables) |
				  (1U << XENFEAT_auto_translated_physmap) |
				  (1U << XENFEAT_supervisor_mode_kernel);

	CHECK_EQ("XENVER_get_features 0",
		 hc_xen_version(XENVER_get_features, &fi), 0);
	printf("features[0] %#x\n", fi.submap);
	if ((fi.submap & must) != must || (fi.submap & must_not))
		test_fail("features[0] %#x: want %#x set, %#x clear", fi.submap,
			  must, must_not);
	fi.submap_idx = 1;
	CHECK_EQ("XENVER_get_features 1",
		 hc_xen_version(XENVER_get_features, &fi), -XEN_EINVAL);
}

static void check_privileged(void)
{
	static char buf[1024];
	/* The header, then room for the id itself. */
	static uint8_t bid_space[256] __attribute__((aligned(8)));
	xen_build_id_t *bid = (xen_build_id_t *)bid_space;
	long rc;

	memset(buf, 0x5a, sizeof(buf));
	CHECK_EQ("XENVER_guest_handle",
		 hc_xen_version(XENVER_guest_handle, buf), 0);
	if (buf[16] != 0x5a)
		test_fail("XENVER_guest_handle wrote past 16 bytes");

	memset(buf, 0xff, sizeof(buf));
	CHECK_EQ("XENVER_commandline", hc_xen_version(XENVER_commandline, buf),
		 0);
	check_string("commandline", buf, sizeof(buf));
	/* Xen's default policy: the command line and the build id are for
	 * privileged domains; others read "<denied>" and get -EPERM. */
	if (!(start_info->flags & SIF_PRIVILEGED)) {
		if (strcmp(buf, "<denied>") != 0)
			test_fail("XENVER_commandline unprivileged: '%s'", buf);
		bid->len = sizeof(bid_space) - sizeof(*bid);
		CHECK_EQ("XENVER_build_id unprivileged",
			 hc_xen_version(XENVER_build_id, bid), -XEN_EPERM);
		return;
	}
	if (!strstr(buf, "dom0_mem="))
		printf("note: commandline '%s'\n", buf);

	bid->len = 1;
	CHECK_EQ("XENVER_build_id, 1 byte",
		 hc_xen_version(XENVER_build_id, bid), -XEN_ENOBUFS);
	bid->len = sizeof(bid_space) - sizeof(*bid);
	rc = hc_xen_version(XENVER_build_id, bid);
	printf("build id length %ld\n", rc);
	if (rc <= 0 || rc > (long)bid->len)
		test_fail("XENVER_build_id returned %ld", rc);
}

void test_main(void)
{
	xen_platform_parameters_t pp = { 0 };

	check_version();
	check_strings();
	CHECK_EQ("XENVER_platform_parameters",
		 hc_xen_version(XENVER_platform_parameters, &pp), 0);
	CHECK_EQ("virt_start", pp.virt_start, __HYPERVISOR_VIRT_START);
	check_features();
	check_privileged();
	CHECK_EQ("XENVER_pagesize", hc_xen_version(XENVER_pagesize, NULL),
		 4096);
	CHECK_EQ("unknown subop 99", hc_xen_version(99, NULL), -XEN_ENOSYS);
	test_success();
}
