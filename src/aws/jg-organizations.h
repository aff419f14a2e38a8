/* jg-organizations.h: listing the accounts of an AWS organization.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jg-aws-call.h"

G_BEGIN_DECLS

#define JG_ORGANIZATIONS_TARGET_PREFIX "AWSOrganizationsV20161128"

/* A member account of an organization. Reference-counted. */
typedef struct
{
  char      *id;                /* 12 digits */
  char      *arn;
  char      *name;
  char      *email;
  char      *status;            /* ACTIVE, SUSPENDED or PENDING_CLOSURE */
  char      *joined_method;     /* INVITED or CREATED; NULL if not returned */
  GDateTime *joined_timestamp;  /* NULL if not returned */
} JgOrgAccount;

#define JG_TYPE_ORG_ACCOUNT (jg_org_account_get_type ())

GType         jg_org_account_get_type (void) G_GNUC_CONST;
JgOrgAccount *jg_org_account_ref      (JgOrgAccount *account);
void          jg_org_account_unref    (JgOrgAccount *account);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgOrgAccount, jg_org_account_unref)

gboolean   jg_organizations_parse_list_accounts  (JgAwsResponse  *response,
                                                  const char     *operation,
                                                  gpointer       *inout_result,
                                                  char          **out_next_token,
                                                  GError        **error);

void       jg_organizations_list_accounts_async  (JgAwsClient         *client,
                                                  const JgAwsTarget   *target,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray *jg_organizations_list_accounts_finish (JgAwsClient         *client,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
