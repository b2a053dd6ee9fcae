/* SPDX-License-Identifier: GPL-2.0 */
/* JSON output of list, info and the attribute tools. */
#ifndef VS_JSON_H
#define VS_JSON_H

#include <stdio.h>

void vs_json_string(FILE *out, const char *s);
/* A comma-separated list of plain words ("tasks,memory"; "-" for none) as an array. */
void vs_json_words(FILE *out, const char *csv);

#endif /* VS_JSON_H */
