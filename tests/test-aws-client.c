/* test-aws-client.c: the AWS client against a scripted loopback server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "aws/jg-aws.h"
#include "jg-test-util.h"

typedef enum
{
  STEP_REPLY,     /* reply at once */
  STEP_DELAY,     /* reply after delay_ms */
  STEP_HOLD,      /* never reply */
  STEP_RESET,     /* close the connection without a reply */
} StepKind;

typedef struct
{
  StepKind  kind;
  guint     status;
  char     *content_type;
  GBytes   *body;
  guint     delay_ms;
} Step;

/* What the server saw of one request. */
typedef struct
{
  char *path;
  char *body;
  char *amz_date;
  char *authorization;
  char *security_token;
  char *content_type;
  char *amz_target;
  char *user_agent;
} Seen;

typedef struct
{
  SoupServer   *server;
  char         *url;
  JgAwsClient  *client;
  JgAwsTarget  *target;
  char         *secret;
  char         *token;
  GQueue        steps;          /* of Step, consumed in order */
  GPtrArray    *seen;           /* of Seen */
  GPtrArray    *held;           /* SoupServerMessage kept without a reply */
  GList        *delayed;        /* Delayed replies still waiting */
  guint         in_flight;
  guint         max_in_flight;
  gint64        clock_seconds;  /* the client's clock, advanced per read */
  /* Generates the reply of a request when no step is queued. */
  void        (*respond) (SoupServerMessage *message, Seen *seen,
                          gpointer data);
  gpointer      respond_data;
} Fixture;

static void
step_free (Step *step)
{
  g_free (step->content_type);
  g_clear_pointer (&step->body, g_bytes_unref);
  g_free (step);
}

static void
seen_free (Seen *seen)
{
  g_free (seen->path);
  g_free (seen->body);
  g_free (seen->amz_date);
  g_free (seen->authorization);
  g_free (seen->security_token);
  g_free (seen->content_type);
  g_free (seen->amz_target);
  g_free (seen->user_agent);
  g_free (seen);
}

static GBytes *
read_fixture (const char *name)
{
  g_autofree char *path = jg_test_source_path ("tests", "fixtures", "aws",
                                               name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static void
push_step (Fixture    *fixture,
           StepKind    kind,
           guint       status,
           const char *content_type,
           GBytes     *body,
           guint       delay_ms)
{
  Step *step = g_new0 (Step, 1);

  step->kind = kind;
  step->status = status;
  step->content_type = g_strdup (content_type);
  step->body = body != NULL ? g_bytes_ref (body) : NULL;
  step->delay_ms = delay_ms;
  g_queue_push_tail (&fixture->steps, step);
}

static void
push_text (Fixture    *fixture,
           guint       status,
           const char *content_type,
           const char *text)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

  push_step (fixture, STEP_REPLY, status, content_type, body, 0);
}

static void
push_fixture (Fixture    *fixture,
              guint       status,
              const char *name)
{
  g_autoptr(GBytes) body = read_fixture (name);

  push_step (fixture, STEP_REPLY, status,
             g_str_has_suffix (name, ".json") ? "application/x-amz-json-1.1"
                                              : "text/xml",
             body, 0);
}

static char *
dup_header (SoupServerMessage *message,
            const char        *name)
{
  return g_strdup (soup_message_headers_get_one (
    soup_server_message_get_request_headers (message), name));
}

static void
set_reply (SoupServerMessage *message,
           guint              status,
           const char        *content_type,
           GBytes            *body)
{
  static guint counter;
  g_autofree char *request_id = g_strdup_printf ("test-request-%u",
                                                 ++counter);
  gsize length = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &length) : NULL;

  soup_server_message_set_status (message, status, NULL);
  soup_message_headers_replace (
    soup_server_message_get_response_headers (message), "x-amzn-RequestId",
    request_id);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY,
                                    data, length);
}

typedef struct
{
  Fixture           *fixture;
  SoupServerMessage *message;
  Step              *step;
  gboolean           gone;      /* the client closed the connection */
  guint              source_id;
} Delayed;

static void
delayed_free (Delayed *delayed)
{
  g_signal_handlers_disconnect_by_data (delayed->message, delayed);
  g_object_unref (delayed->message);
  step_free (delayed->step);
  g_free (delayed);
}

static void
on_delayed_gone_cb (SoupServerMessage *message,
                    gpointer           user_data)
{
  Delayed *delayed = user_data;

  delayed->gone = TRUE;
}

static gboolean
on_delayed_reply_cb (gpointer user_data)
{
  Delayed *delayed = user_data;

  delayed->fixture->in_flight--;
  delayed->fixture->delayed = g_list_remove (delayed->fixture->delayed,
                                             delayed);
  g_signal_handlers_disconnect_by_data (delayed->message, delayed);
  if (!delayed->gone)
    {
      set_reply (delayed->message, delayed->step->status,
                 delayed->step->content_type, delayed->step->body);
      soup_server_message_unpause (delayed->message);
    }
  delayed_free (delayed);

  return G_SOURCE_REMOVE;
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageBody *request_body = soup_server_message_get_request_body (message);
  Seen *seen = g_new0 (Seen, 1);
  Step *step;

  seen->path = g_strdup (path);
  seen->body = g_strndup (request_body->data, request_body->length);
  seen->amz_date = dup_header (message, "X-Amz-Date");
  seen->authorization = dup_header (message, "Authorization");
  seen->security_token = dup_header (message, "X-Amz-Security-Token");
  seen->content_type = dup_header (message, "Content-Type");
  seen->amz_target = dup_header (message, "X-Amz-Target");
  seen->user_agent = dup_header (message, "User-Agent");
  g_ptr_array_add (fixture->seen, seen);

  fixture->in_flight++;
  fixture->max_in_flight = MAX (fixture->max_in_flight, fixture->in_flight);

  step = g_queue_pop_head (&fixture->steps);
  if (step == NULL)
    {
      g_assert_nonnull (fixture->respond);
      fixture->respond (message, seen, fixture->respond_data);
      fixture->in_flight--;
      return;
    }

  switch (step->kind)
    {
    case STEP_REPLY:
      fixture->in_flight--;
      set_reply (message, step->status, step->content_type, step->body);
      step_free (step);
      break;

    case STEP_DELAY:
      {
        Delayed *delayed = g_new0 (Delayed, 1);

        delayed->fixture = fixture;
        delayed->message = g_object_ref (message);
        delayed->step = step;
        g_signal_connect (message, "disconnected",
                          G_CALLBACK (on_delayed_gone_cb), delayed);
        g_signal_connect (message, "finished",
                          G_CALLBACK (on_delayed_gone_cb), delayed);
        soup_server_message_pause (message);
        delayed->source_id = g_timeout_add (step->delay_ms,
                                            on_delayed_reply_cb, delayed);
        fixture->delayed = g_list_prepend (fixture->delayed, delayed);
      }
      break;

    case STEP_HOLD:
      fixture->in_flight--;
      soup_server_message_pause (message);
      g_ptr_array_add (fixture->held, g_object_ref (message));
      step_free (step);
      break;

    case STEP_RESET:
      {
        g_autoptr(GIOStream) stream = NULL;

        fixture->in_flight--;
        stream = soup_server_message_steal_connection (message);
        g_io_stream_close (stream, NULL, NULL);
        step_free (step);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static GDateTime *
fixture_clock (gpointer user_data)
{
  Fixture *fixture = user_data;

  /* One second per signature, so that every attempt carries a new
   * X-Amz-Date even when the retries come within the same second. */
  return g_date_time_new_from_unix_utc (fixture->clock_seconds++);
}

static char *
random_text (const char *prefix,
             guint       length)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  GString *text = g_string_new (prefix);

  for (guint i = 0; i < length; i++)
    g_string_append_c (text, alphabet[g_random_int_range (0, 64)]);

  return g_string_free (text, FALSE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgAwsCredentials) credentials = NULL;
  GSList *uris;
  JgAwsRetryPolicy policy = { 3, 1, 5 };

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, on_request_cb, fixture,
                           NULL);
  soup_server_listen_local (fixture->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->server);
  g_assert_nonnull (uris);
  fixture->url = g_strdup_printf ("http://127.0.0.1:%d/",
                                  g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_queue_init (&fixture->steps);
  fixture->seen = g_ptr_array_new_with_free_func ((GDestroyNotify) seen_free);
  fixture->held = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->clock_seconds = 1700000000;

  fixture->secret = random_text ("secret", 34);
  fixture->token = random_text ("token", 300);
  credentials = jg_aws_credentials_new ("ASIATESTEXAMPLE00001", fixture->secret,
                                        fixture->token, NULL);
  fixture->target = jg_aws_target_new (credentials, JG_PARTITION_AWS, NULL,
                                       "123456789012");

  fixture->client = jg_aws_client_new ();
  g_assert_true (jg_aws_client_set_endpoint_url (fixture->client,
                                                 fixture->url, &error));
  g_assert_no_error (error);
  jg_aws_client_set_retry_policy (fixture->client, &policy);
  jg_aws_client_set_deadline (fixture->client, 2000);
  jg_aws_client_set_time_func (fixture->client, fixture_clock, fixture, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);

  /* Let cancelled requests and closed connections settle. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* A reply delayed past the end of its test must not fire later. */
  for (GList *l = fixture->delayed; l != NULL; l = l->next)
    {
      Delayed *delayed = l->data;

      g_source_remove (delayed->source_id);
      delayed_free (delayed);
    }
  g_clear_pointer (&fixture->delayed, g_list_free);

  soup_server_disconnect (fixture->server);
  g_clear_pointer (&fixture->held, g_ptr_array_unref);
  g_clear_object (&fixture->server);
  g_queue_clear_full (&fixture->steps, (GDestroyNotify) step_free);
  g_clear_pointer (&fixture->seen, g_ptr_array_unref);
  g_clear_pointer (&fixture->target, jg_aws_target_free);
  g_free (fixture->secret);
  g_free (fixture->token);
  g_free (fixture->url);
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static Seen *
seen_at (Fixture *fixture,
         guint    index)
{
  g_assert_cmpuint (index, <, fixture->seen->len);

  return g_ptr_array_index (fixture->seen, index);
}

static JgStsCallerIdentity *
call_get_caller_identity (Fixture  *fixture,
                          guint    *out_attempts,
                          GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  const JgAwsCallInfo *info;
  JgStsCallerIdentity *identity;

  jg_sts_get_caller_identity_async (fixture->client, fixture->target, NULL,
                                    on_result_cb, &result);
  wait_for (&result);

  info = jg_aws_call_info_get (result);
  g_assert_nonnull (info);
  g_assert_cmpuint (info->requests, ==, 1);
  if (out_attempts != NULL)
    *out_attempts = info->attempts;

  identity = jg_sts_get_caller_identity_finish (fixture->client, result,
                                                error);
  if (identity == NULL)
    g_assert_cmpuint (jg_aws_error_get_attempts (*error), ==, info->attempts);

  return identity;
}

static void
test_throttled_then_success (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GBytes) throttled = NULL;
  g_autoptr(JgStsCallerIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sample = NULL;
  char *contents = NULL;
  gsize length = 0;
  guint attempts = 0;

  /* IAM's throttling reply, as recorded in the shared samples. */
  sample = jg_test_shared_path ("testdata", "iam-xml", "error-throttling.xml",
                                NULL);
  g_assert_true (g_file_get_contents (sample, &contents, &length, NULL));
  throttled = g_bytes_new_take (contents, length);

  push_step (fixture, STEP_REPLY, 400, "text/xml", throttled, 0);
  push_step (fixture, STEP_REPLY, 400, "text/xml", throttled, 0);
  push_fixture (fixture, 200, "get-caller-identity.xml");

  identity = call_get_caller_identity (fixture, &attempts, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (identity->account, ==, "210987654321");
  g_assert_cmpuint (attempts, ==, 3);
  g_assert_cmpuint (fixture->seen->len, ==, 3);

  for (guint i = 0; i < 3; i++)
    {
      Seen *seen = seen_at (fixture, i);

      g_assert_cmpstr (seen->path, ==, "/");
      g_assert_cmpstr (seen->body, ==,
                       "Action=GetCallerIdentity&Version=2011-06-15");
      g_assert_cmpstr (seen->content_type, ==,
                       "application/x-www-form-urlencoded; charset=utf-8");
      g_assert_cmpstr (seen->security_token, ==, fixture->token);
      g_assert_true (g_str_has_prefix (seen->user_agent, "jumpgate/"));
      g_assert_nonnull (seen->authorization);
      /* The override changes the host, not the signing scope. */
      g_assert_nonnull (strstr (seen->authorization,
                                "/us-east-1/sts/aws4_request"));
      g_assert_nonnull (strstr (seen->authorization,
                                "Credential=ASIATESTEXAMPLE00001/"));
      g_assert_null (seen->amz_target);
    }

  /* Every attempt is signed afresh. */
  g_assert_cmpstr (seen_at (fixture, 0)->amz_date, !=,
                   seen_at (fixture, 1)->amz_date);
  g_assert_cmpstr (seen_at (fixture, 1)->amz_date, !=,
                   seen_at (fixture, 2)->amz_date);
  g_assert_cmpstr (seen_at (fixture, 0)->authorization, !=,
                   seen_at (fixture, 1)->authorization);
  g_assert_cmpstr (seen_at (fixture, 1)->authorization, !=,
                   seen_at (fixture, 2)->authorization);
}

static void
test_throttled_until_exhausted (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(JgStsCallerIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  const char *throttling =
    "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
    "<Message>Rate exceeded</Message></Error>"
    "<RequestId>body-id</RequestId></ErrorResponse>";

  for (guint i = 0; i < 3; i++)
    push_text (fixture, 400, "text/xml", throttling);

  identity = call_get_caller_identity (fixture, NULL, &error);
  g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_THROTTLED);
  g_assert_null (identity);
  g_assert_cmpuint (fixture->seen->len, ==, 3);
  g_assert_cmpuint (jg_aws_error_get_attempts (error), ==, 3);
  g_assert_cmpstr (jg_aws_error_get_aws_code (error), ==, "Throttling");
  g_assert_cmpuint (jg_aws_error_get_http_status (error), ==, 400);
  g_assert_true (g_str_has_prefix (jg_aws_error_get_request_id (error),
                                   "test-request-"));
  g_assert_true (g_str_has_prefix (error->message,
                                   "GetCallerIdentity failed: Throttling: "
                                   "Rate exceeded (HTTP 400, request id "));
}

static void
test_server_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(JgStsCallerIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) failure = read_fixture ("error-service-failure.xml");
  guint attempts = 0;

  /* 500 then success. */
  push_step (fixture, STEP_REPLY, 500, "text/xml", failure, 0);
  push_fixture (fixture, 200, "get-caller-identity.xml");
  identity = call_get_caller_identity (fixture, &attempts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);
  g_assert_cmpuint (attempts, ==, 2);

  /* 503 on every attempt. */
  g_ptr_array_set_size (fixture->seen, 0);
  for (guint i = 0; i < 3; i++)
    push_text (fixture, 503, "text/plain", "Service Unavailable");
  g_clear_pointer (&identity, jg_sts_caller_identity_unref);
  identity = call_get_caller_identity (fixture, &attempts, &error);
  g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_SERVICE_ERROR);
  g_assert_null (identity);
  g_assert_cmpuint (attempts, ==, 3);
  g_assert_cmpuint (fixture->seen->len, ==, 3);
  g_assert_cmpuint (jg_aws_error_get_http_status (error), ==, 503);
  g_assert_nonnull (strstr (error->message, "HTTP 503"));
}

static void
test_slow_reply (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(JgStsCallerIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = read_fixture ("get-caller-identity.xml");
  guint attempts = 0;

  jg_aws_client_set_deadline (fixture->client, 150);

  /* A reply later than the deadline counts as a timeout and is retried. */
  push_step (fixture, STEP_DELAY, 200, "text/xml", body, 1000);
  push_step (fixture, STEP_REPLY, 200, "text/xml", body, 0);
  identity = call_get_caller_identity (fixture, &attempts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);
  g_assert_cmpuint (attempts, ==, 2);

  /* No reply at all, three times. */
  g_ptr_array_set_size (fixture->seen, 0);
  for (guint i = 0; i < 3; i++)
    push_step (fixture, STEP_HOLD, 0, NULL, NULL, 0);
  g_clear_pointer (&identity, jg_sts_caller_identity_unref);
  identity = call_get_caller_identity (fixture, &attempts, &error);
  g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_TIMEOUT);
  g_assert_null (identity);
  g_assert_cmpuint (attempts, ==, 3);
  g_assert_cmpuint (fixture->seen->len, ==, 3);
  g_assert_cmpuint (jg_aws_error_get_http_status (error), ==, 0);
  g_assert_nonnull (strstr (error->message, "150 ms"));
}

static void
test_reset_connection (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(JgStsCallerIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  guint attempts = 0;

  push_step (fixture, STEP_RESET, 0, NULL, NULL, 0);
  push_fixture (fixture, 200, "get-caller-identity.xml");
  identity = call_get_caller_identity (fixture, &attempts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (identity);
  g_assert_cmpuint (attempts, ==, 2);

  for (guint i = 0; i < 3; i++)
    push_step (fixture, STEP_RESET, 0, NULL, NULL, 0);
  g_clear_pointer (&identity, jg_sts_caller_identity_unref);
  identity = call_get_caller_identity (fixture, &attempts, &error);
  g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_NETWORK);
  g_assert_null (identity);
  g_assert_cmpuint (attempts, ==, 3);
}

static void
test_malformed_replies (Fixture       *fixture,
                        gconstpointer  data)
{
  struct {
    guint status;
    const char *content_type;
    const char *body;
    JgAwsError code;
    guint attempts;
    const char *described;
  } cases[] = {
    { 200, "text/xml", "<GetCallerIdentityResponse><GetCallerIdentityResult>",
      JG_AWS_ERROR_MALFORMED_RESPONSE, 1, "cannot be parsed" },
    { 200, "text/xml", "", JG_AWS_ERROR_MALFORMED_RESPONSE, 1, "empty body" },
    { 502, "text/html", "<html><body><h1>Bad Gateway</h1></body></html>",
      JG_AWS_ERROR_SERVICE_ERROR, 3, "HTML page" },
    { 403, "text/html", "<html><body>Blocked by proxy</body></html>",
      JG_AWS_ERROR_MALFORMED_RESPONSE, 1, "HTML page" },
    { 500, "text/xml", "", JG_AWS_ERROR_SERVICE_ERROR, 3, "empty body" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JgStsCallerIdentity) identity = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *status = g_strdup_printf ("%u", cases[i].status);
      guint attempts = 0;

      g_ptr_array_set_size (fixture->seen, 0);
      for (guint j = 0; j < cases[i].attempts; j++)
        push_text (fixture, cases[i].status, cases[i].content_type,
                   cases[i].body);

      identity = call_get_caller_identity (fixture, &attempts, &error);
      g_assert_error (error, JG_AWS_ERROR, (int) cases[i].code);
      g_assert_null (identity);
      g_assert_cmpuint (attempts, ==, cases[i].attempts);
      g_assert_cmpuint (fixture->seen->len, ==, cases[i].attempts);
      g_assert_cmpuint (jg_aws_error_get_http_status (error), ==,
                        cases[i].status);
      g_assert_true (g_str_has_prefix (jg_aws_error_get_request_id (error),
                                       "test-request-"));
      g_assert_nonnull (strstr (error->message, cases[i].described));
      if (cases[i].status != 200)
        g_assert_nonnull (strstr (error->message, status));
    }
}

static void
test_client_errors_not_retried (Fixture       *fixture,
                                gconstpointer  data)
{
  struct {
    const char *fixture_name;
    guint status;
    JgAwsError code;
    const char *aws_code;
  } cases[] = {
    { "error-limit-exceeded.xml", 409, JG_AWS_ERROR_LIMIT_EXCEEDED,
      "LimitExceeded" },
    { "error-malformed-policy.xml", 400, JG_AWS_ERROR_MALFORMED_POLICY,
      "MalformedPolicyDocument" },
    { "error-access-denied-sts.xml", 403, JG_AWS_ERROR_ACCESS_DENIED,
      "AccessDenied" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *prefix = NULL;
      const JgAwsCallInfo *info;

      g_ptr_array_set_size (fixture->seen, 0);
      push_fixture (fixture, cases[i].status, cases[i].fixture_name);
      push_fixture (fixture, 200, "update-assume-role-policy.xml");

      jg_iam_update_assume_role_policy_async (fixture->client,
                                              fixture->target, "deploy",
                                              "{\"Version\":\"2012-10-17\"}",
                                              NULL, on_result_cb, &result);
      wait_for (&result);
      g_assert_false (jg_iam_update_assume_role_policy_finish (
        fixture->client, result, &error));
      g_assert_error (error, JG_AWS_ERROR, (int) cases[i].code);
      g_assert_cmpstr (jg_aws_error_get_aws_code (error), ==,
                       cases[i].aws_code);
      g_assert_cmpuint (jg_aws_error_get_http_status (error), ==,
                        cases[i].status);
      g_assert_cmpuint (jg_aws_error_get_attempts (error), ==, 1);
      g_assert_cmpuint (fixture->seen->len, ==, 1);

      prefix = g_strdup_printf ("UpdateAssumeRolePolicy failed: %s: ",
                                cases[i].aws_code);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      g_assert_nonnull (strstr (error->message, "request id test-request-"));

      info = jg_aws_call_info_get (result);
      g_assert_cmpuint (info->attempts, ==, 1);
      g_assert_cmpuint (info->http_status, ==, cases[i].status);
      g_assert_cmpstr (info->request_id, ==,
                       jg_aws_error_get_request_id (error));

      /* The unused success step is dropped for the next case. */
      g_queue_clear_full (&fixture->steps, (GDestroyNotify) step_free);
    }
}

typedef struct
{
  guint   pages;
  GPtrArray *markers;   /* the Marker or NextToken of each request */
} Pager;

static char *
form_value (const char *body,
            const char *name)
{
  g_autoptr(GHashTable) form = soup_form_decode (body);

  return g_strdup (g_hash_table_lookup (form, name));
}

static void
respond_list_roles (SoupServerMessage *message,
                    Seen              *seen,
                    gpointer           data)
{
  Pager *pager = data;
  g_autofree char *marker = form_value (seen->body, "Marker");
  g_autoptr(GString) xml = g_string_new (
    "<ListRolesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
    "<ListRolesResult><Roles>");
  g_autoptr(GBytes) body = NULL;
  guint page = pager->pages++;
  guint count = page == 1 ? 1 : 2;

  g_ptr_array_add (pager->markers, g_strdup (marker));

  for (guint i = 0; i < count; i++)
    g_string_append_printf (
      xml,
      "<member><Path>/</Path><RoleName>role-%u-%u</RoleName>"
      "<RoleId>AROAEXAMPLE%u%u</RoleId>"
      "<Arn>arn:aws:iam::123456789012:role/role-%u-%u</Arn>"
      "<CreateDate>2024-01-0%uT00:00:00Z</CreateDate>"
      "<AssumeRolePolicyDocument>%%7B%%22Sid%%22%%3A%%22p%u%%2B%u%%22%%7D"
      "</AssumeRolePolicyDocument></member>",
      page, i, page, i, page, i, page + 1, page, i);

  g_string_append (xml, "</Roles>");
  if (page == 0)
    g_string_append (xml, "<IsTruncated>true</IsTruncated>"
                     "<Marker>page+2/of=3</Marker>");
  else if (page == 1)
    g_string_append (xml, "<IsTruncated>true</IsTruncated>"
                     "<Marker>page 3&amp;last</Marker>");
  else
    g_string_append (xml, "<IsTruncated>false</IsTruncated>");
  g_string_append (xml, "</ListRolesResult><ResponseMetadata><RequestId>"
                   "list-roles</RequestId></ResponseMetadata>"
                   "</ListRolesResponse>");

  body = g_string_free_to_bytes (g_steal_pointer (&xml));
  set_reply (message, 200, "text/xml", body);
}

static void
test_list_roles_pages (Fixture       *fixture,
                       gconstpointer  data)
{
  Pager pager = { 0, g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GError) error = NULL;
  const JgAwsCallInfo *info;
  const char *expected_names[] = {
    "role-0-0", "role-0-1", "role-1-0", "role-2-0", "role-2-1",
  };
  JgIamRole *role;

  fixture->respond = respond_list_roles;
  fixture->respond_data = &pager;

  jg_iam_list_roles_async (fixture->client, fixture->target, NULL, NULL,
                           on_result_cb, &result);
  wait_for (&result);
  roles = jg_iam_list_roles_finish (fixture->client, result, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (pager.pages, ==, 3);
  g_assert_null (g_ptr_array_index (pager.markers, 0));
  g_assert_cmpstr (g_ptr_array_index (pager.markers, 1), ==, "page+2/of=3");
  g_assert_cmpstr (g_ptr_array_index (pager.markers, 2), ==, "page 3&last");
  g_assert_nonnull (strstr (seen_at (fixture, 1)->body,
                            "&Marker=page%2B2%2Fof%3D3"));
  g_assert_nonnull (strstr (seen_at (fixture, 0)->body, "MaxItems=1000"));

  g_assert_cmpuint (roles->len, ==, G_N_ELEMENTS (expected_names));
  for (guint i = 0; i < roles->len; i++)
    {
      role = g_ptr_array_index (roles, i);
      g_assert_cmpstr (role->role_name, ==, expected_names[i]);
    }
  role = g_ptr_array_index (roles, 2);
  g_assert_cmpstr (role->trust_policy, ==, "{\"Sid\":\"p1+0\"}");

  info = jg_aws_call_info_get (result);
  g_assert_cmpuint (info->requests, ==, 3);
  g_assert_cmpuint (info->attempts, ==, 3);
  g_assert_true (g_str_has_prefix (info->request_id, "test-request-"));
  g_assert_cmpuint (info->http_status, ==, 200);

  g_ptr_array_unref (pager.markers);
}

static void
respond_list_accounts (SoupServerMessage *message,
                       Seen              *seen,
                       gpointer           data)
{
  Pager *pager = data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  JsonObject *request;
  guint page = pager->pages++;
  char *text;
  gsize length;

  json_parser_load_from_data (parser, seen->body, -1, &error);
  g_assert_no_error (error);
  request = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (request, "MaxResults"), ==,
                   20);
  g_ptr_array_add (pager->markers,
                   json_object_has_member (request, "NextToken")
                   ? g_strdup (json_object_get_string_member (request,
                                                              "NextToken"))
                   : NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Accounts");
  json_builder_begin_array (builder);
  /* The middle page is empty but not the last, as the model allows. */
  for (guint i = 0; page != 1 && i < 2; i++)
    {
      g_autofree char *id = g_strdup_printf ("1000000000%u%u", page, i);
      g_autofree char *name = g_strdup_printf ("account-%u-%u", page, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "Id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "Name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "Email");
      json_builder_add_string_value (builder, "team@example.org");
      json_builder_set_member_name (builder, "Status");
      json_builder_add_string_value (builder, "ACTIVE");
      json_builder_set_member_name (builder, "JoinedTimestamp");
      json_builder_add_int_value (builder, 1600000000 + page);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "NextToken");
  if (page < 2)
    json_builder_add_string_value (builder, page == 0 ? "token/1+" : "t2");
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  body = g_bytes_new_take (text, length);
  set_reply (message, 200, "application/x-amz-json-1.1", body);
}

static void
test_list_accounts_pages (Fixture       *fixture,
                          gconstpointer  data)
{
  Pager pager = { 0, g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  JgOrgAccount *account;

  fixture->respond = respond_list_accounts;
  fixture->respond_data = &pager;

  jg_organizations_list_accounts_async (fixture->client, fixture->target,
                                        NULL, on_result_cb, &result);
  wait_for (&result);
  accounts = jg_organizations_list_accounts_finish (fixture->client, result,
                                                    &error);
  g_assert_no_error (error);

  g_assert_cmpuint (pager.pages, ==, 3);
  g_assert_null (g_ptr_array_index (pager.markers, 0));
  g_assert_cmpstr (g_ptr_array_index (pager.markers, 1), ==, "token/1+");
  g_assert_cmpstr (g_ptr_array_index (pager.markers, 2), ==, "t2");

  g_assert_cmpuint (accounts->len, ==, 4);
  account = g_ptr_array_index (accounts, 3);
  g_assert_cmpstr (account->id, ==, "100000000021");
  g_assert_cmpstr (account->name, ==, "account-2-1");
  g_assert_cmpint (g_date_time_to_unix (account->joined_timestamp), ==,
                   1600000002);

  for (guint i = 0; i < 3; i++)
    {
      Seen *seen = seen_at (fixture, i);

      g_assert_cmpstr (seen->amz_target, ==,
                       "AWSOrganizationsV20161128.ListAccounts");
      g_assert_cmpstr (seen->content_type, ==, "application/x-amz-json-1.1");
      g_assert_nonnull (strstr (seen->authorization,
                                "/us-east-1/organizations/aws4_request"));
      g_assert_nonnull (strstr (seen->authorization, "x-amz-target"));
    }

  g_assert_cmpuint (jg_aws_call_info_get (result)->requests, ==, 3);
  g_ptr_array_unref (pager.markers);
}

static void
run_concurrent_calls (Fixture     *fixture,
                      guint        count,
                      gboolean     same_account)
{
  g_autoptr(GBytes) body = read_fixture ("get-caller-identity.xml");
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < count; i++)
    push_step (fixture, STEP_DELAY, 200, "text/xml", body, 40);

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(JgAwsTarget) target = jg_aws_target_copy (fixture->target);
      GAsyncResult **slot = g_new0 (GAsyncResult *, 1);

      if (!same_account)
        {
          g_free (target->account_id);
          target->account_id = g_strdup_printf ("1000000000%02u", i);
        }

      g_ptr_array_add (results, slot);
      jg_sts_get_caller_identity_async (fixture->client, target, NULL,
                                        on_result_cb, slot);
    }

  g_assert_cmpuint (jg_aws_client_get_queued (fixture->client)
                    + jg_aws_client_get_in_flight (fixture->client), ==,
                    count);

  for (guint i = 0; i < count; i++)
    {
      GAsyncResult **slot = g_ptr_array_index (results, i);
      g_autoptr(JgStsCallerIdentity) identity = NULL;
      g_autoptr(GError) error = NULL;

      wait_for (slot);
      identity = jg_sts_get_caller_identity_finish (fixture->client, *slot,
                                                    &error);
      g_assert_no_error (error);
      g_assert_nonnull (identity);
      g_clear_object (slot);
    }

  g_assert_cmpuint (jg_aws_client_get_in_flight (fixture->client), ==, 0);
  g_assert_cmpuint (jg_aws_client_get_queued (fixture->client), ==, 0);
}

static void
test_concurrency_bounds (Fixture       *fixture,
                         gconstpointer  data)
{
  /* Default bounds: 2 per account. */
  run_concurrent_calls (fixture, 7, TRUE);
  g_assert_cmpuint (fixture->seen->len, ==, 7);
  g_assert_cmpuint (fixture->max_in_flight, ==, 2);

  /* The global bound across accounts. */
  fixture->max_in_flight = 0;
  jg_aws_client_set_max_in_flight (fixture->client, 3, 2);
  run_concurrent_calls (fixture, 9, FALSE);
  g_assert_cmpuint (fixture->max_in_flight, ==, 3);

  /* One at a time. */
  fixture->max_in_flight = 0;
  jg_aws_client_set_max_in_flight (fixture->client, 1, 1);
  run_concurrent_calls (fixture, 4, FALSE);
  g_assert_cmpuint (fixture->max_in_flight, ==, 1);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GCancellable) running = g_cancellable_new ();
  g_autoptr(GCancellable) queued = g_cancellable_new ();
  g_autoptr(GAsyncResult) running_result = NULL;
  g_autoptr(GAsyncResult) queued_result = NULL;
  g_autoptr(GError) error = NULL;
  gpointer identity;

  jg_aws_client_set_max_in_flight (fixture->client, 1, 1);
  push_step (fixture, STEP_HOLD, 0, NULL, NULL, 0);

  jg_sts_get_caller_identity_async (fixture->client, fixture->target,
                                    running, on_result_cb, &running_result);
  jg_sts_get_caller_identity_async (fixture->client, fixture->target,
                                    queued, on_result_cb, &queued_result);
  while (fixture->seen->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (jg_aws_client_get_queued (fixture->client), ==, 1);

  g_cancellable_cancel (queued);
  wait_for (&queued_result);
  identity = jg_sts_get_caller_identity_finish (fixture->client,
                                                queued_result, &error);
  g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_CANCELLED);
  g_assert_null (identity);
  g_assert_cmpuint (jg_aws_client_get_queued (fixture->client), ==, 0);
  g_clear_error (&error);

  g_cancellable_cancel (running);
  wait_for (&running_result);
  identity = jg_sts_get_caller_identity_finish (fixture->client,
                                                running_result, &error);
  g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_CANCELLED);
  g_assert_null (identity);

  while (jg_aws_client_get_in_flight (fixture->client) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fixture->seen->len, ==, 1);
}

static void
test_iam_calls (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JgIamUser) user = NULL;
  g_autoptr(JgIamUserPolicy) policy = NULL;
  g_autoptr(JgIamRole) role = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) aliases = NULL;
  g_autoptr(JgIamAccountSummary) summary = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autofree char *role_path = jg_test_shared_path ("testdata", "iam-xml",
                                                    "get-role.xml", NULL);
  const char *document = "{\"Statement\": [{\"Resource\": \"a+b é\"}]}";
  char *contents = NULL;
  gsize length = 0;

  push_fixture (fixture, 200, "get-user.xml");
  jg_iam_get_user_async (fixture->client, fixture->target, NULL, NULL,
                         on_result_cb, &result);
  user = jg_iam_get_user_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->user_name, ==, "ada.lovelace");
  g_assert_cmpstr (seen_at (fixture, 0)->body, ==,
                   "Action=GetUser&Version=2010-05-08");
  g_assert_nonnull (strstr (seen_at (fixture, 0)->authorization,
                            "/us-east-1/iam/aws4_request"));
  g_clear_object (&result);

  push_fixture (fixture, 200, "list-users.xml");
  jg_iam_list_users_async (fixture->client, fixture->target, "/people/",
                           NULL, on_result_cb, &result);
  users = jg_iam_list_users_finish (fixture->client, wait_for (&result),
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 2);
  g_assert_cmpstr (seen_at (fixture, 1)->body, ==,
                   "Action=ListUsers&Version=2010-05-08"
                   "&PathPrefix=%2Fpeople%2F&MaxItems=1000");
  g_clear_object (&result);

  push_fixture (fixture, 200, "get-user-policy.xml");
  jg_iam_get_user_policy_async (fixture->client, fixture->target,
                                "ada.lovelace", "jumpgate-assume-roles", NULL,
                                on_result_cb, &result);
  policy = jg_iam_get_user_policy_finish (fixture->client, wait_for (&result),
                                          &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (policy->policy_document, "role/deploy+read"));
  g_clear_object (&result);

  push_fixture (fixture, 200, "put-user-policy.xml");
  jg_iam_put_user_policy_async (fixture->client, fixture->target,
                                "ada.lovelace", "jumpgate-assume-roles",
                                document, NULL, on_result_cb, &result);
  g_assert_true (jg_iam_put_user_policy_finish (fixture->client,
                                                wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (seen_at (fixture, 3)->body, ==,
                   "Action=PutUserPolicy&Version=2010-05-08"
                   "&UserName=ada.lovelace&PolicyName=jumpgate-assume-roles"
                   "&PolicyDocument=%7B%22Statement%22%3A+%5B%7B%22Resource"
                   "%22%3A+%22a%2Bb+%C3%A9%22%7D%5D%7D");
  g_assert_true (g_str_has_prefix (jg_aws_call_info_get (result)->request_id,
                                   "test-request-"));
  g_clear_object (&result);

  push_fixture (fixture, 200, "delete-user-policy.xml");
  jg_iam_delete_user_policy_async (fixture->client, fixture->target,
                                   "ada.lovelace", "old", NULL, on_result_cb,
                                   &result);
  g_assert_true (jg_iam_delete_user_policy_finish (fixture->client,
                                                   wait_for (&result),
                                                   &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  push_fixture (fixture, 200, "list-user-policies.xml");
  jg_iam_list_user_policies_async (fixture->client, fixture->target,
                                   "ada.lovelace", NULL, on_result_cb,
                                   &result);
  names = jg_iam_list_user_policies_finish (fixture->client,
                                            wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_clear_object (&result);

  g_assert_true (g_file_get_contents (role_path, &contents, &length, NULL));
  {
    g_autoptr(GBytes) body = g_bytes_new_take (contents, length);

    push_step (fixture, STEP_REPLY, 200, "text/xml", body, 0);
  }
  jg_iam_get_role_async (fixture->client, fixture->target, "deploy-pipeline",
                         NULL, on_result_cb, &result);
  role = jg_iam_get_role_finish (fixture->client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (role->trust_policy, "\"Ops-7f3c+x=1\""));
  g_clear_object (&result);

  push_fixture (fixture, 200, "list-account-aliases.xml");
  jg_iam_list_account_aliases_async (fixture->client, fixture->target, NULL,
                                     on_result_cb, &result);
  aliases = jg_iam_list_account_aliases_finish (fixture->client,
                                                wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (aliases[0], ==, "example-jump");
  g_assert_null (aliases[1]);
  g_clear_object (&result);

  push_fixture (fixture, 200, "get-account-summary.xml");
  jg_iam_get_account_summary_async (fixture->client, fixture->target, NULL,
                                    on_result_cb, &result);
  summary = jg_iam_get_account_summary_finish (fixture->client,
                                               wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (jg_iam_account_summary_lookup (summary, "RolesQuota", NULL));
  g_clear_object (&result);
}

/* Serves an STS credentials fixture with freshly generated secrets. */
static void
push_credentials (Fixture    *fixture,
                  const char *name,
                  const char *secret,
                  const char *token)
{
  g_autoptr(GBytes) template = read_fixture (name);
  g_autoptr(GString) text = NULL;

  text = g_string_new_len (g_bytes_get_data (template, NULL),
                           g_bytes_get_size (template));
  g_string_replace (text, "@ACCESS_KEY_ID@", "ASIAEXAMPLERETURNED1", 0);
  g_string_replace (text, "@SECRET_ACCESS_KEY@", secret, 0);
  g_string_replace (text, "@SESSION_TOKEN@", token, 0);
  push_text (fixture, 200, "text/xml", text->str);
}

/* The log writer stays installed for the life of the process (GLib
 * allows one call), so it records only while a test asks for it. */
static GPtrArray *captured_lines;

static GLogWriterOutput
capture_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  g_autoptr(GString) line = NULL;

  if (captured_lines == NULL)
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  line = g_string_new (NULL);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        g_string_append_printf (line, "%s=%s ", fields[i].key,
                                (const char *) fields[i].value);
      else
        {
          g_string_append_printf (line, "%s=", fields[i].key);
          g_string_append_len (line, fields[i].value, fields[i].length);
          g_string_append_c (line, ' ');
        }
    }

  g_ptr_array_add (captured_lines, g_string_free (g_steal_pointer (&line),
                                                  FALSE));

  return G_LOG_WRITER_HANDLED;
}

static void
test_no_secret_in_logs (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *new_secret = random_text ("newsecret", 30);
  g_autofree char *new_token = random_text ("newtoken", 200);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GAsyncResult) assume_result = NULL;
  g_autoptr(GAsyncResult) session_result = NULL;
  g_autoptr(GAsyncResult) denied_result = NULL;
  g_autoptr(JgStsCredentials) assumed = NULL;
  g_autoptr(JgStsCredentials) session = NULL;
  g_autoptr(JgStsCredentials) denied = NULL;
  g_autoptr(GError) error = NULL;
  gboolean saw_retry = FALSE;

  /* Every debug message is enabled and captured, none printed. */
  g_log_set_debug_enabled (TRUE);
  captured_lines = lines;

  push_text (fixture, 400, "text/xml",
             "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate "
             "exceeded</Message></Error></ErrorResponse>");
  push_step (fixture, STEP_RESET, 0, NULL, NULL, 0);
  push_credentials (fixture, "assume-role.xml", new_secret, new_token);
  jg_sts_assume_role_async (fixture->client, fixture->target,
                            "arn:aws:iam::123456789012:role/Admin",
                            "jumpgate-test", 3600,
                            "arn:aws:iam::210987654321:mfa/ada", "123456",
                            NULL, on_result_cb, &assume_result);
  assumed = jg_sts_assume_role_finish (fixture->client,
                                       wait_for (&assume_result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (assumed->credentials->secret_access_key, ==, new_secret);
  g_assert_cmpstr (assumed->credentials->session_token, ==, new_token);
  g_assert_cmpuint (jg_aws_call_info_get (assume_result)->attempts, ==, 3);
  g_assert_nonnull (strstr (seen_at (fixture, 2)->body,
                            "&DurationSeconds=3600&SerialNumber="
                            "arn%3Aaws%3Aiam%3A%3A210987654321%3Amfa%2Fada"
                            "&TokenCode=123456"));

  push_credentials (fixture, "get-session-token.xml", new_secret, new_token);
  jg_sts_get_session_token_async (fixture->client, fixture->target, 900,
                                  NULL, NULL, NULL, on_result_cb,
                                  &session_result);
  session = jg_sts_get_session_token_finish (fixture->client,
                                             wait_for (&session_result),
                                             &error);
  g_assert_no_error (error);
  g_assert_cmpstr (session->credentials->session_token, ==, new_token);
  g_assert_cmpstr (seen_at (fixture, 3)->body, ==,
                   "Action=GetSessionToken&Version=2011-06-15"
                   "&DurationSeconds=900");

  push_fixture (fixture, 403, "error-access-denied-sts.xml");
  jg_sts_assume_role_async (fixture->client, fixture->target,
                            "arn:aws:iam::123456789012:role/Admin",
                            "jumpgate-test", 0, NULL, NULL, NULL,
                            on_result_cb, &denied_result);
  denied = jg_sts_assume_role_finish (fixture->client,
                                      wait_for (&denied_result), &error);
  g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_ACCESS_DENIED);
  g_assert_null (denied);

  captured_lines = NULL;
  g_log_set_debug_enabled (FALSE);

  g_assert_cmpuint (lines->len, >, 3);
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      g_assert_null (strstr (line, fixture->secret));
      g_assert_null (strstr (line, fixture->token));
      g_assert_null (strstr (line, new_secret));
      g_assert_null (strstr (line, new_token));
      if (strstr (line, "retrying in") != NULL)
        saw_retry = TRUE;
    }
  g_assert_true (saw_retry);
}

static void
test_endpoints (void)
{
  struct {
    JgAwsService service;
    JgPartition partition;
    const char *region;
    const char *url;
    const char *signing_region;
  } cases[] = {
    { JG_AWS_SERVICE_IAM, JG_PARTITION_AWS, NULL,
      "https://iam.amazonaws.com/", "us-east-1" },
    { JG_AWS_SERVICE_IAM, JG_PARTITION_AWS, "eu-west-1",
      "https://iam.amazonaws.com/", "us-east-1" },
    { JG_AWS_SERVICE_IAM, JG_PARTITION_AWS_US_GOV, "us-gov-east-1",
      "https://iam.us-gov.amazonaws.com/", "us-gov-west-1" },
    { JG_AWS_SERVICE_IAM, JG_PARTITION_AWS_CN, "cn-northwest-1",
      "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1" },
    { JG_AWS_SERVICE_STS, JG_PARTITION_AWS, NULL,
      "https://sts.us-east-1.amazonaws.com/", "us-east-1" },
    { JG_AWS_SERVICE_STS, JG_PARTITION_AWS, "eu-central-1",
      "https://sts.eu-central-1.amazonaws.com/", "eu-central-1" },
    { JG_AWS_SERVICE_STS, JG_PARTITION_AWS_US_GOV, "us-gov-east-1",
      "https://sts.us-gov-east-1.amazonaws.com/", "us-gov-east-1" },
    { JG_AWS_SERVICE_STS, JG_PARTITION_AWS_CN, "cn-northwest-1",
      "https://sts.cn-northwest-1.amazonaws.com.cn/", "cn-northwest-1" },
    { JG_AWS_SERVICE_ORGANIZATIONS, JG_PARTITION_AWS, "ap-south-1",
      "https://organizations.us-east-1.amazonaws.com/", "us-east-1" },
    { JG_AWS_SERVICE_ORGANIZATIONS, JG_PARTITION_AWS_US_GOV, NULL,
      "https://organizations.us-gov-west-1.amazonaws.com/", "us-gov-west-1" },
    { JG_AWS_SERVICE_ORGANIZATIONS, JG_PARTITION_AWS_CN, "cn-north-1",
      "https://organizations.cn-northwest-1.amazonaws.com.cn/",
      "cn-northwest-1" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JgAwsEndpoint) endpoint = NULL;
      g_autoptr(JgAwsEndpoint) overridden = NULL;
      g_autoptr(GError) error = NULL;

      endpoint = jg_aws_endpoint_resolve (cases[i].service,
                                          cases[i].partition,
                                          cases[i].region, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (endpoint->url, ==, cases[i].url);
      g_assert_cmpstr (endpoint->signing_region, ==, cases[i].signing_region);
      g_assert_cmpstr (endpoint->signing_service, ==,
                       jg_aws_service_to_string (cases[i].service));

      overridden = jg_aws_endpoint_resolve (cases[i].service,
                                            cases[i].partition,
                                            cases[i].region,
                                            "http://127.0.0.1:8123", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (overridden->url, ==, "http://127.0.0.1:8123/");
      g_assert_cmpstr (overridden->host, ==, "127.0.0.1");
      g_assert_cmpstr (overridden->signing_region, ==,
                       cases[i].signing_region);
      g_assert_cmpstr (overridden->signing_service, ==,
                       endpoint->signing_service);
    }
}

static void
test_endpoint_rules (void)
{
  const char *accepted[] = {
    "http://127.0.0.1:5000/", "http://127.10.20.30", "http://[::1]:9000/",
    "http://localhost:1234", "https://iam.example.org/",
    "HTTPS://10.1.2.3:8443",
  };
  const char *rejected[] = {
    "http://example.org/", "http://10.0.0.1:80", "http://192.168.1.5",
    "http://169.254.169.254/", "http://[::2]/", "ftp://127.0.0.1/",
    "https://", "not a url", "https://iam.example.org/prefix",
    "https://user@iam.example.org/", "https://iam.example.org/?a=b",
  };
  g_autoptr(JgAwsEndpoint) wrong_region = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JgAwsClient) client = jg_aws_client_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_assert_true (jg_aws_endpoint_check_url (accepted[i], &error));
      g_assert_no_error (error);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (rejected); i++)
    {
      g_assert_false (jg_aws_endpoint_check_url (rejected[i], &error));
      g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_INVALID_ENDPOINT);
      g_assert_nonnull (strstr (error->message, rejected[i]));
      g_clear_error (&error);
    }

  g_assert_false (jg_aws_endpoint_check_url ("http://iam.example.org/",
                                             &error));
  g_assert_nonnull (strstr (error->message, "https://"));
  g_clear_error (&error);

  g_assert_false (jg_aws_client_set_endpoint_url (client,
                                                  "http://10.0.0.1/",
                                                  &error));
  g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_INVALID_ENDPOINT);
  g_assert_null (jg_aws_client_get_endpoint_url (client));
  g_clear_error (&error);

  g_assert_true (jg_aws_host_is_loopback ("127.0.0.1"));
  g_assert_true (jg_aws_host_is_loopback ("::1"));
  g_assert_true (jg_aws_host_is_loopback ("LOCALHOST"));
  g_assert_false (jg_aws_host_is_loopback ("128.0.0.1"));
  g_assert_false (jg_aws_host_is_loopback ("localhost.example.org"));

  /* A region of another partition is rejected before any request. */
  wrong_region = jg_aws_endpoint_resolve (JG_AWS_SERVICE_STS,
                                          JG_PARTITION_AWS_CN, "eu-west-1",
                                          NULL, &error);
  g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_INVALID_REQUEST);
  g_assert_null (wrong_region);
}

#define ADD_CLIENT_TEST(name, func) \
  g_test_add ("/jumpgate/aws-client/" name, Fixture, NULL, fixture_set_up, \
              func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  /* The isolated test folders hide the GSettings schemas that the
   * desktop's proxy resolver reads; the loopback server needs no proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  jg_test_init (&argc, &argv);
  g_log_set_writer_func (capture_log_writer, NULL, NULL);

  ADD_CLIENT_TEST ("throttled-then-success", test_throttled_then_success);
  ADD_CLIENT_TEST ("throttled-until-exhausted",
                   test_throttled_until_exhausted);
  ADD_CLIENT_TEST ("server-errors", test_server_errors);
  ADD_CLIENT_TEST ("slow-reply", test_slow_reply);
  ADD_CLIENT_TEST ("reset-connection", test_reset_connection);
  ADD_CLIENT_TEST ("malformed-replies", test_malformed_replies);
  ADD_CLIENT_TEST ("client-errors-not-retried",
                   test_client_errors_not_retried);
  ADD_CLIENT_TEST ("list-roles-pages", test_list_roles_pages);
  ADD_CLIENT_TEST ("list-accounts-pages", test_list_accounts_pages);
  ADD_CLIENT_TEST ("concurrency-bounds", test_concurrency_bounds);
  ADD_CLIENT_TEST ("cancel", test_cancel);
  ADD_CLIENT_TEST ("iam-calls", test_iam_calls);
  ADD_CLIENT_TEST ("no-secret-in-logs", test_no_secret_in_logs);
  g_test_add_func ("/jumpgate/aws-client/endpoints", test_endpoints);
  g_test_add_func ("/jumpgate/aws-client/endpoint-rules",
                   test_endpoint_rules);

  return g_test_run ();
}
