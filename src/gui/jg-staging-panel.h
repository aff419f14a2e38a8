/* jg-staging-panel.h: the pre-commit summary of the staging area.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "jg-workspace.h"

G_BEGIN_DECLS

#define JG_TYPE_STAGING_PANEL (jg_staging_panel_get_type ())

G_DECLARE_FINAL_TYPE (JgStagingPanel, jg_staging_panel, JG, STAGING_PANEL,
                      GtkWidget)

void        jg_staging_panel_set_workspace (JgStagingPanel *self,
                                            JgWorkspace    *workspace);
GListModel *jg_staging_panel_get_changes   (JgStagingPanel *self);

G_END_DECLS
