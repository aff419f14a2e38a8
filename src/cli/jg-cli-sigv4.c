/* jg-cli-sigv4.c: "jumpgate-cli sigv4", which signs a raw HTTP request and
 * prints one step of the signature, to compare with what AWS computed in a
 * SignatureDoesNotMatch error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <openssl/crypto.h>

#include "aws/jg-sigv4.h"
#include "jg-cli.h"

/* Shown in place of a session token unless --show-session-token is given,
 * so that output pasted into a ticket does not carry the token. */
#define HIDDEN_TOKEN "<session token hidden: add --show-session-token>"

typedef struct
{
  char     *request_path;
  char     *access_key_id;
  char     *secret_path;
  char     *token_path;
  char     *region;
  char     *service;
  char     *time;
  char     *show;
  gboolean  unsigned_token;
  gboolean  content_sha256;
  gboolean  show_token;
} Sigv4Options;

static void
sigv4_options_clear (Sigv4Options *options)
{
  g_clear_pointer (&options->request_path, g_free);
  g_clear_pointer (&options->access_key_id, g_free);
  g_clear_pointer (&options->secret_path, g_free);
  g_clear_pointer (&options->token_path, g_free);
  g_clear_pointer (&options->region, g_free);
  g_clear_pointer (&options->service, g_free);
  g_clear_pointer (&options->time, g_free);
  g_clear_pointer (&options->show, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sigv4Options, sigv4_options_clear)

static void
free_secret (char *secret)
{
  if (secret == NULL)
    return;

  OPENSSL_cleanse (secret, strlen (secret));
  g_free (secret);
}

typedef char SecretText;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SecretText, free_secret)

/* Reads a secret from path and strips the line break an editor or
 * "echo" leaves at its end. Returns NULL after printing the error. */
static char *
read_secret_file (JgCli      *cli,
                  const char *path,
                  const char *option,
                  int        *out_status)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      *out_status = jg_cli_usage_error (cli,
                                        _("Cannot read %s “%s” (%s): give "
                                          "the path of a readable file"),
                                        option, path, error->message);
      return NULL;
    }

  while (length > 0
         && (contents[length - 1] == '\n' || contents[length - 1] == '\r'))
    contents[--length] = '\0';

  if (length == 0 || strlen (contents) != length)
    {
      OPENSSL_cleanse (contents, length);
      g_free (contents);
      *out_status = jg_cli_usage_error (cli,
                                        _("%s “%s” is empty or contains a "
                                          "NUL byte: write the secret alone "
                                          "on one line"), option, path);
      return NULL;
    }

  return contents;
}

static gboolean
require_option (JgCli      *cli,
                const char *value,
                const char *option,
                const char *example,
                int        *out_status)
{
  if (value != NULL && value[0] != '\0')
    return TRUE;

  *out_status = jg_cli_usage_error (cli, _("Missing %s: add %s %s"),
                                    option, option, example);
  return FALSE;
}

/* The request as it goes on the wire: its own headers, then the ones the
 * signer adds, in the layout of the .sreq files of AWS's test suite. */
static char *
format_signed_request (const JgSigv4Request *request,
                       const JgSigv4Result  *result)
{
  GString *text = g_string_new (NULL);
  const char *body = NULL;
  gsize body_length = 0;

  g_string_append_printf (text, "%s %s%s%s HTTP/1.1\n", request->method,
                          request->path, request->query ? "?" : "",
                          request->query ? request->query : "");

  for (guint i = 0; i < request->headers->len; i++)
    {
      const JgSigv4Header *header = g_ptr_array_index (request->headers, i);

      g_string_append_printf (text, "%s:%s\n", header->name, header->value);
    }

  for (guint i = 0; i < result->headers_to_add->len; i++)
    {
      const JgSigv4Header *header =
        g_ptr_array_index (result->headers_to_add, i);
      gboolean is_authorization =
        g_ascii_strcasecmp (header->name, "Authorization") == 0;

      g_string_append_printf (text, "%s:%s%s\n", header->name,
                              is_authorization ? " " : "", header->value);
    }

  if (request->body != NULL)
    body = g_bytes_get_data (request->body, &body_length);
  if (body_length > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append_len (text, body, body_length);
    }
  else
    {
      /* The suite's files have no final line break. */
      g_string_truncate (text, text->len - 1);
    }

  return g_string_free (text, FALSE);
}

/* Returns text with every session token replaced by a placeholder, unless
 * the user asked to see it. */
static char *
hide_tokens (const char *text,
             const char *token,
             const char *token_in_request,
             gboolean    show_token)
{
  g_autoptr(GString) hidden = g_string_new (text);

  if (!show_token)
    {
      if (token != NULL)
        g_string_replace (hidden, token, HIDDEN_TOKEN, 0);
      if (token_in_request != NULL && token_in_request[0] != '\0')
        g_string_replace (hidden, token_in_request, HIDDEN_TOKEN, 0);
    }

  return g_string_free (g_steal_pointer (&hidden), FALSE);
}

static void
print_json (JgCli               *cli,
            const JgSigv4Result *result,
            const char          *canonical_request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "canonical_request");
  json_builder_add_string_value (builder, canonical_request);
  json_builder_set_member_name (builder, "string_to_sign");
  json_builder_add_string_value (builder, result->string_to_sign);
  json_builder_set_member_name (builder, "signed_headers");
  json_builder_add_string_value (builder, result->signed_headers);
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, result->signature);
  json_builder_set_member_name (builder, "authorization");
  json_builder_add_string_value (builder, result->authorization);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  jg_cli_print_json (cli, root);
}

int
jg_cli_cmd_sigv4 (JgCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_auto(Sigv4Options) options = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgSigv4Signer) signer = NULL;
  g_autoptr(JgSigv4Request) request = NULL;
  g_autoptr(JgSigv4Result) result = NULL;
  g_autoptr(JgAwsCredentials) credentials = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretText) secret = NULL;
  g_autoptr(SecretText) token = NULL;
  g_autoptr(SecretText) output = NULL;
  g_autofree char *raw = NULL;
  const char *time_text;
  const char *token_in_request;
  JgSigv4Flags flags = JG_SIGV4_FLAGS_NONE;
  gsize raw_length = 0;
  int status = JG_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "request", 0, 0, G_OPTION_ARG_FILENAME, &options.request_path,
      N_("Raw HTTP request to sign: request line ending in HTTP/1.1, "
         "Name:value header lines with Host, an empty line, then the body"),
      N_("FILE") },
    { "access-key-id", 0, 0, G_OPTION_ARG_STRING, &options.access_key_id,
      N_("Access key id to sign with, such as AKIAIOSFODNN7EXAMPLE"),
      N_("ID") },
    { "secret-access-key-file", 0, 0, G_OPTION_ARG_FILENAME,
      &options.secret_path,
      N_("File that contains the secret access key on one line (never "
         "given on the command line)"), N_("FILE") },
    { "session-token-file", 0, 0, G_OPTION_ARG_FILENAME, &options.token_path,
      N_("File that contains the session token of temporary credentials; "
         "it is signed as X-Amz-Security-Token"), N_("FILE") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &options.region,
      N_("Signing region, such as us-east-1 (IAM: us-east-1, us-gov-west-1 "
         "or cn-north-1 by partition)"), N_("REGION") },
    { "service", 0, 0, G_OPTION_ARG_STRING, &options.service,
      N_("Signing name of the service, such as iam or sts"), N_("SERVICE") },
    { "time", 0, 0, G_OPTION_ARG_STRING, &options.time,
      N_("Signing time in UTC as YYYYMMDDTHHMMSSZ (default: the request's "
         "X-Amz-Date header)"), N_("TIME") },
    { "show", 0, 0, G_OPTION_ARG_STRING, &options.show,
      N_("Step to print: creq (canonical request), sts (string to sign), "
         "authz (Authorization value, the default) or sreq (signed request)"),
      N_("STEP") },
    { "unsigned-session-token", 0, 0, G_OPTION_ARG_NONE,
      &options.unsigned_token,
      N_("Add X-Amz-Security-Token after signing instead of signing it"),
      NULL },
    { "content-sha256", 0, 0, G_OPTION_ARG_NONE, &options.content_sha256,
      N_("Add and sign X-Amz-Content-Sha256, as S3 requires"), NULL },
    { "show-session-token", 0, 0, G_OPTION_ARG_NONE, &options.show_token,
      N_("Print the session token in creq and sreq output instead of a "
         "placeholder"), NULL },
    { NULL }
  };

  context = g_option_context_new ("sigv4");
  g_option_context_set_summary (context,
                                _("Sign a raw HTTP request with AWS "
                                  "Signature Version 4 and print one step, "
                                  "to compare with the canonical request and "
                                  "string to sign in a SignatureDoesNotMatch "
                                  "error."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  jg_cli_add_global_options (cli, context);

  if (!jg_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return jg_cli_usage_error (cli, _("Unexpected argument “%s”: sigv4 "
                                      "takes options only, see --help"),
                               argv[1]);

  if (options.show == NULL)
    options.show = g_strdup ("authz");
  if (!g_strv_contains ((const char * const[]) { "creq", "sts", "authz",
                                                 "sreq", NULL },
                        options.show))
    return jg_cli_usage_error (cli, _("Invalid --show “%s”: use creq, sts, "
                                      "authz or sreq"), options.show);

  if (!require_option (cli, options.request_path, "--request",
                       "FILE", &status)
      || !require_option (cli, options.access_key_id, "--access-key-id",
                          "AKIAIOSFODNN7EXAMPLE", &status)
      || !require_option (cli, options.secret_path,
                          "--secret-access-key-file", "FILE", &status)
      || !require_option (cli, options.region, "--region", "us-east-1",
                          &status)
      || !require_option (cli, options.service, "--service", "iam",
                          &status))
    return status;

  if (!g_file_get_contents (options.request_path, &raw, &raw_length, &error))
    return jg_cli_usage_error (cli, _("Cannot read --request “%s” (%s): "
                                      "give the path of a readable file"),
                               options.request_path, error->message);

  request = jg_sigv4_request_parse_raw (raw, raw_length, &error);
  if (request == NULL)
    return jg_cli_usage_error (cli, _("Request file “%s”: %s"),
                               options.request_path, error->message);

  time_text = options.time;
  if (time_text == NULL)
    time_text = jg_sigv4_request_get_header (request, "X-Amz-Date");
  if (time_text == NULL)
    return jg_cli_usage_error (cli, _("Missing --time: add --time "
                                      "YYYYMMDDTHHMMSSZ, for example "
                                      "20150830T123600Z, or an X-Amz-Date "
                                      "header to the request"));
  time = jg_sigv4_parse_time (time_text, &error);
  if (time == NULL)
    return jg_cli_usage_error (cli, "%s", error->message);

  secret = read_secret_file (cli, options.secret_path,
                             "--secret-access-key-file", &status);
  if (secret == NULL)
    return status;

  if (options.token_path != NULL)
    {
      token = read_secret_file (cli, options.token_path,
                                "--session-token-file", &status);
      if (token == NULL)
        return status;
    }

  if (options.unsigned_token)
    flags |= JG_SIGV4_FLAGS_UNSIGNED_SESSION_TOKEN;
  if (options.content_sha256)
    flags |= JG_SIGV4_FLAGS_CONTENT_SHA256;

  credentials = jg_aws_credentials_new (options.access_key_id, secret, token,
                                        NULL);
  signer = jg_sigv4_signer_new ();
  result = jg_sigv4_signer_sign (signer, request, credentials, options.region,
                                 options.service, time, flags, &error);
  if (result == NULL)
    {
      if (g_error_matches (error, JG_SIGV4_ERROR, JG_SIGV4_ERROR_CRYPTO))
        return jg_cli_fail (cli, error);
      return jg_cli_usage_error (cli, "%s", error->message);
    }

  token_in_request = jg_sigv4_request_get_header (request,
                                                  "X-Amz-Security-Token");

  if (jg_cli_get_json (cli))
    {
      output = hide_tokens (result->canonical_request, token,
                            token_in_request, options.show_token);
      print_json (cli, result, output);
    }
  else
    {
      g_autofree char *signed_request = NULL;
      const char *step;

      if (g_str_equal (options.show, "creq"))
        step = result->canonical_request;
      else if (g_str_equal (options.show, "sts"))
        step = result->string_to_sign;
      else if (g_str_equal (options.show, "sreq"))
        step = signed_request = format_signed_request (request, result);
      else
        step = result->authorization;

      output = hide_tokens (step, token, token_in_request,
                            options.show_token);
      g_print ("%s\n", output);
    }

  return JG_CLI_EXIT_OK;
}
