/* jg-aws-request.h: the operation and parameters of one AWS request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "jg-aws-endpoints.h"

G_BEGIN_DECLS

typedef enum
{
  /* IAM and STS: form-encoded parameters, XML replies. */
  JG_AWS_PROTOCOL_QUERY,
  /* Organizations: a JSON object of parameters, JSON replies. */
  JG_AWS_PROTOCOL_JSON,
} JgAwsProtocol;

/* An operation and its parameters, from which each attempt builds and
 * signs a fresh HTTP message. */
typedef struct _JgAwsRequest JgAwsRequest;

JgAwsRequest *jg_aws_request_new_query     (JgAwsService        service,
                                            const char         *operation,
                                            const char         *api_version);
JgAwsRequest *jg_aws_request_new_json      (JgAwsService        service,
                                            const char         *target_prefix,
                                            const char         *operation);
JgAwsRequest *jg_aws_request_ref           (JgAwsRequest       *request);
void          jg_aws_request_unref         (JgAwsRequest       *request);
JgAwsService  jg_aws_request_get_service   (const JgAwsRequest *request);
JgAwsProtocol jg_aws_request_get_protocol  (const JgAwsRequest *request);
const char   *jg_aws_request_get_operation (const JgAwsRequest *request);
void          jg_aws_request_set_param     (JgAwsRequest       *request,
                                            const char         *name,
                                            const char         *value);
void          jg_aws_request_set_param_int (JgAwsRequest       *request,
                                            const char         *name,
                                            gint64              value);
void          jg_aws_request_set_param_list (JgAwsRequest      *request,
                                             const char        *name,
                                             const char * const *values);
const char   *jg_aws_request_get_param     (const JgAwsRequest *request,
                                            const char         *name);
const char   *jg_aws_request_get_content_type (const JgAwsRequest *request);
char         *jg_aws_request_dup_target    (const JgAwsRequest *request);
GBytes       *jg_aws_request_build_body    (const JgAwsRequest *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgAwsRequest, jg_aws_request_unref)

char         *jg_aws_form_encode           (const char         *text);

G_END_DECLS
