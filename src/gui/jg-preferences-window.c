/* jg-preferences-window.c: admin credentials per partition, kept in the
 * keyring, and the connection settings, kept in GSettings. Secrets never
 * reach GSettings, and a saved secret is never shown again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "jg-gui-util.h"
#include "jg-preferences-window.h"

typedef struct
{
  AdwPreferencesGroup *group;
  AdwEntryRow         *key_id;
  AdwEntryRow         *secret;     /* an AdwPasswordEntryRow */
  AdwEntryRow         *mfa_device;
  GtkLabel            *message;
  char                *status;
} PartitionRows;

struct _JgPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template children. */
  AdwPreferencesPage   *credentials_page;
  AdwEntryRow          *endpoint_row;
  GtkLabel             *endpoint_error;
  GtkSpinButton        *concurrency_spin;
  GtkSpinButton        *per_account_spin;
  GtkSpinButton        *attempts_spin;

  /* Owned. */
  JgWorkspace          *workspace;
  GCancellable         *cancellable;
  JgCredentialStore    *keyring;
  PartitionRows         rows[JG_N_PARTITIONS];
};

G_DEFINE_FINAL_TYPE (JgPreferencesWindow, jg_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

/* What an asynchronous call of one partition reports back to. */
typedef struct
{
  JgPreferencesWindow *window;
  JgPartition          partition;
  JgAwsClient         *client;
} CallData;

static CallData *
call_data_new (JgPreferencesWindow *self,
               JgPartition          partition)
{
  CallData *data = g_new0 (CallData, 1);

  data->window = g_object_ref (self);
  data->partition = partition;
  return data;
}

static void
call_data_free (CallData *data)
{
  g_clear_object (&data->window);
  g_clear_object (&data->client);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CallData, call_data_free)

static const char *
mfa_key (JgPartition partition)
{
  static const char *keys[JG_N_PARTITIONS] = {
    [JG_PARTITION_AWS] = "mfa-device-aws",
    [JG_PARTITION_AWS_US_GOV] = "mfa-device-aws-us-gov",
    [JG_PARTITION_AWS_CN] = "mfa-device-aws-cn",
  };

  return keys[partition];
}

static void
set_status (JgPreferencesWindow *self,
            JgPartition          partition,
            const char          *status,
            gboolean             is_error)
{
  PartitionRows *rows = &self->rows[partition];

  g_free (rows->status);
  rows->status = g_strdup (status);
  gtk_label_set_text (rows->message, status);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (rows->message), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (rows->message), "error");
}

static void
show_toast (JgPreferencesWindow *self,
            const char          *text)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    jg_gui_toast_new (text));
}

static void
on_lookup_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CallData) data = user_data;
  g_autoptr(JgAdminCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;

  credentials = jg_credential_store_lookup_finish (JG_CREDENTIAL_STORE (source),
                                                   result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (credentials == NULL)
    {
      if (g_error_matches (error, JG_CREDENTIALS_ERROR,
                           JG_CREDENTIALS_ERROR_NOT_FOUND))
        set_status (data->window, data->partition,
                    _("No credentials in the keyring"), FALSE);
      else
        set_status (data->window, data->partition, error->message, TRUE);
      return;
    }

  /* Only the access key id is shown; the secret stays in the keyring. */
  status = g_strdup_printf (_("The keyring holds access key %s"),
                            credentials->access_key_id);
  set_status (data->window, data->partition, status, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (data->window->rows[data->partition].key_id),
                         credentials->access_key_id);
}

static void
lookup (JgPreferencesWindow *self,
        JgPartition          partition)
{
  jg_credential_store_lookup_async (self->keyring, partition,
                                    self->cancellable, on_lookup_cb,
                                    call_data_new (self, partition));
}

static void
on_save_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CallData) data = user_data;
  g_autoptr(GError) error = NULL;

  if (!jg_credential_store_save_finish (JG_CREDENTIAL_STORE (source), result,
                                        &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (data->window, data->partition, error->message, TRUE);
      return;
    }

  show_toast (data->window, _("Saved the credentials in the keyring"));
  lookup (data->window, data->partition);
}

static void
on_save_activate (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  JgPreferencesWindow *self = JG_PREFERENCES_WINDOW (widget);
  JgPartition partition = g_variant_get_int32 (parameter);
  PartitionRows *rows;
  g_autofree char *key_id = NULL;
  g_autofree char *mfa_device = NULL;
  g_autoptr(JgAdminCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  const char *secret;

  if (partition < 0 || partition >= JG_N_PARTITIONS)
    return;
  rows = &self->rows[partition];

  key_id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (rows->key_id))));
  mfa_device = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (rows->mfa_device))));
  secret = gtk_editable_get_text (GTK_EDITABLE (rows->secret));

  if (!jg_validate_access_key_id (key_id, &error)
      || !jg_validate_secret_access_key (secret, &error)
      || (*mfa_device != '\0'
          && !jg_validate_mfa_serial (partition, mfa_device, &error)))
    {
      set_status (self, partition, error->message, TRUE);
      return;
    }

  g_settings_set_string (jg_workspace_get_settings (self->workspace),
                         mfa_key (partition), mfa_device);
  credentials = jg_admin_credentials_new (key_id, secret,
                                          *mfa_device != '\0' ? mfa_device
                                                              : NULL);
  /* The secret is not shown again: the entry forgets it now. */
  gtk_editable_set_text (GTK_EDITABLE (rows->secret), "");
  jg_credential_store_save_async (self->keyring, partition, credentials,
                                  self->cancellable, on_save_cb,
                                  call_data_new (self, partition));
}

static void
on_forget_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CallData) data = user_data;
  g_autoptr(GError) error = NULL;

  if (!jg_credential_store_clear_finish (JG_CREDENTIAL_STORE (source), result,
                                         &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (data->window, data->partition, error->message, TRUE);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (data->window->rows[data->partition].key_id),
                         "");
  show_toast (data->window, _("Removed the credentials from the keyring"));
  lookup (data->window, data->partition);
}

static void
on_forget_activate (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  JgPreferencesWindow *self = JG_PREFERENCES_WINDOW (widget);
  JgPartition partition = g_variant_get_int32 (parameter);

  if (partition < 0 || partition >= JG_N_PARTITIONS)
    return;
  jg_credential_store_clear_async (self->keyring, partition,
                                   self->cancellable, on_forget_cb,
                                   call_data_new (self, partition));
}

static void
on_identity_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CallData) data = user_data;
  g_autoptr(JgStsCallerIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;

  identity = jg_sts_get_caller_identity_finish (JG_AWS_CLIENT (source), result,
                                                &error);
  if (identity == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (data->window, data->partition, error->message, TRUE);
      return;
    }

  status = g_strdup_printf (_("Signed in as %s"), identity->arn);
  set_status (data->window, data->partition, status, FALSE);
  show_toast (data->window, status);
}

static void
on_resolve_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CallData) data = user_data;
  g_autoptr(JgResolvedCredentials) resolved = NULL;
  g_autoptr(JgAwsTarget) target = NULL;
  g_autoptr(GError) error = NULL;
  JgAwsClient *client;
  GCancellable *cancellable;

  resolved = jg_credential_chain_resolve_finish (JG_CREDENTIAL_CHAIN (source),
                                                 result, &error);
  if (resolved == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (data->window, data->partition, error->message, TRUE);
      return;
    }

  target = jg_aws_target_new (resolved->credentials, data->partition, NULL,
                              NULL);
  client = data->client;
  cancellable = data->window->cancellable;
  jg_sts_get_caller_identity_async (client, target, cancellable,
                                    on_identity_cb, g_steal_pointer (&data));
}

/* Tests the credentials the way a commit finds them (keyring first, then
 * the environment and the shared credentials file) with STS
 * GetCallerIdentity, which needs no permission. */
static void
on_test_activate (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  JgPreferencesWindow *self = JG_PREFERENCES_WINDOW (widget);
  JgPartition partition = g_variant_get_int32 (parameter);
  g_autoptr(JgCredentialChain) chain = NULL;
  g_autoptr(GError) error = NULL;
  CallData *data;

  if (partition < 0 || partition >= JG_N_PARTITIONS)
    return;

  data = call_data_new (self, partition);
  data->client = jg_workspace_create_client (self->workspace, &error);
  if (data->client == NULL)
    {
      set_status (self, partition, error->message, TRUE);
      call_data_free (data);
      return;
    }

  set_status (self, partition, _("Testing…"), FALSE);
  chain = jg_credential_chain_new (self->keyring);
  jg_credential_chain_resolve_async (chain, partition, self->cancellable,
                                     on_resolve_cb, data);
}

static void
check_endpoint (JgPreferencesWindow *self,
                const char          *url)
{
  g_autoptr(GError) error = NULL;

  if (*url == '\0' || jg_aws_endpoint_check_url (url, &error))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_row), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->endpoint_error), FALSE);
      return;
    }

  gtk_widget_add_css_class (GTK_WIDGET (self->endpoint_row), "error");
  gtk_label_set_text (self->endpoint_error, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->endpoint_error), TRUE);
}

static void
on_endpoint_changed_cb (GtkEditable         *editable,
                        JgPreferencesWindow *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  check_endpoint (self, url);
}

static void
on_endpoint_apply_cb (AdwEntryRow         *row,
                      JgPreferencesWindow *self)
{
  g_autofree char *url =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*url != '\0' && !jg_aws_endpoint_check_url (url, NULL))
    return;
  g_settings_set_string (jg_workspace_get_settings (self->workspace),
                         "endpoint-url", url);
  show_toast (self, *url != '\0' ? _("Requests go to the endpoint override")
                                 : _("Requests go to the AWS endpoints"));
}

static GtkWidget *
new_action_button (const char  *label,
                   const char  *action,
                   JgPartition  partition)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new_int32 (partition));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

static void
build_partition_group (JgPreferencesWindow *self,
                       JgPartition          partition)
{
  PartitionRows *rows = &self->rows[partition];
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *title = NULL;
  g_autofree char *device = NULL;

  title = g_strdup_printf ("%s (%s)", jg_partition_display_name (partition),
                           jg_partition_to_string (partition));
  rows->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (rows->group, title);

  gtk_box_append (GTK_BOX (buttons),
                  new_action_button (_("_Test"), "prefs.test", partition));
  gtk_box_append (GTK_BOX (buttons),
                  new_action_button (_("_Forget"), "prefs.forget", partition));
  gtk_box_append (GTK_BOX (buttons),
                  new_action_button (_("_Save"), "prefs.save", partition));
  gtk_widget_add_css_class (gtk_widget_get_last_child (buttons),
                            "suggested-action");
  adw_preferences_group_set_header_suffix (rows->group, buttons);

  rows->key_id = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->key_id),
                                 _("Access key ID"));
  rows->secret = ADW_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->secret),
                                 _("Secret access key"));
  rows->mfa_device = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rows->mfa_device),
                                 _("MFA device ARN (optional)"));
  device = g_settings_get_string (jg_workspace_get_settings (self->workspace),
                                  mfa_key (partition));
  gtk_editable_set_text (GTK_EDITABLE (rows->mfa_device), device);

  rows->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (rows->message, TRUE);
  gtk_label_set_xalign (rows->message, 0);
  gtk_widget_set_margin_top (GTK_WIDGET (rows->message), 6);
  gtk_widget_add_css_class (GTK_WIDGET (rows->message), "caption");

  adw_preferences_group_add (rows->group, GTK_WIDGET (rows->key_id));
  adw_preferences_group_add (rows->group, GTK_WIDGET (rows->secret));
  adw_preferences_group_add (rows->group, GTK_WIDGET (rows->mfa_device));
  adw_preferences_group_add (rows->group, GTK_WIDGET (rows->message));
  adw_preferences_page_add (self->credentials_page, rows->group);
}

static void
jg_preferences_window_dispose (GObject *object)
{
  JgPreferencesWindow *self = JG_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_PREFERENCES_WINDOW);

  g_clear_object (&self->workspace);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->keyring);

  G_OBJECT_CLASS (jg_preferences_window_parent_class)->dispose (object);
}

static void
jg_preferences_window_finalize (GObject *object)
{
  JgPreferencesWindow *self = JG_PREFERENCES_WINDOW (object);

  for (int i = 0; i < JG_N_PARTITIONS; i++)
    g_clear_pointer (&self->rows[i].status, g_free);

  G_OBJECT_CLASS (jg_preferences_window_parent_class)->finalize (object);
}

static void
jg_preferences_window_class_init (JgPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_preferences_window_dispose;
  object_class->finalize = jg_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/jumpgate/Jumpgate/jg-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, JgPreferencesWindow,
                                        credentials_page);
  gtk_widget_class_bind_template_child (widget_class, JgPreferencesWindow,
                                        endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, JgPreferencesWindow,
                                        endpoint_error);
  gtk_widget_class_bind_template_child (widget_class, JgPreferencesWindow,
                                        concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, JgPreferencesWindow,
                                        per_account_spin);
  gtk_widget_class_bind_template_child (widget_class, JgPreferencesWindow,
                                        attempts_spin);
  gtk_widget_class_bind_template_callback (widget_class,
                                           on_endpoint_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class,
                                           on_endpoint_apply_cb);

  gtk_widget_class_install_action (widget_class, "prefs.save", "i",
                                   on_save_activate);
  gtk_widget_class_install_action (widget_class, "prefs.forget", "i",
                                   on_forget_activate);
  gtk_widget_class_install_action (widget_class, "prefs.test", "i",
                                   on_test_activate);
}

static void
jg_preferences_window_init (JgPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

GtkWidget *
jg_preferences_window_new (JgWorkspace *workspace)
{
  JgPreferencesWindow *self;
  GSettings *settings;
  g_autofree char *endpoint = NULL;

  g_return_val_if_fail (JG_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (JG_TYPE_PREFERENCES_WINDOW, NULL);
  self->workspace = g_object_ref (workspace);
  self->keyring = jg_credential_store_new ();
  /* A person at the desktop can answer the Secret Service's prompt to
   * unlock the keyring, as in jg_workspace_create_session_manager(). */
  jg_credential_store_set_allow_prompts (self->keyring, TRUE);
  settings = jg_workspace_get_settings (workspace);

  endpoint = g_settings_get_string (settings, "endpoint-url");
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), endpoint);
  g_settings_bind (settings, "max-concurrency", self->concurrency_spin,
                   "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "per-account-concurrency",
                   self->per_account_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "max-attempts", self->attempts_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);

  for (int i = 0; i < JG_N_PARTITIONS; i++)
    {
      build_partition_group (self, i);
      lookup (self, i);
    }

  return GTK_WIDGET (self);
}

/* Returns the status line of a partition's credentials, as shown. */
const char *
jg_preferences_window_get_status (JgPreferencesWindow *self,
                                  JgPartition          partition)
{
  g_return_val_if_fail (JG_IS_PREFERENCES_WINDOW (self), NULL);
  g_return_val_if_fail (partition < JG_N_PARTITIONS, NULL);

  return self->rows[partition].status;
}
