/* SPDX-License-Identifier: MIT */
/*
 * A small vsnprintf for test kernels and printf on top of console_io. It
 * knows the conversions tests use (see <guest/console.h>) and nothing else;
 * an unknown conversion is printed as it stands, so a typo shows up.
 */
#include <guest/console.h>
#include <guest/hypercall.h>
#include <guest/string.h>
#include <stdint.h>

struct out {
	char *buf;
	size_t size;
	size_t len; /* what would have been written */
};

struct spec {
	int left; /* '-' */
	int alt;  /* '#': 0x before hex */
	char pad; /* ' ' or '0' */
	unsigned int width;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const struct spec *sp, const char *s,
		       size_t n)
{
	size_t fill = sp->width > n ? sp->width - n : 0;

	if (!sp->left)
		while (fill--)
			put(o, sp->pad);
	while (n--)
		put(o, *s++);
	if (sp->left)
		while (fill--)
			put(o, ' ');
}

static void put_number(struct out *o, const struct spec *sp, uint64_t v,
		       unsigned int base, int negative, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	size_t n = sizeof(tmp);

	do {
		tmp[--n] = digits[v % base];
		v /= base;
	} while (v);
	if (negative) {
		if (sp->pad == '0' && sp->width) {
			struct spec rest = *sp;

			put(o, '-');
			rest.width = sp->width - 1;
			put_padded(o, &rest, tmp + n, sizeof(tmp) - n);
			return;
		}
		tmp[--n] = '-';
	}
	put_padded(o, sp, tmp + n, sizeof(tmp) - n);
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads flags and width at *fmt; returns the first character after. */
static const char *parse_spec(const char *fmt, struct spec *sp)
{
	sp->left = 0;
	sp->alt = 0;
	sp->pad = ' ';
	sp->width = 0;
	for (;; fmt++) {
		if (*fmt == '-')
			sp->left = 1;
		else if (*fmt == '#')
			sp->alt = 1;
		else if (*fmt == '0')
			sp->pad = '0';
		else
			break;
	}
	for (; is_digit(*fmt); fmt++)
		sp->width = sp->width * 10 + (unsigned int)(*fmt - '0');
	return fmt;
}

static uint64_t take_unsigned(va_list *ap, int lng)
{
	return lng ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned int);
}

static int64_t take_signed(va_list *ap, int lng)
{
	return lng ? va_arg(*ap, int64_t) : va_arg(*ap, int);
}

/* One conversion @c with spec @sp; returns 0 if @c is not known. */
static int convert(struct out *o, const struct spec *sp, char c, int lng,
		   va_list *ap)
{
	const char *s;
	int64_t sv;
	char ch;

	switch (c) {
	case 'd':
	case 'i':
		sv = take_signed(ap, lng);
		put_number(o, sp, sv < 0 ? -(uint64_t)sv : (uint64_t)sv, 10,
			   sv < 0, 0);
		return 1;
	case 'u':
		put_number(o, sp, take_unsigned(ap, lng), 10, 0, 0);
		return 1;
	case 'x':
	case 'X':
		if (sp->alt) {
			put(o, '0');
			put(o, 'x');
		}
		put_number(o, sp, take_unsigned(ap, lng), 16, 0, c == 'X');
		return 1;
	case 'p':
		put(o, '0');
		put(o, 'x');
		put_number(o, sp, (uint64_t)va_arg(*ap, void *), 16, 0, 0);
		return 1;
	case 's':
		s = va_arg(*ap, const char *);
		s = s ? s : "(null)";
		put_padded(o, sp, s, strlen(s));
		return 1;
	case 'c':
		ch = (char)va_arg(*ap, int);
		put_padded(o, sp, &ch, 1);
		return 1;
	default:
		return 0;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	struct spec sp;
	va_list args;
	int lng;

	va_copy(args, ap);
	while (*fmt) {
		const char *start = fmt;

		if (*fmt != '%' || fmt[1] == '%') {
			put(&o, *fmt);
			fmt += *fmt == '%' ? 2 : 1;
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp);
		for (lng = 0; *fmt == 'l' || *fmt == 'z'; fmt++)
			lng = 1;
		if (*fmt && convert(&o, &sp, *fmt, lng, &args)) {
			fmt++;
			continue;
		}
		while (start < fmt)
			put(&o, *start++);
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

long printf(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	return hc_console_write(line, (unsigned int)n);
}
