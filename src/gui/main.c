/* main.c: the entry point of the jumpgate application.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "jg-application.h"

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
  g_autoptr(JgApplication) application = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Jumpgate"));
  application = jg_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
