/* jg-plan.c: comparing the desired documents with the current ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "core/jg-json-diff.h"
#include "core/jg-policy.h"
#include "jg-plan.h"

static const char *const operation_names[] = {
  [JG_PLAN_OPERATION_PUT_USER_POLICY] = "PutUserPolicy",
  [JG_PLAN_OPERATION_DELETE_USER_POLICY] = "DeleteUserPolicy",
  [JG_PLAN_OPERATION_UPDATE_ASSUME_ROLE_POLICY] = "UpdateAssumeRolePolicy",
};

const char *
jg_plan_operation_to_string (JgPlanOperation operation)
{
  g_return_val_if_fail (operation < G_N_ELEMENTS (operation_names), NULL);

  return operation_names[operation];
}

gboolean
jg_plan_operation_from_string (const char      *text,
                               JgPlanOperation *out_operation)
{
  for (guint i = 0; i < G_N_ELEMENTS (operation_names); i++)
    {
      if (g_strcmp0 (text, operation_names[i]) == 0)
        {
          *out_operation = (JgPlanOperation) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
jg_plan_document_kind_to_string (JgPlanDocumentKind kind)
{
  return kind == JG_PLAN_DOCUMENT_USER_POLICY ? JG_PLAN_CACHE_USER_POLICY
                                              : JG_PLAN_CACHE_TRUST_POLICY;
}

const char *
jg_plan_violation_kind_to_string (JgPlanViolationKind kind)
{
  switch (kind)
    {
    case JG_PLAN_VIOLATION_TRUST_POLICY_SIZE:
      return "trust-policy-size";
    case JG_PLAN_VIOLATION_USER_POLICIES_SIZE:
      return "user-policies-size";
    case JG_PLAN_VIOLATION_PRINCIPAL_MISSING:
      return "principal-missing";
    case JG_PLAN_VIOLATION_ROLE_MISSING:
      return "role-missing";
    case JG_PLAN_VIOLATION_INVALID_DOCUMENT:
      return "invalid-document";
    case JG_PLAN_VIOLATION_DOCUMENT_UNKNOWN:
      return "document-unknown";
    default:
      g_return_val_if_reached (NULL);
    }
}

static GPtrArray *
copy_strings (GPtrArray *strings)
{
  GPtrArray *copy = g_ptr_array_new_full (strings != NULL ? strings->len : 0,
                                          g_free);

  for (guint i = 0; strings != NULL && i < strings->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (strings, i)));

  return copy;
}

JgPlanTarget *
jg_plan_target_copy (const JgPlanTarget *self)
{
  JgPlanTarget *copy = g_new0 (JgPlanTarget, 1);

  copy->kind = self->kind;
  copy->arn = g_strdup (self->arn);
  copy->partition = self->partition;
  copy->account_id = g_strdup (self->account_id);
  copy->entity_name = g_strdup (self->entity_name);
  copy->members = copy_strings (self->members);
  copy->grants = copy_strings (self->grants);
  copy->require_mfa = self->require_mfa;
  copy->size_limit = self->size_limit;
  return copy;
}

void
jg_plan_target_free (JgPlanTarget *self)
{
  if (self == NULL)
    return;

  g_free (self->arn);
  g_free (self->account_id);
  g_free (self->entity_name);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->grants, g_ptr_array_unref);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgPlanTarget, jg_plan_target,
                     jg_plan_target_copy, jg_plan_target_free)

JgPlanAction *
jg_plan_action_copy (const JgPlanAction *self)
{
  JgPlanAction *copy = g_new0 (JgPlanAction, 1);

  copy->operation = self->operation;
  copy->target_arn = g_strdup (self->target_arn);
  copy->partition = self->partition;
  copy->account_id = g_strdup (self->account_id);
  copy->entity_name = g_strdup (self->entity_name);
  copy->before = g_strdup (self->before);
  copy->after = g_strdup (self->after);
  return copy;
}

void
jg_plan_action_free (JgPlanAction *self)
{
  if (self == NULL)
    return;

  g_free (self->target_arn);
  g_free (self->account_id);
  g_free (self->entity_name);
  g_free (self->before);
  g_free (self->after);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgPlanAction, jg_plan_action,
                     jg_plan_action_copy, jg_plan_action_free)

/* Returns the unified diff of the pretty-printed documents; an absent
 * document diffs as empty text. */
char *
jg_plan_action_dup_diff (const JgPlanAction *self)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  before = self->before != NULL ? jg_policy_pretty (self->before, NULL) : NULL;
  after = self->after != NULL ? jg_policy_pretty (self->after, NULL) : NULL;

  /* A document that cannot be parsed is shown as it is. */
  if (before == NULL && self->before != NULL)
    before = g_strconcat (self->before, "\n", NULL);
  if (after == NULL && self->after != NULL)
    after = g_strconcat (self->after, "\n", NULL);

  return jg_json_diff_lines (before != NULL ? before : "",
                             after != NULL ? after : "",
                             self->before != NULL ? "current" : "/dev/null",
                             self->after != NULL ? "planned" : "/dev/null",
                             JG_JSON_DIFF_CONTEXT_LINES);
}

JgPlanViolation *
jg_plan_violation_copy (const JgPlanViolation *self)
{
  JgPlanViolation *copy = g_new0 (JgPlanViolation, 1);

  copy->kind = self->kind;
  copy->target_arn = g_strdup (self->target_arn);
  copy->document = g_strdup (self->document);
  copy->size = self->size;
  copy->limit = self->limit;
  copy->grants = copy_strings (self->grants);
  copy->message = g_strdup (self->message);
  return copy;
}

void
jg_plan_violation_free (JgPlanViolation *self)
{
  if (self == NULL)
    return;

  g_free (self->target_arn);
  g_free (self->document);
  g_clear_pointer (&self->grants, g_ptr_array_unref);
  g_free (self->message);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgPlanViolation, jg_plan_violation,
                     jg_plan_violation_copy, jg_plan_violation_free)

JgPlan *
jg_plan_copy (const JgPlan *self)
{
  JgPlan *copy = g_new0 (JgPlan, 1);

  copy->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_plan_action_free);
  for (guint i = 0; i < self->actions->len; i++)
    g_ptr_array_add (copy->actions,
                     jg_plan_action_copy (g_ptr_array_index (self->actions, i)));

  copy->violations = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_plan_violation_free);
  for (guint i = 0; i < self->violations->len; i++)
    g_ptr_array_add (copy->violations,
                     jg_plan_violation_copy (g_ptr_array_index (self->violations,
                                                                i)));

  copy->n_checked = self->n_checked;
  copy->n_user_policies = self->n_user_policies;
  copy->n_trust_policies = self->n_trust_policies;
  return copy;
}

void
jg_plan_free (JgPlan *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->actions, g_ptr_array_unref);
  g_clear_pointer (&self->violations, g_ptr_array_unref);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgPlan, jg_plan, jg_plan_copy, jg_plan_free)

/* Returns e.g. "3 documents to change: 1 user policy, 2 trust policies". */
char *
jg_plan_dup_summary (const JgPlan *self)
{
  g_autofree char *documents = NULL;
  g_autofree char *users = NULL;
  g_autofree char *trusts = NULL;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);

  n = self->actions->len;
  if (n == 0 && self->violations->len > 0)
    return g_strdup_printf (ngettext ("The plan is rejected: %u problem "
                                      "below.",
                                      "The plan is rejected: %u problems "
                                      "below.",
                                      self->violations->len),
                            self->violations->len);

  if (n == 0)
    return g_strdup_printf (ngettext ("No document to change (%u checked).",
                                      "No document to change (%u checked).",
                                      self->n_checked),
                            self->n_checked);

  documents = g_strdup_printf (ngettext ("%u document to change",
                                         "%u documents to change", n), n);
  users = g_strdup_printf (ngettext ("%u user policy", "%u user policies",
                                     self->n_user_policies),
                           self->n_user_policies);
  trusts = g_strdup_printf (ngettext ("%u trust policy", "%u trust policies",
                                      self->n_trust_policies),
                            self->n_trust_policies);
  return g_strdup_printf ("%s: %s, %s", documents, users, trusts);
}

/* Returns one line per violation, or NULL when there is none. */
char *
jg_plan_dup_violations_message (const JgPlan *self)
{
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->violations->len == 0)
    return NULL;

  text = g_string_new (NULL);
  for (guint i = 0; i < self->violations->len; i++)
    {
      JgPlanViolation *violation = g_ptr_array_index (self->violations, i);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, violation->message);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Current documents. */

typedef struct
{
  gboolean   exists;
  char      *actual_arn;        /* of a user found under another path */
  char      *document;
  GPtrArray *other_names;       /* NULL when not known */
  GPtrArray *other_documents;
} Current;

static void
current_free (Current *current)
{
  g_free (current->document);
  g_free (current->actual_arn);
  g_clear_pointer (&current->other_names, g_ptr_array_unref);
  g_clear_pointer (&current->other_documents, g_ptr_array_unref);
  g_free (current);
}

struct _JgPlanDocuments
{
  GHashTable *users;    /* principal ARN → Current */
  GHashTable *roles;    /* role ARN → Current */
};

JgPlanDocuments *
jg_plan_documents_new (void)
{
  JgPlanDocuments *self = g_new0 (JgPlanDocuments, 1);

  self->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) current_free);
  self->roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) current_free);
  return self;
}

void
jg_plan_documents_free (JgPlanDocuments *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->users, g_hash_table_unref);
  g_clear_pointer (&self->roles, g_hash_table_unref);
  g_free (self);
}

void
jg_plan_documents_set_user (JgPlanDocuments   *self,
                            const char        *principal_arn,
                            gboolean           exists,
                            const char        *document,
                            const char *const *other_names,
                            const char *const *other_documents)
{
  Current *current = g_new0 (Current, 1);

  g_return_if_fail (self != NULL);
  g_return_if_fail (principal_arn != NULL);
  g_return_if_fail ((other_names == NULL) == (other_documents == NULL));

  current->exists = exists;
  current->document = g_strdup (document);
  if (other_names != NULL)
    {
      current->other_names = g_ptr_array_new_with_free_func (g_free);
      current->other_documents = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; other_names[i] != NULL; i++)
        {
          g_ptr_array_add (current->other_names, g_strdup (other_names[i]));
          g_ptr_array_add (current->other_documents,
                           g_strdup (other_documents[i]));
        }
    }

  g_hash_table_replace (self->users, g_strdup (principal_arn), current);
}

void
jg_plan_documents_set_role (JgPlanDocuments *self,
                            const char      *role_arn,
                            gboolean         exists,
                            const char      *document)
{
  Current *current = g_new0 (Current, 1);

  g_return_if_fail (self != NULL);
  g_return_if_fail (role_arn != NULL);

  current->exists = exists;
  current->document = g_strdup (document);
  g_hash_table_replace (self->roles, g_strdup (role_arn), current);
}

gboolean
jg_plan_documents_lookup (JgPlanDocuments     *self,
                          JgPlanDocumentKind   kind,
                          const char          *arn,
                          gboolean            *out_exists,
                          const char         **out_document)
{
  Current *current;

  g_return_val_if_fail (self != NULL, FALSE);

  current = g_hash_table_lookup (kind == JG_PLAN_DOCUMENT_USER_POLICY
                                 ? self->users : self->roles, arn);
  if (current == NULL)
    return FALSE;

  if (out_exists != NULL)
    *out_exists = current->exists;
  if (out_document != NULL)
    *out_document = current->document;
  return TRUE;
}

/* Records that the user of @principal_arn exists, but as @actual_arn:
 * under another path. The plan treats it as missing, because a trust
 * policy naming @principal_arn would be rejected. */
void
jg_plan_documents_set_user_actual_arn (JgPlanDocuments *self,
                                       const char      *principal_arn,
                                       const char      *actual_arn)
{
  Current *current;

  g_return_if_fail (self != NULL);

  current = g_hash_table_lookup (self->users, principal_arn);
  if (current == NULL)
    {
      jg_plan_documents_set_user (self, principal_arn, FALSE, NULL, NULL,
                                  NULL);
      current = g_hash_table_lookup (self->users, principal_arn);
    }

  current->exists = FALSE;
  g_free (current->actual_arn);
  current->actual_arn = g_strdup (actual_arn);
}

/* Returns the other inline policies of a user, or NULL when unknown. */
GPtrArray *
jg_plan_documents_get_other_user_policies (JgPlanDocuments  *self,
                                           const char       *principal_arn,
                                           GPtrArray       **out_names)
{
  Current *current = g_hash_table_lookup (self->users, principal_arn);

  if (current == NULL)
    return NULL;

  if (out_names != NULL)
    *out_names = current->other_names;
  return current->other_documents;
}

/* Computing. */

static JgPlanViolation *
violation_new (JgPlanViolationKind  kind,
               const JgPlanTarget  *target,
               const char          *document,
               gsize                size,
               gsize                limit,
               char                *message)
{
  JgPlanViolation *violation = g_new0 (JgPlanViolation, 1);

  violation->kind = kind;
  violation->target_arn = g_strdup (target->arn);
  violation->document = g_strdup (document);
  violation->size = size;
  violation->limit = limit;
  violation->grants = copy_strings (target->grants);
  violation->message = message;
  return violation;
}

/* Joins the grants for a message, at most a few of them, so that one
 * line stays readable even for a role trusted by hundreds. */
static char *
describe_grants (const JgPlanTarget *target)
{
  const guint max_shown = 5;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < target->grants->len && i < max_shown; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (target->grants,
                                                              i));

  if (target->grants->len > max_shown)
    g_string_append_printf (text, _(" and %u more"),
                            target->grants->len - max_shown);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_document (const JgPlanTarget *target)
{
  if (target->kind == JG_PLAN_DOCUMENT_USER_POLICY)
    return g_strdup_printf (_("inline policies of user %s"), target->arn);

  return g_strdup_printf (_("trust policy of role %s"), target->arn);
}

static gboolean
documents_equal (const char *current,
                 const char *planned)
{
  gboolean equal = FALSE;

  if (current == NULL || planned == NULL)
    return current == planned;

  /* Most documents were written by Jumpgate and compare equal byte for
   * byte; the parsed comparison is only needed for the others. */
  if (strcmp (current, planned) == 0)
    return TRUE;

  if (!jg_policy_equal (current, planned, &equal, NULL))
    return FALSE;

  return equal;
}

static JgPlanAction *
action_new (JgPlanOperation     operation,
            const JgPlanTarget *target,
            const char         *before,
            char               *after)
{
  JgPlanAction *action = g_new0 (JgPlanAction, 1);

  action->operation = operation;
  action->target_arn = g_strdup (target->arn);
  action->partition = target->partition;
  action->account_id = g_strdup (target->account_id);
  action->entity_name = g_strdup (target->entity_name);
  action->before = g_strdup (before);
  action->after = after;
  return action;
}

static void
plan_user_policy (JgPlan             *plan,
                  const JgPlanTarget *target,
                  JgPlanDocuments    *documents)
{
  const char *current = NULL;
  gboolean exists = FALSE;
  g_autofree char *planned = NULL;
  g_autofree char *name = describe_document (target);
  GPtrArray *others;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  gsize total = 0;

  if (!jg_plan_documents_lookup (documents, target->kind, target->arn,
                                 &exists, &current))
    {
      g_ptr_array_add (plan->violations, violation_new (
        JG_PLAN_VIOLATION_DOCUMENT_UNKNOWN, target, name, 0, 0,
        g_strdup_printf (_("The policy %s of user %s was not read from AWS "
                           "and is not in the document cache: plan once "
                           "while AWS can be reached to read it, and if that "
                           "fails, check the credentials and the account's "
                           "admin role."),
                         JG_POLICY_ASSUME_ROLES_NAME, target->arn)));
      return;
    }

  planned = jg_policy_build_assume_roles ((const char *const *) target->members->pdata,
                                          target->members->len);
  plan->n_checked++;

  if (!exists)
    {
      /* Nothing to grant to a missing user is not an error: the user may
       * have been deleted after its grants were revoked. */
      Current *found = g_hash_table_lookup (documents->users, target->arn);

      if (planned != NULL && found->actual_arn != NULL)
        {
          g_autofree char *grants = describe_grants (target);

          g_ptr_array_add (plan->violations, violation_new (
            JG_PLAN_VIOLATION_PRINCIPAL_MISSING, target, name, 0, 0,
            g_strdup_printf (_("User %s exists in IAM as %s, under another "
                               "path, but it has grants (%s) as %s: correct "
                               "the principal's path in Jumpgate."),
                             target->entity_name, found->actual_arn, grants,
                             target->arn)));
        }
      else if (planned != NULL)
        {
          g_autofree char *grants = describe_grants (target);

          g_ptr_array_add (plan->violations, violation_new (
            JG_PLAN_VIOLATION_PRINCIPAL_MISSING, target, name, 0, 0,
            g_strdup_printf (_("User %s does not exist in the jump account "
                               "%s, but it has grants (%s): create the user "
                               "in IAM, or revoke its grants."),
                             target->arn, target->account_id, grants)));
        }
      return;
    }

  if (documents_equal (current, planned))
    return;

  if (planned == NULL)
    {
      g_ptr_array_add (plan->actions,
                       action_new (JG_PLAN_OPERATION_DELETE_USER_POLICY,
                                   target, current, NULL));
      plan->n_user_policies++;
      return;
    }

  others = jg_plan_documents_get_other_user_policies (documents, target->arn,
                                                      NULL);
  all = g_ptr_array_new ();
  for (guint i = 0; others != NULL && i < others->len; i++)
    g_ptr_array_add (all, g_ptr_array_index (others, i));
  g_ptr_array_add (all, planned);

  if (!jg_policy_check_user_inline_size (target->arn,
                                         (const char *const *) all->pdata,
                                         all->len, &total, &error))
    {
      g_autofree char *grants = describe_grants (target);

      g_ptr_array_add (plan->violations, violation_new (
        JG_PLAN_VIOLATION_USER_POLICIES_SIZE, target, name, total,
        JG_USER_INLINE_POLICIES_LIMIT,
        g_strdup_printf (_("%s Grants behind it: %s."), error->message,
                         grants)));
      return;
    }

  g_ptr_array_add (plan->actions,
                   action_new (JG_PLAN_OPERATION_PUT_USER_POLICY, target,
                               current, g_steal_pointer (&planned)));
  plan->n_user_policies++;
}

static void
plan_trust_policy (JgPlan             *plan,
                   const JgPlanTarget *target,
                   JgPlanDocuments    *documents)
{
  const char *current = NULL;
  gboolean exists = FALSE;
  g_autofree char *planned = NULL;
  g_autofree char *name = describe_document (target);
  g_autoptr(GError) error = NULL;

  if (!jg_plan_documents_lookup (documents, target->kind, target->arn,
                                 &exists, &current))
    {
      g_ptr_array_add (plan->violations, violation_new (
        JG_PLAN_VIOLATION_DOCUMENT_UNKNOWN, target, name, 0, 0,
        g_strdup_printf (_("The trust policy of role %s was not read from "
                           "AWS and is not in the document cache: plan once "
                           "while AWS can be reached to read it, and if that "
                           "fails, check the credentials and the account's "
                           "admin role."),
                         target->arn)));
      return;
    }

  plan->n_checked++;

  if (!exists)
    {
      if (target->members->len > 0)
        {
          g_autofree char *grants = describe_grants (target);

          g_ptr_array_add (plan->violations, violation_new (
            JG_PLAN_VIOLATION_ROLE_MISSING, target, name, 0, 0,
            g_strdup_printf (_("Role %s does not exist in account %s, but "
                               "it is granted (%s): create the role, or "
                               "revoke its grants."),
                             target->arn, target->account_id, grants)));
        }
      return;
    }

  planned = jg_policy_merge_trust (current,
                                   (const char *const *) target->members->pdata,
                                   target->members->len, target->require_mfa,
                                   &error);
  if (planned == NULL)
    {
      g_ptr_array_add (plan->violations, violation_new (
        JG_PLAN_VIOLATION_INVALID_DOCUMENT, target, name, 0, 0,
        g_strdup_printf (_("The trust policy of role %s cannot be updated: "
                           "%s"), target->arn, error->message)));
      return;
    }

  if (documents_equal (current, planned))
    return;

  if (!jg_policy_check_trust_size (target->arn, planned, target->size_limit,
                                   &error))
    {
      g_autofree char *grants = describe_grants (target);

      g_ptr_array_add (plan->violations, violation_new (
        JG_PLAN_VIOLATION_TRUST_POLICY_SIZE, target, name,
        jg_policy_count_chars (planned), (gsize) target->size_limit,
        g_strdup_printf (_("%s Grants behind it: %s."), error->message,
                         grants)));
      return;
    }

  g_ptr_array_add (plan->actions,
                   action_new (JG_PLAN_OPERATION_UPDATE_ASSUME_ROLE_POLICY,
                               target, current, g_steal_pointer (&planned)));
  plan->n_trust_policies++;
}

/* Trust policies are written before user policies. Either order is safe,
 * because access needs both sides and IAM checks neither side's ARNs
 * against the other: a trust policy may name a user without a policy,
 * and a user policy may name a role that does not trust the user. Trust
 * first means that a new grant works as soon as the user's policy shows
 * it, and that a revocation takes effect on the target account's side,
 * the side its owners audit, at the first write. Each write stays
 * independent of the others: none waits for another to succeed. */
static int
compare_actions (gconstpointer a,
                 gconstpointer b)
{
  const JgPlanAction *action_a = *(const JgPlanAction *const *) a;
  const JgPlanAction *action_b = *(const JgPlanAction *const *) b;
  gboolean trust_a = action_a->operation == JG_PLAN_OPERATION_UPDATE_ASSUME_ROLE_POLICY;
  gboolean trust_b = action_b->operation == JG_PLAN_OPERATION_UPDATE_ASSUME_ROLE_POLICY;

  if (trust_a != trust_b)
    return trust_a ? -1 : 1;

  return strcmp (action_a->target_arn, action_b->target_arn);
}

/* Computes the plan of @targets against @documents. Pure: the same
 * arguments always give the same plan, actions sorted as
 * compare_actions() says. A plan with violations must not be applied. */
JgPlan *
jg_plan_compute (GPtrArray       *targets,
                 JgPlanDocuments *documents)
{
  JgPlan *plan = g_new0 (JgPlan, 1);

  g_return_val_if_fail (targets != NULL, NULL);
  g_return_val_if_fail (documents != NULL, NULL);

  plan->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_plan_action_free);
  plan->violations = g_ptr_array_new_with_free_func ((GDestroyNotify) jg_plan_violation_free);

  for (guint i = 0; i < targets->len; i++)
    {
      const JgPlanTarget *target = g_ptr_array_index (targets, i);

      if (target->kind == JG_PLAN_DOCUMENT_USER_POLICY)
        plan_user_policy (plan, target, documents);
      else
        plan_trust_policy (plan, target, documents);
    }

  g_ptr_array_sort (plan->actions, compare_actions);
  return plan;
}
