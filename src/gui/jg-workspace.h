/* jg-workspace.h: what every page of a window shares: the store, the
 * settings, and the notification that the store changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aws/jg-aws.h"
#include "aws/jg-session-manager.h"
#include "core/jg-core.h"
#include "jg-item.h"

G_BEGIN_DECLS

/* What changed in the store; pages reload what they show of it. */
typedef enum
{
  JG_WORKSPACE_CHANGED_ENTITIES = 1 << 0,  /* partitions … principals */
  JG_WORKSPACE_CHANGED_STAGING  = 1 << 1,
  JG_WORKSPACE_CHANGED_COMMITS  = 1 << 2,  /* commits and grants */
  JG_WORKSPACE_CHANGED_ALL      = 0x7,
} JgWorkspaceChange;

#define JG_TYPE_WORKSPACE (jg_workspace_get_type ())

G_DECLARE_FINAL_TYPE (JgWorkspace, jg_workspace, JG, WORKSPACE, GObject)

JgWorkspace *jg_workspace_new              (JgStore            *store,
                                            GSettings          *settings,
                                            gboolean            sandbox);
JgStore     *jg_workspace_get_store        (JgWorkspace        *self);
GSettings   *jg_workspace_get_settings     (JgWorkspace        *self);
gboolean     jg_workspace_get_sandbox      (JgWorkspace        *self);
char        *jg_workspace_dup_endpoint_url (JgWorkspace        *self);
void         jg_workspace_notify_changed   (JgWorkspace        *self,
                                            JgWorkspaceChange   what);

JgAwsClient *jg_workspace_create_client    (JgWorkspace        *self,
                                            GError            **error);
JgSessionManager *jg_workspace_create_session_manager
                                           (JgWorkspace        *self,
                                            GError            **error);
JgSessionManager *jg_workspace_get_session_manager
                                           (JgWorkspace        *self,
                                            GError            **error);

void         jg_workspace_load_async       (JgWorkspace        *self,
                                            JgItemKind          kind,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
GListStore  *jg_workspace_load_finish      (JgWorkspace        *self,
                                            GAsyncResult       *result,
                                            GError            **error);

GPtrArray   *jg_workspace_list             (JgWorkspace        *self,
                                            JgItemKind          kind,
                                            GError            **error);

G_END_DECLS
