/* jg-credential-store.c: admin credentials in the desktop keyring.
 *
 * One keyring item per partition, found by the attributes
 * partition=<name> and kind=admin-credentials. Its secret is a small JSON
 * object with the access key id, the secret access key and the optional
 * MFA device ARN, so the three stay in step.
 *
 * Items are written, read and deleted only with libsecret's password API
 * (secret_password_storev_binary, _lookupv, _clearv), which libsecret
 * 0.19 and later send through a SecretBackend:
 *
 * - Outside a sandbox the backend is the D-Bus Secret Service. Before
 *   each call this file checks the service with secret_service_* calls,
 *   because libsecret would otherwise show a prompt that no one answers
 *   and never return: to create a missing default collection, or to
 *   unlock a locked one.
 * - Inside a Flatpak the manifest grants no access to
 *   org.freedesktop.secrets. The Flatpak path relies on libsecret using
 *   its file backend there: libsecret does so when /.flatpak-info exists
 *   and the Secret portal (org.freedesktop.portal.Secret, version 1)
 *   responds on the session bus. Items then live in
 *   $XDG_DATA_HOME/keyrings/default.keyring inside the sandbox, encrypted
 *   with a per-application key that the portal hands out. This needs a
 *   libsecret built with its file backend (it needs libgcrypt at build
 *   time, as Debian 12's 0.20.5 has) and, on the host, xdg-desktop-portal
 *   with a Secret backend such as gnome-keyring's. Without the portal,
 *   libsecret falls back to the Secret Service, which the sandbox cannot
 *   reach, and every call fails with KEYRING_UNAVAILABLE. The file has no
 *   collections or locks, so no check runs first.
 *
 * NOTE: the tests run the file backend through libsecret's SECRET_BACKEND,
 * SECRET_FILE_TEST_PATH and SECRET_FILE_TEST_PASSWORD variables, not
 * through a real portal inside a Flatpak.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <openssl/crypto.h>

#include "jg-credential-store.h"

#define ITEM_LABEL "Jumpgate admin credentials (%s)"
#define VALUE_CONTENT_TYPE "application/json"
#define VALUE_FORMAT_VERSION 1

/* Access key ids are 16 to 128 of A-Z and 0-9 (the IAM API's AccessKeyId
 * constraint; AWS issues 20 today, AKIA… for long-term and ASIA… for
 * temporary keys). */
#define ACCESS_KEY_ID_MIN_LENGTH 16
#define ACCESS_KEY_ID_MAX_LENGTH 128

struct _JgCredentialStore
{
  GObject   parent_instance;

  gboolean  allow_prompts;
};

G_DEFINE_FINAL_TYPE (JgCredentialStore, jg_credential_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (jg-credentials-error-quark, jg_credentials_error)

G_DEFINE_BOXED_TYPE (JgAdminCredentials, jg_admin_credentials,
                     jg_admin_credentials_copy, jg_admin_credentials_free)

static const SecretSchema admin_schema = {
  JG_CREDENTIAL_STORE_SCHEMA_NAME,
  SECRET_SCHEMA_NONE,
  {
    { "partition", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* Overwrites a NUL-terminated secret, then frees it. NULL is allowed. */
void
jg_secret_free (char *secret)
{
  if (secret == NULL)
    return;

  OPENSSL_cleanse (secret, strlen (secret));
  g_free (secret);
}

JgAdminCredentials *
jg_admin_credentials_new (const char *access_key_id,
                          const char *secret_access_key,
                          const char *mfa_device_arn)
{
  JgAdminCredentials *credentials = g_new0 (JgAdminCredentials, 1);

  credentials->access_key_id = g_strdup (access_key_id);
  credentials->secret_access_key = g_strdup (secret_access_key);
  credentials->mfa_device_arn = g_strdup (mfa_device_arn);
  return credentials;
}

JgAdminCredentials *
jg_admin_credentials_copy (const JgAdminCredentials *credentials)
{
  g_return_val_if_fail (credentials != NULL, NULL);

  return jg_admin_credentials_new (credentials->access_key_id,
                                   credentials->secret_access_key,
                                   credentials->mfa_device_arn);
}

void
jg_admin_credentials_free (JgAdminCredentials *credentials)
{
  if (credentials == NULL)
    return;

  g_free (credentials->access_key_id);
  jg_secret_free (credentials->secret_access_key);
  g_free (credentials->mfa_device_arn);
  g_free (credentials);
}

/* Checks the shape only, because only AWS can tell whether the key
 * exists. The message quotes the value, which is not secret. */
gboolean
jg_validate_access_key_id (const char  *access_key_id,
                           GError     **error)
{
  gsize length;

  if (access_key_id == NULL || access_key_id[0] == '\0')
    {
      g_set_error (error, JG_CREDENTIALS_ERROR,
                   JG_CREDENTIALS_ERROR_INVALID_ACCESS_KEY_ID,
                   _("The access key id is empty: give the id of an IAM "
                     "access key, such as AKIAIOSFODNN7EXAMPLE"));
      return FALSE;
    }

  length = strlen (access_key_id);
  for (gsize i = 0; i < length; i++)
    {
      char c = access_key_id[i];

      if (!(g_ascii_isupper (c) || g_ascii_isdigit (c)))
        {
          g_autofree char *shown = g_utf8_make_valid (access_key_id, -1);

          g_set_error (error, JG_CREDENTIALS_ERROR,
                       JG_CREDENTIALS_ERROR_INVALID_ACCESS_KEY_ID,
                       _("The access key id “%s” contains a character "
                         "other than A-Z and 0-9: copy the id of the IAM "
                         "access key exactly, such as "
                         "AKIAIOSFODNN7EXAMPLE"),
                       shown);
          return FALSE;
        }
    }

  if (length < ACCESS_KEY_ID_MIN_LENGTH || length > ACCESS_KEY_ID_MAX_LENGTH)
    {
      g_set_error (error, JG_CREDENTIALS_ERROR,
                   JG_CREDENTIALS_ERROR_INVALID_ACCESS_KEY_ID,
                   _("The access key id “%s” has %zu characters but IAM "
                     "access key ids have %d to %d: copy the whole id, "
                     "such as AKIAIOSFODNN7EXAMPLE"),
                   access_key_id, length, ACCESS_KEY_ID_MIN_LENGTH,
                   ACCESS_KEY_ID_MAX_LENGTH);
      return FALSE;
    }

  return TRUE;
}

/* The message never quotes the secret. */
gboolean
jg_validate_secret_access_key (const char  *secret_access_key,
                               GError     **error)
{
  if (secret_access_key == NULL || secret_access_key[0] == '\0')
    {
      g_set_error (error, JG_CREDENTIALS_ERROR,
                   JG_CREDENTIALS_ERROR_INVALID_SECRET,
                   _("The secret access key is empty: give the secret that "
                     "IAM showed when the access key was created"));
      return FALSE;
    }

  for (const char *p = secret_access_key; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
        {
          g_set_error (error, JG_CREDENTIALS_ERROR,
                       JG_CREDENTIALS_ERROR_INVALID_SECRET,
                       _("The secret access key contains a space or control "
                         "character at position %d: copy the secret alone, "
                         "without spaces or line breaks"),
                       (int) (p - secret_access_key) + 1);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
validate_admin_credentials (JgPartition                partition,
                            const JgAdminCredentials  *credentials,
                            GError                   **error)
{
  if (!jg_validate_access_key_id (credentials->access_key_id, error))
    return FALSE;

  if (!jg_validate_secret_access_key (credentials->secret_access_key, error))
    return FALSE;

  if (credentials->mfa_device_arn != NULL
      && !jg_validate_mfa_serial (partition, credentials->mfa_device_arn,
                                  error))
    return FALSE;

  return TRUE;
}

static GHashTable *
build_attributes (JgPartition partition)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer) "partition",
                       (gpointer) jg_partition_to_string (partition));
  g_hash_table_insert (attributes, (gpointer) "kind",
                       (gpointer) JG_CREDENTIAL_STORE_KIND_ADMIN);
  return attributes;
}

/* Overwrites the string held by a JSON node before the node is freed,
 * because json-glib frees its strings without clearing them. */
static void
cleanse_json_string (JsonNode *node)
{
  char *text;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return;

  text = (char *) json_node_get_string (node);
  if (text != NULL)
    OPENSSL_cleanse (text, strlen (text));
}

static void
cleanse_json_object (JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    cleanse_json_string (json_object_get_member (object, l->data));
}

/* Builds the keyring value. The JSON text is copied into libsecret's
 * non-pageable memory and our copies are overwritten.
 * NOTE: json-glib's generator grows a GString while it writes, so freed
 * intermediate buffers may still hold part of the secret. */
static SecretValue *
build_secret_value (const JgAdminCredentials *credentials)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;
  gsize length = 0;
  SecretValue *value;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, VALUE_FORMAT_VERSION);
  json_builder_set_member_name (builder, "access_key_id");
  json_builder_add_string_value (builder, credentials->access_key_id);
  json_builder_set_member_name (builder, "secret_access_key");
  json_builder_add_string_value (builder, credentials->secret_access_key);
  if (credentials->mfa_device_arn != NULL)
    {
      json_builder_set_member_name (builder, "mfa_device_arn");
      json_builder_add_string_value (builder, credentials->mfa_device_arn);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  json_generator_set_root (generator, NULL);
  cleanse_json_object (json_node_get_object (root));

  value = secret_value_new (text, (gssize) length, VALUE_CONTENT_TYPE);
  OPENSSL_cleanse (text, length);
  g_free (text);
  return value;
}

static GError *
invalid_item_error (JgPartition  partition,
                    const char  *problem)
{
  return g_error_new (JG_CREDENTIALS_ERROR,
                      JG_CREDENTIALS_ERROR_KEYRING_FAILED,
                      _("The keyring item of the %s partition is not valid "
                        "Jumpgate credentials (%s): store them again with "
                        "“jumpgate-cli credentials set --partition %s”"),
                      jg_partition_to_string (partition), problem,
                      jg_partition_to_string (partition));
}

/* NOTE: json-glib's scanner copies string tokens into buffers it frees
 * without clearing them; the copies this function makes are cleared. */
static JgAdminCredentials *
parse_secret_value (JgPartition   partition,
                    SecretValue  *value,
                    GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JgAdminCredentials) credentials = NULL;
  JsonNode *root;
  JsonObject *object;
  const char *data;
  gsize length = 0;

  data = secret_value_get (value, &length);
  if (data == NULL || length == 0
      || !json_parser_load_from_data (parser, data, (gssize) length, NULL))
    {
      g_propagate_error (error, invalid_item_error (partition,
                                                    _("its secret is not "
                                                      "JSON")));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, invalid_item_error (partition,
                                                    _("its secret is not a "
                                                      "JSON object")));
      return NULL;
    }

  object = json_node_get_object (root);
  credentials = g_new0 (JgAdminCredentials, 1);
  credentials->access_key_id =
    g_strdup (json_object_get_string_member_with_default (object,
                                                          "access_key_id",
                                                          NULL));
  credentials->secret_access_key =
    g_strdup (json_object_get_string_member_with_default (object,
                                                          "secret_access_key",
                                                          NULL));
  credentials->mfa_device_arn =
    g_strdup (json_object_get_string_member_with_default (object,
                                                          "mfa_device_arn",
                                                          NULL));
  cleanse_json_object (object);

  if (!validate_admin_credentials (partition, credentials, NULL))
    {
      g_propagate_error (error, invalid_item_error (partition,
                                                    _("a key is missing or "
                                                      "malformed")));
      return NULL;
    }

  return g_steal_pointer (&credentials);
}

/* Whether libsecret's password API is expected to use its file backend
 * rather than the D-Bus Secret Service: inside a Flatpak, or anywhere
 * when libsecret's own variable SECRET_BACKEND is "file". The file
 * backend has no collections, locks or prompts, so the checks below do
 * not apply. In a Flatpak whose Secret portal does not respond, libsecret
 * falls back to the Secret Service, which the sandbox cannot reach, so
 * the call fails without the checks too. */
static gboolean
uses_file_backend (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS)
         || g_strcmp0 (g_getenv ("SECRET_BACKEND"), "file") == 0;
}

/* Turns a failure to reach the keyring into one error that names the
 * problem and the ways around it. */
static GError *
unavailable_error (const GError *cause)
{
  if (uses_file_backend ())
    return g_error_new (JG_CREDENTIALS_ERROR,
                        JG_CREDENTIALS_ERROR_KEYRING_UNAVAILABLE,
                        _("No keyring is available (the Secret portal did "
                          "not provide one: %s): run xdg-desktop-portal "
                          "with a Secret portal backend such as "
                          "gnome-keyring in the desktop session, or give "
                          "scripts their credentials in AWS_ACCESS_KEY_ID "
                          "and AWS_SECRET_ACCESS_KEY"),
                        cause->message);

  return g_error_new (JG_CREDENTIALS_ERROR,
                      JG_CREDENTIALS_ERROR_KEYRING_UNAVAILABLE,
                      _("No keyring is available (no Secret Service on the "
                        "D-Bus session bus: %s): start gnome-keyring or "
                        "another Secret Service in a desktop session, or "
                        "give scripts their credentials in "
                        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"),
                      cause->message);
}

static GError *
locked_error (JgPartition partition)
{
  return g_error_new (JG_CREDENTIALS_ERROR,
                      JG_CREDENTIALS_ERROR_KEYRING_LOCKED,
                      _("The keyring that holds the credentials of the %s "
                        "partition is locked: unlock it (log in to the "
                        "desktop, or open Passwords and Keys), or give "
                        "scripts their credentials in AWS_ACCESS_KEY_ID and "
                        "AWS_SECRET_ACCESS_KEY"),
                      jg_partition_to_string (partition));
}

static GError *
no_collection_error (void)
{
  return g_error_new (JG_CREDENTIALS_ERROR,
                      JG_CREDENTIALS_ERROR_KEYRING_NO_COLLECTION,
                      _("The keyring has no default collection to store "
                        "credentials in: create one (for example the "
                        "“login” keyring in Passwords and Keys), or give "
                        "scripts their credentials in AWS_ACCESS_KEY_ID and "
                        "AWS_SECRET_ACCESS_KEY"));
}

static GError *
not_found_error (JgPartition partition)
{
  return g_error_new (JG_CREDENTIALS_ERROR, JG_CREDENTIALS_ERROR_NOT_FOUND,
                      _("The keyring holds no credentials for the %s "
                        "partition: store them with “jumpgate-cli "
                        "credentials set --partition %s”"),
                      jg_partition_to_string (partition),
                      jg_partition_to_string (partition));
}

/* Maps an error of a libsecret call. */
static GError *
keyring_error (JgPartition   partition,
               GError       *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return locked_error (partition);

  if (error->domain == G_DBUS_ERROR
      && (error->code == G_DBUS_ERROR_SERVICE_UNKNOWN
          || error->code == G_DBUS_ERROR_NAME_HAS_NO_OWNER
          || error->code == G_DBUS_ERROR_DISCONNECTED
          || error->code == G_DBUS_ERROR_NO_SERVER))
    return unavailable_error (error);

  return g_error_new (JG_CREDENTIALS_ERROR,
                      JG_CREDENTIALS_ERROR_KEYRING_FAILED,
                      _("The keyring failed on the credentials of the %s "
                        "partition: %s"),
                      jg_partition_to_string (partition), error->message);
}

/* One operation in flight: which, on what, and what it has so far. */
typedef enum
{
  OPERATION_SAVE,
  OPERATION_LOOKUP,
  OPERATION_CLEAR,
} Operation;

typedef struct
{
  Operation           operation;
  JgPartition         partition;
  GHashTable         *attributes;
  JgAdminCredentials *credentials;       /* to save */
  /* Only without the file backend: */
  SecretService      *service;           /* for the checks */
  char               *collection_path;   /* to save in */
} OperationData;

static void
operation_data_free (OperationData *data)
{
  g_clear_pointer (&data->attributes, g_hash_table_unref);
  g_clear_pointer (&data->credentials, jg_admin_credentials_free);
  g_clear_object (&data->service);
  g_free (data->collection_path);
  g_free (data);
}

/* Reading and writing: the password API, on either backend */

static void
on_password_stored_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      g_task_return_error (task, keyring_error (data->partition, error));
      return;
    }

  g_debug ("Stored the admin credentials of partition %s in the keyring",
           jg_partition_to_string (data->partition));
  g_task_return_boolean (task, TRUE);
}

static void
on_password_looked_up_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(GError) error = NULL;
  JgAdminCredentials *credentials;

  value = secret_password_lookup_binary_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (data->partition, error));
      return;
    }

  if (value == NULL)
    {
      g_task_return_error (task, not_found_error (data->partition));
      return;
    }

  credentials = parse_secret_value (data->partition, value, &error);
  if (credentials == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, credentials,
                         (GDestroyNotify) jg_admin_credentials_free);
}

static void
on_password_cleared_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (secret_password_clear_finish (result, &error))
    {
      g_debug ("Removed the keyring items of partition %s",
               jg_partition_to_string (data->partition));
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (data->partition, error));
      return;
    }

  g_task_return_new_error (task, JG_CREDENTIALS_ERROR,
                           JG_CREDENTIALS_ERROR_NOT_FOUND,
                           _("The keyring holds no credentials for the %s "
                             "partition, so there is nothing to remove"),
                           jg_partition_to_string (data->partition));
}

/* Takes over the reference to task. */
static void
run_operation (GTask *task)
{
  OperationData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  switch (data->operation)
    {
    case OPERATION_SAVE:
      {
        g_autoptr(SecretValue) value = build_secret_value (data->credentials);
        g_autofree char *label = NULL;

        label = g_strdup_printf (ITEM_LABEL,
                                 jg_partition_to_string (data->partition));
        /* The Secret Service gets the checked collection's object path,
         * not the "default" alias: given an alias that does not exist,
         * libsecret would prompt to create it. The file backend has one
         * file and ignores the collection. */
        secret_password_storev_binary (&admin_schema, data->attributes,
                                       data->collection_path, label, value,
                                       cancellable, on_password_stored_cb,
                                       task);
      }
      break;

    case OPERATION_LOOKUP:
      secret_password_lookupv (&admin_schema, data->attributes, cancellable,
                               on_password_looked_up_cb, task);
      break;

    case OPERATION_CLEAR:
      secret_password_clearv (&admin_schema, data->attributes, cancellable,
                              on_password_cleared_cb, task);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Checks of the Secret Service, which fail where libsecret would prompt
 * and, with no one to answer, never return: to create a missing default
 * collection, or to unlock a locked item while prompts are off. */

static void
on_collection_unlocked_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *unlocked = NULL;

  if (secret_service_unlock_finish (SECRET_SERVICE (source), result,
                                    &unlocked, &error) == 0)
    {
      if (error != NULL)
        g_task_return_error (task, keyring_error (data->partition, error));
      else
        g_task_return_error (task, locked_error (data->partition));
      return;
    }

  g_list_free_full (unlocked, g_object_unref);
  run_operation (g_steal_pointer (&task));
}

static void
on_default_collection_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OperationData *data = g_task_get_task_data (task);
  JgCredentialStore *self = g_task_get_source_object (task);
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GError) error = NULL;

  collection = secret_collection_for_alias_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (data->partition, error));
      return;
    }

  if (collection == NULL)
    {
      g_task_return_error (task, no_collection_error ());
      return;
    }

  data->collection_path =
    g_strdup (g_dbus_proxy_get_object_path (G_DBUS_PROXY (collection)));

  if (secret_collection_get_locked (collection))
    {
      GList objects = { collection, NULL, NULL };

      if (!self->allow_prompts)
        {
          g_task_return_error (task, locked_error (data->partition));
          return;
        }

      secret_service_unlock (data->service, &objects,
                             g_task_get_cancellable (task),
                             on_collection_unlocked_cb,
                             g_steal_pointer (&task));
      return;
    }

  run_operation (g_steal_pointer (&task));
}

/* Lookup and clear go ahead unless every item found is locked (lookup)
 * or any is (clear, because libsecret deletes only unlocked items). With
 * prompts on, the search has unlocked what the person agreed to. */
static void
on_items_searched_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OperationData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *items;
  guint n_items = 0;
  guint n_locked = 0;

  items = secret_service_search_finish (SECRET_SERVICE (source), result,
                                        &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (data->partition, error));
      return;
    }

  for (GList *l = items; l != NULL; l = l->next)
    {
      n_items++;
      if (secret_item_get_locked (l->data))
        n_locked++;
    }
  g_list_free_full (items, g_object_unref);

  if (n_locked > 0
      && (data->operation == OPERATION_CLEAR || n_locked == n_items))
    {
      g_task_return_error (task, locked_error (data->partition));
      return;
    }

  run_operation (g_steal_pointer (&task));
}

static void
on_service_ready_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OperationData *data = g_task_get_task_data (task);
  JgCredentialStore *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  SecretSearchFlags flags = SECRET_SEARCH_ALL;

  data->service = secret_service_get_finish (result, &error);
  if (data->service == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, unavailable_error (error));
      return;
    }

  if (data->operation == OPERATION_SAVE)
    {
      secret_collection_for_alias (data->service, SECRET_COLLECTION_DEFAULT,
                                   SECRET_COLLECTION_NONE, cancellable,
                                   on_default_collection_cb,
                                   g_steal_pointer (&task));
      return;
    }

  if (self->allow_prompts)
    flags |= SECRET_SEARCH_UNLOCK;

  secret_service_search (data->service, &admin_schema, data->attributes,
                         flags, cancellable, on_items_searched_cb,
                         g_steal_pointer (&task));
}

/* Starts an operation, on the file backend at once and on the Secret
 * Service after the checks. The checks load the collections too, so that
 * a missing service (which fails only at the first call) and a missing
 * default collection are reported before anything is written. */
static void
start_operation (JgCredentialStore  *self,
                 OperationData      *data,
                 GCancellable       *cancellable,
                 GAsyncReadyCallback callback,
                 gpointer            user_data,
                 gpointer            source_tag)
{
  g_autoptr(GTask) task = NULL;

  data->attributes = build_attributes (data->partition);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) operation_data_free);

  if (uses_file_backend ())
    {
      run_operation (g_steal_pointer (&task));
      return;
    }

  secret_service_get (SECRET_SERVICE_OPEN_SESSION
                      | SECRET_SERVICE_LOAD_COLLECTIONS,
                      cancellable, on_service_ready_cb,
                      g_steal_pointer (&task));
}

/**
 * jg_credential_store_save_async:
 *
 * Stores the credentials of partition in the default collection of the
 * keyring, replacing the partition's item if there is one. Fails before
 * writing when the credentials are malformed or the keyring has no
 * default collection, instead of prompting to create one.
 */
void
jg_credential_store_save_async (JgCredentialStore         *self,
                                JgPartition                partition,
                                const JgAdminCredentials  *credentials,
                                GCancellable              *cancellable,
                                GAsyncReadyCallback        callback,
                                gpointer                   user_data)
{
  g_autoptr(GError) error = NULL;
  OperationData *data;

  g_return_if_fail (JG_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (partition < JG_N_PARTITIONS);
  g_return_if_fail (credentials != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!validate_admin_credentials (partition, credentials, &error))
    {
      g_task_report_error (self, callback, user_data,
                           jg_credential_store_save_async,
                           g_steal_pointer (&error));
      return;
    }

  data = g_new0 (OperationData, 1);
  data->operation = OPERATION_SAVE;
  data->partition = partition;
  data->credentials = jg_admin_credentials_copy (credentials);
  start_operation (self, data, cancellable, callback, user_data,
                   jg_credential_store_save_async);
}

gboolean
jg_credential_store_save_finish (JgCredentialStore  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (JG_IS_CREDENTIAL_STORE (self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result,
                                                  jg_credential_store_save_async),
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * jg_credential_store_lookup_async:
 *
 * Reads the credentials of partition. Fails with
 * JG_CREDENTIALS_ERROR_NOT_FOUND when the keyring holds none, and with
 * JG_CREDENTIALS_ERROR_KEYRING_LOCKED when the item is locked and prompts
 * are off. When several collections hold an item of the partition, an
 * unlocked one is read.
 */
void
jg_credential_store_lookup_async (JgCredentialStore   *self,
                                  JgPartition          partition,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  OperationData *data;

  g_return_if_fail (JG_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (partition < JG_N_PARTITIONS);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (OperationData, 1);
  data->operation = OPERATION_LOOKUP;
  data->partition = partition;
  start_operation (self, data, cancellable, callback, user_data,
                   jg_credential_store_lookup_async);
}

JgAdminCredentials *
jg_credential_store_lookup_finish (JgCredentialStore  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (JG_IS_CREDENTIAL_STORE (self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result,
                                                  jg_credential_store_lookup_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * jg_credential_store_clear_async:
 *
 * Deletes every keyring item of partition. Fails with
 * JG_CREDENTIALS_ERROR_NOT_FOUND when there was none, and with
 * JG_CREDENTIALS_ERROR_KEYRING_LOCKED, before deleting any, when one is
 * locked and prompts are off.
 */
void
jg_credential_store_clear_async (JgCredentialStore   *self,
                                 JgPartition          partition,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  OperationData *data;

  g_return_if_fail (JG_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (partition < JG_N_PARTITIONS);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (OperationData, 1);
  data->operation = OPERATION_CLEAR;
  data->partition = partition;
  start_operation (self, data, cancellable, callback, user_data,
                   jg_credential_store_clear_async);
}

gboolean
jg_credential_store_clear_finish (JgCredentialStore  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (JG_IS_CREDENTIAL_STORE (self), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result,
                                                  jg_credential_store_clear_async),
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
jg_credential_store_class_init (JgCredentialStoreClass *klass)
{
}

static void
jg_credential_store_init (JgCredentialStore *self)
{
}

JgCredentialStore *
jg_credential_store_new (void)
{
  return g_object_new (JG_TYPE_CREDENTIAL_STORE, NULL);
}

/**
 * jg_credential_store_set_allow_prompts:
 *
 * Sets whether the Secret Service may show a prompt to unlock a locked
 * collection. Off by default, because no one would see the prompt of a
 * command-line program. The desktop application turns it on. It has no
 * effect on libsecret's file backend (in a Flatpak), which has no locks.
 */
void
jg_credential_store_set_allow_prompts (JgCredentialStore *self,
                                       gboolean           allow)
{
  g_return_if_fail (JG_IS_CREDENTIAL_STORE (self));

  self->allow_prompts = !!allow;
}

gboolean
jg_credential_store_get_allow_prompts (JgCredentialStore *self)
{
  g_return_val_if_fail (JG_IS_CREDENTIAL_STORE (self), FALSE);

  return self->allow_prompts;
}
