/* jg-json-diff.h: unified diffs of policy documents, for the plan and the
 * history of a commit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lines of context around each change, as diff -u shows by default. */
#define JG_JSON_DIFF_CONTEXT_LINES 3

char  *jg_json_diff_lines  (const char  *old_text,
                            const char  *new_text,
                            const char  *old_label,
                            const char  *new_label,
                            guint        context_lines);
char  *jg_json_diff        (const char  *old_document,
                            const char  *new_document,
                            const char  *old_label,
                            const char  *new_label,
                            GError     **error);

G_END_DECLS
