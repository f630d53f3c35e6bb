/* SPDX-License-Identifier: MIT */
/*
 * The pure half of ACPI sleep: which registers the FADT names for
 * entering a sleep state, the S5 sleep types from the DSDT's \_S5
 * object, and Xen's checks of dom0's enter_acpi_sleep request. The
 * register writes are in sleep.c. Also the FADT's PM timer port, which
 * the dom0 port policy keeps from dom0 as Xen does.
 */
#include <asm/acpi-sleep.h>
#include <satori/errno.h>
#include <satori/types.h>

#include <public/platform.h>

#include "tables.h"

#define FADT_HAS(len, field)                          \
	((len) >= offsetof(struct acpi_fadt, field) + \
			  sizeof(((struct acpi_fadt *)0)->field))

/* The 64-bit block if present, else the 32-bit port of @len bytes. */
static void pick_block(struct acpi_sleep_reg *r, bool have_x,
		       const struct acpi_gas *x, uint32_t port, uint8_t len)
{
	*r = (struct acpi_sleep_reg){ 0 };
	if (have_x && x->address) {
		r->space = x->space_id;
		r->bit_width = x->bit_width;
		r->address = x->address;
		return;
	}
	r->space = ACPI_SPACE_IO;
	r->bit_width = (uint8_t)(len * 8);
	r->address = port;
}

/* Xen ignores a register whose bit layout is not a whole access. */
static void pick_gas(struct acpi_sleep_reg *r, const struct acpi_gas *g)
{
	*r = (struct acpi_sleep_reg){ 0 };
	if (!g->address || g->bit_offset || g->bit_width != g->access_size * 8)
		return;
	r->space = g->space_id;
	r->bit_width = g->bit_width;
	r->address = g->address;
}

void acpi_fadt_decode(const void *fadt, size_t len, struct acpi_sleep_info *si)
{
	const struct acpi_fadt *f = fadt;
	bool x = f->hdr.revision >= 3;

	*si = (struct acpi_sleep_info){ 0 };
	if (!FADT_HAS(len, flags))
		return;
	si->dsdt = f->dsdt;
	if (x && FADT_HAS(len, x_dsdt) && f->x_dsdt)
		si->dsdt = f->x_dsdt;
	if (f->hdr.revision >= 5 && FADT_HAS(len, sleep_status)) {
		pick_gas(&si->sleep_control, &f->sleep_control);
		pick_gas(&si->sleep_status, &f->sleep_status);
		if (!si->sleep_control.address || !si->sleep_status.address)
			si->sleep_control = si->sleep_status =
				(struct acpi_sleep_reg){ 0 };
	}
	if (f->flags & ACPI_FADT_HW_REDUCED)
		return;
	pick_block(&si->pm1a_cnt, x && FADT_HAS(len, x_pm1a_cnt_blk),
		   &f->x_pm1a_cnt_blk, f->pm1a_cnt_blk, f->pm1_cnt_len);
	pick_block(&si->pm1b_cnt, x && FADT_HAS(len, x_pm1b_cnt_blk),
		   &f->x_pm1b_cnt_blk, f->pm1b_cnt_blk, f->pm1_cnt_len);
}

uint16_t acpi_fadt_pm_timer_port(const void *fadt, size_t len)
{
	const struct acpi_fadt *f = fadt;
	const struct acpi_gas *x = &f->x_pm_tmr_blk;
	uint64_t port = 0;

	if (!FADT_HAS(len, pm_tmr_blk))
		return 0;
	/* The X_ block only if it is a whole dword in I/O space; a bad one
	 * is ignored in favour of the 32-bit field, as in Xen. */
	if (f->hdr.revision >= 3 && FADT_HAS(len, x_pm_tmr_blk) &&
	    x->space_id == ACPI_SPACE_IO &&
	    (x->access_size == 0 || x->access_size == ACPI_GAS_ACCESS_DWORD) &&
	    x->bit_offset == 0)
		port = x->address;
	if (!port)
		port = f->pm_tmr_blk;
	return port <= 0xfffc ? (uint16_t)port : 0;
}

/* An AML integer constant at @p: @return its length, 0 if not one. */
static size_t aml_const(const uint8_t *p, size_t avail, uint32_t *val)
{
	size_t n;

	if (!avail)
		return 0;
	switch (p[0]) {
	case 0x00: /* ZeroOp */
	case 0x01: /* OneOp */
		*val = p[0];
		return 1;
	case 0x0a: /* BytePrefix */
		n = 1;
		break;
	case 0x0b: /* WordPrefix */
		n = 2;
		break;
	case 0x0c: /* DWordPrefix */
		n = 4;
		break;
	default:
		return 0;
	}
	if (avail < 1 + n)
		return 0;
	*val = 0;
	for (size_t i = 0; i < n; i++)
		*val |= (uint32_t)p[1 + i] << (8 * i);
	return 1 + n;
}

/* The package after "_S5_" at @p (PackageOp, PkgLength, NumElements,
 * elements): its first two constants. */
static bool s5_package(const uint8_t *p, size_t avail, uint32_t *a, uint32_t *b)
{
	size_t pos, n;

	if (avail < 3 || p[0] != 0x12)
		return false;
	pos = 2 + (p[1] >> 6); /* the PkgLength's extra bytes */
	if (pos >= avail || p[pos] < 1)
		return false;
	pos++;
	n = aml_const(p + pos, avail - pos, a);
	if (!n)
		return false;
	*b = 0;
	if (p[pos - 1] >= 2)
		return aml_const(p + pos + n, avail - pos - n, b) != 0;
	return true;
}

bool acpi_find_s5(const uint8_t *aml, size_t len, uint8_t *type_a,
		  uint8_t *type_b)
{
	uint32_t a, b;

	for (size_t i = 1; i + 4 < len; i++) {
		if (aml[i] != '_' || aml[i + 1] != 'S' || aml[i + 2] != '5' ||
		    aml[i + 3] != '_')
			continue;
		/* NameOp, optionally followed by the root prefix. */
		if (aml[i - 1] != 0x08 &&
		    !(aml[i - 1] == '\\' && i >= 2 && aml[i - 2] == 0x08))
			continue;
		if (!s5_package(aml + i + 4, len - i - 4, &a, &b))
			continue;
		if (a > ACPI_SLEEP_TYPE_MAX || b > ACPI_SLEEP_TYPE_MAX)
			return false;
		*type_a = (uint8_t)a;
		*type_b = (uint8_t)b;
		return true;
	}
	return false;
}

static int check_extended(const struct acpi_sleep_info *si,
			  const struct xenpf_enter_acpi_sleep *req)
{
	if (!si->sleep_control.address || !si->sleep_status.address)
		return -EPERM;
	if (req->flags & ~XENPF_ACPI_SLEEP_EXTENDED)
		return -EINVAL;
	if (req->val_a > ACPI_SLEEP_TYPE_MAX ||
	    (req->val_b != ACPI_SLEEP_TYPE_INVALID &&
	     req->val_b > ACPI_SLEEP_TYPE_MAX))
		return -ERANGE;
	return 0;
}

int acpi_sleep_check(const struct acpi_sleep_info *si,
		     const struct xenpf_enter_acpi_sleep *req)
{
	int rc;

	if (req->flags & XENPF_ACPI_SLEEP_EXTENDED)
		rc = check_extended(si, req);
	else if (!si->pm1a_cnt.address)
		rc = -EPERM;
	else if ((req->val_b &&
		  ((req->val_a ^ req->val_b) & ACPI_PM1_SLP_EN)) ||
		 req->flags)
		rc = -EINVAL; /* SLP_EN disagrees, or an unknown flag */
	else
		rc = 0;
	if (rc)
		return rc;
	return req->sleep_state >= 1 && req->sleep_state <= 5 ? 0 : -EINVAL;
}
