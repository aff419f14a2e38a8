/* jg-history-page.h: past commits with their actions, messages, user
 * configurations and requested changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jg-workspace.h"

G_BEGIN_DECLS

#define JG_TYPE_HISTORY_PAGE (jg_history_page_get_type ())

G_DECLARE_FINAL_TYPE (JgHistoryPage, jg_history_page, JG, HISTORY_PAGE,
                      GtkWidget)

void        jg_history_page_set_workspace     (JgHistoryPage *self,
                                               JgWorkspace   *workspace);
void        jg_history_page_select_commit     (JgHistoryPage *self,
                                               gint64         commit_id);
gint64      jg_history_page_get_selected_commit (JgHistoryPage *self);
GListModel *jg_history_page_get_commits       (JgHistoryPage *self);
GListModel *jg_history_page_get_actions       (JgHistoryPage *self);
GListModel *jg_history_page_get_messages      (JgHistoryPage *self);
GListModel *jg_history_page_get_configs       (JgHistoryPage *self);
GListModel *jg_history_page_get_requested     (JgHistoryPage *self);
char       *jg_history_page_dup_config_text   (JgHistoryPage *self);
char       *jg_history_page_dup_diff_text     (JgHistoryPage *self);
gboolean    jg_history_page_select_config     (JgHistoryPage *self,
                                               const char    *handle,
                                               const char    *format);
gboolean    jg_history_page_select_action     (JgHistoryPage *self,
                                               guint          position);

G_END_DECLS
