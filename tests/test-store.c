/* test-store.c: the sqlite store's round trips, staging rules and
 * history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "core/jg-core.h"
#include "jg-test-util.h"

#define JUMP_ACCOUNT "111111111111"
#define DEV_ACCOUNT "222222222222"
#define PROD_ACCOUNT "333333333333"
#define DEV_READONLY "arn:aws:iam::222222222222:role/ReadOnly"
#define DEV_DEPLOYER "arn:aws:iam::222222222222:role/ops/Deployer"
#define PROD_READONLY "arn:aws:iam::333333333333:role/ReadOnly"
#define ALICE_ARN "arn:aws:iam::111111111111:user/alice"

typedef struct
{
  char    *dir;
  char    *path;
  JgStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = jg_test_make_temp_dir ();
  fixture->path = g_build_filename (fixture->dir, "sub", "jumpgate.db", NULL);
  fixture->store = jg_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
add_role (JgStore    *store,
          const char *account_id,
          const char *path,
          const char *name)
{
  g_autoptr(JgRole) role = g_new0 (JgRole, 1);
  g_autoptr(GError) error = NULL;

  role->account_id = g_strdup (account_id);
  role->path = g_strdup (path);
  role->name = g_strdup (name);
  role->require_mfa = TRUE;
  g_assert_true (jg_store_add_role (store, role, &error));
  g_assert_no_error (error);
}

static void
add_person (JgStore    *store,
            const char *handle,
            const char *name)
{
  JgPerson person = { (char *) handle, (char *) name, NULL };
  g_autoptr(JgPrincipal) principal = g_new0 (JgPrincipal, 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (jg_store_add_person (store, &person, &error));
  g_assert_no_error (error);

  principal->handle = g_strdup (handle);
  principal->partition = JG_PARTITION_AWS;
  principal->user_name = g_strdup (handle);
  g_assert_true (jg_store_add_principal (store, principal, &error));
  g_assert_no_error (error);
}

/* One partition, two accounts, three roles, two persons. */
static void
populate (JgStore *store)
{
  JgJumpAccount jump = { JG_PARTITION_AWS, (char *) JUMP_ACCOUNT,
                         (char *) "eu-west-1", NULL };
  JgAccount account = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (jg_store_add_jump_account (store, &jump, &error));
  g_assert_no_error (error);

  account.partition = JG_PARTITION_AWS;
  account.environment = (char *) "DEV";
  account.admin_role = (char *) JG_DEFAULT_ADMIN_ROLE;
  account.trust_policy_limit = JG_TRUST_POLICY_DEFAULT_LIMIT;

  account.id = (char *) DEV_ACCOUNT;
  account.name = (char *) "payments-dev";
  account.color = (char *) "1e90ff";
  g_assert_true (jg_store_add_account (store, &account, &error));
  g_assert_no_error (error);

  account.id = (char *) PROD_ACCOUNT;
  account.name = (char *) "payments-prod";
  account.environment = (char *) "PROD";
  account.color = NULL;
  g_assert_true (jg_store_add_account (store, &account, &error));
  g_assert_no_error (error);

  add_role (store, DEV_ACCOUNT, "/", "ReadOnly");
  add_role (store, DEV_ACCOUNT, "/ops/", "Deployer");
  add_role (store, PROD_ACCOUNT, "/", "ReadOnly");
  add_person (store, "alice", "Alice Smith");
  add_person (store, "bob", "Bob Jones");
}

static void
stage1 (JgStore      *store,
        JgChangeKind  kind,
        const char   *handle,
        const char   *role_arn,
        GError      **error)
{
  const char *arns[] = { role_arn, NULL };

  jg_store_stage (store, kind, handle, arns, error);
}

static guint
count_staged (JgStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) staged = jg_store_list_staged (store, &error);

  g_assert_no_error (error);
  return staged->len;
}

static gint64
commit (JgStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = jg_store_begin_commit (store, "test commit", NULL, "tester", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (jg_store_finish_commit (store, id, JG_COMMIT_SUCCEEDED,
                                         &error));
  g_assert_no_error (error);
  return id;
}

static void
test_open_creates_private_file (Fixture       *fixture,
                                gconstpointer  data)
{
  struct stat info;
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) again = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (g_stat (fixture->path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);

  g_clear_object (&fixture->store);
  again = jg_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, JG_STORE_SCHEMA_VERSION);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_default_path (void)
{
  g_autofree char *path = jg_store_dup_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (),
                                                "jumpgate", "jumpgate.db",
                                                NULL);

  g_assert_cmpstr (path, ==, expected);
}

static void
test_migrates_empty_file (void)
{
  g_autofree char *dir = jg_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "empty.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) persons = NULL;

  /* An empty file is a valid, empty sqlite database. */
  g_assert_true (g_file_set_contents (path, "", 0, &error));
  store = jg_store_open (path, &error);
  g_assert_no_error (error);

  persons = jg_store_list_persons (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (persons->len, ==, 0);
}

static void
test_rejects_newer_schema (void)
{
  g_autofree char *dir = jg_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "new.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JgStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = jg_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_SCHEMA_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "99"));
}

static void
test_round_trips (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgAccount) account = NULL;
  g_autoptr(JgRole) role = NULL;
  g_autoptr(JgPrincipal) principal = NULL;
  g_autoptr(JgPerson) person = NULL;
  g_autoptr(JgJumpAccount) jump = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  JgPerson renamed = { (char *) "alice", (char *) "Alice Jones",
                       (char *) "alice@example.com" };

  populate (fixture->store);

  jump = jg_store_get_jump_account (fixture->store, JG_PARTITION_AWS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jump->account_id, ==, JUMP_ACCOUNT);
  g_assert_cmpstr (jump->region, ==, "eu-west-1");

  account = jg_store_get_account (fixture->store, DEV_ACCOUNT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (account->name, ==, "payments-dev");
  g_assert_cmpstr (account->environment, ==, "DEV");
  g_assert_cmpstr (account->color, ==, "1e90ff");
  g_assert_cmpstr (account->admin_role, ==, JG_DEFAULT_ADMIN_ROLE);
  g_assert_cmpint (account->trust_policy_limit, ==, 2048);

  g_free (account->name);
  account->name = g_strdup ("payments-development");
  account->trust_policy_limit = 4096;
  g_assert_true (jg_store_update_account (fixture->store, account, &error));
  g_assert_no_error (error);
  g_clear_pointer (&account, jg_account_free);
  account = jg_store_get_account (fixture->store, DEV_ACCOUNT, &error);
  g_assert_cmpstr (account->name, ==, "payments-development");
  g_assert_cmpint (account->trust_policy_limit, ==, 4096);

  accounts = jg_store_list_accounts (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 2);

  role = jg_store_get_role (fixture->store, DEV_DEPLOYER, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (role->name, ==, "Deployer");
  g_assert_cmpstr (role->path, ==, "/ops/");
  g_assert_cmpstr (role->account_id, ==, DEV_ACCOUNT);
  g_assert_true (role->require_mfa);

  role->require_mfa = FALSE;
  g_assert_true (jg_store_update_role (fixture->store, role, &error));
  g_clear_pointer (&role, jg_role_free);
  role = jg_store_get_role (fixture->store, DEV_DEPLOYER, &error);
  g_assert_false (role->require_mfa);

  roles = jg_store_list_roles (fixture->store, DEV_ACCOUNT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (roles->len, ==, 2);

  principal = jg_store_get_principal (fixture->store, ALICE_ARN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (principal->handle, ==, "alice");
  g_assert_cmpstr (principal->user_name, ==, "alice");

  g_assert_true (jg_store_update_person (fixture->store, &renamed, &error));
  person = jg_store_get_person (fixture->store, "alice", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (person->name, ==, "Alice Jones");
  g_assert_cmpstr (person->email, ==, "alice@example.com");
}

static void
test_duplicates_rejected (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgRole) role = g_new0 (JgRole, 1);
  g_autoptr(JgPrincipal) principal = g_new0 (JgPrincipal, 1);
  JgPerson person = { (char *) "ALICE", (char *) "Other Alice", NULL };
  JgAccount account = { 0 };

  populate (fixture->store);

  /* IAM role names ignore case. */
  role->account_id = g_strdup (DEV_ACCOUNT);
  role->name = g_strdup ("readonly");
  g_assert_false (jg_store_add_role (fixture->store, role, &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  /* Upper-case handles are invalid input before they are duplicates. */
  g_assert_false (jg_store_add_person (fixture->store, &person, &error));
  g_assert_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_HANDLE);
  g_clear_error (&error);

  principal->handle = g_strdup ("alice");
  principal->partition = JG_PARTITION_AWS;
  principal->user_name = g_strdup ("alice2");
  g_assert_false (jg_store_add_principal (fixture->store, principal, &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  /* The jump account cannot also be a target account. */
  account.id = (char *) JUMP_ACCOUNT;
  account.partition = JG_PARTITION_AWS;
  account.name = (char *) "jump";
  account.admin_role = (char *) JG_DEFAULT_ADMIN_ROLE;
  account.trust_policy_limit = 2048;
  g_assert_false (jg_store_add_account (fixture->store, &account, &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  /* An account needs its partition's jump account first. */
  account.id = (char *) "444444444444";
  account.partition = JG_PARTITION_AWS_CN;
  g_assert_false (jg_store_add_account (fixture->store, &account, &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOT_FOUND);
}

static void
test_staging_rules (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  populate (fixture->store);

  stage1 (fixture->store, JG_CHANGE_GRANT, "alice", DEV_READONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_staged (fixture->store), ==, 1);

  /* The same grant twice is rejected. */
  stage1 (fixture->store, JG_CHANGE_GRANT, "alice", DEV_READONLY, &error);
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Granting then revoking before a commit cancels out. */
  stage1 (fixture->store, JG_CHANGE_REVOKE, "alice", DEV_READONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_staged (fixture->store), ==, 0);

  /* Revoking what is not granted is rejected, naming the role. */
  stage1 (fixture->store, JG_CHANGE_REVOKE, "alice", DEV_READONLY, &error);
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, DEV_READONLY));
  g_clear_error (&error);

  /* Once committed, granting again is rejected and revoking works. */
  stage1 (fixture->store, JG_CHANGE_GRANT, "alice", DEV_READONLY, &error);
  g_assert_no_error (error);
  commit (fixture->store);
  g_assert_cmpuint (count_staged (fixture->store), ==, 0);

  stage1 (fixture->store, JG_CHANGE_GRANT, "alice", DEV_READONLY, &error);
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "already"));
  g_clear_error (&error);

  stage1 (fixture->store, JG_CHANGE_REVOKE, "alice", DEV_READONLY, &error);
  g_assert_no_error (error);

  /* Revoking then granting a committed grant cancels out too. */
  stage1 (fixture->store, JG_CHANGE_GRANT, "alice", DEV_READONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_staged (fixture->store), ==, 0);
}

static void
test_stage_is_all_or_nothing (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *arns[] = { DEV_READONLY, PROD_READONLY,
                         "arn:aws:iam::222222222222:role/Missing", NULL };
  const char *invalid[] = { DEV_READONLY, "arn:aws:iam:123:role/x", NULL };

  populate (fixture->store);

  g_assert_false (jg_store_stage (fixture->store, JG_CHANGE_GRANT, "alice",
                                  arns, &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "role/Missing"));
  g_clear_error (&error);
  g_assert_cmpuint (count_staged (fixture->store), ==, 0);

  g_assert_false (jg_store_stage (fixture->store, JG_CHANGE_GRANT, "alice",
                                  invalid, &error));
  g_assert_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_ARN);
  g_clear_error (&error);
  g_assert_cmpuint (count_staged (fixture->store), ==, 0);

  /* Grants and revocations together: a rejected revocation undoes the
   * grants staged before it. */
  {
    const char *grants[] = { DEV_READONLY, PROD_READONLY, NULL };
    const char *revokes[] = { DEV_DEPLOYER, NULL };

    g_assert_false (jg_store_stage_changes (fixture->store, "alice", grants,
                                            revokes, &error));
    g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_CONFLICT);
    g_assert_nonnull (strstr (error->message, "ops/Deployer"));
    g_clear_error (&error);
    g_assert_cmpuint (count_staged (fixture->store), ==, 0);

    g_assert_true (jg_store_stage_changes (fixture->store, "alice", grants,
                                           NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (count_staged (fixture->store), ==, 2);
    g_assert_true (jg_store_discard_staged (fixture->store, &error));
  }

  /* A person without a principal in the role's partition. */
  {
    JgPerson carol = { (char *) "carol", (char *) "Carol", NULL };

    g_assert_true (jg_store_add_person (fixture->store, &carol, &error));
    stage1 (fixture->store, JG_CHANGE_GRANT, "carol", DEV_READONLY, &error);
    g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "principal add carol"));
  }
}

static void
test_saved_sets (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GPtrArray) staged = NULL;
  JgChange *change;

  populate (fixture->store);

  g_assert_false (jg_store_save_staged (fixture->store, "empty", &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOTHING_STAGED);
  g_clear_error (&error);

  stage1 (fixture->store, JG_CHANGE_GRANT, "alice", DEV_READONLY, &error);
  stage1 (fixture->store, JG_CHANGE_GRANT, "bob", DEV_DEPLOYER, &error);
  g_assert_no_error (error);

  g_assert_true (jg_store_save_staged (fixture->store, "onboarding", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_staged (fixture->store), ==, 0);

  saved = jg_store_list_saved (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->len, ==, 1);
  g_assert_cmpstr (((JgSavedChangeset *) saved->pdata[0])->name, ==,
                   "onboarding");
  g_assert_cmpuint (((JgSavedChangeset *) saved->pdata[0])->n_changes, ==, 2);

  /* Opening into a non-empty staging area is rejected. */
  stage1 (fixture->store, JG_CHANGE_GRANT, "alice", PROD_READONLY, &error);
  g_assert_false (jg_store_open_saved (fixture->store, "onboarding", &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Saving under a taken name is rejected and keeps the staging area. */
  g_assert_false (jg_store_save_staged (fixture->store, "onboarding", &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpuint (count_staged (fixture->store), ==, 1);

  g_assert_true (jg_store_discard_staged (fixture->store, &error));
  g_assert_true (jg_store_open_saved (fixture->store, "onboarding", &error));
  g_assert_no_error (error);

  staged = jg_store_list_staged (fixture->store, &error);
  g_assert_cmpuint (staged->len, ==, 2);
  change = staged->pdata[0];
  g_assert_cmpstr (change->handle, ==, "alice");
  g_assert_cmpstr (change->role_arn, ==, DEV_READONLY);
  g_assert_cmpint (change->kind, ==, JG_CHANGE_GRANT);

  g_clear_pointer (&saved, g_ptr_array_unref);
  saved = jg_store_list_saved (fixture->store, &error);
  g_assert_cmpuint (saved->len, ==, 0);

  g_assert_false (jg_store_open_saved (fixture->store, "nope", &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOT_FOUND);
}

static void
test_saved_set_revalidated (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  populate (fixture->store);

  stage1 (fixture->store, JG_CHANGE_GRANT, "alice", DEV_READONLY, &error);
  g_assert_true (jg_store_save_staged (fixture->store, "later", &error));

  /* Meanwhile the same grant is committed, so the saved set no longer
   * applies and stays saved. */
  stage1 (fixture->store, JG_CHANGE_GRANT, "alice", DEV_READONLY, &error);
  commit (fixture->store);

  g_assert_false (jg_store_open_saved (fixture->store, "later", &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "later"));
  g_assert_cmpuint (count_staged (fixture->store), ==, 0);
}

static void
test_removal_with_grants (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  populate (fixture->store);

  stage1 (fixture->store, JG_CHANGE_GRANT, "alice", DEV_READONLY, &error);
  g_assert_false (jg_store_remove_role (fixture->store, DEV_READONLY, &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "1 staged change"));
  g_clear_error (&error);

  stage1 (fixture->store, JG_CHANGE_GRANT, "alice", DEV_DEPLOYER, &error);
  commit (fixture->store);

  g_assert_false (jg_store_remove_account (fixture->store, DEV_ACCOUNT,
                                           &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "2 grants"));
  g_assert_nonnull (strstr (error->message, "revoke"));
  g_clear_error (&error);

  g_assert_false (jg_store_remove_person (fixture->store, "alice", &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_IN_USE);
  g_clear_error (&error);

  g_assert_false (jg_store_remove_principal (fixture->store, ALICE_ARN,
                                             &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_IN_USE);
  g_clear_error (&error);

  g_assert_false (jg_store_remove_jump_account (fixture->store,
                                                JG_PARTITION_AWS, &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_IN_USE);
  g_clear_error (&error);

  /* Bob has no grants and goes, principal and all. */
  g_assert_true (jg_store_remove_person (fixture->store, "bob", &error));
  g_assert_no_error (error);
  g_assert_null (jg_store_get_principal (fixture->store,
                                         "arn:aws:iam::111111111111:user/bob",
                                         &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The production account has no grants and goes with its role. */
  g_assert_true (jg_store_remove_account (fixture->store, PROD_ACCOUNT,
                                          &error));
  g_assert_no_error (error);
  g_assert_null (jg_store_get_role (fixture->store, PROD_READONLY, &error));
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOT_FOUND);
}

static void
test_history (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) at_first = NULL;
  g_autoptr(GPtrArray) at_second = NULL;
  g_autoptr(GPtrArray) now = NULL;
  g_autoptr(GPtrArray) requested = NULL;
  g_autoptr(GPtrArray) commits = NULL;
  gint64 first;
  gint64 second;

  populate (fixture->store);

  stage1 (fixture->store, JG_CHANGE_GRANT, "alice", DEV_READONLY, &error);
  stage1 (fixture->store, JG_CHANGE_GRANT, "bob", DEV_READONLY, &error);
  first = commit (fixture->store);

  stage1 (fixture->store, JG_CHANGE_REVOKE, "alice", DEV_READONLY, &error);
  stage1 (fixture->store, JG_CHANGE_GRANT, "alice", PROD_READONLY, &error);
  g_assert_no_error (error);
  second = commit (fixture->store);

  at_first = jg_store_list_grants_at_commit (fixture->store, first, NULL, NULL,
                                             &error);
  g_assert_no_error (error);
  g_assert_cmpuint (at_first->len, ==, 2);

  at_second = jg_store_list_grants_at_commit (fixture->store, second, "alice",
                                              NULL, &error);
  g_assert_cmpuint (at_second->len, ==, 1);
  g_assert_cmpstr (((JgGrant *) at_second->pdata[0])->role_arn, ==,
                   PROD_READONLY);
  g_assert_cmpint (((JgGrant *) at_second->pdata[0])->added_commit, ==,
                   second);

  now = jg_store_list_grants (fixture->store, NULL, DEV_ACCOUNT, &error);
  g_assert_cmpuint (now->len, ==, 1);
  g_assert_cmpstr (((JgGrant *) now->pdata[0])->handle, ==, "bob");

  requested = jg_store_list_requested_changes (fixture->store, second, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requested->len, ==, 2);

  commits = jg_store_list_commits (fixture->store, &error);
  g_assert_cmpuint (commits->len, ==, 2);
  g_assert_cmpint (((JgCommit *) commits->pdata[0])->id, ==, second);
  g_assert_cmpint (((JgCommit *) commits->pdata[0])->status, ==,
                   JG_COMMIT_SUCCEEDED);

  /* Nothing staged: nothing to commit. */
  g_assert_cmpint (jg_store_begin_commit (fixture->store, "empty", NULL, "t",
                                          &error), ==, 0);
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOTHING_STAGED);
  g_clear_error (&error);

  /* A commit needs a comment. */
  stage1 (fixture->store, JG_CHANGE_GRANT, "bob", PROD_READONLY, &error);
  g_assert_cmpint (jg_store_begin_commit (fixture->store, "  ", NULL, "t",
                                          &error), ==, 0);
  g_assert_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_LABEL);
  g_assert_cmpuint (count_staged (fixture->store), ==, 1);
}

static void
test_journal (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  g_autoptr(GPtrArray) running = NULL;
  g_autoptr(GHashTable) cache = NULL;
  JgCommitAction action = { 0 };
  JgCommitAction *stored;
  JgUserConfig config = { (char *) "alice", (char *) "aesr",
                          (char *) "[jump]\n", (char *) "" };
  gint64 id;

  populate (fixture->store);
  stage1 (fixture->store, JG_CHANGE_GRANT, "alice", DEV_READONLY, &error);
  id = jg_store_begin_commit (fixture->store, "journal", ALICE_ARN, "tester",
                              &error);
  g_assert_no_error (error);

  running = jg_store_list_running_commits (fixture->store, &error);
  g_assert_cmpuint (running->len, ==, 1);

  action.commit_id = id;
  action.position = 1;
  action.operation = (char *) "PutUserPolicy";
  action.target_arn = (char *) ALICE_ARN;
  action.account_id = (char *) JUMP_ACCOUNT;
  action.document_after = (char *) "{}";
  action.status = JG_ACTION_RUNNING;
  g_assert_true (jg_store_add_commit_action (fixture->store, &action, &error));
  g_assert_cmpint (action.id, >, 0);

  action.status = JG_ACTION_FAILED;
  action.attempts = 3;
  action.duration_ms = 1200;
  action.error_code = (char *) "Throttling";
  action.request_id = (char *) "req-1";
  g_assert_true (jg_store_update_commit_action (fixture->store, &action,
                                                &error));
  g_assert_true (jg_store_add_commit_message (fixture->store, id, "error",
                                              "PutUserPolicy failed", &error));
  g_assert_true (jg_store_put_user_config (fixture->store, id, &config,
                                           &error));
  g_assert_true (jg_store_finish_commit (fixture->store, id,
                                         JG_COMMIT_PARTIAL, &error));
  g_assert_no_error (error);

  actions = jg_store_list_commit_actions (fixture->store, id, &error);
  g_assert_cmpuint (actions->len, ==, 1);
  stored = actions->pdata[0];
  g_assert_cmpint (stored->status, ==, JG_ACTION_FAILED);
  g_assert_cmpint (stored->attempts, ==, 3);
  g_assert_cmpstr (stored->error_code, ==, "Throttling");
  g_assert_cmpstr (stored->document_after, ==, "{}");
  g_assert_null (stored->document_before);

  messages = jg_store_list_commit_messages (fixture->store, id, &error);
  g_assert_cmpuint (messages->len, ==, 1);
  configs = jg_store_list_user_configs (fixture->store, id, &error);
  g_assert_cmpuint (configs->len, ==, 1);
  g_assert_cmpstr (((JgUserConfig *) configs->pdata[0])->text, ==, "[jump]\n");

  g_clear_pointer (&running, g_ptr_array_unref);
  running = jg_store_list_running_commits (fixture->store, &error);
  g_assert_cmpuint (running->len, ==, 0);

  g_assert_true (jg_store_cache_document (fixture->store, DEV_READONLY,
                                          "trust-policy", "{\"a\":1}",
                                          &error));
  g_assert_true (jg_store_cache_document (fixture->store, PROD_READONLY,
                                          "trust-policy", NULL, &error));
  g_assert_false (jg_store_cache_document (fixture->store, PROD_READONLY,
                                           "bogus", NULL, &error));
  g_clear_error (&error);
  cache = jg_store_load_document_cache (fixture->store, "trust-policy",
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (cache), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (cache, DEV_READONLY), ==, "{\"a\":1}");
  g_assert_true (g_hash_table_contains (cache, PROD_READONLY));
  g_assert_null (g_hash_table_lookup (cache, PROD_READONLY));
}

int
main (int   argc,
      char *argv[])
{
  jg_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/jumpgate/store/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)

  ADD ("open-creates-private-file", test_open_creates_private_file);
  g_test_add_func ("/jumpgate/store/default-path", test_default_path);
  g_test_add_func ("/jumpgate/store/migrates-empty-file",
                   test_migrates_empty_file);
  g_test_add_func ("/jumpgate/store/rejects-newer-schema",
                   test_rejects_newer_schema);
  ADD ("round-trips", test_round_trips);
  ADD ("duplicates-rejected", test_duplicates_rejected);
  ADD ("staging-rules", test_staging_rules);
  ADD ("stage-all-or-nothing", test_stage_is_all_or_nothing);
  ADD ("saved-sets", test_saved_sets);
  ADD ("saved-set-revalidated", test_saved_set_revalidated);
  ADD ("removal-with-grants", test_removal_with_grants);
  ADD ("history", test_history);
  ADD ("journal", test_journal);

#undef ADD

  return g_test_run ();
}
