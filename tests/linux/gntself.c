/* SPDX-License-Identifier: MIT */
/*
 * gntself: a Linux dom0 program that grants a page to itself through
 * /dev/xen/gntalloc and maps that grant through /dev/xen/gntdev (Linux's
 * xen-gntalloc and xen-gntdev, which use GNTTABOP_map_grant_ref and
 * unmap_grant_ref), then checks that bytes written through either
 * mapping show through the other. Prints "gntself: OK" or the first
 * failure. Built static for the dom0 initramfs by hand (see
 * docs/hacking/grant-tables.md, "Linux"); run with satori.run=/bin/gntself.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xen/sys/gntalloc.h>
#include <xen/sys/gntdev.h>

static void fail(const char *what)
{
	perror(what);
	printf("gntself: FAILED: %s\n", what);
	exit(1);
}

int main(void)
{
	struct ioctl_gntalloc_alloc_gref a = { .domid = 0,
					       .flags = GNTALLOC_FLAG_WRITABLE,
					       .count = 1 };
	struct ioctl_gntdev_map_grant_ref m = { .count = 1 };
	struct ioctl_gntdev_unmap_grant_ref u = { .count = 1 };
	struct ioctl_gntalloc_dealloc_gref d = { .count = 1 };
	volatile uint8_t *pa, *pm;
	int fa = open("/dev/xen/gntalloc", O_RDWR);
	int fm = open("/dev/xen/gntdev", O_RDWR);

	if (fa < 0 || fm < 0)
		fail("open /dev/xen/gntalloc or gntdev");
	if (ioctl(fa, IOCTL_GNTALLOC_ALLOC_GREF, &a))
		fail("IOCTL_GNTALLOC_ALLOC_GREF");
	pa = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fa,
		  (off_t)a.index);
	if (pa == MAP_FAILED)
		fail("mmap gntalloc");
	for (unsigned int i = 0; i < 4096; i++)
		pa[i] = (uint8_t)(i * 5);
	m.refs[0].domid = 0;
	m.refs[0].ref = a.gref_ids[0];
	if (ioctl(fm, IOCTL_GNTDEV_MAP_GRANT_REF, &m))
		fail("IOCTL_GNTDEV_MAP_GRANT_REF");
	pm = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fm,
		  (off_t)m.index);
	if (pm == MAP_FAILED)
		fail("mmap gntdev (GNTTABOP_map_grant_ref)");
	for (unsigned int i = 0; i < 4096; i++)
		if (pm[i] != (uint8_t)(i * 5))
			fail("data through the grant mapping");
	pm[123] = 0xee;
	if (pa[123] != 0xee)
		fail("write through the grant mapping not seen");
	printf("gntself: gref %u mapped, data both ways\n", a.gref_ids[0]);
	if (munmap((void *)pm, 4096))
		fail("munmap gntdev (GNTTABOP_unmap_grant_ref)");
	u.index = m.index;
	if (ioctl(fm, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u))
		fail("IOCTL_GNTDEV_UNMAP_GRANT_REF");
	munmap((void *)pa, 4096);
	d.index = a.index;
	if (ioctl(fa, IOCTL_GNTALLOC_DEALLOC_GREF, &d))
		fail("IOCTL_GNTALLOC_DEALLOC_GREF");
	printf("gntself: OK\n");
	return 0;
}
