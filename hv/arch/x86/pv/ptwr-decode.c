/* SPDX-License-Identifier: MIT */
/*
 * Decoder for the instructions a PV kernel uses to write page-table
 * entries directly: mov, xchg, cmpxchg, and/or/xor and bts/btr/btc with a
 * memory destination (ptwr.h lists the opcodes). Only what a write to a
 * read-only L1 can have faulted on is accepted; anything else is
 * PTWR_DECODE_UNKNOWN and the caller delivers the #PF unchanged.
 *
 * The layout is the SDM's (vol. 2, chapter 2): legacy prefixes in any
 * order, REX only directly before the opcode (a legacy prefix after it
 * voids it), opcode (one byte, or 0f and one byte), ModRM, SIB,
 * displacement, immediate; at most 15 bytes. Pure logic, host-tested.
 */
#include "ptwr.h"

#define REX_W 0x8
#define REX_R 0x4
#define REX_X 0x2
#define REX_B 0x1

/* What the prefixes said. */
struct prefixes {
	bool opsize16, addr32, lock;
	enum ptwr_seg seg;
	uint8_t rex; /* 0: none */
};

static bool take_legacy_prefix(uint8_t b, struct prefixes *p)
{
	switch (b) {
	case 0x66:
		p->opsize16 = true;
		return true;
	case 0x67:
		p->addr32 = true;
		return true;
	case 0xf0:
		p->lock = true;
		return true;
	case 0xf2: /* REP/REPNE: XACQUIRE/XRELEASE hints on these opcodes */
	case 0xf3:
		return true;
	case 0x26: /* ES, CS, SS, DS: no effect in 64-bit mode */
	case 0x2e:
	case 0x36:
	case 0x3e:
		p->seg = PTWR_SEG_NONE;
		return true;
	case 0x64:
		p->seg = PTWR_SEG_FS;
		return true;
	case 0x65:
		p->seg = PTWR_SEG_GS;
		return true;
	default:
		return false;
	}
}

/* @return the opcode's offset, or -1 if the bytes run out first. */
static int decode_prefixes(const uint8_t *b, unsigned int len,
			   struct prefixes *p)
{
	for (unsigned int i = 0; i < len; i++) {
		if (take_legacy_prefix(b[i], p))
			p->rex = 0;
		else if ((b[i] & 0xf0) == 0x40)
			p->rex = b[i];
		else
			return (int)i;
	}
	return -1;
}

/* The operation and its operand forms, before ModRM. */
struct opcode_info {
	enum ptwr_op op;
	bool byte_op;	   /* 8-bit operands */
	bool has_reg_src;  /* source is ModRM.reg */
	uint8_t imm_bytes; /* 1, or 4 (2 with 66): the "iz" immediate */
	bool group;	   /* the operation is chosen by ModRM.reg */
	bool lockable;
};

#define IZ 4

/* One-byte opcodes. */
static bool lookup_onebyte(uint8_t op, struct opcode_info *o)
{
	static const enum ptwr_op logic[4] = { PTWR_OR, PTWR_AND, PTWR_AND,
					       PTWR_XOR };

	*o = (struct opcode_info){ .byte_op = !(op & 1), .lockable = true };
	switch (op) {
	case 0x08:
	case 0x09: /* or */
	case 0x20:
	case 0x21: /* and */
	case 0x30:
	case 0x31: /* xor */
		o->op = logic[op >> 4];
		o->has_reg_src = true;
		return true;
	case 0x86:
	case 0x87:
		o->op = PTWR_XCHG;
		o->has_reg_src = true;
		return true;
	case 0x88:
	case 0x89:
		o->op = PTWR_MOV;
		o->has_reg_src = true;
		o->lockable = false;
		return true;
	case 0x80:
	case 0x81:
	case 0x83:
		o->byte_op = op == 0x80;
		o->imm_bytes = op == 0x81 ? IZ : 1;
		o->group = true;
		return true;
	case 0xc6:
	case 0xc7:
		o->op = PTWR_MOV;
		o->imm_bytes = op == 0xc7 ? IZ : 1;
		o->group = true;
		o->lockable = false;
		return true;
	default:
		return false;
	}
}

/* Two-byte opcodes (after 0f). */
static bool lookup_twobyte(uint8_t op, struct opcode_info *o)
{
	*o = (struct opcode_info){ .has_reg_src = true, .lockable = true };
	switch (op) {
	case 0xb0:
	case 0xb1:
		o->op = PTWR_CMPXCHG;
		o->byte_op = op == 0xb0;
		return true;
	case 0xab:
		o->op = PTWR_BTS;
		return true;
	case 0xb3:
		o->op = PTWR_BTR;
		return true;
	case 0xbb:
		o->op = PTWR_BTC;
		return true;
	case 0xba:
		o->has_reg_src = false;
		o->imm_bytes = 1;
		o->group = true;
		return true;
	default:
		return false;
	}
}

/* Resolve a group opcode's operation from ModRM.reg; false for the
 * members that do not write memory or that we do not emulate. */
static bool resolve_group(uint8_t opcode, bool twobyte, unsigned int reg,
			  struct opcode_info *o)
{
	if (twobyte) { /* 0f ba: /4 bt reads only */
		static const enum ptwr_op bt[8] = {
			[5] = PTWR_BTS, [6] = PTWR_BTR, [7] = PTWR_BTC
		};

		o->op = bt[reg];
		return reg >= 5;
	}
	if (opcode == 0xc6 || opcode == 0xc7)
		return reg == 0;
	switch (reg) {
	case 1:
		o->op = PTWR_OR;
		return true;
	case 4:
		o->op = PTWR_AND;
		return true;
	case 6:
		o->op = PTWR_XOR;
		return true;
	default: /* add, adc, sbb, sub, cmp: not PTE updates */
		return false;
	}
}

/* Read the little-endian, sign-extended immediate or displacement of @n
 * (0-8) bytes. */
static int64_t read_imm(const uint8_t *b, unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		v |= (uint64_t)b[i] << (8 * i);
	if (n && n < 8 && (v >> (8 * n - 1)) & 1)
		v |= ~0ULL << (8 * n);
	return (int64_t)v;
}

/* Parse ModRM (at @b[*pos]), SIB and displacement into @insn's memory
 * operand. @return a status; *pos moves past what was read. */
static enum ptwr_decode_status decode_modrm(const uint8_t *b, unsigned int len,
					    unsigned int *pos, uint8_t rex,
					    struct ptwr_insn *insn)
{
	unsigned int mod, rm, disp_bytes;
	uint8_t modrm, sib;

	modrm = b[(*pos)++];
	mod = modrm >> 6;
	rm = modrm & 7;
	if (mod == 3)
		return PTWR_DECODE_UNKNOWN; /* register destination */
	insn->base = PTWR_NO_REG;
	insn->index = PTWR_NO_REG;
	insn->scale = 1;
	disp_bytes = mod == 1 ? 1 : mod == 2 ? 4 : 0;
	if (rm == 4) {
		if (*pos >= len)
			return PTWR_DECODE_TRUNCATED;
		sib = b[(*pos)++];
		insn->scale = (uint8_t)(1u << (sib >> 6));
		if (((sib >> 3) & 7) != 4 || (rex & REX_X))
			insn->index = (uint8_t)(((sib >> 3) & 7) |
						((rex & REX_X) ? 8 : 0));
		if ((sib & 7) == 5 && mod == 0)
			disp_bytes = 4; /* no base */
		else
			insn->base =
				(uint8_t)((sib & 7) | ((rex & REX_B) ? 8 : 0));
	} else if (rm == 5 && mod == 0) {
		insn->rip_rel = true;
		disp_bytes = 4;
	} else {
		insn->base = (uint8_t)(rm | ((rex & REX_B) ? 8 : 0));
	}
	if (*pos + disp_bytes > len)
		return PTWR_DECODE_TRUNCATED;
	insn->disp = (int32_t)read_imm(b + *pos, disp_bytes);
	*pos += disp_bytes;
	return PTWR_DECODE_OK;
}

static unsigned int operand_size(const struct opcode_info *o,
				 const struct prefixes *p)
{
	if (o->byte_op)
		return 1;
	if (p->rex & REX_W)
		return 8;
	return p->opsize16 ? 2 : 4;
}

/* Fill the operand fields once the opcode is known; @pos is at ModRM. */
static enum ptwr_decode_status
decode_operands(const uint8_t *b, unsigned int len, unsigned int pos,
		const struct prefixes *p, struct opcode_info *o, bool twobyte,
		struct ptwr_insn *insn)
{
	enum ptwr_decode_status st;
	unsigned int reg, imm_bytes;

	if (pos >= len)
		return PTWR_DECODE_TRUNCATED;
	reg = ((b[pos] >> 3) & 7) | ((p->rex & REX_R) ? 8 : 0);
	if (o->group && !resolve_group(b[pos - 1], twobyte, reg & 7, o))
		return PTWR_DECODE_UNKNOWN;
	if (p->lock && !o->lockable)
		return PTWR_DECODE_UNKNOWN; /* #UD on hardware */
	st = decode_modrm(b, len, &pos, p->rex, insn);
	if (st != PTWR_DECODE_OK)
		return st;
	insn->op = o->op;
	insn->size = (uint8_t)operand_size(o, p);
	imm_bytes =
		o->imm_bytes == IZ ? (insn->size == 2 ? 2 : 4) : o->imm_bytes;
	if (o->has_reg_src) {
		insn->src_reg = (uint8_t)reg;
		insn->src_high_byte = insn->size == 1 && !p->rex && reg >= 4;
	} else {
		insn->src_is_imm = true;
	}
	if (pos + imm_bytes > len)
		return PTWR_DECODE_TRUNCATED;
	insn->imm = read_imm(b + pos, imm_bytes);
	pos += imm_bytes;
	if (pos > PTWR_MAX_INSN_LEN)
		return PTWR_DECODE_UNKNOWN; /* #GP on hardware */
	insn->len = (uint8_t)pos;
	return PTWR_DECODE_OK;
}

enum ptwr_decode_status ptwr_decode(const uint8_t *bytes, unsigned int len,
				    struct ptwr_insn *insn)
{
	struct prefixes p = { .seg = PTWR_SEG_NONE };
	struct opcode_info o;
	struct ptwr_insn out = { .seg = PTWR_SEG_NONE };
	enum ptwr_decode_status st;
	unsigned int pos;
	bool twobyte = false;
	int at;

	if (len > PTWR_MAX_INSN_LEN)
		len = PTWR_MAX_INSN_LEN;
	at = decode_prefixes(bytes, len, &p);
	if (at < 0)
		return len == PTWR_MAX_INSN_LEN ? PTWR_DECODE_UNKNOWN
						: PTWR_DECODE_TRUNCATED;
	pos = (unsigned int)at;
	if (bytes[pos] == 0x0f) {
		if (++pos >= len)
			return PTWR_DECODE_TRUNCATED;
		twobyte = true;
		if (!lookup_twobyte(bytes[pos], &o))
			return PTWR_DECODE_UNKNOWN;
	} else if (!lookup_onebyte(bytes[pos], &o)) {
		return PTWR_DECODE_UNKNOWN;
	}
	pos++;
	st = decode_operands(bytes, len, pos, &p, &o, twobyte, &out);
	if (st == PTWR_DECODE_TRUNCATED && len == PTWR_MAX_INSN_LEN)
		return PTWR_DECODE_UNKNOWN; /* longer than 15 bytes */
	if (st != PTWR_DECODE_OK)
		return st;
	out.lock = p.lock;
	out.addr32 = p.addr32;
	out.seg = p.seg;
	*insn = out;
	return PTWR_DECODE_OK;
}
