/* jg-application.h: the Jumpgate application.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "jg-workspace.h"

G_BEGIN_DECLS

#define JG_TYPE_APPLICATION (jg_application_get_type ())

G_DECLARE_FINAL_TYPE (JgApplication, jg_application, JG, APPLICATION,
                      AdwApplication)

JgApplication *jg_application_new           (void);
JgWorkspace   *jg_application_get_workspace (JgApplication *self);
void           jg_application_set_accels    (GtkApplication *application);
void           jg_application_show_about    (GtkWindow      *parent);

G_END_DECLS
