/* jg-store.h: the desired state, the staging area and the commit journal,
 * kept in one sqlite database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "core/jg-model.h"

G_BEGIN_DECLS

#define JG_STORE_ERROR (jg_store_error_quark ())

typedef enum
{
  JG_STORE_ERROR_FAILED,          /* the database itself failed */
  JG_STORE_ERROR_BUSY,            /* another process holds the write lock */
  JG_STORE_ERROR_NOT_FOUND,
  JG_STORE_ERROR_EXISTS,
  JG_STORE_ERROR_IN_USE,          /* still referenced by grants or others */
  JG_STORE_ERROR_CONFLICT,        /* a staging rule rejects the change */
  JG_STORE_ERROR_NOTHING_STAGED,
  JG_STORE_ERROR_SCHEMA_TOO_NEW,
} JgStoreError;

GQuark jg_store_error_quark (void);

#define JG_STORE_SCHEMA_VERSION 1

#define JG_TYPE_STORE (jg_store_get_type ())

G_DECLARE_FINAL_TYPE (JgStore, jg_store, JG, STORE, GObject)

typedef enum
{
  JG_COMMIT_RUNNING,
  JG_COMMIT_SUCCEEDED,
  JG_COMMIT_PARTIAL,
  JG_COMMIT_FAILED,
  JG_COMMIT_CANCELLED,
} JgCommitStatus;

const char     *jg_commit_status_to_string (JgCommitStatus status);

typedef struct
{
  gint64          id;
  GDateTime      *created_at;
  GDateTime      *finished_at;     /* nullable */
  char           *author_arn;      /* nullable */
  char           *author_user;
  char           *comment;
  JgCommitStatus  status;
} JgCommit;

typedef struct
{
  char           *name;
  GDateTime      *created_at;
  guint           n_changes;
} JgSavedChangeset;

GType           jg_commit_get_type          (void) G_GNUC_CONST;
JgCommit       *jg_commit_copy              (const JgCommit *self);
void            jg_commit_free              (JgCommit       *self);
GType           jg_saved_changeset_get_type (void) G_GNUC_CONST;
JgSavedChangeset *jg_saved_changeset_copy   (const JgSavedChangeset *self);
void            jg_saved_changeset_free     (JgSavedChangeset       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgCommit, jg_commit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgSavedChangeset, jg_saved_changeset_free)

char           *jg_store_dup_default_path  (void);
JgStore        *jg_store_open              (const char     *path,
                                            GError        **error);
const char     *jg_store_get_path          (JgStore        *self);

/* Jump accounts, one per partition. */
gboolean        jg_store_add_jump_account    (JgStore             *self,
                                              const JgJumpAccount *jump,
                                              GError             **error);
gboolean        jg_store_update_jump_account (JgStore             *self,
                                              const JgJumpAccount *jump,
                                              GError             **error);
JgJumpAccount  *jg_store_get_jump_account    (JgStore             *self,
                                              JgPartition          partition,
                                              GError             **error);
GPtrArray      *jg_store_list_jump_accounts  (JgStore             *self,
                                              GError             **error);
gboolean        jg_store_remove_jump_account (JgStore             *self,
                                              JgPartition          partition,
                                              GError             **error);

/* Target accounts. */
gboolean        jg_store_add_account       (JgStore         *self,
                                            const JgAccount *account,
                                            GError         **error);
gboolean        jg_store_update_account    (JgStore         *self,
                                            const JgAccount *account,
                                            GError         **error);
JgAccount      *jg_store_get_account       (JgStore         *self,
                                            const char      *account_id,
                                            GError         **error);
GPtrArray      *jg_store_list_accounts     (JgStore         *self,
                                            GError         **error);
gboolean        jg_store_remove_account    (JgStore         *self,
                                            const char      *account_id,
                                            GError         **error);

/* Roles; jg_store_add_role() fills in the ARN and the partition. */
gboolean        jg_store_add_role          (JgStore         *self,
                                            JgRole          *role,
                                            GError         **error);
gboolean        jg_store_update_role       (JgStore         *self,
                                            const JgRole    *role,
                                            GError         **error);
JgRole         *jg_store_get_role          (JgStore         *self,
                                            const char      *role_arn,
                                            GError         **error);
GPtrArray      *jg_store_list_roles        (JgStore         *self,
                                            const char      *account_id,
                                            GError         **error);
gboolean        jg_store_remove_role       (JgStore         *self,
                                            const char      *role_arn,
                                            GError         **error);

/* Persons. */
gboolean        jg_store_add_person        (JgStore         *self,
                                            const JgPerson  *person,
                                            GError         **error);
gboolean        jg_store_update_person     (JgStore         *self,
                                            const JgPerson  *person,
                                            GError         **error);
JgPerson       *jg_store_get_person        (JgStore         *self,
                                            const char      *handle,
                                            GError         **error);
GPtrArray      *jg_store_list_persons      (JgStore         *self,
                                            GError         **error);
gboolean        jg_store_remove_person     (JgStore         *self,
                                            const char      *handle,
                                            GError         **error);

/* Principals; jg_store_add_principal() fills in the ARN. */
gboolean        jg_store_add_principal     (JgStore         *self,
                                            JgPrincipal     *principal,
                                            GError         **error);
gboolean        jg_store_update_principal  (JgStore           *self,
                                            const JgPrincipal *principal,
                                            GError           **error);
JgPrincipal    *jg_store_get_principal     (JgStore         *self,
                                            const char      *principal_arn,
                                            GError         **error);
JgPrincipal    *jg_store_get_principal_for_person (JgStore     *self,
                                                   const char  *handle,
                                                   JgPartition  partition,
                                                   GError     **error);
GPtrArray      *jg_store_list_principals   (JgStore         *self,
                                            const char      *handle,
                                            GError         **error);
gboolean        jg_store_remove_principal  (JgStore         *self,
                                            const char      *principal_arn,
                                            GError         **error);

/* Grants in force now; handle and account_id filter when not NULL. */
GPtrArray      *jg_store_list_grants       (JgStore         *self,
                                            const char      *handle,
                                            const char      *account_id,
                                            GError         **error);
/* Grants in force right after commit_id finished. */
GPtrArray      *jg_store_list_grants_at_commit (JgStore     *self,
                                                gint64       commit_id,
                                                const char  *handle,
                                                const char  *account_id,
                                                GError     **error);

/* The staging area. Each call is one transaction: either every change is
 * staged or none is. */
gboolean        jg_store_stage             (JgStore         *self,
                                            JgChangeKind     kind,
                                            const char      *handle,
                                            const char *const *role_arns,
                                            GError         **error);
/* Stages grants and revocations of one person in one transaction. */
gboolean        jg_store_stage_changes     (JgStore            *self,
                                            const char         *handle,
                                            const char *const  *grant_arns,
                                            const char *const  *revoke_arns,
                                            GError            **error);
GPtrArray      *jg_store_list_staged       (JgStore         *self,
                                            GError         **error);
gboolean        jg_store_unstage           (JgStore         *self,
                                            gint64           change_id,
                                            GError         **error);
gboolean        jg_store_discard_staged    (JgStore         *self,
                                            GError         **error);
gboolean        jg_store_save_staged       (JgStore         *self,
                                            const char      *name,
                                            GError         **error);
gboolean        jg_store_open_saved        (JgStore         *self,
                                            const char      *name,
                                            GError         **error);
GPtrArray      *jg_store_list_saved        (JgStore         *self,
                                            GError         **error);

/* Commits. */
GPtrArray      *jg_store_list_commits      (JgStore         *self,
                                            GError         **error);
JgCommit       *jg_store_get_commit        (JgStore         *self,
                                            gint64           commit_id,
                                            GError         **error);
JgCommit       *jg_store_find_commit_at    (JgStore         *self,
                                            GDateTime       *time,
                                            GError         **error);

G_END_DECLS

G_BEGIN_DECLS

/* The commit journal. jg_store_begin_commit() moves the staging area into
 * the commit's requested changes and the desired state in one
 * transaction, and returns the new commit id, or 0 on error. */
gint64          jg_store_begin_commit      (JgStore         *self,
                                            const char      *comment,
                                            const char      *author_arn,
                                            const char      *author_user,
                                            GError         **error);
gboolean        jg_store_finish_commit     (JgStore         *self,
                                            gint64           commit_id,
                                            JgCommitStatus   status,
                                            GError         **error);
gboolean        jg_store_add_commit_message (JgStore        *self,
                                             gint64          commit_id,
                                             const char     *level,
                                             const char     *text,
                                             GError        **error);
GPtrArray      *jg_store_list_requested_changes (JgStore    *self,
                                                 gint64      commit_id,
                                                 GError    **error);

G_END_DECLS

G_BEGIN_DECLS

typedef enum
{
  JG_ACTION_PENDING,
  JG_ACTION_RUNNING,
  JG_ACTION_SUCCEEDED,
  JG_ACTION_FAILED,
  JG_ACTION_SKIPPED,
  JG_ACTION_CANCELLED,
} JgActionStatus;

const char     *jg_action_status_to_string (JgActionStatus status);

/* One AWS write of a commit and its outcome. Documents are the compact
 * JSON sent to or read from AWS; NULL means the document does not exist
 * (before) or is deleted (after). */
typedef struct
{
  gint64          id;
  gint64          commit_id;
  int             position;
  char           *operation;       /* PutUserPolicy, DeleteUserPolicy, … */
  char           *target_arn;
  char           *account_id;
  char           *document_before;
  char           *document_after;
  JgActionStatus  status;
  int             attempts;
  gint64          duration_ms;
  char           *error_code;      /* AWS's code, e.g. LimitExceeded */
  char           *error_message;
  char           *request_id;
} JgCommitAction;

typedef struct
{
  gint64          id;
  GDateTime      *at;
  char           *level;           /* "info", "warning" or "error" */
  char           *text;
} JgCommitMessage;

/* A person's generated configuration, stored with the commit that
 * affected them. */
typedef struct
{
  char           *handle;
  char           *format;          /* "aesr" or "aws-cli" */
  char           *text;
  char           *warnings;        /* one per line, "" when none */
} JgUserConfig;

GType           jg_commit_action_get_type  (void) G_GNUC_CONST;
JgCommitAction *jg_commit_action_copy      (const JgCommitAction *self);
void            jg_commit_action_free      (JgCommitAction       *self);
GType           jg_commit_message_get_type (void) G_GNUC_CONST;
JgCommitMessage *jg_commit_message_copy    (const JgCommitMessage *self);
void            jg_commit_message_free     (JgCommitMessage       *self);
GType           jg_user_config_get_type    (void) G_GNUC_CONST;
JgUserConfig   *jg_user_config_copy        (const JgUserConfig *self);
void            jg_user_config_free        (JgUserConfig       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgCommitAction, jg_commit_action_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgCommitMessage, jg_commit_message_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgUserConfig, jg_user_config_free)

/* Inserts the action and stores its new id in action->id. */
gboolean        jg_store_add_commit_action    (JgStore         *self,
                                               JgCommitAction  *action,
                                               GError         **error);
/* Updates documents, status, attempts, duration and error by id. */
gboolean        jg_store_update_commit_action (JgStore              *self,
                                               const JgCommitAction *action,
                                               GError              **error);
GPtrArray      *jg_store_list_commit_actions  (JgStore         *self,
                                               gint64           commit_id,
                                               GError         **error);
GPtrArray      *jg_store_list_commit_messages (JgStore         *self,
                                               gint64           commit_id,
                                               GError         **error);
gboolean        jg_store_put_user_config      (JgStore            *self,
                                               gint64              commit_id,
                                               const JgUserConfig *config,
                                               GError            **error);
GPtrArray      *jg_store_list_user_configs    (JgStore         *self,
                                               gint64           commit_id,
                                               GError         **error);
/* Commits still marked running: interrupted, when no other process is
 * running them. */
GPtrArray      *jg_store_list_running_commits (JgStore         *self,
                                               GError         **error);

/* The cache of documents last read from AWS. kind is "user-policy" or
 * "trust-policy"; a NULL document records that none exists. */
gboolean        jg_store_cache_document       (JgStore         *self,
                                               const char      *arn,
                                               const char      *kind,
                                               const char      *document,
                                               GError         **error);
/* Returns a table of ARN to document (NULL values for documents known not
 * to exist) of every cached document of the kind. */
GHashTable     *jg_store_load_document_cache  (JgStore         *self,
                                               const char      *kind,
                                               GError         **error);

G_END_DECLS

/* Queries of the commit engine (src/engine). */

G_BEGIN_DECLS

/* Replaces cached documents of one kind in one transaction: entry i is
 * ARNS[i] with DOCUMENTS[i] (NULL: known not to exist). Replacing an
 * entry whose key has no "#" also drops the entries "KEY#NAME" that
 * record a user's other inline policies; list those after their user. */
gboolean        jg_store_replace_cached_documents (JgStore            *self,
                                                   const char         *kind,
                                                   const char *const  *arns,
                                                   const char *const  *documents,
                                                   guint               n_documents,
                                                   GError            **error);

G_END_DECLS

/* Import from AWS, drift and adoption (src/engine/jg-import.c and
 * jg-drift.c). */

G_BEGIN_DECLS

typedef gboolean (*JgStoreTransactionFunc) (JgStore   *store,
                                            gpointer   user_data,
                                            GError   **error);

/* Runs func inside one transaction: every store call it makes commits
 * together, or none does when it returns FALSE. */
gboolean        jg_store_run_transaction   (JgStore                *self,
                                            JgStoreTransactionFunc  func,
                                            gpointer                user_data,
                                            GError                **error);
/* Records a commit whose documents AWS already holds, such as an import
 * or the adoption of drift: the commit row (status succeeded), its
 * requested changes (JgChange, in order) and the grants they open or
 * close, in one transaction, without touching the staging area. Rejects
 * a grant already in force, a revocation of a grant not in force and a
 * pair that is staged. Returns the commit id, or 0 on error. */
gint64          jg_store_record_applied_commit (JgStore        *self,
                                                const char     *comment,
                                                const char     *author_arn,
                                                const char     *author_user,
                                                GPtrArray      *changes,
                                                GError        **error);
/* Inserts a commit marked running without requested changes, for a
 * commit that writes the desired state in force again (a drift fix).
 * Returns the commit id, or 0 on error. */
gint64          jg_store_begin_reapply_commit (JgStore        *self,
                                               const char     *comment,
                                               const char     *author_arn,
                                               const char     *author_user,
                                               GError        **error);
/* Returns a table of target ARN to the operation ("PutUserPolicy", …) of
 * the last succeeded action of any commit on that target. */
GHashTable     *jg_store_load_last_actions (JgStore        *self,
                                            GError        **error);

G_END_DECLS
