/* jg-session-manager.c: temporary credentials for the jump account and
 * for the admin role of each target account.
 *
 * Credentials are cached in memory per key: one key per partition for
 * the jump account (the long-term credentials, or a GetSessionToken
 * session when an MFA device is configured) and one per (partition,
 * account, role) for AssumeRole sessions. Callers asking for the same
 * key while a request is in flight wait for that request instead of
 * sending another, so a commit that touches a hundred roles of one
 * account sends one AssumeRole and prompts for one MFA code.
 *
 * Renewal is lazy: cached credentials that expire within the renew
 * margin are dropped when a caller requests them, never on a timer,
 * because renewing a jump session needs a new MFA code, and prompting
 * for one when no one is waiting would surprise the user.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "jg-aws-error.h"
#include "jg-session-manager.h"
#include "jg-sts.h"

#define ROLE_SESSION_NAME_PREFIX "jumpgate-"
/* RoleSessionName must match [\w+=,.@-]{2,64} (STS API reference). */
#define ROLE_SESSION_NAME_MAX_LENGTH 64
#define MFA_CODE_LENGTH 6
/* STS's lower bound on DurationSeconds for both calls. */
#define MIN_DURATION_SECONDS 900

/* Credentials of one key, and the request in flight for it. */
typedef struct
{
  char             *key;
  JgPartition       partition;
  char             *account_id;   /* NULL for the jump account */
  char             *admin_role;   /* NULL for the jump account */
  JgAwsCredentials *credentials;  /* NULL until fetched */
  char             *source_description;
  guint             fetch_id;     /* 0 when no request is in flight */
  GCancellable     *fetch_cancellable;
  GPtrArray        *waiters;      /* of Waiter, each holding a reference */
} Entry;

/* One caller of get_credentials_async() waiting for an entry. */
typedef struct
{
  GTask        *task;
  Entry        *entry;
  GCancellable *cancellable;
  GMainContext *context;
  gulong        cancelled_id;
  gboolean      done;
} Waiter;

struct _JgSessionManager
{
  GObject             parent_instance;

  JgCredentialChain  *chain;
  JgAwsClient        *client;
  GHashTable         *entries;    /* key → Entry */
  guint               next_fetch_id;

  JgMfaCodeFunc       mfa_func;
  gpointer            mfa_data;
  GDestroyNotify      mfa_destroy;

  JgAwsTimeFunc       time_func;
  gpointer            time_data;
  GDestroyNotify      time_destroy;

  /* Used when the credentials' source names no MFA device. */
  char               *mfa_devices[JG_N_PARTITIONS];

  GTimeSpan           renew_margin;
  int                 session_seconds;
  int                 role_seconds;
  char               *role_session_name;
};

G_DEFINE_FINAL_TYPE (JgSessionManager, jg_session_manager, G_TYPE_OBJECT)

static void
entry_clear (Entry *entry)
{
  g_free (entry->key);
  g_free (entry->account_id);
  g_free (entry->admin_role);
  g_clear_pointer (&entry->credentials, jg_aws_credentials_free);
  g_free (entry->source_description);
  g_clear_object (&entry->fetch_cancellable);
  g_clear_pointer (&entry->waiters, g_ptr_array_unref);
}

static Entry *
entry_ref (Entry *entry)
{
  return g_rc_box_acquire (entry);
}

static void
entry_unref (Entry *entry)
{
  g_rc_box_release_full (entry, (GDestroyNotify) entry_clear);
}

static void
waiter_clear (Waiter *waiter)
{
  g_clear_object (&waiter->task);
  g_clear_pointer (&waiter->entry, entry_unref);
  g_clear_object (&waiter->cancellable);
  g_clear_pointer (&waiter->context, g_main_context_unref);
}

/* Atomic, because a cancellable may be cancelled from another thread. */
static Waiter *
waiter_ref (Waiter *waiter)
{
  return g_atomic_rc_box_acquire (waiter);
}

static void
waiter_unref (Waiter *waiter)
{
  g_atomic_rc_box_release_full (waiter, (GDestroyNotify) waiter_clear);
}

static Entry *
entry_new (const char  *key,
           JgPartition  partition,
           const char  *account_id,
           const char  *admin_role)
{
  Entry *entry = g_rc_box_new0 (Entry);

  entry->key = g_strdup (key);
  entry->partition = partition;
  entry->account_id = g_strdup (account_id);
  entry->admin_role = g_strdup (admin_role);
  entry->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) waiter_unref);
  return entry;
}

static char *
build_key (JgPartition  partition,
           const char  *account_id,
           const char  *admin_role)
{
  if (account_id == NULL)
    return g_strdup_printf ("jump/%s", jg_partition_to_string (partition));

  return g_strdup_printf ("role/%s/%s/%s", jg_partition_to_string (partition),
                          account_id, admin_role);
}

static GDateTime *
get_now (JgSessionManager *self)
{
  if (self->time_func != NULL)
    return self->time_func (self->time_data);

  return g_date_time_new_now_utc ();
}

/* Waiters */

/* Completes a waiter with a copy of credentials, or with error. Never
 * called from the waiter's own cancelled handler, which must not
 * disconnect itself. */
static void
waiter_complete (Waiter                 *waiter,
                 const JgAwsCredentials *credentials,
                 const GError           *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&waiter->task);

  waiter->done = TRUE;
  if (waiter->cancelled_id != 0)
    {
      g_cancellable_disconnect (waiter->cancellable, waiter->cancelled_id);
      waiter->cancelled_id = 0;
    }

  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_pointer (task, jg_aws_credentials_copy (credentials),
                           (GDestroyNotify) jg_aws_credentials_free);
}

/* Leaves the fetch of entry to finish on its own, unobserved: a new
 * caller then starts a fresh request instead of joining a cancelled one. */
static void
entry_abandon_fetch (Entry *entry)
{
  g_autoptr(GCancellable) cancellable = g_steal_pointer (&entry->fetch_cancellable);

  entry->fetch_id = 0;
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
}

static gboolean
on_waiter_cancelled_idle (gpointer user_data)
{
  Waiter *waiter = user_data;
  g_autoptr(GError) error = NULL;
  Entry *entry;

  if (waiter->done)
    return G_SOURCE_REMOVE;

  entry = entry_ref (waiter->entry);
  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("Operation was cancelled"));
  waiter_complete (waiter, NULL, error);
  g_ptr_array_remove (entry->waiters, waiter);

  if (entry->waiters->len == 0 && entry->fetch_id != 0)
    {
      g_debug ("No one waits for the credentials of %s any more; "
               "cancelling the request", entry->key);
      entry_abandon_fetch (entry);
    }

  entry_unref (entry);
  return G_SOURCE_REMOVE;
}

/* Runs in whatever thread cancels; defers the work to the waiter's
 * context, where it may disconnect this handler. */
static void
on_waiter_cancelled_cb (GCancellable *cancellable,
                        gpointer      user_data)
{
  Waiter *waiter = user_data;
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_callback (source, on_waiter_cancelled_idle, waiter_ref (waiter),
                         (GDestroyNotify) waiter_unref);
  g_source_set_static_name (source, "[jumpgate] credentials wait cancelled");
  g_source_attach (source, waiter->context);
}

static void
entry_add_waiter (Entry *entry,
                  GTask *task)
{
  Waiter *waiter = g_atomic_rc_box_new0 (Waiter);
  GCancellable *cancellable = g_task_get_cancellable (task);

  waiter->task = g_object_ref (task);
  waiter->entry = entry_ref (entry);
  waiter->context = g_main_context_ref (g_task_get_context (task));
  g_ptr_array_add (entry->waiters, waiter);

  if (cancellable != NULL)
    {
      waiter->cancellable = g_object_ref (cancellable);
      waiter->cancelled_id =
        g_cancellable_connect (cancellable,
                               G_CALLBACK (on_waiter_cancelled_cb),
                               waiter_ref (waiter),
                               (GDestroyNotify) waiter_unref);
    }
}

/* Fetches */

/* One request for the credentials of an entry. */
typedef struct
{
  JgSessionManager      *self;
  Entry                 *entry;
  guint                  fetch_id;
  GCancellable          *cancellable;
  JgResolvedCredentials *resolved;
  char                  *role_arn;
  char                  *mfa_device_arn;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->self);
  g_clear_pointer (&fetch->entry, entry_unref);
  g_clear_object (&fetch->cancellable);
  g_clear_pointer (&fetch->resolved, jg_resolved_credentials_free);
  g_free (fetch->role_arn);
  g_free (fetch->mfa_device_arn);
  g_free (fetch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fetch, fetch_free)

/* Caches the outcome of fetch and hands it to every waiter. Takes
 * ownership of fetch and credentials. */
static void
fetch_finish (Fetch            *fetch,
              JgAwsCredentials *credentials,
              const GError     *error)
{
  g_autoptr(Fetch) owned_fetch = fetch;
  g_autoptr(JgAwsCredentials) owned_credentials = credentials;
  g_autoptr(GPtrArray) waiters = NULL;
  Entry *entry = fetch->entry;

  if (entry->fetch_id != fetch->fetch_id)
    {
      g_debug ("Dropping the outcome of an abandoned request for %s",
               entry->key);
      return;
    }

  entry->fetch_id = 0;
  g_clear_object (&entry->fetch_cancellable);

  if (error == NULL)
    {
      g_clear_pointer (&entry->credentials, jg_aws_credentials_free);
      entry->credentials = g_steal_pointer (&owned_credentials);
      if (fetch->resolved != NULL)
        {
          g_free (entry->source_description);
          entry->source_description = g_strdup (fetch->resolved->description);
        }
      g_debug ("Got credentials %s for %s", entry->credentials->access_key_id,
               entry->key);
    }
  else
    {
      g_debug ("Getting credentials for %s failed: %s", entry->key,
               error->message);
    }

  /* Swapped out first: a waiter's callback may ask for this key again. */
  waiters = g_steal_pointer (&entry->waiters);
  entry->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) waiter_unref);

  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiters, i);

      if (!waiter->done)
        waiter_complete (waiter, entry->credentials, error);
    }
}

static void
fetch_fail (Fetch  *fetch,
            GError *error)
{
  g_autoptr(GError) owned_error = error;

  fetch_finish (fetch, NULL, owned_error);
}

static gboolean
is_mfa_code (const char *code)
{
  if (code == NULL || strlen (code) != MFA_CODE_LENGTH)
    return FALSE;

  for (guint i = 0; i < MFA_CODE_LENGTH; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;

  return TRUE;
}

static void
on_session_token_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(JgStsCredentials) session = NULL;
  GError *error = NULL;

  session = jg_sts_get_session_token_finish (JG_AWS_CLIENT (source), result,
                                             &error);
  if (session == NULL)
    {
      fetch_fail (fetch, error);
      return;
    }

  fetch_finish (fetch, g_steal_pointer (&session->credentials), NULL);
}

static void
on_mfa_code_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(JgAwsTarget) target = NULL;
  GError *error = NULL;
  char *code;

  code = g_task_propagate_pointer (G_TASK (result), &error);
  if (code == NULL)
    {
      if (error == NULL)
        error = g_error_new (JG_CREDENTIALS_ERROR,
                             JG_CREDENTIALS_ERROR_MFA_CODE,
                             _("No MFA code was given for %s: enter the "
                               "six digits the device shows"),
                             fetch->mfa_device_arn);
      fetch_fail (fetch, error);
      return;
    }

  g_strstrip (code);
  if (!is_mfa_code (code))
    {
      jg_secret_free (code);
      fetch_fail (fetch, g_error_new (JG_CREDENTIALS_ERROR,
                                      JG_CREDENTIALS_ERROR_MFA_CODE,
                                      _("The MFA code for %s is not six "
                                        "digits: enter the code the device "
                                        "shows now, digits only"),
                                      fetch->mfa_device_arn));
      return;
    }

  target = jg_aws_target_new (fetch->resolved->credentials,
                              fetch->entry->partition, NULL, NULL);
  jg_sts_get_session_token_async (fetch->self->client, target,
                                  fetch->self->session_seconds,
                                  fetch->mfa_device_arn, code,
                                  fetch->cancellable, on_session_token_cb,
                                  fetch);
  jg_secret_free (code);
}

static void
request_mfa_code (Fetch *fetch)
{
  JgSessionManager *self = fetch->self;
  g_autoptr(GTask) task = NULL;

  if (self->mfa_func == NULL)
    {
      fetch_fail (fetch, g_error_new (JG_CREDENTIALS_ERROR,
                                      JG_CREDENTIALS_ERROR_MFA_CODE,
                                      _("The credentials of the %s partition "
                                        "use the MFA device %s, but there is "
                                        "no way to ask for its code here: set "
                                        "JUMPGATE_MFA_CODE, or run from a "
                                        "terminal"),
                                      jg_partition_to_string (fetch->entry->partition),
                                      fetch->mfa_device_arn));
      return;
    }

  task = g_task_new (self, fetch->cancellable, on_mfa_code_cb, fetch);
  g_task_set_source_tag (task, request_mfa_code);
  self->mfa_func (fetch->mfa_device_arn, fetch->cancellable, task,
                  self->mfa_data);
}

static void
on_chain_resolved_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Fetch *fetch = user_data;
  GError *error = NULL;

  fetch->resolved = jg_credential_chain_resolve_finish (JG_CREDENTIAL_CHAIN (source),
                                                        result, &error);
  if (fetch->resolved == NULL)
    {
      fetch_fail (fetch, error);
      return;
    }

  if (fetch->resolved->mfa_device_arn != NULL)
    fetch->mfa_device_arn = g_strdup (fetch->resolved->mfa_device_arn);
  else
    fetch->mfa_device_arn =
      g_strdup (fetch->self->mfa_devices[fetch->entry->partition]);

  /* GetSessionToken only helps with MFA: without it the session could not
   * call IAM at all. Temporary credentials cannot call it in any case. */
  if (fetch->mfa_device_arn != NULL
      && fetch->resolved->credentials->session_token == NULL)
    {
      request_mfa_code (fetch);
      return;
    }

  fetch_finish (fetch, jg_aws_credentials_copy (fetch->resolved->credentials),
                NULL);
}

static void
on_role_assumed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(JgStsCredentials) session = NULL;
  GError *error = NULL;

  session = jg_sts_assume_role_finish (JG_AWS_CLIENT (source), result, &error);
  if (session == NULL)
    {
      /* The jump session ran out early (revoked, or a wrong clock): the
       * next call must renew it rather than fail again. */
      if (g_error_matches (error, JG_AWS_ERROR, JG_AWS_ERROR_EXPIRED_TOKEN))
        jg_session_manager_invalidate (fetch->self, fetch->entry->partition,
                                       NULL, NULL);
      fetch_fail (fetch, error);
      return;
    }

  fetch_finish (fetch, g_steal_pointer (&session->credentials), NULL);
}

static void
on_jump_credentials_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  Fetch *fetch = user_data;
  JgSessionManager *self = fetch->self;
  g_autoptr(JgAwsCredentials) jump = NULL;
  g_autoptr(JgAwsTarget) target = NULL;
  GError *error = NULL;

  jump = jg_session_manager_get_credentials_finish (self, result, &error);
  if (jump == NULL)
    {
      fetch_fail (fetch, error);
      return;
    }

  /* Signed with the jump account's credentials but counted against the
   * target account, so the client's per-account bound on requests in
   * flight applies to each target account. Counted against the jump
   * account's key, every AssumeRole of an import would wait in one
   * queue. */
  target = jg_aws_target_new (jump, fetch->entry->partition, NULL,
                              fetch->entry->account_id);
  g_debug ("Assuming %s as %s", fetch->role_arn, self->role_session_name);
  jg_sts_assume_role_async (self->client, target, fetch->role_arn,
                            self->role_session_name, self->role_seconds,
                            NULL, NULL, fetch->cancellable,
                            on_role_assumed_cb, fetch);
}

static void
entry_start_fetch (JgSessionManager *self,
                   Entry            *entry)
{
  Fetch *fetch;

  g_assert (entry->fetch_id == 0);

  if (++self->next_fetch_id == 0)
    self->next_fetch_id = 1;

  entry->fetch_id = self->next_fetch_id;
  entry->fetch_cancellable = g_cancellable_new ();

  fetch = g_new0 (Fetch, 1);
  fetch->self = g_object_ref (self);
  fetch->entry = entry_ref (entry);
  fetch->fetch_id = entry->fetch_id;
  fetch->cancellable = g_object_ref (entry->fetch_cancellable);

  if (entry->account_id == NULL)
    {
      g_debug ("Resolving the credentials of %s", entry->key);
      jg_credential_chain_resolve_async (self->chain, entry->partition,
                                         fetch->cancellable,
                                         on_chain_resolved_cb, fetch);
      return;
    }

  fetch->role_arn = jg_arn_build (entry->partition, entry->account_id, "role",
                                  "/", entry->admin_role);
  jg_session_manager_get_credentials_async (self, entry->partition, NULL,
                                            NULL, fetch->cancellable,
                                            on_jump_credentials_cb, fetch);
}

static gboolean
validate_target (JgPartition   partition,
                 const char   *account_id,
                 const char   *admin_role,
                 GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  if (account_id == NULL)
    return TRUE;

  if (!jg_validate_account_id (account_id, &local_error)
      || !jg_validate_iam_name (admin_role, _("admin role name"),
                                &local_error))
    {
      g_set_error (error, JG_CREDENTIALS_ERROR,
                   JG_CREDENTIALS_ERROR_INVALID_ROLE,
                   _("Cannot assume the admin role of account %s: %s"),
                   account_id, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * jg_session_manager_get_credentials_async:
 * @account_id: (nullable): a target account, or NULL for the jump
 *   account's own credentials
 * @admin_role: (nullable): the role to assume in account_id; NULL means
 *   JG_DEFAULT_ADMIN_ROLE
 *
 * Gets credentials to act in the jump account of partition, or as the
 * admin role of a target account. Cached credentials are returned while
 * they are valid for longer than the renew margin. Otherwise one request
 * is sent, and concurrent callers for the same key share it. The result
 * is a copy the caller owns.
 */
void
jg_session_manager_get_credentials_async (JgSessionManager    *self,
                                          JgPartition          partition,
                                          const char          *account_id,
                                          const char          *admin_role,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  Entry *entry;

  g_return_if_fail (JG_IS_SESSION_MANAGER (self));
  g_return_if_fail (partition < JG_N_PARTITIONS);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, jg_session_manager_get_credentials_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (account_id != NULL && admin_role == NULL)
    admin_role = JG_DEFAULT_ADMIN_ROLE;

  if (!validate_target (partition, account_id, admin_role, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  key = build_key (partition, account_id, admin_role);
  entry = g_hash_table_lookup (self->entries, key);
  if (entry == NULL)
    {
      entry = entry_new (key, partition, account_id, admin_role);
      g_hash_table_insert (self->entries, entry->key, entry);
    }

  now = get_now (self);
  if (entry->credentials != NULL
      && jg_aws_credentials_expires_within (entry->credentials, now,
                                            self->renew_margin))
    {
      g_debug ("Credentials of %s expire within %" G_GINT64_FORMAT " s; "
               "renewing them", key, self->renew_margin / G_TIME_SPAN_SECOND);
      g_clear_pointer (&entry->credentials, jg_aws_credentials_free);
    }

  if (entry->credentials != NULL)
    {
      g_task_return_pointer (task, jg_aws_credentials_copy (entry->credentials),
                             (GDestroyNotify) jg_aws_credentials_free);
      return;
    }

  entry_add_waiter (entry, task);
  if (entry->fetch_id == 0)
    entry_start_fetch (self, entry);
}

JgAwsCredentials *
jg_session_manager_get_credentials_finish (JgSessionManager  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  g_return_val_if_fail (JG_IS_SESSION_MANAGER (self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result,
                                                  jg_session_manager_get_credentials_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * jg_session_manager_get_source_description:
 *
 * Returns the source of the long-term credentials of partition, as in
 * JgResolvedCredentials.description, or NULL before they were first
 * resolved. Never contains a secret.
 */
const char *
jg_session_manager_get_source_description (JgSessionManager *self,
                                           JgPartition       partition)
{
  g_autofree char *key = NULL;
  Entry *entry;

  g_return_val_if_fail (JG_IS_SESSION_MANAGER (self), NULL);

  key = build_key (partition, NULL, NULL);
  entry = g_hash_table_lookup (self->entries, key);
  return entry != NULL ? entry->source_description : NULL;
}

/**
 * jg_session_manager_invalidate:
 *
 * Forgets the cached credentials of one key, for example after AWS
 * answered ExpiredToken, so the next request renews them. A request in
 * flight is not affected.
 */
void
jg_session_manager_invalidate (JgSessionManager *self,
                               JgPartition       partition,
                               const char       *account_id,
                               const char       *admin_role)
{
  g_autofree char *key = NULL;
  Entry *entry;

  g_return_if_fail (JG_IS_SESSION_MANAGER (self));

  if (account_id != NULL && admin_role == NULL)
    admin_role = JG_DEFAULT_ADMIN_ROLE;

  key = build_key (partition, account_id, admin_role);
  entry = g_hash_table_lookup (self->entries, key);
  if (entry != NULL)
    g_clear_pointer (&entry->credentials, jg_aws_credentials_free);
}

/* Forgets every cached credential, for example after the keyring item
 * changed. Requests in flight are not affected. */
void
jg_session_manager_clear (JgSessionManager *self)
{
  GHashTableIter iter;
  Entry *entry;

  g_return_if_fail (JG_IS_SESSION_MANAGER (self));

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    g_clear_pointer (&entry->credentials, jg_aws_credentials_free);
}

/**
 * jg_session_manager_build_role_session_name:
 * @user_name: (nullable): the local user name; NULL means
 *   g_get_user_name()
 *
 * Returns "jumpgate-USER" with every character outside STS's
 * RoleSessionName alphabet (letters, digits and _ + = , . @ -) replaced
 * by "-" and cut to 64 characters, so CloudTrail shows who acted.
 */
char *
jg_session_manager_build_role_session_name (const char *user_name)
{
  GString *name = g_string_new (ROLE_SESSION_NAME_PREFIX);

  if (user_name == NULL || user_name[0] == '\0')
    user_name = g_get_user_name ();

  for (const char *p = user_name; *p != '\0'; p++)
    {
      char c = *p;

      if (g_ascii_isalnum (c) || strchr ("_+=,.@-", c) != NULL)
        g_string_append_c (name, c);
      else if ((guchar) c < 0x80 || ((guchar) c & 0xC0) == 0xC0)
        /* One "-" per ASCII character or per UTF-8 lead byte. */
        g_string_append_c (name, '-');
    }

  if (name->len > ROLE_SESSION_NAME_MAX_LENGTH)
    g_string_truncate (name, ROLE_SESSION_NAME_MAX_LENGTH);

  return g_string_free (name, FALSE);
}

/* Sets the RoleSessionName of every AssumeRole call, which CloudTrail
 * records. Must be 2 to 64 of letters, digits and _ + = , . @ -. */
gboolean
jg_session_manager_set_role_session_name (JgSessionManager  *self,
                                          const char        *name,
                                          GError           **error)
{
  gsize length;

  g_return_val_if_fail (JG_IS_SESSION_MANAGER (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  length = strlen (name);
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isalnum (name[i]) && strchr ("_+=,.@-", name[i]) == NULL)
        length = 0;
    }

  if (length < 2 || length > ROLE_SESSION_NAME_MAX_LENGTH)
    {
      g_autofree char *shown = g_utf8_make_valid (name, -1);

      g_set_error (error, JG_CREDENTIALS_ERROR,
                   JG_CREDENTIALS_ERROR_INVALID_ROLE,
                   _("“%s” is not a valid role session name: use 2 to 64 "
                     "letters, digits and _ + = , . @ -"), shown);
      return FALSE;
    }

  g_free (self->role_session_name);
  self->role_session_name = g_strdup (name);
  return TRUE;
}

const char *
jg_session_manager_get_role_session_name (JgSessionManager *self)
{
  g_return_val_if_fail (JG_IS_SESSION_MANAGER (self), NULL);

  return self->role_session_name;
}

/**
 * jg_session_manager_set_mfa_code_func:
 *
 * Sets how a code is asked for when the keyring names an MFA device.
 * Without one, credentials with an MFA device fail with
 * JG_CREDENTIALS_ERROR_MFA_CODE.
 */
void
jg_session_manager_set_mfa_code_func (JgSessionManager *self,
                                      JgMfaCodeFunc     func,
                                      gpointer          user_data,
                                      GDestroyNotify    destroy)
{
  g_return_if_fail (JG_IS_SESSION_MANAGER (self));

  if (self->mfa_destroy != NULL)
    self->mfa_destroy (self->mfa_data);

  self->mfa_func = func;
  self->mfa_data = user_data;
  self->mfa_destroy = destroy;
}

/**
 * jg_session_manager_set_mfa_device:
 * @mfa_device_arn: (nullable): an MFA device ARN, or NULL to unset
 *
 * Sets the MFA device to use with credentials of partition whose source
 * names none (the environment, the shared credentials file). The
 * keyring's own device, when it names one, takes precedence. Cached
 * credentials are kept.
 */
void
jg_session_manager_set_mfa_device (JgSessionManager *self,
                                   JgPartition       partition,
                                   const char       *mfa_device_arn)
{
  g_return_if_fail (JG_IS_SESSION_MANAGER (self));
  g_return_if_fail (partition < JG_N_PARTITIONS);

  g_free (self->mfa_devices[partition]);
  self->mfa_devices[partition] = g_strdup (mfa_device_arn);
}

/* Sets the clock that expiry is judged by; for tests. NULL restores the
 * system clock. */
void
jg_session_manager_set_time_func (JgSessionManager *self,
                                  JgAwsTimeFunc     func,
                                  gpointer          user_data,
                                  GDestroyNotify    destroy)
{
  g_return_if_fail (JG_IS_SESSION_MANAGER (self));

  if (self->time_destroy != NULL)
    self->time_destroy (self->time_data);

  self->time_func = func;
  self->time_data = user_data;
  self->time_destroy = destroy;
}

/* Sets how long before their expiration cached credentials are renewed,
 * in microseconds. */
void
jg_session_manager_set_renew_margin (JgSessionManager *self,
                                     GTimeSpan         margin)
{
  g_return_if_fail (JG_IS_SESSION_MANAGER (self));
  g_return_if_fail (margin >= 0);

  self->renew_margin = margin;
}

/* Sets DurationSeconds of GetSessionToken and of AssumeRole. STS accepts
 * 900 to 129,600 s for the first and 900 s to the role's maximum session
 * duration (at most 43,200 s) for the second. */
void
jg_session_manager_set_durations (JgSessionManager *self,
                                  int               session_seconds,
                                  int               role_seconds)
{
  g_return_if_fail (JG_IS_SESSION_MANAGER (self));
  g_return_if_fail (session_seconds >= MIN_DURATION_SECONDS);
  g_return_if_fail (role_seconds >= MIN_DURATION_SECONDS);

  self->session_seconds = session_seconds;
  self->role_seconds = role_seconds;
}

JgAwsClient *
jg_session_manager_get_client (JgSessionManager *self)
{
  g_return_val_if_fail (JG_IS_SESSION_MANAGER (self), NULL);

  return self->client;
}

JgCredentialChain *
jg_session_manager_get_chain (JgSessionManager *self)
{
  g_return_val_if_fail (JG_IS_SESSION_MANAGER (self), NULL);

  return self->chain;
}

static void
jg_session_manager_finalize (GObject *object)
{
  JgSessionManager *self = JG_SESSION_MANAGER (object);

  /* Every request in flight holds a reference, so none is left here. */
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_object (&self->chain);
  g_clear_object (&self->client);
  if (self->mfa_destroy != NULL)
    self->mfa_destroy (self->mfa_data);
  if (self->time_destroy != NULL)
    self->time_destroy (self->time_data);
  g_free (self->role_session_name);
  for (guint i = 0; i < JG_N_PARTITIONS; i++)
    g_free (self->mfa_devices[i]);

  G_OBJECT_CLASS (jg_session_manager_parent_class)->finalize (object);
}

static void
jg_session_manager_class_init (JgSessionManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jg_session_manager_finalize;
}

static void
jg_session_manager_init (JgSessionManager *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) entry_unref);
  self->renew_margin = JG_SESSION_MANAGER_DEFAULT_RENEW_MARGIN;
  self->session_seconds = JG_SESSION_MANAGER_DEFAULT_SESSION_SECONDS;
  self->role_seconds = JG_SESSION_MANAGER_DEFAULT_ROLE_SECONDS;
  self->role_session_name = jg_session_manager_build_role_session_name (NULL);
}

JgSessionManager *
jg_session_manager_new (JgCredentialChain *chain,
                        JgAwsClient       *client)
{
  JgSessionManager *self;

  g_return_val_if_fail (JG_IS_CREDENTIAL_CHAIN (chain), NULL);
  g_return_val_if_fail (JG_IS_AWS_CLIENT (client), NULL);

  self = g_object_new (JG_TYPE_SESSION_MANAGER, NULL);
  self->chain = g_object_ref (chain);
  self->client = g_object_ref (client);
  return self;
}
