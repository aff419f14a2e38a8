/* jg-application.c: the Jumpgate application: options, the store, the
 * application actions and every keyboard accelerator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "jg-application.h"
#include "jg-preferences-window.h"
#include "jg-window.h"

struct _JgApplication
{
  AdwApplication  parent_instance;

  char           *db_path;
  JgWorkspace    *workspace;
};

G_DEFINE_FINAL_TYPE (JgApplication, jg_application, ADW_TYPE_APPLICATION)

/* Chooses the database: --db, then JUMPGATE_DB, then the default path
 * under $XDG_DATA_HOME. */
static char *
dup_db_path (JgApplication *self)
{
  const char *env = g_getenv ("JUMPGATE_DB");

  if (self->db_path != NULL)
    return g_strdup (self->db_path);
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return jg_store_dup_default_path ();
}

static gboolean
ensure_workspace (JgApplication  *self,
                  GError        **error)
{
  g_autofree char *path = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GSettings) settings = NULL;
  gboolean sandbox;

  if (self->workspace != NULL)
    return TRUE;

  path = dup_db_path (self);
  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create the folder %s for the database: %s. "
                     "Choose another database with --db."),
                   folder, g_strerror (saved_errno));
      return FALSE;
    }

  store = jg_store_open (path, error);
  if (store == NULL)
    return FALSE;

  settings = g_settings_new (APP_ID);
  sandbox = g_strcmp0 (g_getenv ("JUMPGATE_SANDBOX"), "1") == 0;
  self->workspace = jg_workspace_new (store, settings, sandbox);
  return TRUE;
}

static void
show_startup_error (JgApplication *self,
                    const GError  *error)
{
  GtkWidget *dialog;

  g_printerr ("%s\n", error->message);

  dialog = adw_message_dialog_new (NULL, _("Cannot Open the Database"),
                                   error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close",
                                   _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
jg_application_activate (GApplication *application)
{
  JgApplication *self = JG_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (!ensure_workspace (self, &error))
    {
      show_startup_error (self, error);
      return;
    }

  window = GTK_WINDOW (jg_window_new (GTK_APPLICATION (self),
                                      self->workspace));
  gtk_window_present (window);
}

static int
jg_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  JgApplication *self = JG_APPLICATION (application);
  const char *db = NULL;

  if (g_variant_dict_lookup (options, "db", "^&ay", &db))
    self->db_path = g_canonicalize_filename (db, NULL);

  return -1;
}

static void
on_preferences_activate_cb (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  JgApplication *self = user_data;
  GtkWindow *parent;
  GtkWidget *preferences;

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (self->workspace == NULL)
    return;

  preferences = jg_preferences_window_new (self->workspace);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
on_about_activate_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  JgApplication *self = user_data;

  jg_application_show_about (
    gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static void
on_show_commit_activate_cb (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  JgApplication *self = user_data;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (JG_IS_WINDOW (window))
    jg_window_show_commit (JG_WINDOW (window),
                           g_variant_get_int64 (parameter));
}

/* Shows a page of the active window by name; exported on D-Bus with the
 * other application actions, so scripts can switch pages. */
static void
on_show_page_activate_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  JgApplication *self = user_data;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.show-page",
                                        parameter);
}

static void
on_quit_activate_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GApplication *application = user_data;
  GList *windows;

  /* Closing each window lets it save its size and cancel its work. */
  windows = gtk_application_get_windows (GTK_APPLICATION (application));
  while (windows != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (windows->data));
      windows = gtk_application_get_windows (GTK_APPLICATION (application));
    }
  g_application_quit (application);
}

static void
jg_application_startup (GApplication *application)
{
  static const GActionEntry entries[] = {
    { "preferences", on_preferences_activate_cb },
    { "about", on_about_activate_cb },
    { "quit", on_quit_activate_cb },
    { "show-commit", on_show_commit_activate_cb, "x" },
    { "show-page", on_show_page_activate_cb, "s" },
  };

  G_APPLICATION_CLASS (jg_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), entries,
                                   G_N_ELEMENTS (entries), application);
  jg_application_set_accels (GTK_APPLICATION (application));
}

static void
jg_application_dispose (GObject *object)
{
  JgApplication *self = JG_APPLICATION (object);

  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (jg_application_parent_class)->dispose (object);
}

static void
jg_application_finalize (GObject *object)
{
  JgApplication *self = JG_APPLICATION (object);

  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (jg_application_parent_class)->finalize (object);
}

static void
jg_application_class_init (JgApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = jg_application_dispose;
  object_class->finalize = jg_application_finalize;
  app_class->activate = jg_application_activate;
  app_class->startup = jg_application_startup;
  app_class->handle_local_options = jg_application_handle_local_options;
}

static void
jg_application_init (JgApplication *self)
{
  static const GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Database file to open (default: $XDG_DATA_HOME/jumpgate/"
         "jumpgate.db, or $JUMPGATE_DB when set)"),
      N_("FILE") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

JgApplication *
jg_application_new (void)
{
  return g_object_new (JG_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/jumpgate/Jumpgate",
                       NULL);
}

/* Returns the workspace, or NULL before the first window opened. */
JgWorkspace *
jg_application_get_workspace (JgApplication *self)
{
  g_return_val_if_fail (JG_IS_APPLICATION (self), NULL);

  return self->workspace;
}

/* Sets every keyboard accelerator of the application in one place. The
 * window actions forward to the page that owns the work. */
void
jg_application_set_accels (GtkApplication *application)
{
  static const struct
  {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.commit", { "<Control>Return", NULL } },
    { "win.save-staging", { "<Control>s", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.show-page('permissions')", { "<Alt>1", NULL } },
    { "win.show-page('configuration')", { "<Alt>2", NULL } },
    { "win.show-page('history')", { "<Alt>3", NULL } },
    { "win.show-page('access-map')", { "<Alt>4", NULL } },
  };

  g_return_if_fail (GTK_IS_APPLICATION (application));

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (application, accels[i].action,
                                           accels[i].accels);
}

/* Shows the About window. libadwaita 1.2 cannot read the metainfo, so the
 * facts are repeated here. */
void
jg_application_show_about (GtkWindow *parent)
{
  const char *developers[] = { _("Jumpgate developers"), NULL };

  adw_show_about_window (parent,
                         "application-name", _("Jumpgate"),
                         "application-icon", APP_ID,
                         "developer-name", _("Jumpgate developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Manage who may assume which AWS "
                                       "role"),
                         "website", "https://github.com/jumpgate/jumpgate",
                         "issue-url",
                         "https://github.com/jumpgate/jumpgate/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         "translator-credits", _("translator-credits"),
                         NULL);
}
