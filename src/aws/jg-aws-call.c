/* jg-aws-call.c: one operation, with its pages, on top of the client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "jg-aws-call.h"
#include "jg-aws-error.h"
#include "jg-aws-xml.h"

/* Far more pages than any account has (IAM returns up to 1,000 items a
 * page); a server that never stops paging is broken. */
#define MAX_PAGES 10000

G_DEFINE_BOXED_TYPE (JgAwsCallInfo, jg_aws_call_info,
                     jg_aws_call_info_copy, jg_aws_call_info_free)

static GQuark call_info_quark (void);

G_DEFINE_QUARK (jg-aws-call-info, call_info)

typedef struct
{
  JgAwsClient    *client;
  JgAwsTarget    *target;
  JgAwsRequest   *request;
  char           *token_param;
  char           *last_token;
  JgAwsParseFunc  parse;
  GDestroyNotify  result_free;
  gpointer        result;
  JgAwsCallInfo  *info;       /* borrowed from the task's qdata */
  gint64          start_us;
} Call;

JgAwsCallInfo *
jg_aws_call_info_copy (const JgAwsCallInfo *info)
{
  JgAwsCallInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_memdup2 (info, sizeof *info);
  copy->request_id = g_strdup (info->request_id);

  return copy;
}

void
jg_aws_call_info_free (JgAwsCallInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->request_id);
  g_free (info);
}

/**
 * jg_aws_call_info_get:
 * @result: the result passed to the callback of an operation of this
 *   module, such as jg_iam_put_user_policy_async()
 *
 * Returns: (transfer none) (nullable): the requests, attempts and time
 *   of the operation, valid as long as @result; NULL for other results
 */
const JgAwsCallInfo *
jg_aws_call_info_get (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return g_object_get_qdata (G_OBJECT (result), call_info_quark ());
}

static void
call_free (Call *call)
{
  if (call->result != NULL && call->result_free != NULL)
    call->result_free (call->result);

  g_clear_object (&call->client);
  g_clear_pointer (&call->target, jg_aws_target_free);
  g_clear_pointer (&call->request, jg_aws_request_unref);
  g_free (call->token_param);
  g_free (call->last_token);
  g_free (call);
}

static void
record_reply (JgAwsCallInfo *info,
              guint          http_status,
              const char    *request_id,
              guint          attempts)
{
  info->requests++;
  info->attempts += attempts;
  info->http_status = http_status;
  g_free (info->request_id);
  info->request_id = g_strdup (request_id);
}

static void send_page (GTask *task);

static void
on_page_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  const char *operation = jg_aws_request_get_operation (call->request);
  g_autoptr(JgAwsResponse) response = NULL;
  g_autofree char *next_token = NULL;
  GError *error = NULL;

  response = jg_aws_client_send_finish (JG_AWS_CLIENT (source), result,
                                        &error);
  call->info->duration_us = g_get_monotonic_time () - call->start_us;

  if (response == NULL)
    {
      record_reply (call->info, jg_aws_error_get_http_status (error),
                    jg_aws_error_get_request_id (error),
                    jg_aws_error_get_attempts (error));
      g_task_return_error (task, error);
      return;
    }

  record_reply (call->info, response->http_status, response->request_id,
                response->attempts);

  if (!call->parse (response, operation, &call->result, &next_token, &error))
    {
      jg_aws_error_set_reply (error, response->http_status,
                              response->request_id);
      jg_aws_error_set_attempts (error, response->attempts,
                                 response->duration_us);
      g_task_return_error (task, error);
      return;
    }

  if (next_token != NULL && call->token_param != NULL)
    {
      if (call->last_token != NULL && g_str_equal (call->last_token,
                                                   next_token))
        {
          error = g_error_new (JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                               _("%s returned the same page token twice; "
                                 "the list cannot be completed"),
                               operation);
          jg_aws_error_set_reply (error, response->http_status,
                                  response->request_id);
          g_task_return_error (task, error);
          return;
        }

      if (call->info->requests >= MAX_PAGES)
        {
          error = g_error_new (JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE,
                               _("%s returned more than %d pages"),
                               operation, MAX_PAGES);
          g_task_return_error (task, error);
          return;
        }

      g_debug ("%s: page %u read, fetching the next one", operation,
               call->info->requests);
      jg_aws_request_set_param (call->request, call->token_param, next_token);
      g_free (call->last_token);
      call->last_token = g_steal_pointer (&next_token);
      send_page (g_steal_pointer (&task));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&call->result),
                         call->result_free);
}

/* Takes over a reference to @task. */
static void
send_page (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  jg_aws_client_send_async (call->client, call->target, call->request,
                            g_task_get_cancellable (task),
                            on_page_sent_cb, task);
}

/**
 * jg_aws_call_async:
 * @client: a client
 * @target: the credentials, partition, region and account of the call
 * @request: the operation and its first page's parameters; the call
 *   changes @token_param in it for the next pages
 * @token_param: (nullable): the parameter that asks for the next page,
 *   "Marker" or "NextToken", or NULL for an operation without pages
 * @parse: reads each page into the result
 * @result_free: (nullable): frees the result
 * @cancellable: (nullable): a cancellable
 * @callback: called when the last page is read or a request failed
 * @user_data: data for @callback
 * @source_tag: the public function that started the call
 *
 * Sends @request, then the next pages while @parse returns a next-page
 * token, and returns the combined result.
 */
void
jg_aws_call_async (JgAwsClient          *client,
                   const JgAwsTarget    *target,
                   JgAwsRequest         *request,
                   const char           *token_param,
                   JgAwsParseFunc        parse,
                   GDestroyNotify        result_free,
                   GCancellable         *cancellable,
                   GAsyncReadyCallback   callback,
                   gpointer              user_data,
                   gpointer              source_tag)
{
  g_autoptr(GTask) task = NULL;
  Call *call;

  g_return_if_fail (JG_IS_AWS_CLIENT (client));
  g_return_if_fail (target != NULL);
  g_return_if_fail (request != NULL);
  g_return_if_fail (parse != NULL);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);

  call = g_new0 (Call, 1);
  call->client = g_object_ref (client);
  call->target = jg_aws_target_copy (target);
  call->request = jg_aws_request_ref (request);
  call->token_param = g_strdup (token_param);
  call->parse = parse;
  call->result_free = result_free;
  call->start_us = g_get_monotonic_time ();
  call->info = g_new0 (JgAwsCallInfo, 1);
  g_object_set_qdata_full (G_OBJECT (task), call_info_quark (), call->info,
                           (GDestroyNotify) jg_aws_call_info_free);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  send_page (g_steal_pointer (&task));
}

/**
 * jg_aws_call_finish:
 * @client: a client
 * @result: the result passed to the callback
 * @source_tag: the public function that started the call
 * @error: return location for a JG_AWS_ERROR error
 *
 * Returns: (transfer full) (nullable): the result built by the parse
 *   function, or NULL on error
 */
gpointer
jg_aws_call_finish (JgAwsClient   *client,
                    GAsyncResult  *result,
                    gpointer       source_tag,
                    GError       **error)
{
  g_return_val_if_fail (JG_IS_AWS_CLIENT (client), NULL);
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * jg_aws_parse_query_empty:
 *
 * A #JgAwsParseFunc for Query operations without a result, such as
 * PutUserPolicy: it checks that the reply is the operation's XML and
 * sets *inout_result to a non-NULL marker that must not be freed.
 */
gboolean
jg_aws_parse_query_empty (JgAwsResponse  *response,
                          const char     *operation,
                          gpointer       *inout_result,
                          char          **out_next_token,
                          GError        **error)
{
  g_autoptr(JgAwsXmlNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

  jg_aws_xml_parse_result (response->body, operation, &root, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *inout_result = GINT_TO_POINTER (TRUE);

  return TRUE;
}
