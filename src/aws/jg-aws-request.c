/* jg-aws-request.c: the operation and parameters of one AWS request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "jg-aws-request.h"

typedef enum
{
  PARAM_STRING,
  PARAM_INT,
  PARAM_LIST,
} ParamType;

typedef struct
{
  char      *name;
  ParamType  type;
  char      *value;     /* PARAM_STRING, and PARAM_INT in decimal */
  gint64     number;    /* PARAM_INT */
  GStrv      list;      /* PARAM_LIST */
} Param;

struct _JgAwsRequest
{
  gatomicrefcount  ref_count;
  JgAwsService     service;
  JgAwsProtocol    protocol;
  char            *operation;
  char            *api_version;     /* Query */
  char            *target_prefix;   /* JSON */
  GPtrArray       *params;          /* of Param, in order of first set */
};

static void
param_free (Param *param)
{
  g_free (param->name);
  g_free (param->value);
  g_strfreev (param->list);
  g_free (param);
}

static JgAwsRequest *
request_new (JgAwsService   service,
             JgAwsProtocol  protocol,
             const char    *operation)
{
  JgAwsRequest *request = g_new0 (JgAwsRequest, 1);

  g_atomic_ref_count_init (&request->ref_count);
  request->service = service;
  request->protocol = protocol;
  request->operation = g_strdup (operation);
  request->params = g_ptr_array_new_with_free_func ((GDestroyNotify) param_free);

  return request;
}

/**
 * jg_aws_request_new_query:
 * @service: the service, IAM or STS
 * @operation: the Action, such as "GetRole"
 * @api_version: the Version, such as "2010-05-08"
 *
 * Returns: (transfer full): a Query-protocol request without parameters
 */
JgAwsRequest *
jg_aws_request_new_query (JgAwsService  service,
                          const char   *operation,
                          const char   *api_version)
{
  JgAwsRequest *request;

  g_return_val_if_fail (operation != NULL, NULL);
  g_return_val_if_fail (api_version != NULL, NULL);

  request = request_new (service, JG_AWS_PROTOCOL_QUERY, operation);
  request->api_version = g_strdup (api_version);

  return request;
}

/**
 * jg_aws_request_new_json:
 * @service: the service, such as Organizations
 * @target_prefix: the X-Amz-Target prefix, such as
 *   "AWSOrganizationsV20161128"
 * @operation: the operation, such as "ListAccounts"
 *
 * Returns: (transfer full): a JSON 1.1 request without parameters
 */
JgAwsRequest *
jg_aws_request_new_json (JgAwsService  service,
                         const char   *target_prefix,
                         const char   *operation)
{
  JgAwsRequest *request;

  g_return_val_if_fail (target_prefix != NULL, NULL);
  g_return_val_if_fail (operation != NULL, NULL);

  request = request_new (service, JG_AWS_PROTOCOL_JSON, operation);
  request->target_prefix = g_strdup (target_prefix);

  return request;
}

JgAwsRequest *
jg_aws_request_ref (JgAwsRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  g_atomic_ref_count_inc (&request->ref_count);

  return request;
}

void
jg_aws_request_unref (JgAwsRequest *request)
{
  g_return_if_fail (request != NULL);

  if (!g_atomic_ref_count_dec (&request->ref_count))
    return;

  g_free (request->operation);
  g_free (request->api_version);
  g_free (request->target_prefix);
  g_ptr_array_unref (request->params);
  g_free (request);
}

JgAwsService
jg_aws_request_get_service (const JgAwsRequest *request)
{
  g_return_val_if_fail (request != NULL, 0);

  return request->service;
}

JgAwsProtocol
jg_aws_request_get_protocol (const JgAwsRequest *request)
{
  g_return_val_if_fail (request != NULL, 0);

  return request->protocol;
}

const char *
jg_aws_request_get_operation (const JgAwsRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  return request->operation;
}

static Param *
find_param (const JgAwsRequest *request,
            const char         *name)
{
  for (guint i = 0; i < request->params->len; i++)
    {
      Param *param = g_ptr_array_index (request->params, i);

      if (g_str_equal (param->name, name))
        return param;
    }

  return NULL;
}

/* Returns the parameter @name emptied of its value, keeping its place in
 * the order of parameters when it was set before. */
static Param *
reset_param (JgAwsRequest *request,
             const char   *name)
{
  Param *param = find_param (request, name);

  if (param == NULL)
    {
      param = g_new0 (Param, 1);
      param->name = g_strdup (name);
      g_ptr_array_add (request->params, param);
    }

  g_clear_pointer (&param->value, g_free);
  g_clear_pointer (&param->list, g_strfreev);
  param->number = 0;

  return param;
}

/**
 * jg_aws_request_set_param:
 * @request: a request
 * @name: the parameter name, such as "RoleName"
 * @value: (nullable): its value, or NULL to remove the parameter
 *
 * Sets a string parameter, replacing any earlier value.
 */
void
jg_aws_request_set_param (JgAwsRequest *request,
                          const char   *name,
                          const char   *value)
{
  Param *param;

  g_return_if_fail (request != NULL);
  g_return_if_fail (name != NULL);

  if (value == NULL)
    {
      param = find_param (request, name);
      if (param != NULL)
        g_ptr_array_remove (request->params, param);
      return;
    }

  param = reset_param (request, name);
  param->type = PARAM_STRING;
  param->value = g_strdup (value);
}

/**
 * jg_aws_request_set_param_int:
 * @request: a request
 * @name: the parameter name, such as "MaxItems"
 * @value: its value
 *
 * Sets an integer parameter: a decimal string in a Query request, a JSON
 * number in a JSON request.
 */
void
jg_aws_request_set_param_int (JgAwsRequest *request,
                              const char   *name,
                              gint64        value)
{
  Param *param;

  g_return_if_fail (request != NULL);
  g_return_if_fail (name != NULL);

  param = reset_param (request, name);
  param->type = PARAM_INT;
  param->number = value;
  param->value = g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

/**
 * jg_aws_request_set_param_list:
 * @request: a request
 * @name: the parameter name, such as "TransitiveTagKeys"
 * @values: (array zero-terminated=1): the list's strings
 *
 * Sets a list of strings: `Name.member.N` from 1 in a Query request, a
 * JSON array in a JSON request.
 */
void
jg_aws_request_set_param_list (JgAwsRequest       *request,
                               const char         *name,
                               const char * const *values)
{
  Param *param;

  g_return_if_fail (request != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (values != NULL);

  param = reset_param (request, name);
  param->type = PARAM_LIST;
  param->list = g_strdupv ((char **) values);
}

/**
 * jg_aws_request_get_param:
 * @request: a request
 * @name: the parameter name
 *
 * Returns: (nullable): the value of a string or integer parameter
 */
const char *
jg_aws_request_get_param (const JgAwsRequest *request,
                          const char         *name)
{
  Param *param;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  param = find_param (request, name);

  return param != NULL ? param->value : NULL;
}

const char *
jg_aws_request_get_content_type (const JgAwsRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  if (request->protocol == JG_AWS_PROTOCOL_JSON)
    return "application/x-amz-json-1.1";

  return "application/x-www-form-urlencoded; charset=utf-8";
}

/**
 * jg_aws_request_dup_target:
 * @request: a request
 *
 * Returns: (transfer full) (nullable): the X-Amz-Target header value of a
 *   JSON request, such as "AWSOrganizationsV20161128.ListAccounts", or
 *   NULL for a Query request
 */
char *
jg_aws_request_dup_target (const JgAwsRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  if (request->protocol != JG_AWS_PROTOCOL_JSON)
    return NULL;

  return g_strdup_printf ("%s.%s", request->target_prefix,
                          request->operation);
}

/**
 * jg_aws_form_encode:
 * @text: a UTF-8 string
 *
 * Encodes @text for an application/x-www-form-urlencoded body as botocore
 * does: letters, digits and `-._~` stay, a space becomes '+', and every
 * other byte becomes %XX with upper-case hex digits.
 *
 * Returns: (transfer full): the encoded text
 */
char *
jg_aws_form_encode (const char *text)
{
  static const char hex[] = "0123456789ABCDEF";
  GString *encoded;

  g_return_val_if_fail (text != NULL, NULL);

  encoded = g_string_sized_new (strlen (text) * 3 / 2 + 1);
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '.' || *p == '_'
          || *p == '~')
        g_string_append_c (encoded, (char) *p);
      else if (*p == ' ')
        g_string_append_c (encoded, '+');
      else
        {
          g_string_append_c (encoded, '%');
          g_string_append_c (encoded, hex[*p >> 4]);
          g_string_append_c (encoded, hex[*p & 0xf]);
        }
    }

  return g_string_free (encoded, FALSE);
}

static void
append_form_pair (GString    *body,
                  const char *name,
                  const char *value)
{
  g_autofree char *encoded_name = jg_aws_form_encode (name);
  g_autofree char *encoded_value = jg_aws_form_encode (value);

  if (body->len > 0)
    g_string_append_c (body, '&');
  g_string_append_printf (body, "%s=%s", encoded_name, encoded_value);
}

static GBytes *
build_query_body (const JgAwsRequest *request)
{
  GString *body = g_string_new (NULL);

  append_form_pair (body, "Action", request->operation);
  append_form_pair (body, "Version", request->api_version);

  for (guint i = 0; i < request->params->len; i++)
    {
      Param *param = g_ptr_array_index (request->params, i);

      if (param->type != PARAM_LIST)
        {
          append_form_pair (body, param->name, param->value);
          continue;
        }

      for (guint j = 0; param->list[j] != NULL; j++)
        {
          g_autofree char *name = g_strdup_printf ("%s.member.%u",
                                                   param->name, j + 1);

          append_form_pair (body, name, param->list[j]);
        }
    }

  return g_string_free_to_bytes (body);
}

static GBytes *
build_json_body (const JgAwsRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;
  gsize length;

  json_builder_begin_object (builder);
  for (guint i = 0; i < request->params->len; i++)
    {
      Param *param = g_ptr_array_index (request->params, i);

      json_builder_set_member_name (builder, param->name);
      switch (param->type)
        {
        case PARAM_STRING:
          json_builder_add_string_value (builder, param->value);
          break;
        case PARAM_INT:
          json_builder_add_int_value (builder, param->number);
          break;
        case PARAM_LIST:
          json_builder_begin_array (builder);
          for (guint j = 0; param->list[j] != NULL; j++)
            json_builder_add_string_value (builder, param->list[j]);
          json_builder_end_array (builder);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

/**
 * jg_aws_request_build_body:
 * @request: a request
 *
 * Returns: (transfer full): the body to send: `Action=…&Version=…&…` for
 *   a Query request, a JSON object (`{}` without parameters) for a JSON
 *   request
 */
GBytes *
jg_aws_request_build_body (const JgAwsRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  if (request->protocol == JG_AWS_PROTOCOL_JSON)
    return build_json_body (request);

  return build_query_body (request);
}
