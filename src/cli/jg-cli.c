/* jg-cli.c: option parsing, dispatch and error reporting of jumpgate-cli.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "aws/jg-aws.h"
#include "jg-cli.h"

struct _JgCli
{
  char     *db_path;
  char     *endpoint_url;
  gboolean  json;
  gboolean  version;
  gboolean  interrupted_checked;
  char     *command_path;   /* "partition add", for usage lines */
};

typedef struct
{
  const char       *name;
  JgCliCommandFunc  func;
  const char       *summary;
} Command;

/* The command table: one entry per top-level command word. */
static const Command commands[] = {
  { "partition", jg_cli_cmd_partition,
    N_("Add, list or remove the jump account of a partition") },
  { "account", jg_cli_cmd_account,
    N_("Add, list or remove target accounts") },
  { "role", jg_cli_cmd_role, N_("Add, list or remove roles") },
  { "person", jg_cli_cmd_person, N_("Add, list or remove persons") },
  { "principal", jg_cli_cmd_principal,
    N_("Add, list or remove principals (IAM users in a jump account)") },
  { "grant", jg_cli_cmd_grant, N_("Stage grants of roles to a person") },
  { "revoke", jg_cli_cmd_revoke, N_("Stage revocations of roles") },
  { "staged", jg_cli_cmd_staged,
    N_("List, discard, save or reopen the staging area") },
  { "plan", jg_cli_cmd_plan,
    N_("Show the AWS writes that committing the staging area would make") },
  { "commit", jg_cli_cmd_commit,
    N_("Apply the staging area to AWS as a journaled commit") },
  { "grants", jg_cli_cmd_grants, N_("List the current grants") },
  { "history", jg_cli_cmd_history, N_("List commits or show one") },
  { "access", jg_cli_cmd_access,
    N_("Show who could assume which role, now or at a past commit") },
  { "export-config", jg_cli_cmd_export_config,
    N_("Write a person's switch-role configuration") },
  { "import", jg_cli_cmd_import,
    N_("Import accounts, roles, principals and grants from AWS") },
  { "drift", jg_cli_cmd_drift,
    N_("Compare AWS with the desired state; fix or adopt differences") },
  { "credentials", jg_cli_cmd_credentials,
    N_("Store, test or remove the admin credentials of a partition") },
  { "sigv4", jg_cli_cmd_sigv4,
    N_("Print the steps of an AWS Signature Version 4 signature") },
};

JgCli *
jg_cli_new (void)
{
  return g_new0 (JgCli, 1);
}

void
jg_cli_free (JgCli *cli)
{
  if (cli == NULL)
    return;

  g_free (cli->db_path);
  g_free (cli->endpoint_url);
  g_free (cli->command_path);
  g_free (cli);
}

void
jg_cli_add_global_options (JgCli          *cli,
                           GOptionContext *context)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &cli->db_path,
      N_("Database file to use (default: $XDG_DATA_HOME/jumpgate/jumpgate.db)"),
      N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json,
      N_("Print machine-readable JSON instead of text"), NULL },
    { "endpoint-url", 0, 0, G_OPTION_ARG_STRING, &cli->endpoint_url,
      N_("Send every AWS request to this URL instead of AWS's endpoints "
         "(http:// only for loopback addresses)"), N_("URL") },
    { NULL }
  };
  GOptionGroup *group;

  group = g_option_group_new ("global", _("Options of every command:"),
                              _("Show options of every command"), NULL, NULL);
  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, group);
}

gboolean
jg_cli_parse_options (JgCli            *cli,
                      GOptionContext   *context,
                      int              *argc,
                      char           ***argv,
                      int              *out_status)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  /* The _strv variant frees the arguments it consumes, so callers may own
   * argv as a GStrv. */
  if (!g_option_context_parse_strv (context, argv, &error))
    {
      *out_status = jg_cli_usage_error (cli, _("%s: run “%s --help” for the "
                                               "options"),
                                        error->message, (*argv)[0]);
      return FALSE;
    }

  *argc = (int) g_strv_length (*argv);
  return TRUE;
}

void
jg_cli_push_command_word (JgCli      *cli,
                          const char *word)
{
  char *path = cli->command_path != NULL
               ? g_strdup_printf ("%s %s", cli->command_path, word)
               : g_strdup (word);

  g_free (cli->command_path);
  cli->command_path = path;
}

const char *
jg_cli_get_command_path (JgCli *cli)
{
  return cli->command_path;
}

gboolean
jg_cli_get_json (JgCli *cli)
{
  return cli->json;
}

const char *
jg_cli_get_db_path (JgCli *cli)
{
  return cli->db_path;
}

const char *
jg_cli_get_endpoint_url (JgCli *cli)
{
  if (cli->endpoint_url != NULL)
    return cli->endpoint_url;

  return g_getenv ("JUMPGATE_ENDPOINT_URL");
}

void
jg_cli_suppress_interrupted_warning (JgCli *cli)
{
  cli->interrupted_checked = TRUE;
}

/* Prints one warning line per commit that a killed process left running,
 * once per process. */
static void
warn_interrupted_commits (JgCli   *cli,
                          JgStore *store)
{
  g_autoptr(GPtrArray) interrupted = NULL;

  if (cli->interrupted_checked)
    return;
  cli->interrupted_checked = TRUE;

  interrupted = jg_commit_list_interrupted (store, NULL);
  for (guint i = 0; interrupted != NULL && i < interrupted->len; i++)
    {
      JgCommit *commit = g_ptr_array_index (interrupted, i);

      g_printerr (_("jumpgate-cli: warning: commit %" PRId64 " (“%s”) "
                    "was interrupted before it finished; finish it with "
                    "“jumpgate-cli commit --resume”\n"),
                  commit->id, commit->comment);
    }
}

JgStore *
jg_cli_open_store (JgCli   *cli,
                   GError **error)
{
  JgStore *store;

  /* An explicit --db names a file in an existing folder: creating the
   * folders of a mistyped path would show an empty organisation without
   * a word. The default location is created on first use. */
  if (cli->db_path != NULL)
    {
      g_autofree char *folder = g_path_get_dirname (cli->db_path);

      if (cli->db_path[0] == '\0'
          || g_file_test (cli->db_path, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_LABEL,
                       _("--db “%s” is not a database file: give the path "
                         "of a file, for example ~/jumpgate.db"),
                       cli->db_path);
          return NULL;
        }

      if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_LABEL,
                       _("--db “%s”: folder %s does not exist; create it "
                         "first or check the path"),
                       cli->db_path, folder);
          return NULL;
        }
    }

  store = jg_store_open (cli->db_path, error);

  if (store != NULL)
    warn_interrupted_commits (cli, store);

  return store;
}

int
jg_cli_exit_status_for_error (const GError *error)
{
  if (error->domain == JG_MODEL_ERROR || error->domain == G_OPTION_ERROR)
    return JG_CLI_EXIT_USAGE;

  if (error->domain == JG_STORE_ERROR
      && (error->code == JG_STORE_ERROR_NOT_FOUND
          || error->code == JG_STORE_ERROR_EXISTS
          || error->code == JG_STORE_ERROR_IN_USE
          || error->code == JG_STORE_ERROR_CONFLICT
          || error->code == JG_STORE_ERROR_NOTHING_STAGED))
    return JG_CLI_EXIT_USAGE;

  /* An endpoint URL that is not https (or http to loopback) is rejected
   * before anything is sent: bad input, not a failure. */
  if (error->domain == JG_AWS_ERROR
      && error->code == JG_AWS_ERROR_INVALID_ENDPOINT)
    return JG_CLI_EXIT_USAGE;

  if (error->domain == JG_ENGINE_ERROR
      && error->code == JG_ENGINE_ERROR_NOTHING_STAGED)
    return JG_CLI_EXIT_USAGE;

  return JG_CLI_EXIT_FAILURE;
}

/* Errors go to standard error as one line, so scripts can show them as
 * they are. */
static void
print_error_line (const char *message)
{
  g_autofree char *line = g_strdup (message);

  g_strdelimit (line, "\r\n", ' ');
  g_printerr ("jumpgate-cli: %s\n", line);
}

int
jg_cli_fail (JgCli        *cli,
             const GError *error)
{
  print_error_line (error->message);
  return jg_cli_exit_status_for_error (error);
}

int
jg_cli_usage_error (JgCli      *cli,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  print_error_line (message);
  return JG_CLI_EXIT_USAGE;
}

void
jg_cli_print_json (JgCli    *cli,
                   JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static char *
describe_commands (void)
{
  g_autoptr(GString) text = g_string_new (_("Commands:"));

  g_string_append_c (text, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-14s %s\n", commands[i].name,
                            _(commands[i].summary));
  g_string_append (text, _("\nRun “jumpgate-cli COMMAND --help” for the "
                           "options of a command."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

int
jg_cli_run (JgCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *description = describe_commands ();
  g_auto(GStrv) args = NULL;
  char **command_args;
  g_autofree char *program = NULL;
  int n_args;
  int status = JG_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &cli->version,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  /* Options before the command word belong to jumpgate-cli itself. The
   * command parses the global options again, so they may also follow the
   * command word. */
  context = g_option_context_new (_("COMMAND [ARGUMENTS…]"));
  g_option_context_set_summary (context,
                                _("Manage who may assume which IAM role, "
                                  "from one desired state."));
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, TRUE);
  jg_cli_add_global_options (cli, context);

  /* Messages name the program as users type it, not by its full path. */
  args = g_new0 (char *, argc + 1);
  args[0] = g_strdup ("jumpgate-cli");
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  n_args = argc;

  if (!jg_cli_parse_options (cli, context, &n_args, &args, &status))
    return status;

  if (cli->version)
    {
      g_print ("jumpgate-cli %s\n", PACKAGE_VERSION);
      return JG_CLI_EXIT_OK;
    }

  if (n_args < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return JG_CLI_EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (args[1], commands[i].name) == 0)
        {
          /* The command gets "jumpgate-cli COMMAND" as its program name
           * so that its --help reads naturally. */
          jg_cli_push_command_word (cli, args[1]);
          program = g_strdup_printf ("%s %s", args[0], args[1]);
          g_free (args[1]);
          args[1] = g_steal_pointer (&program);
          command_args = args + 1;
          return commands[i].func (cli, n_args - 1, command_args);
        }
    }

  return jg_cli_usage_error (cli, _("“%s” is not a jumpgate-cli command: run "
                                    "“jumpgate-cli --help” for the list"),
                             args[1]);
}
