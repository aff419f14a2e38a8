/* bench-export.c: time the switch-role export of a large organisation.
 *
 * The organisation is built in memory: 500 accounts of 20 roles each in
 * the aws partition, 50 of 20 in aws-us-gov, and 5,000 persons holding 10
 * roles each. One person in ten has a GovCloud role too. Every person's
 * AWS Extend Switch Roles text and AWS CLI file are generated RUNS times,
 * and the best run is printed. Target: under one second for everyone's
 * two files.
 *
 * Usage: bench-export [RUNS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jg-model.h"
#include "core/jg-switch-role-config.h"

#define N_PERSONS 5000
#define N_ROLES_PER_PERSON 10
#define N_ROLES_PER_ACCOUNT 20
#define N_AWS_ACCOUNTS 500
#define N_GOV_ACCOUNTS 50

static const char * const role_names[N_ROLES_PER_ACCOUNT] = {
  "Admin", "Developer", "ReadOnly", "Deploy", "Billing", "Support",
  "NetworkAdmin", "SecurityAudit", "DataEngineer", "DataScientist",
  "Operator", "OnCall", "Release", "DatabaseAdmin", "Analyst", "Auditor",
  "BreakGlass", "CostViewer", "LogReader", "PipelineRunner",
};

static const char * const environments[] = { "prod", "staging", "dev",
                                             "sandbox" };

typedef struct
{
  JgJumpAccount *jumps[JG_N_PARTITIONS];
  GPtrArray     *accounts;   /* JgAccount */
  GPtrArray     *roles;      /* JgRole, N_ROLES_PER_ACCOUNT per account */
} Organisation;

static void
add_accounts (Organisation *org,
              GRand        *rand,
              JgPartition   partition,
              guint         first,
              guint         count)
{
  static const char * const colors[] = { "1e90ff", "2e8b57", "b22222",
                                         "daa520", NULL };
  const char *region = partition == JG_PARTITION_AWS ? "eu-west-1"
                                                     : "us-gov-west-1";

  for (guint a = first; a < first + count; a++)
    {
      JgAccount *account = g_new0 (JgAccount, 1);

      account->id = g_strdup_printf ("%012u", 200000000 + a);
      account->partition = partition;
      account->name = g_strdup_printf ("project%03u-%s", a / 4,
                                       environments[a % 4]);
      account->environment = g_strdup (environments[a % 4]);
      account->color = g_strdup (colors[g_rand_int_range (rand, 0, 5)]);
      account->admin_role = g_strdup (JG_DEFAULT_ADMIN_ROLE);
      account->trust_policy_limit = JG_TRUST_POLICY_DEFAULT_LIMIT;
      account->region = g_rand_boolean (rand) ? g_strdup (region) : NULL;
      g_ptr_array_add (org->accounts, account);

      for (guint r = 0; r < N_ROLES_PER_ACCOUNT; r++)
        {
          JgRole *role = g_new0 (JgRole, 1);

          role->partition = partition;
          role->account_id = g_strdup (account->id);
          role->name = g_strdup (role_names[r]);
          role->path = g_strdup (r % 5 == 0 ? "/teams/platform/" : "/");
          role->arn = jg_arn_build (partition, account->id, "role",
                                    role->path, role->name);
          role->require_mfa = TRUE;
          g_ptr_array_add (org->roles, role);
        }
    }
}

static JgJumpAccount *
jump_new (JgPartition  partition,
          const char  *account_id,
          const char  *region,
          const char  *alias)
{
  JgJumpAccount *jump = g_new0 (JgJumpAccount, 1);

  jump->partition = partition;
  jump->account_id = g_strdup (account_id);
  jump->region = g_strdup (region);
  jump->alias = g_strdup (alias);
  return jump;
}

static JgPrincipal *
principal_new (const JgJumpAccount *jump,
               const char          *handle)
{
  JgPrincipal *principal = g_new0 (JgPrincipal, 1);

  principal->handle = g_strdup (handle);
  principal->partition = jump->partition;
  principal->user_name = g_strdup (handle);
  principal->path = g_strdup ("/people/");
  principal->arn = jg_arn_build (jump->partition, jump->account_id, "user",
                                 "/people/", handle);
  principal->mfa_serial = jg_arn_build (jump->partition, jump->account_id,
                                        "mfa", "/", handle);
  return principal;
}

static void
add_role (JgSwitchRoleInput  *input,
          const Organisation *org,
          guint               role_index)
{
  const JgRole *role = g_ptr_array_index (org->roles, role_index);
  const JgAccount *account = g_ptr_array_index (org->accounts,
                                                role_index / N_ROLES_PER_ACCOUNT);

  jg_switch_role_input_add_role (input, account, role);
}

/* Builds the inputs of all persons, as the store would. */
static GPtrArray *
build_inputs (const Organisation *org,
              GRand              *rand)
{
  GPtrArray *inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_switch_role_input_free);
  guint n_aws_roles = N_AWS_ACCOUNTS * N_ROLES_PER_ACCOUNT;
  guint n_gov_roles = N_GOV_ACCOUNTS * N_ROLES_PER_ACCOUNT;

  for (guint p = 0; p < N_PERSONS; p++)
    {
      g_autofree char *handle = g_strdup_printf ("person%04u", p);
      JgPerson person = { handle, handle, NULL };
      g_autoptr(JgPrincipal) aws = principal_new (org->jumps[JG_PARTITION_AWS],
                                                  handle);
      g_autoptr(JgPrincipal) gov = principal_new (org->jumps[JG_PARTITION_AWS_US_GOV],
                                                  handle);
      JgSwitchRoleInput *input = jg_switch_role_input_new (&person);
      gboolean has_gov = p % 10 == 0;

      jg_switch_role_input_set_partition (input, org->jumps[JG_PARTITION_AWS],
                                          aws);
      jg_switch_role_input_set_partition (input,
                                          org->jumps[JG_PARTITION_AWS_US_GOV],
                                          has_gov ? gov : NULL);

      /* Ten different roles: a start that depends on the person and a
       * stride of 397, which does not revisit a role within ten steps. */
      for (guint r = 0; r < N_ROLES_PER_PERSON; r++)
        {
          if (has_gov && r == 0)
            add_role (input, org,
                      n_aws_roles + g_rand_int_range (rand, 0, n_gov_roles));
          else
            add_role (input, org,
                      (p * 7919 + r * 397) % n_aws_roles);
        }

      g_ptr_array_add (inputs, input);
    }

  return inputs;
}

int
main (int   argc,
      char *argv[])
{
  Organisation org = { 0 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261204);
  g_autoptr(GPtrArray) inputs = NULL;
  int runs = argc > 1 ? atoi (argv[1]) : 5;
  double best[2] = { G_MAXDOUBLE, G_MAXDOUBLE };
  gsize bytes[2] = { 0, 0 };
  guint n_warnings = 0;
  gint64 start;
  double build_seconds;

  if (runs < 1)
    {
      fprintf (stderr, "usage: %s [RUNS]\nRUNS is a positive number of "
               "repetitions; the best run is printed.\n", argv[0]);
      return 2;
    }

  org.accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_account_free);
  org.roles = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_role_free);
  org.jumps[JG_PARTITION_AWS] = jump_new (JG_PARTITION_AWS, "111111111111",
                                          "eu-central-1", "example-jump");
  org.jumps[JG_PARTITION_AWS_US_GOV] = jump_new (JG_PARTITION_AWS_US_GOV,
                                                 "222222222222",
                                                 "us-gov-west-1", NULL);
  add_accounts (&org, rand, JG_PARTITION_AWS, 0, N_AWS_ACCOUNTS);
  add_accounts (&org, rand, JG_PARTITION_AWS_US_GOV, N_AWS_ACCOUNTS,
                N_GOV_ACCOUNTS);

  start = g_get_monotonic_time ();
  inputs = build_inputs (&org, rand);
  build_seconds = (g_get_monotonic_time () - start) / 1e6;

  for (int run = 0; run < runs; run++)
    {
      for (JgSwitchRoleFormat format = JG_SWITCH_ROLE_FORMAT_AESR;
           format <= JG_SWITCH_ROLE_FORMAT_AWS_CLI; format++)
        {
          gsize run_bytes = 0;
          double seconds;

          n_warnings = 0;
          start = g_get_monotonic_time ();
          for (guint i = 0; i < inputs->len; i++)
            {
              g_autoptr(GPtrArray) warnings = NULL;
              g_autofree char *text = NULL;

              text = jg_switch_role_config_generate (g_ptr_array_index (inputs, i),
                                                     format, &warnings);
              run_bytes += strlen (text);
              n_warnings += warnings->len;
            }
          seconds = (g_get_monotonic_time () - start) / 1e6;

          best[format] = MIN (best[format], seconds);
          bytes[format] = run_bytes;
        }
    }

  printf ("persons: %d, roles per person: %d, accounts: %u, roles: %u\n",
          N_PERSONS, N_ROLES_PER_PERSON, org.accounts->len, org.roles->len);
  printf ("inputs built in %.3f s\n", build_seconds);
  printf ("aesr:    %.3f s, %" G_GSIZE_FORMAT " bytes\n", best[0], bytes[0]);
  printf ("aws-cli: %.3f s, %" G_GSIZE_FORMAT " bytes\n", best[1], bytes[1]);
  printf ("total:   %.3f s (best of %d runs; target under 1 s)\n",
          best[0] + best[1], runs);
  if (n_warnings > 0)
    printf ("warnings: %u (unexpected)\n", n_warnings);

  g_ptr_array_unref (org.accounts);
  g_ptr_array_unref (org.roles);
  for (guint p = 0; p < JG_N_PARTITIONS; p++)
    g_clear_pointer (&org.jumps[p], jg_jump_account_free);

  return best[0] + best[1] < 1.0 && n_warnings == 0 ? 0 : 1;
}
