/* jg-aws-client.h: the asynchronous AWS client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "core/jg-model.h"
#include "jg-aws-endpoints.h"
#include "jg-aws-request.h"
#include "jg-aws-retry.h"
#include "jg-sigv4.h"

G_BEGIN_DECLS

/* Defaults of the client's limits. */
#define JG_AWS_CLIENT_DEFAULT_DEADLINE_MS 30000
#define JG_AWS_CLIENT_DEFAULT_MAX_IN_FLIGHT 8
#define JG_AWS_CLIENT_DEFAULT_MAX_IN_FLIGHT_PER_ACCOUNT 2

/* Who a call acts as and where: the credentials to sign with, the
 * partition and region that choose the endpoints, and the account the
 * call counts against for the per-account bound on requests in flight.
 * One client serves many targets. */
typedef struct
{
  JgAwsCredentials *credentials;
  JgPartition       partition;
  char             *region;       /* NULL: the partition's default region */
  char             *account_id;   /* NULL: counted by access key id */
} JgAwsTarget;

#define JG_TYPE_AWS_TARGET (jg_aws_target_get_type ())

GType        jg_aws_target_get_type (void) G_GNUC_CONST;
JgAwsTarget *jg_aws_target_new      (const JgAwsCredentials *credentials,
                                     JgPartition             partition,
                                     const char             *region,
                                     const char             *account_id);
JgAwsTarget *jg_aws_target_copy     (const JgAwsTarget      *target);
void         jg_aws_target_free     (JgAwsTarget            *target);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgAwsTarget, jg_aws_target_free)

/* A 2xx reply of one request, after retries. */
typedef struct
{
  guint   http_status;
  GBytes *body;
  char   *request_id;     /* NULL if the reply had none */
  guint   attempts;
  gint64  duration_us;    /* from queueing to the reply, backoff included */
} JgAwsResponse;

void jg_aws_response_free (JgAwsResponse *response);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgAwsResponse, jg_aws_response_free)

/* Returns the current time in UTC, transfer full. */
typedef GDateTime *(*JgAwsTimeFunc) (gpointer user_data);

#define JG_TYPE_AWS_CLIENT (jg_aws_client_get_type ())

G_DECLARE_FINAL_TYPE (JgAwsClient, jg_aws_client, JG, AWS_CLIENT, GObject)

JgAwsClient   *jg_aws_client_new                  (void);
gboolean       jg_aws_client_set_endpoint_url     (JgAwsClient             *self,
                                                   const char              *url,
                                                   GError                 **error);
const char    *jg_aws_client_get_endpoint_url     (JgAwsClient             *self);
void           jg_aws_client_set_retry_policy     (JgAwsClient             *self,
                                                   const JgAwsRetryPolicy  *policy);
void           jg_aws_client_get_retry_policy     (JgAwsClient             *self,
                                                   JgAwsRetryPolicy        *out_policy);
void           jg_aws_client_set_deadline         (JgAwsClient             *self,
                                                   guint                    deadline_ms);
guint          jg_aws_client_get_deadline         (JgAwsClient             *self);
void           jg_aws_client_set_max_in_flight    (JgAwsClient             *self,
                                                   guint                    max_in_flight,
                                                   guint                    max_per_account);
guint          jg_aws_client_get_in_flight        (JgAwsClient             *self);
guint          jg_aws_client_get_queued           (JgAwsClient             *self);
void           jg_aws_client_set_time_func        (JgAwsClient             *self,
                                                   JgAwsTimeFunc            func,
                                                   gpointer                 user_data,
                                                   GDestroyNotify           destroy);
JgAwsEndpoint *jg_aws_client_resolve_endpoint     (JgAwsClient             *self,
                                                   JgAwsService             service,
                                                   const JgAwsTarget       *target,
                                                   GError                 **error);

void           jg_aws_client_send_async           (JgAwsClient             *self,
                                                   const JgAwsTarget       *target,
                                                   JgAwsRequest            *request,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
JgAwsResponse *jg_aws_client_send_finish          (JgAwsClient             *self,
                                                   GAsyncResult            *result,
                                                   GError                 **error);

G_END_DECLS
