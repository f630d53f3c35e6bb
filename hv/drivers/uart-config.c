/* SPDX-License-Identifier: MIT */
/*
 * Parser for Xen's com1=/com2= options, kept apart from the driver so that
 * the host unit tests can drive it. The fields are positional and separated
 * by commas, any of them may be left empty, and the PCI-related trailing
 * fields Xen also accepts (pci, amt, msi, bridge BDFs) are refused.
 */
#include <satori/cmdline.h>
#include <satori/errno.h>
#include <satori/ns16550.h>
#include <satori/string.h>

static const char parity_letters[] = "noems"; /* none odd even mark space */
static const uint8_t parity_lcr[] = { 0x00, 0x08, 0x18, 0x28, 0x38 };

/* "<data><parity><stop>", e.g. 8n1 or 7e2. */
static int parse_dps(const char **s, struct uart_config *c)
{
	const char *p = *s;
	const char *parity;

	if (p[0] < '5' || p[0] > '8' || !p[1])
		return -EINVAL;
	parity = strchr(parity_letters, p[1]);
	if (!parity || (p[2] != '1' && p[2] != '2'))
		return -EINVAL;
	c->data_bits = (uint8_t)(p[0] - '0');
	c->parity_bits = parity_lcr[parity - parity_letters];
	c->stop_bits = (uint8_t)(p[2] - '0');
	*s = p + 3;
	return 0;
}

static int parse_baud(const char **s, struct uart_config *c)
{
	uint64_t v;

	if (strncmp(*s, "auto", 4) == 0) {
		*s += 4;
		c->baud = 0;
	} else if (**s && **s != ',' && **s != '/') {
		if (parse_uint(*s, s, &v) || v == 0 || v > UINT32_MAX)
			return -EINVAL;
		c->baud = (uint32_t)v;
	}
	if (**s != '/')
		return 0;
	(*s)++;
	if (parse_uint(*s, s, &v) || v == 0 || v > UINT32_MAX)
		return -EINVAL;
	c->base_baud = (uint32_t)v;
	return 0;
}

/* An optional numeric field after a comma, at most @max. */
static int parse_field(const char **s, uint64_t max, uint64_t *v, bool *set)
{
	*set = false;
	if (**s != ',')
		return 0;
	(*s)++;
	if (!**s || **s == ',')
		return 0;
	if (parse_uint(*s, s, v) || *v > max)
		return -EINVAL;
	*set = true;
	return 0;
}

static bool config_valid(const struct uart_config *c)
{
	uint32_t divisor = c->baud ? c->base_baud / c->baud : 1;

	return divisor >= 1 && divisor <= 0xffff && c->io_base != 0;
}

int uart_config_parse(const char *s, struct uart_config *cfg)
{
	struct uart_config c = *cfg;
	uint64_t v;
	bool set;

	if (parse_baud(&s, &c))
		return -EINVAL;
	if (*s == ',') {
		s++;
		if (*s && *s != ',' && parse_dps(&s, &c))
			return -EINVAL;
	}
	/* The I/O base leaves room for the UART's 8 registers. */
	if (parse_field(&s, 0xfff8, &v, &set))
		return -EINVAL;
	if (set)
		c.io_base = (uint16_t)v;
	if (parse_field(&s, 15, &v, &set))
		return -EINVAL;
	if (set)
		c.irq = (uint8_t)v;
	if (*s || !config_valid(&c))
		return -EINVAL;
	*cfg = c;
	return 0;
}

char uart_parity_letter(const struct uart_config *cfg)
{
	for (size_t i = 0; i < sizeof(parity_lcr); i++)
		if (parity_lcr[i] == cfg->parity_bits)
			return parity_letters[i];
	return '?';
}
