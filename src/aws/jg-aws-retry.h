/* jg-aws-retry.h: which failures are retried, and how long to wait.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Defaults of botocore's standard retry mode. */
#define JG_AWS_RETRY_DEFAULT_MAX_ATTEMPTS 3
#define JG_AWS_RETRY_DEFAULT_BASE_DELAY_MS 1000
#define JG_AWS_RETRY_DEFAULT_MAX_DELAY_MS 20000

/* Exponential backoff with full jitter. NOTE: botocore's retry quota
 * (a token bucket that stops retries during an outage) is not
 * implemented, so every request retries up to max_attempts on its own.
 * The delay before retry i (i = 1 for the second attempt) is a uniformly
 * random fraction of min (base_delay_ms × 2^(i−1), max_delay_ms). */
typedef struct
{
  guint max_attempts;   /* attempts in all, first one included; at least 1 */
  guint base_delay_ms;
  guint max_delay_ms;
} JgAwsRetryPolicy;

void     jg_aws_retry_policy_init_default   (JgAwsRetryPolicy       *policy);
guint    jg_aws_retry_policy_get_max_delay  (const JgAwsRetryPolicy *policy,
                                             guint                   retry);
guint    jg_aws_retry_policy_get_delay      (const JgAwsRetryPolicy *policy,
                                             guint                   retry,
                                             double                  fraction);
gboolean jg_aws_retry_is_retryable          (const GError           *error);
const char *jg_aws_retry_describe           (const GError           *error);

G_END_DECLS
