/* SPDX-License-Identifier: MIT */
/*
 * What a decoded page-table write does, computed rather than executed:
 * the linear address it writes, the value it leaves in memory given the
 * value it found there, and the registers and flags it leaves behind.
 * ptwr.c reads the entry, calls ptwr_execute() on a copy of the guest's
 * registers, validates and stores the result, and only then copies the
 * registers back, so a refused write leaves the guest untouched.
 *
 * Flags follow the SDM: and/or/xor clear CF and OF and set SF, ZF, PF
 * from the result (AF is undefined; left as it was); cmpxchg sets all six
 * arithmetic flags as a cmp of the accumulator with the operand would;
 * bts/btr/btc put the old bit in CF and leave the undefined ones alone.
 * Pure logic, host-tested.
 */
#include "ptwr.h"

#define FL_CF (1ULL << 0)
#define FL_PF (1ULL << 2)
#define FL_AF (1ULL << 4)
#define FL_ZF (1ULL << 6)
#define FL_SF (1ULL << 7)
#define FL_OF (1ULL << 11)
#define FL_ARITH (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)

uint64_t *ptwr_gpr(struct cpu_user_regs *regs, unsigned int n)
{
	return regs_gpr(regs, n);
}

static uint64_t gpr_value(const struct cpu_user_regs *regs, unsigned int n)
{
	return *(const uint64_t *)((const uint8_t *)regs + regs_gpr_offset(n));
}

static uint64_t size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

static int64_t sign_extend(uint64_t v, unsigned int size)
{
	unsigned int shift = 64 - 8 * size;

	return (int64_t)(v << shift) >> shift;
}

uint64_t ptwr_source_value(const struct ptwr_insn *insn,
			   const struct cpu_user_regs *regs)
{
	if (insn->src_is_imm)
		return (uint64_t)insn->imm & size_mask(insn->size);
	if (insn->src_high_byte) /* AH, CH, DH, BH */
		return (gpr_value(regs, insn->src_reg - 4u) >> 8) & 0xff;
	return gpr_value(regs, insn->src_reg) & size_mask(insn->size);
}

/* Write @val to a register as an instruction of operand size @size does:
 * 32-bit writes zero the upper half, 8- and 16-bit ones merge. */
static void write_gpr(struct cpu_user_regs *regs, unsigned int n,
		      bool high_byte, unsigned int size, uint64_t val)
{
	uint64_t *r = ptwr_gpr(regs, high_byte ? n - 4u : n);

	if (high_byte)
		*r = (*r & ~0xff00ULL) | (val & 0xff) << 8;
	else if (size == 4)
		*r = (uint32_t)val;
	else if (size == 8)
		*r = val;
	else
		*r = (*r & ~size_mask(size)) | (val & size_mask(size));
}

uint64_t ptwr_linear_address(const struct ptwr_insn *insn,
			     const struct cpu_user_regs *regs,
			     uint64_t seg_base)
{
	uint64_t ea = (uint64_t)(int64_t)insn->disp;

	if (insn->rip_rel)
		ea += regs->rip + insn->len;
	if (insn->base != PTWR_NO_REG)
		ea += gpr_value(regs, insn->base);
	if (insn->index != PTWR_NO_REG)
		ea += gpr_value(regs, insn->index) * insn->scale;
	if (!insn->src_is_imm &&
	    (insn->op == PTWR_BTS || insn->op == PTWR_BTR ||
	     insn->op == PTWR_BTC)) {
		/* Bit string: a signed offset reaches whole operands away. */
		int64_t off =
			sign_extend(gpr_value(regs, insn->src_reg), insn->size);
		int64_t ops = off >> (insn->size == 2	? 4
				      : insn->size == 4 ? 5
							: 6);

		ea += (uint64_t)ops * insn->size;
	}
	if (insn->addr32)
		ea = (uint32_t)ea;
	return ea + seg_base;
}

/* SF, ZF and PF from @result (operand size @size); others untouched. */
static void set_szp(struct cpu_user_regs *regs, uint64_t result,
		    unsigned int size)
{
	uint64_t f = regs->rflags & ~(FL_SF | FL_ZF | FL_PF);

	result &= size_mask(size);
	if (!result)
		f |= FL_ZF;
	if (result >> (8 * size - 1))
		f |= FL_SF;
	if (!(__builtin_popcount((unsigned int)(result & 0xff)) & 1))
		f |= FL_PF;
	regs->rflags = f;
}

/* The flags of `cmp acc, mem` (acc - mem) at operand size @size. */
static void set_cmp_flags(struct cpu_user_regs *regs, uint64_t acc,
			  uint64_t mem, unsigned int size)
{
	uint64_t diff = (acc - mem) & size_mask(size);
	uint64_t sign = 1ULL << (8 * size - 1);

	regs->rflags &= ~FL_ARITH;
	set_szp(regs, diff, size);
	if (acc < mem)
		regs->rflags |= FL_CF;
	if ((acc ^ mem) & (acc ^ diff) & sign)
		regs->rflags |= FL_OF;
	if ((acc ^ mem ^ diff) & 0x10)
		regs->rflags |= FL_AF;
}

static uint64_t exec_cmpxchg(const struct ptwr_insn *insn,
			     struct cpu_user_regs *regs, uint64_t old,
			     uint64_t src)
{
	uint64_t acc = regs->rax & size_mask(insn->size);

	set_cmp_flags(regs, acc, old, insn->size);
	if (acc == old)
		return src;
	/* Failure: the accumulator receives what memory held. */
	write_gpr(regs, 0, false, insn->size, old);
	return old;
}

static uint64_t exec_bit(const struct ptwr_insn *insn,
			 struct cpu_user_regs *regs, uint64_t old, uint64_t src)
{
	unsigned int bit = (unsigned int)src & (8u * insn->size - 1);
	uint64_t m = 1ULL << bit;

	regs->rflags = (regs->rflags & ~FL_CF) | ((old >> bit) & 1);
	if (insn->op == PTWR_BTS)
		return old | m;
	if (insn->op == PTWR_BTR)
		return old & ~m;
	return old ^ m;
}

uint64_t ptwr_execute(const struct ptwr_insn *insn, struct cpu_user_regs *regs,
		      uint64_t old)
{
	uint64_t src = ptwr_source_value(insn, regs);
	uint64_t res;

	old &= size_mask(insn->size);
	switch (insn->op) {
	case PTWR_MOV:
		return src;
	case PTWR_XCHG:
		write_gpr(regs, insn->src_reg, insn->src_high_byte, insn->size,
			  old);
		return src;
	case PTWR_CMPXCHG:
		return exec_cmpxchg(insn, regs, old, src);
	case PTWR_AND:
	case PTWR_OR:
	case PTWR_XOR:
		res = insn->op == PTWR_AND  ? old & src
		      : insn->op == PTWR_OR ? old | src
					    : old ^ src;
		regs->rflags &= ~(FL_CF | FL_OF);
		set_szp(regs, res, insn->size);
		return res;
	default: /* BTS, BTR, BTC */
		return exec_bit(insn, regs, old, src);
	}
}

uint64_t ptwr_merge(uint64_t entry, uint64_t val, unsigned int offset,
		    unsigned int size)
{
	uint64_t m = size_mask(size) << (8 * offset);

	return (entry & ~m) | ((val << (8 * offset)) & m);
}
