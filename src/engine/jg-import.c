/* jg-import.c: reading an existing organisation from AWS into the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "aws/jg-aws.h"
#include "core/jg-policy.h"
#include "jg-import.h"

G_DEFINE_QUARK (jg-import-error-quark, jg_import_error)

/* Service-linked roles belong to AWS services: IAM refuses to change
 * their trust policies, so they cannot be granted. */
#define SERVICE_LINKED_ROLE_PATH "/aws-service-role/"

/* User tags that give a person's display name and e-mail address; IAM
 * has no such fields of its own. */
static const char *const name_tags[] = { "Name", "DisplayName", "display_name",
                                         NULL };
static const char *const email_tags[] = { "Email", "email", "E-mail", NULL };

static const char *const phase_names[] = {
  [JG_IMPORT_PHASE_IDENTITY] = "identity",
  [JG_IMPORT_PHASE_ACCOUNTS] = "accounts",
  [JG_IMPORT_PHASE_ROLES] = "roles",
  [JG_IMPORT_PHASE_USERS] = "users",
  [JG_IMPORT_PHASE_SAVE] = "save",
};

static const char *const entity_names[] = {
  [JG_IMPORT_ENTITY_JUMP_ACCOUNT] = "jump-account",
  [JG_IMPORT_ENTITY_ACCOUNT] = "account",
  [JG_IMPORT_ENTITY_ROLE] = "role",
  [JG_IMPORT_ENTITY_PERSON] = "person",
  [JG_IMPORT_ENTITY_PRINCIPAL] = "principal",
  [JG_IMPORT_ENTITY_GRANT] = "grant",
};

const char *
jg_import_phase_to_string (JgImportPhase phase)
{
  g_return_val_if_fail (phase < G_N_ELEMENTS (phase_names), NULL);

  return phase_names[phase];
}

const char *
jg_import_entity_to_string (JgImportEntity entity)
{
  g_return_val_if_fail (entity < G_N_ELEMENTS (entity_names), NULL);

  return entity_names[entity];
}

/* The report. */

static void
change_free (JgImportChange *change)
{
  g_free (change->key);
  g_free (change->detail);
  g_free (change);
}

static gpointer
change_copy (gconstpointer data)
{
  const JgImportChange *change = data;
  JgImportChange *copy = g_new0 (JgImportChange, 1);

  copy->entity = change->entity;
  copy->added = change->added;
  copy->key = g_strdup (change->key);
  copy->detail = g_strdup (change->detail);
  return copy;
}

static void
half_grant_free (JgImportHalfGrant *half)
{
  g_free (half->principal_arn);
  g_free (half->role_arn);
  g_free (half);
}

static gpointer
half_grant_copy (gconstpointer data)
{
  const JgImportHalfGrant *half = data;
  JgImportHalfGrant *copy = g_new0 (JgImportHalfGrant, 1);

  copy->principal_arn = g_strdup (half->principal_arn);
  copy->role_arn = g_strdup (half->role_arn);
  copy->assertion = half->assertion;
  copy->trust = half->trust;
  return copy;
}

static void
message_free (JgImportMessage *message)
{
  g_free (message->level);
  g_free (message->account_id);
  g_free (message->text);
  g_free (message);
}

static gpointer
message_copy (gconstpointer data)
{
  const JgImportMessage *message = data;
  JgImportMessage *copy = g_new0 (JgImportMessage, 1);

  copy->level = g_strdup (message->level);
  copy->account_id = g_strdup (message->account_id);
  copy->text = g_strdup (message->text);
  return copy;
}

static GPtrArray *
copy_array (GPtrArray      *array,
            gpointer      (*copy) (gconstpointer data),
            GDestroyNotify  free_func)
{
  GPtrArray *result = g_ptr_array_new_full (array->len, free_func);

  for (guint i = 0; i < array->len; i++)
    g_ptr_array_add (result, copy (g_ptr_array_index (array, i)));

  return result;
}

static JgImportReport *
report_new (JgPartition partition,
            gboolean    dry_run)
{
  JgImportReport *report = g_new0 (JgImportReport, 1);

  report->partition = partition;
  report->dry_run = dry_run;
  report->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  report->half_grants = g_ptr_array_new_with_free_func ((GDestroyNotify) half_grant_free);
  report->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) message_free);
  return report;
}

JgImportReport *
jg_import_report_copy (const JgImportReport *self)
{
  JgImportReport *copy = g_memdup2 (self, sizeof *self);

  copy->jump_account_id = g_strdup (self->jump_account_id);
  copy->changes = copy_array (self->changes, change_copy,
                              (GDestroyNotify) change_free);
  copy->half_grants = copy_array (self->half_grants,
                                  half_grant_copy,
                                  (GDestroyNotify) half_grant_free);
  copy->messages = copy_array (self->messages, message_copy,
                               (GDestroyNotify) message_free);
  return copy;
}

void
jg_import_report_free (JgImportReport *self)
{
  if (self == NULL)
    return;

  g_free (self->jump_account_id);
  g_ptr_array_unref (self->changes);
  g_ptr_array_unref (self->half_grants);
  g_ptr_array_unref (self->messages);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgImportReport, jg_import_report, jg_import_report_copy,
                     jg_import_report_free)

guint
jg_import_report_count (const JgImportReport *self,
                        JgImportEntity        entity,
                        gboolean              added)
{
  guint count = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->changes->len; i++)
    {
      const JgImportChange *change = g_ptr_array_index (self->changes, i);

      if (change->entity == entity && change->added == added)
        count++;
    }

  return count;
}

static void
report_add_change (JgImportReport *report,
                   JgImportEntity  entity,
                   gboolean        added,
                   const char     *key,
                   const char     *detail)
{
  JgImportChange *change = g_new0 (JgImportChange, 1);

  change->entity = entity;
  change->added = added;
  change->key = g_strdup (key);
  change->detail = g_strdup (detail != NULL ? detail : "");
  g_ptr_array_add (report->changes, change);
}

static void report_add_message (JgImportReport *report,
                                const char     *level,
                                const char     *account_id,
                                const char     *format,
                                ...) G_GNUC_PRINTF (4, 5);

static void
report_add_message (JgImportReport *report,
                    const char     *level,
                    const char     *account_id,
                    const char     *format,
                    ...)
{
  JgImportMessage *message = g_new0 (JgImportMessage, 1);
  va_list args;

  va_start (args, format);
  message->text = g_strdup_vprintf (format, args);
  va_end (args);
  message->level = g_strdup (level);
  message->account_id = g_strdup (account_id);
  g_debug ("Import %s: %s", level, message->text);
  g_ptr_array_add (report->messages, message);
}

/* Pure helpers. */

char *
jg_import_handle_from_user_name (const char *user_name)
{
  g_autoptr(GString) handle = g_string_new (NULL);

  g_return_val_if_fail (user_name != NULL, NULL);

  for (const char *p = user_name; *p != '\0'; p++)
    {
      char c = g_ascii_tolower (*p);
      gboolean alnum = g_ascii_islower (c) || g_ascii_isdigit (c);

      /* A handle starts with a letter or digit, so leading punctuation
       * is dropped rather than replaced. */
      if (handle->len == 0 && !alnum)
        continue;

      if (alnum || c == '.' || c == '_' || c == '-')
        g_string_append_c (handle, c);
      else
        g_string_append_c (handle, '-');

      if (handle->len == JG_HANDLE_MAX_LENGTH)
        break;
    }

  if (handle->len == 0)
    g_string_assign (handle, "user");

  return g_string_free (g_steal_pointer (&handle), FALSE);
}

static gboolean
action_is_assume_role (JsonNode *action)
{
  g_autofree char *lower = NULL;

  if (!JSON_NODE_HOLDS_VALUE (action)
      || json_node_get_value_type (action) != G_TYPE_STRING)
    return FALSE;

  /* IAM matches actions without regard to case, with * and ? wildcards. */
  lower = g_ascii_strdown (json_node_get_string (action), -1);
  return g_pattern_match_simple (lower, "sts:assumerole");
}

static gboolean
statement_allows_assume_role (JsonObject *statement)
{
  JsonNode *action = json_object_get_member (statement, "Action");

  if (g_strcmp0 (json_object_get_string_member_with_default (statement,
                                                             "Effect", ""),
                 "Allow") != 0
      || action == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_ARRAY (action))
    {
      JsonArray *actions = json_node_get_array (action);

      for (guint i = 0; i < json_array_get_length (actions); i++)
        {
          if (action_is_assume_role (json_array_get_element (actions, i)))
            return TRUE;
        }

      return FALSE;
    }

  return action_is_assume_role (action);
}

static void
collect_aws_principals (JsonObject *statement,
                        GHashTable *set)
{
  JsonNode *principal = json_object_get_member (statement, "Principal");
  JsonNode *aws;

  if (principal == NULL || !JSON_NODE_HOLDS_OBJECT (principal))
    return;

  aws = json_object_get_member (json_node_get_object (principal), "AWS");
  if (aws == NULL)
    return;

  if (JSON_NODE_HOLDS_ARRAY (aws))
    {
      JsonArray *list = json_node_get_array (aws);

      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonNode *element = json_array_get_element (list, i);

          if (JSON_NODE_HOLDS_VALUE (element)
              && json_node_get_value_type (element) == G_TYPE_STRING)
            g_hash_table_add (set, g_strdup (json_node_get_string (element)));
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (aws)
           && json_node_get_value_type (aws) == G_TYPE_STRING)
    g_hash_table_add (set, g_strdup (json_node_get_string (aws)));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static char **
string_set_to_sorted_strv (GHashTable *set)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (items, g_strdup (key));

  g_ptr_array_sort (items, compare_strings);
  g_ptr_array_add (items, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&items), FALSE);
}

/* The managed statement is one Allow statement among others, so one walk
 * over all statements covers it. Conditions are not evaluated: an MFA
 * condition is the normal case, and import must not guess what other
 * conditions mean. */
char **
jg_import_extract_trusted_principals (const char  *document,
                                      GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                     g_free, NULL);
  JsonNode *statements;

  g_return_val_if_fail (document != NULL, NULL);

  root = jg_policy_parse (document, error);
  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_MALFORMED,
                   _("The trust policy is not a JSON object"));
      return NULL;
    }

  statements = json_object_get_member (json_node_get_object (root),
                                       "Statement");
  if (statements != NULL && JSON_NODE_HOLDS_ARRAY (statements))
    {
      JsonArray *list = json_node_get_array (statements);

      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonNode *element = json_array_get_element (list, i);

          if (JSON_NODE_HOLDS_OBJECT (element)
              && statement_allows_assume_role (json_node_get_object (element)))
            collect_aws_principals (json_node_get_object (element), set);
        }
    }
  else if (statements != NULL && JSON_NODE_HOLDS_OBJECT (statements)
           && statement_allows_assume_role (json_node_get_object (statements)))
    collect_aws_principals (json_node_get_object (statements), set);

  return string_set_to_sorted_strv (set);
}

/* The object. */

struct _JgImport
{
  GObject            parent_instance;

  JgStore           *store;
  JgSessionManager  *sessions;
  JgPartition        partition;
  gboolean           dry_run;
  char              *author_arn;
  char              *author_user;
};

G_DEFINE_FINAL_TYPE (JgImport, jg_import, G_TYPE_OBJECT)

enum
{
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
jg_import_dispose (GObject *object)
{
  JgImport *self = JG_IMPORT (object);

  g_clear_object (&self->store);
  g_clear_object (&self->sessions);

  G_OBJECT_CLASS (jg_import_parent_class)->dispose (object);
}

static void
jg_import_finalize (GObject *object)
{
  JgImport *self = JG_IMPORT (object);

  g_free (self->author_arn);
  g_free (self->author_user);

  G_OBJECT_CLASS (jg_import_parent_class)->finalize (object);
}

static void
jg_import_class_init (JgImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jg_import_dispose;
  object_class->finalize = jg_import_finalize;

  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_UINT,
                  G_TYPE_UINT);
}

static void
jg_import_init (JgImport *self)
{
}

JgImport *
jg_import_new (JgStore          *store,
               JgSessionManager *sessions,
               JgPartition       partition)
{
  JgImport *self;

  g_return_val_if_fail (JG_IS_STORE (store), NULL);
  g_return_val_if_fail (JG_IS_SESSION_MANAGER (sessions), NULL);
  g_return_val_if_fail (partition < JG_N_PARTITIONS, NULL);

  self = g_object_new (JG_TYPE_IMPORT, NULL);
  self->store = g_object_ref (store);
  self->sessions = g_object_ref (sessions);
  self->partition = partition;
  return self;
}

void
jg_import_set_dry_run (JgImport *self,
                       gboolean  dry_run)
{
  g_return_if_fail (JG_IS_IMPORT (self));

  self->dry_run = !!dry_run;
}

void
jg_import_set_author (JgImport   *self,
                      const char *author_arn,
                      const char *author_user)
{
  g_return_if_fail (JG_IS_IMPORT (self));

  g_free (self->author_arn);
  self->author_arn = g_strdup (author_arn);
  g_free (self->author_user);
  self->author_user = g_strdup (author_user);
}

/* Reading from AWS. */

typedef struct
{
  char       *id;
  char       *name;
  char       *status;
  char       *admin_role;
  char       *alias;           /* NULL: none, or not read */
  gboolean    alias_read;
  GPtrArray  *roles;           /* JgIamRole; NULL until read */
  GError     *error;           /* why the account could not be read */
  guint       pending;
} AccountData;

static void
account_data_free (AccountData *account)
{
  g_free (account->id);
  g_free (account->name);
  g_free (account->status);
  g_free (account->admin_role);
  g_free (account->alias);
  g_clear_pointer (&account->roles, g_ptr_array_unref);
  g_clear_error (&account->error);
  g_free (account);
}

typedef struct
{
  JgIamUser  *user;            /* from ListUsers */
  JgIamUser  *detail;          /* from GetUser, with tags; may be NULL */
  GPtrArray  *policy_names;
  GPtrArray  *policy_documents;
  GError     *error;
  guint       pending;
} UserData;

static void
user_data_free (UserData *user)
{
  g_clear_pointer (&user->user, jg_iam_user_unref);
  g_clear_pointer (&user->detail, jg_iam_user_unref);
  g_ptr_array_unref (user->policy_names);
  g_ptr_array_unref (user->policy_documents);
  g_clear_error (&user->error);
  g_free (user);
}

typedef struct
{
  JgAwsClient       *client;
  JgAwsTarget       *jump_target;
  char              *jump_alias;
  gboolean           jump_alias_read;
  GPtrArray         *accounts;   /* AccountData */
  GPtrArray         *users;      /* UserData */
  guint              pending;
  guint              accounts_done;
  guint              users_done;
  GError            *fatal;
  JgImportReport    *report;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_object (&data->client);
  g_clear_pointer (&data->jump_target, jg_aws_target_free);
  g_free (data->jump_alias);
  g_clear_pointer (&data->accounts, g_ptr_array_unref);
  g_clear_pointer (&data->users, g_ptr_array_unref);
  g_clear_error (&data->fatal);
  g_clear_pointer (&data->report, jg_import_report_free);
  g_free (data);
}

/* One pending read of a task, with what it belongs to. */
typedef struct
{
  GTask       *task;
  AccountData *account;
  UserData    *user;
  char        *policy_name;
} Pending;

static Pending *
pending_new (GTask       *task,
             AccountData *account,
             UserData    *user)
{
  Pending *pending = g_new0 (Pending, 1);
  RunData *data = g_task_get_task_data (task);

  pending->task = g_object_ref (task);
  pending->account = account;
  pending->user = user;
  data->pending++;
  if (account != NULL)
    account->pending++;
  if (user != NULL)
    user->pending++;
  return pending;
}

static void
emit_progress (JgImport      *self,
               JgImportPhase  phase,
               guint          done,
               guint          total)
{
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, (int) phase, done, total);
}

static guint
count_active_accounts (RunData *data)
{
  guint count = 0;

  for (guint i = 0; i < data->accounts->len; i++)
    {
      AccountData *account = g_ptr_array_index (data->accounts, i);

      if (g_strcmp0 (account->status, "ACTIVE") == 0)
        count++;
    }

  return count;
}

static void save (GTask *task);

/* Keeps the first fatal error; a cancellation wins over any other error
 * so the caller sees why the import stopped. */
static void
set_fatal (RunData *data,
           GError  *error)
{
  if (data->fatal == NULL
      || (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          && !g_error_matches (data->fatal, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      g_clear_error (&data->fatal);
      data->fatal = error;
      return;
    }

  g_error_free (error);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
         || g_error_matches (error, JG_AWS_ERROR, JG_AWS_ERROR_CANCELLED);
}

/* Ends one pending read: updates the per-account and per-user counters
 * and, when nothing is left, goes on to saving. */
static void
pending_done (Pending *pending)
{
  g_autoptr(GTask) task = g_steal_pointer (&pending->task);
  JgImport *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  if (pending->account != NULL && --pending->account->pending == 0)
    emit_progress (self, JG_IMPORT_PHASE_ROLES, ++data->accounts_done,
                   count_active_accounts (data));

  if (pending->user != NULL && --pending->user->pending == 0)
    emit_progress (self, JG_IMPORT_PHASE_USERS, ++data->users_done,
                   data->users->len);

  g_free (pending->policy_name);
  g_free (pending);

  if (--data->pending > 0)
    return;

  if (data->fatal != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&data->fatal));
      return;
    }

  save (task);
}

static void
record_account_error (AccountData *account,
                      GError      *error)
{
  if (account->error == NULL)
    account->error = error;
  else
    g_error_free (error);
}

static void
on_account_aliases_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Pending *pending = user_data;
  RunData *data = g_task_get_task_data (pending->task);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) aliases = NULL;

  aliases = jg_iam_list_account_aliases_finish (JG_AWS_CLIENT (source),
                                                result, &error);
  if (aliases == NULL)
    {
      if (is_cancelled (error))
        set_fatal (data, g_steal_pointer (&error));
      else
        report_add_message (data->report, "warning", pending->account->id,
                            _("The alias of account %s cannot be read, so it "
                              "is left as it is: %s"),
                            pending->account->id, error->message);
    }
  else
    {
      pending->account->alias = g_strdup (aliases[0]);
      pending->account->alias_read = TRUE;
    }

  pending_done (pending);
}

static void
on_list_roles_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Pending *pending = user_data;
  RunData *data = g_task_get_task_data (pending->task);
  g_autoptr(GError) error = NULL;
  GPtrArray *roles;

  roles = jg_iam_list_roles_finish (JG_AWS_CLIENT (source), result, &error);
  if (roles == NULL)
    {
      if (is_cancelled (error))
        set_fatal (data, g_steal_pointer (&error));
      else
        record_account_error (pending->account, g_steal_pointer (&error));
    }
  else
    pending->account->roles = roles;

  pending_done (pending);
}

static void
on_account_credentials_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  Pending *pending = user_data;
  RunData *data = g_task_get_task_data (pending->task);
  JgImport *self = g_task_get_source_object (pending->task);
  GCancellable *cancellable = g_task_get_cancellable (pending->task);
  AccountData *account = pending->account;
  g_autoptr(JgAwsCredentials) credentials = NULL;
  g_autoptr(JgAwsTarget) target = NULL;
  g_autoptr(GError) error = NULL;

  credentials = jg_session_manager_get_credentials_finish (JG_SESSION_MANAGER (source),
                                                           result, &error);
  if (credentials == NULL)
    {
      if (is_cancelled (error))
        set_fatal (data, g_steal_pointer (&error));
      else
        record_account_error (account, g_steal_pointer (&error));
      pending_done (pending);
      return;
    }

  target = jg_aws_target_new (credentials, self->partition, NULL, account->id);
  jg_iam_list_account_aliases_async (data->client, target, cancellable,
                                     on_account_aliases_cb,
                                     pending_new (pending->task, account,
                                                  NULL));
  jg_iam_list_roles_async (data->client, target, NULL, cancellable,
                           on_list_roles_cb,
                           pending_new (pending->task, account, NULL));
  pending_done (pending);
}

static void
read_accounts (GTask *task)
{
  JgImport *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  emit_progress (self, JG_IMPORT_PHASE_ROLES, 0, count_active_accounts (data));

  for (guint i = 0; i < data->accounts->len; i++)
    {
      AccountData *account = g_ptr_array_index (data->accounts, i);

      if (g_strcmp0 (account->status, "ACTIVE") != 0)
        {
          data->report->n_accounts_skipped++;
          report_add_message (data->report, "info", account->id,
                              _("Account %s (%s) is skipped because its "
                                "status is %s"),
                              account->id, account->name, account->status);
          continue;
        }

      jg_session_manager_get_credentials_async (self->sessions,
                                                self->partition, account->id,
                                                account->admin_role,
                                                cancellable,
                                                on_account_credentials_cb,
                                                pending_new (task, account,
                                                             NULL));
    }
}

static AccountData *
account_data_new (const char *id,
                  const char *name,
                  const char *status,
                  const char *admin_role)
{
  AccountData *account = g_new0 (AccountData, 1);

  account->id = g_strdup (id);
  account->name = g_strdup (name);
  account->status = g_strdup (status);
  account->admin_role = g_strdup (admin_role != NULL ? admin_role
                                                     : JG_DEFAULT_ADMIN_ROLE);
  return account;
}

static void
on_list_accounts_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Pending *pending = user_data;
  GTask *task = pending->task;
  JgImport *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;

  listed = jg_organizations_list_accounts_finish (JG_AWS_CLIENT (source),
                                                  result, &error);
  stored = jg_store_list_accounts (self->store, &store_error);
  if (stored == NULL)
    {
      set_fatal (data, g_steal_pointer (&store_error));
      pending_done (pending);
      return;
    }

  if (listed == NULL && is_cancelled (error))
    {
      set_fatal (data, g_steal_pointer (&error));
      pending_done (pending);
      return;
    }

  if (listed == NULL)
    {
      /* Only the management account (or a delegated administrator) may
       * list the organisation; the accounts the store already has can
       * still be read. */
      report_add_message (data->report, "warning", NULL,
                          _("The accounts of the organisation cannot be "
                            "listed (%s); reading the accounts already in "
                            "the store instead. Use credentials of the "
                            "management account to import new accounts."),
                          error->message);
      for (guint i = 0; i < stored->len; i++)
        {
          JgAccount *account = g_ptr_array_index (stored, i);

          if (account->partition == self->partition)
            g_ptr_array_add (data->accounts,
                             account_data_new (account->id, account->name,
                                               "ACTIVE", account->admin_role));
        }
    }
  else
    {
      for (guint i = 0; i < listed->len; i++)
        {
          JgOrgAccount *org = g_ptr_array_index (listed, i);
          const char *admin_role = NULL;

          if (g_strcmp0 (org->id, data->jump_target->account_id) == 0)
            continue;

          for (guint j = 0; j < stored->len; j++)
            {
              JgAccount *account = g_ptr_array_index (stored, j);

              if (g_strcmp0 (account->id, org->id) == 0)
                admin_role = account->admin_role;
            }

          g_ptr_array_add (data->accounts,
                           account_data_new (org->id, org->name, org->status,
                                             admin_role));
        }
    }

  data->report->n_accounts = data->accounts->len;
  emit_progress (self, JG_IMPORT_PHASE_ACCOUNTS, data->accounts->len,
                 data->accounts->len);
  read_accounts (task);
  pending_done (pending);
}

static void
on_user_policy_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Pending *pending = user_data;
  RunData *data = g_task_get_task_data (pending->task);
  g_autoptr(JgIamUserPolicy) policy = NULL;
  g_autoptr(GError) error = NULL;

  policy = jg_iam_get_user_policy_finish (JG_AWS_CLIENT (source), result,
                                          &error);
  if (policy == NULL)
    {
      if (is_cancelled (error))
        set_fatal (data, g_steal_pointer (&error));
      else if (pending->user->error == NULL)
        pending->user->error = g_steal_pointer (&error);
    }
  else
    {
      g_ptr_array_add (pending->user->policy_names,
                       g_strdup (pending->policy_name));
      g_ptr_array_add (pending->user->policy_documents,
                       g_strdup (policy->policy_document));
    }

  pending_done (pending);
}

static void
on_user_policies_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Pending *pending = user_data;
  RunData *data = g_task_get_task_data (pending->task);
  GCancellable *cancellable = g_task_get_cancellable (pending->task);
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;

  names = jg_iam_list_user_policies_finish (JG_AWS_CLIENT (source), result,
                                            &error);
  if (names == NULL)
    {
      if (is_cancelled (error))
        set_fatal (data, g_steal_pointer (&error));
      else if (pending->user->error == NULL)
        pending->user->error = g_steal_pointer (&error);
      pending_done (pending);
      return;
    }

  for (guint i = 0; names[i] != NULL; i++)
    {
      Pending *read = pending_new (pending->task, NULL, pending->user);

      read->policy_name = g_strdup (names[i]);
      jg_iam_get_user_policy_async (data->client, data->jump_target,
                                    pending->user->user->user_name, names[i],
                                    cancellable, on_user_policy_cb, read);
    }

  pending_done (pending);
}

static void
on_get_user_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Pending *pending = user_data;
  RunData *data = g_task_get_task_data (pending->task);
  g_autoptr(GError) error = NULL;

  pending->user->detail = jg_iam_get_user_finish (JG_AWS_CLIENT (source),
                                                  result, &error);
  /* Tags only add a display name, so a failure here is not worth more
   * than the user name standing in for it. */
  if (pending->user->detail == NULL && is_cancelled (error))
    set_fatal (data, g_steal_pointer (&error));

  pending_done (pending);
}

static void
on_list_users_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Pending *pending = user_data;
  GTask *task = pending->task;
  JgImport *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  users = jg_iam_list_users_finish (JG_AWS_CLIENT (source), result, &error);
  if (users == NULL)
    {
      if (is_cancelled (error))
        set_fatal (data, g_steal_pointer (&error));
      else
        set_fatal (data, g_error_new (JG_IMPORT_ERROR, JG_IMPORT_ERROR_USERS,
                                      _("The users of jump account %s cannot "
                                        "be listed: %s"),
                                      data->jump_target->account_id,
                                      error->message));
      pending_done (pending);
      return;
    }

  emit_progress (self, JG_IMPORT_PHASE_USERS, 0, users->len);
  for (guint i = 0; i < users->len; i++)
    {
      UserData *user = g_new0 (UserData, 1);

      user->user = jg_iam_user_ref (g_ptr_array_index (users, i));
      user->policy_names = g_ptr_array_new_with_free_func (g_free);
      user->policy_documents = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (data->users, user);

      jg_iam_get_user_async (data->client, data->jump_target,
                             user->user->user_name, cancellable,
                             on_get_user_cb, pending_new (task, NULL, user));
      jg_iam_list_user_policies_async (data->client, data->jump_target,
                                       user->user->user_name, cancellable,
                                       on_user_policies_cb,
                                       pending_new (task, NULL, user));
    }

  pending_done (pending);
}

static void
on_jump_aliases_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Pending *pending = user_data;
  RunData *data = g_task_get_task_data (pending->task);
  g_auto(GStrv) aliases = NULL;
  g_autoptr(GError) error = NULL;

  aliases = jg_iam_list_account_aliases_finish (JG_AWS_CLIENT (source),
                                                result, &error);
  if (aliases != NULL)
    {
      data->jump_alias = g_strdup (aliases[0]);
      data->jump_alias_read = TRUE;
    }
  else if (is_cancelled (error))
    set_fatal (data, g_steal_pointer (&error));

  pending_done (pending);
}

/* Starts every read that needs only the jump account's credentials. */
static void
read_jump_account (GTask *task)
{
  JgImport *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  emit_progress (self, JG_IMPORT_PHASE_ACCOUNTS, 0, 0);
  jg_organizations_list_accounts_async (data->client, data->jump_target,
                                        cancellable, on_list_accounts_cb,
                                        pending_new (task, NULL, NULL));
  jg_iam_list_account_aliases_async (data->client, data->jump_target,
                                     cancellable, on_jump_aliases_cb,
                                     pending_new (task, NULL, NULL));
  emit_progress (self, JG_IMPORT_PHASE_USERS, 0, 0);
  jg_iam_list_users_async (data->client, data->jump_target, NULL, cancellable,
                           on_list_users_cb, pending_new (task, NULL, NULL));
}

static void
on_caller_identity_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Pending *pending = user_data;
  RunData *data = g_task_get_task_data (pending->task);
  g_autoptr(JgStsCallerIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;

  identity = jg_sts_get_caller_identity_finish (JG_AWS_CLIENT (source), result,
                                                &error);
  if (identity == NULL)
    {
      if (is_cancelled (error))
        set_fatal (data, g_steal_pointer (&error));
      else
        set_fatal (data, g_error_new (JG_IMPORT_ERROR,
                                      JG_IMPORT_ERROR_CREDENTIALS,
                                      _("The account of the credentials "
                                        "cannot be found (GetCallerIdentity "
                                        "failed): %s"), error->message));
      pending_done (pending);
      return;
    }

  g_free (data->jump_target->account_id);
  data->jump_target->account_id = g_strdup (identity->account);
  data->report->jump_account_id = g_strdup (identity->account);
  read_jump_account (pending->task);
  pending_done (pending);
}

static void
on_jump_credentials_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  Pending *pending = user_data;
  GTask *task = pending->task;
  JgImport *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(JgAwsCredentials) credentials = NULL;
  g_autoptr(JgJumpAccount) jump = NULL;
  g_autoptr(GError) error = NULL;

  credentials = jg_session_manager_get_credentials_finish (JG_SESSION_MANAGER (source),
                                                           result, &error);
  if (credentials == NULL)
    {
      if (is_cancelled (error))
        set_fatal (data, g_steal_pointer (&error));
      else
        set_fatal (data, g_error_new (JG_IMPORT_ERROR,
                                      JG_IMPORT_ERROR_CREDENTIALS,
                                      _("No credentials for the jump account "
                                        "of partition %s: %s"),
                                      jg_partition_to_string (self->partition),
                                      error->message));
      pending_done (pending);
      return;
    }

  jump = jg_store_get_jump_account (self->store, self->partition, NULL);
  data->jump_target = jg_aws_target_new (credentials, self->partition,
                                         jump != NULL ? jump->region : NULL,
                                         jump != NULL ? jump->account_id
                                                      : NULL);

  /* A store without the partition's jump account learns it from the
   * credentials, which belong to a user of the jump account. */
  if (jump == NULL)
    jg_sts_get_caller_identity_async (data->client, data->jump_target,
                                      g_task_get_cancellable (task),
                                      on_caller_identity_cb,
                                      pending_new (task, NULL, NULL));
  else
    {
      data->report->jump_account_id = g_strdup (jump->account_id);
      read_jump_account (task);
    }

  pending_done (pending);
}

void
jg_import_run_async (JgImport            *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;

  g_return_if_fail (JG_IS_IMPORT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, jg_import_run_async);

  data = g_new0 (RunData, 1);
  data->client = g_object_ref (jg_session_manager_get_client (self->sessions));
  data->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) account_data_free);
  data->users = g_ptr_array_new_with_free_func ((GDestroyNotify) user_data_free);
  data->report = report_new (self->partition, self->dry_run);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  emit_progress (self, JG_IMPORT_PHASE_IDENTITY, 0, 0);
  jg_session_manager_get_credentials_async (self->sessions, self->partition,
                                            NULL, NULL, cancellable,
                                            on_jump_credentials_cb,
                                            pending_new (task, NULL, NULL));
}

JgImportReport *
jg_import_run_finish (JgImport      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (JG_IS_IMPORT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Comparing with the store and saving. */

typedef struct
{
  JgImport       *self;
  RunData        *data;
  JgJumpAccount  *jump_add;
  JgJumpAccount  *jump_update;
  GPtrArray      *accounts_add;      /* JgAccount */
  GPtrArray      *accounts_update;   /* JgAccount */
  GPtrArray      *roles_add;         /* JgRole */
  GPtrArray      *persons_add;       /* JgPerson */
  GPtrArray      *principals_add;    /* JgPrincipal */
  GPtrArray      *grants;            /* JgChange */
  char           *comment;
} SavePlan;

static void
save_plan_clear (SavePlan *plan)
{
  g_clear_pointer (&plan->jump_add, jg_jump_account_free);
  g_clear_pointer (&plan->jump_update, jg_jump_account_free);
  g_clear_pointer (&plan->accounts_add, g_ptr_array_unref);
  g_clear_pointer (&plan->accounts_update, g_ptr_array_unref);
  g_clear_pointer (&plan->roles_add, g_ptr_array_unref);
  g_clear_pointer (&plan->persons_add, g_ptr_array_unref);
  g_clear_pointer (&plan->principals_add, g_ptr_array_unref);
  g_clear_pointer (&plan->grants, g_ptr_array_unref);
  g_clear_pointer (&plan->comment, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SavePlan, save_plan_clear)

static const char *
find_tag (JgIamUser         *user,
          const char *const *keys)
{
  if (user == NULL || user->tags == NULL)
    return NULL;

  for (guint k = 0; keys[k] != NULL; k++)
    {
      for (guint i = 0; i < user->tags->len; i++)
        {
          JgAwsTag *tag = g_ptr_array_index (user->tags, i);

          if (g_strcmp0 (tag->key, keys[k]) == 0 && tag->value != NULL
              && tag->value[0] != '\0')
            return tag->value;
        }
    }

  return NULL;
}

static GHashTable *
index_by_string (GPtrArray *items,
                 gsize      offset)
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < items->len; i++)
    {
      gpointer item = g_ptr_array_index (items, i);

      g_hash_table_insert (index, G_STRUCT_MEMBER (char *, item, offset), item);
    }

  return index;
}

static char *
pair_key (const char *principal_arn,
          const char *role_arn)
{
  return g_strconcat (principal_arn, "\n", role_arn, NULL);
}

static gboolean
plan_jump_account (SavePlan  *plan,
                   GError   **error)
{
  JgImport *self = plan->self;
  RunData *data = plan->data;
  g_autoptr(JgJumpAccount) jump = NULL;
  const char *jump_id = data->jump_target->account_id;

  jump = jg_store_get_jump_account (self->store, self->partition, NULL);
  if (jump == NULL)
    {
      plan->jump_add = g_new0 (JgJumpAccount, 1);
      plan->jump_add->partition = self->partition;
      plan->jump_add->account_id = g_strdup (jump_id);
      plan->jump_add->region = g_strdup (jg_partition_default_region (self->partition));
      plan->jump_add->alias = g_strdup (data->jump_alias);
      report_add_change (data->report, JG_IMPORT_ENTITY_JUMP_ACCOUNT, TRUE,
                         jump_id, jg_partition_to_string (self->partition));
      return TRUE;
    }

  if (data->jump_alias_read && g_strcmp0 (jump->alias, data->jump_alias) != 0)
    {
      plan->jump_update = jg_jump_account_copy (jump);
      g_free (plan->jump_update->alias);
      plan->jump_update->alias = g_strdup (data->jump_alias);
      report_add_change (data->report, JG_IMPORT_ENTITY_JUMP_ACCOUNT, FALSE,
                         jump_id, _("alias"));
    }

  return TRUE;
}

static void
plan_accounts (SavePlan  *plan,
               GPtrArray *stored)
{
  JgImport *self = plan->self;
  RunData *data = plan->data;
  g_autoptr(GHashTable) by_id = index_by_string (stored,
                                                 G_STRUCT_OFFSET (JgAccount,
                                                                  id));

  for (guint i = 0; i < data->accounts->len; i++)
    {
      AccountData *account = g_ptr_array_index (data->accounts, i);
      JgAccount *existing = g_hash_table_lookup (by_id, account->id);
      g_autoptr(GError) error = NULL;

      if (g_strcmp0 (account->status, "ACTIVE") != 0)
        continue;

      if (account->error != NULL)
        {
          data->report->n_accounts_unreachable++;
          report_add_message (data->report, "error", account->id,
                              _("Account %s (%s) cannot be read through its "
                                "admin role %s, so its roles are not "
                                "imported: %s. Check that the role exists "
                                "and trusts the jump account, or set the "
                                "account's admin role."),
                              account->id, account->name, account->admin_role,
                              account->error->message);
        }
      else
        data->report->n_accounts_read++;

      if (existing == NULL)
        {
          JgAccount *added = g_new0 (JgAccount, 1);

          added->id = g_strdup (account->id);
          added->partition = self->partition;
          added->name = g_strdup (account->name);
          added->environment = g_strdup ("");
          added->admin_role = g_strdup (account->admin_role);
          added->trust_policy_limit = JG_TRUST_POLICY_DEFAULT_LIMIT;
          added->alias = g_strdup (account->alias);
          if (!jg_validate_label (added->name, _("account name"), FALSE,
                                  &error))
            {
              report_add_message (data->report, "warning", account->id,
                                  _("Account %s is not imported: %s"),
                                  account->id, error->message);
              jg_account_free (added);
              continue;
            }

          report_add_change (data->report, JG_IMPORT_ENTITY_ACCOUNT, TRUE,
                             account->id, account->name);
          g_ptr_array_add (plan->accounts_add, added);
          continue;
        }

      if (existing->partition != self->partition)
        {
          report_add_message (data->report, "warning", account->id,
                              _("Account %s is in the store under partition "
                                "%s and is left as it is"),
                              account->id,
                              jg_partition_to_string (existing->partition));
          continue;
        }

      if (g_strcmp0 (existing->name, account->name) != 0
          || (account->alias_read
              && g_strcmp0 (existing->alias, account->alias) != 0))
        {
          JgAccount *updated = jg_account_copy (existing);

          g_free (updated->name);
          updated->name = g_strdup (account->name);
          if (account->alias_read)
            {
              g_free (updated->alias);
              updated->alias = g_strdup (account->alias);
            }
          report_add_change (data->report, JG_IMPORT_ENTITY_ACCOUNT, FALSE,
                             account->id, account->name);
          g_ptr_array_add (plan->accounts_update, updated);
        }
    }
}

static gboolean
role_require_mfa (JgIamRole *role)
{
  JgManagedStatementState state = JG_MANAGED_STATEMENT_ABSENT;
  gboolean require_mfa = TRUE;

  /* A role whose managed statement Jumpgate wrote keeps its choice; any
   * other role requires MFA, the safe default. */
  if (role->trust_policy != NULL
      && jg_policy_inspect_managed_statement (role->trust_policy, &state,
                                              &require_mfa, NULL)
      && state == JG_MANAGED_STATEMENT_AS_WRITTEN)
    return require_mfa;

  return TRUE;
}

/* Fills trusts (role ARN → set of principal ARNs) while planning roles. */
static void
plan_roles (SavePlan   *plan,
            GPtrArray  *stored,
            GHashTable *trusts)
{
  RunData *data = plan->data;
  g_autoptr(GHashTable) by_arn = index_by_string (stored,
                                                  G_STRUCT_OFFSET (JgRole,
                                                                   arn));

  for (guint i = 0; i < data->accounts->len; i++)
    {
      AccountData *account = g_ptr_array_index (data->accounts, i);

      if (account->roles == NULL)
        continue;

      for (guint j = 0; j < account->roles->len; j++)
        {
          JgIamRole *role = g_ptr_array_index (account->roles, j);
          g_auto(GStrv) principals = NULL;
          g_autoptr(GError) error = NULL;
          GHashTable *set;

          if (g_str_has_prefix (role->path, SERVICE_LINKED_ROLE_PATH))
            continue;

          if (!jg_validate_iam_name (role->role_name, _("role name"), &error)
              || !jg_validate_iam_path (role->path, &error))
            {
              report_add_message (data->report, "warning", account->id,
                                  _("Role %s is not imported: %s"),
                                  role->arn, error->message);
              continue;
            }

          data->report->n_roles++;
          set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (trusts, g_strdup (role->arn), set);

          principals = role->trust_policy != NULL
                       ? jg_import_extract_trusted_principals (role->trust_policy,
                                                               &error)
                       : g_new0 (char *, 1);
          if (principals == NULL)
            report_add_message (data->report, "warning", account->id,
                                _("The trust policy of role %s cannot be "
                                  "read, so none of its grants is imported: "
                                  "%s"), role->arn, error->message);
          for (guint k = 0; principals != NULL && principals[k] != NULL; k++)
            g_hash_table_add (set, g_strdup (principals[k]));

          if (g_hash_table_contains (by_arn, role->arn))
            continue;

          {
            JgRole *added = g_new0 (JgRole, 1);

            added->arn = g_strdup (role->arn);
            added->partition = plan->self->partition;
            added->account_id = g_strdup (account->id);
            added->name = g_strdup (role->role_name);
            added->path = g_strdup (role->path);
            added->require_mfa = role_require_mfa (role);
            report_add_change (data->report, JG_IMPORT_ENTITY_ROLE, TRUE,
                               role->arn, account->name);
            g_ptr_array_add (plan->roles_add, added);
          }
        }
    }
}

static int
compare_users_by_arn (gconstpointer a,
                      gconstpointer b)
{
  const UserData *user_a = *(const UserData *const *) a;
  const UserData *user_b = *(const UserData *const *) b;

  return strcmp (user_a->user->arn, user_b->user->arn);
}

/* Chooses the person of a new principal. A person with the derived
 * handle and no principal in this partition is taken to be the same human
 * seen in another partition, so the principal joins them. Otherwise the
 * first free handle of HANDLE-2, HANDLE-3, … is taken. Users are visited
 * in ARN order, so the same organisation always gives the same handles. */
static char *
choose_handle (const char *user_name,
               GHashTable *persons,
               GHashTable *persons_with_principal,
               GHashTable *claimed,
               gboolean   *out_new_person)
{
  g_autofree char *base = jg_import_handle_from_user_name (user_name);

  if (!g_hash_table_contains (claimed, base)
      && (!g_hash_table_contains (persons, base)
          || !g_hash_table_contains (persons_with_principal, base)))
    {
      *out_new_person = !g_hash_table_contains (persons, base);
      return g_steal_pointer (&base);
    }

  for (guint n = 2;; n++)
    {
      g_autofree char *suffix = g_strdup_printf ("-%u", n);
      gsize keep = MIN (strlen (base), JG_HANDLE_MAX_LENGTH - strlen (suffix));
      g_autofree char *stem = g_strndup (base, keep);
      g_autofree char *candidate = g_strconcat (stem, suffix, NULL);

      if (!g_hash_table_contains (claimed, candidate)
          && !g_hash_table_contains (persons, candidate))
        {
          *out_new_person = TRUE;
          return g_steal_pointer (&candidate);
        }
    }
}

/* Fills principal_handles (principal ARN → handle) for every user. */
static gboolean
plan_principals (SavePlan    *plan,
                 GHashTable  *principal_handles,
                 GError     **error)
{
  JgImport *self = plan->self;
  RunData *data = plan->data;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GPtrArray) principals = NULL;
  g_autoptr(GHashTable) person_index = NULL;
  g_autoptr(GHashTable) principal_index = NULL;
  g_autoptr(GHashTable) with_principal = g_hash_table_new (g_str_hash,
                                                           g_str_equal);
  g_autoptr(GHashTable) claimed = g_hash_table_new_full (g_str_hash,
                                                         g_str_equal, g_free,
                                                         NULL);
  g_autoptr(GPtrArray) users = g_ptr_array_new ();

  persons = jg_store_list_persons (self->store, error);
  if (persons == NULL)
    return FALSE;
  principals = jg_store_list_principals (self->store, NULL, error);
  if (principals == NULL)
    return FALSE;

  person_index = index_by_string (persons, G_STRUCT_OFFSET (JgPerson, handle));
  principal_index = index_by_string (principals,
                                     G_STRUCT_OFFSET (JgPrincipal, arn));
  for (guint i = 0; i < principals->len; i++)
    {
      JgPrincipal *principal = g_ptr_array_index (principals, i);

      if (principal->partition == self->partition)
        g_hash_table_add (with_principal, principal->handle);
    }

  /* A copy without a free function, sorted, so the handles do not
   * depend on the order the replies came in. */
  for (guint i = 0; i < data->users->len; i++)
    g_ptr_array_add (users, g_ptr_array_index (data->users, i));
  g_ptr_array_sort (users, compare_users_by_arn);
  for (guint i = 0; i < users->len; i++)
    {
      UserData *user = g_ptr_array_index (users, i);
      JgPrincipal *existing = g_hash_table_lookup (principal_index,
                                                   user->user->arn);
      const char *display_name;
      const char *email;
      gboolean new_person = FALSE;
      g_autofree char *handle = NULL;
      JgPrincipal *added;
      g_autoptr(GError) local_error = NULL;

      data->report->n_users++;
      if (user->error != NULL)
        report_add_message (data->report, "warning", NULL,
                            _("Some inline policies of user %s cannot be "
                              "read, so grants may be missing: %s"),
                            user->user->arn, user->error->message);

      if (existing != NULL)
        {
          g_hash_table_insert (principal_handles, g_strdup (user->user->arn),
                               g_strdup (existing->handle));
          continue;
        }

      if (!jg_validate_iam_name (user->user->user_name, _("user name"),
                                 &local_error)
          || !jg_validate_iam_path (user->user->path, &local_error))
        {
          report_add_message (data->report, "warning", NULL,
                              _("User %s is not imported: %s"),
                              user->user->arn, local_error->message);
          continue;
        }

      handle = choose_handle (user->user->user_name, person_index,
                              with_principal, claimed, &new_person);
      g_hash_table_add (claimed, g_strdup (handle));
      g_hash_table_insert (principal_handles, g_strdup (user->user->arn),
                           g_strdup (handle));

      if (new_person)
        {
          JgPerson *person = g_new0 (JgPerson, 1);

          display_name = find_tag (user->detail, name_tags);
          email = find_tag (user->detail, email_tags);
          person->handle = g_strdup (handle);
          person->name = g_strdup (display_name != NULL
                                   ? display_name : user->user->user_name);
          if (email != NULL && jg_validate_email (email, NULL))
            person->email = g_strdup (email);
          report_add_change (data->report, JG_IMPORT_ENTITY_PERSON, TRUE,
                             handle, person->name);
          g_ptr_array_add (plan->persons_add, person);
        }

      added = g_new0 (JgPrincipal, 1);
      added->arn = g_strdup (user->user->arn);
      added->handle = g_strdup (handle);
      added->partition = self->partition;
      added->user_name = g_strdup (user->user->user_name);
      added->path = g_strdup (user->user->path);
      report_add_change (data->report, JG_IMPORT_ENTITY_PRINCIPAL, TRUE,
                         user->user->arn, handle);
      g_ptr_array_add (plan->principals_add, added);
    }

  return TRUE;
}

static int
compare_half_grants (gconstpointer a,
                     gconstpointer b)
{
  const JgImportHalfGrant *half_a = *(const JgImportHalfGrant *const *) a;
  const JgImportHalfGrant *half_b = *(const JgImportHalfGrant *const *) b;
  int result = strcmp (half_a->principal_arn, half_b->principal_arn);

  return result != 0 ? result : strcmp (half_a->role_arn, half_b->role_arn);
}

static void
add_half_grant (JgImportReport *report,
                const char     *principal_arn,
                const char     *role_arn,
                gboolean        assertion)
{
  JgImportHalfGrant *half = g_new0 (JgImportHalfGrant, 1);

  half->principal_arn = g_strdup (principal_arn);
  half->role_arn = g_strdup (role_arn);
  half->assertion = assertion;
  half->trust = !assertion;
  g_ptr_array_add (report->half_grants, half);
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const JgChange *change_a = *(const JgChange *const *) a;
  const JgChange *change_b = *(const JgChange *const *) b;
  int result = strcmp (change_a->handle, change_b->handle);

  return result != 0 ? result : strcmp (change_a->role_arn, change_b->role_arn);
}

/* A grant needs both documents: the user's inline policies allow the
 * exact role ARN and the role's trust policy names the user. */
static gboolean
plan_grants (SavePlan    *plan,
             GHashTable  *trusts,
             GHashTable  *principal_handles,
             GError     **error)
{
  JgImport *self = plan->self;
  RunData *data = plan->data;
  g_autoptr(GPtrArray) in_force = NULL;
  g_autoptr(GPtrArray) staged = NULL;
  g_autoptr(GHashTable) existing = g_hash_table_new_full (g_str_hash,
                                                          g_str_equal, g_free,
                                                          NULL);
  g_autoptr(GHashTable) staged_pairs = g_hash_table_new_full (g_str_hash,
                                                              g_str_equal,
                                                              g_free, NULL);
  g_autoptr(GHashTable) asserted = g_hash_table_new_full (g_str_hash,
                                                          g_str_equal, g_free,
                                                          NULL);
  guint unchecked = 0;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  in_force = jg_store_list_grants (self->store, NULL, NULL, error);
  if (in_force == NULL)
    return FALSE;
  staged = jg_store_list_staged (self->store, error);
  if (staged == NULL)
    return FALSE;

  for (guint i = 0; i < in_force->len; i++)
    {
      JgGrant *grant = g_ptr_array_index (in_force, i);

      g_hash_table_add (existing, pair_key (grant->principal_arn,
                                            grant->role_arn));
    }
  for (guint i = 0; i < staged->len; i++)
    {
      JgChange *change = g_ptr_array_index (staged, i);

      g_hash_table_add (staged_pairs, pair_key (change->principal_arn,
                                                change->role_arn));
    }

  for (guint i = 0; i < data->users->len; i++)
    {
      UserData *user = g_ptr_array_index (data->users, i);

      if (!g_hash_table_contains (principal_handles, user->user->arn))
        continue;

      for (guint j = 0; j < user->policy_documents->len; j++)
        {
          g_autoptr(GError) local_error = NULL;
          g_auto(GStrv) arns = NULL;

          arns = jg_policy_extract_assumable_roles (g_ptr_array_index (user->policy_documents,
                                                                       j),
                                                    &local_error);
          if (arns == NULL)
            {
              report_add_message (data->report, "warning", NULL,
                                  _("Inline policy %s of user %s cannot be "
                                    "read, so its grants are not imported: "
                                    "%s"),
                                  (char *) g_ptr_array_index (user->policy_names,
                                                              j),
                                  user->user->arn, local_error->message);
              continue;
            }

          for (guint k = 0; arns[k] != NULL; k++)
            g_hash_table_add (asserted, pair_key (user->user->arn, arns[k]));
        }
    }

  /* Walk the asserted pairs: those the role's trust policy confirms are
   * grants, the others are reported. */
  g_hash_table_iter_init (&iter, asserted);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto(GStrv) parts = g_strsplit (key, "\n", 2);
      GHashTable *trusted = g_hash_table_lookup (trusts, parts[1]);
      const char *handle = g_hash_table_lookup (principal_handles, parts[0]);
      JgChange *change;

      if (trusted == NULL)
        {
          /* The role is in an account that was not read, or not a role
           * of this organisation at all. */
          unchecked++;
          continue;
        }

      if (!g_hash_table_contains (trusted, parts[0]))
        {
          add_half_grant (data->report, parts[0], parts[1], TRUE);
          continue;
        }

      data->report->n_grants++;
      if (g_hash_table_contains (existing, key))
        continue;

      if (g_hash_table_contains (staged_pairs, key))
        {
          report_add_message (data->report, "warning", NULL,
                              _("The grant of role %s to %s is not imported "
                                "because a change of it is staged: commit or "
                                "unstage it, then import again"),
                              parts[1], parts[0]);
          continue;
        }

      change = g_new0 (JgChange, 1);
      change->kind = JG_CHANGE_GRANT;
      change->handle = g_strdup (handle);
      change->principal_arn = g_strdup (parts[0]);
      change->role_arn = g_strdup (parts[1]);
      g_ptr_array_add (plan->grants, change);
    }

  /* Trust policies that name a user of the jump account whose inline
   * policies do not allow the role. */
  g_hash_table_iter_init (&iter, trusts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GHashTableIter principals;
      gpointer principal_arn;

      g_hash_table_iter_init (&principals, value);
      while (g_hash_table_iter_next (&principals, &principal_arn, NULL))
        {
          g_autofree char *pair = pair_key (principal_arn, key);

          if (g_hash_table_contains (principal_handles, principal_arn)
              && !g_hash_table_contains (asserted, pair))
            add_half_grant (data->report, principal_arn, key, FALSE);
        }
    }

  if (unchecked > 0)
    report_add_message (data->report, "info", NULL,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "%u pair named in a user policy is not "
                                     "imported because its role was not "
                                     "read",
                                     "%u pairs named in user policies are not "
                                     "imported because their roles were not "
                                     "read", unchecked),
                        unchecked);

  g_ptr_array_sort (data->report->half_grants, compare_half_grants);
  g_ptr_array_sort (plan->grants, compare_changes);
  for (guint i = 0; i < plan->grants->len; i++)
    {
      JgChange *change = g_ptr_array_index (plan->grants, i);
      g_autofree char *change_key = g_strdup_printf ("%s %s", change->handle,
                                                     change->role_arn);

      report_add_change (data->report, JG_IMPORT_ENTITY_GRANT, TRUE,
                         change_key, change->principal_arn);
    }

  return TRUE;
}

static gboolean
apply_in_transaction (JgStore   *store,
                      gpointer   user_data,
                      GError   **error)
{
  SavePlan *plan = user_data;

  if (plan->jump_add != NULL
      && !jg_store_add_jump_account (store, plan->jump_add, error))
    return FALSE;

  if (plan->jump_update != NULL
      && !jg_store_update_jump_account (store, plan->jump_update, error))
    return FALSE;

  for (guint i = 0; i < plan->accounts_add->len; i++)
    {
      if (!jg_store_add_account (store, g_ptr_array_index (plan->accounts_add,
                                                           i), error))
        return FALSE;
    }

  for (guint i = 0; i < plan->accounts_update->len; i++)
    {
      if (!jg_store_update_account (store,
                                    g_ptr_array_index (plan->accounts_update,
                                                       i), error))
        return FALSE;
    }

  for (guint i = 0; i < plan->roles_add->len; i++)
    {
      if (!jg_store_add_role (store, g_ptr_array_index (plan->roles_add, i),
                              error))
        return FALSE;
    }

  for (guint i = 0; i < plan->persons_add->len; i++)
    {
      if (!jg_store_add_person (store, g_ptr_array_index (plan->persons_add,
                                                          i), error))
        return FALSE;
    }

  for (guint i = 0; i < plan->principals_add->len; i++)
    {
      if (!jg_store_add_principal (store,
                                   g_ptr_array_index (plan->principals_add, i),
                                   error))
        return FALSE;
    }

  if (plan->grants->len > 0)
    {
      gint64 commit_id;

      commit_id = jg_store_record_applied_commit (store, plan->comment,
                                                  plan->self->author_arn,
                                                  plan->self->author_user,
                                                  plan->grants, error);
      if (commit_id == 0)
        return FALSE;

      plan->data->report->commit_id = commit_id;
      for (guint i = 0; i < plan->data->report->messages->len; i++)
        {
          JgImportMessage *message = g_ptr_array_index (plan->data->report->messages,
                                                        i);

          if (!jg_store_add_commit_message (store, commit_id, message->level,
                                            message->text, error))
            return FALSE;
        }
    }

  return TRUE;
}

static void
save (GTask *task)
{
  JgImport *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_auto(SavePlan) plan = { 0 };
  g_autoptr(GPtrArray) stored_accounts = NULL;
  g_autoptr(GPtrArray) stored_roles = NULL;
  g_autoptr(GHashTable) trusts = NULL;
  g_autoptr(GHashTable) principal_handles = NULL;
  g_autoptr(GError) error = NULL;

  emit_progress (self, JG_IMPORT_PHASE_SAVE, 0, 1);

  if (data->accounts->len == 0)
    report_add_message (data->report, "warning", NULL,
                        _("No target account was found in the organisation "
                          "or the store"));

  plan.self = self;
  plan.data = data;
  plan.accounts_add = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_account_free);
  plan.accounts_update = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_account_free);
  plan.roles_add = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_role_free);
  plan.persons_add = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_person_free);
  plan.principals_add = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_principal_free);
  plan.grants = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_change_free);
  trusts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify) g_hash_table_unref);
  principal_handles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             g_free);

  stored_accounts = jg_store_list_accounts (self->store, &error);
  if (stored_accounts != NULL)
    stored_roles = jg_store_list_roles (self->store, NULL, &error);

  if (stored_roles == NULL
      || !plan_jump_account (&plan, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  plan_accounts (&plan, stored_accounts);
  plan_roles (&plan, stored_roles, trusts);
  if (!plan_principals (&plan, principal_handles, &error)
      || !plan_grants (&plan, trusts, principal_handles, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  plan.comment = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Import from AWS, partition "
                                               "%s: %u grant that both "
                                               "documents already agree on",
                                               "Import from AWS, partition "
                                               "%s: %u grants that both "
                                               "documents already agree on",
                                               plan.grants->len),
                                  jg_partition_to_string (self->partition),
                                  plan.grants->len);

  if (!self->dry_run
      && !jg_store_run_transaction (self->store, apply_in_transaction, &plan,
                                    &error))
    {
      g_prefix_error (&error, _("Nothing was imported: "));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  emit_progress (self, JG_IMPORT_PHASE_SAVE, 1, 1);
  g_task_return_pointer (task, g_steal_pointer (&data->report),
                         (GDestroyNotify) jg_import_report_free);
}
