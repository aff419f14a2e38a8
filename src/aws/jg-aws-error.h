/* jg-aws-error.h: the error domain of the AWS client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define JG_AWS_ERROR (jg_aws_error_quark ())

/* What went wrong with an AWS call, in terms the application acts on.
 * AWS's own error code, message, HTTP status and request id stay
 * available through jg_aws_error_get_aws_code() and its siblings. */
typedef enum
{
  /* Throttling, ThrottlingException, TooManyRequestsException and other
   * rate limits, still failing after the last retry. */
  JG_AWS_ERROR_THROTTLED,
  /* NoSuchEntity: the user, role or policy does not exist. */
  JG_AWS_ERROR_NO_SUCH_ENTITY,
  /* LimitExceeded: an account quota, such as a policy size; never
   * retried because waiting does not help. */
  JG_AWS_ERROR_LIMIT_EXCEEDED,
  /* MalformedPolicyDocument or PackedPolicyTooLarge. */
  JG_AWS_ERROR_MALFORMED_POLICY,
  /* AccessDenied, AccessDeniedException or NotAuthorized. */
  JG_AWS_ERROR_ACCESS_DENIED,
  /* InvalidClientTokenId: the access key id is not known, often because
   * the credentials belong to another partition. */
  JG_AWS_ERROR_INVALID_CLIENT_TOKEN,
  /* ExpiredToken: the session token has expired. */
  JG_AWS_ERROR_EXPIRED_TOKEN,
  /* SignatureDoesNotMatch or IncompleteSignature: usually a wrong secret
   * access key. */
  JG_AWS_ERROR_SIGNATURE_MISMATCH,
  /* RequestExpired: the local clock is off by more than 15 minutes. */
  JG_AWS_ERROR_REQUEST_EXPIRED,
  /* EntityAlreadyExists. */
  JG_AWS_ERROR_ENTITY_ALREADY_EXISTS,
  /* ConcurrentModification: someone else changed the entity; the user
   * decides when to try again. */
  JG_AWS_ERROR_CONCURRENT_MODIFICATION,
  /* UnmodifiableEntity: a service-linked role or similar. */
  JG_AWS_ERROR_UNMODIFIABLE_ENTITY,
  /* InvalidInput, ValidationError, InvalidParameterValue and the like. */
  JG_AWS_ERROR_INVALID_INPUT,
  /* RegionDisabledException: STS is not activated in that region. */
  JG_AWS_ERROR_REGION_DISABLED,
  /* AWSOrganizationsNotInUseException: the account is not in an
   * organization. */
  JG_AWS_ERROR_ORGANIZATIONS_NOT_IN_USE,
  /* Any other error that AWS blames on the request (HTTP 4xx). */
  JG_AWS_ERROR_CLIENT_ERROR,
  /* An error on AWS's side (HTTP 5xx, ServiceFailure, InternalFailure),
   * still failing after the last retry. */
  JG_AWS_ERROR_SERVICE_ERROR,
  /* The connection failed or was closed before a complete reply. */
  JG_AWS_ERROR_NETWORK,
  /* The server's TLS certificate was rejected. */
  JG_AWS_ERROR_TLS,
  /* No complete reply arrived within the deadline of a request. */
  JG_AWS_ERROR_TIMEOUT,
  /* The reply is not the XML or JSON the operation returns: an HTML
   * page, an empty body, broken XML or a missing element. */
  JG_AWS_ERROR_MALFORMED_RESPONSE,
  /* The caller cancelled the call. */
  JG_AWS_ERROR_CANCELLED,
  /* The endpoint URL is not usable: a plain-http URL to a host that is
   * not loopback, an unknown scheme, or no host. */
  JG_AWS_ERROR_INVALID_ENDPOINT,
  /* A request could not be built before sending: an unknown region,
   * missing credentials, a value that cannot be signed. */
  JG_AWS_ERROR_INVALID_REQUEST,
} JgAwsError;

GQuark      jg_aws_error_quark            (void);

const char *jg_aws_error_get_aws_code     (const GError *error);
const char *jg_aws_error_get_aws_message  (const GError *error);
const char *jg_aws_error_get_request_id   (const GError *error);
guint       jg_aws_error_get_http_status  (const GError *error);
guint       jg_aws_error_get_attempts     (const GError *error);
gint64      jg_aws_error_get_duration     (const GError *error);

JgAwsError  jg_aws_error_from_aws_code    (const char   *aws_code,
                                           guint         http_status);

GError     *jg_aws_error_new_from_reply   (const char   *operation,
                                           const char   *aws_code,
                                           const char   *aws_message,
                                           guint         http_status,
                                           const char   *request_id,
                                           const char   *hint);
GError     *jg_aws_error_new_unparsed_reply (const char *operation,
                                             guint       http_status,
                                             GBytes     *body,
                                             const char *request_id);
void        jg_aws_error_set_reply        (GError       *error,
                                           guint         http_status,
                                           const char   *request_id);
void        jg_aws_error_set_attempts     (GError       *error,
                                           guint         attempts,
                                           gint64        duration_us);

G_END_DECLS
