/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_console_io: guests writing to and dom0 reading from the
 * hypervisor console. Writes are accepted from every domain (pv-abi 4.7:
 * early domU debugging). dom0's bytes go to the console devices as they
 * are, without the hypervisor's "[time] cN" line prefix and with control
 * characters intact, like Xen's: dom0 runs the interactive shell, whose
 * line editing needs carriage returns and escape sequences. Other
 * domains' lines are prefixed "(dN) " and logged at warning level with
 * LOG_GUEST: the default guest_loglvl (none/warning) shows them rate
 * limited, guest_loglvl=all unlimited; their control characters other
 * than newline and tab are shown as '.'. Bytes are copied in bounded
 * chunks.
 */
#include <satori/console-input.h>
#include <satori/console.h>
#include <satori/domain.h>
#include <satori/errno.h>
#include <satori/guest-access.h>
#include <satori/hypercall.h>
#include <satori/log.h>

#define CONSOLEIO_write 0
#define CONSOLEIO_read 1
#define CONSOLE_CHUNK 128

static bool is_hardware_domain(const struct domain *d)
{
	return d->is_initdomain;
}

static void sanitise(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((s[i] < 0x20 && s[i] != '\n' && s[i] != '\t') ||
		    s[i] == 0x7f)
			s[i] = '.';
}

/* Print one chunk of domU text, line by line with its prefix. */
static void print_domu_chunk(const struct domain *d, char *s, size_t n)
{
	sanitise(s, n);
	while (n) {
		size_t len = 0;

		while (len < n && s[len] != '\n')
			len++;
		log_printf(LOG_WARN | LOG_GUEST, "(d%u) %.*s\n", d->domain_id,
			   (int)len, s);
		if (len < n)
			len++; /* the newline */
		s += len;
		n -= len;
	}
}

static long guest_console_write(uint64_t count, uint64_t buffer)
{
	const struct domain *d = current->domain;
	char chunk[CONSOLE_CHUNK];

	if (count > 0xffffffffull)
		return -EINVAL;
	while (count) {
		size_t n = count < CONSOLE_CHUNK ? count : CONSOLE_CHUNK;

		if (copy_from_guest_raw(chunk, buffer, n))
			return -EFAULT;
		if (is_hardware_domain(d))
			console_write(chunk, n);
		else
			print_domu_chunk(d, chunk, n);
		buffer += n;
		count -= n;
	}
	return 0;
}

static long console_read(uint64_t count, uint64_t buffer)
{
	char chunk[CONSOLE_CHUNK];
	long done = 0;

	if (!is_hardware_domain(current->domain))
		return -EPERM;
	if (count > 0x7fffffffull)
		return -EINVAL;
	while (count) {
		size_t want = count < CONSOLE_CHUNK ? count : CONSOLE_CHUNK;
		size_t got = console_guest_read(chunk, want);

		if (!got)
			break;
		if (copy_to_guest_raw(buffer, chunk, got))
			return -EFAULT;
		buffer += got;
		count -= got;
		done += (long)got;
	}
	return done;
}

long do_console_io(uint64_t cmd, uint64_t count, uint64_t buffer)
{
	switch (cmd) {
	case CONSOLEIO_write:
		return guest_console_write(count, buffer);
	case CONSOLEIO_read:
		return console_read(count, buffer);
	default:
		return hypercall_enosys(18, (unsigned int)cmd);
	}
}
