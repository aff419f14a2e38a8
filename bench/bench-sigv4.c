/* bench-sigv4.c: signatures per second of the SigV4 signer on one thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signs the same IAM PutUserPolicy request (form body of 449 bytes,
 * temporary credentials with a session token) again and again at a fixed
 * time, so every signature after the first uses the cached signing key.
 * bench-sigv4-botocore.py signs the very same request with botocore; both
 * print the Authorization value so the two can be checked against each
 * other.
 *
 * Usage: bench-sigv4 [SECONDS]   (default 5)
 */

#include "config.h"

#include <string.h>
#include <time.h>

#include "aws/jg-sigv4.h"

/* AWS's documented example credentials. The token is the example token of
 * AWS's SigV4 test suite. */
#define ACCESS_KEY_ID "AKIDEXAMPLE"
#define SECRET_ACCESS_KEY "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define SESSION_TOKEN \
  "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLW" \
  "sKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrm" \
  "GdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFv" \
  "lRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqK" \
  "mlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="

#define SIGNING_TIME "20150830T123600Z"

/* The form body botocore writes for PutUserPolicy with the parameters in
 * bench-sigv4-botocore.py: a jumpgate-assume-roles policy granting three
 * roles. */
#define BODY \
  "Action=PutUserPolicy&Version=2010-05-08&UserName=alice.example" \
  "&PolicyName=jumpgate-assume-roles&PolicyDocument=%7B%22Version%22%3A" \
  "%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22" \
  "%2C%22Action%22%3A%22sts%3AAssumeRole%22%2C%22Resource%22%3A%5B%22arn" \
  "%3Aaws%3Aiam%3A%3A111111111111%3Arole%2FAdmin%22%2C%22arn%3Aaws%3Aiam" \
  "%3A%3A222222222222%3Arole%2FReadOnly%22%2C%22arn%3Aaws%3Aiam%3A%3A" \
  "333333333333%3Arole%2FDeveloper%22%5D%7D%5D%7D"

/* Signatures between two clock reads, so reading the clock costs nothing
 * measurable. */
#define BATCH 1000

/* Returns the CPU time this process has used, in seconds. Unlike wall
 * time, it does not count the time other processes held the core. */
static double
cpu_seconds (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);

  return now.tv_sec + now.tv_nsec / 1e9;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(JgSigv4Signer) signer = jg_sigv4_signer_new ();
  g_autoptr(JgSigv4Request) request = NULL;
  g_autoptr(JgAwsCredentials) credentials = NULL;
  g_autoptr(JgSigv4Result) first = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  double seconds = 5.0;
  gint64 start;
  gint64 end;
  guint64 count = 0;
  double elapsed;
  double cpu_start;
  double cpu_elapsed;

  if (argc > 1)
    {
      seconds = g_ascii_strtod (argv[1], NULL);
      if (seconds <= 0)
        {
          g_printerr ("Invalid duration “%s”: give the number of seconds to "
                      "run, such as 5\n", argv[1]);
          return 2;
        }
    }

  request = jg_sigv4_request_new ("POST", "/", NULL);
  jg_sigv4_request_add_header (request, "Content-Type",
                               "application/x-www-form-urlencoded; "
                               "charset=utf-8");
  jg_sigv4_request_add_header (request, "Host", "iam.amazonaws.com");
  body = g_bytes_new_static (BODY, strlen (BODY));
  jg_sigv4_request_set_body (request, body);

  credentials = jg_aws_credentials_new (ACCESS_KEY_ID, SECRET_ACCESS_KEY,
                                        SESSION_TOKEN, NULL);
  time = jg_sigv4_parse_time (SIGNING_TIME, &error);
  g_assert_no_error (error);

  /* The first signature derives and caches the key, so it is not timed. */
  first = jg_sigv4_signer_sign (signer, request, credentials, "us-east-1",
                                "iam", time, JG_SIGV4_FLAGS_NONE, &error);
  if (first == NULL)
    {
      g_printerr ("Signing failed: %s\n", error->message);
      return 1;
    }

  cpu_start = cpu_seconds ();
  start = g_get_monotonic_time ();
  end = start + (gint64) (seconds * G_USEC_PER_SEC);
  do
    {
      for (guint i = 0; i < BATCH; i++)
        {
          JgSigv4Result *result;

          result = jg_sigv4_signer_sign (signer, request, credentials,
                                         "us-east-1", "iam", time,
                                         JG_SIGV4_FLAGS_NONE, NULL);
          g_assert (result != NULL);
          jg_sigv4_result_free (result);
        }
      count += BATCH;
    }
  while (g_get_monotonic_time () < end);
  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  cpu_elapsed = cpu_seconds () - cpu_start;

  g_print ("body bytes: %zu\n", strlen (BODY));
  g_print ("authorization: %s\n", first->authorization);
  g_print ("signatures: %" G_GUINT64_FORMAT " in %.2f s (%.2f s of CPU)\n",
           count, elapsed, cpu_elapsed);
  g_print ("signatures per second: %.0f\n", count / elapsed);
  g_print ("signatures per CPU second: %.0f\n", count / cpu_elapsed);

  return 0;
}
