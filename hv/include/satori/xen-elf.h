/* SPDX-License-Identifier: MIT */
/*
 * The PV kernel image parser: validates an ELF64 x86-64 executable, finds
 * its loadable segments and reads the Xen guest description from its ELF
 * notes (or from the legacy __xen_guest section string), then applies
 * Xen's address rules. The image is hostile input: every failure is a
 * clean -errno plus a reason string, never an access outside the image.
 * Pure logic: no allocation, no hypervisor state. docs/hacking/loader.md.
 */
#ifndef SATORI_XEN_ELF_H
#define SATORI_XEN_ELF_H

#include <satori/types.h>

/* An optional address the image did not give. */
#define XEN_ELF_UNSET (~(uint64_t)0)

/* Loadable segments kept; images with more are refused (-E2BIG). */
#define XEN_ELF_MAX_SEGMENTS 16
/* Program headers looked at at most; more are refused (-E2BIG). */
#define XEN_ELF_MAX_PHDRS 256
/* pend - pstart at most: the bootstrap region must fit in 1 GiB anyway. */
#define XEN_ELF_MAX_SPAN GiB(1)
/* Bytes kept of each string note or pair (the rest is cut off). */
#define XEN_ELF_STR_LEN 32

/* XENFEAT_* numbers (public/features.h) the parser knows by name. */
#define XEN_ELF_FEAT_WRITABLE_PAGE_TABLES 0
#define XEN_ELF_FEAT_WRITABLE_DESCRIPTOR_TABLES 1
#define XEN_ELF_FEAT_AUTO_TRANSLATED_PHYSMAP 2
#define XEN_ELF_FEAT_SUPERVISOR_MODE_KERNEL 3
#define XEN_ELF_FEAT_PAE_PGDIR_ABOVE_4GB 4
#define XEN_ELF_FEAT_HVM_CALLBACK_VECTOR 8
#define XEN_ELF_FEAT_DOM0 11
/*
 * The features a PV guest on satori may require ('!name'): any other
 * required feature refuses the image (-EOPNOTSUPP). PV guests run in a
 * ring above the kernel's, are not auto-translated and have no HVM
 * callback vector; descriptor tables are updated by hypercall only.
 */
#define XEN_ELF_FEATURES_PROVIDABLE                  \
	((1u << XEN_ELF_FEAT_WRITABLE_PAGE_TABLES) | \
	 (1u << XEN_ELF_FEAT_PAE_PGDIR_ABOVE_4GB) | (1u << XEN_ELF_FEAT_DOM0))

/* One loadable segment: file bytes [offset, offset+filesz), then zeros. */
struct xen_elf_segment {
	uint64_t paddr;	 /* p_paddr: placed at virt_kstart + paddr - pstart */
	uint64_t offset; /* p_offset in the image */
	uint64_t filesz; /* bytes copied from the image, <= memsz */
	uint64_t memsz;	 /* bytes occupied in memory, zero after filesz */
};

/* Where the Xen guest description came from. */
enum xen_elf_source {
	XEN_ELF_NOTES_PHDR,  /* PT_NOTE segments */
	XEN_ELF_NOTES_SHDR,  /* SHT_NOTE sections */
	XEN_ELF_LEGACY_GUEST /* the __xen_guest section string */
};

struct xen_elf_info {
	/* --- The ELF image --- */
	unsigned int nr_segments; /* loadable (PT_LOAD with R, W or X) */
	struct xen_elf_segment seg[XEN_ELF_MAX_SEGMENTS];
	uint64_t pstart; /* lowest p_paddr of the loadable segments */
	uint64_t pend;	 /* highest p_paddr + p_memsz */
	uint64_t e_entry;

	/* --- The guest description, as given --- */
	enum xen_elf_source source;
	uint64_t virt_base;    /* VIRT_BASE; 0 if absent */
	uint64_t paddr_offset; /* PADDR_OFFSET, after its default */
	/* HYPERCALL_PAGE as a VA (page aligned), or XEN_ELF_UNSET. */
	uint64_t virt_hypercall;
	/* INIT_P2M: VA to map the P2M list at, or XEN_ELF_UNSET. */
	uint64_t p2m_base;
	bool unmapped_initrd; /* MOD_START_PFN: initrd may be passed by PFN */
	bool suspend_cancel;  /* SUSPEND_CANCEL note present and nonzero */
	bool bsd_symtab;      /* BSD_SYMTAB "yes" (or the legacy flag) */
	/* XENFEAT bitmaps: named in FEATURES or SUPPORTED_FEATURES; '!'. */
	uint32_t f_supported;
	uint32_t f_required;
	/* NUL-terminated, cut to XEN_ELF_STR_LEN - 1 bytes; "" if absent. */
	char guest_os[XEN_ELF_STR_LEN];	     /* GUEST_OS, e.g. "linux" */
	char guest_version[XEN_ELF_STR_LEN]; /* GUEST_VERSION / GUEST_VER */
	char xen_version[XEN_ELF_STR_LEN];   /* XEN_VERSION / XEN_VER */
	char loader[XEN_ELF_STR_LEN];	     /* LOADER, e.g. "generic" */
	char pae_mode[XEN_ELF_STR_LEN];	     /* PAE_MODE / PAE (unused) */

	/* --- Derived (Xen's elf_xen_addr_calc_check) --- */
	uint64_t virt_offset; /* virt_base - paddr_offset */
	uint64_t virt_kstart; /* pstart + virt_offset */
	uint64_t virt_kend;   /* pend + virt_offset; > virt_kstart */
	uint64_t virt_entry;  /* ENTRY note, else e_entry; in the image */

	/* Why parsing failed (static string), or NULL after success. */
	const char *error;
};

/*
 * Parse and check the kernel image [image, image+len). Returns 0 and fills
 * *info, or a negative errno with info->error set: -ENOEXEC not an ELF64
 * x86-64 executable or not a Xen PV kernel, -EINVAL malformed (out of
 * bounds, overflowing, overlapping, bad note), -E2BIG beyond the limits
 * above, -EOPNOTSUPP a required feature satori cannot provide, -ERANGE
 * addresses that break Xen's rules (entry outside the image, ...).
 */
int xen_elf_parse(const void *image, size_t len, struct xen_elf_info *info);

/*
 * Called by elf_load() once per loadable segment: copy filesz bytes from
 * src to (the destination of pstart) + dest_off and zero the following
 * memsz - filesz bytes. dest_off + memsz <= pend - pstart. A nonzero
 * return stops elf_load(), which returns it.
 */
typedef int (*elf_copy_fn)(void *ctx, uint64_t dest_off, const void *src,
			   uint64_t filesz, uint64_t memsz);

/*
 * Hand each segment of an image parsed by xen_elf_parse() to copy(), in
 * program header order. The caller owns the destination. Returns 0,
 * copy()'s first nonzero result, or -EINVAL if info does not fit
 * [image, image+len) (a different image than the one parsed).
 */
int elf_load(const void *image, size_t len, const struct xen_elf_info *info,
	     elf_copy_fn copy, void *ctx);

#endif
