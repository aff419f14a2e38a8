/* jg-session-manager.h: temporary credentials for the jump account and
 * for the admin role of each target account.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "core/jg-model.h"
#include "jg-aws-client.h"
#include "jg-credential-chain.h"

G_BEGIN_DECLS

/* Credentials are renewed when they expire within this margin. */
#define JG_SESSION_MANAGER_DEFAULT_RENEW_MARGIN (5 * G_TIME_SPAN_MINUTE)
/* GetSessionToken's default duration for IAM users (12 hours). */
#define JG_SESSION_MANAGER_DEFAULT_SESSION_SECONDS 43200
/* AssumeRole's default, and the default maximum of a role (1 hour). */
#define JG_SESSION_MANAGER_DEFAULT_ROLE_SECONDS 3600

/* Asks a person for the current six-digit code of the MFA device
 * mfa_device_arn, for GetSessionToken. The function completes task
 * exactly once, at once or later: with g_task_return_pointer (task, code,
 * (GDestroyNotify) jg_secret_free) where code is a newly allocated
 * string, or with g_task_return_error(). It should give up when
 * cancellable is cancelled. */
typedef void (*JgMfaCodeFunc) (const char   *mfa_device_arn,
                               GCancellable *cancellable,
                               GTask        *task,
                               gpointer      user_data);

#define JG_TYPE_SESSION_MANAGER (jg_session_manager_get_type ())

G_DECLARE_FINAL_TYPE (JgSessionManager, jg_session_manager,
                      JG, SESSION_MANAGER, GObject)

JgSessionManager *jg_session_manager_new            (JgCredentialChain   *chain,
                                                     JgAwsClient         *client);
JgAwsClient      *jg_session_manager_get_client     (JgSessionManager    *self);
JgCredentialChain *jg_session_manager_get_chain     (JgSessionManager    *self);
void              jg_session_manager_set_mfa_code_func
                                                    (JgSessionManager    *self,
                                                     JgMfaCodeFunc        func,
                                                     gpointer             user_data,
                                                     GDestroyNotify       destroy);
void              jg_session_manager_set_mfa_device (JgSessionManager    *self,
                                                     JgPartition          partition,
                                                     const char          *mfa_device_arn);
void              jg_session_manager_set_time_func  (JgSessionManager    *self,
                                                     JgAwsTimeFunc        func,
                                                     gpointer             user_data,
                                                     GDestroyNotify       destroy);
void              jg_session_manager_set_renew_margin
                                                    (JgSessionManager    *self,
                                                     GTimeSpan            margin);
void              jg_session_manager_set_durations  (JgSessionManager    *self,
                                                     int                  session_seconds,
                                                     int                  role_seconds);
gboolean          jg_session_manager_set_role_session_name
                                                    (JgSessionManager    *self,
                                                     const char          *name,
                                                     GError             **error);
const char       *jg_session_manager_get_role_session_name
                                                    (JgSessionManager    *self);
char             *jg_session_manager_build_role_session_name
                                                    (const char          *user_name);

void              jg_session_manager_get_credentials_async
                                                    (JgSessionManager    *self,
                                                     JgPartition          partition,
                                                     const char          *account_id,
                                                     const char          *admin_role,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
JgAwsCredentials *jg_session_manager_get_credentials_finish
                                                    (JgSessionManager    *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
const char       *jg_session_manager_get_source_description
                                                    (JgSessionManager    *self,
                                                     JgPartition          partition);
void              jg_session_manager_invalidate     (JgSessionManager    *self,
                                                     JgPartition          partition,
                                                     const char          *account_id,
                                                     const char          *admin_role);
void              jg_session_manager_clear          (JgSessionManager    *self);

G_END_DECLS
