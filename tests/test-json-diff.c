/* test-json-diff.c: unified diffs of policy documents.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "core/jg-json-diff.h"
#include "core/jg-policy.h"

#define USER_BO "arn:aws:iam::999999999999:user/bo"
#define USER_CY "arn:aws:iam::999999999999:user/cy"

/* "line 1\n" … "line 20\n" with some lines replaced or left out. */
static char *
numbered_lines (const char *replace_3,
                const char *replace_5,
                gboolean    drop_11,
                const char *replace_17)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (int i = 1; i <= 20; i++)
    {
      if (i == 3 && replace_3 != NULL)
        g_string_append_printf (text, "%s\n", replace_3);
      else if (i == 5 && replace_5 != NULL)
        g_string_append_printf (text, "%s\n", replace_5);
      else if (i == 17 && replace_17 != NULL)
        g_string_append_printf (text, "%s\n", replace_17);
      else if (i != 11 || !drop_11)
        g_string_append_printf (text, "line %d\n", i);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_identical (void)
{
  g_autofree char *text = numbered_lines (NULL, NULL, FALSE, NULL);
  g_autofree char *diff = jg_json_diff_lines (text, text, "old", "new", 3);
  g_autofree char *both_absent = jg_json_diff_lines (NULL, NULL, NULL, NULL,
                                                     3);

  g_assert_cmpstr (diff, ==, "");
  g_assert_cmpstr (both_absent, ==, "");
}

static void
test_two_hunks (void)
{
  g_autofree char *old_text = numbered_lines (NULL, NULL, FALSE, NULL);
  g_autofree char *new_text = numbered_lines ("line three", NULL, FALSE,
                                              "line seventeen");
  g_autofree char *diff = NULL;

  diff = jg_json_diff_lines (old_text, new_text, "old", "new", 3);

  g_assert_cmpstr (diff, ==,
                   "--- old\n"
                   "+++ new\n"
                   "@@ -1,6 +1,6 @@\n"
                   " line 1\n"
                   " line 2\n"
                   "-line 3\n"
                   "+line three\n"
                   " line 4\n"
                   " line 5\n"
                   " line 6\n"
                   "@@ -14,7 +14,7 @@\n"
                   " line 14\n"
                   " line 15\n"
                   " line 16\n"
                   "-line 17\n"
                   "+line seventeen\n"
                   " line 18\n"
                   " line 19\n"
                   " line 20\n");
}

static void
test_merged_hunk (void)
{
  g_autofree char *old_text = numbered_lines (NULL, NULL, FALSE, NULL);
  g_autofree char *new_text = numbered_lines (NULL, "line five", TRUE, NULL);
  g_autofree char *diff = NULL;
  g_autofree char *no_context = NULL;

  /* Five equal lines between the changes, fewer than twice the context,
   * so both changes share one hunk. */
  diff = jg_json_diff_lines (old_text, new_text, "old", "new", 3);
  no_context = jg_json_diff_lines (old_text, new_text, "old", "new", 0);

  g_assert_cmpstr (diff, ==,
                   "--- old\n"
                   "+++ new\n"
                   "@@ -2,13 +2,12 @@\n"
                   " line 2\n"
                   " line 3\n"
                   " line 4\n"
                   "-line 5\n"
                   "+line five\n"
                   " line 6\n"
                   " line 7\n"
                   " line 8\n"
                   " line 9\n"
                   " line 10\n"
                   "-line 11\n"
                   " line 12\n"
                   " line 13\n"
                   " line 14\n");
  g_assert_cmpstr (no_context, ==,
                   "--- old\n"
                   "+++ new\n"
                   "@@ -5 +5 @@\n"
                   "-line 5\n"
                   "+line five\n"
                   "@@ -11 +10,0 @@\n"
                   "-line 11\n");
}

static void
test_added (void)
{
  g_autofree char *diff = jg_json_diff_lines (NULL, "{\n  \"a\" : 1\n}\n",
                                              NULL, "new", 3);

  g_assert_cmpstr (diff, ==,
                   "--- /dev/null\n"
                   "+++ new\n"
                   "@@ -0,0 +1,3 @@\n"
                   "+{\n"
                   "+  \"a\" : 1\n"
                   "+}\n");
}

static void
test_removed (void)
{
  g_autofree char *diff = jg_json_diff_lines ("{\n}\n", NULL, "old", NULL, 3);

  g_assert_cmpstr (diff, ==,
                   "--- old\n"
                   "+++ /dev/null\n"
                   "@@ -1,2 +0,0 @@\n"
                   "-{\n"
                   "-}\n");
}

static void
test_no_newline (void)
{
  g_autofree char *diff = jg_json_diff_lines ("a\nb\nc", "a\nb\nc\n",
                                              "old", "new", 3);

  g_assert_cmpstr (diff, ==,
                   "--- old\n"
                   "+++ new\n"
                   "@@ -1,3 +1,3 @@\n"
                   " a\n"
                   " b\n"
                   "-c\n"
                   "\\ No newline at end of file\n"
                   "+c\n");
}

static void
test_documents_changed (void)
{
  const char *const before_principals[] = { USER_BO, NULL };
  const char *const after_principals[] = { USER_CY, USER_BO, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *diff = NULL;

  before = jg_policy_merge_trust (NULL, before_principals, -1, TRUE, &error);
  g_assert_no_error (error);
  after = jg_policy_merge_trust (before, after_principals, -1, TRUE, &error);
  g_assert_no_error (error);

  diff = jg_json_diff (before, after, "AWS: role/admin", "Plan: role/admin",
                       &error);

  g_assert_no_error (error);
  g_assert_cmpstr (diff, ==,
                   "--- AWS: role/admin\n"
                   "+++ Plan: role/admin\n"
                   "@@ -6,7 +6,8 @@\n"
                   "       \"Effect\" : \"Allow\",\n"
                   "       \"Principal\" : {\n"
                   "         \"AWS\" : [\n"
                   "-          \"" USER_BO "\"\n"
                   "+          \"" USER_BO "\",\n"
                   "+          \"" USER_CY "\"\n"
                   "         ]\n"
                   "       },\n"
                   "       \"Action\" : \"sts:AssumeRole\",\n");
}

static void
test_documents_absent (void)
{
  const char *const roles[] = { "arn:aws:iam::111111111111:role/admin", NULL };
  g_autofree char *policy = jg_policy_build_assume_roles (roles, -1);
  g_autofree char *pretty = NULL;
  g_autofree char *added = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *expected_added = NULL;
  g_autoptr(GString) expected_removed = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n_lines;

  pretty = jg_policy_pretty (policy, &error);
  g_assert_no_error (error);
  lines = g_strsplit (pretty, "\n", -1);
  n_lines = g_strv_length (lines) - 1;

  added = jg_json_diff (NULL, policy, NULL, "new", &error);
  g_assert_no_error (error);
  removed = jg_json_diff (policy, NULL, "old", NULL, &error);
  g_assert_no_error (error);

  expected_added = g_strdup_printf ("--- /dev/null\n+++ new\n"
                                    "@@ -0,0 +1,%u @@\n", n_lines);
  g_assert_true (g_str_has_prefix (added, expected_added));
  g_string_append_printf (expected_removed, "--- old\n+++ /dev/null\n"
                          "@@ -1,%u +0,0 @@\n", n_lines);
  for (guint i = 0; i < n_lines; i++)
    g_string_append_printf (expected_removed, "-%s\n", lines[i]);
  g_assert_cmpstr (removed, ==, expected_removed->str);
}

static void
test_documents_same_content (void)
{
  const char *compact = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
  const char *encoded =
    "%7B%22Version%22%3A%20%222012-10-17%22%2C%0A%22Statement%22%3A%5B%5D%7D";
  g_autoptr(GError) error = NULL;
  g_autofree char *diff = NULL;

  diff = jg_json_diff (compact, encoded, "old", "new", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (diff, ==, "");
}

static void
test_documents_malformed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *diff = NULL;

  diff = jg_json_diff ("{}", "{\"Statement\": [", "old", "new policy", &error);

  g_assert_null (diff);
  g_assert_error (error, JG_POLICY_ERROR, JG_POLICY_ERROR_MALFORMED);
  g_assert_true (g_str_has_prefix (error->message,
                                   "Cannot compare new policy: "));
}

static guint
lcs_length (const GPtrArray *a,
            const GPtrArray *b)
{
  g_autofree guint *table = g_new0 (guint, (a->len + 1) * (b->len + 1));
  guint width = b->len + 1;

  for (guint i = 1; i <= a->len; i++)
    for (guint j = 1; j <= b->len; j++)
      {
        if (strcmp (g_ptr_array_index (a, i - 1),
                    g_ptr_array_index (b, j - 1)) == 0)
          table[i * width + j] = table[(i - 1) * width + j - 1] + 1;
        else
          table[i * width + j] = MAX (table[(i - 1) * width + j],
                                      table[i * width + j - 1]);
      }

  return table[a->len * width + b->len];
}

static GPtrArray *
random_lines (GRand *rand)
{
  static const char *const alphabet[] = { "{", "}", "  \"a\" : 1,", "]" };
  GPtrArray *lines = g_ptr_array_new ();
  int length = g_rand_int_range (rand, 0, 30);

  for (int i = 0; i < length; i++)
    g_ptr_array_add (lines,
                     (gpointer) alphabet[g_rand_int_range (rand, 0, 4)]);

  return lines;
}

static char *
join_lines (GPtrArray *lines)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s\n", (char *) g_ptr_array_index (lines, i));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* With unlimited context the diff is one hunk that contains both texts:
 * its " " and "-" lines give the old text, its " " and "+" lines the new
 * one, and it changes no more lines than a longest common subsequence
 * leaves over. */
static void
test_minimal_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240229);

  for (int round = 0; round < 500; round++)
    {
      g_autoptr(GPtrArray) old_lines = random_lines (rand);
      g_autoptr(GPtrArray) new_lines = random_lines (rand);
      g_autofree char *old_text = join_lines (old_lines);
      g_autofree char *new_text = join_lines (new_lines);
      g_autofree char *diff = NULL;
      g_autoptr(GString) rebuilt_old = g_string_new (NULL);
      g_autoptr(GString) rebuilt_new = g_string_new (NULL);
      g_auto(GStrv) lines = NULL;
      guint changes = 0;
      guint hunks = 0;

      diff = jg_json_diff_lines (old_text, new_text, "old", "new", G_MAXUINT);
      if (strcmp (old_text, new_text) == 0)
        {
          g_assert_cmpstr (diff, ==, "");
          continue;
        }

      lines = g_strsplit (diff, "\n", -1);
      for (guint i = 2; lines[i] != NULL && lines[i][0] != '\0'; i++)
        {
          const char *content = lines[i] + 1;

          if (lines[i][0] == '@')
            hunks++;
          if (lines[i][0] == ' ' || lines[i][0] == '-')
            g_string_append_printf (rebuilt_old, "%s\n", content);
          if (lines[i][0] == ' ' || lines[i][0] == '+')
            g_string_append_printf (rebuilt_new, "%s\n", content);
          if (lines[i][0] == '-' || lines[i][0] == '+')
            changes++;
        }

      g_assert_cmpuint (hunks, ==, 1);
      g_assert_cmpstr (rebuilt_old->str, ==, old_text);
      g_assert_cmpstr (rebuilt_new->str, ==, new_text);
      g_assert_cmpuint (changes, ==,
                        old_lines->len + new_lines->len
                        - 2 * lcs_length (old_lines, new_lines));
    }
}

static void
test_deterministic (void)
{
  g_autofree char *old_text = numbered_lines (NULL, "x", TRUE, "y");
  g_autofree char *new_text = numbered_lines ("z", NULL, FALSE, "y");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  first = jg_json_diff_lines (old_text, new_text, "old", "new", 3);
  second = jg_json_diff_lines (old_text, new_text, "old", "new", 3);

  g_assert_cmpstr (first, !=, "");
  g_assert_cmpstr (first, ==, second);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/jumpgate/json-diff/identical", test_identical);
  g_test_add_func ("/jumpgate/json-diff/two-hunks", test_two_hunks);
  g_test_add_func ("/jumpgate/json-diff/merged-hunk", test_merged_hunk);
  g_test_add_func ("/jumpgate/json-diff/added", test_added);
  g_test_add_func ("/jumpgate/json-diff/removed", test_removed);
  g_test_add_func ("/jumpgate/json-diff/no-newline", test_no_newline);
  g_test_add_func ("/jumpgate/json-diff/documents-changed",
                   test_documents_changed);
  g_test_add_func ("/jumpgate/json-diff/documents-absent",
                   test_documents_absent);
  g_test_add_func ("/jumpgate/json-diff/documents-same-content",
                   test_documents_same_content);
  g_test_add_func ("/jumpgate/json-diff/documents-malformed",
                   test_documents_malformed);
  g_test_add_func ("/jumpgate/json-diff/minimal-random", test_minimal_random);
  g_test_add_func ("/jumpgate/json-diff/deterministic", test_deterministic);

  return g_test_run ();
}
