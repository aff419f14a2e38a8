/* test-drift.c: "jumpgate-cli drift" against the IAM emulator: documents
 * changed behind Jumpgate's back show as drift, and fixing or adopting
 * clears it.
 *
 * Each test imports the sample organisation, then changes the
 * emulator's organisation by loading an edited dump of its state, as an
 * administrator editing IAM by hand would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "core/jg-core.h"
#include "jg-test-emulator.h"
#include "jg-test-util.h"

#define ADMIN_USER "jumpgate-admin"
#define JUMP_ACCOUNT "401836275190"
#define USER_ARN(path_name) "arn:aws:iam::" JUMP_ACCOUNT ":user/" path_name

typedef struct
{
  JgTestEmulator *emulator;
  char           *dir;
  char           *db_path;
} Fixture;

static void
issue_admin_key (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *secret = NULL;

  jg_test_emulator_create_access_key (fixture->emulator, JUMP_ACCOUNT,
                                      ADMIN_USER, &key_id, &secret, &error);
  g_assert_no_error (error);

  /* The CLI inherits these; secrets never go on its command line. */
  g_setenv ("AWS_ACCESS_KEY_ID", key_id, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", secret, TRUE);
  g_setenv ("AWS_SESSION_TOKEN", "", TRUE);
}

static int
run_cli (Fixture     *fixture,
         char       **out_stdout,
         const char  *first_arg,
         ...) G_GNUC_NULL_TERMINATED;

/* Runs jumpgate-cli with the fixture's database and endpoint. */
static int
run_cli (Fixture     *fixture,
         char       **out_stdout,
         const char  *first_arg,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;
  int status;

  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, fixture->db_path);
  g_ptr_array_add (argv, (gpointer) "--endpoint-url");
  g_ptr_array_add (argv, (gpointer) jg_test_emulator_get_endpoint (fixture->emulator));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  status = jg_test_run_cli ((const char *const *) argv->pdata, NULL, &out,
                            &err);
  g_test_message ("exit %d\n%s%s", status, out, err);
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  return status;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *seed_path = jg_test_source_path ("data", "sandbox",
                                                    "sample-org.json", NULL);
  g_autoptr(GError) error = NULL;

  fixture->emulator = jg_test_emulator_start (seed_path, NULL, &error);
  g_assert_no_error (error);
  issue_admin_key (fixture);

  fixture->dir = jg_test_make_temp_dir ();
  fixture->db_path = g_build_filename (fixture->dir, "jumpgate.db", NULL);

  g_assert_cmpint (run_cli (fixture, NULL, "import", "--partition", "aws",
                            "--no-keyring", NULL), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jg_test_emulator_stop (fixture->emulator, &error));
  g_assert_no_error (error);
  jg_test_emulator_free (fixture->emulator);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

static JsonObject *
find_role (JsonNode   *state,
           const char *account_id,
           const char *role_name)
{
  JsonArray *accounts = json_object_get_array_member (json_node_get_object (state),
                                                      "accounts");

  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *account = json_array_get_object_element (accounts, i);
      JsonArray *roles;

      if (g_strcmp0 (json_object_get_string_member (account, "id"),
                     account_id) != 0)
        continue;

      roles = json_object_get_array_member (account, "roles");
      for (guint j = 0; j < json_array_get_length (roles); j++)
        {
          JsonObject *role = json_array_get_object_element (roles, j);

          if (g_strcmp0 (json_object_get_string_member (role, "name"),
                         role_name) == 0)
            return role;
        }
    }

  g_assert_not_reached ();
}

static void
set_trust_policy (JsonObject *role,
                  const char *document)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (document, &error);

  g_assert_no_error (error);
  json_object_set_member (role, "trust_policy", node);
}

typedef void (*EditFunc) (JsonNode *state);

/* Changes the emulator's organisation as a person editing IAM by hand
 * would; loading the edited dump drops access keys, so a new one is
 * issued. */
static void
edit_organisation (Fixture  *fixture,
                   EditFunc  edit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autofree char *text = NULL;

  state = jg_test_emulator_dump_state (fixture->emulator, &error);
  g_assert_no_error (error);
  edit (state);
  text = json_to_string (state, FALSE);
  jg_test_emulator_load_seed (fixture->emulator, text, &error);
  g_assert_no_error (error);
  issue_admin_key (fixture);
}

/* Runs "drift --json" and returns the report; *out_status gets the exit
 * status. */
static JsonNode *
check_drift (Fixture *fixture,
             int     *out_status)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *report;

  *out_status = run_cli (fixture, &out, "--json", "drift", "--no-keyring",
                         NULL);
  report = json_from_string (out, &error);
  g_assert_no_error (error);
  return report;
}

/* Returns the id of the only item of @kind about @role_arn, or NULL. */
static char *
find_item (JsonNode   *report,
           const char *kind,
           const char *principal_arn,
           const char *role_arn)
{
  JsonArray *items = json_object_get_array_member (json_node_get_object (report),
                                                   "items");
  char *id = NULL;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "kind"), kind) != 0
          || (principal_arn != NULL
              && g_strcmp0 (json_object_get_string_member (item,
                                                           "principal_arn"),
                            principal_arn) != 0)
          || (role_arn != NULL
              && g_strcmp0 (json_object_get_string_member (item, "role_arn"),
                            role_arn) != 0))
        continue;

      g_assert_null (id);
      id = g_strdup (json_object_get_string_member (item, "id"));
    }

  return id;
}

static guint
count_items (JsonNode *report)
{
  return json_array_get_length (json_object_get_array_member (json_node_get_object (report),
                                                              "items"));
}

static void
test_drift_none_after_import (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(JsonNode) report = NULL;
  int status;

  report = check_drift (fixture, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (count_items (report), ==, 0);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (report),
                                                  "drift"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (report),
                                               "documents"), >, 0);
}

#define DEVELOPER_ARN "arn:aws:iam::530917264183:role/Developer"
#define AMARA_ARN USER_ARN ("people/amara.okafor")

/* Drops the statement that lets amara.okafor assume Developer. */
static void
edit_remove_trust (JsonNode *state)
{
  JsonObject *role = find_role (state, "530917264183", "Developer");

  set_trust_policy (role,
                    "{\"Version\": \"2012-10-17\", \"Statement\": ["
                    "{\"Sid\": \"BuildAgents\", \"Effect\": \"Allow\","
                    " \"Principal\": {\"Service\": \"ec2.amazonaws.com\"},"
                    " \"Action\": \"sts:AssumeRole\"}]}");
}

/* Changes the condition of Jumpgate's statement by hand. */
static void
edit_managed_statement (JsonNode *state)
{
  JsonObject *role = find_role (state, "530917264183", "Developer");

  set_trust_policy (role,
                    "{\"Version\": \"2012-10-17\", \"Statement\": ["
                    "{\"Sid\": \"BuildAgents\", \"Effect\": \"Allow\","
                    " \"Principal\": {\"Service\": \"ec2.amazonaws.com\"},"
                    " \"Action\": \"sts:AssumeRole\"},"
                    "{\"Sid\": \"JumpgateManaged\", \"Effect\": \"Allow\","
                    " \"Principal\": {\"AWS\": \"" AMARA_ARN "\"},"
                    " \"Action\": \"sts:AssumeRole\","
                    " \"Condition\": {\"IpAddress\":"
                    " {\"aws:SourceIp\": \"203.0.113.0/24\"}}}]}");
}

static void
test_drift_missing_grant_fixed (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) edited = NULL;
  g_autoptr(JsonNode) fixed = NULL;
  g_autofree char *id = NULL;
  g_autofree char *edited_id = NULL;
  g_autofree char *history = NULL;
  int status;

  edit_organisation (fixture, edit_remove_trust);
  report = check_drift (fixture, &status);
  g_assert_cmpint (status, ==, 3);
  id = find_item (report, "missing-grant", AMARA_ARN, DEVELOPER_ARN);
  g_assert_nonnull (id);
  g_assert_cmpuint (count_items (report), ==, 1);

  /* The fix is a commit that writes Jumpgate's statement again. */
  g_assert_cmpint (run_cli (fixture, NULL, "drift", "fix", id, "--no-keyring",
                            NULL), ==, 0);
  after = check_drift (fixture, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (count_items (after), ==, 0);

  g_assert_cmpint (run_cli (fixture, &history, "history", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (history, id));

  /* Jumpgate's own statement, once written, is watched too. */
  edit_organisation (fixture, edit_managed_statement);
  edited = check_drift (fixture, &status);
  g_assert_cmpint (status, ==, 3);
  edited_id = find_item (edited, "statement-edited", NULL, DEVELOPER_ARN);
  g_assert_nonnull (edited_id);
  g_assert_cmpint (run_cli (fixture, NULL, "drift", "fix", "--all",
                            "--no-keyring", NULL), ==, 0);
  fixed = check_drift (fixture, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (count_items (fixed), ==, 0);
}

#define READONLY_ARN "arn:aws:iam::617482093519:role/ReadOnly"
#define CHEN_ARN USER_ARN ("people/chen.wei")

/* Completes the pair chen.wei's policy already asserts. */
static void
edit_add_trust (JsonNode *state)
{
  JsonObject *role = find_role (state, "617482093519", "ReadOnly");

  set_trust_policy (role,
                    "{\"Version\": \"2012-10-17\", \"Statement\": ["
                    "{\"Sid\": \"PeopleFromJumpAccount\", \"Effect\": \"Allow\","
                    " \"Principal\": {\"AWS\": [\""
                    USER_ARN ("people/bjorn.lindqvist") "\", \"" CHEN_ARN "\"]},"
                    " \"Action\": \"sts:AssumeRole\"}]}");
}

static void
test_drift_unexpected_grant_adopted (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) grants = NULL;
  g_autoptr(GPtrArray) commits = NULL;
  g_autoptr(GPtrArray) requested = NULL;
  g_autofree char *id = NULL;
  g_autofree char *history = NULL;
  g_autofree char *fix_output = NULL;
  JgCommit *adoption;
  JgChange *change;
  int status;

  edit_organisation (fixture, edit_add_trust);
  report = check_drift (fixture, &status);
  g_assert_cmpint (status, ==, 3);
  id = find_item (report, "unexpected-grant", CHEN_ARN, READONLY_ARN);
  g_assert_nonnull (id);

  /* Statements of someone else's cannot be fixed by Jumpgate. */
  g_assert_cmpint (run_cli (fixture, &fix_output, "drift", "fix", id,
                            "--no-keyring", NULL), ==, 2);

  g_assert_cmpint (run_cli (fixture, NULL, "drift", "adopt", id,
                            "--no-keyring", NULL), ==, 0);
  after = check_drift (fixture, &status);
  g_assert_cmpint (status, ==, 0);

  store = jg_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  grants = jg_store_list_grants (store, "chen.wei", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (grants->len, ==, 1);
  g_assert_cmpstr (((JgGrant *) g_ptr_array_index (grants, 0))->role_arn, ==,
                   READONLY_ARN);

  commits = jg_store_list_commits (store, &error);
  g_assert_no_error (error);
  adoption = g_ptr_array_index (commits, 0);
  for (guint i = 1; i < commits->len; i++)
    {
      JgCommit *commit = g_ptr_array_index (commits, i);

      if (commit->id > adoption->id)
        adoption = commit;
    }
  g_assert_nonnull (strstr (adoption->comment, id));
  g_assert_cmpint (adoption->status, ==, JG_COMMIT_SUCCEEDED);
  requested = jg_store_list_requested_changes (store, adoption->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requested->len, ==, 1);
  change = g_ptr_array_index (requested, 0);
  g_assert_cmpint (change->kind, ==, JG_CHANGE_GRANT);
  g_assert_cmpstr (change->principal_arn, ==, CHEN_ARN);

  g_assert_cmpint (run_cli (fixture, &history, "history", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (history, "Adopt drift"));
}

#define BILLING_ARN "arn:aws:iam::530917264185:role/Billing"

static void
edit_delete_role (JsonNode *state)
{
  JsonArray *accounts = json_object_get_array_member (json_node_get_object (state),
                                                      "accounts");

  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *account = json_array_get_object_element (accounts, i);
      JsonArray *roles = json_object_get_array_member (account, "roles");

      if (g_strcmp0 (json_object_get_string_member (account, "id"),
                     "530917264185") != 0)
        continue;

      for (guint j = 0; j < json_array_get_length (roles); j++)
        {
          if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (roles,
                                                                                      j),
                                                        "name"),
                         "Billing") == 0)
            {
              json_array_remove_element (roles, j);
              return;
            }
        }
    }

  g_assert_not_reached ();
}

static void
test_drift_deleted_role_adopted (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgRole) role = NULL;
  g_autoptr(GPtrArray) grants = NULL;
  g_autofree char *id = NULL;
  int status;

  edit_organisation (fixture, edit_delete_role);
  report = check_drift (fixture, &status);
  g_assert_cmpint (status, ==, 3);
  id = find_item (report, "role-deleted", NULL, BILLING_ARN);
  g_assert_nonnull (id);

  g_assert_cmpint (run_cli (fixture, NULL, "drift", "adopt", id,
                            "--no-keyring", NULL), ==, 0);
  after = check_drift (fixture, &status);
  g_assert_cmpint (status, ==, 0);

  store = jg_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  role = jg_store_get_role (store, BILLING_ARN, &error);
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOT_FOUND);
  g_assert_null (role);
  g_clear_error (&error);
  grants = jg_store_list_grants (store, "grace.mwangi", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (grants->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  jg_test_init (&argc, &argv);
  /* GIO's GNOME proxy module aborts when the isolated XDG folders hide its
   * GSettings schema; the emulator on loopback needs no proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_add ("/jumpgate/drift/none-after-import", Fixture, NULL,
              fixture_set_up, test_drift_none_after_import,
              fixture_tear_down);
  g_test_add ("/jumpgate/drift/missing-grant-fixed", Fixture, NULL,
              fixture_set_up, test_drift_missing_grant_fixed,
              fixture_tear_down);
  g_test_add ("/jumpgate/drift/unexpected-grant-adopted", Fixture, NULL,
              fixture_set_up, test_drift_unexpected_grant_adopted,
              fixture_tear_down);
  g_test_add ("/jumpgate/drift/deleted-role-adopted", Fixture, NULL,
              fixture_set_up, test_drift_deleted_role_adopted,
              fixture_tear_down);

  return g_test_run ();
}
