/* jg-policy-private.h: helpers shared by the files of the policy module.
 * Not installed and not for other modules: use jg-policy.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "core/jg-policy.h"

G_BEGIN_DECLS

/* Whitespace as IAM skips it when it measures a policy. */
static inline gboolean
jg_policy_is_whitespace (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

gboolean    jg_policy_text_is_blank          (const char         *text);
GPtrArray  *jg_policy_sorted_set             (const char *const  *items,
                                              gssize              n_items);
char      **jg_policy_string_set_to_strv     (GPtrArray          *strings);
GPtrArray  *jg_policy_get_statements         (JsonObject         *root,
                                              GError            **error);
const char *jg_policy_statement_get_string   (JsonNode           *statement,
                                              const char         *member);
gboolean    jg_policy_collect_strings        (JsonNode           *node,
                                              const char         *what,
                                              GPtrArray          *out_strings,
                                              GError            **error);
char       *jg_policy_canonical_text         (JsonNode           *node);
gboolean    jg_policy_check_node_alphabet    (JsonNode           *root,
                                              const char         *document_name,
                                              GError            **error);

G_END_DECLS
