/* jg-iam.h: the IAM operations Jumpgate uses, and their results.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jg-aws-call.h"
#include "jg-aws-xml.h"

G_BEGIN_DECLS

#define JG_IAM_API_VERSION "2010-05-08"

/* A tag of a user or role. */
typedef struct
{
  char *key;
  char *value;
} JgAwsTag;

/* An IAM user. ListUsers leaves out the tags and the permissions
 * boundary; GetUser returns them. Reference-counted: copy takes a
 * reference. */
typedef struct
{
  char       *user_name;
  char       *path;
  char       *user_id;
  char       *arn;
  GDateTime  *create_date;
  GDateTime  *password_last_used;         /* NULL if never or not returned */
  char       *permissions_boundary_arn;   /* NULL if none */
  GPtrArray  *tags;                       /* of JgAwsTag, maybe empty */
} JgIamUser;

/* An IAM role. trust_policy is the AssumeRolePolicyDocument with IAM's
 * percent-encoding removed. ListRoles leaves out the tags, the
 * permissions boundary and the last use. Reference-counted. */
typedef struct
{
  char       *role_name;
  char       *path;
  char       *role_id;
  char       *arn;
  GDateTime  *create_date;
  char       *trust_policy;
  char       *description;                /* NULL if none */
  gint64      max_session_duration;       /* seconds, 0 if not returned */
  char       *permissions_boundary_arn;
  GPtrArray  *tags;                       /* of JgAwsTag, maybe empty */
  GDateTime  *last_used_date;
  char       *last_used_region;
} JgIamRole;

/* An inline policy of a user, its document decoded. Reference-counted. */
typedef struct
{
  char *user_name;
  char *policy_name;
  char *policy_document;
} JgIamUserPolicy;

/* The SummaryMap of GetAccountSummary: quota and usage names, such as
 * "AssumeRolePolicySizeQuota", to their values. */
typedef struct _JgIamAccountSummary JgIamAccountSummary;

#define JG_TYPE_IAM_USER (jg_iam_user_get_type ())
#define JG_TYPE_IAM_ROLE (jg_iam_role_get_type ())
#define JG_TYPE_IAM_USER_POLICY (jg_iam_user_policy_get_type ())
#define JG_TYPE_IAM_ACCOUNT_SUMMARY (jg_iam_account_summary_get_type ())

GType            jg_iam_user_get_type         (void) G_GNUC_CONST;
JgIamUser       *jg_iam_user_ref              (JgIamUser          *user);
void             jg_iam_user_unref            (JgIamUser          *user);
JgIamUser       *jg_iam_user_new_from_xml     (const JgAwsXmlNode *node,
                                               GError            **error);

GType            jg_iam_role_get_type         (void) G_GNUC_CONST;
JgIamRole       *jg_iam_role_ref              (JgIamRole          *role);
void             jg_iam_role_unref            (JgIamRole          *role);
JgIamRole       *jg_iam_role_new_from_xml     (const JgAwsXmlNode *node,
                                               GError            **error);

GType            jg_iam_user_policy_get_type  (void) G_GNUC_CONST;
JgIamUserPolicy *jg_iam_user_policy_ref       (JgIamUserPolicy    *policy);
void             jg_iam_user_policy_unref     (JgIamUserPolicy    *policy);

GType                jg_iam_account_summary_get_type (void) G_GNUC_CONST;
JgIamAccountSummary *jg_iam_account_summary_ref      (JgIamAccountSummary *summary);
void                 jg_iam_account_summary_unref    (JgIamAccountSummary *summary);
gboolean             jg_iam_account_summary_lookup   (const JgIamAccountSummary *summary,
                                                      const char          *key,
                                                      gint64              *out_value);
guint                jg_iam_account_summary_get_size (const JgIamAccountSummary *summary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgIamUser, jg_iam_user_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgIamRole, jg_iam_role_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgIamUserPolicy, jg_iam_user_policy_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgIamAccountSummary, jg_iam_account_summary_unref)

/* Page parsers, public so that tests can feed them recorded replies. */
gboolean jg_iam_parse_list_roles          (JgAwsResponse  *response,
                                           const char     *operation,
                                           gpointer       *inout_result,
                                           char          **out_next_token,
                                           GError        **error);
gboolean jg_iam_parse_list_users          (JgAwsResponse  *response,
                                           const char     *operation,
                                           gpointer       *inout_result,
                                           char          **out_next_token,
                                           GError        **error);
gboolean jg_iam_parse_string_list         (JgAwsResponse  *response,
                                           const char     *operation,
                                           gpointer       *inout_result,
                                           char          **out_next_token,
                                           GError        **error);
gboolean jg_iam_parse_get_user            (JgAwsResponse  *response,
                                           const char     *operation,
                                           gpointer       *inout_result,
                                           char          **out_next_token,
                                           GError        **error);
gboolean jg_iam_parse_get_role            (JgAwsResponse  *response,
                                           const char     *operation,
                                           gpointer       *inout_result,
                                           char          **out_next_token,
                                           GError        **error);
gboolean jg_iam_parse_get_user_policy     (JgAwsResponse  *response,
                                           const char     *operation,
                                           gpointer       *inout_result,
                                           char          **out_next_token,
                                           GError        **error);
gboolean jg_iam_parse_get_account_summary (JgAwsResponse  *response,
                                           const char     *operation,
                                           gpointer       *inout_result,
                                           char          **out_next_token,
                                           GError        **error);

void                 jg_iam_get_user_async                  (JgAwsClient         *client,
                                                             const JgAwsTarget   *target,
                                                             const char          *user_name,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
JgIamUser           *jg_iam_get_user_finish                 (JgAwsClient         *client,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                 jg_iam_list_users_async                (JgAwsClient         *client,
                                                             const JgAwsTarget   *target,
                                                             const char          *path_prefix,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GPtrArray           *jg_iam_list_users_finish               (JgAwsClient         *client,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                 jg_iam_get_user_policy_async           (JgAwsClient         *client,
                                                             const JgAwsTarget   *target,
                                                             const char          *user_name,
                                                             const char          *policy_name,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
JgIamUserPolicy     *jg_iam_get_user_policy_finish          (JgAwsClient         *client,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                 jg_iam_put_user_policy_async           (JgAwsClient         *client,
                                                             const JgAwsTarget   *target,
                                                             const char          *user_name,
                                                             const char          *policy_name,
                                                             const char          *policy_document,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean             jg_iam_put_user_policy_finish          (JgAwsClient         *client,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                 jg_iam_delete_user_policy_async        (JgAwsClient         *client,
                                                             const JgAwsTarget   *target,
                                                             const char          *user_name,
                                                             const char          *policy_name,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean             jg_iam_delete_user_policy_finish       (JgAwsClient         *client,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                 jg_iam_list_user_policies_async        (JgAwsClient         *client,
                                                             const JgAwsTarget   *target,
                                                             const char          *user_name,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GStrv                jg_iam_list_user_policies_finish       (JgAwsClient         *client,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                 jg_iam_get_role_async                  (JgAwsClient         *client,
                                                             const JgAwsTarget   *target,
                                                             const char          *role_name,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
JgIamRole           *jg_iam_get_role_finish                 (JgAwsClient         *client,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                 jg_iam_list_roles_async                (JgAwsClient         *client,
                                                             const JgAwsTarget   *target,
                                                             const char          *path_prefix,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GPtrArray           *jg_iam_list_roles_finish               (JgAwsClient         *client,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                 jg_iam_update_assume_role_policy_async (JgAwsClient         *client,
                                                             const JgAwsTarget   *target,
                                                             const char          *role_name,
                                                             const char          *policy_document,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean             jg_iam_update_assume_role_policy_finish (JgAwsClient        *client,
                                                              GAsyncResult       *result,
                                                              GError            **error);
void                 jg_iam_list_account_aliases_async      (JgAwsClient         *client,
                                                             const JgAwsTarget   *target,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
GStrv                jg_iam_list_account_aliases_finish     (JgAwsClient         *client,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void                 jg_iam_get_account_summary_async       (JgAwsClient         *client,
                                                             const JgAwsTarget   *target,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
JgIamAccountSummary *jg_iam_get_account_summary_finish      (JgAwsClient         *client,
                                                             GAsyncResult        *result,
                                                             GError             **error);

G_END_DECLS
