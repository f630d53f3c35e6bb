/* SPDX-License-Identifier: MIT */
/*
 * set_debugreg / get_debugreg: the guest's virtual DR0-3, DR6 and DR7.
 *
 * Breakpoint addresses must be guest addresses (never the hypervisor's
 * slots), DR6/DR7 have their reserved bits forced, DR7.GD is refused and
 * I/O breakpoints need the guest's CR4.DE; DR4/DR5 alias DR6/DR7 unless
 * CR4.DE is set. The errnos are Xen 4.17's (pv/misc-hypercalls.c):
 * -EPERM for a value that is valid but not allowed, -EINVAL for a
 * reserved bit, -ENODEV for a register that does not exist.
 */
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>

/* DR6: bits 4-11 and 16-31 read as 1 (16 is RTM, never offered), 12 as
 * 0. DR7: bit 10 reads as 1; 11 (RTM), 12, 14 and 15 as 0. */
#define DR6_MBS PV_DR6_DEFAULT
#define DR6_MBZ 0x00001000ULL
#define DR7_MBS PV_DR7_DEFAULT
#define DR7_MBZ 0x0000d800ULL
#define DR7_GD (1ULL << 13)
#define DR7_ENABLES 0xffULL /* L0 G0 .. L3 G3 */
#define DR7_RW_IO 2ULL	    /* RW field value of an I/O breakpoint. */

static bool de_enabled(const struct vcpu *v)
{
	return v->arch.cr4 & PV_CR4_DE;
}

/* Split the enable bits of I/O breakpoints out of @dr7 into *@io;
 * -EPERM if there are any and CR4.DE is clear. */
static long dr7_split_io(const struct vcpu *v, uint64_t dr7, uint64_t *io)
{
	unsigned int bp;

	*io = 0;
	if (!(dr7 & DR7_ENABLES))
		return 0;
	for (bp = 0; bp < 4; bp++) {
		if (((dr7 >> (16 + 4 * bp)) & 3) != DR7_RW_IO)
			continue;
		if (!de_enabled(v))
			return -EPERM;
		*io |= dr7 & (3ULL << (2 * bp));
	}
	return 0;
}

static long set_dr7(struct vcpu *v, uint64_t value)
{
	uint64_t io;
	long rc;

	if (value >> 32)
		return -EINVAL;
	value = (value | DR7_MBS) & ~DR7_MBZ;
	if (value & DR7_GD)
		return -EPERM;
	rc = dr7_split_io(v, value, &io);
	if (rc)
		return rc;
	v->arch.dr7_emul = io;
	v->arch.debugreg[7] = value & ~io;
	return 0;
}

void pv_debugreg_reset(struct vcpu *v)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		v->arch.debugreg[i] = 0;
	v->arch.debugreg[6] = PV_DR6_DEFAULT;
	v->arch.debugreg[7] = PV_DR7_DEFAULT;
	v->arch.dr7_emul = 0;
}

long do_set_debugreg(uint64_t reg, uint64_t value)
{
	struct vcpu *v = current;
	long rc = 0;

	/* Xen's register number is an int. */
	switch ((int)reg) {
	case 0:
	case 1:
	case 2:
	case 3:
		if (!guest_range_ok(value, sizeof(uint64_t)))
			return -EPERM;
		v->arch.debugreg[(int)reg] = value;
		break;
	case 4:
	case 6:
		if ((int)reg == 4 && de_enabled(v))
			return -ENODEV;
		if (value >> 32)
			return -EINVAL;
		v->arch.debugreg[6] = (value | DR6_MBS) & ~DR6_MBZ;
		break;
	case 5:
	case 7:
		if ((int)reg == 5 && de_enabled(v))
			return -ENODEV;
		rc = set_dr7(v, value);
		break;
	default:
		return -ENODEV;
	}
	if (rc == 0)
		arch_load_debugregs(v);
	return rc;
}

long do_get_debugreg(uint64_t reg)
{
	const struct vcpu *v = current;

	switch ((int)reg) {
	case 0:
	case 1:
	case 2:
	case 3:
		return (long)v->arch.debugreg[(int)reg];
	case 4:
	case 6:
		if ((int)reg == 4 && de_enabled(v))
			return -ENODEV;
		return (long)v->arch.debugreg[6];
	case 5:
	case 7:
		if ((int)reg == 5 && de_enabled(v))
			return -ENODEV;
		return (long)(v->arch.debugreg[7] | v->arch.dr7_emul);
	default:
		return -ENODEV;
	}
}
