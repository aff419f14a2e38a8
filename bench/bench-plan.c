/* bench-plan.c: time and peak memory of an offline plan of a large
 * organisation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The organisation, built through the store API in a temporary database:
 * N_ACCOUNTS accounts of ROLES_PER_ACCOUNT roles (every other one
 * requires MFA), N_PERSONS persons with one principal each, and
 * N_GRANTS grants recorded as one applied commit (each person holds
 * GRANTS_PER_PERSON roles of different accounts). The document cache
 * then contains what AWS would store after that commit: every user has its
 * jumpgate-assume-roles policy (every tenth user also a policy of its
 * own), every role a trust policy with one statement Jumpgate does not
 * own plus the managed statement. The setup checks that a plan of every
 * document finds nothing to change, then stages N_STAGED_GRANTS grants
 * and N_STAGED_REVOKES revocations.
 *
 * What is timed, in a child process so that its peak resident memory
 * (VmHWM) is the plan's alone: opening the store, collecting the
 * targets, loading the document cache and computing the plan, as
 * "jumpgate-cli plan --offline" does, once for the documents the staging
 * area touches and once for every document (--all). Each is run RUNS
 * times and the best time is reported.
 *
 * Usage: bench-plan [RUNS]
 * Exits 1 when the --all plan takes TARGET_MS or more, or the child's
 * VmHWM reaches TARGET_RSS_MB.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "core/jg-core.h"
#include "engine/jg-plan.h"

#define JUMP_ACCOUNT "100000000000"
#define N_ACCOUNTS 1000
#define ROLES_PER_ACCOUNT 10
#define N_ROLES (N_ACCOUNTS * ROLES_PER_ACCOUNT)
#define N_PERSONS 5000
#define GRANTS_PER_PERSON 10
#define N_GRANTS (N_PERSONS * GRANTS_PER_PERSON)
#define N_STAGED_GRANTS 300
#define N_STAGED_REVOKES 200
#define TARGET_MS 250.0
#define TARGET_RSS_MB 300.0

static char *
account_id (guint index)
{
  return g_strdup_printf ("3%011u", index);
}

static char *
role_arn (guint role)
{
  g_autofree char *id = account_id (role / ROLES_PER_ACCOUNT);

  return g_strdup_printf ("arn:aws:iam::%s:role/team/role-%u", id,
                          role % ROLES_PER_ACCOUNT);
}

static char *
handle_of (guint person)
{
  return g_strdup_printf ("person%04u", person);
}

static char *
principal_arn (guint person)
{
  return g_strdup_printf ("arn:aws:iam::" JUMP_ACCOUNT ":user/people/person%04u",
                          person);
}

/* The k-th role granted to a person: GRANTS_PER_PERSON roles of
 * different accounts, spread so that every role gets N_GRANTS / N_ROLES
 * grants. The stride is prime to N_ROLES. */
static guint
granted_role (guint person,
              guint k)
{
  return (person * 7 + k * 1009) % N_ROLES;
}

static gboolean
fill_entities (JgStore  *store,
               gpointer  user_data,
               GError  **error)
{
  JgJumpAccount jump = { JG_PARTITION_AWS, JUMP_ACCOUNT, "eu-west-1", NULL };

  if (!jg_store_add_jump_account (store, &jump, error))
    return FALSE;

  for (guint a = 0; a < N_ACCOUNTS; a++)
    {
      g_autofree char *id = account_id (a);
      g_autofree char *name = g_strdup_printf ("account-%04u", a);
      JgAccount account = { id, JG_PARTITION_AWS, name, "", NULL,
                            JG_DEFAULT_ADMIN_ROLE, 2048, NULL, NULL };

      if (!jg_store_add_account (store, &account, error))
        return FALSE;

      for (guint r = 0; r < ROLES_PER_ACCOUNT; r++)
        {
          g_autoptr(JgRole) role = g_new0 (JgRole, 1);

          role->account_id = g_strdup (id);
          role->name = g_strdup_printf ("role-%u", r);
          role->path = g_strdup ("/team/");
          role->require_mfa = r % 2 == 0;
          if (!jg_store_add_role (store, role, error))
            return FALSE;
        }
    }

  for (guint p = 0; p < N_PERSONS; p++)
    {
      g_autofree char *handle = handle_of (p);
      JgPerson person = { handle, handle, NULL };
      g_autoptr(JgPrincipal) principal = g_new0 (JgPrincipal, 1);

      principal->handle = g_strdup (handle);
      principal->partition = JG_PARTITION_AWS;
      principal->user_name = g_strdup (handle);
      principal->path = g_strdup ("/people/");
      if (!jg_store_add_person (store, &person, error)
          || !jg_store_add_principal (store, principal, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
record_grants (JgStore  *store,
               GError  **error)
{
  g_autoptr(GPtrArray) changes = NULL;

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_change_free);
  for (guint p = 0; p < N_PERSONS; p++)
    for (guint k = 0; k < GRANTS_PER_PERSON; k++)
      {
        JgChange *change = g_new0 (JgChange, 1);

        change->kind = JG_CHANGE_GRANT;
        change->handle = handle_of (p);
        change->principal_arn = principal_arn (p);
        change->role_arn = role_arn (granted_role (p, k));
        g_ptr_array_add (changes, change);
      }

  return jg_store_record_applied_commit (store, "Previous commit",
                                         "arn:aws:iam::" JUMP_ACCOUNT
                                         ":user/admin", "bench", changes,
                                         error) > 0;
}

/* A trust policy with only the statement Jumpgate does not own: the
 * account's root may assume the role with MFA. */
static char *
foreign_trust_policy (const char *account)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *root_arn = g_strdup_printf ("arn:aws:iam::%s:root",
                                               account);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Version");
  json_builder_add_string_value (builder, "2012-10-17");
  json_builder_set_member_name (builder, "Statement");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Sid");
  json_builder_add_string_value (builder, "AccountRoot");
  json_builder_set_member_name (builder, "Effect");
  json_builder_add_string_value (builder, "Allow");
  json_builder_set_member_name (builder, "Principal");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "AWS");
  json_builder_add_string_value (builder, root_arn);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "Action");
  json_builder_add_string_value (builder, "sts:AssumeRole");
  json_builder_set_member_name (builder, "Condition");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Bool");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "aws:MultiFactorAuthPresent");
  json_builder_add_string_value (builder, "true");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* A user's own inline policy, which the plan counts towards the
 * aggregate size of the user's inline policies. */
static char *
own_user_policy (const char *arn)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Version");
  json_builder_add_string_value (builder, "2012-10-17");
  json_builder_set_member_name (builder, "Statement");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Effect");
  json_builder_add_string_value (builder, "Allow");
  json_builder_set_member_name (builder, "Action");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "iam:GetUser");
  json_builder_add_string_value (builder, "iam:ChangePassword");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "Resource");
  json_builder_add_string_value (builder, arn);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Records in @documents the documents of every target as they were
 * before the previous commit (no Jumpgate policy, foreign trust
 * statements only), or after it: @after maps a target ARN to the
 * document the previous commit wrote. */
static void
set_documents (JgPlanDocuments *documents,
               GPtrArray       *targets,
               GHashTable      *after)
{
  for (guint i = 0; i < targets->len; i++)
    {
      JgPlanTarget *target = g_ptr_array_index (targets, i);
      const char *written = after != NULL
                            ? g_hash_table_lookup (after, target->arn) : NULL;

      if (target->kind == JG_PLAN_DOCUMENT_TRUST_POLICY)
        {
          g_autofree char *foreign = foreign_trust_policy (target->account_id);

          jg_plan_documents_set_role (documents, target->arn, TRUE,
                                      written != NULL ? written : foreign);
        }
      else
        {
          g_autofree char *own = own_user_policy (target->arn);
          const char *names[] = { "self-service", NULL };
          const char *texts[] = { own, NULL };
          gboolean has_own = g_str_has_suffix (target->arn, "0");

          jg_plan_documents_set_user (documents, target->arn, TRUE, written,
                                      has_own ? names : names + 1,
                                      has_own ? texts : texts + 1);
        }
    }
}

/* Fills the document cache with what AWS stores after the previous
 * commit: the documents a plan from the pre-commit state writes. */
static gboolean
fill_cache (JgStore  *store,
            GError  **error)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(JgPlanDocuments) before = jg_plan_documents_new ();
  g_autoptr(JgPlanDocuments) current = jg_plan_documents_new ();
  g_autoptr(JgPlan) plan = NULL;
  g_autoptr(GHashTable) after = g_hash_table_new (g_str_hash, g_str_equal);

  targets = jg_plan_collect_targets (store, JG_PLAN_SCOPE_ALL, 0, error);
  if (targets == NULL)
    return FALSE;

  set_documents (before, targets, NULL);
  plan = jg_plan_compute (targets, before);
  if (plan->violations->len > 0)
    {
      g_autofree char *message = jg_plan_dup_violations_message (plan);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The synthetic organisation breaks a limit: %s", message);
      return FALSE;
    }

  for (guint i = 0; i < plan->actions->len; i++)
    {
      JgPlanAction *action = g_ptr_array_index (plan->actions, i);

      g_hash_table_insert (after, action->target_arn, action->after);
    }
  g_print ("setup: the previous commit wrote %u documents\n",
           plan->actions->len);

  set_documents (current, targets, after);
  return jg_plan_documents_save_cache (current, store, targets, error);
}

static gboolean
stage_changes (JgStore  *store,
               GError  **error)
{
  /* Grants: person p gets a role of the account after its first one.
   * Revocations: person p loses its first role. Different persons, so
   * no change cancels another. */
  for (guint i = 0; i < N_STAGED_GRANTS; i++)
    {
      guint person = i * 13 % N_PERSONS;
      g_autofree char *handle = handle_of (person);
      g_autofree char *arn = role_arn ((granted_role (person, 0)
                                        + ROLES_PER_ACCOUNT) % N_ROLES);
      const char *arns[] = { arn, NULL };

      if (!jg_store_stage (store, JG_CHANGE_GRANT, handle, arns, error))
        return FALSE;
    }

  for (guint i = 0; i < N_STAGED_REVOKES; i++)
    {
      guint person = (i * 13 + 7) % N_PERSONS;
      g_autofree char *handle = handle_of (person);
      g_autofree char *arn = role_arn (granted_role (person, 0));
      const char *arns[] = { arn, NULL };

      if (!jg_store_stage (store, JG_CHANGE_REVOKE, handle, arns, error))
        return FALSE;
    }

  return TRUE;
}

/* Returns the VmHWM line of /proc/self/status in megabytes, or -1. */
static double
peak_resident_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;

  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return -1;

  return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;
}

/* The child: runs the offline plan @runs times and prints one JSON
 * object with the best and every time, the counts of the last plan and
 * the peak resident memory. */
static int
measure (const char *db_path,
         gboolean    all,
         guint       runs)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  double best_ms = G_MAXDOUBLE;
  double collect_ms = 0;
  double load_ms = 0;
  double compute_ms = 0;
  guint n_actions = 0;
  guint n_violations = 0;
  guint n_checked = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "times_ms");
  json_builder_begin_array (builder);
  for (guint run = 0; run < runs; run++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JgStore) store = NULL;
      g_autoptr(GPtrArray) targets = NULL;
      g_autoptr(JgPlanDocuments) documents = NULL;
      g_autoptr(JgPlan) plan = NULL;
      gint64 started = g_get_monotonic_time ();
      gint64 collected = 0;
      gint64 loaded = 0;
      double ms;

      store = jg_store_open (db_path, &error);
      if (store != NULL)
        targets = jg_plan_collect_targets (store, all ? JG_PLAN_SCOPE_ALL
                                                      : JG_PLAN_SCOPE_STAGED,
                                           0, &error);
      collected = g_get_monotonic_time ();
      if (targets != NULL)
        documents = jg_plan_documents_load_cache (store, targets, &error);
      loaded = g_get_monotonic_time ();
      if (documents == NULL)
        {
          g_printerr ("bench-plan: the plan failed: %s\n", error->message);
          return 1;
        }
      plan = jg_plan_compute (targets, documents);
      ms = (g_get_monotonic_time () - started) / 1000.0;

      /* The phases of the best run. */
      if (ms < best_ms)
        {
          best_ms = ms;
          collect_ms = (collected - started) / 1000.0;
          load_ms = (loaded - collected) / 1000.0;
          compute_ms = ms - collect_ms - load_ms;
        }
      json_builder_add_double_value (builder, ms);
      n_actions = plan->actions->len;
      n_violations = plan->violations->len;
      n_checked = plan->n_checked;
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "best_ms");
  json_builder_add_double_value (builder, best_ms);
  json_builder_set_member_name (builder, "collect_ms");
  json_builder_add_double_value (builder, collect_ms);
  json_builder_set_member_name (builder, "load_ms");
  json_builder_add_double_value (builder, load_ms);
  json_builder_set_member_name (builder, "compute_ms");
  json_builder_add_double_value (builder, compute_ms);
  json_builder_set_member_name (builder, "checked");
  json_builder_add_int_value (builder, n_checked);
  json_builder_set_member_name (builder, "actions");
  json_builder_add_int_value (builder, n_actions);
  json_builder_set_member_name (builder, "violations");
  json_builder_add_int_value (builder, n_violations);
  json_builder_set_member_name (builder, "vm_hwm_mb");
  json_builder_add_double_value (builder, peak_resident_mb ());
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  g_print ("%s\n", text);
  return 0;
}

/* Runs this program as a child in measuring mode; returns its result. */
static JsonObject *
run_child (const char *db_path,
           const char *scope,
           guint       runs)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *runs_text = g_strdup_printf ("%u", runs);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                              | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              "/proc/self/exe", "--measure", db_path, scope,
                              runs_text, NULL);
  if (process == NULL
      || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err,
                                         &error))
    g_error ("bench-plan: cannot run the measuring child: %s",
             error->message);
  if (!g_subprocess_get_successful (process))
    g_error ("bench-plan: the measuring child failed: %s", err);
  if (!json_parser_load_from_data (parser, out, -1, &error))
    g_error ("bench-plan: the child printed “%s”: %s", out, error->message);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
print_result (const char *label,
              JsonObject *result)
{
  JsonArray *times = json_object_get_array_member (result, "times_ms");
  g_autoptr(GString) all_times = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (times); i++)
    g_string_append_printf (all_times, "%s%.1f", i > 0 ? ", " : "",
                            json_array_get_double_element (times, i));

  g_print ("%s: best %.1f ms (runs: %s), %" G_GINT64_FORMAT " documents "
           "checked, %" G_GINT64_FORMAT " actions, %" G_GINT64_FORMAT
           " violations, VmHWM %.1f MB\n", label,
           json_object_get_double_member (result, "best_ms"), all_times->str,
           json_object_get_int_member (result, "checked"),
           json_object_get_int_member (result, "actions"),
           json_object_get_int_member (result, "violations"),
           json_object_get_double_member (result, "vm_hwm_mb"));
  g_print ("  best run: store open and targets %.1f ms, cache %.1f ms, "
           "compare %.1f ms\n",
           json_object_get_double_member (result, "collect_ms"),
           json_object_get_double_member (result, "load_ms"),
           json_object_get_double_member (result, "compute_ms"));
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

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JsonObject) staged = NULL;
  g_autoptr(JsonObject) all = NULL;
  g_autoptr(JsonObject) unchanged = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  guint64 runs = 5;
  gint64 started;
  double all_ms;
  double peak_mb;

  if (argc == 5 && strcmp (argv[1], "--measure") == 0)
    return measure (argv[2], strcmp (argv[3], "all") == 0,
                    (guint) g_ascii_strtoull (argv[4], NULL, 10));

  if (argc > 2
      || (argc == 2
          && !g_ascii_string_to_unsigned (argv[1], 10, 1, 100, &runs, NULL)))
    {
      g_printerr ("Usage: bench-plan [RUNS]   (RUNS from 1 to 100, "
                  "default 5)\n");
      return 2;
    }

  dir = g_dir_make_tmp ("jumpgate-bench-plan-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (dir, "jumpgate.db", NULL);

  started = g_get_monotonic_time ();
  store = jg_store_open (db_path, &error);
  if (store == NULL
      || !jg_store_run_transaction (store, fill_entities, NULL, &error)
      || !record_grants (store, &error)
      || !fill_cache (store, &error))
    g_error ("bench-plan: the setup failed: %s", error->message);
  g_print ("setup: %u accounts, %u roles, %u persons, %u grants in %.1f s\n",
           N_ACCOUNTS, N_ROLES, N_PERSONS, N_GRANTS,
           (g_get_monotonic_time () - started) / 1e6);

  /* Before staging, a plan of every document must find nothing to do:
   * the cache contains exactly what the desired state needs. */
  unchanged = run_child (db_path, "all", 1);
  if (json_object_get_int_member (unchanged, "actions") != 0
      || json_object_get_int_member (unchanged, "violations") != 0)
    g_error ("bench-plan: the cache does not match the grants: a plan "
             "finds %" G_GINT64_FORMAT " actions and %" G_GINT64_FORMAT
             " violations", json_object_get_int_member (unchanged, "actions"),
             json_object_get_int_member (unchanged, "violations"));

  if (!stage_changes (store, &error))
    g_error ("bench-plan: cannot stage: %s", error->message);
  g_clear_object (&store);

  staged = run_child (db_path, "staged", (guint) runs);
  all = run_child (db_path, "all", (guint) runs);

  g_print ("staged: %u grants, %u revocations\n", N_STAGED_GRANTS,
           N_STAGED_REVOKES);
  print_result ("plan --offline (staged)", staged);
  print_result ("plan --offline --all", all);
  g_print ("targets: under %.0f ms and %.0f MB\n", TARGET_MS, TARGET_RSS_MB);

  remove_dir (dir);

  all_ms = json_object_get_double_member (all, "best_ms");
  peak_mb = MAX (json_object_get_double_member (all, "vm_hwm_mb"),
                 json_object_get_double_member (staged, "vm_hwm_mb"));
  return all_ms < TARGET_MS && peak_mb < TARGET_RSS_MB ? 0 : 1;
}
