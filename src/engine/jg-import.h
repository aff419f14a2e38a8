/* jg-import.h: reading an existing organisation from AWS into the store.
 *
 * An import lists the accounts of the organisation (Organizations
 * ListAccounts) and the roles of every active account (ListRoles, through
 * each account's admin role). It reads the IAM users of the jump account
 * (ListUsers) with their inline policies, and finds the grants that both
 * documents of a pair already agree on. It adds what the store lacks and
 * updates names and aliases. It never removes anything from the store and
 * never writes to AWS. Accounts are matched by id, roles and principals by ARN, so a
 * second import of the same organisation changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aws/jg-session-manager.h"
#include "core/jg-core.h"

G_BEGIN_DECLS

#define JG_IMPORT_ERROR (jg_import_error_quark ())

typedef enum
{
  /* No credentials for the jump account, or GetCallerIdentity failed
   * with them. */
  JG_IMPORT_ERROR_CREDENTIALS,
  /* The users of the jump account cannot be listed. */
  JG_IMPORT_ERROR_USERS,
} JgImportError;

GQuark jg_import_error_quark (void);

/* The steps of an import, in the order they start. Reading accounts,
 * roles and users overlaps in time. */
typedef enum
{
  JG_IMPORT_PHASE_IDENTITY,
  JG_IMPORT_PHASE_ACCOUNTS,
  JG_IMPORT_PHASE_ROLES,
  JG_IMPORT_PHASE_USERS,
  JG_IMPORT_PHASE_SAVE,
} JgImportPhase;

const char *jg_import_phase_to_string (JgImportPhase phase);

typedef enum
{
  JG_IMPORT_ENTITY_JUMP_ACCOUNT,
  JG_IMPORT_ENTITY_ACCOUNT,
  JG_IMPORT_ENTITY_ROLE,
  JG_IMPORT_ENTITY_PERSON,
  JG_IMPORT_ENTITY_PRINCIPAL,
  JG_IMPORT_ENTITY_GRANT,
} JgImportEntity;

const char *jg_import_entity_to_string (JgImportEntity entity);

/* One addition or update that the import makes (or, in a dry run, would
 * make). */
typedef struct
{
  JgImportEntity  entity;
  gboolean        added;    /* FALSE: an update of names or aliases */
  char           *key;      /* account id, ARN, handle, or "HANDLE ROLE_ARN" */
  char           *detail;   /* e.g. the account name; may be "" */
} JgImportChange;

/* A pair that only one of its two documents names, so it is reported and
 * not imported as a grant. */
typedef struct
{
  char     *principal_arn;
  char     *role_arn;
  gboolean  assertion;      /* the user's inline policies allow the role */
  gboolean  trust;          /* the role's trust policy names the user */
} JgImportHalfGrant;

typedef struct
{
  char *level;              /* "info", "warning" or "error" */
  char *account_id;         /* NULL when it concerns no one account */
  char *text;
} JgImportMessage;

/* What an import found and did. */
typedef struct
{
  JgPartition  partition;
  gboolean     dry_run;
  char        *jump_account_id;
  GPtrArray   *changes;       /* JgImportChange, in the order applied */
  GPtrArray   *half_grants;   /* JgImportHalfGrant, by principal and role */
  GPtrArray   *messages;      /* JgImportMessage */
  guint        n_accounts;    /* target accounts listed */
  guint        n_accounts_read;
  guint        n_accounts_skipped;     /* not ACTIVE */
  guint        n_accounts_unreachable;
  guint        n_roles;       /* roles read */
  guint        n_users;       /* users read */
  guint        n_grants;      /* pairs both documents agree on */
  gint64       commit_id;     /* the import commit; 0 when none */
} JgImportReport;

GType           jg_import_report_get_type (void) G_GNUC_CONST;
JgImportReport *jg_import_report_copy     (const JgImportReport *self);
void            jg_import_report_free     (JgImportReport       *self);
guint           jg_import_report_count    (const JgImportReport *self,
                                           JgImportEntity        entity,
                                           gboolean              added);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgImportReport, jg_import_report_free)

/* Turns an IAM user name into a handle of the form
 * [a-z0-9][a-z0-9._-]{0,31}: lower case, other characters replaced by
 * "-", leading punctuation dropped, cut to fit; "user" when nothing is
 * left. Not unique by itself: see the import for the suffixes. */
char *jg_import_handle_from_user_name (const char *user_name);

/* Returns the principal ARNs an Allow statement of the trust policy
 * document grants sts:AssumeRole to (Principal "AWS", string or list),
 * sorted and without duplicates. */
char **jg_import_extract_trusted_principals (const char  *document,
                                             GError     **error);

#define JG_TYPE_IMPORT (jg_import_get_type ())

G_DECLARE_FINAL_TYPE (JgImport, jg_import, JG, IMPORT, GObject)

/* The "progress" signal: (JgImportPhase phase, guint done, guint total),
 * emitted on the main context when a phase starts and as its items
 * complete; total is 0 when unknown yet. */
JgImport       *jg_import_new          (JgStore             *store,
                                        JgSessionManager    *sessions,
                                        JgPartition          partition);
void            jg_import_set_dry_run  (JgImport            *self,
                                        gboolean             dry_run);
void            jg_import_set_author   (JgImport            *self,
                                        const char          *author_arn,
                                        const char          *author_user);
void            jg_import_run_async    (JgImport            *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
JgImportReport *jg_import_run_finish   (JgImport            *self,
                                        GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
