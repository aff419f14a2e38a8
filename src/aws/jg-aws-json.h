/* jg-aws-json.h: reading AWS JSON 1.1 replies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode   *jg_aws_json_parse_result     (GBytes      *body,
                                          const char  *operation,
                                          GError     **error);
const char *jg_aws_json_get_string       (JsonObject  *object,
                                          const char  *member);
GDateTime  *jg_aws_json_get_timestamp    (JsonObject  *object,
                                          const char  *member,
                                          GError     **error);
GError     *jg_aws_json_error_from_reply (const char  *operation,
                                          guint        http_status,
                                          GBytes      *body,
                                          const char  *header_request_id);

G_END_DECLS
