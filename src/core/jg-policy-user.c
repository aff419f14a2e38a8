/* jg-policy-user.c: the assertion side of a grant, the inline user
 * policy that allows sts:AssumeRole on the granted roles.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "core/jg-policy.h"
#include "core/jg-policy-private.h"

static char *build_by_json (GPtrArray *arns);

/* Builds the inline user policy that allows sts:AssumeRole on exactly
 * @role_arns, sorted and without duplicates, so that the same grants
 * always give the same bytes. Resource is a list even for one ARN.
 * Returns NULL when there is no role, meaning the policy is to be
 * deleted. The ARNs are not checked here: the planner checks the result
 * with jg_policy_check_alphabet() and jg_policy_check_user_inline_size(). */
char *
jg_policy_build_assume_roles (const char *const *role_arns,
                              gssize              n_role_arns)
{
  g_autoptr(GPtrArray) arns = NULL;
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (role_arns != NULL || n_role_arns <= 0, NULL);

  arns = jg_policy_sorted_set (role_arns, n_role_arns);
  if (arns->len == 0)
    return NULL;

  /* The usual ARNs need no escape, so the bytes json-glib would write
   * can be put together directly, which a plan of thousands of users
   * notices. Others go through json-glib. */
  text = g_string_sized_new (160 + arns->len * 64);
  g_string_append (text, "{\"Version\":\"" JG_POLICY_VERSION "\","
                   "\"Statement\":[{\"Sid\":\"" JG_POLICY_ASSUME_ROLES_SID "\","
                   "\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\","
                   "\"Resource\":[");
  for (guint i = 0; i < arns->len; i++)
    {
      const char *arn = g_ptr_array_index (arns, i);

      if (!jg_policy_is_simple_text (arn))
        return build_by_json (arns);

      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, '"');
      g_string_append (text, arn);
      g_string_append_c (text, '"');
    }
  g_string_append (text, "]}]}");

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* jg_policy_build_assume_roles() through json-glib in every case, so
 * that tests can compare the two. */
char *
jg_policy_build_assume_roles_by_json (const char *const *role_arns,
                                      gssize              n_role_arns)
{
  g_autoptr(GPtrArray) arns = NULL;

  g_return_val_if_fail (role_arns != NULL || n_role_arns <= 0, NULL);

  arns = jg_policy_sorted_set (role_arns, n_role_arns);
  if (arns->len == 0)
    return NULL;

  return build_by_json (arns);
}

/* Writes the policy for @arns, sorted and not empty, with json-glib. */
static char *
build_by_json (GPtrArray *arns)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Version");
  json_builder_add_string_value (builder, JG_POLICY_VERSION);
  json_builder_set_member_name (builder, "Statement");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Sid");
  json_builder_add_string_value (builder, JG_POLICY_ASSUME_ROLES_SID);
  json_builder_set_member_name (builder, "Effect");
  json_builder_add_string_value (builder, "Allow");
  json_builder_set_member_name (builder, "Action");
  json_builder_add_string_value (builder, "sts:AssumeRole");
  json_builder_set_member_name (builder, "Resource");
  json_builder_begin_array (builder);
  for (guint i = 0; i < arns->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (arns, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return jg_policy_node_to_compact (root);
}

/* IAM matches actions without regard to case, with * and ? wildcards. */
static gboolean
action_allows_assume_role (const char *action)
{
  g_autofree char *pattern = g_ascii_strdown (action, -1);

  return g_pattern_match_simple (pattern, "sts:assumerole");
}

/* Whether @arn names one IAM role: arn:PARTITION:iam::ACCOUNT:role/…
 * without wildcards. An ARN pattern with * or ? is not a grant of one
 * role, so import must not turn it into one. */
static gboolean
is_concrete_role_arn (const char *arn)
{
  g_auto(GStrv) fields = g_strsplit (arn, ":", 6);

  if (strpbrk (arn, "*?") != NULL || g_strv_length (fields) != 6)
    return FALSE;

  return strcmp (fields[0], "arn") == 0
         && fields[1][0] != '\0'
         && strcmp (fields[2], "iam") == 0
         && fields[3][0] == '\0'
         && strlen (fields[4]) == 12
         && g_str_has_prefix (fields[5], "role/")
         && fields[5][strlen ("role/")] != '\0';
}

static gboolean
statement_allows_assume_role (JsonNode  *statement,
                              gboolean  *out_allows,
                              GError   **error)
{
  JsonObject *object = json_node_get_object (statement);
  JsonNode *actions = json_object_get_member (object, "Action");
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *effect = jg_policy_statement_get_string (statement, "Effect");

  *out_allows = FALSE;

  if (g_strcmp0 (effect, "Allow") != 0 || actions == NULL)
    return TRUE;

  if (!jg_policy_collect_strings (actions, "A statement's Action", names,
                                  error))
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      if (action_allows_assume_role (g_ptr_array_index (names, i)))
        *out_allows = TRUE;
    }

  return TRUE;
}

/* Returns the role ARNs that a user policy allows to assume, for import:
 * the concrete role ARNs in Resource of every Allow statement whose Action
 * covers sts:AssumeRole. Wildcard resources, NotAction and NotResource
 * statements and conditions are not represented as grants, so they are
 * left out. Sorted and without duplicates; empty when there is none. */
char **
jg_policy_extract_assumable_roles (const char  *document,
                                   GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GPtrArray) roles = g_ptr_array_new ();

  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = jg_policy_parse (document, error);
  if (root == NULL)
    return NULL;

  statements = jg_policy_get_statements (json_node_get_object (root), error);
  if (statements == NULL)
    return NULL;

  for (guint i = 0; i < statements->len; i++)
    {
      JsonNode *statement = g_ptr_array_index (statements, i);
      JsonNode *resources;
      g_autoptr(GPtrArray) arns = g_ptr_array_new ();
      gboolean allows;

      if (!statement_allows_assume_role (statement, &allows, error))
        return NULL;

      resources = json_object_get_member (json_node_get_object (statement),
                                          "Resource");
      if (!allows || resources == NULL)
        continue;

      if (!jg_policy_collect_strings (resources, "A statement's Resource",
                                      arns, error))
        return NULL;

      for (guint j = 0; j < arns->len; j++)
        {
          if (is_concrete_role_arn (g_ptr_array_index (arns, j)))
            g_ptr_array_add (roles, g_ptr_array_index (arns, j));
        }
    }

  return jg_policy_string_set_to_strv (roles);
}
