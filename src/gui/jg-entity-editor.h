/* jg-entity-editor.h: the dialog that adds or edits one partition,
 * account, role, person or principal, validating as the user types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "jg-item.h"
#include "jg-workspace.h"

G_BEGIN_DECLS

#define JG_TYPE_ENTITY_EDITOR (jg_entity_editor_get_type ())

G_DECLARE_FINAL_TYPE (JgEntityEditor, jg_entity_editor, JG, ENTITY_EDITOR,
                      AdwWindow)

JgEntityEditor *jg_entity_editor_new         (JgWorkspace    *workspace,
                                              JgItemKind      kind,
                                              gconstpointer   value);
gboolean        jg_entity_editor_set_text    (JgEntityEditor *self,
                                              const char     *field,
                                              const char     *text);
const char     *jg_entity_editor_get_error   (JgEntityEditor *self,
                                              const char     *field);
gboolean        jg_entity_editor_is_valid    (JgEntityEditor *self);

G_END_DECLS
