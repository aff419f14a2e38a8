/* jg-aws-json.c: reading AWS JSON 1.1 replies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "jg-aws-error.h"
#include "jg-aws-json.h"
#include "jg-aws-xml.h"

static JsonNode *
parse_object (GBytes  *body,
              GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *data;
  gsize length = 0;
  JsonNode *root;

  data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  if (length == 0)
    {
      g_set_error_literal (error, JG_AWS_ERROR,
                           JG_AWS_ERROR_MALFORMED_RESPONSE,
                           _("an empty body instead of JSON"));
      return NULL;
    }

  if (length > G_MAXSSIZE
      || !json_parser_load_from_data (parser, data, (gssize) length, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, JG_AWS_ERROR,
                           JG_AWS_ERROR_MALFORMED_RESPONSE,
                           _("JSON that is not an object"));
      return NULL;
    }

  return json_node_ref (root);
}

/**
 * jg_aws_json_parse_result:
 * @body: the body of a 2xx reply
 * @operation: the operation, such as "ListAccounts"
 * @error: return location for a JG_AWS_ERROR_MALFORMED_RESPONSE error
 *
 * Returns: (transfer full): the reply's top-level object, or NULL
 */
JsonNode *
jg_aws_json_parse_result (GBytes      *body,
                          const char  *operation,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (operation != NULL, NULL);

  root = parse_object (body, &local_error);
  if (root == NULL)
    g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                 _("%s returned a reply that cannot be read: %s"),
                 operation, local_error->message);

  return root;
}

/**
 * jg_aws_json_get_string:
 * @object: a JSON object
 * @member: a member name
 *
 * Returns: (transfer none) (nullable): the member's value if it is a
 *   string, otherwise NULL
 */
const char *
jg_aws_json_get_string (JsonObject *object,
                        const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, NULL);

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/**
 * jg_aws_json_get_timestamp:
 * @object: a JSON object
 * @member: a member name
 * @error: return location for a JG_AWS_ERROR_MALFORMED_RESPONSE error
 *
 * Reads a timestamp of the JSON protocol: seconds since the Unix epoch as
 * a number, possibly with a fraction. An ISO 8601 string is accepted too.
 *
 * Returns: (transfer full) (nullable): the time, or NULL when the member
 *   is missing or null (not an error) or holds something else (an error)
 */
GDateTime *
jg_aws_json_get_timestamp (JsonObject  *object,
                           const char  *member,
                           GError     **error)
{
  JsonNode *node;
  GType type;

  g_return_val_if_fail (object != NULL, NULL);

  node = json_object_get_member (object, member);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                      : G_TYPE_INVALID;

  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    {
      double seconds = json_node_get_double (node);
      g_autoptr(GDateTime) base = NULL;
      gint64 whole = 0;

      /* GDateTime covers years 1 to 9999. */
      if (seconds >= -62135596800.0 && seconds <= 253402300799.0)
        {
          whole = (gint64) seconds;
          if ((double) whole > seconds)
            whole--;
          base = g_date_time_new_from_unix_utc (whole);
        }
      if (base != NULL)
        return g_date_time_add (base, (GTimeSpan) ((seconds - (double) whole)
                                                   * G_USEC_PER_SEC));
    }
  else if (type == G_TYPE_STRING)
    {
      return jg_aws_parse_timestamp (json_node_get_string (node), error);
    }

  g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
               _("The reply's %s is not a timestamp"), member);

  return NULL;
}

/**
 * jg_aws_json_error_from_reply:
 * @operation: the operation, such as "ListAccounts"
 * @http_status: the HTTP status of the reply, not 2xx
 * @body: (nullable): the body of the reply
 * @header_request_id: (nullable): the x-amzn-RequestId header
 *
 * Creates the error of a failed JSON-protocol reply,
 * `{"__type": "…#Code", "Message": "…"}`. As botocore does, everything up
 * to the last '#' of `__type` is a namespace and dropped, and a
 * lower-case `message` is accepted too.
 *
 * Returns: (transfer full): a new error of the JG_AWS_ERROR domain
 */
GError *
jg_aws_json_error_from_reply (const char *operation,
                              guint       http_status,
                              GBytes     *body,
                              const char *header_request_id)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *type;
  const char *message;
  const char *hash;

  g_return_val_if_fail (operation != NULL, NULL);

  root = parse_object (body, NULL);
  object = root != NULL ? json_node_get_object (root) : NULL;
  type = object != NULL ? jg_aws_json_get_string (object, "__type") : NULL;
  if (type == NULL || type[0] == '\0')
    return jg_aws_error_new_unparsed_reply (operation, http_status, body,
                                            header_request_id);

  hash = strrchr (type, '#');
  if (hash != NULL)
    type = hash + 1;

  message = jg_aws_json_get_string (object, "Message");
  if (message == NULL)
    message = jg_aws_json_get_string (object, "message");

  return jg_aws_error_new_from_reply (operation, type, message, http_status,
                                      header_request_id, NULL);
}
