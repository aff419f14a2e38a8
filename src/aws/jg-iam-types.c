/* jg-iam-types.c: IAM results and how they are read from XML.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "jg-aws-error.h"
#include "jg-iam.h"

struct _JgIamAccountSummary
{
  GHashTable *entries;    /* key → gint64 *, both owned */
};

G_DEFINE_BOXED_TYPE (JgIamUser, jg_iam_user, jg_iam_user_ref,
                     jg_iam_user_unref)
G_DEFINE_BOXED_TYPE (JgIamRole, jg_iam_role, jg_iam_role_ref,
                     jg_iam_role_unref)
G_DEFINE_BOXED_TYPE (JgIamUserPolicy, jg_iam_user_policy,
                     jg_iam_user_policy_ref, jg_iam_user_policy_unref)
G_DEFINE_BOXED_TYPE (JgIamAccountSummary, jg_iam_account_summary,
                     jg_iam_account_summary_ref, jg_iam_account_summary_unref)

static void
tag_free (JgAwsTag *tag)
{
  g_free (tag->key);
  g_free (tag->value);
  g_free (tag);
}

static void
user_clear (JgIamUser *user)
{
  g_free (user->user_name);
  g_free (user->path);
  g_free (user->user_id);
  g_free (user->arn);
  g_clear_pointer (&user->create_date, g_date_time_unref);
  g_clear_pointer (&user->password_last_used, g_date_time_unref);
  g_free (user->permissions_boundary_arn);
  g_clear_pointer (&user->tags, g_ptr_array_unref);
}

JgIamUser *
jg_iam_user_ref (JgIamUser *user)
{
  g_return_val_if_fail (user != NULL, NULL);

  return g_atomic_rc_box_acquire (user);
}

void
jg_iam_user_unref (JgIamUser *user)
{
  g_return_if_fail (user != NULL);

  g_atomic_rc_box_release_full (user, (GDestroyNotify) user_clear);
}

static void
role_clear (JgIamRole *role)
{
  g_free (role->role_name);
  g_free (role->path);
  g_free (role->role_id);
  g_free (role->arn);
  g_clear_pointer (&role->create_date, g_date_time_unref);
  g_free (role->trust_policy);
  g_free (role->description);
  g_free (role->permissions_boundary_arn);
  g_clear_pointer (&role->tags, g_ptr_array_unref);
  g_clear_pointer (&role->last_used_date, g_date_time_unref);
  g_free (role->last_used_region);
}

JgIamRole *
jg_iam_role_ref (JgIamRole *role)
{
  g_return_val_if_fail (role != NULL, NULL);

  return g_atomic_rc_box_acquire (role);
}

void
jg_iam_role_unref (JgIamRole *role)
{
  g_return_if_fail (role != NULL);

  g_atomic_rc_box_release_full (role, (GDestroyNotify) role_clear);
}

static void
user_policy_clear (JgIamUserPolicy *policy)
{
  g_free (policy->user_name);
  g_free (policy->policy_name);
  g_free (policy->policy_document);
}

JgIamUserPolicy *
jg_iam_user_policy_ref (JgIamUserPolicy *policy)
{
  g_return_val_if_fail (policy != NULL, NULL);

  return g_atomic_rc_box_acquire (policy);
}

void
jg_iam_user_policy_unref (JgIamUserPolicy *policy)
{
  g_return_if_fail (policy != NULL);

  g_atomic_rc_box_release_full (policy, (GDestroyNotify) user_policy_clear);
}

static void
account_summary_clear (JgIamAccountSummary *summary)
{
  g_clear_pointer (&summary->entries, g_hash_table_unref);
}

JgIamAccountSummary *
jg_iam_account_summary_ref (JgIamAccountSummary *summary)
{
  g_return_val_if_fail (summary != NULL, NULL);

  return g_atomic_rc_box_acquire (summary);
}

void
jg_iam_account_summary_unref (JgIamAccountSummary *summary)
{
  g_return_if_fail (summary != NULL);

  g_atomic_rc_box_release_full (summary,
                                (GDestroyNotify) account_summary_clear);
}

/**
 * jg_iam_account_summary_lookup:
 * @summary: an account summary
 * @key: a SummaryMap key, such as "AssumeRolePolicySizeQuota"
 * @out_value: (out) (optional): the value
 *
 * Returns: whether the summary has @key; newer IAM versions add keys, so
 *   a missing key is not an error
 */
gboolean
jg_iam_account_summary_lookup (const JgIamAccountSummary *summary,
                               const char                *key,
                               gint64                    *out_value)
{
  gint64 *value;

  g_return_val_if_fail (summary != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  value = g_hash_table_lookup (summary->entries, key);
  if (value == NULL)
    return FALSE;

  if (out_value != NULL)
    *out_value = *value;

  return TRUE;
}

guint
jg_iam_account_summary_get_size (const JgIamAccountSummary *summary)
{
  g_return_val_if_fail (summary != NULL, 0);

  return g_hash_table_size (summary->entries);
}

static GPtrArray *
tags_from_xml (const JgAwsXmlNode *node)
{
  GPtrArray *tags = g_ptr_array_new_with_free_func ((GDestroyNotify) tag_free);
  JgAwsXmlNode *list = jg_aws_xml_node_find (node, "Tags");

  for (guint i = 0; list != NULL && i < list->children->len; i++)
    {
      JgAwsXmlNode *member = g_ptr_array_index (list->children, i);
      const char *key = jg_aws_xml_node_find_text (member, "Key");
      JgAwsTag *tag;

      if (!g_str_equal (member->name, "member") || key == NULL)
        continue;

      tag = g_new0 (JgAwsTag, 1);
      tag->key = g_strdup (key);
      tag->value = g_strdup (jg_aws_xml_node_find_text (member, "Value"));
      if (tag->value == NULL)
        tag->value = g_strdup ("");
      g_ptr_array_add (tags, tag);
    }

  return tags;
}

/* Reads the name, path, id and ARN that users and roles share. */
static gboolean
require_identity (const JgAwsXmlNode  *node,
                  const char          *name_element,
                  const char          *id_element,
                  char               **out_name,
                  char               **out_id,
                  char               **out_path,
                  char               **out_arn,
                  GError             **error)
{
  const char *name = jg_aws_xml_node_require_text (node, name_element, error);
  const char *id = name ? jg_aws_xml_node_require_text (node, id_element,
                                                        error) : NULL;
  const char *arn = id ? jg_aws_xml_node_require_text (node, "Arn", error)
                       : NULL;
  const char *path;

  if (arn == NULL)
    return FALSE;

  /* The model always returns Path; "/" is what IAM means without one. */
  path = jg_aws_xml_node_find_text (node, "Path");

  *out_name = g_strdup (name);
  *out_id = g_strdup (id);
  *out_arn = g_strdup (arn);
  *out_path = g_strdup (path != NULL ? path : "/");

  return TRUE;
}

/**
 * jg_iam_user_new_from_xml:
 * @node: a User element, or a member of ListUsers' Users
 * @error: return location for a JG_AWS_ERROR_MALFORMED_RESPONSE error
 *
 * Returns: (transfer full): the user, or NULL when a required element is
 *   missing or a value is malformed
 */
JgIamUser *
jg_iam_user_new_from_xml (const JgAwsXmlNode  *node,
                          GError             **error)
{
  g_autoptr(JgIamUser) user = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  user = g_atomic_rc_box_new0 (JgIamUser);
  if (!require_identity (node, "UserName", "UserId", &user->user_name,
                         &user->user_id, &user->path, &user->arn, error))
    return NULL;

  user->create_date = jg_aws_xml_node_find_timestamp (node, "CreateDate",
                                                      TRUE, error);
  if (user->create_date == NULL)
    return NULL;

  if (jg_aws_xml_node_find (node, "PasswordLastUsed") != NULL)
    {
      user->password_last_used =
        jg_aws_xml_node_find_timestamp (node, "PasswordLastUsed", TRUE,
                                        error);
      if (user->password_last_used == NULL)
        return NULL;
    }

  user->permissions_boundary_arn = g_strdup (
    jg_aws_xml_node_find_text (node,
                               "PermissionsBoundary/PermissionsBoundaryArn"));
  user->tags = tags_from_xml (node);

  return g_steal_pointer (&user);
}

/**
 * jg_iam_role_new_from_xml:
 * @node: a Role element, or a member of ListRoles' Roles
 * @error: return location for a JG_AWS_ERROR_MALFORMED_RESPONSE error
 *
 * Reads a role and percent-decodes its trust policy.
 *
 * Returns: (transfer full): the role, or NULL when a required element is
 *   missing or a value is malformed
 */
JgIamRole *
jg_iam_role_new_from_xml (const JgAwsXmlNode  *node,
                          GError             **error)
{
  g_autoptr(JgIamRole) role = NULL;
  const char *encoded;

  g_return_val_if_fail (node != NULL, NULL);

  role = g_atomic_rc_box_new0 (JgIamRole);
  if (!require_identity (node, "RoleName", "RoleId", &role->role_name,
                         &role->role_id, &role->path, &role->arn, error))
    return NULL;

  role->create_date = jg_aws_xml_node_find_timestamp (node, "CreateDate",
                                                      TRUE, error);
  if (role->create_date == NULL)
    return NULL;

  encoded = jg_aws_xml_node_require_text (node, "AssumeRolePolicyDocument",
                                          error);
  if (encoded == NULL)
    return NULL;

  role->trust_policy = jg_aws_percent_decode (encoded, error);
  if (role->trust_policy == NULL)
    {
      g_prefix_error (error, _("Role %s: "), role->role_name);
      return NULL;
    }

  role->description = g_strdup (jg_aws_xml_node_find_text (node,
                                                           "Description"));
  if (!jg_aws_xml_node_find_int64 (node, "MaxSessionDuration",
                                   &role->max_session_duration, error))
    return NULL;

  role->permissions_boundary_arn = g_strdup (
    jg_aws_xml_node_find_text (node,
                               "PermissionsBoundary/PermissionsBoundaryArn"));
  role->tags = tags_from_xml (node);

  if (jg_aws_xml_node_find (node, "RoleLastUsed/LastUsedDate") != NULL)
    {
      role->last_used_date =
        jg_aws_xml_node_find_timestamp (node, "RoleLastUsed/LastUsedDate",
                                        TRUE, error);
      if (role->last_used_date == NULL)
        return NULL;
    }
  role->last_used_region = g_strdup (
    jg_aws_xml_node_find_text (node, "RoleLastUsed/Region"));

  return g_steal_pointer (&role);
}

/* Reads IsTruncated and Marker. IAM may return fewer items than asked
 * even when more exist, so only IsTruncated ends the list. */
static gboolean
read_page_marker (const JgAwsXmlNode  *result,
                  const char          *operation,
                  char               **out_next_token,
                  GError             **error)
{
  gboolean truncated = FALSE;
  const char *marker;

  if (!jg_aws_xml_node_find_boolean (result, "IsTruncated", &truncated,
                                     error))
    return FALSE;

  if (!truncated)
    return TRUE;

  marker = jg_aws_xml_node_find_text (result, "Marker");
  if (marker == NULL || marker[0] == '\0')
    {
      g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                   _("%s returned IsTruncated true without a Marker"),
                   operation);
      return FALSE;
    }

  *out_next_token = g_strdup (marker);

  return TRUE;
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

typedef gpointer (*ItemFromXml) (const JgAwsXmlNode *node, GError **error);

static gboolean
parse_item_page (JgAwsResponse   *response,
                 const char      *operation,
                 const char      *list_element,
                 ItemFromXml      item_from_xml,
                 GDestroyNotify   item_free,
                 gpointer        *inout_result,
                 char           **out_next_token,
                 GError         **error)
{
  g_autoptr(JgAwsXmlNode) root = NULL;
  JgAwsXmlNode *result;
  JgAwsXmlNode *list;
  GPtrArray *items;

  result = require_result (response, operation, &root, error);
  if (result == NULL)
    return FALSE;

  if (*inout_result == NULL)
    *inout_result = g_ptr_array_new_with_free_func (item_free);
  items = *inout_result;

  list = jg_aws_xml_node_find (result, list_element);
  for (guint i = 0; list != NULL && i < list->children->len; i++)
    {
      JgAwsXmlNode *member = g_ptr_array_index (list->children, i);
      gpointer item;

      if (!g_str_equal (member->name, "member"))
        continue;

      item = item_from_xml (member, error);
      if (item == NULL)
        return FALSE;

      g_ptr_array_add (items, item);
    }

  return read_page_marker (result, operation, out_next_token, error);
}

/**
 * jg_iam_parse_list_roles:
 *
 * The #JgAwsParseFunc of ListRoles: adds the page's roles to a
 * #GPtrArray of #JgIamRole.
 */
gboolean
jg_iam_parse_list_roles (JgAwsResponse  *response,
                         const char     *operation,
                         gpointer       *inout_result,
                         char          **out_next_token,
                         GError        **error)
{
  return parse_item_page (response, operation, "Roles",
                          (ItemFromXml) jg_iam_role_new_from_xml,
                          (GDestroyNotify) jg_iam_role_unref,
                          inout_result, out_next_token, error);
}

/**
 * jg_iam_parse_list_users:
 *
 * The #JgAwsParseFunc of ListUsers: adds the page's users to a
 * #GPtrArray of #JgIamUser.
 */
gboolean
jg_iam_parse_list_users (JgAwsResponse  *response,
                         const char     *operation,
                         gpointer       *inout_result,
                         char          **out_next_token,
                         GError        **error)
{
  return parse_item_page (response, operation, "Users",
                          (ItemFromXml) jg_iam_user_new_from_xml,
                          (GDestroyNotify) jg_iam_user_unref,
                          inout_result, out_next_token, error);
}

/**
 * jg_iam_parse_string_list:
 *
 * The #JgAwsParseFunc of ListUserPolicies (PolicyNames) and
 * ListAccountAliases (AccountAliases): adds the page's strings to a
 * #GPtrArray of strings.
 */
gboolean
jg_iam_parse_string_list (JgAwsResponse  *response,
                          const char     *operation,
                          gpointer       *inout_result,
                          char          **out_next_token,
                          GError        **error)
{
  g_autoptr(JgAwsXmlNode) root = NULL;
  const char *list_element;
  JgAwsXmlNode *result;
  JgAwsXmlNode *list;
  GPtrArray *strings;

  if (g_str_equal (operation, "ListUserPolicies"))
    list_element = "PolicyNames";
  else if (g_str_equal (operation, "ListAccountAliases"))
    list_element = "AccountAliases";
  else
    g_return_val_if_reached (FALSE);

  result = require_result (response, operation, &root, error);
  if (result == NULL)
    return FALSE;

  if (*inout_result == NULL)
    *inout_result = g_ptr_array_new_with_free_func (g_free);
  strings = *inout_result;

  list = jg_aws_xml_node_find (result, list_element);
  for (guint i = 0; list != NULL && i < list->children->len; i++)
    {
      JgAwsXmlNode *member = g_ptr_array_index (list->children, i);

      if (g_str_equal (member->name, "member"))
        g_ptr_array_add (strings, g_strstrip (g_strdup (member->text->str)));
    }

  return read_page_marker (result, operation, out_next_token, error);
}

/* The JgAwsParseFunc of GetUser. */
gboolean
jg_iam_parse_get_user (JgAwsResponse  *response,
                       const char     *operation,
                       gpointer       *inout_result,
                       char          **out_next_token,
                       GError        **error)
{
  g_autoptr(JgAwsXmlNode) root = NULL;
  JgAwsXmlNode *result = require_result (response, operation, &root, error);
  JgAwsXmlNode *user = result ? jg_aws_xml_node_find (result, "User") : NULL;

  if (result != NULL && user == NULL)
    g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                 _("%s returned no User element"), operation);
  if (user == NULL)
    return FALSE;

  *inout_result = jg_iam_user_new_from_xml (user, error);

  return *inout_result != NULL;
}

/* The JgAwsParseFunc of GetRole. */
gboolean
jg_iam_parse_get_role (JgAwsResponse  *response,
                       const char     *operation,
                       gpointer       *inout_result,
                       char          **out_next_token,
                       GError        **error)
{
  g_autoptr(JgAwsXmlNode) root = NULL;
  JgAwsXmlNode *result = require_result (response, operation, &root, error);
  JgAwsXmlNode *role = result ? jg_aws_xml_node_find (result, "Role") : NULL;

  if (result != NULL && role == NULL)
    g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                 _("%s returned no Role element"), operation);
  if (role == NULL)
    return FALSE;

  *inout_result = jg_iam_role_new_from_xml (role, error);

  return *inout_result != NULL;
}

/* The JgAwsParseFunc of GetUserPolicy. */
gboolean
jg_iam_parse_get_user_policy (JgAwsResponse  *response,
                              const char     *operation,
                              gpointer       *inout_result,
                              char          **out_next_token,
                              GError        **error)
{
  g_autoptr(JgAwsXmlNode) root = NULL;
  g_autoptr(JgIamUserPolicy) policy = NULL;
  JgAwsXmlNode *result;
  const char *user_name;
  const char *policy_name;
  const char *document;

  result = require_result (response, operation, &root, error);
  if (result == NULL)
    return FALSE;

  user_name = jg_aws_xml_node_require_text (result, "UserName", error);
  policy_name = user_name ? jg_aws_xml_node_require_text (result,
                                                          "PolicyName",
                                                          error) : NULL;
  document = policy_name ? jg_aws_xml_node_require_text (result,
                                                         "PolicyDocument",
                                                         error) : NULL;
  if (document == NULL)
    return FALSE;

  policy = g_atomic_rc_box_new0 (JgIamUserPolicy);
  policy->user_name = g_strdup (user_name);
  policy->policy_name = g_strdup (policy_name);
  policy->policy_document = jg_aws_percent_decode (document, error);
  if (policy->policy_document == NULL)
    {
      g_prefix_error (error, _("Policy %s of user %s: "), policy_name,
                      user_name);
      return FALSE;
    }

  *inout_result = g_steal_pointer (&policy);

  return TRUE;
}

/* The JgAwsParseFunc of GetAccountSummary: SummaryMap/entry/{key,value}. */
gboolean
jg_iam_parse_get_account_summary (JgAwsResponse  *response,
                                  const char     *operation,
                                  gpointer       *inout_result,
                                  char          **out_next_token,
                                  GError        **error)
{
  g_autoptr(JgAwsXmlNode) root = NULL;
  g_autoptr(JgIamAccountSummary) summary = NULL;
  JgAwsXmlNode *result;
  JgAwsXmlNode *map;

  result = require_result (response, operation, &root, error);
  if (result == NULL)
    return FALSE;

  map = jg_aws_xml_node_find (result, "SummaryMap");
  if (map == NULL)
    {
      g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                   _("%s returned no SummaryMap element"), operation);
      return FALSE;
    }

  summary = g_atomic_rc_box_new0 (JgIamAccountSummary);
  summary->entries = g_hash_table_new_full (g_str_hash, g_str_equal,
                                            g_free, g_free);

  for (guint i = 0; i < map->children->len; i++)
    {
      JgAwsXmlNode *entry = g_ptr_array_index (map->children, i);
      const char *key = jg_aws_xml_node_find_text (entry, "key");
      gint64 value = 0;

      if (!g_str_equal (entry->name, "entry") || key == NULL)
        continue;

      if (jg_aws_xml_node_find (entry, "value") == NULL)
        {
          g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                       _("%s returned the key %s without a value"),
                       operation, key);
          return FALSE;
        }

      if (!jg_aws_xml_node_find_int64 (entry, "value", &value, error))
        return FALSE;

      g_hash_table_replace (summary->entries, g_strstrip (g_strdup (key)),
                            g_memdup2 (&value, sizeof value));
    }

  *inout_result = g_steal_pointer (&summary);

  return TRUE;
}
