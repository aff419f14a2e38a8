/* jg-store-entities.c: jump accounts, target accounts, roles, persons and principals.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "jg-db.h"
#include "jg-store-private.h"

/* Jump accounts. */

static JgJumpAccount *
read_jump_account (JgDbStatement *stmt)
{
  g_autoptr(JgJumpAccount) jump = g_new0 (JgJumpAccount, 1);

  jg_partition_from_string (jg_db_statement_get_text (stmt, 0),
                            &jump->partition, NULL);
  jump->account_id = jg_db_statement_dup_text (stmt, 1);
  jump->region = jg_db_statement_dup_text (stmt, 2);
  jump->alias = jg_db_statement_dup_text (stmt, 3);
  return g_steal_pointer (&jump);
}

static gboolean
validate_jump_account (const JgJumpAccount  *jump,
                       GError              **error)
{
  if (!jg_validate_account_id (jump->account_id, error))
    return FALSE;

  if (!jg_validate_region (jump->partition, jump->region, error))
    return FALSE;

  return TRUE;
}

static gboolean
account_id_in_use (JgStore     *self,
                   const char  *account_id,
                   GError     **error)
{
  gint64 count = 0;

  if (!jg_store_query_int64 (self,
                             "SELECT (SELECT count(*) FROM accounts WHERE id = ?1)"
                             " + (SELECT count(*) FROM jump_accounts"
                             "    WHERE account_id = ?1)",
                             account_id, &count, error))
    return TRUE;

  if (count > 0)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_EXISTS,
                   _("Account %s is already configured: an account is "
                     "either a jump account or a target account, once"),
                   account_id);
      return TRUE;
    }

  return FALSE;
}

gboolean
jg_store_add_jump_account (JgStore              *self,
                           const JgJumpAccount  *jump,
                           GError              **error)
{
  const char *values[4];
  g_autoptr(JgJumpAccount) existing = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);
  g_return_val_if_fail (jump != NULL, FALSE);

  if (!validate_jump_account (jump, error))
    return FALSE;

  existing = jg_store_get_jump_account (self, jump->partition, NULL);
  if (existing != NULL)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_EXISTS,
                   _("Partition %s already has jump account %s: remove it "
                     "first to use another one"),
                   jg_partition_to_string (jump->partition),
                   existing->account_id);
      return FALSE;
    }

  if (account_id_in_use (self, jump->account_id, error))
    return FALSE;

  values[0] = jg_partition_to_string (jump->partition);
  values[1] = jump->account_id;
  values[2] = jump->region;
  values[3] = jump->alias;
  return jg_store_run_with_texts (self,
                                  "INSERT INTO jump_accounts"
                                  " (partition, account_id, region, alias)"
                                  " VALUES (?1, ?2, ?3, ?4)",
                                  values, 4, NULL, error);
}

gboolean
jg_store_update_jump_account (JgStore              *self,
                              const JgJumpAccount  *jump,
                              GError              **error)
{
  const char *values[3];
  int changes = 0;

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  if (!jg_validate_region (jump->partition, jump->region, error))
    return FALSE;

  /* The account id is the identity of the principals' ARNs, so it cannot
   * change under them; only region and alias can. */
  values[0] = jg_partition_to_string (jump->partition);
  values[1] = jump->region;
  values[2] = jump->alias;
  if (!jg_store_run_with_texts (self,
                                "UPDATE jump_accounts SET region = ?2, alias = ?3"
                                " WHERE partition = ?1",
                                values, 3, &changes, error))
    return FALSE;

  if (changes == 0)
    return jg_store_set_not_found (error, _("Partition %s has no jump account: add "
                                   "it with “partition add”"), values[0]);

  return TRUE;
}

JgJumpAccount *
jg_store_get_jump_account (JgStore      *self,
                           JgPartition   partition,
                           GError      **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  gboolean has_row = FALSE;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  stmt = jg_db_prepare (self->db,
                        "SELECT partition, account_id, region, alias"
                        " FROM jump_accounts WHERE partition = ?1",
                        error);
  if (stmt == NULL)
    return NULL;

  jg_db_statement_bind_text (stmt, 1, jg_partition_to_string (partition));
  if (!jg_db_statement_step (stmt, &has_row, error))
    return NULL;

  if (!has_row)
    {
      jg_store_set_not_found (error,
                              _("Partition %s has no jump account: add it with "
                              "“jumpgate-cli partition add”"),
                              jg_partition_to_string (partition));
      return NULL;
    }

  return read_jump_account (stmt);
}

GPtrArray *
jg_store_list_jump_accounts (JgStore  *self,
                             GError  **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  stmt = jg_db_prepare (self->db,
                        "SELECT partition, account_id, region, alias"
                        " FROM jump_accounts ORDER BY CASE partition"
                        " WHEN 'aws' THEN 0 WHEN 'aws-us-gov' THEN 1"
                        " ELSE 2 END",
                        error);
  if (stmt == NULL)
    return NULL;

  return jg_store_collect_rows (stmt, (JgStoreRowReader) read_jump_account,
                                (GDestroyNotify) jg_jump_account_free, error);
}

typedef struct
{
  JgStore     *store;
  JgPartition  partition;
} RemoveJumpData;

static gboolean
remove_jump_account_in_transaction (JgDb     *db,
                                    gpointer  user_data,
                                    GError  **error)
{
  RemoveJumpData *data = user_data;
  JgStore *self = data->store;
  const char *name = jg_partition_to_string (data->partition);
  gint64 accounts = 0;
  gint64 principals = 0;
  int changes = 0;

  if (!jg_store_query_int64 (self, "SELECT count(*) FROM accounts WHERE partition = ?1",
                             name, &accounts, error)
      || !jg_store_query_int64 (self,
                                "SELECT count(*) FROM principals WHERE partition = ?1",
                                name, &principals, error))
    return FALSE;

  if (accounts > 0 || principals > 0)
    {
      g_autofree char *account_count = NULL;
      g_autofree char *principal_count = NULL;

      account_count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "%" PRId64 " account",
                                                    "%" PRId64 " accounts",
                                                    (gulong) accounts),
                                       accounts);
      principal_count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                      "%" PRId64 " principal",
                                                      "%" PRId64 " principals",
                                                      (gulong) principals),
                                         principals);
      /* Translators: the counts are “2 accounts” and “1 principal”. */
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_IN_USE,
                   _("Partition %s still has %s and %s: remove them first"),
                   name, account_count, principal_count);
      return FALSE;
    }

  if (!jg_store_run_with_texts (self, "DELETE FROM jump_accounts WHERE partition = ?1",
                                &name, 1, &changes, error))
    return FALSE;

  if (changes == 0)
    return jg_store_set_not_found (error, _("Partition %s has no jump account"), name);

  return TRUE;
}

gboolean
jg_store_remove_jump_account (JgStore      *self,
                              JgPartition   partition,
                              GError      **error)
{
  RemoveJumpData data = { self, partition };

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  return jg_db_transaction (self->db, remove_jump_account_in_transaction,
                            &data, error);
}

/* Accounts. */

#define ACCOUNT_COLUMNS \
  "id, partition, name, environment, color, admin_role, trust_policy_limit," \
  " alias, region"

static JgAccount *
read_account (JgDbStatement *stmt)
{
  g_autoptr(JgAccount) account = g_new0 (JgAccount, 1);

  account->id = jg_db_statement_dup_text (stmt, 0);
  jg_partition_from_string (jg_db_statement_get_text (stmt, 1),
                            &account->partition, NULL);
  account->name = jg_db_statement_dup_text (stmt, 2);
  account->environment = jg_db_statement_dup_text (stmt, 3);
  account->color = jg_db_statement_dup_text (stmt, 4);
  account->admin_role = jg_db_statement_dup_text (stmt, 5);
  account->trust_policy_limit = (int) jg_db_statement_get_int64 (stmt, 6);
  account->alias = jg_db_statement_dup_text (stmt, 7);
  account->region = jg_db_statement_dup_text (stmt, 8);
  return g_steal_pointer (&account);
}

static gboolean
validate_account (const JgAccount  *account,
                  GError          **error)
{
  if (!jg_validate_account_id (account->id, error)
      || !jg_validate_label (account->name, _("account name"), FALSE, error)
      || !jg_validate_label (account->environment, _("environment"), TRUE,
                             error))
    return FALSE;

  if (account->color != NULL && !jg_validate_color (account->color, error))
    return FALSE;

  if (!jg_validate_iam_name (account->admin_role, _("admin role name"), error)
      || !jg_validate_trust_policy_limit (account->trust_policy_limit, error))
    return FALSE;

  if (account->region != NULL
      && !jg_validate_region (account->partition, account->region, error))
    return FALSE;

  return TRUE;
}

static void
bind_account (JgDbStatement   *stmt,
              const JgAccount *account)
{
  jg_db_statement_bind_text (stmt, 1, account->id);
  jg_db_statement_bind_text (stmt, 2,
                             jg_partition_to_string (account->partition));
  jg_db_statement_bind_text (stmt, 3, account->name);
  jg_db_statement_bind_text (stmt, 4, account->environment != NULL
                                      ? account->environment : "");
  jg_db_statement_bind_text (stmt, 5, account->color);
  jg_db_statement_bind_text (stmt, 6, account->admin_role);
  jg_db_statement_bind_int64 (stmt, 7, account->trust_policy_limit);
  jg_db_statement_bind_text (stmt, 8, account->alias);
  jg_db_statement_bind_text (stmt, 9, account->region);
}

gboolean
jg_store_add_account (JgStore          *self,
                      const JgAccount  *account,
                      GError          **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autoptr(JgJumpAccount) jump = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);
  g_return_val_if_fail (account != NULL, FALSE);

  if (!validate_account (account, error))
    return FALSE;

  jump = jg_store_get_jump_account (self, account->partition, error);
  if (jump == NULL)
    return FALSE;

  if (account_id_in_use (self, account->id, error))
    return FALSE;

  stmt = jg_db_prepare (self->db,
                        "INSERT INTO accounts (" ACCOUNT_COLUMNS ")"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        error);
  if (stmt == NULL)
    return FALSE;

  bind_account (stmt, account);
  return jg_db_statement_run (stmt, error);
}

gboolean
jg_store_update_account (JgStore          *self,
                         const JgAccount  *account,
                         GError          **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autoptr(JgAccount) existing = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  if (!validate_account (account, error))
    return FALSE;

  existing = jg_store_get_account (self, account->id, error);
  if (existing == NULL)
    return FALSE;

  /* Role ARNs contain the partition, so moving an account would
   * silently invalidate every grant on it. */
  if (existing->partition != account->partition)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_CONFLICT,
                   _("Account %s belongs to partition %s and cannot move "
                     "to %s: remove it and add it again"),
                   account->id, jg_partition_to_string (existing->partition),
                   jg_partition_to_string (account->partition));
      return FALSE;
    }

  stmt = jg_db_prepare (self->db,
                        "UPDATE accounts SET partition = ?2, name = ?3,"
                        " environment = ?4, color = ?5, admin_role = ?6,"
                        " trust_policy_limit = ?7, alias = ?8, region = ?9"
                        " WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;

  bind_account (stmt, account);
  return jg_db_statement_run (stmt, error);
}

JgAccount *
jg_store_get_account (JgStore     *self,
                      const char  *account_id,
                      GError     **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  gboolean has_row = FALSE;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  stmt = jg_db_prepare (self->db,
                        "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE id = ?1",
                        error);
  if (stmt == NULL)
    return NULL;

  jg_db_statement_bind_text (stmt, 1, account_id);
  if (!jg_db_statement_step (stmt, &has_row, error))
    return NULL;

  if (!has_row)
    {
      jg_store_set_not_found (error, _("Account %s is not configured: add it with "
                              "“jumpgate-cli account add”"), account_id);
      return NULL;
    }

  return read_account (stmt);
}

GPtrArray *
jg_store_list_accounts (JgStore  *self,
                        GError  **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  stmt = jg_db_prepare (self->db,
                        "SELECT " ACCOUNT_COLUMNS " FROM accounts"
                        " ORDER BY name COLLATE NOCASE, id",
                        error);
  if (stmt == NULL)
    return NULL;

  return jg_store_collect_rows (stmt, (JgStoreRowReader) read_account,
                                (GDestroyNotify) jg_account_free, error);
}

/* Counts grants in force and staged changes that a removal would orphan,
 * and explains what to do first when there are any. */
static gboolean
check_no_grants (JgStore     *self,
                 const char  *what,
                 const char  *key,
                 const char  *grant_filter,
                 const char  *staged_filter,
                 GError     **error)
{
  g_autofree char *grant_sql = NULL;
  g_autofree char *staged_sql = NULL;
  gint64 grants = 0;
  gint64 staged = 0;

  grant_sql = g_strdup_printf ("SELECT count(*) FROM grants g"
                               " WHERE g.removed_commit IS NULL AND %s",
                               grant_filter);
  staged_sql = g_strdup_printf ("SELECT count(*) FROM staged_changes s"
                                " JOIN principals p ON p.id = s.principal_id"
                                " JOIN persons pe ON pe.id = p.person_id"
                                " JOIN roles r ON r.id = s.role_id"
                                " WHERE %s",
                                staged_filter);

  if (!jg_store_query_int64 (self, grant_sql, key, &grants, error)
      || !jg_store_query_int64 (self, staged_sql, key, &staged, error))
    return FALSE;

  if (grants > 0)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_IN_USE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s %s still has %" PRId64 " grant: "
                                "revoke it and commit, then remove it",
                                "%s %s still has %" PRId64 " grants: "
                                "revoke them and commit, then remove it",
                                (gulong) grants),
                   what, key, grants);
      return FALSE;
    }

  if (staged > 0)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_IN_USE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s %s has %" PRId64 " staged change: "
                                "discard or commit it first",
                                "%s %s has %" PRId64 " staged changes: "
                                "discard or commit them first",
                                (gulong) staged),
                   what, key, staged);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  JgStore    *store;
  const char *key;
} RemoveData;

static gboolean
remove_account_in_transaction (JgDb     *db,
                               gpointer  user_data,
                               GError  **error)
{
  RemoveData *data = user_data;
  int changes = 0;

  if (!check_no_grants (data->store, _("Account"), data->key,
                        "g.account_id = ?1",
                        "r.account_id = ?1", error))
    return FALSE;

  if (!jg_store_run_with_texts (data->store, "DELETE FROM accounts WHERE id = ?1",
                                &data->key, 1, &changes, error))
    return FALSE;

  if (changes == 0)
    return jg_store_set_not_found (error, _("Account %s is not configured"),
                                   data->key);

  return TRUE;
}

gboolean
jg_store_remove_account (JgStore     *self,
                         const char  *account_id,
                         GError     **error)
{
  RemoveData data = { self, account_id };

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  if (!jg_validate_account_id (account_id, error))
    return FALSE;

  return jg_db_transaction (self->db, remove_account_in_transaction, &data,
                            error);
}

/* Roles. */

#define ROLE_COLUMNS \
  "r.arn, a.partition, r.account_id, r.name, r.path, r.require_mfa"

static JgRole *
read_role (JgDbStatement *stmt)
{
  g_autoptr(JgRole) role = g_new0 (JgRole, 1);

  role->arn = jg_db_statement_dup_text (stmt, 0);
  jg_partition_from_string (jg_db_statement_get_text (stmt, 1),
                            &role->partition, NULL);
  role->account_id = jg_db_statement_dup_text (stmt, 2);
  role->name = jg_db_statement_dup_text (stmt, 3);
  role->path = jg_db_statement_dup_text (stmt, 4);
  role->require_mfa = jg_db_statement_get_int64 (stmt, 5) != 0;
  return g_steal_pointer (&role);
}

gboolean
jg_store_add_role (JgStore  *self,
                   JgRole   *role,
                   GError  **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autoptr(JgAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);
  g_return_val_if_fail (role != NULL, FALSE);

  if (role->path == NULL)
    role->path = g_strdup ("/");

  if (!jg_validate_account_id (role->account_id, error)
      || !jg_validate_iam_name (role->name, _("role name"), error)
      || !jg_validate_iam_path (role->path, error))
    return FALSE;

  account = jg_store_get_account (self, role->account_id, error);
  if (account == NULL)
    return FALSE;

  role->partition = account->partition;
  g_free (role->arn);
  role->arn = jg_arn_build (role->partition, role->account_id, "role",
                            role->path, role->name);

  stmt = jg_db_prepare (self->db,
                        "INSERT INTO roles"
                        " (account_id, name, path, require_mfa, arn)"
                        " VALUES (?1, ?2, ?3, ?4, ?5)",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_text (stmt, 1, role->account_id);
  jg_db_statement_bind_text (stmt, 2, role->name);
  jg_db_statement_bind_text (stmt, 3, role->path);
  jg_db_statement_bind_int64 (stmt, 4, role->require_mfa ? 1 : 0);
  jg_db_statement_bind_text (stmt, 5, role->arn);

  if (!jg_db_statement_run (stmt, &local_error))
    {
      if (g_error_matches (local_error, JG_STORE_ERROR, JG_STORE_ERROR_EXISTS))
        {
          g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_EXISTS,
                       _("Account %s already has a role named %s (IAM role "
                         "names ignore case): choose another name"),
                       role->account_id, role->name);
          return FALSE;
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

gboolean
jg_store_update_role (JgStore       *self,
                      const JgRole  *role,
                      GError       **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  /* Name and path make the ARN that grants refer to, so only the MFA
   * requirement may change in place. */
  stmt = jg_db_prepare (self->db,
                        "UPDATE roles SET require_mfa = ?2 WHERE arn = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_text (stmt, 1, role->arn);
  jg_db_statement_bind_int64 (stmt, 2, role->require_mfa ? 1 : 0);
  if (!jg_db_statement_run (stmt, error))
    return FALSE;

  if (jg_db_changes (self->db) == 0)
    return jg_store_set_not_found (error, _("Role %s is not configured"), role->arn);

  return TRUE;
}

JgRole *
jg_store_get_role (JgStore     *self,
                   const char  *role_arn,
                   GError     **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  gboolean has_row = FALSE;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  stmt = jg_db_prepare (self->db,
                        "SELECT " ROLE_COLUMNS " FROM roles r"
                        " JOIN accounts a ON a.id = r.account_id"
                        " WHERE r.arn = ?1",
                        error);
  if (stmt == NULL)
    return NULL;

  jg_db_statement_bind_text (stmt, 1, role_arn);
  if (!jg_db_statement_step (stmt, &has_row, error))
    return NULL;

  if (!has_row)
    {
      jg_store_set_not_found (error, _("Role %s is not configured: add it with "
                              "“jumpgate-cli role add” or check the ARN"),
                              role_arn);
      return NULL;
    }

  return read_role (stmt);
}

GPtrArray *
jg_store_list_roles (JgStore     *self,
                     const char  *account_id,
                     GError     **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  stmt = jg_db_prepare (self->db,
                        "SELECT " ROLE_COLUMNS " FROM roles r"
                        " JOIN accounts a ON a.id = r.account_id"
                        " WHERE ?1 IS NULL OR r.account_id = ?1"
                        " ORDER BY a.name COLLATE NOCASE, r.account_id,"
                        " r.name COLLATE NOCASE",
                        error);
  if (stmt == NULL)
    return NULL;

  jg_db_statement_bind_text (stmt, 1, account_id);
  return jg_store_collect_rows (stmt, (JgStoreRowReader) read_role,
                                (GDestroyNotify) jg_role_free, error);
}

static gboolean
remove_role_in_transaction (JgDb     *db,
                            gpointer  user_data,
                            GError  **error)
{
  RemoveData *data = user_data;
  int changes = 0;

  if (!check_no_grants (data->store, _("Role"), data->key,
                        "g.role_arn = ?1", "r.arn = ?1", error))
    return FALSE;

  if (!jg_store_run_with_texts (data->store, "DELETE FROM roles WHERE arn = ?1",
                                &data->key, 1, &changes, error))
    return FALSE;

  if (changes == 0)
    return jg_store_set_not_found (error, _("Role %s is not configured: list roles "
                                   "with “jumpgate-cli role list”"),
                                   data->key);

  return TRUE;
}

gboolean
jg_store_remove_role (JgStore     *self,
                      const char  *role_arn,
                      GError     **error)
{
  RemoveData data = { self, role_arn };
  g_autoptr(JgArn) arn = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  arn = jg_arn_parse (role_arn, error);
  if (arn == NULL)
    return FALSE;

  return jg_db_transaction (self->db, remove_role_in_transaction, &data,
                            error);
}

/* Persons. */

static JgPerson *
read_person (JgDbStatement *stmt)
{
  g_autoptr(JgPerson) person = g_new0 (JgPerson, 1);

  person->handle = jg_db_statement_dup_text (stmt, 0);
  person->name = jg_db_statement_dup_text (stmt, 1);
  person->email = jg_db_statement_dup_text (stmt, 2);
  return g_steal_pointer (&person);
}

static gboolean
validate_person (const JgPerson  *person,
                 GError         **error)
{
  if (!jg_validate_handle (person->handle, error)
      || !jg_validate_label (person->name, _("name"), FALSE, error))
    return FALSE;

  if (person->email != NULL && !jg_validate_email (person->email, error))
    return FALSE;

  return TRUE;
}

gboolean
jg_store_add_person (JgStore         *self,
                     const JgPerson  *person,
                     GError         **error)
{
  const char *values[3];
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  if (!validate_person (person, error))
    return FALSE;

  values[0] = person->handle;
  values[1] = person->name;
  values[2] = person->email;
  if (!jg_store_run_with_texts (self,
                                "INSERT INTO persons (handle, name, email)"
                                " VALUES (?1, ?2, ?3)",
                                values, 3, NULL, &local_error))
    {
      if (g_error_matches (local_error, JG_STORE_ERROR, JG_STORE_ERROR_EXISTS))
        {
          g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_EXISTS,
                       _("Handle %s is already taken (handles ignore case): "
                         "choose another one"), person->handle);
          return FALSE;
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

gboolean
jg_store_update_person (JgStore         *self,
                        const JgPerson  *person,
                        GError         **error)
{
  const char *values[3];
  int changes = 0;

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  if (!validate_person (person, error))
    return FALSE;

  values[0] = person->handle;
  values[1] = person->name;
  values[2] = person->email;
  if (!jg_store_run_with_texts (self,
                                "UPDATE persons SET name = ?2, email = ?3"
                                " WHERE handle = ?1",
                                values, 3, &changes, error))
    return FALSE;

  if (changes == 0)
    return jg_store_set_not_found (error, _("Person %s does not exist: add them with "
                                   "“jumpgate-cli person add”"),
                                   person->handle);

  return TRUE;
}

JgPerson *
jg_store_get_person (JgStore     *self,
                     const char  *handle,
                     GError     **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  gboolean has_row = FALSE;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  stmt = jg_db_prepare (self->db,
                        "SELECT handle, name, email FROM persons"
                        " WHERE handle = ?1",
                        error);
  if (stmt == NULL)
    return NULL;

  jg_db_statement_bind_text (stmt, 1, handle);
  if (!jg_db_statement_step (stmt, &has_row, error))
    return NULL;

  if (!has_row)
    {
      jg_store_set_not_found (error, _("Person %s does not exist: add them with "
                              "“jumpgate-cli person add” or check the "
                              "handle"), handle);
      return NULL;
    }

  return read_person (stmt);
}

GPtrArray *
jg_store_list_persons (JgStore  *self,
                       GError  **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  stmt = jg_db_prepare (self->db,
                        "SELECT handle, name, email FROM persons"
                        " ORDER BY handle",
                        error);
  if (stmt == NULL)
    return NULL;

  return jg_store_collect_rows (stmt, (JgStoreRowReader) read_person,
                                (GDestroyNotify) jg_person_free, error);
}

static gboolean
remove_person_in_transaction (JgDb     *db,
                              gpointer  user_data,
                              GError  **error)
{
  RemoveData *data = user_data;
  int changes = 0;

  if (!check_no_grants (data->store, _("Person"), data->key,
                        "g.handle = ?1", "pe.handle = ?1", error))
    return FALSE;

  if (!jg_store_run_with_texts (data->store, "DELETE FROM persons WHERE handle = ?1",
                                &data->key, 1, &changes, error))
    return FALSE;

  if (changes == 0)
    return jg_store_set_not_found (error, _("Person %s does not exist"), data->key);

  return TRUE;
}

gboolean
jg_store_remove_person (JgStore     *self,
                        const char  *handle,
                        GError     **error)
{
  RemoveData data = { self, handle };

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  return jg_db_transaction (self->db, remove_person_in_transaction, &data,
                            error);
}

/* Principals. */

#define PRINCIPAL_COLUMNS \
  "p.arn, pe.handle, p.partition, p.user_name, p.path, p.mfa_serial"

static JgPrincipal *
read_principal (JgDbStatement *stmt)
{
  g_autoptr(JgPrincipal) principal = g_new0 (JgPrincipal, 1);

  principal->arn = jg_db_statement_dup_text (stmt, 0);
  principal->handle = jg_db_statement_dup_text (stmt, 1);
  jg_partition_from_string (jg_db_statement_get_text (stmt, 2),
                            &principal->partition, NULL);
  principal->user_name = jg_db_statement_dup_text (stmt, 3);
  principal->path = jg_db_statement_dup_text (stmt, 4);
  principal->mfa_serial = jg_db_statement_dup_text (stmt, 5);
  return g_steal_pointer (&principal);
}

/* An IAM user's MFA device lives in the user's own account. */
static gboolean
check_mfa_serial_account (const char           *mfa_serial,
                          const JgJumpAccount  *jump,
                          GError              **error)
{
  g_autoptr(JgArn) arn = NULL;

  if (mfa_serial == NULL)
    return TRUE;

  arn = jg_arn_parse (mfa_serial, error);
  if (arn == NULL)
    return FALSE;

  if (g_strcmp0 (arn->account_id, jump->account_id) != 0)
    {
      g_set_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_MFA_SERIAL,
                   _("MFA device %s is in account %s, but the principal's "
                     "jump account is %s: give the ARN of the device in "
                     "account %s"),
                   mfa_serial, arn->account_id, jump->account_id,
                   jump->account_id);
      return FALSE;
    }

  return TRUE;
}

gboolean
jg_store_add_principal (JgStore      *self,
                        JgPrincipal  *principal,
                        GError      **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autoptr(JgPerson) person = NULL;
  g_autoptr(JgJumpAccount) jump = NULL;
  g_autoptr(JgPrincipal) existing = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  if (principal->path == NULL)
    principal->path = g_strdup ("/");

  if (!jg_validate_handle (principal->handle, error)
      || !jg_validate_iam_name (principal->user_name, _("user name"), error)
      || !jg_validate_iam_path (principal->path, error))
    return FALSE;

  if (principal->mfa_serial != NULL
      && !jg_validate_mfa_serial (principal->partition, principal->mfa_serial,
                                  error))
    return FALSE;

  person = jg_store_get_person (self, principal->handle, error);
  if (person == NULL)
    return FALSE;

  jump = jg_store_get_jump_account (self, principal->partition, error);
  if (jump == NULL)
    return FALSE;

  if (!check_mfa_serial_account (principal->mfa_serial, jump, error))
    return FALSE;

  existing = jg_store_get_principal_for_person (self, principal->handle,
                                                principal->partition, NULL);
  if (existing != NULL)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_EXISTS,
                   _("Person %s already has principal %s in partition %s: a "
                     "person has at most one principal per partition"),
                   principal->handle, existing->arn,
                   jg_partition_to_string (principal->partition));
      return FALSE;
    }

  g_free (principal->arn);
  principal->arn = jg_arn_build (principal->partition, jump->account_id,
                                 "user", principal->path,
                                 principal->user_name);

  stmt = jg_db_prepare (self->db,
                        "INSERT INTO principals"
                        " (person_id, partition, user_name, path, mfa_serial,"
                        "  arn)"
                        " SELECT id, ?2, ?3, ?4, ?5, ?6 FROM persons"
                        " WHERE handle = ?1",
                        error);
  if (stmt == NULL)
    return FALSE;

  jg_db_statement_bind_text (stmt, 1, principal->handle);
  jg_db_statement_bind_text (stmt, 2,
                             jg_partition_to_string (principal->partition));
  jg_db_statement_bind_text (stmt, 3, principal->user_name);
  jg_db_statement_bind_text (stmt, 4, principal->path);
  jg_db_statement_bind_text (stmt, 5, principal->mfa_serial);
  jg_db_statement_bind_text (stmt, 6, principal->arn);

  if (!jg_db_statement_run (stmt, &local_error))
    {
      if (g_error_matches (local_error, JG_STORE_ERROR, JG_STORE_ERROR_EXISTS))
        {
          g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_EXISTS,
                       _("User name %s already belongs to another person in "
                         "partition %s (IAM user names ignore case)"),
                       principal->user_name,
                       jg_partition_to_string (principal->partition));
          return FALSE;
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

gboolean
jg_store_update_principal (JgStore            *self,
                           const JgPrincipal  *principal,
                           GError            **error)
{
  const char *values[2];
  int changes = 0;

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  if (principal->mfa_serial != NULL
      && !jg_validate_mfa_serial (principal->partition, principal->mfa_serial,
                                  error))
    return FALSE;

  if (principal->mfa_serial != NULL)
    {
      g_autoptr(JgJumpAccount) jump = NULL;

      jump = jg_store_get_jump_account (self, principal->partition, error);
      if (jump == NULL
          || !check_mfa_serial_account (principal->mfa_serial, jump, error))
        return FALSE;
    }

  /* User name and path make the ARN, so only the MFA device changes in
   * place. */
  values[0] = principal->arn;
  values[1] = principal->mfa_serial;
  if (!jg_store_run_with_texts (self,
                                "UPDATE principals SET mfa_serial = ?2 WHERE arn = ?1",
                                values, 2, &changes, error))
    return FALSE;

  if (changes == 0)
    return jg_store_set_not_found (error, _("Principal %s is not configured"),
                                   principal->arn);

  return TRUE;
}

static JgPrincipal *
get_principal_where (JgStore     *self,
                     const char  *where,
                     const char  *first,
                     const char  *second,
                     GError     **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;
  g_autofree char *sql = NULL;
  gboolean has_row = FALSE;

  sql = g_strdup_printf ("SELECT " PRINCIPAL_COLUMNS " FROM principals p"
                         " JOIN persons pe ON pe.id = p.person_id WHERE %s",
                         where);
  stmt = jg_db_prepare (self->db, sql, error);
  if (stmt == NULL)
    return NULL;

  jg_db_statement_bind_text (stmt, 1, first);
  if (second != NULL)
    jg_db_statement_bind_text (stmt, 2, second);

  if (!jg_db_statement_step (stmt, &has_row, error))
    return NULL;

  if (!has_row)
    return NULL;

  return read_principal (stmt);
}

JgPrincipal *
jg_store_get_principal (JgStore     *self,
                        const char  *principal_arn,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JgPrincipal *principal;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  principal = get_principal_where (self, "p.arn = ?1", principal_arn, NULL,
                                   &local_error);
  if (principal == NULL && local_error == NULL)
    jg_store_set_not_found (error, _("Principal %s is not configured: list "
                            "principals with “jumpgate-cli principal list”"),
                            principal_arn);
  else if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return principal;
}

JgPrincipal *
jg_store_get_principal_for_person (JgStore      *self,
                                   const char   *handle,
                                   JgPartition   partition,
                                   GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  JgPrincipal *principal;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  principal = get_principal_where (self,
                                   "pe.handle = ?1 AND p.partition = ?2",
                                   handle, jg_partition_to_string (partition),
                                   &local_error);
  if (principal == NULL && local_error == NULL)
    {
      g_set_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOT_FOUND,
                   _("Person %s has no principal in partition %s: add one "
                     "with “jumpgate-cli principal add %s --partition %s "
                     "--user-name NAME”"),
                   handle, jg_partition_to_string (partition), handle,
                   jg_partition_to_string (partition));
    }
  else if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return principal;
}

GPtrArray *
jg_store_list_principals (JgStore     *self,
                          const char  *handle,
                          GError     **error)
{
  g_autoptr(JgDbStatement) stmt = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), NULL);

  stmt = jg_db_prepare (self->db,
                        "SELECT " PRINCIPAL_COLUMNS " FROM principals p"
                        " JOIN persons pe ON pe.id = p.person_id"
                        " WHERE ?1 IS NULL OR pe.handle = ?1"
                        " ORDER BY pe.handle, p.partition",
                        error);
  if (stmt == NULL)
    return NULL;

  jg_db_statement_bind_text (stmt, 1, handle);
  return jg_store_collect_rows (stmt, (JgStoreRowReader) read_principal,
                                (GDestroyNotify) jg_principal_free, error);
}

static gboolean
remove_principal_in_transaction (JgDb     *db,
                                 gpointer  user_data,
                                 GError  **error)
{
  RemoveData *data = user_data;
  int changes = 0;

  if (!check_no_grants (data->store, _("Principal"), data->key,
                        "g.principal_arn = ?1", "p.arn = ?1", error))
    return FALSE;

  if (!jg_store_run_with_texts (data->store, "DELETE FROM principals WHERE arn = ?1",
                                &data->key, 1, &changes, error))
    return FALSE;

  if (changes == 0)
    return jg_store_set_not_found (error, _("Principal %s is not configured: list "
                                   "principals with “jumpgate-cli principal "
                                   "list”"),
                                   data->key);

  return TRUE;
}

gboolean
jg_store_remove_principal (JgStore     *self,
                           const char  *principal_arn,
                           GError     **error)
{
  RemoveData data = { self, principal_arn };
  g_autoptr(JgArn) arn = NULL;

  g_return_val_if_fail (JG_IS_STORE (self), FALSE);

  arn = jg_arn_parse (principal_arn, error);
  if (arn == NULL)
    return FALSE;

  return jg_db_transaction (self->db, remove_principal_in_transaction, &data,
                            error);
}
