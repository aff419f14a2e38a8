/* jg-engine.h: the one header of the commit engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "core/jg-core.h"
#include "aws/jg-session-manager.h"
#include "engine/jg-plan.h"
#include "engine/jg-commit.h"

G_BEGIN_DECLS

#define JG_ENGINE_ERROR (jg_engine_error_quark ())

typedef enum
{
  JG_ENGINE_ERROR_FAILED,
  JG_ENGINE_ERROR_NOTHING_STAGED,
  /* The plan breaks an IAM limit or names a missing user or role. */
  JG_ENGINE_ERROR_LIMIT_EXCEEDED,
  JG_ENGINE_ERROR_PRINCIPAL_MISSING,
  JG_ENGINE_ERROR_INTERRUPTED_COMMIT,
  JG_ENGINE_ERROR_CANCELLED,
  /* Current documents could not be read from AWS. */
  JG_ENGINE_ERROR_READ_FAILED,
  /* Another process is running a commit on the same database. */
  JG_ENGINE_ERROR_BUSY,
  /* --resume found no interrupted commit. */
  JG_ENGINE_ERROR_NOTHING_TO_RESUME,
} JgEngineError;

GQuark jg_engine_error_quark (void);

/* Reading current documents from AWS (jg-plan-read.c). */
GHashTable      *jg_engine_load_admin_roles     (JgStore             *store,
                                                 GError             **error);
const char      *jg_engine_admin_role_for       (GHashTable          *admin_roles,
                                                 const JgPlanTarget  *target);
void             jg_plan_read_documents_async   (JgSessionManager    *sessions,
                                                 JgStore             *store,
                                                 GPtrArray           *targets,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
JgPlanDocuments *jg_plan_read_documents_finish  (JgSessionManager    *sessions,
                                                 GAsyncResult        *result,
                                                 GPtrArray          **out_errors,
                                                 GError             **error);

G_END_DECLS
