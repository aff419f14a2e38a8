/* jg-drift-dialog.h: the drift between AWS and the desired state, with a
 * fix and an adoption per item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "aws/jg-session-manager.h"
#include "core/jg-core.h"

G_BEGIN_DECLS

#define JG_TYPE_DRIFT_DIALOG (jg_drift_dialog_get_type ())

G_DECLARE_FINAL_TYPE (JgDriftDialog, jg_drift_dialog, JG, DRIFT_DIALOG,
                      AdwWindow)

/* Checks for drift as soon as it is shown. Emits "changed" after a fix or
 * an adoption wrote a commit, so the window can reload its pages. */
JgDriftDialog *jg_drift_dialog_new (GtkWindow        *parent,
                                    JgStore          *store,
                                    JgSessionManager *sessions);

G_END_DECLS
