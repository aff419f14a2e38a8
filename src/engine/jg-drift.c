/* jg-drift.c: differences between the desired state and what AWS holds,
 * and their fix or adoption.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "aws/jg-aws.h"
#include "core/jg-policy.h"
#include "jg-drift.h"
#include "jg-engine.h"
#include "jg-import.h"

G_DEFINE_QUARK (jg-drift-error-quark, jg_drift_error)

static const char *const kind_names[] = {
  [JG_DRIFT_UNEXPECTED_GRANT] = "unexpected-grant",
  [JG_DRIFT_MISSING_GRANT] = "missing-grant",
  [JG_DRIFT_STATEMENT_EDITED] = "statement-edited",
  [JG_DRIFT_POLICY_REMOVED] = "policy-removed",
  [JG_DRIFT_STRAY_MEMBER] = "stray-member",
  [JG_DRIFT_PRINCIPAL_DELETED] = "principal-deleted",
  [JG_DRIFT_ROLE_DELETED] = "role-deleted",
};

const char *
jg_drift_kind_to_string (JgDriftKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

JgDriftItem *
jg_drift_item_copy (const JgDriftItem *self)
{
  JgDriftItem *copy = g_new0 (JgDriftItem, 1);

  copy->id = g_strdup (self->id);
  copy->kind = self->kind;
  copy->principal_arn = g_strdup (self->principal_arn);
  copy->role_arn = g_strdup (self->role_arn);
  copy->message = g_strdup (self->message);
  copy->can_fix = self->can_fix;
  copy->can_adopt = self->can_adopt;
  return copy;
}

void
jg_drift_item_free (JgDriftItem *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->principal_arn);
  g_free (self->role_arn);
  g_free (self->message);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgDriftItem, jg_drift_item, jg_drift_item_copy,
                     jg_drift_item_free)

JgDriftReport *
jg_drift_report_copy (const JgDriftReport *self)
{
  JgDriftReport *copy = g_new0 (JgDriftReport, 1);

  copy->items = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_drift_item_free);
  for (guint i = 0; i < self->items->len; i++)
    g_ptr_array_add (copy->items,
                     jg_drift_item_copy (g_ptr_array_index (self->items, i)));
  copy->errors = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->errors->len; i++)
    g_ptr_array_add (copy->errors,
                     g_strdup (g_ptr_array_index (self->errors, i)));
  copy->n_documents = self->n_documents;
  copy->n_unmanaged = self->n_unmanaged;
  return copy;
}

void
jg_drift_report_free (JgDriftReport *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->errors, g_ptr_array_unref);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgDriftReport, jg_drift_report, jg_drift_report_copy,
                     jg_drift_report_free)

JgDriftItem *
jg_drift_report_find (JgDriftReport *self,
                      const char    *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      JgDriftItem *item = g_ptr_array_index (self->items, i);

      if (g_ascii_strcasecmp (item->id, id) == 0)
        return item;
    }

  return NULL;
}

/* Items. */

/* The id depends only on what the item is about, so the same drift keeps
 * its id from one check to the next and "drift adopt ID" can name an item
 * found by an earlier run. */
static char *
item_id (JgDriftKind  kind,
         const char  *principal_arn,
         const char  *role_arn)
{
  g_autofree char *text = g_strdup_printf ("%s\n%s\n%s",
                                           jg_drift_kind_to_string (kind),
                                           principal_arn != NULL
                                           ? principal_arn : "",
                                           role_arn != NULL ? role_arn : "");
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                           text, -1);

  return g_strndup (digest, 8);
}

static void add_item (GPtrArray   *items,
                      JgDriftKind  kind,
                      const char  *principal_arn,
                      const char  *role_arn,
                      gboolean     can_fix,
                      gboolean     can_adopt,
                      const char  *format,
                      ...) G_GNUC_PRINTF (7, 8);

static void
add_item (GPtrArray   *items,
          JgDriftKind  kind,
          const char  *principal_arn,
          const char  *role_arn,
          gboolean     can_fix,
          gboolean     can_adopt,
          const char  *format,
          ...)
{
  JgDriftItem *item = g_new0 (JgDriftItem, 1);
  va_list args;

  va_start (args, format);
  item->message = g_strdup_vprintf (format, args);
  va_end (args);
  item->id = item_id (kind, principal_arn, role_arn);
  item->kind = kind;
  item->principal_arn = g_strdup (principal_arn);
  item->role_arn = g_strdup (role_arn);
  item->can_fix = can_fix;
  item->can_adopt = can_adopt;
  g_ptr_array_add (items, item);
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const JgDriftItem *item_a = *(const JgDriftItem *const *) a;
  const JgDriftItem *item_b = *(const JgDriftItem *const *) b;
  int result;

  if (item_a->kind != item_b->kind)
    return (int) item_a->kind - (int) item_b->kind;

  result = g_strcmp0 (item_a->principal_arn, item_b->principal_arn);
  if (result != 0)
    return result;

  return g_strcmp0 (item_a->role_arn, item_b->role_arn);
}

/* The documents of one side, as sets. */
typedef struct
{
  GHashTable *all;        /* members any document of the entity names */
  GHashTable *managed;    /* members Jumpgate's own document names */
} Members;

static void
members_free (Members *members)
{
  g_hash_table_unref (members->all);
  g_hash_table_unref (members->managed);
  g_free (members);
}

static Members *
members_new (void)
{
  Members *members = g_new0 (Members, 1);

  members->all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  members->managed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            NULL);
  return members;
}

static void
add_all (GHashTable *set,
         char      **strings)
{
  for (guint i = 0; strings != NULL && strings[i] != NULL; i++)
    g_hash_table_add (set, g_strdup (strings[i]));
}

typedef struct
{
  JgStore        *store;
  GPtrArray      *targets;
  JgDriftReport  *report;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_clear_object (&data->store);
  g_clear_pointer (&data->targets, g_ptr_array_unref);
  g_clear_pointer (&data->report, jg_drift_report_free);
  g_free (data);
}

static char *
pair_key (const char *principal_arn,
          const char *role_arn)
{
  return g_strconcat (principal_arn, "\n", role_arn, NULL);
}

/* Reads the user's documents into @users; returns FALSE when the user is
 * deleted or unknown. */
static gboolean
read_user (CheckData          *data,
           JgPlanDocuments    *documents,
           const JgPlanTarget *target,
           GHashTable         *last_actions,
           GHashTable         *desired_by_principal,
           GHashTable         *users)
{
  JgDriftReport *report = data->report;
  const char *document = NULL;
  gboolean exists = FALSE;
  GPtrArray *others;
  Members *members;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) managed = NULL;

  if (!jg_plan_documents_lookup (documents, target->kind, target->arn, &exists,
                                 &document))
    return FALSE;

  report->n_documents++;
  if (!exists)
    {
      add_item (report->items, JG_DRIFT_PRINCIPAL_DELETED, target->arn, NULL,
                FALSE, TRUE,
                _("User %s no longer exists in the jump account: create it "
                  "again, or adopt to revoke its grants and remove the "
                  "principal"), target->arn);
      return FALSE;
    }

  members = members_new ();
  g_hash_table_insert (users, g_strdup (target->arn), members);

  if (document != NULL)
    {
      managed = jg_policy_extract_assumable_roles (document, &error);
      if (managed == NULL)
        g_ptr_array_add (report->errors,
                         g_strdup_printf (_("The policy %s of %s cannot be "
                                            "read: %s"),
                                          JG_POLICY_ASSUME_ROLES_NAME,
                                          target->arn, error->message));
      add_all (members->managed, managed);
      add_all (members->all, managed);
    }
  else if (g_hash_table_contains (desired_by_principal, target->arn))
    {
      if (g_strcmp0 (g_hash_table_lookup (last_actions, target->arn),
                     "PutUserPolicy") == 0)
        add_item (report->items, JG_DRIFT_POLICY_REMOVED, target->arn, NULL,
                  TRUE, FALSE,
                  _("The inline policy %s that Jumpgate wrote for %s was "
                    "deleted"), JG_POLICY_ASSUME_ROLES_NAME, target->arn);
      else
        report->n_unmanaged++;
    }

  others = jg_plan_documents_get_other_user_policies (documents, target->arn,
                                                      NULL);
  for (guint i = 0; others != NULL && i < others->len; i++)
    {
      g_auto(GStrv) roles = NULL;

      g_clear_error (&error);
      roles = jg_policy_extract_assumable_roles (g_ptr_array_index (others, i),
                                                 &error);
      add_all (members->all, roles);
    }

  return TRUE;
}

static gboolean
read_role (CheckData          *data,
           JgPlanDocuments    *documents,
           const JgPlanTarget *target,
           GHashTable         *desired_by_role,
           GHashTable         *roles)
{
  JgDriftReport *report = data->report;
  const char *document = NULL;
  gboolean exists = FALSE;
  JgManagedStatementState state = JG_MANAGED_STATEMENT_ABSENT;
  gboolean require_mfa = TRUE;
  Members *members;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) all = NULL;
  g_auto(GStrv) managed = NULL;

  if (!jg_plan_documents_lookup (documents, target->kind, target->arn, &exists,
                                 &document))
    return FALSE;

  report->n_documents++;
  if (!exists)
    {
      add_item (report->items, JG_DRIFT_ROLE_DELETED, NULL, target->arn,
                FALSE, TRUE,
                _("Role %s no longer exists in account %s: create it again, "
                  "or adopt to revoke its grants and remove the role"),
                target->arn, target->account_id);
      return FALSE;
    }

  if (document == NULL)
    return FALSE;

  members = members_new ();
  g_hash_table_insert (roles, g_strdup (target->arn), members);

  all = jg_import_extract_trusted_principals (document, &error);
  if (all == NULL)
    {
      g_ptr_array_add (report->errors,
                       g_strdup_printf (_("The trust policy of %s cannot be "
                                          "read: %s"), target->arn,
                                        error->message));
      return TRUE;
    }
  add_all (members->all, all);

  if (!jg_policy_inspect_managed_statement (document, &state, &require_mfa,
                                            NULL))
    state = JG_MANAGED_STATEMENT_EDITED;

  if (state == JG_MANAGED_STATEMENT_EDITED)
    add_item (report->items, JG_DRIFT_STATEMENT_EDITED, NULL, target->arn,
              TRUE, FALSE,
              _("The statement %s of the trust policy of %s was changed by "
                "hand"), JG_POLICY_MANAGED_SID, target->arn);
  else if (state == JG_MANAGED_STATEMENT_AS_WRITTEN)
    {
      managed = jg_policy_extract_managed_principals (document, NULL);
      add_all (members->managed, managed);
    }
  else if (g_hash_table_contains (desired_by_role, target->arn))
    report->n_unmanaged++;

  return TRUE;
}

static void
add_desired (GHashTable *index,
             const char *key,
             const char *member)
{
  GHashTable *set = g_hash_table_lookup (index, key);

  if (set == NULL)
    {
      set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (index, g_strdup (key), set);
    }
  g_hash_table_add (set, g_strdup (member));
}

static gboolean
contains (GHashTable *index,
          const char *key,
          const char *member)
{
  Members *members = g_hash_table_lookup (index, key);

  return members != NULL && g_hash_table_contains (members->all, member);
}

static gboolean
contains_managed (GHashTable *index,
                  const char *key,
                  const char *member)
{
  Members *members = g_hash_table_lookup (index, key);

  return members != NULL && g_hash_table_contains (members->managed, member);
}

static void
compare (CheckData       *data,
         JgPlanDocuments *documents,
         GError         **error)
{
  JgDriftReport *report = data->report;
  g_autoptr(GPtrArray) grants = NULL;
  g_autoptr(GHashTable) last_actions = NULL;
  g_autoptr(GHashTable) desired = g_hash_table_new_full (g_str_hash,
                                                         g_str_equal, g_free,
                                                         NULL);
  g_autoptr(GHashTable) by_principal = NULL;
  g_autoptr(GHashTable) by_role = NULL;
  g_autoptr(GHashTable) users = NULL;
  g_autoptr(GHashTable) roles = NULL;
  g_autoptr(GHashTable) reported = g_hash_table_new_full (g_str_hash,
                                                          g_str_equal, g_free,
                                                          NULL);
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  grants = jg_store_list_grants (data->store, NULL, NULL, error);
  if (grants == NULL)
    return;
  last_actions = jg_store_load_last_actions (data->store, error);
  if (last_actions == NULL)
    return;

  by_principal = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_hash_table_unref);
  by_role = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) g_hash_table_unref);
  users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                 (GDestroyNotify) members_free);
  roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                 (GDestroyNotify) members_free);

  for (guint i = 0; i < grants->len; i++)
    {
      JgGrant *grant = g_ptr_array_index (grants, i);

      g_hash_table_add (desired, pair_key (grant->principal_arn,
                                           grant->role_arn));
      add_desired (by_principal, grant->principal_arn, grant->role_arn);
      add_desired (by_role, grant->role_arn, grant->principal_arn);
    }

  for (guint i = 0; i < data->targets->len; i++)
    {
      JgPlanTarget *target = g_ptr_array_index (data->targets, i);

      if (target->kind == JG_PLAN_DOCUMENT_USER_POLICY)
        read_user (data, documents, target, last_actions, by_principal, users);
      else
        read_role (data, documents, target, by_role, roles);
    }

  /* Desired grants: both documents must name the pair. */
  for (guint i = 0; i < grants->len; i++)
    {
      JgGrant *grant = g_ptr_array_index (grants, i);
      gboolean assertion;
      gboolean trust;

      if (!g_hash_table_contains (users, grant->principal_arn)
          || !g_hash_table_contains (roles, grant->role_arn))
        continue;

      assertion = contains (users, grant->principal_arn, grant->role_arn);
      trust = contains (roles, grant->role_arn, grant->principal_arn);
      if (assertion && trust)
        continue;

      add_item (report->items, JG_DRIFT_MISSING_GRANT, grant->principal_arn,
                grant->role_arn, TRUE, TRUE,
                !assertion && !trust
                ? _("%s may assume %s, but neither document grants it")
                : !assertion
                ? _("%s may assume %s, but no inline policy of the user "
                    "allows the role")
                : _("%s may assume %s, but the role's trust policy does not "
                    "name the user"),
                grant->handle, grant->role_arn);
    }

  /* Pairs that both documents grant, or that Jumpgate's own document
   * names, but that are not desired. */
  g_hash_table_iter_init (&iter, users);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Members *members = value;
      GHashTableIter roles_iter;
      gpointer role_arn;

      g_hash_table_iter_init (&roles_iter, members->all);
      while (g_hash_table_iter_next (&roles_iter, &role_arn, NULL))
        {
          g_autofree char *pair = pair_key (key, role_arn);
          gboolean managed;

          if (g_hash_table_contains (desired, pair)
              || !contains (roles, role_arn, key))
            continue;

          managed = contains_managed (users, key, role_arn)
                    || contains_managed (roles, role_arn, key);
          g_hash_table_add (reported, g_steal_pointer (&pair));
          if (managed)
            add_item (report->items, JG_DRIFT_UNEXPECTED_GRANT, key, role_arn,
                      TRUE, TRUE,
                      _("%s may assume %s in AWS, but the desired state does "
                        "not grant it"), (char *) key, (char *) role_arn);
          else
            add_item (report->items, JG_DRIFT_UNEXPECTED_GRANT, key, role_arn,
                      FALSE, TRUE,
                      _("%s may assume %s in AWS through statements that "
                        "Jumpgate does not manage: remove them in IAM, or "
                        "adopt the grant"), (char *) key, (char *) role_arn);
        }
    }

  g_hash_table_iter_init (&iter, users);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Members *members = value;
      GHashTableIter managed_iter;
      gpointer role_arn;

      g_hash_table_iter_init (&managed_iter, members->managed);
      while (g_hash_table_iter_next (&managed_iter, &role_arn, NULL))
        {
          g_autofree char *pair = pair_key (key, role_arn);

          if (g_hash_table_contains (desired, pair)
              || g_hash_table_contains (reported, pair))
            continue;

          add_item (report->items, JG_DRIFT_STRAY_MEMBER, key, role_arn,
                    TRUE, FALSE,
                    _("The policy %s of %s allows %s, which the desired "
                      "state does not grant"), JG_POLICY_ASSUME_ROLES_NAME,
                    (char *) key, (char *) role_arn);
        }
    }

  g_hash_table_iter_init (&iter, roles);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Members *members = value;
      GHashTableIter managed_iter;
      gpointer principal_arn;

      g_hash_table_iter_init (&managed_iter, members->managed);
      while (g_hash_table_iter_next (&managed_iter, &principal_arn, NULL))
        {
          g_autofree char *pair = pair_key (principal_arn, key);

          if (g_hash_table_contains (desired, pair)
              || g_hash_table_contains (reported, pair))
            continue;

          add_item (report->items, JG_DRIFT_STRAY_MEMBER, principal_arn, key,
                    TRUE, FALSE,
                    _("The statement %s of the trust policy of %s names %s, "
                      "which the desired state does not grant"),
                    JG_POLICY_MANAGED_SID, (char *) key,
                    (char *) principal_arn);
        }
    }

  g_ptr_array_sort (report->items, compare_items);
}

static void
on_documents_read_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(JgPlanDocuments) documents = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) cache_error = NULL;

  documents = jg_plan_read_documents_finish (JG_SESSION_MANAGER (source),
                                             result, &errors, &error);
  if (documents == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < errors->len; i++)
    g_ptr_array_add (data->report->errors,
                     g_strdup (g_ptr_array_index (errors, i)));

  compare (data, documents, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The documents just read are the freshest copy for offline plans. */
  if (!jg_plan_documents_save_cache (documents, data->store, data->targets,
                                     &cache_error))
    g_warning ("Cannot cache the documents read for the drift check: %s",
               cache_error->message);

  g_task_return_pointer (task, g_steal_pointer (&data->report),
                         (GDestroyNotify) jg_drift_report_free);
}

void
jg_drift_check_async (JgStore             *store,
                      JgSessionManager    *sessions,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  CheckData *data;

  g_return_if_fail (JG_IS_STORE (store));
  g_return_if_fail (JG_IS_SESSION_MANAGER (sessions));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, jg_drift_check_async);

  data = g_new0 (CheckData, 1);
  data->store = g_object_ref (store);
  data->report = g_new0 (JgDriftReport, 1);
  data->report->items = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_drift_item_free);
  data->report->errors = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);

  /* Every principal and role of the store; the members of these targets
   * (which include staged changes) are not used, only which documents
   * exist. */
  data->targets = jg_plan_collect_targets (store, JG_PLAN_SCOPE_ALL, 0,
                                           &error);
  if (data->targets == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  jg_plan_read_documents_async (sessions, store, data->targets, cancellable,
                                on_documents_read_cb, g_steal_pointer (&task));
}

JgDriftReport *
jg_drift_check_finish (JgStore       *store,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Adoption. */

static gboolean
list_entity_grants (JgStore     *store,
                    const char  *principal_arn,
                    const char  *role_arn,
                    GPtrArray   *changes,
                    GError     **error)
{
  g_autoptr(GPtrArray) grants = jg_store_list_grants (store, NULL, NULL,
                                                      error);

  if (grants == NULL)
    return FALSE;

  for (guint i = 0; i < grants->len; i++)
    {
      JgGrant *grant = g_ptr_array_index (grants, i);
      JgChange *change;

      if ((principal_arn != NULL
           && g_strcmp0 (grant->principal_arn, principal_arn) != 0)
          || (role_arn != NULL && g_strcmp0 (grant->role_arn, role_arn) != 0))
        continue;

      change = g_new0 (JgChange, 1);
      change->kind = JG_CHANGE_REVOKE;
      change->handle = g_strdup (grant->handle);
      change->principal_arn = g_strdup (grant->principal_arn);
      change->role_arn = g_strdup (grant->role_arn);
      g_ptr_array_add (changes, change);
    }

  return TRUE;
}

typedef struct
{
  const JgDriftItem *item;
  GPtrArray         *changes;
  char              *comment;
  const char        *author_user;
  gint64             commit_id;
} AdoptData;

static gboolean
adopt_in_transaction (JgStore  *store,
                      gpointer  user_data,
                      GError  **error)
{
  AdoptData *data = user_data;
  const JgDriftItem *item = data->item;

  if (data->changes->len > 0)
    {
      data->commit_id = jg_store_record_applied_commit (store, data->comment,
                                                        NULL,
                                                        data->author_user,
                                                        data->changes, error);
      if (data->commit_id == 0
          || !jg_store_add_commit_message (store, data->commit_id, "info",
                                           item->message, error))
        return FALSE;
    }

  if (item->kind == JG_DRIFT_PRINCIPAL_DELETED)
    return jg_store_remove_principal (store, item->principal_arn, error);

  if (item->kind == JG_DRIFT_ROLE_DELETED)
    return jg_store_remove_role (store, item->role_arn, error);

  return TRUE;
}

gint64
jg_drift_adopt (JgStore            *store,
                const JgDriftItem  *item,
                const char         *author_user,
                GError            **error)
{
  g_autoptr(GPtrArray) changes = NULL;
  AdoptData data = { item, NULL, NULL, author_user, 0 };
  JgChange *change;

  g_return_val_if_fail (JG_IS_STORE (store), -1);
  g_return_val_if_fail (item != NULL, -1);
  g_return_val_if_fail (author_user != NULL, -1);

  if (!item->can_adopt)
    {
      g_set_error (error, JG_DRIFT_ERROR, JG_DRIFT_ERROR_NOT_POSSIBLE,
                   _("Drift item %s (%s) cannot be adopted, because the "
                     "desired state has nothing to take from it: fix it "
                     "with “drift fix %s” instead"),
                   item->id, jg_drift_kind_to_string (item->kind), item->id);
      return -1;
    }

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_change_free);
  switch (item->kind)
    {
    case JG_DRIFT_UNEXPECTED_GRANT:
    case JG_DRIFT_MISSING_GRANT:
      change = g_new0 (JgChange, 1);
      change->kind = item->kind == JG_DRIFT_UNEXPECTED_GRANT ? JG_CHANGE_GRANT
                                                             : JG_CHANGE_REVOKE;
      change->handle = g_strdup ("");
      change->principal_arn = g_strdup (item->principal_arn);
      change->role_arn = g_strdup (item->role_arn);
      g_ptr_array_add (changes, change);
      break;

    case JG_DRIFT_PRINCIPAL_DELETED:
    case JG_DRIFT_ROLE_DELETED:
      if (!list_entity_grants (store, item->principal_arn, item->role_arn,
                               changes, error))
        return -1;
      break;

    case JG_DRIFT_STATEMENT_EDITED:
    case JG_DRIFT_POLICY_REMOVED:
    case JG_DRIFT_STRAY_MEMBER:
    default:
      g_assert_not_reached ();
    }

  data.changes = changes;
  data.comment = g_strdup_printf (_("Adopt drift %s (%s)"), item->id,
                                  jg_drift_kind_to_string (item->kind));
  if (!jg_store_run_transaction (store, adopt_in_transaction, &data, error))
    {
      g_free (data.comment);
      return -1;
    }

  g_free (data.comment);
  return data.commit_id;
}

/* Fix: writing the affected documents again. */

typedef struct
{
  JgStore           *store;
  JgSessionManager  *sessions;
  GPtrArray         *targets;
  GHashTable        *admin_roles;
  char              *comment;
  char              *author_user;
  JgPlan            *plan;
  gint64             commit_id;
  int                lock_fd;
  guint              pending;
  guint              n_succeeded;
  guint              n_failed;
  JgCommitStatus     status;
} FixData;

static void
fix_data_free (FixData *data)
{
  if (data->lock_fd >= 0)
    jg_commit_lock_release (data->lock_fd);
  g_clear_object (&data->store);
  g_clear_object (&data->sessions);
  g_clear_pointer (&data->targets, g_ptr_array_unref);
  g_clear_pointer (&data->admin_roles, g_hash_table_unref);
  g_free (data->comment);
  g_free (data->author_user);
  g_clear_pointer (&data->plan, jg_plan_free);
  g_free (data);
}

typedef struct
{
  GTask          *task;
  JgCommitAction *action;
  JgPlanAction   *plan_action;   /* borrowed from the plan */
  JgAwsTarget    *target;
  gint64          started;
} ActionWrite;

static void
action_write_free (ActionWrite *write)
{
  g_clear_object (&write->task);
  g_clear_pointer (&write->action, jg_commit_action_free);
  g_clear_pointer (&write->target, jg_aws_target_free);
  g_free (write);
}

static void
fix_finish_commit (GTask *task)
{
  FixData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (data->n_failed == 0)
    data->status = JG_COMMIT_SUCCEEDED;
  else if (data->n_succeeded > 0)
    data->status = JG_COMMIT_PARTIAL;
  else
    data->status = JG_COMMIT_FAILED;

  if (!jg_store_finish_commit (data->store, data->commit_id, data->status,
                               &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_int (task, data->commit_id);
}

static void
on_action_written_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ActionWrite *write = user_data;
  FixData *data = g_task_get_task_data (write->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;
  const JgAwsCallInfo *info = jg_aws_call_info_get (result);
  gboolean ok;
  g_autoptr(GTask) task = g_object_ref (write->task);

  if (write->plan_action->operation == JG_PLAN_OPERATION_PUT_USER_POLICY)
    ok = jg_iam_put_user_policy_finish (JG_AWS_CLIENT (source), result,
                                        &error);
  else if (write->plan_action->operation == JG_PLAN_OPERATION_DELETE_USER_POLICY)
    ok = jg_iam_delete_user_policy_finish (JG_AWS_CLIENT (source), result,
                                           &error);
  else
    ok = jg_iam_update_assume_role_policy_finish (JG_AWS_CLIENT (source),
                                                  result, &error);

  write->action->status = ok ? JG_ACTION_SUCCEEDED : JG_ACTION_FAILED;
  write->action->duration_ms = (g_get_monotonic_time () - write->started)
                               / 1000;
  if (info != NULL)
    {
      write->action->attempts = (int) info->attempts;
      g_free (write->action->request_id);
      write->action->request_id = g_strdup (info->request_id);
    }
  if (!ok)
    {
      write->action->error_code = g_strdup (jg_aws_error_get_aws_code (error));
      write->action->error_message = g_strdup (error->message);
      data->n_failed++;
    }
  else
    data->n_succeeded++;

  if (!jg_store_update_commit_action (data->store, write->action,
                                      &store_error))
    g_warning ("Cannot journal action %" G_GINT64_FORMAT ": %s",
               write->action->id, store_error->message);

  action_write_free (write);
  if (--data->pending == 0)
    fix_finish_commit (task);
}

static void
on_action_credentials_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  ActionWrite *write = user_data;
  FixData *data = g_task_get_task_data (write->task);
  GCancellable *cancellable = g_task_get_cancellable (write->task);
  JgAwsClient *client = jg_session_manager_get_client (data->sessions);
  g_autoptr(JgAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  JgPlanAction *action = write->plan_action;

  credentials = jg_session_manager_get_credentials_finish (JG_SESSION_MANAGER (source),
                                                           result, &error);
  if (credentials == NULL)
    {
      g_autoptr(GTask) task = g_object_ref (write->task);

      write->action->status = JG_ACTION_FAILED;
      write->action->error_message = g_strdup (error->message);
      jg_store_update_commit_action (data->store, write->action, NULL);
      data->n_failed++;
      action_write_free (write);
      if (--data->pending == 0)
        fix_finish_commit (task);
      return;
    }

  write->target = jg_aws_target_new (credentials, action->partition, NULL,
                                     action->account_id);
  write->started = g_get_monotonic_time ();
  switch (action->operation)
    {
    case JG_PLAN_OPERATION_PUT_USER_POLICY:
      jg_iam_put_user_policy_async (client, write->target, action->entity_name,
                                    JG_POLICY_ASSUME_ROLES_NAME, action->after,
                                    cancellable, on_action_written_cb, write);
      break;

    case JG_PLAN_OPERATION_DELETE_USER_POLICY:
      jg_iam_delete_user_policy_async (client, write->target,
                                       action->entity_name,
                                       JG_POLICY_ASSUME_ROLES_NAME,
                                       cancellable, on_action_written_cb,
                                       write);
      break;

    case JG_PLAN_OPERATION_UPDATE_ASSUME_ROLE_POLICY:
    default:
      jg_iam_update_assume_role_policy_async (client, write->target,
                                              action->entity_name,
                                              action->after, cancellable,
                                              on_action_written_cb, write);
      break;
    }
}

static void
on_fix_documents_read_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FixData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(JgPlanDocuments) documents = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *violations = NULL;

  documents = jg_plan_read_documents_finish (JG_SESSION_MANAGER (source),
                                             result, &errors, &error);
  if (documents == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (errors->len > 0)
    {
      g_task_return_new_error (task, JG_DRIFT_ERROR, JG_DRIFT_ERROR_PLAN,
                               _("Nothing was written, because %s"),
                               (char *) g_ptr_array_index (errors, 0));
      return;
    }

  data->plan = jg_plan_compute (data->targets, documents);
  violations = jg_plan_dup_violations_message (data->plan);
  if (violations != NULL)
    {
      g_task_return_new_error (task, JG_DRIFT_ERROR, JG_DRIFT_ERROR_PLAN,
                               _("Nothing was written: %s"), violations);
      return;
    }

  if (data->plan->actions->len == 0)
    {
      data->status = JG_COMMIT_SUCCEEDED;
      g_task_return_int (task, 0);
      return;
    }

  /* NOTE: this re-apply journals its own actions instead of going
   * through JgCommitRunner, so it has no resume path and stores no user
   * configurations; the runner has no public re-apply call yet. */
  data->commit_id = jg_store_begin_reapply_commit (data->store, data->comment,
                                                   NULL, data->author_user,
                                                   &error);
  if (data->commit_id == 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Every action is journalled as pending before the first write, so a
   * crash leaves a record of what was about to happen. */
  data->pending = data->plan->actions->len;
  for (guint i = 0; i < data->plan->actions->len; i++)
    {
      JgPlanAction *action = g_ptr_array_index (data->plan->actions, i);
      ActionWrite *write = g_new0 (ActionWrite, 1);
      const char *admin_role = NULL;

      write->task = g_object_ref (task);
      write->plan_action = action;
      write->action = g_new0 (JgCommitAction, 1);
      write->action->commit_id = data->commit_id;
      write->action->position = (int) i + 1;
      write->action->operation = g_strdup (jg_plan_operation_to_string (action->operation));
      write->action->target_arn = g_strdup (action->target_arn);
      write->action->account_id = g_strdup (action->account_id);
      write->action->document_before = g_strdup (action->before);
      write->action->document_after = g_strdup (action->after);
      write->action->status = JG_ACTION_RUNNING;
      if (!jg_store_add_commit_action (data->store, write->action, &error))
        g_warning ("Cannot journal an action of commit %" G_GINT64_FORMAT
                   ": %s", data->commit_id, error->message);
      g_clear_error (&error);

      if (action->operation == JG_PLAN_OPERATION_UPDATE_ASSUME_ROLE_POLICY)
        {
          admin_role = g_hash_table_lookup (data->admin_roles,
                                            action->account_id);
          if (admin_role == NULL)
            admin_role = JG_DEFAULT_ADMIN_ROLE;
        }

      jg_session_manager_get_credentials_async (data->sessions,
                                                action->partition,
                                                admin_role != NULL
                                                ? action->account_id : NULL,
                                                admin_role, cancellable,
                                                on_action_credentials_cb,
                                                write);
    }
}

static void
add_affected (GHashTable        *set,
              const JgDriftItem *item)
{
  if (item->principal_arn != NULL)
    g_hash_table_add (set, item->principal_arn);
  if (item->role_arn != NULL)
    g_hash_table_add (set, item->role_arn);
}

void
jg_drift_fix_async (JgStore             *store,
                    JgSessionManager    *sessions,
                    GPtrArray           *items,
                    const char          *comment,
                    const char          *author_user,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) staged = NULL;
  g_autoptr(GPtrArray) all_targets = NULL;
  g_autoptr(GHashTable) affected = g_hash_table_new (g_str_hash, g_str_equal);
  FixData *data;

  g_return_if_fail (JG_IS_STORE (store));
  g_return_if_fail (JG_IS_SESSION_MANAGER (sessions));
  g_return_if_fail (items != NULL);
  g_return_if_fail (comment != NULL);
  g_return_if_fail (author_user != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, jg_drift_fix_async);

  data = g_new0 (FixData, 1);
  data->lock_fd = -1;
  data->store = g_object_ref (store);
  data->sessions = g_object_ref (sessions);
  data->comment = g_strdup (comment);
  data->author_user = g_strdup (author_user);
  g_task_set_task_data (task, data, (GDestroyNotify) fix_data_free);

  for (guint i = 0; i < items->len; i++)
    {
      JgDriftItem *item = g_ptr_array_index (items, i);

      if (!item->can_fix)
        {
          g_task_return_new_error (task, JG_DRIFT_ERROR,
                                   JG_DRIFT_ERROR_NOT_POSSIBLE,
                                   _("Drift item %s (%s) cannot be fixed by "
                                     "writing Jumpgate's documents again: "
                                     "%s"),
                                   item->id,
                                   jg_drift_kind_to_string (item->kind),
                                   item->message);
          return;
        }
      add_affected (affected, item);
    }

  /* The plan's targets include the staged changes, so writing them here
   * would apply changes that were never committed. */
  staged = jg_store_list_staged (store, &error);
  if (staged == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (staged->len > 0)
    {
      g_task_return_new_error (task, JG_DRIFT_ERROR, JG_DRIFT_ERROR_STAGED,
                               _("The staging area holds %u changes: commit "
                                 "or discard them before fixing drift"),
                               staged->len);
      return;
    }

  data->lock_fd = jg_commit_lock_acquire (jg_store_get_path (store), &error);
  if (data->lock_fd < 0)
    {
      g_task_return_new_error (task, JG_DRIFT_ERROR, JG_DRIFT_ERROR_BUSY,
                               "%s", error->message);
      return;
    }

  all_targets = jg_plan_collect_targets (store, JG_PLAN_SCOPE_ALL, 0, &error);
  if (all_targets == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->admin_roles = jg_engine_load_admin_roles (store, &error);
  if (data->admin_roles == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_plan_target_free);
  for (guint i = 0; i < all_targets->len; i++)
    {
      JgPlanTarget *target = g_ptr_array_index (all_targets, i);

      if (g_hash_table_contains (affected, target->arn))
        g_ptr_array_add (data->targets, jg_plan_target_copy (target));
    }

  jg_plan_read_documents_async (sessions, store, data->targets, cancellable,
                                on_fix_documents_read_cb,
                                g_steal_pointer (&task));
}

gint64
jg_drift_fix_finish (JgStore         *store,
                     GAsyncResult    *result,
                     JgCommitStatus  *out_status,
                     GError         **error)
{
  FixData *data;
  gint64 commit_id;

  g_return_val_if_fail (g_task_is_valid (result, store), -1);

  commit_id = g_task_propagate_int (G_TASK (result), error);
  data = g_task_get_task_data (G_TASK (result));
  if (out_status != NULL)
    *out_status = data->status;
  return commit_id;
}
