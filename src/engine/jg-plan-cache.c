/* jg-plan-cache.c: current documents from and to the store's document
 * cache, for plans made with --offline.
 *
 * Cache keys: a principal's ARN holds its jumpgate-assume-roles policy
 * (NULL when it has none), "ARN#NAME" each of its other inline policies,
 * and a role's ARN its trust policy. IAM names cannot contain "#", so
 * the key after the last "#" is always a policy name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "jg-plan.h"

typedef struct
{
  GPtrArray *names;
  GPtrArray *documents;
} OtherPolicies;

static void
other_policies_free (OtherPolicies *others)
{
  g_ptr_array_unref (others->names);
  g_ptr_array_unref (others->documents);
  g_free (others);
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

/* Groups the "ARN#NAME" entries of @cache by ARN. Names are sorted, so
 * that the documents come out in the same order every time. */
static GHashTable *
group_other_policies (GHashTable *cache)
{
  GHashTable *grouped;
  g_autoptr(GPtrArray) keys = NULL;

  grouped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) other_policies_free);
  keys = keys_as_ptr_array (cache);
  g_ptr_array_sort (keys, compare_strings);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      const char *hash = strrchr (key, '#');
      g_autofree char *arn = NULL;
      OtherPolicies *others;

      if (hash == NULL)
        continue;

      arn = g_strndup (key, (gsize) (hash - key));
      others = g_hash_table_lookup (grouped, arn);
      if (others == NULL)
        {
          others = g_new0 (OtherPolicies, 1);
          others->names = g_ptr_array_new_with_free_func (g_free);
          others->documents = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (grouped, g_strdup (arn), others);
        }

      g_ptr_array_add (others->names, g_strdup (hash + 1));
      g_ptr_array_add (others->documents,
                       g_strdup (g_hash_table_lookup (cache, key)));
    }

  return grouped;
}

/* Returns the cached documents of @targets. A target that is not cached
 * stays unknown, which the plan reports. Users and roles found in the
 * cache are assumed to exist: the cache does not record deletions. */
JgPlanDocuments *
jg_plan_documents_load_cache (JgStore    *store,
                              GPtrArray  *targets,
                              GError    **error)
{
  g_autoptr(GHashTable) users = NULL;
  g_autoptr(GHashTable) trusts = NULL;
  g_autoptr(GHashTable) others = NULL;
  g_autoptr(JgPlanDocuments) documents = jg_plan_documents_new ();

  g_return_val_if_fail (JG_IS_STORE (store), NULL);
  g_return_val_if_fail (targets != NULL, NULL);

  users = jg_store_load_document_cache (store, JG_PLAN_CACHE_USER_POLICY,
                                        error);
  if (users == NULL)
    return NULL;

  trusts = jg_store_load_document_cache (store, JG_PLAN_CACHE_TRUST_POLICY,
                                         error);
  if (trusts == NULL)
    return NULL;

  others = group_other_policies (users);

  for (guint i = 0; i < targets->len; i++)
    {
      const JgPlanTarget *target = g_ptr_array_index (targets, i);
      gpointer document = NULL;

      if (target->kind == JG_PLAN_DOCUMENT_TRUST_POLICY)
        {
          if (g_hash_table_lookup_extended (trusts, target->arn, NULL,
                                            &document))
            jg_plan_documents_set_role (documents, target->arn, TRUE,
                                        document);
        }
      else if (g_hash_table_lookup_extended (users, target->arn, NULL,
                                             &document))
        {
          OtherPolicies *other = g_hash_table_lookup (others, target->arn);
          g_autoptr(GPtrArray) names = g_ptr_array_new ();
          g_autoptr(GPtrArray) texts = g_ptr_array_new ();

          for (guint j = 0; other != NULL && j < other->names->len; j++)
            {
              g_ptr_array_add (names, g_ptr_array_index (other->names, j));
              g_ptr_array_add (texts, g_ptr_array_index (other->documents,
                                                         j));
            }
          g_ptr_array_add (names, NULL);
          g_ptr_array_add (texts, NULL);

          jg_plan_documents_set_user (documents, target->arn, TRUE, document,
                                      (const char *const *) names->pdata,
                                      (const char *const *) texts->pdata);
        }
    }

  return g_steal_pointer (&documents);
}

/* Writes every document of @self that exists to the cache: a user's
 * entry only when its other inline policies are known, because the
 * cache entry promises that they are. */
gboolean
jg_plan_documents_save_cache (JgPlanDocuments  *self,
                              JgStore          *store,
                              GPtrArray        *targets,
                              GError          **error)
{
  g_autoptr(GPtrArray) user_keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) user_texts = g_ptr_array_new ();
  g_autoptr(GPtrArray) role_keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) role_texts = g_ptr_array_new ();

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (JG_IS_STORE (store), FALSE);

  for (guint i = 0; i < targets->len; i++)
    {
      const JgPlanTarget *target = g_ptr_array_index (targets, i);
      const char *document = NULL;
      gboolean exists = FALSE;

      if (!jg_plan_documents_lookup (self, target->kind, target->arn,
                                     &exists, &document) || !exists)
        continue;

      if (target->kind == JG_PLAN_DOCUMENT_TRUST_POLICY)
        {
          g_ptr_array_add (role_keys, target->arn);
          g_ptr_array_add (role_texts, (gpointer) document);
        }
      else
        {
          GPtrArray *names = NULL;
          GPtrArray *texts;

          texts = jg_plan_documents_get_other_user_policies (self,
                                                             target->arn,
                                                             &names);
          if (texts == NULL)
            continue;

          g_ptr_array_add (user_keys, g_strdup (target->arn));
          g_ptr_array_add (user_texts, (gpointer) document);
          for (guint j = 0; j < names->len; j++)
            {
              g_ptr_array_add (user_keys,
                               g_strdup_printf ("%s#%s", target->arn,
                                                (char *) g_ptr_array_index (names,
                                                                            j)));
              g_ptr_array_add (user_texts, g_ptr_array_index (texts, j));
            }
        }
    }

  if (!jg_store_replace_cached_documents (store, JG_PLAN_CACHE_USER_POLICY,
                                          (const char *const *) user_keys->pdata,
                                          (const char *const *) user_texts->pdata,
                                          user_keys->len, error))
    return FALSE;

  return jg_store_replace_cached_documents (store, JG_PLAN_CACHE_TRUST_POLICY,
                                            (const char *const *) role_keys->pdata,
                                            (const char *const *) role_texts->pdata,
                                            role_keys->len, error);
}
