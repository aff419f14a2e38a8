/* jg-credential-chain.h: where long-term admin credentials come from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "core/jg-model.h"
#include "jg-credential-store.h"
#include "jg-sigv4.h"

G_BEGIN_DECLS

/* The sources of the chain, in the order they are tried. */
typedef enum
{
  JG_CREDENTIAL_SOURCE_KEYRING,
  JG_CREDENTIAL_SOURCE_ENVIRONMENT,
  JG_CREDENTIAL_SOURCE_SHARED_FILE,
} JgCredentialSource;

const char *jg_credential_source_to_string (JgCredentialSource source);

/* Credentials found by the chain, and their source. Only credentials
 * contains secrets, so description may be shown and logged. */
typedef struct
{
  JgAwsCredentials   *credentials;
  JgCredentialSource  source;
  /* The exact source, for people: "keyring item of the aws partition",
   * "environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
   * "shared credentials file /home/a/.aws/credentials, profile default". */
  char               *description;
  /* The MFA device to use with GetSessionToken; only the keyring stores
   * one, so it is NULL for the other sources. */
  char               *mfa_device_arn;
  /* The error that made the chain pass over the keyring, other than
   * having no item (no Secret Service, locked), or NULL. */
  GError             *keyring_error;
} JgResolvedCredentials;

#define JG_TYPE_RESOLVED_CREDENTIALS (jg_resolved_credentials_get_type ())

GType                  jg_resolved_credentials_get_type (void) G_GNUC_CONST;
JgResolvedCredentials *jg_resolved_credentials_copy
                                    (const JgResolvedCredentials *resolved);
void                   jg_resolved_credentials_free
                                    (JgResolvedCredentials       *resolved);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgResolvedCredentials,
                               jg_resolved_credentials_free)

/* The steps of the chain, public so tests can check each one. envp is an
 * environment as g_get_environ() returns it. */
JgAwsCredentials *jg_credentials_from_environment
                                    (const char * const *envp,
                                     GError            **error);
char             *jg_shared_credentials_dup_path
                                    (const char * const *envp);
char             *jg_shared_credentials_dup_profile
                                    (const char * const *envp,
                                     gboolean           *out_explicit);
JgAwsCredentials *jg_shared_credentials_parse
                                    (const char         *data,
                                     gsize               length,
                                     const char         *path,
                                     const char         *profile,
                                     gboolean            profile_explicit,
                                     GError            **error);

#define JG_TYPE_CREDENTIAL_CHAIN (jg_credential_chain_get_type ())

G_DECLARE_FINAL_TYPE (JgCredentialChain, jg_credential_chain,
                      JG, CREDENTIAL_CHAIN, GObject)

JgCredentialChain     *jg_credential_chain_new             (JgCredentialStore   *store);
JgCredentialStore     *jg_credential_chain_get_store       (JgCredentialChain   *self);
void                   jg_credential_chain_set_environment (JgCredentialChain   *self,
                                                            const char * const  *envp);
void                   jg_credential_chain_resolve_async   (JgCredentialChain   *self,
                                                            JgPartition          partition,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
JgResolvedCredentials *jg_credential_chain_resolve_finish  (JgCredentialChain   *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS
