/* jg-store-journal.c: commits, their journal and the document cache.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "jg-db.h"
#include "jg-store-private.h"

/* Commits. */

#define COMMIT_COLUMNS \
  "id, created_at, finished_at, author_arn, author_user, comment, status"

static JgCommit *
read_commit (JgDbStatement *stmt)
{
  g_autoptr(JgCommit) commit = g_new0 (JgCommit, 1);

  commit->id = jg_db_statement_get_int64 (stmt, 0);
  commit->created_at = jg_store_parse_time (jg_db_statement_get_text (stmt, 1));
  commit->finished_at = jg_store_parse_time (jg_db_statement_get_text (stmt, 2));
  commit->author_arn = jg_db_statement_dup_text (stmt, 3);
  commit->author_user = jg_db_statement_dup_text (stmt, 4);
  commit->comment = jg_db_statement_dup_text (stmt, 5);
  commit->status = jg_store_commit_status_from_string (jg_db_statement_get_text (stmt,
                                                       6));
  return g_steal_pointer (&commit);
}

GPtrArray *
jg_store_list_commits (JgStore  *self,
                       GError  **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  stmt = jg_db_prepare (self->db,
                        "SELECT " COMMIT_COLUMNS " FROM commits"
                        " ORDER BY id DESC",
                        error);
  if (stmt == NULL)
    return NULL;

  return jg_store_collect_rows (stmt, (JgStoreRowReader) read_commit,
                                (GDestroyNotify) jg_commit_free, error);
}

JgCommit *
jg_store_get_commit (JgStore  *self,
                     gint64    commit_id,
                     GError  **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  gboolean has_row = FALSE;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  stmt = jg_db_prepare (self->db,
                        "SELECT " COMMIT_COLUMNS " FROM commits WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return NULL;

  jg_db_statement_bind_int64 (stmt, 1, commit_id);
  if (!jg_db_statement_step (stmt, &has_row, error))
    return NULL;

  if (!has_row)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOT_FOUND,
                   _("Commit %" PRId64 " does not exist: list "
                     "commits with “jumpgate-cli history”"), commit_id);
      return NULL;
    }

  return read_commit (stmt);
}

JgCommit *
jg_store_find_commit_at (JgStore    *self,
                         GDateTime  *time,
                         GError    **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) utc = NULL;
  gboolean has_row = FALSE;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  /* Timestamps are stored as UTC ISO 8601 text, which sorts as time. */
  utc = g_date_time_to_utc (time);
  text = g_date_time_format_iso8601 (utc);
  stmt = jg_db_prepare (self->db,
                        "SELECT " COMMIT_COLUMNS " FROM commits"
                        " WHERE created_at <= ?1 ORDER BY id DESC LIMIT 1",
                        error);
  if (stmt == NULL)
    return NULL;

  jg_db_statement_bind_text (stmt, 1, text);
  if (!jg_db_statement_step (stmt, &has_row, error))
    return NULL;

  if (!has_row)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOT_FOUND,
                   _("No commit was made at or before %s"), text);
      return NULL;
    }

  return read_commit (stmt);
}

typedef struct
{
  JgStore    *store;
  const char *comment;
  const char *author_arn;
  const char *author_user;
  gint64      commit_id;
} BeginCommitData;

static gboolean
begin_commit_in_transaction (JgDb     *db,
                             gpointer  user_data,
                             GError  **error)
{
  BeginCommitData *data = user_data;
  JgStore *self = data->store;
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autofree char *created_at = jg_store_now_iso8601 ();
  gint64 staged;
  const char *const steps[] = {
    /* The request, as staged. */
    "INSERT INTO commit_requested_changes"
    " (commit_id, position, kind, handle, principal_arn, role_arn)"
    " SELECT ?1, row_number() OVER (ORDER BY pe.handle, s.id), s.kind,"
    "  pe.handle, p.arn, r.arn"
    " FROM staged_changes s"
    " JOIN principals p ON p.id = s.principal_id"
    " JOIN persons pe ON pe.id = p.person_id"
    " JOIN roles r ON r.id = s.role_id",
    /* Revocations close the grants in force. */
    "UPDATE grants SET removed_commit = ?1"
    " WHERE removed_commit IS NULL AND EXISTS ("
    "  SELECT 1 FROM staged_changes s"
    "  JOIN principals p ON p.id = s.principal_id"
    "  JOIN roles r ON r.id = s.role_id"
    "  WHERE s.kind = 'revoke' AND p.arn = grants.principal_arn"
    "  AND r.arn = grants.role_arn)",
    /* Grants open new ones. */
    "INSERT INTO grants (principal_id, role_id, handle, principal_arn,"
    " role_arn, account_id, added_commit)"
    " SELECT p.id, r.id, pe.handle, p.arn, r.arn, r.account_id, ?1"
    " FROM staged_changes s"
    " JOIN principals p ON p.id = s.principal_id"
    " JOIN persons pe ON pe.id = p.person_id"
    " JOIN roles r ON r.id = s.role_id"
    " WHERE s.kind = 'grant'",
    "DELETE FROM staged_changes WHERE ?1 = ?1",
  };

  staged = jg_store_count_staged (self, error);
  if (staged < 0)
    return FALSE;

  if (staged == 0)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOTHING_STAGED,
                   _("The staging area is empty: stage grants or revocations "
                     "before committing"));
      return FALSE;
    }

  stmt = jg_db_prepare (self->db,
                        "INSERT INTO commits (created_at, author_arn,"
                        " author_user, comment, status)"
                        " VALUES (?1, ?2, ?3, ?4, 'running')",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_text (stmt, 1, created_at);
  jg_db_statement_bind_text (stmt, 2, data->author_arn);
  jg_db_statement_bind_text (stmt, 3, data->author_user);
  jg_db_statement_bind_text (stmt, 4, data->comment);
  if (!jg_db_statement_run (stmt, error))
    return FALSE;

  data->commit_id = jg_db_last_insert_rowid (self->db);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(JgDbStatement) step = jg_db_prepare (self->db, steps[i], error);

      if (step == NULL)
        return FALSE;

      jg_db_statement_bind_int64 (step, 1, data->commit_id);
      if (!jg_db_statement_run (step, error))
        return FALSE;
    }

  return TRUE;
}

gint64
jg_store_begin_commit (JgStore     *self,
                       const char  *comment,
                       const char  *author_arn,
                       const char  *author_user,
                       GError     **error)
{
  BeginCommitData data = { self, comment, author_arn, author_user, 0 };
  g_autofree char *stripped = g_strstrip (g_strdup (comment));

  g_return_val_if_fail (JG_IS_STORE (self), 0);
  g_return_val_if_fail (author_user != NULL, 0);

  if (stripped == NULL || stripped[0] == '\0')
    {
      g_set_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_LABEL,
                   _("A commit needs a comment that says why: pass it with "
                     "-m"));
      return 0;
    }

  if (!jg_db_transaction (self->db, begin_commit_in_transaction, &data,
                          error))
    return 0;

  return data.commit_id;
}

gboolean
jg_store_finish_commit (JgStore         *self,
                        gint64           commit_id,
                        JgCommitStatus   status,
                        GError         **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autofree char *finished_at = jg_store_now_iso8601 ();

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);
  g_return_val_if_fail (status != JG_COMMIT_RUNNING, FALSE);

  stmt = jg_db_prepare (self->db,
                        "UPDATE commits SET status = ?2, finished_at = ?3"
                        " WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_int64 (stmt, 1, commit_id);
  jg_db_statement_bind_text (stmt, 2, jg_commit_status_to_string (status));
  jg_db_statement_bind_text (stmt, 3, finished_at);
  return jg_db_statement_run (stmt, error);
}

gboolean
jg_store_add_commit_message (JgStore     *self,
                             gint64       commit_id,
                             const char  *level,
                             const char  *text,
                             GError     **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autofree char *at = jg_store_now_iso8601 ();

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  stmt = jg_db_prepare (self->db,
                        "INSERT INTO commit_messages"
                        " (commit_id, at, level, text) VALUES (?1, ?2, ?3, ?4)",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_int64 (stmt, 1, commit_id);
  jg_db_statement_bind_text (stmt, 2, at);
  jg_db_statement_bind_text (stmt, 3, level);
  jg_db_statement_bind_text (stmt, 4, text);
  return jg_db_statement_run (stmt, error);
}

GPtrArray *
jg_store_list_requested_changes (JgStore  *self,
                                 gint64    commit_id,
                                 GError  **error)
{
  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  return jg_store_list_changes (self,
                                "SELECT position, kind, handle, principal_arn, role_arn"
                                " FROM commit_requested_changes WHERE commit_id = ?1"
                                " ORDER BY position",
                                commit_id, error);
}

/* The commit journal: actions, messages and user configurations. */

static const char *const action_status_names[] = {
  [JG_ACTION_PENDING] = "pending",
  [JG_ACTION_RUNNING] = "running",
  [JG_ACTION_SUCCEEDED] = "succeeded",
  [JG_ACTION_FAILED] = "failed",
  [JG_ACTION_SKIPPED] = "skipped",
  [JG_ACTION_CANCELLED] = "cancelled",
};

const char *
jg_action_status_to_string (JgActionStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (action_status_names), NULL);

  return action_status_names[status];
}

static JgActionStatus
action_status_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (action_status_names); i++)
    {
      if (g_strcmp0 (text, action_status_names[i]) == 0)
        return (JgActionStatus) i;
    }

  g_warning ("Unknown action status “%s” in the database", text);
  return JG_ACTION_FAILED;
}

JgCommitAction *
jg_commit_action_copy (const JgCommitAction *self)
{
  JgCommitAction *copy = g_new0 (JgCommitAction, 1);

  *copy = *self;
  copy->operation = g_strdup (self->operation);
  copy->target_arn = g_strdup (self->target_arn);
  copy->account_id = g_strdup (self->account_id);
  copy->document_before = g_strdup (self->document_before);
  copy->document_after = g_strdup (self->document_after);
  copy->error_code = g_strdup (self->error_code);
  copy->error_message = g_strdup (self->error_message);
  copy->request_id = g_strdup (self->request_id);
  return copy;
}

void
jg_commit_action_free (JgCommitAction *self)
{
  if (self == NULL)
    return;

  g_free (self->operation);
  g_free (self->target_arn);
  g_free (self->account_id);
  g_free (self->document_before);
  g_free (self->document_after);
  g_free (self->error_code);
  g_free (self->error_message);
  g_free (self->request_id);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgCommitAction, jg_commit_action,
                     jg_commit_action_copy, jg_commit_action_free)

JgCommitMessage *
jg_commit_message_copy (const JgCommitMessage *self)
{
  JgCommitMessage *copy = g_new0 (JgCommitMessage, 1);

  copy->id = self->id;
  copy->at = self->at != NULL ? g_date_time_ref (self->at) : NULL;
  copy->level = g_strdup (self->level);
  copy->text = g_strdup (self->text);
  return copy;
}

void
jg_commit_message_free (JgCommitMessage *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->at, g_date_time_unref);
  g_free (self->level);
  g_free (self->text);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgCommitMessage, jg_commit_message,
                     jg_commit_message_copy, jg_commit_message_free)

JgUserConfig *
jg_user_config_copy (const JgUserConfig *self)
{
  JgUserConfig *copy = g_new0 (JgUserConfig, 1);

  copy->handle = g_strdup (self->handle);
  copy->format = g_strdup (self->format);
  copy->text = g_strdup (self->text);
  copy->warnings = g_strdup (self->warnings);
  return copy;
}

void
jg_user_config_free (JgUserConfig *self)
{
  if (self == NULL)
    return;

  g_free (self->handle);
  g_free (self->format);
  g_free (self->text);
  g_free (self->warnings);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgUserConfig, jg_user_config,
                     jg_user_config_copy, jg_user_config_free)

gboolean
jg_store_add_commit_action (JgStore         *self,
                            JgCommitAction  *action,
                            GError         **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autofree char *started_at = jg_store_now_iso8601 ();

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  stmt = jg_db_prepare (self->db,
                        "INSERT INTO commit_actions (commit_id, position,"
                        " operation, target_arn, account_id, document_before,"
                        " document_after, status, attempts, duration_ms,"
                        " error_code, error_message, request_id, started_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                        " ?11, ?12, ?13, ?14)",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_int64 (stmt, 1, action->commit_id);
  jg_db_statement_bind_int64 (stmt, 2, action->position);
  jg_db_statement_bind_text (stmt, 3, action->operation);
  jg_db_statement_bind_text (stmt, 4, action->target_arn);
  jg_db_statement_bind_text (stmt, 5, action->account_id);
  jg_db_statement_bind_text (stmt, 6, action->document_before);
  jg_db_statement_bind_text (stmt, 7, action->document_after);
  jg_db_statement_bind_text (stmt, 8,
                             jg_action_status_to_string (action->status));
  jg_db_statement_bind_int64 (stmt, 9, action->attempts);
  jg_db_statement_bind_int64 (stmt, 10, action->duration_ms);
  jg_db_statement_bind_text (stmt, 11, action->error_code);
  jg_db_statement_bind_text (stmt, 12, action->error_message);
  jg_db_statement_bind_text (stmt, 13, action->request_id);
  jg_db_statement_bind_text (stmt, 14, started_at);
  if (!jg_db_statement_run (stmt, error))
    return FALSE;

  action->id = jg_db_last_insert_rowid (self->db);
  return TRUE;
}

gboolean
jg_store_update_commit_action (JgStore               *self,
                               const JgCommitAction  *action,
                               GError               **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autofree char *finished_at = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);
  g_return_val_if_fail (action != NULL && action->id > 0, FALSE);

  if (action->status != JG_ACTION_PENDING
      && action->status != JG_ACTION_RUNNING)
    finished_at = jg_store_now_iso8601 ();

  stmt = jg_db_prepare (self->db,
                        "UPDATE commit_actions SET document_before = ?2,"
                        " document_after = ?3, status = ?4, attempts = ?5,"
                        " duration_ms = ?6, error_code = ?7,"
                        " error_message = ?8, request_id = ?9,"
                        " finished_at = ?10 WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_int64 (stmt, 1, action->id);
  jg_db_statement_bind_text (stmt, 2, action->document_before);
  jg_db_statement_bind_text (stmt, 3, action->document_after);
  jg_db_statement_bind_text (stmt, 4,
                             jg_action_status_to_string (action->status));
  jg_db_statement_bind_int64 (stmt, 5, action->attempts);
  jg_db_statement_bind_int64 (stmt, 6, action->duration_ms);
  jg_db_statement_bind_text (stmt, 7, action->error_code);
  jg_db_statement_bind_text (stmt, 8, action->error_message);
  jg_db_statement_bind_text (stmt, 9, action->request_id);
  jg_db_statement_bind_text (stmt, 10, finished_at);
  if (!jg_db_statement_run (stmt, error))
    return FALSE;

  if (jg_db_changes (self->db) == 0)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOT_FOUND,
                   "Commit action %" G_GINT64_FORMAT " does not exist",
                   action->id);
      return FALSE;
    }

  return TRUE;
}

GPtrArray *
jg_store_list_commit_actions (JgStore  *self,
                              gint64    commit_id,
                              GError  **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autoptr(GPtrArray) result = NULL;
  gboolean has_row = TRUE;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  stmt = jg_db_prepare (self->db,
                        "SELECT id, commit_id, position, operation, target_arn,"
                        " account_id, document_before, document_after, status,"
                        " attempts, duration_ms, error_code, error_message,"
                        " request_id FROM commit_actions WHERE commit_id = ?1"
                        " ORDER BY position, id",
                        error);
  if (stmt == NULL)
    return NULL;

  jg_db_statement_bind_int64 (stmt, 1, commit_id);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_commit_action_free);
  while (TRUE)
    {
      JgCommitAction *action;

      if (!jg_db_statement_step (stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;

      action = g_new0 (JgCommitAction, 1);
      action->id = jg_db_statement_get_int64 (stmt, 0);
      action->commit_id = jg_db_statement_get_int64 (stmt, 1);
      action->position = (int) jg_db_statement_get_int64 (stmt, 2);
      action->operation = jg_db_statement_dup_text (stmt, 3);
      action->target_arn = jg_db_statement_dup_text (stmt, 4);
      action->account_id = jg_db_statement_dup_text (stmt, 5);
      action->document_before = jg_db_statement_dup_text (stmt, 6);
      action->document_after = jg_db_statement_dup_text (stmt, 7);
      action->status = action_status_from_string (jg_db_statement_get_text (stmt, 8));
      action->attempts = (int) jg_db_statement_get_int64 (stmt, 9);
      action->duration_ms = jg_db_statement_get_int64 (stmt, 10);
      action->error_code = jg_db_statement_dup_text (stmt, 11);
      action->error_message = jg_db_statement_dup_text (stmt, 12);
      action->request_id = jg_db_statement_dup_text (stmt, 13);
      g_ptr_array_add (result, action);
    }

  return g_steal_pointer (&result);
}

GPtrArray *
jg_store_list_commit_messages (JgStore  *self,
                               gint64    commit_id,
                               GError  **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autoptr(GPtrArray) result = NULL;
  gboolean has_row = TRUE;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  stmt = jg_db_prepare (self->db,
                        "SELECT id, at, level, text FROM commit_messages"
                        " WHERE commit_id = ?1 ORDER BY id",
                        error);
  if (stmt == NULL)
    return NULL;

  jg_db_statement_bind_int64 (stmt, 1, commit_id);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_commit_message_free);
  while (TRUE)
    {
      JgCommitMessage *message;

      if (!jg_db_statement_step (stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;

      message = g_new0 (JgCommitMessage, 1);
      message->id = jg_db_statement_get_int64 (stmt, 0);
      message->at = jg_store_parse_time (jg_db_statement_get_text (stmt, 1));
      message->level = jg_db_statement_dup_text (stmt, 2);
      message->text = jg_db_statement_dup_text (stmt, 3);
      g_ptr_array_add (result, message);
    }

  return g_steal_pointer (&result);
}

gboolean
jg_store_put_user_config (JgStore             *self,
                          gint64               commit_id,
                          const JgUserConfig  *config,
                          GError             **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  stmt = jg_db_prepare (self->db,
                        "INSERT OR REPLACE INTO commit_user_configs"
                        " (commit_id, handle, format, text, warnings)"
                        " VALUES (?1, ?2, ?3, ?4, ?5)",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_int64 (stmt, 1, commit_id);
  jg_db_statement_bind_text (stmt, 2, config->handle);
  jg_db_statement_bind_text (stmt, 3, config->format);
  jg_db_statement_bind_text (stmt, 4, config->text);
  jg_db_statement_bind_text (stmt, 5, config->warnings != NULL
                                      ? config->warnings : "");
  return jg_db_statement_run (stmt, error);
}

GPtrArray *
jg_store_list_user_configs (JgStore  *self,
                            gint64    commit_id,
                            GError  **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autoptr(GPtrArray) result = NULL;
  gboolean has_row = TRUE;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  stmt = jg_db_prepare (self->db,
                        "SELECT handle, format, text, warnings"
                        " FROM commit_user_configs WHERE commit_id = ?1"
                        " ORDER BY handle, format",
                        error);
  if (stmt == NULL)
    return NULL;

  jg_db_statement_bind_int64 (stmt, 1, commit_id);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_user_config_free);
  while (TRUE)
    {
      JgUserConfig *config;

      if (!jg_db_statement_step (stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;

      config = g_new0 (JgUserConfig, 1);
      config->handle = jg_db_statement_dup_text (stmt, 0);
      config->format = jg_db_statement_dup_text (stmt, 1);
      config->text = jg_db_statement_dup_text (stmt, 2);
      config->warnings = jg_db_statement_dup_text (stmt, 3);
      g_ptr_array_add (result, config);
    }

  return g_steal_pointer (&result);
}

GPtrArray *
jg_store_list_running_commits (JgStore  *self,
                               GError  **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  stmt = jg_db_prepare (self->db,
                        "SELECT " COMMIT_COLUMNS " FROM commits"
                        " WHERE status = 'running' ORDER BY id",
                        error);
  if (stmt == NULL)
    return NULL;

  return jg_store_collect_rows (stmt, (JgStoreRowReader) read_commit,
                                (GDestroyNotify) jg_commit_free, error);
}

gboolean
jg_store_check_document_kind (const char  *kind,
                              GError     **error)
{
  if (g_strcmp0 (kind, "user-policy") == 0
      || g_strcmp0 (kind, "trust-policy") == 0)
    return TRUE;

  g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_FAILED,
               "Unknown document kind “%s”", kind);
  return FALSE;
}

gboolean
jg_store_cache_document (JgStore     *self,
                         const char  *arn,
                         const char  *kind,
                         const char  *document,
                         GError     **error)
{
  g_autofree char *read_at = jg_store_now_iso8601 ();
  const char *values[4] = { arn, kind, document, read_at };

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);
  g_return_val_if_fail (arn != NULL, FALSE);

  if (!jg_store_check_document_kind (kind, error))
    return FALSE;

  return jg_store_run_with_texts (self,
                                  "INSERT OR REPLACE INTO document_cache"
                                  " (arn, kind, document, read_at)"
                                  " VALUES (?1, ?2, ?3, ?4)",
                                  values, 4, NULL, error);
}

GHashTable *
jg_store_load_document_cache (JgStore     *self,
                              const char  *kind,
                              GError     **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autoptr(GHashTable) result = NULL;
  gboolean has_row = TRUE;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  if (!jg_store_check_document_kind (kind, error))
    return NULL;

  stmt = jg_db_prepare (self->db,
                        "SELECT arn, document FROM document_cache"
                        " WHERE kind = ?1",
                        error);
  if (stmt == NULL)
    return NULL;

  jg_db_statement_bind_text (stmt, 1, kind);
  result = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while (TRUE)
    {
      if (!jg_db_statement_step (stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;

      g_hash_table_insert (result, jg_db_statement_dup_text (stmt, 0),
                           jg_db_statement_dup_text (stmt, 1));
    }

  return g_steal_pointer (&result);
}
