/* jg-cli-drift.c: "jumpgate-cli drift", which compares what AWS contains
 * with the desired state, and fixes or adopts the differences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "aws/jg-session-manager.h"
#include "engine/jg-drift.h"
#include "jg-cli-private.h"

static void
on_async_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static JgDriftReport *
run_check (JgStore           *store,
           JgSessionManager  *sessions,
           GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  jg_drift_check_async (store, sessions, NULL, on_async_done_cb, &result);
  return jg_drift_check_finish (store, wait_for_result (&result), error);
}

static JsonNode *
report_to_json (const JgDriftReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "drift");
  json_builder_add_boolean_value (builder, report->items->len > 0);
  json_builder_set_member_name (builder, "documents");
  json_builder_add_int_value (builder, report->n_documents);
  json_builder_set_member_name (builder, "unmanaged_documents");
  json_builder_add_int_value (builder, report->n_unmanaged);

  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->items->len; i++)
    {
      const JgDriftItem *item = g_ptr_array_index (report->items, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, item->id);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder,
                                     jg_drift_kind_to_string (item->kind));
      json_builder_set_member_name (builder, "principal_arn");
      if (item->principal_arn != NULL)
        json_builder_add_string_value (builder, item->principal_arn);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "role_arn");
      if (item->role_arn != NULL)
        json_builder_add_string_value (builder, item->role_arn);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, item->message);
      json_builder_set_member_name (builder, "can_fix");
      json_builder_add_boolean_value (builder, item->can_fix);
      json_builder_set_member_name (builder, "can_adopt");
      json_builder_add_boolean_value (builder, item->can_adopt);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->errors->len; i++)
    json_builder_add_string_value (builder,
                                   g_ptr_array_index (report->errors, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_report (const JgDriftReport *report)
{
  for (guint i = 0; i < report->items->len; i++)
    {
      const JgDriftItem *item = g_ptr_array_index (report->items, i);
      const char *remedy;

      if (item->can_fix && item->can_adopt)
        remedy = _("fix or adopt");
      else if (item->can_fix)
        remedy = _("fix");
      else if (item->can_adopt)
        remedy = _("adopt");
      else
        remedy = _("by hand");

      g_print ("%s  %-17s  %s  [%s]\n", item->id,
               jg_drift_kind_to_string (item->kind), item->message, remedy);
    }

  for (guint i = 0; i < report->errors->len; i++)
    g_printerr (_("jumpgate-cli: error: %s\n"),
                (char *) g_ptr_array_index (report->errors, i));

  if (report->items->len == 0)
    g_print (_("No drift in %u documents.\n"), report->n_documents);
  else
    g_print (_("%u drift items in %u documents. Fix with “jumpgate-cli drift "
               "fix ID…” (writes Jumpgate's documents again) or adopt with "
               "“jumpgate-cli drift adopt ID” (the desired state takes what "
               "AWS holds).\n"),
             report->items->len, report->n_documents);

  if (report->n_unmanaged > 0)
    g_print (_("%u documents hold their grants in policies or statements "
               "Jumpgate did not write; the next commit that touches them "
               "adds Jumpgate's own.\n"), report->n_unmanaged);
}

static int
drift_check (JgCli  *cli,
             int     argc,
             char  **argv)
{
  gboolean no_keyring = FALSE;
  const GOptionEntry entries[] = {
    { "no-keyring", 0, 0, G_OPTION_ARG_NONE, &no_keyring,
      N_("Skip the keyring and use only the environment and the shared "
         "credentials file"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgSessionManager) sessions = NULL;
  g_autoptr(JgDriftReport) report = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = jg_cli_context_new (cli, _("[fix ID… | fix --all | adopt ID]"),
                                _("Read every principal's inline policies "
                                  "and every role's trust policy and compare "
                                  "them with the desired state. Exit status: "
                                  "0 no drift, 3 drift found, 1 when "
                                  "documents could not be read and no drift "
                                  "was found in the others."),
                                entries);
  if (!jg_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return jg_cli_usage_error (cli, _("Unexpected argument “%s”: use “drift”, "
                                      "“drift fix ID…” or “drift adopt ID”"),
                               argv[1]);

  store = jg_cli_open_store (cli, &error);
  if (store == NULL)
    return jg_cli_fail (cli, error);

  sessions = jg_cli_new_session_manager (cli, no_keyring, &error);
  if (sessions == NULL)
    return jg_cli_fail (cli, error);

  report = run_check (store, sessions, &error);
  if (report == NULL)
    {
      jg_cli_fail (cli, error);
      return JG_CLI_EXIT_FAILURE;
    }

  if (jg_cli_get_json (cli))
    {
      g_autoptr(JsonNode) root = report_to_json (report);

      jg_cli_print_json (cli, root);
      for (guint i = 0; i < report->errors->len; i++)
        g_printerr (_("jumpgate-cli: error: %s\n"),
                    (char *) g_ptr_array_index (report->errors, i));
    }
  else
    print_report (report);

  if (report->items->len > 0)
    return JG_CLI_EXIT_DRIFT;

  return report->errors->len > 0 ? JG_CLI_EXIT_FAILURE : JG_CLI_EXIT_OK;
}

static int
drift_fix (JgCli  *cli,
           int     argc,
           char  **argv)
{
  gboolean all = FALSE;
  gboolean no_keyring = FALSE;
  g_autofree char *comment = NULL;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all,
      N_("Fix every item that can be fixed"), NULL },
    { "message", 'm', 0, G_OPTION_ARG_STRING, &comment,
      N_("Comment of the commit (default: names the items)"), N_("TEXT") },
    { "no-keyring", 0, 0, G_OPTION_ARG_NONE, &no_keyring,
      N_("Skip the keyring and use only the environment and the shared "
         "credentials file"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgSessionManager) sessions = NULL;
  g_autoptr(JgDriftReport) report = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  JgCommitStatus commit_status = JG_COMMIT_FAILED;
  gint64 commit_id;
  int status;

  context = jg_cli_context_new (cli, _("ID…"),
                                _("Write Jumpgate's policy and statement of "
                                  "the documents behind the drift items "
                                  "again, as a commit, so AWS matches the "
                                  "desired state. Nothing is staged; the "
                                  "staging area must be empty."),
                                entries);
  if (!jg_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;

  if (!all && argc < 2)
    return jg_cli_usage_error (cli, _("Name the drift items to fix (ids from "
                                      "“jumpgate-cli drift”), or pass "
                                      "--all"));

  store = jg_cli_open_store (cli, &error);
  if (store == NULL)
    return jg_cli_fail (cli, error);

  sessions = jg_cli_new_session_manager (cli, no_keyring, &error);
  if (sessions == NULL)
    return jg_cli_fail (cli, error);

  report = run_check (store, sessions, &error);
  if (report == NULL)
    {
      jg_cli_fail (cli, error);
      return JG_CLI_EXIT_FAILURE;
    }

  if (all)
    {
      for (guint i = 0; i < report->items->len; i++)
        {
          JgDriftItem *item = g_ptr_array_index (report->items, i);

          if (item->can_fix)
            g_ptr_array_add (items, item);
        }
    }

  for (int i = 1; i < argc; i++)
    {
      JgDriftItem *item = jg_drift_report_find (report, argv[i]);

      if (item == NULL)
        return jg_cli_usage_error (cli, _("No drift item “%s”: run "
                                          "“jumpgate-cli drift” for the "
                                          "current ids"), argv[i]);
      g_ptr_array_add (items, item);
    }

  if (items->len == 0)
    {
      g_print (_("Nothing to fix.\n"));
      return JG_CLI_EXIT_OK;
    }

  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "",
                            ((JgDriftItem *) g_ptr_array_index (items, i))->id);
  if (comment == NULL)
    comment = g_strdup_printf (_("Fix drift %s"), ids->str);

  jg_drift_fix_async (store, sessions, items, comment, g_get_user_name (),
                      NULL, on_async_done_cb, &result);
  commit_id = jg_drift_fix_finish (store, wait_for_result (&result),
                                   &commit_status, &error);
  if (commit_id < 0)
    {
      jg_cli_fail (cli, error);
      return g_error_matches (error, JG_DRIFT_ERROR,
                              JG_DRIFT_ERROR_NOT_POSSIBLE)
             || g_error_matches (error, JG_DRIFT_ERROR, JG_DRIFT_ERROR_STAGED)
             ? JG_CLI_EXIT_USAGE : JG_CLI_EXIT_FAILURE;
    }

  if (commit_id == 0)
    g_print (_("AWS already holds the desired documents: nothing written.\n"));
  else
    g_print (_("Commit %" PRId64 " %s: wrote the documents behind "
               "%s again.\n"), commit_id,
             jg_commit_status_to_string (commit_status), ids->str);

  return commit_status == JG_COMMIT_SUCCEEDED ? JG_CLI_EXIT_OK
                                              : JG_CLI_EXIT_FAILURE;
}

static int
drift_adopt (JgCli  *cli,
             int     argc,
             char  **argv)
{
  gboolean no_keyring = FALSE;
  const GOptionEntry entries[] = {
    { "no-keyring", 0, 0, G_OPTION_ARG_NONE, &no_keyring,
      N_("Skip the keyring and use only the environment and the shared "
         "credentials file"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgSessionManager) sessions = NULL;
  g_autoptr(JgDriftReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 commit_id;
  int status;

  context = jg_cli_context_new (cli, _("ID…"),
                                _("Make the desired state take what AWS "
                                  "holds for each drift item, recorded in "
                                  "history as an adoption commit. Nothing "
                                  "is written to AWS."),
                                entries);
  if (!jg_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;

  if (argc < 2)
    return jg_cli_usage_error (cli, _("Name the drift items to adopt (ids "
                                      "from “jumpgate-cli drift”)"));

  store = jg_cli_open_store (cli, &error);
  if (store == NULL)
    return jg_cli_fail (cli, error);

  sessions = jg_cli_new_session_manager (cli, no_keyring, &error);
  if (sessions == NULL)
    return jg_cli_fail (cli, error);

  report = run_check (store, sessions, &error);
  if (report == NULL)
    {
      jg_cli_fail (cli, error);
      return JG_CLI_EXIT_FAILURE;
    }

  for (int i = 1; i < argc; i++)
    {
      JgDriftItem *item = jg_drift_report_find (report, argv[i]);

      if (item == NULL)
        return jg_cli_usage_error (cli, _("No drift item “%s”: run "
                                          "“jumpgate-cli drift” for the "
                                          "current ids"), argv[i]);

      commit_id = jg_drift_adopt (store, item, g_get_user_name (), &error);
      if (commit_id < 0)
        {
          jg_cli_fail (cli, error);
          return JG_CLI_EXIT_USAGE;
        }

      if (commit_id > 0)
        g_print (_("Adopted %s in commit %" PRId64 ": %s\n"),
                 item->id, commit_id, item->message);
      else
        g_print (_("Adopted %s: %s\n"), item->id, item->message);
    }

  return JG_CLI_EXIT_OK;
}

int
jg_cli_cmd_drift (JgCli  *cli,
                  int     argc,
                  char  **argv)
{
  static const JgCliVerb verbs[] = {
    { "fix", drift_fix, N_("ID… | --all"),
      N_("Write the documents behind drift items again, as a commit") },
    { "adopt", drift_adopt, N_("ID…"),
      N_("Take what AWS holds as the desired state, as a commit") },
  };

  if (argc >= 2 && (g_strcmp0 (argv[1], "fix") == 0
                    || g_strcmp0 (argv[1], "adopt") == 0))
    return jg_cli_dispatch_verb (cli, verbs, G_N_ELEMENTS (verbs), argc, argv);

  return drift_check (cli, argc, argv);
}
