/* jg-policy.c: reading, printing and comparing IAM policy documents, and
 * the helpers the other files of the policy module share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "core/jg-policy.h"
#include "core/jg-policy-private.h"

G_DEFINE_QUARK (jg-policy-error-quark, jg_policy_error)

gboolean
jg_policy_text_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!jg_policy_is_whitespace ((guchar) *p))
        return FALSE;
    }

  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Returns the distinct strings of @items in byte order, borrowed from
 * @items. @n_items is -1 when @items is NULL-terminated. */
GPtrArray *
jg_policy_sorted_set (const char *const *items,
                      gssize              n_items)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GPtrArray *unique = g_ptr_array_new ();

  for (gssize i = 0; items != NULL && (n_items < 0 || i < n_items); i++)
    {
      if (n_items < 0 && items[i] == NULL)
        break;

      g_return_val_if_fail (items[i] != NULL, unique);
      g_ptr_array_add (sorted, (gpointer) items[i]);
    }

  g_ptr_array_sort (sorted, compare_strings);

  for (guint i = 0; i < sorted->len; i++)
    {
      const char *item = g_ptr_array_index (sorted, i);

      if (unique->len == 0
          || strcmp (item, g_ptr_array_index (unique, unique->len - 1)) != 0)
        g_ptr_array_add (unique, (gpointer) item);
    }

  return unique;
}

/* Returns the distinct strings of @strings, sorted, as a new strv. */
char **
jg_policy_string_set_to_strv (GPtrArray *strings)
{
  g_autoptr(GPtrArray) sorted = NULL;
  GPtrArray *strv = g_ptr_array_new ();

  sorted = jg_policy_sorted_set ((const char *const *) strings->pdata,
                                 strings->len);

  for (guint i = 0; i < sorted->len; i++)
    g_ptr_array_add (strv, g_strdup (g_ptr_array_index (sorted, i)));

  g_ptr_array_add (strv, NULL);
  return (char **) g_ptr_array_free (strv, FALSE);
}

char *
jg_policy_percent_decode (const char  *text,
                          GError     **error)
{
  g_autoptr(GString) decoded = NULL;
  const char *invalid_at = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  decoded = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      int high;
      int low;

      if (*p != '%')
        {
          g_string_append_c (decoded, *p);
          continue;
        }

      high = g_ascii_xdigit_value (p[1]);
      low = high < 0 ? -1 : g_ascii_xdigit_value (p[2]);
      if (high < 0 || low < 0)
        {
          g_set_error (error, JG_POLICY_ERROR,
                       JG_POLICY_ERROR_INVALID_ENCODING,
                       "Invalid percent escape at byte %zu of the policy "
                       "document: “%%” must be followed by two hexadecimal "
                       "digits",
                       (gsize) (p - text));
          return NULL;
        }

      if (high == 0 && low == 0)
        {
          g_set_error (error, JG_POLICY_ERROR,
                       JG_POLICY_ERROR_INVALID_ENCODING,
                       "The percent escape “%%00” at byte %zu of the policy "
                       "document is a NUL character, which a policy "
                       "document cannot contain",
                       (gsize) (p - text));
          return NULL;
        }

      g_string_append_c (decoded, (char) (high * 16 + low));
      p += 2;
    }

  if (!g_utf8_validate_len (decoded->str, decoded->len, &invalid_at))
    {
      g_set_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_INVALID_ENCODING,
                   "The percent-decoded policy document is not valid UTF-8 "
                   "at byte %zu",
                   (gsize) (invalid_at - decoded->str));
      return NULL;
    }

  return g_string_free (g_steal_pointer (&decoded), FALSE);
}

/* Parses a policy document into a JSON object node. A document that
 * starts with "%" (after whitespace) is percent-decoded first. No JSON
 * text can start that way, so the two forms cannot be confused. */
JsonNode *
jg_policy_parse (const char  *document,
                 GError     **error)
{
  g_autofree char *decoded = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *text = document;
  const char *invalid_at = NULL;
  JsonNode *root;

  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  while (jg_policy_is_whitespace ((guchar) *text))
    text++;

  if (*text == '%')
    {
      decoded = jg_policy_percent_decode (text, error);
      if (decoded == NULL)
        return NULL;
      text = decoded;
    }
  else if (!g_utf8_validate (text, -1, &invalid_at))
    {
      g_set_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_INVALID_ENCODING,
                   "The policy document is not valid UTF-8 at byte %zu",
                   (gsize) (invalid_at - document));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      g_set_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_MALFORMED,
                   "The policy document is not valid JSON: %s",
                   local_error->message);
      return NULL;
    }

  root = json_parser_steal_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_MALFORMED,
                   "The policy document is %s, not a JSON object",
                   root == NULL ? "empty" : json_node_type_name (root));
      g_clear_pointer (&root, json_node_unref);
      return NULL;
    }

  return root;
}

/* Generates the bytes sent to AWS: no whitespace between tokens, members
 * in their order in @root. Non-ASCII characters stay as UTF-8, and
 * control characters are written as \u escapes. NOTE: json-glib 1.6
 * writes a fractional number with 17 significant digits (0.1 becomes
 * 0.10000000000000001), which is the same number but not the same text. */
char *
jg_policy_node_to_compact (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (root != NULL, NULL);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Generates text for people: 2-space indent, members in their order in
 * @root, and a final newline so that line-based diffs stay clean. */
char *
jg_policy_node_to_pretty (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  g_return_val_if_fail (root != NULL, NULL);

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_indent_char (generator, ' ');
  text = json_generator_to_data (generator, NULL);

  return g_strconcat (text, "\n", NULL);
}

char *
jg_policy_pretty (const char  *document,
                  GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (document != NULL, NULL);

  root = jg_policy_parse (document, error);
  if (root == NULL)
    return NULL;

  return jg_policy_node_to_pretty (root);
}

typedef struct
{
  char     *text;
  JsonNode *node;
} CanonicalElement;

static int
compare_canonical_elements (gconstpointer a,
                            gconstpointer b)
{
  const CanonicalElement *element_a = a;
  const CanonicalElement *element_b = b;

  return strcmp (element_a->text, element_b->text);
}

static void
canonical_element_clear (gpointer data)
{
  CanonicalElement *element = data;

  g_free (element->text);
  g_clear_pointer (&element->node, json_node_unref);
}

static JsonNode *canonicalize (JsonNode *node);

/* IAM treats every list in a policy as a set, and a one-element list as
 * its element: sort, drop duplicates and unwrap single elements. */
static JsonNode *
canonicalize_array (JsonArray *array)
{
  g_autoptr(GArray) elements = g_array_new (FALSE, TRUE,
                                            sizeof (CanonicalElement));
  g_autoptr(JsonArray) result = json_array_new ();
  guint length = json_array_get_length (array);
  JsonNode *node;

  g_array_set_clear_func (elements, canonical_element_clear);

  for (guint i = 0; i < length; i++)
    {
      CanonicalElement element;

      element.node = canonicalize (json_array_get_element (array, i));
      element.text = jg_policy_node_to_compact (element.node);
      g_array_append_val (elements, element);
    }

  g_array_sort (elements, compare_canonical_elements);

  for (guint i = 0; i < elements->len; i++)
    {
      CanonicalElement *element = &g_array_index (elements,
                                                  CanonicalElement, i);
      CanonicalElement *previous = i > 0 ? element - 1 : NULL;

      if (previous != NULL && strcmp (element->text, previous->text) == 0)
        continue;

      json_array_add_element (result, json_node_ref (element->node));
    }

  if (json_array_get_length (result) == 1)
    return json_node_ref (json_array_get_element (result, 0));

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, result);
  return node;
}

static JsonNode *
canonicalize_object (JsonObject *object)
{
  g_autoptr(GList) names = json_object_get_members (object);
  g_autoptr(JsonObject) result = json_object_new ();
  JsonNode *node;

  names = g_list_sort (names, (GCompareFunc) strcmp);

  for (const GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *member = json_object_get_member (object, l->data);

      json_object_set_member (result, l->data, canonicalize (member));
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, result);
  return node;
}

static JsonNode *
canonicalize (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return canonicalize_object (json_node_get_object (node));

    case JSON_NODE_ARRAY:
      return canonicalize_array (json_node_get_array (node));

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

/* Returns a text that is equal for two policy fragments exactly when IAM
 * reads them the same way up to member order, list order, duplicates in
 * lists and one-element lists. It does not unify values of different
 * JSON types ("true" and true stay different). */
char *
jg_policy_canonical_text (JsonNode *node)
{
  g_autoptr(JsonNode) canonical = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  canonical = canonicalize (node);
  return jg_policy_node_to_compact (canonical);
}

/* Compares two documents as IAM reads them (see
 * jg_policy_canonical_text()), so that a write that changes only the
 * spelling of a document can be skipped. NULL documents are absent: two
 * absent documents are equal, and an absent one differs from any other. */
gboolean
jg_policy_equal (const char  *document_a,
                 const char  *document_b,
                 gboolean    *out_equal,
                 GError     **error)
{
  g_autoptr(JsonNode) root_a = NULL;
  g_autoptr(JsonNode) root_b = NULL;
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;

  g_return_val_if_fail (out_equal != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (document_a == NULL || document_b == NULL)
    {
      *out_equal = document_a == document_b;
      return TRUE;
    }

  root_a = jg_policy_parse (document_a, error);
  if (root_a == NULL)
    return FALSE;

  root_b = jg_policy_parse (document_b, error);
  if (root_b == NULL)
    return FALSE;

  text_a = jg_policy_canonical_text (root_a);
  text_b = jg_policy_canonical_text (root_b);
  *out_equal = strcmp (text_a, text_b) == 0;
  return TRUE;
}

/* Returns the statements of @root, borrowed: Statement as a list, as one
 * object (which IAM accepts), or absent (no statement). */
GPtrArray *
jg_policy_get_statements (JsonObject  *root,
                          GError     **error)
{
  g_autoptr(GPtrArray) statements = g_ptr_array_new ();
  JsonNode *node = json_object_get_member (root, "Statement");
  JsonArray *array;

  if (node == NULL)
    return g_steal_pointer (&statements);

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_ptr_array_add (statements, node);
      return g_steal_pointer (&statements);
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_MALFORMED,
                   "The policy document's Statement is %s, not a list or an "
                   "object", json_node_type_name (node));
      return NULL;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_MALFORMED,
                       "Statement %u of the policy document is %s, not an "
                       "object", i + 1, json_node_type_name (element));
          return NULL;
        }

      g_ptr_array_add (statements, element);
    }

  return g_steal_pointer (&statements);
}

/* Returns the string value of @member of @statement, or NULL when it is
 * absent or not a string. */
const char *
jg_policy_statement_get_string (JsonNode   *statement,
                                const char *member)
{
  JsonNode *node = json_object_get_member (json_node_get_object (statement),
                                           member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* Appends the strings of @node, a string or a list of strings, to
 * @out_strings (borrowed from @node). @what names @node in the message. */
gboolean
jg_policy_collect_strings (JsonNode    *node,
                           const char  *what,
                           GPtrArray   *out_strings,
                           GError     **error)
{
  JsonArray *array;

  if (JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_ptr_array_add (out_strings, (gpointer) json_node_get_string (node));
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto invalid;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element)
          || json_node_get_value_type (element) != G_TYPE_STRING)
        goto invalid;

      g_ptr_array_add (out_strings, (gpointer) json_node_get_string (element));
    }

  return TRUE;

invalid:
  g_set_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_MALFORMED,
               "%s must be a string or a list of strings", what);
  return FALSE;
}
