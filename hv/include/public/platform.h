/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_platform_op(op): machine-wide operations for dom0 - setting
 * the wall clock, firmware facts the hypervisor collected at boot, the
 * physical CPU list, and ACPI power-management data. Declared here: all
 * XENPF_* numbers and the structures Linux dom0 uses during boot; the
 * other operations are reachable only as the 128-byte union pad.
 */
#ifndef PUBLIC_PLATFORM_H
#define PUBLIC_PLATFORM_H

#include "xen.h"

#define XENPF_INTERFACE_VERSION 0x03000001

#define XENPF_settime32 17
#define XENPF_add_memtype 31
#define XENPF_del_memtype 32
#define XENPF_read_memtype 33
#define XENPF_microcode_update 35
#define XENPF_platform_quirk 39
#define XENPF_get_cpu_version 48
#define XENPF_efi_runtime_call 49
#define XENPF_firmware_info 50
#define XENPF_enter_acpi_sleep 51
#define XENPF_change_freq 52
#define XENPF_getidletime 53
#define XENPF_set_processor_pminfo 54
#define XENPF_get_cpuinfo 55
#define XENPF_cpu_online 56
#define XENPF_cpu_offline 57
#define XENPF_cpu_hotadd 58
#define XENPF_mem_hotadd 59
#define XENPF_core_parking 60
#define XENPF_resource_op 61
#define XENPF_settime64 62
#define XENPF_get_symbol 63
#define XENPF_settime XENPF_settime64

/* xenpf_firmware_info.type and, for EFI, index. */
#define XEN_FW_DISK_INFO 1
#define XEN_FW_DISK_MBR_SIGNATURE 2
#define XEN_FW_VBEDDC_INFO 3
#define XEN_FW_EFI_INFO 4
#define XEN_FW_EFI_VERSION 0
#define XEN_FW_EFI_CONFIG_TABLE 1
#define XEN_FW_EFI_VENDOR 2
#define XEN_FW_EFI_MEM_INFO 3
#define XEN_FW_EFI_RT_VERSION 4
#define XEN_FW_EFI_PCI_ROM 5
#define XEN_FW_EFI_APPLE_PROPERTIES 6
#define XEN_FW_KBD_SHIFT_FLAGS 5

/* set_processor_pminfo: abilities, .type, and Px sub-info flags. */
#define XEN_PROCESSOR_PM_CX 1
#define XEN_PROCESSOR_PM_PX 2
#define XEN_PROCESSOR_PM_TX 4
#define XEN_PM_CX 0
#define XEN_PM_PX 1
#define XEN_PM_TX 2
#define XEN_PM_PDC 3
#define XEN_PX_PCT 1
#define XEN_PX_PSS 2
#define XEN_PX_PPC 4
#define XEN_PX_PSD 8
#define XEN_CPUPERF_SHARED_TYPE_HW 1
#define XEN_CPUPERF_SHARED_TYPE_ALL 2
#define XEN_CPUPERF_SHARED_TYPE_ANY 3

/* xenpf_pcpuinfo.flags. */
#define XEN_PCPU_FLAGS_ONLINE 1
#define XEN_PCPU_FLAGS_INVALID 2

#ifndef __ASSEMBLY__

/* Wall clock reads secs.nsecs when system time is system_time. */
struct xenpf_settime32 {
	uint32_t secs;
	uint32_t nsecs;
	uint64_t system_time;
};
typedef struct xenpf_settime32 xenpf_settime32_t;

struct xenpf_settime64 {
	uint64_t secs;
	uint32_t nsecs;
	uint32_t mbz;
	uint64_t system_time;
};
typedef struct xenpf_settime64 xenpf_settime64_t;
#define xenpf_settime xenpf_settime64
typedef struct xenpf_settime64 xenpf_settime_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_settime_t);

/* Firmware data the hypervisor saved at boot (BIOS EDD, EDID, EFI). */
struct xenpf_firmware_info {
	uint32_t type;	/* In: XEN_FW_* */
	uint32_t index; /* In. */
	union {
		struct {
			uint8_t device;
			uint8_t version;
			uint16_t interface_support;
			uint16_t legacy_max_cylinder;
			uint8_t legacy_max_head;
			uint8_t legacy_sectors_per_track;
			XEN_GUEST_HANDLE(void) edd_params;
		} disk_info;
		struct {
			uint8_t device;
			uint32_t mbr_signature;
		} disk_mbr_signature;
		struct {
			uint8_t capabilities;
			uint8_t edid_transfer_time;
			XEN_GUEST_HANDLE(uint8) edid; /* 128 bytes. */
		} vbeddc_info;
		union xenpf_efi_info {
			uint32_t version;
			struct {
				uint64_t addr;
				uint32_t nent;
			} cfg;
			struct {
				uint32_t revision;
				uint32_t bufsz;
				XEN_GUEST_HANDLE(void) name;
			} vendor;
			struct {
				uint64_t addr;
				uint64_t size;
				uint64_t attr;
				uint32_t type;
			} mem;
			struct {
				uint16_t segment;
				uint8_t bus;
				uint8_t devfn;
				uint16_t vendor;
				uint16_t devid;
				uint64_t address;
				xen_ulong_t size;
			} pci_rom;
			struct {
				uint64_t address;
				xen_ulong_t size;
			} apple_properties;
		} efi_info;
		uint8_t kbd_shift_flags;
	} u;
};
typedef struct xenpf_firmware_info xenpf_firmware_info_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_firmware_info_t);

/* ACPI generic address of a C-state register. */
struct xen_power_register {
	uint32_t space_id;
	uint32_t bit_width;
	uint32_t bit_offset;
	uint32_t access_size;
	uint64_t address;
};

struct xen_processor_csd {
	uint32_t domain;
	uint32_t coord_type;
	uint32_t num;
};
typedef struct xen_processor_csd xen_processor_csd_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_csd_t);

struct xen_processor_cx {
	struct xen_power_register reg;
	uint8_t type;
	uint32_t latency;
	uint32_t power;
	uint32_t dpcnt;
	XEN_GUEST_HANDLE(xen_processor_csd_t) dp;
};
typedef struct xen_processor_cx xen_processor_cx_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_cx_t);

struct xen_processor_flags {
	uint32_t bm_control : 1;
	uint32_t bm_check : 1;
	uint32_t has_cst : 1;
	uint32_t power_setup_done : 1;
	uint32_t bm_rld_set : 1;
};

struct xen_processor_power {
	uint32_t count;
	struct xen_processor_flags flags;
	XEN_GUEST_HANDLE(xen_processor_cx_t) states;
};

struct xen_pct_register {
	uint8_t descriptor;
	uint16_t length;
	uint8_t space_id;
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t reserved;
	uint64_t address;
};

struct xen_processor_px {
	uint64_t core_frequency; /* MHz */
	uint64_t power;		 /* mW */
	uint64_t transition_latency;
	uint64_t bus_master_latency;
	uint64_t control;
	uint64_t status;
};
typedef struct xen_processor_px xen_processor_px_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_px_t);

struct xen_psd_package {
	uint64_t num_entries;
	uint64_t revision;
	uint64_t domain;
	uint64_t coord_type;
	uint64_t num_processors;
};

struct xen_processor_performance {
	uint32_t flags; /* XEN_PX_* */
	uint32_t platform_limit;
	struct xen_pct_register control_register;
	struct xen_pct_register status_register;
	uint32_t state_count;
	XEN_GUEST_HANDLE(xen_processor_px_t) states;
	struct xen_psd_package domain_info;
	uint32_t shared_type; /* XEN_CPUPERF_SHARED_TYPE_* */
};
typedef struct xen_processor_performance xen_processor_performance_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_performance_t);

struct xenpf_set_processor_pminfo {
	uint32_t id;   /* ACPI processor id. */
	uint32_t type; /* XEN_PM_* */
	union {
		struct xen_processor_power power;
		struct xen_processor_performance perf;
		XEN_GUEST_HANDLE(uint32) pdc;
	} u;
};
typedef struct xenpf_set_processor_pminfo xenpf_set_processor_pminfo_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_set_processor_pminfo_t);

struct xenpf_pcpuinfo {
	uint32_t xen_cpuid;   /* In. */
	uint32_t max_present; /* Out: highest present CPU number. */
	uint32_t flags;	      /* Out: XEN_PCPU_FLAGS_* */
	uint32_t apic_id;
	uint32_t acpi_id;
};
typedef struct xenpf_pcpuinfo xenpf_pcpuinfo_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_pcpuinfo_t);

struct xenpf_pcpu_version {
	uint32_t xen_cpuid;
	uint32_t max_present;
	char vendor_id[12];
	uint32_t family;
	uint32_t model;
	uint32_t stepping;
};
typedef struct xenpf_pcpu_version xenpf_pcpu_version_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_pcpu_version_t);

/*
 * enter_acpi_sleep: dom0 hands the hypervisor the sleep it would have
 * started by writing the PM1 control registers itself. Legacy form: the
 * PM1a/PM1b control values (SLP_TYP | SLP_EN). With
 * XENPF_ACPI_SLEEP_EXTENDED (hardware-reduced ACPI): the sleep types A
 * and B for the sleep control register.
 */
#define XENPF_ACPI_SLEEP_EXTENDED 0x00000001
struct xenpf_enter_acpi_sleep {
	uint16_t val_a;	      /* PM1a control value / sleep type A */
	uint16_t val_b;	      /* PM1b control value / sleep type B */
	uint32_t sleep_state; /* n of ACPI state Sn */
	uint32_t flags;	      /* XENPF_ACPI_SLEEP_* */
};
typedef struct xenpf_enter_acpi_sleep xenpf_enter_acpi_sleep_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_enter_acpi_sleep_t);

struct xenpf_cpu_ol {
	uint32_t cpuid;
};
typedef struct xenpf_cpu_ol xenpf_cpu_ol_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_cpu_ol_t);

struct xen_platform_op {
	uint32_t cmd;		    /* XENPF_* */
	uint32_t interface_version; /* XENPF_INTERFACE_VERSION */
	union {
		xenpf_settime_t settime;
		xenpf_settime32_t settime32;
		xenpf_settime64_t settime64;
		xenpf_firmware_info_t firmware_info;
		xenpf_enter_acpi_sleep_t enter_acpi_sleep;
		xenpf_set_processor_pminfo_t set_pminfo;
		xenpf_pcpuinfo_t pcpu_info;
		xenpf_pcpu_version_t pcpu_version;
		xenpf_cpu_ol_t cpu_ol;
		uint8_t pad[128];
	} u;
};
typedef struct xen_platform_op xen_platform_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_platform_op_t);

XEN_ABI_SIZE(struct xenpf_settime32, 16);
XEN_ABI_SIZE(struct xenpf_settime64, 24);
XEN_ABI_SIZE(struct xenpf_firmware_info, 40);
XEN_ABI_SIZE(struct xenpf_enter_acpi_sleep, 12);
XEN_ABI_OFFSET(struct xenpf_firmware_info, u, 8);
XEN_ABI_SIZE(union xenpf_efi_info, 32);
XEN_ABI_SIZE(struct xen_processor_power, 16);
XEN_ABI_SIZE(struct xen_processor_performance, 104);
XEN_ABI_SIZE(struct xenpf_set_processor_pminfo, 112);
XEN_ABI_OFFSET(struct xenpf_set_processor_pminfo, u, 8);
XEN_ABI_SIZE(struct xenpf_pcpuinfo, 20);
XEN_ABI_SIZE(struct xenpf_pcpu_version, 32);
XEN_ABI_SIZE(struct xen_platform_op, 136);
XEN_ABI_OFFSET(struct xen_platform_op, u, 8);

#endif /* !__ASSEMBLY__ */

#endif
