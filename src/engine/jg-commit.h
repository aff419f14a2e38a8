/* jg-commit.h: applying a plan to AWS as a journaled commit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aws/jg-session-manager.h"
#include "core/jg-core.h"
#include "core/jg-switch-role-config.h"
#include "engine/jg-plan.h"

G_BEGIN_DECLS

/* Writes in flight at once by default; the AWS client also bounds them
 * per account. */
#define JG_COMMIT_DEFAULT_MAX_IN_FLIGHT 8
#define JG_COMMIT_DEFAULT_MAX_PER_ACCOUNT 2

#define JG_TYPE_COMMIT_RUNNER (jg_commit_runner_get_type ())

G_DECLARE_FINAL_TYPE (JgCommitRunner, jg_commit_runner, JG, COMMIT_RUNNER,
                      GObject)

JgCommitRunner *jg_commit_runner_new             (JgStore             *store,
                                                  JgSessionManager    *sessions);
void            jg_commit_runner_set_max_in_flight (JgCommitRunner    *self,
                                                    guint              max_in_flight);
void            jg_commit_runner_set_max_per_account (JgCommitRunner  *self,
                                                      guint            max_per_account);
gint64          jg_commit_runner_get_commit_id   (JgCommitRunner      *self);
JgPlan         *jg_commit_runner_get_plan        (JgCommitRunner      *self);

/* Commits the staging area with @comment. Fails before anything is
 * journaled when the staging area is empty, the author cannot be
 * identified, a document cannot be read or the plan breaks a limit. */
void            jg_commit_runner_run_async       (JgCommitRunner      *self,
                                                  const char          *comment,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* Finishes the oldest commit still marked running, by re-planning
 * against what AWS holds now. */
void            jg_commit_runner_resume_async    (JgCommitRunner      *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* Returns the commit's final status; FALSE with @error when it could not
 * start. A commit that started always ends with TRUE and a status. */
gboolean        jg_commit_runner_run_finish      (JgCommitRunner      *self,
                                                  GAsyncResult        *result,
                                                  JgCommitStatus      *out_status,
                                                  GError             **error);

/* Interrupted commits: a lock file beside the database is held by the
 * process that runs a commit, so a commit marked running while nobody
 * holds the lock was interrupted. */
int             jg_commit_lock_acquire           (const char          *db_path,
                                                  GError             **error);
void            jg_commit_lock_release           (int                  fd);
gboolean        jg_commit_lock_is_held           (const char          *db_path);
GPtrArray      *jg_commit_list_interrupted       (JgStore             *store,
                                                  GError             **error);

/* Switch-role configurations from the desired state in force. */
JgSwitchRoleInput *jg_engine_build_switch_role_input (JgStore         *store,
                                                      const char      *handle,
                                                      GError         **error);
gboolean        jg_engine_store_user_configs     (JgStore             *store,
                                                  gint64               commit_id,
                                                  const char *const   *handles,
                                                  GError             **error);

G_END_DECLS
