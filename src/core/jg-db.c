/* jg-db.c: a small typed layer over one sqlite3 connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "jg-db.h"
#include "jg-store.h"

struct _JgDb
{
  GObject  parent_instance;

  sqlite3 *handle;
  char    *path;
  int      transaction_depth;
};

struct _JgDbStatement
{
  JgDb         *db;      /* borrowed: statements never outlive their db */
  sqlite3_stmt *stmt;
  char         *sql;
};

G_DEFINE_FINAL_TYPE (JgDb, jg_db, G_TYPE_OBJECT)

/* What the user can do about the sqlite errors a person can cause. */
static const char *
sqlite_error_hint (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_READONLY:
      return _(" (make the file and its folder writable, or use another "
               "database with --db)");
    case SQLITE_NOTADB:
      return _(" (the file is not a Jumpgate database: choose another "
               "path with --db)");
    case SQLITE_CANTOPEN:
      return _(" (check that the path is a file in a writable folder)");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return _(" (another Jumpgate process is writing: try again)");
    case SQLITE_FULL:
      return _(" (the disk is full: free some space)");
    default:
      return "";
    }
}

/* Maps an sqlite result code to the store's error domain. A UNIQUE or
 * PRIMARY KEY violation is a duplicate the user can fix; everything else
 * is a failure of the database itself. */
static void
set_sqlite_error (JgDb        *self,
                  int          rc,
                  const char  *context,
                  GError     **error)
{
  int extended = sqlite3_extended_errcode (self->handle);
  JgStoreError code = JG_STORE_ERROR_FAILED;

  if (extended == SQLITE_CONSTRAINT_UNIQUE
      || extended == SQLITE_CONSTRAINT_PRIMARYKEY)
    code = JG_STORE_ERROR_EXISTS;
  else if (extended == SQLITE_CONSTRAINT_FOREIGNKEY)
    code = JG_STORE_ERROR_IN_USE;
  else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    code = JG_STORE_ERROR_BUSY;

  g_set_error (error, JG_STORE_ERROR, code,
               _("Database %s failed while %s: %s%s"), self->path, context,
               sqlite3_errmsg (self->handle), sqlite_error_hint (rc));
}

static void
jg_db_finalize (GObject *object)
{
  JgDb *self = (JgDb *) object;

  if (self->handle != NULL)
    {
      int rc = sqlite3_close (self->handle);

      if (rc != SQLITE_OK)
        g_warning ("Closing database %s failed: %s", self->path,
                   sqlite3_errstr (rc));
    }

  g_free (self->path);

  G_OBJECT_CLASS (jg_db_parent_class)->finalize (object);
}

static void
jg_db_class_init (JgDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jg_db_finalize;
}

static void
jg_db_init (JgDb *self)
{
}

/* The database records who may reach which account, so it is created
 * readable by its owner only, before sqlite ever opens it. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_FAILED,
                   _("Cannot create database %s: %s"), path,
                   g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

JgDb *
jg_db_open (const char  *path,
            GError     **error)
{
  g_autoptr(JgDb) self = NULL;
  g_autofree char *dir = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_FAILED,
                   _("Cannot create folder %s for database %s: %s"), dir,
                   path, g_strerror (saved_errno));
      return NULL;
    }

  if (!g_file_test (path, G_FILE_TEST_EXISTS)
      && !create_private_file (path, error))
    return NULL;

  self = g_object_new (JG_TYPE_DB, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_FAILED,
                   _("Cannot open database %s: %s"), path,
                   self->handle != NULL ? sqlite3_errmsg (self->handle)
                                        : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->handle, 1);
  /* The app and the CLI may use one file at once; wait for each other's
   * short transactions instead of failing at once. */
  sqlite3_busy_timeout (self->handle, 5000);

  if (!jg_db_exec (self, "PRAGMA journal_mode = WAL", error)
      || !jg_db_exec (self, "PRAGMA foreign_keys = ON", error)
      || !jg_db_exec (self, "PRAGMA synchronous = NORMAL", error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
jg_db_exec (JgDb        *self,
            const char  *sql,
            GError     **error)
{
  const char *next = sql;

  g_return_val_if_fail (JG_IS_DB (self), FALSE);

  /* Runs every statement of a script (migrations are several), stepping
   * through rows that PRAGMAs return. */
  while (next != NULL && *next != '\0')
    {
      sqlite3_stmt *stmt = NULL;
      const char *tail = NULL;
      int rc;

      rc = sqlite3_prepare_v2 (self->handle, next, -1, &stmt, &tail);
      if (rc != SQLITE_OK)
        {
          set_sqlite_error (self, rc, "preparing a statement", error);
          return FALSE;
        }

      if (stmt == NULL)
        break;   /* only white space or comments were left */

      do
        rc = sqlite3_step (stmt);
      while (rc == SQLITE_ROW);

      if (rc != SQLITE_DONE)
        {
          set_sqlite_error (self, rc, "running a statement", error);
          sqlite3_finalize (stmt);
          return FALSE;
        }

      sqlite3_finalize (stmt);
      next = tail;
    }

  return TRUE;
}

JgDbStatement *
jg_db_prepare (JgDb        *self,
               const char  *sql,
               GError     **error)
{
  JgDbStatement *stmt;
  sqlite3_stmt *handle = NULL;
  int rc;

  g_return_val_if_fail (JG_IS_DB (self), NULL);

  rc = sqlite3_prepare_v2 (self->handle, sql, -1, &handle, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, "preparing a statement", error);
      return NULL;
    }

  stmt = g_new0 (JgDbStatement, 1);
  stmt->db = self;
  stmt->stmt = handle;
  stmt->sql = g_strdup (sql);
  return stmt;
}

gboolean
jg_db_transaction (JgDb                *self,
                   JgDbTransactionFunc  func,
                   gpointer             user_data,
                   GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *savepoint = NULL;
  g_autofree char *release = NULL;
  g_autoptr(GError) rollback_error = NULL;
  gboolean rolled_back;

  g_return_val_if_fail (JG_IS_DB (self), FALSE);

  /* Savepoints nest, so a store call that runs inside another one's
   * transaction joins it instead of committing early. The outermost one
   * takes the write lock at once (BEGIN IMMEDIATE) so two writers cannot
   * dead-lock upgrading read locks. */
  savepoint = g_strdup_printf ("jg_%d", self->transaction_depth);
  if (self->transaction_depth == 0)
    {
      if (!jg_db_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
    }
  else
    {
      g_autofree char *sql = g_strdup_printf ("SAVEPOINT %s", savepoint);

      if (!jg_db_exec (self, sql, error))
        return FALSE;
    }

  self->transaction_depth++;
  if (func (self, user_data, &local_error))
    {
      self->transaction_depth--;
      if (self->transaction_depth == 0)
        release = g_strdup ("COMMIT");
      else
        release = g_strdup_printf ("RELEASE %s", savepoint);

      if (jg_db_exec (self, release, &local_error))
        return TRUE;

      self->transaction_depth++;
    }

  self->transaction_depth--;
  if (self->transaction_depth == 0)
    rolled_back = jg_db_exec (self, "ROLLBACK", &rollback_error);
  else
    {
      g_autofree char *to = g_strdup_printf ("ROLLBACK TO %s", savepoint);
      g_autofree char *release_to = g_strdup_printf ("RELEASE %s", savepoint);

      rolled_back = jg_db_exec (self, to, &rollback_error)
                    && jg_db_exec (self, release_to, &rollback_error);
    }

  if (!rolled_back)
    g_warning ("Rolling back a transaction on %s failed: %s", self->path,
               rollback_error->message);

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gint64
jg_db_last_insert_rowid (JgDb *self)
{
  return sqlite3_last_insert_rowid (self->handle);
}

int
jg_db_changes (JgDb *self)
{
  return sqlite3_changes (self->handle);
}

int
jg_db_get_user_version (JgDb    *self,
                        GError **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  gboolean has_row = FALSE;

  stmt = jg_db_prepare (self, "PRAGMA user_version", error);
  if (stmt == NULL || !jg_db_statement_step (stmt, &has_row, error))
    return -1;

  return has_row ? (int) jg_db_statement_get_int64 (stmt, 0) : 0;
}

void
jg_db_statement_free (JgDbStatement *stmt)
{
  if (stmt == NULL)
    return;

  sqlite3_finalize (stmt->stmt);
  g_free (stmt->sql);
  g_free (stmt);
}

void
jg_db_statement_bind_text (JgDbStatement *stmt,
                           int            index,
                           const char    *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt->stmt, index);
  else
    sqlite3_bind_text (stmt->stmt, index, value, -1, SQLITE_TRANSIENT);
}

void
jg_db_statement_bind_int64 (JgDbStatement *stmt,
                            int            index,
                            gint64         value)
{
  sqlite3_bind_int64 (stmt->stmt, index, value);
}

void
jg_db_statement_bind_null (JgDbStatement *stmt,
                           int            index)
{
  sqlite3_bind_null (stmt->stmt, index);
}

gboolean
jg_db_statement_step (JgDbStatement  *stmt,
                      gboolean       *out_has_row,
                      GError        **error)
{
  int rc = sqlite3_step (stmt->stmt);

  if (rc == SQLITE_ROW)
    {
      *out_has_row = TRUE;
      return TRUE;
    }

  *out_has_row = FALSE;
  if (rc == SQLITE_DONE)
    return TRUE;

  set_sqlite_error (stmt->db, rc, "running a statement", error);
  sqlite3_reset (stmt->stmt);
  return FALSE;
}

gboolean
jg_db_statement_run (JgDbStatement  *stmt,
                     GError        **error)
{
  gboolean has_row = FALSE;

  return jg_db_statement_step (stmt, &has_row, error);
}

void
jg_db_statement_reset (JgDbStatement *stmt)
{
  sqlite3_reset (stmt->stmt);
  sqlite3_clear_bindings (stmt->stmt);
}

const char *
jg_db_statement_get_text (JgDbStatement *stmt,
                          int            column)
{
  return (const char *) sqlite3_column_text (stmt->stmt, column);
}

char *
jg_db_statement_dup_text (JgDbStatement *stmt,
                          int            column)
{
  return g_strdup (jg_db_statement_get_text (stmt, column));
}

gint64
jg_db_statement_get_int64 (JgDbStatement *stmt,
                           int            column)
{
  return sqlite3_column_int64 (stmt->stmt, column);
}

gboolean
jg_db_statement_is_null (JgDbStatement *stmt,
                         int            column)
{
  return sqlite3_column_type (stmt->stmt, column) == SQLITE_NULL;
}
