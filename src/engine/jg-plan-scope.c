/* jg-plan-scope.c: which documents a plan looks at, and what each must
 * grant, from the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "jg-plan.h"

/* The desired state as two indexes of the same edges. Every string is
 * borrowed from the grants and changes read from the store, which live
 * as long as the indexes, because copying them took much of the time of
 * collecting the targets of a large organisation. */
typedef struct
{
  /* principal ARN → GHashTable (role ARN → handle) */
  GHashTable *by_principal;
  /* role ARN → GHashTable (principal ARN → handle) */
  GHashTable *by_role;
} Edges;

static void
edges_clear (Edges *edges)
{
  g_clear_pointer (&edges->by_principal, g_hash_table_unref);
  g_clear_pointer (&edges->by_role, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Edges, edges_clear)

static GHashTable *
edges_side (GHashTable *index,
            const char *key)
{
  GHashTable *side = g_hash_table_lookup (index, key);

  if (side == NULL)
    {
      side = g_hash_table_new (g_str_hash, g_str_equal);
      g_hash_table_insert (index, (gpointer) key, side);
    }

  return side;
}

static void
edges_add (Edges      *edges,
           const char *handle,
           const char *principal_arn,
           const char *role_arn)
{
  g_hash_table_replace (edges_side (edges->by_principal, principal_arn),
                        (gpointer) role_arn, (gpointer) handle);
  g_hash_table_replace (edges_side (edges->by_role, role_arn),
                        (gpointer) principal_arn, (gpointer) handle);
}

static void
edges_remove (Edges      *edges,
              const char *principal_arn,
              const char *role_arn)
{
  GHashTable *roles = g_hash_table_lookup (edges->by_principal, principal_arn);
  GHashTable *principals = g_hash_table_lookup (edges->by_role, role_arn);

  if (roles != NULL)
    g_hash_table_remove (roles, role_arn);
  if (principals != NULL)
    g_hash_table_remove (principals, principal_arn);
}

/* The keys of @table, borrowed (GLib 2.74 lacks
 * g_hash_table_get_keys_as_ptr_array()). */
static GPtrArray *
keys_as_ptr_array (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);

  return keys;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Fills the target's members (the keys of @side, sorted) and its grants
 * ("HANDLE ROLE_ARN", sorted). */
static void
fill_members (JgPlanTarget *target,
              GHashTable   *side)
{
  GHashTableIter iter;
  gpointer key, value;

  target->members = g_ptr_array_new_with_free_func (g_free);
  target->grants = g_ptr_array_new_with_free_func (g_free);
  if (side == NULL)
    return;

  g_hash_table_iter_init (&iter, side);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_ptr_array_add (target->members, g_strdup (key));
      if (target->kind == JG_PLAN_DOCUMENT_USER_POLICY)
        g_ptr_array_add (target->grants,
                         g_strconcat (value, " ", key, NULL));
      else
        g_ptr_array_add (target->grants,
                         g_strconcat (value, " ", target->arn, NULL));
    }

  g_ptr_array_sort (target->members, compare_strings);
  g_ptr_array_sort (target->grants, compare_strings);
}

static JgPlanTarget *
user_target_new (const char   *principal_arn,
                 GHashTable   *principals,
                 Edges        *edges,
                 GError      **error)
{
  g_autoptr(JgPlanTarget) target = g_new0 (JgPlanTarget, 1);
  g_autoptr(JgArn) arn = jg_arn_parse (principal_arn, error);
  JgPrincipal *principal = g_hash_table_lookup (principals, principal_arn);

  if (arn == NULL)
    return NULL;

  target->kind = JG_PLAN_DOCUMENT_USER_POLICY;
  target->arn = g_strdup (principal_arn);
  target->partition = arn->partition;
  target->account_id = g_strdup (arn->account_id);
  /* A principal removed from the store keeps its ARN in the grants'
   * history, which still names the user. */
  target->entity_name = g_strdup (principal != NULL ? principal->user_name
                                                    : arn->name);
  target->size_limit = JG_USER_INLINE_POLICIES_LIMIT;
  fill_members (target, g_hash_table_lookup (edges->by_principal,
                                             principal_arn));
  return g_steal_pointer (&target);
}

static JgPlanTarget *
trust_target_new (const char   *role_arn,
                  GHashTable   *roles,
                  GHashTable   *accounts,
                  Edges        *edges,
                  GError      **error)
{
  g_autoptr(JgPlanTarget) target = g_new0 (JgPlanTarget, 1);
  g_autoptr(JgArn) arn = jg_arn_parse (role_arn, error);
  JgRole *role = g_hash_table_lookup (roles, role_arn);
  JgAccount *account;

  if (arn == NULL)
    return NULL;

  account = g_hash_table_lookup (accounts, arn->account_id);
  target->kind = JG_PLAN_DOCUMENT_TRUST_POLICY;
  target->arn = g_strdup (role_arn);
  target->partition = arn->partition;
  target->account_id = g_strdup (arn->account_id);
  target->entity_name = g_strdup (role != NULL ? role->name : arn->name);
  target->require_mfa = role != NULL ? role->require_mfa : TRUE;
  target->size_limit = account != NULL ? account->trust_policy_limit
                                       : JG_TRUST_POLICY_DEFAULT_LIMIT;
  fill_members (target, g_hash_table_lookup (edges->by_role, role_arn));
  return g_steal_pointer (&target);
}

/* Indexes @items (owned) by the string member at @offset. */
static GHashTable *
index_by (GPtrArray *items,
          gsize      offset)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             NULL);

  for (guint i = 0; i < items->len; i++)
    {
      gpointer item = g_ptr_array_index (items, i);

      g_hash_table_insert (index, G_STRUCT_MEMBER (char *, item, offset),
                           item);
    }

  return index;
}

static void
add_changes (GPtrArray  *changes,
             Edges      *edges,
             gboolean    apply,
             GHashTable *principal_set,
             GHashTable *role_set)
{
  for (guint i = 0; i < changes->len; i++)
    {
      JgChange *change = g_ptr_array_index (changes, i);

      if (apply && change->kind == JG_CHANGE_GRANT)
        edges_add (edges, change->handle, change->principal_arn,
                   change->role_arn);
      else if (apply)
        edges_remove (edges, change->principal_arn, change->role_arn);

      g_hash_table_add (principal_set, change->principal_arn);
      g_hash_table_add (role_set, change->role_arn);
    }
}

static GPtrArray *
sorted_keys (GHashTable *set)
{
  GPtrArray *keys = keys_as_ptr_array (set);

  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

/* Returns the targets of a plan, user policies first, each group sorted
 * by ARN. For JG_PLAN_SCOPE_COMMIT, @commit_id names the commit whose
 * requested changes say which documents are affected. */
GPtrArray *
jg_plan_collect_targets (JgStore      *store,
                         JgPlanScope   scope,
                         gint64        commit_id,
                         GError      **error)
{
  g_autoptr(GPtrArray) grants = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) principal_list = NULL;
  g_autoptr(GPtrArray) role_list = NULL;
  g_autoptr(GPtrArray) account_list = NULL;
  g_autoptr(GHashTable) principals = NULL;
  g_autoptr(GHashTable) roles = NULL;
  g_autoptr(GHashTable) accounts = NULL;
  g_autoptr(GHashTable) principal_set = g_hash_table_new (g_str_hash,
                                                          g_str_equal);
  g_autoptr(GHashTable) role_set = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GPtrArray) principal_arns = NULL;
  g_autoptr(GPtrArray) role_arns = NULL;
  g_auto(Edges) edges = { NULL, NULL };

  g_return_val_if_fail (JG_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  edges.by_principal = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) g_hash_table_unref);
  edges.by_role = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) g_hash_table_unref);

  grants = jg_store_list_grants (store, NULL, NULL, error);
  if (grants == NULL)
    return NULL;
  for (guint i = 0; i < grants->len; i++)
    {
      JgGrant *grant = g_ptr_array_index (grants, i);

      edges_add (&edges, grant->handle, grant->principal_arn,
                 grant->role_arn);
    }

  principal_list = jg_store_list_principals (store, NULL, error);
  if (principal_list == NULL)
    return NULL;
  role_list = jg_store_list_roles (store, NULL, error);
  if (role_list == NULL)
    return NULL;
  account_list = jg_store_list_accounts (store, error);
  if (account_list == NULL)
    return NULL;

  principals = index_by (principal_list, G_STRUCT_OFFSET (JgPrincipal, arn));
  roles = index_by (role_list, G_STRUCT_OFFSET (JgRole, arn));
  accounts = index_by (account_list, G_STRUCT_OFFSET (JgAccount, id));

  if (scope == JG_PLAN_SCOPE_COMMIT)
    changes = jg_store_list_requested_changes (store, commit_id, error);
  else
    changes = jg_store_list_staged (store, error);
  if (changes == NULL)
    return NULL;

  /* A commit's changes are already part of the grants in force; staged
   * ones are applied here to show what committing them would do. */
  add_changes (changes, &edges, scope != JG_PLAN_SCOPE_COMMIT,
               principal_set, role_set);

  if (scope == JG_PLAN_SCOPE_ALL)
    {
      for (guint i = 0; i < principal_list->len; i++)
        g_hash_table_add (principal_set,
                          ((JgPrincipal *) g_ptr_array_index (principal_list,
                                                              i))->arn);
      for (guint i = 0; i < role_list->len; i++)
        g_hash_table_add (role_set,
                          ((JgRole *) g_ptr_array_index (role_list, i))->arn);
      for (guint i = 0; i < grants->len; i++)
        {
          JgGrant *grant = g_ptr_array_index (grants, i);

          g_hash_table_add (principal_set, grant->principal_arn);
          g_hash_table_add (role_set, grant->role_arn);
        }
    }

  targets = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_plan_target_free);
  principal_arns = sorted_keys (principal_set);
  role_arns = sorted_keys (role_set);

  for (guint i = 0; i < principal_arns->len; i++)
    {
      JgPlanTarget *target = user_target_new (g_ptr_array_index (principal_arns,
                                                                 i),
                                              principals, &edges, error);

      if (target == NULL)
        return NULL;
      g_ptr_array_add (targets, target);
    }

  for (guint i = 0; i < role_arns->len; i++)
    {
      JgPlanTarget *target = trust_target_new (g_ptr_array_index (role_arns, i),
                                               roles, accounts, &edges, error);

      if (target == NULL)
        return NULL;
      g_ptr_array_add (targets, target);
    }

  return g_steal_pointer (&targets);
}
