/* jg-policy.h: IAM policy documents of both sides of a grant: the
 * assertion-side inline user policy and the managed statement of a role's
 * trust policy, with IAM's character limits.
 *
 * Every function here is pure: no network, no database. Documents are
 * UTF-8 JSON text. Functions that read a document also accept it
 * percent-encoded, as GetRole and GetUserPolicy return it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define JG_POLICY_ERROR (jg_policy_error_quark ())

typedef enum
{
  JG_POLICY_ERROR_MALFORMED,          /* not JSON, or not shaped as a policy */
  JG_POLICY_ERROR_INVALID_ENCODING,   /* bad percent escape, bad UTF-8, NUL */
  JG_POLICY_ERROR_INVALID_CHARACTER,  /* outside IAM's policy alphabet */
  JG_POLICY_ERROR_TOO_LARGE,          /* over an IAM character limit */
} JgPolicyError;

GQuark jg_policy_error_quark (void);

#define JG_POLICY_VERSION "2012-10-17"

/* The inline user policy that contains a principal's grants. */
#define JG_POLICY_ASSUME_ROLES_NAME "jumpgate-assume-roles"
#define JG_POLICY_ASSUME_ROLES_SID "JumpgateAssumeRoles"

/* The trust policy statement Jumpgate owns, found by its Sid. */
#define JG_POLICY_MANAGED_SID "JumpgateManaged"

/* The Deny-all statement written in place of an otherwise empty trust
 * policy, because IAM rejects a trust policy without statements. */
#define JG_POLICY_NO_TRUST_SID "JumpgateNoTrust"

typedef enum
{
  JG_MANAGED_STATEMENT_ABSENT,
  /* Exactly what Jumpgate writes for the principals it lists, with or
   * without the MFA condition, up to IAM's equivalent spellings. */
  JG_MANAGED_STATEMENT_AS_WRITTEN,
  /* Changed by someone else: extra keys, another effect or action, a
   * changed condition, a duplicate Sid or no principal at all. */
  JG_MANAGED_STATEMENT_EDITED,
} JgManagedStatementState;

/* Reading and printing */
char      *jg_policy_percent_decode              (const char   *text,
                                                  GError      **error);
JsonNode  *jg_policy_parse                       (const char   *document,
                                                  GError      **error);
char      *jg_policy_node_to_compact             (JsonNode     *root);
char      *jg_policy_node_to_pretty              (JsonNode     *root);
char      *jg_policy_pretty                      (const char   *document,
                                                  GError      **error);
gboolean   jg_policy_equal                       (const char   *document_a,
                                                  const char   *document_b,
                                                  gboolean     *out_equal,
                                                  GError      **error);

/* IAM's limits */
gsize      jg_policy_count_chars                 (const char   *document);
gboolean   jg_policy_check_alphabet              (const char   *document,
                                                  const char   *document_name,
                                                  GError      **error);
gboolean   jg_policy_check_trust_size            (const char   *role_arn,
                                                  const char   *document,
                                                  int           limit,
                                                  GError      **error);
gboolean   jg_policy_check_user_inline_size      (const char   *user_arn,
                                                  const char *const *documents,
                                                  gssize        n_documents,
                                                  gsize        *out_total,
                                                  GError      **error);

/* Assertion side: the inline user policy */
char      *jg_policy_build_assume_roles          (const char *const *role_arns,
                                                  gssize        n_role_arns);
char     **jg_policy_extract_assumable_roles     (const char   *document,
                                                  GError      **error);

/* Trust side: the managed statement of a role's trust policy */
char      *jg_policy_merge_trust                 (const char   *current_document,
                                                  const char *const *principal_arns,
                                                  gssize        n_principal_arns,
                                                  gboolean      require_mfa,
                                                  GError      **error);
char     **jg_policy_extract_managed_principals  (const char   *document,
                                                  GError      **error);
gboolean   jg_policy_inspect_managed_statement   (const char   *document,
                                                  JgManagedStatementState *out_state,
                                                  gboolean     *out_require_mfa,
                                                  GError      **error);

G_END_DECLS
