/* jg-file-util.h: writing exported files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Replaces the file at PATH with TEXT atomically: readers see the old
 * content or the new, never a mix, even after a crash. The text goes to a
 * temporary file in the same folder, is flushed to disk and renamed over
 * PATH with MODE (for example 0644). A symbolic link at PATH is replaced
 * by a regular file. Errors are in the G_FILE_ERROR domain and their
 * message names PATH and what to do. */
gboolean jg_file_write_atomic (const char  *path,
                               const char  *text,
                               gssize       length,
                               int          mode,
                               GError     **error);

G_END_DECLS
