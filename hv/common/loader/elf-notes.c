/* SPDX-License-Identifier: MIT */
/*
 * Xen ELF notes (owner "Xen", types from Xen's public/elfnote.h) and the
 * FEATURES string they share with the legacy __xen_guest section. Every
 * read is bounded by the note's declared sizes and the region holding it:
 * string descriptors may lack a NUL (Linux emits FEATURES with .ascii),
 * numeric ones are 1, 2, 4 or 8 little-endian bytes.
 */
#include <satori/errno.h>
#include <satori/string.h>

#include "private.h"

/* Note types (Xen's XEN_ELFNOTE_* numbers). */
enum {
	NOTE_ENTRY = 1,
	NOTE_HYPERCALL_PAGE = 2,
	NOTE_VIRT_BASE = 3,
	NOTE_PADDR_OFFSET = 4,
	NOTE_XEN_VERSION = 5,
	NOTE_GUEST_OS = 6,
	NOTE_GUEST_VERSION = 7,
	NOTE_LOADER = 8,
	NOTE_PAE_MODE = 9,
	NOTE_FEATURES = 10,
	NOTE_BSD_SYMTAB = 11,
	NOTE_SUSPEND_CANCEL = 14,
	NOTE_INIT_P2M = 15,
	NOTE_MOD_START_PFN = 16,
	NOTE_SUPPORTED_FEATURES = 17,
};

static const char *const feature_names[] = {
	[XEN_ELF_FEAT_WRITABLE_PAGE_TABLES] = "writable_page_tables",
	[XEN_ELF_FEAT_WRITABLE_DESCRIPTOR_TABLES] =
		"writable_descriptor_tables",
	[XEN_ELF_FEAT_AUTO_TRANSLATED_PHYSMAP] = "auto_translated_physmap",
	[XEN_ELF_FEAT_SUPERVISOR_MODE_KERNEL] = "supervisor_mode_kernel",
	[XEN_ELF_FEAT_PAE_PGDIR_ABOVE_4GB] = "pae_pgdir_above_4gb",
	[XEN_ELF_FEAT_HVM_CALLBACK_VECTOR] = "hvm_callback_vector",
	[XEN_ELF_FEAT_DOM0] = "dom0",
};

void xen_str_set(char dst[XEN_ELF_STR_LEN], const char *s, size_t len)
{
	size_t n = strnlen(s, MIN(len, (size_t)XEN_ELF_STR_LEN - 1));

	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* The feature number called [s, s+len), or -1. */
static int feature_lookup(const char *s, size_t len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(feature_names); i++) {
		const char *name = feature_names[i];

		if (name && strlen(name) == len && memcmp(name, s, len) == 0)
			return (int)i;
	}
	return -1;
}

static int feature_apply(const char *s, size_t len, struct xen_elf_info *info)
{
	bool required = len > 0 && s[0] == '!';
	int nr;

	if (required) {
		s++;
		len--;
	}
	nr = feature_lookup(s, len);
	if (nr < 0)
		return required ? loader_fail(info, -EOPNOTSUPP,
					      "unknown required feature")
				: 0;
	info->f_supported |= 1u << nr;
	if (!required)
		return 0;
	info->f_required |= 1u << nr;
	if (!(XEN_ELF_FEATURES_PROVIDABLE & (1u << nr)))
		return loader_fail(info, -EOPNOTSUPP,
				   "required feature not available to PV");
	return 0;
}

int xen_features_parse(const char *s, size_t len, struct xen_elf_info *info)
{
	size_t end = strnlen(s, len), pos = 0;
	int rc;

	while (pos < end) {
		size_t tok = pos;

		while (tok < end && s[tok] != '|')
			tok++;
		rc = feature_apply(s + pos, tok - pos, info);
		if (rc)
			return rc;
		pos = tok + 1;
	}
	return 0;
}

static int note_numeric(const uint8_t *desc, uint32_t descsz, uint64_t *val,
			struct xen_elf_info *info)
{
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;

	switch (descsz) {
	case 1:
		memcpy(&v8, desc, 1);
		*val = v8;
		return 0;
	case 2:
		memcpy(&v16, desc, 2);
		*val = v16;
		return 0;
	case 4:
		memcpy(&v32, desc, 4);
		*val = v32;
		return 0;
	case 8:
		memcpy(val, desc, 8);
		return 0;
	default:
		return loader_fail(info, -EINVAL, "numeric note of odd size");
	}
}

static bool note_is_numeric(uint32_t type)
{
	switch (type) {
	case NOTE_ENTRY:
	case NOTE_HYPERCALL_PAGE:
	case NOTE_VIRT_BASE:
	case NOTE_PADDR_OFFSET:
	case NOTE_SUSPEND_CANCEL:
	case NOTE_INIT_P2M:
	case NOTE_MOD_START_PFN:
	case NOTE_SUPPORTED_FEATURES:
		return true;
	default:
		return false;
	}
}

static void note_apply_numeric(uint32_t type, uint64_t v,
			       struct xen_elf_info *info)
{
	switch (type) {
	case NOTE_ENTRY:
		info->virt_entry = v;
		break;
	case NOTE_HYPERCALL_PAGE:
		info->virt_hypercall = v;
		break;
	case NOTE_VIRT_BASE:
		info->virt_base = v;
		break;
	case NOTE_PADDR_OFFSET:
		info->paddr_offset = v;
		break;
	case NOTE_SUSPEND_CANCEL:
		info->suspend_cancel = v != 0;
		break;
	case NOTE_INIT_P2M:
		info->p2m_base = v;
		break;
	case NOTE_MOD_START_PFN:
		info->unmapped_initrd = v != 0;
		break;
	case NOTE_SUPPORTED_FEATURES:
		info->f_supported |= (uint32_t)v;
		break;
	default:
		break;
	}
}

static int note_apply_string(uint32_t type, const char *s, uint32_t len,
			     struct xen_elf_info *info)
{
	switch (type) {
	case NOTE_XEN_VERSION:
		xen_str_set(info->xen_version, s, len);
		break;
	case NOTE_GUEST_OS:
		xen_str_set(info->guest_os, s, len);
		break;
	case NOTE_GUEST_VERSION:
		xen_str_set(info->guest_version, s, len);
		break;
	case NOTE_LOADER:
		xen_str_set(info->loader, s, len);
		break;
	case NOTE_PAE_MODE:
		xen_str_set(info->pae_mode, s, len);
		break;
	case NOTE_BSD_SYMTAB:
		info->bsd_symtab = strnlen(s, len) == 3 && !memcmp(s, "yes", 3);
		break;
	case NOTE_FEATURES:
		return xen_features_parse(s, len, info);
	default:
		break; /* HV_START_LOW, L1_MFN_VALID, PHYS32_ENTRY, newer. */
	}
	return 0;
}

static int note_apply(uint32_t type, const uint8_t *desc, uint32_t descsz,
		      struct xen_elf_info *info)
{
	uint64_t v;
	int rc;

	if (!note_is_numeric(type))
		return note_apply_string(type, (const char *)desc, descsz,
					 info);
	rc = note_numeric(desc, descsz, &v, info);
	if (rc)
		return rc;
	note_apply_numeric(type, v, info);
	return 0;
}

int xen_notes_parse(const uint8_t *p, size_t len, struct xen_elf_info *info,
		    unsigned int *nr_xen)
{
	static const char owner[4] = "Xen";
	struct elf64_nhdr nh;
	uint64_t pos = 0, name_len, desc_len;
	int rc;

	while (len - pos >= sizeof(nh)) {
		memcpy(&nh, p + pos, sizeof(nh));
		pos += sizeof(nh);
		name_len = ALIGN_UP((uint64_t)nh.n_namesz, 4);
		desc_len = ALIGN_UP((uint64_t)nh.n_descsz, 4);
		if (!loader_range_ok(len, pos, name_len) ||
		    !loader_range_ok(len, pos + name_len, nh.n_descsz))
			return loader_fail(info, -EINVAL,
					   "note runs past its region");
		if (nh.n_namesz == sizeof(owner) &&
		    memcmp(p + pos, owner, sizeof(owner)) == 0) {
			rc = note_apply(nh.n_type, p + pos + name_len,
					nh.n_descsz, info);
			if (rc)
				return rc;
			(*nr_xen)++;
		}
		/* The last note's padding may be cut off by the region end. */
		pos = MIN(pos + name_len + desc_len, (uint64_t)len);
	}
	return 0;
}
