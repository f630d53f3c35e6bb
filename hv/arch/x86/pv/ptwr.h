/* SPDX-License-Identifier: MIT */
/*
 * Private to the emulation of direct writes to live L1 page tables
 * (Xen's "writable page tables", pv-abi.md 3.8): the decoder's output, and
 * the pure arithmetic that turns a decoded instruction, the guest's
 * registers and the entry's current value into the new entry and the new
 * registers. docs/hacking/ptwr.md has the whole picture.
 *
 * Both halves are pure logic (ptwr-decode.c, ptwr-exec.c), host-tested;
 * ptwr.c is the hypervisor side (#PF check, page walk, fetch, commit).
 */
#ifndef SATORI_PV_PTWR_H
#define SATORI_PV_PTWR_H

#include <satori/types.h>

#include <asm/regs.h>

#define PTWR_MAX_INSN_LEN 15

/* The memory-writing instructions Linux (and other PV kernels) use on
 * page-table entries. */
enum ptwr_op {
	PTWR_MOV,     /* 88, 89, c6 /0, c7 /0 */
	PTWR_XCHG,    /* 86, 87 (locked whether or not F0 is present) */
	PTWR_CMPXCHG, /* 0f b0, 0f b1 */
	PTWR_AND,     /* 20, 21, 80/81/83 /4 */
	PTWR_OR,      /* 08, 09, 80/81/83 /1 */
	PTWR_XOR,     /* 30, 31, 80/81/83 /6 */
	PTWR_BTS,     /* 0f ab, 0f ba /5 */
	PTWR_BTR,     /* 0f b3, 0f ba /6 */
	PTWR_BTC,     /* 0f bb, 0f ba /7 */
};

/* Segment overrides that change an address in 64-bit mode; the others
 * (ES, CS, SS, DS) are accepted and ignored, as the hardware does. */
enum ptwr_seg {
	PTWR_SEG_NONE,
	PTWR_SEG_FS,
	PTWR_SEG_GS,
};

#define PTWR_NO_REG 0xff

struct ptwr_insn {
	enum ptwr_op op;
	uint8_t len;  /* Bytes, prefixes and immediate included. */
	uint8_t size; /* Operand size in bytes: 1, 2, 4 or 8. */
	bool lock;    /* F0 seen (informational: we commit atomically anyway) */
	bool addr32;  /* 67: the address is truncated to 32 bits. */
	enum ptwr_seg seg;

	/* The memory operand: [base + index * scale + disp], or
	 * [next RIP + disp] when rip_rel. */
	bool rip_rel;
	uint8_t base;  /* 0-15, or PTWR_NO_REG */
	uint8_t index; /* 0-15, or PTWR_NO_REG */
	uint8_t scale; /* 1, 2, 4, 8 */
	int32_t disp;

	/* The source: register src_reg (ModRM.reg + REX.R; for size 1
	 * without REX, 4-7 are AH, CH, DH, BH: src_high_byte), or the
	 * sign-extended immediate imm. */
	bool src_is_imm;
	bool src_high_byte;
	uint8_t src_reg;
	int64_t imm;
};

enum ptwr_decode_status {
	PTWR_DECODE_OK,
	PTWR_DECODE_TRUNCATED, /* Needs more bytes than were given. */
	PTWR_DECODE_UNKNOWN,   /* Not a memory write we emulate. */
};

/*
 * Decode the 64-bit-mode instruction in @bytes[0..@len). Pure. Accepts
 * legacy prefixes in any order (the last segment override wins), REX only
 * directly before the opcode, every ModRM/SIB/RIP-relative memory form;
 * refuses register destinations, LOCK on MOV (the CPU raises #UD) and
 * encodings longer than 15 bytes. @insn is filled only on PTWR_DECODE_OK.
 */
enum ptwr_decode_status ptwr_decode(const uint8_t *bytes, unsigned int len,
				    struct ptwr_insn *insn);

/* Guest register @n (0 RAX .. 15 R15, ModRM/REX numbering) in @regs. */
uint64_t *ptwr_gpr(struct cpu_user_regs *regs, unsigned int n);

/*
 * The linear address the instruction at @regs->rip writes, given the
 * FS/GS base @seg_base for an override (0 if none). For BTS/BTR/BTC with a
 * register bit offset, the address moves by the offset's whole operands
 * (the bit string addressing of the SDM). Pure.
 */
uint64_t ptwr_linear_address(const struct ptwr_insn *insn,
			     const struct cpu_user_regs *regs,
			     uint64_t seg_base);

/* The source operand (register or immediate), zero-extended from the
 * operand size. Pure. */
uint64_t ptwr_source_value(const struct ptwr_insn *insn,
			   const struct cpu_user_regs *regs);

/*
 * Run the instruction on the operand's current value @old (the low
 * insn->size bytes count): @return the value to store in those bytes
 * (equal to @old when nothing changes, e.g. a failed CMPXCHG), and update
 * @regs as the CPU would (XCHG's register, CMPXCHG's RAX and arithmetic
 * flags, the logic ops' flags, BT*'s CF). RIP is not touched. Pure.
 */
uint64_t ptwr_execute(const struct ptwr_insn *insn, struct cpu_user_regs *regs,
		      uint64_t old);

/*
 * Merge the @size-byte value @val at byte @offset (naturally aligned, so
 * inside the entry) into the 8-byte entry @entry. Pure.
 */
uint64_t ptwr_merge(uint64_t entry, uint64_t val, unsigned int offset,
		    unsigned int size);

#endif
