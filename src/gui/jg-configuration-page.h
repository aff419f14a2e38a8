/* jg-configuration-page.h: partitions, accounts, roles, persons and
 * principals, each in its own table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jg-entity-table.h"
#include "jg-workspace.h"

G_BEGIN_DECLS

#define JG_TYPE_CONFIGURATION_PAGE (jg_configuration_page_get_type ())

G_DECLARE_FINAL_TYPE (JgConfigurationPage, jg_configuration_page,
                      JG, CONFIGURATION_PAGE, GtkWidget)

void           jg_configuration_page_set_workspace (JgConfigurationPage *self,
                                                    JgWorkspace         *workspace);
void           jg_configuration_page_focus_search  (JgConfigurationPage *self);
JgEntityTable *jg_configuration_page_get_table     (JgConfigurationPage *self,
                                                    JgItemKind           kind);
void           jg_configuration_page_show_table    (JgConfigurationPage *self,
                                                    JgItemKind           kind);

G_END_DECLS
