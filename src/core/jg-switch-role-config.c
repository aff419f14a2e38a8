/* jg-switch-role-config.c: each person's switch-role configuration.
 *
 * Both formats share one layout. For each partition where the person has
 * a principal and at least one role can be written, the jump account's
 * profile comes first and the role profiles follow it, each with
 * `source_profile` naming the jump profile. Partitions are separated by
 * one blank line and the text starts with one comment line naming the
 * person's handle.
 *
 * Profile names:
 *
 * - A jump profile is `jump-` and the partition, for example `jump-aws`.
 * - A role profile is ACCOUNT/ROLE, from the account's name and the role's
 *   name, for example `payments-prod/Developer`. ACCOUNT never contains
 *   `/`, so a role profile never has a jump profile's name.
 * - In the extension's text ACCOUNT keeps Unicode and single inner spaces,
 *   because the popup shows the name. `; # = [ ] /` and control and format
 *   characters become `-`, and other Unicode spaces become plain spaces.
 * - In the AWS CLI file both parts are transliterated to ASCII and keep
 *   only letters, digits and `. _ + @ -`, because the name is typed after
 *   `--profile` and botocore splits section names with shlex.
 * - When a part comes out empty it is replaced by the account id.
 * - When several roles would get the same name, all of them carry the
 *   account id, ACCOUNT-123456789012/ROLE, so no role's name depends on
 *   the order of the input. A name still taken after that gets -2, -3 …
 *   in profile order.
 *
 * Profiles are ordered by partition, account name, role name, then
 * account id. Names compare with ASCII case ignored, then byte by byte,
 * so the output does not depend on the locale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "jg-lz-string.h"
#include "jg-switch-role-config.h"

G_DEFINE_QUARK (jg-switch-role-config-error-quark, jg_switch_role_config_error)

struct _JgSwitchRoleInput
{
  JgPerson      *person;
  JgJumpAccount *jump_accounts[JG_N_PARTITIONS];
  JgPrincipal   *principals[JG_N_PARTITIONS];
  GPtrArray     *roles;   /* of RoleEntry */
};

typedef struct
{
  JgAccount *account;
  JgRole    *role;
} RoleEntry;

/* One role profile on its way to the output. */
typedef struct
{
  const JgAccount *account;
  const JgRole    *role;
  char            *name;
} Target;

static void
role_entry_free (RoleEntry *entry)
{
  g_clear_pointer (&entry->account, jg_account_free);
  g_clear_pointer (&entry->role, jg_role_free);
  g_free (entry);
}

static void
target_free (Target *target)
{
  g_free (target->name);
  g_free (target);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Target, target_free)

/* Format names and file suffixes */

static const struct
{
  const char *name;
  const char *suffix;
} formats[] = {
  [JG_SWITCH_ROLE_FORMAT_AESR] = { "aesr", ".aesr" },
  [JG_SWITCH_ROLE_FORMAT_AWS_CLI] = { "aws-cli", ".aws-config" },
};

const char *
jg_switch_role_format_to_string (JgSwitchRoleFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (formats), NULL);

  return formats[format].name;
}

gboolean
jg_switch_role_format_from_string (const char          *text,
                                   JgSwitchRoleFormat  *out_format,
                                   GError             **error)
{
  g_return_val_if_fail (out_format != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (g_strcmp0 (text, formats[i].name) == 0)
        {
          *out_format = (JgSwitchRoleFormat) i;
          return TRUE;
        }
    }

  g_set_error (error, JG_SWITCH_ROLE_CONFIG_ERROR,
               JG_SWITCH_ROLE_CONFIG_ERROR_INVALID_FORMAT,
               _("“%s” is not a configuration format: use aesr or aws-cli"),
               text != NULL ? text : "");
  return FALSE;
}

const char *
jg_switch_role_format_get_suffix (JgSwitchRoleFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (formats), NULL);

  return formats[format].suffix;
}

/* Input */

JgSwitchRoleInput *
jg_switch_role_input_new (const JgPerson *person)
{
  JgSwitchRoleInput *input;

  g_return_val_if_fail (person != NULL, NULL);

  input = g_new0 (JgSwitchRoleInput, 1);
  input->person = jg_person_copy (person);
  input->roles = g_ptr_array_new_with_free_func ((GDestroyNotify) role_entry_free);

  return input;
}

void
jg_switch_role_input_free (JgSwitchRoleInput *input)
{
  if (input == NULL)
    return;

  g_clear_pointer (&input->person, jg_person_free);
  for (guint i = 0; i < JG_N_PARTITIONS; i++)
    {
      g_clear_pointer (&input->jump_accounts[i], jg_jump_account_free);
      g_clear_pointer (&input->principals[i], jg_principal_free);
    }
  g_clear_pointer (&input->roles, g_ptr_array_unref);
  g_free (input);
}

/* Sets the jump account of JUMP_ACCOUNT's partition and the person's
 * principal in it, replacing earlier ones. PRINCIPAL may be NULL when the
 * person has no IAM user in that partition; its roles are then left out
 * with a warning. */
void
jg_switch_role_input_set_partition (JgSwitchRoleInput   *input,
                                    const JgJumpAccount *jump_account,
                                    const JgPrincipal   *principal)
{
  JgPartition partition;

  g_return_if_fail (input != NULL);
  g_return_if_fail (jump_account != NULL);
  g_return_if_fail (jump_account->partition < JG_N_PARTITIONS);
  g_return_if_fail (principal == NULL
                    || principal->partition == jump_account->partition);

  partition = jump_account->partition;
  g_clear_pointer (&input->jump_accounts[partition], jg_jump_account_free);
  g_clear_pointer (&input->principals[partition], jg_principal_free);
  input->jump_accounts[partition] = jg_jump_account_copy (jump_account);
  if (principal != NULL)
    input->principals[partition] = jg_principal_copy (principal);
}

/* Adds one granted ROLE and the ACCOUNT that contains it. */
void
jg_switch_role_input_add_role (JgSwitchRoleInput *input,
                               const JgAccount   *account,
                               const JgRole      *role)
{
  RoleEntry *entry;

  g_return_if_fail (input != NULL);
  g_return_if_fail (account != NULL);
  g_return_if_fail (role != NULL);

  entry = g_new0 (RoleEntry, 1);
  entry->account = jg_account_copy (account);
  entry->role = jg_role_copy (role);
  g_ptr_array_add (input->roles, entry);
}

/* Profile names */

/* Characters that end or split a name in the extension's dialect, and '/',
 * which separates the account from the role in a profile name. */
static gboolean
is_aesr_reserved (gunichar c)
{
  return c == ';' || c == '#' || c == '=' || c == '[' || c == ']' || c == '/';
}

static gboolean
is_odd_character (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Appends C to NAME, never starting the name with a space or '-' and never
 * repeating one, so that replacements collapse into one separator. */
static void
append_name_char (GString  *name,
                  gunichar  c)
{
  if (c == ' ' || c == '-')
    {
      char last = name->len > 0 ? name->str[name->len - 1] : '\0';

      if (last == '\0' || last == ' ' || last == '-')
        return;
    }

  g_string_append_unichar (name, c);
}

static void
trim_name_end (GString *name)
{
  while (name->len > 0
         && (name->str[name->len - 1] == ' ' || name->str[name->len - 1] == '-'))
    g_string_truncate (name, name->len - 1);
}

static char *
sanitize_aesr_part (const char *text)
{
  g_autoptr(GString) name = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* JavaScript's trim() and \s also strip no-break and other Unicode
       * spaces, so they become plain spaces here. */
      if (g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR)
        append_name_char (name, ' ');
      else if (is_aesr_reserved (c) || is_odd_character (c))
        append_name_char (name, '-');
      else
        append_name_char (name, c);
    }

  trim_name_end (name);
  return g_string_free (g_steal_pointer (&name), FALSE);
}

static char *
sanitize_cli_part (const char *text)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *ascii = g_str_to_ascii (text, "C");

  for (const char *p = ascii; *p != '\0'; p++)
    {
      char c = *p;

      if (g_ascii_isalnum (c) || c == '.' || c == '_' || c == '+' || c == '@')
        append_name_char (name, (gunichar) c);
      else
        append_name_char (name, '-');
    }

  trim_name_end (name);
  return g_string_free (g_steal_pointer (&name), FALSE);
}

static char *
build_profile_name (const Target       *target,
                    JgSwitchRoleFormat  format,
                    gboolean            with_account_id)
{
  char *(*sanitize) (const char *) = format == JG_SWITCH_ROLE_FORMAT_AESR
                                     ? sanitize_aesr_part : sanitize_cli_part;
  g_autofree char *account = sanitize (target->account->name != NULL
                                       ? target->account->name : "");
  g_autofree char *role = sanitize (target->role->name);

  if (account[0] == '\0')
    {
      g_free (account);
      account = g_strdup (target->account->id);
    }
  else if (with_account_id)
    {
      g_autofree char *plain = g_steal_pointer (&account);

      account = g_strdup_printf ("%s-%s", plain, target->account->id);
    }

  if (role[0] == '\0')
    {
      g_free (role);
      role = g_strdup (target->account->id);
    }

  return g_strconcat (account, "/", role, NULL);
}

static char *
jump_profile_name (JgPartition partition)
{
  return g_strconcat ("jump-", jg_partition_to_string (partition), NULL);
}

/* Gives every target its profile name, unique in TARGETS, which must be
 * in output order. */
static void
name_targets (GPtrArray          *targets,
              JgSwitchRoleFormat  format)
{
  g_autoptr(GPtrArray) plain_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < targets->len; i++)
    {
      char *name = build_profile_name (g_ptr_array_index (targets, i), format,
                                       FALSE);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));

      g_ptr_array_add (plain_names, name);
      g_hash_table_insert (counts, name, GUINT_TO_POINTER (count + 1));
    }

  for (guint i = 0; i < targets->len; i++)
    {
      Target *target = g_ptr_array_index (targets, i);
      const char *plain = g_ptr_array_index (plain_names, i);

      if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, plain)) > 1)
        target->name = build_profile_name (target, format, TRUE);
      else
        target->name = g_strdup (plain);

      /* Only a pathological set of names is still taken here, for example
       * an account literally named like another one plus its id. */
      if (g_hash_table_contains (taken, target->name))
        {
          g_autofree char *stem = g_steal_pointer (&target->name);

          for (guint n = 2; target->name == NULL; n++)
            {
              g_autofree char *candidate = g_strdup_printf ("%s-%u", stem, n);

              if (!g_hash_table_contains (taken, candidate))
                target->name = g_steal_pointer (&candidate);
            }
        }

      g_hash_table_add (taken, target->name);
    }
}

/* Role selection */

/* Orders ASCII letters without regard to case, then by bytes, so that the
 * order is total and does not depend on the locale. */
static int
compare_names (const char *a,
               const char *b)
{
  int result = g_ascii_strcasecmp (a != NULL ? a : "", b != NULL ? b : "");

  return result != 0 ? result : g_strcmp0 (a, b);
}

static int
compare_targets (gconstpointer a,
                 gconstpointer b)
{
  const Target *ta = *(const Target * const *) a;
  const Target *tb = *(const Target * const *) b;
  int result;

  if (ta->role->partition != tb->role->partition)
    return ta->role->partition < tb->role->partition ? -1 : 1;

  result = compare_names (ta->account->name, tb->account->name);
  if (result == 0)
    result = compare_names (ta->role->name, tb->role->name);
  if (result == 0)
    result = g_strcmp0 (ta->account->id, tb->account->id);
  if (result == 0)
    result = g_strcmp0 (ta->role->arn, tb->role->arn);

  return result;
}

static void
add_warning (GPtrArray  *warnings,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_warning (GPtrArray  *warnings,
             const char *format,
             ...)
{
  g_autofree char *warning = NULL;
  va_list args;

  va_start (args, format);
  warning = g_strdup_vprintf (format, args);
  va_end (args);

  /* An account's bad colour or region would otherwise be reported once
   * per role. */
  for (guint i = 0; i < warnings->len; i++)
    {
      if (strcmp (g_ptr_array_index (warnings, i), warning) == 0)
        return;
    }

  g_ptr_array_add (warnings, g_steal_pointer (&warning));
}

/* Returns the character of ROLE_ARN that the extension's dialect cannot
 * carry, or 0. IAM allows '=' in role names and any printable ASCII in
 * paths, but the extension cuts a line at ';' or '#' (a comment) and
 * drops everything after a second '='. */
static char
find_aesr_breaking_char (const char *role_arn)
{
  const char *p = strpbrk (role_arn, ";#=");

  return p != NULL ? *p : '\0';
}

/* Checks that ENTRY can be written for INPUT's person and, when it can,
 * returns a new target; otherwise adds a warning and returns NULL. */
static Target *
select_target (const JgSwitchRoleInput *input,
               const RoleEntry         *entry,
               JgSwitchRoleFormat       format,
               GPtrArray               *warnings)
{
  const JgRole *role = entry->role;
  const JgAccount *account = entry->account;
  g_autoptr(GError) error = NULL;
  g_autoptr(Target) target = NULL;
  g_autofree char *built_arn = NULL;
  const char *partition_name;

  /* The ARN is compared with the one built from its parts instead of
   * parsed, so that any path IAM allows, ':' included, is accepted. */
  if (!jg_validate_iam_name (role->name, _("role name"), &error)
      || !jg_validate_iam_path (role->path, &error))
    {
      add_warning (warnings,
                   _("Role “%s” was left out: %s. Correct the role in the "
                     "configuration."),
                   role->arn != NULL ? role->arn : "", error->message);
      return NULL;
    }

  built_arn = jg_arn_build (role->partition, account->id, "role", role->path,
                            role->name);
  if (role->partition != account->partition
      || g_strcmp0 (role->account_id, account->id) != 0
      || g_strcmp0 (role->arn, built_arn) != 0)
    {
      add_warning (warnings,
                   _("Role “%s” was left out: it does not belong to account "
                     "%s (%s) of the %s partition. Correct the role’s account."),
                   role->arn != NULL ? role->arn : "", account->id,
                   account->name, jg_partition_to_string (account->partition));
      return NULL;
    }

  partition_name = jg_partition_to_string (role->partition);

  if (input->jump_accounts[role->partition] == NULL)
    {
      add_warning (warnings,
                   _("Role “%s” was left out: no jump account is configured "
                     "for the %s partition. Add the jump account first."),
                   role->arn, partition_name);
      return NULL;
    }

  if (input->principals[role->partition] == NULL)
    {
      add_warning (warnings,
                   _("Role “%s” was left out: %s has no IAM user in the %s "
                     "jump account. Add a principal for %s in that "
                     "partition."),
                   role->arn, input->person->handle, partition_name,
                   input->person->handle);
      return NULL;
    }

  if (format == JG_SWITCH_ROLE_FORMAT_AESR)
    {
      char breaking = find_aesr_breaking_char (role->arn);

      if (breaking != '\0')
        {
          const char *where = strchr (role->name, breaking) != NULL
                              ? _("name") : _("path");
          const char *why = breaking == '='
                            ? _("the extension drops everything after a "
                                "second “=” on a line")
                            : _("the extension reads it as the start of a "
                                "comment");

          add_warning (warnings,
                       _("Role “%s” was left out of the AWS Extend Switch "
                         "Roles configuration: its %s contains “%c” and %s. "
                         "Rename or move the role, or use its AWS CLI "
                         "profile."),
                       role->arn, where, breaking, why);
          return NULL;
        }
    }

  target = g_new0 (Target, 1);
  target->account = account;
  target->role = role;

  return g_steal_pointer (&target);
}

/* Returns the targets of INPUT that can be written in FORMAT, in output
 * order and with their names, each role once. */
static GPtrArray *
select_targets (const JgSwitchRoleInput *input,
                JgSwitchRoleFormat       format,
                GPtrArray               *warnings)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < input->roles->len; i++)
    {
      const RoleEntry *entry = g_ptr_array_index (input->roles, i);
      Target *target;

      if (entry->role->arn != NULL
          && !g_hash_table_add (seen, entry->role->arn))
        {
          add_warning (warnings,
                       _("Role “%s” was granted twice; it is written once."),
                       entry->role->arn);
          continue;
        }

      target = select_target (input, entry, format, warnings);
      if (target != NULL)
        g_ptr_array_add (targets, target);
    }

  g_ptr_array_sort (targets, compare_targets);
  name_targets (targets, format);

  return g_steal_pointer (&targets);
}

/* Output */

static gboolean
is_set (const char *value)
{
  return value != NULL && value[0] != '\0';
}

static void
append_key (GString    *out,
            const char *key,
            const char *value)
{
  g_string_append (out, key);
  g_string_append (out, " = ");
  g_string_append (out, value);
  g_string_append_c (out, '\n');
}

/* Returns REGION when the partition has it, else NULL with a warning. */
static const char *
check_region (JgPartition  partition,
              const char  *region,
              const char  *owner,
              GPtrArray   *warnings)
{
  g_autoptr(GError) error = NULL;

  if (!is_set (region))
    return NULL;

  if (!jg_validate_region (partition, region, &error))
    {
      add_warning (warnings, _("The region of %s was left out: %s"), owner,
                   error->message);
      return NULL;
    }

  return region;
}

static const char *
check_mfa_serial (const JgPrincipal *principal,
                  GPtrArray         *warnings)
{
  g_autoptr(GError) error = NULL;

  if (!is_set (principal->mfa_serial))
    return NULL;

  if (!jg_validate_mfa_serial (principal->partition, principal->mfa_serial,
                               &error))
    {
      add_warning (warnings, _("The MFA device of %s was left out: %s"),
                   principal->arn, error->message);
      return NULL;
    }

  return principal->mfa_serial;
}

/* IAM account aliases are lower-case letters, digits and single dashes,
 * 3 to 63 characters; anything else could break the extension's line. */
static gboolean
is_valid_account_alias (const char *alias)
{
  gsize length = strlen (alias);

  if (length < 3 || length > 63 || alias[0] == '-' || alias[length - 1] == '-')
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = alias[i];

      if (!g_ascii_islower (c) && !g_ascii_isdigit (c) && c != '-')
        return FALSE;
      if (c == '-' && alias[i + 1] == '-')
        return FALSE;
    }

  return TRUE;
}

static void
append_aesr_jump (GString             *out,
                  const JgJumpAccount *jump,
                  const char          *name,
                  GPtrArray           *warnings)
{
  g_string_append_printf (out, "[profile %s]\n", name);
  append_key (out, "aws_account_id", jump->account_id);

  if (is_set (jump->alias))
    {
      if (is_valid_account_alias (jump->alias))
        append_key (out, "aws_account_alias", jump->alias);
      else
        add_warning (warnings,
                     _("The alias “%s” of jump account %s was left out: it "
                       "is not a valid account alias. Correct it in the "
                       "jump account."),
                     jump->alias, jump->account_id);
    }
}

static void
append_aesr_target (GString      *out,
                    const Target *target,
                    const char   *jump_name,
                    GPtrArray    *warnings)
{
  const JgAccount *account = target->account;
  const char *region;

  g_string_append_printf (out, "[profile %s]\n", target->name);
  append_key (out, "role_arn", target->role->arn);
  append_key (out, "source_profile", jump_name);

  if (is_set (account->color))
    {
      g_autoptr(GError) error = NULL;

      if (jg_validate_color (account->color, &error))
        append_key (out, "color", account->color);
      else
        add_warning (warnings, _("The colour of account %s was left out: %s"),
                     account->id, error->message);
    }

  region = check_region (account->partition, account->region, account->id,
                         warnings);
  if (region != NULL)
    append_key (out, "region", region);
}

static void
append_cli_jump (GString             *out,
                 const char          *region,
                 const char          *mfa_serial,
                 const char          *name)
{
  g_string_append_printf (out, "[profile %s]\n", name);
  if (region != NULL)
    append_key (out, "region", region);
  if (mfa_serial != NULL)
    append_key (out, "mfa_serial", mfa_serial);
}

static void
append_cli_target (GString      *out,
                   const Target *target,
                   const char   *jump_name,
                   const char   *jump_region,
                   const char   *mfa_serial,
                   GPtrArray    *warnings)
{
  const JgAccount *account = target->account;
  const char *region;

  g_string_append_printf (out, "[profile %s]\n", target->name);
  append_key (out, "role_arn", target->role->arn);
  append_key (out, "source_profile", jump_name);
  if (mfa_serial != NULL)
    append_key (out, "mfa_serial", mfa_serial);

  region = check_region (account->partition, account->region, account->id,
                         warnings);
  if (region == NULL)
    region = jump_region;
  if (region != NULL)
    append_key (out, "region", region);
}

/* Appends the jump profile of PARTITION and its targets, TARGETS[*index]
 * onwards while they are in PARTITION. */
static void
append_partition (GString                 *out,
                  const JgSwitchRoleInput *input,
                  JgPartition              partition,
                  GPtrArray               *targets,
                  guint                   *index,
                  JgSwitchRoleFormat       format,
                  GPtrArray               *warnings)
{
  const JgJumpAccount *jump = input->jump_accounts[partition];
  const JgPrincipal *principal = input->principals[partition];
  g_autofree char *jump_name = jump_profile_name (partition);
  g_autofree char *jump_owner = g_strdup_printf (_("jump account %s"),
                                                 jump->account_id);
  const char *jump_region = NULL;
  const char *mfa_serial = NULL;

  if (format == JG_SWITCH_ROLE_FORMAT_AESR)
    {
      append_aesr_jump (out, jump, jump_name, warnings);
    }
  else
    {
      jump_region = check_region (partition, jump->region, jump_owner,
                                  warnings);
      mfa_serial = check_mfa_serial (principal, warnings);
      append_cli_jump (out, jump_region, mfa_serial, jump_name);
    }

  for (; *index < targets->len; (*index)++)
    {
      const Target *target = g_ptr_array_index (targets, *index);

      if (target->role->partition != partition)
        break;

      if (format == JG_SWITCH_ROLE_FORMAT_AESR)
        append_aesr_target (out, target, jump_name, warnings);
      else
        append_cli_target (out, target, jump_name, jump_region, mfa_serial,
                           warnings);
    }
}

static void
check_compressed_length (const char *text,
                         GPtrArray  *warnings)
{
  gsize length = jg_lz_string_compressed_utf16_length (text);

  if (length > JG_AESR_SYNC_STORAGE_MAX_LENGTH)
    add_warning (warnings,
                 _("The configuration compresses to %zu"
                   " characters, more than the %d that fit in the browser’s "
                   "sync storage, so the extension will not save it. In the "
                   "extension’s settings, switch the configuration storage "
                   "to local storage before pasting it."),
                 length, JG_AESR_SYNC_STORAGE_MAX_LENGTH);
}

char *
jg_switch_role_config_generate (const JgSwitchRoleInput  *input,
                                JgSwitchRoleFormat        format,
                                GPtrArray               **out_warnings)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *handle;
  guint index = 0;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (format < G_N_ELEMENTS (formats), NULL);
  g_return_val_if_fail (out_warnings != NULL, NULL);

  targets = select_targets (input, format, warnings);

  /* A valid handle is [a-z0-9._-], so it cannot end the comment line. */
  handle = jg_validate_handle (input->person->handle, NULL)
           ? input->person->handle : "?";
  if (format == JG_SWITCH_ROLE_FORMAT_AESR)
    g_string_append_printf (out, "# AWS Extend Switch Roles for %s, by "
                            "Jumpgate\n", handle);
  else
    g_string_append_printf (out, "# AWS CLI profiles for %s, by Jumpgate; "
                            "jump-* credentials go in ~/.aws/credentials\n",
                            handle);

  while (index < targets->len)
    {
      const Target *first = g_ptr_array_index (targets, index);

      if (index > 0)
        g_string_append_c (out, '\n');

      append_partition (out, input, first->role->partition, targets, &index,
                        format, warnings);
    }

  if (format == JG_SWITCH_ROLE_FORMAT_AESR)
    check_compressed_length (out->str, warnings);

  *out_warnings = g_steal_pointer (&warnings);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
