/* test-plan.c: the planner over a temporary store and fake current
 * documents; no network.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "core/jg-policy.h"
#include "engine/jg-engine.h"
#include "jg-test-util.h"

#define JUMP_ID "401836275190"
#define TARGET_ID "530917264183"
#define ROLE_ARN "arn:aws:iam::" TARGET_ID ":role/Developer"
#define READONLY_ARN "arn:aws:iam::" TARGET_ID ":role/ReadOnly"
#define AMARA_ARN "arn:aws:iam::" JUMP_ID ":user/people/amara"
#define BJORN_ARN "arn:aws:iam::" JUMP_ID ":user/people/bjorn"

/* A statement someone else owns, which every merge must keep. */
#define FOREIGN_TRUST \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Ci\"," \
  "\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"}," \
  "\"Action\":\"sts:AssumeRole\"}]}"

typedef struct
{
  char    *dir;
  JgStore *store;
} Fixture;

static void
add_person (JgStore    *store,
            const char *handle)
{
  g_autoptr(GError) error = NULL;
  JgPerson person = { (char *) handle, (char *) handle, NULL };
  JgPrincipal principal = { 0 };

  principal.handle = (char *) handle;
  principal.partition = JG_PARTITION_AWS;
  principal.user_name = (char *) handle;
  principal.path = g_strdup ("/people/");

  g_assert_true (jg_store_add_person (store, &person, &error));
  g_assert_no_error (error);
  g_assert_true (jg_store_add_principal (store, &principal, &error));
  g_assert_no_error (error);
  g_free (principal.arn);
  g_free (principal.path);
}

static void
add_role (JgStore    *store,
          const char *account_id,
          const char *name,
          gboolean    require_mfa)
{
  g_autoptr(GError) error = NULL;
  JgRole role = { 0 };

  role.account_id = (char *) account_id;
  role.name = (char *) name;
  role.path = g_strdup ("/");
  role.partition = JG_PARTITION_AWS;
  role.require_mfa = require_mfa;
  g_assert_true (jg_store_add_role (store, &role, &error));
  g_assert_no_error (error);
  g_free (role.arn);
  g_free (role.path);
}

static void
add_account (JgStore    *store,
             const char *account_id,
             int         trust_policy_limit)
{
  g_autoptr(GError) error = NULL;
  JgAccount account = { 0 };

  account.id = (char *) account_id;
  account.partition = JG_PARTITION_AWS;
  account.name = (char *) "project";
  account.environment = (char *) "";
  account.admin_role = (char *) JG_DEFAULT_ADMIN_ROLE;
  account.trust_policy_limit = trust_policy_limit;
  g_assert_true (jg_store_add_account (store, &account, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  JgJumpAccount jump = { JG_PARTITION_AWS, (char *) JUMP_ID,
                         (char *) "eu-west-1", NULL };

  fixture->dir = jg_test_make_temp_dir ();
  path = g_build_filename (fixture->dir, "plan.db", NULL);
  fixture->store = jg_store_open (path, &error);
  g_assert_no_error (error);

  g_assert_true (jg_store_add_jump_account (fixture->store, &jump, &error));
  g_assert_no_error (error);
  add_account (fixture->store, TARGET_ID, JG_TRUST_POLICY_DEFAULT_LIMIT);
  add_role (fixture->store, TARGET_ID, "Developer", TRUE);
  add_role (fixture->store, TARGET_ID, "ReadOnly", FALSE);
  add_person (fixture->store, "amara");
  add_person (fixture->store, "bjorn");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_free (fixture->dir);
}

static void
stage (JgStore      *store,
       JgChangeKind  kind,
       const char   *handle,
       const char   *role_arn)
{
  g_autoptr(GError) error = NULL;
  const char *const arns[] = { role_arn, NULL };

  g_assert_true (jg_store_stage (store, kind, handle, arns, &error));
  g_assert_no_error (error);
}

static gint64
commit_staged (JgStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 commit_id;

  commit_id = jg_store_begin_commit (store, "test", NULL, "tester", &error);
  g_assert_no_error (error);
  g_assert_cmpint (commit_id, >, 0);
  return commit_id;
}

static GPtrArray *
collect (JgStore     *store,
         JgPlanScope  scope,
         gint64       commit_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *targets;

  targets = jg_plan_collect_targets (store, scope, commit_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (targets);
  return targets;
}

/* Documents as IAM holds them before any grant: users without the
 * Jumpgate policy, roles trusting only EC2. */
static JgPlanDocuments *
documents_initial (GPtrArray *targets)
{
  JgPlanDocuments *documents = jg_plan_documents_new ();
  const char *const none[] = { NULL };

  for (guint i = 0; i < targets->len; i++)
    {
      JgPlanTarget *target = g_ptr_array_index (targets, i);

      if (target->kind == JG_PLAN_DOCUMENT_USER_POLICY)
        jg_plan_documents_set_user (documents, target->arn, TRUE, NULL, none,
                                    none);
      else
        jg_plan_documents_set_role (documents, target->arn, TRUE,
                                    FOREIGN_TRUST);
    }

  return documents;
}

static JgPlanAction *
find_action (JgPlan     *plan,
             const char *arn)
{
  for (guint i = 0; i < plan->actions->len; i++)
    {
      JgPlanAction *action = g_ptr_array_index (plan->actions, i);

      if (g_strcmp0 (action->target_arn, arn) == 0)
        return action;
    }

  return NULL;
}

/* Like find_action(), but a missing action fails the test. */
static JgPlanAction *
get_action (JgPlan     *plan,
            const char *arn)
{
  JgPlanAction *action = find_action (plan, arn);

  if (action == NULL)
    g_error ("The plan has no action on %s", arn);

  return action;
}

static void
test_plan_grant (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(JgPlanDocuments) documents = NULL;
  g_autoptr(JgPlan) plan = NULL;
  g_auto(GStrv) principals = NULL;
  g_autofree char *expected_user = NULL;
  g_autofree char *summary = NULL;
  const char *const roles[] = { ROLE_ARN, NULL };
  JgPlanAction *trust;
  JgPlanAction *user;

  stage (fixture->store, JG_CHANGE_GRANT, "amara", ROLE_ARN);
  targets = collect (fixture->store, JG_PLAN_SCOPE_STAGED, 0);
  g_assert_cmpuint (targets->len, ==, 2);

  documents = documents_initial (targets);
  plan = jg_plan_compute (targets, documents);
  g_assert_cmpuint (plan->violations->len, ==, 0);
  g_assert_cmpuint (plan->actions->len, ==, 2);
  g_assert_cmpuint (plan->n_user_policies, ==, 1);
  g_assert_cmpuint (plan->n_trust_policies, ==, 1);

  /* The trust side comes first. */
  trust = g_ptr_array_index (plan->actions, 0);
  g_assert_cmpint (trust->operation, ==,
                   JG_PLAN_OPERATION_UPDATE_ASSUME_ROLE_POLICY);
  g_assert_cmpstr (trust->target_arn, ==, ROLE_ARN);
  g_assert_cmpstr (trust->entity_name, ==, "Developer");
  g_assert_cmpstr (trust->account_id, ==, TARGET_ID);
  g_assert_cmpstr (trust->before, ==, FOREIGN_TRUST);
  g_assert_nonnull (strstr (trust->after, "ec2.amazonaws.com"));
  principals = jg_policy_extract_managed_principals (trust->after, NULL);
  g_assert_nonnull (principals);
  g_assert_cmpuint (g_strv_length (principals), ==, 1);
  g_assert_cmpstr (principals[0], ==, AMARA_ARN);
  g_assert_nonnull (strstr (trust->after, "aws:MultiFactorAuthPresent"));

  user = g_ptr_array_index (plan->actions, 1);
  expected_user = jg_policy_build_assume_roles (roles, -1);
  g_assert_cmpint (user->operation, ==, JG_PLAN_OPERATION_PUT_USER_POLICY);
  g_assert_cmpstr (user->target_arn, ==, AMARA_ARN);
  g_assert_cmpstr (user->entity_name, ==, "amara");
  g_assert_cmpstr (user->account_id, ==, JUMP_ID);
  g_assert_null (user->before);
  g_assert_cmpstr (user->after, ==, expected_user);

  summary = jg_plan_dup_summary (plan);
  g_assert_cmpstr (summary, ==,
                   "2 documents to change: 1 user policy, 1 trust policy");
}

static void
test_plan_role_without_mfa (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(JgPlanDocuments) documents = NULL;
  g_autoptr(JgPlan) plan = NULL;
  JgPlanAction *trust;

  stage (fixture->store, JG_CHANGE_GRANT, "amara", READONLY_ARN);
  targets = collect (fixture->store, JG_PLAN_SCOPE_STAGED, 0);
  documents = documents_initial (targets);
  plan = jg_plan_compute (targets, documents);

  trust = get_action (plan, READONLY_ARN);
  g_assert_nonnull (trust);
  g_assert_null (strstr (trust->after, "MultiFactorAuthPresent"));
}

/* Documents as AWS holds them once every planned action of @plan ran. */
static JgPlanDocuments *
documents_after (GPtrArray *targets,
                 JgPlan    *plan)
{
  JgPlanDocuments *documents = documents_initial (targets);
  const char *const none[] = { NULL };

  for (guint i = 0; i < plan->actions->len; i++)
    {
      JgPlanAction *action = g_ptr_array_index (plan->actions, i);

      if (action->operation == JG_PLAN_OPERATION_UPDATE_ASSUME_ROLE_POLICY)
        jg_plan_documents_set_role (documents, action->target_arn, TRUE,
                                    action->after);
      else
        jg_plan_documents_set_user (documents, action->target_arn, TRUE,
                                    action->after, none, none);
    }

  return documents;
}

static void
test_plan_revoke (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GPtrArray) revoke_targets = NULL;
  g_autoptr(JgPlanDocuments) initial = NULL;
  g_autoptr(JgPlanDocuments) granted = NULL;
  g_autoptr(JgPlan) grant_plan = NULL;
  g_autoptr(JgPlan) plan = NULL;
  gboolean equal = FALSE;
  JgPlanAction *trust;
  JgPlanAction *user;

  stage (fixture->store, JG_CHANGE_GRANT, "amara", ROLE_ARN);
  targets = collect (fixture->store, JG_PLAN_SCOPE_STAGED, 0);
  initial = documents_initial (targets);
  grant_plan = jg_plan_compute (targets, initial);
  granted = documents_after (targets, grant_plan);
  commit_staged (fixture->store);

  stage (fixture->store, JG_CHANGE_REVOKE, "amara", ROLE_ARN);
  revoke_targets = collect (fixture->store, JG_PLAN_SCOPE_STAGED, 0);
  plan = jg_plan_compute (revoke_targets, granted);
  g_assert_cmpuint (plan->violations->len, ==, 0);
  g_assert_cmpuint (plan->actions->len, ==, 2);

  trust = get_action (plan, ROLE_ARN);
  g_assert_nonnull (trust);
  g_assert_cmpint (trust->operation, ==,
                   JG_PLAN_OPERATION_UPDATE_ASSUME_ROLE_POLICY);
  g_assert_true (jg_policy_equal (trust->after, FOREIGN_TRUST, &equal, NULL));
  g_assert_true (equal);

  user = get_action (plan, AMARA_ARN);
  g_assert_nonnull (user);
  g_assert_cmpint (user->operation, ==, JG_PLAN_OPERATION_DELETE_USER_POLICY);
  g_assert_nonnull (user->before);
  g_assert_null (user->after);
}

static void
test_plan_unchanged (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(JgPlanDocuments) initial = NULL;
  g_autoptr(JgPlanDocuments) spelled = jg_plan_documents_new ();
  g_autoptr(JgPlan) first = NULL;
  g_autoptr(JgPlan) plan = NULL;
  const char *const none[] = { NULL };

  stage (fixture->store, JG_CHANGE_GRANT, "amara", ROLE_ARN);
  targets = collect (fixture->store, JG_PLAN_SCOPE_STAGED, 0);
  initial = documents_initial (targets);
  first = jg_plan_compute (targets, initial);
  g_assert_cmpuint (first->actions->len, ==, 2);

  /* The same documents, spelled as IAM returns them: pretty-printed and
   * percent-encoded. No write is needed. */
  for (guint i = 0; i < first->actions->len; i++)
    {
      JgPlanAction *action = g_ptr_array_index (first->actions, i);
      g_autofree char *pretty = jg_policy_pretty (action->after, NULL);
      g_autofree char *encoded = g_uri_escape_string (pretty, NULL, FALSE);

      if (action->operation == JG_PLAN_OPERATION_UPDATE_ASSUME_ROLE_POLICY)
        jg_plan_documents_set_role (spelled, action->target_arn, TRUE,
                                    encoded);
      else
        jg_plan_documents_set_user (spelled, action->target_arn, TRUE,
                                    pretty, none, none);
    }

  plan = jg_plan_compute (targets, spelled);
  g_assert_cmpuint (plan->violations->len, ==, 0);
  g_assert_cmpuint (plan->actions->len, ==, 0);
  g_assert_cmpuint (plan->n_checked, ==, 2);
}

static void
test_plan_trust_limit (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(JgPlanDocuments) documents = NULL;
  g_autoptr(JgPlan) plan = NULL;
  g_autofree char *message = NULL;
  g_autofree char *limit_text = NULL;
  g_autofree char *size_text = NULL;
  JgPlanViolation *violation = NULL;
  const guint n_people = 40;

  for (guint i = 0; i < n_people; i++)
    {
      g_autofree char *handle = g_strdup_printf ("person%02u", i);

      add_person (fixture->store, handle);
      stage (fixture->store, JG_CHANGE_GRANT, handle, ROLE_ARN);
    }

  targets = collect (fixture->store, JG_PLAN_SCOPE_STAGED, 0);
  documents = documents_initial (targets);
  plan = jg_plan_compute (targets, documents);

  g_assert_cmpuint (plan->violations->len, ==, 1);
  violation = g_ptr_array_index (plan->violations, 0);
  g_assert_cmpint (violation->kind, ==, JG_PLAN_VIOLATION_TRUST_POLICY_SIZE);
  g_assert_cmpstr (violation->target_arn, ==, ROLE_ARN);
  g_assert_nonnull (strstr (violation->document, ROLE_ARN));
  g_assert_cmpuint (violation->limit, ==, JG_TRUST_POLICY_DEFAULT_LIMIT);
  g_assert_cmpuint (violation->size, >, JG_TRUST_POLICY_DEFAULT_LIMIT);
  g_assert_cmpuint (violation->grants->len, ==, n_people);
  g_assert_cmpstr (g_ptr_array_index (violation->grants, 0), ==,
                   "person00 " ROLE_ARN);

  limit_text = g_strdup_printf ("%d", JG_TRUST_POLICY_DEFAULT_LIMIT);
  size_text = g_strdup_printf ("%zu", violation->size);
  g_assert_nonnull (strstr (violation->message, ROLE_ARN));
  g_assert_nonnull (strstr (violation->message, limit_text));
  g_assert_nonnull (strstr (violation->message, size_text));
  g_assert_nonnull (strstr (violation->message, "person00"));

  /* The users' policies are still planned: only the role breaks a
   * limit. */
  g_assert_null (find_action (plan, ROLE_ARN));
  g_assert_cmpuint (plan->n_user_policies, ==, n_people);
  message = jg_plan_dup_violations_message (plan);
  g_assert_cmpstr (message, ==, violation->message);
}

static void
test_plan_raised_trust_limit (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(JgPlanDocuments) documents = NULL;
  g_autoptr(JgPlan) plan = NULL;
  g_autoptr(JgAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = jg_store_get_account (fixture->store, TARGET_ID, &error);
  g_assert_no_error (error);
  account->trust_policy_limit = JG_TRUST_POLICY_MAX_LIMIT;
  g_assert_true (jg_store_update_account (fixture->store, account, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *handle = g_strdup_printf ("person%02u", i);

      add_person (fixture->store, handle);
      stage (fixture->store, JG_CHANGE_GRANT, handle, ROLE_ARN);
    }

  targets = collect (fixture->store, JG_PLAN_SCOPE_STAGED, 0);
  documents = documents_initial (targets);
  plan = jg_plan_compute (targets, documents);
  g_assert_cmpuint (plan->violations->len, ==, 0);
  g_assert_nonnull (find_action (plan, ROLE_ARN));
}

static void
test_plan_user_limit (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(JgPlanDocuments) documents = NULL;
  g_autoptr(JgPlan) plan = NULL;
  g_autoptr(GString) big = g_string_new ("{\"Version\":\"2012-10-17\","
                                         "\"Statement\":[{\"Effect\":"
                                         "\"Allow\",\"Action\":\"s3:Get*\","
                                         "\"Resource\":\"arn:aws:s3:::");
  const char *names[] = { "self-service", NULL };
  const char *texts[] = { NULL, NULL };
  JgPlanViolation *violation;

  /* 1,950 characters of another policy, plus about 150 of Jumpgate's. */
  while (big->len < 1930)
    g_string_append_c (big, 'b');
  g_string_append (big, "/*\"}]}");
  texts[0] = big->str;

  stage (fixture->store, JG_CHANGE_GRANT, "amara", ROLE_ARN);
  targets = collect (fixture->store, JG_PLAN_SCOPE_STAGED, 0);
  documents = documents_initial (targets);
  jg_plan_documents_set_user (documents, AMARA_ARN, TRUE, NULL, names, texts);
  plan = jg_plan_compute (targets, documents);

  g_assert_cmpuint (plan->violations->len, ==, 1);
  violation = g_ptr_array_index (plan->violations, 0);
  g_assert_cmpint (violation->kind, ==, JG_PLAN_VIOLATION_USER_POLICIES_SIZE);
  g_assert_cmpstr (violation->target_arn, ==, AMARA_ARN);
  g_assert_cmpuint (violation->limit, ==, JG_USER_INLINE_POLICIES_LIMIT);
  g_assert_cmpuint (violation->size, >, JG_USER_INLINE_POLICIES_LIMIT);
  g_assert_cmpuint (violation->grants->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (violation->grants, 0), ==,
                   "amara " ROLE_ARN);
  g_assert_nonnull (strstr (violation->message, AMARA_ARN));
  g_assert_nonnull (strstr (violation->message, "2048"));
}

static void
test_plan_principal_missing (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(JgPlanDocuments) documents = NULL;
  g_autoptr(JgPlan) plan = NULL;
  JgPlanViolation *violation;

  stage (fixture->store, JG_CHANGE_GRANT, "amara", ROLE_ARN);
  targets = collect (fixture->store, JG_PLAN_SCOPE_STAGED, 0);
  documents = documents_initial (targets);
  jg_plan_documents_set_user (documents, AMARA_ARN, FALSE, NULL, NULL, NULL);
  plan = jg_plan_compute (targets, documents);

  g_assert_cmpuint (plan->violations->len, ==, 1);
  violation = g_ptr_array_index (plan->violations, 0);
  g_assert_cmpint (violation->kind, ==, JG_PLAN_VIOLATION_PRINCIPAL_MISSING);
  g_assert_nonnull (strstr (violation->message, AMARA_ARN));
  g_assert_nonnull (strstr (violation->message, JUMP_ID));
}

static char *
plan_to_text (JgPlan *plan)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < plan->actions->len; i++)
    {
      JgPlanAction *action = g_ptr_array_index (plan->actions, i);

      g_string_append_printf (text, "%s %s %s\n",
                              jg_plan_operation_to_string (action->operation),
                              action->target_arn,
                              action->after != NULL ? action->after : "-");
    }

  return g_string_free (text, FALSE);
}

static void
test_plan_deterministic (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(JgPlanDocuments) documents = NULL;
  g_autoptr(JgPlanDocuments) reversed = jg_plan_documents_new ();
  g_autoptr(JgPlan) first = NULL;
  g_autoptr(JgPlan) second = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  const char *const none[] = { NULL };

  /* Staged in one order... */
  stage (fixture->store, JG_CHANGE_GRANT, "bjorn", READONLY_ARN);
  stage (fixture->store, JG_CHANGE_GRANT, "amara", ROLE_ARN);
  stage (fixture->store, JG_CHANGE_GRANT, "bjorn", ROLE_ARN);
  targets = collect (fixture->store, JG_PLAN_SCOPE_STAGED, 0);
  documents = documents_initial (targets);
  first = jg_plan_compute (targets, documents);

  /* ...and again after a re-staging in another, with the documents
   * recorded in reverse order. */
  g_assert_true (jg_store_discard_staged (fixture->store, NULL));
  stage (fixture->store, JG_CHANGE_GRANT, "bjorn", ROLE_ARN);
  stage (fixture->store, JG_CHANGE_GRANT, "amara", ROLE_ARN);
  stage (fixture->store, JG_CHANGE_GRANT, "bjorn", READONLY_ARN);
  again = collect (fixture->store, JG_PLAN_SCOPE_STAGED, 0);
  for (guint i = again->len; i > 0; i--)
    {
      JgPlanTarget *target = g_ptr_array_index (again, i - 1);

      if (target->kind == JG_PLAN_DOCUMENT_USER_POLICY)
        jg_plan_documents_set_user (reversed, target->arn, TRUE, NULL, none,
                                    none);
      else
        jg_plan_documents_set_role (reversed, target->arn, TRUE,
                                    FOREIGN_TRUST);
    }
  second = jg_plan_compute (again, reversed);

  first_text = plan_to_text (first);
  second_text = plan_to_text (second);
  g_assert_cmpuint (first->actions->len, ==, 4);
  g_assert_cmpstr (first_text, ==, second_text);
}

static void
test_plan_commit_scope (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(JgPlanDocuments) documents = NULL;
  g_autoptr(JgPlan) plan = NULL;
  gint64 commit_id;

  stage (fixture->store, JG_CHANGE_GRANT, "amara", ROLE_ARN);
  commit_id = commit_staged (fixture->store);

  /* Something staged after the commit is not part of it. */
  stage (fixture->store, JG_CHANGE_GRANT, "bjorn", READONLY_ARN);

  targets = collect (fixture->store, JG_PLAN_SCOPE_COMMIT, commit_id);
  g_assert_cmpuint (targets->len, ==, 2);
  g_assert_cmpstr (((JgPlanTarget *) g_ptr_array_index (targets, 0))->arn, ==,
                   AMARA_ARN);
  g_assert_cmpstr (((JgPlanTarget *) g_ptr_array_index (targets, 1))->arn, ==,
                   ROLE_ARN);

  documents = documents_initial (targets);
  plan = jg_plan_compute (targets, documents);
  g_assert_cmpuint (plan->actions->len, ==, 2);

  /* --all looks at every principal and role of the store. */
  all = collect (fixture->store, JG_PLAN_SCOPE_ALL, 0);
  g_assert_cmpuint (all->len, ==, 4);
}

static void
test_plan_cache (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(JgPlanDocuments) documents = NULL;
  g_autoptr(JgPlanDocuments) empty = NULL;
  g_autoptr(JgPlanDocuments) cached = NULL;
  g_autoptr(JgPlan) first = NULL;
  g_autoptr(JgPlan) unknown = NULL;
  g_autoptr(JgPlan) offline = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *offline_text = NULL;
  const char *names[] = { "self-service", NULL };
  const char *texts[] = { "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
                          NULL };

  stage (fixture->store, JG_CHANGE_GRANT, "amara", ROLE_ARN);
  targets = collect (fixture->store, JG_PLAN_SCOPE_STAGED, 0);

  empty = jg_plan_documents_load_cache (fixture->store, targets, &error);
  g_assert_no_error (error);
  unknown = jg_plan_compute (targets, empty);
  g_assert_cmpuint (unknown->actions->len, ==, 0);
  g_assert_cmpuint (unknown->violations->len, ==, 2);
  g_assert_cmpint (((JgPlanViolation *) g_ptr_array_index (unknown->violations,
                                                           0))->kind, ==,
                   JG_PLAN_VIOLATION_DOCUMENT_UNKNOWN);

  documents = documents_initial (targets);
  jg_plan_documents_set_user (documents, AMARA_ARN, TRUE, NULL, names, texts);
  first = jg_plan_compute (targets, documents);
  g_assert_true (jg_plan_documents_save_cache (documents, fixture->store,
                                               targets, &error));
  g_assert_no_error (error);

  cached = jg_plan_documents_load_cache (fixture->store, targets, &error);
  g_assert_no_error (error);
  offline = jg_plan_compute (targets, cached);
  g_assert_cmpuint (offline->violations->len, ==, 0);

  first_text = plan_to_text (first);
  offline_text = plan_to_text (offline);
  g_assert_cmpstr (first_text, ==, offline_text);

  {
    GPtrArray *other_names = NULL;
    GPtrArray *others;

    others = jg_plan_documents_get_other_user_policies (cached, AMARA_ARN,
                                                        &other_names);
    g_assert_nonnull (others);
    g_assert_cmpuint (others->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (other_names, 0), ==, "self-service");
    g_assert_cmpstr (g_ptr_array_index (others, 0), ==, texts[0]);
  }
}

static void
test_plan_diff (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(JgPlanDocuments) documents = NULL;
  g_autoptr(JgPlan) plan = NULL;
  g_autofree char *diff = NULL;
  JgPlanAction *user;

  stage (fixture->store, JG_CHANGE_GRANT, "amara", ROLE_ARN);
  targets = collect (fixture->store, JG_PLAN_SCOPE_STAGED, 0);
  documents = documents_initial (targets);
  plan = jg_plan_compute (targets, documents);

  user = get_action (plan, AMARA_ARN);
  diff = jg_plan_action_dup_diff (user);
  g_assert_nonnull (strstr (diff, "+++ planned"));
  g_assert_nonnull (strstr (diff, "--- /dev/null"));
  g_assert_nonnull (strstr (diff, "+        \"" ROLE_ARN "\""));
}

int
main (int    argc,
      char **argv)
{
  jg_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/jumpgate/plan/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)

  ADD ("grant", test_plan_grant);
  ADD ("role-without-mfa", test_plan_role_without_mfa);
  ADD ("revoke", test_plan_revoke);
  ADD ("unchanged", test_plan_unchanged);
  ADD ("trust-limit", test_plan_trust_limit);
  ADD ("raised-trust-limit", test_plan_raised_trust_limit);
  ADD ("user-limit", test_plan_user_limit);
  ADD ("principal-missing", test_plan_principal_missing);
  ADD ("deterministic", test_plan_deterministic);
  ADD ("commit-scope", test_plan_commit_scope);
  ADD ("cache", test_plan_cache);
  ADD ("diff", test_plan_diff);

#undef ADD

  return g_test_run ();
}
