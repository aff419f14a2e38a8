/* jg-sts.h: the STS operations Jumpgate uses, and their results.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jg-aws-call.h"
#include "jg-aws-xml.h"

G_BEGIN_DECLS

#define JG_STS_API_VERSION "2011-06-15"

/* Who the signing credentials belong to. Reference-counted. */
typedef struct
{
  char *user_id;
  char *account;
  char *arn;
} JgStsCallerIdentity;

/* Temporary credentials from AssumeRole or GetSessionToken; their
 * expiration is credentials->expiration. The assumed-role fields are
 * NULL for GetSessionToken. Freeing overwrites the secret and token. */
typedef struct
{
  JgAwsCredentials *credentials;
  char             *assumed_role_id;
  char             *assumed_role_arn;
  int               packed_policy_size;   /* percent, -1 if not returned */
} JgStsCredentials;

#define JG_TYPE_STS_CALLER_IDENTITY (jg_sts_caller_identity_get_type ())
#define JG_TYPE_STS_CREDENTIALS (jg_sts_credentials_get_type ())

GType                jg_sts_caller_identity_get_type (void) G_GNUC_CONST;
JgStsCallerIdentity *jg_sts_caller_identity_ref      (JgStsCallerIdentity *identity);
void                 jg_sts_caller_identity_unref    (JgStsCallerIdentity *identity);

GType                jg_sts_credentials_get_type     (void) G_GNUC_CONST;
JgStsCredentials    *jg_sts_credentials_copy         (const JgStsCredentials *credentials);
void                 jg_sts_credentials_free         (JgStsCredentials    *credentials);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgStsCallerIdentity, jg_sts_caller_identity_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgStsCredentials, jg_sts_credentials_free)

/* Page parsers, public so that tests can feed them recorded replies. */
gboolean jg_sts_parse_get_caller_identity (JgAwsResponse  *response,
                                           const char     *operation,
                                           gpointer       *inout_result,
                                           char          **out_next_token,
                                           GError        **error);
gboolean jg_sts_parse_credentials         (JgAwsResponse  *response,
                                           const char     *operation,
                                           gpointer       *inout_result,
                                           char          **out_next_token,
                                           GError        **error);

void                 jg_sts_get_caller_identity_async  (JgAwsClient         *client,
                                                        const JgAwsTarget   *target,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
JgStsCallerIdentity *jg_sts_get_caller_identity_finish (JgAwsClient         *client,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void                 jg_sts_assume_role_async          (JgAwsClient         *client,
                                                        const JgAwsTarget   *target,
                                                        const char          *role_arn,
                                                        const char          *role_session_name,
                                                        int                  duration_seconds,
                                                        const char          *serial_number,
                                                        const char          *token_code,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
JgStsCredentials    *jg_sts_assume_role_finish         (JgAwsClient         *client,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void                 jg_sts_get_session_token_async    (JgAwsClient         *client,
                                                        const JgAwsTarget   *target,
                                                        int                  duration_seconds,
                                                        const char          *serial_number,
                                                        const char          *token_code,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
JgStsCredentials    *jg_sts_get_session_token_finish   (JgAwsClient         *client,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
