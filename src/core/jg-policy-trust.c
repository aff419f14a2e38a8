/* jg-policy-trust.c: the managed statement of a role's trust policy:
 * merging it into the document stored in IAM, and reading it back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "core/jg-policy.h"
#include "core/jg-policy-private.h"

#define MFA_CONDITION_KEY "aws:MultiFactorAuthPresent"

/* Builds the managed statement. Principal.AWS is always a list, even for
 * one ARN, so that its shape does not change as principals come and go.
 * IAM may return a one-element list as a plain string, which
 * jg_policy_equal() and jg_policy_inspect_managed_statement() accept as
 * the same. */
static JsonNode *
build_managed_statement (GPtrArray *principal_arns,
                         gboolean   require_mfa)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Sid");
  json_builder_add_string_value (builder, JG_POLICY_MANAGED_SID);
  json_builder_set_member_name (builder, "Effect");
  json_builder_add_string_value (builder, "Allow");
  json_builder_set_member_name (builder, "Principal");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "AWS");
  json_builder_begin_array (builder);
  for (guint i = 0; i < principal_arns->len; i++)
    json_builder_add_string_value (builder,
                                   g_ptr_array_index (principal_arns, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "Action");
  json_builder_add_string_value (builder, "sts:AssumeRole");

  if (require_mfa)
    {
      json_builder_set_member_name (builder, "Condition");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "Bool");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, MFA_CONDITION_KEY);
      json_builder_add_string_value (builder, "true");
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Builds the statement that keeps a trust policy valid when it would
 * otherwise have none, because IAM rejects an empty Statement list. A
 * Deny of every AWS principal trusts no one. */
static JsonNode *
build_no_trust_statement (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Sid");
  json_builder_add_string_value (builder, JG_POLICY_NO_TRUST_SID);
  json_builder_set_member_name (builder, "Effect");
  json_builder_add_string_value (builder, "Deny");
  json_builder_set_member_name (builder, "Principal");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "AWS");
  json_builder_add_string_value (builder, "*");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "Action");
  json_builder_add_string_value (builder, "sts:AssumeRole");
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
is_statement_with_sid (JsonNode   *statement,
                       const char *sid)
{
  return g_strcmp0 (jg_policy_statement_get_string (statement, "Sid"),
                    sid) == 0;
}

/* Builds the new Statement list: every other statement copied as it is,
 * the managed statement where the first one was (or last), and the
 * no-trust placeholder only when nothing else is left. */
static JsonArray *
merge_statements (GPtrArray *current_statements,
                  JsonNode  *managed_statement)
{
  JsonArray *merged = json_array_new ();

  for (guint i = 0; i < current_statements->len; i++)
    {
      JsonNode *statement = g_ptr_array_index (current_statements, i);

      if (is_statement_with_sid (statement, JG_POLICY_MANAGED_SID))
        {
          if (managed_statement != NULL)
            json_array_add_element (merged,
                                    g_steal_pointer (&managed_statement));
          continue;
        }

      if (is_statement_with_sid (statement, JG_POLICY_NO_TRUST_SID))
        continue;

      json_array_add_element (merged, json_node_copy (statement));
    }

  if (managed_statement != NULL)
    json_array_add_element (merged, g_steal_pointer (&managed_statement));

  if (json_array_get_length (merged) == 0)
    json_array_add_element (merged, build_no_trust_statement ());

  return merged;
}

/* Builds the new root object: the members of @current_root in their
 * order with Statement replaced, or Version and Statement for a new
 * document. A Version missing from an existing document is not added,
 * because that would change how IAM reads the other statements. */
static JsonNode *
merge_root (JsonObject *current_root,
            JsonArray  *statements)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonNode *node;

  if (current_root == NULL)
    {
      json_object_set_string_member (root, "Version", JG_POLICY_VERSION);
    }
  else
    {
      g_autoptr(GList) names = json_object_get_members (current_root);

      for (const GList *l = names; l != NULL; l = l->next)
        {
          if (strcmp (l->data, "Statement") == 0)
            json_object_set_array_member (root, "Statement",
                                          json_array_ref (statements));
          else
            json_object_set_member (root, l->data,
                                    json_object_dup_member (current_root,
                                                            l->data));
        }
    }

  if (!json_object_has_member (root, "Statement"))
    json_object_set_array_member (root, "Statement",
                                  json_array_ref (statements));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, root);
  return node;
}

/* The fast path of jg_policy_merge_trust(): recognising, without
 * json-glib, a document that the merge would give back byte for byte.
 * That is the usual case for a document Jumpgate wrote itself, and
 * parsing, checking and writing every trust policy of a large
 * organisation was most of the time of a plan.
 *
 * It accepts only a strict subset of JSON, which json-glib 1.6 reads
 * and writes back as the same bytes (tests/test-policy.c checks this).
 * The subset has no whitespace between tokens, no numbers, no duplicate
 * or empty member names, and strings of printable ASCII without escapes,
 * all inside IAM's alphabet. Anything else goes through the full merge. */

#define SIMPLE_MAX_DEPTH 32
#define SIMPLE_MAX_MEMBERS 64

typedef struct
{
  const char *start;
  gsize       length;
} Span;

static gboolean
span_equals (Span        span,
             const char *text)
{
  return strlen (text) == span.length
         && memcmp (span.start, text, span.length) == 0;
}

/* Reads a string at *@p, leaving *@p after it and its content in
 * @out_content. */
static gboolean
scan_simple_string (const char **p,
                    Span        *out_content)
{
  const char *q = *p;

  if (*q != '"')
    return FALSE;

  out_content->start = ++q;
  while (jg_policy_is_simple_char (*q))
    q++;
  if (*q != '"')
    return FALSE;

  out_content->length = (gsize) (q - out_content->start);
  *p = q + 1;
  return TRUE;
}

static gboolean scan_simple_value (const char **p,
                                   int          depth);

/* Reads an object at *@p. @out_sid (optional) receives the string value
 * of its Sid member, or a NULL start when there is none. */
static gboolean
scan_simple_object (const char **p,
                    int          depth,
                    Span        *out_sid)
{
  Span names[SIMPLE_MAX_MEMBERS];
  guint n_names = 0;
  const char *q = *p;

  if (out_sid != NULL)
    out_sid->start = NULL;

  if (*q != '{' || depth > SIMPLE_MAX_DEPTH)
    return FALSE;
  q++;

  if (*q == '}')
    {
      *p = q + 1;
      return TRUE;
    }

  for (;;)
    {
      Span name;
      Span value;

      if (!scan_simple_string (&q, &name) || name.length == 0
          || n_names == SIMPLE_MAX_MEMBERS || *q != ':')
        return FALSE;
      q++;

      for (guint i = 0; i < n_names; i++)
        {
          if (names[i].length == name.length
              && memcmp (names[i].start, name.start, name.length) == 0)
            return FALSE;
        }
      names[n_names++] = name;

      if (out_sid != NULL && *q == '"' && span_equals (name, "Sid"))
        {
          if (!scan_simple_string (&q, &value))
            return FALSE;
          *out_sid = value;
        }
      else if (!scan_simple_value (&q, depth + 1))
        {
          return FALSE;
        }

      if (*q == '}')
        break;
      if (*q != ',')
        return FALSE;
      q++;
    }

  *p = q + 1;
  return TRUE;
}

static gboolean
scan_simple_array (const char **p,
                   int          depth)
{
  const char *q = *p;

  if (*q != '[' || depth > SIMPLE_MAX_DEPTH)
    return FALSE;
  q++;

  if (*q == ']')
    {
      *p = q + 1;
      return TRUE;
    }

  for (;;)
    {
      if (!scan_simple_value (&q, depth + 1))
        return FALSE;
      if (*q == ']')
        break;
      if (*q != ',')
        return FALSE;
      q++;
    }

  *p = q + 1;
  return TRUE;
}

static gboolean
scan_literal (const char **p,
              const char  *literal)
{
  gsize length = strlen (literal);

  if (strncmp (*p, literal, length) != 0)
    return FALSE;

  *p += length;
  return TRUE;
}

static gboolean
scan_simple_value (const char **p,
                   int          depth)
{
  Span ignored;

  switch (**p)
    {
    case '{':
      return scan_simple_object (p, depth, NULL);
    case '[':
      return scan_simple_array (p, depth);
    case '"':
      return scan_simple_string (p, &ignored);
    case 't':
      return scan_literal (p, "true");
    case 'f':
      return scan_literal (p, "false");
    case 'n':
      return scan_literal (p, "null");
    default:
      return FALSE;
    }
}

/* Reads the Statement list at *@p: a list of objects holding exactly
 * one managed statement, spelled as @managed_text, and no no-trust
 * placeholder, which the merge would remove. */
static gboolean
scan_simple_statements (const char **p,
                        const char  *managed_text)
{
  const char *q = *p;
  guint n_managed = 0;

  if (*q != '[')
    return FALSE;
  q++;

  for (;;)
    {
      const char *start = q;
      Span sid;

      if (!scan_simple_object (&q, 2, &sid))
        return FALSE;

      if (sid.start != NULL && span_equals (sid, JG_POLICY_NO_TRUST_SID))
        return FALSE;

      if (sid.start != NULL && span_equals (sid, JG_POLICY_MANAGED_SID))
        {
          Span statement = { start, (gsize) (q - start) };

          if (++n_managed > 1 || !span_equals (statement, managed_text))
            return FALSE;
        }

      if (*q == ']')
        break;
      if (*q != ',')
        return FALSE;
      q++;
    }

  *p = q + 1;
  return n_managed == 1;
}

/* Writes the managed statement as jg_policy_node_to_compact() writes
 * build_managed_statement(), or returns NULL when a principal is not
 * simple text. */
static char *
managed_statement_text (GPtrArray *principal_arns,
                        gboolean   require_mfa)
{
  g_autoptr(GString) text = g_string_sized_new (256);

  g_string_append (text, "{\"Sid\":\"" JG_POLICY_MANAGED_SID "\","
                   "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[");
  for (guint i = 0; i < principal_arns->len; i++)
    {
      const char *arn = g_ptr_array_index (principal_arns, i);

      if (!jg_policy_is_simple_text (arn))
        return NULL;

      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, '"');
      g_string_append (text, arn);
      g_string_append_c (text, '"');
    }
  g_string_append (text, "]},\"Action\":\"sts:AssumeRole\"");
  if (require_mfa)
    g_string_append (text, ",\"Condition\":{\"Bool\":{\""
                     MFA_CONDITION_KEY "\":\"true\"}}");
  g_string_append_c (text, '}');

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
merge_keeps_document (const char *document,
                      GPtrArray  *principals,
                      gboolean    require_mfa)
{
  Span names[SIMPLE_MAX_MEMBERS];
  guint n_names = 0;
  g_autofree char *managed_text = NULL;
  gboolean has_statements = FALSE;
  const char *p = document;

  if (principals->len == 0 || *p != '{')
    return FALSE;

  managed_text = managed_statement_text (principals, require_mfa);
  if (managed_text == NULL)
    return FALSE;

  p++;
  for (;;)
    {
      Span name;

      if (!scan_simple_string (&p, &name) || name.length == 0
          || n_names == SIMPLE_MAX_MEMBERS || *p != ':')
        return FALSE;
      p++;

      for (guint i = 0; i < n_names; i++)
        {
          if (names[i].length == name.length
              && memcmp (names[i].start, name.start, name.length) == 0)
            return FALSE;
        }
      names[n_names++] = name;

      if (span_equals (name, "Statement"))
        {
          if (!scan_simple_statements (&p, managed_text))
            return FALSE;
          has_statements = TRUE;
        }
      else if (!scan_simple_value (&p, 1))
        {
          return FALSE;
        }

      if (*p == '}')
        break;
      if (*p != ',')
        return FALSE;
      p++;
    }

  return has_statements && p[1] == '\0';
}

/* Checks whether the fast path of jg_policy_merge_trust() returns
 * @current_document unchanged for these arguments. Returns FALSE also
 * when the document is outside the subset the fast path reads. */
gboolean
jg_policy_trust_merge_keeps (const char         *current_document,
                             const char *const  *principal_arns,
                             gssize              n_principal_arns,
                             gboolean            require_mfa)
{
  g_autoptr(GPtrArray) principals = NULL;

  g_return_val_if_fail (principal_arns != NULL || n_principal_arns <= 0,
                        FALSE);

  if (current_document == NULL)
    return FALSE;

  principals = jg_policy_sorted_set (principal_arns, n_principal_arns);
  return merge_keeps_document (current_document, principals, require_mfa);
}

static char *
merge_trust_by_parsing (const char  *current_document,
                        GPtrArray   *principals,
                        gboolean     require_mfa,
                        GError     **error)
{
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(GPtrArray) current_statements = NULL;
  g_autoptr(JsonArray) statements = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *current_root = NULL;
  JsonNode *managed = NULL;

  if (!jg_policy_text_is_blank (current_document))
    {
      current = jg_policy_parse (current_document, error);
      if (current == NULL)
        return NULL;
      current_root = json_node_get_object (current);
      current_statements = jg_policy_get_statements (current_root, error);
      if (current_statements == NULL)
        return NULL;
    }
  else
    {
      current_statements = g_ptr_array_new ();
    }

  if (principals->len > 0)
    managed = build_managed_statement (principals, require_mfa);

  statements = merge_statements (current_statements, managed);
  root = merge_root (current_root, statements);

  if (!jg_policy_check_node_alphabet (root, "The trust policy", error))
    return NULL;

  return jg_policy_node_to_compact (root);
}

/* Merges the managed statement for @principal_arns into
 * @current_document, the trust policy stored in IAM, percent-encoded or
 * not, or NULL or blank when there is none. Other statements are kept as
 * parsed, with their members in order. The result is compact, with
 * Statement always a list. The principals are sorted and de-duplicated,
 * and @n_principal_arns is -1 when @principal_arns is NULL-terminated.
 * With no principal the managed statement is removed, and a document left
 * without statements gets the JumpgateNoTrust Deny statement, which the
 * next merge with principals removes again. Merging the result again
 * with the same arguments gives the same bytes.
 *
 * Fails with JG_POLICY_ERROR_MALFORMED or _INVALID_ENCODING when the
 * current document cannot be read, and _INVALID_CHARACTER when a
 * statement holds a character IAM does not accept (it can arrive as a
 * \u escape).
 *
 * A document that the merge would give back unchanged, as Jumpgate
 * writes it, is recognised without parsing (merge_keeps_document()). */
char *
jg_policy_merge_trust (const char         *current_document,
                       const char *const  *principal_arns,
                       gssize              n_principal_arns,
                       gboolean            require_mfa,
                       GError            **error)
{
  g_autoptr(GPtrArray) principals = NULL;

  g_return_val_if_fail (principal_arns != NULL || n_principal_arns <= 0,
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  principals = jg_policy_sorted_set (principal_arns, n_principal_arns);
  if (current_document != NULL
      && merge_keeps_document (current_document, principals, require_mfa))
    return g_strdup (current_document);

  return merge_trust_by_parsing (current_document, principals, require_mfa,
                                 error);
}

/* jg_policy_merge_trust() without its fast path, so that tests can
 * compare the two. */
char *
jg_policy_merge_trust_by_parsing (const char         *current_document,
                                  const char *const  *principal_arns,
                                  gssize              n_principal_arns,
                                  gboolean            require_mfa,
                                  GError            **error)
{
  g_autoptr(GPtrArray) principals = NULL;

  g_return_val_if_fail (principal_arns != NULL || n_principal_arns <= 0,
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  principals = jg_policy_sorted_set (principal_arns, n_principal_arns);
  return merge_trust_by_parsing (current_document, principals, require_mfa,
                                 error);
}

static GPtrArray *
find_managed_statements (const char  *document,
                         JsonNode   **out_root,
                         GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  GPtrArray *managed = g_ptr_array_new ();

  root = jg_policy_parse (document, error);
  if (root == NULL)
    goto failed;

  statements = jg_policy_get_statements (json_node_get_object (root), error);
  if (statements == NULL)
    goto failed;

  for (guint i = 0; i < statements->len; i++)
    {
      JsonNode *statement = g_ptr_array_index (statements, i);

      if (is_statement_with_sid (statement, JG_POLICY_MANAGED_SID))
        g_ptr_array_add (managed, statement);
    }

  *out_root = g_steal_pointer (&root);
  return managed;

failed:
  g_ptr_array_unref (managed);
  return NULL;
}

/* Appends the principal values of a managed statement to @out_arns:
 * Principal.AWS as a string or a list, or Principal as a plain string
 * ("*"). Other principal types (Service, Federated) are not Jumpgate's
 * and are ignored here; inspection reports them as an edit. */
static gboolean
collect_managed_principals (JsonNode   *statement,
                            GPtrArray  *out_arns,
                            GError    **error)
{
  JsonObject *object = json_node_get_object (statement);
  JsonNode *principal = json_object_get_member (object, "Principal");
  JsonNode *aws;

  if (principal == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (principal))
    return jg_policy_collect_strings (principal,
                                      "The managed statement's Principal",
                                      out_arns, error);

  aws = json_object_get_member (json_node_get_object (principal), "AWS");
  if (aws == NULL)
    return TRUE;

  return jg_policy_collect_strings (aws,
                                    "The managed statement's Principal.AWS",
                                    out_arns, error);
}

/* Returns the principals of the managed statement, for drift detection
 * and import: sorted, without duplicates, and empty when @document has no
 * managed statement. Principals IAM replaced by unique ids (after the
 * user was deleted) are returned as those ids. */
char **
jg_policy_extract_managed_principals (const char  *document,
                                      GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) managed = NULL;
  g_autoptr(GPtrArray) arns = g_ptr_array_new ();

  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  managed = find_managed_statements (document, &root, error);
  if (managed == NULL)
    return NULL;

  for (guint i = 0; i < managed->len; i++)
    {
      if (!collect_managed_principals (g_ptr_array_index (managed, i), arns,
                                       error))
        return NULL;
    }

  return jg_policy_string_set_to_strv (arns);
}

static gboolean
node_is_true (JsonNode *node)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);

  return json_node_get_value_type (node) == G_TYPE_STRING
         && g_ascii_strcasecmp (json_node_get_string (node), "true") == 0;
}

/* Whether @statement has Condition.Bool.aws:MultiFactorAuthPresent true.
 * Condition keys are not case-sensitive in IAM. */
static gboolean
has_mfa_condition (JsonNode *statement)
{
  JsonObject *object = json_node_get_object (statement);
  JsonNode *condition = json_object_get_member (object, "Condition");
  JsonNode *bool_operator;
  g_autoptr(GList) names = NULL;

  if (condition == NULL || !JSON_NODE_HOLDS_OBJECT (condition))
    return FALSE;

  bool_operator = json_object_get_member (json_node_get_object (condition),
                                          "Bool");
  if (bool_operator == NULL || !JSON_NODE_HOLDS_OBJECT (bool_operator))
    return FALSE;

  names = json_object_get_members (json_node_get_object (bool_operator));
  for (const GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *value;

      if (g_ascii_strcasecmp (l->data, MFA_CONDITION_KEY) != 0)
        continue;

      value = json_object_get_member (json_node_get_object (bool_operator),
                                      l->data);
      return node_is_true (value);
    }

  return FALSE;
}

/* Whether @statement is what Jumpgate writes for the principals it
 * lists, with or without the MFA condition, up to IAM's equivalent
 * spellings (member order, list order, one-element lists). */
static gboolean
statement_is_as_written (JsonNode *statement)
{
  g_autoptr(GPtrArray) arns = g_ptr_array_new ();
  g_autoptr(GPtrArray) principals = NULL;
  g_autofree char *found = NULL;

  if (!collect_managed_principals (statement, arns, NULL) || arns->len == 0)
    return FALSE;

  principals = jg_policy_sorted_set ((const char *const *) arns->pdata,
                                     arns->len);
  found = jg_policy_canonical_text (statement);

  for (int mfa = 0; mfa <= 1; mfa++)
    {
      g_autoptr(JsonNode) expected = build_managed_statement (principals, mfa);
      g_autofree char *expected_text = jg_policy_canonical_text (expected);

      if (strcmp (found, expected_text) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Tells whether the managed statement of @document (NULL or blank when
 * the role has no trust policy) is absent, as Jumpgate wrote it, or
 * edited by someone else. @out_require_mfa (optional) receives whether
 * the statement requires MFA, FALSE when it is absent. With duplicate
 * managed statements it describes the first. */
gboolean
jg_policy_inspect_managed_statement (const char               *document,
                                     JgManagedStatementState  *out_state,
                                     gboolean                 *out_require_mfa,
                                     GError                  **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) managed = NULL;
  JsonNode *statement;

  g_return_val_if_fail (out_state != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *out_state = JG_MANAGED_STATEMENT_ABSENT;
  if (out_require_mfa != NULL)
    *out_require_mfa = FALSE;

  if (jg_policy_text_is_blank (document))
    return TRUE;

  managed = find_managed_statements (document, &root, error);
  if (managed == NULL)
    return FALSE;

  if (managed->len == 0)
    return TRUE;

  statement = g_ptr_array_index (managed, 0);
  if (out_require_mfa != NULL)
    *out_require_mfa = has_mfa_condition (statement);

  if (managed->len == 1 && statement_is_as_written (statement))
    *out_state = JG_MANAGED_STATEMENT_AS_WRITTEN;
  else
    *out_state = JG_MANAGED_STATEMENT_EDITED;

  return TRUE;
}
