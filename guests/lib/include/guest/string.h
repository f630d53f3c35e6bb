/* SPDX-License-Identifier: MIT */
/*
 * The few string and memory functions test kernels need, with the C
 * library's contracts (the compiler may also emit calls to memcpy/memset).
 */
#ifndef GUEST_STRING_H
#define GUEST_STRING_H

#include <stddef.h>

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
/* Unlike the C library, returns a pointer to const. */
const char *strstr(const char *haystack, const char *needle);
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif /* GUEST_STRING_H */
