/* SPDX-License-Identifier: MIT */
/*
 * ELF64 structure checks for the kernel image loader: the file header,
 * the program and section header tables, the loadable segments with their
 * physical span, section lookup by name, and the segment copy walk. Header
 * fields are copied out of the image (which may be unaligned) and every
 * offset and size is checked against the image before use.
 */
#include <satori/errno.h>
#include <satori/string.h>

#include "private.h"

static int elf_check_ident(const struct elf64_ehdr *eh,
			   struct xen_elf_info *info)
{
	static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };

	if (memcmp(eh->e_ident, magic, sizeof(magic)) != 0)
		return loader_fail(info, -ENOEXEC, "not an ELF file");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return loader_fail(info, -ENOEXEC, "not ELFCLASS64");
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return loader_fail(info, -ENOEXEC, "not little endian");
	if (eh->e_ident[EI_VERSION] != EV_CURRENT)
		return loader_fail(info, -ENOEXEC, "unknown ELF version");
	if (eh->e_type != ET_EXEC)
		return loader_fail(info, -ENOEXEC,
				   "not an executable (ET_EXEC)");
	if (eh->e_machine != EM_X86_64)
		return loader_fail(info, -ENOEXEC, "not for x86-64");
	return 0;
}

static int elf_check_tables(const struct elf_image *img,
			    struct xen_elf_info *info)
{
	const struct elf64_ehdr *eh = &img->eh;

	if (eh->e_phnum == 0)
		return loader_fail(info, -ENOEXEC, "no program headers");
	if (eh->e_phnum == PN_XNUM || eh->e_phnum > XEN_ELF_MAX_PHDRS)
		return loader_fail(info, -E2BIG, "too many program headers");
	if (eh->e_phentsize < sizeof(struct elf64_phdr))
		return loader_fail(info, -EINVAL, "program header too small");
	if (!loader_range_ok(img->len, eh->e_phoff,
			     (uint64_t)eh->e_phnum * eh->e_phentsize))
		return loader_fail(info, -EINVAL,
				   "program headers outside the image");
	if (eh->e_shnum == 0)
		return 0;
	if (eh->e_shnum >= SHN_LORESERVE)
		return loader_fail(info, -E2BIG, "too many section headers");
	if (eh->e_shentsize < sizeof(struct elf64_shdr))
		return loader_fail(info, -EINVAL, "section header too small");
	if (!loader_range_ok(img->len, eh->e_shoff,
			     (uint64_t)eh->e_shnum * eh->e_shentsize))
		return loader_fail(info, -EINVAL,
				   "section headers outside the image");
	return 0;
}

int elf_image_init(struct elf_image *img, const void *image, size_t len,
		   struct xen_elf_info *info)
{
	int rc;

	img->base = image;
	img->len = len;
	if (!image || len < sizeof(img->eh))
		return loader_fail(info, -ENOEXEC,
				   "shorter than an ELF header");
	memcpy(&img->eh, image, sizeof(img->eh));
	rc = elf_check_ident(&img->eh, info);
	if (rc)
		return rc;
	return elf_check_tables(img, info);
}

/* i < e_phnum: the table was checked by elf_image_init(). */
void elf_get_phdr(const struct elf_image *img, unsigned int i,
		  struct elf64_phdr *ph)
{
	uint64_t off = img->eh.e_phoff + (uint64_t)i * img->eh.e_phentsize;

	memcpy(ph, img->base + off, sizeof(*ph));
}

/* i < e_shnum: the table was checked by elf_image_init(). */
void elf_get_shdr(const struct elf_image *img, unsigned int i,
		  struct elf64_shdr *sh)
{
	uint64_t off = img->eh.e_shoff + (uint64_t)i * img->eh.e_shentsize;

	memcpy(sh, img->base + off, sizeof(*sh));
}

static bool elf_phdr_is_loadable(const struct elf64_phdr *ph)
{
	return ph->p_type == PT_LOAD && (ph->p_flags & (PF_R | PF_W | PF_X));
}

static int elf_check_segment(const struct elf_image *img,
			     const struct elf64_phdr *ph,
			     struct xen_elf_info *info)
{
	if (ph->p_filesz > ph->p_memsz)
		return loader_fail(info, -EINVAL, "segment filesz > memsz");
	if (!loader_range_ok(img->len, ph->p_offset, ph->p_filesz))
		return loader_fail(info, -EINVAL, "segment outside the image");
	if (ph->p_paddr + ph->p_memsz < ph->p_paddr)
		return loader_fail(info, -EINVAL, "segment wraps around");
	return 0;
}

/* Segments overlapping in memory would make the load order matter. */
static bool elf_segments_overlap(const struct xen_elf_info *info,
				 const struct elf64_phdr *ph)
{
	unsigned int i;

	for (i = 0; i < info->nr_segments; i++) {
		const struct xen_elf_segment *s = &info->seg[i];

		if (ph->p_paddr < s->paddr + s->memsz &&
		    s->paddr < ph->p_paddr + ph->p_memsz)
			return true;
	}
	return false;
}

static int elf_add_segment(const struct elf_image *img,
			   const struct elf64_phdr *ph,
			   struct xen_elf_info *info)
{
	struct xen_elf_segment *s;
	int rc = elf_check_segment(img, ph, info);

	if (rc)
		return rc;
	if (elf_segments_overlap(info, ph))
		return loader_fail(info, -EINVAL, "segments overlap");
	if (info->nr_segments == XEN_ELF_MAX_SEGMENTS)
		return loader_fail(info, -E2BIG, "too many loadable segments");
	s = &info->seg[info->nr_segments++];
	s->paddr = ph->p_paddr;
	s->offset = ph->p_offset;
	s->filesz = ph->p_filesz;
	s->memsz = ph->p_memsz;
	if (info->nr_segments == 1 || ph->p_paddr < info->pstart)
		info->pstart = ph->p_paddr;
	if (info->nr_segments == 1 || ph->p_paddr + ph->p_memsz > info->pend)
		info->pend = ph->p_paddr + ph->p_memsz;
	return 0;
}

int elf_collect_segments(const struct elf_image *img, struct xen_elf_info *info)
{
	struct elf64_phdr ph;
	unsigned int i;
	int rc;

	for (i = 0; i < img->eh.e_phnum; i++) {
		elf_get_phdr(img, i, &ph);
		if (!elf_phdr_is_loadable(&ph))
			continue;
		rc = elf_add_segment(img, &ph, info);
		if (rc)
			return rc;
	}
	if (info->nr_segments == 0)
		return loader_fail(info, -ENOEXEC, "no loadable segment");
	if (info->pend == info->pstart)
		return loader_fail(info, -ENOEXEC,
				   "loadable segments are empty");
	if (info->pend - info->pstart > XEN_ELF_MAX_SPAN)
		return loader_fail(info, -E2BIG, "image spans more than 1 GiB");
	return 0;
}

int elf_find_section(const struct elf_image *img, const char *name)
{
	struct elf64_shdr strtab, sh;
	size_t want = strlen(name) + 1;
	unsigned int i;

	if (img->eh.e_shnum == 0 || img->eh.e_shstrndx >= img->eh.e_shnum)
		return -1;
	elf_get_shdr(img, img->eh.e_shstrndx, &strtab);
	if (!loader_range_ok(img->len, strtab.sh_offset, strtab.sh_size))
		return -1;
	for (i = 0; i < img->eh.e_shnum; i++) {
		elf_get_shdr(img, i, &sh);
		/* The name, with its NUL, must lie inside the string table. */
		if (!loader_range_ok(strtab.sh_size, sh.sh_name, want))
			continue;
		if (memcmp(img->base + strtab.sh_offset + sh.sh_name, name,
			   want) == 0)
			return (int)i;
	}
	return -1;
}

int elf_load(const void *image, size_t len, const struct xen_elf_info *info,
	     elf_copy_fn copy, void *ctx)
{
	const uint8_t *base = image;
	unsigned int i;
	int rc;

	if (info->nr_segments > XEN_ELF_MAX_SEGMENTS)
		return -EINVAL;
	for (i = 0; i < info->nr_segments; i++) {
		const struct xen_elf_segment *s = &info->seg[i];

		if (!loader_range_ok(len, s->offset, s->filesz) ||
		    s->filesz > s->memsz || s->paddr < info->pstart ||
		    s->paddr - info->pstart > info->pend - info->pstart ||
		    s->memsz > info->pend - s->paddr)
			return -EINVAL;
		rc = copy(ctx, s->paddr - info->pstart, base + s->offset,
			  s->filesz, s->memsz);
		if (rc)
			return rc;
	}
	return 0;
}
