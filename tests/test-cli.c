/* test-cli.c: jumpgate-cli driven as a real process against a temporary
 * database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "jg-test-util.h"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = jg_test_make_temp_dir ();
  fixture->db = g_build_filename (fixture->dir, "jumpgate.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->db);
  g_free (fixture->dir);
}

/* Runs jumpgate-cli --db DB ARGS… and checks its exit status. */
static char *
cli_expect (Fixture     *fixture,
            int          expected_status,
            const char  *first_arg,
            ...) G_GNUC_NULL_TERMINATED;

static char *
cli_expect (Fixture     *fixture,
            int          expected_status,
            const char  *first_arg,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;
  int status;

  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, fixture->db);
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  status = jg_test_run_cli ((const char *const *) argv->pdata, NULL, &out,
                            &err);
  if (status != expected_status)
    g_error ("jumpgate-cli %s exited with %d, expected %d; stderr: %s",
             first_arg, status, expected_status, err);

  if (expected_status == 0)
    g_assert_cmpstr (err, ==, "");

  return expected_status == 0 ? g_steal_pointer (&out)
                              : g_steal_pointer (&err);
}

#define CLI_OK(fixture, ...) \
  g_free (cli_expect ((fixture), 0, __VA_ARGS__, NULL))

static const char *const accounts[][4] = {
  { "222222222222", "payments-dev", "DEV", "1e90ff" },
  { "333333333333", "payments-test", "TEST", "ffa500" },
  { "444444444444", "payments-prod", "PROD", "d0021b" },
};

static const char *const handles[] = { "alice", "bob", "carol", "dave" };

/* One partition, three accounts, six roles, four persons with
 * principals. */
static void
build_organisation (Fixture *fixture)
{
  CLI_OK (fixture, "partition", "add", "aws", "--jump-account", "111111111111",
          "--region", "eu-west-1");

  for (gsize i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      CLI_OK (fixture, "account", "add", accounts[i][0], "--partition", "aws",
              "--name", accounts[i][1], "--environment", accounts[i][2],
              "--color", accounts[i][3]);
      CLI_OK (fixture, "role", "add", accounts[i][0], "ReadOnly");
      CLI_OK (fixture, "role", "add", accounts[i][0], "Deployer", "--path",
              "/ops/", "--no-mfa");
    }

  for (gsize i = 0; i < G_N_ELEMENTS (handles); i++)
    {
      g_autofree char *name = g_strdup_printf ("Person %s", handles[i]);

      CLI_OK (fixture, "person", "add", handles[i], "--name", name);
      CLI_OK (fixture, "principal", "add", handles[i], "--partition", "aws",
              "--user-name", handles[i]);
    }
}

static JsonArray *
parse_array (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_array_ref (json_node_get_array (root));
}

static void
test_build_and_list (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *roles_json = NULL;
  g_autofree char *persons_json = NULL;
  g_autofree char *staged_text = NULL;
  g_autofree char *staged_json = NULL;
  g_autofree char *accounts_text = NULL;
  g_autoptr(JsonArray) roles = NULL;
  g_autoptr(JsonArray) persons = NULL;
  g_autoptr(JsonArray) staged = NULL;

  build_organisation (fixture);

  roles_json = cli_expect (fixture, 0, "--json", "role", "list", NULL);
  roles = parse_array (roles_json);
  g_assert_cmpuint (json_array_get_length (roles), ==, 6);

  persons_json = cli_expect (fixture, 0, "person", "list", "--json", NULL);
  persons = parse_array (persons_json);
  g_assert_cmpuint (json_array_get_length (persons), ==, 4);

  accounts_text = cli_expect (fixture, 0, "account", "list", NULL);
  g_assert_nonnull (strstr (accounts_text, "payments-prod"));
  g_assert_nonnull (strstr (accounts_text, "d0021b"));

  CLI_OK (fixture, "grant", "alice", "arn:aws:iam::222222222222:role/ReadOnly",
          "arn:aws:iam::222222222222:role/ops/Deployer");
  CLI_OK (fixture, "grant", "bob", "arn:aws:iam::444444444444:role/ReadOnly");
  CLI_OK (fixture, "revoke", "alice",
          "arn:aws:iam::222222222222:role/ops/Deployer");

  staged_text = cli_expect (fixture, 0, "staged", NULL);
  g_assert_nonnull (strstr (staged_text, "arn:aws:iam::222222222222:role/ReadOnly"));
  g_assert_null (strstr (staged_text, "Deployer"));

  staged_json = cli_expect (fixture, 0, "staged", "list", "--json", NULL);
  staged = parse_array (staged_json);
  g_assert_cmpuint (json_array_get_length (staged), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (staged, 0),
                                                  "principal_arn"),
                   ==, "arn:aws:iam::111111111111:user/alice");

  CLI_OK (fixture, "staged", "save", "onboarding");
  {
    g_autofree char *empty = cli_expect (fixture, 0, "staged", NULL);

    g_assert_nonnull (strstr (empty, "empty"));
  }
  CLI_OK (fixture, "staged", "open", "onboarding");
  {
    g_autofree char *grants = cli_expect (fixture, 0, "grants", "--json",
                                          NULL);
    g_autoptr(JsonArray) list = parse_array (grants);

    /* Nothing is committed yet. */
    g_assert_cmpuint (json_array_get_length (list), ==, 0);
  }
}

typedef struct
{
  const char *args[12];
  const char *expected;     /* part of the error message */
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { { "account", "add", "12345678901", "--partition", "aws", "--name", "x" },
    "12345678901" },
  { { "account", "add", "1234567890123", "--partition", "aws", "--name",
      "x" }, "1234567890123" },
  { { "account", "add", " 555555555555", "--partition", "aws", "--name",
      "x" }, "555555555555" },
  { { "account", "add", "555555555555", "--partition", "aws", "--name", "x",
      "--color", "#1e90ff" }, "#1e90ff" },
  { { "account", "add", "555555555555", "--partition", "aws-gov", "--name",
      "x" }, "aws-gov" },
  { { "account", "add", "555555555555", "--partition", "aws", "--name",
      "x\ny" }, "x\\ny" },
  { { "account", "add", "555555555555", "--partition", "aws", "--name", "x",
      "--trust-policy-limit", "9000" }, "9000" },
  { { "account", "add", "555555555555", "--partition", "aws", "--name", "x",
      "--trust-policy-limit", "lots" }, "lots" },
  { { "account", "add", "555555555555", "--partition", "aws-cn", "--name",
      "x" }, "aws-cn" },
  { { "role", "add", "222222222222", "Read Only" }, "Read Only" },
  { { "role", "add", "222222222222", "Dеv" }, "Dеv" },
  { { "role", "add", "222222222222", "Dev", "--path", "ops" }, "ops" },
  { { "role", "add", "222222222222", "readonly" }, "readonly" },
  { { "role", "add", "999999999999", "Dev" }, "999999999999" },
  { { "person", "add", "Alice2", "--name", "A" }, "Alice2" },
  { { "person", "add", "alice", "--name", "Duplicate" }, "alice" },
  { { "person", "add", "erin", "--name", " Erin" }, " Erin" },
  { { "person", "add", "erin", "--name", "Erin", "--email", "erin" },
    "erin" },
  { { "principal", "add", "alice", "--partition", "aws", "--user-name",
      "al ice" }, "al ice" },
  { { "principal", "add", "zed", "--partition", "aws", "--user-name",
      "zed" }, "zed" },
  { { "principal", "add", "dave", "--partition", "aws", "--user-name",
      "dave2", "--mfa-serial", "arn:aws:iam::999999999999:mfa/dave" },
    "999999999999" },
  { { "grant", "alice", "arn:aws:iam:123:role/x" }, "arn:aws:iam:123:role/x" },
  { { "grant", "alice", "arn:aws:iam::222222222222:role/Nope" },
    "role/Nope" },
  { { "grant", "bob", "arn:aws:iam::222222222222:role/ReadOnly",
      "arn:aws:iam::222222222222:role/Nope" }, "role/Nope" },
  { { "revoke", "carol", "arn:aws:iam::222222222222:role/ReadOnly" },
    "nothing to revoke" },
  { { "role", "remove", "arn:aws:iam::222222222222:role/ReadOnly" },
    "staged" },
  { { "staged", "open", "missing" }, "missing" },
  { { "staged", "discard", "x1" }, "x1" },
  { { "frobnicate" }, "frobnicate" },
  { { "account", "frob" }, "frob" },
  { { "account", "add", "555555555555", "--bogus" }, "--bogus" },
  { { "grants", "--person", "Bob" }, "Bob" },
  { { "commit", "-m", "   " }, "comment" },
  { { "plan", "--endpoint-url", "http://example.com" }, "example.com" },
};

static void
test_invalid_input (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *before = NULL;
  gsize before_length = 0;

  build_organisation (fixture);
  CLI_OK (fixture, "grant", "alice", "arn:aws:iam::222222222222:role/ReadOnly");
  g_assert_true (g_file_get_contents (fixture->db, &before, &before_length,
                                      NULL));

  for (gsize i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      const InvalidCase *c = &invalid_cases[i];
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *after = NULL;
      gsize after_length = 0;
      int status;

      g_ptr_array_add (argv, (gpointer) "--db");
      g_ptr_array_add (argv, fixture->db);
      for (gsize j = 0; c->args[j] != NULL; j++)
        g_ptr_array_add (argv, (gpointer) c->args[j]);
      g_ptr_array_add (argv, NULL);

      status = jg_test_run_cli ((const char *const *) argv->pdata, NULL,
                                &out, &err);
      g_test_message ("case %zu: %s → %d: %s", i, c->args[0], status, err);
      g_assert_cmpint (status, ==, 2);
      g_assert_nonnull (strstr (err, c->expected));
      /* One line, starting with the program name. */
      g_assert_true (g_str_has_prefix (err, "jumpgate-cli: "));
      g_assert_nonnull (strchr (err, '\n'));
      g_assert_cmpstr (strchr (err, '\n') + 1, ==, "");

      /* A rejected command leaves the database file byte-identical. The
       * last connection to close checkpoints the write-ahead log into
       * the main file, so the main file holds every committed change
       * once the CLI has exited. */
      g_assert_true (g_file_get_contents (fixture->db, &after, &after_length,
                                          NULL));
      g_assert_cmpuint (after_length, ==, before_length);
      g_assert_true (memcmp (before, after, before_length) == 0);
    }

  {
    g_autofree char *staged = cli_expect (fixture, 0, "staged", "--json",
                                          NULL);
    g_autoptr(JsonArray) list = parse_array (staged);

    g_assert_cmpuint (json_array_get_length (list), ==, 1);
  }
}

static void
test_help (void)
{
  static const char *const commands[][2] = {
    { "partition", "add" }, { "account", "add" }, { "role", "add" },
    { "person", "add" }, { "principal", "add" }, { "grant", NULL },
    { "revoke", NULL }, { "staged", "save" }, { "grants", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status;

      if (commands[i][1] != NULL)
        status = jg_test_run_clif (&out, &err, commands[i][0], commands[i][1],
                                   "--help", NULL);
      else
        status = jg_test_run_clif (&out, &err, commands[i][0], "--help",
                                   NULL);

      g_assert_cmpint (status, ==, 0);
      g_assert_nonnull (strstr (out, "Usage:"));
    }

  {
    g_autofree char *out = NULL;
    int status = jg_test_run_clif (&out, NULL, "--help", NULL);

    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "staged"));
  }
}

static void
test_runtime_failure (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  int status;

  /* A file that is not a database is a runtime failure. */
  g_assert_true (g_file_set_contents (fixture->db, "not a database, but "
                                      "long enough to be read as a header "
                                      "by sqlite", -1, NULL));
  status = jg_test_run_clif (&out, &err, "--db", fixture->db, "person",
                             "list", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, fixture->db));
}

static void
test_db_path_checked (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "nodir",
                                               "x.db", NULL);
  g_autofree char *err = NULL;
  int status;

  /* A mistyped folder is not created behind the user's back. */
  status = jg_test_run_clif (NULL, &err, "--db", missing, "person", "list",
                             NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "nodir"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  status = jg_test_run_clif (NULL, &err, "--db", "", "person", "list", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "--db"));
  g_clear_pointer (&err, g_free);

  status = jg_test_run_clif (NULL, &err, "--db", fixture->dir, "person",
                             "list", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, fixture->dir));
}

int
main (int   argc,
      char *argv[])
{
  jg_test_init (&argc, &argv);

  g_test_add ("/jumpgate/cli/build-and-list", Fixture, NULL, fixture_set_up,
              test_build_and_list, fixture_tear_down);
  g_test_add ("/jumpgate/cli/invalid-input", Fixture, NULL, fixture_set_up,
              test_invalid_input, fixture_tear_down);
  g_test_add_func ("/jumpgate/cli/help", test_help);
  g_test_add ("/jumpgate/cli/runtime-failure", Fixture, NULL, fixture_set_up,
              test_runtime_failure, fixture_tear_down);
  g_test_add ("/jumpgate/cli/db-path-checked", Fixture, NULL, fixture_set_up,
              test_db_path_checked, fixture_tear_down);

  return g_test_run ();
}
