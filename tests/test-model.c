/* test-model.c: validation and ARN tables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "core/jg-core.h"
#include "jg-test-util.h"

typedef struct
{
  const char *value;
  gboolean    valid;
} Case;

static gboolean
has_control_character (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20)
        return TRUE;
    }

  return FALSE;
}

typedef gboolean (*ValidateFunc) (const char *value, GError **error);

static void
check_table (const char   *what,
             ValidateFunc  validate,
             int           error_code,
             const Case   *cases,
             gsize         n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean result = validate (cases[i].value, &error);

      g_test_message ("%s %s: “%s”", what,
                      cases[i].valid ? "valid" : "invalid", cases[i].value);
      if (cases[i].valid)
        {
          g_assert_no_error (error);
          g_assert_true (result);
        }
      else
        {
          g_assert_false (result);
          g_assert_error (error, JG_MODEL_ERROR, error_code);
          /* The message quotes the value (control characters escaped) so
           * the user can see which input is wrong. */
          if (cases[i].value != NULL && cases[i].value[0] != '\0'
              && !has_control_character (cases[i].value)
              && g_utf8_validate (cases[i].value, -1, NULL))
            g_assert_nonnull (strstr (error->message, cases[i].value));
          g_assert_null (strchr (error->message, '\n'));
        }
    }
}

static void
test_account_id (void)
{
  static const Case cases[] = {
    { "123456789012", TRUE },
    { "000000000000", TRUE },
    { "", FALSE },
    { "12345678901", FALSE },          /* 11 digits */
    { "1234567890123", FALSE },        /* 13 digits */
    { " 123456789012", FALSE },        /* leading space */
    { "123456789012 ", FALSE },
    { "1234-5678-9012", FALSE },
    { "12345678901\n", FALSE },
    { "１２３４５６７８９０１２", FALSE },  /* full-width digits */
    { "١٢٣٤٥٦٧٨٩٠١٢", FALSE },         /* Arabic-Indic digits */
    { "12345678901O", FALSE },         /* letter O */
    { "\"123456789012\"", FALSE },
    { "123456\0" "789012", FALSE },    /* NUL cuts the string short */
  };

  check_table ("account id", jg_validate_account_id,
               JG_MODEL_ERROR_INVALID_ACCOUNT_ID, cases, G_N_ELEMENTS (cases));
}

static gboolean
validate_role_name (const char  *value,
                    GError     **error)
{
  return jg_validate_iam_name (value, "role name", error);
}

static void
test_iam_name (void)
{
  g_autofree char *max = g_strnfill (64, 'a');
  g_autofree char *too_long = g_strnfill (65, 'a');
  const Case cases[] = {
    { "ReadOnly", TRUE },
    { "a", TRUE },
    { "Dev+Ops=1,2.3@x_y-z", TRUE },
    { max, TRUE },
    { too_long, FALSE },
    { "", FALSE },
    { "Read Only", FALSE },
    { " ReadOnly", FALSE },
    { "Read\nOnly", FALSE },
    { "Read'Only", FALSE },
    { "Read\"Only", FALSE },
    { "Rеad", FALSE },                 /* Cyrillic е */
    { "Admin/x", FALSE },
    { "Dévelopeur", FALSE },
    { "a\0b", TRUE },                  /* NUL ends the string: "a" */
  };

  check_table ("role name", validate_role_name, JG_MODEL_ERROR_INVALID_NAME,
               cases, G_N_ELEMENTS (cases));
}

static void
test_iam_path (void)
{
  g_autofree char *long_segment = g_strnfill (510, 'p');
  g_autofree char *max = g_strdup_printf ("/%s/", long_segment);
  g_autofree char *too_long = g_strdup_printf ("/%sp/", long_segment);
  const Case cases[] = {
    { "/", TRUE },
    { "/ops/", TRUE },
    { "/a/b/c/", TRUE },
    { "/weird!~chars/", TRUE },
    { max, TRUE },
    { too_long, FALSE },
    { "", FALSE },
    { "ops", FALSE },
    { "/ops", FALSE },
    { "ops/", FALSE },
    { "/o ps/", FALSE },
    { "/ops\n/", FALSE },
    { "/opś/", FALSE },
    { " /ops/", FALSE },
  };

  check_table ("path", jg_validate_iam_path, JG_MODEL_ERROR_INVALID_PATH,
               cases, G_N_ELEMENTS (cases));
}

static void
test_color (void)
{
  static const Case cases[] = {
    { "1e90ff", TRUE },
    { "ABCDEF", TRUE },
    { "#1e90ff", FALSE },
    { "1e90f", FALSE },
    { "1e90ff0", FALSE },
    { "1e90fg", FALSE },
    { "", FALSE },
    { " 1e90ff", FALSE },
    { "１e90ff", FALSE },
  };

  check_table ("colour", jg_validate_color, JG_MODEL_ERROR_INVALID_COLOR,
               cases, G_N_ELEMENTS (cases));
}

static void
test_handle (void)
{
  g_autofree char *max = g_strnfill (32, 'h');
  g_autofree char *too_long = g_strnfill (33, 'h');
  const Case cases[] = {
    { "alice", TRUE },
    { "a.smith", TRUE },
    { "bob_2", TRUE },
    { "j-doe", TRUE },
    { "007", TRUE },
    { max, TRUE },
    { too_long, FALSE },
    { "", FALSE },
    { "Alice", FALSE },
    { ".alice", FALSE },
    { "-alice", FALSE },
    { "al ice", FALSE },
    { "al/ice", FALSE },
    { "..", FALSE },
    { "alice\n", FALSE },
    { "аlice", FALSE },                /* Cyrillic а */
    { "al'ice", FALSE },
  };

  check_table ("handle", jg_validate_handle, JG_MODEL_ERROR_INVALID_HANDLE,
               cases, G_N_ELEMENTS (cases));
}

static gboolean
validate_name_label (const char  *value,
                     GError     **error)
{
  return jg_validate_label (value, "name", FALSE, error);
}

static void
test_label (void)
{
  g_autofree char *too_long = g_strnfill (129, 'x');
  const Case cases[] = {
    { "Alice Smith", TRUE },
    { "Zoë O’Brien", TRUE },
    { "payments-prod", TRUE },
    { "", FALSE },
    { " Alice", FALSE },
    { "Alice ", FALSE },
    { "Alice\nSmith", FALSE },
    { "Alice\tSmith", FALSE },
    { too_long, FALSE },
    { "\xff\xfe", FALSE },
  };

  check_table ("label", validate_name_label, JG_MODEL_ERROR_INVALID_LABEL,
               cases, G_N_ELEMENTS (cases));
}

static void
test_email (void)
{
  static const Case cases[] = {
    { "alice@example.com", TRUE },
    { "a.b+c@mail.example.org", TRUE },
    { "alice", FALSE },
    { "@example.com", FALSE },
    { "alice@", FALSE },
    { "alice@example", FALSE },
    { "alice@@example.com", FALSE },
    { "al ice@example.com", FALSE },
    { "alice@example.com\n", FALSE },
    { "\"alice\"@example.com", FALSE },
  };

  check_table ("email", jg_validate_email, JG_MODEL_ERROR_INVALID_EMAIL,
               cases, G_N_ELEMENTS (cases));
}

static void
test_region (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jg_validate_region (JG_PARTITION_AWS, "eu-west-1", NULL));
  g_assert_true (jg_validate_region (JG_PARTITION_AWS, "ap-southeast-2", NULL));
  g_assert_true (jg_validate_region (JG_PARTITION_AWS_US_GOV, "us-gov-east-1",
                                     NULL));
  g_assert_true (jg_validate_region (JG_PARTITION_AWS_CN, "cn-northwest-1",
                                     NULL));

  g_assert_false (jg_validate_region (JG_PARTITION_AWS, "cn-north-1", &error));
  g_assert_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_REGION);
  g_clear_error (&error);

  g_assert_false (jg_validate_region (JG_PARTITION_AWS_CN, "eu-west-1",
                                      &error));
  g_assert_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_REGION);
  g_assert_nonnull (strstr (error->message, "cn-"));
  g_clear_error (&error);

  g_assert_false (jg_validate_region (JG_PARTITION_AWS, "EU-WEST-1", &error));
  g_assert_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_REGION);
  g_clear_error (&error);

  g_assert_false (jg_validate_region (JG_PARTITION_AWS, "euwest1", &error));
  g_assert_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_REGION);
  g_clear_error (&error);

  g_assert_false (jg_validate_region (JG_PARTITION_AWS, "eu--west-1", &error));
  g_assert_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_REGION);
}

static void
test_partition (void)
{
  static const struct { const char *name; JgPartition partition;
                        const char *region; } known[] = {
    { "aws", JG_PARTITION_AWS, "us-east-1" },
    { "aws-us-gov", JG_PARTITION_AWS_US_GOV, "us-gov-west-1" },
    { "aws-cn", JG_PARTITION_AWS_CN, "cn-north-1" },
  };
  static const char *const invalid[] = {
    "", "AWS", "aws ", "aws-gov", "aws-iso", "aws\n", NULL,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    {
      JgPartition partition;

      g_assert_true (jg_partition_from_string (known[i].name, &partition,
                                               NULL));
      g_assert_cmpint (partition, ==, known[i].partition);
      g_assert_cmpstr (jg_partition_to_string (partition), ==, known[i].name);
      g_assert_cmpstr (jg_partition_default_region (partition), ==,
                       known[i].region);
    }

  for (gsize i = 0; invalid[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (jg_partition_from_string (invalid[i], NULL, &error));
      g_assert_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_PARTITION);
    }
}

static void
test_arn_round_trip (void)
{
  static const struct {
    JgPartition partition;
    const char *account_id;
    const char *type;
    const char *path;
    const char *name;
    const char *arn;
  } cases[] = {
    { JG_PARTITION_AWS, "123456789012", "role", "/", "ReadOnly",
      "arn:aws:iam::123456789012:role/ReadOnly" },
    { JG_PARTITION_AWS, "123456789012", "role", "/ops/deploy/", "Deployer",
      "arn:aws:iam::123456789012:role/ops/deploy/Deployer" },
    { JG_PARTITION_AWS_US_GOV, "210987654321", "user", "/", "alice",
      "arn:aws-us-gov:iam::210987654321:user/alice" },
    { JG_PARTITION_AWS_CN, "111122223333", "role", "/", "A+b=c,d.e@f_g-h",
      "arn:aws-cn:iam::111122223333:role/A+b=c,d.e@f_g-h" },
    { JG_PARTITION_AWS, "123456789012", "role", "/team:a/", "Dev",
      "arn:aws:iam::123456789012:role/team:a/Dev" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *built = jg_arn_build (cases[i].partition,
                                             cases[i].account_id,
                                             cases[i].type, cases[i].path,
                                             cases[i].name);
      g_autoptr(GError) error = NULL;
      g_autoptr(JgArn) parsed = NULL;
      g_autofree char *again = NULL;

      g_assert_cmpstr (built, ==, cases[i].arn);

      parsed = jg_arn_parse (cases[i].arn, &error);
      g_assert_no_error (error);
      g_assert_cmpint (parsed->partition, ==, cases[i].partition);
      g_assert_cmpstr (parsed->account_id, ==, cases[i].account_id);
      g_assert_cmpstr (parsed->resource_type, ==, cases[i].type);
      g_assert_cmpstr (parsed->path, ==, cases[i].path);
      g_assert_cmpstr (parsed->name, ==, cases[i].name);

      again = jg_arn_to_string (parsed);
      g_assert_cmpstr (again, ==, cases[i].arn);
    }
}

static void
test_arn_invalid (void)
{
  static const char *const invalid[] = {
    "",
    "arn:aws:iam:123:role/x",                       /* one colon */
    "arn:aws:iam::123:role/x",                      /* short account */
    "arn:aws:iam::1234567890123:role/x",            /* 13 digits */
    "arn:aws:iam::12345678901:role/x",              /* 11 digits */
    "arn:aws:s3:::bucket",                          /* not IAM */
    "arn:aws:iam:us-east-1:123456789012:role/x",    /* region set */
    "arn:aws-iso:iam::123456789012:role/x",         /* unknown partition */
    "arn:aws:iam::123456789012:role/",              /* no name */
    "arn:aws:iam::123456789012:role",               /* no slash */
    "arn:aws:iam::123456789012:group/x",            /* not role or user */
    "arn:aws:iam::123456789012:role/Read Only",
    "arn:aws:iam::123456789012:role/x\n",
    " arn:aws:iam::123456789012:role/x",
    "arn:aws:iam::123456789012:role/a b/x",         /* bad path */
    "ARN:aws:iam::123456789012:role/x",
    "arn:aws:iam::123456789012:role/x:y",
    NULL,
  };

  for (gsize i = 0; invalid[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JgArn) arn = NULL;

      g_test_message ("invalid ARN: “%s”", invalid[i]);
      arn = jg_arn_parse (invalid[i], &error);
      g_assert_null (arn);
      g_assert_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_ARN);
      g_assert_null (strchr (error->message, '\n'));
    }
}

static void
test_mfa_serial (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jg_validate_mfa_serial (JG_PARTITION_AWS,
                                         "arn:aws:iam::123456789012:mfa/alice",
                                         NULL));
  g_assert_false (jg_validate_mfa_serial (JG_PARTITION_AWS_CN,
                                          "arn:aws:iam::123456789012:mfa/alice",
                                          &error));
  g_assert_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_MFA_SERIAL);
  g_clear_error (&error);

  g_assert_false (jg_validate_mfa_serial (JG_PARTITION_AWS,
                                          "arn:aws:iam::123456789012:user/alice",
                                          &error));
  g_assert_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_MFA_SERIAL);
}

static void
test_trust_policy_limit (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (jg_validate_trust_policy_limit (2048, NULL));
  g_assert_true (jg_validate_trust_policy_limit (4096, NULL));
  g_assert_false (jg_validate_trust_policy_limit (2047, &error));
  g_assert_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_LIMIT);
  g_clear_error (&error);
  g_assert_false (jg_validate_trust_policy_limit (8192, &error));
  g_assert_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_LIMIT);
  g_assert_nonnull (strstr (error->message, "8192"));
}

int
main (int   argc,
      char *argv[])
{
  jg_test_init (&argc, &argv);

  g_test_add_func ("/jumpgate/model/account-id", test_account_id);
  g_test_add_func ("/jumpgate/model/iam-name", test_iam_name);
  g_test_add_func ("/jumpgate/model/iam-path", test_iam_path);
  g_test_add_func ("/jumpgate/model/color", test_color);
  g_test_add_func ("/jumpgate/model/handle", test_handle);
  g_test_add_func ("/jumpgate/model/label", test_label);
  g_test_add_func ("/jumpgate/model/email", test_email);
  g_test_add_func ("/jumpgate/model/region", test_region);
  g_test_add_func ("/jumpgate/model/partition", test_partition);
  g_test_add_func ("/jumpgate/model/arn-round-trip", test_arn_round_trip);
  g_test_add_func ("/jumpgate/model/arn-invalid", test_arn_invalid);
  g_test_add_func ("/jumpgate/model/mfa-serial", test_mfa_serial);
  g_test_add_func ("/jumpgate/model/trust-policy-limit",
                   test_trust_policy_limit);

  return g_test_run ();
}
