/* bench-gui.c: how fast the window appears and the person search filters
 * on a large organisation.
 *
 * Usage: bench-gui [PERSONS ACCOUNTS ROLES]   (default 5000 1000 10000)
 *
 * Builds the organisation through the store API in a temporary folder,
 * then measures, under a display (Xvfb with GSK_RENDERER=cairo in CI):
 * the time from creating the window to its first painted frame, the time
 * until the person list has arrived from the worker thread, and the time
 * the search takes to filter the list for a few queries.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "gui/jg-window.h"

static gboolean painted;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  painted = TRUE;
}

static void
run_until (gboolean (*done) (gpointer data),
           gpointer   data)
{
  while (!done (data))
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
is_painted (gpointer data)
{
  return painted;
}

static gboolean
is_loaded (gpointer data)
{
  return jg_permissions_page_is_loaded (data);
}

static void
add_organisation (JgStore *store,
                  guint    n_persons,
                  guint    n_accounts,
                  guint    n_roles)
{
  g_autoptr(GError) error = NULL;
  JgJumpAccount jump = { JG_PARTITION_AWS, (char *) "100000000000",
                         (char *) "eu-west-1", NULL };
  const char *environments[] = { "DEV", "TEST", "PROD" };

  if (!jg_store_add_jump_account (store, &jump, &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < n_accounts; i++)
    {
      g_autofree char *id = g_strdup_printf ("%012u", 200000000 + i);
      g_autofree char *name = g_strdup_printf ("account-%04u", i);
      JgAccount account = { id, JG_PARTITION_AWS, name,
                            (char *) environments[i % 3], (char *) "3584e4",
                            (char *) JG_DEFAULT_ADMIN_ROLE,
                            JG_TRUST_POLICY_DEFAULT_LIMIT, NULL, NULL };

      if (!jg_store_add_account (store, &account, &error))
        g_error ("%s", error->message);
    }

  for (guint i = 0; i < n_roles; i++)
    {
      g_autofree char *account_id = g_strdup_printf ("%012u",
                                                     200000000 + i % n_accounts);
      g_autofree char *name = g_strdup_printf ("Role%05u", i);
      JgRole role = { NULL, JG_PARTITION_AWS, account_id, name, (char *) "/",
                      TRUE };

      if (!jg_store_add_role (store, &role, &error))
        g_error ("%s", error->message);
      g_free (role.arn);
    }

  for (guint i = 0; i < n_persons; i++)
    {
      g_autofree char *handle = g_strdup_printf ("user%05u", i);
      g_autofree char *name = g_strdup_printf ("Person %05u", i);
      JgPerson person = { handle, name, NULL };
      JgPrincipal principal = { NULL, handle, JG_PARTITION_AWS, handle,
                                (char *) "/people/", NULL };

      if (!jg_store_add_person (store, &person, &error)
          || !jg_store_add_principal (store, &principal, &error))
        g_error ("%s", error->message);
      g_free (principal.arn);
    }
}

int
main (int   argc,
      char *argv[])
{
  guint n_persons = argc > 3 ? (guint) atoi (argv[1]) : 5000;
  guint n_accounts = argc > 3 ? (guint) atoi (argv[2]) : 1000;
  guint n_roles = argc > 3 ? (guint) atoi (argv[3]) : 10000;
  const char *queries[] = { "user0", "user01", "user012", "user0123",
                            "person 4", "", "nobody" };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(JgWorkspace) workspace = NULL;
  JgWindow *window;
  JgPermissionsPage *page;
  gint64 start;
  gint64 first_frame;
  gint64 loaded;

  adw_init ();

  dir = g_dir_make_tmp ("jumpgate-bench-gui-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  path = g_build_filename (dir, "jumpgate.db", NULL);
  store = jg_store_open (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);

  start = g_get_monotonic_time ();
  add_organisation (store, n_persons, n_accounts, n_roles);
  g_print ("organisation: %u persons, %u accounts, %u roles, built in "
           "%.1f s\n", n_persons, n_accounts, n_roles,
           (g_get_monotonic_time () - start) / 1e6);

  settings = g_settings_new (APP_ID);
  workspace = jg_workspace_new (store, settings, FALSE);

  start = g_get_monotonic_time ();
  window = jg_window_new (NULL, workspace);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)),
                    "after-paint", G_CALLBACK (on_after_paint_cb), NULL);
  run_until (is_painted, NULL);
  first_frame = g_get_monotonic_time ();
  page = jg_window_get_permissions_page (window);
  run_until (is_loaded, page);
  loaded = g_get_monotonic_time ();

  g_print ("window to first frame: %.1f ms\n", (first_frame - start) / 1e3);
  g_print ("window to person list loaded: %.1f ms\n", (loaded - start) / 1e3);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      gint64 before = g_get_monotonic_time ();
      gint64 filtered;
      guint n_shown;

      jg_permissions_page_set_search_text (page, queries[i]);
      n_shown = g_list_model_get_n_items (jg_permissions_page_get_persons (page));
      filtered = g_get_monotonic_time ();

      painted = FALSE;
      gtk_widget_queue_draw (GTK_WIDGET (window));
      run_until (is_painted, NULL);
      g_print ("filter “%s”: %u shown, filtered in %.2f ms, painted after "
               "%.2f ms\n", queries[i], n_shown, (filtered - before) / 1e3,
               (g_get_monotonic_time () - before) / 1e3);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&workspace);
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return 0;
}
