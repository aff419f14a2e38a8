/* jg-cli-history.c: the history and access commands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <glib/gi18n.h>

#include "engine/jg-engine.h"
#include "jg-cli-private.h"

static char *
format_time (GDateTime *time)
{
  return time != NULL ? g_date_time_format_iso8601 (time) : g_strdup ("");
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static JsonNode *
commit_to_json (const JgCommit *commit)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *created = format_time (commit->created_at);
  g_autofree char *finished = commit->finished_at != NULL
                              ? format_time (commit->finished_at) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, commit->id);
  add_string (builder, "created_at", created);
  add_string (builder, "finished_at", finished);
  add_string (builder, "author_arn", commit->author_arn);
  add_string (builder, "author_user", commit->author_user);
  add_string (builder, "comment", commit->comment);
  add_string (builder, "status", jg_commit_status_to_string (commit->status));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
jg_cli_actions_to_json (GPtrArray *actions)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      JgCommitAction *action = g_ptr_array_index (actions, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "position");
      json_builder_add_int_value (builder, action->position);
      add_string (builder, "operation", action->operation);
      add_string (builder, "target", action->target_arn);
      add_string (builder, "account_id", action->account_id);
      add_string (builder, "status",
                  jg_action_status_to_string (action->status));
      json_builder_set_member_name (builder, "attempts");
      json_builder_add_int_value (builder, action->attempts);
      json_builder_set_member_name (builder, "duration_ms");
      json_builder_add_int_value (builder, action->duration_ms);
      add_string (builder, "error_code", action->error_code);
      add_string (builder, "error_message", action->error_message);
      add_string (builder, "request_id", action->request_id);
      add_string (builder, "before", action->document_before);
      add_string (builder, "after", action->document_after);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static int
history_list (JgCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) commits = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = jg_cli_context_new (cli, "", _("List the commits, newest first."),
                                NULL);
  if (!jg_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return jg_cli_usage_error (cli, _("“%s” takes no arguments, but “%s” "
                                      "was given"), argv[0], argv[1]);

  store = jg_cli_open_store (cli, &error);
  if (store == NULL)
    return jg_cli_fail (cli, error);

  commits = jg_store_list_commits (store, &error);
  if (commits == NULL)
    return jg_cli_fail (cli, error);

  if (jg_cli_get_json (cli))
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < commits->len; i++)
        json_array_add_element (array,
                                commit_to_json (g_ptr_array_index (commits,
                                                                   i)));
      json_node_take_array (root, array);
      jg_cli_print_json (cli, root);
      return JG_CLI_EXIT_OK;
    }

  if (commits->len == 0)
    {
      g_print (_("No commit yet.\n"));
      return JG_CLI_EXIT_OK;
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (rows, g_strdupv ((char *[]) { _("ID"), _("CREATED"),
                                                  _("STATUS"), _("AUTHOR"),
                                                  _("COMMENT"), NULL }));
  for (guint i = 0; i < commits->len; i++)
    {
      JgCommit *commit = g_ptr_array_index (commits, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, commit->id);
      g_autofree char *created = format_time (commit->created_at);

      g_ptr_array_add (rows, g_strdupv ((char *[]) {
        id, created, (char *) jg_commit_status_to_string (commit->status),
        commit->author_user, commit->comment, NULL }));
    }
  jg_cli_print_table (rows, 5);
  return JG_CLI_EXIT_OK;
}

static gboolean
parse_commit_id (const char *text,
                 gint64     *out_id)
{
  char *end = NULL;
  gint64 value;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;

  value = g_ascii_strtoll (text, &end, 10);
  if (*end != '\0' || value <= 0)
    return FALSE;

  *out_id = value;
  return TRUE;
}

static void
print_actions (GPtrArray *actions)
{
  if (actions->len == 0)
    {
      g_print (_("  (no action)\n"));
      return;
    }

  for (guint i = 0; i < actions->len; i++)
    {
      JgCommitAction *action = g_ptr_array_index (actions, i);

      g_print ("  %-10s %s %s (attempts: %d, %" G_GINT64_FORMAT " ms)%s%s\n",
               jg_action_status_to_string (action->status),
               action->operation, action->target_arn, action->attempts,
               action->duration_ms,
               action->error_code != NULL ? ": " : "",
               action->error_code != NULL ? action->error_code : "");
      if (action->error_message != NULL)
        g_print ("             %s\n", action->error_message);
      if (action->request_id != NULL)
        g_print (_("             request id %s\n"), action->request_id);
    }
}

static int
history_show (JgCli  *cli,
              int     argc,
              char  **argv)
{
  gboolean show_actions = FALSE;
  gboolean show_messages = FALSE;
  gboolean show_configs = FALSE;
  gboolean show_requested = FALSE;
  const GOptionEntry entries[] = {
    { "actions", 0, 0, G_OPTION_ARG_NONE, &show_actions,
      N_("Show the AWS writes with their outcome"), NULL },
    { "messages", 0, 0, G_OPTION_ARG_NONE, &show_messages,
      N_("Show the messages"), NULL },
    { "configs", 0, 0, G_OPTION_ARG_NONE, &show_configs,
      N_("Show the user configurations generated"), NULL },
    { "requested", 0, 0, G_OPTION_ARG_NONE, &show_requested,
      N_("Show the requested changes"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(JgCommit) commit = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  g_autoptr(GPtrArray) requested = NULL;
  g_autoptr(GError) error = NULL;
  gint64 commit_id = 0;
  int status;

  context = jg_cli_context_new (cli, "COMMIT",
                                _("Show one commit. Without a section option "
                                  "every section is shown."),
                                entries);
  if (!jg_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;

  if (argc != 2 || !parse_commit_id (argv[1], &commit_id))
    return jg_cli_usage_error (cli, _("“%s” needs one commit id, a positive "
                                      "number from “jumpgate-cli history”"),
                               argv[0]);

  if (!show_actions && !show_messages && !show_configs && !show_requested)
    show_actions = show_messages = show_configs = show_requested = TRUE;

  store = jg_cli_open_store (cli, &error);
  if (store == NULL)
    return jg_cli_fail (cli, error);

  commit = jg_store_get_commit (store, commit_id, &error);
  if (commit == NULL)
    return jg_cli_fail (cli, error);

  if ((show_actions
       && (actions = jg_store_list_commit_actions (store, commit_id,
                                                   &error)) == NULL)
      || (show_messages
          && (messages = jg_store_list_commit_messages (store, commit_id,
                                                        &error)) == NULL)
      || (show_configs
          && (configs = jg_store_list_user_configs (store, commit_id,
                                                    &error)) == NULL)
      || (show_requested
          && (requested = jg_store_list_requested_changes (store, commit_id,
                                                           &error)) == NULL))
    return jg_cli_fail (cli, error);

  if (jg_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "commit");
      json_builder_add_value (builder, commit_to_json (commit));
      if (requested != NULL)
        {
          json_builder_set_member_name (builder, "requested_changes");
          json_builder_begin_array (builder);
          for (guint i = 0; i < requested->len; i++)
            {
              JgChange *change = g_ptr_array_index (requested, i);

              json_builder_begin_object (builder);
              add_string (builder, "kind",
                          jg_change_kind_to_string (change->kind));
              add_string (builder, "handle", change->handle);
              add_string (builder, "principal_arn", change->principal_arn);
              add_string (builder, "role_arn", change->role_arn);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
        }
      if (actions != NULL)
        {
          json_builder_set_member_name (builder, "actions");
          json_builder_add_value (builder, jg_cli_actions_to_json (actions));
        }
      if (messages != NULL)
        {
          json_builder_set_member_name (builder, "messages");
          json_builder_begin_array (builder);
          for (guint i = 0; i < messages->len; i++)
            {
              JgCommitMessage *message = g_ptr_array_index (messages, i);
              g_autofree char *at = format_time (message->at);

              json_builder_begin_object (builder);
              add_string (builder, "at", at);
              add_string (builder, "level", message->level);
              add_string (builder, "text", message->text);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
        }
      if (configs != NULL)
        {
          json_builder_set_member_name (builder, "user_configs");
          json_builder_begin_array (builder);
          for (guint i = 0; i < configs->len; i++)
            {
              JgUserConfig *config = g_ptr_array_index (configs, i);

              json_builder_begin_object (builder);
              add_string (builder, "handle", config->handle);
              add_string (builder, "format", config->format);
              add_string (builder, "text", config->text);
              add_string (builder, "warnings", config->warnings);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      jg_cli_print_json (cli, root);
      return JG_CLI_EXIT_OK;
    }

  {
    g_autofree char *created = format_time (commit->created_at);

    g_print (_("Commit %" PRId64 ": %s\n"), commit->id,
             commit->comment);
    g_print (_("Status: %s\nCreated: %s\nAuthor: %s (%s)\n"),
             jg_commit_status_to_string (commit->status), created,
             commit->author_user,
             commit->author_arn != NULL ? commit->author_arn : _("unknown"));
  }

  if (requested != NULL)
    {
      g_print (_("\nRequested changes:\n"));
      for (guint i = 0; i < requested->len; i++)
        {
          JgChange *change = g_ptr_array_index (requested, i);

          g_print ("  %-6s %s %s\n", jg_change_kind_to_string (change->kind),
                   change->handle, change->role_arn);
        }
    }

  if (actions != NULL)
    {
      g_print (_("\nActions:\n"));
      print_actions (actions);
    }

  if (messages != NULL)
    {
      g_print (_("\nMessages:\n"));
      for (guint i = 0; i < messages->len; i++)
        {
          JgCommitMessage *message = g_ptr_array_index (messages, i);

          g_print ("  %-7s %s\n", message->level, message->text);
        }
    }

  if (configs != NULL)
    {
      g_print (_("\nUser configurations:\n"));
      for (guint i = 0; i < configs->len; i++)
        {
          JgUserConfig *config = g_ptr_array_index (configs, i);

          g_print ("--- %s (%s)\n%s", config->handle, config->format,
                   config->text);
          if (config->warnings != NULL && config->warnings[0] != '\0')
            g_print (_("Warnings:\n%s"), config->warnings);
        }
    }

  return JG_CLI_EXIT_OK;
}

int
jg_cli_cmd_history (JgCli  *cli,
                    int     argc,
                    char  **argv)
{
  static const JgCliVerb verbs[] = {
    { "list", history_list, "", N_("List the commits, newest first") },
    { "show", history_show, "COMMIT [--actions|--messages|--configs|"
      "--requested]", N_("Show one commit") },
  };

  /* "history" alone lists, as "history list" does. */
  if (argc < 2 || argv[1][0] == '-')
    {
      if (argc >= 2 && (g_strcmp0 (argv[1], "--help") == 0
                        || g_strcmp0 (argv[1], "-h") == 0))
        return jg_cli_dispatch_verb (cli, verbs, G_N_ELEMENTS (verbs), argc,
                                     argv);
      return history_list (cli, argc, argv);
    }

  return jg_cli_dispatch_verb (cli, verbs, G_N_ELEMENTS (verbs), argc, argv);
}

/* Resolves --at: a commit id, or an ISO 8601 time with a time zone, which
 * means the last commit created at or before it. Returns 0 when no commit
 * was made by that time, -1 on error. */
static gint64
resolve_at (JgStore     *store,
            const char  *at,
            GError     **error)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(JgCommit) commit = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 commit_id;

  if (parse_commit_id (at, &commit_id))
    {
      commit = jg_store_get_commit (store, commit_id, error);
      return commit != NULL ? commit_id : -1;
    }

  time = g_date_time_new_from_iso8601 (at, NULL);
  if (time == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--at “%s” is neither a commit id nor an ISO 8601 time "
                     "with a time zone, such as 2026-12-01T12:00:00Z"), at);
      return -1;
    }

  commit = jg_store_find_commit_at (store, time, &local_error);
  if (commit == NULL)
    {
      if (g_error_matches (local_error, JG_STORE_ERROR,
                           JG_STORE_ERROR_NOT_FOUND))
        return 0;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }

  return commit->id;
}

static char *
account_of (const char *role_arn)
{
  g_autoptr(JgArn) arn = jg_arn_parse (role_arn, NULL);

  return arn != NULL ? g_strdup (arn->account_id) : g_strdup ("");
}

int
jg_cli_cmd_access (JgCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *at = NULL;
  g_autofree char *handle = NULL;
  g_autofree char *account_id = NULL;
  const GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at,
      N_("Show access right after this commit (an id), or at this time "
         "(ISO 8601 with a time zone); default: now"), N_("COMMIT|TIME") },
    { "person", 0, 0, G_OPTION_ARG_STRING, &handle,
      N_("Only this person's access"), N_("HANDLE") },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_id,
      N_("Only roles of this account (12 digits)"), N_("ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) grants = NULL;
  g_autoptr(GError) error = NULL;
  gint64 commit_id = -1;
  int status;

  context = jg_cli_context_new (cli, "",
                                _("Show who could assume which role, from "
                                  "the grants' history: now, or after a "
                                  "past commit."),
                                entries);
  if (!jg_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return jg_cli_usage_error (cli, _("“%s” takes no arguments, but “%s” "
                                      "was given"), argv[0], argv[1]);

  if (account_id != NULL && !jg_validate_account_id (account_id, &error))
    return jg_cli_fail (cli, error);

  store = jg_cli_open_store (cli, &error);
  if (store == NULL)
    return jg_cli_fail (cli, error);

  if (at != NULL)
    {
      commit_id = resolve_at (store, at, &error);
      if (commit_id < 0)
        return jg_cli_fail (cli, error);
    }

  if (commit_id < 0)
    grants = jg_store_list_grants (store, handle, account_id, &error);
  else
    grants = jg_store_list_grants_at_commit (store, commit_id, handle,
                                             account_id, &error);
  if (grants == NULL)
    return jg_cli_fail (cli, error);

  if (jg_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "commit");
      if (commit_id >= 0)
        json_builder_add_int_value (builder, commit_id);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "grants");
      json_builder_begin_array (builder);
      for (guint i = 0; i < grants->len; i++)
        {
          JgGrant *grant = g_ptr_array_index (grants, i);
          g_autofree char *account = account_of (grant->role_arn);

          json_builder_begin_object (builder);
          add_string (builder, "handle", grant->handle);
          add_string (builder, "principal_arn", grant->principal_arn);
          add_string (builder, "role_arn", grant->role_arn);
          add_string (builder, "account_id", account);
          json_builder_set_member_name (builder, "added_commit");
          json_builder_add_int_value (builder, grant->added_commit);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      jg_cli_print_json (cli, root);
      return JG_CLI_EXIT_OK;
    }

  if (commit_id == 0)
    g_print (_("No commit was made by then: nobody had access.\n"));
  else if (commit_id > 0)
    g_print (_("Access right after commit %" PRId64 ":\n"),
             commit_id);

  if (grants->len == 0)
    {
      if (commit_id != 0)
        g_print (_("No access.\n"));
      return JG_CLI_EXIT_OK;
    }

  {
    g_autoptr(GPtrArray) rows = NULL;

    rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    g_ptr_array_add (rows, g_strdupv ((char *[]) { _("PERSON"), _("ACCOUNT"),
                                                    _("ROLE"),
                                                    _("PRINCIPAL"), NULL }));
    for (guint i = 0; i < grants->len; i++)
      {
        JgGrant *grant = g_ptr_array_index (grants, i);
        g_autofree char *account = account_of (grant->role_arn);

        g_ptr_array_add (rows, g_strdupv ((char *[]) {
          grant->handle, account, grant->role_arn, grant->principal_arn,
          NULL }));
      }
    jg_cli_print_table (rows, 4);
  }

  return JG_CLI_EXIT_OK;
}
