/* jg-lz-string.h: the output length of lz-string's compressToUTF16.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Computes the length, in UTF-16 code units, of compressToUTF16 (TEXT) in
 * the npm package lz-string 1.5.0, which is what AWS Extend Switch Roles
 * stores, without building the compressed text. TEXT is UTF-8. */
gsize jg_lz_string_compressed_utf16_length (const char *text);

G_END_DECLS
