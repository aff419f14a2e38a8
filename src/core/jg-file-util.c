/* jg-file-util.c: writing exported files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "jg-file-util.h"

static const char *
describe_fix (GFileError code)
{
  switch (code)
    {
    case G_FILE_ERROR_NOENT:
    case G_FILE_ERROR_NOTDIR:
      return _("Create the folder first or choose an existing one.");
    case G_FILE_ERROR_ACCES:
    case G_FILE_ERROR_PERM:
    case G_FILE_ERROR_ROFS:
      return _("Choose a folder you may write to.");
    case G_FILE_ERROR_ISDIR:
      return _("Give the name of a file, not of a folder.");
    case G_FILE_ERROR_NOSPC:
      return _("Free some disk space and try again.");
    case G_FILE_ERROR_NAMETOOLONG:
      return _("Choose a shorter file name.");
    default:
      return _("Check the path and try again.");
    }
}

gboolean
jg_file_write_atomic (const char  *path,
                      const char  *text,
                      gssize       length,
                      int          mode,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* CONSISTENT writes a temporary file beside PATH and renames it; DURABLE
   * adds the fsync so that the rename never exposes an empty file after a
   * power loss. */
  if (g_file_set_contents_full (path, text, length,
                                G_FILE_SET_CONTENTS_CONSISTENT
                                | G_FILE_SET_CONTENTS_DURABLE,
                                mode, &local_error))
    return TRUE;

  display = g_filename_display_name (path);
  g_set_error (error, G_FILE_ERROR, local_error->code,
               _("Could not write “%s”: %s. %s"), display,
               local_error->message,
               describe_fix ((GFileError) local_error->code));
  return FALSE;
}
