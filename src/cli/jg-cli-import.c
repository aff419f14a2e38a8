/* jg-cli-import.c: "jumpgate-cli import", which reads an existing
 * organisation from AWS into the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "aws/jg-aws.h"
#include "aws/jg-credential-chain.h"
#include "aws/jg-credential-store.h"
#include "aws/jg-session-manager.h"
#include "engine/jg-import.h"
#include "jg-cli-private.h"

static void
on_async_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* Returns a session manager for the import, drift, plan and commit
 * commands: the credential chain (keyring unless no_keyring, then the
 * environment and the shared credentials file), a client aimed at
 * --endpoint-url, and MFA codes from jg_cli_mfa_code_func(). */
JgSessionManager *
jg_cli_new_session_manager (JgCli     *cli,
                            gboolean   no_keyring,
                            GError   **error)
{
  g_autoptr(JgAwsClient) client = jg_aws_client_new ();
  g_autoptr(JgCredentialStore) keyring = NULL;
  g_autoptr(JgCredentialChain) chain = NULL;
  JgSessionManager *manager;
  const char *endpoint_url = jg_cli_get_endpoint_url (cli);

  if (endpoint_url != NULL && endpoint_url[0] != '\0'
      && !jg_aws_client_set_endpoint_url (client, endpoint_url, error))
    return NULL;

  if (!no_keyring)
    keyring = jg_credential_store_new ();
  chain = jg_credential_chain_new (keyring);
  manager = jg_session_manager_new (chain, client);
  jg_session_manager_set_mfa_code_func (manager, jg_cli_mfa_code_func, NULL,
                                        NULL);
  return manager;
}

typedef struct
{
  gboolean  tty;
  guint     phases_seen;   /* bit per JgImportPhase */
  gboolean  counter_shown;
} Progress;

/* A line per phase on standard error, and on a terminal a counter that
 * rewrites itself ("accounts 37/200"). */
static void
on_import_progress_cb (JgImport *import,
                       int       phase,
                       guint     done,
                       guint     total,
                       gpointer  user_data)
{
  Progress *progress = user_data;
  const char *name = jg_import_phase_to_string ((JgImportPhase) phase);

  if ((progress->phases_seen & (1u << phase)) == 0)
    {
      if (progress->counter_shown)
        g_printerr ("\n");
      progress->counter_shown = FALSE;
      progress->phases_seen |= 1u << phase;
      if (phase == JG_IMPORT_PHASE_SAVE)
        g_printerr (_("Writing the store…\n"));
      else
        g_printerr (_("Reading %s…\n"), name);
    }

  if (!progress->tty || total == 0)
    return;

  g_printerr ("\r%s %u/%u", name, done, total);
  progress->counter_shown = done < total;
  if (done == total)
    g_printerr ("\n");
}

static JsonNode *
report_to_json (const JgImportReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "partition");
  json_builder_add_string_value (builder,
                                 jg_partition_to_string (report->partition));
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, report->dry_run);
  json_builder_set_member_name (builder, "jump_account_id");
  json_builder_add_string_value (builder, report->jump_account_id);
  json_builder_set_member_name (builder, "commit_id");
  json_builder_add_int_value (builder, report->commit_id);

  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "accounts");
  json_builder_add_int_value (builder, report->n_accounts);
  json_builder_set_member_name (builder, "accounts_read");
  json_builder_add_int_value (builder, report->n_accounts_read);
  json_builder_set_member_name (builder, "accounts_skipped");
  json_builder_add_int_value (builder, report->n_accounts_skipped);
  json_builder_set_member_name (builder, "accounts_unreachable");
  json_builder_add_int_value (builder, report->n_accounts_unreachable);
  json_builder_set_member_name (builder, "roles");
  json_builder_add_int_value (builder, report->n_roles);
  json_builder_set_member_name (builder, "users");
  json_builder_add_int_value (builder, report->n_users);
  json_builder_set_member_name (builder, "grants");
  json_builder_add_int_value (builder, report->n_grants);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->changes->len; i++)
    {
      const JgImportChange *change = g_ptr_array_index (report->changes, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "entity");
      json_builder_add_string_value (builder,
                                     jg_import_entity_to_string (change->entity));
      json_builder_set_member_name (builder, "change");
      json_builder_add_string_value (builder,
                                     change->added ? "add" : "update");
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, change->key);
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, change->detail);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "half_grants");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->half_grants->len; i++)
    {
      const JgImportHalfGrant *half = g_ptr_array_index (report->half_grants,
                                                         i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "principal_arn");
      json_builder_add_string_value (builder, half->principal_arn);
      json_builder_set_member_name (builder, "role_arn");
      json_builder_add_string_value (builder, half->role_arn);
      json_builder_set_member_name (builder, "assertion");
      json_builder_add_boolean_value (builder, half->assertion);
      json_builder_set_member_name (builder, "trust");
      json_builder_add_boolean_value (builder, half->trust);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->messages->len; i++)
    {
      const JgImportMessage *message = g_ptr_array_index (report->messages, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "level");
      json_builder_add_string_value (builder, message->level);
      json_builder_set_member_name (builder, "account_id");
      if (message->account_id != NULL)
        json_builder_add_string_value (builder, message->account_id);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, message->text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_report (const JgImportReport *report)
{
  const char *verb = report->dry_run ? _("would add") : _("added");
  const char *verb_update = report->dry_run ? _("would update")
                                            : _("updated");

  for (guint i = 0; i < report->messages->len; i++)
    {
      const JgImportMessage *message = g_ptr_array_index (report->messages, i);

      g_print ("%s: %s\n", message->level, message->text);
    }

  for (guint i = 0; i < report->changes->len; i++)
    {
      const JgImportChange *change = g_ptr_array_index (report->changes, i);

      g_print ("%s %s %s%s%s\n", change->added ? verb : verb_update,
               jg_import_entity_to_string (change->entity), change->key,
               change->detail[0] != '\0' ? "  " : "", change->detail);
    }

  for (guint i = 0; i < report->half_grants->len; i++)
    {
      const JgImportHalfGrant *half = g_ptr_array_index (report->half_grants,
                                                         i);

      if (half->assertion)
        g_print (_("not imported: %s allows %s, but the role's trust policy "
                   "does not name the user\n"),
                 half->principal_arn, half->role_arn);
      else
        g_print (_("not imported: the trust policy of %s names %s, but no "
                   "inline policy of the user allows the role\n"),
                 half->role_arn, half->principal_arn);
    }

  g_print (_("Summary: %u accounts (%u read, %u skipped, %u unreachable), "
             "%u roles, %u users, %u grants both sides agree on, %u pairs "
             "only one side names.\n"),
           report->n_accounts, report->n_accounts_read,
           report->n_accounts_skipped, report->n_accounts_unreachable,
           report->n_roles, report->n_users, report->n_grants,
           report->half_grants->len);

  if (report->dry_run)
    g_print (_("Dry run: nothing was written.\n"));
  else if (report->commit_id > 0)
    g_print (_("Grants recorded in commit %" PRId64 ".\n"),
             report->commit_id);
  else if (report->changes->len == 0)
    g_print (_("The store already matches AWS: nothing changed.\n"));
}

int
jg_cli_cmd_import (JgCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *partition_text = NULL;
  gboolean dry_run = FALSE;
  gboolean no_keyring = FALSE;
  const GOptionEntry entries[] = {
    { "partition", 0, 0, G_OPTION_ARG_STRING, &partition_text,
      N_("Partition to import: aws, aws-us-gov or aws-cn (required)"),
      N_("P") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Print what would change and write nothing"), NULL },
    { "no-keyring", 0, 0, G_OPTION_ARG_NONE, &no_keyring,
      N_("Skip the keyring and use only the environment and the shared "
         "credentials file"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgSessionManager) sessions = NULL;
  g_autoptr(JgImport) import = NULL;
  g_autoptr(JgImportReport) report = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { 0 };
  JgPartition partition;
  int status;

  context = jg_cli_context_new (cli, "",
                                _("Read the accounts of the organisation, the "
                                  "roles of every active account (through "
                                  "its admin role), the users of the jump "
                                  "account and the grants both of their "
                                  "documents agree on, and add what the "
                                  "store lacks. Running it again changes "
                                  "nothing new. Pairs that only one "
                                  "document names are reported, not "
                                  "imported."),
                                entries);
  if (!jg_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return jg_cli_usage_error (cli, _("Unexpected argument “%s”: import "
                                      "takes options only"), argv[1]);

  if (!jg_cli_parse_partition_option (cli, partition_text, &partition,
                                      &status))
    return status;

  store = jg_cli_open_store (cli, &error);
  if (store == NULL)
    return jg_cli_fail (cli, error);

  sessions = jg_cli_new_session_manager (cli, no_keyring, &error);
  if (sessions == NULL)
    return jg_cli_fail (cli, error);

  import = jg_import_new (store, sessions, partition);
  jg_import_set_dry_run (import, dry_run);
  jg_import_set_author (import, NULL, g_get_user_name ());

  progress.tty = isatty (STDERR_FILENO);
  g_signal_connect (import, "progress", G_CALLBACK (on_import_progress_cb),
                    &progress);

  jg_import_run_async (import, NULL, on_async_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  report = jg_import_run_finish (import, result, &error);
  if (report == NULL)
    return jg_cli_fail (cli, error);

  if (jg_cli_get_json (cli))
    {
      g_autoptr(JsonNode) root = report_to_json (report);

      jg_cli_print_json (cli, root);
    }
  else
    print_report (report);

  return JG_CLI_EXIT_OK;
}
