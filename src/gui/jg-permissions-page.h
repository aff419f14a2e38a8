/* jg-permissions-page.h: persons, their accounts and the roles they may
 * assume, with the staging area beside them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jg-staging-panel.h"
#include "jg-workspace.h"

G_BEGIN_DECLS

#define JG_TYPE_PERMISSIONS_PAGE (jg_permissions_page_get_type ())

G_DECLARE_FINAL_TYPE (JgPermissionsPage, jg_permissions_page,
                      JG, PERMISSIONS_PAGE, GtkWidget)

void            jg_permissions_page_set_workspace     (JgPermissionsPage *self,
                                                       JgWorkspace       *workspace);
void            jg_permissions_page_focus_search      (JgPermissionsPage *self);
void            jg_permissions_page_set_search_text   (JgPermissionsPage *self,
                                                       const char        *text);
gboolean        jg_permissions_page_is_loaded         (JgPermissionsPage *self);
GListModel     *jg_permissions_page_get_persons       (JgPermissionsPage *self);
GListModel     *jg_permissions_page_get_roles         (JgPermissionsPage *self);
JgStagingPanel *jg_permissions_page_get_staging_panel (JgPermissionsPage *self);

G_END_DECLS
