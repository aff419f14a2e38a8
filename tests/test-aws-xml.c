/* test-aws-xml.c: parsing of IAM, STS and Organizations replies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "aws/jg-aws.h"
#include "jg-test-util.h"

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static GBytes *
read_fixture (const char *name)
{
  g_autofree char *path = jg_test_source_path ("tests", "fixtures", "aws",
                                               name, NULL);

  return read_file (path);
}

static GBytes *
read_sample (const char *name)
{
  g_autofree char *path = jg_test_shared_path ("testdata", "iam-xml", name,
                                               NULL);

  return read_file (path);
}

static JgAwsResponse *
response_new (GBytes *body)
{
  JgAwsResponse *response = g_new0 (JgAwsResponse, 1);

  response->http_status = 200;
  response->body = g_bytes_ref (body);
  response->attempts = 1;

  return response;
}

/* Parses one page with @parse and returns the result and next token. */
static gpointer
parse_body (JgAwsParseFunc   parse,
            const char      *operation,
            GBytes          *body,
            char           **out_next_token,
            GError         **error)
{
  g_autoptr(JgAwsResponse) response = response_new (body);
  gpointer result = NULL;
  char *next_token = NULL;

  if (!parse (response, operation, &result, &next_token, error))
    {
      g_assert_null (next_token);
      return result;
    }

  if (out_next_token != NULL)
    *out_next_token = next_token;
  else
    g_free (next_token);

  return result;
}

static void
assert_time (GDateTime  *time,
             const char *iso)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) expected = g_date_time_new_from_iso8601 (iso, utc);

  g_assert_nonnull (expected);
  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_compare (time, expected), ==, 0);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  g_assert_true (json_object_has_member (object, name));

  return json_object_get_string_member (object, name);
}

/* Compares a role against botocore's parse of the same XML. */
static void
assert_role_matches (JgIamRole  *role,
                     JsonObject *expected,
                     JsonObject *decoded)
{
  JsonObject *policy;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (role->path, ==, member_string (expected, "Path"));
  g_assert_cmpstr (role->role_name, ==, member_string (expected, "RoleName"));
  g_assert_cmpstr (role->role_id, ==, member_string (expected, "RoleId"));
  g_assert_cmpstr (role->arn, ==, member_string (expected, "Arn"));
  assert_time (role->create_date, member_string (expected, "CreateDate"));
  g_assert_cmpint (role->max_session_duration, ==,
                   json_object_get_int_member (expected,
                                               "MaxSessionDuration"));

  if (json_object_has_member (expected, "Description"))
    g_assert_cmpstr (role->description, ==,
                     member_string (expected, "Description"));
  else
    g_assert_null (role->description);

  if (json_object_has_member (expected, "PermissionsBoundary"))
    {
      JsonObject *boundary =
        json_object_get_object_member (expected, "PermissionsBoundary");

      g_assert_cmpstr (role->permissions_boundary_arn, ==,
                       member_string (boundary, "PermissionsBoundaryArn"));
    }
  else
    {
      g_assert_null (role->permissions_boundary_arn);
    }

  if (json_object_has_member (expected, "Tags"))
    {
      JsonArray *tags = json_object_get_array_member (expected, "Tags");

      g_assert_cmpuint (role->tags->len, ==, json_array_get_length (tags));
      for (guint i = 0; i < role->tags->len; i++)
        {
          JgAwsTag *tag = g_ptr_array_index (role->tags, i);
          JsonObject *want = json_array_get_object_element (tags, i);

          g_assert_cmpstr (tag->key, ==, member_string (want, "Key"));
          g_assert_cmpstr (tag->value, ==, member_string (want, "Value"));
        }
    }
  else
    {
      g_assert_cmpuint (role->tags->len, ==, 0);
    }

  if (json_object_has_member (expected, "RoleLastUsed"))
    {
      JsonObject *last_used =
        json_object_get_object_member (expected, "RoleLastUsed");

      assert_time (role->last_used_date,
                   member_string (last_used, "LastUsedDate"));
      g_assert_cmpstr (role->last_used_region, ==,
                       member_string (last_used, "Region"));
    }
  else
    {
      g_assert_null (role->last_used_date);
      g_assert_null (role->last_used_region);
    }

  policy = json_object_get_object_member (decoded, role->role_name);
  g_assert_nonnull (policy);
  g_assert_cmpstr (role->trust_policy, ==, member_string (policy, "text"));

  /* The decoded text must be the JSON document botocore decoded. */
  json_parser_load_from_data (parser, role->trust_policy, -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (json_parser_get_root (parser),
                                  json_object_get_member (policy, "json")));
}

static void
check_success_sample (JsonObject *sample,
                      GBytes     *body)
{
  const char *operation = member_string (sample, "operation");
  JsonObject *parsed = json_object_get_object_member (sample, "parsed");
  JsonObject *decoded =
    json_object_get_object_member (sample, "assume_role_policy_decoded");
  g_autoptr(JgAwsXmlNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *next_token = NULL;

  jg_aws_xml_parse_result (body, operation, &root, &error);
  g_assert_no_error (error);
  request_id = jg_aws_xml_dup_request_id (root);
  g_assert_cmpstr (request_id, ==, member_string (sample, "request_id"));

  if (g_str_equal (operation, "GetRole"))
    {
      g_autoptr(JgIamRole) role = NULL;

      role = parse_body (jg_iam_parse_get_role, operation, body, &next_token,
                         &error);
      g_assert_no_error (error);
      g_assert_null (next_token);
      assert_role_matches (role, json_object_get_object_member (parsed,
                                                                "Role"),
                           decoded);
    }
  else if (g_str_equal (operation, "ListRoles"))
    {
      g_autoptr(GPtrArray) roles = NULL;
      JsonArray *expected = json_object_get_array_member (parsed, "Roles");

      roles = parse_body (jg_iam_parse_list_roles, operation, body,
                          &next_token, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (roles->len, ==, json_array_get_length (expected));
      for (guint i = 0; i < roles->len; i++)
        assert_role_matches (g_ptr_array_index (roles, i),
                             json_array_get_object_element (expected, i),
                             decoded);

      g_assert_true (json_object_get_boolean_member (parsed, "IsTruncated"));
      g_assert_cmpstr (next_token, ==, member_string (parsed, "Marker"));
    }
  else
    {
      g_error ("no check for a %s sample", operation);
    }
}

static void
check_error_sample (JsonObject *sample,
                    GBytes     *body)
{
  JsonObject *expected = json_object_get_object_member (
    json_object_get_object_member (sample, "parsed"), "Error");
  JsonObject *retry = json_object_get_object_member (
    sample, "botocore_standard_retry");
  guint status = json_object_get_int_member (sample, "http_status");
  g_autoptr(JgAwsXmlNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autofree char *type = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *expected_prefix = NULL;
  gboolean throttling;
  gboolean transient;

  root = jg_aws_xml_parse (g_bytes_get_data (body, NULL),
                           g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  g_assert_true (jg_aws_xml_parse_error (root, &code, &message, &type,
                                         &request_id));
  g_assert_cmpstr (code, ==, member_string (expected, "Code"));
  g_assert_cmpstr (message, ==, member_string (expected, "Message"));
  g_assert_cmpstr (type, ==, member_string (expected, "Type"));
  g_assert_cmpstr (request_id, ==, member_string (sample, "request_id"));

  error = jg_aws_xml_error_from_reply (member_string (sample, "operation"),
                                       status, body, NULL);
  g_assert_nonnull (error);
  g_assert_cmpstr (jg_aws_error_get_aws_code (error), ==, code);
  g_assert_cmpstr (jg_aws_error_get_aws_message (error), ==, message);
  g_assert_cmpstr (jg_aws_error_get_request_id (error), ==, request_id);
  g_assert_cmpuint (jg_aws_error_get_http_status (error), ==, status);

  /* AWS's code stays in the message, with the status and request id. */
  expected_prefix = g_strdup_printf ("%s failed: %s: %s",
                                     member_string (sample, "operation"),
                                     code, message);
  g_assert_true (g_str_has_prefix (error->message, expected_prefix));
  g_assert_nonnull (strstr (error->message, request_id));

  throttling = json_object_get_boolean_member (retry, "is_throttling_error");
  transient = json_object_get_boolean_member (retry, "is_transient_error");
  g_assert_cmpint (error->code == JG_AWS_ERROR_THROTTLED, ==, throttling);
  g_assert_cmpint (jg_aws_retry_is_retryable (error), ==,
                   throttling || transient);
}

static void
test_shared_samples (void)
{
  g_autofree char *path = jg_test_shared_path ("testdata", "iam-xml",
                                               "expected.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *samples;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  samples = json_object_get_array_member (
    json_node_get_object (json_parser_get_root (parser)), "samples");
  g_assert_cmpuint (json_array_get_length (samples), >=, 4);

  for (guint i = 0; i < json_array_get_length (samples); i++)
    {
      JsonObject *sample = json_array_get_object_element (samples, i);
      g_autoptr(GBytes) body = read_sample (member_string (sample, "file"));

      if (json_object_get_int_member (sample, "http_status") == 200)
        check_success_sample (sample, body);
      else
        check_error_sample (sample, body);
    }
}

static void
test_iam_users (void)
{
  g_autoptr(GBytes) get_body = read_fixture ("get-user.xml");
  g_autoptr(GBytes) list_body = read_fixture ("list-users.xml");
  g_autoptr(JgIamUser) user = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next_token = NULL;
  JgIamUser *second;
  JgAwsTag *tag;

  user = parse_body (jg_iam_parse_get_user, "GetUser", get_body, NULL,
                     &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->user_name, ==, "ada.lovelace");
  g_assert_cmpstr (user->path, ==, "/people/");
  g_assert_cmpstr (user->user_id, ==, "AIDAEXAMPLE7HQ2MNV4X");
  g_assert_cmpstr (user->arn, ==,
                   "arn:aws:iam::210987654321:user/people/ada.lovelace");
  assert_time (user->create_date, "2022-01-15T09:30:00Z");
  assert_time (user->password_last_used, "2025-10-01T12:00:00.250Z");
  g_assert_cmpstr (user->permissions_boundary_arn, ==,
                   "arn:aws:iam::210987654321:policy/people-boundary");
  g_assert_cmpuint (user->tags->len, ==, 1);
  tag = g_ptr_array_index (user->tags, 0);
  g_assert_cmpstr (tag->key, ==, "person");
  g_assert_cmpstr (tag->value, ==, "ada");

  users = parse_body (jg_iam_parse_list_users, "ListUsers", list_body,
                      &next_token, &error);
  g_assert_no_error (error);
  g_assert_null (next_token);
  g_assert_cmpuint (users->len, ==, 2);
  second = g_ptr_array_index (users, 1);
  g_assert_cmpstr (second->user_name, ==, "grace+ops@example.org");
  g_assert_cmpstr (second->path, ==, "/");
  g_assert_null (second->password_last_used);
  assert_time (second->create_date, "2023-07-04T18:45:12.004Z");
}

static void
test_iam_policies (void)
{
  g_autoptr(GBytes) policy_body = read_fixture ("get-user-policy.xml");
  g_autoptr(GBytes) names_body = read_fixture ("list-user-policies.xml");
  g_autoptr(GBytes) aliases_body = read_fixture ("list-account-aliases.xml");
  g_autoptr(GBytes) summary_body = read_fixture ("get-account-summary.xml");
  g_autoptr(JgIamUserPolicy) policy = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) aliases = NULL;
  g_autoptr(JgIamAccountSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  gint64 value = 0;

  policy = parse_body (jg_iam_parse_get_user_policy, "GetUserPolicy",
                       policy_body, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (policy->user_name, ==, "ada.lovelace");
  g_assert_cmpstr (policy->policy_name, ==, "jumpgate-assume-roles");
  g_assert_cmpstr (policy->policy_document, ==,
                   "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                   "\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":"
                   "[\"arn:aws:iam::123456789012:role/deploy+read\"]}]}");

  names = parse_body (jg_iam_parse_string_list, "ListUserPolicies",
                      names_body, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (names->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "jumpgate-assume-roles");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "read-billing");

  aliases = parse_body (jg_iam_parse_string_list, "ListAccountAliases",
                        aliases_body, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aliases->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (aliases, 0), ==, "example-jump");

  summary = parse_body (jg_iam_parse_get_account_summary, "GetAccountSummary",
                        summary_body, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jg_iam_account_summary_get_size (summary), ==, 4);
  g_assert_true (jg_iam_account_summary_lookup (summary,
                                                "AssumeRolePolicySizeQuota",
                                                &value));
  g_assert_cmpint (value, ==, 4096);
  g_assert_true (jg_iam_account_summary_lookup (summary, "Users", &value));
  g_assert_cmpint (value, ==, 27);
  g_assert_false (jg_iam_account_summary_lookup (summary, "Groups", NULL));
}

static void
test_empty_results (void)
{
  const char *operations[] = {
    "PutUserPolicy", "DeleteUserPolicy", "UpdateAssumeRolePolicy",
  };
  const char *files[] = {
    "put-user-policy.xml", "delete-user-policy.xml",
    "update-assume-role-policy.xml",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (operations); i++)
    {
      g_autoptr(GBytes) body = read_fixture (files[i]);
      g_autoptr(GError) error = NULL;
      gpointer result;

      result = parse_body (jg_aws_parse_query_empty, operations[i], body,
                           NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (result);

      /* The reply of another operation is not accepted. */
      result = parse_body (jg_aws_parse_query_empty,
                           operations[(i + 1) % G_N_ELEMENTS (operations)],
                           body, NULL, &error);
      g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE);
      g_assert_null (result);
    }
}

/* Substitutes generated credentials for the placeholders of a fixture,
 * which must not contain real-looking secrets. */
static GBytes *
read_credentials_fixture (const char *name,
                          const char *access_key_id,
                          const char *secret,
                          const char *token)
{
  g_autoptr(GBytes) template = read_fixture (name);
  g_autoptr(GString) text = NULL;

  text = g_string_new_len (g_bytes_get_data (template, NULL),
                           g_bytes_get_size (template));
  g_string_replace (text, "@ACCESS_KEY_ID@", access_key_id, 0);
  g_string_replace (text, "@SECRET_ACCESS_KEY@", secret, 0);
  g_string_replace (text, "@SESSION_TOKEN@", token, 0);

  return g_string_free_to_bytes (g_steal_pointer (&text));
}

static void
test_sts_shapes (void)
{
  g_autofree char *secret = g_strdup_printf ("gen%08x%08x", g_random_int (),
                                             g_random_int ());
  g_autofree char *token = g_strdup_printf ("tok%08x/%08x+%08x=",
                                            g_random_int (), g_random_int (),
                                            g_random_int ());
  g_autoptr(GBytes) identity_body = read_fixture ("get-caller-identity.xml");
  g_autoptr(GBytes) assume_body = NULL;
  g_autoptr(GBytes) session_body = NULL;
  g_autoptr(GBytes) denied_body = read_fixture ("error-access-denied-sts.xml");
  g_autoptr(JgStsCallerIdentity) identity = NULL;
  g_autoptr(JgStsCredentials) assumed = NULL;
  g_autoptr(JgStsCredentials) session = NULL;
  g_autoptr(GError) error = NULL;

  identity = parse_body (jg_sts_parse_get_caller_identity,
                         "GetCallerIdentity", identity_body, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (identity->account, ==, "210987654321");
  g_assert_cmpstr (identity->user_id, ==, "AIDAEXAMPLE7HQ2MNV4X");
  g_assert_cmpstr (identity->arn, ==,
                   "arn:aws:iam::210987654321:user/people/ada.lovelace");

  assume_body = read_credentials_fixture ("assume-role.xml",
                                          "ASIAEXAMPLEASSUMED01", secret,
                                          token);
  assumed = parse_body (jg_sts_parse_credentials, "AssumeRole", assume_body,
                        NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (assumed->credentials->access_key_id, ==,
                   "ASIAEXAMPLEASSUMED01");
  g_assert_cmpstr (assumed->credentials->secret_access_key, ==, secret);
  g_assert_cmpstr (assumed->credentials->session_token, ==, token);
  assert_time (assumed->credentials->expiration, "2030-05-06T07:08:09Z");
  g_assert_cmpstr (assumed->assumed_role_id, ==,
                   "AROAEXAMPLE3RT6YU8IO:jumpgate-ada");
  g_assert_cmpstr (assumed->assumed_role_arn, ==,
                   "arn:aws:sts::123456789012:assumed-role/"
                   "OrganizationAccountAccessRole/jumpgate-ada");
  g_assert_cmpint (assumed->packed_policy_size, ==, 6);

  session_body = read_credentials_fixture ("get-session-token.xml",
                                           "ASIAEXAMPLESESSION01", secret,
                                           token);
  session = parse_body (jg_sts_parse_credentials, "GetSessionToken",
                        session_body, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (session->credentials->access_key_id, ==,
                   "ASIAEXAMPLESESSION01");
  g_assert_cmpstr (session->credentials->session_token, ==, token);
  assert_time (session->credentials->expiration, "2030-05-06T19:08:09.123Z");
  g_assert_null (session->assumed_role_arn);
  g_assert_cmpint (session->packed_policy_size, ==, -1);

  /* An AssumeRole reply read as GetSessionToken's is rejected. */
  g_clear_pointer (&session, jg_sts_credentials_free);
  session = parse_body (jg_sts_parse_credentials, "GetSessionToken",
                        assume_body, NULL, &error);
  g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE);
  g_assert_null (session);
  g_clear_error (&error);

  error = jg_aws_xml_error_from_reply ("AssumeRole", 403, denied_body,
                                       "header-request-id");
  g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_ACCESS_DENIED);
  g_assert_cmpstr (jg_aws_error_get_aws_code (error), ==, "AccessDenied");
  /* The header's request id wins over the body's. */
  g_assert_cmpstr (jg_aws_error_get_request_id (error), ==,
                   "header-request-id");
  g_assert_true (g_str_has_prefix (error->message,
                                   "AssumeRole failed: AccessDenied: User: "));
  g_assert_nonnull (strstr (error->message,
                            "(HTTP 403, request id header-request-id)"));
  g_assert_false (jg_aws_retry_is_retryable (error));
}

static void
test_organizations_json (void)
{
  g_autoptr(GBytes) body = read_fixture ("list-accounts.json");
  g_autoptr(GBytes) throttled = read_fixture ("error-too-many-requests.json");
  g_autoptr(GBytes) not_in_use =
    read_fixture ("error-organizations-not-in-use.json");
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next_token = NULL;
  JgOrgAccount *account;

  accounts = parse_body (jg_organizations_parse_list_accounts, "ListAccounts",
                         body, &next_token, &error);
  g_assert_no_error (error);
  g_assert_null (next_token);
  g_assert_cmpuint (accounts->len, ==, 2);

  account = g_ptr_array_index (accounts, 0);
  g_assert_cmpstr (account->id, ==, "123456789012");
  g_assert_cmpstr (account->name, ==, "Production");
  g_assert_cmpstr (account->email, ==, "workloads+prod@example.org");
  g_assert_cmpstr (account->status, ==, "ACTIVE");
  g_assert_cmpstr (account->joined_method, ==, "CREATED");
  g_assert_cmpstr (account->arn, ==,
                   "arn:aws:organizations::210987654321:account/"
                   "o-exampleorgid/123456789012");
  assert_time (account->joined_timestamp, "2019-10-16T16:40:00.512Z");

  account = g_ptr_array_index (accounts, 1);
  g_assert_cmpstr (account->name, ==, "Sandbox — équipe");
  g_assert_cmpstr (account->status, ==, "SUSPENDED");
  assert_time (account->joined_timestamp, "2021-01-01T00:00:00Z");

  error = jg_aws_json_error_from_reply ("ListAccounts", 400, throttled,
                                        "org-request-id");
  g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_THROTTLED);
  /* The namespace before '#' is not part of the code. */
  g_assert_cmpstr (jg_aws_error_get_aws_code (error), ==,
                   "TooManyRequestsException");
  g_assert_cmpstr (jg_aws_error_get_request_id (error), ==, "org-request-id");
  g_assert_true (jg_aws_retry_is_retryable (error));
  g_clear_error (&error);

  error = jg_aws_json_error_from_reply ("ListAccounts", 400, not_in_use,
                                        NULL);
  g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_ORGANIZATIONS_NOT_IN_USE);
  g_assert_cmpstr (jg_aws_error_get_aws_message (error), ==,
                   "Your account is not a member of an organization.");
  g_assert_false (jg_aws_retry_is_retryable (error));
}

static void
test_percent_decode (void)
{
  struct {
    const char *encoded;
    const char *decoded;
  } valid[] = {
    { "a+b", "a+b" },
    { "a%2Bb", "a+b" },
    { "%7B%22k%22%3A%20%22v%22%7D%0A", "{\"k\": \"v\"}\n" },
    { "%C3%A9quipe", "équipe" },
    { "%c3%a9", "é" },
    { "plain", "plain" },
    { "", "" },
  };
  const char *invalid[] = {
    "%", "%4", "%G1", "abc%zz", "%00", "%C3", "%FF%FE",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *decoded = jg_aws_percent_decode (valid[i].encoded,
                                                        &error);

      g_assert_no_error (error);
      g_assert_cmpstr (decoded, ==, valid[i].decoded);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *decoded = jg_aws_percent_decode (invalid[i], &error);

      g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE);
      g_assert_null (decoded);
    }
}

static void
test_timestamps (void)
{
  struct {
    const char *text;
    gint64 unix_seconds;
    int microseconds;
  } valid[] = {
    { "2023-04-18T05:01:58Z", 1681794118, 0 },
    { "2024-02-29T23:59:59.512Z", 1709251199, 512000 },
    { " 2024-02-29T23:59:59.512Z\n", 1709251199, 512000 },
    { "2024-02-29T23:59:59", 1709251199, 0 },
    { "2024-03-01T01:59:59+02:00", 1709251199, 0 },
  };
  const char *invalid[] = { "", "yesterday", "2024-13-01T00:00:00Z" };

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) time = jg_aws_parse_timestamp (valid[i].text,
                                                          &error);

      g_assert_no_error (error);
      g_assert_cmpint (g_date_time_to_unix (time), ==, valid[i].unix_seconds);
      g_assert_cmpint (g_date_time_get_microsecond (time), ==,
                       valid[i].microseconds);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) time = jg_aws_parse_timestamp (invalid[i], &error);

      g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE);
      g_assert_null (time);
    }
}

static void
test_malformed_replies (void)
{
  struct {
    const char *body;
    const char *operation;
  } cases[] = {
    { "", "GetRole" },
    { "<GetRoleResponse><GetRoleResult>", "GetRole" },
    { "<html><body><h1>502 Bad Gateway</h1></body></html>", "GetRole" },
    { "{\"Role\": {}}", "GetRole" },
    { "<ListRolesResponse><ListRolesResult/></ListRolesResponse>",
      "GetRole" },
    /* A Role without its required members. */
    { "<GetRoleResponse><GetRoleResult><Role><RoleName>r</RoleName>"
      "</Role></GetRoleResult></GetRoleResponse>", "GetRole" },
    { "<GetRoleResponse><GetRoleResult><Role><RoleName>r</RoleName>"
      "<RoleId>AROAEXAMPLE</RoleId><Arn>arn:aws:iam::1:role/r</Arn>"
      "<CreateDate>not a date</CreateDate>"
      "<AssumeRolePolicyDocument>%7B%7D</AssumeRolePolicyDocument>"
      "</Role></GetRoleResult></GetRoleResponse>", "GetRole" },
    { "<GetRoleResponse><GetRoleResult><Role><RoleName>r</RoleName>"
      "<RoleId>AROAEXAMPLE</RoleId><Arn>arn:aws:iam::1:role/r</Arn>"
      "<CreateDate>2020-01-01T00:00:00Z</CreateDate>"
      "<AssumeRolePolicyDocument>%ZZ</AssumeRolePolicyDocument>"
      "</Role></GetRoleResult></GetRoleResponse>", "GetRole" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (cases[i].body,
                                                   strlen (cases[i].body));
      g_autoptr(GError) error = NULL;
      gpointer role;

      role = parse_body (jg_iam_parse_get_role, cases[i].operation, body,
                         NULL, &error);
      g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE);
      g_assert_null (role);
    }
}

static void
test_truncated_without_marker (void)
{
  const char *text =
    "<ListRolesResponse><ListRolesResult><Roles/>"
    "<IsTruncated>true</IsTruncated></ListRolesResult></ListRolesResponse>";
  g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(JgAwsResponse) response = response_new (body);
  g_autoptr(GPtrArray) roles = NULL;
  g_autofree char *next_token = NULL;

  g_assert_false (jg_iam_parse_list_roles (response, "ListRoles",
                                           (gpointer *) &roles, &next_token,
                                           &error));
  g_assert_error (error, JG_AWS_ERROR, JG_AWS_ERROR_MALFORMED_RESPONSE);
  g_assert_null (next_token);
}

static void
test_unparsed_error_replies (void)
{
  struct {
    guint status;
    const char *body;
    JgAwsError code;
    const char *described;
  } cases[] = {
    { 502, "<html><head><title>502 Bad Gateway</title></head></html>",
      JG_AWS_ERROR_SERVICE_ERROR, "HTML page" },
    { 503, "", JG_AWS_ERROR_SERVICE_ERROR, "empty body" },
    { 403, "<!DOCTYPE html><html><body>Forbidden</body></html>",
      JG_AWS_ERROR_MALFORMED_RESPONSE, "HTML page" },
    { 400, "not xml at all", JG_AWS_ERROR_MALFORMED_RESPONSE,
      "not an AWS error reply" },
    { 429, "", JG_AWS_ERROR_THROTTLED, "empty body" },
    { 400, "<Other><Error/></Other>", JG_AWS_ERROR_MALFORMED_RESPONSE,
      "XML that is not" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (cases[i].body,
                                                   strlen (cases[i].body));
      g_autoptr(GError) error = NULL;
      g_autofree char *status = g_strdup_printf ("HTTP %u", cases[i].status);

      error = jg_aws_xml_error_from_reply ("ListRoles", cases[i].status, body,
                                           "rid-1");
      g_assert_error (error, JG_AWS_ERROR, (int) cases[i].code);
      g_assert_null (jg_aws_error_get_aws_code (error));
      g_assert_cmpuint (jg_aws_error_get_http_status (error), ==,
                        cases[i].status);
      g_assert_cmpstr (jg_aws_error_get_request_id (error), ==, "rid-1");
      g_assert_nonnull (strstr (error->message, status));
      g_assert_nonnull (strstr (error->message, cases[i].described));
      g_clear_error (&error);

      error = jg_aws_json_error_from_reply ("ListAccounts", cases[i].status,
                                            body, NULL);
      g_assert_error (error, JG_AWS_ERROR, (int) cases[i].code);
    }
}

static void
test_error_codes (void)
{
  struct {
    const char *aws_code;
    guint status;
    JgAwsError code;
    gboolean retryable;
  } cases[] = {
    { "Throttling", 400, JG_AWS_ERROR_THROTTLED, TRUE },
    { "ThrottlingException", 400, JG_AWS_ERROR_THROTTLED, TRUE },
    { "TooManyRequestsException", 400, JG_AWS_ERROR_THROTTLED, TRUE },
    { "RequestLimitExceeded", 400, JG_AWS_ERROR_THROTTLED, TRUE },
    { "LimitExceeded", 409, JG_AWS_ERROR_LIMIT_EXCEEDED, FALSE },
    { "MalformedPolicyDocument", 400, JG_AWS_ERROR_MALFORMED_POLICY, FALSE },
    { "NoSuchEntity", 404, JG_AWS_ERROR_NO_SUCH_ENTITY, FALSE },
    { "AccessDenied", 403, JG_AWS_ERROR_ACCESS_DENIED, FALSE },
    { "AccessDeniedException", 400, JG_AWS_ERROR_ACCESS_DENIED, FALSE },
    { "InvalidClientTokenId", 403, JG_AWS_ERROR_INVALID_CLIENT_TOKEN, FALSE },
    { "ExpiredToken", 403, JG_AWS_ERROR_EXPIRED_TOKEN, FALSE },
    { "ExpiredTokenException", 400, JG_AWS_ERROR_EXPIRED_TOKEN, FALSE },
    { "SignatureDoesNotMatch", 403, JG_AWS_ERROR_SIGNATURE_MISMATCH, FALSE },
    { "RequestExpired", 400, JG_AWS_ERROR_REQUEST_EXPIRED, FALSE },
    { "EntityAlreadyExists", 409, JG_AWS_ERROR_ENTITY_ALREADY_EXISTS, FALSE },
    { "ConcurrentModification", 409, JG_AWS_ERROR_CONCURRENT_MODIFICATION,
      FALSE },
    { "ServiceFailure", 500, JG_AWS_ERROR_SERVICE_ERROR, TRUE },
    { "ServiceUnavailable", 503, JG_AWS_ERROR_SERVICE_ERROR, TRUE },
    { "RequestTimeout", 400, JG_AWS_ERROR_TIMEOUT, TRUE },
    { "SomethingNew", 400, JG_AWS_ERROR_CLIENT_ERROR, FALSE },
    { "SomethingNew", 500, JG_AWS_ERROR_SERVICE_ERROR, TRUE },
    { "SomethingNew", 429, JG_AWS_ERROR_THROTTLED, TRUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (jg_aws_error_from_aws_code (cases[i].aws_code,
                                                   cases[i].status),
                       ==, cases[i].code);

      error = jg_aws_error_new_from_reply ("Op", cases[i].aws_code, "text",
                                           cases[i].status, "rid", NULL);
      g_assert_error (error, JG_AWS_ERROR, (int) cases[i].code);
      g_assert_cmpint (jg_aws_retry_is_retryable (error), ==,
                       cases[i].retryable);
    }
}

static void
test_retry_delay (void)
{
  JgAwsRetryPolicy policy;

  jg_aws_retry_policy_init_default (&policy);
  g_assert_cmpuint (policy.max_attempts, ==, 3);
  g_assert_cmpuint (policy.base_delay_ms, ==, 1000);
  g_assert_cmpuint (policy.max_delay_ms, ==, 20000);

  g_assert_cmpuint (jg_aws_retry_policy_get_max_delay (&policy, 1), ==, 1000);
  g_assert_cmpuint (jg_aws_retry_policy_get_max_delay (&policy, 2), ==, 2000);
  g_assert_cmpuint (jg_aws_retry_policy_get_max_delay (&policy, 5), ==,
                    16000);
  g_assert_cmpuint (jg_aws_retry_policy_get_max_delay (&policy, 6), ==,
                    20000);
  g_assert_cmpuint (jg_aws_retry_policy_get_max_delay (&policy, 200), ==,
                    20000);

  g_assert_cmpuint (jg_aws_retry_policy_get_delay (&policy, 3, 0.0), ==, 0);
  g_assert_cmpuint (jg_aws_retry_policy_get_delay (&policy, 3, 0.5), ==,
                    2000);
  g_assert_cmpuint (jg_aws_retry_policy_get_delay (&policy, 9, 0.25), ==,
                    5000);

  for (guint i = 0; i < 1000; i++)
    {
      guint retry = 1 + i % 8;
      guint delay = jg_aws_retry_policy_get_delay (&policy, retry,
                                                   g_random_double ());

      g_assert_cmpuint (delay, <=,
                        jg_aws_retry_policy_get_max_delay (&policy, retry));
    }
}

static void
test_request_bodies (void)
{
  const char *keys[] = { "a b", "c+d", NULL };
  g_autoptr(JgAwsRequest) query = NULL;
  g_autoptr(JgAwsRequest) json = NULL;
  g_autoptr(JgAwsRequest) empty_json = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *target = NULL;
  g_autofree char *encoded = NULL;

  query = jg_aws_request_new_query (JG_AWS_SERVICE_IAM, "ListRoles",
                                    JG_IAM_API_VERSION);
  jg_aws_request_set_param_int (query, "MaxItems", 100);
  jg_aws_request_set_param (query, "Marker", "AAIA+ZmFr/ZQ==");
  jg_aws_request_set_param_list (query, "TransitiveTagKeys", keys);
  jg_aws_request_set_param (query, "Policy", "{\"é\": \"x y~\"}");
  /* Replacing a parameter keeps its place. */
  jg_aws_request_set_param (query, "Marker", "AAIA+ZmFr/Zg==");
  body = jg_aws_request_build_body (query);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                   "Action=ListRoles&Version=2010-05-08&MaxItems=100"
                   "&Marker=AAIA%2BZmFr%2FZg%3D%3D"
                   "&TransitiveTagKeys.member.1=a+b"
                   "&TransitiveTagKeys.member.2=c%2Bd"
                   "&Policy=%7B%22%C3%A9%22%3A+%22x+y~%22%7D",
                   strlen ("Action=ListRoles&Version=2010-05-08&MaxItems=100"
                           "&Marker=AAIA%2BZmFr%2FZg%3D%3D"
                           "&TransitiveTagKeys.member.1=a+b"
                           "&TransitiveTagKeys.member.2=c%2Bd"
                           "&Policy=%7B%22%C3%A9%22%3A+%22x+y~%22%7D"));
  g_assert_cmpstr (jg_aws_request_get_content_type (query), ==,
                   "application/x-www-form-urlencoded; charset=utf-8");
  g_assert_null (jg_aws_request_dup_target (query));

  encoded = jg_aws_form_encode ("AZaz09-._~ !*'()");
  g_assert_cmpstr (encoded, ==, "AZaz09-._~+%21%2A%27%28%29");

  g_clear_pointer (&body, g_bytes_unref);
  json = jg_aws_request_new_json (JG_AWS_SERVICE_ORGANIZATIONS,
                                  JG_ORGANIZATIONS_TARGET_PREFIX,
                                  "ListAccounts");
  jg_aws_request_set_param_int (json, "MaxResults", 20);
  jg_aws_request_set_param (json, "NextToken", "abc\"def");
  body = jg_aws_request_build_body (json);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                   "{\"MaxResults\":20,\"NextToken\":\"abc\\\"def\"}",
                   strlen ("{\"MaxResults\":20,\"NextToken\":\"abc\\\"def\"}"));
  target = jg_aws_request_dup_target (json);
  g_assert_cmpstr (target, ==, "AWSOrganizationsV20161128.ListAccounts");
  g_assert_cmpstr (jg_aws_request_get_content_type (json), ==,
                   "application/x-amz-json-1.1");

  g_clear_pointer (&body, g_bytes_unref);
  empty_json = jg_aws_request_new_json (JG_AWS_SERVICE_ORGANIZATIONS,
                                        JG_ORGANIZATIONS_TARGET_PREFIX,
                                        "DescribeOrganization");
  body = jg_aws_request_build_body (empty_json);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                   "{}", 2);
}

int
main (int   argc,
      char *argv[])
{
  jg_test_init (&argc, &argv);

  g_test_add_func ("/jumpgate/aws-xml/shared-samples", test_shared_samples);
  g_test_add_func ("/jumpgate/aws-xml/iam-users", test_iam_users);
  g_test_add_func ("/jumpgate/aws-xml/iam-policies", test_iam_policies);
  g_test_add_func ("/jumpgate/aws-xml/empty-results", test_empty_results);
  g_test_add_func ("/jumpgate/aws-xml/sts-shapes", test_sts_shapes);
  g_test_add_func ("/jumpgate/aws-xml/organizations-json",
                   test_organizations_json);
  g_test_add_func ("/jumpgate/aws-xml/percent-decode", test_percent_decode);
  g_test_add_func ("/jumpgate/aws-xml/timestamps", test_timestamps);
  g_test_add_func ("/jumpgate/aws-xml/malformed-replies",
                   test_malformed_replies);
  g_test_add_func ("/jumpgate/aws-xml/truncated-without-marker",
                   test_truncated_without_marker);
  g_test_add_func ("/jumpgate/aws-xml/unparsed-error-replies",
                   test_unparsed_error_replies);
  g_test_add_func ("/jumpgate/aws-xml/error-codes", test_error_codes);
  g_test_add_func ("/jumpgate/aws-xml/retry-delay", test_retry_delay);
  g_test_add_func ("/jumpgate/aws-xml/request-bodies", test_request_bodies);

  return g_test_run ();
}
