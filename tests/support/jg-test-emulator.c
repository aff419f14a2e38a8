/* jg-test-emulator.c: the IAM/STS/Organizations emulator for GTest programs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <libsoup/soup.h>

#include "jg-test-emulator.h"

#define PYTHON_PATH "/usr/bin/python3"
#define PORT_PREFIX "JUMPGATE_EMULATOR_PORT="
#define START_TIMEOUT_SECONDS 20
#define CONTROL_TIMEOUT_SECONDS 30

struct _JgTestEmulator
{
  GSubprocess      *process;
  GDataInputStream *stdout_stream;
  SoupSession      *session;
  char             *endpoint;
  int               port;
  gboolean          stopped;
};

G_DEFINE_QUARK (jg-test-emulator-error-quark, jg_test_emulator_error)

typedef struct
{
  char     *line;
  GError   *error;
  gboolean  done;
} ReadLineState;

static void
on_read_line_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ReadLineState *state = user_data;

  state->line = g_data_input_stream_read_line_finish_utf8 (
    G_DATA_INPUT_STREAM (source), result, NULL, &state->error);
  state->done = TRUE;
}

static gboolean
on_start_timeout_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

/* Reads the first line of stream, giving up after timeout_seconds.  A
 * private main context keeps the wait independent of the caller's loop. */
static char *
read_line_with_timeout (GDataInputStream  *stream,
                        unsigned int       timeout_seconds,
                        GError           **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSource) timeout = NULL;
  ReadLineState state = { NULL, NULL, FALSE };

  g_main_context_push_thread_default (context);

  timeout = g_timeout_source_new_seconds (timeout_seconds);
  g_source_set_callback (timeout, on_start_timeout_cb, cancellable, NULL);
  g_source_attach (timeout, context);

  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT,
                                       cancellable, on_read_line_cb, &state);
  while (!state.done)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);

  if (state.error != NULL)
    {
      g_propagate_error (error, state.error);
      return NULL;
    }

  return state.line;
}

static char *
emulator_script_path (GError **error)
{
  const char *root = g_getenv ("JG_TEST_SOURCE_DIR");

  if (root == NULL || *root == '\0')
    {
      g_set_error (error, JG_TEST_EMULATOR_ERROR,
                   JG_TEST_EMULATOR_ERROR_START,
                   "JG_TEST_SOURCE_DIR is not set; run the test with "
                   "meson test, which sets it to the source tree");
      return NULL;
    }

  return g_build_filename (root, "tests", "emulator", "jumpgate_emulator.py",
                           NULL);
}

static gboolean
parse_port_line (const char  *line,
                 int         *out_port,
                 GError     **error)
{
  guint64 port = 0;

  if (line == NULL || !g_str_has_prefix (line, PORT_PREFIX)
      || !g_ascii_string_to_unsigned (line + strlen (PORT_PREFIX), 10, 1,
                                      G_MAXUINT16, &port, NULL))
    {
      g_set_error (error, JG_TEST_EMULATOR_ERROR,
                   JG_TEST_EMULATOR_ERROR_START,
                   "The emulator's first output line is \"%s\", not "
                   PORT_PREFIX "<port>; see its messages on standard error",
                   line != NULL ? line : "(end of output)");
      return FALSE;
    }

  *out_port = (int) port;
  return TRUE;
}

/* Frees an emulator whose start failed; its exit status is expected to be
 * a failure, so no warning is due. */
static void
discard_failed_start (JgTestEmulator *self)
{
  if (self->process != NULL)
    {
      g_subprocess_force_exit (self->process);
      g_subprocess_wait (self->process, NULL, NULL);
    }
  self->stopped = TRUE;
  jg_test_emulator_free (self);
}

JgTestEmulator *
jg_test_emulator_start (const char         *seed_path,
                        const char *const  *extra_args,
                        GError            **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *line = NULL;
  JgTestEmulator *self;

  script = emulator_script_path (error);
  if (script == NULL)
    return NULL;

  g_ptr_array_add (argv, g_strdup (PYTHON_PATH));
  g_ptr_array_add (argv, g_steal_pointer (&script));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup ("0"));
  /* The emulator stops when its standard input closes, which the kernel
   * does when this process dies, so a failed assertion that skips
   * jg_test_emulator_stop() leaves no server behind. */
  g_ptr_array_add (argv, g_strdup ("--exit-on-stdin-eof"));
  if (seed_path != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--seed"));
      g_ptr_array_add (argv, g_strdup (seed_path));
    }
  for (size_t i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra_args[i]));
  g_ptr_array_add (argv, NULL);

  self = g_new0 (JgTestEmulator, 1);
  /* Standard error stays inherited so the emulator's log lands in the
   * test log. */
  self->process = g_subprocess_newv ((const char *const *) argv->pdata,
                                     G_SUBPROCESS_FLAGS_STDIN_PIPE
                                     | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                     error);
  if (self->process == NULL)
    {
      discard_failed_start (self);
      return NULL;
    }

  self->stdout_stream = g_data_input_stream_new (
    g_subprocess_get_stdout_pipe (self->process));
  line = read_line_with_timeout (self->stdout_stream, START_TIMEOUT_SECONDS,
                                 &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, JG_TEST_EMULATOR_ERROR,
                   JG_TEST_EMULATOR_ERROR_START,
                   "The emulator did not announce its port within %d "
                   "seconds: %s", START_TIMEOUT_SECONDS,
                   local_error->message);
      discard_failed_start (self);
      return NULL;
    }
  if (!parse_port_line (line, &self->port, error))
    {
      discard_failed_start (self);
      return NULL;
    }

  self->endpoint = g_strdup_printf ("http://127.0.0.1:%d", self->port);
  self->session = soup_session_new_with_options ("timeout",
                                                 CONTROL_TIMEOUT_SECONDS,
                                                 NULL);
  /* The emulator is on loopback: never route it through a proxy from the
   * environment. */
  soup_session_set_proxy_resolver (self->session, NULL);

  return self;
}

const char *
jg_test_emulator_get_endpoint (JgTestEmulator *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->endpoint;
}

int
jg_test_emulator_get_port (JgTestEmulator *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->port;
}

/* Sends one control call and returns its parsed JSON response.  body may be
 * NULL.  Any status but 200 is an error carrying the emulator's message. */
static JsonNode *
control_call (JgTestEmulator  *self,
              const char      *method,
              const char      *path_and_query,
              const char      *body,
              GError         **error)
{
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  const char *data;
  gsize size;
  unsigned int status;

  g_assert (self->session != NULL);

  url = g_strconcat (self->endpoint, "/_emulator/", path_and_query, NULL);
  message = soup_message_new (method, url);
  if (message == NULL)
    {
      g_set_error (error, JG_TEST_EMULATOR_ERROR,
                   JG_TEST_EMULATOR_ERROR_CONTROL,
                   "Invalid control URL %s", url);
      return NULL;
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json",
                                                bytes);
    }

  answer = soup_session_send_and_read (self->session, message, NULL, error);
  if (answer == NULL)
    {
      g_prefix_error (error, "Control call %s %s failed: ", method, url);
      return NULL;
    }

  data = g_bytes_get_data (answer, &size);
  status = soup_message_get_status (message);
  if (!json_parser_load_from_data (parser, data, (gssize) size,
                                   &parse_error))
    {
      g_set_error (error, JG_TEST_EMULATOR_ERROR,
                   JG_TEST_EMULATOR_ERROR_CONTROL,
                   "Control call %s %s returned HTTP %u with a body that is "
                   "not JSON: %s", method, url, status, parse_error->message);
      return NULL;
    }
  if (status != SOUP_STATUS_OK)
    {
      JsonNode *root = json_parser_get_root (parser);
      const char *reason = "(no message)";

      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        reason = json_object_get_string_member_with_default (
          json_node_get_object (root), "error", reason);
      g_set_error (error, JG_TEST_EMULATOR_ERROR,
                   JG_TEST_EMULATOR_ERROR_CONTROL,
                   "Control call %s %s returned HTTP %u: %s", method, url,
                   status, reason);
      return NULL;
    }

  return json_parser_steal_root (parser);
}

static const char *
require_string_member (JsonNode    *node,
                       const char  *member,
                       GError     **error)
{
  const char *value = NULL;

  if (JSON_NODE_HOLDS_OBJECT (node))
    value = json_object_get_string_member_with_default (
      json_node_get_object (node), member, NULL);
  if (value == NULL)
    g_set_error (error, JG_TEST_EMULATOR_ERROR,
                 JG_TEST_EMULATOR_ERROR_CONTROL,
                 "The control answer has no string member \"%s\"", member);
  return value;
}

gboolean
jg_test_emulator_create_access_key (JgTestEmulator  *self,
                                    const char      *account_id,
                                    const char      *user_name,
                                    char           **out_access_key_id,
                                    char           **out_secret_access_key,
                                    GError         **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *body = NULL;
  const char *key_id;
  const char *secret;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (account_id != NULL, FALSE);
  g_return_val_if_fail (user_name != NULL, FALSE);
  g_return_val_if_fail (out_access_key_id != NULL, FALSE);
  g_return_val_if_fail (out_secret_access_key != NULL, FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account_id");
  json_builder_add_string_value (builder, account_id);
  json_builder_set_member_name (builder, "user_name");
  json_builder_add_string_value (builder, user_name);
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  body = json_to_string (request, FALSE);

  answer = control_call (self, "POST", "access-keys", body, error);
  if (answer == NULL)
    return FALSE;

  key_id = require_string_member (answer, "AccessKeyId", error);
  if (key_id == NULL)
    return FALSE;
  secret = require_string_member (answer, "SecretAccessKey", error);
  if (secret == NULL)
    return FALSE;

  *out_access_key_id = g_strdup (key_id);
  *out_secret_access_key = g_strdup (secret);
  return TRUE;
}

char *
jg_test_emulator_get_mfa_code (JgTestEmulator  *self,
                               const char      *serial,
                               GError         **error)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *code;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (serial != NULL, NULL);

  escaped = g_uri_escape_string (serial, NULL, FALSE);
  path = g_strconcat ("mfa-code?serial=", escaped, NULL);
  answer = control_call (self, "GET", path, NULL, error);
  if (answer == NULL)
    return NULL;

  code = require_string_member (answer, "code", error);
  return g_strdup (code);
}

JsonNode *
jg_test_emulator_dump_state (JgTestEmulator  *self,
                             GError         **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  return control_call (self, "GET", "state", NULL, error);
}

JsonNode *
jg_test_emulator_get_stats (JgTestEmulator  *self,
                            GError         **error)
{
  g_return_val_if_fail (self != NULL, NULL);

  return control_call (self, "GET", "stats", NULL, error);
}

gboolean
jg_test_emulator_set_faults (JgTestEmulator  *self,
                             const char      *faults_json,
                             GError         **error)
{
  g_autoptr(JsonNode) answer = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (faults_json != NULL, FALSE);

  answer = control_call (self, "POST", "faults", faults_json, error);
  return answer != NULL;
}

gboolean
jg_test_emulator_load_seed (JgTestEmulator  *self,
                            const char      *seed_json,
                            GError         **error)
{
  g_autoptr(JsonNode) answer = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (seed_json != NULL, FALSE);

  answer = control_call (self, "POST", "seed", seed_json, error);
  return answer != NULL;
}

gboolean
jg_test_emulator_load_seed_file (JgTestEmulator  *self,
                                 const char      *seed_path,
                                 GError         **error)
{
  g_autofree char *contents = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (seed_path != NULL, FALSE);

  if (!g_file_get_contents (seed_path, &contents, NULL, error))
    return FALSE;

  return jg_test_emulator_load_seed (self, contents, error);
}

gboolean
jg_test_emulator_reset (JgTestEmulator  *self,
                        GError         **error)
{
  g_autoptr(JsonNode) answer = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  answer = control_call (self, "POST", "reset", NULL, error);
  return answer != NULL;
}

int
jg_test_emulator_expire_sessions (JgTestEmulator  *self,
                                  const char      *access_key_id,
                                  GError         **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (self != NULL, -1);

  json_builder_begin_object (builder);
  if (access_key_id != NULL)
    {
      json_builder_set_member_name (builder, "access_key_id");
      json_builder_add_string_value (builder, access_key_id);
    }
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  body = json_to_string (request, FALSE);

  answer = control_call (self, "POST", "expire-sessions", body, error);
  if (answer == NULL)
    return -1;

  return (int) json_object_get_int_member_with_default (
    json_node_get_object (answer), "expired", 0);
}

gboolean
jg_test_emulator_stop (JgTestEmulator  *self,
                       GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->stopped)
    return TRUE;
  self->stopped = TRUE;

  g_subprocess_send_signal (self->process, SIGTERM);
  if (!g_subprocess_wait (self->process, NULL, error))
    return FALSE;

  if (!g_subprocess_get_if_exited (self->process)
      || g_subprocess_get_exit_status (self->process) != 0)
    {
      g_set_error (error, JG_TEST_EMULATOR_ERROR,
                   JG_TEST_EMULATOR_ERROR_EXIT,
                   "The emulator on port %d did not exit cleanly after "
                   "SIGTERM (wait status %d); see its messages on standard "
                   "error", self->port, g_subprocess_get_status (self->process));
      return FALSE;
    }

  return TRUE;
}

void
jg_test_emulator_free (JgTestEmulator *self)
{
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return;

  if (self->process != NULL && !jg_test_emulator_stop (self, &error))
    g_warning ("Stopping the emulator failed: %s", error->message);

  g_clear_object (&self->session);
  g_clear_object (&self->stdout_stream);
  g_clear_object (&self->process);
  g_clear_pointer (&self->endpoint, g_free);
  g_free (self);
}
