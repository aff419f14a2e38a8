/* jg-plan.h: the document changes that make AWS match the desired state.
 *
 * A plan is computed in three steps: the targets (which documents, and
 * what each must grant) come from the store; the current documents come
 * from AWS or from the document cache; jg_plan_compute() compares the two
 * and checks IAM's limits. Computing never touches the network.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "core/jg-core.h"

G_BEGIN_DECLS

typedef enum
{
  /* The inline user policy jumpgate-assume-roles of a principal. */
  JG_PLAN_DOCUMENT_USER_POLICY,
  /* The trust (assume role) policy of a role. */
  JG_PLAN_DOCUMENT_TRUST_POLICY,
} JgPlanDocumentKind;

typedef enum
{
  JG_PLAN_OPERATION_PUT_USER_POLICY,
  JG_PLAN_OPERATION_DELETE_USER_POLICY,
  JG_PLAN_OPERATION_UPDATE_ASSUME_ROLE_POLICY,
} JgPlanOperation;

/* The document kinds of the store's document cache. */
#define JG_PLAN_CACHE_USER_POLICY "user-policy"
#define JG_PLAN_CACHE_TRUST_POLICY "trust-policy"

const char *jg_plan_operation_to_string      (JgPlanOperation    operation);
gboolean    jg_plan_operation_from_string    (const char        *text,
                                              JgPlanOperation   *out_operation);
const char *jg_plan_document_kind_to_string  (JgPlanDocumentKind kind);

/* Which documents a plan looks at. */
typedef enum
{
  /* Those touched by the staging area, with the staged changes applied to
   * the desired state. */
  JG_PLAN_SCOPE_STAGED,
  /* Every principal and role of the store, with the staged changes
   * applied to the desired state. */
  JG_PLAN_SCOPE_ALL,
  /* Those touched by the requested changes of one commit, against the
   * desired state in force (which the commit has already updated). */
  JG_PLAN_SCOPE_COMMIT,
} JgPlanScope;

/* One document the plan looks at and what it must grant. */
typedef struct
{
  JgPlanDocumentKind  kind;
  char               *arn;          /* the principal's or the role's ARN */
  JgPartition         partition;
  char               *account_id;   /* the jump or the target account */
  char               *entity_name;  /* UserName or RoleName */
  /* Sorted, without duplicates: the role ARNs a user policy allows, or
   * the principal ARNs a trust policy trusts. */
  GPtrArray          *members;
  /* "HANDLE ROLE_ARN" of each grant behind the members, sorted. */
  GPtrArray          *grants;
  gboolean            require_mfa;  /* trust policies only */
  int                 size_limit;   /* characters, whitespace not counted */
} JgPlanTarget;

GType         jg_plan_target_get_type    (void) G_GNUC_CONST;
JgPlanTarget *jg_plan_target_copy        (const JgPlanTarget *self);
void          jg_plan_target_free        (JgPlanTarget       *self);

/* The current documents of the targets, as read from AWS or the cache. A
 * target without an entry is unknown (for example not in the cache). */
typedef struct _JgPlanDocuments JgPlanDocuments;

JgPlanDocuments *jg_plan_documents_new       (void);
void             jg_plan_documents_free      (JgPlanDocuments *self);
/* Records a user: whether it exists, its jumpgate-assume-roles policy
 * (NULL when absent) and its other inline policies (NULL when not
 * known, which skips the check of their aggregate size). */
void             jg_plan_documents_set_user  (JgPlanDocuments    *self,
                                              const char         *principal_arn,
                                              gboolean            exists,
                                              const char         *document,
                                              const char *const  *other_names,
                                              const char *const  *other_documents);
void             jg_plan_documents_set_user_actual_arn
                                             (JgPlanDocuments    *self,
                                              const char         *principal_arn,
                                              const char         *actual_arn);
/* Records a role: whether it exists and its trust policy. */
void             jg_plan_documents_set_role  (JgPlanDocuments    *self,
                                              const char         *role_arn,
                                              gboolean            exists,
                                              const char         *document);
gboolean         jg_plan_documents_lookup    (JgPlanDocuments    *self,
                                              JgPlanDocumentKind  kind,
                                              const char         *arn,
                                              gboolean           *out_exists,
                                              const char        **out_document);
/* Returns the other inline policies of a user (and their names through
 * out_names), or NULL when they are not known. Borrowed. */
GPtrArray       *jg_plan_documents_get_other_user_policies
                                             (JgPlanDocuments    *self,
                                              const char         *principal_arn,
                                              GPtrArray         **out_names);

/* One write of a plan. Documents are compact JSON; before is NULL when
 * the document does not exist, after is NULL for a deletion. */
typedef struct
{
  JgPlanOperation  operation;
  char            *target_arn;
  JgPartition      partition;
  char            *account_id;
  char            *entity_name;
  char            *before;
  char            *after;
} JgPlanAction;

GType         jg_plan_action_get_type    (void) G_GNUC_CONST;
JgPlanAction *jg_plan_action_copy        (const JgPlanAction *self);
void          jg_plan_action_free        (JgPlanAction       *self);
char         *jg_plan_action_dup_diff    (const JgPlanAction *self);

typedef enum
{
  JG_PLAN_VIOLATION_TRUST_POLICY_SIZE,
  JG_PLAN_VIOLATION_USER_POLICIES_SIZE,
  JG_PLAN_VIOLATION_PRINCIPAL_MISSING,
  JG_PLAN_VIOLATION_ROLE_MISSING,
  /* The current document cannot be read or merged. */
  JG_PLAN_VIOLATION_INVALID_DOCUMENT,
  /* The current document is not known: not in the cache. */
  JG_PLAN_VIOLATION_DOCUMENT_UNKNOWN,
} JgPlanViolationKind;

/* Why a plan must not be applied. */
typedef struct
{
  JgPlanViolationKind  kind;
  char                *target_arn;
  char                *document;    /* e.g. "trust policy of role ARN" */
  gsize                size;        /* characters; 0 if not a size rule */
  gsize                limit;
  GPtrArray           *grants;      /* "HANDLE ROLE_ARN" behind it */
  char                *message;     /* one sentence naming the fix */
} JgPlanViolation;

GType            jg_plan_violation_get_type (void) G_GNUC_CONST;
JgPlanViolation *jg_plan_violation_copy     (const JgPlanViolation *self);
void             jg_plan_violation_free     (JgPlanViolation       *self);
const char      *jg_plan_violation_kind_to_string (JgPlanViolationKind kind);

typedef struct
{
  GPtrArray *actions;      /* JgPlanAction, trust policies first, by ARN */
  GPtrArray *violations;   /* JgPlanViolation, in target order */
  guint      n_checked;    /* documents compared */
  guint      n_user_policies;
  guint      n_trust_policies;
} JgPlan;

GType    jg_plan_get_type       (void) G_GNUC_CONST;
JgPlan  *jg_plan_copy           (const JgPlan *self);
void     jg_plan_free           (JgPlan       *self);
char    *jg_plan_dup_summary    (const JgPlan *self);
char    *jg_plan_dup_violations_message (const JgPlan *self);

GPtrArray *jg_plan_collect_targets     (JgStore          *store,
                                        JgPlanScope       scope,
                                        gint64            commit_id,
                                        GError          **error);
JgPlan    *jg_plan_compute             (GPtrArray        *targets,
                                        JgPlanDocuments  *documents);

/* The document cache of the store, for plans with --offline. */
JgPlanDocuments *jg_plan_documents_load_cache (JgStore     *store,
                                               GPtrArray   *targets,
                                               GError     **error);
gboolean         jg_plan_documents_save_cache (JgPlanDocuments *self,
                                               JgStore         *store,
                                               GPtrArray       *targets,
                                               GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgPlanTarget, jg_plan_target_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgPlanDocuments, jg_plan_documents_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgPlanAction, jg_plan_action_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgPlanViolation, jg_plan_violation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgPlan, jg_plan_free)

G_END_DECLS
