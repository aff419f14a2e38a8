/* test-import.c: "jumpgate-cli import" against the IAM emulator seeded
 * with the sample organisation.
 *
 * The expected accounts, roles, users and grants are computed here from
 * the seed file itself, by a deliberately plain reading of its policies,
 * so the tests follow the seed when it changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "core/jg-core.h"
#include "engine/jg-import.h"
#include "jg-test-emulator.h"
#include "jg-test-util.h"

#define ADMIN_USER "jumpgate-admin"

typedef struct
{
  JgTestEmulator *emulator;
  JsonNode       *seed;
  char           *seed_text;
  char           *dir;
  char           *db_path;
} Fixture;

/* The accounts, roles, users and pairs that an import must find. */
typedef struct
{
  char        *jump_account_id;
  GHashTable  *active_accounts;   /* id → name, jump account excluded */
  GHashTable  *roles;             /* ARN of roles in active accounts */
  GHashTable  *users;             /* ARN of users of the jump account */
  GHashTable  *grants;            /* "PRINCIPAL ROLE" both sides name */
  GHashTable  *halves;            /* "PRINCIPAL ROLE" one side names */
} Expected;

static void
expected_clear (Expected *expected)
{
  g_free (expected->jump_account_id);
  g_clear_pointer (&expected->active_accounts, g_hash_table_unref);
  g_clear_pointer (&expected->roles, g_hash_table_unref);
  g_clear_pointer (&expected->users, g_hash_table_unref);
  g_clear_pointer (&expected->grants, g_hash_table_unref);
  g_clear_pointer (&expected->halves, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Expected, expected_clear)

static GHashTable *
string_set_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Adds the strings of a JSON string or array of strings. */
static void
add_strings (JsonNode   *node,
             GPtrArray  *out)
{
  if (node == NULL)
    return;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_ptr_array_add (out, (gpointer) json_array_get_string_element (array,
                                                                        i));
    }
  else if (JSON_NODE_HOLDS_VALUE (node))
    g_ptr_array_add (out, (gpointer) json_node_get_string (node));
}

static gboolean
statement_is_assume_role_allow (JsonObject *statement)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new ();

  if (g_strcmp0 (json_object_get_string_member_with_default (statement,
                                                             "Effect", ""),
                 "Allow") != 0)
    return FALSE;

  add_strings (json_object_get_member (statement, "Action"), actions);
  for (guint i = 0; i < actions->len; i++)
    {
      if (g_ascii_strcasecmp (g_ptr_array_index (actions, i),
                              "sts:AssumeRole") == 0)
        return TRUE;
    }

  return FALSE;
}

static char *
role_arn (const char *account_id,
          JsonObject *role)
{
  return g_strdup_printf ("arn:aws:iam::%s:role%s%s", account_id,
                          json_object_get_string_member_with_default (role,
                                                                      "path",
                                                                      "/"),
                          json_object_get_string_member (role, "name"));
}

static void
expected_from_seed (JsonNode *seed,
                    Expected *expected)
{
  JsonObject *root = json_node_get_object (seed);
  JsonArray *accounts = json_object_get_array_member (root, "accounts");
  g_autoptr(GHashTable) asserted = string_set_new ();
  g_autoptr(GHashTable) trusted = string_set_new ();
  GHashTableIter iter;
  gpointer key;

  expected->jump_account_id = g_strdup (json_object_get_string_member (root,
                                                                       "jump_account_id"));
  expected->active_accounts = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                     g_free, g_free);
  expected->roles = string_set_new ();
  expected->users = string_set_new ();
  expected->grants = string_set_new ();
  expected->halves = string_set_new ();

  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *account = json_array_get_object_element (accounts, i);
      const char *id = json_object_get_string_member (account, "id");
      gboolean jump = g_strcmp0 (id, expected->jump_account_id) == 0;
      gboolean active = g_strcmp0 (json_object_get_string_member_with_default (account,
                                                                               "status",
                                                                               "ACTIVE"),
                                   "ACTIVE") == 0;
      JsonArray *users = json_object_has_member (account, "users")
                         ? json_object_get_array_member (account, "users")
                         : NULL;
      JsonArray *roles = json_object_has_member (account, "roles")
                         ? json_object_get_array_member (account, "roles")
                         : NULL;

      if (!jump && active)
        g_hash_table_insert (expected->active_accounts, g_strdup (id),
                             g_strdup (json_object_get_string_member (account,
                                                                      "name")));

      for (guint j = 0; jump && users != NULL
                        && j < json_array_get_length (users); j++)
        {
          JsonObject *user = json_array_get_object_element (users, j);
          g_autofree char *arn = NULL;
          JsonObject *policies;
          GList *names;

          arn = g_strdup_printf ("arn:aws:iam::%s:user%s%s", id,
                                 json_object_get_string_member_with_default (user,
                                                                             "path",
                                                                             "/"),
                                 json_object_get_string_member (user, "name"));
          g_hash_table_add (expected->users, g_strdup (arn));
          if (!json_object_has_member (user, "inline_policies"))
            continue;

          policies = json_object_get_object_member (user, "inline_policies");
          names = json_object_get_members (policies);
          for (GList *l = names; l != NULL; l = l->next)
            {
              JsonObject *policy = json_object_get_object_member (policies,
                                                                  l->data);
              JsonArray *statements = json_object_get_array_member (policy,
                                                                    "Statement");

              for (guint k = 0; k < json_array_get_length (statements); k++)
                {
                  JsonObject *statement = json_array_get_object_element (statements,
                                                                         k);
                  g_autoptr(GPtrArray) resources = g_ptr_array_new ();

                  if (!statement_is_assume_role_allow (statement))
                    continue;

                  add_strings (json_object_get_member (statement, "Resource"),
                               resources);
                  for (guint r = 0; r < resources->len; r++)
                    g_hash_table_add (asserted,
                                      g_strdup_printf ("%s %s", arn,
                                                       (char *) g_ptr_array_index (resources,
                                                                                   r)));
                }
            }
          g_list_free (names);
        }

      for (guint j = 0; !jump && active && roles != NULL
                        && j < json_array_get_length (roles); j++)
        {
          JsonObject *role = json_array_get_object_element (roles, j);
          g_autofree char *arn = role_arn (id, role);
          JsonObject *trust = json_object_get_object_member (role,
                                                             "trust_policy");
          JsonArray *statements = json_object_get_array_member (trust,
                                                                "Statement");

          g_hash_table_add (expected->roles, g_strdup (arn));
          for (guint k = 0; k < json_array_get_length (statements); k++)
            {
              JsonObject *statement = json_array_get_object_element (statements,
                                                                     k);
              JsonObject *principal;
              g_autoptr(GPtrArray) arns = g_ptr_array_new ();

              if (!statement_is_assume_role_allow (statement)
                  || !json_object_has_member (statement, "Principal"))
                continue;

              principal = json_object_get_object_member (statement,
                                                         "Principal");
              add_strings (json_object_get_member (principal, "AWS"), arns);
              for (guint p = 0; p < arns->len; p++)
                g_hash_table_add (trusted,
                                  g_strdup_printf ("%s %s",
                                                   (char *) g_ptr_array_index (arns,
                                                                               p),
                                                   arn));
            }
        }
    }

  g_hash_table_iter_init (&iter, asserted);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto(GStrv) pair = g_strsplit (key, " ", 2);

      if (g_hash_table_contains (trusted, key))
        g_hash_table_add (expected->grants, g_strdup (key));
      else if (g_hash_table_contains (expected->roles, pair[1]))
        g_hash_table_add (expected->halves, g_strdup (key));
    }

  g_hash_table_iter_init (&iter, trusted);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto(GStrv) pair = g_strsplit (key, " ", 2);

      if (!g_hash_table_contains (asserted, key)
          && g_hash_table_contains (expected->users, pair[0]))
        g_hash_table_add (expected->halves, g_strdup (key));
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *seed_path = jg_test_source_path ("data", "sandbox",
                                                    "sample-org.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *secret = NULL;

  g_file_get_contents (seed_path, &fixture->seed_text, NULL, &error);
  g_assert_no_error (error);
  fixture->seed = json_from_string (fixture->seed_text, &error);
  g_assert_no_error (error);

  fixture->emulator = jg_test_emulator_start (seed_path, NULL, &error);
  g_assert_no_error (error);

  jg_test_emulator_create_access_key (fixture->emulator,
                                      json_object_get_string_member (json_node_get_object (fixture->seed),
                                                                     "jump_account_id"),
                                      ADMIN_USER, &key_id, &secret, &error);
  g_assert_no_error (error);

  /* The CLI inherits these; secrets never go on its command line. */
  g_setenv ("AWS_ACCESS_KEY_ID", key_id, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", secret, TRUE);
  g_setenv ("AWS_SESSION_TOKEN", "", TRUE);

  fixture->dir = jg_test_make_temp_dir ();
  fixture->db_path = g_build_filename (fixture->dir, "jumpgate.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jg_test_emulator_stop (fixture->emulator, &error));
  g_assert_no_error (error);
  jg_test_emulator_free (fixture->emulator);
  json_node_unref (fixture->seed);
  g_free (fixture->seed_text);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

/* Runs "jumpgate-cli import --json" and returns the parsed report. */
static JsonNode *
run_import (Fixture  *fixture,
            gboolean  dry_run,
            int      *out_status)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *report;
  int status;

  status = jg_test_run_clif (&out, &err, "--db", fixture->db_path, "--json",
                             "--endpoint-url",
                             jg_test_emulator_get_endpoint (fixture->emulator),
                             "import", "--partition", "aws", "--no-keyring",
                             dry_run ? "--dry-run" : NULL, NULL);
  if (out_status != NULL)
    *out_status = status;
  if (status != 0)
    g_test_message ("import failed: %s", err);
  g_assert_cmpint (status, ==, 0);

  report = json_from_string (out, &error);
  g_assert_no_error (error);
  return report;
}

static JgStore *
open_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  JgStore *store = jg_store_open (fixture->db_path, &error);

  g_assert_no_error (error);
  return store;
}

static guint
count_report_changes (JsonNode   *report,
                      const char *entity)
{
  JsonArray *changes = json_object_get_array_member (json_node_get_object (report),
                                                     "changes");
  guint count = 0;

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (entity == NULL
          || g_strcmp0 (json_object_get_string_member (change, "entity"),
                        entity) == 0)
        count++;
    }

  return count;
}

/* Checks that the store contains exactly the expected entities. */
static void
check_store_matches_seed (Fixture  *fixture,
                          Expected *expected)
{
  g_autoptr(JgStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GPtrArray) principals = NULL;
  g_autoptr(GPtrArray) grants = NULL;
  g_autoptr(JgJumpAccount) jump = NULL;

  jump = jg_store_get_jump_account (store, JG_PARTITION_AWS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jump->account_id, ==, expected->jump_account_id);

  accounts = jg_store_list_accounts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==,
                    g_hash_table_size (expected->active_accounts));
  for (guint i = 0; i < accounts->len; i++)
    {
      JgAccount *account = g_ptr_array_index (accounts, i);

      g_assert_cmpstr (account->name, ==,
                       g_hash_table_lookup (expected->active_accounts,
                                            account->id));
    }

  roles = jg_store_list_roles (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (roles->len, ==, g_hash_table_size (expected->roles));
  for (guint i = 0; i < roles->len; i++)
    g_assert_true (g_hash_table_contains (expected->roles,
                                          ((JgRole *) g_ptr_array_index (roles,
                                                                         i))->arn));

  principals = jg_store_list_principals (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (principals->len, ==, g_hash_table_size (expected->users));
  for (guint i = 0; i < principals->len; i++)
    {
      JgPrincipal *principal = g_ptr_array_index (principals, i);

      g_assert_true (g_hash_table_contains (expected->users, principal->arn));
      g_assert_true (jg_validate_handle (principal->handle, NULL));
    }

  grants = jg_store_list_grants (store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (grants->len, ==, g_hash_table_size (expected->grants));
  for (guint i = 0; i < grants->len; i++)
    {
      JgGrant *grant = g_ptr_array_index (grants, i);
      g_autofree char *key = g_strdup_printf ("%s %s", grant->principal_arn,
                                              grant->role_arn);

      g_assert_true (g_hash_table_contains (expected->grants, key));
      g_assert_cmpint (grant->added_commit, >, 0);
    }
}

static void
test_import_sample_organisation (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_auto(Expected) expected = { 0 };
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) commits = NULL;
  g_autoptr(GPtrArray) requested = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *halves;
  JgCommit *commit;

  expected_from_seed (fixture->seed, &expected);
  /* The sample organisation must contain both grants and half pairs. */
  g_assert_cmpuint (g_hash_table_size (expected.grants), >, 0);
  g_assert_cmpuint (g_hash_table_size (expected.halves), >, 0);

  report = run_import (fixture, FALSE, NULL);
  check_store_matches_seed (fixture, &expected);

  halves = json_object_get_array_member (json_node_get_object (report),
                                         "half_grants");
  g_assert_cmpuint (json_array_get_length (halves), ==,
                    g_hash_table_size (expected.halves));
  for (guint i = 0; i < json_array_get_length (halves); i++)
    {
      JsonObject *half = json_array_get_object_element (halves, i);
      g_autofree char *key = g_strdup_printf ("%s %s",
                                              json_object_get_string_member (half,
                                                                             "principal_arn"),
                                              json_object_get_string_member (half,
                                                                             "role_arn"));

      g_assert_true (g_hash_table_contains (expected.halves, key));
      g_assert_true (json_object_get_boolean_member (half, "assertion")
                     != json_object_get_boolean_member (half, "trust"));
    }

  /* The grants are recorded as one succeeded commit, so history shows
   * where they came from. */
  store = open_store (fixture);
  commits = jg_store_list_commits (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (commits->len, ==, 1);
  commit = g_ptr_array_index (commits, 0);
  g_assert_cmpint (commit->status, ==, JG_COMMIT_SUCCEEDED);
  g_assert_nonnull (strstr (commit->comment, "Import"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (report),
                                               "commit_id"), ==, commit->id);
  requested = jg_store_list_requested_changes (store, commit->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requested->len, ==, g_hash_table_size (expected.grants));
}

static void
test_import_rerun_changes_nothing (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_auto(Expected) expected = { 0 };
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) commits = NULL;
  g_autoptr(GError) error = NULL;

  expected_from_seed (fixture->seed, &expected);
  first = run_import (fixture, FALSE, NULL);
  g_assert_cmpuint (count_report_changes (first, NULL), >, 0);

  second = run_import (fixture, FALSE, NULL);
  g_assert_cmpuint (count_report_changes (second, NULL), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (second),
                                               "commit_id"), ==, 0);
  check_store_matches_seed (fixture, &expected);

  store = open_store (fixture);
  commits = jg_store_list_commits (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (commits->len, ==, 1);
}

static void
test_import_dry_run_writes_nothing (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_auto(Expected) expected = { 0 };
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) commits = NULL;
  g_autoptr(GError) error = NULL;

  expected_from_seed (fixture->seed, &expected);
  report = run_import (fixture, TRUE, NULL);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (report),
                                                 "dry_run"));
  g_assert_cmpuint (count_report_changes (report, "account"), ==,
                    g_hash_table_size (expected.active_accounts));
  g_assert_cmpuint (count_report_changes (report, "grant"), ==,
                    g_hash_table_size (expected.grants));

  store = open_store (fixture);
  accounts = jg_store_list_accounts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 0);
  commits = jg_store_list_commits (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (commits->len, ==, 0);
}

/* Makes the admin role of @account_id trust its own account only, so the
 * jump account cannot assume it. */
static char *
seed_with_locked_account (JsonNode   *seed,
                          const char *account_id)
{
  g_autoptr(JsonNode) copy = json_node_copy (seed);
  JsonArray *accounts = json_object_get_array_member (json_node_get_object (copy),
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
          g_autofree char *trust = NULL;
          g_autoptr(GError) error = NULL;
          JsonNode *node;

          if (g_strcmp0 (json_object_get_string_member (role, "name"),
                         JG_DEFAULT_ADMIN_ROLE) != 0)
            continue;

          trust = g_strdup_printf ("{\"Version\": \"2012-10-17\", "
                                   "\"Statement\": [{\"Effect\": \"Allow\", "
                                   "\"Principal\": {\"AWS\": "
                                   "\"arn:aws:iam::%s:root\"}, \"Action\": "
                                   "\"sts:AssumeRole\"}]}", account_id);
          node = json_from_string (trust, &error);
          g_assert_no_error (error);
          json_object_set_member (role, "trust_policy", node);
        }
    }

  return json_to_string (copy, FALSE);
}

static void
test_import_unreachable_account (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_auto(Expected) expected = { 0 };
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GPtrArray) all_roles = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *secret = NULL;
  const char *locked = NULL;
  JsonObject *counts;
  JsonArray *messages;
  gboolean reported = FALSE;
  GHashTableIter iter;
  gpointer key;
  guint locked_roles = 0;

  expected_from_seed (fixture->seed, &expected);
  g_hash_table_iter_init (&iter, expected.active_accounts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (locked == NULL || g_strcmp0 (key, locked) < 0)
        locked = key;
    }
  g_assert_nonnull (locked);

  seed = seed_with_locked_account (fixture->seed, locked);
  jg_test_emulator_load_seed (fixture->emulator, seed, &error);
  g_assert_no_error (error);
  /* Loading a seed drops every access key. */
  jg_test_emulator_create_access_key (fixture->emulator,
                                      expected.jump_account_id, ADMIN_USER,
                                      &key_id, &secret, &error);
  g_assert_no_error (error);
  g_setenv ("AWS_ACCESS_KEY_ID", key_id, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", secret, TRUE);

  report = run_import (fixture, FALSE, NULL);
  counts = json_object_get_object_member (json_node_get_object (report),
                                          "counts");
  g_assert_cmpint (json_object_get_int_member (counts, "accounts_unreachable"),
                   ==, 1);
  g_assert_cmpint (json_object_get_int_member (counts, "accounts_read"), ==,
                   g_hash_table_size (expected.active_accounts) - 1);

  messages = json_object_get_array_member (json_node_get_object (report),
                                           "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      if (g_strcmp0 (json_object_get_string_member (message, "level"),
                     "error") == 0
          && !json_object_get_null_member (message, "account_id")
          && g_strcmp0 (json_object_get_string_member (message, "account_id"),
                        locked) == 0)
        reported = TRUE;
    }
  g_assert_true (reported);

  /* The other accounts' roles are all there; the locked one has none. */
  store = open_store (fixture);
  roles = jg_store_list_roles (store, locked, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (roles->len, ==, 0);

  g_hash_table_iter_init (&iter, expected.roles);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *prefix = g_strdup_printf ("arn:aws:iam::%s:", locked);

      if (g_str_has_prefix (key, prefix))
        locked_roles++;
    }
  all_roles = jg_store_list_roles (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all_roles->len, ==,
                    g_hash_table_size (expected.roles) - locked_roles);
}

static void
test_import_handle_from_user_name (void)
{
  const struct
  {
    const char *user_name;
    const char *handle;
  } cases[] = {
    { "amara.okafor", "amara.okafor" },
    { "Amara.Okafor", "amara.okafor" },
    { "john@example.com", "john-example.com" },
    { "a+b=c,d", "a-b-c-d" },
    { "__svc_ci", "svc_ci" },
    { "@@@", "user" },
    { "x234567890123456789012345678901234567890", "x2345678901234567890123456789012" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *handle = jg_import_handle_from_user_name (cases[i].user_name);

      g_assert_cmpstr (handle, ==, cases[i].handle);
      g_assert_true (jg_validate_handle (handle, NULL));
    }
}

int
main (int    argc,
      char **argv)
{
  jg_test_init (&argc, &argv);
  /* GIO's GNOME proxy module aborts when the isolated XDG folders hide its
   * GSettings schema; the emulator on loopback needs no proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_add ("/jumpgate/import/sample-organisation", Fixture, NULL,
              fixture_set_up, test_import_sample_organisation,
              fixture_tear_down);
  g_test_add ("/jumpgate/import/rerun-changes-nothing", Fixture, NULL,
              fixture_set_up, test_import_rerun_changes_nothing,
              fixture_tear_down);
  g_test_add ("/jumpgate/import/dry-run-writes-nothing", Fixture, NULL,
              fixture_set_up, test_import_dry_run_writes_nothing,
              fixture_tear_down);
  g_test_add ("/jumpgate/import/unreachable-account", Fixture, NULL,
              fixture_set_up, test_import_unreachable_account,
              fixture_tear_down);
  g_test_add_func ("/jumpgate/import/handle-from-user-name",
                   test_import_handle_from_user_name);

  return g_test_run ();
}
