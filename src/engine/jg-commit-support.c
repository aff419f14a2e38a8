/* jg-commit-support.c: the commit lock and the user configurations that a
 * commit stores.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "jg-commit.h"
#include "jg-engine.h"

static char *
lock_path (const char *db_path)
{
  return g_strconcat (db_path, ".commit-lock", NULL);
}

/* Takes the commit lock of the database at @db_path. Returns the file
 * descriptor that holds it, or -1 with JG_ENGINE_ERROR_BUSY when another
 * process holds it. The kernel drops the lock when the process dies, even
 * by SIGKILL, which is what makes an interrupted commit detectable. */
int
jg_commit_lock_acquire (const char  *db_path,
                        GError     **error)
{
  g_autofree char *path = lock_path (db_path);
  int fd;

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot open the commit lock file %s: %s"), path,
                   g_strerror (saved_errno));
      return -1;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      g_set_error (error, JG_ENGINE_ERROR, JG_ENGINE_ERROR_BUSY,
                   _("Another jumpgate-cli or Jumpgate window is running a "
                     "commit on %s: wait for it to finish"), db_path);
      return -1;
    }

  return fd;
}

void
jg_commit_lock_release (int fd)
{
  if (fd < 0)
    return;

  flock (fd, LOCK_UN);
  close (fd);
}

gboolean
jg_commit_lock_is_held (const char *db_path)
{
  g_autofree char *path = lock_path (db_path);
  int fd;
  gboolean held;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;

  held = flock (fd, LOCK_SH | LOCK_NB) != 0;
  if (!held)
    flock (fd, LOCK_UN);
  close (fd);
  return held;
}

/* Returns the commits marked running that no process is running. */
GPtrArray *
jg_commit_list_interrupted (JgStore  *store,
                            GError  **error)
{
  g_autoptr(GPtrArray) running = NULL;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);

  running = jg_store_list_running_commits (store, error);
  if (running == NULL)
    return NULL;

  if (running->len > 0 && jg_commit_lock_is_held (jg_store_get_path (store)))
    g_ptr_array_set_size (running, 0);

  return g_steal_pointer (&running);
}

/* Builds the switch-role input of @handle from the grants in force. A
 * grant whose role or account has since been removed from the store is
 * left out, because there is nothing to switch to. */
JgSwitchRoleInput *
jg_engine_build_switch_role_input (JgStore     *store,
                                   const char  *handle,
                                   GError     **error)
{
  g_autoptr(JgPerson) person = NULL;
  g_autoptr(GPtrArray) principals = NULL;
  g_autoptr(GPtrArray) grants = NULL;
  g_autoptr(JgSwitchRoleInput) input = NULL;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);
  g_return_val_if_fail (handle != NULL, NULL);

  person = jg_store_get_person (store, handle, error);
  if (person == NULL)
    return NULL;

  principals = jg_store_list_principals (store, handle, error);
  if (principals == NULL)
    return NULL;

  input = jg_switch_role_input_new (person);
  for (guint i = 0; i < principals->len; i++)
    {
      JgPrincipal *principal = g_ptr_array_index (principals, i);
      g_autoptr(JgJumpAccount) jump = NULL;

      jump = jg_store_get_jump_account (store, principal->partition, error);
      if (jump == NULL)
        return NULL;
      jg_switch_role_input_set_partition (input, jump, principal);
    }

  grants = jg_store_list_grants (store, handle, NULL, error);
  if (grants == NULL)
    return NULL;

  for (guint i = 0; i < grants->len; i++)
    {
      JgGrant *grant = g_ptr_array_index (grants, i);
      g_autoptr(JgRole) role = jg_store_get_role (store, grant->role_arn, NULL);
      g_autoptr(JgAccount) account = NULL;

      if (role == NULL)
        continue;

      account = jg_store_get_account (store, role->account_id, NULL);
      if (account == NULL)
        continue;

      jg_switch_role_input_add_role (input, account, role);
    }

  return g_steal_pointer (&input);
}

static char *
join_warnings (GPtrArray *warnings)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < warnings->len; i++)
    g_string_append_printf (text, "%s\n",
                            (const char *) g_ptr_array_index (warnings, i));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Generates and stores, with @commit_id, both configurations of every
 * person in @handles (NULL-terminated) who still exists. */
gboolean
jg_engine_store_user_configs (JgStore            *store,
                              gint64              commit_id,
                              const char *const  *handles,
                              GError            **error)
{
  const JgSwitchRoleFormat formats[] = { JG_SWITCH_ROLE_FORMAT_AESR,
                                         JG_SWITCH_ROLE_FORMAT_AWS_CLI };

  for (guint i = 0; handles[i] != NULL; i++)
    {
      g_autoptr(JgSwitchRoleInput) input = NULL;
      g_autoptr(GError) local_error = NULL;

      input = jg_engine_build_switch_role_input (store, handles[i],
                                                 &local_error);
      if (input == NULL)
        {
          if (g_error_matches (local_error, JG_STORE_ERROR,
                               JG_STORE_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
        {
          g_autoptr(GPtrArray) warnings = NULL;
          g_autofree char *text = NULL;
          g_autofree char *warning_text = NULL;
          JgUserConfig config = { 0 };

          text = jg_switch_role_config_generate (input, formats[f], &warnings);
          warning_text = join_warnings (warnings);
          config.handle = (char *) handles[i];
          config.format = (char *) jg_switch_role_format_to_string (formats[f]);
          config.text = text;
          config.warnings = warning_text;
          if (!jg_store_put_user_config (store, commit_id, &config, error))
            return FALSE;
        }
    }

  return TRUE;
}
