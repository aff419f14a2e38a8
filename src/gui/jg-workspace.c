/* jg-workspace.c: what every page of a window shares.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "jg-workspace.h"

struct _JgWorkspace
{
  GObject    parent_instance;

  JgStore   *store;
  GSettings *settings;
  gboolean   sandbox;
  /* Created on first use and kept, so that temporary credentials (and the
   * MFA code that got them) serve several commits; dropped when a
   * setting that shapes it changes. */
  JgSessionManager *sessions;
};

G_DEFINE_FINAL_TYPE (JgWorkspace, jg_workspace, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GPtrArray *
list_from_store (JgStore     *store,
                 JgItemKind   kind,
                 GError     **error)
{
  switch (kind)
    {
    case JG_ITEM_JUMP_ACCOUNT:
      return jg_store_list_jump_accounts (store, error);
    case JG_ITEM_ACCOUNT:
      return jg_store_list_accounts (store, error);
    case JG_ITEM_ROLE:
      return jg_store_list_roles (store, NULL, error);
    case JG_ITEM_PERSON:
      return jg_store_list_persons (store, error);
    case JG_ITEM_PRINCIPAL:
      return jg_store_list_principals (store, NULL, error);
    case JG_ITEM_CHANGE:
      return jg_store_list_staged (store, error);
    case JG_ITEM_COMMIT:
      return jg_store_list_commits (store, error);
    case JG_ITEM_SAVED_SET:
      return jg_store_list_saved (store, error);
    case JG_ITEM_ACTION:
    case JG_ITEM_MESSAGE:
    case JG_ITEM_USER_CONFIG:
    default:
      g_assert_not_reached ();
    }
}

/* Runs in a worker thread with a connection of its own, because a sqlite
 * connection must not be used by two threads at once. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  JgWorkspace *self = source_object;
  JgItemKind kind = GPOINTER_TO_INT (task_data);
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GError) error = NULL;

  store = jg_store_open (jg_store_get_path (self->store), &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  values = list_from_store (store, kind, &error);
  if (values == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, jg_item_store_new_from_array (kind, values),
                         g_object_unref);
}

static void
on_settings_changed_cb (GSettings   *settings,
                        const char  *key,
                        JgWorkspace *self)
{
  if (g_str_has_prefix (key, "window-") || g_str_equal (key,
                                                        "last-export-folder"))
    return;
  g_clear_object (&self->sessions);
}

static void
jg_workspace_dispose (GObject *object)
{
  JgWorkspace *self = JG_WORKSPACE (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->sessions);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (jg_workspace_parent_class)->dispose (object);
}

static void
jg_workspace_class_init (JgWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jg_workspace_dispose;

  /* Emitted after the store changed, with the JgWorkspaceChange flags of
   * what changed. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
jg_workspace_init (JgWorkspace *self)
{
}

JgWorkspace *
jg_workspace_new (JgStore   *store,
                  GSettings *settings,
                  gboolean   sandbox)
{
  JgWorkspace *self;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (JG_TYPE_WORKSPACE, NULL);
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  self->sandbox = sandbox;
  g_signal_connect (settings, "changed", G_CALLBACK (on_settings_changed_cb),
                    self);

  return self;
}

JgStore *
jg_workspace_get_store (JgWorkspace *self)
{
  g_return_val_if_fail (JG_IS_WORKSPACE (self), NULL);

  return self->store;
}

GSettings *
jg_workspace_get_settings (JgWorkspace *self)
{
  g_return_val_if_fail (JG_IS_WORKSPACE (self), NULL);

  return self->settings;
}

/* Returns whether the application runs against the bundled emulator. */
gboolean
jg_workspace_get_sandbox (JgWorkspace *self)
{
  g_return_val_if_fail (JG_IS_WORKSPACE (self), FALSE);

  return self->sandbox;
}

/* Returns the URL that replaces the AWS endpoints, or NULL for the real
 * ones. JUMPGATE_ENDPOINT_URL, set for one run, wins over the setting. */
char *
jg_workspace_dup_endpoint_url (JgWorkspace *self)
{
  const char *env;
  g_autofree char *setting = NULL;

  g_return_val_if_fail (JG_IS_WORKSPACE (self), NULL);

  env = g_getenv ("JUMPGATE_ENDPOINT_URL");
  if (env != NULL && *env != '\0')
    return g_strdup (env);

  setting = g_settings_get_string (self->settings, "endpoint-url");
  if (*setting == '\0')
    return NULL;
  return g_steal_pointer (&setting);
}

void
jg_workspace_notify_changed (JgWorkspace       *self,
                             JgWorkspaceChange  what)
{
  g_return_if_fail (JG_IS_WORKSPACE (self));

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, (guint) what);
}

/* Returns a new AWS client set up from the settings: endpoint override,
 * attempts per request and requests in flight. */
JgAwsClient *
jg_workspace_create_client (JgWorkspace  *self,
                            GError      **error)
{
  g_autoptr(JgAwsClient) client = jg_aws_client_new ();
  g_autofree char *endpoint_url = NULL;
  JgAwsRetryPolicy policy;

  g_return_val_if_fail (JG_IS_WORKSPACE (self), NULL);

  endpoint_url = jg_workspace_dup_endpoint_url (self);
  if (endpoint_url != NULL
      && !jg_aws_client_set_endpoint_url (client, endpoint_url, error))
    return NULL;

  jg_aws_client_get_retry_policy (client, &policy);
  policy.max_attempts = g_settings_get_int (self->settings, "max-attempts");
  jg_aws_client_set_retry_policy (client, &policy);
  jg_aws_client_set_max_in_flight (client,
                                   g_settings_get_int (self->settings,
                                                       "max-concurrency"),
                                   g_settings_get_int (self->settings,
                                                       "per-account-concurrency"));
  return g_steal_pointer (&client);
}

/* Returns a new session manager over the keyring, environment and shared
 * credentials file, with the MFA devices of the settings. The caller
 * sets the MFA code prompt. */
JgSessionManager *
jg_workspace_create_session_manager (JgWorkspace  *self,
                                     GError      **error)
{
  static const char *mfa_keys[JG_N_PARTITIONS] = {
    [JG_PARTITION_AWS] = "mfa-device-aws",
    [JG_PARTITION_AWS_US_GOV] = "mfa-device-aws-us-gov",
    [JG_PARTITION_AWS_CN] = "mfa-device-aws-cn",
  };
  g_autoptr(JgAwsClient) client = NULL;
  g_autoptr(JgCredentialStore) keyring = NULL;
  g_autoptr(JgCredentialChain) chain = NULL;
  g_autoptr(JgSessionManager) sessions = NULL;

  g_return_val_if_fail (JG_IS_WORKSPACE (self), NULL);

  client = jg_workspace_create_client (self, error);
  if (client == NULL)
    return NULL;

  keyring = jg_credential_store_new ();
  /* A person at the desktop can answer the Secret Service's prompt to
   * unlock the keyring. The CLI and the tests never allow it. */
  jg_credential_store_set_allow_prompts (keyring, TRUE);
  chain = jg_credential_chain_new (keyring);
  sessions = jg_session_manager_new (chain, client);
  for (int i = 0; i < JG_N_PARTITIONS; i++)
    {
      g_autofree char *device = g_settings_get_string (self->settings,
                                                       mfa_keys[i]);

      if (*device != '\0')
        jg_session_manager_set_mfa_device (sessions, i, device);
    }
  return g_steal_pointer (&sessions);
}

/* Returns the window's session manager, creating it on first use. */
JgSessionManager *
jg_workspace_get_session_manager (JgWorkspace  *self,
                                  GError      **error)
{
  g_return_val_if_fail (JG_IS_WORKSPACE (self), NULL);

  if (self->sessions == NULL)
    self->sessions = jg_workspace_create_session_manager (self, error);
  return self->sessions;
}

/* Lists every value of KIND on the main thread's connection. */
GPtrArray *
jg_workspace_list (JgWorkspace  *self,
                   JgItemKind    kind,
                   GError      **error)
{
  g_return_val_if_fail (JG_IS_WORKSPACE (self), NULL);

  return list_from_store (self->store, kind, error);
}

/* Lists every value of KIND as a GListStore of JgItem, reading the
 * database in a worker thread so that large tables do not block the main
 * loop. */
void
jg_workspace_load_async (JgWorkspace         *self,
                         JgItemKind           kind,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (JG_IS_WORKSPACE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, jg_workspace_load_async);
  g_task_set_task_data (task, GINT_TO_POINTER (kind), NULL);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_thread);
}

GListStore *
jg_workspace_load_finish (JgWorkspace   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (JG_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
