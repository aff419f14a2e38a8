/* jg-sigv4.h: AWS Signature Version 4 request signing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define JG_SIGV4_ERROR (jg_sigv4_error_quark ())

typedef enum
{
  /* The request cannot be signed: no Host header, an empty method, a
   * malformed request line or header in a raw request, or a header that
   * disagrees with the signing time or credentials. */
  JG_SIGV4_ERROR_INVALID_REQUEST,
  /* A time string is not in the basic ISO 8601 form YYYYMMDDTHHMMSSZ. */
  JG_SIGV4_ERROR_INVALID_TIME,
  /* The access key id is empty or has characters other than letters,
   * digits, '-', '_' and '.', the secret access key is empty, or the
   * session token contains a control character. */
  JG_SIGV4_ERROR_INVALID_CREDENTIALS,
  /* The region or service is empty or has characters other than letters,
   * digits, '-', '_' and '.'. */
  JG_SIGV4_ERROR_INVALID_SCOPE,
  /* OpenSSL failed to compute a digest or MAC. */
  JG_SIGV4_ERROR_CRYPTO,
} JgSigv4Error;

GQuark jg_sigv4_error_quark (void);

/* Length in bytes of a SHA-256 digest, of a derived signing key and of a
 * raw signature. */
#define JG_SIGV4_KEY_LENGTH 32

/* Options of one signature. */
typedef enum
{
  JG_SIGV4_FLAGS_NONE = 0,
  /* Add and sign X-Amz-Content-Sha256 with the payload hash, as S3
   * requires. IAM and STS do not need it. */
  JG_SIGV4_FLAGS_CONTENT_SHA256 = 1 << 0,
  /* Leave X-Amz-Security-Token out of the signed headers and only add it
   * to the request after signing, for the few services that require this.
   * IAM and STS accept a signed token, which is what botocore sends. */
  JG_SIGV4_FLAGS_UNSIGNED_SESSION_TOKEN = 1 << 1,
} JgSigv4Flags;

/* AWS credentials: an access key pair and, for temporary credentials, a
 * session token and an expiration time. jg_aws_credentials_free()
 * overwrites the secret and the token before it frees them. */
typedef struct
{
  char      *access_key_id;
  char      *secret_access_key;
  char      *session_token;     /* NULL for long-term credentials */
  GDateTime *expiration;        /* NULL when the credentials do not expire */
} JgAwsCredentials;

#define JG_TYPE_AWS_CREDENTIALS (jg_aws_credentials_get_type ())

GType             jg_aws_credentials_get_type       (void) G_GNUC_CONST;
JgAwsCredentials *jg_aws_credentials_new            (const char             *access_key_id,
                                                     const char             *secret_access_key,
                                                     const char             *session_token,
                                                     GDateTime              *expiration);
JgAwsCredentials *jg_aws_credentials_copy           (const JgAwsCredentials *credentials);
void              jg_aws_credentials_free           (JgAwsCredentials       *credentials);
gboolean          jg_aws_credentials_expires_within (const JgAwsCredentials *credentials,
                                                     GDateTime              *now,
                                                     GTimeSpan               margin);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgAwsCredentials, jg_aws_credentials_free)

/* One header of a request, name as given (case kept), value raw. */
typedef struct
{
  char *name;
  char *value;
} JgSigv4Header;

/* An HTTP request to sign. path is the path as it appears on the request
 * line, not yet normalised or encoded by the signer (for a URL, its
 * percent-encoded path, which the signer then encodes once more, as AWS
 * expects of every service but S3). query is the raw query string without
 * '?', or NULL. headers contains JgSigv4Header items in request order and
 * may repeat a name. body NULL means an empty body. */
typedef struct
{
  char      *method;
  char      *path;
  char      *query;
  GPtrArray *headers;
  GBytes    *body;
} JgSigv4Request;

#define JG_TYPE_SIGV4_REQUEST (jg_sigv4_request_get_type ())

GType           jg_sigv4_request_get_type   (void) G_GNUC_CONST;
JgSigv4Request *jg_sigv4_request_new        (const char            *method,
                                             const char            *path,
                                             const char            *query);
JgSigv4Request *jg_sigv4_request_copy       (const JgSigv4Request  *request);
void            jg_sigv4_request_free       (JgSigv4Request        *request);
void            jg_sigv4_request_add_header (JgSigv4Request        *request,
                                             const char            *name,
                                             const char            *value);
const char     *jg_sigv4_request_get_header (const JgSigv4Request  *request,
                                             const char            *name);
void            jg_sigv4_request_set_body   (JgSigv4Request        *request,
                                             GBytes                *body);
JgSigv4Request *jg_sigv4_request_parse_raw  (const char            *data,
                                             gsize                  length,
                                             GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgSigv4Request, jg_sigv4_request_free)

/* Every step of one signature, for callers that print or compare them. */
typedef struct
{
  char      *amz_date;          /* YYYYMMDDTHHMMSSZ */
  char      *credential_scope;  /* date/region/service/aws4_request */
  char      *payload_hash;      /* lower-case hex SHA-256 of the body */
  char      *canonical_request;
  char      *string_to_sign;
  char      *signed_headers;    /* "host;x-amz-date", sorted, ';'-joined */
  char      *signature;         /* 64 lower-case hex digits */
  char      *authorization;     /* the Authorization header value */
  /* JgSigv4Header items the caller must add to the request it sends, in
   * this order: X-Amz-Date and X-Amz-Security-Token unless the request
   * already had them, X-Amz-Content-Sha256 when asked for, and
   * Authorization last. */
  GPtrArray *headers_to_add;
} JgSigv4Result;

#define JG_TYPE_SIGV4_RESULT (jg_sigv4_result_get_type ())

GType jg_sigv4_result_get_type (void) G_GNUC_CONST;
void  jg_sigv4_result_free     (JgSigv4Result *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgSigv4Result, jg_sigv4_result_free)

char      *jg_sigv4_format_time        (GDateTime    *time);
GDateTime *jg_sigv4_parse_time         (const char   *text,
                                        GError      **error);
gboolean   jg_sigv4_derive_signing_key (const char   *secret_access_key,
                                        const char   *date,
                                        const char   *region,
                                        const char   *service,
                                        guint8        out_key[JG_SIGV4_KEY_LENGTH],
                                        GError      **error);

#define JG_TYPE_SIGV4_SIGNER (jg_sigv4_signer_get_type ())

G_DECLARE_FINAL_TYPE (JgSigv4Signer, jg_sigv4_signer, JG, SIGV4_SIGNER, GObject)

JgSigv4Signer *jg_sigv4_signer_new            (void);
JgSigv4Result *jg_sigv4_signer_sign           (JgSigv4Signer          *self,
                                               const JgSigv4Request   *request,
                                               const JgAwsCredentials *credentials,
                                               const char             *region,
                                               const char             *service,
                                               GDateTime              *time,
                                               JgSigv4Flags            flags,
                                               GError                **error);
gboolean       jg_sigv4_signer_sign_message   (JgSigv4Signer          *self,
                                               SoupMessage            *message,
                                               GBytes                 *body,
                                               const JgAwsCredentials *credentials,
                                               const char             *region,
                                               const char             *service,
                                               GDateTime              *now,
                                               GError                **error);
guint          jg_sigv4_signer_get_cache_size (JgSigv4Signer          *self);
void           jg_sigv4_signer_clear_cache    (JgSigv4Signer          *self);

G_END_DECLS
