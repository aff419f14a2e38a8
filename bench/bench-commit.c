/* bench-commit.c: wall time of "jumpgate-cli commit" of 500 documents
 * against the IAM emulator with added latency, against the floor that
 * round trips and the client's concurrency bounds allow, and against a
 * sequential boto3 script making the same calls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The organisation: a jump account with an admin user and N_USERS users
 * (no inline policies), and N_ACCOUNTS target accounts of ROLES_PER_ACCOUNT
 * roles each plus the admin role. Every role's trust policy starts with
 * one statement Jumpgate does not own (the account's root). The staging
 * area grants user u the role u / N_ACCOUNTS of account u % N_ACCOUNTS, so
 * every user and every role gets exactly one grant: the commit writes
 * N_USERS user policies and N_USERS trust policies.
 *
 * The floor, in round trips of LATENCY ms each (the emulator answers no
 * request sooner than that after it arrived; loopback and processing are
 * taken as free).
 * A commit sends GetCallerIdentity, then reads every document, plans,
 * and only then writes. With K the bound per account and G the global
 * bound, and the request counts taken from the emulator's statistics:
 *
 *   1                                          GetCallerIdentity
 * + max (ceil (Rj / K),                        jump account reads
 *        1 + ceil (Ra / K),                    AssumeRole, then one account
 *        ceil ((A + Rj + Rt) / G))             all reads
 * + max (ceil (Wj / K), ceil (Wa / K),         jump account, one account
 *        ceil ((Wj + Wt) / G))                 all writes
 *
 * where Rj are the jump account's reads (GetUser, ListUserPolicies,
 * GetUserPolicy), Rt the GetRole calls, Ra and Wa the reads and writes
 * of one target account, A the AssumeRole calls (each counted against
 * its target account, so they all start in the first round), Wj the
 * user policy writes and Wt the trust policy writes.
 *
 * The boto3 script (bench-commit-boto3.py) runs against a second,
 * fresh emulator started from the same seed, and writes the documents
 * Jumpgate wrote; afterwards both emulators must hold the same
 * documents.
 *
 * Usage: bench-commit JUMPGATE_CLI BOTO3_SCRIPT [LATENCY_MS]
 *                     [MAX_IN_FLIGHT] [MAX_PER_ACCOUNT]
 * Prints the figures and exits 1 when the commit takes more than
 * ALLOWED_FACTOR × the floor, or is less than MIN_SPEEDUP times faster
 * than the boto3 script.
 */

#include "config.h"

#include <sys/resource.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "aws/jg-aws.h"
#include "core/jg-core.h"
#include "jg-test-emulator.h"
#include "jg-test-util.h"

#define JUMP_ACCOUNT "100000000000"
#define N_ACCOUNTS 10
#define ROLES_PER_ACCOUNT 25
#define N_USERS (N_ACCOUNTS * ROLES_PER_ACCOUNT)
#define ALLOWED_FACTOR 1.3
#define MIN_SPEEDUP 8.0

static char *
account_id (guint index)
{
  return g_strdup_printf ("2%011u", index);
}

static char *
user_name (guint index)
{
  return g_strdup_printf ("user%03u", index);
}

static char *
role_name (guint index)
{
  return g_strdup_printf ("role%02u", index);
}

static void
add_role (JsonBuilder *builder,
          const char  *name,
          gboolean     admin,
          const char  *sid,
          const char  *principal)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "admin");
  json_builder_add_boolean_value (builder, admin);
  json_builder_set_member_name (builder, "trust_policy");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Version");
  json_builder_add_string_value (builder, "2012-10-17");
  json_builder_set_member_name (builder, "Statement");
  json_builder_begin_array (builder);
  jg_test_add_trust_statement (builder, sid, principal);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static char *
build_seed (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "partition");
  json_builder_add_string_value (builder, "aws");
  json_builder_set_member_name (builder, "organization");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "o-benchcommit");
  json_builder_set_member_name (builder, "management_account_id");
  json_builder_add_string_value (builder, JUMP_ACCOUNT);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);

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
      g_autofree char *name = user_name (u);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, "/people/");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  for (guint a = 0; a < N_ACCOUNTS; a++)
    {
      g_autofree char *id = account_id (a);
      g_autofree char *name = g_strdup_printf ("account-%02u", a);
      g_autofree char *root_arn = g_strdup_printf ("arn:aws:iam::%s:root", id);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "roles");
      json_builder_begin_array (builder);
      add_role (builder, JG_DEFAULT_ADMIN_ROLE, TRUE, "Jump",
                "arn:aws:iam::" JUMP_ACCOUNT ":root");
      for (guint r = 0; r < ROLES_PER_ACCOUNT; r++)
        {
          g_autofree char *role = role_name (r);

          add_role (builder, role, FALSE, "AccountRoot", root_arn);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Fills the store: the jump account, the accounts, roles, persons and
 * principals, and stages one grant per user. */
static gboolean
fill_store (JgStore  *store,
            gpointer  user_data,
            GError  **error)
{
  JgJumpAccount jump = { JG_PARTITION_AWS, JUMP_ACCOUNT, "eu-west-1", NULL };

  if (!jg_store_add_jump_account (store, &jump, error))
    return FALSE;

  for (guint a = 0; a < N_ACCOUNTS; a++)
    {
      g_autofree char *id = account_id (a);
      g_autofree char *name = g_strdup_printf ("account-%02u", a);
      JgAccount account = { id, JG_PARTITION_AWS, name, "", NULL,
                            JG_DEFAULT_ADMIN_ROLE, 2048, NULL, NULL };

      if (!jg_store_add_account (store, &account, error))
        return FALSE;

      for (guint r = 0; r < ROLES_PER_ACCOUNT; r++)
        {
          g_autoptr(JgRole) role = g_new0 (JgRole, 1);

          role->account_id = g_strdup (id);
          role->name = role_name (r);
          role->path = g_strdup ("/");
          role->require_mfa = TRUE;
          if (!jg_store_add_role (store, role, error))
            return FALSE;
        }
    }

  for (guint u = 0; u < N_USERS; u++)
    {
      g_autofree char *handle = user_name (u);
      g_autofree char *id = account_id (u % N_ACCOUNTS);
      g_autofree char *role = role_name (u / N_ACCOUNTS);
      g_autofree char *arn = g_strdup_printf ("arn:aws:iam::%s:role/%s", id,
                                              role);
      const char *arns[] = { arn, NULL };
      JgPerson person = { handle, handle, NULL };
      g_autoptr(JgPrincipal) principal = g_new0 (JgPrincipal, 1);

      principal->handle = g_strdup (handle);
      principal->partition = JG_PARTITION_AWS;
      principal->user_name = g_strdup (handle);
      principal->path = g_strdup ("/people/");
      if (!jg_store_add_person (store, &person, error)
          || !jg_store_add_principal (store, principal, error)
          || !jg_store_stage (store, JG_CHANGE_GRANT, handle, arns, error))
        return FALSE;
    }

  return TRUE;
}

static gint64
operation_count (JsonObject *operations,
                 const char *name)
{
  return json_object_has_member (operations, name)
         ? json_object_get_int_member (operations, name) : 0;
}

static gint64
ceil_div (gint64 a,
          gint64 b)
{
  return (a + b - 1) / b;
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
              const char *id)
{
  JsonArray *accounts = json_object_get_array_member (json_node_get_object (state),
                                                      "accounts");

  return find_by_member (accounts, "id", id);
}

/* Returns the jumpgate-assume-roles policy of user u in @state, or NULL. */
static JsonNode *
user_document (JsonNode *state,
               guint     u)
{
  g_autofree char *name = user_name (u);
  JsonObject *jump = find_account (state, JUMP_ACCOUNT);
  JsonObject *user = find_by_member (json_object_get_array_member (jump,
                                                                   "users"),
                                     "name", name);
  JsonObject *policies;

  g_assert (user != NULL);
  if (!json_object_has_member (user, "inline_policies"))
    return NULL;
  policies = json_object_get_object_member (user, "inline_policies");
  return json_object_get_member (policies, "jumpgate-assume-roles");
}

static JsonNode *
role_document (JsonNode *state,
               guint     a,
               guint     r)
{
  g_autofree char *id = account_id (a);
  g_autofree char *name = role_name (r);
  JsonObject *account = find_account (state, id);
  JsonObject *role = find_by_member (json_object_get_array_member (account,
                                                                   "roles"),
                                     "name", name);

  g_assert (role != NULL);
  return json_object_get_member (role, "trust_policy");
}

/* Writes the boto3 script's input: every user and role, with the
 * documents the emulator holds after Jumpgate's commit. */
static void
write_boto3_input (JsonNode   *state,
                   const char *path)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  for (guint u = 0; u < N_USERS; u++)
    {
      g_autofree char *name = user_name (u);
      JsonNode *document = user_document (state, u);
      g_autofree char *text = document != NULL
                              ? json_to_string (document, FALSE) : NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "document");
      if (text != NULL)
        json_builder_add_string_value (builder, text);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  for (guint a = 0; a < N_ACCOUNTS; a++)
    {
      g_autofree char *id = account_id (a);
      g_autofree char *admin_arn = g_strdup_printf ("arn:aws:iam::%s:role/%s",
                                                    id, JG_DEFAULT_ADMIN_ROLE);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "admin_role_arn");
      json_builder_add_string_value (builder, admin_arn);
      json_builder_set_member_name (builder, "roles");
      json_builder_begin_array (builder);
      for (guint r = 0; r < ROLES_PER_ACCOUNT; r++)
        {
          g_autofree char *name = role_name (r);
          g_autofree char *text = json_to_string (role_document (state, a, r),
                                                  FALSE);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, name);
          json_builder_set_member_name (builder, "document");
          json_builder_add_string_value (builder, text);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  if (!json_generator_to_file (generator, path, &error))
    g_error ("Cannot write %s: %s", path, error->message);
}

/* Counts the documents that differ between the two emulators' states. */
static guint
count_differences (JsonNode *jumpgate,
                   JsonNode *boto3)
{
  guint differences = 0;

  for (guint u = 0; u < N_USERS; u++)
    {
      JsonNode *a = user_document (jumpgate, u);
      JsonNode *b = user_document (boto3, u);

      if ((a == NULL) != (b == NULL) || (a != NULL && !json_node_equal (a, b)))
        differences++;
    }

  for (guint a = 0; a < N_ACCOUNTS; a++)
    for (guint r = 0; r < ROLES_PER_ACCOUNT; r++)
      if (!json_node_equal (role_document (jumpgate, a, r),
                            role_document (boto3, a, r)))
        differences++;

  return differences;
}

/* Starts an emulator with the seed and returns it with an admin key. */
static JgTestEmulator *
start_emulator (const char  *seed,
                const char  *latency_text,
                char       **out_key_id,
                char       **out_secret)
{
  const char *args[] = { "--latency-ms", latency_text, NULL };
  g_autoptr(JgTestEmulator) emulator = NULL;
  g_autoptr(GError) error = NULL;

  emulator = jg_test_emulator_start (NULL, args, &error);
  if (emulator == NULL
      || !jg_test_emulator_load_seed (emulator, seed, &error)
      || !jg_test_emulator_create_access_key (emulator, JUMP_ACCOUNT, "admin",
                                              out_key_id, out_secret, &error))
    g_error ("bench-commit: the emulator failed: %s", error->message);

  return g_steal_pointer (&emulator);
}

/* Runs argv with the admin key in the environment; returns the wall time
 * in seconds and the child's standard output. */
static double
run_timed (const char *const  *argv,
           const char         *key_id,
           const char         *secret,
           char              **out_stdout)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  gint64 started;
  double elapsed;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "AWS_ACCESS_KEY_ID", key_id, TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SECRET_ACCESS_KEY", secret,
                                TRUE);
  /* meson's test environment sets these to "" (it cannot unset them),
   * which boto3 reads as a profile named "" and an empty token. */
  g_subprocess_launcher_unsetenv (launcher, "AWS_SESSION_TOKEN");
  g_subprocess_launcher_unsetenv (launcher, "AWS_PROFILE");
  g_subprocess_launcher_setenv (launcher, "AWS_CONFIG_FILE",
                                "/nonexistent/jumpgate-bench", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SHARED_CREDENTIALS_FILE",
                                "/nonexistent/jumpgate-bench", TRUE);

  started = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (process == NULL)
    g_error ("bench-commit: cannot run %s: %s", argv[0], error->message);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out_stdout, &err,
                                 &error);
  elapsed = (g_get_monotonic_time () - started) / 1e6;
  if (error != NULL || !g_subprocess_get_successful (process))
    g_error ("bench-commit: %s failed: %s%s", argv[0],
             error != NULL ? error->message : "", err);

  return elapsed;
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

/* Returns the CPU time, user and system, of the children waited for. */
static double
children_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_CHILDREN, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static guint
parse_count (const char *text,
             const char *what)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 10000, &value, NULL))
    g_error ("bench-commit: %s “%s” is not a number from 1 to 10000", what,
             text);
  return (guint) value;
}

int
main (int    argc,
      char **argv)
{
  const char *cli;
  const char *boto3_script;
  guint latency_ms = 30;
  guint max_in_flight = JG_AWS_CLIENT_DEFAULT_MAX_IN_FLIGHT;
  guint max_per_account = JG_AWS_CLIENT_DEFAULT_MAX_IN_FLIGHT_PER_ACCOUNT;
  g_autofree char *latency_text = NULL;
  g_autofree char *in_flight_text = NULL;
  g_autofree char *per_account_text = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *boto3_input = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *key_id2 = NULL;
  g_autofree char *secret2 = NULL;
  g_autofree char *out = NULL;
  g_autofree char *boto3_out = NULL;
  g_autoptr(JgTestEmulator) emulator = NULL;
  g_autoptr(JgTestEmulator) emulator2 = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JsonNode) stats = NULL;
  g_autoptr(JsonNode) stats2 = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) state2 = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *operations;
  gint64 identity, assume, jump_reads, role_reads, user_writes, role_writes;
  gint64 read_rounds, write_rounds, rounds;
  gint64 total, total2;
  double floor_s, elapsed_s, boto3_s, cli_cpu_s, emulator_cpu_s;
  guint differences;
  gboolean ok;

  if (argc < 3)
    {
      g_printerr ("Usage: bench-commit JUMPGATE_CLI BOTO3_SCRIPT [LATENCY_MS] "
                  "[MAX_IN_FLIGHT] [MAX_PER_ACCOUNT]\n");
      return 2;
    }
  cli = argv[1];
  boto3_script = argv[2];
  if (argc > 3)
    latency_ms = parse_count (argv[3], "LATENCY_MS");
  if (argc > 4)
    max_in_flight = parse_count (argv[4], "MAX_IN_FLIGHT");
  if (argc > 5)
    max_per_account = parse_count (argv[5], "MAX_PER_ACCOUNT");

  /* The GNOME proxy module needs GSettings schemas that a build tree may
   * lack; the emulator on loopback needs no proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  latency_text = g_strdup_printf ("%u", latency_ms);
  in_flight_text = g_strdup_printf ("%u", max_in_flight);
  per_account_text = g_strdup_printf ("%u", max_per_account);
  seed = build_seed ();

  dir = g_dir_make_tmp ("jumpgate-bench-commit-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (dir, "jumpgate.db", NULL);
  boto3_input = g_build_filename (dir, "boto3-input.json", NULL);

  store = jg_store_open (db_path, &error);
  if (store == NULL
      || !jg_store_run_transaction (store, fill_store, NULL, &error))
    g_error ("bench-commit: cannot fill the store: %s", error->message);
  g_clear_object (&store);

  /* Jumpgate. */
  emulator = start_emulator (seed, latency_text, &key_id, &secret);
  {
    const char *cli_argv[] = { cli, "--db", db_path, "--endpoint-url",
                               jg_test_emulator_get_endpoint (emulator),
                               "commit", "--no-keyring", "--max-in-flight",
                               in_flight_text, "--max-per-account",
                               per_account_text, "-m", "Benchmark", NULL };

    elapsed_s = run_timed (cli_argv, key_id, secret, &out);
  }
  cli_cpu_s = children_cpu_seconds ();

  stats = jg_test_emulator_get_stats (emulator, &error);
  g_assert_no_error (error);
  state = jg_test_emulator_dump_state (emulator, &error);
  g_assert_no_error (error);
  g_assert_true (jg_test_emulator_stop (emulator, &error));
  /* The emulator's own start-up and the two control calls are included:
   * a fraction of a second. */
  emulator_cpu_s = children_cpu_seconds () - cli_cpu_s;

  /* boto3, on a fresh emulator with the same seed. */
  write_boto3_input (state, boto3_input);
  emulator2 = start_emulator (seed, latency_text, &key_id2, &secret2);
  {
    const char *boto3_argv[] = { "/usr/bin/python3", boto3_script,
                                 jg_test_emulator_get_endpoint (emulator2),
                                 boto3_input, NULL };

    run_timed (boto3_argv, key_id2, secret2, &boto3_out);
  }
  if (!json_parser_load_from_data (parser, boto3_out, -1, &error))
    g_error ("bench-commit: the boto3 script printed “%s”: %s", boto3_out,
             error->message);
  boto3_s = json_object_get_double_member (json_node_get_object (json_parser_get_root (parser)),
                                           "seconds");
  stats2 = jg_test_emulator_get_stats (emulator2, &error);
  g_assert_no_error (error);
  state2 = jg_test_emulator_dump_state (emulator2, &error);
  g_assert_no_error (error);
  g_assert_true (jg_test_emulator_stop (emulator2, &error));
  differences = count_differences (state, state2);

  /* The floor, from the requests Jumpgate sent. */
  operations = json_object_get_object_member (json_node_get_object (stats),
                                              "operations");
  identity = operation_count (operations, "sts:GetCallerIdentity");
  assume = operation_count (operations, "sts:AssumeRole");
  jump_reads = operation_count (operations, "iam:GetUser")
               + operation_count (operations, "iam:ListUserPolicies")
               + operation_count (operations, "iam:GetUserPolicy");
  role_reads = operation_count (operations, "iam:GetRole");
  user_writes = operation_count (operations, "iam:PutUserPolicy")
                + operation_count (operations, "iam:DeleteUserPolicy");
  role_writes = operation_count (operations, "iam:UpdateAssumeRolePolicy");
  total = json_object_get_int_member (json_node_get_object (stats), "total");
  total2 = json_object_get_int_member (json_node_get_object (stats2),
                                       "total");

  read_rounds = MAX (ceil_div (jump_reads, max_per_account),
                     MAX (1 + ceil_div (role_reads / N_ACCOUNTS,
                                        max_per_account),
                          ceil_div (assume + jump_reads + role_reads,
                                    max_in_flight)));
  write_rounds = MAX (ceil_div (user_writes, max_per_account),
                      MAX (ceil_div (role_writes / N_ACCOUNTS,
                                     max_per_account),
                           ceil_div (user_writes + role_writes,
                                     max_in_flight)));
  rounds = identity + read_rounds + write_rounds;
  floor_s = rounds * latency_ms / 1000.0;

  g_print ("documents: %u user policies, %u trust policies in %u accounts\n",
           N_USERS, N_USERS, N_ACCOUNTS);
  g_print ("latency: %u ms, bounds: %u in flight, %u per account\n",
           latency_ms, max_in_flight, max_per_account);
  g_print ("Jumpgate requests: %" G_GINT64_FORMAT " (GetCallerIdentity %"
           G_GINT64_FORMAT ", AssumeRole %" G_GINT64_FORMAT ", user reads %"
           G_GINT64_FORMAT ", GetRole %" G_GINT64_FORMAT ", user writes %"
           G_GINT64_FORMAT ", trust writes %" G_GINT64_FORMAT ")\n", total,
           identity, assume, jump_reads, role_reads, user_writes,
           role_writes);
  g_print ("boto3 requests: %" G_GINT64_FORMAT "\n", total2);
  g_print ("floor: %" G_GINT64_FORMAT " round trips (%" G_GINT64_FORMAT
           " reading, %" G_GINT64_FORMAT " writing) = %.2f s\n", rounds,
           read_rounds, write_rounds, floor_s);
  g_print ("jumpgate-cli commit: %.2f s = %.2f x floor (allowed %.1f)\n",
           elapsed_s, elapsed_s / floor_s, ALLOWED_FACTOR);
  g_print ("CPU time: jumpgate-cli %.2f s, its emulator %.2f s\n",
           cli_cpu_s, emulator_cpu_s);
  g_print ("boto3, sequential: %.2f s; Jumpgate is %.1f x faster "
           "(target %.0f)\n", boto3_s, boto3_s / elapsed_s, MIN_SPEEDUP);
  g_print ("documents that differ between the two emulators: %u\n",
           differences);

  remove_dir (dir);

  ok = differences == 0
       && elapsed_s <= ALLOWED_FACTOR * floor_s
       && boto3_s >= MIN_SPEEDUP * elapsed_s;
  return ok ? 0 : 1;
}
