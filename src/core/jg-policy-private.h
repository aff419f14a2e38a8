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

/* Characters that json-glib writes as they are, with no escape, and
 * that IAM's policy alphabet accepts: printable ASCII but for the quote
 * and the backslash. */
static inline gboolean
jg_policy_is_simple_char (char c)
{
  return c >= 0x20 && c <= 0x7E && c != '"' && c != '\\';
}

static inline gboolean
jg_policy_is_simple_text (const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    {
      if (!jg_policy_is_simple_char (*c))
        return FALSE;
    }

  return TRUE;
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
char       *jg_policy_merge_trust_by_parsing (const char         *current_document,
                                              const char *const  *principal_arns,
                                              gssize              n_principal_arns,
                                              gboolean            require_mfa,
                                              GError            **error);
char       *jg_policy_build_assume_roles_by_json (const char *const *role_arns,
                                                  gssize             n_role_arns);
gboolean    jg_policy_trust_merge_keeps      (const char         *current_document,
                                              const char *const  *principal_arns,
                                              gssize              n_principal_arns,
                                              gboolean            require_mfa);

G_END_DECLS
