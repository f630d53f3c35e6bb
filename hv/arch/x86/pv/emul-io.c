/* SPDX-License-Identifier: MIT */
/*
 * Port I/O by PV guests: in/out (imm8 and DX forms) and ins/outs, with
 * byte, word and dword operands and REP.
 *
 * Two checks, as in Xen: first the virtual IOPL (physdev_op set_iopl;
 * kernel mode needs IOPL >= 1, user mode 3), whose failure is a #GP; then
 * the domain's port permissions, whose failure is silent: reads return all
 * ones and writes are dropped, so probing drivers see an empty bus. Dom0
 * may touch every port except those the hypervisor drives or that reach
 * the whole machine (the list of Xen's dom0_setup_permissions, plus the
 * console UARTs and the FADT's ACPI PM timer); other domains none. Two
 * index/data pairs are shared with the hypervisor and so mediated for
 * dom0: PCI configuration (a dword at 0xcf8 is a per-domain latch,
 * 0xcfc-0xcff access the device it names) and the CMOS (0x70 a per-domain
 * index, NMI bit ignored, 0x71 the register), as Xen's
 * guest_io_read/write do. dom0's ports 0x42, 0x43 and 0x61 reach an
 * emulated PIT (channel 2 and its gate, asm/vpit.h), as Xen's
 * pv_pit_handler; an access wider than a byte that touches them is split
 * into bytes (or words of permitted ports) as Xen splits it, so inw(0x42)
 * is channel 2 then the control port. A REP string runs at
 * most EMUL_IO_BATCH iterations per trap and then restarts, so a huge RCX
 * cannot hold the CPU. A fault on the memory operand of ins/outs gives
 * the guest #GP(0) (Xen gives #PF; ours is a simplification).
 */
#include <satori/domain.h>
#include <satori/guest-access.h>

#include <asm/vpit.h>

#include "emul.h"

#define EMUL_IO_BATCH 1024
#define X86_EFLAGS_DF (1ULL << 10)

struct port_range {
	unsigned int first, last;
};

/* Ports the hypervisor owns even against dom0 (the UARTs are added at run
 * time). */
static const struct port_range hv_ports[] = {
	{ 0x20, 0x21 },	  /* master PIC */
	{ 0x40, 0x43 },	  /* PIT: dom0 has the vPIT at 0x42-0x43 */
	{ 0x61, 0x61 },	  /* PIT channel 2 gate, speaker: vPIT too */
	{ 0x70, 0x71 },	  /* CMOS: only through the mediation below */
	{ 0xa0, 0xa1 },	  /* slave PIC */
	{ 0xf0, 0xf0 },	  /* IGNNE# */
	{ 0xcfc, 0xcff }, /* PCI config data: only through the latch */
};

#define PCI_CF8_ENABLE 0x80000000u
#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71

static bool overlaps(unsigned int port, unsigned int bytes, unsigned int first,
		     unsigned int last)
{
	return port <= last && port + bytes - 1 >= first;
}

bool pv_ioport_permitted(const struct domain *d, unsigned int port,
			 unsigned int bytes)
{
	unsigned int i, uart, pmtmr = emul_hw_pm_timer_port();

	if (!d->is_initdomain || port + bytes > 0x10000)
		return false;
	if (pmtmr && overlaps(port, bytes, pmtmr, pmtmr + 3))
		return false;
	for (i = 0; i < 2; i++) {
		uart = emul_hw_uart_io_base(i);
		if (uart && overlaps(port, bytes, uart, uart + 7))
			return false;
	}
	for (i = 0; i < sizeof(hv_ports) / sizeof(hv_ports[0]); i++) {
		if (overlaps(port, bytes, hv_ports[i].first, hv_ports[i].last))
			return false;
	}
	return true;
}

static uint32_t io_mask(unsigned int bytes)
{
	return bytes == 4 ? 0xffffffffu : (1u << (bytes * 8)) - 1;
}

enum mediated { MED_NONE, MED_CF8, MED_CFC, MED_CMOS_INDEX, MED_CMOS_DATA };

/* Which of dom0's mediated registers @port/@bytes addresses, if any. */
static enum mediated mediated_port(const struct domain *d, unsigned int port,
				   unsigned int bytes)
{
	if (!d->is_initdomain)
		return MED_NONE;
	if (port == 0xcf8 && bytes == 4)
		return MED_CF8;
	if (port >= 0xcfc && port <= 0xcff && (port & 3) + bytes <= 4)
		return MED_CFC;
	if (bytes == 1 && port == CMOS_INDEX)
		return MED_CMOS_INDEX;
	if (bytes == 1 && port == CMOS_DATA)
		return MED_CMOS_DATA;
	return MED_NONE;
}

static uint32_t mediated_read(struct domain *d, enum mediated m,
			      unsigned int port, unsigned int bytes)
{
	switch (m) {
	case MED_CF8:
		return d->arch.pci_cf8;
	case MED_CFC:
		if (!(d->arch.pci_cf8 & PCI_CF8_ENABLE))
			return io_mask(bytes);
		return emul_hw_pci_conf_read(d->arch.pci_cf8, port & 3, bytes) &
		       io_mask(bytes);
	case MED_CMOS_INDEX:
		return d->arch.cmos_idx;
	default:
		return emul_hw_cmos_read(d->arch.cmos_idx);
	}
}

static void mediated_write(struct domain *d, enum mediated m, unsigned int port,
			   unsigned int bytes, uint32_t val)
{
	switch (m) {
	case MED_CF8:
		d->arch.pci_cf8 = val;
		break;
	case MED_CFC:
		if (d->arch.pci_cf8 & PCI_CF8_ENABLE)
			emul_hw_pci_conf_write(d->arch.pci_cf8, port & 3, bytes,
					       val & io_mask(bytes));
		break;
	case MED_CMOS_INDEX:
		d->arch.cmos_idx = (uint8_t)val; /* reads back whole, as Xen */
		break;
	default:
		emul_hw_cmos_write(d->arch.cmos_idx, (uint8_t)val);
		break;
	}
}

static bool is_vpit_port(unsigned int port)
{
	return port == 0x42 || port == 0x43 || port == VPIT_SPEAKER_PORT;
}

/* dom0's access touches an emulated PIT port (domUs have no vPIT: for
 * them these ports are simply denied, as on Xen). */
static bool touches_vpit(const struct domain *d, unsigned int port,
			 unsigned int bytes)
{
	if (!d->is_initdomain)
		return false;
	for (unsigned int i = 0; i < bytes; i++)
		if (is_vpit_port(port + i))
			return true;
	return false;
}

/* How many bytes at @port one piece of a split access covers: a vPIT
 * port 1, a permitted even port with a permitted successor 2 (if the
 * access has them), else 1. */
static unsigned int piece_size(const struct domain *d, unsigned int port,
			       unsigned int left)
{
	if (is_vpit_port(port) || left < 2 || (port & 1) ||
	    !pv_ioport_permitted(d, port, 2))
		return 1;
	return 2;
}

static uint32_t split_read(struct domain *d, unsigned int port,
			   unsigned int bytes)
{
	unsigned int size, shift = 0;
	uint32_t data = 0, piece;

	for (; bytes; port += size, bytes -= size, shift += size * 8) {
		size = piece_size(d, port, bytes);
		if (is_vpit_port(port))
			piece = emul_hw_vpit_read(d, port);
		else if (pv_ioport_permitted(d, port, size))
			piece = emul_hw_port_read(port, size) & io_mask(size);
		else
			piece = io_mask(size);
		data |= piece << shift;
	}
	return data;
}

static void split_write(struct domain *d, unsigned int port, unsigned int bytes,
			uint32_t val)
{
	unsigned int size;

	for (; bytes; port += size, bytes -= size, val >>= size * 8) {
		size = piece_size(d, port, bytes);
		if (is_vpit_port(port))
			emul_hw_vpit_write(d, port, (uint8_t)val);
		else if (pv_ioport_permitted(d, port, size))
			emul_hw_port_write(port, size, val & io_mask(size));
	}
}

static uint32_t port_read(const struct vcpu *v, unsigned int port,
			  unsigned int bytes)
{
	enum mediated m = mediated_port(v->domain, port, bytes);

	if (m != MED_NONE)
		return mediated_read(v->domain, m, port, bytes);
	if (touches_vpit(v->domain, port, bytes))
		return split_read(v->domain, port, bytes);
	if (!pv_ioport_permitted(v->domain, port, bytes))
		return io_mask(bytes);
	return emul_hw_port_read(port, bytes) & io_mask(bytes);
}

static void port_write(const struct vcpu *v, unsigned int port,
		       unsigned int bytes, uint32_t val)
{
	enum mediated m = mediated_port(v->domain, port, bytes);

	if (m != MED_NONE)
		mediated_write(v->domain, m, port, bytes, val);
	else if (touches_vpit(v->domain, port, bytes))
		split_write(v->domain, port, bytes, val);
	else if (pv_ioport_permitted(v->domain, port, bytes))
		emul_hw_port_write(port, bytes, val & io_mask(bytes));
}

/* Merge an I/O result into RAX: 8/16-bit writes keep the rest of RAX,
 * a 32-bit write zero-extends (as for any 32-bit register write). */
static void set_accumulator(struct cpu_user_regs *regs, unsigned int bytes,
			    uint32_t val)
{
	if (bytes == 4)
		regs->rax = val;
	else
		regs->rax = (regs->rax & ~(uint64_t)io_mask(bytes)) | val;
}

/* Step RSI or RDI by one element in the direction of RFLAGS.DF. */
static void step_index(const struct cpu_user_regs *regs, uint64_t *idx,
		       const struct emul_insn *insn)
{
	uint64_t next = (regs->rflags & X86_EFLAGS_DF) ? *idx - insn->io_bytes
						       : *idx + insn->io_bytes;

	*idx = insn->addr32 ? (uint32_t)next : next;
}

static uint64_t string_src_base(const struct emul_insn *insn)
{
	if (insn->seg == EMUL_SEG_FS)
		return emul_hw_read_fs_base();
	if (insn->seg == EMUL_SEG_GS)
		return emul_hw_read_gs_base();
	return 0; /* ES, CS, SS, DS have base 0 in 64-bit mode. */
}

/* One ins or outs element; false if the memory access faulted. */
static bool string_step(const struct vcpu *v, struct cpu_user_regs *regs,
			const struct emul_insn *insn, unsigned int port)
{
	uint32_t val = 0;
	uint64_t va;

	if (insn->op == EMUL_OP_INS) {
		val = port_read(v, port, insn->io_bytes);
		va = insn->addr32 ? (uint32_t)regs->rdi : regs->rdi;
		if (copy_to_guest_raw(va, &val, insn->io_bytes))
			return false;
		step_index(regs, &regs->rdi, insn);
	} else {
		va = (insn->addr32 ? (uint32_t)regs->rsi : regs->rsi) +
		     string_src_base(insn);
		if (copy_from_guest_raw(&val, va, insn->io_bytes))
			return false;
		port_write(v, port, insn->io_bytes, val);
		step_index(regs, &regs->rsi, insn);
	}
	return true;
}

static int emul_string_io(const struct vcpu *v, struct cpu_user_regs *regs,
			  const struct emul_insn *insn, unsigned int port)
{
	unsigned int done;
	uint64_t count;

	if (!insn->rep)
		return string_step(v, regs, insn, port) ? PV_EMUL_DONE
							: PV_EMUL_INJECT_GP;
	for (done = 0; done < EMUL_IO_BATCH; done++) {
		count = insn->addr32 ? (uint32_t)regs->rcx : regs->rcx;
		if (count == 0)
			return PV_EMUL_DONE;
		if (!string_step(v, regs, insn, port))
			return PV_EMUL_INJECT_GP;
		regs->rcx = insn->addr32 ? (uint32_t)(count - 1) : count - 1;
	}
	count = insn->addr32 ? (uint32_t)regs->rcx : regs->rcx;
	return count ? EMUL_RESTART : PV_EMUL_DONE;
}

/* The first check: the virtual IOPL, or else the vCPU's I/O bitmap
 * (bytes it cannot read count as set bits, as in Xen). */
static bool io_privileged(struct vcpu *v, unsigned int port, unsigned int bytes)
{
	uint8_t bm[2] = { 0xff, 0xff };
	uint16_t mask;

	if (v->arch.iopl >= (v->arch.kernel_mode ? 1u : 3u))
		return true;
	if (port + bytes > v->arch.iobmp_limit)
		return false;
	emul_hw_read_iobmp(v, port >> 3, bm);
	mask = (uint16_t)(bm[0] | (bm[1] << 8));
	return !(mask & (((1u << bytes) - 1) << (port & 7)));
}

int emul_op_io(struct vcpu *v, struct cpu_user_regs *regs,
	       const struct emul_insn *insn)
{
	unsigned int port =
		insn->port_in_dx ? (uint16_t)regs->rdx : insn->port_imm;

	if (!io_privileged(v, port, insn->io_bytes))
		return PV_EMUL_INJECT_GP;
	switch (insn->op) {
	case EMUL_OP_IN:
		set_accumulator(regs, insn->io_bytes,
				port_read(v, port, insn->io_bytes));
		return PV_EMUL_DONE;
	case EMUL_OP_OUT:
		port_write(v, port, insn->io_bytes, (uint32_t)regs->rax);
		return PV_EMUL_DONE;
	default:
		return emul_string_io(v, regs, insn, port);
	}
}
