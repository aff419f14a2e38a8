/* jg-preferences-window.h: credentials per partition and connection
 * settings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "jg-workspace.h"

G_BEGIN_DECLS

#define JG_TYPE_PREFERENCES_WINDOW (jg_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (JgPreferencesWindow, jg_preferences_window,
                      JG, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget  *jg_preferences_window_new         (JgWorkspace         *workspace);
const char *jg_preferences_window_get_status  (JgPreferencesWindow *self,
                                               JgPartition          partition);

G_END_DECLS
