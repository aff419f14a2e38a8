/* jg-gui-util.h: small helpers shared by the pages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "jg-item.h"

G_BEGIN_DECLS

/* Returns the text of one cell of ITEM, newly allocated. */
typedef char *(*JgGuiTextFunc) (JgItem   *item,
                                gpointer  user_data);


GtkListItemFactory *jg_gui_two_line_factory_new (void);
void                jg_gui_two_line_row_set     (GtkListItem *list_item,
                                                 const char  *title,
                                                 const char  *subtitle);
GtkWidget          *jg_gui_swatch_new           (void);
void                jg_gui_swatch_set_color     (GtkWidget   *swatch,
                                                 const char  *color);
char               *jg_gui_fold_query           (const char  *text);
gboolean            jg_gui_item_matches         (JgItem      *item,
                                                 const char  *folded_query);
guint               jg_gui_model_find_key       (GListModel  *model,
                                                 const char  *key);
char               *jg_gui_role_account_label   (const char  *role_arn);
AdwToast           *jg_gui_toast_new            (const char  *text);
void                jg_gui_toast                (GtkWidget   *widget,
                                                 const char  *text);
void                jg_gui_show_error           (GtkWidget   *widget,
                                                 const GError *error);

GtkColumnViewColumn *jg_gui_add_text_column   (GtkColumnView *view,
                                                const char    *title,
                                                JgGuiTextFunc  func,
                                                gpointer       user_data,
                                                gboolean       expand);
char               *jg_gui_format_time        (GDateTime     *time);
int                 jg_gui_compare_strings    (gconstpointer  a,
                                               gconstpointer  b);

void                jg_gui_unparent_children  (GtkWidget     *widget);

void                jg_gui_text_view_set_text (GtkTextView   *view,
                                               const char    *text);
char               *jg_gui_text_view_dup_text (GtkTextView   *view);
void                jg_gui_text_view_set_diff (GtkTextView   *view,
                                               const char    *diff);

G_END_DECLS
