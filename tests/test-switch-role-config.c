/* test-switch-role-config.c: AWS Extend Switch Roles and AWS CLI
 * configurations, checked against golden files, the extension's own
 * parser (npm aesr-config 0.6.0), lz-string and Debian's AWS CLI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "core/jg-model.h"
#include "core/jg-switch-role-config.h"
#include "core/jg-file-util.h"

/* Debian's awscli 2.9; another AWS CLI may come first on PATH. */
#define AWS_CLI "/usr/bin/aws"

#define N_RANDOM_ORGANISATIONS 50

/* Test organisation */

typedef struct
{
  JgJumpAccount *jumps[JG_N_PARTITIONS];
  GPtrArray     *accounts;    /* JgAccount */
  GPtrArray     *roles;       /* JgRole */
} Organisation;

typedef struct
{
  JgPerson    *person;
  JgPrincipal *principals[JG_N_PARTITIONS];
  GPtrArray   *grants;        /* JgRole, borrowed from the organisation */
} Person;

static Organisation *
organisation_new (void)
{
  Organisation *org = g_new0 (Organisation, 1);

  org->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_account_free);
  org->roles = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_role_free);
  return org;
}

static void
organisation_free (Organisation *org)
{
  for (guint i = 0; i < JG_N_PARTITIONS; i++)
    g_clear_pointer (&org->jumps[i], jg_jump_account_free);
  g_ptr_array_unref (org->accounts);
  g_ptr_array_unref (org->roles);
  g_free (org);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Organisation, organisation_free)

static Person *
person_new (const char *handle)
{
  Person *person = g_new0 (Person, 1);

  person->person = g_new0 (JgPerson, 1);
  person->person->handle = g_strdup (handle);
  person->person->name = g_strdup (handle);
  person->grants = g_ptr_array_new ();
  return person;
}

static void
person_free (Person *person)
{
  jg_person_free (person->person);
  for (guint i = 0; i < JG_N_PARTITIONS; i++)
    g_clear_pointer (&person->principals[i], jg_principal_free);
  g_ptr_array_unref (person->grants);
  g_free (person);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Person, person_free)

static void
add_jump (Organisation *org,
          JgPartition   partition,
          const char   *account_id,
          const char   *region,
          const char   *alias)
{
  JgJumpAccount *jump = g_new0 (JgJumpAccount, 1);

  jump->partition = partition;
  jump->account_id = g_strdup (account_id);
  jump->region = g_strdup (region);
  jump->alias = g_strdup (alias);
  org->jumps[partition] = jump;
}

static const JgAccount *
add_account (Organisation *org,
             JgPartition   partition,
             const char   *id,
             const char   *name,
             const char   *color,
             const char   *region)
{
  JgAccount *account = g_new0 (JgAccount, 1);

  account->id = g_strdup (id);
  account->partition = partition;
  account->name = g_strdup (name);
  account->environment = g_strdup ("");
  account->color = g_strdup (color);
  account->admin_role = g_strdup (JG_DEFAULT_ADMIN_ROLE);
  account->trust_policy_limit = JG_TRUST_POLICY_DEFAULT_LIMIT;
  account->region = g_strdup (region);
  g_ptr_array_add (org->accounts, account);
  return account;
}

static const JgRole *
add_role (Organisation    *org,
          const JgAccount *account,
          const char      *path,
          const char      *name)
{
  JgRole *role = g_new0 (JgRole, 1);

  role->partition = account->partition;
  role->account_id = g_strdup (account->id);
  role->name = g_strdup (name);
  role->path = g_strdup (path);
  role->arn = jg_arn_build (account->partition, account->id, "role", path,
                            name);
  role->require_mfa = TRUE;
  g_ptr_array_add (org->roles, role);
  return role;
}

static void
add_principal (Person       *person,
               Organisation *org,
               JgPartition   partition,
               const char   *mfa_device)
{
  JgPrincipal *principal = g_new0 (JgPrincipal, 1);
  const char *account_id = org->jumps[partition]->account_id;

  principal->handle = g_strdup (person->person->handle);
  principal->partition = partition;
  principal->user_name = g_strdup (person->person->handle);
  principal->path = g_strdup ("/");
  principal->arn = jg_arn_build (partition, account_id, "user", "/",
                                 person->person->handle);
  if (mfa_device != NULL)
    principal->mfa_serial = jg_arn_build (partition, account_id, "mfa", "/",
                                          mfa_device);
  person->principals[partition] = principal;
}

static const JgAccount *
find_account (const Organisation *org,
              const JgRole       *role)
{
  for (guint i = 0; i < org->accounts->len; i++)
    {
      const JgAccount *account = g_ptr_array_index (org->accounts, i);

      if (account->partition == role->partition
          && strcmp (account->id, role->account_id) == 0)
        return account;
    }

  g_assert_not_reached ();
}

static JgSwitchRoleInput *
build_input (const Organisation *org,
             const Person       *person)
{
  g_autoptr(JgSwitchRoleInput) input = jg_switch_role_input_new (person->person);

  for (guint p = 0; p < JG_N_PARTITIONS; p++)
    {
      if (org->jumps[p] != NULL)
        jg_switch_role_input_set_partition (input, org->jumps[p],
                                            person->principals[p]);
    }

  for (guint i = 0; i < person->grants->len; i++)
    {
      const JgRole *role = g_ptr_array_index (person->grants, i);

      jg_switch_role_input_add_role (input, find_account (org, role), role);
    }

  return g_steal_pointer (&input);
}

/* The test's own statement of which grants each format can carry, so the
 * generator is not checked against itself. */
static gboolean
expect_in_output (const Organisation *org,
                  const Person       *person,
                  const JgRole       *role,
                  JgSwitchRoleFormat  format)
{
  if (org->jumps[role->partition] == NULL
      || person->principals[role->partition] == NULL)
    return FALSE;

  /* The extension reads ';' and '#' as comments and drops what follows a
   * second '=' on a line. */
  if (format == JG_SWITCH_ROLE_FORMAT_AESR && strpbrk (role->arn, ";#=") != NULL)
    return FALSE;

  return TRUE;
}

static char *
expected_jump_name (JgPartition partition)
{
  return g_strconcat ("jump-", jg_partition_to_string (partition), NULL);
}

/* Running programs */

static char *
test_dist_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, name, NULL);
}

static void
require_node_packages (void)
{
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *parser = test_dist_path ("node_modules/aesr-config/bin/"
                                            "parse-aesr-config.js");
  g_autofree char *lz = test_dist_path ("node_modules/lz-string/package.json");

  if (node == NULL)
    g_error ("node is not on PATH: install Node.js 20 or later (Debian "
             "package nodejs), then run npm ci --prefix tests");
  if (!g_file_test (parser, G_FILE_TEST_EXISTS)
      || !g_file_test (lz, G_FILE_TEST_EXISTS))
    g_error ("%s or %s is missing: run npm ci --prefix tests in the source "
             "tree", parser, lz);
}

static void
require_aws_cli (void)
{
  if (!g_file_test (AWS_CLI, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("%s is missing: install Debian's AWS CLI with apt-get install "
             "awscli", AWS_CLI);
}

/* Runs the parser and lz-string on TEXTS and returns the result array of
 * tests/aesr-parse-check. */
static JsonArray *
run_aesr_check (GPtrArray *texts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = test_dist_path ("aesr-parse-check");
  g_autofree char *input = NULL;
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;
  JsonArray *results;

  require_node_packages ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < texts->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (texts, i));
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  input = json_generator_to_data (generator, NULL);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                              | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                              | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, "node", script, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &output, &errors,
                                 &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s failed: %s", script, errors);
  g_assert_cmpstr (errors, ==, "");

  json_parser_load_from_data (parser, output, -1, &error);
  g_assert_no_error (error);
  results = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (results), ==, texts->len);

  return json_array_ref (results);
}

/* One run of the AWS CLI on a generated file: either `configure
 * list-profiles`, expected to print exactly NAMES, or `configure get KEY
 * --profile PROFILE`, expected to print VALUE. */
typedef struct
{
  char        *config_path;
  char        *profile;       /* NULL for list-profiles */
  char        *key;
  char        *value;
  GHashTable  *names;         /* for list-profiles */
  GSubprocess *process;
} AwsJob;

static void
aws_job_free (AwsJob *job)
{
  g_free (job->config_path);
  g_free (job->profile);
  g_free (job->key);
  g_free (job->value);
  g_clear_pointer (&job->names, g_hash_table_unref);
  g_clear_object (&job->process);
  g_free (job);
}

static void
add_list_job (GPtrArray  *jobs,
              const char *config_path,
              GPtrArray  *names)
{
  AwsJob *job = g_new0 (AwsJob, 1);

  job->config_path = g_strdup (config_path);
  job->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < names->len; i++)
    g_hash_table_add (job->names, g_strdup (g_ptr_array_index (names, i)));
  g_ptr_array_add (jobs, job);
}

static void
add_get_job (GPtrArray  *jobs,
             const char *config_path,
             const char *profile,
             const char *key,
             const char *value)
{
  AwsJob *job = g_new0 (AwsJob, 1);

  job->config_path = g_strdup (config_path);
  job->profile = g_strdup (profile);
  job->key = g_strdup (key);
  job->value = g_strdup (value);
  g_ptr_array_add (jobs, job);
}

/* Starts /usr/bin/aws for JOB, reading only JOB's file. */
static void
start_aws_job (AwsJob *job)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;

  require_aws_cli ();

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "AWS_CONFIG_FILE", job->config_path,
                                TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_SHARED_CREDENTIALS_FILE",
                                "/dev/null", TRUE);
  g_subprocess_launcher_setenv (launcher, "AWS_PAGER", "", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "AWS_PROFILE");
  g_subprocess_launcher_unsetenv (launcher, "AWS_DEFAULT_PROFILE");

  if (job->profile == NULL)
    job->process = g_subprocess_launcher_spawn (launcher, &error, AWS_CLI,
                                                "configure", "list-profiles",
                                                NULL);
  else
    job->process = g_subprocess_launcher_spawn (launcher, &error, AWS_CLI,
                                                "configure", "get", job->key,
                                                "--profile", job->profile,
                                                NULL);
  g_assert_no_error (error);
}

static void
finish_aws_job (AwsJob *job)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;

  g_subprocess_communicate_utf8 (job->process, NULL, NULL, &output, &errors,
                                 &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (job->process))
    g_error ("%s failed on %s (profile %s) with status %d: %s", AWS_CLI,
             job->config_path, job->profile != NULL ? job->profile : "-",
             g_subprocess_get_exit_status (job->process), errors);

  if (job->profile == NULL)
    {
      g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
      guint n_listed = 0;

      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (lines[i][0] == '\0')
            continue;
          if (!g_hash_table_contains (job->names, lines[i]))
            g_error ("aws configure list-profiles lists “%s”, which %s does "
                     "not define", lines[i], job->config_path);
          n_listed++;
        }
      g_assert_cmpuint (n_listed, ==, g_hash_table_size (job->names));
    }
  else
    {
      g_autofree char *expected = g_strconcat (job->value, "\n", NULL);

      g_test_message ("aws configure get %s --profile %s", job->key,
                      job->profile);
      g_assert_cmpstr (output, ==, expected);
    }
}

/* Runs JOBS two at a time: each costs about half a second of CPU, and the
 * machines that run the tests have two cores. */
static void
run_aws_jobs (GPtrArray *jobs)
{
  for (guint start = 0; start < jobs->len; start += 2)
    {
      guint end = MIN (start + 2, jobs->len);

      for (guint i = start; i < end; i++)
        start_aws_job (g_ptr_array_index (jobs, i));
      for (guint i = start; i < end; i++)
        finish_aws_job (g_ptr_array_index (jobs, i));
    }
}

/* Checking generated text */

/* JavaScript's String.prototype.trim() removes these, and the extension
 * trims profile names with it. */
static gboolean
is_js_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0xfeff || c == 0x2028 || c == 0x2029
         || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR;
}

static void
check_profile_name (const char         *name,
                    JgSwitchRoleFormat  format)
{
  const char *last;

  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_cmpstr (name, !=, "");
  g_assert_null (strpbrk (name, ";#=[]\r\n"));

  last = g_utf8_prev_char (name + strlen (name));
  g_assert_false (is_js_space (g_utf8_get_char (name)));
  g_assert_false (is_js_space (g_utf8_get_char (last)));

  if (format == JG_SWITCH_ROLE_FORMAT_AWS_CLI)
    {
      /* Typed after --profile and split by botocore with shlex. */
      for (const char *p = name; *p != '\0'; p++)
        {
          g_assert_true (g_ascii_isalnum (*p) || strchr ("._+@-/", *p) != NULL);
        }
      g_assert_cmpint (name[0], !=, '-');
    }
}

static gboolean
has_warning_about (GPtrArray  *warnings,
                   const char *role_arn)
{
  g_autofree char *quoted = g_strdup_printf ("“%s”", role_arn);

  for (guint i = 0; i < warnings->len; i++)
    {
      if (strstr (g_ptr_array_index (warnings, i), quoted) != NULL)
        return TRUE;
    }

  return FALSE;
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  if (!json_object_has_member (object, member))
    return NULL;

  return json_object_get_string_member (object, member);
}

/* Checks the parser's view of one person's extension text against the
 * grants. Each granted role that the dialect can carry must appear exactly
 * once, under its partition's jump profile, with its account's colour and
 * region, and nothing else may appear. */
static void
check_parsed_aesr (const Organisation *org,
                   const Person       *person,
                   const char         *text,
                   GPtrArray          *warnings,
                   JsonObject         *result)
{
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  const char *errors = json_object_get_string_member (result, "stderr");
  JsonObject *profiles;
  JsonArray *complexes;

  if (errors[0] != '\0')
    g_error ("parse-aesr-config rejected the text: %s\n%s", errors, text);

  g_assert_cmpuint (json_object_get_int_member (result, "utf16Length"), ==,
                    jg_lz_string_compressed_utf16_length (text));

  for (guint i = 0; i < person->grants->len; i++)
    {
      const JgRole *role = g_ptr_array_index (person->grants, i);

      if (expect_in_output (org, person, role, JG_SWITCH_ROLE_FORMAT_AESR))
        {
          g_hash_table_insert (expected,
                               g_strdup_printf ("%s|%s%s", role->account_id,
                                                role->path + 1, role->name),
                               (gpointer) role);
        }
      else
        {
          g_assert_true (has_warning_about (warnings, role->arn));
        }
    }

  profiles = json_object_get_object_member (result, "profiles");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (profiles, "singles")), ==, 0);
  complexes = json_object_get_array_member (profiles, "complexes");

  for (guint c = 0; c < json_array_get_length (complexes); c++)
    {
      JsonObject *base = json_array_get_object_element (complexes, c);
      JsonArray *targets = json_object_get_array_member (base, "targets");
      const char *base_name = member_string (base, "name");
      const JgJumpAccount *jump = NULL;

      for (guint p = 0; p < JG_N_PARTITIONS; p++)
        {
          g_autofree char *jump_name = expected_jump_name (p);

          if (strcmp (base_name, jump_name) == 0)
            jump = org->jumps[p];
        }
      g_assert_nonnull (jump);
      g_assert_cmpstr (member_string (base, "aws_account_id"), ==,
                       jump->account_id);
      g_assert_cmpstr (member_string (base, "aws_account_alias"), ==,
                       jump->alias);
      g_assert_null (member_string (base, "role_name"));
      g_assert_true (g_hash_table_add (names, (char *) base_name));
      g_assert_cmpuint (json_array_get_length (targets), >, 0);

      for (guint t = 0; t < json_array_get_length (targets); t++)
        {
          JsonObject *target = json_array_get_object_element (targets, t);
          const char *name = member_string (target, "name");
          g_autofree char *key = g_strdup_printf ("%s|%s",
                                                  member_string (target, "aws_account_id"),
                                                  member_string (target, "role_name"));
          const JgRole *role = g_hash_table_lookup (expected, key);
          const JgAccount *account;

          if (role == NULL)
            g_error ("profile “%s” (%s) is not an expected grant of %s in "
                     "this text:\n%s", name, key, person->person->handle,
                     text);
          g_assert_cmpint (role->partition, ==, jump->partition);
          account = find_account (org, role);

          check_profile_name (name, JG_SWITCH_ROLE_FORMAT_AESR);
          g_assert_true (g_hash_table_add (names, (char *) name));
          g_assert_cmpstr (member_string (target, "color"), ==, account->color);
          g_assert_cmpstr (member_string (target, "region"), ==, account->region);
          g_hash_table_remove (expected, key);
        }
    }

  g_assert_cmpuint (g_hash_table_size (expected), ==, 0);
}

typedef struct
{
  char       *name;
  GHashTable *values;
} CliProfile;

static void
cli_profile_free (CliProfile *profile)
{
  g_free (profile->name);
  g_hash_table_unref (profile->values);
  g_free (profile);
}

/* Splits the generated AWS CLI text into profiles. This is a reader for
 * the generator's own simple layout; the AWS CLI itself checks the file
 * afterwards. */
static GPtrArray *
split_cli_profiles (const char *text)
{
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_profile_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  CliProfile *current = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *equals;

      if (line[0] == '\0' || line[0] == '#')
        continue;

      if (g_str_has_prefix (line, "[profile ") && g_str_has_suffix (line, "]"))
        {
          current = g_new0 (CliProfile, 1);
          current->name = g_strndup (line + 9, strlen (line) - 10);
          current->values = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                   g_free, g_free);
          g_ptr_array_add (profiles, current);
          continue;
        }

      equals = strstr (line, " = ");
      g_assert_nonnull (current);
      g_assert_nonnull (equals);
      g_assert_true (g_hash_table_insert (current->values,
                                          g_strndup (line, equals - line),
                                          g_strdup (equals + 3)));
    }

  return g_steal_pointer (&profiles);
}

/* Checks one person's AWS CLI text against the grants and writes it to
 * a file in DIR for the AWS CLI. Returns the file's path; NAMES receives
 * every profile name and EXPECTED each target's role_arn and
 * source_profile. */
static char *
check_cli_text (const Organisation *org,
                const Person       *person,
                const char         *text,
                GPtrArray          *warnings,
                const char         *dir,
                GPtrArray          *names,
                GPtrArray          *target_names,
                GHashTable         *expected_values)
{
  g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) profiles = split_cli_profiles (text);
  g_autoptr(GHashTable) seen_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) unused_jumps = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *file_name = g_strconcat (person->person->handle,
                                            ".aws-config", NULL);
  char *path = g_build_filename (dir, file_name, NULL);

  for (guint i = 0; i < person->grants->len; i++)
    {
      const JgRole *role = g_ptr_array_index (person->grants, i);

      if (expect_in_output (org, person, role, JG_SWITCH_ROLE_FORMAT_AWS_CLI))
        g_hash_table_insert (expected, role->arn, (gpointer) role);
      else
        g_assert_true (has_warning_about (warnings, role->arn));
    }

  for (guint i = 0; i < profiles->len; i++)
    {
      CliProfile *profile = g_ptr_array_index (profiles, i);
      const char *role_arn = g_hash_table_lookup (profile->values, "role_arn");
      const char *source = g_hash_table_lookup (profile->values, "source_profile");
      const JgRole *role;
      const JgAccount *account;
      const JgJumpAccount *jump;
      const char *mfa_serial;
      g_autofree char *jump_name = NULL;

      check_profile_name (profile->name, JG_SWITCH_ROLE_FORMAT_AWS_CLI);
      g_assert_true (g_hash_table_add (seen_names, profile->name));
      g_ptr_array_add (names, g_strdup (profile->name));

      if (role_arn == NULL)
        {
          g_assert_true (g_str_has_prefix (profile->name, "jump-"));
          g_hash_table_add (unused_jumps, profile->name);
          continue;
        }
      g_hash_table_remove (unused_jumps, source);

      role = g_hash_table_lookup (expected, role_arn);
      if (role == NULL)
        g_error ("profile “%s” (%s) is not an expected grant of %s or "
                 "appears twice in:\n%s", profile->name, role_arn,
                 person->person->handle, text);
      g_hash_table_remove (expected, role_arn);

      account = find_account (org, role);
      jump = org->jumps[role->partition];
      jump_name = expected_jump_name (role->partition);
      mfa_serial = person->principals[role->partition]->mfa_serial;

      g_assert_cmpstr (source, ==, jump_name);
      g_assert_cmpstr (g_hash_table_lookup (profile->values, "mfa_serial"), ==,
                       mfa_serial);
      g_assert_cmpstr (g_hash_table_lookup (profile->values, "region"), ==,
                       account->region != NULL ? account->region : jump->region);

      g_ptr_array_add (target_names, g_strdup (profile->name));
      g_hash_table_insert (expected_values, g_strdup (profile->name),
                           g_strdupv ((char *[]) { (char *) role_arn,
                                                   (char *) source, NULL }));
    }

  g_assert_cmpuint (g_hash_table_size (expected), ==, 0);
  /* A jump profile is written only for a partition with targets. */
  g_assert_cmpuint (g_hash_table_size (unused_jumps), ==, 0);

  jg_file_write_atomic (path, text, -1, 0644, &error);
  g_assert_no_error (error);
  return path;
}

/* Generates both formats for each person of ORG and checks them with the
 * extension's parser and the AWS CLI. The AWS CLI lists the profiles of
 * every file. It reads the role_arn and source_profile of every target
 * when CHECK_EVERY_TARGET, else of one random target of one random file,
 * because each reading costs half a second. */
static void
check_organisation (const Organisation *org,
                    GPtrArray          *persons,
                    gboolean            check_every_target)
{
  g_autoptr(GPtrArray) aesr_texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) aesr_warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(JsonArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("jumpgate-switch-role-XXXXXX", &error);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) aws_job_free);
  /* Without CHECK_EVERY_TARGET, one random target of one random file is
   * read back. */
  guint sampled_person = g_test_rand_int_range (0, persons->len);

  g_assert_no_error (error);

  for (guint i = 0; i < persons->len; i++)
    {
      const Person *person = g_ptr_array_index (persons, i);
      g_autoptr(JgSwitchRoleInput) input = build_input (org, person);
      GPtrArray *warnings = NULL;
      char *text = jg_switch_role_config_generate (input,
                                                   JG_SWITCH_ROLE_FORMAT_AESR,
                                                   &warnings);

      g_ptr_array_add (aesr_texts, text);
      g_ptr_array_add (aesr_warnings, warnings);
    }

  results = run_aesr_check (aesr_texts);
  for (guint i = 0; i < persons->len; i++)
    {
      check_parsed_aesr (org, g_ptr_array_index (persons, i),
                         g_ptr_array_index (aesr_texts, i),
                         g_ptr_array_index (aesr_warnings, i),
                         json_array_get_object_element (results, i));
    }

  for (guint i = 0; i < persons->len; i++)
    {
      const Person *person = g_ptr_array_index (persons, i);
      g_autoptr(JgSwitchRoleInput) input = build_input (org, person);
      g_autoptr(GPtrArray) warnings = NULL;
      g_autofree char *text = jg_switch_role_config_generate (input,
                                                              JG_SWITCH_ROLE_FORMAT_AWS_CLI,
                                                              &warnings);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) target_names = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
      guint sampled_target = 0;
      char *path;

      path = check_cli_text (org, person, text, warnings, dir, names,
                             target_names, values);
      g_ptr_array_add (paths, path);
      add_list_job (jobs, path, names);
      if (target_names->len > 0)
        sampled_target = g_test_rand_int_range (0, target_names->len);

      for (guint t = 0; t < target_names->len; t++)
        {
          const char *name = g_ptr_array_index (target_names, t);
          const char * const *expected = g_hash_table_lookup (values, name);

          if (!check_every_target
              && (i != sampled_person || t != sampled_target))
            continue;

          add_get_job (jobs, path, name, "role_arn", expected[0]);
          add_get_job (jobs, path, name, "source_profile", expected[1]);
        }
    }

  run_aws_jobs (jobs);

  for (guint i = 0; i < paths->len; i++)
    g_assert_cmpint (g_unlink (g_ptr_array_index (paths, i)), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Golden files */

static void
compare_with_golden (const char *text,
                     const char *file_name)
{
  g_autofree char *path = test_dist_path (file_name);
  g_autofree char *golden = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) expected_lines = NULL;
  g_auto(GStrv) actual_lines = NULL;
  guint line;

  if (g_strcmp0 (g_getenv ("JG_UPDATE_GOLDEN"), "1") == 0)
    {
      jg_file_write_atomic (path, text, -1, 0644, &error);
      g_assert_no_error (error);
      g_test_message ("updated %s", path);
    }

  if (!g_file_get_contents (path, &golden, NULL, &error))
    {
      g_test_fail_printf ("cannot read golden file %s (%s); run the test "
                          "with JG_UPDATE_GOLDEN=1 to create it",
                          path, error->message);
      return;
    }

  if (strcmp (golden, text) == 0)
    return;

  expected_lines = g_strsplit (golden, "\n", -1);
  actual_lines = g_strsplit (text, "\n", -1);
  for (line = 0; expected_lines[line] != NULL && actual_lines[line] != NULL; line++)
    {
      if (strcmp (expected_lines[line], actual_lines[line]) != 0)
        break;
    }

  g_test_fail_printf ("%s differs from the generated text at line %u:\n"
                      "- %s\n+ %s\nGenerated text:\n%s\nIf the change is "
                      "intended, run the test with JG_UPDATE_GOLDEN=1 and "
                      "review the diff.",
                      path, line + 1,
                      expected_lines[line] != NULL ? expected_lines[line] : "(end of file)",
                      actual_lines[line] != NULL ? actual_lines[line] : "(end of text)",
                      text);
}

/* A small organisation: two partitions, four accounts, a role that the
 * extension cannot carry and an account without colour or region. */
static Organisation *
build_small_organisation (GPtrArray *persons)
{
  g_autoptr(Organisation) org = organisation_new ();
  const JgAccount *prod, *dev, *shared, *gov_prod;
  Person *alice, *bob;

  add_jump (org, JG_PARTITION_AWS, "111111111111", "eu-central-1",
            "example-jump");
  add_jump (org, JG_PARTITION_AWS_US_GOV, "222222222222", "us-gov-west-1",
            NULL);

  prod = add_account (org, JG_PARTITION_AWS, "333333333333", "payments-prod",
                      "1e90ff", "eu-west-1");
  dev = add_account (org, JG_PARTITION_AWS, "444444444444", "payments-dev",
                     NULL, NULL);
  shared = add_account (org, JG_PARTITION_AWS, "555555555555",
                        "Shared Services", "2e8b57", "us-east-1");
  gov_prod = add_account (org, JG_PARTITION_AWS_US_GOV, "666666666666",
                          "payments-prod", "b22222", "us-gov-east-1");

  alice = person_new ("alice");
  add_principal (alice, org, JG_PARTITION_AWS, "alice");
  add_principal (alice, org, JG_PARTITION_AWS_US_GOV, NULL);
  g_ptr_array_add (alice->grants, (gpointer) add_role (org, prod, "/", "ReadOnly"));
  g_ptr_array_add (alice->grants, (gpointer) add_role (org, prod, "/", "Developer"));
  g_ptr_array_add (alice->grants, (gpointer) add_role (org, prod, "/ci/", "deploy=bot"));
  g_ptr_array_add (alice->grants, (gpointer) add_role (org, dev, "/teams/payments/", "Admin"));
  g_ptr_array_add (alice->grants, (gpointer) add_role (org, shared, "/", "NetworkAdmin"));
  g_ptr_array_add (alice->grants, (gpointer) add_role (org, gov_prod, "/", "Developer"));
  g_ptr_array_add (persons, alice);

  /* Bob's GovCloud grant has no principal to start from. */
  bob = person_new ("bob");
  add_principal (bob, org, JG_PARTITION_AWS, NULL);
  g_ptr_array_add (bob->grants, g_ptr_array_index (org->roles, 1));
  g_ptr_array_add (bob->grants, g_ptr_array_index (org->roles, 5));
  g_ptr_array_add (persons, bob);

  return g_steal_pointer (&org);
}

static void
test_golden_small_organisation (void)
{
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  g_autoptr(Organisation) org = build_small_organisation (persons);

  for (guint i = 0; i < persons->len; i++)
    {
      const Person *person = g_ptr_array_index (persons, i);
      g_autoptr(JgSwitchRoleInput) input = build_input (org, person);

      for (JgSwitchRoleFormat format = JG_SWITCH_ROLE_FORMAT_AESR;
           format <= JG_SWITCH_ROLE_FORMAT_AWS_CLI; format++)
        {
          g_autoptr(GPtrArray) warnings = NULL;
          g_autofree char *text = jg_switch_role_config_generate (input, format,
                                                                  &warnings);
          g_autofree char *again = NULL;
          g_autoptr(GPtrArray) again_warnings = NULL;
          g_autofree char *file_name = g_strconcat ("golden/",
                                                    person->person->handle,
                                                    jg_switch_role_format_get_suffix (format),
                                                    NULL);

          for (guint w = 0; w < warnings->len; w++)
            g_test_message ("%s: %s", file_name,
                            (char *) g_ptr_array_index (warnings, w));

          compare_with_golden (text, file_name);

          again = jg_switch_role_config_generate (input, format, &again_warnings);
          g_assert_cmpstr (again, ==, text);
        }
    }

  /* Alice: only deploy=bot is left out, and only from the extension. Bob:
   * the GovCloud role has no principal in both formats. */
  {
    const Person *alice = g_ptr_array_index (persons, 0);
    const Person *bob = g_ptr_array_index (persons, 1);
    g_autoptr(JgSwitchRoleInput) alice_input = build_input (org, alice);
    g_autoptr(JgSwitchRoleInput) bob_input = build_input (org, bob);
    g_autoptr(GPtrArray) warnings = NULL;
    g_autofree char *text = NULL;

    text = jg_switch_role_config_generate (alice_input,
                                           JG_SWITCH_ROLE_FORMAT_AESR,
                                           &warnings);
    g_assert_cmpuint (warnings->len, ==, 1);
    g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0),
                              "“arn:aws:iam::333333333333:role/ci/deploy=bot”"));
    g_clear_pointer (&warnings, g_ptr_array_unref);
    g_clear_pointer (&text, g_free);

    text = jg_switch_role_config_generate (alice_input,
                                           JG_SWITCH_ROLE_FORMAT_AWS_CLI,
                                           &warnings);
    g_assert_cmpuint (warnings->len, ==, 0);
    g_clear_pointer (&warnings, g_ptr_array_unref);
    g_clear_pointer (&text, g_free);

    text = jg_switch_role_config_generate (bob_input,
                                           JG_SWITCH_ROLE_FORMAT_AWS_CLI,
                                           &warnings);
    g_assert_cmpuint (warnings->len, ==, 1);
    g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0),
                              "has no IAM user in the aws-us-gov"));
    g_assert_null (strstr (text, "aws-us-gov"));
  }

  check_organisation (org, persons, TRUE);
}

/* Random organisations */

static char *
random_string (const char *alphabet,
               int         min_length,
               int         max_length)
{
  int length = g_test_rand_int_range (min_length, max_length + 1);
  int n = strlen (alphabet);
  GString *text = g_string_new (NULL);

  for (int i = 0; i < length; i++)
    g_string_append_c (text, alphabet[g_test_rand_int_range (0, n)]);

  return g_string_free (text, FALSE);
}

static char *
random_account_id (GHashTable *used)
{
  for (;;)
    {
      char *id = random_string ("0123456789", 12, 12);

      if (g_hash_table_add (used, id))
        return g_strdup (id);
    }
}

/* Names that collide, carry the dialect's special characters, Unicode and
 * unusual spaces, or look like the `profile ` prefix. */
static const char * const hard_account_names[] = {
  "payments-prod", "Payments Prod", "payments;prod", "payments#prod",
  "payments=prod", "[payments]", "payments/prod", "payments prod",
  "Zahlungsverkehr – Prüfung", "決済", "profile x", "PROFILE\tx",
  "a\u00a0b", "\ufeffbom", "  spaced  ", "dev", "Dev", "x=y=z",
  "shared-services-123456789012", "👩‍💻 sandbox", "café", "cafe\u0301",
  "\"quoted\"", "back\\slash", "%(interp)s",
};

static char *
random_account_name (void)
{
  if (g_test_rand_bit ())
    return g_strdup (hard_account_names[g_test_rand_int_range (0, G_N_ELEMENTS (hard_account_names))]);

  return random_string ("abcdefghijklmnopqrstuvwxyz-ABC ;#=[]/.", 1, 20);
}

static char *
random_role_name (void)
{
  /* IAM's role name alphabet, letters more likely. */
  static const char alphabet[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    "abcdefghijklmnopqrstuvwxyz+=,.@_-";

  return random_string (alphabet, 1, g_test_rand_bit () ? 12 : 64);
}

static char *
random_role_path (void)
{
  g_autoptr(GString) path = g_string_new ("/");
  int segments;

  if (g_test_rand_int_range (0, 3) != 0)
    return g_string_free (g_steal_pointer (&path), FALSE);

  segments = g_test_rand_int_range (1, 4);
  for (int i = 0; i < segments; i++)
    {
      g_autofree char *segment = NULL;
      GString *printable = g_string_new (NULL);

      /* Any printable ASCII but '/' and space, which IAM allows. */
      for (int c = 0x21; c <= 0x7e; c++)
        {
          if (c != '/')
            g_string_append_c (printable, (char) c);
        }
      segment = random_string (printable->str, 1, 8);
      g_string_free (printable, TRUE);

      g_string_append (path, segment);
      g_string_append_c (path, '/');
    }

  return g_string_free (g_steal_pointer (&path), FALSE);
}

static const char *
random_region (JgPartition partition)
{
  static const char * const aws[] = { "us-east-1", "eu-west-1", "ap-southeast-2" };
  static const char * const gov[] = { "us-gov-west-1", "us-gov-east-1" };
  static const char * const cn[] = { "cn-north-1", "cn-northwest-1" };

  switch (partition)
    {
    case JG_PARTITION_AWS:
      return aws[g_test_rand_int_range (0, G_N_ELEMENTS (aws))];
    case JG_PARTITION_AWS_US_GOV:
      return gov[g_test_rand_int_range (0, G_N_ELEMENTS (gov))];
    case JG_PARTITION_AWS_CN:
    default:
      return cn[g_test_rand_int_range (0, G_N_ELEMENTS (cn))];
    }
}

static Organisation *
build_random_organisation (GPtrArray *persons)
{
  g_autoptr(Organisation) org = organisation_new ();
  g_autoptr(GHashTable) used_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (JgPartition p = 0; p < JG_N_PARTITIONS; p++)
    {
      g_autofree char *jump_id = NULL;
      int n_accounts;

      if (p != JG_PARTITION_AWS && g_test_rand_bit ())
        continue;

      jump_id = random_account_id (used_ids);
      add_jump (org, p, jump_id, g_test_rand_bit () ? random_region (p) : NULL,
                g_test_rand_bit () ? "example-jump" : NULL);

      n_accounts = g_test_rand_int_range (1, 7);
      for (int a = 0; a < n_accounts; a++)
        {
          g_autofree char *id = random_account_id (used_ids);
          g_autofree char *name = random_account_name ();
          g_autofree char *color = g_test_rand_bit ()
                                   ? random_string ("0123456789abcdefABCDEF", 6, 6)
                                   : NULL;
          const JgAccount *account = add_account (org, p, id, name, color,
                                                  g_test_rand_bit () ? random_region (p) : NULL);
          g_autoptr(GHashTable) role_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          int n_roles = g_test_rand_int_range (1, 5);

          for (int r = 0; r < n_roles; r++)
            {
              g_autofree char *role_name = random_role_name ();
              g_autofree char *path = random_role_path ();

              /* IAM role names are unique per account, ignoring case. */
              if (!g_hash_table_add (role_names, g_ascii_strdown (role_name, -1)))
                continue;
              add_role (org, account, path, role_name);
            }
        }
    }

  for (int i = 0; i < 2; i++)
    {
      g_autofree char *handle = g_strdup_printf ("user%d", i);
      Person *person = person_new (handle);

      for (JgPartition p = 0; p < JG_N_PARTITIONS; p++)
        {
          g_autofree char *device = g_strdup_printf ("%s-phone", handle);

          if (org->jumps[p] != NULL && g_test_rand_int_range (0, 5) != 0)
            add_principal (person, org, p, g_test_rand_bit () ? device : NULL);
        }

      for (guint r = 0; r < org->roles->len; r++)
        {
          if (g_test_rand_int_range (0, 5) < 2)
            g_ptr_array_add (person->grants, g_ptr_array_index (org->roles, r));
        }

      g_ptr_array_add (persons, person);
    }

  return g_steal_pointer (&org);
}

static void
test_random_organisations (void)
{
  for (int iteration = 0; iteration < N_RANDOM_ORGANISATIONS; iteration++)
    {
      g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
      g_autoptr(Organisation) org = build_random_organisation (persons);

      g_test_message ("organisation %d: %u accounts, %u roles", iteration,
                      org->accounts->len, org->roles->len);
      check_organisation (org, persons, FALSE);
    }
}

/* Hard names */

static void
test_hard_names (void)
{
  g_autoptr(Organisation) org = organisation_new ();
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  Person *carol = person_new ("carol");
  const char *long_name = "A234567890123456789012345678901234567890123456789012345678901234";
  const JgAccount *account;
  struct
  {
    const char *id;
    JgPartition partition;
    const char *name;
    const char *role_path;
    const char *role_name;
  } cases[] = {
    { "100000000001", JG_PARTITION_AWS, "Payments Prod", "/", "Developer" },
    { "100000000002", JG_PARTITION_AWS, "Zahlungsverkehr – Prüfung", "/", "Reader" },
    { "100000000003", JG_PARTITION_AWS, "決済", "/", "Reader" },
    { "100000000004", JG_PARTITION_AWS, "payments;prod", "/", "Developer" },
    { "100000000005", JG_PARTITION_AWS, "payments#prod", "/", "Developer" },
    { "100000000006", JG_PARTITION_AWS, "payments=prod", "/", "Developer" },
    { "100000000007", JG_PARTITION_AWS, "[core]", "/", "Admin" },
    { "100000000008", JG_PARTITION_AWS, "profile x", "/", "Admin" },
    { "100000000009", JG_PARTITION_AWS, "nbsp\u00a0name\u00a0", "/", "Admin" },
    { "100000000010", JG_PARTITION_AWS, "long", "/", long_name },
    { "100000000011", JG_PARTITION_AWS, "comma", "/", "a,b+c@d.e_f-g" },
    { "100000000012", JG_PARTITION_AWS, "equals", "/", "a=b" },
    { "100000000013", JG_PARTITION_AWS, "paths", "/semi;colon/", "Admin" },
    { "100000000014", JG_PARTITION_AWS, "paths", "/hash#/", "Reader" },
    { "100000000015", JG_PARTITION_AWS, "paths", "/[odd]'\"\\%/", "Writer" },
    { "200000000001", JG_PARTITION_AWS_US_GOV, "Payments Prod", "/", "Developer" },
    { "300000000001", JG_PARTITION_AWS_CN, "Payments Prod", "/", "Developer" },
  };

  add_jump (org, JG_PARTITION_AWS, "111111111111", "eu-west-1", NULL);
  add_jump (org, JG_PARTITION_AWS_US_GOV, "222222222222", "us-gov-west-1", NULL);
  add_jump (org, JG_PARTITION_AWS_CN, "333333333333", "cn-north-1", NULL);
  add_principal (carol, org, JG_PARTITION_AWS, "carol");
  add_principal (carol, org, JG_PARTITION_AWS_US_GOV, "carol");
  add_principal (carol, org, JG_PARTITION_AWS_CN, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const JgAccount *existing = NULL;

      for (guint a = 0; a < org->accounts->len; a++)
        {
          const JgAccount *candidate = g_ptr_array_index (org->accounts, a);

          if (strcmp (candidate->id, cases[i].id) == 0)
            existing = candidate;
        }

      account = existing != NULL ? existing
        : add_account (org, cases[i].partition, cases[i].id, cases[i].name,
                       "ffaa00", NULL);
      g_ptr_array_add (carol->grants,
                       (gpointer) add_role (org, account, cases[i].role_path,
                                            cases[i].role_name));
    }
  g_ptr_array_add (persons, carol);

  check_organisation (org, persons, TRUE);

  /* The colliding names get the account id, the same role name in three
   * partitions stays apart, and names keep what the format allows. */
  {
    g_autoptr(JgSwitchRoleInput) input = build_input (org, carol);
    g_autoptr(GPtrArray) warnings = NULL;
    g_autofree char *aesr = jg_switch_role_config_generate (input, JG_SWITCH_ROLE_FORMAT_AESR, &warnings);
    g_autoptr(GPtrArray) cli_warnings = NULL;
    g_autofree char *cli = jg_switch_role_config_generate (input, JG_SWITCH_ROLE_FORMAT_AWS_CLI, &cli_warnings);

    g_test_message ("%s", aesr);
    g_test_message ("%s", cli);

    g_assert_nonnull (strstr (aesr, "[profile payments-prod-100000000004/Developer]\n"));
    g_assert_nonnull (strstr (aesr, "[profile payments-prod-100000000005/Developer]\n"));
    g_assert_nonnull (strstr (aesr, "[profile payments-prod-100000000006/Developer]\n"));
    g_assert_nonnull (strstr (aesr, "[profile Payments Prod-100000000001/Developer]\n"));
    g_assert_nonnull (strstr (aesr, "[profile Payments Prod-200000000001/Developer]\n"));
    g_assert_nonnull (strstr (aesr, "[profile Payments Prod-300000000001/Developer]\n"));
    g_assert_nonnull (strstr (aesr, "[profile Zahlungsverkehr – Prüfung/Reader]\n"));
    g_assert_nonnull (strstr (aesr, "[profile 決済/Reader]\n"));
    g_assert_nonnull (strstr (aesr, "[profile profile x/Admin]\n"));
    g_assert_nonnull (strstr (aesr, "[profile nbsp name/Admin]\n"));
    g_assert_nonnull (strstr (aesr, "[profile core/Admin]\n"));
    g_assert_nonnull (strstr (aesr, long_name));
    g_assert_null (strstr (aesr, "a=b"));
    g_assert_null (strstr (aesr, "semi;colon"));
    g_assert_null (strstr (aesr, "hash#"));
    g_assert_nonnull (strstr (aesr, "role/[odd]'\"\\%/Writer\n"));
    g_assert_cmpuint (warnings->len, ==, 3);

    g_assert_nonnull (strstr (cli, "[profile Zahlungsverkehr-Prufung/Reader]\n"));
    g_assert_nonnull (strstr (cli, "[profile 100000000003/Reader]\n"));
    g_assert_nonnull (strstr (cli, "[profile Payments-Prod-200000000001/Developer]\n"));
    g_assert_nonnull (strstr (cli, "[profile equals/a-b]\n"));
    g_assert_nonnull (strstr (cli, "role_arn = arn:aws:iam::100000000013:role/semi;colon/Admin\n"));
    g_assert_cmpuint (cli_warnings->len, ==, 0);
  }
}

/* Size limit and lz-string */

static void
test_sync_storage_warning (void)
{
  g_autoptr(Organisation) org = organisation_new ();
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  Person *dave = person_new ("dave");
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonArray) results = NULL;
  gsize lengths[2];

  add_jump (org, JG_PARTITION_AWS, "111111111111", "eu-west-1", NULL);
  add_principal (dave, org, JG_PARTITION_AWS, NULL);
  g_ptr_array_add (persons, dave);

  /* 10 profiles fit in sync storage; 3,000 (an estimate of the upper
   * limit is 2,000) do not. */
  for (guint n_accounts = 5; n_accounts <= 1500; n_accounts *= 300)
    {
      g_autoptr(JgSwitchRoleInput) input = NULL;
      g_autoptr(GPtrArray) warnings = NULL;
      char *text;

      g_ptr_array_set_size (dave->grants, 0);
      for (guint a = 0; a < n_accounts; a++)
        {
          g_autofree char *id = g_strdup_printf ("%012u", 500000000 + n_accounts * 10000 + a);
          g_autofree char *project = random_string ("abcdefghijklmnopqrstuvwxyz", 4, 10);
          g_autofree char *name = g_strdup_printf ("%s-%s", project,
                                                   a % 2 ? "prod" : "dev");
          const JgAccount *account = add_account (org, JG_PARTITION_AWS, id,
                                                  name, "336699", "eu-west-1");

          g_ptr_array_add (dave->grants, (gpointer) add_role (org, account, "/", "Developer"));
          g_ptr_array_add (dave->grants, (gpointer) add_role (org, account, "/", "ReadOnly"));
        }

      input = build_input (org, dave);
      text = jg_switch_role_config_generate (input, JG_SWITCH_ROLE_FORMAT_AESR,
                                             &warnings);
      lengths[texts->len] = jg_lz_string_compressed_utf16_length (text);
      g_test_message ("%u accounts: %zu characters, %zu compressed",
                      n_accounts, strlen (text), lengths[texts->len]);

      if (lengths[texts->len] > JG_AESR_SYNC_STORAGE_MAX_LENGTH)
        {
          g_assert_cmpuint (warnings->len, ==, 1);
          g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "local storage"));
        }
      else
        {
          g_assert_cmpuint (warnings->len, ==, 0);
        }
      g_ptr_array_add (texts, text);
    }

  g_assert_cmpuint (lengths[0], <=, JG_AESR_SYNC_STORAGE_MAX_LENGTH);
  g_assert_cmpuint (lengths[1], >, JG_AESR_SYNC_STORAGE_MAX_LENGTH);

  results = run_aesr_check (texts);
  for (guint i = 0; i < texts->len; i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      g_assert_cmpstr (json_object_get_string_member (result, "stderr"), ==, "");
      g_assert_cmpuint (json_object_get_int_member (result, "utf16Length"), ==,
                        lengths[i]);
    }
}

static void
test_compressed_length_matches_lz_string (void)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonArray) results = NULL;

  g_ptr_array_add (texts, g_strdup (""));
  g_ptr_array_add (texts, g_strdup ("a"));
  g_ptr_array_add (texts, g_strdup ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
  g_ptr_array_add (texts, g_strdup ("[profile x]\naws_account_id = 123456789012\n"));
  g_ptr_array_add (texts, g_strdup ("Zahlungsverkehr – Prüfung 決済 😀👩‍💻 \u00a0\ufeff"));
  /* A long text over a small alphabet makes codes wider than 16 bits. */
  g_ptr_array_add (texts, random_string ("ab", 200000, 200000));
  g_ptr_array_add (texts, random_string ("abcdefghijklmnopqrstuvwxyz =[]\n", 1, 5000));

  /* Random Unicode, including characters outside the BMP (surrogate
   * pairs) and above U+00FF (16-bit literals). Control characters are
   * left out as json-glib 1.6 does not escape all of them. */
  for (int i = 0; i < 5; i++)
    {
      GString *text = g_string_new (NULL);
      int length = g_test_rand_int_range (1, 3000);

      for (int c = 0; c < length; c++)
        {
          gunichar ch;

          do
            ch = g_test_rand_int_range (1, i % 2 ? 0x1ffff : 0x800);
          while (!g_unichar_validate (ch) || g_unichar_iscntrl (ch));
          g_string_append_unichar (text, ch);
        }
      g_ptr_array_add (texts, g_string_free (text, FALSE));
    }

  results = run_aesr_check (texts);
  for (guint i = 0; i < texts->len; i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      const char *text = g_ptr_array_index (texts, i);

      g_test_message ("text %u: %zu bytes", i, strlen (text));
      g_assert_cmpuint (jg_lz_string_compressed_utf16_length (text), ==,
                        json_object_get_int_member (result, "utf16Length"));
    }
}

/* Warnings for unusable input */

static void
test_unusable_values_warn (void)
{
  g_autoptr(Organisation) org = organisation_new ();
  g_autoptr(Person) erin = person_new ("erin");
  const JgAccount *account;
  g_autoptr(JgSwitchRoleInput) input = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autofree char *text = NULL;
  JgRole foreign = { 0 };

  add_jump (org, JG_PARTITION_AWS, "111111111111", "eu-west-1", "Not An Alias");
  add_principal (erin, org, JG_PARTITION_AWS, NULL);
  account = add_account (org, JG_PARTITION_AWS, "444444444444", "bad-values",
                         "#123456", "cn-north-1");
  g_ptr_array_add (erin->grants, (gpointer) add_role (org, account, "/", "Developer"));
  g_ptr_array_add (erin->grants, (gpointer) add_role (org, account, "/", "Developer"));

  input = build_input (org, erin);

  /* A role that claims to be in another account than the one given. */
  foreign.arn = (char *) "arn:aws:iam::999999999999:role/Developer";
  foreign.partition = JG_PARTITION_AWS;
  foreign.account_id = (char *) "999999999999";
  foreign.name = (char *) "Developer";
  foreign.path = (char *) "/";
  jg_switch_role_input_add_role (input, account, &foreign);

  text = jg_switch_role_config_generate (input, JG_SWITCH_ROLE_FORMAT_AESR,
                                         &warnings);
  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (warnings, i));

  g_assert_cmpuint (warnings->len, ==, 5);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "granted twice"));
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 1), "999999999999"));
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 2), "Not An Alias"));
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 3), "colour"));
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 4), "region"));
  g_assert_null (strstr (text, "color"));
  g_assert_null (strstr (text, "region"));
  g_assert_null (strstr (text, "aws_account_alias"));
  g_assert_nonnull (strstr (text, "role_arn = arn:aws:iam::444444444444:role/Developer\n"));
  g_assert_null (strstr (text, "999999999999"));
}

static void
test_no_grants_writes_header_only (void)
{
  g_autoptr(Person) frank = person_new ("frank");
  g_autoptr(JgSwitchRoleInput) input = jg_switch_role_input_new (frank->person);

  for (JgSwitchRoleFormat format = JG_SWITCH_ROLE_FORMAT_AESR;
       format <= JG_SWITCH_ROLE_FORMAT_AWS_CLI; format++)
    {
      g_autoptr(GPtrArray) warnings = NULL;
      g_autofree char *text = jg_switch_role_config_generate (input, format,
                                                              &warnings);

      g_assert_true (text[0] == '#');
      g_assert_nonnull (strstr (text, "frank"));
      g_assert_cmpint (strchr (text, '\n') - text + 1, ==, strlen (text));
      g_assert_cmpuint (warnings->len, ==, 0);
    }
}

/* Formats and files */

static void
test_format_names (void)
{
  g_autoptr(GError) error = NULL;
  JgSwitchRoleFormat format;

  g_assert_true (jg_switch_role_format_from_string ("aesr", &format, &error));
  g_assert_no_error (error);
  g_assert_cmpint (format, ==, JG_SWITCH_ROLE_FORMAT_AESR);
  g_assert_true (jg_switch_role_format_from_string ("aws-cli", &format, &error));
  g_assert_cmpint (format, ==, JG_SWITCH_ROLE_FORMAT_AWS_CLI);
  g_assert_cmpstr (jg_switch_role_format_to_string (format), ==, "aws-cli");
  g_assert_cmpstr (jg_switch_role_format_get_suffix (JG_SWITCH_ROLE_FORMAT_AESR), ==, ".aesr");

  g_assert_false (jg_switch_role_format_from_string ("ini", &format, &error));
  g_assert_error (error, JG_SWITCH_ROLE_CONFIG_ERROR,
                  JG_SWITCH_ROLE_CONFIG_ERROR_INVALID_FORMAT);
  g_assert_nonnull (strstr (error->message, "“ini”"));
  g_assert_nonnull (strstr (error->message, "aws-cli"));
}

static void
test_write_atomic (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("jumpgate-write-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "alice.aesr", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "x.aesr", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GDir) listing = NULL;
  GStatBuf info;
  mode_t old_mask = umask (022);

  g_assert_no_error (error);

  g_assert_true (jg_file_write_atomic (path, "first\n", -1, 0644, &error));
  g_assert_no_error (error);
  g_assert_true (jg_file_write_atomic (path, "second\n", -1, 0644, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "second\n");
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0644);

  /* No temporary file is left beside the result. */
  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_dir_read_name (listing), ==, "alice.aesr");
  g_assert_null (g_dir_read_name (listing));

  g_assert_false (jg_file_write_atomic (missing, "x", -1, 0644, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_nonnull (strstr (error->message, "Create the folder"));

  umask (old_mask);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/jumpgate/switch-role-config/format-names", test_format_names);
  g_test_add_func ("/jumpgate/switch-role-config/write-atomic", test_write_atomic);
  g_test_add_func ("/jumpgate/switch-role-config/no-grants", test_no_grants_writes_header_only);
  g_test_add_func ("/jumpgate/switch-role-config/unusable-values", test_unusable_values_warn);
  g_test_add_func ("/jumpgate/switch-role-config/lz-string-length", test_compressed_length_matches_lz_string);
  g_test_add_func ("/jumpgate/switch-role-config/golden", test_golden_small_organisation);
  g_test_add_func ("/jumpgate/switch-role-config/hard-names", test_hard_names);
  g_test_add_func ("/jumpgate/switch-role-config/sync-storage-limit", test_sync_storage_warning);
  g_test_add_func ("/jumpgate/switch-role-config/random-organisations", test_random_organisations);

  return g_test_run ();
}
