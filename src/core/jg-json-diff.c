/* jg-json-diff.c: line-based unified diff (Myers' O(ND) algorithm in
 * linear space) of pretty-printed policy documents.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "core/jg-json-diff.h"
#include "core/jg-policy.h"

#define ABSENT_LABEL "/dev/null"

typedef enum
{
  OP_EQUAL,
  OP_DELETE,
  OP_INSERT,
} DiffOpKind;

/* One line of the edit script. @old_position and @new_position count the
 * lines of each text before this one, which give a hunk's start lines. */
typedef struct
{
  DiffOpKind  kind;
  guint       old_position;
  guint       new_position;
  const char *line;
} DiffOp;

typedef struct
{
  GPtrArray *lines;     /* each with its "\n", if it had one */
  int       *ids;       /* equal lines have equal ids */
  guint8    *changed;
} DiffText;

typedef struct
{
  DiffText  old_text;
  DiffText  new_text;
  int      *forward;    /* furthest x per diagonal, indexed from offset */
  int      *backward;
  int       offset;
} DiffContext;

static void
diff_text_clear (DiffText *text)
{
  g_clear_pointer (&text->lines, g_ptr_array_unref);
  g_clear_pointer (&text->ids, g_free);
  g_clear_pointer (&text->changed, g_free);
}

static void
diff_context_clear (DiffContext *context)
{
  diff_text_clear (&context->old_text);
  diff_text_clear (&context->new_text);
  g_clear_pointer (&context->forward, g_free);
  g_clear_pointer (&context->backward, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DiffContext, diff_context_clear)

/* Splits @text into lines that keep their "\n", so that a last line
 * without one differs from the same line with one, as in diff(1). */
static void
diff_text_init (DiffText   *text,
                const char *content,
                GHashTable *line_ids)
{
  const char *p = content != NULL ? content : "";

  text->lines = g_ptr_array_new_with_free_func (g_free);

  while (*p != '\0')
    {
      const char *end = strchr (p, '\n');
      gsize length = end != NULL ? (gsize) (end - p) + 1 : strlen (p);

      g_ptr_array_add (text->lines, g_strndup (p, length));
      p += length;
    }

  text->ids = g_new0 (int, text->lines->len + 1);
  text->changed = g_new0 (guint8, text->lines->len + 1);

  for (guint i = 0; i < text->lines->len; i++)
    {
      const char *line = g_ptr_array_index (text->lines, i);
      gpointer id = g_hash_table_lookup (line_ids, line);

      if (id == NULL)
        {
          id = GINT_TO_POINTER (g_hash_table_size (line_ids) + 1);
          g_hash_table_insert (line_ids, (gpointer) line, id);
        }

      text->ids[i] = GPOINTER_TO_INT (id);
    }
}

/* Finds a middle snake of old[a_low, a_high) against new[b_low, b_high):
 * a run of equal lines on a shortest edit path, from (x0, y0) to
 * (x1, y1) in absolute line numbers. Both ranges are non-empty and differ
 * in their first and last lines. */
static void
find_middle_snake (DiffContext *context,
                   int          a_low,
                   int          a_high,
                   int          b_low,
                   int          b_high,
                   int         *out_x0,
                   int         *out_y0,
                   int         *out_x1,
                   int         *out_y1)
{
  const int *a = context->old_text.ids;
  const int *b = context->new_text.ids;
  int *forward = context->forward + context->offset;
  int *backward = context->backward + context->offset;
  int n = a_high - a_low;
  int m = b_high - b_low;
  int delta = n - m;
  gboolean odd = (delta & 1) != 0;
  int d_max = (n + m + 1) / 2;

  forward[1] = 0;
  backward[1] = 0;

  for (int d = 0; d <= d_max; d++)
    {
      for (int k = -d; k <= d; k += 2)
        {
          int x, y, x0, y0;

          if (k == -d || (k != d && forward[k - 1] < forward[k + 1]))
            x = forward[k + 1];
          else
            x = forward[k - 1] + 1;
          y = x - k;
          x0 = x;
          y0 = y;

          while (x < n && y < m && a[a_low + x] == b[b_low + y])
            x++, y++;
          forward[k] = x;

          if (odd && delta - k >= -(d - 1) && delta - k <= d - 1
              && x + backward[delta - k] >= n)
            {
              *out_x0 = a_low + x0;
              *out_y0 = b_low + y0;
              *out_x1 = a_low + x;
              *out_y1 = b_low + y;
              return;
            }
        }

      /* The backward search runs on both texts reversed, so its x counts
       * lines from the end. */
      for (int k = -d; k <= d; k += 2)
        {
          int x, y, x0, y0;

          if (k == -d || (k != d && backward[k - 1] < backward[k + 1]))
            x = backward[k + 1];
          else
            x = backward[k - 1] + 1;
          y = x - k;
          x0 = x;
          y0 = y;

          while (x < n && y < m
                 && a[a_high - 1 - x] == b[b_high - 1 - y])
            x++, y++;
          backward[k] = x;

          if (!odd && delta - k >= -d && delta - k <= d
              && x + forward[delta - k] >= n)
            {
              *out_x0 = a_high - x;
              *out_y0 = b_high - y;
              *out_x1 = a_high - x0;
              *out_y1 = b_high - y0;
              return;
            }
        }
    }

  g_assert_not_reached ();
}

/* Marks the lines of old[a_low, a_high) and new[b_low, b_high) that a
 * shortest edit script deletes or inserts. The unmarked lines of both
 * texts are then their longest common subsequence, in order. */
static void
compare_ranges (DiffContext *context,
                int          a_low,
                int          a_high,
                int          b_low,
                int          b_high)
{
  const int *a = context->old_text.ids;
  const int *b = context->new_text.ids;
  int x0, y0, x1, y1;

  while (a_low < a_high && b_low < b_high && a[a_low] == b[b_low])
    a_low++, b_low++;

  while (a_low < a_high && b_low < b_high && a[a_high - 1] == b[b_high - 1])
    a_high--, b_high--;

  if (a_low == a_high || b_low == b_high)
    {
      for (int i = a_low; i < a_high; i++)
        context->old_text.changed[i] = TRUE;
      for (int i = b_low; i < b_high; i++)
        context->new_text.changed[i] = TRUE;
      return;
    }

  find_middle_snake (context, a_low, a_high, b_low, b_high,
                     &x0, &y0, &x1, &y1);
  compare_ranges (context, a_low, x0, b_low, y0);
  compare_ranges (context, x1, a_high, y1, b_high);
}

/* Builds the edit script from the marks, deletions before insertions
 * within each change. */
static GArray *
build_script (DiffContext *context)
{
  GArray *script = g_array_new (FALSE, FALSE, sizeof (DiffOp));
  DiffText *old_text = &context->old_text;
  DiffText *new_text = &context->new_text;
  guint i = 0;
  guint j = 0;

  while (i < old_text->lines->len || j < new_text->lines->len)
    {
      DiffOp op = { OP_EQUAL, i, j, NULL };

      if (i < old_text->lines->len && old_text->changed[i])
        {
          op.kind = OP_DELETE;
          op.line = g_ptr_array_index (old_text->lines, i++);
        }
      else if (j < new_text->lines->len && new_text->changed[j])
        {
          op.kind = OP_INSERT;
          op.line = g_ptr_array_index (new_text->lines, j++);
        }
      else
        {
          g_assert (i < old_text->lines->len && j < new_text->lines->len);
          op.line = g_ptr_array_index (old_text->lines, i++);
          j++;
        }

      g_array_append_val (script, op);
    }

  return script;
}

/* Appends "-START,COUNT" as diff -u writes it: START is the first line of
 * the hunk, or the line before it when COUNT is 0; ",1" is left out. */
static void
append_range (GString *out,
              char     sign,
              guint    lines_before,
              guint    count)
{
  if (count == 1)
    g_string_append_printf (out, "%c%u", sign, lines_before + 1);
  else if (count == 0)
    g_string_append_printf (out, "%c%u,0", sign, lines_before);
  else
    g_string_append_printf (out, "%c%u,%u", sign, lines_before + 1, count);
}

static void
append_line (GString    *out,
             char        prefix,
             const char *line)
{
  g_string_append_c (out, prefix);
  g_string_append (out, line);

  if (!g_str_has_suffix (line, "\n"))
    g_string_append (out, "\n\\ No newline at end of file\n");
}

static void
append_hunk (GString *out,
             GArray  *script,
             guint    start,
             guint    end)
{
  const DiffOp *first = &g_array_index (script, DiffOp, start);
  guint old_count = 0;
  guint new_count = 0;
  static const char prefixes[] = { ' ', '-', '+' };

  for (guint i = start; i < end; i++)
    {
      DiffOpKind kind = g_array_index (script, DiffOp, i).kind;

      old_count += kind != OP_INSERT;
      new_count += kind != OP_DELETE;
    }

  g_string_append (out, "@@ ");
  append_range (out, '-', first->old_position, old_count);
  g_string_append_c (out, ' ');
  append_range (out, '+', first->new_position, new_count);
  g_string_append (out, " @@\n");

  for (guint i = start; i < end; i++)
    {
      const DiffOp *op = &g_array_index (script, DiffOp, i);

      append_line (out, prefixes[op->kind], op->line);
    }
}

static gboolean
find_change (GArray *script,
             guint   from,
             guint  *out_index)
{
  for (guint i = from; i < script->len; i++)
    {
      if (g_array_index (script, DiffOp, i).kind != OP_EQUAL)
        {
          *out_index = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* Groups changes into hunks: changes separated by at most twice the
 * context share one hunk, as in diff -u. */
static void
append_hunks (GString *out,
              GArray  *script,
              guint    context_lines)
{
  guint next = 0;
  guint change;

  while (find_change (script, next, &change))
    {
      guint start = change > (gsize) next + context_lines
                    ? change - context_lines : next;
      guint last = change;
      guint end;

      for (;;)
        {
          guint following;

          while (last + 1 < script->len
                 && g_array_index (script, DiffOp, last + 1).kind != OP_EQUAL)
            last++;

          if (!find_change (script, last + 1, &following)
              || following - last - 1 > 2 * (gsize) context_lines)
            break;

          last = following;
        }

      end = MIN ((gsize) last + 1 + context_lines, script->len);
      append_hunk (out, script, start, end);
      next = end;
    }
}

/* Compares two texts line by line and returns a unified diff with
 * @context_lines lines of context: "---" and "+++" headers naming the
 * labels (ABSENT_LABEL for a NULL text, which counts as empty), then
 * "@@" hunks. Returns "" when the texts have the same lines. The edit
 * script is a shortest one, and the same inputs always give the same
 * output. */
char *
jg_json_diff_lines (const char *old_text,
                    const char *new_text,
                    const char *old_label,
                    const char *new_label,
                    guint       context_lines)
{
  g_auto(DiffContext) context = { { 0 } };
  g_autoptr(GHashTable) line_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) script = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint old_length;
  guint new_length;
  guint first_change;

  g_return_val_if_fail (old_text == NULL || old_label != NULL, NULL);
  g_return_val_if_fail (new_text == NULL || new_label != NULL, NULL);

  diff_text_init (&context.old_text, old_text, line_ids);
  diff_text_init (&context.new_text, new_text, line_ids);
  old_length = context.old_text.lines->len;
  new_length = context.new_text.lines->len;

  /* Diagonals range over ±(d_max + 1), d_max ≤ (n + m + 1) / 2. */
  context.offset = (int) (old_length + new_length) + 2;
  context.forward = g_new0 (int, 2 * context.offset + 1);
  context.backward = g_new0 (int, 2 * context.offset + 1);

  compare_ranges (&context, 0, old_length, 0, new_length);
  script = build_script (&context);

  if (!find_change (script, 0, &first_change))
    return g_strdup ("");

  g_string_append_printf (out, "--- %s\n",
                          old_text != NULL ? old_label : ABSENT_LABEL);
  g_string_append_printf (out, "+++ %s\n",
                          new_text != NULL ? new_label : ABSENT_LABEL);
  append_hunks (out, script, context_lines);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Pretty-prints two policy documents (percent-encoded or not, NULL when
 * absent) and returns their unified diff with
 * JG_JSON_DIFF_CONTEXT_LINES lines of context, "" when they print the
 * same. Fails when a document cannot be parsed. */
char *
jg_json_diff (const char  *old_document,
              const char  *new_document,
              const char  *old_label,
              const char  *new_label,
              GError     **error)
{
  g_autofree char *old_pretty = NULL;
  g_autofree char *new_pretty = NULL;

  g_return_val_if_fail (old_document == NULL || old_label != NULL, NULL);
  g_return_val_if_fail (new_document == NULL || new_label != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (old_document != NULL)
    {
      old_pretty = jg_policy_pretty (old_document, error);
      if (old_pretty == NULL)
        {
          g_prefix_error (error, "Cannot compare %s: ", old_label);
          return NULL;
        }
    }

  if (new_document != NULL)
    {
      new_pretty = jg_policy_pretty (new_document, error);
      if (new_pretty == NULL)
        {
          g_prefix_error (error, "Cannot compare %s: ", new_label);
          return NULL;
        }
    }

  return jg_json_diff_lines (old_pretty, new_pretty, old_label, new_label,
                             JG_JSON_DIFF_CONTEXT_LINES);
}
