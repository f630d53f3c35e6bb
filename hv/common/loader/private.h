/* SPDX-License-Identifier: MIT */
/*
 * Shared inside the kernel image loader: the validated view of an ELF
 * image, bounds helpers and the note and legacy-string parsers. Every
 * helper takes sizes from the image as untrusted and checks them with
 * overflow-safe arithmetic before touching a byte.
 */
#ifndef SATORI_LOADER_PRIVATE_H
#define SATORI_LOADER_PRIVATE_H

#include <satori/elf.h>
#include <satori/xen-elf.h>

/* An image whose file header has been checked. */
struct elf_image {
	const uint8_t *base;
	size_t len;
	struct elf64_ehdr eh;
};

/* Does [off, off+size) lie inside a buffer of len bytes? */
static inline bool loader_range_ok(size_t len, uint64_t off, uint64_t size)
{
	return off <= len && size <= len - off;
}

/* Record why parsing failed; returns err (a negative errno). */
static inline int loader_fail(struct xen_elf_info *info, int err,
			      const char *why)
{
	info->error = why;
	return err;
}

/* elf.c: the file header, headers by index, segments, named sections. */
int elf_image_init(struct elf_image *img, const void *image, size_t len,
		   struct xen_elf_info *info);
void elf_get_phdr(const struct elf_image *img, unsigned int i,
		  struct elf64_phdr *ph);
void elf_get_shdr(const struct elf_image *img, unsigned int i,
		  struct elf64_shdr *sh);
int elf_collect_segments(const struct elf_image *img,
			 struct xen_elf_info *info);
/* Index of the section called name, or -1 (also for a bad string table). */
int elf_find_section(const struct elf_image *img, const char *name);

/*
 * elf-notes.c: apply every "Xen" note in [p, p+len) to info and add how
 * many there were to *nr_xen. Returns 0 or a negative errno.
 */
int xen_notes_parse(const uint8_t *p, size_t len, struct xen_elf_info *info,
		    unsigned int *nr_xen);
/* '|'-separated XENFEAT names of FEATURES (the first len bytes at most). */
int xen_features_parse(const char *s, size_t len, struct xen_elf_info *info);
/* Copy a string of at most len bytes (it may lack a NUL) into a field. */
void xen_str_set(char dst[XEN_ELF_STR_LEN], const char *s, size_t len);

/* elf-guest-info.c: the legacy __xen_guest string (at most len bytes). */
int xen_guest_info_parse(const char *s, size_t len, struct xen_elf_info *info);

#endif
