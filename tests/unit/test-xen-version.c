/* unit-sources: hv/common/xen-version.c hv/common/vm-assist.c hv/common/build-id-note.c */
/* SPDX-License-Identifier: MIT */
/*
 * xen_version and vm_assist against a fake vCPU and guest memory: every
 * XENVER_* subop's contents and padding, the feature word for domU and
 * dom0 (no bit that PV must not see), the privileged-only subops, and
 * the build id, and the vm_assist valid set with its errnos.
 */
#include <satori/boot-info.h>
#include <satori/build-id.h>
#include <satori/vm-assist.h>
#include <satori/xen-version.h>

#include <public/version.h>
#include <public/xen.h>

#include "check.h"
#include "fake-guest.h"

struct boot_info boot_info;

/* The image's notes as the linker would lay them out: an unrelated note
 * first, then the build id (20 bytes); fake_notes_size 0 means none. */
static const uint8_t fake_notes[] = {
	8, 0, 0, 0, 4,	0,    0,    0,	  1,	0,  0,	0,  'X', 'e', 'n',
	0, 0, 0, 0, 0,	0x11, 0x22, 0x33, 0x44, 4,  0,	0,  0,	 20,  0,
	0, 0, 3, 0, 0,	0,    'G',  'N',  'U',	0,  1,	2,  3,	 4,   5,
	6, 7, 8, 9, 10, 11,   12,   13,	  14,	15, 16, 17, 18,	 19,  20,
};
static size_t fake_notes_size = sizeof(fake_notes);

int xen_build_id(const uint8_t **id, unsigned int *len)
{
	return build_id_parse(fake_notes, fake_notes_size, id, len);
}

#define BUF FG_BASE
#define POISON 0xa5

static void poison(void)
{
	memset(fg_ptr(BUF), POISON, 2 * 4096);
}

/* True if @n guest bytes from @va are all zero. */
static bool guest_zero(uint64_t va, size_t n)
{
	const unsigned char *p = fg_ptr(va);
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void test_strings(void)
{
	const xen_compile_info_t *ci = fg_ptr(BUF);

	fg_reset();
	CHECK_EQ(do_xen_version(XENVER_version, 0), 0x40011);

	poison();
	CHECK_EQ(do_xen_version(XENVER_extraversion, BUF), 0);
	CHECK_STR_EQ((const char *)fg_ptr(BUF), ".0-satori");
	CHECK(guest_zero(BUF + 9, 16 - 9));
	CHECK_EQ(*(unsigned char *)fg_ptr(BUF + 16), POISON);

	poison();
	CHECK_EQ(do_xen_version(XENVER_capabilities, BUF), 0);
	CHECK_STR_EQ((const char *)fg_ptr(BUF), "xen-3.0-x86_64 ");
	CHECK(guest_zero(BUF + 15, 1024 - 15));
	CHECK_EQ(*(unsigned char *)fg_ptr(BUF + 1024), POISON);

	poison();
	CHECK_EQ(do_xen_version(XENVER_changeset, BUF), 0);
	CHECK_STR_EQ((const char *)fg_ptr(BUF), "unavailable");
	CHECK(guest_zero(BUF + 11, 64 - 11));

	poison();
	CHECK_EQ(do_xen_version(XENVER_compile_info, BUF), 0);
	CHECK(strncmp(ci->compiler, "gcc ", 4) == 0 ||
	      strncmp(ci->compiler, "clang ", 6) == 0);
	CHECK_EQ(ci->compiler[63], 0);
	CHECK_STR_EQ(ci->compile_by, "satori");
	CHECK_STR_EQ(ci->compile_domain, "unknown");
	CHECK_EQ(strlen(ci->compile_date), strlen(__DATE__ " " __TIME__));
	CHECK_EQ(sizeof(*ci), 144);
	CHECK_EQ(*(unsigned char *)fg_ptr(BUF + 144), POISON);

	/* Each string subop reports a bad buffer. */
	CHECK_EQ(do_xen_version(XENVER_extraversion, FG_HOLE_VA - 8), -EFAULT);
	CHECK_EQ(do_xen_version(XENVER_compile_info, FG_HOLE_VA - 100),
		 -EFAULT);
	CHECK_EQ(do_xen_version(XENVER_capabilities, FG_HOLE_VA - 1000),
		 -EFAULT);
	CHECK_EQ(do_xen_version(XENVER_changeset, GUEST_HV_HOLE_START),
		 -EFAULT);
	CHECK_EQ(do_xen_version(XENVER_extraversion, 0), -EFAULT);
}

static void test_small_subops(void)
{
	xen_platform_parameters_t pp;

	fg_reset();
	poison();
	CHECK_EQ(do_xen_version(XENVER_platform_parameters, BUF), 0);
	memcpy(&pp, fg_ptr(BUF), sizeof(pp));
	CHECK_EQ(pp.virt_start, 0xffff800000000000ULL);
	CHECK_EQ(do_xen_version(XENVER_platform_parameters, FG_HOLE_VA),
		 -EFAULT);

	CHECK_EQ(do_xen_version(XENVER_pagesize, 0), 4096);
	CHECK_EQ(do_xen_version(XENVER_pagesize, BUF), -EINVAL);

	poison();
	CHECK_EQ(do_xen_version(XENVER_guest_handle, BUF), 0);
	CHECK(guest_zero(BUF, 16));
	CHECK_EQ(*(unsigned char *)fg_ptr(BUF + 16), POISON);
	CHECK_EQ(do_xen_version(XENVER_guest_handle, FG_HOLE_VA - 4), -EFAULT);

	/* Unknown subops: -ENOSYS, reported once each through enosys. */
	CHECK_EQ(do_xen_version(11, BUF), -ENOSYS);
	CHECK_EQ(fg_enosys_nr, __HYPERVISOR_xen_version);
	CHECK_EQ(fg_enosys_subop, 11);
	CHECK_EQ(do_xen_version(-1ULL, BUF), -ENOSYS);
	/* The command is an int: 1 << 32 is XENVER_version. */
	CHECK_EQ(do_xen_version(1ULL << 32, 0), 0x40011);
}

static long get_features(uint32_t idx, uint32_t *submap)
{
	xen_feature_info_t fi = { .submap_idx = idx, .submap = 0xdeadbeef };
	long rc;

	memcpy(fg_ptr(BUF), &fi, sizeof(fi));
	rc = do_xen_version(XENVER_get_features, BUF);
	memcpy(&fi, fg_ptr(BUF), sizeof(fi));
	*submap = fi.submap;
	return rc;
}

static void test_features(void)
{
	/* Bits a PV guest must never see (public/features.h). */
	const uint32_t forbidden = (1u << 0) | (1u << 2) | (1u << 3) |
				   (1u << 8) | (1u << 9) | (1u << 10);
	uint32_t f;

	fg_reset();
	CHECK_EQ(get_features(0, &f), 0);
	CHECK_EQ(f, (1u << 5) | (1u << 6) | (1u << 7) | (1u << 17));
	CHECK_EQ(f & forbidden, 0);
	/* pae_pgdir_above_4gb follows the pae_extended_cr3 assist. */
	CHECK_EQ(do_vm_assist(VMASST_CMD_enable, 3), 0);
	CHECK_EQ(get_features(0, &f), 0);
	CHECK_EQ(f, (1u << 4) | (1u << 5) | (1u << 6) | (1u << 7) | (1u << 17));
	/* The initial domain also gets dom0. */
	fg_dom.is_initdomain = true;
	CHECK_EQ(do_vm_assist(VMASST_CMD_disable, 3), 0);
	CHECK_EQ(get_features(0, &f), 0);
	CHECK_EQ(f,
		 (1u << 5) | (1u << 6) | (1u << 7) | (1u << 11) | (1u << 17));

	/* Other submaps: -EINVAL and the buffer is left alone. */
	CHECK_EQ(get_features(1, &f), -EINVAL);
	CHECK_EQ(f, 0xdeadbeef);
	CHECK_EQ(get_features(0xffffffff, &f), -EINVAL);
	CHECK_EQ(do_xen_version(XENVER_get_features, FG_HOLE_VA - 4), -EFAULT);
	CHECK_EQ(do_xen_version(XENVER_get_features, 0), -EFAULT);
}

static void test_privileged_subops(void)
{
	uint32_t len = 32;

	fg_reset();
	strcpy(boot_info.cmdline, "console=com1 loglvl=all");

	/* Unprivileged: "<denied>" and nothing past its NUL; no build id. */
	poison();
	CHECK_EQ(do_xen_version(XENVER_commandline, BUF), 0);
	CHECK_STR_EQ((const char *)fg_ptr(BUF), "<denied>");
	CHECK_EQ(*(unsigned char *)fg_ptr(BUF + 9), POISON);
	CHECK_EQ(do_xen_version(XENVER_build_id, 0), -EPERM);
	CHECK_EQ(do_xen_version(XENVER_build_id, BUF), -EPERM);

	/* Privileged: the whole 1024-byte command line buffer. */
	fg_dom.is_privileged = true;
	poison();
	CHECK_EQ(do_xen_version(XENVER_commandline, BUF), 0);
	CHECK_STR_EQ((const char *)fg_ptr(BUF), "console=com1 loglvl=all");
	CHECK(guest_zero(BUF + 23, 1024 - 23));
	CHECK_EQ(*(unsigned char *)fg_ptr(BUF + 1024), POISON);
	CHECK_EQ(do_xen_version(XENVER_commandline, FG_HOLE_VA - 512), -EFAULT);

	/* The id: its length alone, or copied after len when it fits. */
	CHECK_EQ(do_xen_version(XENVER_build_id, 0), 20);
	poison();
	len = 19;
	memcpy(fg_ptr(BUF), &len, sizeof(len));
	CHECK_EQ(do_xen_version(XENVER_build_id, BUF), -ENOBUFS);
	CHECK_EQ(*(unsigned char *)fg_ptr(BUF + 4), POISON);
	len = 20;
	memcpy(fg_ptr(BUF), &len, sizeof(len));
	CHECK_EQ(do_xen_version(XENVER_build_id, BUF), 20);
	CHECK(memcmp(fg_ptr(BUF + 4), fake_notes + 40, 20) == 0);
	CHECK_EQ(*(unsigned char *)fg_ptr(BUF + 24), POISON);
	len = 0;
	memcpy(fg_ptr(BUF), &len, sizeof(len));
	CHECK_EQ(do_xen_version(XENVER_build_id, BUF), -EINVAL);
	CHECK_EQ(do_xen_version(XENVER_build_id, FG_HOLE_VA - 2), -EFAULT);
	/* Room for the length but the id runs into the hole. */
	len = 64;
	memcpy(fg_ptr(FG_HOLE_VA - 8), &len, sizeof(len));
	CHECK_EQ(do_xen_version(XENVER_build_id, FG_HOLE_VA - 8), -EFAULT);
	/* An image without a build id. */
	fake_notes_size = 0;
	CHECK_EQ(do_xen_version(XENVER_build_id, 0), -ENODATA);
	len = 20;
	memcpy(fg_ptr(BUF), &len, sizeof(len));
	CHECK_EQ(do_xen_version(XENVER_build_id, BUF), -ENODATA);
	fake_notes_size = sizeof(fake_notes);
}

static void test_build_id_parse(void)
{
	uint8_t bad[sizeof(fake_notes)];
	const uint8_t *id = NULL;
	unsigned int n = 0;

	CHECK_EQ(build_id_parse(fake_notes, sizeof(fake_notes), &id, &n), 0);
	CHECK(id == fake_notes + 40);
	CHECK_EQ(n, 20);
	/* Truncated: the descriptor does not fit. */
	CHECK_EQ(build_id_parse(fake_notes, sizeof(fake_notes) - 1, &id, &n),
		 -ENODATA);
	/* Only the first note: no build id. */
	CHECK_EQ(build_id_parse(fake_notes, 24, &id, &n), -ENODATA);
	CHECK_EQ(build_id_parse(fake_notes, 0, &id, &n), -ENODATA);
	/* Sizes that would run past the end or wrap. */
	memcpy(bad, fake_notes, sizeof(bad));
	bad[0] = 0xff;
	bad[1] = 0xff;
	bad[2] = 0xff;
	bad[3] = 0xff;
	CHECK_EQ(build_id_parse(bad, sizeof(bad), &id, &n), -ENODATA);
	memcpy(bad, fake_notes, sizeof(bad));
	bad[28] = 0xfd;
	bad[29] = 0xff;
	bad[30] = 0xff;
	bad[31] = 0xff;
	CHECK_EQ(build_id_parse(bad, sizeof(bad), &id, &n), -ENODATA);
	/* Right type, wrong name. */
	memcpy(bad, fake_notes, sizeof(bad));
	bad[36] = 'X';
	CHECK_EQ(build_id_parse(bad, sizeof(bad), &id, &n), -ENODATA);
}

static void test_vm_assist(void)
{
	unsigned int t;

	fg_reset();
	for (t = 0; t < 6; t++) {
		CHECK_EQ(do_vm_assist(VMASST_CMD_enable, t), 0);
		CHECK(vm_assist_enabled(&fg_dom, t));
	}
	CHECK_EQ(do_vm_assist(VMASST_CMD_enable, 32), 0);
	CHECK_EQ(fg_dom.arch.vm_assist, 0x10000003fULL);
	CHECK_EQ(do_vm_assist(VMASST_CMD_disable, 2), 0);
	CHECK(!vm_assist_enabled(&fg_dom, 2));
	CHECK_EQ(fg_dom.arch.vm_assist, 0x10000003bULL);

	/* Types outside PV64's set, whatever the command. */
	CHECK_EQ(do_vm_assist(VMASST_CMD_enable, 6), -EINVAL);
	CHECK_EQ(do_vm_assist(VMASST_CMD_enable, 31), -EINVAL);
	CHECK_EQ(do_vm_assist(VMASST_CMD_enable, 33), -EINVAL);
	CHECK_EQ(do_vm_assist(VMASST_CMD_enable, 64), -EINVAL);
	CHECK_EQ(do_vm_assist(VMASST_CMD_enable, 0xffffffff), -EINVAL);
	CHECK_EQ(do_vm_assist(7, 99), -EINVAL);
	/* Unknown command on a valid type: -ENOSYS, nothing changes. */
	CHECK_EQ(do_vm_assist(2, 1), -ENOSYS);
	CHECK_EQ(fg_dom.arch.vm_assist, 0x10000003bULL);
	/* Both arguments are unsigned ints. */
	CHECK_EQ(do_vm_assist(1ULL << 32, (1ULL << 32) | 2), 0);
	CHECK(vm_assist_enabled(&fg_dom, 2));
	CHECK(!vm_assist_enabled(&fg_dom, 64));
}

int main(void)
{
	test_strings();
	test_small_subops();
	test_features();
	test_privileged_subops();
	test_build_id_parse();
	test_vm_assist();
	return check_summary("xen-version");
}
