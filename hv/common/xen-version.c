/* SPDX-License-Identifier: MIT */
/*
 * xen_version: who the hypervisor is and what it offers. satori speaks
 * Xen 4.17's guest ABI and says so (VERSION 4.17); the strings say
 * satori. Access rules are Xen's default (XSM dummy) policy: every guest
 * may read everything except the hypervisor command line and build id,
 * which only privileged domains get ("<denied>" and -EPERM otherwise).
 */
#include <satori/boot-info.h>
#include <satori/build-id.h>
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/string.h>
#include <satori/vm-assist.h>
#include <satori/xen-version.h>

#include <public/features.h>
#include <public/version.h>
#include <public/xen.h>

#ifndef SATORI_CHANGESET
#define SATORI_CHANGESET "unavailable"
#endif
#ifndef SATORI_COMPILE_BY
#define SATORI_COMPILE_BY "satori"
#endif
#ifndef SATORI_COMPILE_DOMAIN
#define SATORI_COMPILE_DOMAIN "unknown"
#endif
#ifdef __clang__
#define SATORI_COMPILER "clang " __clang_version__
#else
#define SATORI_COMPILER "gcc " __VERSION__
#endif

#define DENIED_STRING "<denied>"

/* Copy @s into the guest's char[@size] at @va, NUL-padded to the end. */
static long put_string(uint64_t va, const char *s, size_t size)
{
	size_t n = strnlen(s, size - 1);

	if (copy_to_guest_raw(va, s, n) || clear_guest_raw(va + n, size - n))
		return -EFAULT;
	return 0;
}

static long put_compile_info(uint64_t va)
{
	static const struct {
		size_t offset, size;
		const char *text;
	} fields[] = {
		{ offsetof(xen_compile_info_t, compiler), 64, SATORI_COMPILER },
		{ offsetof(xen_compile_info_t, compile_by), 16,
		  SATORI_COMPILE_BY },
		{ offsetof(xen_compile_info_t, compile_domain), 32,
		  SATORI_COMPILE_DOMAIN },
		{ offsetof(xen_compile_info_t, compile_date), 32,
		  __DATE__ " " __TIME__ },
	};
	unsigned int i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (put_string(va + fields[i].offset, fields[i].text,
			       fields[i].size))
			return -EFAULT;
	return 0;
}

uint32_t xen_features_submap0(const struct domain *d)
{
	uint32_t f = XEN_FEATURES_PV64;

	if (vm_assist_enabled(d, VMASST_TYPE_pae_extended_cr3))
		f |= 1u << XENFEAT_pae_pgdir_above_4gb;
	if (d->is_initdomain)
		f |= 1u << XENFEAT_dom0;
	return f;
}

static long get_features(uint64_t va)
{
	xen_feature_info_t fi;

	if (copy_from_guest_raw(&fi, va, sizeof(fi)))
		return -EFAULT;
	if (fi.submap_idx != 0)
		return -EINVAL;
	fi.submap = xen_features_submap0(current->domain);
	if (copy_to_guest_raw(va, &fi, sizeof(fi)))
		return -EFAULT;
	return 0;
}

static long get_build_id(uint64_t va, bool privileged)
{
	xen_build_id_t req;
	const uint8_t *id;
	unsigned int len;
	int rc;

	if (!privileged)
		return -EPERM;
	/* A null buffer asks for the length only. */
	if (va != 0) {
		if (copy_from_guest_raw(&req, va, sizeof(req)))
			return -EFAULT;
		if (req.len == 0)
			return -EINVAL;
	}
	rc = xen_build_id(&id, &len);
	if (rc)
		return rc;
	if (va == 0)
		return len;
	if (len > req.len)
		return -ENOBUFS;
	if (copy_to_guest_raw(va + offsetof(xen_build_id_t, buf), id, len))
		return -EFAULT;
	return len;
}

static long get_commandline(uint64_t va, bool privileged)
{
	if (!privileged)
		return copy_to_guest_raw(va, DENIED_STRING,
					 sizeof(DENIED_STRING))
			       ? -EFAULT
			       : 0;
	return put_string(va, boot_info.cmdline, sizeof(xen_commandline_t));
}

static long get_platform_parameters(uint64_t va)
{
	xen_platform_parameters_t p = { .virt_start = XEN_VERSION_VIRT_START };

	return copy_to_guest_raw(va, &p, sizeof(p)) ? -EFAULT : 0;
}

long do_xen_version(uint64_t cmd, uint64_t arg)
{
	const struct domain *d = current->domain;

	/* Xen's command is an int. */
	switch ((int)cmd) {
	case XENVER_version:
		return (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;
	case XENVER_extraversion:
		return put_string(arg, XEN_VERSION_EXTRA,
				  sizeof(xen_extraversion_t));
	case XENVER_compile_info:
		return put_compile_info(arg);
	case XENVER_capabilities:
		return put_string(arg, XEN_VERSION_CAPABILITIES,
				  sizeof(xen_capabilities_info_t));
	case XENVER_changeset:
		return put_string(arg, SATORI_CHANGESET,
				  sizeof(xen_changeset_info_t));
	case XENVER_platform_parameters:
		return get_platform_parameters(arg);
	case XENVER_get_features:
		return get_features(arg);
	case XENVER_pagesize:
		/* Xen refuses a buffer here: the size is the result. */
		return arg != 0 ? -EINVAL : 4096;
	case XENVER_guest_handle:
		/* Domain handles (UUIDs) are not kept yet: all zeros. */
		return clear_guest_raw(arg, sizeof(xen_domain_handle_t))
			       ? -EFAULT
			       : 0;
	case XENVER_commandline:
		return get_commandline(arg, d->is_privileged);
	case XENVER_build_id:
		return get_build_id(arg, d->is_privileged);
	default:
		return hypercall_enosys(__HYPERVISOR_xen_version,
					(unsigned int)cmd);
	}
}
