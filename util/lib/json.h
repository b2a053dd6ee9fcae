/* SPDX-License-Identifier: GPL-2.0 */
/* JSON output of list, info and the attribute tools. */
#ifndef VS_JSON_H
#define VS_JSON_H

#include <stdio.h>

void vs_json_string(FILE *out, const char *s);

#endif /* VS_JSON_H */
