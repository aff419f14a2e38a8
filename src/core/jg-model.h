/* jg-model.h: partitions, ARNs, validation and the value types of the
 * desired state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define JG_MODEL_ERROR (jg_model_error_quark ())

/* One code per kind of invalid input, so callers (and the CLI's exit
 * status) can tell a bad value from a failure of the machine. */
typedef enum
{
  JG_MODEL_ERROR_INVALID_PARTITION,
  JG_MODEL_ERROR_INVALID_ACCOUNT_ID,
  JG_MODEL_ERROR_INVALID_NAME,
  JG_MODEL_ERROR_INVALID_PATH,
  JG_MODEL_ERROR_INVALID_ARN,
  JG_MODEL_ERROR_INVALID_COLOR,
  JG_MODEL_ERROR_INVALID_HANDLE,
  JG_MODEL_ERROR_INVALID_LABEL,
  JG_MODEL_ERROR_INVALID_EMAIL,
  JG_MODEL_ERROR_INVALID_REGION,
  JG_MODEL_ERROR_INVALID_LIMIT,
  JG_MODEL_ERROR_INVALID_MFA_SERIAL,
} JgModelError;

GQuark jg_model_error_quark (void);

typedef enum
{
  JG_PARTITION_AWS,
  JG_PARTITION_AWS_US_GOV,
  JG_PARTITION_AWS_CN,
} JgPartition;

#define JG_N_PARTITIONS 3

/* IAM's limits, from the IAM service model and quota pages. */
#define JG_IAM_NAME_MAX_LENGTH 64
#define JG_IAM_PATH_MAX_LENGTH 512
#define JG_TRUST_POLICY_DEFAULT_LIMIT 2048
#define JG_TRUST_POLICY_MAX_LIMIT 4096
#define JG_USER_INLINE_POLICIES_LIMIT 2048
#define JG_HANDLE_MAX_LENGTH 32
#define JG_LABEL_MAX_LENGTH 128
#define JG_DEFAULT_ADMIN_ROLE "OrganizationAccountAccessRole"

const char  *jg_partition_to_string          (JgPartition   partition);
gboolean     jg_partition_from_string        (const char   *text,
                                              JgPartition  *out_partition,
                                              GError      **error);
const char  *jg_partition_default_region     (JgPartition   partition);
const char  *jg_partition_display_name       (JgPartition   partition);

gboolean     jg_validate_account_id          (const char   *account_id,
                                              GError      **error);
gboolean     jg_validate_iam_name            (const char   *name,
                                              const char   *what,
                                              GError      **error);
gboolean     jg_validate_iam_path            (const char   *path,
                                              GError      **error);
gboolean     jg_validate_color               (const char   *color,
                                              GError      **error);
gboolean     jg_validate_handle              (const char   *handle,
                                              GError      **error);
gboolean     jg_validate_label               (const char   *label,
                                              const char   *what,
                                              gboolean      allow_empty,
                                              GError      **error);
gboolean     jg_validate_email               (const char   *email,
                                              GError      **error);
gboolean     jg_validate_region              (JgPartition   partition,
                                              const char   *region,
                                              GError      **error);
gboolean     jg_validate_trust_policy_limit  (int           limit,
                                              GError      **error);
gboolean     jg_validate_mfa_serial          (JgPartition   partition,
                                              const char   *serial,
                                              GError      **error);

/* An IAM ARN of a role or user: arn:PARTITION:iam::ACCOUNT:TYPE/PATH/NAME. */
typedef struct
{
  JgPartition  partition;
  char        *account_id;
  char        *resource_type;   /* "role" or "user" */
  char        *path;            /* "/" or "/a/b/" */
  char        *name;
} JgArn;

GType        jg_arn_get_type                 (void) G_GNUC_CONST;
JgArn       *jg_arn_parse                    (const char   *arn,
                                              GError      **error);
JgArn       *jg_arn_copy                     (const JgArn  *arn);
void         jg_arn_free                     (JgArn        *arn);
char        *jg_arn_to_string                (const JgArn  *arn);
char        *jg_arn_build                    (JgPartition   partition,
                                              const char   *account_id,
                                              const char   *resource_type,
                                              const char   *path,
                                              const char   *name);

/* The jump account of one partition: where the principals live. */
typedef struct
{
  JgPartition  partition;
  char        *account_id;
  char        *region;
  char        *alias;           /* nullable */
} JgJumpAccount;

/* A target account. */
typedef struct
{
  char        *id;
  JgPartition  partition;
  char        *name;
  char        *environment;     /* "" when unset */
  char        *color;           /* RRGGBB or NULL */
  char        *admin_role;
  int          trust_policy_limit;
  char        *alias;           /* nullable */
  char        *region;          /* nullable */
} JgAccount;

typedef struct
{
  char        *arn;
  JgPartition  partition;
  char        *account_id;
  char        *name;
  char        *path;
  gboolean     require_mfa;
} JgRole;

typedef struct
{
  char        *handle;
  char        *name;
  char        *email;           /* nullable */
} JgPerson;

/* An IAM user in a jump account, belonging to one person. */
typedef struct
{
  char        *arn;
  char        *handle;
  JgPartition  partition;
  char        *user_name;
  char        *path;
  char        *mfa_serial;      /* nullable */
} JgPrincipal;

/* One edge of the desired state with its history. Commit ids are 0 when
 * the grant is not (yet) tied to a commit. */
typedef struct
{
  char        *handle;
  char        *principal_arn;
  char        *role_arn;
  gint64       added_commit;
  gint64       removed_commit;
} JgGrant;

typedef enum
{
  JG_CHANGE_GRANT,
  JG_CHANGE_REVOKE,
} JgChangeKind;

const char  *jg_change_kind_to_string        (JgChangeKind  kind);
gboolean     jg_change_kind_from_string      (const char   *text,
                                              JgChangeKind *out_kind);

/* A requested change, staged or recorded in a commit. */
typedef struct
{
  gint64       id;
  JgChangeKind kind;
  char        *handle;
  char        *principal_arn;
  char        *role_arn;
} JgChange;

#define JG_DECLARE_VALUE_TYPE(TypeName, type_name) \
  GType      type_name##_get_type (void) G_GNUC_CONST; \
  TypeName  *type_name##_copy     (const TypeName *self); \
  void       type_name##_free     (TypeName       *self); \
  G_DEFINE_AUTOPTR_CLEANUP_FUNC (TypeName, type_name##_free)

JG_DECLARE_VALUE_TYPE (JgJumpAccount, jg_jump_account)
JG_DECLARE_VALUE_TYPE (JgAccount, jg_account)
JG_DECLARE_VALUE_TYPE (JgRole, jg_role)
JG_DECLARE_VALUE_TYPE (JgPerson, jg_person)
JG_DECLARE_VALUE_TYPE (JgPrincipal, jg_principal)
JG_DECLARE_VALUE_TYPE (JgGrant, jg_grant)
JG_DECLARE_VALUE_TYPE (JgChange, jg_change)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgArn, jg_arn_free)

G_END_DECLS
