/* test-policy.c: IAM policy documents: generation, merge, reading back,
 * limits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "core/jg-policy.h"
#include "core/jg-policy-private.h"

#define USER_ANA "arn:aws:iam::999999999999:user/people/ana"
#define USER_BO "arn:aws:iam::999999999999:user/bo"
#define USER_CY "arn:aws:iam::999999999999:user/cy"
#define ROLE_A "arn:aws:iam::111111111111:role/admin"
#define ROLE_B "arn:aws:iam::222222222222:role/ops/read-only"
#define ROLE_C "arn:aws:iam::333333333333:role/deploy"

#define MANAGED_MFA_ANA_BO \
  "{\"Sid\":\"JumpgateManaged\",\"Effect\":\"Allow\"," \
  "\"Principal\":{\"AWS\":[\"" USER_BO "\",\"" USER_ANA "\"]}," \
  "\"Action\":\"sts:AssumeRole\"," \
  "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}"

#define NO_TRUST_STATEMENT \
  "{\"Sid\":\"JumpgateNoTrust\",\"Effect\":\"Deny\"," \
  "\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}"

static const char *const principals_ana_bo[] = { USER_BO, USER_ANA };

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
to_compact (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* Returns the statements of a parsed policy, as a list whatever the
 * document's shape, optionally without Jumpgate's own statements. */
static GPtrArray *
get_statements (JsonNode *root,
                gboolean  only_foreign)
{
  GPtrArray *statements = g_ptr_array_new ();
  JsonNode *node = json_object_get_member (json_node_get_object (root),
                                           "Statement");
  g_autoptr(GList) elements = NULL;

  if (node == NULL)
    return statements;

  if (JSON_NODE_HOLDS_OBJECT (node))
    elements = g_list_append (NULL, node);
  else
    elements = json_array_get_elements (json_node_get_array (node));

  for (const GList *l = elements; l != NULL; l = l->next)
    {
      JsonObject *statement = json_node_get_object (l->data);
      const char *sid = json_object_get_string_member_with_default (statement,
                                                                    "Sid", "");

      if (only_foreign && (strcmp (sid, JG_POLICY_MANAGED_SID) == 0
                           || strcmp (sid, JG_POLICY_NO_TRUST_SID) == 0))
        continue;

      g_ptr_array_add (statements, l->data);
    }

  return statements;
}

static void
test_assume_roles_build (void)
{
  const char *const arns[] = { ROLE_B, ROLE_A, ROLE_B, ROLE_C };
  g_autofree char *document = NULL;

  document = jg_policy_build_assume_roles (arns, G_N_ELEMENTS (arns));

  g_assert_cmpstr (document, ==,
                   "{\"Version\":\"2012-10-17\",\"Statement\":[{"
                   "\"Sid\":\"JumpgateAssumeRoles\",\"Effect\":\"Allow\","
                   "\"Action\":\"sts:AssumeRole\",\"Resource\":["
                   "\"" ROLE_A "\",\"" ROLE_B "\",\"" ROLE_C "\"]}]}");
  g_assert_cmpstr (JG_POLICY_ASSUME_ROLES_NAME, ==, "jumpgate-assume-roles");
}

/* The policy written without json-glib has the same bytes as the one
 * json-glib writes, and ARNs that need an escape still get one. */
static void
test_assume_roles_same_bytes (void)
{
  const char *const simple[] = { ROLE_C, ROLE_A, ROLE_B, ROLE_A, NULL };
  const char *const printable[] = {
    "arn:aws:iam::111111111111:role/ !#$%&'()*+,-./0123456789:;<=>?@AB"
    "CDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~", NULL };
  const char *const quote[] = { ROLE_A, "arn:aws:iam::1:role/a\"b", NULL };
  const char *const backslash[] = { "arn:aws:iam::1:role/a\\b", NULL };
  const char *const tab[] = { ROLE_B, "arn:aws:iam::1:role/a\tb", NULL };
  const char *const latin1[] = { "arn:aws:iam::1:role/caf\xc3\xa9", NULL };
  const char *const delete[] = { "arn:aws:iam::1:role/a\x7f" "b", NULL };
  const char *const *sets[] = { simple, printable, quote, backslash, tab,
                                latin1, delete };

  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    {
      g_autofree char *direct = jg_policy_build_assume_roles (sets[i], -1);
      g_autofree char *by_json = jg_policy_build_assume_roles_by_json (sets[i],
                                                                       -1);

      g_test_message ("ARN set %u", i);
      g_assert_nonnull (direct);
      g_assert_cmpstr (direct, ==, by_json);
    }
}

static void
test_assume_roles_one (void)
{
  const char *const arns[] = { ROLE_A, NULL };
  g_autofree char *document = jg_policy_build_assume_roles (arns, -1);

  g_assert_cmpstr (document, ==,
                   "{\"Version\":\"2012-10-17\",\"Statement\":[{"
                   "\"Sid\":\"JumpgateAssumeRoles\",\"Effect\":\"Allow\","
                   "\"Action\":\"sts:AssumeRole\",\"Resource\":["
                   "\"" ROLE_A "\"]}]}");
}

static void
test_assume_roles_empty (void)
{
  const char *const none[] = { NULL };

  g_assert_null (jg_policy_build_assume_roles (NULL, 0));
  g_assert_null (jg_policy_build_assume_roles (none, -1));
  g_assert_null (jg_policy_build_assume_roles (none, 0));
}

static void
test_assume_roles_deterministic (void)
{
  const char *arns[] = { ROLE_A, ROLE_B, ROLE_C, ROLE_A };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *reference = NULL;

  reference = jg_policy_build_assume_roles (arns, G_N_ELEMENTS (arns));

  for (int round = 0; round < 20; round++)
    {
      g_autofree char *document = NULL;

      for (guint i = G_N_ELEMENTS (arns) - 1; i > 0; i--)
        {
          guint j = g_rand_int_range (rand, 0, i + 1);
          const char *swap = arns[i];

          arns[i] = arns[j];
          arns[j] = swap;
        }

      document = jg_policy_build_assume_roles (arns, G_N_ELEMENTS (arns));
      g_assert_cmpstr (document, ==, reference);
    }
}

static void
assert_strv_equal (char       **actual,
                   const char  *const *expected)
{
  g_assert_nonnull (actual);
  g_assert_cmpuint (g_strv_length (actual), ==,
                    g_strv_length ((char **) expected));

  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (actual[i], ==, expected[i]);
}

static void
test_assume_roles_extract_built (void)
{
  const char *const arns[] = { ROLE_C, ROLE_A, ROLE_B, NULL };
  const char *const sorted[] = { ROLE_A, ROLE_B, ROLE_C, NULL };
  g_autofree char *document = jg_policy_build_assume_roles (arns, -1);
  g_auto(GStrv) extracted = NULL;
  g_autoptr(GError) error = NULL;

  extracted = jg_policy_extract_assumable_roles (document, &error);

  g_assert_no_error (error);
  assert_strv_equal (extracted, sorted);
}

static void
test_assume_roles_extract_hand_written (void)
{
  /* Only statement 1 (list Action, string Resource), statement 2 (case,
   * sts:* wildcard) and the concrete ARN of statement 3 are grants. */
  const char *document =
    "{\"Version\": \"2012-10-17\", \"Statement\": [\n"
    "  {\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"sts:AssumeRole\"],"
    "   \"Resource\": \"" ROLE_B "\"},\n"
    "  {\"Effect\": \"Allow\", \"Action\": \"STS:*\","
    "   \"Resource\": [\"" ROLE_A "\"]},\n"
    "  {\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\","
    "   \"Resource\": [\"arn:aws:iam::111111111111:role/team-*\","
    "                  \"*\", \"" ROLE_A "\","
    "                  \"arn:aws:iam::111111111111:user/someone\"]},\n"
    "  {\"Effect\": \"Deny\", \"Action\": \"sts:AssumeRole\","
    "   \"Resource\": \"" ROLE_C "\"},\n"
    "  {\"Effect\": \"Allow\", \"NotAction\": \"iam:*\","
    "   \"Resource\": \"arn:aws:iam::444444444444:role/not-action\"},\n"
    "  {\"Effect\": \"Allow\", \"Action\": \"s3:*\","
    "   \"Resource\": \"arn:aws:iam::555555555555:role/s3\"}\n"
    "]}";
  const char *const expected[] = { ROLE_A, ROLE_B, NULL };
  g_auto(GStrv) extracted = NULL;
  g_autoptr(GError) error = NULL;

  extracted = jg_policy_extract_assumable_roles (document, &error);

  g_assert_no_error (error);
  assert_strv_equal (extracted, expected);
}

static void
test_assume_roles_extract_encoded (void)
{
  /* A single-object Statement, percent-encoded as GetUserPolicy
   * returns it. */
  const char *encoded =
    "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B"
    "%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22sts%3AAssumeRole%22%2C"
    "%22Resource%22%3A%22arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2Fadmin"
    "%22%7D%7D";
  const char *const expected[] = { ROLE_A, NULL };
  g_auto(GStrv) extracted = NULL;
  g_autoptr(GError) error = NULL;

  extracted = jg_policy_extract_assumable_roles (encoded, &error);

  g_assert_no_error (error);
  assert_strv_equal (extracted, expected);
}

static void
test_assume_roles_extract_malformed (void)
{
  const char *documents[] = {
    "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": 3,"
    " \"Resource\": \"*\"}]}",
    "{\"Statement\": \"everything\"}",
    "[\"not\", \"an\", \"object\"]",
    "{\"Statement\": [",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) extracted = NULL;

      extracted = jg_policy_extract_assumable_roles (documents[i], &error);

      g_assert_null (extracted);
      g_assert_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_MALFORMED);
    }
}

static void
test_trust_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *with_mfa = NULL;
  g_autofree char *without_mfa = NULL;

  with_mfa = jg_policy_merge_trust (NULL, principals_ana_bo, 2, TRUE, &error);
  g_assert_no_error (error);
  without_mfa = jg_policy_merge_trust ("  \n", principals_ana_bo, 2, FALSE,
                                       &error);
  g_assert_no_error (error);

  g_assert_cmpstr (with_mfa, ==,
                   "{\"Version\":\"2012-10-17\",\"Statement\":["
                   MANAGED_MFA_ANA_BO "]}");
  g_assert_cmpstr (without_mfa, ==,
                   "{\"Version\":\"2012-10-17\",\"Statement\":[{"
                   "\"Sid\":\"JumpgateManaged\",\"Effect\":\"Allow\","
                   "\"Principal\":{\"AWS\":[\"" USER_BO "\",\"" USER_ANA
                   "\"]},\"Action\":\"sts:AssumeRole\"}]}");
}

static void
test_trust_one_principal_is_list (void)
{
  const char *const one[] = { USER_CY, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *document = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  JsonObject *principal;

  document = jg_policy_merge_trust (NULL, one, -1, TRUE, &error);
  g_assert_no_error (error);

  root = parse_json (document);
  statements = get_statements (root, FALSE);
  g_assert_cmpuint (statements->len, ==, 1);
  principal = json_object_get_object_member (
    json_node_get_object (g_ptr_array_index (statements, 0)), "Principal");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (principal,
                                                                "AWS")));
}

typedef struct
{
  const char *name;
  const char *current;
  int         managed_index;   /* where the managed statement must land */
} MergeCase;

static const MergeCase merge_cases[] = {
  {
    "external-id",
    "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n"
    "      \"Sid\": \"VendorAudit\",\n      \"Effect\": \"Allow\",\n"
    "      \"Principal\": {\"AWS\": \"arn:aws:iam::210987654321:root\"},\n"
    "      \"Action\": \"sts:AssumeRole\",\n"
    "      \"Condition\": {\"StringEquals\": "
    "{\"sts:ExternalId\": \"Ops-7f3c+x=1\"}}\n    }\n  ]\n}",
    1,
  },
  {
    "service-principal",
    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
    "\"Principal\":{\"Service\":[\"ec2.amazonaws.com\","
    "\"lambda.amazonaws.com\"]},"
    "\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}]}",
    1,
  },
  {
    "saml",
    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
    "\"Principal\":{\"Federated\":"
    "\"arn:aws:iam::123456789012:saml-provider/ExampleIdP\"},"
    "\"Action\":\"sts:AssumeRoleWithSAML\",\"Condition\":{\"StringEquals\":"
    "{\"SAML:aud\":\"https://signin.aws.amazon.com/saml\"}}}]}",
    1,
  },
  {
    "not-principal-and-deny",
    "{\"Version\":\"2012-10-17\",\"Statement\":["
    "{\"Sid\":\"OnlyBreakGlass\",\"Effect\":\"Deny\",\"NotPrincipal\":"
    "{\"AWS\":[\"arn:aws:iam::999999999999:user/break-glass\","
    "\"arn:aws:iam::999999999999:root\"]},\"Action\":\"sts:AssumeRole\","
    "\"Condition\":{\"Bool\":{\"aws:ViaAWSService\":false}}},"
    "{\"Sid\":\"OrgOnly\",\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},"
    "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringNotEquals\":"
    "{\"aws:PrincipalOrgID\":[\"o-a1b2c3d4e5\",\"o-f6g7h8i9j0\"]}}}]}",
    2,
  },
  {
    "single-object-string-principal",
    "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
    "\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Condition\":"
    "{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"},"
    "\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":3600}}}}",
    1,
  },
  {
    "managed-in-the-middle",
    "{\"Version\":\"2012-10-17\",\"Statement\":["
    "{\"Sid\":\"First\",\"Effect\":\"Allow\",\"Principal\":"
    "{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"},"
    "{\"Sid\":\"JumpgateManaged\",\"Effect\":\"Allow\",\"Principal\":"
    "{\"AWS\":\"arn:aws:iam::999999999999:user/gone\"},"
    "\"Action\":\"sts:AssumeRole\"},"
    "{\"Sid\":\"Last\",\"Effect\":\"Allow\",\"Principal\":"
    "{\"AWS\":\"arn:aws:iam::210987654321:role/ci\"},"
    "\"Action\":[\"sts:AssumeRole\",\"sts:SetSourceIdentity\"]}]}",
    1,
  },
  {
    "latin-1-condition",
    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
    "\"Principal\":{\"AWS\":\"arn:aws:iam::210987654321:root\"},"
    "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringLike\":"
    "{\"aws:PrincipalTag/équipe\":[\"plate-forme*\",\"donn\\u00e9es\"]}}}]}",
    1,
  },
  {
    "no-trust-placeholder",
    "{\"Version\":\"2012-10-17\",\"Statement\":[" NO_TRUST_STATEMENT "]}",
    0,
  },
  {
    "empty-statement-list",
    "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
    0,
  },
  {
    "id-member-first",
    "{\"Id\":\"deploy-trust\",\"Version\":\"2012-10-17\",\"Statement\":["
    "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"210987654321\"},"
    "\"Action\":\"sts:AssumeRole\"}]}",
    1,
  },
};

/* Checks that every statement other than Jumpgate's comes out of a merge
 * as it went in: equal as JSON, with members in the same order. */
static void
assert_foreign_statements_kept (const char *current,
                                const char *merged)
{
  g_autoptr(JsonNode) current_root = parse_json (current);
  g_autoptr(JsonNode) merged_root = parse_json (merged);
  g_autoptr(GPtrArray) before = get_statements (current_root, TRUE);
  g_autoptr(GPtrArray) after = get_statements (merged_root, TRUE);

  g_assert_cmpuint (after->len, ==, before->len);

  for (guint i = 0; i < before->len; i++)
    {
      g_autofree char *before_text = to_compact (g_ptr_array_index (before, i));
      g_autofree char *after_text = to_compact (g_ptr_array_index (after, i));

      g_assert_true (json_node_equal (g_ptr_array_index (before, i),
                                      g_ptr_array_index (after, i)));
      g_assert_cmpstr (after_text, ==, before_text);
    }
}

static void
assert_root_members_kept (const char *current,
                          const char *merged)
{
  g_autoptr(JsonNode) current_root = parse_json (current);
  g_autoptr(JsonNode) merged_root = parse_json (merged);
  g_autoptr(GList) before = json_object_get_members (
    json_node_get_object (current_root));
  g_autoptr(GList) after = json_object_get_members (
    json_node_get_object (merged_root));

  g_assert_cmpuint (g_list_length (after), ==, g_list_length (before));
  for (const GList *a = after, *b = before; a != NULL; a = a->next, b = b->next)
    g_assert_cmpstr (a->data, ==, b->data);
}

static void
test_trust_merge_table (void)
{
  g_autoptr(JsonNode) expected_managed = parse_json (MANAGED_MFA_ANA_BO);

  for (guint i = 0; i < G_N_ELEMENTS (merge_cases); i++)
    {
      const MergeCase *c = &merge_cases[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *merged = NULL;
      g_autofree char *again = NULL;
      g_autoptr(JsonNode) merged_root = NULL;
      g_autoptr(GPtrArray) statements = NULL;
      JsonNode *managed;

      g_test_message ("merge case %s", c->name);

      merged = jg_policy_merge_trust (c->current, principals_ana_bo, 2, TRUE,
                                      &error);
      g_assert_no_error (error);
      g_assert_nonnull (merged);

      assert_foreign_statements_kept (c->current, merged);
      assert_root_members_kept (c->current, merged);

      merged_root = parse_json (merged);
      statements = get_statements (merged_root, FALSE);
      g_assert_cmpint (c->managed_index, <, (int) statements->len);
      managed = g_ptr_array_index (statements, c->managed_index);
      g_assert_true (json_node_equal (managed, expected_managed));

      again = jg_policy_merge_trust (merged, principals_ana_bo, 2, TRUE,
                                     &error);
      g_assert_no_error (error);
      g_assert_cmpstr (again, ==, merged);
    }
}

static void
test_trust_merge_table_remove (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (merge_cases); i++)
    {
      const MergeCase *c = &merge_cases[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *merged = NULL;
      g_autoptr(JsonNode) current_root = parse_json (c->current);
      g_autoptr(GPtrArray) foreign = get_statements (current_root, TRUE);
      g_autoptr(JsonNode) merged_root = NULL;
      g_autoptr(GPtrArray) statements = NULL;

      g_test_message ("remove case %s", c->name);

      merged = jg_policy_merge_trust (c->current, NULL, 0, TRUE, &error);
      g_assert_no_error (error);

      assert_foreign_statements_kept (c->current, merged);
      merged_root = parse_json (merged);
      statements = get_statements (merged_root, FALSE);

      if (foreign->len == 0)
        {
          g_autoptr(JsonNode) placeholder = parse_json (NO_TRUST_STATEMENT);

          g_assert_cmpuint (statements->len, ==, 1);
          g_assert_true (json_node_equal (g_ptr_array_index (statements, 0),
                                          placeholder));
        }
      else
        {
          g_assert_cmpuint (statements->len, ==, foreign->len);
        }
    }
}

#define CI_STATEMENT \
  "{\"Sid\":\"Ci\",\"Effect\":\"Allow\"," \
  "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"}," \
  "\"Action\":\"sts:AssumeRole\"}"

/* The managed statement with its principals out of order. */
#define MANAGED_ANA_FIRST \
  "{\"Sid\":\"JumpgateManaged\",\"Effect\":\"Allow\"," \
  "\"Principal\":{\"AWS\":[\"" USER_ANA "\",\"" USER_BO "\"]}," \
  "\"Action\":\"sts:AssumeRole\"," \
  "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}"

/* Documents close to what Jumpgate writes for ana and bo with MFA, each
 * with the fast path's expected verdict: TRUE when the merge gives the
 * document back unchanged. */
static const struct
{
  const char *document;
  gboolean    kept;
} fast_path_cases[] = {
  { "{\"Version\":\"2012-10-17\",\"Statement\":[" CI_STATEMENT ","
    MANAGED_MFA_ANA_BO "]}", TRUE },
  { "{\"Version\":\"2012-10-17\",\"Statement\":[" MANAGED_MFA_ANA_BO ","
    CI_STATEMENT "]}", TRUE },
  { "{\"Statement\":[" MANAGED_MFA_ANA_BO "],\"Id\":\"x\"}", TRUE },
  { "{\"Version\":\"2012-10-17\",\"Statement\":[" MANAGED_MFA_ANA_BO
    ",{\"Sid\":\"N\",\"Effect\":\"Deny\",\"Principal\":\"*\","
    "\"Action\":\"sts:TagSession\",\"Condition\":{\"Null\":"
    "{\"aws:x\":[true,false,null,[],{}]}}}]}", TRUE },
  /* Every character a simple string may hold: json-glib must give them
   * back as they are. */
  { "{\"Statement\":[" MANAGED_MFA_ANA_BO ",{\"Sid\":\" !#$%&'()*+,-./"
    "0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrs"
    "tuvwxyz{|}~\"}]}", TRUE },
  /* Spellings the fast path leaves to the full merge. */
  { "{\"Version\":\"2012-10-17\",\"Statement\":[" MANAGED_ANA_FIRST "]}",
    FALSE },
  { "{\"Version\":\"2012-10-17\",\"Statement\":" MANAGED_MFA_ANA_BO "}",
    FALSE },
  { "{\"Version\": \"2012-10-17\",\"Statement\":[" MANAGED_MFA_ANA_BO
    "]}", FALSE },
  { " {\"Statement\":[" MANAGED_MFA_ANA_BO "]}", FALSE },
  { "{\"Statement\":[" MANAGED_MFA_ANA_BO "]} ", FALSE },
  { "{\"Statement\":[" MANAGED_MFA_ANA_BO "],\"N\":1}", FALSE },
  { "{\"Statement\":[" MANAGED_MFA_ANA_BO "],\"N\":0.1}", FALSE },
  { "{\"Statement\":[" MANAGED_MFA_ANA_BO "],\"E\":\"a\\/b\"}", FALSE },
  { "{\"Statement\":[" MANAGED_MFA_ANA_BO "],\"E\":\"\\u00e9\"}", FALSE },
  { "{\"Statement\":[" MANAGED_MFA_ANA_BO "],\"E\":\"\\u263a\"}", FALSE },
  { "{\"Statement\":[" MANAGED_MFA_ANA_BO "],\"E\":\"caf\xc3\xa9\"}",
    FALSE },
  { "{\"Id\":\"a\",\"Statement\":[" MANAGED_MFA_ANA_BO "],\"Id\":\"b\"}",
    FALSE },
  { "{\"Statement\":[" MANAGED_MFA_ANA_BO ",{\"Sid\":\"a\","
    "\"Sid\":\"JumpgateManaged\"}]}", FALSE },
  { "{\"Statement\":[" MANAGED_MFA_ANA_BO "," MANAGED_MFA_ANA_BO "]}",
    FALSE },
  { "{\"Statement\":[" MANAGED_MFA_ANA_BO "," NO_TRUST_STATEMENT "]}",
    FALSE },
  { "{\"Statement\":[" CI_STATEMENT "]}", FALSE },
  { "{\"Version\":\"2012-10-17\"}", FALSE },
  { "{\"Statement\":[" MANAGED_MFA_ANA_BO ",\"x\"]}", FALSE },
  { "{\"Statement\":[" MANAGED_MFA_ANA_BO ",]}", FALSE },
  { "{\"Statement\":[" MANAGED_MFA_ANA_BO "]", FALSE },
  { "%7B%22Statement%22%3A%5B%5D%7D", FALSE },
  { "[]", FALSE },
  { "", FALSE },
};

/* The fast path of jg_policy_merge_trust() gives the same document, or
 * the same error, as the full merge, and is taken exactly where
 * expected. */
static void
test_trust_fast_path (void)
{
  const char *const *principal_sets[] = { principals_ana_bo,
                                          (const char *const[]) { USER_ANA },
                                          NULL };
  const gssize n_principals[] = { 2, 1, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (fast_path_cases); i++)
    for (guint set = 0; set < G_N_ELEMENTS (principal_sets); set++)
      for (int mfa = 0; mfa <= 1; mfa++)
        {
          const char *document = fast_path_cases[i].document;
          g_autoptr(GError) fast_error = NULL;
          g_autoptr(GError) full_error = NULL;
          g_autofree char *fast = NULL;
          g_autofree char *full = NULL;
          gboolean kept;

          g_test_message ("fast path case %u, set %u, mfa %d", i, set, mfa);

          kept = jg_policy_trust_merge_keeps (document, principal_sets[set],
                                              n_principals[set], mfa);
          g_assert_cmpint (kept, ==, fast_path_cases[i].kept && set == 0
                                     && mfa);

          fast = jg_policy_merge_trust (document, principal_sets[set],
                                        n_principals[set], mfa, &fast_error);
          full = jg_policy_merge_trust_by_parsing (document,
                                                   principal_sets[set],
                                                   n_principals[set], mfa,
                                                   &full_error);
          g_assert_cmpstr (fast, ==, full);
          if (full_error == NULL)
            g_assert_no_error (fast_error);
          else
            g_assert_error (fast_error, full_error->domain, full_error->code);

          if (kept)
            g_assert_cmpstr (fast, ==, document);
        }
}

/* What the merge writes is what the fast path recognises, so that a
 * second plan of unchanged grants does not parse it again. */
static void
test_trust_fast_path_merged (void)
{
  const char *currents[] = {
    NULL,
    "{\"Version\":\"2012-10-17\",\"Statement\":[" CI_STATEMENT "]}",
    "{\n  \"Statement\": " CI_STATEMENT "\n}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (currents); i++)
    for (int mfa = 0; mfa <= 1; mfa++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *merged = NULL;

        merged = jg_policy_merge_trust_by_parsing (currents[i],
                                                   principals_ana_bo, 2, mfa,
                                                   &error);
        g_assert_no_error (error);
        g_assert_true (jg_policy_trust_merge_keeps (merged, principals_ana_bo,
                                                    2, mfa));
        g_assert_false (jg_policy_trust_merge_keeps (merged, principals_ana_bo,
                                                     2, !mfa));
        g_assert_false (jg_policy_trust_merge_keeps (merged, principals_ana_bo,
                                                     1, mfa));
      }
}

static void
test_trust_no_trust_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *granted = NULL;
  g_autofree char *emptied = NULL;
  g_autofree char *regranted = NULL;

  granted = jg_policy_merge_trust (NULL, principals_ana_bo, 2, TRUE, &error);
  g_assert_no_error (error);

  emptied = jg_policy_merge_trust (granted, NULL, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (emptied, ==,
                   "{\"Version\":\"2012-10-17\",\"Statement\":["
                   NO_TRUST_STATEMENT "]}");

  regranted = jg_policy_merge_trust (emptied, principals_ana_bo, 2, TRUE,
                                     &error);
  g_assert_no_error (error);
  g_assert_cmpstr (regranted, ==, granted);
}

static void
test_trust_deterministic (void)
{
  const char *current = merge_cases[3].current;
  const char *orders[][4] = {
    { USER_ANA, USER_BO, USER_CY, USER_ANA },
    { USER_CY, USER_ANA, USER_BO, USER_BO },
    { USER_BO, USER_CY, USER_ANA, USER_CY },
  };
  g_autofree char *reference = NULL;
  g_autoptr(GError) error = NULL;

  reference = jg_policy_merge_trust (current, orders[0], 4, FALSE, &error);
  g_assert_no_error (error);

  for (guint i = 1; i < G_N_ELEMENTS (orders); i++)
    {
      g_autofree char *document = NULL;

      document = jg_policy_merge_trust (current, orders[i], 4, FALSE, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (document, ==, reference);
    }
}

static void
test_trust_mfa_toggle (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *with_mfa = NULL;
  g_autofree char *without_mfa = NULL;
  g_autofree char *with_mfa_again = NULL;

  with_mfa = jg_policy_merge_trust (merge_cases[0].current,
                                    principals_ana_bo, 2, TRUE, &error);
  g_assert_no_error (error);
  without_mfa = jg_policy_merge_trust (with_mfa, principals_ana_bo, 2, FALSE,
                                       &error);
  g_assert_no_error (error);
  with_mfa_again = jg_policy_merge_trust (without_mfa, principals_ana_bo, 2,
                                          TRUE, &error);
  g_assert_no_error (error);

  g_assert_null (strstr (without_mfa, "MultiFactorAuthPresent"));
  g_assert_nonnull (strstr (with_mfa, "MultiFactorAuthPresent"));
  g_assert_cmpstr (with_mfa_again, ==, with_mfa);
}

static char *
read_shared_file (const char *relative_path)
{
  const char *shared_dir = g_getenv ("JG_TEST_SHARED_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  if (shared_dir == NULL)
    {
      g_test_fail_printf ("JG_TEST_SHARED_DIR is not set; run this test "
                          "with meson test");
      return NULL;
    }

  path = g_build_filename (shared_dir, relative_path, NULL);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static char *
xml_element_text (const char *xml,
                  const char *element)
{
  g_autofree char *open_tag = g_strdup_printf ("<%s>", element);
  g_autofree char *close_tag = g_strdup_printf ("</%s>", element);
  const char *start = strstr (xml, open_tag);
  const char *end;

  g_assert_nonnull (start);
  start += strlen (open_tag);
  end = strstr (start, close_tag);
  g_assert_nonnull (end);

  return g_strndup (start, end - start);
}

/* The decoded trust policy of deploy-pipeline, from expected.json. */
static JsonObject *
expected_decoded_policy (JsonNode *expected_root)
{
  JsonArray *samples = json_object_get_array_member (
    json_node_get_object (expected_root), "samples");

  for (guint i = 0; i < json_array_get_length (samples); i++)
    {
      JsonObject *sample = json_array_get_object_element (samples, i);

      if (g_strcmp0 (json_object_get_string_member (sample, "file"),
                     "get-role.xml") != 0)
        continue;

      return json_object_get_object_member (
        json_object_get_object_member (sample, "assume_role_policy_decoded"),
        "deploy-pipeline");
    }

  g_assert_not_reached ();
}

static void
test_trust_percent_encoded (void)
{
  g_autofree char *xml = read_shared_file ("testdata/iam-xml/get-role.xml");
  g_autofree char *expected_text = read_shared_file (
    "testdata/iam-xml/expected.json");
  g_autofree char *encoded = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *merged = NULL;
  g_autoptr(JsonNode) expected_root = NULL;
  g_autoptr(JsonNode) merged_root = NULL;
  g_autoptr(GPtrArray) foreign = NULL;
  g_autoptr(GPtrArray) expected_statements = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *expected;
  JsonNode *expected_json;

  if (xml == NULL || expected_text == NULL)
    return;

  encoded = xml_element_text (xml, "AssumeRolePolicyDocument");
  g_assert_null (strchr (encoded, '&'));
  expected_root = parse_json (expected_text);
  expected = expected_decoded_policy (expected_root);
  expected_json = json_object_get_member (expected, "json");

  decoded = jg_policy_percent_decode (encoded, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (decoded, ==, json_object_get_string_member (expected,
                                                               "text"));

  merged = jg_policy_merge_trust (encoded, principals_ana_bo, 2, TRUE, &error);
  g_assert_no_error (error);

  merged_root = parse_json (merged);
  foreign = get_statements (merged_root, TRUE);
  expected_statements = get_statements (expected_json, FALSE);
  g_assert_cmpuint (foreign->len, ==, 1);
  g_assert_cmpuint (expected_statements->len, ==, 1);
  g_assert_true (json_node_equal (g_ptr_array_index (foreign, 0),
                                  g_ptr_array_index (expected_statements, 0)));
  /* The "+" of the external id was %2B and must stay a "+". */
  g_assert_nonnull (strstr (merged, "\"Ops-7f3c+x=1\""));
  g_assert_nonnull (strstr (merged, "aws:PrincipalTag/équipe"));
}

typedef struct
{
  const char *encoded;
  const char *decoded;        /* NULL when decoding must fail */
  int         error_code;
  const char *message_part;
} DecodeCase;

static void
test_percent_decode (void)
{
  const DecodeCase cases[] = {
    { "%7B%7D", "{}", 0, NULL },
    { "a+b%20c", "a+b c", 0, NULL },
    { "%2b%2B", "++", 0, NULL },
    { "%C3%A9quipe", "équipe", 0, NULL },
    { "", "", 0, NULL },
    { "%G1", NULL, JG_POLICY_ERROR_INVALID_ENCODING, "byte 0" },
    { "abc%4", NULL, JG_POLICY_ERROR_INVALID_ENCODING, "byte 3" },
    { "abc%", NULL, JG_POLICY_ERROR_INVALID_ENCODING, "byte 3" },
    { "ab%00", NULL, JG_POLICY_ERROR_INVALID_ENCODING, "byte 2" },
    { "x%FF", NULL, JG_POLICY_ERROR_INVALID_ENCODING, "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *decoded = NULL;

      decoded = jg_policy_percent_decode (cases[i].encoded, &error);

      if (cases[i].decoded != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (decoded, ==, cases[i].decoded);
          continue;
        }

      g_assert_null (decoded);
      g_assert_error (error, JG_POLICY_ERROR, cases[i].error_code);
      g_assert_nonnull (strstr (error->message, cases[i].message_part));
    }
}

static void
test_trust_latin1_kept (void)
{
  const char *current = merge_cases[6].current;
  g_autoptr(GError) error = NULL;
  g_autofree char *merged = NULL;
  g_autofree char *name = NULL;

  merged = jg_policy_merge_trust (current, principals_ana_bo, 2, TRUE, &error);
  g_assert_no_error (error);

  /* Both spellings of é come out as UTF-8, one character each. */
  g_assert_nonnull (strstr (merged, "\"aws:PrincipalTag/équipe\""));
  g_assert_nonnull (strstr (merged, "\"données\""));
  g_assert_null (strstr (merged, "\\u00e9"));

  name = g_strdup ("The merged trust policy");
  g_assert_true (jg_policy_check_alphabet (merged, name, &error));
  g_assert_no_error (error);
}

typedef struct
{
  const char *document;
  const char *character;
  const char *path;
} UnicodeCase;

static void
test_trust_beyond_latin1_rejected (void)
{
  const UnicodeCase cases[] = {
    {
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      "\"Principal\":{\"AWS\":\"arn:aws:iam::210987654321:root\"},"
      "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":"
      "{\"aws:PrincipalTag/team\":[\"ops\",\"\\u4e2d\\u6587\"]}}}]}",
      "U+4E2D",
      "Statement[0].Condition.StringEquals.aws:PrincipalTag/team[1]",
    },
    {
      "{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"Smile\","
      "\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\","
      "\"Condition\":{\"StringLike\":{\"aws:PrincipalTag/mood\":"
      "\"\\ud83d\\ude00\"}}}}",
      "U+1F600",
      "Statement[0].Condition.StringLike.aws:PrincipalTag/mood",
    },
    {
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      "\"Principal\":{\"AWS\":\"arn:aws:iam::210987654321:root\"},"
      "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":"
      "{\"aws:PrincipalTag/\\u0142\":\"x\"}}}]}",
      "U+0142",
      "member name",
    },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *merged = NULL;

      merged = jg_policy_merge_trust (cases[i].document, principals_ana_bo, 2,
                                      TRUE, &error);

      g_assert_null (merged);
      g_assert_error (error, JG_POLICY_ERROR,
                      JG_POLICY_ERROR_INVALID_CHARACTER);
      g_assert_nonnull (strstr (error->message, cases[i].character));
      g_assert_nonnull (strstr (error->message, cases[i].path));
    }
}

typedef struct
{
  const char *document;
  int         error_code;
} MalformedCase;

static void
test_trust_malformed (void)
{
  const MalformedCase cases[] = {
    { "{\"Version\": \"2012-10-17\", \"Statement\": [", JG_POLICY_ERROR_MALFORMED },
    { "[]", JG_POLICY_ERROR_MALFORMED },
    { "\"policy\"", JG_POLICY_ERROR_MALFORMED },
    { "{\"Statement\": \"all\"}", JG_POLICY_ERROR_MALFORMED },
    { "{\"Statement\": [{\"Effect\": \"Allow\"}, 3]}", JG_POLICY_ERROR_MALFORMED },
    { "{\"Statement\": [{\"Sid\": \"\xff\"}]}", JG_POLICY_ERROR_INVALID_ENCODING },
    { "%7B%ZZ", JG_POLICY_ERROR_INVALID_ENCODING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *merged = NULL;

      merged = jg_policy_merge_trust (cases[i].document, principals_ana_bo, 2,
                                      TRUE, &error);

      g_assert_null (merged);
      g_assert_error (error, JG_POLICY_ERROR, cases[i].error_code);
    }
}

static void
test_trust_extract_principals (void)
{
  const char *const all[] = { USER_ANA, USER_BO, USER_CY, NULL };
  const char *const sorted[] = { USER_BO, USER_CY, USER_ANA, NULL };
  const char *const bo_only[] = { USER_BO, NULL };
  const char *const star[] = { "*", NULL };
  const char *const none[] = { NULL };
  const char *const duplicated_expected[] = { USER_BO, USER_CY, NULL };
  g_autofree char *merged = NULL;
  g_autoptr(GError) error = NULL;
  struct
  {
    const char        *document;
    const char *const *expected;
  } cases[] = {
    { NULL, sorted },
    { "{\"Statement\":{\"Sid\":\"JumpgateManaged\",\"Effect\":\"Allow\","
      "\"Principal\":{\"AWS\":\"" USER_BO "\"},\"Action\":\"sts:AssumeRole\"}}",
      bo_only },
    { "{\"Statement\":[{\"Sid\":\"JumpgateManaged\",\"Effect\":\"Allow\","
      "\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\"}]}", star },
    { merge_cases[0].current, none },
    { "{\"Statement\":[" NO_TRUST_STATEMENT "]}", none },
    { "{\"Statement\":[{\"Sid\":\"JumpgateManaged\",\"Principal\":{\"AWS\":"
      "[\"" USER_CY "\",\"" USER_BO "\"]}},{\"Sid\":\"JumpgateManaged\","
      "\"Principal\":{\"AWS\":\"" USER_CY "\"}}]}", duplicated_expected },
  };

  merged = jg_policy_merge_trust (merge_cases[1].current, all, -1, TRUE,
                                  &error);
  g_assert_no_error (error);
  cases[0].document = merged;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) principals = NULL;

      principals = jg_policy_extract_managed_principals (cases[i].document,
                                                         &error);
      g_assert_no_error (error);
      assert_strv_equal (principals, cases[i].expected);
    }
}

static void
test_trust_extract_principals_malformed (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) principals = NULL;

  principals = jg_policy_extract_managed_principals (
    "{\"Statement\":[{\"Sid\":\"JumpgateManaged\",\"Principal\":"
    "{\"AWS\":[\"" USER_BO "\",42]}}]}", &error);

  g_assert_null (principals);
  g_assert_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "Principal.AWS"));
}

typedef struct
{
  const char              *name;
  const char              *document;
  JgManagedStatementState  state;
  gboolean                 require_mfa;
} InspectCase;

#define FOREIGN_STATEMENT \
  "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"}," \
  "\"Action\":\"sts:AssumeRole\"}"

static const InspectCase inspect_cases[] = {
  { "absent-null", NULL, JG_MANAGED_STATEMENT_ABSENT, FALSE },
  { "absent", "{\"Statement\":[" FOREIGN_STATEMENT "]}",
    JG_MANAGED_STATEMENT_ABSENT, FALSE },
  { "placeholder", "{\"Statement\":[" NO_TRUST_STATEMENT "]}",
    JG_MANAGED_STATEMENT_ABSENT, FALSE },
  { "as-written-mfa",
    "{\"Statement\":[" FOREIGN_STATEMENT "," MANAGED_MFA_ANA_BO "]}",
    JG_MANAGED_STATEMENT_AS_WRITTEN, TRUE },
  { "as-written-no-mfa",
    "{\"Statement\":[{\"Sid\":\"JumpgateManaged\",\"Effect\":\"Allow\","
    "\"Principal\":{\"AWS\":[\"" USER_BO "\"]},\"Action\":\"sts:AssumeRole\"}]}",
    JG_MANAGED_STATEMENT_AS_WRITTEN, FALSE },
  { "as-written-respelled",
    "{\"Statement\":{\"Action\":[\"sts:AssumeRole\"],\"Condition\":{\"Bool\":"
    "{\"aws:MultiFactorAuthPresent\":\"true\"}},\"Effect\":\"Allow\","
    "\"Principal\":{\"AWS\":\"" USER_CY "\"},\"Sid\":\"JumpgateManaged\"}}",
    JG_MANAGED_STATEMENT_AS_WRITTEN, TRUE },
  { "as-written-unique-id",
    "{\"Statement\":[{\"Sid\":\"JumpgateManaged\",\"Effect\":\"Allow\","
    "\"Principal\":{\"AWS\":[\"AIDAEXAMPLE7QX2KD4NS5\",\"" USER_BO "\"]},"
    "\"Action\":\"sts:AssumeRole\"}]}",
    JG_MANAGED_STATEMENT_AS_WRITTEN, FALSE },
  { "edited-extra-key",
    "{\"Statement\":[{\"Sid\":\"JumpgateManaged\",\"Effect\":\"Allow\","
    "\"Principal\":{\"AWS\":[\"" USER_BO "\"]},\"Action\":\"sts:AssumeRole\","
    "\"Resource\":\"*\"}]}",
    JG_MANAGED_STATEMENT_EDITED, FALSE },
  { "edited-condition-value",
    "{\"Statement\":[{\"Sid\":\"JumpgateManaged\",\"Effect\":\"Allow\","
    "\"Principal\":{\"AWS\":[\"" USER_BO "\"]},\"Action\":\"sts:AssumeRole\","
    "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"false\"}}}]}",
    JG_MANAGED_STATEMENT_EDITED, FALSE },
  { "edited-extra-condition",
    "{\"Statement\":[{\"Sid\":\"JumpgateManaged\",\"Effect\":\"Allow\","
    "\"Principal\":{\"AWS\":[\"" USER_BO "\"]},\"Action\":\"sts:AssumeRole\","
    "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"},"
    "\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}}]}",
    JG_MANAGED_STATEMENT_EDITED, TRUE },
  { "edited-effect",
    "{\"Statement\":[{\"Sid\":\"JumpgateManaged\",\"Effect\":\"Deny\","
    "\"Principal\":{\"AWS\":[\"" USER_BO "\"]},\"Action\":\"sts:AssumeRole\"}]}",
    JG_MANAGED_STATEMENT_EDITED, FALSE },
  { "edited-service-principal",
    "{\"Statement\":[{\"Sid\":\"JumpgateManaged\",\"Effect\":\"Allow\","
    "\"Principal\":{\"AWS\":[\"" USER_BO "\"],\"Service\":\"ec2.amazonaws.com\"},"
    "\"Action\":\"sts:AssumeRole\"}]}",
    JG_MANAGED_STATEMENT_EDITED, FALSE },
  { "edited-action",
    "{\"Statement\":[{\"Sid\":\"JumpgateManaged\",\"Effect\":\"Allow\","
    "\"Principal\":{\"AWS\":[\"" USER_BO "\"]},"
    "\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}]}",
    JG_MANAGED_STATEMENT_EDITED, FALSE },
  { "edited-no-principal",
    "{\"Statement\":[{\"Sid\":\"JumpgateManaged\",\"Effect\":\"Allow\","
    "\"Principal\":{\"AWS\":[]},\"Action\":\"sts:AssumeRole\"}]}",
    JG_MANAGED_STATEMENT_EDITED, FALSE },
  { "edited-duplicate",
    "{\"Statement\":[" MANAGED_MFA_ANA_BO "," MANAGED_MFA_ANA_BO "]}",
    JG_MANAGED_STATEMENT_EDITED, TRUE },
  { "edited-bad-principal-type",
    "{\"Statement\":[{\"Sid\":\"JumpgateManaged\",\"Effect\":\"Allow\","
    "\"Principal\":{\"AWS\":42},\"Action\":\"sts:AssumeRole\"}]}",
    JG_MANAGED_STATEMENT_EDITED, FALSE },
};

static void
test_trust_inspect (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (inspect_cases); i++)
    {
      const InspectCase *c = &inspect_cases[i];
      g_autoptr(GError) error = NULL;
      JgManagedStatementState state = -1;
      gboolean require_mfa = -1;

      g_test_message ("inspect case %s", c->name);

      g_assert_true (jg_policy_inspect_managed_statement (c->document, &state,
                                                          &require_mfa,
                                                          &error));
      g_assert_no_error (error);
      g_assert_cmpint (state, ==, c->state);
      g_assert_cmpint (require_mfa, ==, c->require_mfa);
    }
}

static void
test_trust_inspect_merged (void)
{
  for (int mfa = 0; mfa <= 1; mfa++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *merged = NULL;
      JgManagedStatementState state;
      gboolean require_mfa;

      merged = jg_policy_merge_trust (merge_cases[2].current,
                                      principals_ana_bo, 2, mfa, &error);
      g_assert_no_error (error);

      g_assert_true (jg_policy_inspect_managed_statement (merged, &state,
                                                          &require_mfa,
                                                          &error));
      g_assert_no_error (error);
      g_assert_cmpint (state, ==, JG_MANAGED_STATEMENT_AS_WRITTEN);
      g_assert_cmpint (require_mfa, ==, mfa);
    }
}

static void
test_trust_inspect_malformed (void)
{
  g_autoptr(GError) error = NULL;
  JgManagedStatementState state;

  g_assert_false (jg_policy_inspect_managed_statement ("{\"Statement\": 1}",
                                                       &state, NULL, &error));
  g_assert_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_MALFORMED);
}

static void
test_equal (void)
{
  const char *a =
    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"S\","
    "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" USER_BO "\"]},"
    "\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}]}";
  const char *a_respelled =
    "%7B%22Statement%22%3A%7B%22Action%22%3A%5B%22sts%3ATagSession%22%2C"
    "%22sts%3AAssumeRole%22%2C%22sts%3ATagSession%22%5D%2C"
    "%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22"
    "arn%3Aaws%3Aiam%3A%3A999999999999%3Auser%2Fbo%22%7D%2C"
    "%22Sid%22%3A%22S%22%7D%2C%22Version%22%3A%222012-10-17%22%7D";
  const char *b =
    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"S\","
    "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" USER_CY "\"]},"
    "\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"]}]}";
  g_autoptr(GError) error = NULL;
  gboolean equal = FALSE;

  g_assert_true (jg_policy_equal (a, a_respelled, &equal, &error));
  g_assert_no_error (error);
  g_assert_true (equal);

  g_assert_true (jg_policy_equal (a, b, &equal, &error));
  g_assert_no_error (error);
  g_assert_false (equal);

  g_assert_true (jg_policy_equal (NULL, NULL, &equal, &error));
  g_assert_true (equal);
  g_assert_true (jg_policy_equal (a, NULL, &equal, &error));
  g_assert_false (equal);

  g_assert_false (jg_policy_equal (a, "{", &equal, &error));
  g_assert_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_MALFORMED);
}

static void
test_pretty (void)
{
  const char *document =
    "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B"
    "%22Sid%22%3A%22S%22%2C%22Effect%22%3A%22Allow%22%7D%5D%7D";
  g_autoptr(GError) error = NULL;
  g_autofree char *pretty = NULL;

  pretty = jg_policy_pretty (document, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (pretty, ==,
                   "{\n"
                   "  \"Version\" : \"2012-10-17\",\n"
                   "  \"Statement\" : [\n"
                   "    {\n"
                   "      \"Sid\" : \"S\",\n"
                   "      \"Effect\" : \"Allow\"\n"
                   "    }\n"
                   "  ]\n"
                   "}\n");
}

static void
test_count_chars (void)
{
  const struct
  {
    const char *document;
    gsize       count;
  } cases[] = {
    { "", 0 },
    { "{}", 2 },
    { "{ \"a\" :\t\"b c\" }\r\n", 10 },
    { "\"équipe\"", 8 },
    { "\"\xc3\xbf\"", 3 },
    { "{\n  \"Version\": \"2012-10-17\"\n}\n", 24 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpuint (jg_policy_count_chars (cases[i].document), ==,
                      cases[i].count);
}

static void
test_count_chars_merged (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *merged = NULL;
  g_autofree char *pretty = NULL;

  merged = jg_policy_merge_trust (merge_cases[6].current, principals_ana_bo,
                                  2, TRUE, &error);
  g_assert_no_error (error);
  pretty = jg_policy_pretty (merged, &error);
  g_assert_no_error (error);

  /* The compact text has no whitespace and two 2-byte characters. */
  g_assert_cmpuint (jg_policy_count_chars (merged), ==,
                    g_utf8_strlen (merged, -1));
  g_assert_cmpuint (jg_policy_count_chars (merged), ==, strlen (merged) - 2);
  g_assert_cmpuint (jg_policy_count_chars (pretty), ==,
                    jg_policy_count_chars (merged));
}

static void
test_alphabet (void)
{
  const struct
  {
    const char *document;
    int         error_code;     /* -1 when the document is accepted */
    const char *message_part;
  } cases[] = {
    { "{\"a\":\t\"é ÿ ~\"}\r\n", -1, NULL },
    { "{\n  \"a\": \"中\"\n}", JG_POLICY_ERROR_INVALID_CHARACTER,
      "U+4E2D “中” at line 2, column 9" },
    { "{\"a\": \"\x01\"}", JG_POLICY_ERROR_INVALID_CHARACTER,
      "U+0001 at line 1, column 8" },
    { "{\"a\": \"\xc2\x85\"}", -1, NULL },
    { "{\"a\": \"\xe9\"}", JG_POLICY_ERROR_INVALID_ENCODING, "byte 7" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok;

      ok = jg_policy_check_alphabet (cases[i].document, "The test policy",
                                     &error);

      if (cases[i].error_code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          continue;
        }

      g_assert_false (ok);
      g_assert_error (error, JG_POLICY_ERROR, cases[i].error_code);
      g_assert_true (g_str_has_prefix (error->message, "The test policy"));
      if (cases[i].message_part != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].message_part));
    }
}

static void
test_trust_size (void)
{
  const char *role = "arn:aws:iam::111111111111:role/admin";
  g_autoptr(GError) error = NULL;
  g_autofree char *document = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *limit_text = NULL;
  gsize size;

  document = jg_policy_merge_trust (merge_cases[0].current, principals_ana_bo,
                                    2, TRUE, &error);
  g_assert_no_error (error);
  size = jg_policy_count_chars (document);

  g_assert_true (jg_policy_check_trust_size (role, document, (int) size,
                                             &error));
  g_assert_no_error (error);

  g_assert_false (jg_policy_check_trust_size (role, document, (int) size - 1,
                                              &error));
  g_assert_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_TOO_LARGE);
  size_text = g_strdup_printf (" %zu characters", size);
  limit_text = g_strdup_printf ("limit of %zu", size - 1);
  g_assert_nonnull (strstr (error->message, role));
  g_assert_nonnull (strstr (error->message, size_text));
  g_assert_nonnull (strstr (error->message, limit_text));
}

static void
test_trust_size_many_principals (void)
{
  const char *role = "arn:aws:iam::111111111111:role/admin";
  g_autoptr(GPtrArray) principals = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *document = NULL;

  for (int i = 0; i < 60; i++)
    g_ptr_array_add (principals,
                     g_strdup_printf ("arn:aws:iam::999999999999:user/"
                                      "person-%02d", i));

  document = jg_policy_merge_trust (NULL,
                                    (const char *const *) principals->pdata,
                                    principals->len, TRUE, &error);
  g_assert_no_error (error);

  /* 60 ARNs of 40 characters, with quotes and commas, exceed 2048. */
  g_assert_cmpuint (jg_policy_count_chars (document), >, 2048);
  g_assert_false (jg_policy_check_trust_size (role, document, 2048, &error));
  g_assert_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_true (jg_policy_check_trust_size (role, document, 4096, &error));
  g_assert_no_error (error);
}

static void
test_user_inline_size (void)
{
  const char *user = USER_ANA;
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  g_autoptr(GError) error = NULL;
  const char *documents[4];
  gsize ours_size;
  gsize total = 0;

  ours = jg_policy_build_assume_roles ((const char *const[]) { ROLE_A, ROLE_B,
                                                               NULL }, -1);
  ours_size = jg_policy_count_chars (ours);
  /* Another team's inline policy that leaves exactly no room. */
  theirs = g_strnfill (2048 - ours_size, 'x');

  documents[0] = ours;
  documents[1] = NULL;
  documents[2] = theirs;
  documents[3] = NULL;
  g_assert_true (jg_policy_check_user_inline_size (user, documents, 3, &total,
                                                   &error));
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 2048);

  g_assert_true (jg_policy_check_user_inline_size (user, documents, -1,
                                                   &total, &error));
  g_assert_cmpuint (total, ==, ours_size);

  g_free (theirs);
  theirs = g_strnfill (2048 - ours_size + 1, 'x');
  documents[2] = theirs;
  g_assert_false (jg_policy_check_user_inline_size (user, documents, 3,
                                                    &total, &error));
  g_assert_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_TOO_LARGE);
  g_assert_cmpuint (total, ==, 2049);
  g_assert_nonnull (strstr (error->message, user));
  g_assert_nonnull (strstr (error->message, "2049 characters"));
  g_assert_nonnull (strstr (error->message, "limit of 2048"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/jumpgate/policy/assume-roles/build",
                   test_assume_roles_build);
  g_test_add_func ("/jumpgate/policy/assume-roles/one",
                   test_assume_roles_one);
  g_test_add_func ("/jumpgate/policy/assume-roles/empty",
                   test_assume_roles_empty);
  g_test_add_func ("/jumpgate/policy/assume-roles/deterministic",
                   test_assume_roles_deterministic);
  g_test_add_func ("/jumpgate/policy/assume-roles/extract-built",
                   test_assume_roles_extract_built);
  g_test_add_func ("/jumpgate/policy/assume-roles/extract-hand-written",
                   test_assume_roles_extract_hand_written);
  g_test_add_func ("/jumpgate/policy/assume-roles/extract-encoded",
                   test_assume_roles_extract_encoded);
  g_test_add_func ("/jumpgate/policy/assume-roles/extract-malformed",
                   test_assume_roles_extract_malformed);
  g_test_add_func ("/jumpgate/policy/assume-roles/same-bytes",
                   test_assume_roles_same_bytes);
  g_test_add_func ("/jumpgate/policy/trust/new", test_trust_new);
  g_test_add_func ("/jumpgate/policy/trust/one-principal-is-list",
                   test_trust_one_principal_is_list);
  g_test_add_func ("/jumpgate/policy/trust/merge-table",
                   test_trust_merge_table);
  g_test_add_func ("/jumpgate/policy/trust/merge-table-remove",
                   test_trust_merge_table_remove);
  g_test_add_func ("/jumpgate/policy/trust/fast-path",
                   test_trust_fast_path);
  g_test_add_func ("/jumpgate/policy/trust/fast-path-merged",
                   test_trust_fast_path_merged);
  g_test_add_func ("/jumpgate/policy/trust/no-trust-round-trip",
                   test_trust_no_trust_round_trip);
  g_test_add_func ("/jumpgate/policy/trust/deterministic",
                   test_trust_deterministic);
  g_test_add_func ("/jumpgate/policy/trust/mfa-toggle",
                   test_trust_mfa_toggle);
  g_test_add_func ("/jumpgate/policy/trust/percent-encoded",
                   test_trust_percent_encoded);
  g_test_add_func ("/jumpgate/policy/trust/latin1-kept",
                   test_trust_latin1_kept);
  g_test_add_func ("/jumpgate/policy/trust/beyond-latin1-rejected",
                   test_trust_beyond_latin1_rejected);
  g_test_add_func ("/jumpgate/policy/trust/malformed", test_trust_malformed);
  g_test_add_func ("/jumpgate/policy/trust/extract-principals",
                   test_trust_extract_principals);
  g_test_add_func ("/jumpgate/policy/trust/extract-principals-malformed",
                   test_trust_extract_principals_malformed);
  g_test_add_func ("/jumpgate/policy/trust/inspect", test_trust_inspect);
  g_test_add_func ("/jumpgate/policy/trust/inspect-merged",
                   test_trust_inspect_merged);
  g_test_add_func ("/jumpgate/policy/trust/inspect-malformed",
                   test_trust_inspect_malformed);
  g_test_add_func ("/jumpgate/policy/percent-decode", test_percent_decode);
  g_test_add_func ("/jumpgate/policy/equal", test_equal);
  g_test_add_func ("/jumpgate/policy/pretty", test_pretty);
  g_test_add_func ("/jumpgate/policy/count-chars", test_count_chars);
  g_test_add_func ("/jumpgate/policy/count-chars-merged",
                   test_count_chars_merged);
  g_test_add_func ("/jumpgate/policy/alphabet", test_alphabet);
  g_test_add_func ("/jumpgate/policy/trust-size", test_trust_size);
  g_test_add_func ("/jumpgate/policy/trust-size-many-principals",
                   test_trust_size_many_principals);
  g_test_add_func ("/jumpgate/policy/user-inline-size",
                   test_user_inline_size);

  return g_test_run ();
}
