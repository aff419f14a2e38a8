/* jg-drift.h: differences between the desired state and what AWS holds.
 *
 * A check reads every principal's inline policies and every role's trust
 * policy (and caches them in the store's document cache), then compares
 * them with the grants in force. Two documents grant a pair when the
 * user's inline policies allow the exact role ARN and the role's trust
 * policy names the user. Import uses the same rule, so a fresh import
 * shows no drift even before Jumpgate has written any document of its
 * own.
 *
 * Each item can be fixed, adopted, or both:
 *  - fix: the desired state already says what AWS should hold, so the
 *    fix is a commit that writes the affected documents again (nothing is
 *    staged); it only touches Jumpgate's own policy and statement;
 *  - adopt: the desired state takes what AWS holds, recorded as a commit
 *    of grants or revocations without any AWS write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "aws/jg-session-manager.h"
#include "core/jg-core.h"

G_BEGIN_DECLS

#define JG_DRIFT_ERROR (jg_drift_error_quark ())

typedef enum
{
  /* No item with that id in the current drift. */
  JG_DRIFT_ERROR_NOT_FOUND,
  /* The item cannot be fixed or adopted that way. The message names what
   * to do instead. */
  JG_DRIFT_ERROR_NOT_POSSIBLE,
  /* Staged changes would be written along with the fix. */
  JG_DRIFT_ERROR_STAGED,
  /* The re-written documents would break an IAM limit, or cannot be
   * read. */
  JG_DRIFT_ERROR_PLAN,
  /* Another process is running a commit on the same database. */
  JG_DRIFT_ERROR_BUSY,
} JgDriftError;

GQuark jg_drift_error_quark (void);

typedef enum
{
  /* Both documents grant a pair that the desired state does not. */
  JG_DRIFT_UNEXPECTED_GRANT,
  /* A desired grant that one or both documents no longer name. */
  JG_DRIFT_MISSING_GRANT,
  /* The managed statement of a trust policy was changed by hand. */
  JG_DRIFT_STATEMENT_EDITED,
  /* The jumpgate-assume-roles policy Jumpgate wrote is gone. */
  JG_DRIFT_POLICY_REMOVED,
  /* Jumpgate's own policy or statement names a member the desired state
   * does not, without the other document granting the pair. */
  JG_DRIFT_STRAY_MEMBER,
  /* IAM reports NoSuchEntity for a principal or role of the store. */
  JG_DRIFT_PRINCIPAL_DELETED,
  JG_DRIFT_ROLE_DELETED,
} JgDriftKind;

const char *jg_drift_kind_to_string (JgDriftKind kind);

typedef struct
{
  char        *id;             /* 8 hex digits from the kind and the ARNs */
  JgDriftKind  kind;
  char        *principal_arn;  /* NULL for role-only items */
  char        *role_arn;       /* NULL for principal-only items */
  char        *message;        /* one sentence for people */
  gboolean     can_fix;
  gboolean     can_adopt;
} JgDriftItem;

typedef struct
{
  GPtrArray *items;            /* JgDriftItem, sorted by kind, then ARNs */
  GPtrArray *errors;           /* char *, documents that could not be read */
  guint      n_documents;      /* documents read and compared */
  /* Documents that hold their grants in statements or policies of their
   * own, not yet written by Jumpgate: not drift, but the next commit that
   * touches them adds Jumpgate's policy or statement. */
  guint      n_unmanaged;
} JgDriftReport;

GType          jg_drift_item_get_type   (void) G_GNUC_CONST;
JgDriftItem   *jg_drift_item_copy       (const JgDriftItem *self);
void           jg_drift_item_free       (JgDriftItem       *self);
GType          jg_drift_report_get_type (void) G_GNUC_CONST;
JgDriftReport *jg_drift_report_copy     (const JgDriftReport *self);
void           jg_drift_report_free     (JgDriftReport       *self);
JgDriftItem   *jg_drift_report_find     (JgDriftReport     *self,
                                         const char        *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgDriftItem, jg_drift_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgDriftReport, jg_drift_report_free)

void           jg_drift_check_async     (JgStore             *store,
                                         JgSessionManager    *sessions,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
JgDriftReport *jg_drift_check_finish    (JgStore             *store,
                                         GAsyncResult        *result,
                                         GError             **error);

/* Records what AWS contains as the desired state for @item: a grant, a
 * revocation, or for a deleted entity the revocation of its grants and
 * its removal from the store. Returns the adoption commit's id (0 when a
 * deleted entity had no grant), or -1 with @error. */
gint64         jg_drift_adopt           (JgStore             *store,
                                         const JgDriftItem   *item,
                                         const char          *author_user,
                                         GError             **error);

/* Writes the documents behind @items (JgDriftItem) again, as a commit
 * with @comment, re-reading them first. Fails without writing when the
 * staging area is not empty or an item cannot be fixed. */
void           jg_drift_fix_async       (JgStore             *store,
                                         JgSessionManager    *sessions,
                                         GPtrArray           *items,
                                         const char          *comment,
                                         const char          *author_user,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* Returns the commit id (0 when every document was already right), or
 * -1 with @error; *out_status receives the commit's status. */
gint64         jg_drift_fix_finish      (JgStore             *store,
                                         GAsyncResult        *result,
                                         JgCommitStatus      *out_status,
                                         GError             **error);

G_END_DECLS
