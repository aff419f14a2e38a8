/* jg-entity-table.c: one sortable, filterable table of the Configuration
 * page. Rows are loaded in a worker thread and recycled by the column
 * view; add and edit open a JgEntityEditor, remove asks first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "jg-entity-editor.h"
#include "jg-entity-table.h"
#include "jg-gui-util.h"

struct _JgEntityTable
{
  GtkWidget           parent_instance;

  /* Template children. */
  GtkSearchEntry     *search_entry;
  GtkColumnView      *column_view;
  GtkLabel           *count_label;

  /* Owned. */
  JgItemKind          kind;
  JgWorkspace        *workspace;
  GCancellable       *cancellable;
  GListStore         *items;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  char               *query;
  /* The key of the row that the open confirmation dialog is about. */
  char               *remove_key;
  gulong              changed_handler;
};

G_DEFINE_FINAL_TYPE (JgEntityTable, jg_entity_table, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_count (JgEntityTable *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row",
                                         "%u rows", total), total);
  else
    text = g_strdup_printf (_("%u of %u rows"), shown, total);
  gtk_label_set_text (self->count_label, text);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  JgEntityTable *self = user_data;

  return jg_gui_item_matches (item, self->query);
}

static void
on_search_changed_cb (GtkSearchEntry *entry,
                      JgEntityTable  *self)
{
  g_free (self->query);
  self->query = jg_gui_fold_query (gtk_editable_get_text (GTK_EDITABLE (entry)));
  gtk_filter_changed (gtk_filter_list_model_get_filter (self->filtered),
                      GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(JgEntityTable) self = user_data;
  g_autoptr(GListStore) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint n_items;

  loaded = jg_workspace_load_finish (JG_WORKSPACE (source), result, &error);
  if (loaded == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        jg_gui_show_error (GTK_WIDGET (self), error);
      return;
    }

  n_items = g_list_model_get_n_items (G_LIST_MODEL (loaded));
  items = g_ptr_array_new_full (n_items, g_object_unref);
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (loaded), i));
  g_list_store_splice (self->items, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  update_count (self);
}

static void
reload (JgEntityTable *self)
{
  jg_workspace_load_async (self->workspace, self->kind, self->cancellable,
                           on_loaded_cb, g_object_ref (self));
}

static void
on_workspace_changed_cb (JgWorkspace   *workspace,
                         guint          what,
                         JgEntityTable *self)
{
  if (what & JG_WORKSPACE_CHANGED_ENTITIES)
    reload (self);
}

static void
on_cell_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
on_cell_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);
  JgItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = jg_item_dup_field (item, column);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

static void
on_color_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_append (GTK_BOX (box), jg_gui_swatch_new ());
  gtk_box_append (GTK_BOX (box), gtk_label_new (NULL));
  gtk_list_item_set_child (list_item, box);
}

static void
on_color_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  JgAccount *account = jg_item_get_value (gtk_list_item_get_item (list_item));
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *swatch = gtk_widget_get_first_child (box);

  jg_gui_swatch_set_color (swatch, account->color);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (swatch)),
                      account->color != NULL ? account->color : "");
}

static char *
sort_key (JgItem   *item,
          gpointer  user_data)
{
  return jg_item_dup_field (item, GPOINTER_TO_UINT (user_data));
}

static void
build_columns (JgEntityTable *self)
{
  guint n_fields = jg_item_get_n_fields (self->kind);

  for (guint i = 0; i < n_fields; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      GtkExpression *expression;
      GtkStringSorter *sorter;
      gboolean is_color = self->kind == JG_ITEM_ACCOUNT && i == 4;

      if (is_color)
        {
          g_signal_connect (factory, "setup", G_CALLBACK (on_color_setup_cb),
                            NULL);
          g_signal_connect (factory, "bind", G_CALLBACK (on_color_bind_cb),
                            NULL);
        }
      else
        {
          g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup_cb),
                            NULL);
          g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind_cb),
                            GUINT_TO_POINTER (i));
        }

      column = gtk_column_view_column_new (jg_item_get_field_title (self->kind,
                                                                    i),
                                           g_steal_pointer (&factory));
      expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                G_CALLBACK (sort_key),
                                                GUINT_TO_POINTER (i), NULL);
      sorter = gtk_string_sorter_new (expression);
      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      g_object_unref (sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, i == n_fields - 1);
      gtk_column_view_append_column (self->column_view, column);
    }
}

static JgItem *
get_selected (JgEntityTable *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
open_editor (JgEntityTable *self,
             JgItem        *item)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  JgEntityEditor *editor;

  editor = jg_entity_editor_new (self->workspace, self->kind,
                                 item != NULL ? jg_item_get_value (item)
                                              : NULL);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_column_view_activate_cb (GtkColumnView *view,
                            guint          position,
                            JgEntityTable *self)
{
  g_autoptr(JgItem) item =
    g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  open_editor (self, item);
}

static void
on_add_activate (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  open_editor (JG_ENTITY_TABLE (widget), NULL);
}

static void
on_edit_activate (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  JgEntityTable *self = JG_ENTITY_TABLE (widget);
  JgItem *item = get_selected (self);

  if (item == NULL)
    {
      jg_gui_toast (widget, _("Select a row to edit first"));
      return;
    }
  open_editor (self, item);
}

static gboolean
remove_value (JgEntityTable  *self,
              JgItem         *item,
              GError        **error)
{
  JgStore *store = jg_workspace_get_store (self->workspace);
  gpointer value = jg_item_get_value (item);

  switch (self->kind)
    {
    case JG_ITEM_JUMP_ACCOUNT:
      return jg_store_remove_jump_account (store,
                                           ((JgJumpAccount *) value)->partition,
                                           error);
    case JG_ITEM_ACCOUNT:
      return jg_store_remove_account (store, ((JgAccount *) value)->id, error);
    case JG_ITEM_ROLE:
      return jg_store_remove_role (store, ((JgRole *) value)->arn, error);
    case JG_ITEM_PERSON:
      return jg_store_remove_person (store, ((JgPerson *) value)->handle,
                                     error);
    case JG_ITEM_PRINCIPAL:
      return jg_store_remove_principal (store, ((JgPrincipal *) value)->arn,
                                        error);
    default:
      g_assert_not_reached ();
    }
}

/* Removes the row with key PARAMETER without asking. The store rejects
 * the removal of anything that still has grants or staged changes, with
 * a message that says how many and what to do first. */
static void
on_remove_now_activate (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  JgEntityTable *self = JG_ENTITY_TABLE (widget);
  const char *key = g_variant_get_string (parameter, NULL);
  guint position = jg_gui_model_find_key (G_LIST_MODEL (self->items), key);
  g_autoptr(JgItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (position == GTK_INVALID_LIST_POSITION)
    return;

  item = g_list_model_get_item (G_LIST_MODEL (self->items), position);
  if (!remove_value (self, item, &error))
    {
      jg_gui_show_error (widget, error);
      return;
    }

  text = g_strdup_printf (_("Removed %s"), key);
  jg_gui_toast (widget, text);
  jg_workspace_notify_changed (self->workspace,
                               JG_WORKSPACE_CHANGED_ENTITIES);
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       JgEntityTable    *self)
{
  g_autofree char *key = g_steal_pointer (&self->remove_key);

  if (g_strcmp0 (response, "remove") != 0 || key == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "table.remove-now", "s",
                              key);
}

static void
on_remove_activate (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  JgEntityTable *self = JG_ENTITY_TABLE (widget);
  JgItem *item = get_selected (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (item == NULL)
    {
      jg_gui_toast (widget, _("Select a row to remove first"));
      return;
    }

  g_free (self->remove_key);
  self->remove_key = g_strdup (jg_item_get_key (item));
  heading = g_strdup_printf (_("Remove %s?"), jg_item_get_key (item));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                        : NULL,
                                   heading,
                                   _("It is removed from Jumpgate's store "
                                     "only. Nothing changes in AWS."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                              "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog),
                                         "cancel");
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
jg_entity_table_dispose (GObject *object)
{
  JgEntityTable *self = JG_ENTITY_TABLE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->workspace != NULL)
    g_clear_signal_handler (&self->changed_handler, self->workspace);

  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_ENTITY_TABLE);
  jg_gui_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->workspace);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (jg_entity_table_parent_class)->dispose (object);
}

static void
jg_entity_table_finalize (GObject *object)
{
  JgEntityTable *self = JG_ENTITY_TABLE (object);

  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->remove_key, g_free);

  G_OBJECT_CLASS (jg_entity_table_parent_class)->finalize (object);
}

static void
jg_entity_table_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  JgEntityTable *self = JG_ENTITY_TABLE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jg_entity_table_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  JgEntityTable *self = JG_ENTITY_TABLE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jg_entity_table_constructed (GObject *object)
{
  JgEntityTable *self = JG_ENTITY_TABLE (object);
  GtkCustomFilter *filter;
  GtkSortListModel *sorted;

  G_OBJECT_CLASS (jg_entity_table_parent_class)->constructed (object);

  self->items = g_list_store_new (JG_TYPE_ITEM);
  filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered =
    gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->items)),
                               GTK_FILTER (filter));
  build_columns (self);
  sorted = gtk_sort_list_model_new (
    G_LIST_MODEL (g_object_ref (self->filtered)),
    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_column_view_set_model (self->column_view,
                             GTK_SELECTION_MODEL (self->selection));
}

static void
jg_entity_table_class_init (JgEntityTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_entity_table_dispose;
  object_class->finalize = jg_entity_table_finalize;
  object_class->get_property = jg_entity_table_get_property;
  object_class->set_property = jg_entity_table_set_property;
  object_class->constructed = jg_entity_table_constructed;

  /* A JgItemKind of an entity: partitions to principals. */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      JG_ITEM_JUMP_ACCOUNT, JG_ITEM_PRINCIPAL,
                      JG_ITEM_PERSON,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                      | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class,
                                            GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/jumpgate/Jumpgate/jg-entity-table.ui");
  gtk_widget_class_bind_template_child (widget_class, JgEntityTable,
                                        search_entry);
  gtk_widget_class_bind_template_child (widget_class, JgEntityTable,
                                        column_view);
  gtk_widget_class_bind_template_child (widget_class, JgEntityTable,
                                        count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class,
                                           on_column_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "table.add", NULL,
                                   on_add_activate);
  gtk_widget_class_install_action (widget_class, "table.edit", NULL,
                                   on_edit_activate);
  gtk_widget_class_install_action (widget_class, "table.remove", NULL,
                                   on_remove_activate);
  gtk_widget_class_install_action (widget_class, "table.remove-now", "s",
                                   on_remove_now_activate);
}

static void
jg_entity_table_init (JgEntityTable *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

JgEntityTable *
jg_entity_table_new (JgItemKind kind)
{
  return g_object_new (JG_TYPE_ENTITY_TABLE, "kind", kind, NULL);
}

void
jg_entity_table_set_workspace (JgEntityTable *self,
                               JgWorkspace   *workspace)
{
  g_return_if_fail (JG_IS_ENTITY_TABLE (self));
  g_return_if_fail (JG_IS_WORKSPACE (workspace));
  g_return_if_fail (self->workspace == NULL);

  self->workspace = g_object_ref (workspace);
  self->changed_handler =
    g_signal_connect (workspace, "changed",
                      G_CALLBACK (on_workspace_changed_cb), self);
  reload (self);
}

JgItemKind
jg_entity_table_get_kind (JgEntityTable *self)
{
  g_return_val_if_fail (JG_IS_ENTITY_TABLE (self), 0);

  return self->kind;
}

void
jg_entity_table_focus_search (JgEntityTable *self)
{
  g_return_if_fail (JG_IS_ENTITY_TABLE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Returns the rows as shown: filtered and sorted. */
GListModel *
jg_entity_table_get_model (JgEntityTable *self)
{
  g_return_val_if_fail (JG_IS_ENTITY_TABLE (self), NULL);

  return G_LIST_MODEL (self->selection);
}

gboolean
jg_entity_table_select_key (JgEntityTable *self,
                            const char    *key)
{
  guint position;

  g_return_val_if_fail (JG_IS_ENTITY_TABLE (self), FALSE);

  position = jg_gui_model_find_key (G_LIST_MODEL (self->selection), key);
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  return TRUE;
}
