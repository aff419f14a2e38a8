/* main.c: jumpgate-cli's entry point.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "cli/jg-cli.h"

/* The catalogues are read from LOCALEDIR unless JUMPGATE_LOCALEDIR names
 * another folder with the same layout (de/LC_MESSAGES/jumpgate.mo), such
 * as the po folder of a build tree, so that tests can run an uninstalled
 * build in another language. */
static const char *
locale_dir (void)
{
  const char *override = g_getenv ("JUMPGATE_LOCALEDIR");

  if (override != NULL && *override != '\0')
    return override;

  return LOCALEDIR;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(JgCli) cli = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  cli = jg_cli_new ();
  return jg_cli_run (cli, argc, argv);
}
