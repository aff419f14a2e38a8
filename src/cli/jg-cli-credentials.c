/* jg-cli-credentials.c: "jumpgate-cli credentials", which stores, tests
 * and removes the admin credentials of a partition.
 *
 * Secrets are read from standard input only, never from arguments, which
 * other users can see in the process list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <openssl/crypto.h>

#include "aws/jg-aws.h"
#include "aws/jg-credential-chain.h"
#include "aws/jg-credential-store.h"
#include "aws/jg-session-manager.h"
#include "jg-cli-private.h"

/* Longer lines are rejected: a secret access key has 40 characters. */
#define MAX_INPUT_LINE 4096

typedef char SecretText;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SecretText, jg_secret_free)

/* Runs the default main context until *slot contains the result of an
 * asynchronous call. */
static void
on_async_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

/* Reads one line from fd, one byte at a time so nothing after the line
 * is consumed, into memory that is overwritten before it is freed.
 * Returns NULL at end of input before any byte, or on error. */
static char *
read_line (int       fd,
           GError  **error)
{
  char buffer[MAX_INPUT_LINE + 1];
  gsize length = 0;
  gboolean end_of_input = FALSE;
  char *line;

  for (;;)
    {
      char c;
      gssize n = read (fd, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;

      if (n < 0)
        {
          int saved_errno = errno;

          OPENSSL_cleanse (buffer, sizeof buffer);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot read standard input: %s"),
                       g_strerror (saved_errno));
          return NULL;
        }

      if (n == 0)
        end_of_input = TRUE;

      if (n == 0 || c == '\n')
        break;

      if (length == MAX_INPUT_LINE)
        {
          OPENSSL_cleanse (buffer, sizeof buffer);
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("A line of standard input is longer than %d "
                         "bytes: give the access key id and the secret "
                         "access key on one line each"), MAX_INPUT_LINE);
          return NULL;
        }

      buffer[length++] = c;
    }

  if (end_of_input && length == 0)
    return NULL;

  while (length > 0 && buffer[length - 1] == '\r')
    length--;
  buffer[length] = '\0';

  line = g_strndup (buffer, length);
  OPENSSL_cleanse (buffer, sizeof buffer);
  return line;
}

/* Prompts on standard error and reads a line from the terminal on
 * standard input, with echo off when hide is set. */
static char *
prompt_line (const char  *prompt,
             gboolean     hide,
             GError     **error)
{
  struct termios saved;
  gboolean restore = FALSE;
  char *line;

  /* Echo goes off before the prompt shows, because TCSAFLUSH drops input
   * typed before the change, which was echoed already. */
  if (hide && tcgetattr (STDIN_FILENO, &saved) == 0)
    {
      struct termios quiet = saved;

      quiet.c_lflag &= ~(tcflag_t) ECHO;
      quiet.c_lflag |= ECHONL;
      restore = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }

  g_printerr ("%s", prompt);
  line = read_line (STDIN_FILENO, error);

  if (restore)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);

  return line;
}

/* Declared in jg-cli-private.h. The variable wins over the terminal so
 * that scripts run the same way from a terminal as from cron. */
void
jg_cli_mfa_code_func (const char   *mfa_device_arn,
                      GCancellable *cancellable,
                      GTask        *task,
                      gpointer      user_data)
{
  const char *from_environment = g_getenv ("JUMPGATE_MFA_CODE");
  g_autoptr(GError) error = NULL;
  g_autofree char *prompt = NULL;
  char *code;

  if (from_environment != NULL && from_environment[0] != '\0')
    {
      g_task_return_pointer (task, g_strdup (from_environment),
                             (GDestroyNotify) jg_secret_free);
      return;
    }

  if (!isatty (STDIN_FILENO))
    {
      g_task_return_new_error (task, JG_CREDENTIALS_ERROR,
                               JG_CREDENTIALS_ERROR_MFA_CODE,
                               _("An MFA code for %s is needed but standard "
                                 "input is not a terminal: set "
                                 "JUMPGATE_MFA_CODE to the six digits the "
                                 "device shows"),
                               mfa_device_arn);
      return;
    }

  prompt = g_strdup_printf (_("MFA code for %s: "), mfa_device_arn);
  code = prompt_line (prompt, FALSE, &error);
  if (code == NULL)
    {
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, JG_CREDENTIALS_ERROR,
                                 JG_CREDENTIALS_ERROR_MFA_CODE,
                                 _("No MFA code was entered"));
      return;
    }

  g_task_return_pointer (task, code, (GDestroyNotify) jg_secret_free);
}

/* Parses the options and rejects positional arguments without quoting
 * them, since a user might have typed a secret there. */
static gboolean
parse_without_arguments (JgCli            *cli,
                         GOptionContext   *context,
                         int              *argc,
                         char           ***argv,
                         int              *out_status)
{
  if (!jg_cli_parse_options (cli, context, argc, argv, out_status))
    return FALSE;

  if (*argc > 1)
    {
      *out_status = jg_cli_usage_error (cli,
                                        _("“%s” takes no arguments but got "
                                          "%d: secrets are read from "
                                          "standard input, never from the "
                                          "command line; run it with "
                                          "--help"),
                                        (*argv)[0], *argc - 1);
      return FALSE;
    }

  return TRUE;
}

/* Invalid input and "nothing there" are usage errors (2); the keyring
 * or AWS failing is a runtime failure (1). */
static int
exit_status_for (const GError *error)
{
  if (error->domain == JG_CREDENTIALS_ERROR)
    {
      switch ((JgCredentialsError) error->code)
        {
        case JG_CREDENTIALS_ERROR_NOT_FOUND:
        case JG_CREDENTIALS_ERROR_INVALID_ACCESS_KEY_ID:
        case JG_CREDENTIALS_ERROR_INVALID_SECRET:
        case JG_CREDENTIALS_ERROR_INCOMPLETE:
        case JG_CREDENTIALS_ERROR_INVALID_FILE:
        case JG_CREDENTIALS_ERROR_MFA_CODE:
        case JG_CREDENTIALS_ERROR_INVALID_ROLE:
          return JG_CLI_EXIT_USAGE;
        default:
          return JG_CLI_EXIT_FAILURE;
        }
    }

  return jg_cli_exit_status_for_error (error);
}

static int
fail (JgCli        *cli,
      const GError *error)
{
  jg_cli_fail (cli, error);
  return exit_status_for (error);
}

/* set */

static gboolean
read_key_pair (JgCli   *cli,
               char   **out_access_key_id,
               char   **out_secret,
               int     *out_status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *access_key_id = NULL;
  g_autoptr(SecretText) secret = NULL;
  gboolean terminal = isatty (STDIN_FILENO);

  if (terminal)
    access_key_id = prompt_line (_("Access key id: "), FALSE, &error);
  else
    access_key_id = read_line (STDIN_FILENO, &error);

  if (access_key_id != NULL)
    {
      if (terminal)
        secret = prompt_line (_("Secret access key: "), TRUE, &error);
      else
        secret = read_line (STDIN_FILENO, &error);
    }

  if (error != NULL)
    {
      *out_status = jg_cli_fail (cli, error);
      return FALSE;
    }

  if (access_key_id != NULL)
    g_strstrip (access_key_id);
  if (secret != NULL)
    g_strstrip (secret);

  if (access_key_id == NULL || access_key_id[0] == '\0' || secret == NULL
      || secret[0] == '\0')
    {
      *out_status = jg_cli_usage_error (cli,
                                        _("Standard input must hold the "
                                          "access key id on the first line "
                                          "and the secret access key on the "
                                          "second, for example: printf "
                                          "'%%s\\n%%s\\n' \"$ID\" \"$SECRET\" "
                                          "| jumpgate-cli credentials set "
                                          "--partition aws"));
      return FALSE;
    }

  *out_access_key_id = g_steal_pointer (&access_key_id);
  *out_secret = g_steal_pointer (&secret);
  return TRUE;
}

static int
credentials_set (JgCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autofree char *partition_text = NULL;
  g_autofree char *mfa_device = NULL;
  const GOptionEntry entries[] = {
    { "partition", 0, 0, G_OPTION_ARG_STRING, &partition_text,
      N_("Partition whose admin credentials to store: aws, aws-us-gov or "
         "aws-cn"), N_("P") },
    { "mfa-device", 0, 0, G_OPTION_ARG_STRING, &mfa_device,
      N_("ARN of the admin user's MFA device; with it, AWS calls use a "
         "GetSessionToken session and ask for a code"), N_("ARN") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgCredentialStore) store = NULL;
  g_autoptr(JgAdminCredentials) credentials = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *access_key_id = NULL;
  g_autoptr(SecretText) secret = NULL;
  JgPartition partition;
  int status;

  context = jg_cli_context_new (cli, "",
                                _("Store the admin credentials of a partition "
                                  "in the keyring. Standard input holds the "
                                  "access key id on the first line and the "
                                  "secret access key on the second; on a "
                                  "terminal both are asked for, the secret "
                                  "without echo."),
                                entries);
  if (!parse_without_arguments (cli, context, &argc, &argv, &status))
    return status;

  if (!jg_cli_parse_partition_option (cli, partition_text, &partition, &status))
    return status;

  if (mfa_device != NULL && !jg_validate_mfa_serial (partition, mfa_device,
                                                     &error))
    return fail (cli, error);

  if (!read_key_pair (cli, &access_key_id, &secret, &status))
    return status;

  if (!jg_validate_access_key_id (access_key_id, &error)
      || !jg_validate_secret_access_key (secret, &error))
    return fail (cli, error);

  /* ASIA… keys are temporary and useless without their session token,
   * which the keyring item has no place for. */
  if (g_str_has_prefix (access_key_id, "ASIA"))
    return jg_cli_usage_error (cli,
                               _("The access key id %s is of temporary "
                                 "credentials (ASIA…), which expire and "
                                 "need a session token: store a long-term "
                                 "access key (AKIA…) of an IAM user, or use "
                                 "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY "
                                 "and AWS_SESSION_TOKEN"),
                               access_key_id);

  credentials = jg_admin_credentials_new (access_key_id, secret, mfa_device);
  store = jg_credential_store_new ();
  jg_credential_store_save_async (store, partition, credentials, NULL,
                                  on_async_done_cb, &result);
  if (!jg_credential_store_save_finish (store, wait_for_result (&result),
                                        &error))
    return fail (cli, error);

  if (jg_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "partition");
      json_builder_add_string_value (builder,
                                     jg_partition_to_string (partition));
      json_builder_set_member_name (builder, "access_key_id");
      json_builder_add_string_value (builder, access_key_id);
      json_builder_set_member_name (builder, "mfa_device");
      if (mfa_device != NULL)
        json_builder_add_string_value (builder, mfa_device);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      jg_cli_print_json (cli, root);
    }
  else
    {
      g_print (_("Stored the admin credentials of the %s partition (access "
                 "key %s) in the keyring.\n"),
               jg_partition_to_string (partition), access_key_id);
    }

  return JG_CLI_EXIT_OK;
}

/* test */

static JgStsCallerIdentity *
get_caller_identity (JgAwsClient             *client,
                     const JgAwsCredentials  *credentials,
                     JgPartition              partition,
                     GError                 **error)
{
  g_autoptr(JgAwsTarget) target = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  target = jg_aws_target_new (credentials, partition, NULL, NULL);
  jg_sts_get_caller_identity_async (client, target, NULL, on_async_done_cb,
                                    &result);
  return jg_sts_get_caller_identity_finish (client, wait_for_result (&result),
                                            error);
}

static void
add_identity_members (JsonBuilder               *builder,
                      const JgStsCallerIdentity *identity)
{
  json_builder_set_member_name (builder, "account");
  json_builder_add_string_value (builder, identity->account);
  json_builder_set_member_name (builder, "arn");
  json_builder_add_string_value (builder, identity->arn);
  json_builder_set_member_name (builder, "user_id");
  json_builder_add_string_value (builder, identity->user_id);
}

static void
print_identity (const char                *heading,
                const JgStsCallerIdentity *identity)
{
  g_print ("%s\n", heading);
  g_print (_("  Account:  %s\n"), identity->account);
  g_print (_("  ARN:      %s\n"), identity->arn);
  g_print (_("  User id:  %s\n"), identity->user_id);
}

/* Gets credentials from the session manager and the identity they have. */
static JgStsCallerIdentity *
get_session_identity (JgSessionManager  *manager,
                      JgPartition        partition,
                      const char        *account_id,
                      const char        *admin_role,
                      GError           **error)
{
  g_autoptr(JgAwsCredentials) credentials = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  jg_session_manager_get_credentials_async (manager, partition, account_id,
                                            admin_role, NULL,
                                            on_async_done_cb, &result);
  credentials = jg_session_manager_get_credentials_finish (manager,
                                                           wait_for_result (&result),
                                                           error);
  if (credentials == NULL)
    return NULL;

  return get_caller_identity (jg_session_manager_get_client (manager),
                              credentials, partition, error);
}

static int
credentials_test (JgCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autofree char *partition_text = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *admin_role = NULL;
  g_autofree char *mfa_device = NULL;
  gboolean session = FALSE;
  gboolean no_keyring = FALSE;
  const GOptionEntry entries[] = {
    { "partition", 0, 0, G_OPTION_ARG_STRING, &partition_text,
      N_("Partition whose credentials to test: aws, aws-us-gov or aws-cn"),
      N_("P") },
    { "session", 0, 0, G_OPTION_ARG_NONE, &session,
      N_("Also test the session that commits use: GetSessionToken with an "
         "MFA code (from JUMPGATE_MFA_CODE or the terminal) when the keyring "
         "names an MFA device"), NULL },
    { "mfa-device", 0, 0, G_OPTION_ARG_STRING, &mfa_device,
      N_("MFA device ARN for --session and --account when the credentials "
         "come from the environment or the shared credentials file"),
      N_("ARN") },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_id,
      N_("Also assume the admin role of this target account (12 digits) "
         "and show who that makes you"), N_("ID") },
    { "admin-role", 0, 0, G_OPTION_ARG_STRING, &admin_role,
      N_("Name of the admin role to assume with --account (default: "
         "OrganizationAccountAccessRole)"), N_("NAME") },
    { "no-keyring", 0, 0, G_OPTION_ARG_NONE, &no_keyring,
      N_("Skip the keyring and use only the environment and the shared "
         "credentials file"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgCredentialStore) store = NULL;
  g_autoptr(JgCredentialChain) chain = NULL;
  g_autoptr(JgAwsClient) client = NULL;
  g_autoptr(JgSessionManager) manager = NULL;
  g_autoptr(JgResolvedCredentials) resolved = NULL;
  g_autoptr(JgStsCallerIdentity) identity = NULL;
  g_autoptr(JgStsCallerIdentity) session_identity = NULL;
  g_autoptr(JgStsCallerIdentity) role_identity = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *endpoint_url;
  JgPartition partition;
  int status;

  context = jg_cli_context_new (cli, "",
                                _("Find the admin credentials of a partition "
                                  "(keyring, then AWS_ACCESS_KEY_ID and "
                                  "AWS_SECRET_ACCESS_KEY, then the shared "
                                  "credentials file), call STS "
                                  "GetCallerIdentity with them and print "
                                  "the account, the ARN and where the "
                                  "credentials came from."),
                                entries);
  if (!parse_without_arguments (cli, context, &argc, &argv, &status))
    return status;

  if (!jg_cli_parse_partition_option (cli, partition_text, &partition, &status))
    return status;

  if (mfa_device != NULL && !jg_validate_mfa_serial (partition, mfa_device,
                                                     &error))
    return fail (cli, error);

  if (admin_role != NULL && account_id == NULL)
    return jg_cli_usage_error (cli, _("--admin-role needs --account: give "
                                      "the id of the account whose role to "
                                      "assume"));

  client = jg_aws_client_new ();
  endpoint_url = jg_cli_get_endpoint_url (cli);
  if (endpoint_url != NULL && endpoint_url[0] != '\0'
      && !jg_aws_client_set_endpoint_url (client, endpoint_url, &error))
    {
      jg_cli_fail (cli, error);
      return JG_CLI_EXIT_USAGE;
    }

  if (!no_keyring)
    store = jg_credential_store_new ();
  chain = jg_credential_chain_new (store);

  jg_credential_chain_resolve_async (chain, partition, NULL, on_async_done_cb,
                                     &result);
  resolved = jg_credential_chain_resolve_finish (chain,
                                                 wait_for_result (&result),
                                                 &error);
  if (resolved == NULL)
    return fail (cli, error);

  if (resolved->keyring_error != NULL)
    g_printerr (_("jumpgate-cli: warning: skipped the keyring: %s\n"),
                resolved->keyring_error->message);

  identity = get_caller_identity (client, resolved->credentials, partition,
                                  &error);
  if (identity == NULL)
    return fail (cli, error);

  if (session || account_id != NULL)
    {
      manager = jg_session_manager_new (chain, client);
      jg_session_manager_set_mfa_code_func (manager, jg_cli_mfa_code_func, NULL,
                                            NULL);
      jg_session_manager_set_mfa_device (manager, partition, mfa_device);
    }

  if (session)
    {
      session_identity = get_session_identity (manager, partition, NULL, NULL,
                                               &error);
      if (session_identity == NULL)
        return fail (cli, error);
    }

  if (account_id != NULL)
    {
      role_identity = get_session_identity (manager, partition, account_id,
                                            admin_role, &error);
      if (role_identity == NULL)
        return fail (cli, error);
    }

  if (jg_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "partition");
      json_builder_add_string_value (builder,
                                     jg_partition_to_string (partition));
      add_identity_members (builder, identity);
      json_builder_set_member_name (builder, "access_key_id");
      json_builder_add_string_value (builder,
                                     resolved->credentials->access_key_id);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder,
                                     jg_credential_source_to_string (resolved->source));
      json_builder_set_member_name (builder, "source_description");
      json_builder_add_string_value (builder, resolved->description);
      json_builder_set_member_name (builder, "mfa_device");
      if (resolved->mfa_device_arn != NULL)
        json_builder_add_string_value (builder, resolved->mfa_device_arn);
      else
        json_builder_add_null_value (builder);
      if (session_identity != NULL)
        {
          json_builder_set_member_name (builder, "session");
          json_builder_begin_object (builder);
          add_identity_members (builder, session_identity);
          json_builder_end_object (builder);
        }
      if (role_identity != NULL)
        {
          json_builder_set_member_name (builder, "assumed_role");
          json_builder_begin_object (builder);
          add_identity_members (builder, role_identity);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      jg_cli_print_json (cli, root);
      return JG_CLI_EXIT_OK;
    }

  print_identity (_("The credentials work:"), identity);
  g_print (_("  Source:   %s (%s)\n"),
           jg_credential_source_to_string (resolved->source),
           resolved->description);
  g_print (_("  Key:      %s\n"), resolved->credentials->access_key_id);
  if (resolved->mfa_device_arn != NULL)
    g_print (_("  MFA:      %s\n"), resolved->mfa_device_arn);
  if (session_identity != NULL)
    print_identity (_("Session for commits:"), session_identity);
  if (role_identity != NULL)
    print_identity (_("Admin role:"), role_identity);

  return JG_CLI_EXIT_OK;
}

/* remove */

static int
credentials_remove (JgCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autofree char *partition_text = NULL;
  const GOptionEntry entries[] = {
    { "partition", 0, 0, G_OPTION_ARG_STRING, &partition_text,
      N_("Partition whose keyring item to remove: aws, aws-us-gov or "
         "aws-cn"), N_("P") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgCredentialStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JgPartition partition;
  int status;

  context = jg_cli_context_new (cli, "",
                                _("Remove the admin credentials of a "
                                  "partition from the keyring. Exits with 2 "
                                  "when there were none."),
                                entries);
  if (!parse_without_arguments (cli, context, &argc, &argv, &status))
    return status;

  if (!jg_cli_parse_partition_option (cli, partition_text, &partition, &status))
    return status;

  store = jg_credential_store_new ();
  jg_credential_store_clear_async (store, partition, NULL, on_async_done_cb,
                                   &result);
  if (!jg_credential_store_clear_finish (store, wait_for_result (&result),
                                         &error))
    return fail (cli, error);

  if (!jg_cli_get_json (cli))
    g_print (_("Removed the admin credentials of the %s partition from the "
               "keyring.\n"), jg_partition_to_string (partition));
  else
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "partition");
      json_builder_add_string_value (builder,
                                     jg_partition_to_string (partition));
      json_builder_set_member_name (builder, "removed");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      jg_cli_print_json (cli, root);
    }

  return JG_CLI_EXIT_OK;
}

int
jg_cli_cmd_credentials (JgCli  *cli,
                        int     argc,
                        char  **argv)
{
  static const JgCliVerb verbs[] = {
    { "set", credentials_set, "--partition P [--mfa-device ARN] < KEYS",
      N_("Store admin credentials in the keyring, read from standard input") },
    { "test", credentials_test, "--partition P",
      N_("Check which credentials are used and who they belong to") },
    { "remove", credentials_remove, "--partition P",
      N_("Remove the admin credentials of a partition from the keyring") },
  };

  return jg_cli_dispatch_verb (cli, verbs, G_N_ELEMENTS (verbs), argc, argv);
}
