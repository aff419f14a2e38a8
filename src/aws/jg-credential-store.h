/* jg-credential-store.h: admin credentials in the desktop keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "core/jg-model.h"

G_BEGIN_DECLS

#define JG_CREDENTIALS_ERROR (jg_credentials_error_quark ())

/* Errors of the keyring store, the credential chain and the session
 * manager. Failures of AWS calls keep their JG_AWS_ERROR codes. */
typedef enum
{
  /* No D-Bus session bus, or no Secret Service on it (in a Flatpak: no
   * Secret portal). */
  JG_CREDENTIALS_ERROR_KEYRING_UNAVAILABLE,
  /* The Secret Service has no default collection to store items in. */
  JG_CREDENTIALS_ERROR_KEYRING_NO_COLLECTION,
  /* The item or the default collection is locked and prompts are off. */
  JG_CREDENTIALS_ERROR_KEYRING_LOCKED,
  /* Any other failure of the Secret Service. */
  JG_CREDENTIALS_ERROR_KEYRING_FAILED,
  /* No credentials for the partition in the source that was asked. */
  JG_CREDENTIALS_ERROR_NOT_FOUND,
  /* An access key id that is not 16 to 128 of A-Z and 0-9. */
  JG_CREDENTIALS_ERROR_INVALID_ACCESS_KEY_ID,
  /* An empty secret access key, or one with whitespace or control
   * characters. */
  JG_CREDENTIALS_ERROR_INVALID_SECRET,
  /* Only one half of a key pair is set in the environment or in a
   * profile of the shared credentials file. */
  JG_CREDENTIALS_ERROR_INCOMPLETE,
  /* The shared credentials file cannot be read or parsed, or names no
   * such profile. */
  JG_CREDENTIALS_ERROR_INVALID_FILE,
  /* An MFA device is configured but no code could be had: no prompt is
   * set, or the code is not six digits. */
  JG_CREDENTIALS_ERROR_MFA_CODE,
  /* A target account id or admin role name that cannot form a role ARN. */
  JG_CREDENTIALS_ERROR_INVALID_ROLE,
} JgCredentialsError;

GQuark jg_credentials_error_quark (void);

/* Name of the libsecret schema, equal to the application id. */
#define JG_CREDENTIAL_STORE_SCHEMA_NAME "io.github.jumpgate.Jumpgate"
/* Value of the schema's "kind" attribute on admin credentials. */
#define JG_CREDENTIAL_STORE_KIND_ADMIN "admin-credentials"

/* Long-term admin credentials of one partition as stored in the
 * keyring. jg_admin_credentials_free() overwrites the secret before it
 * frees it. */
typedef struct
{
  char *access_key_id;
  char *secret_access_key;
  char *mfa_device_arn;   /* NULL when the user has no MFA device */
} JgAdminCredentials;

#define JG_TYPE_ADMIN_CREDENTIALS (jg_admin_credentials_get_type ())

GType               jg_admin_credentials_get_type (void) G_GNUC_CONST;
JgAdminCredentials *jg_admin_credentials_new      (const char *access_key_id,
                                                   const char *secret_access_key,
                                                   const char *mfa_device_arn);
JgAdminCredentials *jg_admin_credentials_copy
                                    (const JgAdminCredentials *credentials);
void                jg_admin_credentials_free
                                    (JgAdminCredentials       *credentials);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgAdminCredentials, jg_admin_credentials_free)

gboolean jg_validate_access_key_id      (const char  *access_key_id,
                                         GError     **error);
gboolean jg_validate_secret_access_key  (const char  *secret_access_key,
                                         GError     **error);
void     jg_secret_free                 (char        *secret);

#define JG_TYPE_CREDENTIAL_STORE (jg_credential_store_get_type ())

G_DECLARE_FINAL_TYPE (JgCredentialStore, jg_credential_store,
                      JG, CREDENTIAL_STORE, GObject)

JgCredentialStore  *jg_credential_store_new            (void);
void                jg_credential_store_set_allow_prompts
                                         (JgCredentialStore         *self,
                                          gboolean                   allow);
gboolean            jg_credential_store_get_allow_prompts
                                         (JgCredentialStore         *self);

void                jg_credential_store_save_async
                                         (JgCredentialStore         *self,
                                          JgPartition                partition,
                                          const JgAdminCredentials  *credentials,
                                          GCancellable              *cancellable,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data);
gboolean            jg_credential_store_save_finish
                                         (JgCredentialStore         *self,
                                          GAsyncResult              *result,
                                          GError                   **error);

void                jg_credential_store_lookup_async
                                         (JgCredentialStore         *self,
                                          JgPartition                partition,
                                          GCancellable              *cancellable,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data);
JgAdminCredentials *jg_credential_store_lookup_finish
                                         (JgCredentialStore         *self,
                                          GAsyncResult              *result,
                                          GError                   **error);

void                jg_credential_store_clear_async
                                         (JgCredentialStore         *self,
                                          JgPartition                partition,
                                          GCancellable              *cancellable,
                                          GAsyncReadyCallback        callback,
                                          gpointer                   user_data);
gboolean            jg_credential_store_clear_finish
                                         (JgCredentialStore         *self,
                                          GAsyncResult              *result,
                                          GError                   **error);

G_END_DECLS
