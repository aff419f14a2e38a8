/* jg-iam.c: the IAM operations Jumpgate uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "jg-iam.h"

/* IAM's largest page; fewer pages mean fewer requests against the
 * account's rate limit. */
#define IAM_MAX_ITEMS 1000

static JgAwsRequest *
iam_request_new (const char *operation)
{
  return jg_aws_request_new_query (JG_AWS_SERVICE_IAM, operation,
                                   JG_IAM_API_VERSION);
}

static GStrv
strv_from_array (GPtrArray *strings)
{
  if (strings == NULL)
    return NULL;

  g_ptr_array_add (strings, NULL);

  return (GStrv) g_ptr_array_free (strings, FALSE);
}

static void
free_array (gpointer strings)
{
  g_ptr_array_unref (strings);
}

/**
 * jg_iam_get_user_async:
 * @client: a client
 * @target: the credentials and account
 * @user_name: (nullable): the user, or NULL for the user that owns the
 *   signing access key
 * @cancellable: (nullable): a cancellable
 * @callback: called when the call completes
 * @user_data: data for @callback
 *
 * Calls GetUser.
 */
void
jg_iam_get_user_async (JgAwsClient         *client,
                       const JgAwsTarget   *target,
                       const char          *user_name,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(JgAwsRequest) request = iam_request_new ("GetUser");

  jg_aws_request_set_param (request, "UserName", user_name);
  jg_aws_call_async (client, target, request, NULL, jg_iam_parse_get_user,
                     (GDestroyNotify) jg_iam_user_unref, cancellable,
                     callback, user_data, jg_iam_get_user_async);
}

/**
 * jg_iam_get_user_finish:
 *
 * Returns: (transfer full): the user, or NULL on error
 */
JgIamUser *
jg_iam_get_user_finish (JgAwsClient   *client,
                        GAsyncResult  *result,
                        GError       **error)
{
  return jg_aws_call_finish (client, result, jg_iam_get_user_async, error);
}

/**
 * jg_iam_list_users_async:
 * @client: a client
 * @target: the credentials and account
 * @path_prefix: (nullable): only users whose path starts with this
 * @cancellable: (nullable): a cancellable
 * @callback: called when every page is read
 * @user_data: data for @callback
 *
 * Calls ListUsers until the list is complete.
 */
void
jg_iam_list_users_async (JgAwsClient         *client,
                         const JgAwsTarget   *target,
                         const char          *path_prefix,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(JgAwsRequest) request = iam_request_new ("ListUsers");

  jg_aws_request_set_param (request, "PathPrefix", path_prefix);
  jg_aws_request_set_param_int (request, "MaxItems", IAM_MAX_ITEMS);
  jg_aws_call_async (client, target, request, "Marker",
                     jg_iam_parse_list_users, free_array,
                     cancellable, callback, user_data,
                     jg_iam_list_users_async);
}

/**
 * jg_iam_list_users_finish:
 *
 * Returns: (transfer container) (element-type JgIamUser): every user, or
 *   NULL on error
 */
GPtrArray *
jg_iam_list_users_finish (JgAwsClient   *client,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GPtrArray *users;

  users = jg_aws_call_finish (client, result, jg_iam_list_users_async,
                              &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (users == NULL)
    users = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_iam_user_unref);

  return users;
}

/**
 * jg_iam_get_user_policy_async:
 * @client: a client
 * @target: the credentials and account
 * @user_name: the user
 * @policy_name: the inline policy
 * @cancellable: (nullable): a cancellable
 * @callback: called when the call completes
 * @user_data: data for @callback
 *
 * Calls GetUserPolicy. A missing policy gives JG_AWS_ERROR_NO_SUCH_ENTITY.
 */
void
jg_iam_get_user_policy_async (JgAwsClient         *client,
                              const JgAwsTarget   *target,
                              const char          *user_name,
                              const char          *policy_name,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JgAwsRequest) request = NULL;

  g_return_if_fail (user_name != NULL);
  g_return_if_fail (policy_name != NULL);

  request = iam_request_new ("GetUserPolicy");
  jg_aws_request_set_param (request, "UserName", user_name);
  jg_aws_request_set_param (request, "PolicyName", policy_name);
  jg_aws_call_async (client, target, request, NULL,
                     jg_iam_parse_get_user_policy,
                     (GDestroyNotify) jg_iam_user_policy_unref, cancellable,
                     callback, user_data, jg_iam_get_user_policy_async);
}

/**
 * jg_iam_get_user_policy_finish:
 *
 * Returns: (transfer full): the policy, its document decoded, or NULL on
 *   error
 */
JgIamUserPolicy *
jg_iam_get_user_policy_finish (JgAwsClient   *client,
                               GAsyncResult  *result,
                               GError       **error)
{
  return jg_aws_call_finish (client, result, jg_iam_get_user_policy_async,
                             error);
}

/**
 * jg_iam_put_user_policy_async:
 * @client: a client
 * @target: the credentials and account
 * @user_name: the user
 * @policy_name: the inline policy to create or replace
 * @policy_document: the policy JSON, sent as is
 * @cancellable: (nullable): a cancellable
 * @callback: called when the call completes
 * @user_data: data for @callback
 *
 * Calls PutUserPolicy.
 */
void
jg_iam_put_user_policy_async (JgAwsClient         *client,
                              const JgAwsTarget   *target,
                              const char          *user_name,
                              const char          *policy_name,
                              const char          *policy_document,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JgAwsRequest) request = NULL;

  g_return_if_fail (user_name != NULL);
  g_return_if_fail (policy_name != NULL);
  g_return_if_fail (policy_document != NULL);

  request = iam_request_new ("PutUserPolicy");
  jg_aws_request_set_param (request, "UserName", user_name);
  jg_aws_request_set_param (request, "PolicyName", policy_name);
  jg_aws_request_set_param (request, "PolicyDocument", policy_document);
  jg_aws_call_async (client, target, request, NULL, jg_aws_parse_query_empty,
                     NULL, cancellable, callback, user_data,
                     jg_iam_put_user_policy_async);
}

gboolean
jg_iam_put_user_policy_finish (JgAwsClient   *client,
                               GAsyncResult  *result,
                               GError       **error)
{
  return jg_aws_call_finish (client, result, jg_iam_put_user_policy_async,
                             error) != NULL;
}

/**
 * jg_iam_delete_user_policy_async:
 * @client: a client
 * @target: the credentials and account
 * @user_name: the user
 * @policy_name: the inline policy to delete
 * @cancellable: (nullable): a cancellable
 * @callback: called when the call completes
 * @user_data: data for @callback
 *
 * Calls DeleteUserPolicy.
 */
void
jg_iam_delete_user_policy_async (JgAwsClient         *client,
                                 const JgAwsTarget   *target,
                                 const char          *user_name,
                                 const char          *policy_name,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JgAwsRequest) request = NULL;

  g_return_if_fail (user_name != NULL);
  g_return_if_fail (policy_name != NULL);

  request = iam_request_new ("DeleteUserPolicy");
  jg_aws_request_set_param (request, "UserName", user_name);
  jg_aws_request_set_param (request, "PolicyName", policy_name);
  jg_aws_call_async (client, target, request, NULL, jg_aws_parse_query_empty,
                     NULL, cancellable, callback, user_data,
                     jg_iam_delete_user_policy_async);
}

gboolean
jg_iam_delete_user_policy_finish (JgAwsClient   *client,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return jg_aws_call_finish (client, result,
                             jg_iam_delete_user_policy_async, error) != NULL;
}

/**
 * jg_iam_list_user_policies_async:
 * @client: a client
 * @target: the credentials and account
 * @user_name: the user
 * @cancellable: (nullable): a cancellable
 * @callback: called when every page is read
 * @user_data: data for @callback
 *
 * Calls ListUserPolicies until the list is complete.
 */
void
jg_iam_list_user_policies_async (JgAwsClient         *client,
                                 const JgAwsTarget   *target,
                                 const char          *user_name,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JgAwsRequest) request = NULL;

  g_return_if_fail (user_name != NULL);

  request = iam_request_new ("ListUserPolicies");
  jg_aws_request_set_param (request, "UserName", user_name);
  jg_aws_request_set_param_int (request, "MaxItems", IAM_MAX_ITEMS);
  jg_aws_call_async (client, target, request, "Marker",
                     jg_iam_parse_string_list, free_array,
                     cancellable, callback, user_data,
                     jg_iam_list_user_policies_async);
}

/**
 * jg_iam_list_user_policies_finish:
 *
 * Returns: (transfer full): the names of the user's inline policies,
 *   maybe empty, or NULL on error
 */
GStrv
jg_iam_list_user_policies_finish (JgAwsClient   *client,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GPtrArray *names;

  names = jg_aws_call_finish (client, result,
                              jg_iam_list_user_policies_async, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return names != NULL ? strv_from_array (names) : g_new0 (char *, 1);
}

/**
 * jg_iam_get_role_async:
 * @client: a client
 * @target: the credentials and account
 * @role_name: the role
 * @cancellable: (nullable): a cancellable
 * @callback: called when the call completes
 * @user_data: data for @callback
 *
 * Calls GetRole. A missing role gives JG_AWS_ERROR_NO_SUCH_ENTITY.
 */
void
jg_iam_get_role_async (JgAwsClient         *client,
                       const JgAwsTarget   *target,
                       const char          *role_name,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(JgAwsRequest) request = NULL;

  g_return_if_fail (role_name != NULL);

  request = iam_request_new ("GetRole");
  jg_aws_request_set_param (request, "RoleName", role_name);
  jg_aws_call_async (client, target, request, NULL, jg_iam_parse_get_role,
                     (GDestroyNotify) jg_iam_role_unref, cancellable,
                     callback, user_data, jg_iam_get_role_async);
}

/**
 * jg_iam_get_role_finish:
 *
 * Returns: (transfer full): the role, its trust policy decoded, or NULL
 *   on error
 */
JgIamRole *
jg_iam_get_role_finish (JgAwsClient   *client,
                        GAsyncResult  *result,
                        GError       **error)
{
  return jg_aws_call_finish (client, result, jg_iam_get_role_async, error);
}

/**
 * jg_iam_list_roles_async:
 * @client: a client
 * @target: the credentials and account
 * @path_prefix: (nullable): only roles whose path starts with this
 * @cancellable: (nullable): a cancellable
 * @callback: called when every page is read
 * @user_data: data for @callback
 *
 * Calls ListRoles until the list is complete.
 */
void
jg_iam_list_roles_async (JgAwsClient         *client,
                         const JgAwsTarget   *target,
                         const char          *path_prefix,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(JgAwsRequest) request = iam_request_new ("ListRoles");

  jg_aws_request_set_param (request, "PathPrefix", path_prefix);
  jg_aws_request_set_param_int (request, "MaxItems", IAM_MAX_ITEMS);
  jg_aws_call_async (client, target, request, "Marker",
                     jg_iam_parse_list_roles, free_array,
                     cancellable, callback, user_data,
                     jg_iam_list_roles_async);
}

/**
 * jg_iam_list_roles_finish:
 *
 * Returns: (transfer container) (element-type JgIamRole): every role, or
 *   NULL on error
 */
GPtrArray *
jg_iam_list_roles_finish (JgAwsClient   *client,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GPtrArray *roles;

  roles = jg_aws_call_finish (client, result, jg_iam_list_roles_async,
                              &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (roles == NULL)
    roles = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_iam_role_unref);

  return roles;
}

/**
 * jg_iam_update_assume_role_policy_async:
 * @client: a client
 * @target: the credentials and account of the role
 * @role_name: the role
 * @policy_document: the whole trust policy JSON, sent as is
 * @cancellable: (nullable): a cancellable
 * @callback: called when the call completes
 * @user_data: data for @callback
 *
 * Calls UpdateAssumeRolePolicy.
 */
void
jg_iam_update_assume_role_policy_async (JgAwsClient         *client,
                                        const JgAwsTarget   *target,
                                        const char          *role_name,
                                        const char          *policy_document,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JgAwsRequest) request = NULL;

  g_return_if_fail (role_name != NULL);
  g_return_if_fail (policy_document != NULL);

  request = iam_request_new ("UpdateAssumeRolePolicy");
  jg_aws_request_set_param (request, "RoleName", role_name);
  jg_aws_request_set_param (request, "PolicyDocument", policy_document);
  jg_aws_call_async (client, target, request, NULL, jg_aws_parse_query_empty,
                     NULL, cancellable, callback, user_data,
                     jg_iam_update_assume_role_policy_async);
}

gboolean
jg_iam_update_assume_role_policy_finish (JgAwsClient   *client,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return jg_aws_call_finish (client, result,
                             jg_iam_update_assume_role_policy_async,
                             error) != NULL;
}

/**
 * jg_iam_list_account_aliases_async:
 * @client: a client
 * @target: the credentials and account
 * @cancellable: (nullable): a cancellable
 * @callback: called when every page is read
 * @user_data: data for @callback
 *
 * Calls ListAccountAliases. An account has at most one alias.
 */
void
jg_iam_list_account_aliases_async (JgAwsClient         *client,
                                   const JgAwsTarget   *target,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JgAwsRequest) request = iam_request_new ("ListAccountAliases");

  jg_aws_call_async (client, target, request, "Marker",
                     jg_iam_parse_string_list, free_array,
                     cancellable, callback, user_data,
                     jg_iam_list_account_aliases_async);
}

/**
 * jg_iam_list_account_aliases_finish:
 *
 * Returns: (transfer full): the aliases, maybe empty, or NULL on error
 */
GStrv
jg_iam_list_account_aliases_finish (JgAwsClient   *client,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GPtrArray *aliases;

  aliases = jg_aws_call_finish (client, result,
                                jg_iam_list_account_aliases_async,
                                &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return aliases != NULL ? strv_from_array (aliases) : g_new0 (char *, 1);
}

/**
 * jg_iam_get_account_summary_async:
 * @client: a client
 * @target: the credentials and account
 * @cancellable: (nullable): a cancellable
 * @callback: called when the call completes
 * @user_data: data for @callback
 *
 * Calls GetAccountSummary, which has the account's live quotas, such as
 * AssumeRolePolicySizeQuota.
 */
void
jg_iam_get_account_summary_async (JgAwsClient         *client,
                                  const JgAwsTarget   *target,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JgAwsRequest) request = iam_request_new ("GetAccountSummary");

  jg_aws_call_async (client, target, request, NULL,
                     jg_iam_parse_get_account_summary,
                     (GDestroyNotify) jg_iam_account_summary_unref,
                     cancellable, callback, user_data,
                     jg_iam_get_account_summary_async);
}

/**
 * jg_iam_get_account_summary_finish:
 *
 * Returns: (transfer full): the summary, or NULL on error
 */
JgIamAccountSummary *
jg_iam_get_account_summary_finish (JgAwsClient   *client,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return jg_aws_call_finish (client, result,
                             jg_iam_get_account_summary_async, error);
}
