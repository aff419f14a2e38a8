/* jg-sts.c: the STS operations Jumpgate uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "jg-aws-error.h"
#include "jg-sts.h"

G_DEFINE_BOXED_TYPE (JgStsCallerIdentity, jg_sts_caller_identity,
                     jg_sts_caller_identity_ref, jg_sts_caller_identity_unref)
G_DEFINE_BOXED_TYPE (JgStsCredentials, jg_sts_credentials,
                     jg_sts_credentials_copy, jg_sts_credentials_free)

static void
caller_identity_clear (JgStsCallerIdentity *identity)
{
  g_free (identity->user_id);
  g_free (identity->account);
  g_free (identity->arn);
}

JgStsCallerIdentity *
jg_sts_caller_identity_ref (JgStsCallerIdentity *identity)
{
  g_return_val_if_fail (identity != NULL, NULL);

  return g_atomic_rc_box_acquire (identity);
}

void
jg_sts_caller_identity_unref (JgStsCallerIdentity *identity)
{
  g_return_if_fail (identity != NULL);

  g_atomic_rc_box_release_full (identity,
                                (GDestroyNotify) caller_identity_clear);
}

JgStsCredentials *
jg_sts_credentials_copy (const JgStsCredentials *credentials)
{
  JgStsCredentials *copy;

  g_return_val_if_fail (credentials != NULL, NULL);

  copy = g_new0 (JgStsCredentials, 1);
  copy->credentials = jg_aws_credentials_copy (credentials->credentials);
  copy->assumed_role_id = g_strdup (credentials->assumed_role_id);
  copy->assumed_role_arn = g_strdup (credentials->assumed_role_arn);
  copy->packed_policy_size = credentials->packed_policy_size;

  return copy;
}

void
jg_sts_credentials_free (JgStsCredentials *credentials)
{
  if (credentials == NULL)
    return;

  g_clear_pointer (&credentials->credentials, jg_aws_credentials_free);
  g_free (credentials->assumed_role_id);
  g_free (credentials->assumed_role_arn);
  g_free (credentials);
}

static JgAwsXmlNode *
require_result (JgAwsResponse  *response,
                const char     *operation,
                JgAwsXmlNode  **out_root,
                GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  JgAwsXmlNode *result;

  result = jg_aws_xml_parse_result (response->body, operation, out_root,
                                    &local_error);
  if (result == NULL && local_error == NULL)
    g_set_error (&local_error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                 _("%s returned no %sResult element"), operation, operation);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return result;
}

/**
 * jg_sts_parse_get_caller_identity:
 *
 * The #JgAwsParseFunc of GetCallerIdentity.
 */
gboolean
jg_sts_parse_get_caller_identity (JgAwsResponse  *response,
                                  const char     *operation,
                                  gpointer       *inout_result,
                                  char          **out_next_token,
                                  GError        **error)
{
  g_autoptr(JgAwsXmlNode) root = NULL;
  JgStsCallerIdentity *identity;
  JgAwsXmlNode *result;
  const char *user_id;
  const char *account;
  const char *arn;

  result = require_result (response, operation, &root, error);
  if (result == NULL)
    return FALSE;

  user_id = jg_aws_xml_node_require_text (result, "UserId", error);
  account = user_id ? jg_aws_xml_node_require_text (result, "Account",
                                                    error) : NULL;
  arn = account ? jg_aws_xml_node_require_text (result, "Arn", error) : NULL;
  if (arn == NULL)
    return FALSE;

  identity = g_atomic_rc_box_new0 (JgStsCallerIdentity);
  identity->user_id = g_strstrip (g_strdup (user_id));
  identity->account = g_strstrip (g_strdup (account));
  identity->arn = g_strstrip (g_strdup (arn));
  *inout_result = identity;

  return TRUE;
}

/**
 * jg_sts_parse_credentials:
 *
 * The #JgAwsParseFunc of AssumeRole and GetSessionToken:
 * Credentials/{AccessKeyId, SecretAccessKey, SessionToken, Expiration},
 * and AssumedRoleUser and PackedPolicySize when present.
 */
gboolean
jg_sts_parse_credentials (JgAwsResponse  *response,
                          const char     *operation,
                          gpointer       *inout_result,
                          char          **out_next_token,
                          GError        **error)
{
  g_autoptr(JgAwsXmlNode) root = NULL;
  g_autoptr(JgStsCredentials) credentials = NULL;
  g_autoptr(GDateTime) expiration = NULL;
  JgAwsXmlNode *result;
  JgAwsXmlNode *node;
  const char *access_key_id;
  const char *secret_access_key;
  const char *session_token;
  gint64 packed_policy_size = -1;

  result = require_result (response, operation, &root, error);
  if (result == NULL)
    return FALSE;

  node = jg_aws_xml_node_find (result, "Credentials");
  if (node == NULL)
    {
      g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                   _("%s returned no Credentials element"), operation);
      return FALSE;
    }

  access_key_id = jg_aws_xml_node_require_text (node, "AccessKeyId", error);
  secret_access_key =
    access_key_id ? jg_aws_xml_node_require_text (node, "SecretAccessKey",
                                                  error) : NULL;
  session_token =
    secret_access_key ? jg_aws_xml_node_require_text (node, "SessionToken",
                                                      error) : NULL;
  if (session_token == NULL)
    return FALSE;

  expiration = jg_aws_xml_node_find_timestamp (node, "Expiration", TRUE,
                                               error);
  if (expiration == NULL)
    return FALSE;

  if (!jg_aws_xml_node_find_int64 (result, "PackedPolicySize",
                                   &packed_policy_size, error))
    return FALSE;

  credentials = g_new0 (JgStsCredentials, 1);
  credentials->credentials = jg_aws_credentials_new (access_key_id,
                                                     secret_access_key,
                                                     session_token,
                                                     expiration);
  credentials->assumed_role_id = g_strdup (
    jg_aws_xml_node_find_text (result, "AssumedRoleUser/AssumedRoleId"));
  credentials->assumed_role_arn = g_strdup (
    jg_aws_xml_node_find_text (result, "AssumedRoleUser/Arn"));
  credentials->packed_policy_size = (int) CLAMP (packed_policy_size, -1,
                                                 G_MAXINT);
  *inout_result = g_steal_pointer (&credentials);

  return TRUE;
}

static JgAwsRequest *
sts_request_new (const char *operation)
{
  return jg_aws_request_new_query (JG_AWS_SERVICE_STS, operation,
                                   JG_STS_API_VERSION);
}

/**
 * jg_sts_get_caller_identity_async:
 * @client: a client
 * @target: the credentials to identify, and the partition and region
 * @cancellable: (nullable): a cancellable
 * @callback: called when the call completes
 * @user_data: data for @callback
 *
 * Calls GetCallerIdentity, which needs no permission: it checks that
 * credentials work and tells their account.
 */
void
jg_sts_get_caller_identity_async (JgAwsClient         *client,
                                  const JgAwsTarget   *target,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JgAwsRequest) request = sts_request_new ("GetCallerIdentity");

  jg_aws_call_async (client, target, request, NULL,
                     jg_sts_parse_get_caller_identity,
                     (GDestroyNotify) jg_sts_caller_identity_unref,
                     cancellable, callback, user_data,
                     jg_sts_get_caller_identity_async);
}

/**
 * jg_sts_get_caller_identity_finish:
 *
 * Returns: (transfer full): the identity, or NULL on error
 */
JgStsCallerIdentity *
jg_sts_get_caller_identity_finish (JgAwsClient   *client,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return jg_aws_call_finish (client, result,
                             jg_sts_get_caller_identity_async, error);
}

/* Adds the optional MFA parameters; callers pass both or neither. */
static void
set_mfa (JgAwsRequest *request,
         const char   *serial_number,
         const char   *token_code)
{
  if (serial_number == NULL)
    return;

  jg_aws_request_set_param (request, "SerialNumber", serial_number);
  jg_aws_request_set_param (request, "TokenCode", token_code);
}

/**
 * jg_sts_assume_role_async:
 * @client: a client
 * @target: the credentials that assume the role; the account id, if
 *   set, is the account the request counts against
 * @role_arn: the role to assume
 * @role_session_name: 2 to 64 characters of `[\w+=,.@-]`
 * @duration_seconds: 900 to 43200, or 0 for STS's default of one hour
 * @serial_number: (nullable): the MFA device's serial number or ARN
 * @token_code: (nullable): the six-digit MFA code, given if and only if
 *   @serial_number is
 * @cancellable: (nullable): a cancellable
 * @callback: called when the call completes
 * @user_data: data for @callback
 *
 * Calls AssumeRole.
 */
void
jg_sts_assume_role_async (JgAwsClient         *client,
                          const JgAwsTarget   *target,
                          const char          *role_arn,
                          const char          *role_session_name,
                          int                  duration_seconds,
                          const char          *serial_number,
                          const char          *token_code,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(JgAwsRequest) request = NULL;

  g_return_if_fail (role_arn != NULL);
  g_return_if_fail (role_session_name != NULL);
  g_return_if_fail (duration_seconds >= 0);
  g_return_if_fail ((serial_number == NULL) == (token_code == NULL));

  request = sts_request_new ("AssumeRole");
  jg_aws_request_set_param (request, "RoleArn", role_arn);
  jg_aws_request_set_param (request, "RoleSessionName", role_session_name);
  if (duration_seconds > 0)
    jg_aws_request_set_param_int (request, "DurationSeconds",
                                  duration_seconds);
  set_mfa (request, serial_number, token_code);

  jg_aws_call_async (client, target, request, NULL, jg_sts_parse_credentials,
                     (GDestroyNotify) jg_sts_credentials_free, cancellable,
                     callback, user_data, jg_sts_assume_role_async);
}

/**
 * jg_sts_assume_role_finish:
 *
 * Returns: (transfer full): the role's temporary credentials, or NULL on
 *   error
 */
JgStsCredentials *
jg_sts_assume_role_finish (JgAwsClient   *client,
                           GAsyncResult  *result,
                           GError       **error)
{
  return jg_aws_call_finish (client, result, jg_sts_assume_role_async,
                             error);
}

/**
 * jg_sts_get_session_token_async:
 * @client: a client
 * @target: the long-term credentials of an IAM user
 * @duration_seconds: 900 to 129600, or 0 for STS's default of 12 hours
 * @serial_number: (nullable): the MFA device's serial number or ARN
 * @token_code: (nullable): the six-digit MFA code, given if and only if
 *   @serial_number is
 * @cancellable: (nullable): a cancellable
 * @callback: called when the call completes
 * @user_data: data for @callback
 *
 * Calls GetSessionToken, which turns a user's keys and an MFA code into
 * session credentials that satisfy aws:MultiFactorAuthPresent.
 */
void
jg_sts_get_session_token_async (JgAwsClient         *client,
                                const JgAwsTarget   *target,
                                int                  duration_seconds,
                                const char          *serial_number,
                                const char          *token_code,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JgAwsRequest) request = NULL;

  g_return_if_fail (duration_seconds >= 0);
  g_return_if_fail ((serial_number == NULL) == (token_code == NULL));

  request = sts_request_new ("GetSessionToken");
  if (duration_seconds > 0)
    jg_aws_request_set_param_int (request, "DurationSeconds",
                                  duration_seconds);
  set_mfa (request, serial_number, token_code);

  jg_aws_call_async (client, target, request, NULL, jg_sts_parse_credentials,
                     (GDestroyNotify) jg_sts_credentials_free, cancellable,
                     callback, user_data, jg_sts_get_session_token_async);
}

/**
 * jg_sts_get_session_token_finish:
 *
 * Returns: (transfer full): the session credentials, or NULL on error
 */
JgStsCredentials *
jg_sts_get_session_token_finish (JgAwsClient   *client,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return jg_aws_call_finish (client, result, jg_sts_get_session_token_async,
                             error);
}
