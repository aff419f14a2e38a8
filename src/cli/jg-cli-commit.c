/* jg-cli-commit.c: the commit command.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "aws/jg-aws.h"
#include "engine/jg-engine.h"
#include "jg-cli-private.h"

static gboolean
on_sigint_cb (gpointer user_data)
{
  GCancellable *cancellable = user_data;

  g_printerr (_("jumpgate-cli: cancelling the commit: requests in flight "
                "are cancelled and the rest are not sent\n"));
  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_message_cb (JgCommitRunner *runner,
               const char     *level,
               const char     *text,
               gpointer        user_data)
{
  JgCli *cli = user_data;

  /* With --json, standard output carries only the final JSON. */
  if (g_strcmp0 (level, "error") == 0)
    g_printerr ("jumpgate-cli: %s\n", text);
  else if (!jg_cli_get_json (cli))
    g_print ("%s\n", text);
}

static void
on_progress_cb (JgCommitRunner *runner,
                guint           done,
                guint           total,
                const char     *current,
                gpointer        user_data)
{
  JgCli *cli = user_data;

  if (!jg_cli_get_json (cli) && g_getenv ("JUMPGATE_VERBOSE") != NULL)
    g_print ("[%u/%u] %s\n", done, total, current);
}

static JsonNode *
commit_result_to_json (JgStore        *store,
                       gint64          commit_id,
                       JgCommitStatus  status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) actions = NULL;

  actions = jg_store_list_commit_actions (store, commit_id, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "commit");
  json_builder_add_int_value (builder, commit_id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, jg_commit_status_to_string (status));
  json_builder_set_member_name (builder, "actions");
  json_builder_add_value (builder, jg_cli_actions_to_json (actions));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static int
exit_status_for_commit_error (JgCli        *cli,
                              const GError *error)
{
  jg_cli_fail (cli, error);

  if (error->domain == JG_ENGINE_ERROR
      && (error->code == JG_ENGINE_ERROR_NOTHING_STAGED
          || error->code == JG_ENGINE_ERROR_NOTHING_TO_RESUME
          || error->code == JG_ENGINE_ERROR_LIMIT_EXCEEDED
          || error->code == JG_ENGINE_ERROR_PRINCIPAL_MISSING))
    return JG_CLI_EXIT_USAGE;

  return jg_cli_exit_status_for_error (error);
}

int
jg_cli_cmd_commit (JgCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *comment = NULL;
  gboolean resume = FALSE;
  gboolean no_keyring = FALSE;
  int max_attempts = JG_AWS_RETRY_DEFAULT_MAX_ATTEMPTS;
  int max_in_flight = JG_AWS_CLIENT_DEFAULT_MAX_IN_FLIGHT;
  int max_per_account = JG_AWS_CLIENT_DEFAULT_MAX_IN_FLIGHT_PER_ACCOUNT;
  const GOptionEntry entries[] = {
    { "message", 'm', 0, G_OPTION_ARG_STRING, &comment,
      N_("Comment of the commit: why these changes are made"), N_("TEXT") },
    { "resume", 0, 0, G_OPTION_ARG_NONE, &resume,
      N_("Finish the oldest interrupted commit by planning again against "
         "what AWS holds now"), NULL },
    { "max-in-flight", 0, 0, G_OPTION_ARG_INT, &max_in_flight,
      N_("AWS requests in flight at once, in all (default 8)"), N_("N") },
    { "max-per-account", 0, 0, G_OPTION_ARG_INT, &max_per_account,
      N_("AWS requests in flight at once per account (default 2)"), N_("N") },
    { "max-attempts", 0, 0, G_OPTION_ARG_INT, &max_attempts,
      N_("Attempts per AWS request, first one included, when AWS throttles "
         "or fails (default 3)"), N_("N") },
    { "no-keyring", 0, 0, G_OPTION_ARG_NONE, &no_keyring,
      N_("Skip the keyring and use only the environment and the shared "
         "credentials file"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgSessionManager) sessions = NULL;
  g_autoptr(JgCommitRunner) runner = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JgCommitStatus commit_status = JG_COMMIT_FAILED;
  guint sigint_source;
  int status;

  context = jg_cli_context_new (cli, "",
                                _("Apply the staging area to AWS and record "
                                  "it as a commit. Ctrl-C cancels: requests "
                                  "in flight are cancelled and the journal "
                                  "shows what was done. Exits with 0 when "
                                  "the commit succeeded, 1 when it ended "
                                  "partial, failed or cancelled, 2 when "
                                  "there is nothing to commit or the plan "
                                  "is rejected."),
                                entries);
  if (!jg_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return jg_cli_usage_error (cli, _("“%s” takes no arguments, but “%s” "
                                      "was given: quote the comment of -m"),
                               argv[0], argv[1]);

  if (!resume && (comment == NULL || g_strstrip (comment)[0] == '\0'))
    return jg_cli_usage_error (cli, _("A commit needs a comment that says "
                                      "why: pass it with -m TEXT"));

  if (resume && comment != NULL)
    return jg_cli_usage_error (cli, _("--resume keeps the comment of the "
                                      "interrupted commit: leave out -m"));

  if (max_in_flight < 1 || max_per_account < 1 || max_attempts < 1)
    return jg_cli_usage_error (cli, _("--max-in-flight, --max-per-account and "
                                      "--max-attempts must be at least 1"));

  /* Resuming is the answer to the interrupted-commit warning, so it
   * does not print it. */
  if (resume)
    jg_cli_suppress_interrupted_warning (cli);

  store = jg_cli_open_store (cli, &error);
  if (store == NULL)
    return jg_cli_fail (cli, error);

  /* Checked before credentials are looked for, so an empty staging area
   * gets its own message and no AWS request is made. */
  if (!resume)
    {
      g_autoptr(GPtrArray) staged = jg_store_list_staged (store, &error);

      if (staged == NULL)
        return jg_cli_fail (cli, error);

      if (staged->len == 0)
        return jg_cli_usage_error (cli, _("The staging area is empty: stage "
                                          "grants or revocations before "
                                          "committing"));
    }

  sessions = jg_cli_new_session_manager (cli, no_keyring, &error);
  if (sessions == NULL)
    return jg_cli_fail (cli, error);

  jg_aws_client_set_max_in_flight (jg_session_manager_get_client (sessions),
                                   (guint) max_in_flight,
                                   (guint) max_per_account);
  {
    JgAwsRetryPolicy policy;

    jg_aws_client_get_retry_policy (jg_session_manager_get_client (sessions),
                                    &policy);
    policy.max_attempts = (guint) max_attempts;
    jg_aws_client_set_retry_policy (jg_session_manager_get_client (sessions),
                                    &policy);
  }

  runner = jg_commit_runner_new (store, sessions);
  jg_commit_runner_set_max_in_flight (runner, (guint) max_in_flight);
  jg_commit_runner_set_max_per_account (runner, (guint) max_per_account);
  g_signal_connect (runner, "message", G_CALLBACK (on_message_cb), cli);
  g_signal_connect (runner, "progress", G_CALLBACK (on_progress_cb), cli);

  sigint_source = g_unix_signal_add (SIGINT, on_sigint_cb, cancellable);

  if (resume)
    jg_commit_runner_resume_async (runner, cancellable,
                                   jg_cli_on_async_done_cb, &result);
  else
    jg_commit_runner_run_async (runner, comment, cancellable,
                                jg_cli_on_async_done_cb, &result);

  if (!jg_commit_runner_run_finish (runner, jg_cli_wait_for_result (&result),
                                    &commit_status, &error))
    {
      if (!g_cancellable_is_cancelled (cancellable))
        g_source_remove (sigint_source);
      return exit_status_for_commit_error (cli, error);
    }

  if (!g_cancellable_is_cancelled (cancellable))
    g_source_remove (sigint_source);

  if (jg_cli_get_json (cli))
    {
      g_autoptr(JsonNode) root = NULL;

      root = commit_result_to_json (store,
                                    jg_commit_runner_get_commit_id (runner),
                                    commit_status);
      jg_cli_print_json (cli, root);
    }

  return commit_status == JG_COMMIT_SUCCEEDED ? JG_CLI_EXIT_OK
                                              : JG_CLI_EXIT_FAILURE;
}
