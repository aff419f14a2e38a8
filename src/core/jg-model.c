/* jg-model.c: partitions, ARNs, validation and value types.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "jg-model.h"

G_DEFINE_QUARK (jg-model-error-quark, jg_model_error)

typedef struct
{
  const char *name;
  const char *default_region;
  const char *display_name;
  const char *region_prefix;    /* regions of the partition start with this */
} PartitionInfo;

static const PartitionInfo partitions[JG_N_PARTITIONS] = {
  [JG_PARTITION_AWS] = { "aws", "us-east-1", "AWS", NULL },
  [JG_PARTITION_AWS_US_GOV] = { "aws-us-gov", "us-gov-west-1",
                                "AWS GovCloud (US)", "us-gov-" },
  [JG_PARTITION_AWS_CN] = { "aws-cn", "cn-north-1", "AWS China", "cn-" },
};

/* Error messages quote values through this so that a newline, a quote or
 * an invisible character in bad input cannot garble the one-line error. */
static char *
quote_value (const char *value)
{
  g_autoptr(GString) quoted = g_string_new ("“");
  const char *p;

  if (value == NULL)
    return g_strdup ("(none)");

  for (p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '\n')
        g_string_append (quoted, "\\n");
      else if (c == '\r')
        g_string_append (quoted, "\\r");
      else if (c == '\t')
        g_string_append (quoted, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (quoted, "\\x%02x", c);
      else
        g_string_append_c (quoted, (char) c);
    }

  g_string_append (quoted, "”");

  if (!g_utf8_validate (quoted->str, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (quoted->str, -1);
      return g_steal_pointer (&valid);
    }

  return g_string_free (g_steal_pointer (&quoted), FALSE);
}

static gboolean
set_error (GError       **error,
           JgModelError   code,
           const char    *value,
           const char    *format,
           ...) G_GNUC_PRINTF (4, 5);

static gboolean
set_error (GError       **error,
           JgModelError   code,
           const char    *value,
           const char    *format,
           ...)
{
  g_autofree char *quoted = quote_value (value);
  g_autofree char *rule = NULL;
  va_list args;

  va_start (args, format);
  rule = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: the first %s is a quoted value, the second the rule it
   * breaks, for example “1234” is not a valid account id: … */
  g_set_error (error, JG_MODEL_ERROR, code, _("%s %s"), quoted, rule);
  return FALSE;
}

const char *
jg_partition_to_string (JgPartition partition)
{
  g_return_val_if_fail (partition < JG_N_PARTITIONS, NULL);

  return partitions[partition].name;
}

gboolean
jg_partition_from_string (const char   *text,
                          JgPartition  *out_partition,
                          GError      **error)
{
  for (guint i = 0; i < JG_N_PARTITIONS; i++)
    {
      if (g_strcmp0 (text, partitions[i].name) == 0)
        {
          if (out_partition != NULL)
            *out_partition = (JgPartition) i;
          return TRUE;
        }
    }

  return set_error (error, JG_MODEL_ERROR_INVALID_PARTITION, text,
                    _("is not a partition: use aws, aws-us-gov or aws-cn"));
}

const char *
jg_partition_default_region (JgPartition partition)
{
  g_return_val_if_fail (partition < JG_N_PARTITIONS, NULL);

  return partitions[partition].default_region;
}

const char *
jg_partition_display_name (JgPartition partition)
{
  g_return_val_if_fail (partition < JG_N_PARTITIONS, NULL);

  return partitions[partition].display_name;
}

gboolean
jg_validate_account_id (const char  *account_id,
                        GError     **error)
{
  gsize length;

  if (account_id == NULL || account_id[0] == '\0')
    return set_error (error, JG_MODEL_ERROR_INVALID_ACCOUNT_ID, account_id,
                      _("is not an account id: an AWS account id is exactly "
                        "12 digits, for example 123456789012"));

  length = strlen (account_id);
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (account_id[i]))
        return set_error (error, JG_MODEL_ERROR_INVALID_ACCOUNT_ID, account_id,
                          _("is not an account id: it may contain only the "
                            "digits 0 to 9, exactly 12 of them"));
    }

  if (length != 12)
    return set_error (error, JG_MODEL_ERROR_INVALID_ACCOUNT_ID, account_id,
                      _("is not an account id: it has %u digits, an AWS "
                        "account id has exactly 12"), (guint) length);

  return TRUE;
}

static gboolean
is_iam_name_char (char c)
{
  return g_ascii_isalnum (c) || strchr ("+=,.@_-", c) != NULL;
}

gboolean
jg_validate_iam_name (const char  *name,
                      const char  *what,
                      GError     **error)
{
  gsize length;

  g_return_val_if_fail (what != NULL, FALSE);

  if (name == NULL || name[0] == '\0')
    return set_error (error, JG_MODEL_ERROR_INVALID_NAME, name,
                      _("is not a valid %s: it must not be empty"), what);

  length = strlen (name);
  for (gsize i = 0; i < length; i++)
    {
      if (!is_iam_name_char (name[i]))
        return set_error (error, JG_MODEL_ERROR_INVALID_NAME, name,
                          _("is not a valid %s: IAM allows only ASCII letters, "
                            "digits and + = , . @ _ -"), what);
    }

  if (length > JG_IAM_NAME_MAX_LENGTH)
    return set_error (error, JG_MODEL_ERROR_INVALID_NAME, name,
                      _("is not a valid %s: it has %u characters, IAM allows "
                        "at most %d"), what, (guint) length,
                      JG_IAM_NAME_MAX_LENGTH);

  return TRUE;
}

gboolean
jg_validate_iam_path (const char  *path,
                      GError     **error)
{
  gsize length;

  if (path == NULL || path[0] == '\0')
    return set_error (error, JG_MODEL_ERROR_INVALID_PATH, path,
                      _("is not a valid IAM path: use / or a path such as "
                        "/team/ that starts and ends with /"));

  length = strlen (path);
  if (path[0] != '/' || path[length - 1] != '/')
    return set_error (error, JG_MODEL_ERROR_INVALID_PATH, path,
                      _("is not a valid IAM path: it must start and end "
                        "with /, for example /team/"));

  if (length > JG_IAM_PATH_MAX_LENGTH)
    return set_error (error, JG_MODEL_ERROR_INVALID_PATH, path,
                      _("is not a valid IAM path: it has %u characters, IAM "
                        "allows at most %d"), (guint) length,
                      JG_IAM_PATH_MAX_LENGTH);

  /* IAM's path alphabet is U+0021 to U+007E: printable ASCII without
   * space. */
  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) path[i];

      if (c < 0x21 || c > 0x7e)
        return set_error (error, JG_MODEL_ERROR_INVALID_PATH, path,
                          _("is not a valid IAM path: it may contain only "
                            "printable ASCII characters without spaces"));
    }

  return TRUE;
}

gboolean
jg_validate_color (const char  *color,
                   GError     **error)
{
  gsize length = color != NULL ? strlen (color) : 0;
  gboolean valid = length == 6;

  for (gsize i = 0; valid && i < length; i++)
    valid = g_ascii_isxdigit (color[i]);

  if (!valid)
    {
      const char *hint = (color != NULL && color[0] == '#')
        ? _("is not a colour: write exactly 6 hexadecimal digits without "
            "the leading #, for example 1e90ff")
        : _("is not a colour: write exactly 6 hexadecimal digits, for "
            "example 1e90ff");

      return set_error (error, JG_MODEL_ERROR_INVALID_COLOR, color, "%s", hint);
    }

  return TRUE;
}

gboolean
jg_validate_handle (const char  *handle,
                    GError     **error)
{
  gsize length;

  if (handle == NULL || handle[0] == '\0')
    return set_error (error, JG_MODEL_ERROR_INVALID_HANDLE, handle,
                      _("is not a valid handle: it must not be empty"));

  length = strlen (handle);
  if (length > JG_HANDLE_MAX_LENGTH)
    return set_error (error, JG_MODEL_ERROR_INVALID_HANDLE, handle,
                      _("is not a valid handle: it has %u characters, at "
                        "most %d are allowed"), (guint) length,
                      JG_HANDLE_MAX_LENGTH);

  /* Handles name exported files, so they keep to characters that are safe
   * in a file name on every system and cannot start a hidden file or an
   * option. */
  if (!g_ascii_islower (handle[0]) && !g_ascii_isdigit (handle[0]))
    return set_error (error, JG_MODEL_ERROR_INVALID_HANDLE, handle,
                      _("is not a valid handle: it must start with a "
                        "lower-case letter or a digit"));

  for (gsize i = 0; i < length; i++)
    {
      char c = handle[i];

      if (!g_ascii_islower (c) && !g_ascii_isdigit (c) && c != '.'
          && c != '_' && c != '-')
        return set_error (error, JG_MODEL_ERROR_INVALID_HANDLE, handle,
                          _("is not a valid handle: use only lower-case "
                            "ASCII letters, digits and . _ -"));
    }

  return TRUE;
}

gboolean
jg_validate_label (const char  *label,
                   const char  *what,
                   gboolean     allow_empty,
                   GError     **error)
{
  const char *p;
  glong length;

  g_return_val_if_fail (what != NULL, FALSE);

  if (label == NULL || label[0] == '\0')
    {
      if (allow_empty)
        return TRUE;
      return set_error (error, JG_MODEL_ERROR_INVALID_LABEL, label,
                        _("is not a valid %s: it must not be empty"), what);
    }

  if (!g_utf8_validate (label, -1, NULL))
    return set_error (error, JG_MODEL_ERROR_INVALID_LABEL, label,
                      _("is not a valid %s: it is not valid UTF-8 text"),
                      what);

  length = g_utf8_strlen (label, -1);
  if (length > JG_LABEL_MAX_LENGTH)
    return set_error (error, JG_MODEL_ERROR_INVALID_LABEL, label,
                      _("is not a valid %s: it has %ld characters, at most "
                        "%d are allowed"), what, length, JG_LABEL_MAX_LENGTH);

  if (g_unichar_isspace (g_utf8_get_char (label)) ||
      g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (label + strlen (label)))))
    return set_error (error, JG_MODEL_ERROR_INVALID_LABEL, label,
                      _("is not a valid %s: remove the leading or trailing "
                        "space"), what);

  for (p = label; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        return set_error (error, JG_MODEL_ERROR_INVALID_LABEL, label,
                          _("is not a valid %s: it must be one line without "
                            "control characters"), what);
    }

  return TRUE;
}

gboolean
jg_validate_email (const char  *email,
                   GError     **error)
{
  const char *at;
  gsize length;

  if (email == NULL || email[0] == '\0')
    return set_error (error, JG_MODEL_ERROR_INVALID_EMAIL, email,
                      _("is not an email address: it must not be empty"));

  length = strlen (email);
  at = strchr (email, '@');

  if (length > 254 || at == NULL || at == email || strchr (at + 1, '@') != NULL
      || strchr (at + 1, '.') == NULL || at[1] == '.'
      || email[length - 1] == '.')
    return set_error (error, JG_MODEL_ERROR_INVALID_EMAIL, email,
                      _("is not an email address: write it as "
                        "name@example.com"));

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) email[i];

      if (c <= 0x20 || c >= 0x7f || strchr ("\"(),:;<>[\\]", c) != NULL)
        return set_error (error, JG_MODEL_ERROR_INVALID_EMAIL, email,
                          _("is not an email address: it may contain only "
                            "ASCII letters, digits and . _ + - @"));
    }

  return TRUE;
}

gboolean
jg_validate_region (JgPartition   partition,
                    const char   *region,
                    GError      **error)
{
  const char *prefix;
  gsize length;
  int dashes = 0;
  gboolean valid;

  g_return_val_if_fail (partition < JG_N_PARTITIONS, FALSE);

  length = region != NULL ? strlen (region) : 0;

  /* Region codes look like eu-west-1 or us-gov-east-1: lower-case words
   * joined by dashes, ending in a number. */
  valid = length >= 4 && length <= 32 && g_ascii_islower (region[0])
          && g_ascii_isdigit (region[length - 1]);
  for (gsize i = 0; valid && i < length; i++)
    {
      char c = region[i];

      if (c == '-')
        {
          valid = i > 0 && region[i - 1] != '-';
          dashes++;
        }
      else
        valid = g_ascii_islower (c) || g_ascii_isdigit (c);
    }

  if (!valid || dashes < 2)
    return set_error (error, JG_MODEL_ERROR_INVALID_REGION, region,
                      _("is not a region code: write it as AWS does, for "
                        "example eu-west-1"));

  prefix = partitions[partition].region_prefix;
  if (prefix != NULL && !g_str_has_prefix (region, prefix))
    return set_error (error, JG_MODEL_ERROR_INVALID_REGION, region,
                      _("is not a region of the %s partition: its regions "
                        "start with %s"),
                      partitions[partition].name, prefix);

  if (prefix == NULL && (g_str_has_prefix (region, "cn-")
                         || g_str_has_prefix (region, "us-gov-")))
    return set_error (error, JG_MODEL_ERROR_INVALID_REGION, region,
                      _("is not a region of the aws partition: it belongs "
                        "to aws-cn or aws-us-gov"));

  return TRUE;
}

gboolean
jg_validate_trust_policy_limit (int      limit,
                                GError **error)
{
  if (limit < JG_TRUST_POLICY_DEFAULT_LIMIT || limit > JG_TRUST_POLICY_MAX_LIMIT)
    {
      g_autofree char *text = g_strdup_printf ("%d", limit);

      return set_error (error, JG_MODEL_ERROR_INVALID_LIMIT, text,
                        _("is not a valid trust policy limit: IAM allows "
                          "%d characters by default and at most %d after a "
                          "quota increase"),
                        JG_TRUST_POLICY_DEFAULT_LIMIT,
                        JG_TRUST_POLICY_MAX_LIMIT);
    }

  return TRUE;
}

static gboolean
parse_iam_arn (const char  *text,
               JgArn      **out_arn,
               GError     **error)
{
  g_autoptr(JgArn) arn = g_new0 (JgArn, 1);
  g_auto(GStrv) fields = NULL;
  const char *resource;
  const char *slash;
  const char *last_slash;
  g_autoptr(GError) local_error = NULL;

  if (text == NULL || !g_str_has_prefix (text, "arn:"))
    return set_error (error, JG_MODEL_ERROR_INVALID_ARN, text,
                      _("is not an ARN: an IAM ARN looks like "
                        "arn:aws:iam::123456789012:role/Name"));

  /* arn:PARTITION:iam:REGION:ACCOUNT:RESOURCE, with an empty region. The
   * resource may contain colons: IAM paths allow them. */
  fields = g_strsplit (text, ":", 6);
  if (g_strv_length (fields) != 6 || g_strcmp0 (fields[2], "iam") != 0
      || fields[3][0] != '\0')
    return set_error (error, JG_MODEL_ERROR_INVALID_ARN, text,
                      _("is not an IAM ARN: it must have the form "
                        "arn:PARTITION:iam::ACCOUNT:role/NAME"));

  if (!jg_partition_from_string (fields[1], &arn->partition, &local_error))
    return set_error (error, JG_MODEL_ERROR_INVALID_ARN, text,
                      _("is not a valid ARN: its partition must be aws, "
                        "aws-us-gov or aws-cn"));

  if (!jg_validate_account_id (fields[4], &local_error))
    return set_error (error, JG_MODEL_ERROR_INVALID_ARN, text,
                      _("is not a valid ARN: its account id must be exactly "
                        "12 digits"));

  resource = fields[5];
  slash = strchr (resource, '/');
  if (slash == NULL || slash == resource)
    return set_error (error, JG_MODEL_ERROR_INVALID_ARN, text,
                      _("is not a valid ARN: the resource must be role/NAME, "
                        "user/NAME or mfa/NAME"));

  arn->resource_type = g_strndup (resource, slash - resource);
  last_slash = strrchr (resource, '/');
  arn->path = g_strndup (slash, last_slash - slash + 1);
  arn->name = g_strdup (last_slash + 1);
  arn->account_id = g_strdup (fields[4]);

  if (g_strcmp0 (arn->resource_type, "role") != 0
      && g_strcmp0 (arn->resource_type, "user") != 0
      && g_strcmp0 (arn->resource_type, "mfa") != 0)
    return set_error (error, JG_MODEL_ERROR_INVALID_ARN, text,
                      _("is not a role, user or MFA device ARN"));

  if (!jg_validate_iam_path (arn->path, &local_error)
      || !jg_validate_iam_name (arn->name, "name", &local_error))
    {
      g_autofree char *quoted = quote_value (text);

      g_set_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_ARN,
                   _("%s is not a valid ARN: %s"), quoted,
                   local_error->message);
      return FALSE;
    }

  *out_arn = g_steal_pointer (&arn);
  return TRUE;
}

JgArn *
jg_arn_parse (const char  *text,
              GError     **error)
{
  JgArn *arn = NULL;

  if (!parse_iam_arn (text, &arn, error))
    return NULL;

  return arn;
}

char *
jg_arn_build (JgPartition  partition,
              const char  *account_id,
              const char  *resource_type,
              const char  *path,
              const char  *name)
{
  g_return_val_if_fail (partition < JG_N_PARTITIONS, NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (resource_type != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (path == NULL || path[0] == '\0')
    path = "/";

  return g_strdup_printf ("arn:%s:iam::%s:%s%s%s",
                          partitions[partition].name, account_id,
                          resource_type, path, name);
}

char *
jg_arn_to_string (const JgArn *arn)
{
  g_return_val_if_fail (arn != NULL, NULL);

  return jg_arn_build (arn->partition, arn->account_id, arn->resource_type,
                       arn->path, arn->name);
}

gboolean
jg_validate_mfa_serial (JgPartition   partition,
                        const char   *serial,
                        GError      **error)
{
  g_autoptr(JgArn) arn = NULL;
  g_autoptr(GError) local_error = NULL;

  arn = jg_arn_parse (serial, &local_error);
  if (arn == NULL || g_strcmp0 (arn->resource_type, "mfa") != 0
      || arn->partition != partition)
    return set_error (error, JG_MODEL_ERROR_INVALID_MFA_SERIAL, serial,
                      _("is not an MFA device of the %s partition: write "
                        "its ARN, for example arn:%s:iam::123456789012:mfa/"
                        "name"),
                      partitions[partition].name, partitions[partition].name);

  return TRUE;
}

const char *
jg_change_kind_to_string (JgChangeKind kind)
{
  return kind == JG_CHANGE_GRANT ? "grant" : "revoke";
}

gboolean
jg_change_kind_from_string (const char   *text,
                            JgChangeKind *out_kind)
{
  if (g_strcmp0 (text, "grant") == 0)
    *out_kind = JG_CHANGE_GRANT;
  else if (g_strcmp0 (text, "revoke") == 0)
    *out_kind = JG_CHANGE_REVOKE;
  else
    return FALSE;

  return TRUE;
}

/* Value types. */

JgArn *
jg_arn_copy (const JgArn *self)
{
  JgArn *copy = g_new0 (JgArn, 1);

  copy->partition = self->partition;
  copy->account_id = g_strdup (self->account_id);
  copy->resource_type = g_strdup (self->resource_type);
  copy->path = g_strdup (self->path);
  copy->name = g_strdup (self->name);
  return copy;
}

void
jg_arn_free (JgArn *self)
{
  if (self == NULL)
    return;

  g_free (self->account_id);
  g_free (self->resource_type);
  g_free (self->path);
  g_free (self->name);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgArn, jg_arn, jg_arn_copy, jg_arn_free)

JgJumpAccount *
jg_jump_account_copy (const JgJumpAccount *self)
{
  JgJumpAccount *copy = g_new0 (JgJumpAccount, 1);

  copy->partition = self->partition;
  copy->account_id = g_strdup (self->account_id);
  copy->region = g_strdup (self->region);
  copy->alias = g_strdup (self->alias);
  return copy;
}

void
jg_jump_account_free (JgJumpAccount *self)
{
  if (self == NULL)
    return;

  g_free (self->account_id);
  g_free (self->region);
  g_free (self->alias);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgJumpAccount, jg_jump_account,
                     jg_jump_account_copy, jg_jump_account_free)

JgAccount *
jg_account_copy (const JgAccount *self)
{
  JgAccount *copy = g_new0 (JgAccount, 1);

  copy->id = g_strdup (self->id);
  copy->partition = self->partition;
  copy->name = g_strdup (self->name);
  copy->environment = g_strdup (self->environment);
  copy->color = g_strdup (self->color);
  copy->admin_role = g_strdup (self->admin_role);
  copy->trust_policy_limit = self->trust_policy_limit;
  copy->alias = g_strdup (self->alias);
  copy->region = g_strdup (self->region);
  return copy;
}

void
jg_account_free (JgAccount *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->name);
  g_free (self->environment);
  g_free (self->color);
  g_free (self->admin_role);
  g_free (self->alias);
  g_free (self->region);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgAccount, jg_account, jg_account_copy, jg_account_free)

JgRole *
jg_role_copy (const JgRole *self)
{
  JgRole *copy = g_new0 (JgRole, 1);

  copy->arn = g_strdup (self->arn);
  copy->partition = self->partition;
  copy->account_id = g_strdup (self->account_id);
  copy->name = g_strdup (self->name);
  copy->path = g_strdup (self->path);
  copy->require_mfa = self->require_mfa;
  return copy;
}

void
jg_role_free (JgRole *self)
{
  if (self == NULL)
    return;

  g_free (self->arn);
  g_free (self->account_id);
  g_free (self->name);
  g_free (self->path);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgRole, jg_role, jg_role_copy, jg_role_free)

JgPerson *
jg_person_copy (const JgPerson *self)
{
  JgPerson *copy = g_new0 (JgPerson, 1);

  copy->handle = g_strdup (self->handle);
  copy->name = g_strdup (self->name);
  copy->email = g_strdup (self->email);
  return copy;
}

void
jg_person_free (JgPerson *self)
{
  if (self == NULL)
    return;

  g_free (self->handle);
  g_free (self->name);
  g_free (self->email);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgPerson, jg_person, jg_person_copy, jg_person_free)

JgPrincipal *
jg_principal_copy (const JgPrincipal *self)
{
  JgPrincipal *copy = g_new0 (JgPrincipal, 1);

  copy->arn = g_strdup (self->arn);
  copy->handle = g_strdup (self->handle);
  copy->partition = self->partition;
  copy->user_name = g_strdup (self->user_name);
  copy->path = g_strdup (self->path);
  copy->mfa_serial = g_strdup (self->mfa_serial);
  return copy;
}

void
jg_principal_free (JgPrincipal *self)
{
  if (self == NULL)
    return;

  g_free (self->arn);
  g_free (self->handle);
  g_free (self->user_name);
  g_free (self->path);
  g_free (self->mfa_serial);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgPrincipal, jg_principal,
                     jg_principal_copy, jg_principal_free)

JgGrant *
jg_grant_copy (const JgGrant *self)
{
  JgGrant *copy = g_new0 (JgGrant, 1);

  copy->handle = g_strdup (self->handle);
  copy->principal_arn = g_strdup (self->principal_arn);
  copy->role_arn = g_strdup (self->role_arn);
  copy->added_commit = self->added_commit;
  copy->removed_commit = self->removed_commit;
  return copy;
}

void
jg_grant_free (JgGrant *self)
{
  if (self == NULL)
    return;

  g_free (self->handle);
  g_free (self->principal_arn);
  g_free (self->role_arn);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgGrant, jg_grant, jg_grant_copy, jg_grant_free)

JgChange *
jg_change_copy (const JgChange *self)
{
  JgChange *copy = g_new0 (JgChange, 1);

  copy->id = self->id;
  copy->kind = self->kind;
  copy->handle = g_strdup (self->handle);
  copy->principal_arn = g_strdup (self->principal_arn);
  copy->role_arn = g_strdup (self->role_arn);
  return copy;
}

void
jg_change_free (JgChange *self)
{
  if (self == NULL)
    return;

  g_free (self->handle);
  g_free (self->principal_arn);
  g_free (self->role_arn);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (JgChange, jg_change, jg_change_copy, jg_change_free)
