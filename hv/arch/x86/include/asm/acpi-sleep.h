/* SPDX-License-Identifier: MIT */
/*
 * ACPI sleep states S3-S5 as the hypervisor sees them: the PM1 control
 * (or hardware-reduced sleep control) registers from the FADT, and the
 * S5 sleep types from the DSDT's \_S5 package. dom0 interprets the AML
 * and asks for a sleep with platform_op XENPF_enter_acpi_sleep; the
 * hypervisor checks the request as Xen does and writes the registers.
 * The decoding and checking functions are pure (host unit tests).
 */
#ifndef ASM_X86_ACPI_SLEEP_H
#define ASM_X86_ACPI_SLEEP_H

#include <satori/types.h>

struct xenpf_enter_acpi_sleep;

#define ACPI_SPACE_MEMORY 0
#define ACPI_SPACE_IO 1

/* PM1 control: SLP_TYP in bits 10-12, SLP_EN bit 13. */
#define ACPI_PM1_SLP_TYP_SHIFT 10
#define ACPI_PM1_SLP_EN 0x2000u
/* Hardware-reduced sleep control register: SLP_TYP bits 2-4, SLP_EN 5. */
#define ACPI_X_SLP_TYP_SHIFT 2
#define ACPI_X_SLP_TYP_MASK 0x1cu
#define ACPI_X_SLP_EN 0x20u
/* Largest sleep type value; 0xff in val_b: "no sleep type B". */
#define ACPI_SLEEP_TYPE_MAX 7u
#define ACPI_SLEEP_TYPE_INVALID 0xffu

/* One register from a FADT Generic Address Structure. */
struct acpi_sleep_reg {
	uint8_t space;	   /* ACPI_SPACE_*; others are not supported */
	uint8_t bit_width; /* 8, 16 or 32 */
	uint64_t address;  /* 0: absent */
};

struct acpi_sleep_info {
	struct acpi_sleep_reg pm1a_cnt, pm1b_cnt;
	struct acpi_sleep_reg sleep_control, sleep_status; /* FADT rev >= 5 */
	uint64_t dsdt;		      /* physical address; 0: none */
	bool s5_known;		      /* \_S5 found in the DSDT */
	uint8_t s5_type_a, s5_type_b; /* its first two values */
};

/* What the FADT and DSDT said at boot (acpi_init fills it). */
extern struct acpi_sleep_info acpi_sleep_info;

/*
 * Decode the sleep registers of the FADT @fadt (@len bytes, checksum
 * already checked) into @si as Xen's boot code does: the 64-bit X_
 * block when the revision and length have it and its address is not 0,
 * else the 32-bit port with PM1_CNT_LEN; sleep control/status only from
 * a revision >= 5 FADT and only if their bit layout is whole; a
 * hardware-reduced FADT has no PM1 registers. Also records the DSDT.
 */
void acpi_fadt_decode(const void *fadt, size_t len, struct acpi_sleep_info *si);

/*
 * The ACPI PM timer's I/O port from the FADT @fadt (@len bytes), as Xen's
 * boot code finds it: the X_PM_TMR_BLK address if the revision (>= 3)
 * and length have it, it is in I/O space with dword (or unspecified)
 * access and bit offset 0, and not 0; else PM_TMR_BLK. @return 0 if
 * there is none (or it is not a 16-bit port).
 */
uint16_t acpi_fadt_pm_timer_port(const void *fadt, size_t len);

/*
 * Find Name(\_S5, Package(){a, b, ...}) in the AML body @aml (@len
 * bytes) and store a and b (each a constant: Zero, One, or a
 * Byte/Word/DWord prefix; b defaults to 0 if missing). @return true if
 * found and both values are at most ACPI_SLEEP_TYPE_MAX.
 */
bool acpi_find_s5(const uint8_t *aml, size_t len, uint8_t *type_a,
		  uint8_t *type_b);

/*
 * Check a guest's enter_acpi_sleep request against @si in Xen's order:
 * extended form without sleep control/status registers -EPERM, other
 * flags -EINVAL, sleep type out of range -ERANGE; legacy form without
 * PM1a -EPERM, PM1a/PM1b SLP_EN disagreeing -EINVAL, any flag -EINVAL;
 * then a state outside S1-S5 -EINVAL. @return 0 if it may proceed.
 */
int acpi_sleep_check(const struct acpi_sleep_info *si,
		     const struct xenpf_enter_acpi_sleep *req);

/*
 * Act on a request acpi_sleep_check() passed: S5 stops every other CPU,
 * writes the registers (the machine is off; does not return unless the
 * hardware ignored it, then it halts). S1, S2, S4: -EINVAL (Xen's
 * answer: it enters only S3 and S5). S3: -EINVAL too, satori cannot
 * resume from it (docs/hacking/dom0.md).
 */
int acpi_enter_sleep(const struct xenpf_enter_acpi_sleep *req);

/*
 * Power the machine off through ACPI S5 with the DSDT's sleep types.
 * @return only if that is impossible (no PM1a/sleep control, no \_S5)
 * or did not take effect.
 */
void acpi_power_off(void);

#endif
