/* test-sigv4.c: tests of the AWS Signature Version 4 signer and of
 * "jumpgate-cli sigv4".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cases come from AWS's published SigV4 test suite and from IAM and STS
 * requests signed by botocore, read from $JG_TEST_SHARED_DIR/testdata. Both
 * sets use AWS's documented example key pair.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "aws/jg-sigv4.h"

#define EXAMPLE_ACCESS_KEY_ID "AKIDEXAMPLE"
#define EXAMPLE_SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

/* Inputs of AWS's suite that its files do not contain. */
#define SUITE_REGION "us-east-1"
#define SUITE_SERVICE "service"
#define SUITE_TIME "20150830T123600Z"

/* The suite has 28 cases. Fewer means the data was not found or was cut. */
#define SUITE_MIN_CASES 25

typedef struct
{
  char *name;
  char *dir;
} TestCase;

static void
test_case_free (gpointer data)
{
  TestCase *test_case = data;

  g_free (test_case->name);
  g_free (test_case->dir);
  g_free (test_case);
}

static GPtrArray *all_cases;
static guint suite_case_count;

static const char *
shared_dir (void)
{
  return g_getenv ("JG_TEST_SHARED_DIR");
}

/* Reads dir/<case><extension>. A missing file aborts the test. */
static char *
read_case_file (const TestCase *test_case,
                const char     *extension,
                gsize          *out_length)
{
  g_autofree char *base = g_strconcat (test_case->name, extension, NULL);
  g_autofree char *path = g_build_filename (test_case->dir, base, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, out_length, &error))
    g_error ("Cannot read test data %s: %s", path, error->message);

  return contents;
}

/* Records in failures that the step differs unless actual equals expected.
 * The caller compares every step and then calls fail_on_differences(), so
 * one run names every step that differs. */
static void
check_step (GString        *failures,
            const TestCase *test_case,
            const char     *step,
            const char     *expected,
            const char     *actual)
{
  if (g_strcmp0 (expected, actual) == 0)
    return;

  g_test_message ("%s: expected %s:\n%s", test_case->name, step, expected);
  g_test_message ("%s: computed %s:\n%s", test_case->name, step, actual);
  g_string_append_printf (failures, "%s%s", failures->len ? ", " : "", step);
}

static void
fail_on_differences (GString        *failures,
                     const TestCase *test_case)
{
  if (failures->len > 0)
    g_test_fail_printf ("%s: differs from the expected value: %s",
                        test_case->name, failures->str);
}

static const char *
find_added_header (const JgSigv4Result *result,
                   const char          *name)
{
  for (guint i = 0; i < result->headers_to_add->len; i++)
    {
      const JgSigv4Header *header =
        g_ptr_array_index (result->headers_to_add, i);

      if (g_ascii_strcasecmp (header->name, name) == 0)
        return header->value;
    }

  return NULL;
}

/* Returns the value of the x-amz-security-token line of a canonical
 * request, or NULL. */
static char *
token_in_canonical_request (const char *creq)
{
  static const char prefix[] = "\nx-amz-security-token:";
  const char *start = strstr (creq, prefix);
  const char *end;

  if (start == NULL)
    return NULL;

  start += strlen (prefix);
  end = strchr (start, '\n');

  return g_strndup (start, end ? (gsize) (end - start) : strlen (start));
}

static void
test_suite_case (gconstpointer data)
{
  g_autoptr(GString) failures = g_string_new (NULL);
  const TestCase *test_case = data;
  g_autoptr(JgSigv4Signer) signer = jg_sigv4_signer_new ();
  g_autoptr(JgSigv4Request) request = NULL;
  g_autoptr(JgSigv4Request) signed_request = NULL;
  g_autoptr(JgAwsCredentials) credentials = NULL;
  g_autoptr(JgSigv4Result) result = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *raw_signed = NULL;
  g_autofree char *creq = NULL;
  g_autofree char *sts = NULL;
  g_autofree char *authz = NULL;
  g_autofree char *token = NULL;
  const char *unsigned_token;
  JgSigv4Flags flags = JG_SIGV4_FLAGS_NONE;
  gsize raw_length = 0;
  gsize raw_signed_length = 0;

  raw = read_case_file (test_case, ".req", &raw_length);
  creq = read_case_file (test_case, ".creq", NULL);
  sts = read_case_file (test_case, ".sts", NULL);
  authz = read_case_file (test_case, ".authz", NULL);
  raw_signed = read_case_file (test_case, ".sreq", &raw_signed_length);

  request = jg_sigv4_request_parse_raw (raw, raw_length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (request);

  signed_request = jg_sigv4_request_parse_raw (raw_signed, raw_signed_length,
                                               &error);
  g_assert_no_error (error);

  /* The session token is an input of the suite, but the .req of
   * get-vanilla-with-session-token lacks it, so it is taken from the .creq.
   * In post-sts-header-after the token is added to the .sreq after signing,
   * so it must stay out of the signature. */
  token = token_in_canonical_request (creq);
  unsigned_token = jg_sigv4_request_get_header (signed_request,
                                                "X-Amz-Security-Token");
  if (token == NULL && unsigned_token != NULL
      && jg_sigv4_request_get_header (request, "X-Amz-Security-Token") == NULL)
    {
      token = g_strdup (unsigned_token);
      flags |= JG_SIGV4_FLAGS_UNSIGNED_SESSION_TOKEN;
    }

  credentials = jg_aws_credentials_new (EXAMPLE_ACCESS_KEY_ID, EXAMPLE_SECRET,
                                        token, NULL);
  time = jg_sigv4_parse_time (SUITE_TIME, &error);
  g_assert_no_error (error);

  result = jg_sigv4_signer_sign (signer, request, credentials, SUITE_REGION,
                                 SUITE_SERVICE, time, flags, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  check_step (failures, test_case, "canonical request", creq,
              result->canonical_request);
  check_step (failures, test_case, "string to sign", sts,
              result->string_to_sign);
  /* .authz, not the .sreq Authorization line: the suite's
   * get-vanilla-with-session-token.sreq carries a stale signature. */
  check_step (failures, test_case, "Authorization value", authz,
              result->authorization);
  fail_on_differences (failures, test_case);

  if (flags & JG_SIGV4_FLAGS_UNSIGNED_SESSION_TOKEN)
    {
      g_assert_null (strstr (result->signed_headers, "x-amz-security-token"));
      g_assert_cmpstr (find_added_header (result, "X-Amz-Security-Token"), ==,
                       unsigned_token);
    }
}

static JsonObject *
read_inputs (const TestCase *test_case,
             JsonParser     *parser)
{
  g_autofree char *path = g_build_filename (test_case->dir, "inputs.json",
                                            NULL);
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_node_get_object (json_parser_get_root (parser));
}

static JgAwsCredentials *
credentials_from_inputs (JsonObject *inputs)
{
  return jg_aws_credentials_new (
    json_object_get_string_member (inputs, "access_key"),
    json_object_get_string_member (inputs, "secret_key"),
    json_object_get_string_member_with_default (inputs, "session_token",
                                                NULL),
    NULL);
}

/* Signs the case's .req, which already contains Host, X-Amz-Date and the
 * token, as the CLI does. */
static void
test_iam_case (gconstpointer data)
{
  g_autoptr(GString) failures = g_string_new (NULL);
  const TestCase *test_case = data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JgSigv4Signer) signer = jg_sigv4_signer_new ();
  g_autoptr(JgSigv4Request) request = NULL;
  g_autoptr(JgAwsCredentials) credentials = NULL;
  g_autoptr(JgSigv4Result) result = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *creq = NULL;
  g_autofree char *sts = NULL;
  g_autofree char *authz = NULL;
  JsonObject *inputs;
  JsonObject *expected;
  gsize raw_length = 0;

  inputs = read_inputs (test_case, parser);
  expected = json_object_get_object_member (inputs, "expected");
  raw = read_case_file (test_case, ".req", &raw_length);
  creq = read_case_file (test_case, ".creq", NULL);
  sts = read_case_file (test_case, ".sts", NULL);
  authz = read_case_file (test_case, ".authz", NULL);

  request = jg_sigv4_request_parse_raw (raw, raw_length, &error);
  g_assert_no_error (error);

  credentials = credentials_from_inputs (inputs);
  time = jg_sigv4_parse_time (json_object_get_string_member (inputs,
                                                             "timestamp"),
                              &error);
  g_assert_no_error (error);

  result = jg_sigv4_signer_sign (signer, request, credentials,
                                 json_object_get_string_member (inputs,
                                                                "region"),
                                 json_object_get_string_member (inputs,
                                                                "service"),
                                 time, JG_SIGV4_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  check_step (failures, test_case, "canonical request", creq,
              result->canonical_request);
  check_step (failures, test_case, "string to sign", sts,
              result->string_to_sign);
  check_step (failures, test_case, "Authorization value", authz,
              result->authorization);
  check_step (failures, test_case, "payload hash",
              json_object_get_string_member (expected, "payload_sha256"),
              result->payload_hash);
  fail_on_differences (failures, test_case);

  /* The request carried X-Amz-Date and the token already, so the signer
   * must add only Authorization. */
  g_assert_cmpuint (result->headers_to_add->len, ==, 1);
}

/* Signs the inputs as a SoupMessage, the way the HTTP client does: the
 * signer adds Host, X-Amz-Date and the token itself. */
static void
test_message_case (gconstpointer data)
{
  g_autoptr(GString) failures = g_string_new (NULL);
  const TestCase *test_case = data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JgSigv4Signer) signer = jg_sigv4_signer_new ();
  g_autoptr(JgAwsCredentials) credentials = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *authz = NULL;
  g_autofree char *first_authorization = NULL;
  SoupMessageHeaders *headers;
  JsonObject *inputs;
  JsonArray *header_list;
  const char *body_text;
  const char *timestamp;
  gboolean ok;

  inputs = read_inputs (test_case, parser);
  authz = read_case_file (test_case, ".authz", NULL);
  credentials = credentials_from_inputs (inputs);
  timestamp = json_object_get_string_member (inputs, "timestamp");
  time = jg_sigv4_parse_time (timestamp, &error);
  g_assert_no_error (error);

  message = soup_message_new (json_object_get_string_member (inputs,
                                                             "method"),
                              json_object_get_string_member (inputs, "url"));
  g_assert_nonnull (message);
  headers = soup_message_get_request_headers (message);
  header_list = json_object_get_array_member (inputs, "headers");
  for (guint i = 0; i < json_array_get_length (header_list); i++)
    {
      JsonArray *pair = json_array_get_array_element (header_list, i);

      soup_message_headers_append (headers,
                                   json_array_get_string_element (pair, 0),
                                   json_array_get_string_element (pair, 1));
    }
  body_text = json_object_get_string_member (inputs, "body");
  body = g_bytes_new (body_text, strlen (body_text));

  /* A first signature at another time, as a retry would leave behind,
   * must be replaced completely by the second one. */
  later = g_date_time_add_days (time, 3);
  ok = jg_sigv4_signer_sign_message (signer, message, body, credentials,
                                     json_object_get_string_member (inputs,
                                                                    "region"),
                                     json_object_get_string_member (inputs,
                                                                    "service"),
                                     later, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  first_authorization =
    g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  g_assert_cmpstr (first_authorization, !=, authz);

  ok = jg_sigv4_signer_sign_message (signer, message, body, credentials,
                                     json_object_get_string_member (inputs,
                                                                    "region"),
                                     json_object_get_string_member (inputs,
                                                                    "service"),
                                     time, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  check_step (failures, test_case, "Authorization header of the message",
              authz, soup_message_headers_get_one (headers, "Authorization"));
  fail_on_differences (failures, test_case);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Amz-Date"), ==,
                   timestamp);
  g_assert_cmpstr (soup_message_headers_get_one (headers,
                                                 "X-Amz-Security-Token"),
                   ==, credentials->session_token);
  g_assert_null (soup_message_headers_get_list (headers, "Host"));
}

static gboolean
is_case_dir (const char *dir,
             const char *name)
{
  g_autofree char *base = g_strconcat (name, ".req", NULL);
  g_autofree char *path = g_build_filename (dir, base, NULL);

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Collects every folder under dir that contains <folder>.req, at any depth,
 * so the suite's original nested layout (normalize-path/…) works too. */
static void
collect_cases (const char *dir,
               GPtrArray  *out_cases)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  /* Registration order decides the run order: keep it stable. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *child = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, child, NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;

      if (is_case_dir (path, child))
        {
          TestCase *test_case = g_new0 (TestCase, 1);

          test_case->name = g_strdup (child);
          test_case->dir = g_steal_pointer (&path);
          g_ptr_array_add (out_cases, test_case);
        }
      else
        {
          collect_cases (path, out_cases);
        }
    }
}

static guint
add_case_tests (const char    *data_folder,
                const char    *test_prefix,
                GTestDataFunc  func)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new ();
  g_autofree char *dir = NULL;

  if (shared_dir () == NULL)
    return 0;

  dir = g_build_filename (shared_dir (), "testdata", data_folder, NULL);
  collect_cases (dir, cases);

  for (guint i = 0; i < cases->len; i++)
    {
      TestCase *test_case = g_ptr_array_index (cases, i);
      g_autofree char *path = g_strconcat (test_prefix, test_case->name,
                                           NULL);

      g_ptr_array_add (all_cases, test_case);
      g_test_add_data_func (path, test_case, func);
    }

  return cases->len;
}

static void
test_suite_found (void)
{
  if (shared_dir () == NULL)
    {
      g_test_fail_printf ("JG_TEST_SHARED_DIR is not set: run the tests "
                          "with “meson test”, or set it to the folder that "
                          "holds testdata/sigv4");
      return;
    }

  g_assert_cmpuint (suite_case_count, >=, SUITE_MIN_CASES);
}

/* Signing key and cache */

static JgSigv4Request *
make_vanilla_request (void)
{
  JgSigv4Request *request = jg_sigv4_request_new ("GET", "/", NULL);

  jg_sigv4_request_add_header (request, "Host", "example.amazonaws.com");

  return request;
}

static JgSigv4Result *
sign_vanilla (JgSigv4Signer *signer,
              const char    *secret,
              const char    *time_text)
{
  g_autoptr(JgSigv4Request) request = make_vanilla_request ();
  g_autoptr(JgAwsCredentials) credentials =
    jg_aws_credentials_new (EXAMPLE_ACCESS_KEY_ID, secret, NULL, NULL);
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GError) error = NULL;
  JgSigv4Result *result;

  time = jg_sigv4_parse_time (time_text, &error);
  g_assert_no_error (error);

  result = jg_sigv4_signer_sign (signer, request, credentials, SUITE_REGION,
                                 SUITE_SERVICE, time, JG_SIGV4_FLAGS_NONE,
                                 &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  return result;
}

static void
test_derive_known_key (void)
{
  /* Python's hmac module gives this key for these inputs, which are those
   * of the key derivation example in AWS's SigV4 documentation. */
  static const char expected[] =
    "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d";
  guint8 key[JG_SIGV4_KEY_LENGTH];
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) hex = g_string_new (NULL);
  gboolean ok;

  ok = jg_sigv4_derive_signing_key (EXAMPLE_SECRET, "20120215", "us-east-1",
                                    "iam", key, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  for (gsize i = 0; i < sizeof key; i++)
    g_string_append_printf (hex, "%02x", key[i]);
  g_assert_cmpstr (hex->str, ==, expected);
}

static void
test_cache_reuses_key (void)
{
  g_autoptr(JgSigv4Signer) signer = jg_sigv4_signer_new ();
  g_autoptr(JgSigv4Result) first = NULL;
  g_autoptr(JgSigv4Result) second = NULL;
  g_autoptr(JgSigv4Result) same_day = NULL;
  g_autoptr(JgSigv4Result) after_clear = NULL;

  g_assert_cmpuint (jg_sigv4_signer_get_cache_size (signer), ==, 0);

  first = sign_vanilla (signer, EXAMPLE_SECRET, SUITE_TIME);
  g_assert_cmpuint (jg_sigv4_signer_get_cache_size (signer), ==, 1);

  /* The second signature restarts the cached HMAC context, and must still
   * equal the first one. */
  second = sign_vanilla (signer, EXAMPLE_SECRET, SUITE_TIME);
  g_assert_cmpuint (jg_sigv4_signer_get_cache_size (signer), ==, 1);
  g_assert_cmpstr (second->signature, ==, first->signature);

  /* Another time of the same day shares the key but not the signature. */
  same_day = sign_vanilla (signer, EXAMPLE_SECRET, "20150830T235959Z");
  g_assert_cmpuint (jg_sigv4_signer_get_cache_size (signer), ==, 1);
  g_assert_cmpstr (same_day->signature, !=, first->signature);

  jg_sigv4_signer_clear_cache (signer);
  g_assert_cmpuint (jg_sigv4_signer_get_cache_size (signer), ==, 0);
  after_clear = sign_vanilla (signer, EXAMPLE_SECRET, SUITE_TIME);
  g_assert_cmpstr (after_clear->signature, ==, first->signature);
}

static void
test_cache_new_date (void)
{
  g_autoptr(JgSigv4Signer) signer = jg_sigv4_signer_new ();
  g_autoptr(JgSigv4Result) day_one = NULL;
  g_autoptr(JgSigv4Result) day_two = NULL;
  g_autoptr(JgSigv4Result) other_secret = NULL;
  g_autoptr(GError) error = NULL;
  guint8 key_one[JG_SIGV4_KEY_LENGTH];
  guint8 key_two[JG_SIGV4_KEY_LENGTH];

  day_one = sign_vanilla (signer, EXAMPLE_SECRET, "20150830T235959Z");
  day_two = sign_vanilla (signer, EXAMPLE_SECRET, "20150831T000000Z");
  g_assert_cmpuint (jg_sigv4_signer_get_cache_size (signer), ==, 2);
  g_assert_cmpstr (day_two->signature, !=, day_one->signature);

  g_assert_true (jg_sigv4_derive_signing_key (EXAMPLE_SECRET, "20150830",
                                              SUITE_REGION, SUITE_SERVICE,
                                              key_one, &error));
  g_assert_true (jg_sigv4_derive_signing_key (EXAMPLE_SECRET, "20150831",
                                              SUITE_REGION, SUITE_SERVICE,
                                              key_two, &error));
  g_assert_no_error (error);
  g_assert_true (memcmp (key_one, key_two, sizeof key_one) != 0);

  /* Another secret on the same day gets its own entry. */
  other_secret = sign_vanilla (signer, "another/EXAMPLE+secret",
                               "20150831T000000Z");
  g_assert_cmpuint (jg_sigv4_signer_get_cache_size (signer), ==, 3);
  g_assert_cmpstr (other_secret->signature, !=, day_two->signature);
}

static void
test_cache_bounded (void)
{
  g_autoptr(JgSigv4Signer) signer = jg_sigv4_signer_new ();
  g_autoptr(JgSigv4Request) request = make_vanilla_request ();
  g_autoptr(JgAwsCredentials) credentials =
    jg_aws_credentials_new (EXAMPLE_ACCESS_KEY_ID, EXAMPLE_SECRET, NULL,
                            NULL);
  g_autoptr(GDateTime) time = jg_sigv4_parse_time (SUITE_TIME, NULL);
  guint max_size = 0;

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *region = g_strdup_printf ("test-region-%u", i);
      g_autoptr(JgSigv4Result) result = NULL;
      g_autoptr(GError) error = NULL;

      result = jg_sigv4_signer_sign (signer, request, credentials, region,
                                     SUITE_SERVICE, time, JG_SIGV4_FLAGS_NONE,
                                     &error);
      g_assert_no_error (error);
      max_size = MAX (max_size, jg_sigv4_signer_get_cache_size (signer));
    }

  g_assert_cmpuint (max_size, >, 1);
  g_assert_cmpuint (max_size, <, 200);
}

/* Invalid input */

static void
assert_sign_fails (const JgSigv4Request   *request,
                   const JgAwsCredentials *credentials,
                   const char             *region,
                   const char             *service,
                   int                     code)
{
  g_autoptr(JgSigv4Signer) signer = jg_sigv4_signer_new ();
  g_autoptr(GDateTime) time = jg_sigv4_parse_time (SUITE_TIME, NULL);
  g_autoptr(JgSigv4Result) result = NULL;
  g_autoptr(GError) error = NULL;

  result = jg_sigv4_signer_sign (signer, request, credentials, region,
                                 service, time, JG_SIGV4_FLAGS_NONE, &error);
  g_assert_error (error, JG_SIGV4_ERROR, code);
  g_assert_null (result);
  g_assert_cmpuint (jg_sigv4_signer_get_cache_size (signer), ==, 0);
}

static void
test_invalid_no_host (void)
{
  g_autoptr(JgSigv4Request) request = jg_sigv4_request_new ("GET", "/", NULL);
  g_autoptr(JgAwsCredentials) credentials =
    jg_aws_credentials_new (EXAMPLE_ACCESS_KEY_ID, EXAMPLE_SECRET, NULL,
                            NULL);

  jg_sigv4_request_add_header (request, "X-Amz-Date", SUITE_TIME);
  assert_sign_fails (request, credentials, SUITE_REGION, SUITE_SERVICE,
                     JG_SIGV4_ERROR_INVALID_REQUEST);
}

static void
test_invalid_time (void)
{
  const char *bad_times[] = {
    "",
    "2015-08-30T12:36:00Z",
    "20150830T123600",
    "20150830T123600+0000",
    "20150830 123600Z",
    "2015083OT123600Z",
    "20151330T123600Z",
    "20150230T123600Z",
    "20150830T246000Z",
    "20150830T123600Zjunk",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_times); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) time = NULL;

      time = jg_sigv4_parse_time (bad_times[i], &error);
      g_test_message ("time “%s”", bad_times[i]);
      g_assert_error (error, JG_SIGV4_ERROR, JG_SIGV4_ERROR_INVALID_TIME);
      g_assert_null (time);
    }
}

static void
test_time_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = jg_sigv4_parse_time ("20240229T235959Z",
                                                   &error);
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (-5 * 3600);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *text = NULL;
  g_autofree char *local_text = NULL;

  g_assert_no_error (error);
  text = jg_sigv4_format_time (time);
  g_assert_cmpstr (text, ==, "20240229T235959Z");

  /* A time in another zone is signed in UTC. */
  local = g_date_time_to_timezone (time, zone);
  local_text = jg_sigv4_format_time (local);
  g_assert_cmpstr (local_text, ==, "20240229T235959Z");
}

static void
test_invalid_date_header (void)
{
  g_autoptr(JgSigv4Request) request = make_vanilla_request ();
  g_autoptr(JgAwsCredentials) credentials =
    jg_aws_credentials_new (EXAMPLE_ACCESS_KEY_ID, EXAMPLE_SECRET, NULL,
                            NULL);

  jg_sigv4_request_add_header (request, "X-Amz-Date", "20150830T123601Z");
  assert_sign_fails (request, credentials, SUITE_REGION, SUITE_SERVICE,
                     JG_SIGV4_ERROR_INVALID_REQUEST);
}

static void
test_invalid_token_header (void)
{
  g_autoptr(JgSigv4Request) request = make_vanilla_request ();
  g_autoptr(JgAwsCredentials) credentials =
    jg_aws_credentials_new (EXAMPLE_ACCESS_KEY_ID, EXAMPLE_SECRET,
                            "token-of-the-credentials", NULL);

  jg_sigv4_request_add_header (request, "X-Amz-Security-Token",
                               "another-token");
  assert_sign_fails (request, credentials, SUITE_REGION, SUITE_SERVICE,
                     JG_SIGV4_ERROR_INVALID_REQUEST);
}

static void
test_invalid_scope (void)
{
  g_autoptr(JgSigv4Request) request = make_vanilla_request ();
  g_autoptr(JgAwsCredentials) credentials =
    jg_aws_credentials_new (EXAMPLE_ACCESS_KEY_ID, EXAMPLE_SECRET, NULL,
                            NULL);

  assert_sign_fails (request, credentials, "", SUITE_SERVICE,
                     JG_SIGV4_ERROR_INVALID_SCOPE);
  assert_sign_fails (request, credentials, "us-east-1/x", SUITE_SERVICE,
                     JG_SIGV4_ERROR_INVALID_SCOPE);
  assert_sign_fails (request, credentials, SUITE_REGION, "i am",
                     JG_SIGV4_ERROR_INVALID_SCOPE);
}

static void
test_invalid_credentials (void)
{
  g_autoptr(JgSigv4Request) request = make_vanilla_request ();
  g_autoptr(JgAwsCredentials) no_secret =
    jg_aws_credentials_new (EXAMPLE_ACCESS_KEY_ID, "", NULL, NULL);
  g_autoptr(JgAwsCredentials) no_key_id =
    jg_aws_credentials_new ("", EXAMPLE_SECRET, NULL, NULL);
  g_autoptr(JgAwsCredentials) broken_token =
    jg_aws_credentials_new (EXAMPLE_ACCESS_KEY_ID, EXAMPLE_SECRET,
                            "token\r\nX-Injected: 1", NULL);

  assert_sign_fails (request, no_secret, SUITE_REGION, SUITE_SERVICE,
                     JG_SIGV4_ERROR_INVALID_CREDENTIALS);
  assert_sign_fails (request, no_key_id, SUITE_REGION, SUITE_SERVICE,
                     JG_SIGV4_ERROR_INVALID_CREDENTIALS);
  assert_sign_fails (request, broken_token, SUITE_REGION, SUITE_SERVICE,
                     JG_SIGV4_ERROR_INVALID_CREDENTIALS);
}

static void
test_invalid_raw_request (void)
{
  const char *bad_requests[] = {
    "",
    "GET /\nHost:example.amazonaws.com\n",
    "GET example.amazonaws.com/ HTTP/1.1\nHost:example.amazonaws.com\n",
    "G(T / HTTP/1.1\nHost:example.amazonaws.com\n",
    "GET / HTTP/1.1\nHost example.amazonaws.com\n",
    "GET / HTTP/1.1\n Host:example.amazonaws.com\n",
    "GET / HTTP/1.1\nBad Name:value\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_requests); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JgSigv4Request) request = NULL;

      g_test_message ("request “%s”", bad_requests[i]);
      request = jg_sigv4_request_parse_raw (bad_requests[i],
                                            strlen (bad_requests[i]), &error);
      g_assert_error (error, JG_SIGV4_ERROR, JG_SIGV4_ERROR_INVALID_REQUEST);
      g_assert_null (request);
    }
}

/* Parsing and canonical forms beyond AWS's suite */

static void
test_parse_raw_details (void)
{
  static const char raw[] =
    "POST /a b/?x=1 HTTP/1.1\r\n"
    "Host:example.amazonaws.com\r\n"
    "My-Header: first\r\n"
    "   second\r\n"
    "\r\n"
    "line one\r\n\r\nline three";
  g_autoptr(JgSigv4Request) request = NULL;
  g_autoptr(GError) error = NULL;
  const char *body;
  gsize body_length = 0;

  request = jg_sigv4_request_parse_raw (raw, sizeof raw - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/a b/");
  g_assert_cmpstr (request->query, ==, "x=1");
  g_assert_cmpuint (request->headers->len, ==, 2);
  g_assert_cmpstr (jg_sigv4_request_get_header (request, "my-header"), ==,
                   " first second");

  body = g_bytes_get_data (request->body, &body_length);
  g_assert_cmpmem (body, body_length, "line one\r\n\r\nline three",
                   strlen ("line one\r\n\r\nline three"));
}

static void
test_canonical_path_and_query (void)
{
  const struct
  {
    const char *path;
    const char *query;
    const char *expected;       /* second and third line of the creq */
  } cases[] = {
    { "/a/b/../c/./d//", NULL, "/a/c/d/\n" },
    { "/a/b/..", NULL, "/a/\n" },
    { "/../..", NULL, "/\n" },
    { "/%41/x", NULL, "/%2541/x\n" },
    { "/", "b=2&a=1&a=", "/\na=&a=1&b=2" },
    { "/", "k&k=v&&", "/\nk=&k=v" },
    { "/", "a%20b=c+d&%7e=%zz", "/\na%20b=c%2Bd&~=%25zz" },
    { "/", "=v", "/\n=v" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JgSigv4Signer) signer = jg_sigv4_signer_new ();
      g_autoptr(JgSigv4Request) request =
        jg_sigv4_request_new ("GET", cases[i].path, cases[i].query);
      g_autoptr(JgAwsCredentials) credentials =
        jg_aws_credentials_new (EXAMPLE_ACCESS_KEY_ID, EXAMPLE_SECRET, NULL,
                                NULL);
      g_autoptr(GDateTime) time = jg_sigv4_parse_time (SUITE_TIME, NULL);
      g_autoptr(JgSigv4Result) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *prefix = NULL;
      g_autofree char *start = NULL;

      jg_sigv4_request_add_header (request, "Host", "example.amazonaws.com");
      result = jg_sigv4_signer_sign (signer, request, credentials,
                                     SUITE_REGION, SUITE_SERVICE, time,
                                     JG_SIGV4_FLAGS_NONE, &error);
      g_assert_no_error (error);

      prefix = g_strconcat ("GET\n", cases[i].expected, "\n", NULL);
      g_test_message ("path “%s”, query “%s”", cases[i].path,
                      cases[i].query ? cases[i].query : "");
      start = g_strndup (result->canonical_request, strlen (prefix));
      g_assert_cmpstr (start, ==, prefix);
    }
}

static void
test_content_sha256_flag (void)
{
  g_autoptr(JgSigv4Signer) signer = jg_sigv4_signer_new ();
  g_autoptr(JgSigv4Request) request = make_vanilla_request ();
  g_autoptr(JgAwsCredentials) credentials =
    jg_aws_credentials_new (EXAMPLE_ACCESS_KEY_ID, EXAMPLE_SECRET, "token",
                            NULL);
  g_autoptr(GDateTime) time = jg_sigv4_parse_time (SUITE_TIME, NULL);
  g_autoptr(GBytes) body = g_bytes_new_static ("Param1=value1", 13);
  g_autoptr(JgSigv4Result) result = NULL;
  g_autoptr(GError) error = NULL;
  const JgSigv4Header *header;

  jg_sigv4_request_set_body (request, body);
  result = jg_sigv4_signer_sign (signer, request, credentials, SUITE_REGION,
                                 SUITE_SERVICE, time,
                                 JG_SIGV4_FLAGS_CONTENT_SHA256, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (result->signed_headers, ==,
                   "host;x-amz-content-sha256;x-amz-date;"
                   "x-amz-security-token");
  g_assert_cmpstr (find_added_header (result, "X-Amz-Content-Sha256"), ==,
                   result->payload_hash);
  g_assert_cmpuint (result->headers_to_add->len, ==, 4);
  header = g_ptr_array_index (result->headers_to_add, 0);
  g_assert_cmpstr (header->name, ==, "X-Amz-Date");
  header = g_ptr_array_index (result->headers_to_add, 3);
  g_assert_cmpstr (header->name, ==, "Authorization");
  g_assert_cmpstr (header->value, ==, result->authorization);
}

static void
test_message_host_port (void)
{
  g_autoptr(JgSigv4Signer) signer = jg_sigv4_signer_new ();
  g_autoptr(SoupMessage) message =
    soup_message_new ("POST", "http://127.0.0.1:8123/?Action=GetUser");
  g_autoptr(JgAwsCredentials) credentials =
    jg_aws_credentials_new (EXAMPLE_ACCESS_KEY_ID, EXAMPLE_SECRET, NULL,
                            NULL);
  g_autoptr(GDateTime) time = jg_sigv4_parse_time (SUITE_TIME, NULL);
  g_autoptr(JgSigv4Request) request = NULL;
  g_autoptr(JgSigv4Result) expected = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_append (headers, "X-Amz-Target", "Test.Operation");
  soup_message_headers_append (headers, "User-Agent", "not signed");
  g_assert_true (jg_sigv4_signer_sign_message (signer, message, NULL,
                                               credentials, SUITE_REGION,
                                               "iam", time, &error));
  g_assert_no_error (error);

  /* The same request written out by hand must sign the same. */
  request = jg_sigv4_request_new ("POST", "/", "Action=GetUser");
  jg_sigv4_request_add_header (request, "Host", "127.0.0.1:8123");
  jg_sigv4_request_add_header (request, "X-Amz-Target", "Test.Operation");
  expected = jg_sigv4_signer_sign (signer, request, credentials, SUITE_REGION,
                                   "iam", time, JG_SIGV4_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (expected->signed_headers, ==,
                   "host;x-amz-date;x-amz-target");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==,
                   expected->authorization);
  g_assert_null (soup_message_headers_get_one (headers,
                                               "X-Amz-Security-Token"));
}

static void
test_message_host_forms (void)
{
  const struct
  {
    const char *url;
    const char *host;
  } cases[] = {
    { "https://iam.amazonaws.com:443/", "iam.amazonaws.com" },
    { "http://127.0.0.1:80/", "127.0.0.1" },
    { "https://127.0.0.1:8443/", "127.0.0.1:8443" },
    { "http://[::1]:8080/", "[::1]:8080" },
    { "https://[::1]/", "[::1]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JgSigv4Signer) signer = jg_sigv4_signer_new ();
      g_autoptr(SoupMessage) message = soup_message_new ("GET",
                                                         cases[i].url);
      g_autoptr(JgAwsCredentials) credentials =
        jg_aws_credentials_new (EXAMPLE_ACCESS_KEY_ID, EXAMPLE_SECRET, NULL,
                                NULL);
      g_autoptr(GDateTime) time = jg_sigv4_parse_time (SUITE_TIME, NULL);
      g_autoptr(JgSigv4Request) request = jg_sigv4_request_new ("GET", "/",
                                                                NULL);
      g_autoptr(JgSigv4Result) expected = NULL;
      g_autoptr(GError) error = NULL;
      SoupMessageHeaders *headers;

      g_test_message ("URL %s", cases[i].url);
      g_assert_nonnull (message);
      headers = soup_message_get_request_headers (message);
      g_assert_true (jg_sigv4_signer_sign_message (signer, message, NULL,
                                                   credentials, SUITE_REGION,
                                                   "iam", time, &error));
      g_assert_no_error (error);

      jg_sigv4_request_add_header (request, "Host", cases[i].host);
      expected = jg_sigv4_signer_sign (signer, request, credentials,
                                       SUITE_REGION, "iam", time,
                                       JG_SIGV4_FLAGS_NONE, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (soup_message_headers_get_one (headers,
                                                     "Authorization"),
                       ==, expected->authorization);
    }
}

/* Credentials */

static void
test_credentials_copy_expiry (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2024, 1, 1, 12, 0, 0);
  g_autoptr(GDateTime) expiration = g_date_time_add_minutes (now, 10);
  g_autoptr(JgAwsCredentials) credentials =
    jg_aws_credentials_new ("ASIAEXAMPLE", "secret", "token", expiration);
  g_autoptr(JgAwsCredentials) copy = jg_aws_credentials_copy (credentials);
  g_autoptr(JgAwsCredentials) long_term =
    jg_aws_credentials_new ("AKIAEXAMPLE", "secret", NULL, NULL);

  g_assert_cmpstr (copy->access_key_id, ==, "ASIAEXAMPLE");
  g_assert_cmpstr (copy->secret_access_key, ==, "secret");
  g_assert_true (copy->secret_access_key != credentials->secret_access_key);
  g_assert_cmpstr (copy->session_token, ==, "token");
  g_assert_true (g_date_time_equal (copy->expiration, expiration));

  g_assert_false (jg_aws_credentials_expires_within (credentials, now,
                                                     5 * G_TIME_SPAN_MINUTE));
  g_assert_true (jg_aws_credentials_expires_within (credentials, now,
                                                    10 * G_TIME_SPAN_MINUTE));
  g_assert_false (jg_aws_credentials_expires_within (long_term, now,
                                                     G_TIME_SPAN_DAY));
  g_assert_true (g_type_is_a (JG_TYPE_AWS_CREDENTIALS, G_TYPE_BOXED));
}

/* jumpgate-cli sigv4 */

typedef struct
{
  char *stdout_text;
  char *stderr_text;
  int   exit_status;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->stdout_text, g_free);
  g_clear_pointer (&run->stderr_text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

/* Runs the built CLI; meson test always sets JG_TEST_CLI. */
static gboolean
run_cli (const char * const *args,
         CliRun             *out_run)
{
  const char *cli = g_getenv ("JG_TEST_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  if (cli == NULL)
    g_error ("JG_TEST_CLI is not set: run the tests with meson test");
  g_assert_true (g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE));

  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "sigv4");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL,
                NULL, &out_run->stdout_text, &out_run->stderr_text,
                &wait_status, &error);
  g_assert_no_error (error);

  g_assert_true (WIFEXITED (wait_status));
  out_run->exit_status = WEXITSTATUS (wait_status);

  return TRUE;
}

/* Writes text and a line break, as an editor would, to dir/name. */
static char *
write_text_file (const char *dir,
                 const char *name,
                 const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = g_strconcat (text, "\n", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_NONE,
                            0600, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

static char *
suite_case_path (const char *name,
                 const char *extension)
{
  for (guint i = 0; i < all_cases->len; i++)
    {
      const TestCase *test_case = g_ptr_array_index (all_cases, i);
      g_autofree char *base = NULL;

      if (strcmp (test_case->name, name) != 0)
        continue;

      base = g_strconcat (name, extension, NULL);
      return g_build_filename (test_case->dir, base, NULL);
    }

  g_error ("Suite case %s not found under JG_TEST_SHARED_DIR", name);
  return NULL;
}

/* Returns the contents of a suite case file followed by a line break, as
 * the CLI prints it. */
static char *
expected_output (const char *name,
                 const char *extension)
{
  g_autofree char *path = suite_case_path (name, extension);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return g_strconcat (contents, "\n", NULL);
}

/* A temporary folder holding the example secret, created at run time so
 * that no fixture file contains a secret. */
typedef struct
{
  char *dir;
  char *secret_path;
} CliFixture;

static void
cli_fixture_set_up (CliFixture    *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("jumpgate-sigv4-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->secret_path = write_text_file (fixture->dir, "secret",
                                          EXAMPLE_SECRET);
}

static void
cli_fixture_tear_down (CliFixture    *fixture,
                       gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (fixture->dir);

  g_free (fixture->dir);
  g_free (fixture->secret_path);
}

/* Runs "jumpgate-cli sigv4" on a suite case with the suite's inputs, then
 * extra_args. Returns FALSE when the test was skipped. */
static gboolean
run_cli_on_case (CliFixture         *fixture,
                 const char         *name,
                 const char * const *extra_args,
                 CliRun             *out_run)
{
  g_autofree char *request_path = suite_case_path (name, ".req");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *common[] = {
    "--request", request_path,
    "--access-key-id", EXAMPLE_ACCESS_KEY_ID,
    "--secret-access-key-file", fixture->secret_path,
    "--region", SUITE_REGION,
    "--service", SUITE_SERVICE,
    "--time", SUITE_TIME,
  };

  for (guint i = 0; i < G_N_ELEMENTS (common); i++)
    g_ptr_array_add (args, (gpointer) common[i]);
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) extra_args[i]);
  g_ptr_array_add (args, NULL);

  return run_cli ((const char * const *) args->pdata, out_run);
}

static void
test_cli_prints_authorization (CliFixture    *fixture,
                               gconstpointer  data)
{
  g_autofree char *expected = expected_output ("get-header-value-trim",
                                               ".authz");
  g_auto(CliRun) run = { 0 };

  if (!run_cli_on_case (fixture, "get-header-value-trim", NULL, &run))
    return;

  g_assert_cmpstr (run.stderr_text, ==, "");
  g_assert_cmpint (run.exit_status, ==, 0);
  g_assert_cmpstr (run.stdout_text, ==, expected);
}

static void
test_cli_shows_steps (CliFixture    *fixture,
                      gconstpointer  data)
{
  const struct
  {
    const char *name;
    const char *show;
    const char *extension;
  } cases[] = {
    { "get-header-value-trim", "creq", ".creq" },
    { "get-header-value-trim", "sts", ".sts" },
    { "get-utf8", "authz", ".authz" },
    { "post-x-www-form-urlencoded", "sreq", ".sreq" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[] = { "--show", cases[i].show, NULL };
      g_autofree char *expected = expected_output (cases[i].name,
                                                   cases[i].extension);
      g_auto(CliRun) run = { 0 };

      if (!run_cli_on_case (fixture, cases[i].name, args, &run))
        return;

      g_test_message ("%s --show %s", cases[i].name, cases[i].show);
      g_assert_cmpint (run.exit_status, ==, 0);
      g_assert_cmpstr (run.stdout_text, ==, expected);
    }
}

static void
test_cli_session_token (CliFixture    *fixture,
                        gconstpointer  data)
{
  const char *name = "get-vanilla-with-session-token";
  g_autofree char *creq = expected_output (name, ".creq");
  g_autofree char *authz = expected_output (name, ".authz");
  g_autofree char *token = token_in_canonical_request (creq);
  g_autofree char *token_path = NULL;
  g_auto(CliRun) authz_run = { 0 };
  g_auto(CliRun) hidden_run = { 0 };
  g_auto(CliRun) shown_run = { 0 };

  g_assert_nonnull (token);
  token_path = write_text_file (fixture->dir, "token", token);

  {
    const char *args[] = { "--session-token-file", token_path, NULL };

    if (!run_cli_on_case (fixture, name, args, &authz_run))
      return;
  }
  {
    const char *args[] = {
      "--session-token-file", token_path, "--show", "creq", NULL
    };

    run_cli_on_case (fixture, name, args, &hidden_run);
  }
  {
    const char *args[] = {
      "--session-token-file", token_path, "--show", "creq",
      "--show-session-token", NULL
    };

    run_cli_on_case (fixture, name, args, &shown_run);
  }

  g_assert_cmpint (authz_run.exit_status, ==, 0);
  g_assert_cmpstr (authz_run.stdout_text, ==, authz);

  /* By default the token is replaced, so pasted output does not leak it. */
  g_assert_cmpint (hidden_run.exit_status, ==, 0);
  g_assert_null (strstr (hidden_run.stdout_text, token));
  g_assert_nonnull (strstr (hidden_run.stdout_text,
                            "x-amz-security-token:<"));

  g_assert_cmpint (shown_run.exit_status, ==, 0);
  g_assert_cmpstr (shown_run.stdout_text, ==, creq);
}

static void
test_cli_rejects_bad_input (CliFixture    *fixture,
                            gconstpointer  data)
{
  g_autofree char *bad_request = write_text_file (fixture->dir, "bad.req",
                                                  "GET /\nHost:x");
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.req",
                                               NULL);
  g_auto(CliRun) time_run = { 0 };
  g_auto(CliRun) secret_run = { 0 };
  g_auto(CliRun) request_line_run = { 0 };
  g_auto(CliRun) unreadable_run = { 0 };

  {
    const char *args[] = { "--time", "2015-08-30T12:36:00Z", NULL };

    if (!run_cli_on_case (fixture, "get-vanilla", args, &time_run))
      return;
  }
  {
    const char *args[] = {
      "--secret-access-key-file", "", NULL
    };

    run_cli_on_case (fixture, "get-vanilla", args, &secret_run);
  }
  {
    const char *args[] = { "--request", bad_request, NULL };

    run_cli_on_case (fixture, "get-vanilla", args, &request_line_run);
  }
  {
    const char *args[] = { "--request", missing, NULL };

    run_cli_on_case (fixture, "get-vanilla", args, &unreadable_run);
  }

  g_assert_cmpint (time_run.exit_status, ==, 2);
  g_assert_cmpstr (time_run.stdout_text, ==, "");
  g_assert_nonnull (strstr (time_run.stderr_text, "2015-08-30T12:36:00Z"));

  g_assert_cmpint (secret_run.exit_status, ==, 2);
  g_assert_nonnull (strstr (secret_run.stderr_text,
                            "--secret-access-key-file"));

  g_assert_cmpint (request_line_run.exit_status, ==, 2);
  g_assert_nonnull (strstr (request_line_run.stderr_text, "GET /"));

  g_assert_cmpint (unreadable_run.exit_status, ==, 2);
  g_assert_nonnull (strstr (unreadable_run.stderr_text, missing));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  all_cases = g_ptr_array_new_with_free_func (test_case_free);

  suite_case_count = add_case_tests ("sigv4", "/jumpgate/sigv4/suite/",
                                     test_suite_case);
  add_case_tests ("sigv4-iam", "/jumpgate/sigv4/iam/", test_iam_case);
  add_case_tests ("sigv4-iam", "/jumpgate/sigv4/message/",
                  test_message_case);
  g_test_add_func ("/jumpgate/sigv4/suite-found", test_suite_found);

  g_test_add_func ("/jumpgate/sigv4/key/derive-known",
                   test_derive_known_key);
  g_test_add_func ("/jumpgate/sigv4/key/cache-reuse", test_cache_reuses_key);
  g_test_add_func ("/jumpgate/sigv4/key/cache-new-date", test_cache_new_date);
  g_test_add_func ("/jumpgate/sigv4/key/cache-bounded", test_cache_bounded);

  g_test_add_func ("/jumpgate/sigv4/invalid/no-host", test_invalid_no_host);
  g_test_add_func ("/jumpgate/sigv4/invalid/time", test_invalid_time);
  g_test_add_func ("/jumpgate/sigv4/invalid/date-header",
                   test_invalid_date_header);
  g_test_add_func ("/jumpgate/sigv4/invalid/token-header",
                   test_invalid_token_header);
  g_test_add_func ("/jumpgate/sigv4/invalid/scope", test_invalid_scope);
  g_test_add_func ("/jumpgate/sigv4/invalid/credentials",
                   test_invalid_credentials);
  g_test_add_func ("/jumpgate/sigv4/invalid/raw-request",
                   test_invalid_raw_request);

  g_test_add_func ("/jumpgate/sigv4/time/round-trip", test_time_round_trip);
  g_test_add_func ("/jumpgate/sigv4/parse/raw-details",
                   test_parse_raw_details);
  g_test_add_func ("/jumpgate/sigv4/canonical/path-and-query",
                   test_canonical_path_and_query);
  g_test_add_func ("/jumpgate/sigv4/flags/content-sha256",
                   test_content_sha256_flag);
  g_test_add_func ("/jumpgate/sigv4/message/host-port",
                   test_message_host_port);
  g_test_add_func ("/jumpgate/sigv4/message/host-forms",
                   test_message_host_forms);
  g_test_add_func ("/jumpgate/sigv4/credentials/copy-expiry",
                   test_credentials_copy_expiry);

  g_test_add ("/jumpgate/sigv4/cli/prints-authorization", CliFixture, NULL,
              cli_fixture_set_up, test_cli_prints_authorization,
              cli_fixture_tear_down);
  g_test_add ("/jumpgate/sigv4/cli/shows-steps", CliFixture, NULL,
              cli_fixture_set_up, test_cli_shows_steps,
              cli_fixture_tear_down);
  g_test_add ("/jumpgate/sigv4/cli/session-token", CliFixture, NULL,
              cli_fixture_set_up, test_cli_session_token,
              cli_fixture_tear_down);
  g_test_add ("/jumpgate/sigv4/cli/rejects-bad-input", CliFixture, NULL,
              cli_fixture_set_up, test_cli_rejects_bad_input,
              cli_fixture_tear_down);

  status = g_test_run ();

  g_clear_pointer (&all_cases, g_ptr_array_unref);

  return status;
}
