/* jg-plan-read.c: reading the current documents of a plan's targets
 * from AWS.
 *
 * Every target is read at once; the AWS client bounds how many requests
 * are in flight, in all and per account. A user costs GetUser and
 * ListUserPolicies in parallel, then one GetUserPolicy per policy (in
 * parallel); a role costs one GetRole. GetUser checks that the user
 * exists under the principal's ARN, path included, because IAM rejects a
 * trust policy that names a user that does not exist.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "aws/jg-aws.h"
#include "aws/jg-session-manager.h"
#include "core/jg-policy.h"
#include "jg-engine.h"

typedef struct
{
  JgSessionManager *sessions;
  JgAwsClient      *client;
  GHashTable       *admin_roles;   /* account id → admin role name */
  GPtrArray        *targets;
  JgPlanDocuments  *documents;
  GPtrArray        *errors;        /* char *, one line per failed read */
  guint             pending;
} ReadData;

typedef struct
{
  GTask        *task;            /* owned */
  JgPlanTarget *target;          /* borrowed from ReadData */
  JgAwsTarget  *aws_target;
  GStrv         names;           /* of the user's inline policies */
  GPtrArray    *texts;           /* their documents, in names order */
  char         *actual_arn;      /* from GetUser */
  gboolean      missing;
  guint         pending;
  GError       *error;
} TargetRead;

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->sessions);
  g_clear_object (&data->client);
  g_clear_pointer (&data->admin_roles, g_hash_table_unref);
  g_clear_pointer (&data->targets, g_ptr_array_unref);
  g_clear_pointer (&data->documents, jg_plan_documents_free);
  g_clear_pointer (&data->errors, g_ptr_array_unref);
  g_free (data);
}

static void
target_read_free (TargetRead *read)
{
  g_clear_object (&read->task);
  g_clear_pointer (&read->aws_target, jg_aws_target_free);
  g_clear_pointer (&read->names, g_strfreev);
  g_clear_pointer (&read->texts, g_ptr_array_unref);
  g_free (read->actual_arn);
  g_clear_error (&read->error);
  g_free (read);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
         || g_error_matches (error, JG_AWS_ERROR, JG_AWS_ERROR_CANCELLED);
}

/* Ends the read of one target; the last one ends the task. */
static void
target_read_done (TargetRead *read)
{
  ReadData *data = g_task_get_task_data (read->task);
  GTask *task = g_object_ref (read->task);

  if (read->error != NULL && !is_cancelled (read->error))
    g_ptr_array_add (data->errors,
                     g_strdup_printf (_("Cannot read the %s of %s: %s"),
                                      read->target->kind == JG_PLAN_DOCUMENT_USER_POLICY
                                      ? _("inline policies") : _("trust policy"),
                                      read->target->arn,
                                      read->error->message));

  target_read_free (read);

  g_assert (data->pending > 0);
  if (--data->pending == 0)
    {
      if (!g_task_return_error_if_cancelled (task))
        g_task_return_boolean (task, TRUE);
    }

}

static void
finish_user (TargetRead *read)
{
  ReadData *data = g_task_get_task_data (read->task);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  const char *jumpgate = NULL;

  if (read->missing || read->names == NULL)
    {
      jg_plan_documents_set_user (data->documents, read->target->arn, FALSE,
                                  NULL, NULL, NULL);
      return;
    }

  for (guint i = 0; read->names[i] != NULL; i++)
    {
      if (g_strcmp0 (read->names[i], JG_POLICY_ASSUME_ROLES_NAME) == 0)
        {
          jumpgate = g_ptr_array_index (read->texts, i);
          continue;
        }

      g_ptr_array_add (names, read->names[i]);
      g_ptr_array_add (texts, g_ptr_array_index (read->texts, i));
    }
  g_ptr_array_add (names, NULL);
  g_ptr_array_add (texts, NULL);

  jg_plan_documents_set_user (data->documents, read->target->arn, TRUE,
                              jumpgate, (const char *const *) names->pdata,
                              (const char *const *) texts->pdata);

  if (read->actual_arn != NULL
      && g_strcmp0 (read->actual_arn, read->target->arn) != 0)
    jg_plan_documents_set_user_actual_arn (data->documents, read->target->arn,
                                           read->actual_arn);
}

/* Counts down the user's requests; the last one records the user. */
static void
user_step_done (TargetRead *read)
{
  g_assert (read->pending > 0);
  if (--read->pending > 0)
    return;

  if (read->error == NULL)
    finish_user (read);
  target_read_done (read);
}

static void
on_get_user_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  TargetRead *read = user_data;
  g_autoptr(JgIamUser) user = NULL;
  g_autoptr(GError) error = NULL;

  user = jg_iam_get_user_finish (JG_AWS_CLIENT (source), result, &error);
  if (user != NULL)
    read->actual_arn = g_strdup (user->arn);
  else if (g_error_matches (error, JG_AWS_ERROR, JG_AWS_ERROR_NO_SUCH_ENTITY))
    read->missing = TRUE;
  else if (read->error == NULL)
    read->error = g_steal_pointer (&error);

  user_step_done (read);
}

static void
on_get_user_policy_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  TargetRead *read = user_data;
  g_autoptr(JgIamUserPolicy) policy = NULL;
  g_autoptr(GError) error = NULL;

  policy = jg_iam_get_user_policy_finish (JG_AWS_CLIENT (source), result,
                                          &error);
  /* A policy deleted since ListUserPolicies is simply absent. */
  if (policy == NULL && read->error == NULL
      && !g_error_matches (error, JG_AWS_ERROR, JG_AWS_ERROR_NO_SUCH_ENTITY))
    read->error = g_steal_pointer (&error);

  if (policy != NULL)
    {
      for (guint i = 0; read->names[i] != NULL; i++)
        {
          if (g_strcmp0 (read->names[i], policy->policy_name) == 0)
            {
              g_free (g_ptr_array_index (read->texts, i));
              g_ptr_array_index (read->texts, i) = g_strdup (policy->policy_document);
            }
        }
    }

  user_step_done (read);
}

static void
on_list_user_policies_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  TargetRead *read = user_data;
  ReadData *data = g_task_get_task_data (read->task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (read->task);

  read->names = jg_iam_list_user_policies_finish (JG_AWS_CLIENT (source),
                                                  result, &error);
  if (read->names == NULL)
    {
      if (g_error_matches (error, JG_AWS_ERROR, JG_AWS_ERROR_NO_SUCH_ENTITY))
        read->missing = TRUE;
      else if (read->error == NULL)
        read->error = g_steal_pointer (&error);

      user_step_done (read);
      return;
    }

  read->texts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; read->names[i] != NULL; i++)
    {
      g_ptr_array_add (read->texts, NULL);
      read->pending++;
      jg_iam_get_user_policy_async (data->client, read->aws_target,
                                    read->target->entity_name, read->names[i],
                                    cancellable, on_get_user_policy_cb, read);
    }

  user_step_done (read);
}

static void
on_get_role_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  TargetRead *read = user_data;
  ReadData *data = g_task_get_task_data (read->task);
  g_autoptr(JgIamRole) role = NULL;
  g_autoptr(GError) error = NULL;

  role = jg_iam_get_role_finish (JG_AWS_CLIENT (source), result, &error);
  if (role != NULL)
    jg_plan_documents_set_role (data->documents, read->target->arn, TRUE,
                                role->trust_policy);
  else if (g_error_matches (error, JG_AWS_ERROR, JG_AWS_ERROR_NO_SUCH_ENTITY))
    jg_plan_documents_set_role (data->documents, read->target->arn, FALSE,
                                NULL);
  else
    read->error = g_steal_pointer (&error);

  target_read_done (read);
}

static void
on_credentials_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TargetRead *read = user_data;
  ReadData *data = g_task_get_task_data (read->task);
  GCancellable *cancellable = g_task_get_cancellable (read->task);
  g_autoptr(JgAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = jg_session_manager_get_credentials_finish (JG_SESSION_MANAGER (source),
                                                           result, &error);
  if (credentials == NULL)
    {
      read->error = g_steal_pointer (&error);
      target_read_done (read);
      return;
    }

  read->aws_target = jg_aws_target_new (credentials, read->target->partition,
                                        NULL, read->target->account_id);

  if (read->target->kind == JG_PLAN_DOCUMENT_USER_POLICY)
    {
      read->pending = 2;
      jg_iam_get_user_async (data->client, read->aws_target,
                             read->target->entity_name, cancellable,
                             on_get_user_cb, read);
      jg_iam_list_user_policies_async (data->client, read->aws_target,
                                       read->target->entity_name, cancellable,
                                       on_list_user_policies_cb, read);
    }
  else
    jg_iam_get_role_async (data->client, read->aws_target,
                           read->target->entity_name, cancellable,
                           on_get_role_cb, read);
}

/* Returns the admin role to assume for @target, or NULL for the jump
 * account, whose own credentials are used. */
const char *
jg_engine_admin_role_for (GHashTable         *admin_roles,
                          const JgPlanTarget *target)
{
  const char *role;

  if (target->kind == JG_PLAN_DOCUMENT_USER_POLICY)
    return NULL;

  role = g_hash_table_lookup (admin_roles, target->account_id);
  return role != NULL ? role : JG_DEFAULT_ADMIN_ROLE;
}

/* Returns a table of account id → admin role name of every account. */
GHashTable *
jg_engine_load_admin_roles (JgStore  *store,
                            GError  **error)
{
  g_autoptr(GPtrArray) accounts = jg_store_list_accounts (store, error);
  GHashTable *roles;

  if (accounts == NULL)
    return NULL;

  roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < accounts->len; i++)
    {
      JgAccount *account = g_ptr_array_index (accounts, i);

      g_hash_table_insert (roles, g_strdup (account->id),
                           g_strdup (account->admin_role));
    }

  return roles;
}

/**
 * jg_plan_read_documents_async:
 * @targets: (element-type JgPlanTarget): what to read
 *
 * Reads the current documents of @targets from AWS: the jump account's
 * users with the admin credentials, the roles through each account's
 * admin role. A document that cannot be read is left unknown, and its
 * error is returned by jg_plan_read_documents_finish() in out_errors.
 */
void
jg_plan_read_documents_async (JgSessionManager    *sessions,
                              JgStore             *store,
                              GPtrArray           *targets,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  ReadData *data;

  g_return_if_fail (JG_IS_SESSION_MANAGER (sessions));
  g_return_if_fail (JG_IS_STORE (store));
  g_return_if_fail (targets != NULL);

  task = g_task_new (sessions, cancellable, callback, user_data);
  g_task_set_source_tag (task, jg_plan_read_documents_async);

  data = g_new0 (ReadData, 1);
  data->sessions = g_object_ref (sessions);
  data->client = g_object_ref (jg_session_manager_get_client (sessions));
  data->targets = g_ptr_array_ref (targets);
  data->documents = jg_plan_documents_new ();
  data->errors = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);

  data->admin_roles = jg_engine_load_admin_roles (store, &error);
  if (data->admin_roles == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (targets->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  data->pending = targets->len;
  for (guint i = 0; i < targets->len; i++)
    {
      JgPlanTarget *target = g_ptr_array_index (targets, i);
      TargetRead *read = g_new0 (TargetRead, 1);

      read->task = g_object_ref (task);
      read->target = target;
      jg_session_manager_get_credentials_async (sessions, target->partition,
                                                target->kind == JG_PLAN_DOCUMENT_USER_POLICY
                                                ? NULL : target->account_id,
                                                jg_engine_admin_role_for (data->admin_roles,
                                                                          target),
                                                cancellable, on_credentials_cb,
                                                read);
    }
}

/* Returns the documents read, or NULL when the read was cancelled or
 * could not start. @out_errors receives one line per document that could
 * not be read (an empty array when all were). */
JgPlanDocuments *
jg_plan_read_documents_finish (JgSessionManager  *sessions,
                               GAsyncResult      *result,
                               GPtrArray        **out_errors,
                               GError           **error)
{
  ReadData *data;
  JgPlanDocuments *documents;

  g_return_val_if_fail (g_task_is_valid (result, sessions), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  data = g_task_get_task_data (G_TASK (result));
  documents = g_steal_pointer (&data->documents);
  if (out_errors != NULL)
    *out_errors = g_ptr_array_ref (data->errors);
  return documents;
}
