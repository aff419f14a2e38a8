/* jg-db.h: a small typed layer over one sqlite3 connection.
 *
 * Only the store uses it; no SQL lives outside src/core/jg-store*.c and
 * this file, so a second store backend can replace both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define JG_TYPE_DB (jg_db_get_type ())

G_DECLARE_FINAL_TYPE (JgDb, jg_db, JG, DB, GObject)

typedef struct _JgDbStatement JgDbStatement;

typedef gboolean (*JgDbTransactionFunc) (JgDb      *db,
                                         gpointer   user_data,
                                         GError   **error);

JgDb          *jg_db_open                  (const char     *path,
                                            GError        **error);
gboolean       jg_db_exec                  (JgDb           *self,
                                            const char     *sql,
                                            GError        **error);
JgDbStatement *jg_db_prepare               (JgDb           *self,
                                            const char     *sql,
                                            GError        **error);
gboolean       jg_db_transaction           (JgDb           *self,
                                            JgDbTransactionFunc func,
                                            gpointer        user_data,
                                            GError        **error);
gint64         jg_db_last_insert_rowid     (JgDb           *self);
int            jg_db_changes               (JgDb           *self);
int            jg_db_get_user_version      (JgDb           *self,
                                            GError        **error);

void           jg_db_statement_free        (JgDbStatement  *stmt);
void           jg_db_statement_bind_text   (JgDbStatement  *stmt,
                                            int             index,
                                            const char     *value);
void           jg_db_statement_bind_int64  (JgDbStatement  *stmt,
                                            int             index,
                                            gint64          value);
void           jg_db_statement_bind_null   (JgDbStatement  *stmt,
                                            int             index);
gboolean       jg_db_statement_step        (JgDbStatement  *stmt,
                                            gboolean       *out_has_row,
                                            GError        **error);
gboolean       jg_db_statement_run         (JgDbStatement  *stmt,
                                            GError        **error);
void           jg_db_statement_reset       (JgDbStatement  *stmt);
const char    *jg_db_statement_get_text    (JgDbStatement  *stmt,
                                            int             column);
char          *jg_db_statement_dup_text    (JgDbStatement  *stmt,
                                            int             column);
gint64         jg_db_statement_get_int64   (JgDbStatement  *stmt,
                                            int             column);
gboolean       jg_db_statement_is_null     (JgDbStatement  *stmt,
                                            int             column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgDbStatement, jg_db_statement_free)

G_END_DECLS
