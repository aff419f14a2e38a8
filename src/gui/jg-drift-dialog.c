/* jg-drift-dialog.c: the drift between AWS and the desired state, with a
 * fix and an adoption per item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "engine/jg-drift.h"
#include "jg-drift-dialog.h"

/* One drift item as a list model item. */
#define JG_TYPE_DRIFT_ENTRY (jg_drift_entry_get_type ())

G_DECLARE_FINAL_TYPE (JgDriftEntry, jg_drift_entry, JG, DRIFT_ENTRY, GObject)

struct _JgDriftEntry
{
  GObject      parent_instance;

  JgDriftItem *item;
};

G_DEFINE_FINAL_TYPE (JgDriftEntry, jg_drift_entry, G_TYPE_OBJECT)

static void
jg_drift_entry_finalize (GObject *object)
{
  JgDriftEntry *self = JG_DRIFT_ENTRY (object);

  g_clear_pointer (&self->item, jg_drift_item_free);

  G_OBJECT_CLASS (jg_drift_entry_parent_class)->finalize (object);
}

static void
jg_drift_entry_class_init (JgDriftEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = jg_drift_entry_finalize;
}

static void
jg_drift_entry_init (JgDriftEntry *self)
{
}

static JgDriftEntry *
jg_drift_entry_new (const JgDriftItem *item)
{
  JgDriftEntry *self = g_object_new (JG_TYPE_DRIFT_ENTRY, NULL);

  self->item = jg_drift_item_copy (item);
  return self;
}

struct _JgDriftDialog
{
  AdwWindow          parent_instance;

  /* Template children. */
  GtkSpinner        *spinner;
  GtkLabel          *status_label;
  GtkListView       *list_view;

  /* Owned. */
  JgStore           *store;
  JgSessionManager  *sessions;
  GListStore        *entries;
  JgDriftReport     *report;
  GCancellable      *cancellable;
  gboolean           busy;
};

G_DEFINE_FINAL_TYPE (JgDriftDialog, jg_drift_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void check (JgDriftDialog *self);

static void
set_busy (JgDriftDialog *self,
          gboolean       busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drift.check", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drift.fix", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drift.adopt", !busy);
}

static void
on_check_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(JgDriftDialog) self = user_data;
  g_autoptr(JgDriftReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;

  report = jg_drift_check_finish (JG_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  g_list_store_remove_all (self->entries);
  g_clear_pointer (&self->report, jg_drift_report_free);
  if (report == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }

  for (guint i = 0; i < report->items->len; i++)
    {
      g_autoptr(JgDriftEntry) entry = jg_drift_entry_new (g_ptr_array_index (report->items,
                                                                             i));

      g_list_store_append (self->entries, entry);
    }

  if (report->items->len == 0)
    status = g_strdup_printf (_("No drift in %u documents."),
                              report->n_documents);
  else
    status = g_strdup_printf (_("%u drift items in %u documents. Fix writes "
                                "Jumpgate's documents again; Adopt makes the "
                                "desired state take what AWS holds."),
                              report->items->len, report->n_documents);
  if (report->errors->len > 0)
    {
      g_autofree char *with_errors = g_strdup_printf (_("%s %u documents "
                                                        "could not be read: "
                                                        "%s"),
                                                      status,
                                                      report->errors->len,
                                                      (char *) g_ptr_array_index (report->errors,
                                                                                  0));

      g_free (status);
      status = g_steal_pointer (&with_errors);
    }

  gtk_label_set_text (self->status_label, status);
  self->report = g_steal_pointer (&report);
}

static void
check (JgDriftDialog *self)
{
  gtk_label_set_text (self->status_label,
                      _("Reading every user policy and trust policy…"));
  set_busy (self, TRUE);
  jg_drift_check_async (self->store, self->sessions, self->cancellable,
                        on_check_done_cb, g_object_ref (self));
}

static void
on_fix_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(JgDriftDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  JgCommitStatus status = JG_COMMIT_FAILED;
  gint64 commit_id;

  commit_id = jg_drift_fix_finish (JG_STORE (source), result, &status, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (commit_id < 0)
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }

  if (commit_id > 0)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  check (self);
}

static JgDriftItem *
find_item (JgDriftDialog *self,
           GVariant      *parameter)
{
  if (self->report == NULL)
    return NULL;

  return jg_drift_report_find (self->report,
                               g_variant_get_string (parameter, NULL));
}

static void
drift_fix_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  JgDriftDialog *self = JG_DRIFT_DIALOG (widget);
  JgDriftItem *item = find_item (self, parameter);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autofree char *comment = NULL;

  if (item == NULL || self->busy)
    return;

  g_ptr_array_add (items, item);
  comment = g_strdup_printf (_("Fix drift %s"), item->id);
  set_busy (self, TRUE);
  gtk_label_set_text (self->status_label,
                      _("Writing Jumpgate's documents again…"));
  jg_drift_fix_async (self->store, self->sessions, items, comment,
                      g_get_user_name (), self->cancellable, on_fix_done_cb,
                      g_object_ref (self));
}

static void
drift_adopt_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  JgDriftDialog *self = JG_DRIFT_DIALOG (widget);
  JgDriftItem *item = find_item (self, parameter);
  g_autoptr(GError) error = NULL;

  if (item == NULL || self->busy)
    return;

  if (jg_drift_adopt (self->store, item, g_get_user_name (), &error) < 0)
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  check (self);
}

static void
drift_check_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  check (JG_DRIFT_DIALOG (widget));
}

/* Rows: the id and kind, the message, and the two buttons whose action
 * target is the item's id. */
static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *message = gtk_label_new (NULL);
  GtkWidget *fix = gtk_button_new_with_mnemonic (_("_Fix"));
  GtkWidget *adopt = gtk_button_new_with_mnemonic (_("_Adopt"));

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), message);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (fix), "drift.fix");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (adopt), "drift.adopt");
  gtk_widget_set_valign (fix, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (adopt, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (row), labels);
  gtk_box_append (GTK_BOX (row), fix);
  gtk_box_append (GTK_BOX (row), adopt);
  gtk_list_item_set_child (list_item, row);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  JgDriftEntry *entry = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);
  GtkWidget *labels = gtk_widget_get_first_child (row);
  GtkWidget *title = gtk_widget_get_first_child (labels);
  GtkWidget *message = gtk_widget_get_next_sibling (title);
  GtkWidget *fix = gtk_widget_get_next_sibling (labels);
  GtkWidget *adopt = gtk_widget_get_next_sibling (fix);
  g_autofree char *heading = NULL;

  heading = g_strdup_printf ("%s  %s", entry->item->id,
                             jg_drift_kind_to_string (entry->item->kind));
  gtk_label_set_text (GTK_LABEL (title), heading);
  gtk_label_set_text (GTK_LABEL (message), entry->item->message);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (fix), "s",
                                    entry->item->id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (adopt), "s",
                                    entry->item->id);
  gtk_widget_set_visible (fix, entry->item->can_fix);
  gtk_widget_set_visible (adopt, entry->item->can_adopt);
}

static void
jg_drift_dialog_dispose (GObject *object)
{
  JgDriftDialog *self = JG_DRIFT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_DRIFT_DIALOG);

  g_clear_object (&self->store);
  g_clear_object (&self->sessions);
  g_clear_object (&self->entries);
  g_clear_pointer (&self->report, jg_drift_report_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (jg_drift_dialog_parent_class)->dispose (object);
}

static void
jg_drift_dialog_class_init (JgDriftDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_drift_dialog_dispose;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/jumpgate/Jumpgate/jg-drift-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, JgDriftDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, JgDriftDialog,
                                        status_label);
  gtk_widget_class_bind_template_child (widget_class, JgDriftDialog,
                                        list_view);

  gtk_widget_class_install_action (widget_class, "drift.check", NULL,
                                   drift_check_action);
  gtk_widget_class_install_action (widget_class, "drift.fix", "s",
                                   drift_fix_action);
  gtk_widget_class_install_action (widget_class, "drift.adopt", "s",
                                   drift_adopt_action);
}

static void
jg_drift_dialog_init (JgDriftDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->entries = g_list_store_new (JG_TYPE_DRIFT_ENTRY);

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), NULL);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->entries)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  gtk_list_view_set_factory (self->list_view, factory);
}

JgDriftDialog *
jg_drift_dialog_new (GtkWindow        *parent,
                     JgStore          *store,
                     JgSessionManager *sessions)
{
  JgDriftDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (JG_IS_STORE (store), NULL);
  g_return_val_if_fail (JG_IS_SESSION_MANAGER (sessions), NULL);

  self = g_object_new (JG_TYPE_DRIFT_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->sessions = g_object_ref (sessions);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);

  check (self);
  return self;
}
