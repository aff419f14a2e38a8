/* jg-aws-xml.c: reading AWS Query-protocol XML replies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "jg-aws-error.h"
#include "jg-aws-xml.h"

/* Replies nest a handful of levels; anything much deeper is not AWS. */
#define MAX_DEPTH 32

typedef struct
{
  JgAwsXmlNode *root;
  JgAwsXmlNode *current;
  guint         depth;
} ParseState;

static JgAwsXmlNode *
node_new (const char   *name,
          JgAwsXmlNode *parent)
{
  JgAwsXmlNode *node = g_new0 (JgAwsXmlNode, 1);
  const char *colon = strchr (name, ':');

  node->name = g_strdup (colon != NULL ? colon + 1 : name);
  node->text = g_string_new (NULL);
  node->children = g_ptr_array_new_with_free_func (
    (GDestroyNotify) jg_aws_xml_node_free);
  node->parent = parent;

  return node;
}

void
jg_aws_xml_node_free (JgAwsXmlNode *node)
{
  if (node == NULL)
    return;

  /* STS replies carry secret access keys and session tokens: overwrite
   * the text before it goes back to the allocator. */
  explicit_bzero (node->text->str, node->text->allocated_len);
  g_free (node->name);
  g_string_free (node->text, TRUE);
  g_ptr_array_unref (node->children);
  g_free (node);
}

static void
on_start_element (GMarkupParseContext  *context,
                  const char           *element_name,
                  const char          **attribute_names,
                  const char          **attribute_values,
                  gpointer              user_data,
                  GError              **error)
{
  ParseState *state = user_data;
  JgAwsXmlNode *node;

  if (state->current == NULL && state->root != NULL)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE,
                           "more than one root element");
      return;
    }

  if (++state->depth > MAX_DEPTH)
    {
      g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE,
                   "elements nested deeper than %d levels", MAX_DEPTH);
      return;
    }

  node = node_new (element_name, state->current);
  if (state->current != NULL)
    g_ptr_array_add (state->current->children, node);
  else
    state->root = node;

  state->current = node;
}

static void
on_end_element (GMarkupParseContext  *context,
                const char           *element_name,
                gpointer              user_data,
                GError              **error)
{
  ParseState *state = user_data;

  state->depth--;
  state->current = state->current->parent;
}

static void
on_text (GMarkupParseContext  *context,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  ParseState *state = user_data;

  /* Text outside the root element can only be whitespace: GMarkup
   * rejects anything else. */
  if (state->current != NULL)
    g_string_append_len (state->current->text, text, text_len);
}

static const GMarkupParser parser = {
  on_start_element,
  on_end_element,
  on_text,
  NULL,
  NULL,
};

/**
 * jg_aws_xml_parse:
 * @data: the XML text
 * @length: the length of @data in bytes, or -1 if it is NUL-terminated
 * @error: return location for a G_MARKUP_ERROR
 *
 * Parses an XML document into a tree of elements.
 *
 * Returns: (transfer full): the root element, or NULL on error
 */
JgAwsXmlNode *
jg_aws_xml_parse (const char  *data,
                  gssize       length,
                  GError     **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  ParseState state = { NULL, NULL, 0 };

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  context = g_markup_parse_context_new (&parser,
                                        G_MARKUP_TREAT_CDATA_AS_TEXT,
                                        &state, NULL);

  if (!g_markup_parse_context_parse (context, data != NULL ? data : "",
                                     length, error)
      || !g_markup_parse_context_end_parse (context, error))
    {
      jg_aws_xml_node_free (state.root);
      return NULL;
    }

  return state.root;
}

static JgAwsXmlNode *
find_child (const JgAwsXmlNode *node,
            const char         *name,
            gsize               name_length)
{
  for (guint i = 0; i < node->children->len; i++)
    {
      JgAwsXmlNode *child = g_ptr_array_index (node->children, i);

      if (strncmp (child->name, name, name_length) == 0
          && child->name[name_length] == '\0')
        return child;
    }

  return NULL;
}

/**
 * jg_aws_xml_node_find:
 * @node: an element
 * @path: child names joined by '/', such as "Role/RoleLastUsed/Region"
 *
 * Returns: (transfer none) (nullable): the first element at @path below
 *   @node, or NULL
 */
JgAwsXmlNode *
jg_aws_xml_node_find (const JgAwsXmlNode *node,
                      const char         *path)
{
  const char *start = path;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  while (node != NULL && *start != '\0')
    {
      const char *end = strchr (start, '/');
      gsize length = end != NULL ? (gsize) (end - start) : strlen (start);

      node = find_child (node, start, length);
      start += length;
      if (*start == '/')
        start++;
    }

  return (JgAwsXmlNode *) node;
}

/**
 * jg_aws_xml_node_find_text:
 * @node: an element
 * @path: child names joined by '/'
 *
 * Returns: (transfer none) (nullable): the text of the element at @path,
 *   or NULL when there is no such element
 */
const char *
jg_aws_xml_node_find_text (const JgAwsXmlNode *node,
                           const char         *path)
{
  JgAwsXmlNode *found = jg_aws_xml_node_find (node, path);

  return found != NULL ? found->text->str : NULL;
}

static gboolean
set_missing (GError             **error,
             const JgAwsXmlNode  *node,
             const char          *path)
{
  g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
               _("The reply has no element %s in %s"), path, node->name);

  return FALSE;
}

/**
 * jg_aws_xml_node_require_text:
 * @node: an element
 * @path: child names joined by '/'
 * @error: return location for a JG_AWS_ERROR_MALFORMED_RESPONSE error
 *
 * Returns: (transfer none) (nullable): the text of the element at @path,
 *   or NULL with @error set when the element is missing
 */
const char *
jg_aws_xml_node_require_text (const JgAwsXmlNode  *node,
                              const char          *path,
                              GError             **error)
{
  const char *text = jg_aws_xml_node_find_text (node, path);

  if (text == NULL)
    set_missing (error, node, path);

  return text;
}

/**
 * jg_aws_xml_node_find_boolean:
 * @node: an element
 * @path: child names joined by '/'
 * @out_value: (out): the value, left unchanged when the element is missing
 * @error: return location for a JG_AWS_ERROR_MALFORMED_RESPONSE error
 *
 * Returns: FALSE when the element holds something else than true or false
 */
gboolean
jg_aws_xml_node_find_boolean (const JgAwsXmlNode  *node,
                              const char          *path,
                              gboolean            *out_value,
                              GError             **error)
{
  const char *text = jg_aws_xml_node_find_text (node, path);
  g_autofree char *stripped = NULL;

  if (text == NULL)
    return TRUE;

  stripped = g_strstrip (g_strdup (text));
  if (g_str_equal (stripped, "true"))
    *out_value = TRUE;
  else if (g_str_equal (stripped, "false"))
    *out_value = FALSE;
  else
    {
      g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                   _("The reply's %s is “%s”, not true or false"),
                   path, stripped);
      return FALSE;
    }

  return TRUE;
}

/**
 * jg_aws_xml_node_find_int64:
 * @node: an element
 * @path: child names joined by '/'
 * @out_value: (out): the value, left unchanged when the element is missing
 * @error: return location for a JG_AWS_ERROR_MALFORMED_RESPONSE error
 *
 * Returns: FALSE when the element holds something else than an integer
 */
gboolean
jg_aws_xml_node_find_int64 (const JgAwsXmlNode  *node,
                            const char          *path,
                            gint64              *out_value,
                            GError             **error)
{
  const char *text = jg_aws_xml_node_find_text (node, path);
  g_autofree char *stripped = NULL;

  if (text == NULL)
    return TRUE;

  stripped = g_strstrip (g_strdup (text));
  if (!g_ascii_string_to_signed (stripped, 10, G_MININT64, G_MAXINT64,
                                 out_value, NULL))
    {
      g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                   _("The reply's %s is “%s”, not an integer"),
                   path, stripped);
      return FALSE;
    }

  return TRUE;
}

/**
 * jg_aws_xml_node_find_timestamp:
 * @node: an element
 * @path: child names joined by '/'
 * @required: whether a missing element is an error
 * @error: return location for a JG_AWS_ERROR_MALFORMED_RESPONSE error
 *
 * Returns: (transfer full) (nullable): the time in the element, or NULL
 *   when it is missing (an error only if @required) or not ISO 8601
 */
GDateTime *
jg_aws_xml_node_find_timestamp (const JgAwsXmlNode  *node,
                                const char          *path,
                                gboolean             required,
                                GError             **error)
{
  const char *text = jg_aws_xml_node_find_text (node, path);

  if (text == NULL)
    {
      if (required)
        set_missing (error, node, path);
      return NULL;
    }

  return jg_aws_parse_timestamp (text, error);
}

/**
 * jg_aws_parse_timestamp:
 * @text: an ISO 8601 time such as "2024-02-29T23:59:59.512Z"
 * @error: return location for a JG_AWS_ERROR_MALFORMED_RESPONSE error
 *
 * Parses a timestamp of an AWS reply, with or without fractional
 * seconds. A time without a zone is taken as UTC, which is what AWS
 * means by it.
 *
 * Returns: (transfer full): the time, or NULL on error
 */
GDateTime *
jg_aws_parse_timestamp (const char  *text,
                        GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *stripped = NULL;
  GDateTime *time;

  g_return_val_if_fail (text != NULL, NULL);

  stripped = g_strstrip (g_strdup (text));
  time = g_date_time_new_from_iso8601 (stripped, utc);
  if (time == NULL)
    g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                 _("The reply's time “%s” is not an ISO 8601 timestamp"),
                 stripped);

  return time;
}

/**
 * jg_aws_percent_decode:
 * @text: a percent-encoded string, such as a policy document from IAM
 * @error: return location for a JG_AWS_ERROR_MALFORMED_RESPONSE error
 *
 * Decodes the RFC 3986 percent-encoding IAM applies to policy documents
 * in its replies. Only %XX sequences are decoded: a literal '+' stays a
 * '+', because this is not form encoding.
 *
 * Returns: (transfer full): the decoded UTF-8 text, or NULL when a '%'
 *   is not followed by two hex digits, or the result is not UTF-8 or
 *   contains a NUL byte
 */
char *
jg_aws_percent_decode (const char  *text,
                       GError     **error)
{
  g_autoptr(GString) decoded = NULL;

  g_return_val_if_fail (text != NULL, NULL);

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
      low = high >= 0 ? g_ascii_xdigit_value (p[2]) : -1;
      if (low < 0)
        {
          g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                       _("The policy document has an invalid escape at "
                         "offset %ld: a %% must be followed by two hex "
                         "digits"),
                       (long) (p - text));
          return NULL;
        }
      if (high == 0 && low == 0)
        {
          g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                       _("The policy document contains an encoded NUL "
                         "byte at offset %ld"),
                       (long) (p - text));
          return NULL;
        }

      g_string_append_c (decoded, (char) (high << 4 | low));
      p += 2;
    }

  if (!g_utf8_validate_len (decoded->str, decoded->len, NULL))
    {
      g_set_error_literal (error, JG_AWS_ERROR,
                           JG_AWS_ERROR_MALFORMED_RESPONSE,
                           _("The decoded policy document is not valid "
                             "UTF-8"));
      return NULL;
    }

  return g_string_free (g_steal_pointer (&decoded), FALSE);
}

/**
 * jg_aws_xml_dup_request_id:
 * @root: the root element of a reply
 *
 * Returns: (transfer full) (nullable): the request id of a success reply
 *   (ResponseMetadata/RequestId) or an error reply (RequestId, or
 *   RequestID in the EC2 layout), stripped of surrounding whitespace
 */
char *
jg_aws_xml_dup_request_id (const JgAwsXmlNode *root)
{
  const char *text;

  g_return_val_if_fail (root != NULL, NULL);

  text = jg_aws_xml_node_find_text (root, "ResponseMetadata/RequestId");
  if (text == NULL)
    text = jg_aws_xml_node_find_text (root, "RequestId");
  if (text == NULL)
    text = jg_aws_xml_node_find_text (root, "RequestID");
  if (text == NULL)
    return NULL;

  return g_strstrip (g_strdup (text));
}

static char *
dup_stripped (const char *text)
{
  return text != NULL ? g_strstrip (g_strdup (text)) : NULL;
}

/**
 * jg_aws_xml_parse_error:
 * @root: the root element of a reply
 * @out_code: (out) (optional): AWS's error code
 * @out_message: (out) (optional): AWS's error message
 * @out_type: (out) (optional): Sender or Receiver
 * @out_request_id: (out) (optional): the request id
 *
 * Reads an error reply: ErrorResponse/Error/{Type,Code,Message} with
 * ErrorResponse/RequestId, as IAM and STS send, or Response/Errors/Error
 * with Response/RequestID in the older EC2 layout.
 *
 * Returns: whether @root is an error reply with a code
 */
gboolean
jg_aws_xml_parse_error (const JgAwsXmlNode  *root,
                        char               **out_code,
                        char               **out_message,
                        char               **out_type,
                        char               **out_request_id)
{
  JgAwsXmlNode *error_node = NULL;

  g_return_val_if_fail (root != NULL, FALSE);

  if (g_str_equal (root->name, "ErrorResponse"))
    error_node = jg_aws_xml_node_find (root, "Error");
  else if (g_str_equal (root->name, "Response"))
    error_node = jg_aws_xml_node_find (root, "Errors/Error");

  if (error_node == NULL
      || jg_aws_xml_node_find_text (error_node, "Code") == NULL)
    return FALSE;

  if (out_code != NULL)
    *out_code = dup_stripped (jg_aws_xml_node_find_text (error_node, "Code"));
  if (out_message != NULL)
    *out_message = dup_stripped (jg_aws_xml_node_find_text (error_node,
                                                            "Message"));
  if (out_type != NULL)
    *out_type = dup_stripped (jg_aws_xml_node_find_text (error_node, "Type"));
  if (out_request_id != NULL)
    *out_request_id = jg_aws_xml_dup_request_id (root);

  return TRUE;
}

/**
 * jg_aws_xml_error_from_reply:
 * @operation: the operation, such as "GetRole"
 * @http_status: the HTTP status of the reply, not 2xx
 * @body: (nullable): the body of the reply
 * @header_request_id: (nullable): the request id from the headers
 *
 * Creates the error of a failed Query-protocol reply. An XML error reply
 * gives an error with AWS's code; anything else, such as an HTML page
 * from a proxy or an empty body, is described by its HTTP status.
 *
 * Returns: (transfer full): a new error of the JG_AWS_ERROR domain
 */
GError *
jg_aws_xml_error_from_reply (const char *operation,
                             guint       http_status,
                             GBytes     *body,
                             const char *header_request_id)
{
  g_autoptr(JgAwsXmlNode) root = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autofree char *request_id = NULL;
  gsize length = 0;
  const char *data = NULL;

  g_return_val_if_fail (operation != NULL, NULL);

  if (body != NULL)
    data = g_bytes_get_data (body, &length);

  if (length > 0)
    root = jg_aws_xml_parse (data, length, NULL);

  if (root == NULL
      || !jg_aws_xml_parse_error (root, &code, &message, NULL, &request_id))
    return jg_aws_error_new_unparsed_reply (operation, http_status, body,
                                            header_request_id);

  return jg_aws_error_new_from_reply (operation, code, message, http_status,
                                      header_request_id != NULL
                                        ? header_request_id : request_id,
                                      NULL);
}

/**
 * jg_aws_xml_parse_result:
 * @body: the body of a 2xx reply
 * @operation: the operation, such as "GetRole"
 * @out_root: (out) (transfer full): the parsed document, which owns the
 *   returned element
 * @error: return location for a JG_AWS_ERROR_MALFORMED_RESPONSE error
 *
 * Parses a success reply `<{Op}Response><{Op}Result>…` and finds the
 * result element.
 *
 * Returns: (transfer none) (nullable): the {Op}Result element, or NULL
 *   when the operation returns only metadata; check @error to tell that
 *   from a failure
 */
JgAwsXmlNode *
jg_aws_xml_parse_result (GBytes        *body,
                         const char    *operation,
                         JgAwsXmlNode **out_root,
                         GError       **error)
{
  g_autoptr(JgAwsXmlNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *response_name = NULL;
  g_autofree char *result_name = NULL;
  JgAwsXmlNode *result;
  const char *data;
  gsize length;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (operation != NULL, NULL);
  g_return_val_if_fail (out_root != NULL, NULL);

  *out_root = NULL;
  data = g_bytes_get_data (body, &length);
  if (length == 0)
    {
      g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                   _("%s returned an empty body instead of XML"), operation);
      return NULL;
    }

  root = jg_aws_xml_parse (data, length, &local_error);
  if (root == NULL)
    {
      g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                   _("%s returned XML that cannot be parsed: %s"),
                   operation, local_error->message);
      return NULL;
    }

  response_name = g_strconcat (operation, "Response", NULL);
  if (!g_str_equal (root->name, response_name))
    {
      g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                   _("%s returned a <%s> document instead of <%s>"),
                   operation, root->name, response_name);
      return NULL;
    }

  result_name = g_strconcat (operation, "Result", NULL);
  result = jg_aws_xml_node_find (root, result_name);
  *out_root = g_steal_pointer (&root);

  return result;
}
