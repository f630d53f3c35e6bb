/* SPDX-License-Identifier: MIT */
/*
 * A small, bounded vsnprintf. It never writes past the buffer and always
 * returns the untruncated length, so callers can detect truncation.
 */
#include <satori/format.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

struct spec {
	bool left, zero, plus, space, alt;
	int width;
	int precision; /* -1: none */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void put_str(struct out *o, const char *s, const struct spec *sp)
{
	int len = 0;

	if (!s)
		s = "(null)";
	while (s[len] && (sp->precision < 0 || len < sp->precision))
		len++;
	if (!sp->left)
		pad(o, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, ' ', sp->width - len);
}

static void put_num(struct out *o, uint64_t v, bool neg, unsigned base,
		    bool upper, const struct spec *sp, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, plen = 0, zeros, fill;
	char sign = 0;

	if (neg)
		sign = '-';
	else if (sp->plus)
		sign = '+';
	else if (sp->space)
		sign = ' ';
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (sp->precision == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	while (prefix && prefix[plen])
		plen++;
	zeros = sp->precision > n ? sp->precision - n : 0;
	fill = sp->width - n - zeros - plen - (sign ? 1 : 0);
	if (sp->zero && !sp->left && sp->precision < 0) {
		zeros += fill > 0 ? fill : 0;
		fill = 0;
	}
	if (!sp->left)
		pad(o, ' ', fill);
	if (sign)
		put(o, sign);
	for (const char *q = prefix; q && *q; q++)
		put(o, *q);
	pad(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, ' ', fill);
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .precision = -1 };
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else if (*f == '+')
			sp->plus = true;
		else if (*f == ' ')
			sp->space = true;
		else if (*f == '#')
			sp->alt = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	} else {
		while (*f >= '0' && *f <= '9')
			sp->width = sp->width * 10 + (*f++ - '0');
	}
	if (*f == '.') {
		f++;
		sp->precision = 0;
		if (*f == '*') {
			sp->precision = va_arg(*ap, int);
			if (sp->precision < 0)
				sp->precision = -1;
			f++;
		} else {
			while (*f >= '0' && *f <= '9')
				sp->precision =
					sp->precision * 10 + (*f++ - '0');
		}
	}
	return f;
}

/* Length modifier as a size in bytes of the argument: 1, 2, 4 or 8. */
static const char *parse_length(const char *f, int *bytes)
{
	*bytes = 4;
	if (f[0] == 'h' && f[1] == 'h')
		return *bytes = 1, f + 2;
	if (f[0] == 'h')
		return *bytes = 2, f + 1;
	if (f[0] == 'l' && f[1] == 'l')
		return *bytes = 8, f + 2;
	if (f[0] == 'l' || f[0] == 'z' || f[0] == 't' || f[0] == 'j')
		return *bytes = 8, f + 1;
	return f;
}

static uint64_t get_unsigned(va_list *ap, int bytes)
{
	switch (bytes) {
	case 1:
		return (unsigned char)va_arg(*ap, unsigned int);
	case 2:
		return (unsigned short)va_arg(*ap, unsigned int);
	/* clang-tidy 14 ignores va_arg's type: this case and the next differ. */
	/* NOLINTNEXTLINE(bugprone-branch-clone) */
	case 8:
		return va_arg(*ap, unsigned long long);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static int64_t get_signed(va_list *ap, int bytes)
{
	switch (bytes) {
	case 1:
		return (signed char)va_arg(*ap, int);
	case 2:
		return (short)va_arg(*ap, int);
	/* clang-tidy 14 ignores va_arg's type: this case and the next differ. */
	/* NOLINTNEXTLINE(bugprone-branch-clone) */
	case 8:
		return va_arg(*ap, long long);
	default:
		return va_arg(*ap, int);
	}
}

/*
 * '#' makes the first octal digit a 0. With an explicit precision that
 * means raising the precision (C11 7.21.6.1); without one a "0" prefix does
 * the same and still lets the '0' flag pad.
 */
static void put_octal(struct out *o, uint64_t u, const struct spec *sp)
{
	struct spec psp = *sp;
	int digits = 0;

	if (!sp->alt || (sp->precision < 0 && !u)) {
		put_num(o, u, false, 8, false, sp, NULL);
		return;
	}
	if (sp->precision < 0) {
		put_num(o, u, false, 8, false, sp, "0");
		return;
	}
	for (uint64_t v = u; v; v >>= 3)
		digits++;
	if (psp.precision <= digits)
		psp.precision = digits + 1;
	put_num(o, u, false, 8, false, &psp, NULL);
}

static void put_conversion(struct out *o, char c, const struct spec *sp,
			   int bytes, va_list *ap)
{
	struct spec psp;
	int64_t s;
	uint64_t u;

	switch (c) {
	case 'd':
	case 'i':
		s = get_signed(ap, bytes);
		u = s < 0 ? (uint64_t)0 - (uint64_t)s : (uint64_t)s;
		put_num(o, u, s < 0, 10, false, sp, NULL);
		break;
	case 'u':
		put_num(o, get_unsigned(ap, bytes), false, 10, false, sp, NULL);
		break;
	case 'x':
	case 'X':
		u = get_unsigned(ap, bytes);
		put_num(o, u, false, 16, c == 'X', sp,
			sp->alt && u ? (c == 'X' ? "0X" : "0x") : NULL);
		break;
	case 'o':
		u = get_unsigned(ap, bytes);
		put_octal(o, u, sp);
		break;
	case 'p':
		psp = *sp;
		if (psp.precision < 0 && !psp.width)
			psp.precision = 16;
		put_num(o, (uintptr_t)va_arg(*ap, void *), false, 16, false,
			&psp, "0x");
		break;
	case 's':
		put_str(o, va_arg(*ap, const char *), sp);
		break;
	case 'c':
		if (!sp->left)
			pad(o, ' ', sp->width - 1);
		put(o, (char)va_arg(*ap, int));
		if (sp->left)
			pad(o, ' ', sp->width - 1);
		break;
	case '%':
		put(o, '%');
		break;
	default:
		/* Unknown conversion: show it rather than guess its argument. */
		put(o, '%');
		put(o, c);
		break;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		struct spec sp;
		int bytes;

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &args);
		fmt = parse_length(fmt, &bytes);
		if (!*fmt)
			break;
		put_conversion(&o, *fmt++, &sp, bytes, &args);
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
