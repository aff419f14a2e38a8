/* test-credentials.c: the credential chain, the session manager against
 * the emulator, and "jumpgate-cli credentials" without a keyring.
 *
 * The process and the CLIs it starts run with DBUS_SESSION_BUS_ADDRESS
 * pointing at a socket that does not exist, so no test here can reach a
 * real keyring. test-keyring.c covers the keyring in a private session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <pty.h>
#include <string.h>
#include <unistd.h>
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
#define SECOND_TARGET "333333333333"
#define THIRD_TARGET "444444444444"
#define ADMIN_MFA "arn:aws:iam::111111111111:mfa/admin"
#define NO_DBUS "unix:path=/nonexistent/jumpgate-test-bus"

/* The jump account has "admin" (with an MFA device) and "plain"
 * (without). The target trusts the jump account in its default admin
 * role, and only MFA sessions in "MfaAdmin". Two more targets have only
 * the default admin role. The seed has no secrets, because access keys
 * are created through the control endpoint. */
static const char seed_json[] =
  "{ \"partition\": \"aws\", \"accounts\": ["
  "  { \"id\": \"" JUMP_ACCOUNT "\", \"name\": \"jump\", \"users\": ["
  "    { \"name\": \"admin\", \"admin\": true,"
  "      \"mfa_devices\": [\"" ADMIN_MFA "\"] },"
  "    { \"name\": \"plain\", \"admin\": true } ] },"
  "  { \"id\": \"" TARGET_ACCOUNT "\", \"name\": \"target\", \"roles\": ["
  "    { \"name\": \"OrganizationAccountAccessRole\", \"admin\": true,"
  "      \"trust_policy\": { \"Version\": \"2012-10-17\", \"Statement\": [{"
  "        \"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\","
  "        \"Principal\": { \"AWS\": \"arn:aws:iam::" JUMP_ACCOUNT
  ":root\" } }] } },"
  "    { \"name\": \"MfaAdmin\", \"admin\": true,"
  "      \"trust_policy\": { \"Version\": \"2012-10-17\", \"Statement\": [{"
  "        \"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\","
  "        \"Principal\": { \"AWS\": \"arn:aws:iam::" JUMP_ACCOUNT
  ":root\" },"
  "        \"Condition\": { \"Bool\": {"
  "          \"aws:MultiFactorAuthPresent\": \"true\" } } }] } } ] },"
  "  { \"id\": \"" SECOND_TARGET "\", \"name\": \"second\", \"roles\": ["
  "    { \"name\": \"OrganizationAccountAccessRole\", \"admin\": true,"
  "      \"trust_policy\": { \"Version\": \"2012-10-17\", \"Statement\": [{"
  "        \"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\","
  "        \"Principal\": { \"AWS\": \"arn:aws:iam::" JUMP_ACCOUNT
  ":root\" } }] } } ] },"
  "  { \"id\": \"" THIRD_TARGET "\", \"name\": \"third\", \"roles\": ["
  "    { \"name\": \"OrganizationAccountAccessRole\", \"admin\": true,"
  "      \"trust_policy\": { \"Version\": \"2012-10-17\", \"Statement\": [{"
  "        \"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\","
  "        \"Principal\": { \"AWS\": \"arn:aws:iam::" JUMP_ACCOUNT
  ":root\" } }] } } ] } ] }";

static JgTestEmulator *emulator;

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

/* A well-formed key pair that no one issued. */
static char *
random_access_key_id (void)
{
  g_autofree char *tail = random_text ("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);

  return g_strconcat ("AKIA", tail, NULL);
}

static char *
random_secret (void)
{
  return random_text ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                      "0123456789+/", 40);
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

static char *
write_temp_file (const char *name,
                 const char *contents)
{
  g_autofree char *dir = jg_test_make_temp_dir ();
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
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

/* Validation */

static void
test_access_key_id_shape (void)
{
  const struct
  {
    const char *id;
    gboolean    valid;
  } cases[] = {
    { "AKIAIOSFODNN7EXAMPLE", TRUE },
    { "ASIAIOSFODNN7EXAMPLE", TRUE },
    { "AKIA567890123456", TRUE },          /* 16, the minimum */
    { "AKIA56789012345", FALSE },          /* 15 */
    { "akiaiosfodnn7example", FALSE },
    { "AKIA IOSFODNN7EXAMP", FALSE },
    { "AKIAIOSFODNN7EXAMPLE\n", FALSE },
    { "", FALSE },
  };
  g_autofree char *longest = g_strnfill (128, 'A');
  g_autofree char *too_long = g_strnfill (129, 'A');

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean valid = jg_validate_access_key_id (cases[i].id, &error);

      g_test_message ("access key id “%s”", cases[i].id);
      g_assert_cmpint (valid, ==, cases[i].valid);
      if (!valid)
        g_assert_error (error, JG_CREDENTIALS_ERROR,
                        JG_CREDENTIALS_ERROR_INVALID_ACCESS_KEY_ID);
    }

  g_assert_true (jg_validate_access_key_id (longest, NULL));
  g_assert_false (jg_validate_access_key_id (too_long, NULL));
}

static void
test_secret_shape (void)
{
  g_autofree char *secret = random_secret ();
  g_autofree char *with_space = g_strconcat (secret, " x", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (jg_validate_secret_access_key (secret, NULL));

  g_assert_false (jg_validate_secret_access_key ("", &error));
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_INVALID_SECRET);
  g_clear_error (&error);

  g_assert_false (jg_validate_secret_access_key (with_space, &error));
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_INVALID_SECRET);
  g_assert_null (strstr (error->message, secret));
}

/* Environment */

static void
test_environment_variables (void)
{
  g_autofree char *id = random_access_key_id ();
  g_autofree char *secret = random_secret ();
  g_auto(GStrv) envp = NULL;
  g_autoptr(JgAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing set, and set but empty, both mean "not here". */
  credentials = jg_credentials_from_environment (NULL, &error);
  g_assert_no_error (error);
  g_assert_null (credentials);

  envp = g_environ_setenv (envp, "AWS_ACCESS_KEY_ID", "", TRUE);
  envp = g_environ_setenv (envp, "AWS_SECRET_ACCESS_KEY", "", TRUE);
  envp = g_environ_setenv (envp, "AWS_SESSION_TOKEN", "", TRUE);
  credentials = jg_credentials_from_environment ((const char * const *) envp,
                                                 &error);
  g_assert_no_error (error);
  g_assert_null (credentials);

  /* Half a pair is an error naming the missing variable. */
  envp = g_environ_setenv (envp, "AWS_ACCESS_KEY_ID", id, TRUE);
  credentials = jg_credentials_from_environment ((const char * const *) envp,
                                                 &error);
  g_assert_null (credentials);
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "AWS_SECRET_ACCESS_KEY"));
  g_clear_error (&error);

  envp = g_environ_setenv (envp, "AWS_SECRET_ACCESS_KEY", secret, TRUE);
  credentials = jg_credentials_from_environment ((const char * const *) envp,
                                                 &error);
  g_assert_no_error (error);
  g_assert_nonnull (credentials);
  g_assert_cmpstr (credentials->access_key_id, ==, id);
  g_assert_cmpstr (credentials->secret_access_key, ==, secret);
  g_assert_null (credentials->session_token);
  g_clear_pointer (&credentials, jg_aws_credentials_free);

  envp = g_environ_setenv (envp, "AWS_SESSION_TOKEN", "token-1", TRUE);
  credentials = jg_credentials_from_environment ((const char * const *) envp,
                                                 &error);
  g_assert_no_error (error);
  g_assert_cmpstr (credentials->session_token, ==, "token-1");
  g_clear_pointer (&credentials, jg_aws_credentials_free);

  /* A malformed id is reported, not passed on to AWS. */
  envp = g_environ_setenv (envp, "AWS_ACCESS_KEY_ID", "not-a-key", TRUE);
  credentials = jg_credentials_from_environment ((const char * const *) envp,
                                                 &error);
  g_assert_null (credentials);
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_INVALID_ACCESS_KEY_ID);
}

static void
test_shared_file_location (void)
{
  g_auto(GStrv) envp = NULL;
  g_autofree char *path = NULL;
  g_autofree char *profile = NULL;
  gboolean explicit = TRUE;

  envp = g_environ_setenv (envp, "HOME", "/home/someone", TRUE);
  path = jg_shared_credentials_dup_path ((const char * const *) envp);
  g_assert_cmpstr (path, ==, "/home/someone/.aws/credentials");
  g_clear_pointer (&path, g_free);

  envp = g_environ_setenv (envp, "AWS_SHARED_CREDENTIALS_FILE", "", TRUE);
  path = jg_shared_credentials_dup_path ((const char * const *) envp);
  g_assert_cmpstr (path, ==, "/home/someone/.aws/credentials");
  g_clear_pointer (&path, g_free);

  envp = g_environ_setenv (envp, "AWS_SHARED_CREDENTIALS_FILE",
                           "~/keys/aws", TRUE);
  path = jg_shared_credentials_dup_path ((const char * const *) envp);
  g_assert_cmpstr (path, ==, "/home/someone/keys/aws");
  g_clear_pointer (&path, g_free);

  envp = g_environ_setenv (envp, "AWS_SHARED_CREDENTIALS_FILE", "/etc/x",
                           TRUE);
  path = jg_shared_credentials_dup_path ((const char * const *) envp);
  g_assert_cmpstr (path, ==, "/etc/x");

  profile = jg_shared_credentials_dup_profile ((const char * const *) envp,
                                               &explicit);
  g_assert_cmpstr (profile, ==, "default");
  g_assert_false (explicit);
  g_clear_pointer (&profile, g_free);

  envp = g_environ_setenv (envp, "AWS_PROFILE", "", TRUE);
  profile = jg_shared_credentials_dup_profile ((const char * const *) envp,
                                               &explicit);
  g_assert_cmpstr (profile, ==, "default");
  g_assert_false (explicit);
  g_clear_pointer (&profile, g_free);

  envp = g_environ_setenv (envp, "AWS_PROFILE", "ops", TRUE);
  profile = jg_shared_credentials_dup_profile ((const char * const *) envp,
                                               &explicit);
  g_assert_cmpstr (profile, ==, "ops");
  g_assert_true (explicit);
}

/* Shared credentials file */

static JgAwsCredentials *
parse (const char  *text,
       const char  *profile,
       gboolean     explicit,
       GError     **error)
{
  return jg_shared_credentials_parse (text, strlen (text), "/test/credentials",
                                      profile, explicit, error);
}

static void
test_shared_file_profiles (void)
{
  g_autofree char *secret = random_secret ();
  g_autofree char *text = NULL;
  g_autoptr(JgAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  /* Spacing, comments of both kinds, CRLF, a byte-order mark, upper-case
   * keys, nested values and another profile around the one asked for. */
  text = g_strdup_printf ("\xEF\xBB\xBF# a comment\r\n"
                          "; another comment\n"
                          "[ops]\n"
                          "aws_access_key_id=AKIAOPSOPSOPSOPSOPS1\n"
                          "aws_secret_access_key=ops-secret\n"
                          "\n"
                          "[default]\r\n"
                          "  aws_access_key_id   =   AKIAIOSFODNN7EXAMPLE  \r\n"
                          "AWS_SECRET_ACCESS_KEY= %s\r\n"
                          "s3 =\n"
                          "    max_concurrent_requests = 20\n"
                          "region = eu-west-1\n"
                          "[other]\n"
                          "aws_access_key_id = AKIAOTHEROTHEROTHER1\n"
                          "aws_secret_access_key = other\n",
                          secret);

  credentials = parse (text, "default", FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (credentials);
  g_assert_cmpstr (credentials->access_key_id, ==, "AKIAIOSFODNN7EXAMPLE");
  g_assert_cmpstr (credentials->secret_access_key, ==, secret);
  g_assert_null (credentials->session_token);
  g_clear_pointer (&credentials, jg_aws_credentials_free);

  credentials = parse (text, "ops", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (credentials->access_key_id, ==, "AKIAOPSOPSOPSOPSOPS1");
  g_assert_cmpstr (credentials->secret_access_key, ==, "ops-secret");
  g_clear_pointer (&credentials, jg_aws_credentials_free);

  /* The token, under its current and its older name. */
  credentials = parse ("[t]\naws_access_key_id = ASIAIOSFODNN7EXAMPLE\n"
                       "aws_secret_access_key = s\naws_session_token = tok\n",
                       "t", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (credentials->session_token, ==, "tok");
  g_clear_pointer (&credentials, jg_aws_credentials_free);

  credentials = parse ("[t]\naws_access_key_id = ASIAIOSFODNN7EXAMPLE\n"
                       "aws_secret_access_key = s\naws_security_token = old\n",
                       "t", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (credentials->session_token, ==, "old");
}

static void
test_shared_file_missing_profile (void)
{
  const char *text = "[ops]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                     "aws_secret_access_key = s\n[dev]\n";
  g_autoptr(JgAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  /* No [default] and no AWS_PROFILE: nothing here, not an error. */
  credentials = parse (text, "default", FALSE, &error);
  g_assert_no_error (error);
  g_assert_null (credentials);

  credentials = parse ("", "default", FALSE, &error);
  g_assert_no_error (error);
  g_assert_null (credentials);

  /* A profile asked for by name must exist; the message lists those
   * that do. */
  credentials = parse (text, "prod", TRUE, &error);
  g_assert_null (credentials);
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "prod"));
  g_assert_nonnull (strstr (error->message, "ops, dev"));
  g_assert_nonnull (strstr (error->message, "/test/credentials"));
}

static void
test_shared_file_missing_keys (void)
{
  g_autofree char *secret = random_secret ();
  g_autofree char *only_secret = NULL;
  g_autoptr(JgAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  credentials = parse ("[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n",
                       "default", FALSE, &error);
  g_assert_null (credentials);
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "aws_secret_access_key"));
  g_assert_nonnull (strstr (error->message, "/test/credentials"));
  g_clear_error (&error);

  only_secret = g_strdup_printf ("[default]\naws_secret_access_key = %s\n"
                                 "aws_access_key_id =\n", secret);
  credentials = parse (only_secret, "default", FALSE, &error);
  g_assert_null (credentials);
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "aws_access_key_id"));
  g_assert_null (strstr (error->message, secret));
  g_clear_error (&error);

  /* A profile with other settings only is incomplete, too. */
  credentials = parse ("[default]\nregion = us-east-1\n", "default", FALSE,
                       &error);
  g_assert_null (credentials);
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_INCOMPLETE);
}

static void
test_shared_file_malformed (void)
{
  g_autofree char *secret = random_secret ();
  g_autofree char *text = NULL;
  g_autoptr(JgAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  /* A line without "=" may be a pasted secret: the message gives its
   * number and never its text. */
  text = g_strdup_printf ("[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE"
                          "\n%s\n", secret);
  credentials = parse (text, "default", FALSE, &error);
  g_assert_null (credentials);
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "Line 3"));
  g_assert_null (strstr (error->message, secret));
  g_clear_error (&error);

  credentials = parse ("aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n",
                       "default", FALSE, &error);
  g_assert_null (credentials);
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "Line 1"));
  g_clear_error (&error);

  credentials = parse ("[default\n", "default", FALSE, &error);
  g_assert_null (credentials);
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_INVALID_FILE);
  g_clear_error (&error);

  credentials = parse ("[default]\naws_access_key_id = bad id\n"
                       "aws_secret_access_key = s\n", "default", FALSE,
                       &error);
  g_assert_null (credentials);
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_INVALID_ACCESS_KEY_ID);
  g_assert_nonnull (strstr (error->message, "default"));
}

/* Chain */

static void
test_chain_order (void)
{
  g_autofree char *env_id = random_access_key_id ();
  g_autofree char *env_secret = random_secret ();
  g_autofree char *file_id = random_access_key_id ();
  g_autofree char *file_secret = random_secret ();
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JgCredentialStore) store = jg_credential_store_new ();
  g_autoptr(JgCredentialChain) chain = jg_credential_chain_new (store);
  g_autoptr(JgResolvedCredentials) resolved = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = NULL;

  text = g_strdup_printf ("[default]\naws_access_key_id = %s\n"
                          "aws_secret_access_key = %s\n", file_id,
                          file_secret);
  path = write_temp_file ("credentials", text);

  envp = g_environ_setenv (envp, "AWS_SHARED_CREDENTIALS_FILE", path, TRUE);
  envp = g_environ_setenv (envp, "AWS_ACCESS_KEY_ID", env_id, TRUE);
  envp = g_environ_setenv (envp, "AWS_SECRET_ACCESS_KEY", env_secret, TRUE);
  jg_credential_chain_set_environment (chain, (const char * const *) envp);

  /* The keyring cannot be reached here, so the environment wins over the
   * file, and the keyring's problem is kept for the caller to show. */
  resolved = resolve (chain, JG_PARTITION_AWS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (resolved->source, ==, JG_CREDENTIAL_SOURCE_ENVIRONMENT);
  g_assert_cmpstr (resolved->credentials->access_key_id, ==, env_id);
  g_assert_cmpstr (resolved->credentials->secret_access_key, ==, env_secret);
  g_assert_null (resolved->mfa_device_arn);
  g_assert_error (resolved->keyring_error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_KEYRING_UNAVAILABLE);
  g_assert_null (strstr (resolved->description, env_secret));
  g_clear_pointer (&resolved, jg_resolved_credentials_free);

  /* Empty variables count as unset: the file is next. */
  envp = g_environ_setenv (envp, "AWS_ACCESS_KEY_ID", "", TRUE);
  envp = g_environ_setenv (envp, "AWS_SECRET_ACCESS_KEY", "", TRUE);
  jg_credential_chain_set_environment (chain, (const char * const *) envp);
  resolved = resolve (chain, JG_PARTITION_AWS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (resolved->source, ==, JG_CREDENTIAL_SOURCE_SHARED_FILE);
  g_assert_cmpstr (resolved->credentials->access_key_id, ==, file_id);
  g_assert_cmpstr (resolved->credentials->secret_access_key, ==, file_secret);
  g_assert_nonnull (strstr (resolved->description, path));
  g_assert_nonnull (strstr (resolved->description, "default"));
  g_clear_pointer (&resolved, jg_resolved_credentials_free);

  /* Half a pair in the environment stops the chain: falling through to
   * the file would act as someone else. */
  envp = g_environ_setenv (envp, "AWS_SECRET_ACCESS_KEY", env_secret, TRUE);
  jg_credential_chain_set_environment (chain, (const char * const *) envp);
  resolved = resolve (chain, JG_PARTITION_AWS, &error);
  g_assert_null (resolved);
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_INCOMPLETE);
  g_assert_null (strstr (error->message, env_secret));
  g_clear_error (&error);

  /* Nothing anywhere: one message naming every place. */
  envp = g_environ_setenv (envp, "AWS_SECRET_ACCESS_KEY", "", TRUE);
  envp = g_environ_setenv (envp, "AWS_SHARED_CREDENTIALS_FILE",
                           "/nonexistent/jumpgate/credentials", TRUE);
  jg_credential_chain_set_environment (chain, (const char * const *) envp);
  resolved = resolve (chain, JG_PARTITION_AWS_US_GOV, &error);
  g_assert_null (resolved);
  g_assert_error (error, JG_CREDENTIALS_ERROR, JG_CREDENTIALS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "aws-us-gov"));
  g_assert_nonnull (strstr (error->message, "D-Bus"));
  g_assert_nonnull (strstr (error->message, "AWS_ACCESS_KEY_ID"));
  g_assert_nonnull (strstr (error->message,
                            "/nonexistent/jumpgate/credentials does not "
                            "exist"));
  g_assert_nonnull (strstr (error->message, "credentials set"));
}

static void
test_chain_without_keyring (void)
{
  g_autoptr(JgCredentialChain) chain = jg_credential_chain_new (NULL);
  g_autoptr(JgResolvedCredentials) resolved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) envp = NULL;

  path = write_temp_file ("credentials",
                          "[ops]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                          "aws_secret_access_key = x\n");
  envp = g_environ_setenv (envp, "AWS_SHARED_CREDENTIALS_FILE", path, TRUE);
  envp = g_environ_setenv (envp, "AWS_PROFILE", "ops", TRUE);
  jg_credential_chain_set_environment (chain, (const char * const *) envp);

  resolved = resolve (chain, JG_PARTITION_AWS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (resolved->source, ==, JG_CREDENTIAL_SOURCE_SHARED_FILE);
  g_assert_null (resolved->keyring_error);
  g_assert_nonnull (strstr (resolved->description, "ops"));
  g_clear_pointer (&resolved, jg_resolved_credentials_free);

  /* A profile asked for by name that the file lacks is an error. */
  envp = g_environ_setenv (envp, "AWS_PROFILE", "prod", TRUE);
  jg_credential_chain_set_environment (chain, (const char * const *) envp);
  resolved = resolve (chain, JG_PARTITION_AWS, &error);
  g_assert_null (resolved);
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_INVALID_FILE);
  g_clear_error (&error);

  /* Without the default profile and AWS_PROFILE, the file has nothing. */
  envp = g_environ_setenv (envp, "AWS_PROFILE", "", TRUE);
  jg_credential_chain_set_environment (chain, (const char * const *) envp);
  resolved = resolve (chain, JG_PARTITION_AWS, &error);
  g_assert_null (resolved);
  g_assert_error (error, JG_CREDENTIALS_ERROR, JG_CREDENTIALS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "has no profile [default]"));
}

/* Keyring without D-Bus */

static void
test_keyring_unavailable (void)
{
  g_autoptr(JgCredentialStore) store = jg_credential_store_new ();
  g_autoptr(JgAdminCredentials) credentials = NULL;
  g_autoptr(JgAdminCredentials) found = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = random_access_key_id ();
  g_autofree char *secret = random_secret ();
  gint64 start = g_get_monotonic_time ();

  credentials = jg_admin_credentials_new (id, secret, NULL);
  jg_credential_store_save_async (store, JG_PARTITION_AWS, credentials, NULL,
                                  on_async_done_cb, &result);
  g_assert_false (jg_credential_store_save_finish (store, wait_for (&result),
                                                   &error));
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_KEYRING_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "No keyring is available"));
  g_assert_nonnull (strstr (error->message, "gnome-keyring"));
  g_assert_nonnull (strstr (error->message, "AWS_ACCESS_KEY_ID"));
  g_assert_null (strstr (error->message, secret));
  g_clear_error (&error);
  g_clear_object (&result);

  jg_credential_store_lookup_async (store, JG_PARTITION_AWS, NULL,
                                    on_async_done_cb, &result);
  found = jg_credential_store_lookup_finish (store, wait_for (&result),
                                             &error);
  g_assert_null (found);
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_KEYRING_UNAVAILABLE);
  g_clear_error (&error);
  g_clear_object (&result);

  jg_credential_store_clear_async (store, JG_PARTITION_AWS, NULL,
                                   on_async_done_cb, &result);
  g_assert_false (jg_credential_store_clear_finish (store, wait_for (&result),
                                                    &error));
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_KEYRING_UNAVAILABLE);

  /* Failing must be quick: no waiting for a bus that is not there. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

/* Session manager */

typedef struct
{
  guint     calls;
  gboolean  wrong_code;
  gboolean  short_code;
} MfaPrompt;

static void
emulator_mfa_code_func (const char   *mfa_device_arn,
                        GCancellable *cancellable,
                        GTask        *task,
                        gpointer      user_data)
{
  MfaPrompt *prompt = user_data;
  g_autoptr(GError) error = NULL;
  char *code;

  prompt->calls++;
  code = jg_test_emulator_get_mfa_code (emulator, mfa_device_arn, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (code), ==, 6);

  if (prompt->wrong_code)
    {
      for (guint i = 0; i < 6; i++)
        code[i] = (char) ('0' + (code[i] - '0' + 1) % 10);
    }

  if (prompt->short_code)
    code[5] = '\0';

  g_task_return_pointer (task, code, (GDestroyNotify) jg_secret_free);
}

/* A session manager whose chain reads only a private environment with a
 * new access key of user in the jump account. */
static JgSessionManager *
session_manager_new (const char  *user,
                     MfaPrompt   *prompt,
                     char       **out_access_key_id)
{
  g_autoptr(JgCredentialChain) chain = jg_credential_chain_new (NULL);
  g_autoptr(JgAwsClient) client = jg_aws_client_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *secret = NULL;
  g_auto(GStrv) envp = NULL;
  JgSessionManager *manager;

  jg_test_emulator_create_access_key (emulator, JUMP_ACCOUNT, user, &id,
                                      &secret, &error);
  g_assert_no_error (error);

  envp = g_environ_setenv (envp, "AWS_ACCESS_KEY_ID", id, TRUE);
  envp = g_environ_setenv (envp, "AWS_SECRET_ACCESS_KEY", secret, TRUE);
  envp = g_environ_setenv (envp, "AWS_SHARED_CREDENTIALS_FILE",
                           "/nonexistent/jumpgate/credentials", TRUE);
  jg_credential_chain_set_environment (chain, (const char * const *) envp);
  jg_secret_free (g_steal_pointer (&secret));

  jg_aws_client_set_endpoint_url (client,
                                  jg_test_emulator_get_endpoint (emulator),
                                  &error);
  g_assert_no_error (error);

  manager = jg_session_manager_new (chain, client);
  if (prompt != NULL)
    {
      jg_session_manager_set_mfa_code_func (manager, emulator_mfa_code_func,
                                            prompt, NULL);
      jg_session_manager_set_mfa_device (manager, JG_PARTITION_AWS,
                                         ADMIN_MFA);
    }

  if (out_access_key_id != NULL)
    *out_access_key_id = g_steal_pointer (&id);
  return manager;
}

static JgAwsCredentials *
get_credentials (JgSessionManager  *manager,
                 const char        *account_id,
                 const char        *admin_role,
                 GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  jg_session_manager_get_credentials_async (manager, JG_PARTITION_AWS,
                                            account_id, admin_role, NULL,
                                            on_async_done_cb, &result);
  return jg_session_manager_get_credentials_finish (manager,
                                                    wait_for (&result),
                                                    error);
}

static JgStsCallerIdentity *
caller_identity (JgSessionManager *manager,
                 JgAwsCredentials *credentials)
{
  g_autoptr(JgAwsTarget) target = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JgAwsClient *client = jg_session_manager_get_client (manager);
  JgStsCallerIdentity *identity;

  target = jg_aws_target_new (credentials, JG_PARTITION_AWS, NULL, NULL);
  jg_sts_get_caller_identity_async (client, target, NULL, on_async_done_cb,
                                    &result);
  identity = jg_sts_get_caller_identity_finish (client, wait_for (&result),
                                                &error);
  g_assert_no_error (error);
  return identity;
}

static void
test_session_name (void)
{
  g_autofree char *plain = jg_session_manager_build_role_session_name ("ada");
  g_autofree char *odd = NULL;
  g_autofree char *own = jg_session_manager_build_role_session_name (NULL);
  g_autofree char *long_name = g_strnfill (100, 'x');
  g_autofree char *cut = jg_session_manager_build_role_session_name (long_name);
  g_autoptr(JgCredentialChain) chain = jg_credential_chain_new (NULL);
  g_autoptr(JgAwsClient) client = jg_aws_client_new ();
  g_autoptr(JgSessionManager) manager = jg_session_manager_new (chain, client);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (plain, ==, "jumpgate-ada");

  odd = jg_session_manager_build_role_session_name ("dom\\jo sé:x+y@z.w");
  g_assert_cmpstr (odd, ==, "jumpgate-dom-jo-s--x+y@z.w");

  g_assert_true (g_str_has_prefix (own, "jumpgate-"));
  g_assert_cmpstr (jg_session_manager_get_role_session_name (manager), ==,
                   own);

  g_assert_cmpuint (strlen (cut), ==, 64);
  g_assert_true (g_str_has_prefix (cut, "jumpgate-xxx"));

  g_assert_true (jg_session_manager_set_role_session_name (manager,
                                                           "ci-runner@42",
                                                           &error));
  g_assert_no_error (error);
  g_assert_cmpstr (jg_session_manager_get_role_session_name (manager), ==,
                   "ci-runner@42");

  g_assert_false (jg_session_manager_set_role_session_name (manager, "a",
                                                            &error));
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_INVALID_ROLE);
  g_clear_error (&error);
  g_assert_false (jg_session_manager_set_role_session_name (manager,
                                                            "has space",
                                                            &error));
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_INVALID_ROLE);
}

static void
test_session_long_term (void)
{
  g_autoptr(JgSessionManager) manager = NULL;
  g_autoptr(JgAwsCredentials) jump = NULL;
  g_autoptr(JgStsCallerIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  get_emulator ();
  manager = session_manager_new ("plain", NULL, &id);

  /* Without an MFA device the long-term key is used as it is. */
  jump = get_credentials (manager, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jump->access_key_id, ==, id);
  g_assert_null (jump->session_token);
  g_assert_null (jump->expiration);
  g_assert_cmpint (count_operation ("sts:GetSessionToken"), ==, 0);
  g_assert_nonnull (strstr (jg_session_manager_get_source_description (manager,
                                                                       JG_PARTITION_AWS),
                            "AWS_ACCESS_KEY_ID"));

  identity = caller_identity (manager, jump);
  g_assert_cmpstr (identity->arn, ==,
                   "arn:aws:iam::" JUMP_ACCOUNT ":user/plain");
}

static void
test_session_mfa (void)
{
  g_autoptr(JgSessionManager) manager = NULL;
  g_autoptr(JgAwsCredentials) jump = NULL;
  g_autoptr(JgAwsCredentials) again = NULL;
  g_autoptr(JgStsCallerIdentity) identity = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  MfaPrompt prompt = { 0 };

  get_emulator ();
  manager = session_manager_new ("admin", &prompt, &id);

  jump = get_credentials (manager, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (prompt.calls, ==, 1);
  g_assert_cmpstr (jump->access_key_id, !=, id);
  g_assert_true (g_str_has_prefix (jump->access_key_id, "ASIA"));
  g_assert_nonnull (jump->session_token);
  g_assert_nonnull (jump->expiration);
  /* GetSessionToken's 12 hours, give or take the clocks. */
  g_assert_cmpint (g_date_time_difference (jump->expiration, now), >,
                   11 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (count_operation ("sts:GetSessionToken"), ==, 1);

  identity = caller_identity (manager, jump);
  g_assert_cmpstr (identity->arn, ==,
                   "arn:aws:iam::" JUMP_ACCOUNT ":user/admin");

  /* Cached: no new code, no new call. */
  again = get_credentials (manager, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->access_key_id, ==, jump->access_key_id);
  g_assert_cmpuint (prompt.calls, ==, 1);
  g_assert_cmpint (count_operation ("sts:GetSessionToken"), ==, 1);
}

static void
test_session_mfa_errors (void)
{
  g_autoptr(JgSessionManager) manager = NULL;
  g_autoptr(JgSessionManager) no_prompt = NULL;
  g_autoptr(JgAwsCredentials) jump = NULL;
  g_autoptr(GError) error = NULL;
  MfaPrompt prompt = { 0 };

  get_emulator ();
  manager = session_manager_new ("admin", &prompt, NULL);

  /* Five digits are rejected before STS is asked. */
  prompt.short_code = TRUE;
  jump = get_credentials (manager, NULL, NULL, &error);
  g_assert_null (jump);
  g_assert_error (error, JG_CREDENTIALS_ERROR, JG_CREDENTIALS_ERROR_MFA_CODE);
  g_assert_cmpint (count_operation ("sts:GetSessionToken"), ==, 0);
  g_clear_error (&error);

  /* A wrong code is AWS's AccessDenied, and nothing is cached. */
  prompt.short_code = FALSE;
  prompt.wrong_code = TRUE;
  jump = get_credentials (manager, NULL, NULL, &error);
  g_assert_null (jump);
  g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_ACCESS_DENIED);
  g_clear_error (&error);

  prompt.wrong_code = FALSE;
  jump = get_credentials (manager, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (jump->session_token);
  g_assert_cmpuint (prompt.calls, ==, 3);

  /* An MFA device without a code prompt is an error whose message names
   * JUMPGATE_MFA_CODE. */
  no_prompt = session_manager_new ("admin", NULL, NULL);
  jg_session_manager_set_mfa_device (no_prompt, JG_PARTITION_AWS, ADMIN_MFA);
  g_clear_pointer (&jump, jg_aws_credentials_free);
  jump = get_credentials (no_prompt, NULL, NULL, &error);
  g_assert_null (jump);
  g_assert_error (error, JG_CREDENTIALS_ERROR, JG_CREDENTIALS_ERROR_MFA_CODE);
  g_assert_nonnull (strstr (error->message, "JUMPGATE_MFA_CODE"));
}

static void
test_session_assume_role (void)
{
  g_autoptr(JgSessionManager) manager = NULL;
  g_autoptr(JgSessionManager) plain = NULL;
  g_autoptr(JgAwsCredentials) role = NULL;
  g_autoptr(JgAwsCredentials) mfa_role = NULL;
  g_autoptr(JgStsCallerIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  MfaPrompt prompt = { 0 };

  get_emulator ();
  manager = session_manager_new ("admin", &prompt, NULL);
  g_assert_true (jg_session_manager_set_role_session_name (manager,
                                                           "jumpgate-tester",
                                                           &error));

  /* NULL admin role means OrganizationAccountAccessRole. */
  role = get_credentials (manager, TARGET_ACCOUNT, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (role->session_token);
  g_assert_nonnull (role->expiration);
  identity = caller_identity (manager, role);
  g_assert_cmpstr (identity->account, ==, TARGET_ACCOUNT);
  expected = g_strdup_printf ("arn:aws:sts::%s:assumed-role/%s/%s",
                              TARGET_ACCOUNT, JG_DEFAULT_ADMIN_ROLE,
                              "jumpgate-tester");
  g_assert_cmpstr (identity->arn, ==, expected);
  g_clear_pointer (&identity, jg_sts_caller_identity_unref);

  /* A role whose trust wants MFA works through the MFA session. */
  mfa_role = get_credentials (manager, TARGET_ACCOUNT, "MfaAdmin", &error);
  g_assert_no_error (error);
  identity = caller_identity (manager, mfa_role);
  g_assert_true (g_str_has_suffix (identity->arn,
                                   ":assumed-role/MfaAdmin/jumpgate-tester"));
  g_assert_cmpuint (prompt.calls, ==, 1);
  g_assert_cmpint (count_operation ("sts:GetSessionToken"), ==, 1);
  g_assert_cmpint (count_operation ("sts:AssumeRole"), ==, 2);

  /* Without MFA the same role refuses; the default one does not. */
  plain = session_manager_new ("plain", NULL, NULL);
  g_clear_pointer (&mfa_role, jg_aws_credentials_free);
  mfa_role = get_credentials (plain, TARGET_ACCOUNT, "MfaAdmin", &error);
  g_assert_null (mfa_role);
  g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_ACCESS_DENIED);
  g_clear_error (&error);
  g_clear_pointer (&role, jg_aws_credentials_free);
  role = get_credentials (plain, TARGET_ACCOUNT, JG_DEFAULT_ADMIN_ROLE,
                          &error);
  g_assert_no_error (error);

  /* Bad targets fail before any call. */
  g_clear_pointer (&role, jg_aws_credentials_free);
  role = get_credentials (plain, "12345", NULL, &error);
  g_assert_null (role);
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_INVALID_ROLE);
  g_clear_error (&error);
  role = get_credentials (plain, TARGET_ACCOUNT, "bad role", &error);
  g_assert_null (role);
  g_assert_error (error, JG_CREDENTIALS_ERROR,
                  JG_CREDENTIALS_ERROR_INVALID_ROLE);
}

/* Results of concurrent calls, stored by the index of the call. */
typedef struct
{
  guint      pending;
  GPtrArray *results;   /* of JgAwsCredentials, NULL on error */
  GPtrArray *errors;    /* of GError, NULL on success */
} Gathered;

typedef struct
{
  Gathered *gathered;
  guint     index;
} Call;

static void
on_gathered_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree Call *call = user_data;
  Gathered *gathered = call->gathered;
  GError *error = NULL;

  g_ptr_array_index (gathered->results, call->index) =
    jg_session_manager_get_credentials_finish (JG_SESSION_MANAGER (source),
                                               result, &error);
  g_ptr_array_index (gathered->errors, call->index) = error;
  gathered->pending--;
}

/* GPtrArray passes NULL elements to its free function too. */
static void
error_free_nullable (GError *error)
{
  if (error != NULL)
    g_error_free (error);
}

static void
gathered_init (Gathered *gathered,
               guint     n_calls)
{
  gathered->pending = 0;
  gathered->results = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_aws_credentials_free);
  gathered->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) error_free_nullable);
  g_ptr_array_set_size (gathered->results, n_calls);
  g_ptr_array_set_size (gathered->errors, n_calls);
}

static void
gathered_clear (Gathered *gathered)
{
  g_clear_pointer (&gathered->results, g_ptr_array_unref);
  g_clear_pointer (&gathered->errors, g_ptr_array_unref);
}

static void
gathered_start (Gathered         *gathered,
                guint             index,
                JgSessionManager *manager,
                const char       *account_id,
                const char       *admin_role,
                GCancellable     *cancellable)
{
  Call *call = g_new0 (Call, 1);

  call->gathered = gathered;
  call->index = index;
  gathered->pending++;
  jg_session_manager_get_credentials_async (manager, JG_PARTITION_AWS,
                                            account_id, admin_role,
                                            cancellable, on_gathered_cb,
                                            call);
}

static void
gathered_wait (Gathered *gathered)
{
  while (gathered->pending > 0)
    g_main_context_iteration (NULL, TRUE);
}

static const GError *
gathered_error (Gathered *gathered,
                guint     index)
{
  return g_ptr_array_index (gathered->errors, index);
}

static const char *
gathered_key (Gathered *gathered,
              guint     index)
{
  JgAwsCredentials *credentials = g_ptr_array_index (gathered->results, index);

  g_assert_no_error (gathered_error (gathered, index));
  g_assert_nonnull (credentials);
  g_assert_nonnull (credentials->session_token);
  return credentials->access_key_id;
}

static void
test_session_coalescing (void)
{
  g_autoptr(JgSessionManager) manager = NULL;
  Gathered gathered;
  MfaPrompt prompt = { 0 };

  get_emulator ();
  manager = session_manager_new ("admin", &prompt, NULL);
  gathered_init (&gathered, 14);

  /* Eight callers of the default role, three of another role in the same
   * account and three of the jump session, all at once. */
  for (guint i = 0; i < 14; i++)
    {
      const char *account = i < 11 ? TARGET_ACCOUNT : NULL;
      const char *role = i >= 8 && i < 11 ? "MfaAdmin" : NULL;

      gathered_start (&gathered, i, manager, account, role, NULL);
    }
  gathered_wait (&gathered);

  /* One code, one session, one AssumeRole per role. */
  g_assert_cmpuint (prompt.calls, ==, 1);
  g_assert_cmpint (count_operation ("sts:GetSessionToken"), ==, 1);
  g_assert_cmpint (count_operation ("sts:AssumeRole"), ==, 2);

  for (guint i = 1; i < 8; i++)
    g_assert_cmpstr (gathered_key (&gathered, i), ==,
                     gathered_key (&gathered, 0));
  for (guint i = 9; i < 11; i++)
    g_assert_cmpstr (gathered_key (&gathered, i), ==,
                     gathered_key (&gathered, 8));
  for (guint i = 12; i < 14; i++)
    g_assert_cmpstr (gathered_key (&gathered, i), ==,
                     gathered_key (&gathered, 11));
  g_assert_cmpstr (gathered_key (&gathered, 0), !=,
                   gathered_key (&gathered, 8));
  g_assert_cmpstr (gathered_key (&gathered, 0), !=,
                   gathered_key (&gathered, 11));

  gathered_clear (&gathered);
}

typedef struct
{
  GDateTime *now;
} Clock;

static GDateTime *
clock_now (gpointer user_data)
{
  Clock *clock = user_data;

  return g_date_time_ref (clock->now);
}

static void
clock_set (Clock     *clock,
           GDateTime *base,
           GTimeSpan  offset)
{
  g_clear_pointer (&clock->now, g_date_time_unref);
  clock->now = g_date_time_add (base, offset);
}

static void
test_session_renewal (void)
{
  g_autoptr(JgSessionManager) manager = NULL;
  g_autoptr(JgAwsCredentials) first = NULL;
  g_autoptr(JgAwsCredentials) cached = NULL;
  g_autoptr(JgAwsCredentials) renewed = NULL;
  g_autoptr(JgAwsCredentials) jump = NULL;
  g_autoptr(JgAwsCredentials) jump_renewed = NULL;
  g_autoptr(GDateTime) role_expiration = NULL;
  g_autoptr(GDateTime) jump_expiration = NULL;
  g_autoptr(GError) error = NULL;
  Clock clock = { g_date_time_new_now_utc () };
  MfaPrompt prompt = { 0 };

  get_emulator ();
  manager = session_manager_new ("admin", &prompt, NULL);
  jg_session_manager_set_time_func (manager, clock_now, &clock, NULL);

  first = get_credentials (manager, TARGET_ACCOUNT, NULL, &error);
  g_assert_no_error (error);
  role_expiration = g_date_time_ref (first->expiration);
  g_assert_cmpint (count_operation ("sts:AssumeRole"), ==, 1);

  /* Six minutes before expiry: still cached. */
  clock_set (&clock, role_expiration, -6 * G_TIME_SPAN_MINUTE);
  cached = get_credentials (manager, TARGET_ACCOUNT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cached->access_key_id, ==, first->access_key_id);
  g_assert_cmpint (count_operation ("sts:AssumeRole"), ==, 1);

  /* Four minutes before: renewed, with the jump session still good. */
  clock_set (&clock, role_expiration, -4 * G_TIME_SPAN_MINUTE);
  renewed = get_credentials (manager, TARGET_ACCOUNT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (renewed->access_key_id, !=, first->access_key_id);
  g_assert_cmpint (count_operation ("sts:AssumeRole"), ==, 2);
  g_assert_cmpint (count_operation ("sts:GetSessionToken"), ==, 1);
  g_assert_cmpuint (prompt.calls, ==, 1);

  /* Near the end of the jump session, a new code is asked for. */
  jump = get_credentials (manager, NULL, NULL, &error);
  g_assert_no_error (error);
  jump_expiration = g_date_time_ref (jump->expiration);
  clock_set (&clock, jump_expiration, -4 * G_TIME_SPAN_MINUTE);
  jump_renewed = get_credentials (manager, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jump_renewed->access_key_id, !=, jump->access_key_id);
  g_assert_cmpint (count_operation ("sts:GetSessionToken"), ==, 2);
  g_assert_cmpuint (prompt.calls, ==, 2);

  /* A smaller margin keeps them longer. */
  jg_session_manager_set_renew_margin (manager, G_TIME_SPAN_MINUTE);
  g_clear_pointer (&cached, jg_aws_credentials_free);
  clock_set (&clock, jump_renewed->expiration, -2 * G_TIME_SPAN_MINUTE);
  cached = get_credentials (manager, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cached->access_key_id, ==, jump_renewed->access_key_id);
  g_assert_cmpint (count_operation ("sts:GetSessionToken"), ==, 2);

  jg_session_manager_set_time_func (manager, NULL, NULL, NULL);
  g_clear_pointer (&clock.now, g_date_time_unref);
}

/* AssumeRole is signed with the jump account's key but counts against
 * the target account: with one request in flight per account, roles of
 * three accounts are still assumed at the same time. */
static void
test_session_assume_role_per_account (void)
{
  const char *accounts[] = { TARGET_ACCOUNT, SECOND_TARGET, THIRD_TARGET };
  g_autoptr(JgSessionManager) manager = NULL;
  g_autoptr(JgAwsCredentials) jump = NULL;
  g_autoptr(GError) error = NULL;
  JgAwsClient *client;
  guint max_in_flight = 0;
  Gathered gathered;

  get_emulator ();
  manager = session_manager_new ("plain", NULL, NULL);
  client = jg_session_manager_get_client (manager);
  jg_aws_client_set_max_in_flight (client, 8, 1);

  jump = get_credentials (manager, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Slow replies, so every request that can start does so before the
   * first reply comes back. */
  jg_test_emulator_set_faults (emulator, "{\"replace\": true, "
                                         "\"latency_ms\": 300}", &error);
  g_assert_no_error (error);

  gathered_init (&gathered, G_N_ELEMENTS (accounts));
  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    gathered_start (&gathered, i, manager, accounts[i], NULL, NULL);
  while (gathered.pending > 0)
    {
      g_main_context_iteration (NULL, TRUE);
      max_in_flight = MAX (max_in_flight, jg_aws_client_get_in_flight (client));
    }

  jg_test_emulator_set_faults (emulator, "{\"replace\": true}", &error);
  g_assert_no_error (error);

  g_assert_cmpuint (max_in_flight, ==, G_N_ELEMENTS (accounts));
  g_assert_cmpint (count_operation ("sts:AssumeRole"), ==,
                   G_N_ELEMENTS (accounts));
  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      JgAwsCredentials *role = g_ptr_array_index (gathered.results, i);
      g_autoptr(JgStsCallerIdentity) identity = NULL;

      gathered_key (&gathered, i);
      identity = caller_identity (manager, role);
      g_assert_cmpstr (identity->account, ==, accounts[i]);
    }

  gathered_clear (&gathered);
}

static void
test_session_cancel (void)
{
  g_autoptr(JgSessionManager) manager = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) lone = g_cancellable_new ();
  g_autoptr(JgAwsCredentials) later = NULL;
  g_autoptr(GError) error = NULL;
  Gathered gathered;
  MfaPrompt prompt = { 0 };

  get_emulator ();
  manager = session_manager_new ("admin", &prompt, NULL);

  /* One of two callers gives up: it alone gets G_IO_ERROR_CANCELLED. */
  gathered_init (&gathered, 2);
  gathered_start (&gathered, 0, manager, TARGET_ACCOUNT, NULL, cancellable);
  gathered_start (&gathered, 1, manager, TARGET_ACCOUNT, NULL, NULL);
  g_cancellable_cancel (cancellable);
  gathered_wait (&gathered);

  g_assert_error (gathered_error (&gathered, 0), G_IO_ERROR,
                  G_IO_ERROR_CANCELLED);
  g_assert_null (g_ptr_array_index (gathered.results, 0));
  g_assert_nonnull (gathered_key (&gathered, 1));
  g_assert_cmpint (count_operation ("sts:AssumeRole"), ==, 1);
  gathered_clear (&gathered);

  /* The only caller gives up: the request is dropped, and the next
   * caller starts a new one instead of joining a cancelled one. */
  gathered_init (&gathered, 1);
  gathered_start (&gathered, 0, manager, TARGET_ACCOUNT, "MfaAdmin", lone);
  g_cancellable_cancel (lone);
  gathered_wait (&gathered);
  g_assert_error (gathered_error (&gathered, 0), G_IO_ERROR,
                  G_IO_ERROR_CANCELLED);
  gathered_clear (&gathered);

  later = get_credentials (manager, TARGET_ACCOUNT, "MfaAdmin", &error);
  g_assert_no_error (error);
  g_assert_nonnull (later->session_token);

  /* A cancellable cancelled before the call fails at once. */
  gathered_init (&gathered, 1);
  gathered_start (&gathered, 0, manager, NULL, NULL, lone);
  gathered_wait (&gathered);
  g_assert_error (gathered_error (&gathered, 0), G_IO_ERROR,
                  G_IO_ERROR_CANCELLED);

  gathered_clear (&gathered);
}

static void
test_session_expired_token (void)
{
  g_autoptr(JgSessionManager) manager = NULL;
  g_autoptr(JgAwsCredentials) jump = NULL;
  g_autoptr(JgAwsCredentials) role = NULL;
  g_autoptr(GError) error = NULL;
  MfaPrompt prompt = { 0 };
  int expired;

  get_emulator ();
  manager = session_manager_new ("admin", &prompt, NULL);

  jump = get_credentials (manager, NULL, NULL, &error);
  g_assert_no_error (error);
  expired = jg_test_emulator_expire_sessions (emulator, jump->access_key_id,
                                              &error);
  g_assert_no_error (error);
  g_assert_cmpint (expired, ==, 1);

  /* AWS reports the cached jump session as expired. That call fails,
   * and the session is dropped so the next call renews it. */
  role = get_credentials (manager, TARGET_ACCOUNT, NULL, &error);
  g_assert_null (role);
  g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_EXPIRED_TOKEN);
  g_clear_error (&error);

  role = get_credentials (manager, TARGET_ACCOUNT, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (role);
  g_assert_cmpuint (prompt.calls, ==, 2);

  /* jg_session_manager_invalidate() drops one key only. */
  jg_session_manager_invalidate (manager, JG_PARTITION_AWS, TARGET_ACCOUNT,
                                 NULL);
  g_clear_pointer (&role, jg_aws_credentials_free);
  role = get_credentials (manager, TARGET_ACCOUNT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_operation ("sts:AssumeRole"), ==, 3);
  g_assert_cmpuint (prompt.calls, ==, 2);
}

/* CLI without a keyring */

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
cli_run (CliRun             *run,
         const char         *stdin_text,
         const char * const *argv)
{
  cli_run_clear (run);
  run->status = jg_test_run_cli (argv, stdin_text, &run->out, &run->err);
}

/* Runs the CLI with every debug message on, so a secret in any log line
 * would show in its output. */
static void
cli_run_debug (CliRun             *run,
               const char         *stdin_text,
               const char * const *argv)
{
  const char *debug[] = { "G_MESSAGES_DEBUG=all", NULL };

  cli_run_clear (run);
  run->status = jg_test_run_cli_with_env (argv, debug, stdin_text, &run->out,
                                          &run->err);
}

static void
assert_secret_absent (const CliRun *run,
                      const char   *secret)
{
  g_assert_null (strstr (run->out, secret));
  g_assert_null (strstr (run->err, secret));
}

static void
test_cli_set_input (void)
{
  g_autofree char *secret = random_secret ();
  g_autofree char *keys = NULL;
  g_auto(CliRun) run = { 0 };
  const char *set[] = { "credentials", "set", "--partition", "aws", NULL };

  /* Checks that fail before the keyring is asked. */
  keys = g_strdup_printf ("not-a-key\n%s\n", secret);
  cli_run (&run, keys, set);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "not-a-key"));
  assert_secret_absent (&run, secret);
  g_clear_pointer (&keys, g_free);

  cli_run (&run, "AKIAIOSFODNN7EXAMPLE\n", set);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "secret access key on the second"));

  cli_run (&run, "", set);
  g_assert_cmpint (run.status, ==, 2);

  keys = g_strdup_printf ("ASIAIOSFODNN7EXAMPLE\n%s\n", secret);
  cli_run (&run, keys, set);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "temporary"));
  assert_secret_absent (&run, secret);
  g_clear_pointer (&keys, g_free);

  {
    const char *bad_partition[] = { "credentials", "set", "--partition",
                                    "aws-eu", NULL };
    const char *no_partition[] = { "credentials", "set", NULL };
    const char *bad_mfa[] = { "credentials", "set", "--partition", "aws",
                              "--mfa-device", "arn:aws-cn:iam::1:mfa/x",
                              NULL };
    /* A secret on the command line is refused and not repeated. */
    const char *on_argv[] = { "credentials", "set", "--partition", "aws",
                              secret, NULL };

    cli_run (&run, "", bad_partition);
    g_assert_cmpint (run.status, ==, 2);
    cli_run (&run, "", no_partition);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--partition"));
    cli_run (&run, "", bad_mfa);
    g_assert_cmpint (run.status, ==, 2);
    cli_run (&run, "", on_argv);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "standard input"));
    assert_secret_absent (&run, secret);
  }
}

/* Reads from stream until the text read so far contains token. */
static void
read_until (GInputStream *stream,
            GString      *text,
            const char   *token)
{
  while (strstr (text->str, token) == NULL)
    {
      g_autoptr(GError) error = NULL;
      char buffer[256];
      gssize n;

      n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (text, buffer, n);
    }
}

static void
test_cli_set_terminal (void)
{
  g_autofree char *secret = random_secret ();
  g_autofree char *line = g_strconcat (secret, "\n", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GString) prompts = g_string_new (NULL);
  g_autoptr(GString) echoed = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *id_line = "AKIAIOSFODNN7EXAMPLE\n";
  char buffer[1024];
  gssize n;
  int controller = -1;
  int terminal = -1;

  /* Standard input is a terminal: the CLI prompts on standard error and
   * turns echo off for the secret only. */
  g_assert_cmpint (openpty (&controller, &terminal, NULL, NULL, NULL), ==, 0);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_take_stdin_fd (launcher, terminal);
  process = g_subprocess_launcher_spawn (launcher, &error,
                                         g_getenv ("JG_TEST_CLI"),
                                         "credentials", "set", "--partition",
                                         "aws", NULL);
  g_assert_no_error (error);

  read_until (g_subprocess_get_stderr_pipe (process), prompts,
              "Access key id: ");
  g_assert_cmpint (write (controller, id_line, strlen (id_line)), ==,
                   (gssize) strlen (id_line));
  read_until (g_subprocess_get_stderr_pipe (process), prompts,
              "Secret access key: ");
  g_assert_cmpint (write (controller, line, strlen (line)), ==,
                   (gssize) strlen (line));

  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  read_until (g_subprocess_get_stderr_pipe (process), prompts,
              "No keyring is available");
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);

  /* What the terminal showed: the id, but not the secret. With every
   * copy of the terminal's fd closed, read() ends with EIO. */
  g_clear_object (&launcher);
  while ((n = read (controller, buffer, sizeof buffer)) > 0)
    g_string_append_len (echoed, buffer, n);
  g_assert_nonnull (strstr (echoed->str, "AKIAIOSFODNN7EXAMPLE"));
  g_assert_null (strstr (echoed->str, secret));
  g_assert_null (strstr (prompts->str, secret));
  close (controller);
}

static void
test_cli_no_dbus (void)
{
  g_autofree char *id = random_access_key_id ();
  g_autofree char *secret = random_secret ();
  g_autofree char *keys = g_strdup_printf ("%s\n%s\n", id, secret);
  g_auto(CliRun) run = { 0 };
  const char *set[] = { "credentials", "set", "--partition", "aws", NULL };
  const char *remove[] = { "credentials", "remove", "--partition", "aws",
                           NULL };

  cli_run_debug (&run, keys, set);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "No keyring is available"));
  g_assert_nonnull (strstr (run.err, "AWS_ACCESS_KEY_ID"));
  assert_secret_absent (&run, secret);

  cli_run (&run, NULL, remove);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "No keyring is available"));
}

static void
test_cli_test_sources (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *file_text = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(CliRun) run = { 0 };
  const char *endpoint;
  JsonObject *object;

  get_emulator ();
  endpoint = jg_test_emulator_get_endpoint (emulator);
  jg_test_emulator_create_access_key (emulator, JUMP_ACCOUNT, "admin", &id,
                                      &secret, &error);
  g_assert_no_error (error);

  /* From the environment, with the keyring unreachable. */
  g_setenv ("AWS_ACCESS_KEY_ID", id, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", secret, TRUE);
  {
    const char *argv[] = { "credentials", "test", "--partition", "aws",
                           "--endpoint-url", endpoint, NULL };

    cli_run_debug (&run, NULL, argv);
  }
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, JUMP_ACCOUNT));
  g_assert_nonnull (strstr (run.out, "arn:aws:iam::" JUMP_ACCOUNT
                            ":user/admin"));
  g_assert_nonnull (strstr (run.out, "environment"));
  g_assert_nonnull (strstr (run.out, id));
  g_assert_nonnull (strstr (run.err, "skipped the keyring"));
  assert_secret_absent (&run, secret);

  /* JSON, through JUMPGATE_ENDPOINT_URL, assuming the admin role with an
   * MFA session whose code comes from JUMPGATE_MFA_CODE. */
  {
    g_autofree char *code = jg_test_emulator_get_mfa_code (emulator,
                                                           ADMIN_MFA, &error);
    const char *argv[] = { "--json", "credentials", "test", "--partition",
                           "aws", "--mfa-device", ADMIN_MFA, "--session",
                           "--account", TARGET_ACCOUNT, NULL };

    g_assert_no_error (error);
    g_setenv ("JUMPGATE_ENDPOINT_URL", endpoint, TRUE);
    g_setenv ("JUMPGATE_MFA_CODE", code, TRUE);
    cli_run (&run, NULL, argv);
    g_unsetenv ("JUMPGATE_MFA_CODE");
    g_unsetenv ("JUMPGATE_ENDPOINT_URL");
  }
  g_assert_cmpint (run.status, ==, 0);
  assert_secret_absent (&run, secret);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "source"), ==,
                   "environment");
  g_assert_cmpstr (json_object_get_string_member (object, "account"), ==,
                   JUMP_ACCOUNT);
  g_assert_cmpstr (json_object_get_string_member (object, "access_key_id"),
                   ==, id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                  "assumed_role"),
                                                  "account"),
                   ==, TARGET_ACCOUNT);
  g_assert_cmpint (count_operation ("sts:GetSessionToken"), ==, 1);

  /* Empty variables count as unset: the shared file is used. */
  file_text = g_strdup_printf ("# written by the test\n[ops]\n"
                               "aws_access_key_id = %s\n"
                               "aws_secret_access_key = %s\n", id, secret);
  path = write_temp_file ("credentials", file_text);
  g_setenv ("AWS_ACCESS_KEY_ID", "", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "", TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", path, TRUE);
  g_setenv ("AWS_PROFILE", "ops", TRUE);
  {
    const char *argv[] = { "credentials", "test", "--partition", "aws",
                           "--endpoint-url", endpoint, "--no-keyring", NULL };

    cli_run (&run, NULL, argv);
  }
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "shared-credentials-file"));
  g_assert_nonnull (strstr (run.out, path));
  g_assert_null (strstr (run.err, "skipped the keyring"));
  assert_secret_absent (&run, secret);

  /* A wrong secret is AWS's error, with status 1. */
  g_setenv ("AWS_ACCESS_KEY_ID", id, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "wrong-secret", TRUE);
  {
    const char *argv[] = { "credentials", "test", "--partition", "aws",
                           "--endpoint-url", endpoint, NULL };

    cli_run (&run, NULL, argv);
  }
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "SignatureDoesNotMatch"));

  /* Nothing anywhere: status 2 and a message naming the places. */
  g_setenv ("AWS_ACCESS_KEY_ID", "", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "", TRUE);
  g_setenv ("AWS_PROFILE", "", TRUE);
  {
    const char *argv[] = { "credentials", "test", "--partition", "aws",
                           "--endpoint-url", endpoint, NULL };

    cli_run (&run, NULL, argv);
  }
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "No AWS credentials found"));

  g_setenv ("AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/jumpgate-test/credentials", TRUE);
  jg_secret_free (g_steal_pointer (&secret));
}

/* Keyring through libsecret's file backend, as in a Flatpak */

/* The store's schema, spelled out so the test checks what lands in the
 * file rather than trusting the code under test. */
static const SecretSchema expected_schema = {
  "io.github.jumpgate.Jumpgate",
  SECRET_SCHEMA_NONE,
  {
    { "partition", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static gboolean
store_save (JgCredentialStore         *store,
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
store_lookup (JgCredentialStore  *store,
              JgPartition         partition,
              GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  jg_credential_store_lookup_async (store, partition, NULL, on_async_done_cb,
                                    &result);
  return jg_credential_store_lookup_finish (store, wait_for (&result),
                                            error);
}

static gboolean
store_clear (JgCredentialStore  *store,
             JgPartition         partition,
             GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  jg_credential_store_clear_async (store, partition, NULL, on_async_done_cb,
                                   &result);
  return jg_credential_store_clear_finish (store, wait_for (&result), error);
}

/* Runs in a child of test_file_backend(), because libsecret picks its
 * backend once per process. The bus address still points nowhere, so
 * any use of the Secret Service would fail. */
static void
test_file_backend_subprocess (void)
{
  g_autoptr(JgCredentialStore) store = jg_credential_store_new ();
  g_autoptr(JgAdminCredentials) stored = NULL;
  g_autoptr(JgAdminCredentials) found = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;
  g_autolist(GObject) items = NULL;
  g_autofree char *id = random_access_key_id ();
  g_autofree char *secret = random_secret ();
  g_autofree char *new_secret = random_secret ();
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_test_subprocess ())
    {
      g_test_skip ("runs only as a child of /jumpgate/credentials/"
                   "file-backend");
      return;
    }

  g_assert_cmpstr (g_getenv ("DBUS_SESSION_BUS_ADDRESS"), ==, NO_DBUS);

  stored = jg_admin_credentials_new (id, secret, ADMIN_MFA);
  g_assert_true (store_save (store, JG_PARTITION_AWS, stored, &error));
  g_assert_no_error (error);

  /* The item went to the file, encrypted. */
  g_assert_true (g_file_get_contents (g_getenv ("SECRET_FILE_TEST_PATH"),
                                      &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 0);
  g_assert_null (g_strstr_len (contents, (gssize) length, secret));

  found = store_lookup (store, JG_PARTITION_AWS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->access_key_id, ==, id);
  g_assert_cmpstr (found->secret_access_key, ==, secret);
  g_assert_cmpstr (found->mfa_device_arn, ==, ADMIN_MFA);
  g_clear_pointer (&found, jg_admin_credentials_free);
  g_clear_pointer (&stored, jg_admin_credentials_free);

  /* Saving again replaces the item: one per partition. */
  stored = jg_admin_credentials_new (id, new_secret, NULL);
  g_assert_true (store_save (store, JG_PARTITION_AWS, stored, &error));
  g_assert_no_error (error);
  found = store_lookup (store, JG_PARTITION_AWS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->secret_access_key, ==, new_secret);
  g_assert_null (found->mfa_device_arn);
  g_clear_pointer (&found, jg_admin_credentials_free);

  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (attributes, (gpointer) "partition", (gpointer) "aws");
  g_hash_table_insert (attributes, (gpointer) "kind",
                       (gpointer) "admin-credentials");
  items = secret_password_searchv_sync (&expected_schema, attributes,
                                        SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);

  found = store_lookup (store, JG_PARTITION_AWS_CN, &error);
  g_assert_null (found);
  g_assert_error (error, JG_CREDENTIALS_ERROR, JG_CREDENTIALS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (store_clear (store, JG_PARTITION_AWS, &error));
  g_assert_no_error (error);
  found = store_lookup (store, JG_PARTITION_AWS, &error);
  g_assert_null (found);
  g_assert_error (error, JG_CREDENTIALS_ERROR, JG_CREDENTIALS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (store_clear (store, JG_PARTITION_AWS, &error));
  g_assert_error (error, JG_CREDENTIALS_ERROR, JG_CREDENTIALS_ERROR_NOT_FOUND);
}

/* Without a Secret Service the store still works when libsecret uses its
 * file backend, as it does in a Flatpak with the Secret portal. The
 * SECRET_* variables are libsecret's own: they select the backend and
 * give the file and its password, which the portal gives in a Flatpak. */
static void
test_file_backend (void)
{
  g_autofree char *dir = jg_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "keyrings", "test.keyring",
                                            NULL);
  g_autofree char *password = random_text ("abcdefghijklmnopqrstuvwxyz", 32);
  g_autofree char *id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };
  const char *endpoint;
  gsize length = 0;

  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", path, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", password, TRUE);

  g_test_trap_subprocess ("/jumpgate/credentials/file-backend/subprocess", 0,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  /* The CLI stores, uses and removes the credentials the same way. */
  get_emulator ();
  endpoint = jg_test_emulator_get_endpoint (emulator);
  jg_test_emulator_create_access_key (emulator, JUMP_ACCOUNT, "plain", &id,
                                      &secret, &error);
  g_assert_no_error (error);
  keys = g_strdup_printf ("%s\n%s\n", id, secret);
  {
    const char *argv[] = { "credentials", "set", "--partition", "aws", NULL };

    cli_run_debug (&run, keys, argv);
  }
  g_assert_cmpint (run.status, ==, 0);
  assert_secret_absent (&run, secret);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_null (g_strstr_len (contents, (gssize) length, secret));

  {
    const char *argv[] = { "credentials", "test", "--partition", "aws",
                           "--endpoint-url", endpoint, NULL };

    cli_run_debug (&run, NULL, argv);
  }
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "keyring"));
  g_assert_nonnull (strstr (run.out, "arn:aws:iam::" JUMP_ACCOUNT
                            ":user/plain"));
  g_assert_null (strstr (run.err, "skipped the keyring"));
  assert_secret_absent (&run, secret);

  /* With an MFA device in the keyring, import asks for the code on the
   * terminal, as every command with an MFA session does. */
  jg_secret_free (g_steal_pointer (&secret));
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&keys, g_free);
  jg_test_emulator_create_access_key (emulator, JUMP_ACCOUNT, "admin", &id,
                                      &secret, &error);
  g_assert_no_error (error);
  keys = g_strdup_printf ("%s\n%s\n", id, secret);
  {
    const char *argv[] = { "credentials", "set", "--partition", "aws",
                           "--mfa-device", ADMIN_MFA, NULL };

    cli_run (&run, keys, argv);
  }
  g_assert_cmpint (run.status, ==, 0);

  /* Without JUMPGATE_MFA_CODE or a terminal there is no code to use. */
  {
    g_autofree char *db = g_build_filename (dir, "unused.db", NULL);
    const char *argv[] = { "--db", db, "--endpoint-url", endpoint, "import",
                           "--partition", "aws", NULL };

    cli_run (&run, "", argv);
  }
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "not a terminal"));
  g_assert_nonnull (strstr (run.err, "JUMPGATE_MFA_CODE"));
  g_assert_cmpint (count_operation ("sts:GetSessionToken"), ==, 0);

  {
    g_autofree char *db = g_build_filename (dir, "jumpgate.db", NULL);
    g_autofree char *code = NULL;
    g_autofree char *code_line = NULL;
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(GString) errors = g_string_new (NULL);
    GInputStream *stderr_pipe;
    char buffer[1024];
    gssize n;
    int controller = -1;
    int terminal = -1;

    g_assert_cmpint (openpty (&controller, &terminal, NULL, NULL, NULL), ==,
                     0);
    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                          | G_SUBPROCESS_FLAGS_STDERR_PIPE);
    g_subprocess_launcher_unsetenv (launcher, "JUMPGATE_MFA_CODE");
    g_subprocess_launcher_take_stdin_fd (launcher, terminal);
    process = g_subprocess_launcher_spawn (launcher, &error,
                                           g_getenv ("JG_TEST_CLI"),
                                           "--db", db, "--endpoint-url",
                                           endpoint, "import", "--partition",
                                           "aws", NULL);
    g_assert_no_error (error);
    stderr_pipe = g_subprocess_get_stderr_pipe (process);

    read_until (stderr_pipe, errors, "MFA code for " ADMIN_MFA ": ");
    code = jg_test_emulator_get_mfa_code (emulator, ADMIN_MFA, &error);
    g_assert_no_error (error);
    code_line = g_strconcat (code, "\n", NULL);
    g_assert_cmpint (write (controller, code_line, strlen (code_line)), ==,
                     (gssize) strlen (code_line));

    g_subprocess_wait (process, NULL, &error);
    g_assert_no_error (error);
    while ((n = g_input_stream_read (stderr_pipe, buffer, sizeof buffer,
                                     NULL, NULL)) > 0)
      g_string_append_len (errors, buffer, n);
    g_clear_object (&launcher);
    close (controller);

    g_test_message ("import: %s", errors->str);
    g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
    g_assert_cmpint (count_operation ("sts:GetSessionToken"), ==, 1);
    g_assert_null (strstr (errors->str, "is needed"));
    g_assert_null (strstr (errors->str, secret));
  }

  {
    const char *argv[] = { "credentials", "remove", "--partition", "aws",
                           NULL };

    cli_run (&run, NULL, argv);
    g_assert_cmpint (run.status, ==, 0);
    cli_run (&run, NULL, argv);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "nothing to remove"));
  }

  g_unsetenv ("SECRET_BACKEND");
  g_unsetenv ("SECRET_FILE_TEST_PATH");
  g_unsetenv ("SECRET_FILE_TEST_PASSWORD");
  jg_secret_free (g_steal_pointer (&secret));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before anything connects: no test here may reach a real keyring. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", NO_DBUS, TRUE);
  g_unsetenv ("DISPLAY");
  /* GIO's GNOME proxy module aborts when the isolated XDG folders hide its
   * GSettings schema; the emulator on loopback needs no proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  jg_test_init (&argc, &argv);

  g_test_add_func ("/jumpgate/credentials/access-key-id-shape",
                   test_access_key_id_shape);
  g_test_add_func ("/jumpgate/credentials/secret-shape", test_secret_shape);
  g_test_add_func ("/jumpgate/credentials/environment",
                   test_environment_variables);
  g_test_add_func ("/jumpgate/credentials/shared-file-location",
                   test_shared_file_location);
  g_test_add_func ("/jumpgate/credentials/shared-file-profiles",
                   test_shared_file_profiles);
  g_test_add_func ("/jumpgate/credentials/shared-file-missing-profile",
                   test_shared_file_missing_profile);
  g_test_add_func ("/jumpgate/credentials/shared-file-missing-keys",
                   test_shared_file_missing_keys);
  g_test_add_func ("/jumpgate/credentials/shared-file-malformed",
                   test_shared_file_malformed);
  g_test_add_func ("/jumpgate/credentials/chain-order", test_chain_order);
  g_test_add_func ("/jumpgate/credentials/chain-without-keyring",
                   test_chain_without_keyring);
  g_test_add_func ("/jumpgate/credentials/keyring-unavailable",
                   test_keyring_unavailable);
  g_test_add_func ("/jumpgate/session/role-session-name", test_session_name);
  g_test_add_func ("/jumpgate/session/long-term", test_session_long_term);
  g_test_add_func ("/jumpgate/session/mfa", test_session_mfa);
  g_test_add_func ("/jumpgate/session/mfa-errors", test_session_mfa_errors);
  g_test_add_func ("/jumpgate/session/assume-role", test_session_assume_role);
  g_test_add_func ("/jumpgate/session/coalescing", test_session_coalescing);
  g_test_add_func ("/jumpgate/session/assume-role-per-account",
                   test_session_assume_role_per_account);
  g_test_add_func ("/jumpgate/session/renewal", test_session_renewal);
  g_test_add_func ("/jumpgate/session/cancel", test_session_cancel);
  g_test_add_func ("/jumpgate/session/expired-token",
                   test_session_expired_token);
  g_test_add_func ("/jumpgate/cli-credentials/set-input", test_cli_set_input);
  g_test_add_func ("/jumpgate/cli-credentials/set-terminal",
                   test_cli_set_terminal);
  g_test_add_func ("/jumpgate/cli-credentials/no-dbus", test_cli_no_dbus);
  g_test_add_func ("/jumpgate/cli-credentials/test-sources",
                   test_cli_test_sources);
  g_test_add_func ("/jumpgate/credentials/file-backend", test_file_backend);
  g_test_add_func ("/jumpgate/credentials/file-backend/subprocess",
                   test_file_backend_subprocess);

  status = g_test_run ();

  if (emulator != NULL)
    {
      g_autoptr(GError) error = NULL;

      jg_test_emulator_stop (emulator, &error);
      g_clear_pointer (&emulator, jg_test_emulator_free);
      g_assert_no_error (error);
    }

  return status;
}
