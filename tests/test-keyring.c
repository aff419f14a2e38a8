/* test-keyring.c: admin credentials in a real Secret Service.
 *
 * Runs only under tests/run-with-keyring.sh, which gives it a private
 * D-Bus session with its own unlocked gnome-keyring and a temporary HOME,
 * so the developer's keyring is never touched. The last two tests lock
 * and then delete the default collection, so they must stay last.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "aws/jg-aws.h"
#include "aws/jg-credential-chain.h"
#include "aws/jg-credential-store.h"
#include "aws/jg-session-manager.h"
#include "jg-test-emulator.h"
#include "jg-test-util.h"

#define JUMP_ACCOUNT "111111111111"
#define TARGET_ACCOUNT "222222222222"
#define ADMIN_MFA "arn:aws:iam::111111111111:mfa/admin"

static const char seed_json[] =
  "{ \"partition\": \"aws\", \"accounts\": ["
  "  { \"id\": \"" JUMP_ACCOUNT "\", \"name\": \"jump\", \"users\": ["
  "    { \"name\": \"admin\", \"admin\": true,"
  "      \"mfa_devices\": [\"" ADMIN_MFA "\"] } ] },"
  "  { \"id\": \"" TARGET_ACCOUNT "\", \"name\": \"target\", \"roles\": ["
  "    { \"name\": \"OrganizationAccountAccessRole\", \"admin\": true,"
  "      \"trust_policy\": { \"Version\": \"2012-10-17\", \"Statement\": [{"
  "        \"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\","
  "        \"Principal\": { \"AWS\": \"arn:aws:iam::" JUMP_ACCOUNT
  ":root\" },"
  "        \"Condition\": { \"Bool\": {"
  "          \"aws:MultiFactorAuthPresent\": \"true\" } } }] } } ] } ] }";

/* The same schema as the store's, spelled out here so the test checks
 * what lands in the keyring rather than trusting the code under test. */
static const SecretSchema expected_schema = {
  "io.github.jumpgate.Jumpgate",
  SECRET_SCHEMA_NONE,
  {
    { "partition", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static JgTestEmulator *emulator;
/* Every secret this program made, for the final scan of its files. */
static GPtrArray *secrets_used;
static gint64 start_time;
/* The temporary tree of jg_test_init(). */
static char *test_root;

/* Helpers */

static char *
random_text (const char *alphabet,
             guint       length)
{
  GString *text = g_string_new (NULL);
  int size = (int) strlen (alphabet);

  for (guint i = 0; i < length; i++)
    g_string_append_c (text, alphabet[g_random_int_range (0, size)]);

  return g_string_free (text, FALSE);
}

static char *
random_access_key_id (void)
{
  g_autofree char *tail = random_text ("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);

  return g_strconcat ("AKIA", tail, NULL);
}

static char *
random_secret (void)
{
  char *secret = random_text ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
                              "qrstuvwxyz0123456789+/", 40);

  g_ptr_array_add (secrets_used, g_strdup (secret));
  return secret;
}

static void
on_async_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static gboolean
save (JgCredentialStore         *store,
      JgPartition                partition,
      const JgAdminCredentials  *credentials,
      GError                   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  jg_credential_store_save_async (store, partition, credentials, NULL,
                                  on_async_done_cb, &result);
  return jg_credential_store_save_finish (store, wait_for (&result), error);
}

static JgAdminCredentials *
lookup (JgCredentialStore  *store,
        JgPartition         partition,
        GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  jg_credential_store_lookup_async (store, partition, NULL, on_async_done_cb,
                                    &result);
  return jg_credential_store_lookup_finish (store, wait_for (&result), error);
}

static gboolean
clear (JgCredentialStore  *store,
       JgPartition         partition,
       GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  jg_credential_store_clear_async (store, partition, NULL, on_async_done_cb,
                                   &result);
  return jg_credential_store_clear_finish (store, wait_for (&result), error);
}

static JgResolvedCredentials *
resolve (JgCredentialChain  *chain,
         JgPartition         partition,
         GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  jg_credential_chain_resolve_async (chain, partition, NULL, on_async_done_cb,
                                     &result);
  return jg_credential_chain_resolve_finish (chain, wait_for (&result), error);
}

/* Items of partition as libsecret itself finds them. */
static GList *
find_items (const char *partition)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;
  GList *items;

  service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, NULL,
                                     &error);
  g_assert_no_error (error);

  g_hash_table_insert (attributes, (gpointer) "partition", (gpointer) partition);
  items = secret_service_search_sync (service, &expected_schema, attributes,
                                      SECRET_SEARCH_ALL
                                      | SECRET_SEARCH_LOAD_SECRETS,
                                      NULL, &error);
  g_assert_no_error (error);
  return items;
}

static SecretCollection *
get_default_collection (void)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;
  SecretCollection *collection;

  service = secret_service_get_sync (SECRET_SERVICE_LOAD_COLLECTIONS, NULL,
                                     &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service,
                                                 SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL,
                                                 &error);
  g_assert_no_error (error);
  return collection;
}

static JgTestEmulator *
get_emulator (void)
{
  g_autoptr(GError) error = NULL;

  if (emulator == NULL)
    {
      emulator = jg_test_emulator_start (NULL, NULL, &error);
      g_assert_no_error (error);
    }

  jg_test_emulator_reset (emulator, &error);
  g_assert_no_error (error);
  jg_test_emulator_load_seed (emulator, seed_json, &error);
  g_assert_no_error (error);
  return emulator;
}

static gint64
count_operation (const char *operation)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) stats = jg_test_emulator_get_stats (emulator, &error);
  JsonObject *operations;

  g_assert_no_error (error);
  operations = json_object_get_object_member (json_node_get_object (stats),
                                              "operations");
  return json_object_get_int_member_with_default (operations, operation, 0);
}

static void
create_access_key (char **out_id,
                   char **out_secret)
{
  g_autoptr(GError) error = NULL;

  jg_test_emulator_create_access_key (emulator, JUMP_ACCOUNT, "admin", out_id,
                                      out_secret, &error);
  g_assert_no_error (error);
  g_ptr_array_add (secrets_used, g_strdup (*out_secret));
}

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

static void
cli_run_quiet (CliRun             *run,
               const char         *stdin_text,
               const char * const *argv)
{
  cli_run_clear (run);
  run->status = jg_test_run_cli (argv, stdin_text, &run->out, &run->err);
}

/* Runs the CLI with every debug message on, so a secret in any log line
 * would show in its output. GLib prints debug messages on standard
 * output, so JSON output needs cli_run_quiet(). */
static void
cli_run (CliRun             *run,
         const char         *stdin_text,
         const char * const *argv)
{
  const char *debug[] = { "G_MESSAGES_DEBUG=all", NULL };

  cli_run_clear (run);
  run->status = jg_test_run_cli_with_env (argv, debug, stdin_text, &run->out,
                                          &run->err);
}

static void
assert_no_secret_in (const char *text)
{
  for (guint i = 0; i < secrets_used->len; i++)
    g_assert_null (strstr (text, g_ptr_array_index (secrets_used, i)));
}

static gboolean
contains_bytes (const char *data,
                gsize       length,
                const char *needle)
{
  gsize needle_length = strlen (needle);

  for (gsize i = 0; i + needle_length <= length; i++)
    {
      if (data[i] == needle[0]
          && memcmp (data + i, needle, needle_length) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Fails the test if a regular file under path, modified after
 * modified_after (µs since the epoch), contains a secret this program
 * used.
 * Links are not followed. Returns how many files were read. */
static guint
scan_for_secrets (const char *path,
                  gboolean    recursive,
                  gint64      modified_after)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint files = 0;

  if (dir == NULL)
    return 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      GStatBuf info;
      gsize length = 0;

      if (g_lstat (child, &info) != 0)
        continue;

      if (S_ISDIR (info.st_mode))
        {
          if (recursive)
            files += scan_for_secrets (child, TRUE, modified_after);
          continue;
        }

      if (!S_ISREG (info.st_mode)
          || (gint64) info.st_mtime * G_USEC_PER_SEC < modified_after
          || info.st_size > 64 * 1024 * 1024
          || !g_file_get_contents (child, &contents, &length, NULL))
        continue;

      files++;
      for (guint i = 0; i < secrets_used->len; i++)
        {
          if (contains_bytes (contents, length,
                              g_ptr_array_index (secrets_used, i)))
            g_error ("The file %s contains a secret access key", child);
        }
    }

  return files;
}

/* Tests */

static void
test_round_trip (void)
{
  g_autoptr(JgCredentialStore) store = jg_credential_store_new ();
  g_autofree char *id = random_access_key_id ();
  g_autofree char *secret = random_secret ();
  g_autofree char *gov_id = random_access_key_id ();
  g_autofree char *gov_secret = random_secret ();
  g_autofree char *new_secret = random_secret ();
  g_autoptr(JgAdminCredentials) stored = NULL;
  g_autoptr(JgAdminCredentials) found = NULL;
  g_autoptr(GError) error = NULL;

  stored = jg_admin_credentials_new (id, secret, ADMIN_MFA);
  g_assert_true (save (store, JG_PARTITION_AWS, stored, &error));
  g_assert_no_error (error);

  found = lookup (store, JG_PARTITION_AWS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->access_key_id, ==, id);
  g_assert_cmpstr (found->secret_access_key, ==, secret);
  g_assert_cmpstr (found->mfa_device_arn, ==, ADMIN_MFA);
  g_clear_pointer (&found, jg_admin_credentials_free);
  g_clear_pointer (&stored, jg_admin_credentials_free);

  /* Partitions are separate items. */
  stored = jg_admin_credentials_new (gov_id, gov_secret, NULL);
  g_assert_true (save (store, JG_PARTITION_AWS_US_GOV, stored, &error));
  g_assert_no_error (error);
  found = lookup (store, JG_PARTITION_AWS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->access_key_id, ==, id);
  g_clear_pointer (&found, jg_admin_credentials_free);
  found = lookup (store, JG_PARTITION_AWS_US_GOV, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->access_key_id, ==, gov_id);
  g_assert_cmpstr (found->secret_access_key, ==, gov_secret);
  g_assert_null (found->mfa_device_arn);
  g_clear_pointer (&found, jg_admin_credentials_free);
  g_clear_pointer (&stored, jg_admin_credentials_free);

  /* Saving again replaces the item; the MFA device can be dropped. */
  stored = jg_admin_credentials_new (id, new_secret, NULL);
  g_assert_true (save (store, JG_PARTITION_AWS, stored, &error));
  g_assert_no_error (error);
  found = lookup (store, JG_PARTITION_AWS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->secret_access_key, ==, new_secret);
  g_assert_null (found->mfa_device_arn);
  g_clear_pointer (&found, jg_admin_credentials_free);

  /* Clear removes it, once. */
  g_assert_true (clear (store, JG_PARTITION_AWS, &error));
  g_assert_no_error (error);
  found = lookup (store, JG_PARTITION_AWS, &error);
  g_assert_null (found);
  g_assert_error (error, JG_CREDENTIALS_ERROR, JG_CREDENTIALS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "credentials set --partition aws"));
  g_clear_error (&error);
  g_assert_false (clear (store, JG_PARTITION_AWS, &error));
  g_assert_error (error, JG_CREDENTIALS_ERROR, JG_CREDENTIALS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The other partition is untouched. */
  found = lookup (store, JG_PARTITION_AWS_US_GOV, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->access_key_id, ==, gov_id);
  g_assert_true (clear (store, JG_PARTITION_AWS_US_GOV, &error));
  g_assert_no_error (error);
}

static void
test_item_layout (void)
{
  g_autoptr(JgCredentialStore) store = jg_credential_store_new ();
  g_autofree char *id = random_access_key_id ();
  g_autofree char *secret = random_secret ();
  g_autofree char *second = random_secret ();
  g_autoptr(JgAdminCredentials) stored = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(GError) error = NULL;
  g_autolist(SecretItem) items = NULL;
  g_autofree char *label = NULL;
  const char *cn_mfa = "arn:aws-cn:iam::111111111111:mfa/admin";
  JsonObject *object;
  const char *data;
  gsize length = 0;

  stored = jg_admin_credentials_new (id, secret, cn_mfa);
  g_assert_true (save (store, JG_PARTITION_AWS_CN, stored, &error));
  g_assert_no_error (error);
  g_clear_pointer (&stored, jg_admin_credentials_free);
  stored = jg_admin_credentials_new (id, second, cn_mfa);
  g_assert_true (save (store, JG_PARTITION_AWS_CN, stored, &error));
  g_assert_no_error (error);

  /* One item per partition, however often it is saved. */
  items = find_items ("aws-cn");
  g_assert_cmpuint (g_list_length (items), ==, 1);

  label = secret_item_get_label (items->data);
  g_assert_cmpstr (label, ==, "Jumpgate admin credentials (aws-cn)");

  attributes = secret_item_get_attributes (items->data);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "partition"), ==,
                   "aws-cn");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "kind"), ==,
                   "admin-credentials");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==,
                   "io.github.jumpgate.Jumpgate");
  /* No secret in the attributes, which are stored unencrypted. */
  {
    GHashTableIter iter;
    const char *attribute_value;

    g_hash_table_iter_init (&iter, attributes);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &attribute_value))
      assert_no_secret_in (attribute_value);
  }

  value = secret_item_get_secret (items->data);
  g_assert_nonnull (value);
  data = secret_value_get (value, &length);
  json_parser_load_from_data (parser, data, (gssize) length, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "access_key_id"), ==,
                   id);
  g_assert_cmpstr (json_object_get_string_member (object,
                                                  "secret_access_key"),
                   ==, second);
  g_assert_cmpstr (json_object_get_string_member (object, "mfa_device_arn"),
                   ==, cn_mfa);

  g_assert_true (clear (store, JG_PARTITION_AWS_CN, &error));
  g_assert_no_error (error);
  g_list_free_full (g_steal_pointer (&items), g_object_unref);
  items = find_items ("aws-cn");
  g_assert_null (items);
}

static void
test_invalid_credentials (void)
{
  g_autoptr(JgCredentialStore) store = jg_credential_store_new ();
  g_autofree char *secret = random_secret ();
  g_autofree char *id = random_access_key_id ();
  g_autoptr(GError) error = NULL;
  g_autolist(SecretItem) items = NULL;
  struct
  {
    JgAdminCredentials credentials;
    GQuark             domain;
    int                code;
  } cases[] = {
    { { (char *) "AKIA-BAD", secret, NULL }, 0,
      JG_CREDENTIALS_ERROR_INVALID_ACCESS_KEY_ID },
    { { id, (char *) "", NULL }, 0, JG_CREDENTIALS_ERROR_INVALID_SECRET },
    { { id, secret, (char *) "arn:aws-cn:iam::111111111111:mfa/x" },
      JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_MFA_SERIAL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GQuark domain = cases[i].domain != 0 ? cases[i].domain
                                           : JG_CREDENTIALS_ERROR;

      g_assert_false (save (store, JG_PARTITION_AWS, &cases[i].credentials,
                            &error));
      g_assert_error (error, domain, cases[i].code);
      g_assert_null (strstr (error->message, secret));
      g_clear_error (&error);
    }

  items = find_items ("aws");
  g_assert_null (items);
}

static void
test_chain_prefers_keyring (void)
{
  g_autoptr(JgCredentialStore) store = jg_credential_store_new ();
  g_autoptr(JgCredentialChain) chain = jg_credential_chain_new (store);
  g_autoptr(JgAdminCredentials) stored = NULL;
  g_autoptr(JgResolvedCredentials) resolved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = random_access_key_id ();
  g_autofree char *secret = random_secret ();
  g_autofree char *env_id = random_access_key_id ();
  g_autofree char *env_secret = random_secret ();
  g_auto(GStrv) envp = NULL;

  envp = g_environ_setenv (envp, "AWS_ACCESS_KEY_ID", env_id, TRUE);
  envp = g_environ_setenv (envp, "AWS_SECRET_ACCESS_KEY", env_secret, TRUE);
  jg_credential_chain_set_environment (chain, (const char * const *) envp);

  /* No item yet: the environment, and no keyring problem to report. */
  resolved = resolve (chain, JG_PARTITION_AWS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (resolved->source, ==, JG_CREDENTIAL_SOURCE_ENVIRONMENT);
  g_assert_null (resolved->keyring_error);
  g_clear_pointer (&resolved, jg_resolved_credentials_free);

  stored = jg_admin_credentials_new (id, secret, ADMIN_MFA);
  g_assert_true (save (store, JG_PARTITION_AWS, stored, &error));
  g_assert_no_error (error);

  resolved = resolve (chain, JG_PARTITION_AWS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (resolved->source, ==, JG_CREDENTIAL_SOURCE_KEYRING);
  g_assert_cmpstr (resolved->credentials->access_key_id, ==, id);
  g_assert_cmpstr (resolved->credentials->secret_access_key, ==, secret);
  g_assert_cmpstr (resolved->mfa_device_arn, ==, ADMIN_MFA);
  g_assert_nonnull (strstr (resolved->description, "keyring"));
  assert_no_secret_in (resolved->description);
  g_clear_pointer (&resolved, jg_resolved_credentials_free);

  /* The item is per partition: another partition falls through. */
  resolved = resolve (chain, JG_PARTITION_AWS_US_GOV, &error);
  g_assert_no_error (error);
  g_assert_cmpint (resolved->source, ==, JG_CREDENTIAL_SOURCE_ENVIRONMENT);

  g_assert_true (clear (store, JG_PARTITION_AWS, &error));
  g_assert_no_error (error);
}

static void
emulator_mfa_code_func (const char   *mfa_device_arn,
                        GCancellable *cancellable,
                        GTask        *task,
                        gpointer      user_data)
{
  guint *calls = user_data;
  g_autoptr(GError) error = NULL;
  char *code;

  (*calls)++;
  code = jg_test_emulator_get_mfa_code (emulator, mfa_device_arn, &error);
  g_assert_no_error (error);
  g_task_return_pointer (task, code, (GDestroyNotify) jg_secret_free);
}

static void
test_session_from_keyring (void)
{
  g_autoptr(JgCredentialStore) store = jg_credential_store_new ();
  g_autoptr(JgCredentialChain) chain = jg_credential_chain_new (store);
  g_autoptr(JgAwsClient) client = jg_aws_client_new ();
  g_autoptr(JgSessionManager) manager = NULL;
  g_autoptr(JgAdminCredentials) stored = NULL;
  g_autoptr(JgAwsCredentials) role = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *secret = NULL;
  const char *empty_env[] = { NULL };
  guint calls = 0;

  get_emulator ();
  create_access_key (&id, &secret);
  stored = jg_admin_credentials_new (id, secret, ADMIN_MFA);
  g_assert_true (save (store, JG_PARTITION_AWS, stored, &error));
  g_assert_no_error (error);

  jg_credential_chain_set_environment (chain, empty_env);
  jg_aws_client_set_endpoint_url (client,
                                  jg_test_emulator_get_endpoint (emulator),
                                  &error);
  g_assert_no_error (error);
  manager = jg_session_manager_new (chain, client);
  jg_session_manager_set_mfa_code_func (manager, emulator_mfa_code_func,
                                        &calls, NULL);

  /* The keyring's MFA device makes an MFA session, which the role's
   * trust policy requires. */
  jg_session_manager_get_credentials_async (manager, JG_PARTITION_AWS,
                                            TARGET_ACCOUNT, NULL, NULL,
                                            on_async_done_cb, &result);
  role = jg_session_manager_get_credentials_finish (manager,
                                                    wait_for (&result),
                                                    &error);
  g_assert_no_error (error);
  g_assert_nonnull (role->session_token);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpint (count_operation ("sts:GetSessionToken"), ==, 1);
  g_assert_cmpint (count_operation ("sts:AssumeRole"), ==, 1);
  g_assert_nonnull (strstr (jg_session_manager_get_source_description (manager,
                                                                       JG_PARTITION_AWS),
                            "keyring"));

  g_assert_true (clear (store, JG_PARTITION_AWS, &error));
  g_assert_no_error (error);
}

static void
test_cli_set_test_remove (void)
{
  g_autoptr(JgCredentialStore) store = jg_credential_store_new ();
  g_autoptr(JgAdminCredentials) found = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *code = NULL;
  g_auto(CliRun) run = { 0 };
  const char *endpoint;
  JsonObject *object;

  get_emulator ();
  endpoint = jg_test_emulator_get_endpoint (emulator);
  create_access_key (&id, &secret);

  /* The secret goes in on standard input, with a CRLF line end. */
  keys = g_strdup_printf ("%s\r\n%s\r\n", id, secret);
  {
    const char *argv[] = { "credentials", "set", "--partition", "aws",
                           "--mfa-device", ADMIN_MFA, NULL };

    cli_run (&run, keys, argv);
  }
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, id));
  assert_no_secret_in (run.out);
  assert_no_secret_in (run.err);

  found = lookup (store, JG_PARTITION_AWS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->access_key_id, ==, id);
  g_assert_cmpstr (found->secret_access_key, ==, secret);
  g_assert_cmpstr (found->mfa_device_arn, ==, ADMIN_MFA);

  /* The keyring wins over the environment and reports itself. */
  g_setenv ("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "not-used", TRUE);
  {
    const char *argv[] = { "credentials", "test", "--partition", "aws",
                           "--endpoint-url", endpoint, NULL };

    cli_run (&run, NULL, argv);
  }
  g_setenv ("AWS_ACCESS_KEY_ID", "", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "", TRUE);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "arn:aws:iam::" JUMP_ACCOUNT
                            ":user/admin"));
  g_assert_nonnull (strstr (run.out, "keyring"));
  g_assert_nonnull (strstr (run.out, ADMIN_MFA));
  g_assert_null (strstr (run.err, "skipped the keyring"));
  assert_no_secret_in (run.out);
  assert_no_secret_in (run.err);

  /* The whole path a commit takes: MFA session, then the admin role. */
  code = jg_test_emulator_get_mfa_code (emulator, ADMIN_MFA, &error);
  g_assert_no_error (error);
  g_setenv ("JUMPGATE_MFA_CODE", code, TRUE);
  g_setenv ("JUMPGATE_ENDPOINT_URL", endpoint, TRUE);
  {
    const char *argv[] = { "credentials", "test", "--partition", "aws",
                           "--json", "--account", TARGET_ACCOUNT, NULL };

    cli_run_quiet (&run, NULL, argv);
  }
  g_unsetenv ("JUMPGATE_MFA_CODE");
  g_setenv ("JUMPGATE_ENDPOINT_URL", "", TRUE);
  g_assert_cmpint (run.status, ==, 0);
  assert_no_secret_in (run.out);
  assert_no_secret_in (run.err);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "source"), ==,
                   "keyring");
  g_assert_cmpstr (json_object_get_string_member (object, "mfa_device"), ==,
                   ADMIN_MFA);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_object_get_object_member (object,
                                                                                                 "assumed_role"),
                                                                  "arn"),
                                   "arn:aws:sts::" TARGET_ACCOUNT
                                   ":assumed-role/"
                                   "OrganizationAccountAccessRole/"
                                   "jumpgate-"));

  {
    const char *argv[] = { "credentials", "remove", "--partition", "aws",
                           NULL };

    cli_run (&run, NULL, argv);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Removed"));

    cli_run (&run, NULL, argv);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "nothing to remove"));
  }

  g_clear_pointer (&found, jg_admin_credentials_free);
  found = lookup (store, JG_PARTITION_AWS, &error);
  g_assert_null (found);
  g_assert_error (error, JG_CREDENTIALS_ERROR, JG_CREDENTIALS_ERROR_NOT_FOUND);

  /* The CLI runs had this test's isolated HOME and XDG folders, where a
   * database or a cache would go: none of them contains the secret. */
  {
    g_autofree char *dirs = g_path_get_dirname (g_get_user_data_dir ());

    scan_for_secrets (dirs, TRUE, 0);
  }
  jg_secret_free (g_steal_pointer (&secret));
}

static void
test_no_secret_in_files (void)
{
  const char *keyring_home = g_getenv ("JG_TEST_KEYRING_HOME");
  g_autofree char *keyring_file = NULL;
  guint files = 0;

  g_assert_cmpuint (secrets_used->len, >, 5);

  /* The private keyring's files (encrypted with the test password, so a
   * plain secret there means it was written elsewhere), the temporary
   * tree of jg_test_init() and the files this run left in the temporary
   * folder. */
  keyring_file = g_build_filename (keyring_home, "data", "keyrings",
                                   "login.keyring", NULL);
  g_assert_true (g_file_test (keyring_file, G_FILE_TEST_IS_REGULAR));

  files += scan_for_secrets (keyring_home, TRUE, 0);
  files += scan_for_secrets (test_root, TRUE, 0);
  files += scan_for_secrets (g_get_tmp_dir (), FALSE, start_time);
  g_test_message ("scanned %u files", files);
  g_assert_cmpuint (files, >, 0);
}

static void
test_locked_collection (void)
{
  g_autoptr(JgCredentialStore) store = jg_credential_store_new ();
  g_autoptr(JgCredentialChain) chain = jg_credential_chain_new (store);
  g_autoptr(SecretCollection) collection = get_default_collection ();
  g_autoptr(JgAdminCredentials) stored = NULL;
  g_autoptr(JgAdminCredentials) found = NULL;
  g_autoptr(JgResolvedCredentials) resolved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = random_access_key_id ();
  g_autofree char *secret = random_secret ();
  g_autofree char *keys = NULL;
  g_auto(CliRun) run = { 0 };
  g_auto(GStrv) envp = NULL;
  GList objects = { NULL, NULL, NULL };
  gint64 start = g_get_monotonic_time ();

  stored = jg_admin_credentials_new (id, secret, NULL);
  g_assert_true (save (store, JG_PARTITION_AWS, stored, &error));
  g_assert_no_error (error);

  objects.data = collection;
  g_assert_cmpint (secret_service_lock_sync (secret_collection_get_service (collection),
                                             &objects, NULL, NULL, &error),
                   ==, 1);
  g_assert_no_error (error);
  g_assert_true (secret_collection_get_locked (collection));

  /* Without prompts every operation fails at once and names the fix. */
  found = lookup (store, JG_PARTITION_AWS, &error);
  g_assert_null (found);
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_KEYRING_LOCKED);
  g_assert_nonnull (strstr (error->message, "locked"));
  g_assert_nonnull (strstr (error->message, "AWS_ACCESS_KEY_ID"));
  g_clear_error (&error);

  g_assert_false (save (store, JG_PARTITION_AWS, stored, &error));
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_KEYRING_LOCKED);
  g_clear_error (&error);

  g_assert_false (clear (store, JG_PARTITION_AWS, &error));
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_KEYRING_LOCKED);
  g_clear_error (&error);

  /* The chain moves on to the environment and reports why. */
  envp = g_environ_setenv (envp, "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
                           TRUE);
  envp = g_environ_setenv (envp, "AWS_SECRET_ACCESS_KEY", "x", TRUE);
  jg_credential_chain_set_environment (chain, (const char * const *) envp);
  resolved = resolve (chain, JG_PARTITION_AWS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (resolved->source, ==, JG_CREDENTIAL_SOURCE_ENVIRONMENT);
  g_assert_error (resolved->keyring_error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_KEYRING_LOCKED);

  keys = g_strdup_printf ("%s\n%s\n", id, secret);
  {
    const char *argv[] = { "credentials", "set", "--partition", "aws", NULL };

    cli_run (&run, keys, argv);
  }
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "locked"));
  assert_no_secret_in (run.err);

  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
}

static void
test_no_default_collection (void)
{
  g_autoptr(JgCredentialStore) store = jg_credential_store_new ();
  g_autoptr(SecretCollection) collection = get_default_collection ();
  g_autoptr(SecretCollection) gone = NULL;
  g_autoptr(JgAdminCredentials) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = random_access_key_id ();
  g_autofree char *secret = random_secret ();
  g_autofree char *keys = NULL;
  g_auto(CliRun) run = { 0 };
  gint64 start = g_get_monotonic_time ();

  g_assert_true (secret_collection_delete_sync (collection, NULL, &error));
  g_assert_no_error (error);
  gone = get_default_collection ();
  g_assert_null (gone);

  /* Saving must fail with advice instead of prompting to create one. */
  stored = jg_admin_credentials_new (id, secret, NULL);
  g_assert_false (save (store, JG_PARTITION_AWS, stored, &error));
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_KEYRING_NO_COLLECTION);
  g_assert_nonnull (strstr (error->message, "default collection"));
  g_clear_error (&error);

  keys = g_strdup_printf ("%s\n%s\n", id, secret);
  {
    const char *argv[] = { "credentials", "set", "--partition", "aws", NULL };

    cli_run (&run, keys, argv);
  }
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "no default collection"));
  assert_no_secret_in (run.err);

  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  const char *keyring_home = g_getenv ("JG_TEST_KEYRING_HOME");
  const char *home = g_getenv ("HOME");
  int status;

  /* Refuse to run against the developer's own keyring. */
  if (keyring_home == NULL || home == NULL
      || !g_str_has_prefix (home, keyring_home)
      || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_printerr ("test-keyring must run under tests/run-with-keyring.sh, "
                  "which gives it a private D-Bus session and keyring: run "
                  "it with “meson test keyring”\n");
      return 1;
    }

  start_time = g_get_real_time () - G_USEC_PER_SEC;
  secrets_used = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_secret_free);

  /* GIO's GNOME proxy module aborts when the isolated XDG folders hide its
   * GSettings schema; the emulator on loopback needs no proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  jg_test_init (&argc, &argv);
  test_root = g_path_get_dirname (g_getenv ("XDG_DATA_HOME"));

  g_test_add_func ("/jumpgate/keyring/round-trip", test_round_trip);
  g_test_add_func ("/jumpgate/keyring/item-layout", test_item_layout);
  g_test_add_func ("/jumpgate/keyring/invalid-credentials",
                   test_invalid_credentials);
  g_test_add_func ("/jumpgate/keyring/chain-prefers-keyring",
                   test_chain_prefers_keyring);
  g_test_add_func ("/jumpgate/keyring/session-from-keyring",
                   test_session_from_keyring);
  g_test_add_func ("/jumpgate/keyring/cli-set-test-remove",
                   test_cli_set_test_remove);
  g_test_add_func ("/jumpgate/keyring/no-secret-in-files",
                   test_no_secret_in_files);
  /* These two change the keyring for good, so they run last. */
  g_test_add_func ("/jumpgate/keyring/locked-collection",
                   test_locked_collection);
  g_test_add_func ("/jumpgate/keyring/no-default-collection",
                   test_no_default_collection);

  status = g_test_run ();

  if (emulator != NULL)
    {
      g_autoptr(GError) error = NULL;

      jg_test_emulator_stop (emulator, &error);
      g_clear_pointer (&emulator, jg_test_emulator_free);
      g_assert_no_error (error);
    }

  g_clear_pointer (&secrets_used, g_ptr_array_unref);
  g_clear_pointer (&test_root, g_free);
  return status;
}
