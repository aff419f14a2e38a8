/* jg-gui-util.c: small helpers shared by the pages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "core/jg-core.h"
#include "jg-gui-util.h"

static void
on_two_line_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_item_set_child (list_item, box);
}

static void
on_two_line_bind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  gpointer item = gtk_list_item_get_item (list_item);

  /* Rows of other items are filled by a bind handler of the caller,
   * through jg_gui_two_line_row_set(). */
  if (!JG_IS_ITEM (item))
    return;

  jg_gui_two_line_row_set (list_item, jg_item_get_title (item),
                           jg_item_get_subtitle (item));
}

/* Fills a row of a jg_gui_two_line_factory_new() factory. */
void
jg_gui_two_line_row_set (GtkListItem *list_item,
                         const char  *title,
                         const char  *subtitle)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *title_label = gtk_widget_get_first_child (box);
  GtkWidget *subtitle_label = gtk_widget_get_next_sibling (title_label);

  gtk_label_set_text (GTK_LABEL (title_label), title);
  gtk_label_set_text (GTK_LABEL (subtitle_label), subtitle);
}

/* Returns a factory of rows that show an item's title over its
 * subtitle. For a model of other objects than JgItem, connect a "bind"
 * handler that calls jg_gui_two_line_row_set(). */
GtkListItemFactory *
jg_gui_two_line_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_two_line_setup_cb),
                    NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_two_line_bind_cb), NULL);
  return factory;
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  GdkRGBA *rgba = user_data;
  double radius = MIN (width, height) / 2.0;

  if (rgba == NULL)
    return;

  cairo_arc (cr, width / 2.0, height / 2.0, radius - 1, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, rgba);
  cairo_fill (cr);
}

/* Returns a small round swatch of an account's colour. */
GtkWidget *
jg_gui_swatch_new (void)
{
  GtkWidget *swatch = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 14);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 14);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  return swatch;
}

/* Sets the swatch's colour from the store's RRGGBB form; NULL or an
 * empty string leaves the swatch blank. */
void
jg_gui_swatch_set_color (GtkWidget  *swatch,
                         const char *color)
{
  GdkRGBA rgba;
  g_autofree char *spec = NULL;

  g_return_if_fail (GTK_IS_DRAWING_AREA (swatch));

  spec = g_strconcat ("#", color != NULL ? color : "", NULL);
  if (color == NULL || *color == '\0' || !gdk_rgba_parse (&rgba, spec))
    {
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch,
                                      NULL, NULL);
      return;
    }

  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch,
                                  gdk_rgba_copy (&rgba),
                                  (GDestroyNotify) gdk_rgba_free);
}

/* Returns TEXT stripped and case-folded, or NULL when it is empty. */
char *
jg_gui_fold_query (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (*stripped == '\0')
    return NULL;
  return g_utf8_casefold (stripped, -1);
}

/* Returns whether every word of FOLDED_QUERY occurs in the item's fields;
 * a NULL query matches everything. */
gboolean
jg_gui_item_matches (JgItem     *item,
                     const char *folded_query)
{
  const char *haystack;
  g_auto(GStrv) words = NULL;

  if (folded_query == NULL)
    return TRUE;

  haystack = jg_item_get_search_text (item);
  if (strchr (folded_query, ' ') == NULL)
    return strstr (haystack, folded_query) != NULL;

  words = g_strsplit (folded_query, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] != '\0' && strstr (haystack, words[i]) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Returns the position of the item whose key is KEY, or
 * GTK_INVALID_LIST_POSITION. Linear: for one look-up on a user action. */
guint
jg_gui_model_find_key (GListModel *model,
                       const char *key)
{
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(JgItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (jg_item_get_key (item), key) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* Returns "ROLE-NAME (ACCOUNT-ID)" for a role ARN, or the ARN itself when
 * it cannot be parsed. */
char *
jg_gui_role_account_label (const char *role_arn)
{
  g_autoptr(JgArn) arn = jg_arn_parse (role_arn, NULL);

  if (arn == NULL)
    return g_strdup (role_arn);
  return g_strdup_printf ("%s (%s)", arn->name, arn->account_id);
}

/* Returns a new toast that shows TEXT as it is: toast titles are Pango
 * markup, and messages may contain '<' or '&'. */
AdwToast *
jg_gui_toast_new (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

/* Shows TEXT as a toast in the window of WIDGET. */
void
jg_gui_toast (GtkWidget  *widget,
              const char *text)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    {
      g_message ("%s", text);
      return;
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay),
                               jg_gui_toast_new (text));
}

/* Shows a failure as a toast that stays until dismissed. The messages of
 * the lower layers already name the value and what to do. */
void
jg_gui_show_error (GtkWidget    *widget,
                   const GError *error)
{
  GtkWidget *overlay;
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (error != NULL);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }

  toast = jg_gui_toast_new (error->message);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

typedef struct
{
  JgGuiTextFunc func;
  gpointer      user_data;
} TextColumn;

static void
text_column_free (gpointer  data,
                  GClosure *closure)
{
  g_free (data);
}

static void
on_text_cell_setup_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item,
                       gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
on_text_cell_bind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      TextColumn               *column)
{
  JgItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = column->func (item, column->user_data);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text);
}

/* Appends a sortable column whose cells show FUNC (item, USER_DATA). */
GtkColumnViewColumn *
jg_gui_add_text_column (GtkColumnView *view,
                        const char    *title,
                        JgGuiTextFunc  func,
                        gpointer       user_data,
                        gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  TextColumn *column = g_new0 (TextColumn, 1);
  GtkColumnViewColumn *view_column;
  GtkExpression *expression;
  GtkStringSorter *sorter;

  column->func = func;
  column->user_data = user_data;
  g_signal_connect (factory, "setup", G_CALLBACK (on_text_cell_setup_cb),
                    NULL);
  g_signal_connect_data (factory, "bind", G_CALLBACK (on_text_cell_bind_cb),
                         column, text_column_free, 0);

  view_column = gtk_column_view_column_new (title, factory);
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (func), user_data,
                                            NULL);
  sorter = gtk_string_sorter_new (expression);
  gtk_column_view_column_set_sorter (view_column, GTK_SORTER (sorter));
  g_object_unref (sorter);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_append_column (view, view_column);
  g_object_unref (view_column);

  return view_column;
}

/* Returns TIME in local time as YYYY-MM-DD HH:MM:SS, which sorts like
 * the time itself; "" for NULL. */
char *
jg_gui_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

/* Compares two elements of a GPtrArray of strings, for
 * g_ptr_array_sort(). */
int
jg_gui_compare_strings (gconstpointer a,
                        gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

/* Unparents the children of a widget that has no layout container of its
 * own, as its dispose must; gtk_widget_dispose_template() only clears the
 * bound children. */
void
jg_gui_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

/* Replaces the whole text of VIEW with TEXT, or clears it for NULL. */
void
jg_gui_text_view_set_text (GtkTextView *view,
                           const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view),
                            text != NULL ? text : "", -1);
}

/* Returns the whole text of VIEW, newly allocated. */
char *
jg_gui_text_view_dup_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Shows DIFF, a unified diff of one policy document, in VIEW. An empty
 * diff is shown as a sentence, so that the view is never blank for a
 * selected document. NULL clears the view. */
void
jg_gui_text_view_set_diff (GtkTextView *view,
                           const char  *diff)
{
  if (diff != NULL && *diff == '\0')
    diff = _("The document did not change.");
  jg_gui_text_view_set_text (view, diff);
}
