/* jg-window.c: the main window: the four pages, toasts, the bar that
 * offers to resume an interrupted commit, and the window actions that the
 * application's accelerators reach.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "jg-commit-dialog.h"
#include "jg-drift-dialog.h"
#include "jg-gui-resources.h"
#include "jg-gui-util.h"
#include "jg-import-dialog.h"
#include "jg-window.h"

struct _JgWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children. */
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  GtkInfoBar           *resume_bar;
  GtkLabel             *resume_label;
  GtkLabel             *sandbox_label;
  JgPermissionsPage    *permissions_page;
  JgConfigurationPage  *configuration_page;
  JgHistoryPage        *history_page;
  JgAccessMapPage      *access_map_page;

  /* Owned. */
  JgWorkspace          *workspace;
  gint64                interrupted_commit;
};

G_DEFINE_FINAL_TYPE (JgWindow, jg_window, ADW_TYPE_APPLICATION_WINDOW)

static void
save_window_state (JgWindow *self)
{
  GSettings *settings = jg_workspace_get_settings (self->workspace);
  int width = 0;
  int height = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
}

static gboolean
jg_window_close_request (GtkWindow *window)
{
  JgWindow *self = JG_WINDOW (window);

  if (self->workspace != NULL)
    save_window_state (self);

  return GTK_WINDOW_CLASS (jg_window_parent_class)->close_request (window);
}

static void
on_search_activate (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  JgWindow *self = JG_WINDOW (widget);
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (page, "configuration") == 0)
    jg_configuration_page_focus_search (self->configuration_page);
  else if (g_strcmp0 (page, "access-map") == 0)
    jg_access_map_page_focus_search (self->access_map_page);
  else
    {
      adw_view_stack_set_visible_child_name (self->view_stack, "permissions");
      jg_permissions_page_focus_search (self->permissions_page);
    }
}

static void
on_commit_activate (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  JgWindow *self = JG_WINDOW (widget);
  g_autoptr(GPtrArray) staged = NULL;
  g_autoptr(GError) error = NULL;
  JgCommitDialog *dialog;

  staged = jg_store_list_staged (jg_workspace_get_store (self->workspace),
                                 &error);
  if (staged == NULL)
    {
      jg_window_show_error (self, error);
      return;
    }
  if (staged->len == 0)
    {
      jg_window_add_toast (self,
                           jg_gui_toast_new (_("Nothing is staged: tick roles "
                                            "in Permissions and apply "
                                            "them first")));
      return;
    }

  dialog = jg_commit_dialog_new (self, self->workspace, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_resume_commit_activate (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  JgWindow *self = JG_WINDOW (widget);
  JgCommitDialog *dialog;

  if (self->interrupted_commit <= 0)
    return;

  gtk_info_bar_set_revealed (self->resume_bar, FALSE);
  dialog = jg_commit_dialog_new (self, self->workspace,
                                 self->interrupted_commit);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_save_staging_activate (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  JgWindow *self = JG_WINDOW (widget);

  gtk_widget_activate_action (
    GTK_WIDGET (jg_permissions_page_get_staging_panel (self->permissions_page)),
    "staging.save", NULL);
}

static void
on_show_page_activate (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  JgWindow *self = JG_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
on_view_commit_activate (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  jg_window_show_commit (JG_WINDOW (widget), g_variant_get_int64 (parameter));
}

static void
on_import_dialog_imported_cb (JgImportDialog *dialog,
                              JgWindow       *self)
{
  jg_workspace_notify_changed (self->workspace, JG_WORKSPACE_CHANGED_ALL);
}

static void
on_drift_dialog_changed_cb (JgDriftDialog *dialog,
                            JgWindow      *self)
{
  jg_workspace_notify_changed (self->workspace, JG_WORKSPACE_CHANGED_ALL);
}

static void
on_import_activate (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  JgWindow *self = JG_WINDOW (widget);
  JgSessionManager *sessions;
  JgImportDialog *dialog;
  g_autoptr(GError) error = NULL;

  sessions = jg_workspace_get_session_manager (self->workspace, &error);
  if (sessions == NULL)
    {
      jg_window_show_error (self, error);
      return;
    }

  dialog = jg_import_dialog_new (GTK_WINDOW (self),
                                 jg_workspace_get_store (self->workspace),
                                 sessions);
  g_signal_connect_object (dialog, "imported",
                           G_CALLBACK (on_import_dialog_imported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_check_drift_activate (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  JgWindow *self = JG_WINDOW (widget);
  JgSessionManager *sessions;
  JgDriftDialog *dialog;
  g_autoptr(GError) error = NULL;

  sessions = jg_workspace_get_session_manager (self->workspace, &error);
  if (sessions == NULL)
    {
      jg_window_show_error (self, error);
      return;
    }

  dialog = jg_drift_dialog_new (GTK_WINDOW (self),
                                jg_workspace_get_store (self->workspace),
                                sessions);
  g_signal_connect_object (dialog, "changed",
                           G_CALLBACK (on_drift_dialog_changed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
jg_window_dispose (GObject *object)
{
  JgWindow *self = JG_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_WINDOW);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (jg_window_parent_class)->dispose (object);
}

static void
jg_window_class_init (JgWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = jg_window_dispose;
  window_class->close_request = jg_window_close_request;

  /* Referencing the resource keeps its object file, whose constructor
   * registers it, in programs linked with the static library. */
  (void) jg_gui_get_resource ();

  g_type_ensure (JG_TYPE_PERMISSIONS_PAGE);
  g_type_ensure (JG_TYPE_CONFIGURATION_PAGE);
  g_type_ensure (JG_TYPE_HISTORY_PAGE);
  g_type_ensure (JG_TYPE_ACCESS_MAP_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/jumpgate/Jumpgate/jg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, JgWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, resume_bar);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, resume_label);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, sandbox_label);
  gtk_widget_class_bind_template_child (widget_class, JgWindow,
                                        permissions_page);
  gtk_widget_class_bind_template_child (widget_class, JgWindow,
                                        configuration_page);
  gtk_widget_class_bind_template_child (widget_class, JgWindow, history_page);
  gtk_widget_class_bind_template_child (widget_class, JgWindow,
                                        access_map_page);

  gtk_widget_class_install_action (widget_class, "win.search", NULL,
                                   on_search_activate);
  gtk_widget_class_install_action (widget_class, "win.commit", NULL,
                                   on_commit_activate);
  gtk_widget_class_install_action (widget_class, "win.resume-commit", NULL,
                                   on_resume_commit_activate);
  gtk_widget_class_install_action (widget_class, "win.save-staging", NULL,
                                   on_save_staging_activate);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s",
                                   on_show_page_activate);
  gtk_widget_class_install_action (widget_class, "win.view-commit", "x",
                                   on_view_commit_activate);
  gtk_widget_class_install_action (widget_class, "win.import", NULL,
                                   on_import_activate);
  gtk_widget_class_install_action (widget_class, "win.check-drift", NULL,
                                   on_check_drift_activate);
}

static void
jg_window_init (JgWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

JgWindow *
jg_window_new (GtkApplication *application,
               JgWorkspace    *workspace)
{
  JgWindow *self;
  GSettings *settings;

  g_return_val_if_fail (application == NULL
                        || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (JG_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (JG_TYPE_WINDOW, "application", application, NULL);
  self->workspace = g_object_ref (workspace);

  settings = jg_workspace_get_settings (workspace);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (jg_workspace_get_sandbox (workspace))
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Jumpgate — Sandbox"));
      gtk_widget_set_visible (GTK_WIDGET (self->sandbox_label), TRUE);
    }

  jg_permissions_page_set_workspace (self->permissions_page, workspace);
  jg_configuration_page_set_workspace (self->configuration_page, workspace);
  jg_history_page_set_workspace (self->history_page, workspace);
  jg_access_map_page_set_workspace (self->access_map_page, workspace);

  jg_window_check_interrupted (self);
  return self;
}

JgWorkspace *
jg_window_get_workspace (JgWindow *self)
{
  g_return_val_if_fail (JG_IS_WINDOW (self), NULL);

  return self->workspace;
}

/* Takes ownership of TOAST. */
void
jg_window_add_toast (JgWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (JG_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Shows the message of a failed store or network call. The messages of
 * the lower layers already name the value and what to do. */
void
jg_window_show_error (JgWindow     *self,
                      const GError *error)
{
  AdwToast *toast;

  g_return_if_fail (JG_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  toast = jg_gui_toast_new (error->message);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  jg_window_add_toast (self, toast);
}

void
jg_window_show_commit (JgWindow *self,
                       gint64    commit_id)
{
  g_return_if_fail (JG_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, "history");
  jg_history_page_select_commit (self->history_page, commit_id);
  gtk_window_present (GTK_WINDOW (self));
}

/* Tells the user how a commit ended: a toast with a button to its
 * history, and a desktop notification when the window is in the
 * background. */
void
jg_window_report_commit (JgWindow       *self,
                         gint64          commit_id,
                         JgCommitStatus  status,
                         const char     *summary)
{
  g_autofree char *title = NULL;
  AdwToast *toast;
  GApplication *application;

  g_return_if_fail (JG_IS_WINDOW (self));

  switch (status)
    {
    case JG_COMMIT_SUCCEEDED:
      title = g_strdup_printf (_("Commit %" PRId64 " succeeded"),
                               commit_id);
      break;
    case JG_COMMIT_PARTIAL:
      title = g_strdup_printf (_("Commit %" PRId64 " partly "
                                 "failed"), commit_id);
      break;
    case JG_COMMIT_CANCELLED:
      title = g_strdup_printf (_("Commit %" PRId64 " was "
                                 "cancelled"), commit_id);
      break;
    case JG_COMMIT_FAILED:
    case JG_COMMIT_RUNNING:
    default:
      title = g_strdup_printf (_("Commit %" PRId64 " failed"),
                               commit_id);
      break;
    }

  toast = jg_gui_toast_new (title);
  adw_toast_set_button_label (toast, _("_View Commit"));
  adw_toast_set_action_name (toast, "win.view-commit");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (commit_id));
  adw_toast_set_timeout (toast, 10);
  jg_window_add_toast (self, toast);

  application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  if (application != NULL && !gtk_window_is_active (GTK_WINDOW (self)))
    {
      g_autoptr(GNotification) notification = g_notification_new (title);
      g_autofree char *id = g_strdup_printf ("commit-%" G_GINT64_FORMAT,
                                             commit_id);

      if (summary != NULL)
        g_notification_set_body (notification, summary);
      g_notification_set_default_action_and_target_value (
        notification, "app.show-commit", g_variant_new_int64 (commit_id));
      g_application_send_notification (application, id, notification);
    }

  jg_workspace_notify_changed (self->workspace,
                               JG_WORKSPACE_CHANGED_COMMITS
                               | JG_WORKSPACE_CHANGED_STAGING);
}

/* Shows the bar that offers to resume a commit that a crash or a closed
 * window left running. */
void
jg_window_check_interrupted (JgWindow *self)
{
  g_autoptr(GPtrArray) running = NULL;
  g_autoptr(GError) error = NULL;
  JgCommit *commit;
  g_autofree char *text = NULL;

  g_return_if_fail (JG_IS_WINDOW (self));

  running = jg_store_list_running_commits (
    jg_workspace_get_store (self->workspace), &error);
  if (running == NULL)
    {
      g_warning ("Cannot list interrupted commits: %s", error->message);
      return;
    }

  if (running->len == 0)
    {
      self->interrupted_commit = 0;
      gtk_info_bar_set_revealed (self->resume_bar, FALSE);
      return;
    }

  commit = running->pdata[0];
  self->interrupted_commit = commit->id;
  text = g_strdup_printf (_("Commit %" PRId64 " (“%s”) was "
                            "interrupted. Resuming compares the desired "
                            "state with what AWS holds now and writes only "
                            "what differs."),
                          commit->id, commit->comment);
  gtk_label_set_text (self->resume_label, text);
  gtk_info_bar_set_revealed (self->resume_bar, TRUE);
}

/* Returns the commit that the resume bar offers, or 0 when it is hidden. */
gint64
jg_window_get_interrupted_commit (JgWindow *self)
{
  g_return_val_if_fail (JG_IS_WINDOW (self), 0);

  return self->interrupted_commit;
}

const char *
jg_window_get_visible_page_name (JgWindow *self)
{
  g_return_val_if_fail (JG_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}

JgPermissionsPage *
jg_window_get_permissions_page (JgWindow *self)
{
  g_return_val_if_fail (JG_IS_WINDOW (self), NULL);

  return self->permissions_page;
}

JgConfigurationPage *
jg_window_get_configuration_page (JgWindow *self)
{
  g_return_val_if_fail (JG_IS_WINDOW (self), NULL);

  return self->configuration_page;
}

JgHistoryPage *
jg_window_get_history_page (JgWindow *self)
{
  g_return_val_if_fail (JG_IS_WINDOW (self), NULL);

  return self->history_page;
}

JgAccessMapPage *
jg_window_get_access_map_page (JgWindow *self)
{
  g_return_val_if_fail (JG_IS_WINDOW (self), NULL);

  return self->access_map_page;
}
