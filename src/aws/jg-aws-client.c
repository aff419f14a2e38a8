/* jg-aws-client.c: the asynchronous AWS client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "jg-aws-client.h"
#include "jg-aws-error.h"
#include "jg-aws-json.h"
#include "jg-aws-xml.h"

/* The I/O timeout of the session, in seconds: a backstop behind the
 * per-request deadline, which is usually shorter. */
#define SESSION_TIMEOUT_S 120
#define SESSION_IDLE_TIMEOUT_S 60

/* A clock difference from AWS's Date header worth reporting, in seconds.
 * AWS rejects signatures more than 15 minutes off. */
#define CLOCK_SKEW_REPORT_S 60

struct _JgAwsClient
{
  GObject           parent_instance;

  SoupSession      *session;
  JgSigv4Signer    *signer;

  char             *endpoint_url;
  JgAwsRetryPolicy  retry_policy;
  guint             deadline_ms;
  guint             max_in_flight;
  guint             max_in_flight_per_account;

  JgAwsTimeFunc     time_func;
  gpointer          time_data;
  GDestroyNotify    time_destroy;

  /* Requests waiting for a slot, as GTask references, oldest first. */
  GQueue            pending;
  guint             in_flight;
  GHashTable       *in_flight_per_account;   /* key → GUINT_TO_POINTER */
  gboolean          dispatching;
};

G_DEFINE_FINAL_TYPE (JgAwsClient, jg_aws_client, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (JgAwsTarget, jg_aws_target,
                     jg_aws_target_copy, jg_aws_target_free)

typedef enum
{
  SEND_QUEUED,
  SEND_RUNNING,
  SEND_BACKOFF,
  SEND_DONE,
} SendState;

/* The state of one jg_aws_client_send_async() call, owned by its task. */
typedef struct
{
  JgAwsClient    *client;
  GTask          *task;                 /* borrowed: the task owns this */
  JgAwsRequest   *request;
  JgAwsTarget    *target;
  JgAwsEndpoint  *endpoint;
  GUri           *uri;
  GBytes         *body;
  char           *amz_target;           /* X-Amz-Target, JSON only */
  char           *account_key;
  SendState       state;
  guint           attempt;
  gint64          start_us;
  SoupMessage    *message;
  GCancellable   *attempt_cancellable;
  gboolean        deadline_expired;
  GSource        *deadline_source;
  GSource        *backoff_source;
  GSource        *cancel_source;
} Send;

static void start_attempt     (GTask *task);
static void maybe_start_next  (JgAwsClient *self);

JgAwsTarget *
jg_aws_target_new (const JgAwsCredentials *credentials,
                   JgPartition             partition,
                   const char             *region,
                   const char             *account_id)
{
  JgAwsTarget *target;

  g_return_val_if_fail (credentials != NULL, NULL);
  g_return_val_if_fail (partition < JG_N_PARTITIONS, NULL);

  target = g_new0 (JgAwsTarget, 1);
  target->credentials = jg_aws_credentials_copy (credentials);
  target->partition = partition;
  target->region = g_strdup (region);
  target->account_id = g_strdup (account_id);

  return target;
}

JgAwsTarget *
jg_aws_target_copy (const JgAwsTarget *target)
{
  g_return_val_if_fail (target != NULL, NULL);

  return jg_aws_target_new (target->credentials, target->partition,
                            target->region, target->account_id);
}

void
jg_aws_target_free (JgAwsTarget *target)
{
  if (target == NULL)
    return;

  g_clear_pointer (&target->credentials, jg_aws_credentials_free);
  g_free (target->region);
  g_free (target->account_id);
  g_free (target);
}

void
jg_aws_response_free (JgAwsResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response->request_id);
  g_free (response);
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;

  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
send_free (Send *send)
{
  clear_source (&send->deadline_source);
  clear_source (&send->backoff_source);
  clear_source (&send->cancel_source);
  g_clear_object (&send->attempt_cancellable);
  g_clear_object (&send->message);
  g_clear_pointer (&send->request, jg_aws_request_unref);
  g_clear_pointer (&send->target, jg_aws_target_free);
  g_clear_pointer (&send->endpoint, jg_aws_endpoint_free);
  g_clear_pointer (&send->uri, g_uri_unref);
  g_clear_pointer (&send->body, g_bytes_unref);
  g_free (send->amz_target);
  g_free (send->account_key);
  g_clear_object (&send->client);
  g_free (send);
}

static GDateTime *
client_now (JgAwsClient *self)
{
  if (self->time_func != NULL)
    return self->time_func (self->time_data);

  return g_date_time_new_now_utc ();
}

static guint
account_in_flight (JgAwsClient *self,
                   const char  *key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->in_flight_per_account,
                                                key));
}

static void
acquire_slot (JgAwsClient *self,
              const char  *key)
{
  self->in_flight++;
  g_hash_table_replace (self->in_flight_per_account, g_strdup (key),
                        GUINT_TO_POINTER (account_in_flight (self, key) + 1));
}

static void
release_slot (JgAwsClient *self,
              const char  *key)
{
  guint count = account_in_flight (self, key);

  g_assert (self->in_flight > 0);
  g_assert (count > 0);

  self->in_flight--;
  if (count == 1)
    g_hash_table_remove (self->in_flight_per_account, key);
  else
    g_hash_table_replace (self->in_flight_per_account, g_strdup (key),
                          GUINT_TO_POINTER (count - 1));
}

/* Completes a send with @response or @error (both transfer full) and
 * drops every source and queue entry that still refers to it. */
static void
finish_send (GTask         *task,
             JgAwsResponse *response,
             GError        *error)
{
  Send *send = g_task_get_task_data (task);
  g_autoptr(GTask) queued_ref = NULL;

  g_assert (send->state != SEND_DONE);
  g_assert ((response == NULL) != (error == NULL));

  if (send->state == SEND_QUEUED && g_queue_remove (&send->client->pending,
                                                    task))
    queued_ref = task;

  send->state = SEND_DONE;
  clear_source (&send->deadline_source);
  clear_source (&send->backoff_source);
  clear_source (&send->cancel_source);

  if (error != NULL)
    {
      jg_aws_error_set_attempts (error, send->attempt,
                                 g_get_monotonic_time () - send->start_us);
      g_task_return_error (task, error);
    }
  else
    {
      response->attempts = send->attempt;
      response->duration_us = g_get_monotonic_time () - send->start_us;
      g_task_return_pointer (task, response,
                             (GDestroyNotify) jg_aws_response_free);
    }
}

static gboolean
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  Send *send = user_data;
  g_autoptr(GTask) task = g_object_ref (send->task);

  if (send->state == SEND_DONE)
    return G_SOURCE_REMOVE;

  g_debug ("%s: cancelled after %u attempts",
           jg_aws_request_get_operation (send->request), send->attempt);

  /* The slot of a running attempt is released when soup reports the
   * cancelled message. */
  if (send->state == SEND_RUNNING)
    g_cancellable_cancel (send->attempt_cancellable);

  finish_send (task, NULL,
               g_error_new (JG_AWS_ERROR, JG_AWS_ERROR_CANCELLED,
                            _("%s was cancelled"),
                            jg_aws_request_get_operation (send->request)));

  return G_SOURCE_REMOVE;
}

static gboolean
on_deadline_cb (gpointer user_data)
{
  Send *send = user_data;

  send->deadline_expired = TRUE;
  g_clear_pointer (&send->deadline_source, g_source_unref);
  g_cancellable_cancel (send->attempt_cancellable);

  return G_SOURCE_REMOVE;
}

static gboolean
on_backoff_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  Send *send = g_task_get_task_data (task);

  g_clear_pointer (&send->backoff_source, g_source_unref);
  send->state = SEND_QUEUED;
  g_queue_push_tail (&send->client->pending, g_object_ref (task));
  maybe_start_next (send->client);

  return G_SOURCE_REMOVE;
}

static const char *
get_header_request_id (SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *value;

  value = soup_message_headers_get_one (headers, "x-amzn-RequestId");
  if (value == NULL)
    value = soup_message_headers_get_one (headers, "x-amz-request-id");

  return value;
}

/* Turns a failure to get any reply into a TIMEOUT, TLS or NETWORK error. */
static GError *
error_from_transport (Send         *send,
                      const GError *error)
{
  const char *operation = jg_aws_request_get_operation (send->request);
  GError *result;

  if (send->deadline_expired
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    result = g_error_new (JG_AWS_ERROR, JG_AWS_ERROR_TIMEOUT,
                          _("%s timed out: %s sent no complete reply within "
                            "%u ms"),
                          operation, send->endpoint->host,
                          send->client->deadline_ms);
  else if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE)
           || g_error_matches (error, G_TLS_ERROR,
                               G_TLS_ERROR_CERTIFICATE_REQUIRED))
    result = g_error_new (JG_AWS_ERROR, JG_AWS_ERROR_TLS,
                          _("%s failed: the TLS certificate of %s was "
                            "rejected (%s). Check the endpoint URL, the "
                            "system's CA certificates and any proxy."),
                          operation, send->endpoint->host, error->message);
  else
    result = g_error_new (JG_AWS_ERROR, JG_AWS_ERROR_NETWORK,
                          _("%s failed: no reply from %s (%s). Check the "
                            "network connection."),
                          operation, send->endpoint->host, error->message);

  return result;
}

/* Appends the difference between the local clock and AWS's Date header
 * to errors that a wrong clock causes. */
static void
add_clock_skew_hint (Send        *send,
                     SoupMessage *message,
                     GError      *error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  g_autoptr(GDateTime) server_time = NULL;
  g_autoptr(GDateTime) local_time = NULL;
  const char *date;
  gint64 skew;
  char *text;

  if (!g_error_matches (error, JG_AWS_ERROR, JG_AWS_ERROR_REQUEST_EXPIRED)
      && !g_error_matches (error, JG_AWS_ERROR,
                           JG_AWS_ERROR_SIGNATURE_MISMATCH))
    return;

  date = soup_message_headers_get_one (headers, "Date");
  server_time = date != NULL ? soup_date_time_new_from_http_string (date)
                             : NULL;
  if (server_time == NULL)
    return;

  local_time = client_now (send->client);
  skew = g_date_time_difference (local_time, server_time) / G_USEC_PER_SEC;
  if (ABS (skew) < CLOCK_SKEW_REPORT_S)
    return;

  text = g_strdup_printf (_("%s This computer's clock is %" PRId64
                            " seconds %s AWS's."),
                          error->message, ABS (skew),
                          skew > 0 ? _("ahead of") : _("behind"));
  g_free (error->message);
  error->message = text;
}

static GError *
error_from_reply (Send        *send,
                  SoupMessage *message,
                  GBytes      *body)
{
  const char *operation = jg_aws_request_get_operation (send->request);
  guint status = soup_message_get_status (message);
  const char *request_id = get_header_request_id (message);
  GError *error;

  if (jg_aws_request_get_protocol (send->request) == JG_AWS_PROTOCOL_JSON)
    error = jg_aws_json_error_from_reply (operation, status, body,
                                          request_id);
  else
    error = jg_aws_xml_error_from_reply (operation, status, body,
                                         request_id);

  add_clock_skew_hint (send, message, error);

  return error;
}

static void
on_send_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Send *send = g_task_get_task_data (task);
  JgAwsClient *self = send->client;
  const char *operation = jg_aws_request_get_operation (send->request);
  g_autoptr(SoupMessage) message = g_steal_pointer (&send->message);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) transport_error = NULL;
  GError *error;
  guint status = 0;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                            &transport_error);

  clear_source (&send->deadline_source);
  g_clear_object (&send->attempt_cancellable);
  release_slot (self, send->account_key);

  if (send->state == SEND_DONE)
    {
      maybe_start_next (self);
      return;
    }

  if (body == NULL)
    {
      error = error_from_transport (send, transport_error);
    }
  else
    {
      status = soup_message_get_status (message);
      if (SOUP_STATUS_IS_SUCCESSFUL (status))
        {
          JgAwsResponse *response = g_new0 (JgAwsResponse, 1);

          response->http_status = status;
          response->body = g_steal_pointer (&body);
          response->request_id = g_strdup (get_header_request_id (message));

          g_debug ("%s: HTTP %u after %u attempts, request id %s",
                   operation, status, send->attempt,
                   response->request_id != NULL ? response->request_id
                                                : "(none)");
          finish_send (task, response, NULL);
          maybe_start_next (self);
          return;
        }

      error = error_from_reply (send, message, body);
    }

  if (jg_aws_retry_is_retryable (error)
      && send->attempt < self->retry_policy.max_attempts)
    {
      const char *request_id = jg_aws_error_get_request_id (error);
      guint delay_ms = jg_aws_retry_policy_get_delay (&self->retry_policy,
                                                      send->attempt,
                                                      g_random_double ());

      g_debug ("%s: attempt %u of %u failed: %s (%s, HTTP %u, "
               "request id %s); retrying in %u ms",
               operation, send->attempt, self->retry_policy.max_attempts,
               jg_aws_retry_describe (error),
               jg_aws_error_get_aws_code (error) != NULL
                 ? jg_aws_error_get_aws_code (error) : "no AWS code",
               status, request_id != NULL ? request_id : "(none)",
               delay_ms);
      g_error_free (error);

      send->state = SEND_BACKOFF;
      send->backoff_source = g_timeout_source_new (delay_ms);
      g_source_set_callback (send->backoff_source, on_backoff_done_cb,
                             g_object_ref (task), g_object_unref);
      g_source_set_static_name (send->backoff_source, "[jumpgate] backoff");
      g_source_attach (send->backoff_source, g_task_get_context (task));
    }
  else
    {
      const char *request_id = jg_aws_error_get_request_id (error);

      g_debug ("%s: attempt %u of %u failed: %s (%s, HTTP %u, "
               "request id %s); not retrying",
               operation, send->attempt, self->retry_policy.max_attempts,
               jg_aws_retry_describe (error),
               jg_aws_error_get_aws_code (error) != NULL
                 ? jg_aws_error_get_aws_code (error) : "no AWS code",
               status, request_id != NULL ? request_id : "(none)");
      finish_send (task, NULL, error);
    }

  maybe_start_next (self);
}

/* Builds, signs and sends one attempt. Takes over a reference to @task. */
static void
start_attempt (GTask *task)
{
  Send *send = g_task_get_task_data (task);
  JgAwsClient *self = send->client;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  g_assert (send->state == SEND_QUEUED);

  send->attempt++;
  send->state = SEND_RUNNING;
  send->deadline_expired = FALSE;
  acquire_slot (self, send->account_key);

  /* A fresh message per attempt: the signature covers X-Amz-Date, and a
   * retry signed with the first attempt's time may arrive too late. */
  send->message = soup_message_new_from_uri (SOUP_METHOD_POST, send->uri);

  /* libsoup opens a new connection (and a new TLS handshake) for every
   * POST unless the message is marked idempotent. Every call sent here
   * may be repeated safely, which the retries already rely on: reads,
   * writes of a whole document, and STS calls that only make another
   * session. */
  soup_message_set_flags (send->message,
                          SOUP_MESSAGE_NO_REDIRECT | SOUP_MESSAGE_IDEMPOTENT);
  soup_message_set_request_body_from_bytes (
    send->message, jg_aws_request_get_content_type (send->request),
    send->body);
  headers = soup_message_get_request_headers (send->message);
  if (send->amz_target != NULL)
    soup_message_headers_replace (headers, "X-Amz-Target", send->amz_target);

  now = client_now (self);
  if (!jg_sigv4_signer_sign_message (self->signer, send->message, send->body,
                                     send->target->credentials,
                                     send->endpoint->signing_region,
                                     send->endpoint->signing_service,
                                     now, &error))
    {
      g_clear_object (&send->message);
      release_slot (self, send->account_key);
      finish_send (task, NULL,
                   g_error_new (JG_AWS_ERROR, JG_AWS_ERROR_INVALID_REQUEST,
                                _("%s cannot be signed: %s"),
                                jg_aws_request_get_operation (send->request),
                                error->message));
      g_object_unref (task);
      return;
    }

  send->attempt_cancellable = g_cancellable_new ();
  send->deadline_source = g_timeout_source_new (self->deadline_ms);
  g_source_set_callback (send->deadline_source, on_deadline_cb, send, NULL);
  g_source_set_static_name (send->deadline_source, "[jumpgate] deadline");
  g_source_attach (send->deadline_source, g_task_get_context (task));

  g_debug ("%s: attempt %u of %u to %s%s%s",
           jg_aws_request_get_operation (send->request), send->attempt,
           self->retry_policy.max_attempts, send->endpoint->host,
           send->target->account_id != NULL ? " for account " : "",
           send->target->account_id != NULL ? send->target->account_id : "");

  soup_session_send_and_read_async (self->session, send->message,
                                    G_PRIORITY_DEFAULT,
                                    send->attempt_cancellable,
                                    on_send_cb, task);
}

static GList *
find_startable (JgAwsClient *self)
{
  if (self->in_flight >= self->max_in_flight)
    return NULL;

  for (GList *l = self->pending.head; l != NULL; l = l->next)
    {
      Send *send = g_task_get_task_data (l->data);

      if (account_in_flight (self, send->account_key)
          < self->max_in_flight_per_account)
        return l;
    }

  return NULL;
}

/* Starts queued requests, oldest first, while the global and
 * per-account bounds allow. A request whose account is at its bound
 * lets younger requests of other accounts pass. Starting a request can
 * complete another call and re-enter through its callback, so the queue
 * is searched afresh after every start. */
static void
maybe_start_next (JgAwsClient *self)
{
  GList *link;

  if (self->dispatching)
    return;

  self->dispatching = TRUE;
  while ((link = find_startable (self)) != NULL)
    {
      GTask *task = link->data;

      g_queue_delete_link (&self->pending, link);
      start_attempt (task);
    }
  self->dispatching = FALSE;
}

/**
 * jg_aws_client_resolve_endpoint:
 * @self: a client
 * @service: the service to call
 * @target: the partition and region
 * @error: return location for an error
 *
 * Returns: (transfer full): the endpoint a call to @service for @target
 *   uses, with the client's endpoint URL applied
 */
JgAwsEndpoint *
jg_aws_client_resolve_endpoint (JgAwsClient        *self,
                                JgAwsService        service,
                                const JgAwsTarget  *target,
                                GError            **error)
{
  g_return_val_if_fail (JG_IS_AWS_CLIENT (self), NULL);
  g_return_val_if_fail (target != NULL, NULL);

  return jg_aws_endpoint_resolve (service, target->partition, target->region,
                                  self->endpoint_url, error);
}

/**
 * jg_aws_client_send_async:
 * @self: a client
 * @target: the credentials, partition, region and account of the call
 * @request: the operation and its parameters
 * @cancellable: (nullable): a cancellable
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Sends one request: it waits in the client's queue for a slot, then
 * each attempt is signed afresh and retried on throttling, 5xx replies,
 * timeouts and broken connections, as the retry policy allows.
 */
void
jg_aws_client_send_async (JgAwsClient         *self,
                          const JgAwsTarget   *target,
                          JgAwsRequest        *request,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Send *send;

  g_return_if_fail (JG_IS_AWS_CLIENT (self));
  g_return_if_fail (target != NULL);
  g_return_if_fail (target->credentials != NULL);
  g_return_if_fail (request != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, jg_aws_client_send_async);
  /* The call reports its own cancellation error; GTask must not replace
   * it, nor a reply that won the race with the cancellation. */
  g_task_set_check_cancellable (task, FALSE);

  send = g_new0 (Send, 1);
  send->client = g_object_ref (self);
  send->task = task;
  send->request = jg_aws_request_ref (request);
  send->target = jg_aws_target_copy (target);
  send->start_us = g_get_monotonic_time ();
  send->state = SEND_QUEUED;
  g_task_set_task_data (task, send, (GDestroyNotify) send_free);

  send->endpoint = jg_aws_client_resolve_endpoint (
    self, jg_aws_request_get_service (request), target, &error);
  if (send->endpoint == NULL)
    {
      finish_send (task, NULL, g_steal_pointer (&error));
      return;
    }

  send->uri = g_uri_parse (send->endpoint->url, SOUP_HTTP_URI_FLAGS, &error);
  if (send->uri == NULL)
    {
      finish_send (task, NULL,
                   g_error_new (JG_AWS_ERROR, JG_AWS_ERROR_INVALID_ENDPOINT,
                                _("Endpoint URL “%s” is not usable: %s"),
                                send->endpoint->url, error->message));
      return;
    }

  send->body = jg_aws_request_build_body (request);
  send->amz_target = jg_aws_request_dup_target (request);
  send->account_key = g_strdup (target->account_id != NULL
                                  ? target->account_id
                                  : target->credentials->access_key_id);

  if (cancellable != NULL)
    {
      send->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (send->cancel_source,
                             G_SOURCE_FUNC (on_cancelled_cb), send, NULL);
      g_source_set_static_name (send->cancel_source, "[jumpgate] cancel");
      g_source_attach (send->cancel_source, g_task_get_context (task));
    }

  g_queue_push_tail (&self->pending, g_object_ref (task));
  maybe_start_next (self);
}

/**
 * jg_aws_client_send_finish:
 * @self: a client
 * @result: the result passed to the callback
 * @error: return location for a JG_AWS_ERROR error
 *
 * Returns: (transfer full): the 2xx reply, or NULL on error
 */
JgAwsResponse *
jg_aws_client_send_finish (JgAwsClient   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (JG_IS_AWS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == jg_aws_client_send_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The one place the client's HTTP session is made. */
static SoupSession *
create_session (void)
{
  /* The client's own queue bounds the requests in flight, so the
   * session's connection limits must not queue behind it: IAM is one
   * host for every account. */
  return soup_session_new_with_options ("user-agent",
                                        "jumpgate/" PACKAGE_VERSION,
                                        "timeout", SESSION_TIMEOUT_S,
                                        "idle-timeout", SESSION_IDLE_TIMEOUT_S,
                                        "max-conns", 64,
                                        "max-conns-per-host", 64,
                                        NULL);
}

static void
jg_aws_client_dispose (GObject *object)
{
  JgAwsClient *self = JG_AWS_CLIENT (object);

  /* Queued and running sends hold a reference to the client, so nothing
   * is pending here unless the last reference went away inside one. */
  g_queue_clear_full (&self->pending, g_object_unref);
  if (self->session != NULL)
    soup_session_abort (self->session);

  G_OBJECT_CLASS (jg_aws_client_parent_class)->dispose (object);
}

static void
jg_aws_client_finalize (GObject *object)
{
  JgAwsClient *self = JG_AWS_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->signer);
  g_free (self->endpoint_url);
  g_hash_table_unref (self->in_flight_per_account);
  if (self->time_destroy != NULL)
    self->time_destroy (self->time_data);

  G_OBJECT_CLASS (jg_aws_client_parent_class)->finalize (object);
}

static void
jg_aws_client_class_init (JgAwsClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jg_aws_client_dispose;
  object_class->finalize = jg_aws_client_finalize;
}

static void
jg_aws_client_init (JgAwsClient *self)
{
  self->session = create_session ();
  self->signer = jg_sigv4_signer_new ();
  jg_aws_retry_policy_init_default (&self->retry_policy);
  self->deadline_ms = JG_AWS_CLIENT_DEFAULT_DEADLINE_MS;
  self->max_in_flight = JG_AWS_CLIENT_DEFAULT_MAX_IN_FLIGHT;
  self->max_in_flight_per_account =
    JG_AWS_CLIENT_DEFAULT_MAX_IN_FLIGHT_PER_ACCOUNT;
  g_queue_init (&self->pending);
  self->in_flight_per_account = g_hash_table_new_full (g_str_hash,
                                                       g_str_equal,
                                                       g_free, NULL);
}

/**
 * jg_aws_client_new:
 *
 * Creates a client with botocore's standard retry policy, a 30 s
 * deadline per attempt and at most 8 requests in flight, 2 per account.
 * Use it from one thread, whose thread-default main context runs the
 * callbacks.
 *
 * Returns: (transfer full): a new client
 */
JgAwsClient *
jg_aws_client_new (void)
{
  return g_object_new (JG_TYPE_AWS_CLIENT, NULL);
}

/**
 * jg_aws_client_set_endpoint_url:
 * @self: a client
 * @url: (nullable): a URL whose scheme, host and port replace those of
 *   every service, or NULL for AWS's endpoints
 * @error: return location for a JG_AWS_ERROR_INVALID_ENDPOINT error
 *
 * Returns: whether @url was accepted; see jg_aws_endpoint_check_url()
 */
gboolean
jg_aws_client_set_endpoint_url (JgAwsClient  *self,
                                const char   *url,
                                GError      **error)
{
  g_return_val_if_fail (JG_IS_AWS_CLIENT (self), FALSE);

  if (url != NULL && !jg_aws_endpoint_check_url (url, error))
    return FALSE;

  g_free (self->endpoint_url);
  self->endpoint_url = g_strdup (url);

  return TRUE;
}

const char *
jg_aws_client_get_endpoint_url (JgAwsClient *self)
{
  g_return_val_if_fail (JG_IS_AWS_CLIENT (self), NULL);

  return self->endpoint_url;
}

/**
 * jg_aws_client_set_retry_policy:
 * @self: a client
 * @policy: the policy for requests sent from now on
 */
void
jg_aws_client_set_retry_policy (JgAwsClient            *self,
                                const JgAwsRetryPolicy *policy)
{
  g_return_if_fail (JG_IS_AWS_CLIENT (self));
  g_return_if_fail (policy != NULL);
  g_return_if_fail (policy->max_attempts >= 1);

  self->retry_policy = *policy;
}

void
jg_aws_client_get_retry_policy (JgAwsClient      *self,
                                JgAwsRetryPolicy *out_policy)
{
  g_return_if_fail (JG_IS_AWS_CLIENT (self));
  g_return_if_fail (out_policy != NULL);

  *out_policy = self->retry_policy;
}

/**
 * jg_aws_client_set_deadline:
 * @self: a client
 * @deadline_ms: how long one attempt may take, from sending to the end
 *   of the reply, in milliseconds; a slower attempt counts as a timeout
 */
void
jg_aws_client_set_deadline (JgAwsClient *self,
                            guint        deadline_ms)
{
  g_return_if_fail (JG_IS_AWS_CLIENT (self));
  g_return_if_fail (deadline_ms > 0);

  self->deadline_ms = deadline_ms;
}

guint
jg_aws_client_get_deadline (JgAwsClient *self)
{
  g_return_val_if_fail (JG_IS_AWS_CLIENT (self), 0);

  return self->deadline_ms;
}

/**
 * jg_aws_client_set_max_in_flight:
 * @self: a client
 * @max_in_flight: the most requests in flight at once, all accounts
 * @max_per_account: the most requests in flight at once for one account
 *
 * Requests beyond the bounds wait in a first-in first-out queue. Lower
 * bounds apply as requests finish; higher ones start queued requests.
 */
void
jg_aws_client_set_max_in_flight (JgAwsClient *self,
                                 guint        max_in_flight,
                                 guint        max_per_account)
{
  g_return_if_fail (JG_IS_AWS_CLIENT (self));
  g_return_if_fail (max_in_flight >= 1);
  g_return_if_fail (max_per_account >= 1);

  self->max_in_flight = max_in_flight;
  self->max_in_flight_per_account = max_per_account;
  maybe_start_next (self);
}

/**
 * jg_aws_client_get_in_flight:
 * @self: a client
 *
 * Returns: how many attempts are being sent right now
 */
guint
jg_aws_client_get_in_flight (JgAwsClient *self)
{
  g_return_val_if_fail (JG_IS_AWS_CLIENT (self), 0);

  return self->in_flight;
}

/**
 * jg_aws_client_get_queued:
 * @self: a client
 *
 * Returns: how many requests wait for a slot, retries after their
 *   backoff included
 */
guint
jg_aws_client_get_queued (JgAwsClient *self)
{
  g_return_val_if_fail (JG_IS_AWS_CLIENT (self), 0);

  return self->pending.length;
}

/**
 * jg_aws_client_set_time_func:
 * @self: a client
 * @func: (nullable): returns the current UTC time, or NULL for the
 *   system clock
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Replaces the clock that dates signatures, to correct a known clock
 * difference with AWS or to test with a controlled time.
 */
void
jg_aws_client_set_time_func (JgAwsClient    *self,
                             JgAwsTimeFunc   func,
                             gpointer        user_data,
                             GDestroyNotify  destroy)
{
  g_return_if_fail (JG_IS_AWS_CLIENT (self));

  if (self->time_destroy != NULL)
    self->time_destroy (self->time_data);

  self->time_func = func;
  self->time_data = user_data;
  self->time_destroy = destroy;
}
