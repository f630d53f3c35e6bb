/* SPDX-License-Identifier: MIT */
/*
 * dom0/physdev: PHYSDEVOP_set_iobitmap and irq_status_query. At virtual
 * IOPL 0 port I/O raises #GP(0) unless the vCPU's I/O bitmap grants the
 * port: here a bitmap with only port 0x80's bit clear and nr_ports 0x81,
 * so inb 0x80 works, inb 0x84 (bit set) and inw 0x80 (ends beyond
 * nr_ports) fault. A bitmap in the hypervisor's half or nr_ports above
 * 65536 is -EINVAL. irq_status_query: pirq 0 needs an EOI and is not
 * shared; pirq 0xffffffff is -EINVAL; a bad argument pointer -EFAULT.
 * pirq_eoi_gmfn_v2: frame 0 (not ours), frame 2^40 and our L4 (cannot
 * be writable) are -EINVAL; a page of ours is accepted once, then -EBUSY.
 */
#include <guest/console.h>
#include <guest/event.h>
#include <guest/hypercall.h>
#include <guest/test.h>
#include <guest/traps.h>

#include <physdev.h>

const char test_name[] = "dom0/physdev";

static uint8_t bitmap[8192];
static uint8_t eoi_page[4096] __attribute__((aligned(4096)));

static void in_port(uint16_t port, unsigned int bytes)
{
	uint32_t v = 0;

	trap_reset();
	if (bytes == 1)
		__asm__ volatile("1: inb %1, %%al\n2:\n\t" EXTABLE(1b, 2b)
				 : "+a"(v)
				 : "Nd"(port)
				 : "memory");
	else
		__asm__ volatile("1: inw %1, %%ax\n2:\n\t" EXTABLE(1b, 2b)
				 : "+a"(v)
				 : "Nd"(port)
				 : "memory");
}

static long physdev(unsigned int cmd, void *arg)
{
	return hypercall(__HYPERVISOR_physdev_op, cmd, (uint64_t)arg, 0, 0, 0);
}

static void test_iobitmap(void)
{
	struct physdev_set_iobitmap bm = { 0 };

	__builtin_memset(bitmap, 0xff, sizeof(bitmap));
	bitmap[0x80 / 8] &= (uint8_t) ~(1u << (0x80 % 8));
	set_xen_guest_handle(bm.bitmap, (uint8_t *)0xffff830000000000ULL);
	bm.nr_ports = 0x81;
	CHECK_EQ("bitmap in the hypervisor's half",
		 physdev(PHYSDEVOP_set_iobitmap, &bm), -XEN_EINVAL);
	set_xen_guest_handle(bm.bitmap, bitmap);
	bm.nr_ports = 65537;
	CHECK_EQ("nr_ports 65537", physdev(PHYSDEVOP_set_iobitmap, &bm),
		 -XEN_EINVAL);
	in_port(0x80, 1);
	CHECK_EQ("inb 0x80 without bitmap: #GP", trap_last.count, 1);
	bm.nr_ports = 0x81;
	CHECK_EQ("set_iobitmap", physdev(PHYSDEVOP_set_iobitmap, &bm), 0);
	in_port(0x80, 1);
	CHECK_EQ("inb 0x80 granted: exceptions", trap_last.count, 0);
	in_port(0x84, 1);
	CHECK_EQ("inb 0x84 bit set: exceptions", trap_last.count, 1);
	CHECK_EQ("inb 0x84: vector", trap_last.frame.vector, 13);
	in_port(0x80, 2);
	CHECK_EQ("inw 0x80 beyond nr_ports: exceptions", trap_last.count, 1);
	bm.nr_ports = 0;
	CHECK_EQ("set_iobitmap off", physdev(PHYSDEVOP_set_iobitmap, &bm), 0);
	in_port(0x80, 1);
	CHECK_EQ("inb 0x80 after reset: exceptions", trap_last.count, 1);
}

static void test_irq_status(void)
{
	struct physdev_irq_status_query q = { .irq = 0, .flags = 0x55 };

	CHECK_EQ("irq_status_query 0", physdev(PHYSDEVOP_irq_status_query, &q),
		 0);
	CHECK_EQ("pirq 0 flags", q.flags, XENIRQSTAT_needs_eoi);
	q.irq = 0xffffffffu;
	CHECK_EQ("irq_status_query -1", physdev(PHYSDEVOP_irq_status_query, &q),
		 -XEN_EINVAL);
	CHECK_EQ("irq_status_query bad pointer",
		 physdev(PHYSDEVOP_irq_status_query, (void *)8), -XEN_EFAULT);
}

static long eoi_gmfn(uint64_t mfn)
{
	struct physdev_pirq_eoi_gmfn g = { .gmfn = mfn };

	return physdev(PHYSDEVOP_pirq_eoi_gmfn_v2, &g);
}

static void test_eoi_gmfn(void)
{
	eoi_page[0] = 1; /* populated and writable */
	CHECK_EQ("eoi gmfn 0", eoi_gmfn(0), -XEN_EINVAL);
	CHECK_EQ("eoi gmfn 2^40", eoi_gmfn(1ULL << 40), -XEN_EINVAL);
	CHECK_EQ("eoi gmfn of the L4",
		 eoi_gmfn(ev_virt_to_mfn(start_info->pt_base)), -XEN_EINVAL);
	CHECK_EQ("eoi gmfn bad pointer",
		 physdev(PHYSDEVOP_pirq_eoi_gmfn_v2, (void *)8), -XEN_EFAULT);
	CHECK_EQ("eoi gmfn of a data page",
		 eoi_gmfn(ev_virt_to_mfn((uint64_t)eoi_page)), 0);
	CHECK_EQ("eoi gmfn again", eoi_gmfn(ev_virt_to_mfn((uint64_t)eoi_page)),
		 -XEN_EBUSY);
}

void test_main(void)
{
	CHECK_EQ("set_trap_table", install_traps(0), 0);
	test_iobitmap();
	test_irq_status();
	test_eoi_gmfn();
	test_success();
}
