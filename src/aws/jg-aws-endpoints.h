/* jg-aws-endpoints.h: service endpoints and signing scopes per partition.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "core/jg-model.h"

G_BEGIN_DECLS

typedef enum
{
  JG_AWS_SERVICE_IAM,
  JG_AWS_SERVICE_STS,
  JG_AWS_SERVICE_ORGANIZATIONS,
} JgAwsService;

#define JG_AWS_N_SERVICES 3

/* Where to send a request of one service and how to sign it. */
typedef struct
{
  char *url;              /* scheme://host[:port]/ */
  char *host;             /* without brackets or port */
  char *signing_region;   /* credential scope region */
  char *signing_service;  /* credential scope service: iam, sts, … */
} JgAwsEndpoint;

#define JG_TYPE_AWS_ENDPOINT (jg_aws_endpoint_get_type ())

GType          jg_aws_endpoint_get_type   (void) G_GNUC_CONST;
JgAwsEndpoint *jg_aws_endpoint_copy       (const JgAwsEndpoint *endpoint);
void           jg_aws_endpoint_free       (JgAwsEndpoint       *endpoint);
JgAwsEndpoint *jg_aws_endpoint_resolve    (JgAwsService         service,
                                           JgPartition          partition,
                                           const char          *region,
                                           const char          *override_url,
                                           GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgAwsEndpoint, jg_aws_endpoint_free)

const char    *jg_aws_service_to_string   (JgAwsService         service);
gboolean       jg_aws_host_is_loopback    (const char          *host);
gboolean       jg_aws_endpoint_check_url  (const char          *url,
                                           GError             **error);

G_END_DECLS
