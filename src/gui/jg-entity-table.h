/* jg-entity-table.h: one sortable, filterable table of the Configuration
 * page, with add, edit and remove.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jg-item.h"
#include "jg-workspace.h"

G_BEGIN_DECLS

#define JG_TYPE_ENTITY_TABLE (jg_entity_table_get_type ())

G_DECLARE_FINAL_TYPE (JgEntityTable, jg_entity_table, JG, ENTITY_TABLE,
                      GtkWidget)

JgEntityTable *jg_entity_table_new            (JgItemKind     kind);
void           jg_entity_table_set_workspace  (JgEntityTable *self,
                                               JgWorkspace   *workspace);
JgItemKind     jg_entity_table_get_kind       (JgEntityTable *self);
void           jg_entity_table_focus_search   (JgEntityTable *self);
GListModel    *jg_entity_table_get_model      (JgEntityTable *self);
gboolean       jg_entity_table_select_key     (JgEntityTable *self,
                                               const char    *key);

G_END_DECLS
