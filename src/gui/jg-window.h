/* jg-window.h: the main window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "jg-access-map-page.h"
#include "jg-configuration-page.h"
#include "jg-history-page.h"
#include "jg-permissions-page.h"
#include "jg-workspace.h"

G_BEGIN_DECLS

#define JG_TYPE_WINDOW (jg_window_get_type ())

G_DECLARE_FINAL_TYPE (JgWindow, jg_window, JG, WINDOW, AdwApplicationWindow)

JgWindow            *jg_window_new                    (GtkApplication *application,
                                                       JgWorkspace    *workspace);
JgWorkspace         *jg_window_get_workspace          (JgWindow       *self);
void                 jg_window_add_toast              (JgWindow       *self,
                                                       AdwToast       *toast);
void                 jg_window_show_error             (JgWindow       *self,
                                                       const GError   *error);
void                 jg_window_show_commit            (JgWindow       *self,
                                                       gint64          commit_id);
void                 jg_window_report_commit          (JgWindow       *self,
                                                       gint64          commit_id,
                                                       JgCommitStatus  status,
                                                       const char     *summary);
void                 jg_window_check_interrupted      (JgWindow       *self);
gint64               jg_window_get_interrupted_commit (JgWindow       *self);
const char          *jg_window_get_visible_page_name  (JgWindow       *self);
JgPermissionsPage   *jg_window_get_permissions_page   (JgWindow       *self);
JgConfigurationPage *jg_window_get_configuration_page (JgWindow       *self);
JgHistoryPage       *jg_window_get_history_page       (JgWindow       *self);
JgAccessMapPage     *jg_window_get_access_map_page    (JgWindow       *self);

G_END_DECLS
