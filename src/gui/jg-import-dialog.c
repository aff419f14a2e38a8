/* jg-import-dialog.c: importing an organisation from AWS, with a dry run,
 * progress and the result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "engine/jg-import.h"
#include "jg-import-dialog.h"

struct _JgImportDialog
{
  AdwWindow          parent_instance;

  /* Template children. */
  GtkButton         *import_button;
  GtkButton         *dry_run_button;
  AdwComboRow       *partition_row;
  GtkProgressBar    *progress_bar;
  GtkLabel          *result_label;

  /* Owned. */
  JgStore           *store;
  JgSessionManager  *sessions;
  JgImport          *import;
  GCancellable      *cancellable;
};

G_DEFINE_FINAL_TYPE (JgImportDialog, jg_import_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_running (JgImportDialog *self,
             gboolean        running)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.dry-run",
                                 !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->partition_row), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
}

static void
on_import_progress_cb (JgImport *import,
                       int       phase,
                       guint     done,
                       guint     total,
                       gpointer  user_data)
{
  JgImportDialog *self = user_data;
  g_autofree char *text = NULL;

  if (total == 0)
    {
      gtk_progress_bar_pulse (self->progress_bar);
      text = g_strdup_printf (_("Reading %s…"),
                              jg_import_phase_to_string ((JgImportPhase) phase));
    }
  else
    {
      gtk_progress_bar_set_fraction (self->progress_bar,
                                     (double) done / (double) total);
      text = g_strdup_printf ("%s %u/%u",
                              jg_import_phase_to_string ((JgImportPhase) phase),
                              done, total);
    }

  gtk_progress_bar_set_text (self->progress_bar, text);
}

static char *
describe_report (const JgImportReport *report)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *added = report->dry_run ? _("would be added") : _("added");

  g_string_append_printf (text,
                          _("%u accounts (%u read, %u skipped, %u "
                            "unreachable), %u roles, %u users, %u grants "
                            "both documents agree on.\n"),
                          report->n_accounts, report->n_accounts_read,
                          report->n_accounts_skipped,
                          report->n_accounts_unreachable, report->n_roles,
                          report->n_users, report->n_grants);
  g_string_append_printf (text,
                          _("Accounts %s: %u. Roles %s: %u. Persons %s: %u. "
                            "Grants %s: %u.\n"),
                          added,
                          jg_import_report_count (report,
                                                  JG_IMPORT_ENTITY_ACCOUNT,
                                                  TRUE),
                          added,
                          jg_import_report_count (report,
                                                  JG_IMPORT_ENTITY_ROLE, TRUE),
                          added,
                          jg_import_report_count (report,
                                                  JG_IMPORT_ENTITY_PERSON,
                                                  TRUE),
                          added,
                          jg_import_report_count (report,
                                                  JG_IMPORT_ENTITY_GRANT,
                                                  TRUE));

  for (guint i = 0; i < report->half_grants->len; i++)
    {
      const JgImportHalfGrant *half = g_ptr_array_index (report->half_grants,
                                                         i);

      g_string_append_printf (text, _("Not imported, only %s names it: %s → "
                                      "%s\n"),
                              half->assertion ? _("the user's policy")
                                              : _("the role's trust policy"),
                              half->principal_arn, half->role_arn);
    }

  for (guint i = 0; i < report->messages->len; i++)
    {
      const JgImportMessage *message = g_ptr_array_index (report->messages, i);

      g_string_append_printf (text, "%s: %s\n", message->level, message->text);
    }

  if (report->dry_run)
    g_string_append (text, _("Dry run: nothing was written."));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
on_import_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(JgImportDialog) self = user_data;
  g_autoptr(JgImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  report = jg_import_run_finish (JG_IMPORT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_signal_handlers_disconnect_by_data (source, self);
  g_clear_object (&self->import);
  set_running (self, FALSE);

  if (report == NULL)
    {
      gtk_label_set_text (self->result_label, error->message);
      return;
    }

  text = describe_report (report);
  gtk_label_set_text (self->result_label, text);
  if (!report->dry_run)
    g_signal_emit (self, signals[SIGNAL_IMPORTED], 0);
}

static void
start_import (JgImportDialog *self,
              gboolean        dry_run)
{
  JgPartition partition;

  partition = (JgPartition) adw_combo_row_get_selected (self->partition_row);
  if (partition >= JG_N_PARTITIONS)
    partition = JG_PARTITION_AWS;

  self->import = jg_import_new (self->store, self->sessions, partition);
  jg_import_set_dry_run (self->import, dry_run);
  jg_import_set_author (self->import, NULL, g_get_user_name ());
  g_signal_connect (self->import, "progress",
                    G_CALLBACK (on_import_progress_cb), self);

  gtk_label_set_text (self->result_label, "");
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  set_running (self, TRUE);
  jg_import_run_async (self->import, self->cancellable, on_import_done_cb,
                       g_object_ref (self));
}

static void
import_run_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  start_import (JG_IMPORT_DIALOG (widget), FALSE);
}

static void
import_dry_run_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  start_import (JG_IMPORT_DIALOG (widget), TRUE);
}

static void
jg_import_dialog_dispose (GObject *object)
{
  JgImportDialog *self = JG_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->import != NULL)
    g_signal_handlers_disconnect_by_data (self->import, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_IMPORT_DIALOG);

  g_clear_object (&self->import);
  g_clear_object (&self->store);
  g_clear_object (&self->sessions);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (jg_import_dialog_parent_class)->dispose (object);
}

static void
jg_import_dialog_class_init (JgImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_import_dialog_dispose;

  signals[SIGNAL_IMPORTED] =
    g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/jumpgate/Jumpgate/jg-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog,
                                        import_button);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog,
                                        dry_run_button);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog,
                                        partition_row);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog,
                                        progress_bar);
  gtk_widget_class_bind_template_child (widget_class, JgImportDialog,
                                        result_label);

  gtk_widget_class_install_action (widget_class, "import.run", NULL,
                                   import_run_action);
  gtk_widget_class_install_action (widget_class, "import.dry-run", NULL,
                                   import_dry_run_action);
}

static void
jg_import_dialog_init (JgImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

JgImportDialog *
jg_import_dialog_new (GtkWindow        *parent,
                      JgStore          *store,
                      JgSessionManager *sessions)
{
  JgImportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (JG_IS_STORE (store), NULL);
  g_return_val_if_fail (JG_IS_SESSION_MANAGER (sessions), NULL);

  self = g_object_new (JG_TYPE_IMPORT_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->sessions = g_object_ref (sessions);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);

  return self;
}
