/* jg-policy-limits.c: IAM's alphabet and character quotas for policy
 * documents.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "core/jg-model.h"
#include "core/jg-policy.h"
#include "core/jg-policy-private.h"

/* policyDocumentType in the IAM service model:
 * [\u0009\u000A\u000D\u0020-\u00FF]+ */
static gboolean
is_policy_alphabet (gunichar c)
{
  return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xFF);
}

/* Formats @c for a message: the code point, and the glyph when it is
 * printable, so that control characters do not garble the message. */
static char *
describe_char (gunichar c)
{
  char glyph[8] = { 0 };

  if (!g_unichar_isprint (c))
    return g_strdup_printf ("U+%04X", c);

  g_unichar_to_utf8 (c, glyph);
  return g_strdup_printf ("U+%04X “%s”", c, glyph);
}

/* Counts what IAM counts against its size quotas: Unicode characters
 * (code points, not bytes), with space, tab, LF and CR not counted, also
 * inside strings. @document must be valid UTF-8. */
gsize
jg_policy_count_chars (const char *document)
{
  gsize count = 0;

  g_return_val_if_fail (document != NULL, 0);
  g_return_val_if_fail (g_utf8_validate (document, -1, NULL), 0);

  for (const char *p = document; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!jg_policy_is_whitespace ((guchar) *p))
        count++;
    }

  return count;
}

/* Checks @document against IAM's policy alphabet. @document_name names
 * the document in the message, e.g. "The trust policy of role …". */
gboolean
jg_policy_check_alphabet (const char  *document,
                          const char  *document_name,
                          GError     **error)
{
  const char *invalid_at = NULL;
  guint line = 1;
  guint column = 1;

  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (document_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_utf8_validate (document, -1, &invalid_at))
    {
      g_set_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_INVALID_ENCODING,
                   "%s is not valid UTF-8 at byte %zu", document_name,
                   (gsize) (invalid_at - document));
      return FALSE;
    }

  for (const char *p = document; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      g_autofree char *described = NULL;

      if (c == '\n')
        {
          line++;
          column = 1;
          continue;
        }

      if (!is_policy_alphabet (c))
        {
          described = describe_char (c);
          g_set_error (error, JG_POLICY_ERROR,
                       JG_POLICY_ERROR_INVALID_CHARACTER,
                       "%s contains the character %s at line %u, column %u, "
                       "but IAM accepts only tab, line feed, carriage return "
                       "and U+0020 to U+00FF in policy documents. Replace "
                       "that character.",
                       document_name, described, line, column);
          return FALSE;
        }

      column++;
    }

  return TRUE;
}

static gboolean
check_string_alphabet (const char  *text,
                       const char  *document_name,
                       const char  *what,
                       const char  *path,
                       GError     **error)
{
  g_autofree char *described = NULL;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c > 0xFF)
        {
          described = describe_char (c);
          g_set_error (error, JG_POLICY_ERROR,
                       JG_POLICY_ERROR_INVALID_CHARACTER,
                       "%s would contain the character %s in the %s at %s, "
                       "but IAM accepts only tab, line feed, carriage return "
                       "and U+0020 to U+00FF in policy documents. Replace "
                       "that character in the statement that holds it.",
                       document_name, described, what,
                       path[0] != '\0' ? path : "the document root");
          return FALSE;
        }
    }

  return TRUE;
}

/* Walks @node with @path naming where it is, e.g.
 * "Statement[1].Condition.StringLike". Control characters are not checked
 * here because the generator writes them as ASCII \u escapes. */
static gboolean
check_node_alphabet (JsonNode    *node,
                     const char  *document_name,
                     GString     *path,
                     GError     **error)
{
  gsize path_length = path->len;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) names = NULL;

      names = json_object_get_members (json_node_get_object (node));
      for (const GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *member;

          g_string_append_printf (path, "%s%s", path_length > 0 ? "." : "",
                                  (const char *) l->data);
          if (!check_string_alphabet (l->data, document_name, "member name",
                                      path->str, error))
            return FALSE;

          member = json_object_get_member (json_node_get_object (node),
                                           l->data);
          if (!check_node_alphabet (member, document_name, path, error))
            return FALSE;

          g_string_truncate (path, path_length);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_string_append_printf (path, "[%u]", i);
          if (!check_node_alphabet (json_array_get_element (array, i),
                                    document_name, path, error))
            return FALSE;

          g_string_truncate (path, path_length);
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node)
           && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      return check_string_alphabet (json_node_get_string (node),
                                    document_name, "value", path->str,
                                    error);
    }

  return TRUE;
}

/* Checks a parsed document against IAM's alphabet before it is written,
 * naming the JSON path of the first character above U+00FF. NOTE: IAM
 * might accept such a character written as a \u escape, because its
 * alphabet check applies to the raw text, but json-glib cannot write one,
 * so these documents are rejected rather than sent. */
gboolean
jg_policy_check_node_alphabet (JsonNode    *root,
                               const char  *document_name,
                               GError     **error)
{
  g_autoptr(GString) path = g_string_new (NULL);

  return check_node_alphabet (root, document_name, path, error);
}

gboolean
jg_policy_check_trust_size (const char  *role_arn,
                            const char  *document,
                            int          limit,
                            GError     **error)
{
  gsize size;

  g_return_val_if_fail (role_arn != NULL, FALSE);
  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (limit > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  size = jg_policy_count_chars (document);
  if (size <= (gsize) limit)
    return TRUE;

  if (limit < JG_TRUST_POLICY_MAX_LIMIT)
    g_set_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_TOO_LARGE,
                 "The trust policy of role %s would have %zu characters "
                 "(whitespace not counted), more than the account's limit "
                 "of %d. Remove principals from the role, or raise the "
                 "account's trust policy quota with AWS (up to %d) and then "
                 "the account's limit in Jumpgate.",
                 role_arn, size, limit, JG_TRUST_POLICY_MAX_LIMIT);
  else
    g_set_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_TOO_LARGE,
                 "The trust policy of role %s would have %zu characters "
                 "(whitespace not counted), more than the account's limit "
                 "of %d. Remove principals from the role, or grant some of "
                 "them another role.",
                 role_arn, size, limit);
  return FALSE;
}

/* Checks the aggregate size of a user's inline policies: all of them,
 * Jumpgate's and others, as they will be after the plan. NULL entries
 * (deleted policies) count as nothing. @n_documents is -1 when
 * @documents is NULL-terminated. @out_total receives the size even when
 * the check fails. */
gboolean
jg_policy_check_user_inline_size (const char         *user_arn,
                                  const char *const  *documents,
                                  gssize              n_documents,
                                  gsize              *out_total,
                                  GError            **error)
{
  gsize total = 0;

  g_return_val_if_fail (user_arn != NULL, FALSE);
  g_return_val_if_fail (documents != NULL || n_documents <= 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (gssize i = 0; n_documents < 0 || i < n_documents; i++)
    {
      if (n_documents < 0 && documents[i] == NULL)
        break;

      if (documents[i] != NULL)
        total += jg_policy_count_chars (documents[i]);
    }

  if (out_total != NULL)
    *out_total = total;

  if (total <= JG_USER_INLINE_POLICIES_LIMIT)
    return TRUE;

  g_set_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_TOO_LARGE,
               "The inline policies of user %s would have %zu characters "
               "together (whitespace not counted), more than IAM's limit of "
               "%d per user. Revoke some of the principal's grants, or "
               "remove other inline policies from the user.",
               user_arn, total, JG_USER_INLINE_POLICIES_LIMIT);
  return FALSE;
}
