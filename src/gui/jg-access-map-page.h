/* jg-access-map-page.h: who may assume which role in which account, now
 * or right after a past commit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jg-workspace.h"

G_BEGIN_DECLS

#define JG_TYPE_ACCESS_MAP_PAGE (jg_access_map_page_get_type ())

G_DECLARE_FINAL_TYPE (JgAccessMapPage, jg_access_map_page,
                      JG, ACCESS_MAP_PAGE, GtkWidget)

/* The maximum of account columns shown at once; narrow the filters to see
 * others. Each column is a widget per visible row, so this bounds the
 * cost of a redraw. */
#define JG_ACCESS_MAP_MAX_COLUMNS 40

void        jg_access_map_page_set_workspace  (JgAccessMapPage *self,
                                               JgWorkspace     *workspace);
void        jg_access_map_page_focus_search   (JgAccessMapPage *self);
void        jg_access_map_page_reload         (JgAccessMapPage *self);
void        jg_access_map_page_set_commit     (JgAccessMapPage *self,
                                               gint64           commit_id);
void        jg_access_map_page_set_filters    (JgAccessMapPage *self,
                                               const char      *person,
                                               const char      *account,
                                               const char      *environment);
GListModel *jg_access_map_page_get_rows       (JgAccessMapPage *self);
guint       jg_access_map_page_get_n_columns  (JgAccessMapPage *self);
char       *jg_access_map_page_dup_cell_text  (JgAccessMapPage *self,
                                               const char      *handle,
                                               const char      *account_id);

G_END_DECLS
