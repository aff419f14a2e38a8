/* jg-store.c: the store object, its migrations, shared helpers and the
 * grants of the desired state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "jg-db.h"
#include "jg-store-private.h"
#include "jg-store-schema.h"

G_DEFINE_FINAL_TYPE (JgStore, jg_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (jg-store-error-quark, jg_store_error)

static const char *const commit_status_names[] = {
  [JG_COMMIT_RUNNING] = "running",
  [JG_COMMIT_SUCCEEDED] = "succeeded",
  [JG_COMMIT_PARTIAL] = "partial",
  [JG_COMMIT_FAILED] = "failed",
  [JG_COMMIT_CANCELLED] = "cancelled",
};

const char *
jg_commit_status_to_string (JgCommitStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (commit_status_names), NULL);

  return commit_status_names[status];
}

JgCommitStatus
jg_store_commit_status_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (commit_status_names); i++)
    {
      if (g_strcmp0 (text, commit_status_names[i]) == 0)
        return (JgCommitStatus) i;
    }

  g_warning ("Unknown commit status “%s” in the database", text);
  return JG_COMMIT_FAILED;
}

JgCommit *
jg_commit_copy (const JgCommit *self)
{
  JgCommit *copy = g_new0 (JgCommit, 1);

  copy->id = self->id;
  copy->created_at = self->created_at ? g_date_time_ref (self->created_at)
                                      : NULL;
  copy->finished_at = self->finished_at ? g_date_time_ref (self->finished_at)
                                        : NULL;
  copy->author_arn = g_strdup (self->author_arn);
  copy->author_user = g_strdup (self->author_user);
  copy->comment = g_strdup (self->comment);
  copy->status = self->status;
  return copy;
}

void
jg_commit_free (JgCommit *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->finished_at, g_date_time_unref);
  g_free (self->author_arn);
  g_free (self->author_user);
  g_free (self->comment);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgCommit, jg_commit, jg_commit_copy, jg_commit_free)

JgSavedChangeset *
jg_saved_changeset_copy (const JgSavedChangeset *self)
{
  JgSavedChangeset *copy = g_new0 (JgSavedChangeset, 1);

  copy->name = g_strdup (self->name);
  copy->created_at = self->created_at ? g_date_time_ref (self->created_at)
                                      : NULL;
  copy->n_changes = self->n_changes;
  return copy;
}

void
jg_saved_changeset_free (JgSavedChangeset *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgSavedChangeset, jg_saved_changeset,
                     jg_saved_changeset_copy, jg_saved_changeset_free)

static void
jg_store_finalize (GObject *object)
{
  JgStore *self = (JgStore *) object;

  g_clear_object (&self->db);
  g_free (self->path);

  G_OBJECT_CLASS (jg_store_parent_class)->finalize (object);
}

static void
jg_store_class_init (JgStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jg_store_finalize;
}

static void
jg_store_init (JgStore *self)
{
}

/* Helpers. */

char *
jg_store_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

GDateTime *
jg_store_parse_time (const char *text)
{
  if (text == NULL)
    return NULL;

  return g_date_time_new_from_iso8601 (text, NULL);
}

gboolean
jg_store_set_not_found (GError     **error,
                        const char  *format,
                        ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;

  va_start (args, format);
  *error = g_error_new_valist (JG_STORE_ERROR, JG_STORE_ERROR_NOT_FOUND,
                               format, args);
  va_end (args);
  return FALSE;
}

/* Runs a statement that must return at most one row with one integer. */
gboolean
jg_store_query_int64 (JgStore      *self,
                      const char   *sql,
                      const char   *text_arg,
                      gint64       *out_value,
                      GError      **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = jg_db_prepare (self->db, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (text_arg != NULL)
    jg_db_statement_bind_text (stmt, 1, text_arg);

  if (!jg_db_statement_step (stmt, &has_row, error))
    return FALSE;

  *out_value = has_row ? jg_db_statement_get_int64 (stmt, 0) : 0;
  return TRUE;
}

/* Runs one data-changing statement bound to the given text values (NULL
 * binds NULL) and reports how many rows it changed. */
gboolean
jg_store_run_with_texts (JgStore            *self,
                         const char         *sql,
                         const char *const  *values,
                         guint               n_values,
                         int                *out_changes,
                         GError            **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;

  stmt = jg_db_prepare (self->db, sql, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < n_values; i++)
    jg_db_statement_bind_text (stmt, (int) i + 1, values[i]);

  if (!jg_db_statement_run (stmt, error))
    return FALSE;

  if (out_changes != NULL)
    *out_changes = jg_db_changes (self->db);

  return TRUE;
}

GPtrArray *
jg_store_collect_rows (JgDbStatement     *stmt,
                       JgStoreRowReader   read_row,
                       GDestroyNotify     free_row,
                       GError           **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_row);
  gboolean has_row = TRUE;

  while (TRUE)
    {
      if (!jg_db_statement_step (stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      g_ptr_array_add (rows, read_row (stmt));
    }

  return g_steal_pointer (&rows);
}

/* Migrations. */

typedef struct
{
  int from_version;
} MigrateData;

static gboolean
migrate_in_transaction (JgDb     *db,
                        gpointer  user_data,
                        GError  **error)
{
  MigrateData *data = user_data;

  for (guint i = (guint) data->from_version;
       i < G_N_ELEMENTS (jg_store_migrations); i++)
    {
      g_autofree char *set_version = NULL;

      g_debug ("Applying database migration %u", i + 1);
      if (!jg_db_exec (db, jg_store_migrations[i], error))
        return FALSE;

      set_version = g_strdup_printf ("PRAGMA user_version = %u", i + 1);
      if (!jg_db_exec (db, set_version, error))
        return FALSE;
    }

  return TRUE;
}

char *
jg_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "jumpgate", "jumpgate.db",
                           NULL);
}

JgStore *
jg_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(JgStore) self = NULL;
  MigrateData data;
  int version;

  self = g_object_new (JG_TYPE_STORE, NULL);
  self->path = path != NULL ? g_strdup (path) : jg_store_dup_default_path ();
  self->db = jg_db_open (self->path, error);
  if (self->db == NULL)
    return NULL;

  version = jg_db_get_user_version (self->db, error);
  if (version < 0)
    return NULL;

  if (version > (int) G_N_ELEMENTS (jg_store_migrations))
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_SCHEMA_TOO_NEW,
                   _("Database %s was written by a newer Jumpgate (schema "
                     "%d, this one knows %d): update Jumpgate or choose "
                     "another database"),
                   self->path, version,
                   (int) G_N_ELEMENTS (jg_store_migrations));
      return NULL;
    }

  if (version < (int) G_N_ELEMENTS (jg_store_migrations))
    {
      data.from_version = version;
      if (!jg_db_transaction (self->db, migrate_in_transaction, &data, error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
jg_store_get_path (JgStore *self)
{
  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  return self->path;
}

/* Grants. */

static JgGrant *
read_grant (JgDbStatement *stmt)
{
  g_autoptr(JgGrant) grant = g_new0 (JgGrant, 1);

  grant->handle = jg_db_statement_dup_text (stmt, 0);
  grant->principal_arn = jg_db_statement_dup_text (stmt, 1);
  grant->role_arn = jg_db_statement_dup_text (stmt, 2);
  grant->added_commit = jg_db_statement_get_int64 (stmt, 3);
  grant->removed_commit = jg_db_statement_get_int64 (stmt, 4);
  return g_steal_pointer (&grant);
}

/* commit_id < 0 lists the grants in force now. */
static GPtrArray *
list_grants (JgStore     *self,
             gint64       commit_id,
             const char  *handle,
             const char  *account_id,
             GError     **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;

  stmt = jg_db_prepare (self->db,
                        "SELECT handle, principal_arn, role_arn,"
                        " coalesce(added_commit, 0),"
                        " coalesce(removed_commit, 0)"
                        " FROM grants"
                        " WHERE (?1 IS NULL OR handle = ?1)"
                        " AND (?2 IS NULL OR account_id = ?2)"
                        " AND (CASE WHEN ?3 < 0 THEN removed_commit IS NULL"
                        "      ELSE coalesce(added_commit, 0) <= ?3"
                        "        AND (removed_commit IS NULL"
                        "             OR removed_commit > ?3) END)"
                        " ORDER BY handle, role_arn",
                        error);
  if (stmt == NULL)
    return NULL;

  jg_db_statement_bind_text (stmt, 1, handle);
  jg_db_statement_bind_text (stmt, 2, account_id);
  jg_db_statement_bind_int64 (stmt, 3, commit_id);

  return jg_store_collect_rows (stmt, (JgStoreRowReader) read_grant,
                                (GDestroyNotify) jg_grant_free, error);
}

GPtrArray *
jg_store_list_grants (JgStore     *self,
                      const char  *handle,
                      const char  *account_id,
                      GError     **error)
{
  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  return list_grants (self, -1, handle, account_id, error);
}

GPtrArray *
jg_store_list_grants_at_commit (JgStore     *self,
                                gint64       commit_id,
                                const char  *handle,
                                const char  *account_id,
                                GError     **error)
{
  g_return_val_if_fail (JG_IS_STORE (self), NULL);
  g_return_val_if_fail (commit_id >= 0, NULL);

  return list_grants (self, commit_id, handle, account_id, error);
}
