/* jg-aws-error.c: the error domain of the AWS client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "jg-aws-error.h"

/* Extended error data: every GError of the JG_AWS_ERROR domain carries
 * these, so callers read AWS's code and request id from the error itself
 * instead of parsing the message. */
typedef struct
{
  char   *aws_code;
  char   *aws_message;
  char   *request_id;
  guint   http_status;
  guint   attempts;
  gint64  duration_us;
} JgAwsErrorPrivate;

static void
jg_aws_error_private_init (JgAwsErrorPrivate *priv)
{
  /* GLib passes the private data of an error of this domain, never
   * NULL; the check keeps -Wnull-dereference quiet. */
  if (priv == NULL)
    return;

  priv->aws_code = NULL;
  priv->aws_message = NULL;
  priv->request_id = NULL;
  priv->http_status = 0;
  priv->attempts = 0;
  priv->duration_us = 0;
}

static void
jg_aws_error_private_copy (const JgAwsErrorPrivate *src,
                           JgAwsErrorPrivate       *dest)
{
  if (src == NULL || dest == NULL)
    return;

  dest->aws_code = g_strdup (src->aws_code);
  dest->aws_message = g_strdup (src->aws_message);
  dest->request_id = g_strdup (src->request_id);
  dest->http_status = src->http_status;
  dest->attempts = src->attempts;
  dest->duration_us = src->duration_us;
}

static void
jg_aws_error_private_clear (JgAwsErrorPrivate *priv)
{
  if (priv == NULL)
    return;

  g_clear_pointer (&priv->aws_code, g_free);
  g_clear_pointer (&priv->aws_message, g_free);
  g_clear_pointer (&priv->request_id, g_free);
}

G_DEFINE_EXTENDED_ERROR (JgAwsError, jg_aws_error)

typedef struct
{
  const char *aws_code;
  JgAwsError  error;
} CodeMapping;

/* IAM and STS send codes without the "Exception" suffix, JSON services
 * with it; both spellings are listed where AWS uses both. */
static const CodeMapping code_mappings[] = {
  { "Throttling", JG_AWS_ERROR_THROTTLED },
  { "ThrottlingException", JG_AWS_ERROR_THROTTLED },
  { "ThrottledException", JG_AWS_ERROR_THROTTLED },
  { "RequestThrottledException", JG_AWS_ERROR_THROTTLED },
  { "RequestThrottled", JG_AWS_ERROR_THROTTLED },
  { "TooManyRequestsException", JG_AWS_ERROR_THROTTLED },
  { "RequestLimitExceeded", JG_AWS_ERROR_THROTTLED },
  { "BandwidthLimitExceeded", JG_AWS_ERROR_THROTTLED },
  { "SlowDown", JG_AWS_ERROR_THROTTLED },
  { "PriorRequestNotComplete", JG_AWS_ERROR_THROTTLED },
  { "NoSuchEntity", JG_AWS_ERROR_NO_SUCH_ENTITY },
  { "NoSuchEntityException", JG_AWS_ERROR_NO_SUCH_ENTITY },
  { "AccountNotFoundException", JG_AWS_ERROR_NO_SUCH_ENTITY },
  { "LimitExceeded", JG_AWS_ERROR_LIMIT_EXCEEDED },
  { "LimitExceededException", JG_AWS_ERROR_LIMIT_EXCEEDED },
  { "MalformedPolicyDocument", JG_AWS_ERROR_MALFORMED_POLICY },
  { "MalformedPolicyDocumentException", JG_AWS_ERROR_MALFORMED_POLICY },
  { "PackedPolicyTooLarge", JG_AWS_ERROR_MALFORMED_POLICY },
  { "PackedPolicyTooLargeException", JG_AWS_ERROR_MALFORMED_POLICY },
  { "AccessDenied", JG_AWS_ERROR_ACCESS_DENIED },
  { "AccessDeniedException", JG_AWS_ERROR_ACCESS_DENIED },
  { "NotAuthorized", JG_AWS_ERROR_ACCESS_DENIED },
  { "OptInRequired", JG_AWS_ERROR_ACCESS_DENIED },
  { "InvalidClientTokenId", JG_AWS_ERROR_INVALID_CLIENT_TOKEN },
  { "UnrecognizedClientException", JG_AWS_ERROR_INVALID_CLIENT_TOKEN },
  { "ExpiredToken", JG_AWS_ERROR_EXPIRED_TOKEN },
  { "ExpiredTokenException", JG_AWS_ERROR_EXPIRED_TOKEN },
  { "SignatureDoesNotMatch", JG_AWS_ERROR_SIGNATURE_MISMATCH },
  { "IncompleteSignature", JG_AWS_ERROR_SIGNATURE_MISMATCH },
  { "InvalidSignatureException", JG_AWS_ERROR_SIGNATURE_MISMATCH },
  { "RequestExpired", JG_AWS_ERROR_REQUEST_EXPIRED },
  { "EntityAlreadyExists", JG_AWS_ERROR_ENTITY_ALREADY_EXISTS },
  { "ConcurrentModification", JG_AWS_ERROR_CONCURRENT_MODIFICATION },
  { "ConcurrentModificationException", JG_AWS_ERROR_CONCURRENT_MODIFICATION },
  { "UnmodifiableEntity", JG_AWS_ERROR_UNMODIFIABLE_ENTITY },
  { "InvalidInput", JG_AWS_ERROR_INVALID_INPUT },
  { "InvalidInputException", JG_AWS_ERROR_INVALID_INPUT },
  { "ValidationError", JG_AWS_ERROR_INVALID_INPUT },
  { "InvalidParameterValue", JG_AWS_ERROR_INVALID_INPUT },
  { "InvalidParameterCombination", JG_AWS_ERROR_INVALID_INPUT },
  { "MissingParameter", JG_AWS_ERROR_INVALID_INPUT },
  { "InvalidAction", JG_AWS_ERROR_INVALID_INPUT },
  { "RegionDisabledException", JG_AWS_ERROR_REGION_DISABLED },
  { "AWSOrganizationsNotInUseException",
    JG_AWS_ERROR_ORGANIZATIONS_NOT_IN_USE },
  { "ServiceFailure", JG_AWS_ERROR_SERVICE_ERROR },
  { "ServiceException", JG_AWS_ERROR_SERVICE_ERROR },
  { "InternalFailure", JG_AWS_ERROR_SERVICE_ERROR },
  { "InternalError", JG_AWS_ERROR_SERVICE_ERROR },
  { "ServiceUnavailable", JG_AWS_ERROR_SERVICE_ERROR },
  { "RequestTimeout", JG_AWS_ERROR_TIMEOUT },
  { "RequestTimeoutException", JG_AWS_ERROR_TIMEOUT },
};

/**
 * jg_aws_error_from_aws_code:
 * @aws_code: (nullable): AWS's error code, as in `<Code>` or `__type`
 * @http_status: the HTTP status of the reply
 *
 * Maps AWS's error code to the application's code. An unknown code falls
 * back on the HTTP status: 429 is throttling, 5xx a service error and
 * anything else a client error.
 */
JgAwsError
jg_aws_error_from_aws_code (const char *aws_code,
                            guint       http_status)
{
  if (aws_code != NULL)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (code_mappings); i++)
        {
          if (g_str_equal (aws_code, code_mappings[i].aws_code))
            return code_mappings[i].error;
        }
    }

  if (http_status == 429)
    return JG_AWS_ERROR_THROTTLED;
  if (http_status >= 500)
    return JG_AWS_ERROR_SERVICE_ERROR;

  return JG_AWS_ERROR_CLIENT_ERROR;
}

/* What the user can do about an error, or NULL when the AWS message says
 * enough. */
static const char *
hint_for_error (JgAwsError code)
{
  switch (code)
    {
    case JG_AWS_ERROR_INVALID_CLIENT_TOKEN:
      return _("Check the access key id, and that the credentials belong to "
               "the partition of the account (aws, aws-us-gov or aws-cn).");
    case JG_AWS_ERROR_EXPIRED_TOKEN:
      return _("The temporary credentials have expired: sign in again.");
    case JG_AWS_ERROR_SIGNATURE_MISMATCH:
      return _("Check the secret access key and this computer's clock.");
    case JG_AWS_ERROR_REQUEST_EXPIRED:
      return _("Set this computer's clock to the correct time.");
    case JG_AWS_ERROR_THROTTLED:
      return _("AWS is limiting the request rate: try again later or lower "
               "the number of requests in flight.");
    case JG_AWS_ERROR_CONCURRENT_MODIFICATION:
      return _("Someone else changed the same entity: wait a few minutes "
               "and try again.");
    default:
      return NULL;
    }
}

/**
 * jg_aws_error_new_from_reply:
 * @operation: the operation, such as "GetRole"
 * @aws_code: (nullable): AWS's error code
 * @aws_message: (nullable): AWS's error message
 * @http_status: the HTTP status of the reply
 * @request_id: (nullable): the request id of the reply
 * @hint: (nullable): advice to append, in place of the default one
 *
 * Creates the error of an AWS error reply. The message keeps AWS's code,
 * as in "GetRole failed: AccessDenied: User … is not authorized …
 * (HTTP 403, request id …)".
 *
 * Returns: (transfer full): a new error of the JG_AWS_ERROR domain
 */
GError *
jg_aws_error_new_from_reply (const char *operation,
                             const char *aws_code,
                             const char *aws_message,
                             guint       http_status,
                             const char *request_id,
                             const char *hint)
{
  JgAwsError code = jg_aws_error_from_aws_code (aws_code, http_status);
  g_autoptr(GString) text = g_string_new (NULL);
  JgAwsErrorPrivate *priv;
  GError *error;

  g_return_val_if_fail (operation != NULL, NULL);

  g_string_append_printf (text, _("%s failed: "), operation);
  if (aws_code != NULL)
    g_string_append_printf (text, "%s: ", aws_code);
  if (aws_message != NULL && aws_message[0] != '\0')
    g_string_append (text, aws_message);
  else
    g_string_append (text, _("no error message"));

  if (request_id != NULL)
    g_string_append_printf (text, _(" (HTTP %u, request id %s)"),
                            http_status, request_id);
  else
    g_string_append_printf (text, _(" (HTTP %u)"), http_status);

  if (hint == NULL)
    hint = hint_for_error (code);
  if (hint != NULL)
    g_string_append_printf (text, " %s", hint);

  error = g_error_new_literal (JG_AWS_ERROR, code, text->str);
  priv = jg_aws_error_get_private (error);
  g_assert (priv != NULL);
  priv->aws_code = g_strdup (aws_code);
  priv->aws_message = g_strdup (aws_message);
  priv->request_id = g_strdup (request_id);
  priv->http_status = http_status;

  return error;
}

/**
 * jg_aws_error_set_reply:
 * @error: an error of the JG_AWS_ERROR domain
 * @http_status: the HTTP status, or 0 when no reply arrived
 * @request_id: (nullable): the request id of the reply
 *
 * Records the reply an error came from, for errors that the client
 * raises itself, such as a malformed response.
 */
void
jg_aws_error_set_reply (GError     *error,
                        guint       http_status,
                        const char *request_id)
{
  JgAwsErrorPrivate *priv;

  g_return_if_fail (error != NULL);

  priv = jg_aws_error_get_private (error);
  g_return_if_fail (priv != NULL);

  priv->http_status = http_status;
  if (request_id != NULL)
    {
      g_free (priv->request_id);
      priv->request_id = g_strdup (request_id);
    }
}

/**
 * jg_aws_error_set_attempts:
 * @error: an error of the JG_AWS_ERROR domain
 * @attempts: how many HTTP attempts the request made
 * @duration_us: the wall time of all attempts, in microseconds
 */
void
jg_aws_error_set_attempts (GError *error,
                           guint   attempts,
                           gint64  duration_us)
{
  JgAwsErrorPrivate *priv;

  g_return_if_fail (error != NULL);

  priv = jg_aws_error_get_private (error);
  g_return_if_fail (priv != NULL);

  priv->attempts = attempts;
  priv->duration_us = duration_us;
}

static const JgAwsErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != JG_AWS_ERROR)
    return NULL;

  return jg_aws_error_get_private (error);
}

/**
 * jg_aws_error_get_aws_code:
 * @error: any error
 *
 * Returns: (nullable): AWS's error code, such as "NoSuchEntity", or NULL
 *   when @error is not an error reply of AWS
 */
const char *
jg_aws_error_get_aws_code (const GError *error)
{
  const JgAwsErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->aws_code : NULL;
}

/**
 * jg_aws_error_get_aws_message:
 * @error: any error
 *
 * Returns: (nullable): AWS's error message without the code or request id
 */
const char *
jg_aws_error_get_aws_message (const GError *error)
{
  const JgAwsErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->aws_message : NULL;
}

/**
 * jg_aws_error_get_request_id:
 * @error: any error
 *
 * Returns: (nullable): the request id of the last reply, if any
 */
const char *
jg_aws_error_get_request_id (const GError *error)
{
  const JgAwsErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->request_id : NULL;
}

/**
 * jg_aws_error_get_http_status:
 * @error: any error
 *
 * Returns: the HTTP status of the last reply, or 0 when none arrived
 */
guint
jg_aws_error_get_http_status (const GError *error)
{
  const JgAwsErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->http_status : 0;
}

/**
 * jg_aws_error_get_attempts:
 * @error: any error
 *
 * Returns: how many HTTP attempts the failed request made, or 0 when it
 *   failed before sending
 */
guint
jg_aws_error_get_attempts (const GError *error)
{
  const JgAwsErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->attempts : 0;
}

/**
 * jg_aws_error_get_duration:
 * @error: any error
 *
 * Returns: the wall time of the failed request's attempts, backoff
 *   included, in microseconds
 */
gint64
jg_aws_error_get_duration (const GError *error)
{
  const JgAwsErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->duration_us : 0;
}

/* Names what a reply that is not AWS's error format looks like, without
 * quoting it: a body may echo request data. */
static const char *
describe_body (GBytes *body)
{
  g_autofree char *head = NULL;
  const char *data;
  gsize length = 0;

  data = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  if (length == 0)
    return _("an empty body");

  head = g_ascii_strdown (data, MIN (length, 512));
  if (strstr (head, "<html") != NULL || strstr (head, "<!doctype html") != NULL)
    return _("an HTML page");
  if (head[0] == '<' || g_str_has_prefix (head, "\xef\xbb\xbf<"))
    return _("XML that is not an AWS error reply");

  return _("a body that is not an AWS error reply");
}

/**
 * jg_aws_error_new_unparsed_reply:
 * @operation: the operation, such as "GetRole"
 * @http_status: the HTTP status of the reply, not 2xx
 * @body: (nullable): the body of the reply
 * @request_id: (nullable): the request id from the headers
 *
 * Creates the error of a failed reply whose body is not an AWS error,
 * such as a proxy's HTML page. A 5xx status gives a service error and
 * 429 throttling, both retried; anything else is a malformed response.
 *
 * Returns: (transfer full): a new error of the JG_AWS_ERROR domain
 */
GError *
jg_aws_error_new_unparsed_reply (const char *operation,
                                 guint       http_status,
                                 GBytes     *body,
                                 const char *request_id)
{
  JgAwsError code;
  GError *error;

  g_return_val_if_fail (operation != NULL, NULL);

  if (http_status == 429)
    code = JG_AWS_ERROR_THROTTLED;
  else if (http_status >= 500)
    code = JG_AWS_ERROR_SERVICE_ERROR;
  else
    code = JG_AWS_ERROR_MALFORMED_RESPONSE;

  if (code == JG_AWS_ERROR_MALFORMED_RESPONSE)
    error = g_error_new (JG_AWS_ERROR, code,
                         _("%s failed: HTTP %u with %s instead of an AWS "
                           "reply (request id %s). Check the endpoint URL "
                           "and any proxy between this computer and AWS."),
                         operation, http_status, describe_body (body),
                         request_id != NULL ? request_id : _("none"));
  else
    error = g_error_new (JG_AWS_ERROR, code,
                         _("%s failed: HTTP %u with %s (request id %s)"),
                         operation, http_status, describe_body (body),
                         request_id != NULL ? request_id : _("none"));

  jg_aws_error_set_reply (error, http_status, request_id);

  return error;
}
