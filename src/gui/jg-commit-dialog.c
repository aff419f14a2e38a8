/* jg-commit-dialog.c: asks for the comment, shows the plan with anything
 * that blocks it and the diff of each document it writes, runs the commit with progress and cancellation, and
 * asks for an MFA code when the session manager needs one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "engine/jg-commit.h"
#include "engine/jg-engine.h"
#include "jg-commit-dialog.h"
#include "jg-gui-util.h"
#include "jg-window.h"

/* An MFA code is six digits. */
#define MFA_CODE_LENGTH 6

struct _JgCommitDialog
{
  AdwWindow         parent_instance;

  /* Template children. */
  GtkButton        *run_button;
  GtkStack         *stack;
  AdwEntryRow      *comment_row;
  GtkSpinner       *plan_spinner;
  GtkLabel         *plan_label;
  GtkLabel         *violations_label;
  GtkLabel         *error_label;
  GtkPaned         *actions_paned;
  GtkListView      *actions_view;
  GtkTextView      *diff_view;
  GtkLabel         *progress_title;
  GtkProgressBar   *progress_bar;
  GtkLabel         *current_label;
  GtkLabel         *messages_label;

  /* Borrowed. */
  JgWindow         *parent;

  /* Owned. */
  JgWorkspace      *workspace;
  JgSessionManager *sessions;
  JgCommitRunner   *runner;
  GCancellable     *cancellable;
  GTask            *mfa_task;
  GtkWidget        *mfa_dialog;
  GString          *messages;
  /* The plan shown, or NULL. The rows of actions_view read its actions
   * by position. */
  JgPlan           *plan;
  /* The target ARN of each action of the plan, in the plan's order. */
  GtkStringList    *actions;
  GtkSingleSelection *action_selection;
  gint64            resume_commit_id;
  gboolean          planning;
  gboolean          running;
  gboolean          plan_blocked;
};

G_DEFINE_FINAL_TYPE (JgCommitDialog, jg_commit_dialog, ADW_TYPE_WINDOW)

static void
update_run_action (JgCommitDialog *self)
{
  g_autofree char *comment = NULL;
  gboolean enabled;

  comment = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_row))));
  enabled = !self->running && !self->plan_blocked
            && (self->resume_commit_id > 0 || *comment != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "commit.run", enabled);
}

static void
on_comment_changed_cb (JgCommitDialog *self)
{
  update_run_action (self);
}

static void
show_error (JgCommitDialog *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* MFA codes */

static void
finish_mfa_task (JgCommitDialog *self,
                 const char     *code)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->mfa_task);

  if (task == NULL)
    return;

  if (code != NULL)
    g_task_return_pointer (task, g_strdup (code),
                           (GDestroyNotify) jg_secret_free);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("No MFA code was entered"));
}

static gboolean
is_mfa_code (const char *text)
{
  if (strlen (text) != MFA_CODE_LENGTH)
    return FALSE;
  for (int i = 0; i < MFA_CODE_LENGTH; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static void
on_mfa_entry_changed_cb (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "sign-in",
                                           is_mfa_code (gtk_editable_get_text (entry)));
}

static void
on_mfa_entry_activate_cb (GtkEntry         *entry,
                          AdwMessageDialog *dialog)
{
  if (!adw_message_dialog_get_response_enabled (dialog, "sign-in"))
    return;
  adw_message_dialog_response (dialog, "sign-in");
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
on_mfa_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    JgCommitDialog   *self)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  g_autofree char *code = NULL;

  self->mfa_dialog = NULL;
  if (g_strcmp0 (response, "sign-in") == 0)
    code = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  /* The entry must not keep the code once it has been handed over. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  finish_mfa_task (self, code);
  if (code != NULL)
    memset (code, 0, strlen (code));
}

/* The session manager's prompt: a dialog with one six-digit entry.
 * NOTE: no UI test drives this prompt yet; the emulator commit test uses
 * credentials without an MFA device. */
static void
ask_mfa_code (const char   *mfa_device_arn,
              GCancellable *cancellable,
              GTask        *task,
              gpointer      user_data)
{
  JgCommitDialog *self = user_data;
  GtkWidget *entry;
  g_autofree char *body = NULL;

  if (self->mfa_task != NULL)
    {
      g_task_return_new_error (task, JG_CREDENTIALS_ERROR,
                               JG_CREDENTIALS_ERROR_MFA_CODE,
                               _("Another MFA code is being asked for: "
                                 "enter that one first"));
      return;
    }

  self->mfa_task = g_object_ref (task);
  body = g_strdup_printf (_("Enter the six-digit code that the MFA device "
                            "%s shows now."), mfa_device_arn);
  self->mfa_dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                             _("MFA Code Needed"), body);
  entry = gtk_entry_new ();
  gtk_entry_set_max_length (GTK_ENTRY (entry), MFA_CODE_LENGTH);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PIN);
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("MFA code"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self->mfa_dialog),
                                      entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self->mfa_dialog),
                                    "cancel", _("_Cancel"),
                                    "sign-in", _("_Sign In"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self->mfa_dialog),
                                              "sign-in",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self->mfa_dialog),
                                           "sign-in", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self->mfa_dialog),
                                         "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (on_mfa_entry_changed_cb),
                    self->mfa_dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (on_mfa_entry_activate_cb),
                    self->mfa_dialog);
  g_signal_connect_object (self->mfa_dialog, "response",
                           G_CALLBACK (on_mfa_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->mfa_dialog));
}

/* The plan */

static JgPlanAction *
get_action (JgCommitDialog *self,
            guint           position)
{
  if (self->plan == NULL || position >= self->plan->actions->len)
    return NULL;
  return g_ptr_array_index (self->plan->actions, position);
}

static void
on_action_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   JgCommitDialog           *self)
{
  JgPlanAction *action = get_action (self,
                                     gtk_list_item_get_position (list_item));

  if (action == NULL)
    return;
  jg_gui_two_line_row_set (list_item,
                           jg_plan_operation_to_string (action->operation),
                           action->target_arn);
}

static void
on_action_selected_cb (GtkSingleSelection *selection,
                       GParamSpec         *pspec,
                       JgCommitDialog     *self)
{
  JgPlanAction *action =
    get_action (self, gtk_single_selection_get_selected (selection));
  g_autofree char *diff = NULL;

  if (action != NULL)
    diff = jg_plan_action_dup_diff (action);
  jg_gui_text_view_set_diff (self->diff_view, diff);
}

/* Lists the actions of PLAN, which the dialog takes. */
static void
show_actions (JgCommitDialog *self,
              JgPlan         *plan)
{
  g_autoptr(GPtrArray) arns = g_ptr_array_new ();
  guint n_rows;

  /* The rows read the plan by position: replace it before the model. */
  g_clear_pointer (&self->plan, jg_plan_free);
  self->plan = plan;
  for (guint i = 0; plan != NULL && i < plan->actions->len; i++)
    {
      JgPlanAction *action = g_ptr_array_index (plan->actions, i);

      g_ptr_array_add (arns, action->target_arn);
    }
  g_ptr_array_add (arns, NULL);

  n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->actions));
  gtk_string_list_splice (self->actions, 0, n_rows,
                          (const char *const *) arns->pdata);
  gtk_widget_set_visible (GTK_WIDGET (self->actions_paned),
                          arns->len > 1);
  /* Autoselection does not notify when the first row stays selected
   * across a replacement, so the diff is refreshed here. */
  on_action_selected_cb (self->action_selection, NULL, self);
}

static void
on_documents_read_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  JgCommitDialog *self = user_data;
  JgStore *store = jg_workspace_get_store (self->workspace);
  g_autoptr(GPtrArray) read_errors = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(JgPlanDocuments) documents = NULL;
  JgPlan *plan;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  documents = jg_plan_read_documents_finish (JG_SESSION_MANAGER (source),
                                             result, &read_errors, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }

  self->planning = FALSE;
  gtk_spinner_stop (self->plan_spinner);

  targets = jg_plan_collect_targets (store, JG_PLAN_SCOPE_STAGED, 0,
                                     documents != NULL ? &error : NULL);
  if (documents == NULL || targets == NULL)
    {
      g_autofree char *text =
        g_strdup_printf (_("Cannot read the current documents from AWS: "
                           "%s"), error != NULL ? error->message : "");

      gtk_label_set_text (self->plan_label, text);
      update_run_action (self);
      g_object_unref (self);
      return;
    }

  plan = jg_plan_compute (targets, documents);
  show_actions (self, plan);
  summary = jg_plan_dup_summary (plan);
  if (read_errors != NULL && read_errors->len > 0)
    {
      g_autofree char *joined = NULL;
      g_autofree char *with_errors = NULL;

      g_ptr_array_add (read_errors, NULL);
      joined = g_strjoinv ("\n", (char **) read_errors->pdata);
      with_errors = g_strdup_printf ("%s\n%s", summary, joined);
      g_free (summary);
      summary = g_steal_pointer (&with_errors);
    }
  gtk_label_set_text (self->plan_label, summary);

  self->plan_blocked = plan->violations->len > 0;
  if (self->plan_blocked)
    {
      g_autofree char *violations = jg_plan_dup_violations_message (plan);

      gtk_label_set_text (self->violations_label, violations);
      gtk_widget_set_visible (GTK_WIDGET (self->violations_label), TRUE);
    }

  update_run_action (self);
  g_object_unref (self);
}

static void
start_plan (JgCommitDialog *self)
{
  JgStore *store = jg_workspace_get_store (self->workspace);
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GError) error = NULL;

  if (self->resume_commit_id > 0)
    {
      gtk_label_set_text (self->plan_label,
                          _("Resuming reads what AWS holds now and writes "
                            "only the documents that still differ from the "
                            "desired state."));
      return;
    }

  targets = jg_plan_collect_targets (store, JG_PLAN_SCOPE_STAGED, 0, &error);
  if (targets == NULL)
    {
      gtk_label_set_text (self->plan_label, error->message);
      return;
    }

  self->planning = TRUE;
  gtk_spinner_start (self->plan_spinner);
  gtk_label_set_text (self->plan_label,
                      _("Reading the current documents from AWS…"));
  jg_plan_read_documents_async (self->sessions, store, targets,
                                self->cancellable, on_documents_read_cb,
                                g_object_ref (self));
}

/* The run */

static void
on_progress_cb (JgCommitRunner *runner,
                guint           done,
                guint           total,
                const char     *current,
                JgCommitDialog *self)
{
  g_autofree char *text = g_strdup_printf (_("%u of %u actions"), done,
                                           total);

  gtk_progress_bar_set_fraction (self->progress_bar,
                                 total > 0 ? (double) done / total : 1.0);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_label_set_text (self->current_label, current);
}

static void
on_message_cb (JgCommitRunner *runner,
               const char     *level,
               const char     *text,
               JgCommitDialog *self)
{
  g_string_append_printf (self->messages, "%s%s: %s",
                          self->messages->len > 0 ? "\n" : "", level, text);
  gtk_label_set_text (self->messages_label, self->messages->str);
}

static void
on_run_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  JgCommitDialog *self = user_data;
  JgCommitStatus status = JG_COMMIT_FAILED;
  g_autoptr(GError) error = NULL;
  gint64 commit_id;
  gboolean started;

  started = jg_commit_runner_run_finish (JG_COMMIT_RUNNER (source), result,
                                         &status, &error);
  commit_id = jg_commit_runner_get_commit_id (JG_COMMIT_RUNNER (source));
  self->running = FALSE;

  if (!started)
    {
      gtk_stack_set_visible_child_name (self->stack, "form");
      show_error (self, error->message);
      update_run_action (self);
      jg_workspace_notify_changed (self->workspace,
                                   JG_WORKSPACE_CHANGED_STAGING
                                   | JG_WORKSPACE_CHANGED_COMMITS);
      g_object_unref (self);
      return;
    }

  if (self->parent != NULL)
    {
      jg_window_report_commit (self->parent, commit_id, status,
                               self->messages->str);
      jg_window_check_interrupted (self->parent);
    }
  else
    jg_workspace_notify_changed (self->workspace,
                                 JG_WORKSPACE_CHANGED_STAGING
                                 | JG_WORKSPACE_CHANGED_COMMITS);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
on_run_activate (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  JgCommitDialog *self = JG_COMMIT_DIALOG (widget);
  g_autofree char *comment = NULL;

  if (self->running)
    return;

  comment = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_row))));
  if (self->resume_commit_id == 0 && *comment == '\0')
    {
      show_error (self, _("Write a comment that says why: it is kept with "
                          "the commit"));
      return;
    }

  /* The plan read for the summary is not needed any more; the runner
   * reads the documents again right before writing. */
  if (self->planning)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      self->planning = FALSE;
    }

  show_error (self, NULL);
  self->running = TRUE;
  update_run_action (self);
  g_string_truncate (self->messages, 0);
  gtk_label_set_text (self->messages_label, "");
  gtk_label_set_text (self->current_label, "");
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Reading documents…"));
  gtk_label_set_text (self->progress_title,
                      self->resume_commit_id > 0 ? _("Resuming the Commit")
                                                 : _("Committing"));
  gtk_stack_set_visible_child_name (self->stack, "progress");

  g_clear_object (&self->runner);
  self->runner = jg_commit_runner_new (jg_workspace_get_store (self->workspace),
                                       self->sessions);
  jg_commit_runner_set_max_in_flight (
    self->runner,
    g_settings_get_int (jg_workspace_get_settings (self->workspace),
                        "max-concurrency"));
  jg_commit_runner_set_max_per_account (
    self->runner,
    g_settings_get_int (jg_workspace_get_settings (self->workspace),
                        "per-account-concurrency"));
  g_signal_connect (self->runner, "progress", G_CALLBACK (on_progress_cb),
                    self);
  g_signal_connect (self->runner, "message", G_CALLBACK (on_message_cb),
                    self);

  if (self->resume_commit_id > 0)
    jg_commit_runner_resume_async (self->runner, self->cancellable,
                                   on_run_done_cb, g_object_ref (self));
  else
    jg_commit_runner_run_async (self->runner, comment, self->cancellable,
                                on_run_done_cb, g_object_ref (self));
}

static void
on_cancel_activate (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  JgCommitDialog *self = JG_COMMIT_DIALOG (widget);

  if (self->running)
    {
      /* The runner finishes the actions in flight, journals the rest as
       * cancelled and completes; the dialog closes then. */
      gtk_label_set_text (self->current_label,
                          _("Cancelling after the requests in flight…"));
      g_cancellable_cancel (self->cancellable);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
jg_commit_dialog_close_request (GtkWindow *window)
{
  JgCommitDialog *self = JG_COMMIT_DIALOG (window);

  if (self->running)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "commit.cancel", NULL);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (jg_commit_dialog_parent_class)->close_request (window);
}

static void
jg_commit_dialog_dispose (GObject *object)
{
  JgCommitDialog *self = JG_COMMIT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  finish_mfa_task (self, NULL);
  if (self->mfa_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->mfa_dialog)));
  if (self->sessions != NULL)
    jg_session_manager_set_mfa_code_func (self->sessions, NULL, NULL, NULL);
  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  if (self->action_selection != NULL)
    g_signal_handlers_disconnect_by_data (self->action_selection, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_COMMIT_DIALOG);

  g_clear_object (&self->runner);
  g_clear_object (&self->sessions);
  g_clear_object (&self->workspace);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->action_selection);
  g_clear_object (&self->actions);
  g_clear_pointer (&self->plan, jg_plan_free);

  G_OBJECT_CLASS (jg_commit_dialog_parent_class)->dispose (object);
}

static void
jg_commit_dialog_finalize (GObject *object)
{
  JgCommitDialog *self = JG_COMMIT_DIALOG (object);

  g_string_free (self->messages, TRUE);

  G_OBJECT_CLASS (jg_commit_dialog_parent_class)->finalize (object);
}

static void
jg_commit_dialog_class_init (JgCommitDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = jg_commit_dialog_dispose;
  object_class->finalize = jg_commit_dialog_finalize;
  window_class->close_request = jg_commit_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/jumpgate/Jumpgate/jg-commit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, JgCommitDialog,
                                        run_button);
  gtk_widget_class_bind_template_child (widget_class, JgCommitDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, JgCommitDialog,
                                        comment_row);
  gtk_widget_class_bind_template_child (widget_class, JgCommitDialog,
                                        plan_spinner);
  gtk_widget_class_bind_template_child (widget_class, JgCommitDialog,
                                        plan_label);
  gtk_widget_class_bind_template_child (widget_class, JgCommitDialog,
                                        violations_label);
  gtk_widget_class_bind_template_child (widget_class, JgCommitDialog,
                                        error_label);
  gtk_widget_class_bind_template_child (widget_class, JgCommitDialog,
                                        actions_paned);
  gtk_widget_class_bind_template_child (widget_class, JgCommitDialog,
                                        actions_view);
  gtk_widget_class_bind_template_child (widget_class, JgCommitDialog,
                                        diff_view);
  gtk_widget_class_bind_template_child (widget_class, JgCommitDialog,
                                        progress_title);
  gtk_widget_class_bind_template_child (widget_class, JgCommitDialog,
                                        progress_bar);
  gtk_widget_class_bind_template_child (widget_class, JgCommitDialog,
                                        current_label);
  gtk_widget_class_bind_template_child (widget_class, JgCommitDialog,
                                        messages_label);
  gtk_widget_class_bind_template_callback (widget_class,
                                           on_comment_changed_cb);

  gtk_widget_class_install_action (widget_class, "commit.run", NULL,
                                   on_run_activate);
  gtk_widget_class_install_action (widget_class, "commit.cancel", NULL,
                                   on_cancel_activate);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "commit.cancel", NULL);
}

static void
jg_commit_dialog_init (JgCommitDialog *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->messages = g_string_new (NULL);

  self->actions = gtk_string_list_new (NULL);
  self->action_selection =
    gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->actions)));
  g_signal_connect (self->action_selection, "notify::selected",
                    G_CALLBACK (on_action_selected_cb), self);
  factory = jg_gui_two_line_factory_new ();
  g_signal_connect (factory, "bind", G_CALLBACK (on_action_bind_cb), self);
  gtk_list_view_set_factory (self->actions_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->actions_view,
                           GTK_SELECTION_MODEL (self->action_selection));
}

/* Returns a new commit dialog for the staging area, or, with
 * RESUME_COMMIT_ID, for resuming that interrupted commit. */
JgCommitDialog *
jg_commit_dialog_new (JgWindow    *parent,
                      JgWorkspace *workspace,
                      gint64       resume_commit_id)
{
  JgCommitDialog *self;
  g_autoptr(GError) error = NULL;
  JgSessionManager *sessions;

  g_return_val_if_fail (parent == NULL || JG_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (JG_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (JG_TYPE_COMMIT_DIALOG, NULL);
  self->parent = parent;
  self->workspace = g_object_ref (workspace);
  self->resume_commit_id = resume_commit_id;
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (parent));

  if (resume_commit_id > 0)
    {
      g_autofree char *title =
        g_strdup_printf (_("Resume Commit %" PRId64),
                         resume_commit_id);

      gtk_window_set_title (GTK_WINDOW (self), title);
      gtk_button_set_label (self->run_button, _("_Resume"));
      gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->comment_row)),
                              FALSE);
    }

  sessions = jg_workspace_get_session_manager (workspace, &error);
  if (sessions == NULL)
    {
      gtk_label_set_text (self->plan_label, error->message);
      self->plan_blocked = TRUE;
      update_run_action (self);
      return self;
    }

  self->sessions = g_object_ref (sessions);
  jg_session_manager_set_mfa_code_func (self->sessions, ask_mfa_code, self,
                                        NULL);
  update_run_action (self);
  start_plan (self);
  return self;
}

/* Types the comment as the user would. */
void
jg_commit_dialog_set_comment (JgCommitDialog *self,
                              const char     *comment)
{
  g_return_if_fail (JG_IS_COMMIT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->comment_row), comment);
}

gboolean
jg_commit_dialog_is_planning (JgCommitDialog *self)
{
  g_return_val_if_fail (JG_IS_COMMIT_DIALOG (self), FALSE);

  return self->planning;
}

gboolean
jg_commit_dialog_is_running (JgCommitDialog *self)
{
  g_return_val_if_fail (JG_IS_COMMIT_DIALOG (self), FALSE);

  return self->running;
}

/* Returns the plan summary as shown. */
const char *
jg_commit_dialog_get_plan_text (JgCommitDialog *self)
{
  g_return_val_if_fail (JG_IS_COMMIT_DIALOG (self), NULL);

  return gtk_label_get_text (self->plan_label);
}

/* Returns what blocks the plan, or "" when nothing does. */
const char *
jg_commit_dialog_get_violations_text (JgCommitDialog *self)
{
  g_return_val_if_fail (JG_IS_COMMIT_DIALOG (self), NULL);

  return gtk_label_get_text (self->violations_label);
}

/* Returns the planned actions as listed: one string object per action,
 * holding its target ARN, in the plan's order. Empty until the plan is
 * computed. */
GListModel *
jg_commit_dialog_get_actions (JgCommitDialog *self)
{
  g_return_val_if_fail (JG_IS_COMMIT_DIALOG (self), NULL);

  return G_LIST_MODEL (self->actions);
}

/* Returns the operation of the listed action at POSITION (an AWS API
 * name such as PutUserPolicy), or NULL when there is none. */
const char *
jg_commit_dialog_get_action_operation (JgCommitDialog *self,
                                       guint           position)
{
  JgPlanAction *action;

  g_return_val_if_fail (JG_IS_COMMIT_DIALOG (self), NULL);

  action = get_action (self, position);
  return action != NULL ? jg_plan_operation_to_string (action->operation)
                        : NULL;
}

/* Selects the listed action at POSITION as a click would; FALSE when
 * there is no such action. */
gboolean
jg_commit_dialog_select_action (JgCommitDialog *self,
                                guint           position)
{
  g_return_val_if_fail (JG_IS_COMMIT_DIALOG (self), FALSE);

  if (get_action (self, position) == NULL)
    return FALSE;
  gtk_single_selection_set_selected (self->action_selection, position);
  return TRUE;
}

/* Returns the diff shown for the selected action, newly allocated. */
char *
jg_commit_dialog_dup_diff_text (JgCommitDialog *self)
{
  g_return_val_if_fail (JG_IS_COMMIT_DIALOG (self), NULL);

  return jg_gui_text_view_dup_text (self->diff_view);
}
