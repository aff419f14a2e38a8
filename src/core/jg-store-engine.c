/* jg-store-engine.c: queries of the commit engine, import and drift.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "jg-db.h"
#include "jg-store-private.h"

/* Queries of the commit engine (src/engine). */

typedef struct
{
  JgStore            *store;
  const char         *kind;
  const char *const  *arns;
  const char *const  *documents;
  guint               n_documents;
} ReplaceCachedData;

static gboolean
replace_cached_in_transaction (JgDb     *db,
                               gpointer  user_data,
                               GError  **error)
{
  ReplaceCachedData *data = user_data;
  g_autoptr(JgDbStatement) drop = NULL;
  g_autoptr(JgDbStatement) insert = NULL;
  g_autofree char *read_at = jg_store_now_iso8601 ();

  drop = jg_db_prepare (db,
                        "DELETE FROM document_cache WHERE kind = ?1"
                        " AND substr(arn, 1, length(?2) + 1) = ?2 || '#'",
                        error);
  if (drop == NULL)
    return FALSE;

  insert = jg_db_prepare (db,
                          "INSERT OR REPLACE INTO document_cache"
                          " (arn, kind, document, read_at)"
                          " VALUES (?1, ?2, ?3, ?4)",
                          error);
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < data->n_documents; i++)
    {
      if (g_strrstr (data->arns[i], "#") == NULL)
        {
          jg_db_statement_reset (drop);
          jg_db_statement_bind_text (drop, 1, data->kind);
          jg_db_statement_bind_text (drop, 2, data->arns[i]);
          if (!jg_db_statement_run (drop, error))
            return FALSE;
        }

      jg_db_statement_reset (insert);
      jg_db_statement_bind_text (insert, 1, data->arns[i]);
      jg_db_statement_bind_text (insert, 2, data->kind);
      jg_db_statement_bind_text (insert, 3, data->documents[i]);
      jg_db_statement_bind_text (insert, 4, read_at);
      if (!jg_db_statement_run (insert, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
jg_store_replace_cached_documents (JgStore            *self,
                                   const char         *kind,
                                   const char *const  *arns,
                                   const char *const  *documents,
                                   guint               n_documents,
                                   GError            **error)
{
  ReplaceCachedData data = { self, kind, arns, documents, n_documents };

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);
  g_return_val_if_fail (arns != NULL || n_documents == 0, FALSE);
  g_return_val_if_fail (documents != NULL || n_documents == 0, FALSE);

  if (!jg_store_check_document_kind (kind, error))
    return FALSE;

  if (n_documents == 0)
    return TRUE;

  return jg_db_transaction (self->db, replace_cached_in_transaction, &data,
                            error);
}

/* Import from AWS, drift and adoption (src/engine/jg-import.c and
 * jg-drift.c). */

typedef struct
{
  JgStore                *store;
  JgStoreTransactionFunc  func;
  gpointer                user_data;
} RunTransactionData;

static gboolean
run_transaction_in_transaction (JgDb     *db,
                                gpointer  user_data,
                                GError  **error)
{
  RunTransactionData *data = user_data;

  return data->func (data->store, data->user_data, error);
}

gboolean
jg_store_run_transaction (JgStore                *self,
                          JgStoreTransactionFunc  func,
                          gpointer                user_data,
                          GError                **error)
{
  RunTransactionData data = { self, func, user_data };

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return jg_db_transaction (self->db, run_transaction_in_transaction, &data,
                            error);
}

typedef struct
{
  JgStore    *store;
  const char *comment;
  const char *author_arn;
  const char *author_user;
  GPtrArray  *changes;
  gint64      commit_id;
} AppliedCommitData;

/* Looks up the ids behind one requested change, and the account of its
 * role, so the grant row carries the same columns a staged grant gets. */
static gboolean
lookup_change_ids (JgStore         *self,
                   const JgChange  *change,
                   gint64          *out_principal_id,
                   gint64          *out_role_id,
                   char           **out_handle,
                   char           **out_account_id,
                   GError         **error)
{
  g_autoptr(JgDbStatement) principal = NULL;
  g_autoptr(JgDbStatement) role = NULL;
  gboolean has_row = FALSE;

  principal = jg_db_prepare (self->db,
                             "SELECT p.id, pe.handle FROM principals p"
                             " JOIN persons pe ON pe.id = p.person_id"
                             " WHERE p.arn = ?1",
                             error);
  if (principal == NULL)
    return FALSE;

  jg_db_statement_bind_text (principal, 1, change->principal_arn);
  if (!jg_db_statement_step (principal, &has_row, error))
    return FALSE;
  if (!has_row)
    return jg_store_set_not_found (error, _("No principal with ARN %s: add it before "
                                   "recording grants to it"),
                                   change->principal_arn);

  *out_principal_id = jg_db_statement_get_int64 (principal, 0);
  *out_handle = jg_db_statement_dup_text (principal, 1);

  role = jg_db_prepare (self->db,
                        "SELECT id, account_id FROM roles WHERE arn = ?1",
                        error);
  if (role == NULL)
    return FALSE;

  jg_db_statement_bind_text (role, 1, change->role_arn);
  if (!jg_db_statement_step (role, &has_row, error))
    return FALSE;
  if (!has_row)
    return jg_store_set_not_found (error, _("No role with ARN %s: add it before "
                                   "recording grants of it"),
                                   change->role_arn);

  *out_role_id = jg_db_statement_get_int64 (role, 0);
  *out_account_id = jg_db_statement_dup_text (role, 1);
  return TRUE;
}

static gboolean
apply_recorded_change (JgStore         *self,
                       gint64           commit_id,
                       int              position,
                       const JgChange  *change,
                       GError         **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autofree char *handle = NULL;
  g_autofree char *account_id = NULL;
  gint64 principal_id = 0;
  gint64 role_id = 0;
  gint64 count = 0;
  gboolean has_row = FALSE;

  if (!lookup_change_ids (self, change, &principal_id, &role_id, &handle,
                          &account_id, error))
    return FALSE;

  stmt = jg_db_prepare (self->db,
                        "SELECT count(*) FROM staged_changes"
                        " WHERE principal_id = ?1 AND role_id = ?2",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_int64 (stmt, 1, principal_id);
  jg_db_statement_bind_int64 (stmt, 2, role_id);
  if (!jg_db_statement_step (stmt, &has_row, error))
    return FALSE;

  if (has_row && jg_db_statement_get_int64 (stmt, 0) > 0)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_CONFLICT,
                   _("A change of %s on role %s is staged: unstage it or "
                     "commit it first"),
                   handle, change->role_arn);
      return FALSE;
    }

  g_clear_pointer (&stmt, jg_db_statement_free);
  stmt = jg_db_prepare (self->db,
                        "SELECT count(*) FROM grants WHERE principal_arn = ?1"
                        " AND role_arn = ?2 AND removed_commit IS NULL",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_text (stmt, 1, change->principal_arn);
  jg_db_statement_bind_text (stmt, 2, change->role_arn);
  if (!jg_db_statement_step (stmt, &has_row, error))
    return FALSE;
  count = has_row ? jg_db_statement_get_int64 (stmt, 0) : 0;

  if (change->kind == JG_CHANGE_GRANT && count > 0)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_CONFLICT,
                   _("%s is already granted role %s"), handle,
                   change->role_arn);
      return FALSE;
    }

  if (change->kind == JG_CHANGE_REVOKE && count == 0)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_CONFLICT,
                   _("%s is not granted role %s, so there is nothing to "
                     "revoke"), handle, change->role_arn);
      return FALSE;
    }

  g_clear_pointer (&stmt, jg_db_statement_free);
  if (change->kind == JG_CHANGE_GRANT)
    {
      stmt = jg_db_prepare (self->db,
                            "INSERT INTO grants (principal_id, role_id,"
                            " handle, principal_arn, role_arn, account_id,"
                            " added_commit)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                            error);
      if (stmt == NULL)
        return FALSE;

      jg_db_statement_bind_int64 (stmt, 1, principal_id);
      jg_db_statement_bind_int64 (stmt, 2, role_id);
      jg_db_statement_bind_text (stmt, 3, handle);
      jg_db_statement_bind_text (stmt, 4, change->principal_arn);
      jg_db_statement_bind_text (stmt, 5, change->role_arn);
      jg_db_statement_bind_text (stmt, 6, account_id);
      jg_db_statement_bind_int64 (stmt, 7, commit_id);
    }
  else
    {
      stmt = jg_db_prepare (self->db,
                            "UPDATE grants SET removed_commit = ?1"
                            " WHERE principal_arn = ?2 AND role_arn = ?3"
                            " AND removed_commit IS NULL",
                            error);
      if (stmt == NULL)
        return FALSE;

      jg_db_statement_bind_int64 (stmt, 1, commit_id);
      jg_db_statement_bind_text (stmt, 2, change->principal_arn);
      jg_db_statement_bind_text (stmt, 3, change->role_arn);
    }

  if (!jg_db_statement_run (stmt, error))
    return FALSE;

  g_clear_pointer (&stmt, jg_db_statement_free);
  stmt = jg_db_prepare (self->db,
                        "INSERT INTO commit_requested_changes"
                        " (commit_id, position, kind, handle, principal_arn,"
                        " role_arn) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_int64 (stmt, 1, commit_id);
  jg_db_statement_bind_int64 (stmt, 2, position);
  jg_db_statement_bind_text (stmt, 3, jg_change_kind_to_string (change->kind));
  jg_db_statement_bind_text (stmt, 4, handle);
  jg_db_statement_bind_text (stmt, 5, change->principal_arn);
  jg_db_statement_bind_text (stmt, 6, change->role_arn);
  return jg_db_statement_run (stmt, error);
}

static gboolean
record_applied_commit_in_transaction (JgDb     *db,
                                      gpointer  user_data,
                                      GError  **error)
{
  AppliedCommitData *data = user_data;
  JgStore *self = data->store;
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autofree char *now = jg_store_now_iso8601 ();

  stmt = jg_db_prepare (self->db,
                        "INSERT INTO commits (created_at, finished_at,"
                        " author_arn, author_user, comment, status)"
                        " VALUES (?1, ?1, ?2, ?3, ?4, 'succeeded')",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_text (stmt, 1, now);
  jg_db_statement_bind_text (stmt, 2, data->author_arn);
  jg_db_statement_bind_text (stmt, 3, data->author_user);
  jg_db_statement_bind_text (stmt, 4, data->comment);
  if (!jg_db_statement_run (stmt, error))
    return FALSE;

  data->commit_id = jg_db_last_insert_rowid (self->db);

  for (guint i = 0; i < data->changes->len; i++)
    {
      if (!apply_recorded_change (self, data->commit_id, (int) i + 1,
                                  g_ptr_array_index (data->changes, i),
                                  error))
        return FALSE;
    }

  return TRUE;
}

gint64
jg_store_record_applied_commit (JgStore     *self,
                                const char  *comment,
                                const char  *author_arn,
                                const char  *author_user,
                                GPtrArray   *changes,
                                GError     **error)
{
  AppliedCommitData data = { self, comment, author_arn, author_user, changes,
                             0 };
  g_autofree char *stripped = g_strstrip (g_strdup (comment));

  g_return_val_if_fail (JG_IS_STORE (self), 0);
  g_return_val_if_fail (author_user != NULL, 0);
  g_return_val_if_fail (changes != NULL, 0);

  if (stripped == NULL || stripped[0] == '\0')
    {
      g_set_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_LABEL,
                   _("A commit needs a comment that says why"));
      return 0;
    }

  if (changes->len == 0)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOTHING_STAGED,
                   _("No changes to record"));
      return 0;
    }

  if (!jg_db_transaction (self->db, record_applied_commit_in_transaction,
                          &data, error))
    return 0;

  return data.commit_id;
}

GHashTable *
jg_store_load_last_actions (JgStore  *self,
                            GError  **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autoptr(GHashTable) result = NULL;
  gboolean has_row = TRUE;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  /* The highest action id per target is the last one written, because
   * actions are journalled as they happen. */
  stmt = jg_db_prepare (self->db,
                        "SELECT a.target_arn, a.operation FROM commit_actions a"
                        " WHERE a.status = 'succeeded' AND a.id = ("
                        "  SELECT max(b.id) FROM commit_actions b"
                        "  WHERE b.target_arn = a.target_arn"
                        "  AND b.status = 'succeeded')",
                        error);
  if (stmt == NULL)
    return NULL;

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

gint64
jg_store_begin_reapply_commit (JgStore     *self,
                               const char  *comment,
                               const char  *author_arn,
                               const char  *author_user,
                               GError     **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autofree char *now = jg_store_now_iso8601 ();

  g_return_val_if_fail (JG_IS_STORE (self), 0);
  g_return_val_if_fail (comment != NULL, 0);
  g_return_val_if_fail (author_user != NULL, 0);

  stmt = jg_db_prepare (self->db,
                        "INSERT INTO commits (created_at, author_arn,"
                        " author_user, comment, status)"
                        " VALUES (?1, ?2, ?3, ?4, 'running')",
                        error);
  if (stmt == NULL)
    return 0;

  jg_db_statement_bind_text (stmt, 1, now);
  jg_db_statement_bind_text (stmt, 2, author_arn);
  jg_db_statement_bind_text (stmt, 3, author_user);
  jg_db_statement_bind_text (stmt, 4, comment);
  if (!jg_db_statement_run (stmt, error))
    return 0;

  return jg_db_last_insert_rowid (self->db);
}
