/* jg-cli-export.c: the export-config command.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "core/jg-file-util.h"
#include "core/jg-switch-role-config.h"
#include "engine/jg-engine.h"
#include "jg-cli-private.h"

/* Exported files are readable by others, as ~/.aws/config usually is:
 * they hold ARNs and names, never a secret. */
#define EXPORT_FILE_MODE 0644

/* A role whose trust policy requires MFA denies an AWS CLI profile
 * without mfa_serial, which the profile set cannot show by itself. */
static void
warn_missing_mfa_devices (JgStore    *store,
                          const char *handle,
                          GPtrArray  *warnings)
{
  g_autoptr(GPtrArray) grants = jg_store_list_grants (store, handle, NULL,
                                                      NULL);

  for (guint i = 0; grants != NULL && i < grants->len; i++)
    {
      JgGrant *grant = g_ptr_array_index (grants, i);
      g_autoptr(JgRole) role = jg_store_get_role (store, grant->role_arn, NULL);
      g_autoptr(JgPrincipal) principal = NULL;

      if (role == NULL || !role->require_mfa)
        continue;

      principal = jg_store_get_principal (store, grant->principal_arn, NULL);
      if (principal == NULL || principal->mfa_serial != NULL)
        continue;

      g_ptr_array_add (warnings,
                       g_strdup_printf (_("role %s requires MFA, but %s has "
                                          "no MFA device in Jumpgate, so "
                                          "its profile has no mfa_serial "
                                          "and will be denied: record the "
                                          "device on the principal in the "
                                          "app's Configuration page"),
                                        role->arn, principal->arn));
    }
}

static char *
generate (JgStore             *store,
          const char          *handle,
          JgSwitchRoleFormat   format,
          GPtrArray          **out_warnings,
          GError             **error)
{
  g_autoptr(JgSwitchRoleInput) input = NULL;

  char *text;

  input = jg_engine_build_switch_role_input (store, handle, error);
  if (input == NULL)
    return NULL;

  text = jg_switch_role_config_generate (input, format, out_warnings);
  if (format == JG_SWITCH_ROLE_FORMAT_AWS_CLI)
    warn_missing_mfa_devices (store, handle, *out_warnings);

  return text;
}

static void
print_warnings (const char *handle,
                GPtrArray  *warnings)
{
  for (guint i = 0; i < warnings->len; i++)
    g_printerr (_("jumpgate-cli: warning: %s: %s\n"), handle,
                (const char *) g_ptr_array_index (warnings, i));
}

/* Returns the handles of every person with at least one grant, sorted. */
static GPtrArray *
list_handles_with_grants (JgStore  *store,
                          GError  **error)
{
  g_autoptr(GPtrArray) grants = jg_store_list_grants (store, NULL, NULL, error);
  GPtrArray *handles;

  if (grants == NULL)
    return NULL;

  /* Grants are ordered by handle, so equal handles are adjacent. */
  handles = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < grants->len; i++)
    {
      JgGrant *grant = g_ptr_array_index (grants, i);

      if (handles->len == 0
          || g_strcmp0 (g_ptr_array_index (handles, handles->len - 1),
                        grant->handle) != 0)
        g_ptr_array_add (handles, g_strdup (grant->handle));
    }

  return handles;
}

static int
export_all (JgCli              *cli,
            JgStore            *store,
            JgSwitchRoleFormat  format,
            const char         *output_dir)
{
  g_autoptr(GPtrArray) handles = NULL;
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (output_dir, 0755) != 0)
    {
      int saved_errno = errno;

      return jg_cli_usage_error (cli, _("Cannot create the folder %s: %s"),
                                 output_dir, g_strerror (saved_errno));
    }

  handles = list_handles_with_grants (store, &error);
  if (handles == NULL)
    return jg_cli_fail (cli, error);

  for (guint i = 0; i < handles->len; i++)
    {
      const char *handle = g_ptr_array_index (handles, i);
      g_autoptr(GPtrArray) warnings = NULL;
      g_autofree char *text = NULL;
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      text = generate (store, handle, format, &warnings, &error);
      if (text == NULL)
        return jg_cli_fail (cli, error);

      print_warnings (handle, warnings);
      name = g_strconcat (handle, jg_switch_role_format_get_suffix (format),
                          NULL);
      path = g_build_filename (output_dir, name, NULL);
      if (!jg_file_write_atomic (path, text, -1, EXPORT_FILE_MODE, &error))
        return jg_cli_fail (cli, error);

      if (!jg_cli_get_json (cli))
        g_print ("%s\n", path);
    }

  if (jg_cli_get_json (cli))
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < handles->len; i++)
        {
          g_autofree char *name = g_strconcat (g_ptr_array_index (handles, i),
                                               jg_switch_role_format_get_suffix (format),
                                               NULL);

          json_array_add_string_element (array, name);
        }
      json_node_take_array (root, array);
      jg_cli_print_json (cli, root);
    }

  return JG_CLI_EXIT_OK;
}

int
jg_cli_cmd_export_config (JgCli  *cli,
                          int     argc,
                          char  **argv)
{
  g_autofree char *format_text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *output_dir = NULL;
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text,
      N_("aesr (AWS Extend Switch Roles, the default) or aws-cli "
         "(~/.aws/config profiles)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to this file, replaced atomically, instead of standard "
         "output"), N_("FILE") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all,
      N_("Export every person with grants into --output-dir, one file each "
         "named HANDLE.aesr or HANDLE.aws-config"), NULL },
    { "output-dir", 0, 0, G_OPTION_ARG_FILENAME, &output_dir,
      N_("Folder for --all, created if missing"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JgSwitchRoleFormat format = JG_SWITCH_ROLE_FORMAT_AESR;
  int status;

  context = jg_cli_context_new (cli, "HANDLE | --all --output-dir DIR",
                                _("Write a person's switch-role "
                                  "configuration from the desired state in "
                                  "force. Warnings go to standard error."),
                                entries);
  if (!jg_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;

  if (format_text != NULL
      && !jg_switch_role_format_from_string (format_text, &format, &error))
    return jg_cli_usage_error (cli, "%s", error->message);

  if (all)
    {
      if (argc > 1)
        return jg_cli_usage_error (cli, _("--all exports every person: leave "
                                          "out “%s”"), argv[1]);
      if (output_dir == NULL)
        return jg_cli_usage_error (cli, _("--all needs --output-dir DIR, the "
                                          "folder to write one file per "
                                          "person into"));
      if (output != NULL)
        return jg_cli_usage_error (cli, _("--all writes one file per person: "
                                          "use --output-dir, not --output"));
    }
  else
    {
      if (argc != 2)
        return jg_cli_usage_error (cli, _("“%s” needs one person's handle, "
                                          "or --all --output-dir DIR"),
                                   argv[0]);
      if (output_dir != NULL)
        return jg_cli_usage_error (cli, _("--output-dir is for --all: use "
                                          "--output FILE for one person"));
    }

  store = jg_cli_open_store (cli, &error);
  if (store == NULL)
    return jg_cli_fail (cli, error);

  if (all)
    return export_all (cli, store, format, output_dir);

  text = generate (store, argv[1], format, &warnings, &error);
  if (text == NULL)
    return jg_cli_fail (cli, error);

  print_warnings (argv[1], warnings);

  if (output == NULL)
    {
      g_print ("%s", text);
      return JG_CLI_EXIT_OK;
    }

  if (!jg_file_write_atomic (output, text, -1, EXPORT_FILE_MODE, &error))
    return jg_cli_fail (cli, error);

  return JG_CLI_EXIT_OK;
}
