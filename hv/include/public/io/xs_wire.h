/* SPDX-License-Identifier: MIT */
/*
 * The xenstore wire protocol: every message is a struct xsd_sockmsg header
 * followed by len bytes of NUL-separated strings. Guests talk it over the
 * shared page struct xenstore_domain_interface (start_info.store_mfn),
 * dom0 tools over a socket. Values of Xen 4.17.
 */
#ifndef PUBLIC_IO_XS_WIRE_H
#define PUBLIC_IO_XS_WIRE_H

#include "../xen-types.h"

#ifndef __ASSEMBLY__

enum xsd_sockmsg_type {
	XS_CONTROL,
	XS_DIRECTORY,
	XS_READ,
	XS_GET_PERMS,
	XS_WATCH,
	XS_UNWATCH,
	XS_TRANSACTION_START,
	XS_TRANSACTION_END,
	XS_INTRODUCE,
	XS_RELEASE,
	XS_GET_DOMAIN_PATH,
	XS_WRITE,
	XS_MKDIR,
	XS_RM,
	XS_SET_PERMS,
	XS_WATCH_EVENT,
	XS_ERROR,
	XS_IS_DOMAIN_INTRODUCED,
	XS_RESUME,
	XS_SET_TARGET,
	/* 20 was XS_RESTRICT, withdrawn. */
	XS_RESET_WATCHES = XS_SET_TARGET + 2,
	XS_DIRECTORY_PART,
	XS_TYPE_COUNT,	    /* Number of valid types. */
	XS_INVALID = 0xffff /* Never a valid type. */
};
#endif /* !__ASSEMBLY__ */
#define XS_DEBUG XS_CONTROL

/* Old XS_WRITE flags, still accepted by some daemons. */
#define XS_WRITE_NONE "NONE"
#define XS_WRITE_CREATE "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

#ifndef __ASSEMBLY__

/* Errors travel as XS_ERROR with the errno's name as payload. */
struct xsd_errors {
	int errnum;
	const char *errstring;
};

struct xsd_sockmsg {
	uint32_t type;	 /* enum xsd_sockmsg_type */
	uint32_t req_id; /* Echoed in the reply. */
	uint32_t tx_id;	 /* Transaction, or 0. */
	uint32_t len;	 /* Payload bytes that follow. */
};

/* Order of the strings in an XS_WATCH_EVENT payload. */
enum xs_watch_type { XS_WATCH_PATH = 0, XS_WATCH_TOKEN };

#endif /* !__ASSEMBLY__ */

#define XENSTORE_RING_SIZE 1024

#ifndef __ASSEMBLY__

typedef uint32_t XENSTORE_RING_IDX;

struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE]; /* Guest to daemon. */
	char rsp[XENSTORE_RING_SIZE]; /* Replies and watch events. */
	XENSTORE_RING_IDX req_cons, req_prod;
	XENSTORE_RING_IDX rsp_cons, rsp_prod;
	uint32_t server_features; /* XENSTORE_SERVER_FEATURE_* */
	uint32_t connection;	  /* XENSTORE_CONNECTED, _RECONNECT */
	uint32_t error;		  /* XENSTORE_ERROR_* */
};

#endif /* !__ASSEMBLY__ */

#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

#define XENSTORE_PAYLOAD_MAX 4096
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR 2

#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

#define XENSTORE_ERROR_NONE 0
#define XENSTORE_ERROR_COMM 1
#define XENSTORE_ERROR_RINGIDX 2
#define XENSTORE_ERROR_PROTO 3

#ifndef __ASSEMBLY__
XEN_ABI_SIZE(struct xsd_sockmsg, 16);
XEN_ABI_SIZE(struct xenstore_domain_interface, 2076);
XEN_ABI_OFFSET(struct xenstore_domain_interface, req_cons, 2048);
XEN_ABI_OFFSET(struct xenstore_domain_interface, server_features, 2064);
#endif /* !__ASSEMBLY__ */

#endif
