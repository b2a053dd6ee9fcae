// SPDX-License-Identifier: GPL-2.0
#include "json.h"

#include <stdio.h>
#include <string.h>

/*
 * Write @s as a JSON string, quotes included (RFC 8259: escape '"', '\' and
 * control characters; other bytes, UTF-8 included, pass through).  Write
 * errors are left in ferror(@out).
 */
void vs_json_string(FILE *out, const char *s)
{
	putc('"', out);
	for (; *s; s++) {
		unsigned char c = *s;

		switch (c) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\b':
			fputs("\\b", out);
			break;
		case '\f':
			fputs("\\f", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (c < 0x20)
				fprintf(out, "\\u%04x", c);
			else
				putc(c, out);
		}
	}
	putc('"', out);
}

void vs_json_words(FILE *out, const char *csv)
{
	const char *p = csv;

	fputc('[', out);
	while (strcmp(csv, "-") && *p) {
		size_t len = strcspn(p, ",");

		fprintf(out, "%s\"%.*s\"", p == csv ? "" : ",", (int)len, p);
		p += len + (p[len] == ',');
	}
	fputc(']', out);
}
