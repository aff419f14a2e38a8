/* jg-cli-common.c: verb dispatch and table output of jumpgate-cli.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "jg-cli-private.h"

GOptionContext *
jg_cli_context_new (JgCli              *cli,
                    const char         *parameters,
                    const char         *summary,
                    const GOptionEntry *entries)
{
  GOptionContext *context;
  const char *command = jg_cli_get_command_path (cli);
  g_autofree char *usage = NULL;

  /* GLib prints "jumpgate-cli [OPTION…] USAGE", so the command words
   * lead the usage text. */
  if (command != NULL)
    usage = g_strdup_printf ("%s%s%s", command,
                             parameters != NULL && parameters[0] != '\0'
                             ? " " : "",
                             parameters != NULL ? parameters : "");
  else
    usage = g_strdup (parameters);

  context = g_option_context_new (usage);
  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  jg_cli_add_global_options (cli, context);
  return context;
}

static void
print_verbs (const char       *program,
             const JgCliVerb  *verbs,
             guint             n_verbs)
{
  g_print (_("Usage:\n"));
  for (guint i = 0; i < n_verbs; i++)
    g_print ("  %s %s%s%s\n      %s\n", program, verbs[i].name,
             verbs[i].parameters[0] != '\0' ? " " : "", verbs[i].parameters,
             _(verbs[i].summary));
  g_print (_("\nRun “%s VERB --help” for the options of a verb.\n"), program);
}

int
jg_cli_dispatch_verb (JgCli            *cli,
                      const JgCliVerb  *verbs,
                      guint             n_verbs,
                      int               argc,
                      char            **argv)
{
  g_autofree char *program = NULL;

  if (argc < 2)
    {
      print_verbs (argv[0], verbs, n_verbs);
      return JG_CLI_EXIT_USAGE;
    }

  if (g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0)
    {
      print_verbs (argv[0], verbs, n_verbs);
      return JG_CLI_EXIT_OK;
    }

  for (guint i = 0; i < n_verbs; i++)
    {
      if (g_strcmp0 (argv[1], verbs[i].name) == 0)
        {
          jg_cli_push_command_word (cli, argv[1]);
          program = g_strdup_printf ("%s %s", argv[0], argv[1]);
          g_free (argv[1]);
          argv[1] = g_steal_pointer (&program);
          return verbs[i].func (cli, argc - 1, argv + 1);
        }
    }

  {
    g_autoptr(GString) names = g_string_new (NULL);

    for (guint i = 0; i < n_verbs; i++)
      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                              verbs[i].name);

    return jg_cli_usage_error (cli, _("“%s” is not a verb of “%s”: use one "
                                      "of %s"),
                               argv[1], argv[0], names->str);
  }
}

/* Returns the number of terminal columns text takes: East Asian wide
 * characters take two. */
static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

/* Prints rows (arrays of n_columns strings, the first row a header) with
 * columns padded to their widest cell, in terminal columns. */
void
jg_cli_print_table (GPtrArray *rows,
                    guint      n_columns)
{
  g_autofree guint *widths = g_new0 (guint, n_columns);

  for (guint r = 0; r < rows->len; r++)
    {
      const char *const *cells = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        widths[c] = MAX (widths[c], display_width (cells[c] != NULL
                                                   ? cells[c] : ""));
    }

  for (guint r = 0; r < rows->len; r++)
    {
      const char *const *cells = g_ptr_array_index (rows, r);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < n_columns; c++)
        {
          const char *cell = cells[c] != NULL ? cells[c] : "";

          g_string_append (line, cell);
          if (c + 1 < n_columns)
            {
              guint pad = widths[c] - display_width (cell) + 2;

              for (guint i = 0; i < pad; i++)
                g_string_append_c (line, ' ');
            }
        }

      g_print ("%s\n", g_strchomp (line->str));
    }
}

/* Reads a required --partition value; on failure returns FALSE with the
 * exit status in *out_status. */
gboolean
jg_cli_parse_partition_option (JgCli       *cli,
                               const char  *text,
                               JgPartition *out_partition,
                               int         *out_status)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    {
      *out_status = jg_cli_usage_error (cli, _("--partition is required: use "
                                               "aws, aws-us-gov or aws-cn"));
      return FALSE;
    }

  if (!jg_partition_from_string (text, out_partition, &error))
    {
      *out_status = jg_cli_fail (cli, error);
      return FALSE;
    }

  return TRUE;
}
