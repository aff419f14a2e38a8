/* bench-import.c: wall time of "jumpgate-cli import" of a synthetic
 * organisation from the IAM emulator with added latency, against the
 * floor that round trips and the client's concurrency bounds allow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The organisation: a jump account with an admin user and N_USERS users,
 * and N_ACCOUNTS target accounts of N_ROLES roles each (the admin role
 * among them). Every user is granted two roles, on both sides, so the
 * import also records grants.
 *
 * The floor is counted in round trips of LATENCY ms each, because the
 * emulator answers no request sooner than that after it arrived. Loopback
 * and processing are taken as free:
 *
 *   1  GetCallerIdentity (the store has no jump account yet)
 * + P  ListAccounts pages, one after another (20 accounts per page)
 * + max (2, ceil ((A + R) / G))
 *
 * where A is the number of AssumeRole calls (one per account), R the
 * ListRoles and ListAccountAliases calls that follow them, and G the
 * client's global bound (8). Each AssumeRole counts against its target
 * account, so the bound per account (2) holds no account back; an
 * account's reads need one round trip after its AssumeRole, hence at
 * least 2. The users of the jump account are read at the same time and
 * cost fewer round trips than the accounts. The request counts come from
 * the emulator's statistics, so the floor follows the code if it sends
 * more or fewer requests.
 *
 * Usage: bench-import JUMPGATE_CLI [LATENCY_MS] [ACCOUNTS]
 * Prints the figures and exits 1 when the time exceeds 1.5 × the floor.
 */

#include "config.h"

#include <sys/resource.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "aws/jg-aws.h"
#include "jg-test-emulator.h"
#include "jg-test-util.h"

#define JUMP_ACCOUNT "100000000000"
#define N_ROLES 10
#define N_USERS 20
#define ORG_PAGE_SIZE 20
#define ALLOWED_FACTOR 1.5

static char *
account_id (guint index)
{
  return g_strdup_printf ("2%011u", index);
}

/* User u is granted role (u % (N_ROLES - 1)) of accounts u and u + 1. */
static gboolean
user_granted (guint user,
              guint account,
              guint role)
{
  return role == user % (N_ROLES - 1)
         && (account == user || account == user + 1);
}

static char *
build_seed (guint n_accounts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "partition");
  json_builder_add_string_value (builder, "aws");
  json_builder_set_member_name (builder, "organization");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "o-benchmark01");
  json_builder_set_member_name (builder, "management_account_id");
  json_builder_add_string_value (builder, JUMP_ACCOUNT);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);

  /* The jump account. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, JUMP_ACCOUNT);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "jump");
  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "admin");
  json_builder_set_member_name (builder, "admin");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  for (guint u = 0; u < N_USERS; u++)
    {
      g_autofree char *name = g_strdup_printf ("user%02u", u);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "inline_policies");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "assume");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "Version");
      json_builder_add_string_value (builder, "2012-10-17");
      json_builder_set_member_name (builder, "Statement");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "Effect");
      json_builder_add_string_value (builder, "Allow");
      json_builder_set_member_name (builder, "Action");
      json_builder_add_string_value (builder, "sts:AssumeRole");
      json_builder_set_member_name (builder, "Resource");
      json_builder_begin_array (builder);
      for (guint a = u; a <= u + 1 && a < n_accounts; a++)
        {
          g_autofree char *id = account_id (a);
          g_autofree char *arn = g_strdup_printf ("arn:aws:iam::%s:role/role%u",
                                                  id, u % (N_ROLES - 1));

          json_builder_add_string_value (builder, arn);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  for (guint a = 0; a < n_accounts; a++)
    {
      g_autofree char *id = account_id (a);
      g_autofree char *name = g_strdup_printf ("account-%03u", a);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "roles");
      json_builder_begin_array (builder);

      /* The admin role, then N_ROLES - 1 roles people may be granted. */
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, JG_DEFAULT_ADMIN_ROLE);
      json_builder_set_member_name (builder, "admin");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "trust_policy");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "Version");
      json_builder_add_string_value (builder, "2012-10-17");
      json_builder_set_member_name (builder, "Statement");
      json_builder_begin_array (builder);
      jg_test_add_trust_statement (builder, "Jump",
                                   "arn:aws:iam::" JUMP_ACCOUNT ":root");
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      json_builder_end_object (builder);

      for (guint r = 0; r < N_ROLES - 1; r++)
        {
          g_autofree char *role_name = g_strdup_printf ("role%u", r);
          g_autofree char *root_arn = g_strdup_printf ("arn:aws:iam::%s:root",
                                                       id);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, role_name);
          json_builder_set_member_name (builder, "trust_policy");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "Version");
          json_builder_add_string_value (builder, "2012-10-17");
          json_builder_set_member_name (builder, "Statement");
          json_builder_begin_array (builder);
          jg_test_add_trust_statement (builder, "Own", root_arn);
          for (guint u = 0; u < N_USERS; u++)
            {
              g_autofree char *user_arn = NULL;
              g_autofree char *sid = g_strdup_printf ("User%u", u);

              if (!user_granted (u, a, r))
                continue;

              user_arn = g_strdup_printf ("arn:aws:iam::" JUMP_ACCOUNT
                                          ":user/user%02u", u);
              jg_test_add_trust_statement (builder, sid, user_arn);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
          json_builder_end_object (builder);
        }

      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gint64
operation_count (JsonObject *operations,
                 const char *name)
{
  return json_object_has_member (operations, name)
         ? json_object_get_int_member (operations, name) : 0;
}

/* Removes the database folder and the files in it. */
static void
remove_dir (const char *path)
{
  g_autoptr(GDir) folder = g_dir_open (path, 0, NULL);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_remove (file);
    }
  g_rmdir (path);
}

static gint64
ceil_div (gint64 a,
          gint64 b)
{
  return (a + b - 1) / b;
}

int
main (int    argc,
      char **argv)
{
  const char *cli;
  guint latency_ms = 30;
  guint n_accounts = 200;
  g_autofree char *latency_text = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JgTestEmulator) emulator = NULL;
  g_autoptr(JsonNode) stats = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *operations;
  gint64 started;
  gint64 elapsed_us;
  gint64 assume;
  gint64 pages;
  gint64 reads;
  gint64 rounds;
  gint64 total;
  double floor_s;
  double elapsed_s;
  const char *emulator_args[3] = { "--latency-ms", NULL, NULL };
  struct rusage usage;

  if (argc < 2)
    {
      g_printerr ("Usage: bench-import JUMPGATE_CLI [LATENCY_MS] [ACCOUNTS]\n");
      return 2;
    }
  cli = argv[1];
  if (argc > 2)
    latency_ms = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  if (argc > 3)
    n_accounts = (guint) g_ascii_strtoull (argv[3], NULL, 10);

  /* The GNOME proxy module needs GSettings schemas that a build tree may
   * lack; the emulator on loopback needs no proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  latency_text = g_strdup_printf ("%u", latency_ms);
  emulator_args[1] = latency_text;
  seed = build_seed (n_accounts);
  emulator = jg_test_emulator_start (NULL, emulator_args, &error);
  if (emulator == NULL
      || !jg_test_emulator_load_seed (emulator, seed, &error)
      || !jg_test_emulator_create_access_key (emulator, JUMP_ACCOUNT, "admin",
                                              &key_id, &secret, &error))
    {
      g_printerr ("bench-import: the emulator failed: %s\n", error->message);
      return 1;
    }

  dir = g_dir_make_tmp ("jumpgate-bench-import-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (dir, "jumpgate.db", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID", key_id, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY", secret,
                                TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SESSION_TOKEN", "", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SHARED_CREDENTIALS_FILE",
                                "/nonexistent/jumpgate-bench", TRUE);

  started = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawn (launcher, &error, cli, "--db",
                                         db_path, "--endpoint-url",
                                         jg_test_emulator_get_endpoint (emulator),
                                         "import", "--partition", "aws",
                                         "--no-keyring", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  elapsed_us = g_get_monotonic_time () - started;

  if (!g_subprocess_get_if_exited (process)
      || g_subprocess_get_exit_status (process) != 0)
    {
      g_printerr ("bench-import: the import failed:\n%s", err);
      return 1;
    }

  stats = jg_test_emulator_get_stats (emulator, &error);
  g_assert_no_error (error);
  operations = json_object_get_object_member (json_node_get_object (stats),
                                              "operations");
  assume = operation_count (operations, "sts:AssumeRole");
  pages = operation_count (operations, "organizations:ListAccounts");
  reads = operation_count (operations, "iam:ListRoles")
          + operation_count (operations, "iam:ListAccountAliases")
          - 1;   /* the jump account's alias is read with the pages */
  total = json_object_get_int_member (json_node_get_object (stats), "total");

  rounds = 1 + pages
           + MAX (2, ceil_div (assume + reads,
                               JG_AWS_CLIENT_DEFAULT_MAX_IN_FLIGHT));
  floor_s = rounds * latency_ms / 1000.0;
  elapsed_s = elapsed_us / 1e6;

  g_print ("accounts: %u, roles per account: %u, users: %u\n", n_accounts,
           N_ROLES, N_USERS);
  g_print ("latency: %u ms, bounds: %u in flight, %u per account\n",
           latency_ms, JG_AWS_CLIENT_DEFAULT_MAX_IN_FLIGHT,
           JG_AWS_CLIENT_DEFAULT_MAX_IN_FLIGHT_PER_ACCOUNT);
  g_print ("requests: %" G_GINT64_FORMAT " (AssumeRole %" G_GINT64_FORMAT
           ", ListAccounts pages %" G_GINT64_FORMAT ", account reads %"
           G_GINT64_FORMAT ")\n", total, assume, pages, reads);
  g_print ("floor: %" G_GINT64_FORMAT " round trips = %.2f s\n", rounds,
           floor_s);
  g_print ("measured: %.2f s = %.2f x floor (allowed %.1f)\n", elapsed_s,
           elapsed_s / floor_s, ALLOWED_FACTOR);
  /* Only the CLI has been waited for, so the children's usage is its own:
   * the part of the time that is not waiting for the emulator. */
  if (getrusage (RUSAGE_CHILDREN, &usage) == 0)
    g_print ("jumpgate-cli CPU time: %.2f s user, %.2f s system\n",
             usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6,
             usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6);

  g_assert_true (jg_test_emulator_stop (emulator, &error));
  remove_dir (dir);
  return elapsed_s <= ALLOWED_FACTOR * floor_s ? 0 : 1;
}
