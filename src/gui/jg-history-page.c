/* jg-history-page.c: past commits and, for the selected one, its
 * actions with the diff of each document, its messages, the user
 * configurations it generated and the changes it was asked to make.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "core/jg-file-util.h"
#include "core/jg-json-diff.h"
#include "core/jg-switch-role-config.h"
#include "jg-gui-util.h"
#include "jg-history-page.h"

struct _JgHistoryPage
{
  GtkWidget             parent_instance;

  /* Template children. */
  GtkColumnView        *commits_view;
  GtkStack             *detail_stack;
  GtkLabel             *commit_title;
  GtkLabel             *commit_subtitle;
  GtkStack             *tabs;
  GtkColumnView        *actions_view;
  GtkTextView          *diff_view;
  GtkColumnView        *messages_view;
  GtkListView          *configs_view;
  GtkLabel             *config_warnings;
  GtkTextView          *config_view;
  GtkColumnView        *requested_view;

  /* Owned. */
  JgWorkspace          *workspace;
  GCancellable         *cancellable;
  GListStore           *commits;
  GtkSingleSelection   *commit_selection;
  GListStore           *actions;
  GtkSingleSelection   *action_selection;
  GListStore           *messages;
  GListStore           *configs;
  GtkSingleSelection   *config_selection;
  GListStore           *requested;
  GtkFileChooserNative *chooser;
  gint64                commit_id;
  /* A commit to select once the list has loaded. */
  gint64                pending_select;
  gulong                changed_handler;
};

G_DEFINE_FINAL_TYPE (JgHistoryPage, jg_history_page, GTK_TYPE_WIDGET)

static void
replace_all (GListStore *store,
             GListStore *items)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (items));
  g_autoptr(GPtrArray) array = g_ptr_array_new_full (n_items, g_object_unref);

  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (array, g_list_model_get_item (G_LIST_MODEL (items), i));
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                       array->pdata, array->len);
}

/* Cell texts. */

static char *
commit_time_text (JgItem *item, gpointer user_data)
{
  return jg_gui_format_time (((JgCommit *) jg_item_get_value (item))->created_at);
}

static char *
commit_author_text (JgItem *item, gpointer user_data)
{
  JgCommit *commit = jg_item_get_value (item);

  return g_strdup (commit->author_user != NULL ? commit->author_user : "");
}

static char *
commit_comment_text (JgItem *item, gpointer user_data)
{
  return g_strdup (((JgCommit *) jg_item_get_value (item))->comment);
}

static char *
commit_status_text (JgItem *item, gpointer user_data)
{
  JgCommit *commit = jg_item_get_value (item);

  return g_strdup (jg_commit_status_to_string (commit->status));
}

static char *
action_status_text (JgItem *item, gpointer user_data)
{
  JgCommitAction *action = jg_item_get_value (item);

  return g_strdup (jg_action_status_to_string (action->status));
}

static char *
action_operation_text (JgItem *item, gpointer user_data)
{
  return g_strdup (((JgCommitAction *) jg_item_get_value (item))->operation);
}

static char *
action_target_text (JgItem *item, gpointer user_data)
{
  return g_strdup (((JgCommitAction *) jg_item_get_value (item))->target_arn);
}

static char *
action_attempts_text (JgItem *item, gpointer user_data)
{
  return g_strdup_printf ("%d",
                          ((JgCommitAction *) jg_item_get_value (item))->attempts);
}

static char *
action_duration_text (JgItem *item, gpointer user_data)
{
  JgCommitAction *action = jg_item_get_value (item);

  /* Zero-padded so that the text sorts like the number. */
  return g_strdup_printf (_("%7.2f s"), action->duration_ms / 1000.0);
}

static char *
action_error_text (JgItem *item, gpointer user_data)
{
  JgCommitAction *action = jg_item_get_value (item);

  if (action->error_code == NULL && action->error_message == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%s: %s",
                          action->error_code != NULL ? action->error_code : "",
                          action->error_message != NULL
                          ? action->error_message : "");
}

static char *
message_time_text (JgItem *item, gpointer user_data)
{
  return jg_gui_format_time (((JgCommitMessage *) jg_item_get_value (item))->at);
}

static char *
message_level_text (JgItem *item, gpointer user_data)
{
  return g_strdup (((JgCommitMessage *) jg_item_get_value (item))->level);
}

static char *
message_text (JgItem *item, gpointer user_data)
{
  return g_strdup (((JgCommitMessage *) jg_item_get_value (item))->text);
}

static char *
change_kind_text (JgItem *item, gpointer user_data)
{
  JgChange *change = jg_item_get_value (item);

  return g_strdup (change->kind == JG_CHANGE_GRANT ? _("Grant") : _("Revoke"));
}

static char *
change_person_text (JgItem *item, gpointer user_data)
{
  return g_strdup (((JgChange *) jg_item_get_value (item))->handle);
}

static char *
change_role_text (JgItem *item, gpointer user_data)
{
  return g_strdup (((JgChange *) jg_item_get_value (item))->role_arn);
}

static void
show_action_diff (JgHistoryPage *self)
{
  JgItem *item = gtk_single_selection_get_selected_item (self->action_selection);
  JgCommitAction *action;
  g_autofree char *diff = NULL;
  g_autoptr(GError) error = NULL;

  if (item == NULL)
    {
      jg_gui_text_view_set_text (self->diff_view, "");
      return;
    }

  action = jg_item_get_value (item);
  diff = jg_json_diff (action->document_before, action->document_after,
                       _("before"), _("after"), &error);
  if (diff == NULL)
    {
      jg_gui_text_view_set_text (self->diff_view, error->message);
      return;
    }
  jg_gui_text_view_set_diff (self->diff_view, diff);
}

static void
on_action_selected_cb (GtkSingleSelection *selection,
                       GParamSpec         *pspec,
                       JgHistoryPage      *self)
{
  show_action_diff (self);
}

static void
show_config (JgHistoryPage *self)
{
  JgItem *item = gtk_single_selection_get_selected_item (self->config_selection);
  JgUserConfig *config;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.copy-config",
                                 item != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export-config",
                                 item != NULL);
  if (item == NULL)
    {
      jg_gui_text_view_set_text (self->config_view, "");
      gtk_label_set_text (self->config_warnings, "");
      return;
    }

  config = jg_item_get_value (item);
  jg_gui_text_view_set_text (self->config_view, config->text);
  gtk_label_set_text (self->config_warnings,
                      config->warnings != NULL ? config->warnings : "");
}

static void
on_config_selected_cb (GtkSingleSelection *selection,
                       GParamSpec         *pspec,
                       JgHistoryPage      *self)
{
  show_config (self);
}

/* Loads the details of the selected commit from the store. */
static void
load_detail (JgHistoryPage *self)
{
  JgStore *store = jg_workspace_get_store (self->workspace);
  JgItem *item = gtk_single_selection_get_selected_item (self->commit_selection);
  JgCommit *commit;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  g_autoptr(GPtrArray) requested = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *time = NULL;

  if (item == NULL)
    {
      self->commit_id = 0;
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      return;
    }

  commit = jg_item_get_value (item);
  self->commit_id = commit->id;

  actions = jg_store_list_commit_actions (store, commit->id, &error);
  messages = actions != NULL
    ? jg_store_list_commit_messages (store, commit->id, &error) : NULL;
  configs = messages != NULL
    ? jg_store_list_user_configs (store, commit->id, &error) : NULL;
  requested = configs != NULL
    ? jg_store_list_requested_changes (store, commit->id, &error) : NULL;
  if (requested == NULL)
    {
      jg_gui_show_error (GTK_WIDGET (self), error);
      return;
    }

  {
    g_autoptr(GListStore) items = NULL;

    items = jg_item_store_new_from_array (JG_ITEM_ACTION, actions);
    replace_all (self->actions, items);
    g_clear_object (&items);
    items = jg_item_store_new_from_array (JG_ITEM_MESSAGE, messages);
    replace_all (self->messages, items);
    g_clear_object (&items);
    items = jg_item_store_new_from_array (JG_ITEM_USER_CONFIG, configs);
    replace_all (self->configs, items);
    g_clear_object (&items);
    items = jg_item_store_new_from_array (JG_ITEM_CHANGE, requested);
    replace_all (self->requested, items);
  }

  time = jg_gui_format_time (commit->created_at);
  title = g_strdup_printf (_("Commit %" PRId64 ": %s"), commit->id,
                           commit->comment);
  subtitle = g_strdup_printf (_("%s by %s, %s"), time,
                              commit->author_user != NULL
                              ? commit->author_user : _("unknown author"),
                              jg_commit_status_to_string (commit->status));
  gtk_label_set_text (self->commit_title, title);
  gtk_label_set_text (self->commit_subtitle, subtitle);
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
  show_action_diff (self);
  show_config (self);
}

static void
on_commit_selected_cb (GtkSingleSelection *selection,
                       GParamSpec         *pspec,
                       JgHistoryPage      *self)
{
  load_detail (self);
}

static void
on_commits_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(JgHistoryPage) self = user_data;
  g_autoptr(GListStore) loaded = NULL;
  g_autoptr(GError) error = NULL;
  gint64 keep = self->pending_select != 0 ? self->pending_select
                                          : self->commit_id;

  loaded = jg_workspace_load_finish (JG_WORKSPACE (source), result, &error);
  if (loaded == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        jg_gui_show_error (GTK_WIDGET (self), error);
      return;
    }

  replace_all (self->commits, loaded);
  self->pending_select = 0;
  if (keep != 0)
    jg_history_page_select_commit (self, keep);
  else
    load_detail (self);
}

static void
reload (JgHistoryPage *self)
{
  jg_workspace_load_async (self->workspace, JG_ITEM_COMMIT, self->cancellable,
                           on_commits_loaded_cb, g_object_ref (self));
}

static void
on_workspace_changed_cb (JgWorkspace   *workspace,
                         guint          what,
                         JgHistoryPage *self)
{
  if (what & JG_WORKSPACE_CHANGED_COMMITS)
    reload (self);
}

static void
on_select_commit_activate (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  jg_history_page_select_commit (JG_HISTORY_PAGE (widget),
                                 g_variant_get_int64 (parameter));
}

static void
on_copy_config_activate (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  JgHistoryPage *self = JG_HISTORY_PAGE (widget);
  JgItem *item = gtk_single_selection_get_selected_item (self->config_selection);
  JgUserConfig *config;
  g_autofree char *text = NULL;

  if (item == NULL)
    return;

  config = jg_item_get_value (item);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), config->text);
  text = g_strdup_printf (_("Copied the configuration of %s"),
                          config->handle);
  jg_gui_toast (widget, text);
}

static void
on_chooser_response_cb (GtkNativeDialog *dialog,
                        int              response,
                        JgHistoryPage   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JgItem *item;
  JgUserConfig *config;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  item = gtk_single_selection_get_selected_item (self->config_selection);
  if (item == NULL)
    goto out;
  config = jg_item_get_value (item);

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path == NULL)
    {
      jg_gui_toast (GTK_WIDGET (self), _("The chosen location is not a local "
                                         "file: choose a folder on this "
                                         "computer"));
      goto out;
    }

  if (!jg_file_write_atomic (path, config->text, -1, 0644, &error))
    {
      jg_gui_show_error (GTK_WIDGET (self), error);
      goto out;
    }

  folder = g_file_get_parent (file);
  if (folder != NULL && g_file_peek_path (folder) != NULL)
    g_settings_set_string (jg_workspace_get_settings (self->workspace),
                           "last-export-folder", g_file_peek_path (folder));
  text = g_strdup_printf (_("Exported the configuration of %s to %s"),
                          config->handle, path);
  jg_gui_toast (GTK_WIDGET (self), text);

out:
  g_clear_object (&self->chooser);
}

static void
on_export_config_activate (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  JgHistoryPage *self = JG_HISTORY_PAGE (widget);
  JgItem *item = gtk_single_selection_get_selected_item (self->config_selection);
  GtkRoot *root = gtk_widget_get_root (widget);
  JgUserConfig *config;
  JgSwitchRoleFormat format;
  g_autofree char *name = NULL;
  g_autofree char *last_folder = NULL;

  if (item == NULL || self->chooser != NULL)
    return;

  config = jg_item_get_value (item);
  if (!jg_switch_role_format_from_string (config->format, &format, NULL))
    format = JG_SWITCH_ROLE_FORMAT_AESR;
  name = g_strconcat (config->handle, jg_switch_role_format_get_suffix (format),
                      NULL);

  /* GtkFileChooserNative goes through the file chooser portal inside the
   * Flatpak sandbox, so the chosen file is writable there. */
  self->chooser = gtk_file_chooser_native_new (_("Export Configuration"),
                                               GTK_IS_WINDOW (root)
                                               ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

  last_folder = g_settings_get_string (jg_workspace_get_settings (self->workspace),
                                       "last-export-folder");
  if (*last_folder != '\0' && g_file_test (last_folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (last_folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser),
                                           folder, NULL);
    }

  g_signal_connect (self->chooser, "response",
                    G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_config_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  JgItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);

  gtk_label_set_text (GTK_LABEL (title), jg_item_get_title (item));
  gtk_label_set_text (GTK_LABEL (subtitle), jg_item_get_subtitle (item));
}

static GtkSingleSelection *
attach_model (GtkColumnView *view,
              GListStore    *store)
{
  GtkSortListModel *sorted;
  GtkSingleSelection *selection;

  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (store)),
                                    g_object_ref (gtk_column_view_get_sorter (view)));
  selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  return selection;
}

static void
build_views (JgHistoryPage *self)
{
  GtkColumnViewColumn *time_column;
  GtkListItemFactory *factory;
  g_autoptr(GtkSingleSelection) selection = NULL;

  time_column = jg_gui_add_text_column (self->commits_view, _("Time"),
                                        commit_time_text, NULL, FALSE);
  jg_gui_add_text_column (self->commits_view, _("Author"),
                          commit_author_text, NULL, FALSE);
  jg_gui_add_text_column (self->commits_view, _("Comment"),
                          commit_comment_text, NULL, TRUE);
  jg_gui_add_text_column (self->commits_view, _("Status"),
                          commit_status_text, NULL, FALSE);
  self->commit_selection = attach_model (self->commits_view, self->commits);
  gtk_single_selection_set_autoselect (self->commit_selection, TRUE);
  gtk_column_view_sort_by_column (self->commits_view, time_column,
                                  GTK_SORT_DESCENDING);
  g_signal_connect (self->commit_selection, "notify::selected-item",
                    G_CALLBACK (on_commit_selected_cb), self);

  jg_gui_add_text_column (self->actions_view, _("Status"),
                          action_status_text, NULL, FALSE);
  jg_gui_add_text_column (self->actions_view, _("Operation"),
                          action_operation_text, NULL, FALSE);
  jg_gui_add_text_column (self->actions_view, _("Target"),
                          action_target_text, NULL, TRUE);
  jg_gui_add_text_column (self->actions_view, _("Attempts"),
                          action_attempts_text, NULL, FALSE);
  jg_gui_add_text_column (self->actions_view, _("Duration"),
                          action_duration_text, NULL, FALSE);
  jg_gui_add_text_column (self->actions_view, _("Error"),
                          action_error_text, NULL, FALSE);
  self->action_selection = attach_model (self->actions_view, self->actions);
  g_signal_connect (self->action_selection, "notify::selected-item",
                    G_CALLBACK (on_action_selected_cb), self);

  jg_gui_add_text_column (self->messages_view, _("Time"),
                          message_time_text, NULL, FALSE);
  jg_gui_add_text_column (self->messages_view, _("Level"),
                          message_level_text, NULL, FALSE);
  jg_gui_add_text_column (self->messages_view, _("Message"),
                          message_text, NULL, TRUE);
  selection = attach_model (self->messages_view, self->messages);
  g_clear_object (&selection);

  jg_gui_add_text_column (self->requested_view, _("Change"),
                          change_kind_text, NULL, FALSE);
  jg_gui_add_text_column (self->requested_view, _("Person"),
                          change_person_text, NULL, FALSE);
  jg_gui_add_text_column (self->requested_view, _("Role"),
                          change_role_text, NULL, TRUE);
  selection = attach_model (self->requested_view, self->requested);

  factory = jg_gui_two_line_factory_new ();
  g_signal_connect (factory, "bind", G_CALLBACK (on_config_bind_cb), NULL);
  gtk_list_view_set_factory (self->configs_view, factory);
  g_object_unref (factory);
  self->config_selection =
    gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->configs)));
  gtk_list_view_set_model (self->configs_view,
                           GTK_SELECTION_MODEL (self->config_selection));
  g_signal_connect (self->config_selection, "notify::selected-item",
                    G_CALLBACK (on_config_selected_cb), self);
}

static void
jg_history_page_dispose (GObject *object)
{
  JgHistoryPage *self = JG_HISTORY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->workspace != NULL)
    g_clear_signal_handler (&self->changed_handler, self->workspace);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_HISTORY_PAGE);
  jg_gui_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->workspace);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->commit_selection);
  g_clear_object (&self->action_selection);
  g_clear_object (&self->config_selection);
  g_clear_object (&self->commits);
  g_clear_object (&self->actions);
  g_clear_object (&self->messages);
  g_clear_object (&self->configs);
  g_clear_object (&self->requested);

  G_OBJECT_CLASS (jg_history_page_parent_class)->dispose (object);
}

static void
jg_history_page_class_init (JgHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_history_page_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class,
                                            GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/jumpgate/Jumpgate/jg-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JgHistoryPage,
                                        commits_view);
  gtk_widget_class_bind_template_child (widget_class, JgHistoryPage,
                                        detail_stack);
  gtk_widget_class_bind_template_child (widget_class, JgHistoryPage,
                                        commit_title);
  gtk_widget_class_bind_template_child (widget_class, JgHistoryPage,
                                        commit_subtitle);
  gtk_widget_class_bind_template_child (widget_class, JgHistoryPage, tabs);
  gtk_widget_class_bind_template_child (widget_class, JgHistoryPage,
                                        actions_view);
  gtk_widget_class_bind_template_child (widget_class, JgHistoryPage,
                                        diff_view);
  gtk_widget_class_bind_template_child (widget_class, JgHistoryPage,
                                        messages_view);
  gtk_widget_class_bind_template_child (widget_class, JgHistoryPage,
                                        configs_view);
  gtk_widget_class_bind_template_child (widget_class, JgHistoryPage,
                                        config_warnings);
  gtk_widget_class_bind_template_child (widget_class, JgHistoryPage,
                                        config_view);
  gtk_widget_class_bind_template_child (widget_class, JgHistoryPage,
                                        requested_view);

  gtk_widget_class_install_action (widget_class, "history.select-commit", "x",
                                   on_select_commit_activate);
  gtk_widget_class_install_action (widget_class, "history.copy-config", NULL,
                                   on_copy_config_activate);
  gtk_widget_class_install_action (widget_class, "history.export-config",
                                   NULL, on_export_config_activate);
}

static void
jg_history_page_init (JgHistoryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->commits = g_list_store_new (JG_TYPE_ITEM);
  self->actions = g_list_store_new (JG_TYPE_ITEM);
  self->messages = g_list_store_new (JG_TYPE_ITEM);
  self->configs = g_list_store_new (JG_TYPE_ITEM);
  self->requested = g_list_store_new (JG_TYPE_ITEM);
  build_views (self);
  show_config (self);
}

void
jg_history_page_set_workspace (JgHistoryPage *self,
                               JgWorkspace   *workspace)
{
  g_return_if_fail (JG_IS_HISTORY_PAGE (self));
  g_return_if_fail (JG_IS_WORKSPACE (workspace));
  g_return_if_fail (self->workspace == NULL);

  self->workspace = g_object_ref (workspace);
  self->changed_handler =
    g_signal_connect (workspace, "changed",
                      G_CALLBACK (on_workspace_changed_cb), self);
  reload (self);
}

/* Selects the commit; if it is not listed yet (a commit that just
 * finished), it is selected once the list reloads. */
void
jg_history_page_select_commit (JgHistoryPage *self,
                               gint64         commit_id)
{
  g_autofree char *key = NULL;
  guint position;

  g_return_if_fail (JG_IS_HISTORY_PAGE (self));

  key = g_strdup_printf ("%" G_GINT64_FORMAT, commit_id);
  position = jg_gui_model_find_key (G_LIST_MODEL (self->commit_selection),
                                    key);
  if (position == GTK_INVALID_LIST_POSITION)
    {
      self->pending_select = commit_id;
      if (self->workspace != NULL)
        reload (self);
      return;
    }

  if (gtk_single_selection_get_selected (self->commit_selection) == position)
    load_detail (self);
  else
    gtk_single_selection_set_selected (self->commit_selection, position);
}

gint64
jg_history_page_get_selected_commit (JgHistoryPage *self)
{
  g_return_val_if_fail (JG_IS_HISTORY_PAGE (self), 0);

  return self->commit_id;
}

GListModel *
jg_history_page_get_commits (JgHistoryPage *self)
{
  g_return_val_if_fail (JG_IS_HISTORY_PAGE (self), NULL);

  return G_LIST_MODEL (self->commit_selection);
}

GListModel *
jg_history_page_get_actions (JgHistoryPage *self)
{
  g_return_val_if_fail (JG_IS_HISTORY_PAGE (self), NULL);

  return G_LIST_MODEL (self->actions);
}

GListModel *
jg_history_page_get_messages (JgHistoryPage *self)
{
  g_return_val_if_fail (JG_IS_HISTORY_PAGE (self), NULL);

  return G_LIST_MODEL (self->messages);
}

GListModel *
jg_history_page_get_configs (JgHistoryPage *self)
{
  g_return_val_if_fail (JG_IS_HISTORY_PAGE (self), NULL);

  return G_LIST_MODEL (self->configs);
}

GListModel *
jg_history_page_get_requested (JgHistoryPage *self)
{
  g_return_val_if_fail (JG_IS_HISTORY_PAGE (self), NULL);

  return G_LIST_MODEL (self->requested);
}

/* Returns the text that the configuration view shows. */
char *
jg_history_page_dup_config_text (JgHistoryPage *self)
{
  g_return_val_if_fail (JG_IS_HISTORY_PAGE (self), NULL);

  return jg_gui_text_view_dup_text (self->config_view);
}

/* Returns the diff that the actions tab shows. */
char *
jg_history_page_dup_diff_text (JgHistoryPage *self)
{
  g_return_val_if_fail (JG_IS_HISTORY_PAGE (self), NULL);

  return jg_gui_text_view_dup_text (self->diff_view);
}

gboolean
jg_history_page_select_config (JgHistoryPage *self,
                               const char    *handle,
                               const char    *format)
{
  g_autofree char *key = NULL;
  guint position;

  g_return_val_if_fail (JG_IS_HISTORY_PAGE (self), FALSE);

  key = g_strdup_printf ("%s %s", handle, format);
  position = jg_gui_model_find_key (G_LIST_MODEL (self->configs), key);
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_single_selection_set_selected (self->config_selection, position);
  gtk_stack_set_visible_child_name (self->tabs, "configs");
  return TRUE;
}

gboolean
jg_history_page_select_action (JgHistoryPage *self,
                               guint          position)
{
  g_return_val_if_fail (JG_IS_HISTORY_PAGE (self), FALSE);

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->action_selection)))
    return FALSE;
  gtk_single_selection_set_selected (self->action_selection, position);
  return TRUE;
}
