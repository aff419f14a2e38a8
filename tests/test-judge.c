/* test-judge.c: checks the documents of two commits with an IAM policy
 * evaluator that is not Jumpgate's.
 *
 * The test builds an organisation with jumpgate-cli against the IAM
 * emulator. The seed, tests/judge/judge-org.json, has roles with and
 * without MFA, roles whose trust policies contain statements Jumpgate
 * does not own, and a user with an inline policy of its own. The test
 * commits a set of grants, then revocations and new grants. It then
 * hands every principal's inline policies and every role's trust policy,
 * as the emulator holds them, to tests/judge/assume-role-judge.mjs,
 * which evaluates sts:AssumeRole with @cloud-copilot/iam-simulate. For
 * every principal and role, a request with MFA must be allowed exactly
 * when the grant exists. Without MFA it must be allowed only on granted
 * roles that opt out of MFA.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "jg-test-emulator.h"
#include "jg-test-util.h"

#define JUMP_ID "310000000001"
#define PAYMENTS_DEV "320000000001"
#define PAYMENTS_PROD "320000000002"
#define DATA_PROD "330000000001"
#define TOOLS_ID "340000000001"

typedef struct
{
  JgTestEmulator *emulator;
  char           *dir;
  char           *db;
} Fixture;

typedef struct
{
  const char *handle;
  const char *path;
} Person;

static const Person persons[] = {
  { "ada.lovelace", "/people/" },
  { "ben.okri", "/people/" },
  { "cleo.moreau", "/people/" },
  { "dev.patel", "/people/contractors/" },
  { "eve.nakamura", "/" },
  { "fay.adeyemi", "/people/" },
};

typedef struct
{
  const char *account_id;
  const char *path;
  const char *name;
  gboolean    managed;       /* added to Jumpgate's store */
  gboolean    require_mfa;   /* managed roles only */
} Role;

/* Every role of the seed. The admin roles and the tools account's role
 * are not managed, so no person may be allowed to assume them. */
static const Role roles[] = {
  { PAYMENTS_DEV, "/", "Developer", TRUE, TRUE },
  { PAYMENTS_DEV, "/", "ReadOnly", TRUE, FALSE },
  { PAYMENTS_DEV, "/", "OrganizationAccountAccessRole", FALSE, FALSE },
  { PAYMENTS_PROD, "/", "Developer", TRUE, TRUE },
  { PAYMENTS_PROD, "/", "ReadOnly", TRUE, FALSE },
  { PAYMENTS_PROD, "/ops/", "Deployer", TRUE, TRUE },
  { PAYMENTS_PROD, "/", "OrganizationAccountAccessRole", FALSE, FALSE },
  { DATA_PROD, "/", "Developer", TRUE, TRUE },
  { DATA_PROD, "/", "ReadOnly", TRUE, FALSE },
  { DATA_PROD, "/ops/", "Deployer", TRUE, TRUE },
  { DATA_PROD, "/", "Auditor", TRUE, FALSE },
  { DATA_PROD, "/", "OrganizationAccountAccessRole", FALSE, FALSE },
  { TOOLS_ID, "/", "CiRunner", FALSE, FALSE },
  { TOOLS_ID, "/", "OrganizationAccountAccessRole", FALSE, FALSE },
};

typedef enum
{
  /* Granted by the first commit and kept. */
  GRANT_KEPT,
  /* Granted by the first commit, revoked by the second. */
  GRANT_REVOKED,
  /* Granted by the second commit. */
  GRANT_ADDED,
} GrantStage;

typedef struct
{
  const char *handle;
  guint       role;    /* index in roles[] */
  GrantStage  stage;
} Grant;

/* Commit 2 empties payments-dev ReadOnly (its trust policy keeps only its
 * own statement) and every grant of dev.patel (the user policy is
 * deleted). */
static const Grant grants[] = {
  { "ada.lovelace", 0, GRANT_KEPT },
  { "ada.lovelace", 1, GRANT_REVOKED },
  { "ada.lovelace", 3, GRANT_KEPT },
  { "ada.lovelace", 9, GRANT_KEPT },
  { "ben.okri", 0, GRANT_KEPT },
  { "ben.okri", 4, GRANT_KEPT },
  { "ben.okri", 10, GRANT_REVOKED },
  { "ben.okri", 5, GRANT_ADDED },
  { "cleo.moreau", 1, GRANT_REVOKED },
  { "cleo.moreau", 5, GRANT_KEPT },
  { "cleo.moreau", 7, GRANT_KEPT },
  { "dev.patel", 0, GRANT_REVOKED },
  { "dev.patel", 8, GRANT_REVOKED },
  { "eve.nakamura", 3, GRANT_REVOKED },
  { "eve.nakamura", 4, GRANT_KEPT },
  { "eve.nakamura", 10, GRANT_KEPT },
  { "fay.adeyemi", 1, GRANT_REVOKED },
  { "fay.adeyemi", 7, GRANT_ADDED },
};

static char *
role_arn (const Role *role)
{
  return g_strdup_printf ("arn:aws:iam::%s:role%s%s", role->account_id,
                          role->path, role->name);
}

static char *
person_arn (const Person *person)
{
  return g_strdup_printf ("arn:aws:iam::" JUMP_ID ":user%s%s", person->path,
                          person->handle);
}

/* Whether the desired state after both commits grants role to handle. */
static gboolean
is_granted (const char *handle,
            guint       role)
{
  for (guint i = 0; i < G_N_ELEMENTS (grants); i++)
    {
      if (grants[i].role == role && strcmp (grants[i].handle, handle) == 0)
        return grants[i].stage != GRANT_REVOKED;
    }

  return FALSE;
}

static void
run_ok (Fixture    *fixture,
        const char *first_arg,
        ...) G_GNUC_NULL_TERMINATED;

/* Runs jumpgate-cli with --db and --endpoint-url before the command and
 * asserts that it exits with 0. */
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
  g_ptr_array_add (args, "--endpoint-url");
  g_ptr_array_add (args, (gpointer) jg_test_emulator_get_endpoint (fixture->emulator));
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  status = jg_test_run_cli ((const char *const *) args->pdata, NULL, &out,
                            &err);
  if (status != 0)
    g_test_message ("jumpgate-cli %s failed with %d: %s%s", first_arg, status,
                    out, err);
  g_assert_cmpint (status, ==, 0);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *seed = jg_test_source_path ("tests", "judge",
                                               "judge-org.json", NULL);
  g_autofree char *key_id = NULL;
  g_autofree char *secret = NULL;
  const char *const accounts[] = { PAYMENTS_DEV, PAYMENTS_PROD, DATA_PROD };

  fixture->emulator = jg_test_emulator_start (seed, NULL, &error);
  g_assert_no_error (error);

  /* The admin credentials reach the CLI only through the environment. */
  g_assert_true (jg_test_emulator_create_access_key (fixture->emulator,
                                                     JUMP_ID, "jumpgate-admin",
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
    run_ok (fixture, "account", "add", accounts[a], "--partition", "aws",
            "--name", accounts[a], NULL);

  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      if (!roles[r].managed)
        continue;

      if (roles[r].require_mfa)
        run_ok (fixture, "role", "add", roles[r].account_id, roles[r].name,
                "--path", roles[r].path, NULL);
      else
        run_ok (fixture, "role", "add", roles[r].account_id, roles[r].name,
                "--path", roles[r].path, "--no-mfa", NULL);
    }

  for (guint p = 0; p < G_N_ELEMENTS (persons); p++)
    {
      run_ok (fixture, "person", "add", persons[p].handle, "--name",
              persons[p].handle, NULL);
      run_ok (fixture, "principal", "add", persons[p].handle, "--partition",
              "aws", "--user-name", persons[p].handle, "--path",
              persons[p].path, NULL);
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

/* Stages the grants of @stage: granted with "grant", or with "revoke"
 * when @revoke is set. */
static void
stage_grants (Fixture    *fixture,
              GrantStage  stage,
              gboolean    revoke)
{
  for (guint i = 0; i < G_N_ELEMENTS (grants); i++)
    {
      g_autofree char *arn = NULL;

      if (grants[i].stage != stage)
        continue;

      arn = role_arn (&roles[grants[i].role]);
      run_ok (fixture, revoke ? "revoke" : "grant", grants[i].handle, arn,
              NULL);
    }
}

static JsonObject *
find_by_member (JsonArray  *array,
                const char *member,
                const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (object,
                                                                 member, ""),
                     value) == 0)
        return object;
    }

  return NULL;
}

static JsonObject *
find_account (JsonNode   *state,
              const char *account_id)
{
  JsonArray *accounts = json_object_get_array_member (json_node_get_object (state),
                                                      "accounts");
  JsonObject *account = find_by_member (accounts, "id", account_id);

  g_assert_nonnull (account);
  return account;
}

/* Writes the judge's input: the emulator's inline policies of every
 * person's user, the trust policy of every role, and three requests per
 * (principal, role): MFA true, MFA false, and no MFA key at all. */
static char *
write_cases (Fixture  *fixture,
             JsonNode *state)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, "judge-cases.json", NULL);
  JsonArray *users = json_object_get_array_member (find_account (state,
                                                                 JUMP_ID),
                                                   "users");
  const char *const mfa_values[] = { "true", "false", NULL };

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "principals");
  json_builder_begin_object (builder);
  for (guint p = 0; p < G_N_ELEMENTS (persons); p++)
    {
      g_autofree char *arn = person_arn (&persons[p]);
      JsonObject *user = find_by_member (users, "name", persons[p].handle);
      JsonNode *policies;

      g_assert_nonnull (user);
      g_assert_cmpstr (json_object_get_string_member (user, "path"), ==,
                       persons[p].path);
      json_builder_set_member_name (builder, arn);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "account_id");
      json_builder_add_string_value (builder, JUMP_ID);
      json_builder_set_member_name (builder, "policies");
      policies = json_object_get_member (user, "inline_policies");
      if (policies != NULL)
        json_builder_add_value (builder, json_node_copy (policies));
      else
        {
          json_builder_begin_object (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "roles");
  json_builder_begin_object (builder);
  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      g_autofree char *arn = role_arn (&roles[r]);
      JsonArray *list = json_object_get_array_member (find_account (state,
                                                                    roles[r].account_id),
                                                      "roles");
      JsonObject *role = find_by_member (list, "name", roles[r].name);

      g_assert_nonnull (role);
      json_builder_set_member_name (builder, arn);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "account_id");
      json_builder_add_string_value (builder, roles[r].account_id);
      json_builder_set_member_name (builder, "trust_policy");
      json_builder_add_value (builder,
                              json_node_copy (json_object_get_member (role,
                                                                      "trust_policy")));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "cases");
  json_builder_begin_array (builder);
  for (guint p = 0; p < G_N_ELEMENTS (persons); p++)
    for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
      for (guint m = 0; m < G_N_ELEMENTS (mfa_values); m++)
        {
          g_autofree char *principal = person_arn (&persons[p]);
          g_autofree char *role = role_arn (&roles[r]);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "principal");
          json_builder_add_string_value (builder, principal);
          json_builder_set_member_name (builder, "role");
          json_builder_add_string_value (builder, role);
          json_builder_set_member_name (builder, "mfa");
          if (mfa_values[m] != NULL)
            json_builder_add_string_value (builder, mfa_values[m]);
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  g_assert_true (json_generator_to_file (generator, path, &error));
  g_assert_no_error (error);
  return path;
}

/* Fails the test, with the fix, when node or the evaluator is missing. */
static void
require_judge (void)
{
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *package = jg_test_source_path ("tests", "node_modules",
                                                  "@cloud-copilot",
                                                  "iam-simulate",
                                                  "package.json", NULL);

  if (node == NULL)
    g_error ("node is not on PATH: install Node.js 20 or later (Debian "
             "package nodejs), then run npm ci --prefix tests");
  if (!g_file_test (package, G_FILE_TEST_EXISTS))
    g_error ("%s is missing: run npm ci --prefix tests in the source tree",
             package);
}

/* Runs tests/judge/assume-role-judge.mjs on @cases_path and returns its
 * result array. */
static JsonNode *
run_judge (const char *cases_path)
{
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *script = jg_test_source_path ("tests", "judge",
                                                 "assume-role-judge.mjs",
                                                 NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;

  g_assert_nonnull (node);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                              | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, node, script, cases_path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, &errors,
                                 &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s failed: %s", script, errors);

  g_assert_true (json_parser_load_from_data (parser, output, -1, &error));
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static void
test_judge_two_commits (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) results = NULL;
  g_autofree char *cases_path = NULL;
  JsonArray *decisions;
  guint index = 0;
  guint n_allowed = 0;
  guint n_denied = 0;
  guint n_wrong = 0;

  require_judge ();

  stage_grants (fixture, GRANT_KEPT, FALSE);
  stage_grants (fixture, GRANT_REVOKED, FALSE);
  run_ok (fixture, "commit", "--no-keyring", "-m", "First grants", NULL);

  stage_grants (fixture, GRANT_REVOKED, TRUE);
  stage_grants (fixture, GRANT_ADDED, FALSE);
  run_ok (fixture, "commit", "--no-keyring", "-m", "Revocations and moves",
          NULL);

  state = jg_test_emulator_dump_state (fixture->emulator, &error);
  g_assert_no_error (error);
  cases_path = write_cases (fixture, state);
  results = run_judge (cases_path);
  decisions = json_node_get_array (results);
  g_assert_cmpuint (json_array_get_length (decisions), ==,
                    G_N_ELEMENTS (persons) * G_N_ELEMENTS (roles) * 3);

  /* Same order as write_cases(): person, role, then MFA true, false,
   * absent. */
  for (guint p = 0; p < G_N_ELEMENTS (persons); p++)
    for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
      for (guint m = 0; m < 3; m++)
        {
          JsonObject *result = json_array_get_object_element (decisions,
                                                              index++);
          const char *decision = json_object_get_string_member (result,
                                                                "decision");
          const char *const mfa_labels[] = { "true", "false", "absent" };
          g_autofree char *principal = person_arn (&persons[p]);
          g_autofree char *role = role_arn (&roles[r]);
          gboolean granted = is_granted (persons[p].handle, r);
          gboolean with_mfa = m == 0;
          gboolean expected = granted && (with_mfa || !roles[r].require_mfa);
          gboolean allowed = g_strcmp0 (decision, "Allowed") == 0;

          g_assert_cmpstr (json_object_get_string_member (result, "principal"),
                           ==, principal);
          g_assert_cmpstr (json_object_get_string_member (result, "role"), ==,
                           role);
          if (allowed)
            n_allowed++;
          else
            n_denied++;

          if (allowed != expected)
            {
              n_wrong++;
              g_test_message ("%s assuming %s with aws:MultiFactorAuthPresent "
                              "%s: the judge says %s, expected %s (granted: "
                              "%s, MFA required: %s)", principal, role,
                              mfa_labels[m],
                              decision, expected ? "Allowed" : "denied",
                              granted ? "yes" : "no",
                              roles[r].require_mfa ? "yes" : "no");
            }
        }

  g_test_message ("judge: %u requests allowed, %u denied, %u not as "
                  "expected", n_allowed, n_denied, n_wrong);
  g_assert_cmpuint (n_wrong, ==, 0);

  /* The judge has to tell the two apart: both outcomes occur. */
  g_assert_cmpuint (n_allowed, >, 0);
  g_assert_cmpuint (n_denied, >, 0);
}

int
main (int    argc,
      char **argv)
{
  jg_test_init (&argc, &argv);

  /* GIO's GNOME proxy module aborts when the isolated XDG folders hide
   * its GSettings schema; the emulator on loopback needs no proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_add ("/jumpgate/judge/two-commits", Fixture, NULL, fixture_set_up,
              test_judge_two_commits, fixture_tear_down);

  return g_test_run ();
}
