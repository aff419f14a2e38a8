/* jg-commit-dialog.h: the comment, the plan and the progress of one
 * commit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "jg-workspace.h"

G_BEGIN_DECLS

typedef struct _JgWindow JgWindow;

#define JG_TYPE_COMMIT_DIALOG (jg_commit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (JgCommitDialog, jg_commit_dialog, JG, COMMIT_DIALOG,
                      AdwWindow)

JgCommitDialog *jg_commit_dialog_new              (JgWindow       *parent,
                                                   JgWorkspace    *workspace,
                                                   gint64          resume_commit_id);
void            jg_commit_dialog_set_comment      (JgCommitDialog *self,
                                                   const char     *comment);
gboolean        jg_commit_dialog_is_planning      (JgCommitDialog *self);
gboolean        jg_commit_dialog_is_running       (JgCommitDialog *self);
const char     *jg_commit_dialog_get_plan_text    (JgCommitDialog *self);
const char     *jg_commit_dialog_get_violations_text (JgCommitDialog *self);
GListModel     *jg_commit_dialog_get_actions      (JgCommitDialog *self);
const char     *jg_commit_dialog_get_action_operation
                                                  (JgCommitDialog *self,
                                                   guint           position);
gboolean        jg_commit_dialog_select_action    (JgCommitDialog *self,
                                                   guint           position);
char           *jg_commit_dialog_dup_diff_text    (JgCommitDialog *self);

G_END_DECLS
