/* SPDX-License-Identifier: MIT */
/*
 * Decoder for the handful of privileged instructions a PV guest kernel
 * executes in 64-bit mode: rdmsr, wrmsr, mov to/from CR0-CR15, clts,
 * wbinvd, cpuid, rdtsc, rdtscp, xsetbv, hlt, and in/out/ins/outs.
 *
 * It reads legacy prefixes in any order and number (the last segment
 * override wins), then an optional REX byte, which counts only when it
 * immediately precedes the opcode (a legacy prefix after REX voids it, as
 * on hardware). None of these instructions has a memory operand: mov CR
 * ignores ModRM.mod (SDM: "the 2 bits in the mod field are ignored") and
 * string I/O uses RSI/RDI implicitly, so there is no SIB or displacement
 * to parse. Pure logic; unit-tested on the host.
 */
#include "emul.h"

/* Record legacy prefix @b in @insn; false if @b is not one. */
static bool take_legacy_prefix(uint8_t b, struct emul_insn *insn)
{
	static const enum emul_seg segs[] = {
		[0] = EMUL_SEG_ES, [1] = EMUL_SEG_CS, [2] = EMUL_SEG_SS,
		[3] = EMUL_SEG_DS, [4] = EMUL_SEG_FS, [5] = EMUL_SEG_GS,
	};

	switch (b) {
	case 0x66:
		insn->opsize16 = true;
		return true;
	case 0x67:
		insn->addr32 = true;
		return true;
	case 0xf0:
		insn->lock = true;
		return true;
	case 0xf2:
	case 0xf3:
		insn->rep = true;
		return true;
	case 0x26:
	case 0x2e:
	case 0x36:
	case 0x3e:
		insn->seg = segs[(b >> 3) & 3];
		return true;
	case 0x64:
	case 0x65:
		insn->seg = segs[4 + (b & 1)];
		return true;
	default:
		return false;
	}
}

/* Consume prefixes; @return the opcode's offset, or -1 if none of the
 * first @len bytes is an opcode. */
static int decode_prefixes(const uint8_t *b, unsigned int len,
			   struct emul_insn *insn)
{
	unsigned int i;

	for (i = 0; i < len; i++) {
		if (take_legacy_prefix(b[i], insn)) {
			insn->rex = 0;
		} else if ((b[i] & 0xf0) == 0x40) {
			insn->rex = b[i];
		} else {
			return (int)i;
		}
	}
	return -1;
}

/* The I/O instructions of the one-byte map; false if @op is not one. */
static bool decode_io(uint8_t op, struct emul_insn *insn)
{
	unsigned int wide_bytes = insn->opsize16 ? 2 : 4;

	switch (op) {
	case 0x6c: /* insb */
	case 0x6d: /* insw/insd */
		insn->op = EMUL_OP_INS;
		insn->port_in_dx = true;
		break;
	case 0x6e: /* outsb */
	case 0x6f: /* outsw/outsd */
		insn->op = EMUL_OP_OUTS;
		insn->port_in_dx = true;
		break;
	case 0xe4: /* in al, imm8 */
	case 0xe5:
		insn->op = EMUL_OP_IN;
		break;
	case 0xe6: /* out imm8, al */
	case 0xe7:
		insn->op = EMUL_OP_OUT;
		break;
	case 0xec: /* in al, dx */
	case 0xed:
		insn->op = EMUL_OP_IN;
		insn->port_in_dx = true;
		break;
	case 0xee: /* out dx, al */
	case 0xef:
		insn->op = EMUL_OP_OUT;
		insn->port_in_dx = true;
		break;
	default:
		return false;
	}
	/* Even opcodes move a byte; odd ones a word or dword (REX.W does
	 * not widen I/O to 64 bits). */
	insn->io_bytes = (op & 1) ? wide_bytes : 1;
	return true;
}

/* The two-byte map (0f xx); @rest points after 0f. */
static enum emul_decode_status
decode_0f(const uint8_t *rest, unsigned int avail, struct emul_insn *insn)
{
	if (avail < 1)
		return EMUL_DECODE_TRUNCATED;
	insn->len++;
	switch (rest[0]) {
	case 0x30:
		insn->op = EMUL_OP_WRMSR;
		return EMUL_DECODE_OK;
	case 0x32:
		insn->op = EMUL_OP_RDMSR;
		return EMUL_DECODE_OK;
	case 0x06:
		insn->op = EMUL_OP_CLTS;
		return EMUL_DECODE_OK;
	case 0x09:
		insn->op = EMUL_OP_WBINVD;
		return EMUL_DECODE_OK;
	case 0xa2:
		insn->op = EMUL_OP_CPUID;
		return EMUL_DECODE_OK;
	case 0x31:
		insn->op = EMUL_OP_RDTSC;
		return EMUL_DECODE_OK;
	case 0x01: /* group 7: rdtscp (0f 01 f9) and xsetbv (0f 01 d1) */
		if (avail < 2)
			return EMUL_DECODE_TRUNCATED;
		if (rest[1] == 0xf9)
			insn->op = EMUL_OP_RDTSCP;
		else if (rest[1] == 0xd1)
			insn->op = EMUL_OP_XSETBV;
		else
			return EMUL_DECODE_UNKNOWN;
		insn->len++;
		return EMUL_DECODE_OK;
	case 0x20:
	case 0x22:
		if (avail < 2)
			return EMUL_DECODE_TRUNCATED;
		insn->len++;
		insn->op = rest[0] == 0x20 ? EMUL_OP_MOV_FROM_CR
					   : EMUL_OP_MOV_TO_CR;
		insn->cr = ((rest[1] >> 3) & 7) | ((insn->rex & 4) << 1);
		insn->gpr = (rest[1] & 7) | ((insn->rex & 1) << 3);
		return EMUL_DECODE_OK;
	default:
		return EMUL_DECODE_UNKNOWN;
	}
}

/* Which decoded instructions #UD with a LOCK prefix: all of ours, except
 * that hardware checks LOCK before the opcode's other rules. */
static enum emul_decode_status check_decoded(struct emul_insn *insn)
{
	if (insn->len > EMUL_MAX_INSN_LEN)
		return EMUL_DECODE_GP;
	if (insn->lock)
		return EMUL_DECODE_UD;
	/* xsetbv with a 66, F2 or F3 prefix is #UD (another opcode's space). */
	if (insn->op == EMUL_OP_XSETBV && (insn->opsize16 || insn->rep))
		return EMUL_DECODE_UD;
	if (insn->op == EMUL_OP_MOV_FROM_CR || insn->op == EMUL_OP_MOV_TO_CR) {
		/* CR0, CR2-CR4 and CR8 exist; CR1, CR5-7, CR9-15 #UD. */
		if (insn->cr == 1 || (insn->cr > 4 && insn->cr != 8))
			return EMUL_DECODE_UD;
	}
	return EMUL_DECODE_OK;
}

enum emul_decode_status emul_decode(const uint8_t *bytes, unsigned int len,
				    struct emul_insn *insn)
{
	struct emul_insn d = { 0 };
	enum emul_decode_status st;
	int at;

	if (len > EMUL_MAX_INSN_LEN)
		len = EMUL_MAX_INSN_LEN;
	at = decode_prefixes(bytes, len, &d);
	if (at < 0)
		return len == EMUL_MAX_INSN_LEN ? EMUL_DECODE_GP
						: EMUL_DECODE_TRUNCATED;
	d.len = (uint8_t)(at + 1);
	if (bytes[at] == 0x0f) {
		st = decode_0f(bytes + at + 1, len - (unsigned int)at - 1, &d);
		if (st == EMUL_DECODE_TRUNCATED && len == EMUL_MAX_INSN_LEN)
			st = EMUL_DECODE_GP;
		if (st != EMUL_DECODE_OK)
			return st;
	} else if (bytes[at] == 0xf4) {
		d.op = EMUL_OP_HLT;
	} else if (bytes[at] == 0xfa || bytes[at] == 0xfb) {
		d.op = bytes[at] == 0xfa ? EMUL_OP_CLI : EMUL_OP_STI;
	} else if (decode_io(bytes[at], &d)) {
		if (!d.port_in_dx) {
			if ((unsigned int)at + 1 >= len)
				return len == EMUL_MAX_INSN_LEN
					       ? EMUL_DECODE_GP
					       : EMUL_DECODE_TRUNCATED;
			d.port_imm = bytes[at + 1];
			d.len++;
		}
	} else {
		return EMUL_DECODE_UNKNOWN;
	}
	st = check_decoded(&d);
	if (st == EMUL_DECODE_OK)
		*insn = d;
	return st;
}
