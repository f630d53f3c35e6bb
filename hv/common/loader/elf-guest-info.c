/* SPDX-License-Identifier: MIT */
/*
 * The legacy guest description: a __xen_guest section holding one string
 * of comma-separated NAME=VALUE pairs (Mini-OS uses it instead of notes).
 * A pair without '=' is a flag. Numbers take C prefixes (0x, 0). Unlike
 * the note, HYPERCALL_PAGE is a page number relative to VIRT_BASE; it is
 * resolved after the whole string is read, so the order does not matter.
 */
#include <satori/errno.h>
#include <satori/string.h>

#include "private.h"

/* A bounded piece of the string. */
struct token {
	const char *s;
	size_t len;
};

static bool token_is(const struct token *t, const char *word)
{
	return strlen(word) == t->len && memcmp(word, t->s, t->len) == 0;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* The whole token as an unsigned number in base 16 (0x), 8 (0) or 10. */
static bool token_number(const struct token *t, uint64_t *val)
{
	unsigned int base = 10, d;
	size_t i = 0;
	uint64_t v = 0;

	if (t->len > 2 && t->s[0] == '0' && (t->s[1] | 0x20) == 'x') {
		base = 16;
		i = 2;
	} else if (t->len > 1 && t->s[0] == '0') {
		base = 8;
		i = 1;
	}
	if (i == t->len)
		return false;
	for (; i < t->len; i++) {
		d = (unsigned int)digit_value(t->s[i]);
		if (d >= base || v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*val = v;
	return true;
}

static int pair_number(const struct token *value, uint64_t *dst,
		       struct xen_elf_info *info)
{
	if (!token_number(value, dst))
		return loader_fail(info, -EINVAL, "__xen_guest: bad number");
	return 0;
}

/* One NAME=VALUE pair; *hypercall_pfn collects HYPERCALL_PAGE. */
static int pair_apply(const struct token *name, const struct token *value,
		      uint64_t *hypercall_pfn, struct xen_elf_info *info)
{
	if (token_is(name, "BSD_SYMTAB"))
		info->bsd_symtab = true; /* A flag: no value needed. */
	else if (token_is(name, "GUEST_OS"))
		xen_str_set(info->guest_os, value->s, value->len);
	else if (token_is(name, "GUEST_VER"))
		xen_str_set(info->guest_version, value->s, value->len);
	else if (token_is(name, "XEN_VER"))
		xen_str_set(info->xen_version, value->s, value->len);
	else if (token_is(name, "LOADER"))
		xen_str_set(info->loader, value->s, value->len);
	else if (token_is(name, "PAE"))
		xen_str_set(info->pae_mode, value->s, value->len);
	else if (token_is(name, "FEATURES"))
		return xen_features_parse(value->s, value->len, info);
	else if (token_is(name, "VIRT_BASE"))
		return pair_number(value, &info->virt_base, info);
	else if (token_is(name, "VIRT_ENTRY"))
		return pair_number(value, &info->virt_entry, info);
	else if (token_is(name, "ELF_PADDR_OFFSET"))
		return pair_number(value, &info->paddr_offset, info);
	else if (token_is(name, "HYPERCALL_PAGE"))
		return pair_number(value, hypercall_pfn, info);
	return 0; /* Unknown names are ignored, as Xen does. */
}

static int pair_parse(const char *s, size_t len, uint64_t *hypercall_pfn,
		      struct xen_elf_info *info)
{
	struct token name = { s, len }, value = { s + len, 0 };
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '=') {
			name.len = i;
			value.s = s + i + 1;
			value.len = len - i - 1;
			break;
		}
	}
	return pair_apply(&name, &value, hypercall_pfn, info);
}

static int resolve_hypercall(uint64_t pfn, struct xen_elf_info *info)
{
	uint64_t base = info->virt_base == XEN_ELF_UNSET ? 0 : info->virt_base;

	if (pfn == XEN_ELF_UNSET)
		return 0;
	if (pfn > (UINT64_MAX >> 12) || base + (pfn << 12) < base)
		return loader_fail(info, -ERANGE,
				   "__xen_guest: HYPERCALL_PAGE overflows");
	info->virt_hypercall = base + (pfn << 12);
	return 0;
}

int xen_guest_info_parse(const char *s, size_t len, struct xen_elf_info *info)
{
	size_t end = strnlen(s, len), pos = 0, tok;
	uint64_t hypercall_pfn = XEN_ELF_UNSET;
	int rc;

	while (pos < end) {
		for (tok = pos; tok < end && s[tok] != ','; tok++)
			;
		rc = pair_parse(s + pos, tok - pos, &hypercall_pfn, info);
		if (rc)
			return rc;
		pos = tok + 1;
	}
	return resolve_hypercall(hypercall_pfn, info);
}
