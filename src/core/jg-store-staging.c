/* jg-store-staging.c: the staging area and saved sets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "jg-db.h"
#include "jg-store-private.h"

/* The staging area. */

typedef struct
{
  JgStore            *store;
  const char         *handle;
  const char *const  *grant_arns;      /* nullable */
  const char *const  *revoke_arns;     /* nullable */
} StageData;

/* Applies the staging rules to one (person, role) pair: a grant and a
 * revoke of the same pair cancel out, and a change that would not change
 * the desired state is rejected, so the staging area only ever holds real
 * differences. */
static gboolean
stage_one (JgStore       *self,
           JgChangeKind   kind,
           const char    *handle,
           const char    *role_arn,
           GError       **error)
{
  g_autoptr(JgArn) arn = NULL;
  g_autoptr(JgRole) role = NULL;
  g_autoptr(JgPrincipal) principal = NULL;
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autofree char *staged_kind = NULL;
  g_autofree char *created_at = NULL;
  gint64 staged_id = 0;
  gint64 in_force = 0;
  gboolean has_row = FALSE;
  const char *values[2];

  arn = jg_arn_parse (role_arn, error);
  if (arn == NULL)
    return FALSE;

  if (g_strcmp0 (arn->resource_type, "role") != 0)
    {
      g_set_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_ARN,
                   _("“%s” is not a role ARN: grants name roles, as in "
                     "arn:aws:iam::123456789012:role/Name"), role_arn);
      return FALSE;
    }

  role = jg_store_get_role (self, role_arn, error);
  if (role == NULL)
    return FALSE;

  principal = jg_store_get_principal_for_person (self, handle, role->partition,
                                                 error);
  if (principal == NULL)
    return FALSE;

  stmt = jg_db_prepare (self->db,
                        "SELECT s.id, s.kind FROM staged_changes s"
                        " JOIN principals p ON p.id = s.principal_id"
                        " JOIN roles r ON r.id = s.role_id"
                        " WHERE p.arn = ?1 AND r.arn = ?2",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_text (stmt, 1, principal->arn);
  jg_db_statement_bind_text (stmt, 2, role->arn);
  if (!jg_db_statement_step (stmt, &has_row, error))
    return FALSE;

  if (has_row)
    {
      staged_id = jg_db_statement_get_int64 (stmt, 0);
      staged_kind = jg_db_statement_dup_text (stmt, 1);
    }
  g_clear_pointer (&stmt, jg_db_statement_free);

  if (staged_kind != NULL)
    {
      if (g_strcmp0 (staged_kind, jg_change_kind_to_string (kind)) == 0)
        {
          g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_CONFLICT,
                       kind == JG_CHANGE_GRANT
                       ? _("A grant of %s to %s is already staged")
                       : _("A revocation of %s from %s is already staged"),
                       role->arn, handle);
          return FALSE;
        }

      g_debug ("Staged %s of %s for %s cancels the pending one", 
               jg_change_kind_to_string (kind), role->arn, handle);
      stmt = jg_db_prepare (self->db,
                            "DELETE FROM staged_changes WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      jg_db_statement_bind_int64 (stmt, 1, staged_id);
      return jg_db_statement_run (stmt, error);
    }

  values[0] = principal->arn;
  values[1] = role->arn;
  stmt = jg_db_prepare (self->db,
                        "SELECT count(*) FROM grants WHERE principal_arn = ?1"
                        " AND role_arn = ?2 AND removed_commit IS NULL",
                        error);
  if (stmt == NULL)
    return FALSE;
  jg_db_statement_bind_text (stmt, 1, values[0]);
  jg_db_statement_bind_text (stmt, 2, values[1]);
  if (!jg_db_statement_step (stmt, &has_row, error))
    return FALSE;
  in_force = has_row ? jg_db_statement_get_int64 (stmt, 0) : 0;
  g_clear_pointer (&stmt, jg_db_statement_free);

  if (kind == JG_CHANGE_GRANT && in_force > 0)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_CONFLICT,
                   _("%s may already assume %s: nothing to grant"),
                   handle, role->arn);
      return FALSE;
    }

  if (kind == JG_CHANGE_REVOKE && in_force == 0)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_CONFLICT,
                   _("%s has no grant of %s: nothing to revoke (list grants "
                     "with “jumpgate-cli grants --person %s”)"),
                   handle, role->arn, handle);
      return FALSE;
    }

  created_at = jg_store_now_iso8601 ();
  stmt = jg_db_prepare (self->db,
                        "INSERT INTO staged_changes"
                        " (kind, principal_id, role_id, created_at)"
                        " SELECT ?1, p.id, r.id, ?4 FROM principals p, roles r"
                        " WHERE p.arn = ?2 AND r.arn = ?3",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_text (stmt, 1, jg_change_kind_to_string (kind));
  jg_db_statement_bind_text (stmt, 2, principal->arn);
  jg_db_statement_bind_text (stmt, 3, role->arn);
  jg_db_statement_bind_text (stmt, 4, created_at);
  return jg_db_statement_run (stmt, error);
}

static gboolean
stage_in_transaction (JgDb     *db,
                      gpointer  user_data,
                      GError  **error)
{
  StageData *data = user_data;

  for (guint i = 0; data->grant_arns != NULL && data->grant_arns[i] != NULL;
       i++)
    {
      if (!stage_one (data->store, JG_CHANGE_GRANT, data->handle,
                      data->grant_arns[i], error))
        return FALSE;
    }

  for (guint i = 0; data->revoke_arns != NULL && data->revoke_arns[i] != NULL;
       i++)
    {
      if (!stage_one (data->store, JG_CHANGE_REVOKE, data->handle,
                      data->revoke_arns[i], error))
        return FALSE;
    }

  return TRUE;
}

gboolean
jg_store_stage (JgStore            *self,
                JgChangeKind        kind,
                const char         *handle,
                const char *const  *role_arns,
                GError            **error)
{
  g_return_val_if_fail (role_arns != NULL, FALSE);

  return jg_store_stage_changes (self, handle,
                                 kind == JG_CHANGE_GRANT ? role_arns : NULL,
                                 kind == JG_CHANGE_REVOKE ? role_arns : NULL,
                                 error);
}

gboolean
jg_store_stage_changes (JgStore            *self,
                        const char         *handle,
                        const char *const  *grant_arns,
                        const char *const  *revoke_arns,
                        GError            **error)
{
  StageData data = { self, handle, grant_arns, revoke_arns };
  g_autoptr(JgPerson) person = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  if (!jg_validate_handle (handle, error))
    return FALSE;

  person = jg_store_get_person (self, handle, error);
  if (person == NULL)
    return FALSE;

  return jg_db_transaction (self->db, stage_in_transaction, &data, error);
}

static JgChange *
read_change (JgDbStatement *stmt)
{
  g_autoptr(JgChange) change = g_new0 (JgChange, 1);

  change->id = jg_db_statement_get_int64 (stmt, 0);
  jg_change_kind_from_string (jg_db_statement_get_text (stmt, 1),
                              &change->kind);
  change->handle = jg_db_statement_dup_text (stmt, 2);
  change->principal_arn = jg_db_statement_dup_text (stmt, 3);
  change->role_arn = jg_db_statement_dup_text (stmt, 4);
  return g_steal_pointer (&change);
}

GPtrArray *
jg_store_list_changes (JgStore     *self,
                       const char  *sql,
                       gint64       key,
                       GError     **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;

  stmt = jg_db_prepare (self->db, sql, error);
  if (stmt == NULL)
    return NULL;

  jg_db_statement_bind_int64 (stmt, 1, key);
  return jg_store_collect_rows (stmt, (JgStoreRowReader) read_change,
                                (GDestroyNotify) jg_change_free, error);
}

GPtrArray *
jg_store_list_staged (JgStore  *self,
                      GError  **error)
{
  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  return jg_store_list_changes (self,
                                "SELECT s.id, s.kind, pe.handle, p.arn, r.arn"
                                " FROM staged_changes s"
                                " JOIN principals p ON p.id = s.principal_id"
                                " JOIN persons pe ON pe.id = p.person_id"
                                " JOIN roles r ON r.id = s.role_id"
                                " WHERE ?1 = ?1"
                                " ORDER BY pe.handle, s.id",
                                0, error);
}

gboolean
jg_store_unstage (JgStore  *self,
                  gint64    change_id,
                  GError  **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  stmt = jg_db_prepare (self->db, "DELETE FROM staged_changes WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_int64 (stmt, 1, change_id);
  if (!jg_db_statement_run (stmt, error))
    return FALSE;

  if (jg_db_changes (self->db) == 0)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOT_FOUND,
                   _("Staged change %" PRId64 " does not exist: list "
                     "the staging area with “jumpgate-cli staged list”"),
                   change_id);
      return FALSE;
    }

  return TRUE;
}

gboolean
jg_store_discard_staged (JgStore  *self,
                         GError  **error)
{
  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  return jg_db_exec (self->db, "DELETE FROM staged_changes", error);
}

gint64
jg_store_count_staged (JgStore  *self,
                       GError  **error)
{
  gint64 count = -1;

  if (!jg_store_query_int64 (self, "SELECT count(*) FROM staged_changes", NULL, &count,
                             error))
    return -1;

  return count;
}

typedef struct
{
  JgStore    *store;
  const char *name;
} SavedData;

static gboolean
save_staged_in_transaction (JgDb     *db,
                            gpointer  user_data,
                            GError  **error)
{
  SavedData *data = user_data;
  JgStore *self = data->store;
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autofree char *created_at = jg_store_now_iso8601 ();
  g_autoptr(GError) local_error = NULL;
  gint64 staged;
  gint64 set_id;

  staged = jg_store_count_staged (self, error);
  if (staged < 0)
    return FALSE;

  if (staged == 0)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOTHING_STAGED,
                   _("The staging area is empty: there is nothing to save "
                     "as “%s”"), data->name);
      return FALSE;
    }

  stmt = jg_db_prepare (self->db,
                        "INSERT INTO saved_changesets (name, created_at)"
                        " VALUES (?1, ?2)",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_text (stmt, 1, data->name);
  jg_db_statement_bind_text (stmt, 2, created_at);
  if (!jg_db_statement_run (stmt, &local_error))
    {
      if (g_error_matches (local_error, JG_STORE_ERROR, JG_STORE_ERROR_EXISTS))
        {
          g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_EXISTS,
                       _("A saved set named “%s” already exists: open it or "
                         "choose another name"), data->name);
          return FALSE;
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  set_id = jg_db_last_insert_rowid (self->db);
  g_clear_pointer (&stmt, jg_db_statement_free);

  stmt = jg_db_prepare (self->db,
                        "INSERT INTO saved_changes"
                        " (changeset_id, position, kind, handle, role_arn)"
                        " SELECT ?1, s.id, s.kind, pe.handle, r.arn"
                        " FROM staged_changes s"
                        " JOIN principals p ON p.id = s.principal_id"
                        " JOIN persons pe ON pe.id = p.person_id"
                        " JOIN roles r ON r.id = s.role_id",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_int64 (stmt, 1, set_id);
  if (!jg_db_statement_run (stmt, error))
    return FALSE;

  return jg_db_exec (self->db, "DELETE FROM staged_changes", error);
}

gboolean
jg_store_save_staged (JgStore     *self,
                      const char  *name,
                      GError     **error)
{
  SavedData data = { self, name };

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  if (!jg_validate_label (name, _("saved set name"), FALSE, error))
    return FALSE;

  return jg_db_transaction (self->db, save_staged_in_transaction, &data,
                            error);
}

static gboolean
open_saved_in_transaction (JgDb     *db,
                           gpointer  user_data,
                           GError  **error)
{
  SavedData *data = user_data;
  JgStore *self = data->store;
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  gint64 staged;
  gint64 set_id = 0;
  gboolean has_row = TRUE;

  if (!jg_store_query_int64 (self, "SELECT id FROM saved_changesets WHERE name = ?1",
                             data->name, &set_id, error))
    return FALSE;

  if (set_id == 0)
    return jg_store_set_not_found (error, _("No saved set is named “%s”: list them "
                                   "with “jumpgate-cli staged list --saved”"),
                                   data->name);

  staged = jg_store_count_staged (self, error);
  if (staged < 0)
    return FALSE;

  if (staged > 0)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_CONFLICT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The staging area holds %" PRId64
                                " change: save or discard it before opening "
                                "“%s”",
                                "The staging area holds %" PRId64
                                " changes: save or discard them before "
                                "opening “%s”",
                                (gulong) staged),
                   staged, data->name);
      return FALSE;
    }

  stmt = jg_db_prepare (self->db,
                        "SELECT position, kind, handle, '', role_arn"
                        " FROM saved_changes WHERE changeset_id = ?1"
                        " ORDER BY position",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_int64 (stmt, 1, set_id);
  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_change_free);
  while (TRUE)
    {
      if (!jg_db_statement_step (stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      g_ptr_array_add (changes, read_change (stmt));
    }
  g_clear_pointer (&stmt, jg_db_statement_free);

  /* The desired state may have moved on since the set was saved, so each
   * change passes the staging rules again; one that no longer applies
   * rejects the whole set and the set stays saved. */
  for (guint i = 0; i < changes->len; i++)
    {
      JgChange *change = g_ptr_array_index (changes, i);
      g_autoptr(GError) local_error = NULL;

      if (!stage_one (self, change->kind, change->handle, change->role_arn,
                      &local_error))
        {
          g_set_error (error, local_error->domain, local_error->code,
                       _("Saved set “%s” no longer applies: %s"), data->name,
                       local_error->message);
          return FALSE;
        }
    }

  stmt = jg_db_prepare (self->db, "DELETE FROM saved_changesets WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_int64 (stmt, 1, set_id);
  return jg_db_statement_run (stmt, error);
}

gboolean
jg_store_open_saved (JgStore     *self,
                     const char  *name,
                     GError     **error)
{
  SavedData data = { self, name };

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  return jg_db_transaction (self->db, open_saved_in_transaction, &data, error);
}

GPtrArray *
jg_store_list_saved (JgStore  *self,
                     GError  **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autoptr(GPtrArray) result = NULL;
  gboolean has_row = TRUE;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  stmt = jg_db_prepare (self->db,
                        "SELECT s.name, s.created_at, count(c.position)"
                        " FROM saved_changesets s"
                        " LEFT JOIN saved_changes c ON c.changeset_id = s.id"
                        " GROUP BY s.id ORDER BY s.name",
                        error);
  if (stmt == NULL)
    return NULL;

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_saved_changeset_free);
  while (TRUE)
    {
      JgSavedChangeset *set;

      if (!jg_db_statement_step (stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;

      set = g_new0 (JgSavedChangeset, 1);
      set->name = jg_db_statement_dup_text (stmt, 0);
      set->created_at = jg_store_parse_time (jg_db_statement_get_text (stmt, 1));
      set->n_changes = (guint) jg_db_statement_get_int64 (stmt, 2);
      g_ptr_array_add (result, set);
    }

  return g_steal_pointer (&result);
}
