/* SPDX-License-Identifier: MIT */
/*
 * pv/gdt-set: set_gdt and update_descriptor. A GDT frame (an unmapped
 * spare frame, filled with COPY_PAGE) holds a data segment whose base is a
 * variable of the test; loading its selector into %fs makes %fs:0 read
 * that variable, so the CPU really uses the guest's frame. Rewriting the
 * live entry with update_descriptor and reloading %fs moves the base.
 *
 * Refusals (Xen 4.17's check_descriptor): TSS, LDT and interrupt-gate
 * descriptors and a call gate into the hypervisor's code selector are
 * -EINVAL; a DPL-0 code segment is accepted with its DPL raised to 3, a
 * call gate to FLAT_KERNEL_CS with DPL 0 and the RPL 3. update_descriptor
 * also needs an 8-byte-aligned address in the caller's frame that is a
 * descriptor page or can be writable (a pinned L1 cannot). set_gdt
 * refuses more than 7168 entries, a frame mapped writable, a frame with
 * a bad descriptor (all -EINVAL) and an unreadable list (-EFAULT). While
 * a frame is the GDT it cannot be cleared or pinned; once replaced it can.
 */
#include <guest/mmuext.h>
#include <guest/seg.h>
#include <guest/string.h>
#include <guest/test.h>

const char test_name[] = "pv/gdt-set";

#define SEL_DATA 0x0b /* GDT entry 1, RPL 3 */

static uint64_t gdt_img[512] __attribute__((aligned(4096)));
static uint64_t readback[512] __attribute__((aligned(4096)));
static uint8_t writable_page[4096] __attribute__((aligned(4096)));
static volatile uint64_t var_a = 0x1111aaaa2222bbbbUL;
static volatile uint64_t var_b = 0x3333cccc4444ddddUL;

/* A flat-limit 32-bit data segment (P, DPL 3, RW, accessed, G, D/B). */
static uint64_t data_desc(uint32_t base)
{
	return 0xffffUL | ((uint64_t)(base & 0xffffff) << 16) | (0xf3UL << 40) |
	       (0xfUL << 48) | (0xcUL << 52) | ((uint64_t)(base >> 24) << 56);
}

static void clear_fs(void)
{
	__asm__ volatile("mov %w0, %%fs" ::"r"(0));
}

static void live_gdt(uint64_t f)
{
	unsigned long frames[1] = { f };

	memset(gdt_img, 0, sizeof(gdt_img));
	gdt_img[1] = data_desc((uint32_t)(uint64_t)&var_a);
	CHECK_EQ("fill GDT frame", frame_write(f, gdt_img), 0);
	CHECK_EQ("set_gdt", hc_set_gdt(frames, 512), 0);
	CHECK_EQ("%fs:0 through the guest GDT", read_fs0(SEL_DATA), var_a);
	CHECK_EQ("update the live entry",
		 hc_update_descriptor((f << 12) + 8,
				      data_desc((uint32_t)(uint64_t)&var_b)),
		 0);
	CHECK_EQ("%fs:0 after update_descriptor", read_fs0(SEL_DATA), var_b);
	clear_fs();
	CHECK_EQ("clear the live GDT frame", mmuext1(MMUEXT_CLEAR_PAGE, f, 0),
		 -XEN_EINVAL);
	CHECK_EQ("pin the live GDT frame", mmuext1(MMUEXT_PIN_L1_TABLE, f, 0),
		 -XEN_EINVAL);
}

static void hostile_descriptors(uint64_t f)
{
	uint64_t slot = (f << 12) + 16;

	CHECK_EQ("TSS", hc_update_descriptor(slot, 0x0000890000000067UL),
		 -XEN_EINVAL);
	CHECK_EQ("LDT", hc_update_descriptor(slot, 0x0000820000000fffUL),
		 -XEN_EINVAL);
	CHECK_EQ("interrupt gate",
		 hc_update_descriptor(slot, 0x0000ee00e0081000UL), -XEN_EINVAL);
	CHECK_EQ("call gate to the hypervisor's CS",
		 hc_update_descriptor(slot, 0x0000ec00e0081000UL), -XEN_EINVAL);
	CHECK_EQ("unaligned", hc_update_descriptor(slot + 4, 0), -XEN_EINVAL);
	CHECK_EQ("frame 0", hc_update_descriptor(8, 0), -XEN_EINVAL);
	CHECK_EQ("DPL-0 code segment",
		 hc_update_descriptor(slot, 0x00af9b000000ffffUL), 0);
	CHECK_EQ("call gate to FLAT_KERNEL_CS",
		 hc_update_descriptor(slot + 8, 0x0000ec00e0331000UL), 0);
	CHECK_EQ("read the GDT frame", frame_read(f, readback), 0);
	CHECK_EQ("code segment DPL raised to 3", readback[2],
		 0x00affb000000ffffUL);
	CHECK_EQ("gate DPL 0, target RPL 3", readback[3], 0x00008c00e0331000UL);
	CHECK_EQ("descriptor in our own writable page",
		 hc_update_descriptor(virt_to_mfn(writable_page) << 12, 0), 0);
}

static void set_gdt_refusals(uint64_t f, uint64_t g)
{
	unsigned long frames[2] = { g, f };

	CHECK_EQ("7169 entries", hc_set_gdt(frames, 7169), -XEN_EINVAL);
	frames[0] = virt_to_mfn(writable_page);
	CHECK_EQ("writable frame", hc_set_gdt(frames, 512), -XEN_EINVAL);
	memset(gdt_img, 0, sizeof(gdt_img));
	gdt_img[5] = 0x0000890000000067UL;
	CHECK_EQ("fill bad GDT frame", frame_write(g, gdt_img), 0);
	frames[0] = g;
	CHECK_EQ("frame with a TSS descriptor", hc_set_gdt(frames, 512),
		 -XEN_EINVAL);
	CHECK_EQ("unreadable list",
		 hc_set_gdt((const unsigned long *)0xffff800000000000UL, 16),
		 -XEN_EFAULT);
	CHECK_EQ("the old GDT still works", read_fs0(SEL_DATA), var_b);
	clear_fs();
	CHECK_EQ("clear the spare", mmuext1(MMUEXT_CLEAR_PAGE, g, 0), 0);
	frames[0] = g;
	CHECK_EQ("set_gdt to another frame", hc_set_gdt(frames, 16), 0);
	CHECK_EQ("the old frame is free again",
		 mmuext1(MMUEXT_CLEAR_PAGE, f, 0), 0);
	CHECK_EQ("no GDT", hc_set_gdt(frames, 0), 0);
	CHECK_EQ("the other frame is free", mmuext1(MMUEXT_CLEAR_PAGE, g, 0),
		 0);
}

void test_main(void)
{
	uint64_t f = spare_mfn(3), g = spare_mfn(4);

	live_gdt(f);
	hostile_descriptors(f);
	set_gdt_refusals(f, g);
	test_success();
}
