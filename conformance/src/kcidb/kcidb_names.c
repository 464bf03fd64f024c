/*
 * kcidb_names.c — names as KCIDB allows them: the origin, strings (UTF-8
 * without NUL), test paths (dot-separated non-empty parts of
 * [a-zA-Z0-9_-]), architectures ([a-z0-9_]*),
 * and the Debian facts of a kernel read from its `uname -v`.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcidb_internal.h"

bool kcidb_origin_ok(const char *origin)
{
	if (!*origin)
		return false;
	for (const char *p = origin; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '_'))
			return false;
	return true;
}

bool kcidb_text_ok(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned char c = p[i];
		size_t len;
		unsigned long cp, min;
		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0) {
			len = 2, cp = c & 0x1F, min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3, cp = c & 0x0F, min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4, cp = c & 0x07, min = 0x10000;
		} else {
			return false;
		}
		if (n - i < len)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		/* no overlong form, no surrogate, nothing past U+10FFFF */
		if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			return false;
		i += len;
	}
	return true;
}

bool kcidb_case_parts_ok(const char *case_name)
{
	const char *p = case_name;
	for (;;) {
		size_t n = strcspn(p, "/");
		if (n == 0)
			return false;
		if (!p[n])
			return true;
		p += n + 1;
	}
}

static bool path_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-';
}

char *kcidb_test_path(const char *case_name)
{
	static const char prefix[] = "sockspec.";
	size_t n = strlen(case_name);
	/* at worst every byte becomes three */
	char *out = xmalloc(sizeof prefix + 3 * n + 1);
	size_t o = 0;
	memcpy(out, prefix, sizeof prefix - 1);
	o = sizeof prefix - 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)case_name[i];
		if (c == '/') {
			out[o++] = '.';
		} else if (path_byte(c)) {
			out[o++] = (char)c;
		} else {
			o += (size_t)sprintf(out + o, "_%02x", c);
		}
	}
	out[o] = '\0';
	return out;
}

char *kcidb_arch(const char *arch)
{
	char *out = xstrdup(arch);
	for (char *p = out; *p; p++) {
		unsigned char c = (unsigned char)*p;
		c = (unsigned char)tolower(c);
		*p = ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) ?
		     (char)c : '_';
	}
	return out;
}

bool kcidb_debian_version(const char *uname_v, char *buf, size_t cap)
{
	const char *p = strstr(uname_v, "Debian ");
	buf[0] = '\0';
	if (!p)
		return false;
	p += strlen("Debian ");
	size_t n = strcspn(p, " \t()");
	if (n == 0 || !isdigit((unsigned char)*p))
		return false;
	snprintf(buf, cap, "%.*s", (int)n, p);
	return true;
}

void kcidb_config_name(const char *release, bool debian, char *buf,
		       size_t cap)
{
	const char *dash = strrchr(release, '-');
	if (debian && dash && dash[1] && !isdigit((unsigned char)dash[1]))
		snprintf(buf, cap, "debian-%s", dash + 1);
	else if (debian)
		snprintf(buf, cap, "debian");
	else
		snprintf(buf, cap, "unknown");
}
