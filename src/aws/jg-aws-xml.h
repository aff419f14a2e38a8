/* jg-aws-xml.h: reading AWS Query-protocol XML replies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One element of a parsed reply. Namespace prefixes are dropped from
 * names, attributes are ignored (AWS replies carry data in elements
 * only), and text is kept as GMarkup decoded it, entities resolved. */
typedef struct _JgAwsXmlNode JgAwsXmlNode;

struct _JgAwsXmlNode
{
  char         *name;
  GString      *text;
  GPtrArray    *children;   /* of JgAwsXmlNode */
  JgAwsXmlNode *parent;     /* borrowed; NULL for the root */
};

JgAwsXmlNode *jg_aws_xml_parse               (const char          *data,
                                              gssize               length,
                                              GError             **error);
void          jg_aws_xml_node_free           (JgAwsXmlNode        *node);
JgAwsXmlNode *jg_aws_xml_node_find           (const JgAwsXmlNode  *node,
                                              const char          *path);
const char   *jg_aws_xml_node_find_text      (const JgAwsXmlNode  *node,
                                              const char          *path);
gboolean      jg_aws_xml_node_find_boolean   (const JgAwsXmlNode  *node,
                                              const char          *path,
                                              gboolean            *out_value,
                                              GError             **error);
gboolean      jg_aws_xml_node_find_int64     (const JgAwsXmlNode  *node,
                                              const char          *path,
                                              gint64              *out_value,
                                              GError             **error);
const char   *jg_aws_xml_node_require_text   (const JgAwsXmlNode  *node,
                                              const char          *path,
                                              GError             **error);
GDateTime    *jg_aws_xml_node_find_timestamp (const JgAwsXmlNode  *node,
                                              const char          *path,
                                              gboolean             required,
                                              GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgAwsXmlNode, jg_aws_xml_node_free)

JgAwsXmlNode *jg_aws_xml_parse_result        (GBytes              *body,
                                              const char          *operation,
                                              JgAwsXmlNode       **out_root,
                                              GError             **error);
char         *jg_aws_xml_dup_request_id      (const JgAwsXmlNode  *root);
gboolean      jg_aws_xml_parse_error         (const JgAwsXmlNode  *root,
                                              char               **out_code,
                                              char               **out_message,
                                              char               **out_type,
                                              char               **out_request_id);
GError       *jg_aws_xml_error_from_reply    (const char          *operation,
                                              guint                http_status,
                                              GBytes              *body,
                                              const char          *header_request_id);

GDateTime    *jg_aws_parse_timestamp         (const char          *text,
                                              GError             **error);
char         *jg_aws_percent_decode          (const char          *text,
                                              GError             **error);

G_END_DECLS
