/* jg-aws-call.h: one operation, with its pages, on top of the client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jg-aws-client.h"

G_BEGIN_DECLS

/* What an operation cost, for the commit journal: valid for calls that
 * succeeded and calls that failed. */
typedef struct
{
  char   *request_id;     /* of the last reply; NULL if none arrived */
  guint   http_status;    /* of the last reply; 0 if none arrived */
  guint   requests;       /* pages requested */
  guint   attempts;       /* HTTP attempts over all pages, retries included */
  gint64  duration_us;    /* from the call to its completion */
} JgAwsCallInfo;

#define JG_TYPE_AWS_CALL_INFO (jg_aws_call_info_get_type ())

GType                jg_aws_call_info_get_type (void) G_GNUC_CONST;
JgAwsCallInfo       *jg_aws_call_info_copy     (const JgAwsCallInfo *info);
void                 jg_aws_call_info_free     (JgAwsCallInfo       *info);
const JgAwsCallInfo *jg_aws_call_info_get      (GAsyncResult        *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgAwsCallInfo, jg_aws_call_info_free)

/* Parses one 2xx reply into *inout_result: creates it on the first page
 * and adds to it on the next ones. Sets *out_next_token when more pages
 * follow. On error, *inout_result stays valid for result_free. */
typedef gboolean (*JgAwsParseFunc) (JgAwsResponse  *response,
                                    const char     *operation,
                                    gpointer       *inout_result,
                                    char          **out_next_token,
                                    GError        **error);

void     jg_aws_call_async       (JgAwsClient          *client,
                                  const JgAwsTarget    *target,
                                  JgAwsRequest         *request,
                                  const char           *token_param,
                                  JgAwsParseFunc        parse,
                                  GDestroyNotify        result_free,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data,
                                  gpointer              source_tag);
gpointer jg_aws_call_finish      (JgAwsClient          *client,
                                  GAsyncResult         *result,
                                  gpointer              source_tag,
                                  GError              **error);

gboolean jg_aws_parse_query_empty (JgAwsResponse  *response,
                                   const char     *operation,
                                   gpointer       *inout_result,
                                   char          **out_next_token,
                                   GError        **error);

G_END_DECLS
