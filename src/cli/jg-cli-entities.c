/* jg-cli-entities.c: partition, account, role, person and principal
 * commands of jumpgate-cli.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <errno.h>
#include <glib/gi18n.h>

#include "jg-cli-private.h"

/* Opens the store and runs the parser; on failure returns FALSE with the
 * exit status in *out_status. */
static gboolean
parse_and_open (JgCli            *cli,
                GOptionContext   *context,
                int              *argc,
                char           ***argv,
                int               n_positional,
                JgStore         **out_store,
                int              *out_status)
{
  g_autoptr(GError) error = NULL;

  if (!jg_cli_parse_options (cli, context, argc, argv, out_status))
    return FALSE;

  if (*argc - 1 != n_positional)
    {
      *out_status = jg_cli_usage_error (cli,
                                        g_dngettext (GETTEXT_PACKAGE,
                                                     "“%s” expects %d "
                                                     "argument, but got %d: "
                                                     "run it with --help",
                                                     "“%s” expects %d "
                                                     "arguments, but got %d: "
                                                     "run it with --help",
                                                     (gulong) n_positional),
                                        (*argv)[0], n_positional, *argc - 1);
      return FALSE;
    }

  *out_store = jg_cli_open_store (cli, &error);
  if (*out_store == NULL)
    {
      *out_status = jg_cli_fail (cli, error);
      return FALSE;
    }

  return TRUE;
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static GPtrArray *
table_new (const char *first_header,
           ...) G_GNUC_NULL_TERMINATED;

static GPtrArray *
table_new (const char *first_header,
           ...)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GStrvBuilder) header = g_strv_builder_new ();
  const char *cell;
  va_list args;

  va_start (args, first_header);
  for (cell = first_header; cell != NULL; cell = va_arg (args, const char *))
    g_strv_builder_add (header, cell);
  va_end (args);

  g_ptr_array_add (rows, g_strv_builder_end (header));
  return rows;
}

static void
table_add_row (GPtrArray  *rows,
               const char *first,
               ...)
{
  g_autoptr(GStrvBuilder) row = g_strv_builder_new ();
  guint n_columns = g_strv_length (g_ptr_array_index (rows, 0));
  va_list args;

  va_start (args, first);
  g_strv_builder_add (row, first != NULL ? first : "");
  for (guint i = 1; i < n_columns; i++)
    {
      const char *cell = va_arg (args, const char *);

      g_strv_builder_add (row, cell != NULL ? cell : "");
    }
  va_end (args);

  g_ptr_array_add (rows, g_strv_builder_end (row));
}

static void
table_print (GPtrArray *rows)
{
  jg_cli_print_table (rows, g_strv_length (g_ptr_array_index (rows, 0)));
}

static gboolean
parse_int_option (JgCli       *cli,
                  const char  *option,
                  const char  *text,
                  int         *out_value,
                  int         *out_status)
{
  char *end = NULL;
  gint64 value;

  errno = 0;
  value = g_ascii_strtoll (text, &end, 10);
  if (text[0] == '\0' || *end != '\0' || errno != 0 || value < G_MININT
      || value > G_MAXINT)
    {
      *out_status = jg_cli_usage_error (cli, _("%s “%s” is not a whole "
                                               "number"), option, text);
      return FALSE;
    }

  *out_value = (int) value;
  return TRUE;
}

/* partition */

static int
partition_add (JgCli  *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *jump_account = NULL;
  g_autofree char *region = NULL;
  g_autofree char *alias = NULL;
  const GOptionEntry entries[] = {
    { "jump-account", 0, 0, G_OPTION_ARG_STRING, &jump_account,
      N_("Id of the account that holds the principals (12 digits)"),
      N_("ID") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &region,
      N_("Default region of the partition (default: us-east-1, "
         "us-gov-west-1 or cn-north-1)"), N_("REGION") },
    { "alias", 0, 0, G_OPTION_ARG_STRING, &alias,
      N_("Account alias of the jump account, shown in sign-in URLs"),
      N_("ALIAS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  JgJumpAccount jump = { 0 };
  int status;

  context = jg_cli_context_new (cli, "aws|aws-us-gov|aws-cn",
                                _("Add the jump account of a partition."),
                                entries);
  if (!parse_and_open (cli, context, &argc, &argv, 1, &store, &status))
    return status;

  if (!jg_partition_from_string (argv[1], &jump.partition, &error))
    return jg_cli_fail (cli, error);

  if (jump_account == NULL)
    return jg_cli_usage_error (cli, _("--jump-account is required: give the "
                                      "12-digit id of the account that holds "
                                      "the principals"));

  jump.account_id = jump_account;
  jump.region = region != NULL ? region
                : (char *) jg_partition_default_region (jump.partition);
  jump.alias = alias;

  if (!jg_store_add_jump_account (store, &jump, &error))
    return jg_cli_fail (cli, error);

  return JG_CLI_EXIT_OK;
}

static int
partition_list (JgCli  *cli,
                int     argc,
                char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) jumps = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = jg_cli_context_new (cli, NULL, _("List the partitions and their "
                                             "jump accounts."), NULL);
  if (!parse_and_open (cli, context, &argc, &argv, 0, &store, &status))
    return status;

  jumps = jg_store_list_jump_accounts (store, &error);
  if (jumps == NULL)
    return jg_cli_fail (cli, error);

  if (jg_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < jumps->len; i++)
        {
          JgJumpAccount *jump = g_ptr_array_index (jumps, i);

          json_builder_begin_object (builder);
          add_string_member (builder, "partition",
                             jg_partition_to_string (jump->partition));
          add_string_member (builder, "jump_account_id", jump->account_id);
          add_string_member (builder, "region", jump->region);
          add_string_member (builder, "alias", jump->alias);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      jg_cli_print_json (cli, root);
    }
  else
    {
      g_autoptr(GPtrArray) rows = table_new (_("PARTITION"),
                                             _("JUMP ACCOUNT"), _("REGION"),
                                             _("ALIAS"), NULL);

      for (guint i = 0; i < jumps->len; i++)
        {
          JgJumpAccount *jump = g_ptr_array_index (jumps, i);

          table_add_row (rows, jg_partition_to_string (jump->partition),
                         jump->account_id, jump->region, jump->alias);
        }
      table_print (rows);
    }

  return JG_CLI_EXIT_OK;
}

static int
partition_remove (JgCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  JgPartition partition;
  int status;

  context = jg_cli_context_new (cli, "aws|aws-us-gov|aws-cn",
                                _("Remove a partition's jump account. "
                                  "Its accounts and principals must be "
                                  "removed first."), NULL);
  if (!parse_and_open (cli, context, &argc, &argv, 1, &store, &status))
    return status;

  if (!jg_partition_from_string (argv[1], &partition, &error)
      || !jg_store_remove_jump_account (store, partition, &error))
    return jg_cli_fail (cli, error);

  return JG_CLI_EXIT_OK;
}

int
jg_cli_cmd_partition (JgCli  *cli,
                      int     argc,
                      char  **argv)
{
  static const JgCliVerb verbs[] = {
    { "add", partition_add, "aws|aws-us-gov|aws-cn --jump-account ID",
      N_("Add the jump account of a partition") },
    { "list", partition_list, "", N_("List partitions") },
    { "remove", partition_remove, "aws|aws-us-gov|aws-cn",
      N_("Remove a partition") },
  };

  return jg_cli_dispatch_verb (cli, verbs, G_N_ELEMENTS (verbs), argc, argv);
}

/* account */

static int
account_add (JgCli  *cli,
             int     argc,
             char  **argv)
{
  g_autofree char *partition_text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *environment = NULL;
  g_autofree char *color = NULL;
  g_autofree char *admin_role = NULL;
  g_autofree char *limit_text = NULL;
  g_autofree char *alias = NULL;
  g_autofree char *region = NULL;
  const GOptionEntry entries[] = {
    { "partition", 0, 0, G_OPTION_ARG_STRING, &partition_text,
      N_("Partition of the account: aws, aws-us-gov or aws-cn"), N_("P") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      N_("Name shown to people, for example payments-prod"), N_("NAME") },
    { "environment", 0, 0, G_OPTION_ARG_STRING, &environment,
      N_("Environment label, for example DEV, TEST or PROD"), N_("ENV") },
    { "color", 0, 0, G_OPTION_ARG_STRING, &color,
      N_("Colour of the account in switch-role menus, 6 hex digits"),
      N_("RRGGBB") },
    { "admin-role", 0, 0, G_OPTION_ARG_STRING, &admin_role,
      N_("Role Jumpgate assumes to write trust policies (default: "
         "OrganizationAccountAccessRole)"), N_("NAME") },
    { "trust-policy-limit", 0, 0, G_OPTION_ARG_STRING, &limit_text,
      N_("Trust policy size quota of the account in characters, 2048 to "
         "4096 (default: 2048)"), N_("N") },
    { "alias", 0, 0, G_OPTION_ARG_STRING, &alias,
      N_("Account alias, when the account has one"), N_("ALIAS") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &region,
      N_("Region the console and CLI profiles open in"), N_("REGION") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  JgAccount account = { 0 };
  int status;

  context = jg_cli_context_new (cli, "ID", _("Add a target account."),
                                entries);
  if (!parse_and_open (cli, context, &argc, &argv, 1, &store, &status))
    return status;

  if (!jg_cli_parse_partition_option (cli, partition_text, &account.partition,
                               &status))
    return status;

  if (name == NULL)
    return jg_cli_usage_error (cli, _("--name is required: give the name "
                                      "people know the account by"));

  account.id = argv[1];
  account.name = name;
  account.environment = environment != NULL ? environment : (char *) "";
  account.color = color;
  account.admin_role = admin_role != NULL ? admin_role
                       : (char *) JG_DEFAULT_ADMIN_ROLE;
  account.trust_policy_limit = JG_TRUST_POLICY_DEFAULT_LIMIT;
  account.alias = alias;
  account.region = region;

  if (limit_text != NULL
      && !parse_int_option (cli, "--trust-policy-limit", limit_text,
                            &account.trust_policy_limit, &status))
    return status;

  if (!jg_store_add_account (store, &account, &error))
    return jg_cli_fail (cli, error);

  return JG_CLI_EXIT_OK;
}

static int
account_list (JgCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = jg_cli_context_new (cli, NULL, _("List target accounts."), NULL);
  if (!parse_and_open (cli, context, &argc, &argv, 0, &store, &status))
    return status;

  accounts = jg_store_list_accounts (store, &error);
  if (accounts == NULL)
    return jg_cli_fail (cli, error);

  if (jg_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < accounts->len; i++)
        {
          JgAccount *account = g_ptr_array_index (accounts, i);

          json_builder_begin_object (builder);
          add_string_member (builder, "id", account->id);
          add_string_member (builder, "partition",
                             jg_partition_to_string (account->partition));
          add_string_member (builder, "name", account->name);
          add_string_member (builder, "environment", account->environment);
          add_string_member (builder, "color", account->color);
          add_string_member (builder, "admin_role", account->admin_role);
          json_builder_set_member_name (builder, "trust_policy_limit");
          json_builder_add_int_value (builder, account->trust_policy_limit);
          add_string_member (builder, "alias", account->alias);
          add_string_member (builder, "region", account->region);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      jg_cli_print_json (cli, root);
    }
  else
    {
      g_autoptr(GPtrArray) rows = table_new (_("ID"), _("PARTITION"),
                                             _("NAME"), _("ENVIRONMENT"),
                                             _("COLOR"), _("ADMIN ROLE"),
                                             NULL);

      for (guint i = 0; i < accounts->len; i++)
        {
          JgAccount *account = g_ptr_array_index (accounts, i);

          table_add_row (rows, account->id,
                         jg_partition_to_string (account->partition),
                         account->name, account->environment, account->color,
                         account->admin_role);
        }
      table_print (rows);
    }

  return JG_CLI_EXIT_OK;
}

static int
account_remove (JgCli  *cli,
                int     argc,
                char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = jg_cli_context_new (cli, "ID",
                                _("Remove a target account and its roles. "
                                  "Its grants must be revoked first."), NULL);
  if (!parse_and_open (cli, context, &argc, &argv, 1, &store, &status))
    return status;

  if (!jg_store_remove_account (store, argv[1], &error))
    return jg_cli_fail (cli, error);

  return JG_CLI_EXIT_OK;
}

int
jg_cli_cmd_account (JgCli  *cli,
                    int     argc,
                    char  **argv)
{
  static const JgCliVerb verbs[] = {
    { "add", account_add, "ID --partition P --name NAME",
      N_("Add a target account") },
    { "list", account_list, "", N_("List target accounts") },
    { "remove", account_remove, "ID", N_("Remove a target account") },
  };

  return jg_cli_dispatch_verb (cli, verbs, G_N_ELEMENTS (verbs), argc, argv);
}

/* role */

static int
role_add (JgCli  *cli,
          int     argc,
          char  **argv)
{
  g_autofree char *path = NULL;
  gboolean no_mfa = FALSE;
  const GOptionEntry entries[] = {
    { "path", 0, 0, G_OPTION_ARG_STRING, &path,
      N_("IAM path of the role, / or /a/b/ (default: /)"), N_("PATH") },
    { "no-mfa", 0, 0, G_OPTION_ARG_NONE, &no_mfa,
      N_("Let principals assume the role without MFA (default: MFA "
         "required)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JgRole) role = g_new0 (JgRole, 1);
  int status;

  context = jg_cli_context_new (cli, "ACCOUNT_ID NAME",
                                _("Add a role of a target account. The role "
                                  "must exist in AWS; Jumpgate only manages "
                                  "its trust policy."), entries);
  if (!parse_and_open (cli, context, &argc, &argv, 2, &store, &status))
    return status;

  role->account_id = g_strdup (argv[1]);
  role->name = g_strdup (argv[2]);
  role->path = g_strdup (path != NULL ? path : "/");
  role->require_mfa = !no_mfa;

  if (!jg_store_add_role (store, role, &error))
    return jg_cli_fail (cli, error);

  if (!jg_cli_get_json (cli))
    g_print ("%s\n", role->arn);

  return JG_CLI_EXIT_OK;
}

static int
role_list (JgCli  *cli,
           int     argc,
           char  **argv)
{
  g_autofree char *account_id = NULL;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account_id,
      N_("List only the roles of this account"), N_("ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = jg_cli_context_new (cli, NULL, _("List roles."), entries);
  if (!parse_and_open (cli, context, &argc, &argv, 0, &store, &status))
    return status;

  if (account_id != NULL && !jg_validate_account_id (account_id, &error))
    return jg_cli_fail (cli, error);

  roles = jg_store_list_roles (store, account_id, &error);
  if (roles == NULL)
    return jg_cli_fail (cli, error);

  if (jg_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < roles->len; i++)
        {
          JgRole *role = g_ptr_array_index (roles, i);

          json_builder_begin_object (builder);
          add_string_member (builder, "arn", role->arn);
          add_string_member (builder, "partition",
                             jg_partition_to_string (role->partition));
          add_string_member (builder, "account_id", role->account_id);
          add_string_member (builder, "name", role->name);
          add_string_member (builder, "path", role->path);
          json_builder_set_member_name (builder, "require_mfa");
          json_builder_add_boolean_value (builder, role->require_mfa);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      jg_cli_print_json (cli, root);
    }
  else
    {
      g_autoptr(GPtrArray) rows = table_new (_("ARN"), _("MFA"), NULL);

      for (guint i = 0; i < roles->len; i++)
        {
          JgRole *role = g_ptr_array_index (roles, i);

          table_add_row (rows, role->arn,
                         role->require_mfa ? _("required") : _("not required"));
        }
      table_print (rows);
    }

  return JG_CLI_EXIT_OK;
}

static int
role_remove (JgCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = jg_cli_context_new (cli, "ROLE_ARN",
                                _("Remove a role from Jumpgate (not from "
                                  "AWS). Its grants must be revoked first."),
                                NULL);
  if (!parse_and_open (cli, context, &argc, &argv, 1, &store, &status))
    return status;

  if (!jg_store_remove_role (store, argv[1], &error))
    return jg_cli_fail (cli, error);

  return JG_CLI_EXIT_OK;
}

int
jg_cli_cmd_role (JgCli  *cli,
                 int     argc,
                 char  **argv)
{
  static const JgCliVerb verbs[] = {
    { "add", role_add, "ACCOUNT_ID NAME [--path /p/] [--no-mfa]",
      N_("Add a role") },
    { "list", role_list, "[--account ID]", N_("List roles") },
    { "remove", role_remove, "ROLE_ARN", N_("Remove a role") },
  };

  return jg_cli_dispatch_verb (cli, verbs, G_N_ELEMENTS (verbs), argc, argv);
}

/* person */

static int
person_add (JgCli  *cli,
            int     argc,
            char  **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      N_("Full name of the person"), N_("NAME") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email,
      N_("Email address of the person"), N_("ADDRESS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  JgPerson person = { 0 };
  int status;

  context = jg_cli_context_new (cli, "HANDLE",
                                _("Add a person. The handle is short, "
                                  "unique and names their exported "
                                  "configuration files."), entries);
  if (!parse_and_open (cli, context, &argc, &argv, 1, &store, &status))
    return status;

  if (name == NULL)
    return jg_cli_usage_error (cli, _("--name is required: give the "
                                      "person's full name"));

  person.handle = argv[1];
  person.name = name;
  person.email = email;
  if (!jg_store_add_person (store, &person, &error))
    return jg_cli_fail (cli, error);

  return JG_CLI_EXIT_OK;
}

static int
person_list (JgCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = jg_cli_context_new (cli, NULL, _("List persons."), NULL);
  if (!parse_and_open (cli, context, &argc, &argv, 0, &store, &status))
    return status;

  persons = jg_store_list_persons (store, &error);
  if (persons == NULL)
    return jg_cli_fail (cli, error);

  if (jg_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < persons->len; i++)
        {
          JgPerson *person = g_ptr_array_index (persons, i);

          json_builder_begin_object (builder);
          add_string_member (builder, "handle", person->handle);
          add_string_member (builder, "name", person->name);
          add_string_member (builder, "email", person->email);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      jg_cli_print_json (cli, root);
    }
  else
    {
      g_autoptr(GPtrArray) rows = table_new (_("HANDLE"), _("NAME"),
                                             _("EMAIL"), NULL);

      for (guint i = 0; i < persons->len; i++)
        {
          JgPerson *person = g_ptr_array_index (persons, i);

          table_add_row (rows, person->handle, person->name, person->email);
        }
      table_print (rows);
    }

  return JG_CLI_EXIT_OK;
}

static int
person_remove (JgCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = jg_cli_context_new (cli, "HANDLE",
                                _("Remove a person and their principals. "
                                  "Their grants must be revoked first."),
                                NULL);
  if (!parse_and_open (cli, context, &argc, &argv, 1, &store, &status))
    return status;

  if (!jg_validate_handle (argv[1], &error)
      || !jg_store_remove_person (store, argv[1], &error))
    return jg_cli_fail (cli, error);

  return JG_CLI_EXIT_OK;
}

int
jg_cli_cmd_person (JgCli  *cli,
                   int     argc,
                   char  **argv)
{
  static const JgCliVerb verbs[] = {
    { "add", person_add, "HANDLE --name \"Full Name\" [--email ADDRESS]",
      N_("Add a person") },
    { "list", person_list, "", N_("List persons") },
    { "remove", person_remove, "HANDLE", N_("Remove a person") },
  };

  return jg_cli_dispatch_verb (cli, verbs, G_N_ELEMENTS (verbs), argc, argv);
}

/* principal */

static int
principal_add (JgCli  *cli,
               int     argc,
               char  **argv)
{
  g_autofree char *partition_text = NULL;
  g_autofree char *user_name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *mfa_serial = NULL;
  const GOptionEntry entries[] = {
    { "partition", 0, 0, G_OPTION_ARG_STRING, &partition_text,
      N_("Partition of the principal: aws, aws-us-gov or aws-cn"), N_("P") },
    { "user-name", 0, 0, G_OPTION_ARG_STRING, &user_name,
      N_("IAM user name in the partition's jump account"), N_("NAME") },
    { "path", 0, 0, G_OPTION_ARG_STRING, &path,
      N_("IAM path of the user, / or /a/b/ (default: /)"), N_("PATH") },
    { "mfa-serial", 0, 0, G_OPTION_ARG_STRING, &mfa_serial,
      N_("ARN of the user's MFA device, written into AWS CLI profiles"),
      N_("ARN") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JgPrincipal) principal = g_new0 (JgPrincipal, 1);
  int status;

  context = jg_cli_context_new (cli, "HANDLE",
                                _("Add a person's principal: the IAM user "
                                  "they sign in as in a jump account."),
                                entries);
  if (!parse_and_open (cli, context, &argc, &argv, 1, &store, &status))
    return status;

  if (!jg_cli_parse_partition_option (cli, partition_text, &principal->partition,
                               &status))
    return status;

  if (user_name == NULL)
    return jg_cli_usage_error (cli, _("--user-name is required: give the "
                                      "IAM user name in the jump account"));

  principal->handle = g_strdup (argv[1]);
  principal->user_name = g_strdup (user_name);
  principal->path = g_strdup (path != NULL ? path : "/");
  principal->mfa_serial = g_strdup (mfa_serial);

  if (!jg_store_add_principal (store, principal, &error))
    return jg_cli_fail (cli, error);

  if (!jg_cli_get_json (cli))
    g_print ("%s\n", principal->arn);

  return JG_CLI_EXIT_OK;
}

static int
principal_list (JgCli  *cli,
                int     argc,
                char  **argv)
{
  g_autofree char *handle = NULL;
  const GOptionEntry entries[] = {
    { "person", 0, 0, G_OPTION_ARG_STRING, &handle,
      N_("List only the principals of this person"), N_("HANDLE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) principals = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = jg_cli_context_new (cli, NULL, _("List principals."), entries);
  if (!parse_and_open (cli, context, &argc, &argv, 0, &store, &status))
    return status;

  principals = jg_store_list_principals (store, handle, &error);
  if (principals == NULL)
    return jg_cli_fail (cli, error);

  if (jg_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < principals->len; i++)
        {
          JgPrincipal *principal = g_ptr_array_index (principals, i);

          json_builder_begin_object (builder);
          add_string_member (builder, "arn", principal->arn);
          add_string_member (builder, "handle", principal->handle);
          add_string_member (builder, "partition",
                             jg_partition_to_string (principal->partition));
          add_string_member (builder, "user_name", principal->user_name);
          add_string_member (builder, "path", principal->path);
          add_string_member (builder, "mfa_serial", principal->mfa_serial);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      jg_cli_print_json (cli, root);
    }
  else
    {
      g_autoptr(GPtrArray) rows = table_new (_("HANDLE"), _("ARN"),
                                             _("MFA DEVICE"), NULL);

      for (guint i = 0; i < principals->len; i++)
        {
          JgPrincipal *principal = g_ptr_array_index (principals, i);

          table_add_row (rows, principal->handle, principal->arn,
                         principal->mfa_serial);
        }
      table_print (rows);
    }

  return JG_CLI_EXIT_OK;
}

static int
principal_remove (JgCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = jg_cli_context_new (cli, "PRINCIPAL_ARN",
                                _("Remove a principal from Jumpgate (not "
                                  "from AWS). Its grants must be revoked "
                                  "first."), NULL);
  if (!parse_and_open (cli, context, &argc, &argv, 1, &store, &status))
    return status;

  if (!jg_store_remove_principal (store, argv[1], &error))
    return jg_cli_fail (cli, error);

  return JG_CLI_EXIT_OK;
}

int
jg_cli_cmd_principal (JgCli  *cli,
                      int     argc,
                      char  **argv)
{
  static const JgCliVerb verbs[] = {
    { "add", principal_add,
      "HANDLE --partition P --user-name NAME [--path /p/]",
      N_("Add a principal") },
    { "list", principal_list, "[--person HANDLE]", N_("List principals") },
    { "remove", principal_remove, "PRINCIPAL_ARN",
      N_("Remove a principal") },
  };

  return jg_cli_dispatch_verb (cli, verbs, G_N_ELEMENTS (verbs), argc, argv);
}
