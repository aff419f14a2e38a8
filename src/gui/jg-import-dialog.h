/* jg-import-dialog.h: importing an organisation from AWS, with a dry run,
 * progress and the result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "aws/jg-session-manager.h"
#include "core/jg-core.h"

G_BEGIN_DECLS

#define JG_TYPE_IMPORT_DIALOG (jg_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (JgImportDialog, jg_import_dialog, JG, IMPORT_DIALOG,
                      AdwWindow)

/* Emits "imported" after an import (not a dry run) wrote to the store, so
 * the window can reload its pages. */
JgImportDialog *jg_import_dialog_new (GtkWindow        *parent,
                                      JgStore          *store,
                                      JgSessionManager *sessions);

G_END_DECLS
