/* SPDX-License-Identifier: GPL-2.0 */
/* What C leaves out and every part of the tools wants: ARRAY_SIZE. */
#ifndef VS_COMPILER_H
#define VS_COMPILER_H

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

#endif /* VS_COMPILER_H */
