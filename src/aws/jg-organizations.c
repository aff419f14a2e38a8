/* jg-organizations.c: listing the accounts of an AWS organization.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "jg-aws-error.h"
#include "jg-aws-json.h"
#include "jg-organizations.h"

/* ListAccounts' largest page. */
#define LIST_ACCOUNTS_MAX_RESULTS 20

G_DEFINE_BOXED_TYPE (JgOrgAccount, jg_org_account, jg_org_account_ref,
                     jg_org_account_unref)

static void
org_account_clear (JgOrgAccount *account)
{
  g_free (account->id);
  g_free (account->arn);
  g_free (account->name);
  g_free (account->email);
  g_free (account->status);
  g_free (account->joined_method);
  g_clear_pointer (&account->joined_timestamp, g_date_time_unref);
}

JgOrgAccount *
jg_org_account_ref (JgOrgAccount *account)
{
  g_return_val_if_fail (account != NULL, NULL);

  return g_atomic_rc_box_acquire (account);
}

void
jg_org_account_unref (JgOrgAccount *account)
{
  g_return_if_fail (account != NULL);

  g_atomic_rc_box_release_full (account, (GDestroyNotify) org_account_clear);
}

static JgOrgAccount *
account_from_json (JsonNode    *node,
                   const char  *operation,
                   GError     **error)
{
  g_autoptr(JgOrgAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  const char *id;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                   _("%s returned an account that is not an object"),
                   operation);
      return NULL;
    }

  object = json_node_get_object (node);
  id = jg_aws_json_get_string (object, "Id");
  if (id == NULL)
    {
      g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                   _("%s returned an account without an Id"), operation);
      return NULL;
    }

  account = g_atomic_rc_box_new0 (JgOrgAccount);
  account->id = g_strdup (id);
  account->arn = g_strdup (jg_aws_json_get_string (object, "Arn"));
  account->name = g_strdup (jg_aws_json_get_string (object, "Name"));
  account->email = g_strdup (jg_aws_json_get_string (object, "Email"));
  account->status = g_strdup (jg_aws_json_get_string (object, "Status"));
  account->joined_method = g_strdup (jg_aws_json_get_string (object,
                                                             "JoinedMethod"));
  account->joined_timestamp = jg_aws_json_get_timestamp (object,
                                                         "JoinedTimestamp",
                                                         &local_error);
  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Account %s: "), id);
      return NULL;
    }

  return g_steal_pointer (&account);
}

/**
 * jg_organizations_parse_list_accounts:
 *
 * The #JgAwsParseFunc of ListAccounts: adds the page's accounts to a
 * #GPtrArray of #JgOrgAccount. A page may be empty while more follow, so
 * only a missing or null NextToken ends the list.
 */
gboolean
jg_organizations_parse_list_accounts (JgAwsResponse  *response,
                                      const char     *operation,
                                      gpointer       *inout_result,
                                      char          **out_next_token,
                                      GError        **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *accounts_node;
  JsonArray *accounts;
  GPtrArray *result;
  const char *next_token;

  root = jg_aws_json_parse_result (response->body, operation, error);
  if (root == NULL)
    return FALSE;

  if (*inout_result == NULL)
    *inout_result = g_ptr_array_new_with_free_func (
      (GDestroyNotify) jg_org_account_unref);
  result = *inout_result;

  object = json_node_get_object (root);
  accounts_node = json_object_get_member (object, "Accounts");
  if (accounts_node != NULL && !JSON_NODE_HOLDS_NULL (accounts_node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (accounts_node))
        {
          g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                       _("%s returned Accounts that is not a list"),
                       operation);
          return FALSE;
        }

      accounts = json_node_get_array (accounts_node);
      for (guint i = 0; i < json_array_get_length (accounts); i++)
        {
          JgOrgAccount *account;

          account = account_from_json (json_array_get_element (accounts, i),
                                       operation, error);
          if (account == NULL)
            return FALSE;

          g_ptr_array_add (result, account);
        }
    }

  next_token = jg_aws_json_get_string (object, "NextToken");
  if (next_token != NULL && next_token[0] != '\0')
    *out_next_token = g_strdup (next_token);

  return TRUE;
}

/**
 * jg_organizations_list_accounts_async:
 * @client: a client
 * @target: credentials of the management account or of a delegated
 *   administrator
 * @cancellable: (nullable): a cancellable
 * @callback: called when every page is read
 * @user_data: data for @callback
 *
 * Calls ListAccounts until NextToken runs out.
 */
void
jg_organizations_list_accounts_async (JgAwsClient         *client,
                                      const JgAwsTarget   *target,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JgAwsRequest) request = NULL;

  request = jg_aws_request_new_json (JG_AWS_SERVICE_ORGANIZATIONS,
                                     JG_ORGANIZATIONS_TARGET_PREFIX,
                                     "ListAccounts");
  jg_aws_request_set_param_int (request, "MaxResults",
                                LIST_ACCOUNTS_MAX_RESULTS);
  jg_aws_call_async (client, target, request, "NextToken",
                     jg_organizations_parse_list_accounts,
                     (GDestroyNotify) g_ptr_array_unref, cancellable,
                     callback, user_data,
                     jg_organizations_list_accounts_async);
}

/**
 * jg_organizations_list_accounts_finish:
 *
 * Returns: (transfer container) (element-type JgOrgAccount): every
 *   account of the organization, or NULL on error
 */
GPtrArray *
jg_organizations_list_accounts_finish (JgAwsClient   *client,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return jg_aws_call_finish (client, result,
                             jg_organizations_list_accounts_async, error);
}
