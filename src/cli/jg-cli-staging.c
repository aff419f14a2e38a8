/* jg-cli-staging.c: grant, revoke, staged and grants commands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "jg-cli-private.h"

static JsonNode *
changes_to_json (GPtrArray *changes)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < changes->len; i++)
    {
      JgChange *change = g_ptr_array_index (changes, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, change->id);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder,
                                     jg_change_kind_to_string (change->kind));
      json_builder_set_member_name (builder, "handle");
      json_builder_add_string_value (builder, change->handle);
      json_builder_set_member_name (builder, "principal_arn");
      json_builder_add_string_value (builder, change->principal_arn);
      json_builder_set_member_name (builder, "role_arn");
      json_builder_add_string_value (builder, change->role_arn);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static void
print_changes (JgCli     *cli,
               GPtrArray *changes)
{
  g_autoptr(GPtrArray) rows = NULL;

  if (jg_cli_get_json (cli))
    {
      g_autoptr(JsonNode) root = changes_to_json (changes);

      jg_cli_print_json (cli, root);
      return;
    }

  if (changes->len == 0)
    {
      g_print (_("The staging area is empty.\n"));
      return;
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (rows, g_strdupv ((char *[]) { _("ID"), _("CHANGE"),
                                                  _("PERSON"), _("ROLE"),
                                                  NULL }));
  for (guint i = 0; i < changes->len; i++)
    {
      JgChange *change = g_ptr_array_index (changes, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, change->id);

      g_ptr_array_add (rows, g_strdupv ((char *[]) {
        id, (char *) jg_change_kind_to_string (change->kind), change->handle,
        change->role_arn, NULL }));
    }
  jg_cli_print_table (rows, 4);
}

static int
stage_command (JgCli         *cli,
               JgChangeKind   kind,
               int            argc,
               char         **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = jg_cli_context_new (cli, "HANDLE ROLE_ARN…",
                                kind == JG_CHANGE_GRANT
                                ? _("Stage grants of roles to a person. "
                                    "Nothing changes in AWS until a commit.")
                                : _("Stage revocations of roles from a "
                                    "person. Nothing changes in AWS until a "
                                    "commit."),
                                NULL);
  if (!jg_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;

  if (argc < 3)
    return jg_cli_usage_error (cli, _("“%s” needs a person's handle and at "
                                      "least one role ARN"), argv[0]);

  store = jg_cli_open_store (cli, &error);
  if (store == NULL)
    return jg_cli_fail (cli, error);

  if (!jg_store_stage (store, kind, argv[1],
                       (const char *const *) argv + 2, &error))
    return jg_cli_fail (cli, error);

  if (!jg_cli_get_json (cli))
    {
      g_autoptr(GPtrArray) staged = jg_store_list_staged (store, &error);

      if (staged == NULL)
        return jg_cli_fail (cli, error);

      /* A grant can also cancel a staged revocation, so the count of
       * the whole staging area is what stays true. */
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "The staging area holds %u change; "
                            "“jumpgate-cli staged” lists it.\n",
                            "The staging area holds %u changes; "
                            "“jumpgate-cli staged” lists them.\n",
                            staged->len),
               staged->len);
    }

  return JG_CLI_EXIT_OK;
}

int
jg_cli_cmd_grant (JgCli  *cli,
                  int     argc,
                  char  **argv)
{
  return stage_command (cli, JG_CHANGE_GRANT, argc, argv);
}

int
jg_cli_cmd_revoke (JgCli  *cli,
                   int     argc,
                   char  **argv)
{
  return stage_command (cli, JG_CHANGE_REVOKE, argc, argv);
}

static int
staged_list (JgCli  *cli,
             int     argc,
             char  **argv)
{
  gboolean saved = FALSE;
  const GOptionEntry entries[] = {
    { "saved", 0, 0, G_OPTION_ARG_NONE, &saved,
      N_("List the saved sets instead of the staging area"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  int status;

  context = jg_cli_context_new (cli, NULL,
                                _("List the staged changes, or the saved "
                                  "sets."), entries);
  if (!jg_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;

  if (argc != 1)
    return jg_cli_usage_error (cli, _("“%s” takes no arguments"), argv[0]);

  store = jg_cli_open_store (cli, &error);
  if (store == NULL)
    return jg_cli_fail (cli, error);

  if (!saved)
    {
      items = jg_store_list_staged (store, &error);
      if (items == NULL)
        return jg_cli_fail (cli, error);

      print_changes (cli, items);
      return JG_CLI_EXIT_OK;
    }

  items = jg_store_list_saved (store, &error);
  if (items == NULL)
    return jg_cli_fail (cli, error);

  if (jg_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < items->len; i++)
        {
          JgSavedChangeset *set = g_ptr_array_index (items, i);
          g_autofree char *created = g_date_time_format_iso8601 (set->created_at);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, set->name);
          json_builder_set_member_name (builder, "created_at");
          json_builder_add_string_value (builder, created);
          json_builder_set_member_name (builder, "changes");
          json_builder_add_int_value (builder, set->n_changes);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      jg_cli_print_json (cli, root);
    }
  else
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      g_ptr_array_add (rows, g_strdupv ((char *[]) { _("NAME"), _("SAVED"),
                                                      _("CHANGES"), NULL }));
      for (guint i = 0; i < items->len; i++)
        {
          JgSavedChangeset *set = g_ptr_array_index (items, i);
          g_autofree char *created = g_date_time_format_iso8601 (set->created_at);
          g_autofree char *count = g_strdup_printf ("%u", set->n_changes);

          g_ptr_array_add (rows, g_strdupv ((char *[]) { set->name, created,
                                                          count, NULL }));
        }
      jg_cli_print_table (rows, 3);
    }

  return JG_CLI_EXIT_OK;
}

static int
staged_discard (JgCli  *cli,
                int     argc,
                char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = jg_cli_context_new (cli, "[ID…]",
                                _("Discard the whole staging area, or only "
                                  "the staged changes with these ids."),
                                NULL);
  if (!jg_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;

  store = jg_cli_open_store (cli, &error);
  if (store == NULL)
    return jg_cli_fail (cli, error);

  if (argc == 1)
    {
      if (!jg_store_discard_staged (store, &error))
        return jg_cli_fail (cli, error);
      return JG_CLI_EXIT_OK;
    }

  for (int i = 1; i < argc; i++)
    {
      guint64 id = 0;

      if (!g_ascii_string_to_unsigned (argv[i], 10, 1, G_MAXINT64, &id, NULL))
        return jg_cli_usage_error (cli, _("“%s” is not a staged change id: "
                                          "ids are the numbers “staged list” "
                                          "prints"), argv[i]);
    }

  for (int i = 1; i < argc; i++)
    {
      guint64 id = g_ascii_strtoull (argv[i], NULL, 10);

      if (!jg_store_unstage (store, (gint64) id, &error))
        return jg_cli_fail (cli, error);
    }

  return JG_CLI_EXIT_OK;
}

static int
staged_save_or_open (JgCli     *cli,
                     gboolean   save,
                     int        argc,
                     char     **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  int status;

  context = jg_cli_context_new (cli, "NAME",
                                save
                                ? _("Save the staging area under a name and "
                                    "empty it.")
                                : _("Move a saved set back into the empty "
                                    "staging area."),
                                NULL);
  if (!jg_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;

  if (argc != 2)
    return jg_cli_usage_error (cli, _("“%s” needs exactly one name"),
                               argv[0]);

  store = jg_cli_open_store (cli, &error);
  if (store == NULL)
    return jg_cli_fail (cli, error);

  ok = save ? jg_store_save_staged (store, argv[1], &error)
            : jg_store_open_saved (store, argv[1], &error);
  if (!ok)
    return jg_cli_fail (cli, error);

  return JG_CLI_EXIT_OK;
}

static int
staged_save (JgCli  *cli,
             int     argc,
             char  **argv)
{
  return staged_save_or_open (cli, TRUE, argc, argv);
}

static int
staged_open (JgCli  *cli,
             int     argc,
             char  **argv)
{
  return staged_save_or_open (cli, FALSE, argc, argv);
}

int
jg_cli_cmd_staged (JgCli  *cli,
                   int     argc,
                   char  **argv)
{
  static const JgCliVerb verbs[] = {
    { "list", staged_list, "[--saved]",
      N_("List the staging area (the default)") },
    { "discard", staged_discard, "[ID…]",
      N_("Discard the staging area or some of its changes") },
    { "save", staged_save, "NAME", N_("Save the staging area under a name") },
    { "open", staged_open, "NAME", N_("Reopen a saved set") },
  };

  /* A bare “staged”, or one followed only by options, lists. */
  if (argc == 1 || (argc > 1 && argv[1][0] == '-'
                    && g_strcmp0 (argv[1], "--help") != 0
                    && g_strcmp0 (argv[1], "-h") != 0))
    {
      g_auto(GStrv) args = g_new0 (char *, argc + 2);

      args[0] = g_strdup (argv[0]);
      args[1] = g_strdup ("list");
      for (int i = 1; i < argc; i++)
        args[i + 1] = g_strdup (argv[i]);

      return jg_cli_dispatch_verb (cli, verbs, G_N_ELEMENTS (verbs), argc + 1,
                                   args);
    }

  return jg_cli_dispatch_verb (cli, verbs, G_N_ELEMENTS (verbs), argc, argv);
}

int
jg_cli_cmd_grants (JgCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *handle = NULL;
  g_autofree char *account_id = NULL;
  const GOptionEntry entries[] = {
    { "person", 0, 0, G_OPTION_ARG_STRING, &handle,
      N_("Show only the grants of this person"), N_("HANDLE") },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_id,
      N_("Show only the grants on roles of this account"), N_("ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) grants = NULL;
  int status;

  context = jg_cli_context_new (cli, NULL,
                                _("List the grants of the desired state "
                                  "(committed; staged changes are listed by "
                                  "“staged”)."), entries);
  if (!jg_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;

  if (argc != 1)
    return jg_cli_usage_error (cli, _("“%s” takes no arguments"), argv[0]);

  if ((handle != NULL && !jg_validate_handle (handle, &error))
      || (account_id != NULL && !jg_validate_account_id (account_id, &error)))
    return jg_cli_fail (cli, error);

  store = jg_cli_open_store (cli, &error);
  if (store == NULL)
    return jg_cli_fail (cli, error);

  grants = jg_store_list_grants (store, handle, account_id, &error);
  if (grants == NULL)
    return jg_cli_fail (cli, error);

  if (jg_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < grants->len; i++)
        {
          JgGrant *grant = g_ptr_array_index (grants, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "handle");
          json_builder_add_string_value (builder, grant->handle);
          json_builder_set_member_name (builder, "principal_arn");
          json_builder_add_string_value (builder, grant->principal_arn);
          json_builder_set_member_name (builder, "role_arn");
          json_builder_add_string_value (builder, grant->role_arn);
          json_builder_set_member_name (builder, "added_commit");
          json_builder_add_int_value (builder, grant->added_commit);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      jg_cli_print_json (cli, root);
    }
  else
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      g_ptr_array_add (rows, g_strdupv ((char *[]) { _("PERSON"),
                                                      _("PRINCIPAL"),
                                                      _("ROLE"), _("COMMIT"),
                                                      NULL }));
      for (guint i = 0; i < grants->len; i++)
        {
          JgGrant *grant = g_ptr_array_index (grants, i);
          g_autofree char *commit = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                     grant->added_commit);

          g_ptr_array_add (rows, g_strdupv ((char *[]) {
            grant->handle, grant->principal_arn, grant->role_arn, commit,
            NULL }));
        }
      jg_cli_print_table (rows, 4);
    }

  return JG_CLI_EXIT_OK;
}
