/* test-commit.c: plan, commit, resume and history through jumpgate-cli
 * against the IAM emulator, each test with its own emulator and store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "core/jg-core.h"
#include "jg-test-emulator.h"
#include "jg-test-util.h"

#define JUMP_ID "401836275190"
#define DEV_ID "530917264183"
#define TEST_ID "530917264184"

typedef struct
{
  JgTestEmulator *emulator;
  char           *dir;
  char           *db;
} Fixture;

/* Persons of the sample organisation whose users hold no Jumpgate policy. */
static const char *const people[] = { "dana.kowalski", "elif.yilmaz",
                                      "grace.mwangi", "isabel.moreno" };
static const char *const accounts[] = { DEV_ID, TEST_ID };
static const char *const roles[] = { "Developer", "ReadOnly" };

static int
run_cli (Fixture     *fixture,
         char       **out_stdout,
         char       **out_stderr,
         const char  *first_arg,
         ...) G_GNUC_NULL_TERMINATED;

/* Runs jumpgate-cli with --db, --endpoint-url and --no-keyring after the
 * command word and its verb (when the second argument is not an option). */
static int
run_cli (Fixture     *fixture,
         char       **out_stdout,
         char       **out_stderr,
         const char  *first_arg,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;
  int status;

  g_ptr_array_add (args, "--db");
  g_ptr_array_add (args, fixture->db);
  g_ptr_array_add (args, "--endpoint-url");
  g_ptr_array_add (args, (gpointer) jg_test_emulator_get_endpoint (fixture->emulator));

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  status = jg_test_run_cli ((const char *const *) args->pdata, NULL,
                            out_stdout, out_stderr);
  g_test_message ("jumpgate-cli %s: exit %d, standard error: %s", first_arg,
                  status, *out_stderr);
  return status;
}

static void
run_ok (Fixture    *fixture,
        const char *first_arg,
        ...) G_GNUC_NULL_TERMINATED;

static void
run_ok (Fixture    *fixture,
        const char *first_arg,
        ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list ap;
  int status;

  g_ptr_array_add (args, "--db");
  g_ptr_array_add (args, fixture->db);
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  status = jg_test_run_cli ((const char *const *) args->pdata, NULL, &out,
                            &err);
  if (status != 0)
    g_test_message ("jumpgate-cli %s failed: %s", first_arg, err);
  g_assert_cmpint (status, ==, 0);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *seed = jg_test_source_path ("data", "sandbox",
                                               "sample-org.json", NULL);
  g_autofree char *key_id = NULL;
  g_autofree char *secret = NULL;

  fixture->emulator = jg_test_emulator_start (seed, NULL, &error);
  g_assert_no_error (error);

  /* The admin credentials reach the CLI only through the environment. */
  g_assert_true (jg_test_emulator_create_access_key (fixture->emulator,
                                                     JUMP_ID,
                                                     "jumpgate-admin",
                                                     &key_id, &secret,
                                                     &error));
  g_assert_no_error (error);
  g_setenv ("AWS_ACCESS_KEY_ID", key_id, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", secret, TRUE);

  fixture->dir = jg_test_make_temp_dir ();
  fixture->db = g_build_filename (fixture->dir, "jumpgate.db", NULL);

  run_ok (fixture, "partition", "add", "aws", "--jump-account", JUMP_ID,
          "--region", "eu-west-1", NULL);
  for (guint a = 0; a < G_N_ELEMENTS (accounts); a++)
    {
      run_ok (fixture, "account", "add", accounts[a], "--partition", "aws",
              "--name", a == 0 ? "payments-dev" : "payments-test", NULL);
      run_ok (fixture, "role", "add", accounts[a], "Developer", NULL);
      run_ok (fixture, "role", "add", accounts[a], "ReadOnly", "--no-mfa",
              NULL);
    }

  for (guint p = 0; p < G_N_ELEMENTS (people); p++)
    {
      run_ok (fixture, "person", "add", people[p], "--name", people[p], NULL);
      run_ok (fixture, "principal", "add", people[p], "--partition", "aws",
              "--user-name", people[p], "--path", "/people/", NULL);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jg_test_emulator_stop (fixture->emulator, &error));
  g_assert_no_error (error);
  g_clear_pointer (&fixture->emulator, jg_test_emulator_free);
  g_free (fixture->dir);
  g_free (fixture->db);
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
}

static char *
role_arn (const char *account_id,
          const char *name)
{
  return g_strdup_printf ("arn:aws:iam::%s:role/%s", account_id, name);
}

static char *
user_arn (const char *name)
{
  return g_strdup_printf ("arn:aws:iam::" JUMP_ID ":user/people/%s", name);
}

/* Stages a grant of every role of both accounts to every person. */
static void
grant_everyone_everything (Fixture *fixture)
{
  for (guint p = 0; p < G_N_ELEMENTS (people); p++)
    for (guint a = 0; a < G_N_ELEMENTS (accounts); a++)
      for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
        {
          g_autofree char *arn = role_arn (accounts[a], roles[r]);

          run_ok (fixture, "grant", people[p], arn, NULL);
        }
}

static JsonObject *
find_named (JsonArray  *array,
            const char *name)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (object, "name"), name) == 0)
        return object;
    }

  return NULL;
}

static JsonObject *
find_account (JsonNode   *state,
              const char *account_id)
{
  JsonArray *list = json_object_get_array_member (json_node_get_object (state),
                                                  "accounts");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *account = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (account, "id"),
                     account_id) == 0)
        return account;
    }

  g_assert_not_reached ();
}

/* Returns the principals of the trust policy's JumpgateManaged statement,
 * sorted and joined with spaces; "" when it has none. */
static char *
managed_principals (JsonNode   *state,
                    const char *account_id,
                    const char *role_name,
                    gboolean   *out_mfa)
{
  JsonObject *account = find_account (state, account_id);
  JsonObject *role = find_named (json_object_get_array_member (account,
                                                               "roles"),
                                 role_name);
  JsonArray *statements;
  g_autoptr(GPtrArray) arns = g_ptr_array_new ();

  g_assert_nonnull (role);
  statements = json_object_get_array_member (json_object_get_object_member (role,
                                                                            "trust_policy"),
                                             "Statement");
  *out_mfa = FALSE;
  for (guint i = 0; i < json_array_get_length (statements); i++)
    {
      JsonObject *statement = json_array_get_object_element (statements, i);
      JsonNode *aws;

      if (g_strcmp0 (json_object_get_string_member_with_default (statement,
                                                                 "Sid", ""),
                     "JumpgateManaged") != 0)
        continue;

      *out_mfa = json_object_has_member (statement, "Condition");
      aws = json_object_get_member (json_object_get_object_member (statement,
                                                                   "Principal"),
                                    "AWS");
      if (JSON_NODE_HOLDS_ARRAY (aws))
        for (guint j = 0; j < json_array_get_length (json_node_get_array (aws)); j++)
          g_ptr_array_add (arns, (gpointer) json_array_get_string_element (json_node_get_array (aws), j));
      else
        g_ptr_array_add (arns, (gpointer) json_node_get_string (aws));
    }

  g_ptr_array_add (arns, NULL);
  return g_strjoinv (" ", (char **) arns->pdata);
}

/* Returns the Resource list of the user's jumpgate-assume-roles policy,
 * joined with spaces, or NULL when the user has no such policy. */
static char *
user_policy_roles (JsonNode   *state,
                   const char *user_name)
{
  JsonObject *jump = find_account (state, JUMP_ID);
  JsonObject *user = find_named (json_object_get_array_member (jump, "users"),
                                 user_name);
  JsonObject *policies;
  JsonObject *policy;
  JsonArray *resources;
  g_autoptr(GPtrArray) arns = g_ptr_array_new ();

  g_assert_nonnull (user);
  policies = json_object_get_object_member (user, "inline_policies");
  if (!json_object_has_member (policies, "jumpgate-assume-roles"))
    return NULL;

  policy = json_object_get_object_member (policies, "jumpgate-assume-roles");
  resources = json_object_get_array_member (json_array_get_object_element (json_object_get_array_member (policy,
                                                                                                         "Statement"),
                                                                           0),
                                            "Resource");
  for (guint i = 0; i < json_array_get_length (resources); i++)
    g_ptr_array_add (arns, (gpointer) json_array_get_string_element (resources, i));
  g_ptr_array_add (arns, NULL);
  return g_strjoinv (" ", (char **) arns->pdata);
}

/* Asserts that the emulator holds exactly "everyone has every role". */
static void
assert_everyone_granted (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = jg_test_emulator_dump_state (fixture->emulator,
                                                           &error);
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *expected_principals = NULL;
  g_autoptr(GPtrArray) role_arns = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *expected_roles = NULL;

  g_assert_no_error (error);

  for (guint p = 0; p < G_N_ELEMENTS (people); p++)
    g_ptr_array_add (users, user_arn (people[p]));
  g_ptr_array_add (users, NULL);
  expected_principals = g_strjoinv (" ", (char **) users->pdata);

  for (guint a = 0; a < G_N_ELEMENTS (accounts); a++)
    for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
      g_ptr_array_add (role_arns, role_arn (accounts[a], roles[r]));
  g_ptr_array_add (role_arns, NULL);
  expected_roles = g_strjoinv (" ", (char **) role_arns->pdata);

  for (guint a = 0; a < G_N_ELEMENTS (accounts); a++)
    for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
      {
        gboolean mfa = FALSE;
        g_autofree char *principals = managed_principals (state, accounts[a],
                                                          roles[r], &mfa);

        g_assert_cmpstr (principals, ==, expected_principals);
        g_assert_cmpint (mfa, ==, g_strcmp0 (roles[r], "Developer") == 0);
      }

  for (guint p = 0; p < G_N_ELEMENTS (people); p++)
    {
      g_autofree char *granted = user_policy_roles (state, people[p]);

      g_assert_cmpstr (granted, ==, expected_roles);
    }
}

static gint64
stats_count (JsonNode   *stats,
             const char *operation)
{
  JsonObject *operations = json_object_get_object_member (json_node_get_object (stats),
                                                          "operations");

  return json_object_get_int_member_with_default (operations, operation, 0);
}

static void
test_commit_grant_and_revoke (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *dev = role_arn (DEV_ID, "Developer");
  g_autofree char *roles_left = NULL;
  g_autofree char *principals = NULL;
  gboolean mfa = FALSE;
  JsonObject *counts;
  int status;

  /* Nothing staged: a clear message and nothing written. */
  status = run_cli (fixture, &out, &err, "commit", "--no-keyring", "-m",
                    "empty", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "staging area is empty"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  grant_everyone_everything (fixture);

  status = run_cli (fixture, &out, &err, "plan", "--no-keyring", "--json",
                    NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  counts = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                          "counts");
  g_assert_cmpint (json_object_get_int_member (counts, "documents"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (counts, "user_policies"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (counts, "trust_policies"), ==,
                   4);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* plan writes nothing. */
  state = jg_test_emulator_dump_state (fixture->emulator, &error);
  g_assert_no_error (error);
  roles_left = user_policy_roles (state, "dana.kowalski");
  g_assert_null (roles_left);
  g_clear_pointer (&state, json_node_unref);

  status = run_cli (fixture, &out, &err, "commit", "--no-keyring", "-m",
                    "Give the payments team its roles", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "succeeded"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  assert_everyone_granted (fixture);

  /* Nothing left to do. */
  status = run_cli (fixture, &out, &err, "plan", "--no-keyring", "--all",
                    NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "No document to change"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Revoke one grant: one trust policy and one user policy change, and
   * the foreign statements stay. */
  run_ok (fixture, "revoke", "dana.kowalski", dev, NULL);
  status = run_cli (fixture, &out, &err, "commit", "--no-keyring", "-m",
                    "Dana moved teams", NULL);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  state = jg_test_emulator_dump_state (fixture->emulator, &error);
  g_assert_no_error (error);
  principals = managed_principals (state, DEV_ID, "Developer", &mfa);
  g_assert_null (strstr (principals, "dana.kowalski"));
  g_assert_nonnull (strstr (principals, "elif.yilmaz"));
  g_assert_true (mfa);
  g_clear_pointer (&roles_left, g_free);
  roles_left = user_policy_roles (state, "dana.kowalski");
  g_assert_null (strstr (roles_left, dev));
  g_assert_nonnull (strstr (roles_left, "ReadOnly"));

  /* The history shows both commits and the access before the revoke. */
  status = run_cli (fixture, &out, &err, "access", "--at", "1", "--person",
                    "dana.kowalski", "--account", DEV_ID, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, dev));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_cli (fixture, &out, &err, "access", "--person",
                    "dana.kowalski", "--account", DEV_ID, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_null (strstr (out, dev));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_cli (fixture, &out, &err, "history", "show", "2", "--configs",
                    NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "dana.kowalski (aesr)"));
  g_assert_nonnull (strstr (out, "dana.kowalski (aws-cli)"));
}

static void
test_commit_under_faults (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) stats = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  grant_everyone_everything (fixture);
  g_assert_true (jg_test_emulator_set_faults (fixture->emulator,
                                              "{\"throttle_rate\": 0.2,"
                                              " \"error_500_rate\": 0.1,"
                                              " \"random_seed\": 7}",
                                              &error));
  g_assert_no_error (error);

  /* With 8 attempts per request, a request fails for good with a
   * probability of 0.3^8 (7e-5), so the commit reaches the desired state
   * through retries alone. */
  status = run_cli (fixture, &out, &err, "commit", "--no-keyring",
                    "--max-attempts", "8", "-m", "Under throttling", NULL);
  g_test_message ("commit under faults: exit %d, %s", status, err);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  stats = jg_test_emulator_get_stats (fixture->emulator, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member_with_default (json_object_get_object_member (json_node_get_object (stats),
                                                                                           "faults"),
                                                            "throttle", 0),
                   >, 0);
  g_assert_cmpint (json_object_get_int_member_with_default (json_object_get_object_member (json_node_get_object (stats),
                                                                                           "faults"),
                                                            "error-500", 0),
                   >, 0);

  /* Retries show in the journal. */
  status = run_cli (fixture, &out, &err, "history", "show", "1", "--actions",
                    NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "succeeded"));
  g_assert_null (strstr (out, "failed"));

  assert_everyone_granted (fixture);
}

static int
count_actions_with_outcome (const char *db)
{
  g_autoptr(JgStore) store = jg_store_open (db, NULL);
  g_autoptr(GPtrArray) actions = NULL;
  int count = 0;

  if (store == NULL)
    return 0;

  actions = jg_store_list_commit_actions (store, 1, NULL);
  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      JgCommitAction *action = g_ptr_array_index (actions, i);

      if (action->status == JG_ACTION_SUCCEEDED)
        count++;
    }

  return count;
}

static void
test_commit_kill_and_resume (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonNode) stats = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *cli = g_getenv ("JG_TEST_CLI");
  gint64 deadline;
  int succeeded = 0;
  int status;

  grant_everyone_everything (fixture);
  g_assert_true (jg_test_emulator_set_faults (fixture->emulator,
                                              "{\"latency_ms\": 150}",
                                              &error));
  g_assert_no_error (error);

  /* One request at a time, so the commit is slow and the kill lands
   * between actions or during one. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                              | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              cli, "--db", fixture->db, "--endpoint-url",
                              jg_test_emulator_get_endpoint (fixture->emulator),
                              "commit", "--no-keyring", "--max-in-flight", "1",
                              "-m", "Interrupted on purpose", NULL);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;
  while (succeeded == 0 && g_get_monotonic_time () < deadline)
    {
      g_usleep (20 * 1000);
      succeeded = count_actions_with_outcome (fixture->db);
    }
  g_assert_cmpint (succeeded, >, 0);

  g_subprocess_send_signal (process, SIGKILL);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (process));
  g_assert_cmpint (count_actions_with_outcome (fixture->db), <, 8);

  /* A write in flight at the kill still lands at the emulator after its
   * added latency. Waiting for it keeps the write counts below exact: a
   * resume that read the document before it landed would write it again,
   * which is harmless in effect (the same bytes) but not countable. */
  g_usleep (600 * 1000);

  /* Any command now warns about the interrupted commit. */
  status = run_cli (fixture, &out, &err, "history", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (err, "commit 1"));
  g_assert_nonnull (strstr (err, "commit --resume"));
  g_assert_nonnull (strstr (out, "running"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (jg_test_emulator_set_faults (fixture->emulator,
                                              "{\"replace\": true}", &error));
  g_assert_no_error (error);

  status = run_cli (fixture, &out, &err, "commit", "--no-keyring", "--resume",
                    NULL);
  g_test_message ("resume: %s %s", out, err);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  assert_everyone_granted (fixture);

  /* Each of the 8 documents was written exactly once over both runs: the
   * resumed commit skipped every write whose effect it found. */
  stats = jg_test_emulator_get_stats (fixture->emulator, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stats_count (stats, "iam:PutUserPolicy"), ==, 4);
  g_assert_cmpint (stats_count (stats, "iam:UpdateAssumeRolePolicy"), ==, 4);

  status = run_cli (fixture, &out, &err, "history", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_null (strstr (err, "commit --resume"));
  g_assert_nonnull (strstr (out, "succeeded"));
}

static void
test_commit_rejected_for_size (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) stats = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *dev = role_arn (DEV_ID, "Developer");
  JsonArray *violations;
  JsonObject *violation;
  int status;

  /* The sample's jump account has 14 users; with long principal ARNs 30
   * or so break the 2,048 characters of a trust policy. Persons are
   * added to the store for users that do not exist in the emulator, so
   * the plan also reports them as missing. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *handle = g_strdup_printf ("contractor%02u", i);
      g_autofree char *user = g_strdup_printf ("contractor-with-a-long-name-%02u",
                                               i);

      run_ok (fixture, "person", "add", handle, "--name", handle, NULL);
      run_ok (fixture, "principal", "add", handle, "--partition", "aws",
              "--user-name", user, "--path", "/people/", NULL);
      run_ok (fixture, "grant", handle, dev, NULL);
    }

  status = run_cli (fixture, &out, &err, "plan", "--no-keyring", "--json",
                    NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  violations = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                             "violations");
  violation = NULL;
  for (guint i = 0; i < json_array_get_length (violations); i++)
    {
      JsonObject *candidate = json_array_get_object_element (violations, i);

      if (g_strcmp0 (json_object_get_string_member (candidate, "kind"),
                     "trust-policy-size") == 0)
        violation = candidate;
    }
  g_assert_nonnull (violation);
  g_assert_cmpstr (json_object_get_string_member (violation, "target"), ==,
                   dev);
  g_assert_cmpint (json_object_get_int_member (violation, "limit"), ==, 2048);
  g_assert_cmpint (json_object_get_int_member (violation, "size"), >, 2048);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (violation,
                                                                         "grants")),
                    ==, 40);
  g_assert_nonnull (strstr (err, "rejected"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A rejected plan is not committed: exit 2, no commit, no write. */
  status = run_cli (fixture, &out, &err, "commit", "--no-keyring", "-m",
                    "Too many", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, dev));
  g_assert_nonnull (strstr (err, "2048"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  stats = jg_test_emulator_get_stats (fixture->emulator, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stats_count (stats, "iam:UpdateAssumeRolePolicy"), ==, 0);
  g_assert_cmpint (stats_count (stats, "iam:PutUserPolicy"), ==, 0);

  status = run_cli (fixture, &out, &err, "history", "--json", NULL);
  g_assert_cmpint (status, ==, 0);
  {
    g_autoptr(JsonParser) history = json_parser_new ();

    g_assert_true (json_parser_load_from_data (history, out, -1, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (history))),
                      ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  jg_test_init (&argc, &argv);

  /* GIO's GNOME proxy module aborts when the isolated XDG folders hide
   * its GSettings schema; the emulator on loopback needs no proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

#define ADD(path, func) \
  g_test_add ("/jumpgate/commit/" path, Fixture, NULL, fixture_set_up, \
              func, fixture_tear_down)

  ADD ("grant-and-revoke", test_commit_grant_and_revoke);
  ADD ("under-faults", test_commit_under_faults);
  ADD ("kill-and-resume", test_commit_kill_and_resume);
  ADD ("rejected-for-size", test_commit_rejected_for_size);

#undef ADD

  return g_test_run ();
}
