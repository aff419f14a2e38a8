/* jg-commit.c: the commit runner: plan, journal, apply, finish.
 *
 * Order of a commit: the plan is made from the staging area and the
 * documents read from AWS before anything is journaled, so that a plan
 * that breaks a limit leaves no trace; then jg_store_begin_commit()
 * records the commit, its requested changes and its author and updates
 * the desired state in one transaction; then every action is journaled
 * as pending, marked running just before its request is sent and
 * finished as soon as its reply arrives. After kill -9 the commit is
 * still marked running and --resume re-plans it against AWS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "aws/jg-aws.h"
#include "core/jg-policy.h"
#include "jg-commit.h"
#include "jg-engine.h"

struct _JgCommitRunner
{
  GObject           parent_instance;

  JgStore          *store;
  JgSessionManager *sessions;
  guint             max_in_flight;
  guint             max_per_account;

  /* State of the run in progress. */
  GTask            *task;
  int               lock_fd;
  char             *comment;
  JgPartition       author_partition;
  gint64            commit_id;
  GPtrArray        *targets;
  JgPlanDocuments  *documents;
  JgPlan           *plan;
  GHashTable       *admin_roles;
  GPtrArray        *journal;        /* JgCommitAction, parallel to plan */
  guint             next_action;    /* first action not started yet */
  guint             n_started;
  GArray           *started;        /* gboolean per action */
  GHashTable       *account_in_flight; /* account id → guint */
  guint             in_flight;
  guint             n_done;
  guint             n_succeeded;
  guint             n_failed;
  guint             n_cancelled;
  guint             n_read_errors;
};

G_DEFINE_FINAL_TYPE (JgCommitRunner, jg_commit_runner, G_TYPE_OBJECT)

enum
{
  PROGRESS,
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_next_actions (JgCommitRunner *self);
static void finish_run         (JgCommitRunner *self);

static guint
account_in_flight (JgCommitRunner *self,
                   const char     *account_id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->account_in_flight,
                                                account_id));
}

static void
set_account_in_flight (JgCommitRunner *self,
                       const char     *account_id,
                       guint           count)
{
  if (count == 0)
    g_hash_table_remove (self->account_in_flight, account_id);
  else
    g_hash_table_insert (self->account_in_flight, g_strdup (account_id),
                         GUINT_TO_POINTER (count));
}

/* Marks the action at index as no longer in flight. */
static void
action_left_flight (JgCommitRunner *self,
                    guint           index)
{
  JgPlanAction *action = g_ptr_array_index (self->plan->actions, index);

  self->in_flight--;
  set_account_in_flight (self, action->account_id,
                         account_in_flight (self, action->account_id) - 1);
}

static void
reset_run (JgCommitRunner *self)
{
  jg_commit_lock_release (self->lock_fd);
  self->lock_fd = -1;
  g_clear_pointer (&self->comment, g_free);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->documents, jg_plan_documents_free);
  g_clear_pointer (&self->admin_roles, g_hash_table_unref);
  g_clear_pointer (&self->journal, g_ptr_array_unref);
  self->next_action = 0;
  self->n_started = 0;
  g_clear_pointer (&self->started, g_array_unref);
  g_clear_pointer (&self->account_in_flight, g_hash_table_unref);
  self->in_flight = 0;
  self->n_done = 0;
  self->n_succeeded = 0;
  self->n_failed = 0;
  self->n_cancelled = 0;
  self->n_read_errors = 0;
}

/* Records a message in the journal and emits it. A journal that cannot
 * be written is logged: the commit goes on, because stopping half-way
 * would leave AWS in a worse state than a missing message. */
static void
add_message (JgCommitRunner *self,
             const char     *level,
             const char     *format,
             ...) G_GNUC_PRINTF (3, 4);

static void
add_message (JgCommitRunner *self,
             const char     *level,
             const char     *format,
             ...)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  if (self->commit_id > 0
      && !jg_store_add_commit_message (self->store, self->commit_id, level,
                                       text, &error))
    g_warning ("Cannot journal a message of commit %" G_GINT64_FORMAT ": %s",
               self->commit_id, error->message);

  g_signal_emit (self, signals[MESSAGE], 0, level, text);
}

static void
update_journal (JgCommitRunner *self,
                JgCommitAction *row)
{
  g_autoptr(GError) error = NULL;

  if (!jg_store_update_commit_action (self->store, row, &error))
    g_warning ("Cannot journal action %" G_GINT64_FORMAT " of commit %"
               G_GINT64_FORMAT ": %s", row->id, self->commit_id,
               error->message);
}

static char *
describe_action (const JgPlanAction *action)
{
  return g_strdup_printf ("%s %s",
                          jg_plan_operation_to_string (action->operation),
                          action->target_arn);
}

static gboolean
is_cancelled_error (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
         || g_error_matches (error, JG_AWS_ERROR, JG_AWS_ERROR_CANCELLED);
}

static char **
affected_handles (JgCommitRunner  *self,
                  GError         **error)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) handles = g_ptr_array_new_with_free_func (g_free);

  changes = jg_store_list_requested_changes (self->store, self->commit_id,
                                             error);
  if (changes == NULL)
    return NULL;

  for (guint i = 0; i < changes->len; i++)
    {
      JgChange *change = g_ptr_array_index (changes, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < handles->len && !seen; j++)
        seen = g_strcmp0 (g_ptr_array_index (handles, j), change->handle) == 0;
      if (!seen)
        g_ptr_array_add (handles, g_strdup (change->handle));
    }

  g_ptr_array_add (handles, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&handles), FALSE);
}

static void
finish_run (JgCommitRunner *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) handles = NULL;
  JgCommitStatus status;
  guint total = self->plan != NULL ? self->plan->actions->len : 0;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    status = JG_COMMIT_CANCELLED;
  else if (self->n_failed == 0 && self->n_read_errors == 0)
    status = JG_COMMIT_SUCCEEDED;
  else if (self->n_succeeded == 0)
    status = JG_COMMIT_FAILED;
  else
    status = JG_COMMIT_PARTIAL;

  switch (status)
    {
    case JG_COMMIT_SUCCEEDED:
      add_message (self, "info", _("Commit %" PRId64 " succeeded: "
                                   "%u of %u actions applied."),
                   self->commit_id, self->n_succeeded, total);
      break;
    case JG_COMMIT_CANCELLED:
      add_message (self, "warning",
                   _("Commit %" PRId64 " was cancelled: %u of %u "
                     "actions applied, %u cancelled, %u failed. Run "
                     "“jumpgate-cli plan” to see what remains."),
                   self->commit_id, self->n_succeeded, total,
                   self->n_cancelled, self->n_failed);
      break;
    default:
      add_message (self, "error",
                   _("Commit %" PRId64 " ended %s: %u of %u actions "
                     "applied, %u failed, %u documents unreadable. Fix the "
                     "errors above, then run “jumpgate-cli plan --all” to see "
                     "what remains."),
                   self->commit_id, jg_commit_status_to_string (status),
                   self->n_succeeded, total, self->n_failed,
                   self->n_read_errors);
      break;
    }

  handles = affected_handles (self, &error);
  if (handles == NULL
      || !jg_engine_store_user_configs (self->store, self->commit_id,
                                        (const char *const *) handles, &error))
    add_message (self, "error", _("Cannot store the user configurations: %s"),
                 error->message);

  g_clear_error (&error);
  if (!jg_store_finish_commit (self->store, self->commit_id, status, &error))
    {
      reset_run (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  reset_run (self);
  g_task_return_int (task, status);
}

static void
action_done (JgCommitRunner *self,
             JgCommitAction *row)
{
  g_autofree char *description = NULL;

  update_journal (self, row);

  description = g_strdup_printf ("%s %s", row->operation, row->target_arn);
  self->n_done++;
  g_signal_emit (self, signals[PROGRESS], 0, self->n_done,
                 self->plan->actions->len, description);
}

/* Starts more actions, or finishes the run when none is left. */
static void
continue_run (JgCommitRunner *self)
{
  start_next_actions (self);

  if (self->task != NULL && self->in_flight == 0
      && self->n_started >= self->plan->actions->len)
    finish_run (self);
}

static void
record_failure (JgCommitRunner *self,
                JgCommitAction *row,
                const GError   *error)
{
  const char *code = error->domain == JG_AWS_ERROR
                     ? jg_aws_error_get_aws_code (error) : NULL;
  const char *request_id = error->domain == JG_AWS_ERROR
                           ? jg_aws_error_get_request_id (error) : NULL;

  if (is_cancelled_error (error))
    {
      row->status = JG_ACTION_CANCELLED;
      self->n_cancelled++;
    }
  else
    {
      g_autofree char *details = NULL;

      if (code != NULL || request_id != NULL)
        details = g_strdup_printf (_(" (AWS error code %s, request id %s)"),
                                   code != NULL ? code : _("none"),
                                   request_id != NULL ? request_id
                                                      : _("none"));
      row->status = JG_ACTION_FAILED;
      self->n_failed++;
      add_message (self, "error", _("%s %s failed: %s%s"), row->operation,
                   row->target_arn, error->message,
                   details != NULL ? details : "");
    }

  g_free (row->error_code);
  row->error_code = g_strdup (code != NULL ? code
                              : (is_cancelled_error (error) ? "Cancelled"
                                 : NULL));
  g_free (row->error_message);
  row->error_message = g_strdup (error->message);
  g_free (row->request_id);
  row->request_id = g_strdup (request_id);
}

typedef struct
{
  JgCommitRunner *runner;         /* owned */
  guint           index;
  JgAwsTarget    *aws_target;
} Step;

static void
step_free (Step *step)
{
  g_clear_object (&step->runner);
  g_clear_pointer (&step->aws_target, jg_aws_target_free);
  g_free (step);
}

static void
on_write_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Step *step = user_data;
  JgCommitRunner *self = step->runner;
  JgPlanAction *action = g_ptr_array_index (self->plan->actions, step->index);
  JgCommitAction *row = g_ptr_array_index (self->journal, step->index);
  const JgAwsCallInfo *info = jg_aws_call_info_get (result);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (action->operation == JG_PLAN_OPERATION_PUT_USER_POLICY)
    ok = jg_iam_put_user_policy_finish (JG_AWS_CLIENT (source), result,
                                        &error);
  else if (action->operation == JG_PLAN_OPERATION_DELETE_USER_POLICY)
    ok = jg_iam_delete_user_policy_finish (JG_AWS_CLIENT (source), result,
                                           &error);
  else
    ok = jg_iam_update_assume_role_policy_finish (JG_AWS_CLIENT (source),
                                                  result, &error);

  action_left_flight (self, step->index);
  if (info != NULL)
    {
      row->attempts = (int) info->attempts;
      row->duration_ms = info->duration_us / 1000;
      g_free (row->request_id);
      row->request_id = g_strdup (info->request_id);
    }

  if (ok)
    {
      row->status = JG_ACTION_SUCCEEDED;
      self->n_succeeded++;
    }
  else
    {
      record_failure (self, row, error);
    }

  action_done (self, row);
  continue_run (self);
  step_free (step);
}

static void
on_action_credentials_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  Step *step = user_data;
  JgCommitRunner *self = step->runner;
  JgPlanAction *action = g_ptr_array_index (self->plan->actions, step->index);
  JgCommitAction *row = g_ptr_array_index (self->journal, step->index);
  GCancellable *cancellable = g_task_get_cancellable (self->task);
  JgAwsClient *client = jg_session_manager_get_client (self->sessions);
  g_autoptr(JgAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = jg_session_manager_get_credentials_finish (JG_SESSION_MANAGER (source),
                                                           result, &error);
  if (credentials == NULL)
    {
      action_left_flight (self, step->index);
      record_failure (self, row, error);
      action_done (self, row);
      continue_run (self);
      step_free (step);
      return;
    }

  step->aws_target = jg_aws_target_new (credentials, action->partition, NULL,
                                        action->account_id);

  /* Journaled as running before the request leaves, so that a crash
   * from here on shows the action as interrupted. */
  row->status = JG_ACTION_RUNNING;
  update_journal (self, row);

  switch (action->operation)
    {
    case JG_PLAN_OPERATION_PUT_USER_POLICY:
      jg_iam_put_user_policy_async (client, step->aws_target,
                                    action->entity_name,
                                    JG_POLICY_ASSUME_ROLES_NAME,
                                    action->after, cancellable, on_write_cb,
                                    step);
      break;
    case JG_PLAN_OPERATION_DELETE_USER_POLICY:
      jg_iam_delete_user_policy_async (client, step->aws_target,
                                       action->entity_name,
                                       JG_POLICY_ASSUME_ROLES_NAME,
                                       cancellable, on_write_cb, step);
      break;
    case JG_PLAN_OPERATION_UPDATE_ASSUME_ROLE_POLICY:
    default:
      jg_iam_update_assume_role_policy_async (client, step->aws_target,
                                              action->entity_name,
                                              action->after, cancellable,
                                              on_write_cb, step);
      break;
    }
}

/* Starts actions until max_in_flight are in flight. Actions not started
 * when the run is cancelled are journaled as cancelled, unsent. */
static void
start_next_actions (JgCommitRunner *self)
{
  GCancellable *cancellable = g_task_get_cancellable (self->task);

  if (self->started == NULL)
    {
      self->started = g_array_sized_new (FALSE, TRUE, sizeof (gboolean),
                                         self->plan->actions->len);
      g_array_set_size (self->started, self->plan->actions->len);
      self->account_in_flight = g_hash_table_new_full (g_str_hash,
                                                       g_str_equal, g_free,
                                                       NULL);
    }

  /* The window holds at most max_in_flight actions and skips actions
   * whose account already has max_per_account in flight, so a run of
   * actions on one account (trust policies sorted by ARN, or the jump
   * account's user policies) does not leave the other slots idle while
   * the AWS client queues them. An action is journaled as running only
   * when it really goes out. */
  for (guint index = self->next_action;
       self->task != NULL && index < self->plan->actions->len
       && self->in_flight < self->max_in_flight;
       index++)
    {
      JgPlanAction *action = g_ptr_array_index (self->plan->actions, index);
      JgCommitAction *row = g_ptr_array_index (self->journal, index);
      g_autofree char *description = NULL;
      Step *step;

      if (g_array_index (self->started, gboolean, index))
        continue;

      if (!g_cancellable_is_cancelled (cancellable)
          && account_in_flight (self, action->account_id)
             >= self->max_per_account)
        continue;

      g_array_index (self->started, gboolean, index) = TRUE;
      self->n_started++;
      while (self->next_action < self->plan->actions->len
             && g_array_index (self->started, gboolean, self->next_action))
        self->next_action++;
      description = describe_action (action);

      if (g_cancellable_is_cancelled (cancellable))
        {
          row->status = JG_ACTION_CANCELLED;
          row->error_code = g_strdup ("Cancelled");
          row->error_message = g_strdup (_("Not sent: the commit was "
                                           "cancelled"));
          self->n_cancelled++;
          action_done (self, row);
          continue;
        }

      step = g_new0 (Step, 1);
      step->runner = g_object_ref (self);
      step->index = index;
      self->in_flight++;
      set_account_in_flight (self, action->account_id,
                             account_in_flight (self, action->account_id) + 1);
      g_signal_emit (self, signals[PROGRESS], 0, self->n_done,
                     self->plan->actions->len, description);
      jg_session_manager_get_credentials_async (self->sessions,
                                                action->partition,
                                                action->operation == JG_PLAN_OPERATION_UPDATE_ASSUME_ROLE_POLICY
                                                ? action->account_id : NULL,
                                                action->operation == JG_PLAN_OPERATION_UPDATE_ASSUME_ROLE_POLICY
                                                ? g_hash_table_lookup (self->admin_roles,
                                                                       action->account_id)
                                                : NULL,
                                                cancellable,
                                                on_action_credentials_cb, step);
    }
}

/* Journals every action as pending, then starts them. */
static void
apply_plan (JgCommitRunner *self,
            int             first_position)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = jg_plan_dup_summary (self->plan);

  add_message (self, "info", "%s", summary);

  self->journal = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_commit_action_free);
  for (guint i = 0; i < self->plan->actions->len; i++)
    {
      JgPlanAction *action = g_ptr_array_index (self->plan->actions, i);
      JgCommitAction *row = g_new0 (JgCommitAction, 1);

      row->commit_id = self->commit_id;
      row->position = first_position + (int) i;
      row->operation = g_strdup (jg_plan_operation_to_string (action->operation));
      row->target_arn = g_strdup (action->target_arn);
      row->account_id = g_strdup (action->account_id);
      row->document_before = g_strdup (action->before);
      row->document_after = g_strdup (action->after);
      row->status = JG_ACTION_PENDING;
      g_ptr_array_add (self->journal, row);

      if (!jg_store_add_commit_action (self->store, row, &error))
        {
          add_message (self, "error", _("Cannot journal the actions: %s"),
                       error->message);
          self->n_failed++;
          g_clear_pointer (&self->plan->actions, g_ptr_array_unref);
          self->plan->actions = g_ptr_array_new ();
          finish_run (self);
          return;
        }
    }

  continue_run (self);
}

/* Journals the read errors and the violations of a plan made after the
 * commit began, and applies what can be applied. */
static void
apply_commit_plan (JgCommitRunner *self,
                   GPtrArray      *read_errors,
                   int             first_position)
{
  for (guint i = 0; read_errors != NULL && i < read_errors->len; i++)
    {
      add_message (self, "error", "%s",
                   (const char *) g_ptr_array_index (read_errors, i));
      self->n_read_errors++;
    }

  g_clear_pointer (&self->plan, jg_plan_free);
  self->plan = jg_plan_compute (self->targets, self->documents);

  /* A violation found after the commit began (the desired state changed
   * between the plan and the journal) blocks only its own document. */
  for (guint i = 0; i < self->plan->violations->len; i++)
    {
      JgPlanViolation *violation = g_ptr_array_index (self->plan->violations,
                                                      i);

      add_message (self, "error", "%s", violation->message);
      self->n_read_errors++;
    }

  apply_plan (self, first_position);
}

static void
fail_run (JgCommitRunner *self,
          GError         *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  reset_run (self);
  g_task_return_error (task, error);
}

/* A new commit. */

static void
on_commit_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(JgCommitRunner) self = user_data;
  g_autoptr(GPtrArray) read_errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JgPlan) staged_plan = NULL;
  g_autofree char *author = NULL;
  JgStsCallerIdentity *identity = g_task_get_task_data (self->task);

  self->documents = jg_plan_read_documents_finish (JG_SESSION_MANAGER (source),
                                                   result, &read_errors,
                                                   &error);
  if (self->documents == NULL)
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }

  if (!jg_plan_documents_save_cache (self->documents, self->store,
                                     self->targets, &error))
    g_warning ("Cannot update the document cache: %s", error->message);
  g_clear_error (&error);

  if (read_errors->len > 0)
    {
      g_autofree char *joined = NULL;

      g_ptr_array_add (read_errors, NULL);
      joined = g_strjoinv ("\n", (char **) read_errors->pdata);
      fail_run (self, g_error_new (JG_ENGINE_ERROR, JG_ENGINE_ERROR_READ_FAILED,
                                   _("Nothing was committed, because some "
                                     "documents cannot be read:\n%s"),
                                   joined));
      return;
    }

  staged_plan = jg_plan_compute (self->targets, self->documents);
  if (staged_plan->violations->len > 0)
    {
      g_autofree char *message = jg_plan_dup_violations_message (staged_plan);
      JgPlanViolation *first = g_ptr_array_index (staged_plan->violations, 0);
      int code = first->kind == JG_PLAN_VIOLATION_PRINCIPAL_MISSING
                 || first->kind == JG_PLAN_VIOLATION_ROLE_MISSING
                 ? JG_ENGINE_ERROR_PRINCIPAL_MISSING
                 : JG_ENGINE_ERROR_LIMIT_EXCEEDED;

      self->plan = g_steal_pointer (&staged_plan);
      fail_run (self, g_error_new (JG_ENGINE_ERROR, code,
                                   _("Nothing was committed, because the plan "
                                     "is rejected:\n%s"), message));
      return;
    }

  self->commit_id = jg_store_begin_commit (self->store, self->comment,
                                           identity != NULL ? identity->arn
                                                            : NULL,
                                           g_get_user_name (), &error);
  if (self->commit_id == 0)
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }

  /* The same documents, now against the commit's own changes. */
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  self->targets = jg_plan_collect_targets (self->store, JG_PLAN_SCOPE_COMMIT,
                                           self->commit_id, &error);
  if (self->targets == NULL)
    {
      add_message (self, "error", "%s", error->message);
      self->targets = g_ptr_array_new ();
      self->n_read_errors++;
    }

  author = g_strdup_printf (_("Commit by %s (%s)"), g_get_user_name (),
                            identity != NULL ? identity->arn : _("unknown"));
  add_message (self, "info", "%s", author);
  apply_commit_plan (self, NULL, 0);
}

static void
on_caller_identity_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(JgCommitRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  JgStsCallerIdentity *identity;

  identity = jg_sts_get_caller_identity_finish (JG_AWS_CLIENT (source),
                                                result, &error);
  if (identity == NULL)
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }

  g_task_set_task_data (self->task, identity,
                        (GDestroyNotify) jg_sts_caller_identity_unref);
  jg_plan_read_documents_async (self->sessions, self->store, self->targets,
                                g_task_get_cancellable (self->task),
                                on_commit_read_cb, g_object_ref (self));
}

static void
on_jump_credentials_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(JgCommitRunner) self = user_data;
  g_autoptr(JgAwsCredentials) credentials = NULL;
  g_autoptr(JgAwsTarget) target = NULL;
  g_autoptr(GError) error = NULL;

  credentials = jg_session_manager_get_credentials_finish (JG_SESSION_MANAGER (source),
                                                           result, &error);
  if (credentials == NULL)
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }

  target = jg_aws_target_new (credentials, self->author_partition, NULL,
                              NULL);
  jg_sts_get_caller_identity_async (jg_session_manager_get_client (self->sessions),
                                    target,
                                    g_task_get_cancellable (self->task),
                                    on_caller_identity_cb, g_object_ref (self));
}

static gboolean
begin_run (JgCommitRunner       *self,
           GCancellable         *cancellable,
           GAsyncReadyCallback   callback,
           gpointer              user_data,
           gpointer              source_tag)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);

  if (self->task != NULL)
    {
      g_task_return_new_error (task, JG_ENGINE_ERROR, JG_ENGINE_ERROR_BUSY,
                               _("This runner is already running a commit"));
      return FALSE;
    }

  self->lock_fd = jg_commit_lock_acquire (jg_store_get_path (self->store),
                                          &error);
  if (self->lock_fd < 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return FALSE;
    }

  self->task = g_steal_pointer (&task);
  self->commit_id = 0;
  g_clear_pointer (&self->plan, jg_plan_free);

  self->admin_roles = jg_engine_load_admin_roles (self->store, &error);
  if (self->admin_roles == NULL)
    {
      fail_run (self, g_steal_pointer (&error));
      return FALSE;
    }

  return TRUE;
}

void
jg_commit_runner_run_async (JgCommitRunner      *self,
                            const char          *comment,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GPtrArray) staged = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JgArn) arn = NULL;
  JgChange *first;

  g_return_if_fail (JG_IS_COMMIT_RUNNER (self));
  g_return_if_fail (comment != NULL);

  if (!begin_run (self, cancellable, callback, user_data,
                  jg_commit_runner_run_async))
    return;

  self->comment = g_strdup (comment);
  staged = jg_store_list_staged (self->store, &error);
  if (staged == NULL)
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }

  if (staged->len == 0)
    {
      fail_run (self, g_error_new (JG_ENGINE_ERROR,
                                   JG_ENGINE_ERROR_NOTHING_STAGED,
                                   _("Nothing to commit: the staging area is "
                                     "empty. Stage changes with “jumpgate-cli "
                                     "grant” or “jumpgate-cli revoke” "
                                     "first.")));
      return;
    }

  self->targets = jg_plan_collect_targets (self->store, JG_PLAN_SCOPE_STAGED,
                                           0, &error);
  if (self->targets == NULL)
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }

  /* The author is whoever the jump account's credentials belong to. */
  first = g_ptr_array_index (staged, 0);
  arn = jg_arn_parse (first->principal_arn, &error);
  if (arn == NULL)
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }

  self->author_partition = arn->partition;
  jg_session_manager_get_credentials_async (self->sessions, arn->partition,
                                            NULL, NULL, cancellable,
                                            on_jump_credentials_cb,
                                            g_object_ref (self));
}

/* Resuming an interrupted commit. */

static void
on_resume_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(JgCommitRunner) self = user_data;
  g_autoptr(GPtrArray) read_errors = NULL;
  g_autoptr(GPtrArray) journal = NULL;
  g_autoptr(GError) error = NULL;
  int first_position = 0;

  self->documents = jg_plan_read_documents_finish (JG_SESSION_MANAGER (source),
                                                   result, &read_errors,
                                                   &error);
  if (self->documents == NULL)
    {
      /* Cancelled while reading: the commit stays interrupted. */
      fail_run (self, g_steal_pointer (&error));
      return;
    }

  if (!jg_plan_documents_save_cache (self->documents, self->store,
                                     self->targets, &error))
    g_warning ("Cannot update the document cache: %s", error->message);
  g_clear_error (&error);

  /* Actions that never recorded an outcome are closed; the documents
   * just read show whether they took effect, and the new plan holds only
   * the writes still needed. */
  journal = jg_store_list_commit_actions (self->store, self->commit_id,
                                          &error);
  for (guint i = 0; journal != NULL && i < journal->len; i++)
    {
      JgCommitAction *row = g_ptr_array_index (journal, i);

      first_position = MAX (first_position, row->position + 1);
      if (row->status != JG_ACTION_PENDING && row->status != JG_ACTION_RUNNING)
        continue;

      row->status = JG_ACTION_CANCELLED;
      g_free (row->error_code);
      row->error_code = g_strdup ("Interrupted");
      g_free (row->error_message);
      row->error_message = g_strdup (_("Interrupted before its outcome was "
                                       "recorded; the resumed commit re-read "
                                       "the document and planned again"));
      update_journal (self, row);
    }

  add_message (self, "info", _("Resuming commit %" PRId64 " by "
                               "planning again against what AWS holds now."),
               self->commit_id);
  apply_commit_plan (self, read_errors, first_position);
}

void
jg_commit_runner_resume_async (JgCommitRunner      *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GPtrArray) running = NULL;
  g_autoptr(GError) error = NULL;
  JgCommit *commit;

  g_return_if_fail (JG_IS_COMMIT_RUNNER (self));

  if (!begin_run (self, cancellable, callback, user_data,
                  jg_commit_runner_resume_async))
    return;

  running = jg_store_list_running_commits (self->store, &error);
  if (running == NULL)
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }

  if (running->len == 0)
    {
      fail_run (self, g_error_new (JG_ENGINE_ERROR,
                                   JG_ENGINE_ERROR_NOTHING_TO_RESUME,
                                   _("No interrupted commit to resume: every "
                                     "commit has finished")));
      return;
    }

  commit = g_ptr_array_index (running, 0);
  self->commit_id = commit->id;
  self->targets = jg_plan_collect_targets (self->store, JG_PLAN_SCOPE_COMMIT,
                                           self->commit_id, &error);
  if (self->targets == NULL)
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }

  jg_plan_read_documents_async (self->sessions, self->store, self->targets,
                                cancellable, on_resume_read_cb,
                                g_object_ref (self));
}

gboolean
jg_commit_runner_run_finish (JgCommitRunner  *self,
                             GAsyncResult    *result,
                             JgCommitStatus  *out_status,
                             GError         **error)
{
  gssize status;

  g_return_val_if_fail (JG_IS_COMMIT_RUNNER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  status = g_task_propagate_int (G_TASK (result), error);
  if (status < 0)
    return FALSE;

  if (out_status != NULL)
    *out_status = (JgCommitStatus) status;
  return TRUE;
}

gint64
jg_commit_runner_get_commit_id (JgCommitRunner *self)
{
  g_return_val_if_fail (JG_IS_COMMIT_RUNNER (self), 0);

  return self->commit_id;
}

/* Returns the last plan computed, or NULL; borrowed. */
JgPlan *
jg_commit_runner_get_plan (JgCommitRunner *self)
{
  g_return_val_if_fail (JG_IS_COMMIT_RUNNER (self), NULL);

  return self->plan;
}

void
jg_commit_runner_set_max_in_flight (JgCommitRunner *self,
                                    guint           max_in_flight)
{
  g_return_if_fail (JG_IS_COMMIT_RUNNER (self));
  g_return_if_fail (max_in_flight > 0);

  self->max_in_flight = max_in_flight;
}

void
jg_commit_runner_set_max_per_account (JgCommitRunner *self,
                                      guint           max_per_account)
{
  g_return_if_fail (JG_IS_COMMIT_RUNNER (self));
  g_return_if_fail (max_per_account > 0);

  self->max_per_account = max_per_account;
}

static void
jg_commit_runner_dispose (GObject *object)
{
  JgCommitRunner *self = JG_COMMIT_RUNNER (object);

  reset_run (self);
  g_clear_object (&self->store);
  g_clear_object (&self->sessions);

  G_OBJECT_CLASS (jg_commit_runner_parent_class)->dispose (object);
}

static void
jg_commit_runner_finalize (GObject *object)
{
  JgCommitRunner *self = JG_COMMIT_RUNNER (object);

  g_clear_pointer (&self->plan, jg_plan_free);

  G_OBJECT_CLASS (jg_commit_runner_parent_class)->finalize (object);
}

static void
jg_commit_runner_class_init (JgCommitRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jg_commit_runner_dispose;
  object_class->finalize = jg_commit_runner_finalize;

  /**
   * JgCommitRunner::progress:
   * @done: actions finished so far
   * @total: actions of the plan
   * @current: the action just started or finished, "OPERATION ARN"
   */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT,
                                    G_TYPE_STRING);

  /**
   * JgCommitRunner::message:
   * @level: "info", "warning" or "error"
   * @text: the message, as journaled
   */
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 2, G_TYPE_STRING,
                                   G_TYPE_STRING);
}

static void
jg_commit_runner_init (JgCommitRunner *self)
{
  self->lock_fd = -1;
  self->max_in_flight = JG_COMMIT_DEFAULT_MAX_IN_FLIGHT;
  self->max_per_account = JG_COMMIT_DEFAULT_MAX_PER_ACCOUNT;
}

JgCommitRunner *
jg_commit_runner_new (JgStore          *store,
                      JgSessionManager *sessions)
{
  JgCommitRunner *self;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);
  g_return_val_if_fail (JG_IS_SESSION_MANAGER (sessions), NULL);

  self = g_object_new (JG_TYPE_COMMIT_RUNNER, NULL);
  self->store = g_object_ref (store);
  self->sessions = g_object_ref (sessions);
  return self;
}
