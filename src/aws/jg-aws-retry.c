/* jg-aws-retry.c: which failures are retried, and how long to wait.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "jg-aws-error.h"
#include "jg-aws-retry.h"

void
jg_aws_retry_policy_init_default (JgAwsRetryPolicy *policy)
{
  g_return_if_fail (policy != NULL);

  policy->max_attempts = JG_AWS_RETRY_DEFAULT_MAX_ATTEMPTS;
  policy->base_delay_ms = JG_AWS_RETRY_DEFAULT_BASE_DELAY_MS;
  policy->max_delay_ms = JG_AWS_RETRY_DEFAULT_MAX_DELAY_MS;
}

/**
 * jg_aws_retry_policy_get_max_delay:
 * @policy: a retry policy
 * @retry: the retry number, 1 for the second attempt
 *
 * Returns: the upper bound of the delay before @retry, in milliseconds
 */
guint
jg_aws_retry_policy_get_max_delay (const JgAwsRetryPolicy *policy,
                                   guint                   retry)
{
  guint64 delay;

  g_return_val_if_fail (policy != NULL, 0);
  g_return_val_if_fail (retry >= 1, 0);

  /* Past 2^31 the doubling is capped anyway; stopping there keeps the
   * shift defined. */
  delay = (guint64) policy->base_delay_ms << MIN (retry - 1, 31u);

  return (guint) MIN (delay, (guint64) policy->max_delay_ms);
}

/**
 * jg_aws_retry_policy_get_delay:
 * @policy: a retry policy
 * @retry: the retry number, 1 for the second attempt
 * @fraction: a random number in [0, 1)
 *
 * Returns: the delay before @retry, in milliseconds
 */
guint
jg_aws_retry_policy_get_delay (const JgAwsRetryPolicy *policy,
                               guint                   retry,
                               double                  fraction)
{
  g_return_val_if_fail (policy != NULL, 0);
  g_return_val_if_fail (fraction >= 0.0 && fraction <= 1.0, 0);

  return (guint) (fraction * jg_aws_retry_policy_get_max_delay (policy,
                                                                retry));
}

/**
 * jg_aws_retry_is_retryable:
 * @error: the error of one attempt
 *
 * Tells whether another attempt may succeed: throttling, errors on AWS's
 * side, timeouts and broken connections. Quotas (LimitExceeded), bad
 * policies, missing entities, denied access, bad credentials and
 * malformed replies fail the same way every time.
 *
 * Returns: whether to retry after @error
 */
gboolean
jg_aws_retry_is_retryable (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  if (error->domain != JG_AWS_ERROR)
    return FALSE;

  switch ((JgAwsError) error->code)
    {
    case JG_AWS_ERROR_THROTTLED:
    case JG_AWS_ERROR_SERVICE_ERROR:
    case JG_AWS_ERROR_NETWORK:
    case JG_AWS_ERROR_TIMEOUT:
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * jg_aws_retry_describe:
 * @error: the error of one attempt
 *
 * Returns: a short reason for logs, such as "throttled (Throttling)"; it
 *   never contains data from the request
 */
const char *
jg_aws_retry_describe (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != JG_AWS_ERROR)
    return "unexpected error";

  switch ((JgAwsError) error->code)
    {
    case JG_AWS_ERROR_THROTTLED:
      return "throttled";
    case JG_AWS_ERROR_SERVICE_ERROR:
      return "service error";
    case JG_AWS_ERROR_NETWORK:
      return "connection error";
    case JG_AWS_ERROR_TIMEOUT:
      return "timed out";
    case JG_AWS_ERROR_MALFORMED_RESPONSE:
      return "malformed response";
    case JG_AWS_ERROR_CANCELLED:
      return "cancelled";
    default:
      return "request error";
    }
}
