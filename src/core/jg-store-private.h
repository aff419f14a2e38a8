/* jg-store-private.h: what the store's source files share. Nothing
 * outside src/core/jg-store*.c includes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jg-db.h"
#include "jg-store.h"

G_BEGIN_DECLS

struct _JgStore
{
  GObject  parent_instance;

  JgDb    *db;
  char    *path;
};

char           *jg_store_now_iso8601              (void);
GDateTime      *jg_store_parse_time               (const char         *text);
JgCommitStatus  jg_store_commit_status_from_string (const char        *text);
gboolean        jg_store_set_not_found            (GError            **error,
                                                   const char         *format,
                                                   ...) G_GNUC_PRINTF (2, 3);
/* Runs a statement that returns at most one row of one integer. */
gboolean        jg_store_query_int64              (JgStore            *self,
                                                   const char         *sql,
                                                   const char         *text_arg,
                                                   gint64             *out_value,
                                                   GError            **error);
gboolean        jg_store_run_with_texts           (JgStore            *self,
                                                   const char         *sql,
                                                   const char *const  *values,
                                                   guint               n_values,
                                                   int                *out_changes,
                                                   GError            **error);
/* Lists JgChange rows of a query whose ?1 is key. */
GPtrArray      *jg_store_list_changes             (JgStore            *self,
                                                   const char         *sql,
                                                   gint64              key,
                                                   GError            **error);
typedef gpointer (*JgStoreRowReader) (JgDbStatement *stmt);

/* Steps through every row of stmt and returns what read_row makes of
 * each, or NULL on error. */
GPtrArray      *jg_store_collect_rows             (JgDbStatement      *stmt,
                                                   JgStoreRowReader    read_row,
                                                   GDestroyNotify      free_row,
                                                   GError            **error);
gint64          jg_store_count_staged             (JgStore            *self,
                                                   GError            **error);
gboolean        jg_store_check_document_kind      (const char         *kind,
                                                   GError            **error);

G_END_DECLS
