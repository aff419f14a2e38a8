/* jg-staging-panel.c: the pre-commit summary: staged changes grouped by
 * person, each removable, and the staging area's save, reopen, discard
 * and commit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "jg-gui-util.h"
#include "jg-staging-panel.h"

struct _JgStagingPanel
{
  GtkWidget    parent_instance;

  /* Template children. */
  GtkLabel    *count_label;
  GtkStack    *stack;
  GtkListView *changes_view;
  GtkPopover  *saved_popover;
  GtkStack    *saved_stack;
  GtkListView *saved_view;
  GtkWidget   *commit_button;

  /* Owned. */
  JgWorkspace *workspace;
  GListStore  *changes;
  GListStore  *saved;
  gulong       changed_handler;
};

G_DEFINE_FINAL_TYPE (JgStagingPanel, jg_staging_panel, GTK_TYPE_WIDGET)

static void
reload (JgStagingPanel *self)
{
  g_autoptr(GPtrArray) staged = NULL;
  g_autoptr(GListStore) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) persons = NULL;
  g_autofree char *count = NULL;
  guint n_items;

  staged = jg_store_list_staged (jg_workspace_get_store (self->workspace),
                                 &error);
  if (staged == NULL)
    {
      jg_gui_show_error (GTK_WIDGET (self), error);
      return;
    }

  persons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < staged->len; i++)
    g_hash_table_add (persons,
                      g_strdup (((JgChange *) staged->pdata[i])->handle));

  n_items = staged->len;
  count = n_items == 0
    ? g_strdup (_("The staging area is empty"))
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                    "%u change", "%u changes", n_items),
                       n_items);
  if (n_items > 0)
    {
      guint n_persons = g_hash_table_size (persons);
      g_autofree char *with_persons =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%s for %u person",
                                      "%s for %u persons", n_persons),
                         count, n_persons);

      g_free (count);
      count = g_steal_pointer (&with_persons);
    }
  gtk_label_set_text (self->count_label, count);

  /* The store lists changes by handle, so each person's changes are
   * adjacent and a row shows the handle when it starts a group. */
  items = jg_item_store_new_from_array (JG_ITEM_CHANGE, staged);
  g_list_store_splice (self->changes, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->changes)),
                       NULL, 0);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(JgItem) item = g_list_model_get_item (G_LIST_MODEL (items), i);

      g_list_store_append (self->changes, item);
    }

  gtk_stack_set_visible_child_name (self->stack, n_items > 0 ? "list"
                                                             : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staging.save",
                                 n_items > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staging.discard",
                                 n_items > 0);
  /* win.commit stays enabled for its accelerator, which explains an
   * empty staging area in a toast; the button just greys out. */
  gtk_widget_set_sensitive (self->commit_button, n_items > 0);
}

static void
on_workspace_changed_cb (JgWorkspace    *workspace,
                         guint           what,
                         JgStagingPanel *self)
{
  reload (self);
}

static void
on_change_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *header = gtk_label_new (NULL);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *kind = gtk_label_new (NULL);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *role = gtk_label_new (NULL);
  GtkWidget *arn = gtk_label_new (NULL);
  GtkWidget *remove = gtk_button_new_from_icon_name ("edit-delete-symbolic");

  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_set_margin_top (header, 6);
  gtk_label_set_width_chars (GTK_LABEL (kind), 2);
  gtk_label_set_xalign (GTK_LABEL (role), 0);
  gtk_label_set_ellipsize (GTK_LABEL (role), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (arn), 0);
  gtk_label_set_ellipsize (GTK_LABEL (arn), PANGO_ELLIPSIZE_MIDDLE);
  /* Long ARNs must not widen the panel: they are ellipsized instead. */
  gtk_label_set_max_width_chars (GTK_LABEL (role), 20);
  gtk_label_set_max_width_chars (GTK_LABEL (arn), 20);
  gtk_widget_add_css_class (arn, "dim-label");
  gtk_widget_add_css_class (arn, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove this change"));

  gtk_box_append (GTK_BOX (texts), role);
  gtk_box_append (GTK_BOX (texts), arn);
  gtk_box_append (GTK_BOX (row), kind);
  gtk_box_append (GTK_BOX (row), texts);
  gtk_box_append (GTK_BOX (row), remove);
  gtk_box_append (GTK_BOX (outer), header);
  gtk_box_append (GTK_BOX (outer), row);
  gtk_widget_set_margin_start (outer, 12);
  gtk_widget_set_margin_end (outer, 6);
  gtk_list_item_set_child (list_item, outer);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
on_change_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   JgStagingPanel           *self)
{
  JgItem *item = gtk_list_item_get_item (list_item);
  JgChange *change = jg_item_get_value (item);
  guint position = gtk_list_item_get_position (list_item);
  GtkWidget *outer = gtk_list_item_get_child (list_item);
  GtkWidget *header = gtk_widget_get_first_child (outer);
  GtkWidget *row = gtk_widget_get_next_sibling (header);
  GtkWidget *kind = gtk_widget_get_first_child (row);
  GtkWidget *texts = gtk_widget_get_next_sibling (kind);
  GtkWidget *role = gtk_widget_get_first_child (texts);
  GtkWidget *arn = gtk_widget_get_next_sibling (role);
  GtkWidget *remove = gtk_widget_get_next_sibling (texts);
  gboolean starts_group = TRUE;
  g_autofree char *label = jg_gui_role_account_label (change->role_arn);
  g_autofree char *accessible = NULL;
  gboolean grant = change->kind == JG_CHANGE_GRANT;

  if (position > 0)
    {
      g_autoptr(JgItem) previous =
        g_list_model_get_item (G_LIST_MODEL (self->changes), position - 1);
      JgChange *previous_change = jg_item_get_value (previous);

      starts_group = g_strcmp0 (previous_change->handle, change->handle) != 0;
    }

  gtk_label_set_text (GTK_LABEL (header), change->handle);
  gtk_widget_set_visible (header, starts_group);

  /* U+2212 MINUS SIGN, as wide as the plus. */
  gtk_label_set_text (GTK_LABEL (kind), grant ? "+" : "\u2212");
  gtk_widget_set_css_classes (kind, (const char *[]) {
                                grant ? "pending-add" : "pending-remove",
                                NULL });
  gtk_widget_set_tooltip_text (kind, grant ? _("Grant") : _("Revoke"));
  gtk_label_set_text (GTK_LABEL (role), label);
  gtk_label_set_text (GTK_LABEL (arn), change->role_arn);

  /* The target first: an action name without its target would be
   * rejected for its parameter type. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (remove),
                                          g_variant_new_int64 (change->id));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "staging.unstage");
  accessible = g_strdup_printf (grant ? _("Remove the grant of %s to %s")
                                      : _("Remove the revocation of %s from "
                                          "%s"),
                                label, change->handle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
on_unstage_activate (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  JgStagingPanel *self = JG_STAGING_PANEL (widget);
  g_autoptr(GError) error = NULL;

  if (!jg_store_unstage (jg_workspace_get_store (self->workspace),
                         g_variant_get_int64 (parameter), &error))
    {
      jg_gui_show_error (widget, error);
      return;
    }
  jg_workspace_notify_changed (self->workspace, JG_WORKSPACE_CHANGED_STAGING);
}

static void
on_save_as_activate (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  JgStagingPanel *self = JG_STAGING_PANEL (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!jg_store_save_staged (jg_workspace_get_store (self->workspace), name,
                             &error))
    {
      jg_gui_show_error (widget, error);
      return;
    }

  text = g_strdup_printf (_("Saved the staged changes as “%s”"), name);
  jg_gui_toast (widget, text);
  jg_workspace_notify_changed (self->workspace, JG_WORKSPACE_CHANGED_STAGING);
}

static void
on_save_dialog_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            JgStagingPanel   *self)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  g_autofree char *name = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  gtk_widget_activate_action (GTK_WIDGET (self), "staging.save-as", "s",
                              name);
}

static void
on_save_entry_changed_cb (GtkEditable      *entry,
                          AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "save", *name != '\0');
}

static void
on_save_entry_activate_cb (GtkEntry         *entry,
                           AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "save"))
    {
      adw_message_dialog_response (dialog, "save");
      gtk_window_close (GTK_WINDOW (dialog));
    }
}

static void
on_save_activate (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  JgStagingPanel *self = JG_STAGING_PANEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  GtkWidget *entry;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *suggestion = g_date_time_format (now, "%Y-%m-%d %H:%M");

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                        : NULL,
                                   _("Save the Staged Changes?"),
                                   _("The changes are kept under this name "
                                     "and the staging area is emptied. Open "
                                     "them again with Open Saved."));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), suggestion);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                              "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog),
                                         "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (on_save_entry_changed_cb),
                    dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (on_save_entry_activate_cb),
                    dialog);
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (on_save_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_open_activate (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  JgStagingPanel *self = JG_STAGING_PANEL (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!jg_store_open_saved (jg_workspace_get_store (self->workspace), name,
                            &error))
    {
      jg_gui_show_error (widget, error);
      return;
    }

  text = g_strdup_printf (_("Opened “%s” into the staging area"), name);
  jg_gui_toast (widget, text);
  jg_workspace_notify_changed (self->workspace, JG_WORKSPACE_CHANGED_STAGING);
}

static void
on_saved_popover_show_cb (JgStagingPanel *self)
{
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) items = NULL;
  guint n_items;

  saved = jg_store_list_saved (jg_workspace_get_store (self->workspace),
                               &error);
  if (saved == NULL)
    {
      jg_gui_show_error (GTK_WIDGET (self), error);
      return;
    }

  items = jg_item_store_new_from_array (JG_ITEM_SAVED_SET, saved);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (items));
  g_list_store_remove_all (self->saved);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(JgItem) item = g_list_model_get_item (G_LIST_MODEL (items), i);

      g_list_store_append (self->saved, item);
    }
  gtk_stack_set_visible_child_name (self->saved_stack,
                                    n_items > 0 ? "list" : "empty");
}

static void
on_saved_view_activate_cb (GtkListView    *view,
                           guint           position,
                           JgStagingPanel *self)
{
  g_autoptr(JgItem) item = g_list_model_get_item (G_LIST_MODEL (self->saved),
                                                  position);

  gtk_popover_popdown (self->saved_popover);
  gtk_widget_activate_action (GTK_WIDGET (self), "staging.open", "s",
                              jg_item_get_key (item));
}

static void
on_discard_now_activate (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  JgStagingPanel *self = JG_STAGING_PANEL (widget);
  g_autoptr(GError) error = NULL;

  if (!jg_store_discard_staged (jg_workspace_get_store (self->workspace),
                                &error))
    {
      jg_gui_show_error (widget, error);
      return;
    }

  jg_gui_toast (widget, _("Discarded the staged changes"));
  jg_workspace_notify_changed (self->workspace, JG_WORKSPACE_CHANGED_STAGING);
}

static void
on_discard_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        JgStagingPanel   *self)
{
  if (g_strcmp0 (response, "discard") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "staging.discard-now",
                                NULL);
}

static void
on_discard_activate (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  JgStagingPanel *self = JG_STAGING_PANEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  guint n_changes = g_list_model_get_n_items (G_LIST_MODEL (self->changes));
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u staged change will be lost. "
                                       "Save them first to keep them.",
                                       "%u staged changes will be lost. "
                                       "Save them first to keep them.",
                                       n_changes),
                          n_changes);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                        : NULL,
                                   _("Discard the Staged Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                              "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog),
                                         "cancel");
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (on_discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
jg_staging_panel_dispose (GObject *object)
{
  JgStagingPanel *self = JG_STAGING_PANEL (object);

  if (self->workspace != NULL)
    g_clear_signal_handler (&self->changed_handler, self->workspace);

  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_STAGING_PANEL);
  jg_gui_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->workspace);
  g_clear_object (&self->changes);
  g_clear_object (&self->saved);

  G_OBJECT_CLASS (jg_staging_panel_parent_class)->dispose (object);
}

static void
jg_staging_panel_class_init (JgStagingPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_staging_panel_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class,
                                            GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/jumpgate/Jumpgate/jg-staging-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, JgStagingPanel,
                                        count_label);
  gtk_widget_class_bind_template_child (widget_class, JgStagingPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, JgStagingPanel,
                                        commit_button);
  gtk_widget_class_bind_template_child (widget_class, JgStagingPanel,
                                        changes_view);
  gtk_widget_class_bind_template_child (widget_class, JgStagingPanel,
                                        saved_popover);
  gtk_widget_class_bind_template_child (widget_class, JgStagingPanel,
                                        saved_stack);
  gtk_widget_class_bind_template_child (widget_class, JgStagingPanel,
                                        saved_view);
  gtk_widget_class_bind_template_callback (widget_class,
                                           on_saved_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class,
                                           on_saved_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "staging.unstage", "x",
                                   on_unstage_activate);
  gtk_widget_class_install_action (widget_class, "staging.save", NULL,
                                   on_save_activate);
  gtk_widget_class_install_action (widget_class, "staging.save-as", "s",
                                   on_save_as_activate);
  gtk_widget_class_install_action (widget_class, "staging.open", "s",
                                   on_open_activate);
  gtk_widget_class_install_action (widget_class, "staging.discard", NULL,
                                   on_discard_activate);
  gtk_widget_class_install_action (widget_class, "staging.discard-now", NULL,
                                   on_discard_now_activate);
}

static void
jg_staging_panel_init (JgStagingPanel *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->changes = g_list_store_new (JG_TYPE_ITEM);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_change_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_change_bind_cb), self);
  gtk_list_view_set_factory (self->changes_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->changes_view,
    GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->changes)))));

  self->saved = g_list_store_new (JG_TYPE_ITEM);
  factory = jg_gui_two_line_factory_new ();
  gtk_list_view_set_factory (self->saved_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->saved_view,
    GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->saved)))));
}

void
jg_staging_panel_set_workspace (JgStagingPanel *self,
                                JgWorkspace    *workspace)
{
  g_return_if_fail (JG_IS_STAGING_PANEL (self));
  g_return_if_fail (JG_IS_WORKSPACE (workspace));
  g_return_if_fail (self->workspace == NULL);

  self->workspace = g_object_ref (workspace);
  self->changed_handler =
    g_signal_connect (workspace, "changed",
                      G_CALLBACK (on_workspace_changed_cb), self);
  reload (self);
}

/* Returns the staged changes as the panel shows them. */
GListModel *
jg_staging_panel_get_changes (JgStagingPanel *self)
{
  g_return_val_if_fail (JG_IS_STAGING_PANEL (self), NULL);

  return G_LIST_MODEL (self->changes);
}
