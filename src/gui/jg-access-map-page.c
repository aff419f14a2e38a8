/* jg-access-map-page.c: persons against accounts, each cell listing the
 * roles the person may assume in that account, now (with the staged
 * changes marked) or right after a past commit.
 *
 * The map is computed when the page is shown, not at start-up, because
 * it reads every grant.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "jg-access-map-page.h"
#include "jg-gui-util.h"

typedef struct
{
  char          *role_name;
  JgItemPending  pending;
} CellEntry;

struct _JgAccessMapPage
{
  GtkWidget           parent_instance;

  /* Template children. */
  GtkSearchEntry     *person_search;
  GtkSearchEntry     *account_search;
  GtkDropDown        *environment_dropdown;
  GtkDropDown        *point_dropdown;
  GtkColumnView      *grid;
  GtkLabel           *status_label;

  /* Owned. */
  JgWorkspace        *workspace;
  GListStore         *persons;
  GtkFilterListModel *persons_filtered;
  GListStore         *accounts;
  /* "HANDLE\nACCOUNT-ID" to a GPtrArray of CellEntry. */
  GHashTable         *cells;
  GtkStringList      *environments;
  GtkStringList      *points;
  GArray             *point_commits;    /* gint64; 0 is now */
  gint64              commit_id;        /* 0: now */
  char               *person_query;
  char               *account_query;
  char               *environment;      /* NULL: all */
  guint               n_account_columns;
  guint               n_matching_accounts;
  gboolean            dirty;
  gboolean            updating_dropdowns;
  gulong              changed_handler;
};

G_DEFINE_FINAL_TYPE (JgAccessMapPage, jg_access_map_page, GTK_TYPE_WIDGET)

static void
cell_entry_free (CellEntry *entry)
{
  g_free (entry->role_name);
  g_free (entry);
}

static char *
cell_key (const char *handle,
          const char *account_id)
{
  return g_strconcat (handle, "\n", account_id, NULL);
}

static void
add_cell_entry (JgAccessMapPage *self,
                const char      *handle,
                const char      *role_arn,
                JgItemPending    pending)
{
  g_autoptr(JgArn) arn = jg_arn_parse (role_arn, NULL);
  g_autofree char *key = NULL;
  GPtrArray *entries;
  CellEntry *entry;

  if (arn == NULL)
    return;

  key = cell_key (handle, arn->account_id);
  entries = g_hash_table_lookup (self->cells, key);
  if (entries == NULL)
    {
      entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cell_entry_free);
      g_hash_table_insert (self->cells, g_steal_pointer (&key), entries);
    }

  for (guint i = 0; i < entries->len; i++)
    {
      entry = entries->pdata[i];
      if (g_strcmp0 (entry->role_name, arn->name) == 0)
        {
          entry->pending = pending;
          return;
        }
    }

  entry = g_new0 (CellEntry, 1);
  entry->role_name = g_strdup (arn->name);
  entry->pending = pending;
  g_ptr_array_add (entries, entry);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const CellEntry *entry_a = *(const CellEntry **) a;
  const CellEntry *entry_b = *(const CellEntry **) b;

  return g_strcmp0 (entry_a->role_name, entry_b->role_name);
}

/* Returns the cell as text: granted roles by name, pending additions with
 * a "+", pending removals with a "−"; with MARKUP, removals are struck
 * through and additions bold. */
static char *
format_cell (JgAccessMapPage *self,
             const char      *handle,
             const char      *account_id,
             gboolean         markup)
{
  g_autofree char *key = cell_key (handle, account_id);
  GPtrArray *entries = g_hash_table_lookup (self->cells, key);
  g_autoptr(GString) text = g_string_new (NULL);

  if (entries == NULL)
    return g_strdup ("");

  g_ptr_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len; i++)
    {
      CellEntry *entry = entries->pdata[i];
      g_autofree char *name = markup
        ? g_markup_escape_text (entry->role_name, -1)
        : g_strdup (entry->role_name);

      if (i > 0)
        g_string_append (text, ", ");
      switch (entry->pending)
        {
        case JG_ITEM_PENDING_ADD:
          g_string_append_printf (text, markup ? "<b>+%s</b>" : "+%s", name);
          break;
        case JG_ITEM_PENDING_REMOVE:
          /* U+2212 MINUS SIGN */
          g_string_append_printf (text, markup ? "<s>\u2212%s</s>"
                                               : "\u2212%s", name);
          break;
        case JG_ITEM_PENDING_NONE:
        default:
          g_string_append (text, name);
          break;
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
person_filter_func (gpointer item,
                    gpointer user_data)
{
  JgAccessMapPage *self = user_data;

  return jg_gui_item_matches (item, self->person_query);
}

static gboolean
account_matches (JgAccessMapPage *self,
                 JgItem          *item)
{
  JgAccount *account = jg_item_get_value (item);

  if (self->environment != NULL
      && g_strcmp0 (account->environment, self->environment) != 0)
    return FALSE;
  return jg_gui_item_matches (item, self->account_query);
}

static void
on_person_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (list_item, label);
}

static void
on_person_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  JgItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  gtk_label_set_text (GTK_LABEL (label), jg_item_get_key (item));
  gtk_widget_set_tooltip_text (label, jg_item_get_title (item));
}

static void
on_cell_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "map-cell");
  gtk_list_item_set_child (list_item, label);
}

typedef struct
{
  JgAccessMapPage *page;
  char            *account_id;
} CellColumn;

static void
cell_column_free (gpointer  data,
                  GClosure *closure)
{
  CellColumn *column = data;

  g_free (column->account_id);
  g_free (column);
}

static void
on_cell_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 CellColumn               *column)
{
  JgItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *markup = format_cell (column->page, jg_item_get_key (item),
                                         column->account_id, TRUE);

  gtk_label_set_markup (GTK_LABEL (label), markup);
}

static void
remove_columns (JgAccessMapPage *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->grid);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->grid, column);
    }
}

static void
update_status (JgAccessMapPage *self)
{
  g_autofree char *text = NULL;
  guint n_persons = g_list_model_get_n_items (G_LIST_MODEL (self->persons_filtered));

  if (self->n_matching_accounts > self->n_account_columns)
    text = g_strdup_printf (_("%u persons; showing %u of %u matching "
                              "accounts: filter by account or environment "
                              "to see the others. +Role is a staged grant, "
                              "\u2212Role a staged revocation."),
                            n_persons, self->n_account_columns,
                            self->n_matching_accounts);
  else
    text = g_strdup_printf (_("%u persons, %u accounts. +Role is a staged "
                              "grant, \u2212Role a staged revocation."),
                            n_persons, self->n_account_columns);
  gtk_label_set_text (self->status_label, text);
}

/* Rebuilds the columns: the person, then one per matching account. */
static void
rebuild_columns (JgAccessMapPage *self)
{
  g_autoptr(GtkListItemFactory) person_factory = NULL;
  g_autoptr(GtkColumnViewColumn) person_column = NULL;
  guint n_accounts = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));

  remove_columns (self);
  self->n_account_columns = 0;
  self->n_matching_accounts = 0;

  person_factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (person_factory, "setup", G_CALLBACK (on_person_setup_cb),
                    NULL);
  g_signal_connect (person_factory, "bind", G_CALLBACK (on_person_bind_cb),
                    NULL);
  person_column = gtk_column_view_column_new (_("Person"),
                                              g_steal_pointer (&person_factory));
  gtk_column_view_column_set_resizable (person_column, TRUE);
  gtk_column_view_append_column (self->grid, person_column);

  for (guint i = 0; i < n_accounts; i++)
    {
      g_autoptr(JgItem) item = g_list_model_get_item (G_LIST_MODEL (self->accounts),
                                                      i);
      JgAccount *account = jg_item_get_value (item);
      g_autoptr(GtkListItemFactory) factory = NULL;
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autofree char *title = NULL;
      CellColumn *cell_column;

      if (!account_matches (self, item))
        continue;
      self->n_matching_accounts++;
      if (self->n_account_columns >= JG_ACCESS_MAP_MAX_COLUMNS)
        continue;

      cell_column = g_new0 (CellColumn, 1);
      cell_column->page = self;
      cell_column->account_id = g_strdup (account->id);
      factory = gtk_signal_list_item_factory_new ();
      g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup_cb), NULL);
      g_signal_connect_data (factory, "bind", G_CALLBACK (on_cell_bind_cb),
                             cell_column, cell_column_free, 0);

      if (account->environment != NULL && *account->environment != '\0')
        title = g_strdup_printf ("%s (%s)", account->name,
                                 account->environment);
      else
        title = g_strdup (account->name);
      column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->grid, column);
      self->n_account_columns++;
    }

  update_status (self);
}

static void
fill_dropdowns (JgAccessMapPage *self,
                GPtrArray       *commits)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_accounts = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  guint selected_point = 0;
  guint selected_environment = 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  self->updating_dropdowns = TRUE;

  gtk_string_list_splice (self->environments, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->environments)),
                          NULL);
  gtk_string_list_append (self->environments, _("All environments"));
  for (guint i = 0; i < n_accounts; i++)
    {
      g_autoptr(JgItem) item = g_list_model_get_item (G_LIST_MODEL (self->accounts),
                                                      i);
      JgAccount *account = jg_item_get_value (item);

      if (account->environment == NULL || *account->environment == '\0'
          || g_hash_table_contains (seen, account->environment))
        continue;
      g_hash_table_add (seen, account->environment);
      g_ptr_array_add (names, g_strdup (account->environment));
    }
  g_ptr_array_sort (names, (GCompareFunc) jg_gui_compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      gtk_string_list_append (self->environments, names->pdata[i]);
      if (g_strcmp0 (names->pdata[i], self->environment) == 0)
        selected_environment = i + 1;
    }
  gtk_drop_down_set_selected (self->environment_dropdown, selected_environment);
  if (selected_environment == 0)
    g_clear_pointer (&self->environment, g_free);

  gtk_string_list_splice (self->points, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->points)),
                          NULL);
  g_array_set_size (self->point_commits, 0);
  gtk_string_list_append (self->points, _("Now, with staged changes"));
  g_array_append_val (self->point_commits, (gint64) { 0 });
  for (guint i = commits->len; i > 0; i--)
    {
      JgCommit *commit = commits->pdata[i - 1];
      g_autofree char *time = jg_gui_format_time (commit->created_at);
      g_autofree char *label = g_strdup_printf (_("After commit %" PRId64
                                                  " (%s)"), commit->id, time);

      gtk_string_list_append (self->points, label);
      g_array_append_val (self->point_commits, commit->id);
      if (commit->id == self->commit_id)
        selected_point = self->point_commits->len - 1;
    }
  gtk_drop_down_set_selected (self->point_dropdown, selected_point);
  if (selected_point == 0)
    self->commit_id = 0;

  self->updating_dropdowns = FALSE;
}

/* Reads persons, accounts, commits and grants from the store and rebuilds
 * the map. */
void
jg_access_map_page_reload (JgAccessMapPage *self)
{
  JgStore *store;
  g_autoptr(GPtrArray) persons = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) commits = NULL;
  g_autoptr(GPtrArray) grants = NULL;
  g_autoptr(GPtrArray) staged = NULL;
  g_autoptr(GListStore) person_items = NULL;
  g_autoptr(GListStore) account_items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) array = NULL;
  guint n_items;

  g_return_if_fail (JG_IS_ACCESS_MAP_PAGE (self));

  if (self->workspace == NULL)
    return;
  store = jg_workspace_get_store (self->workspace);
  self->dirty = FALSE;

  persons = jg_store_list_persons (store, &error);
  accounts = persons != NULL ? jg_store_list_accounts (store, &error) : NULL;
  commits = accounts != NULL ? jg_store_list_commits (store, &error) : NULL;
  if (commits == NULL)
    {
      jg_gui_show_error (GTK_WIDGET (self), error);
      return;
    }

  account_items = jg_item_store_new_from_array (JG_ITEM_ACCOUNT, accounts);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (account_items));
  g_list_store_remove_all (self->accounts);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(JgItem) item = g_list_model_get_item (G_LIST_MODEL (account_items),
                                                      i);

      g_list_store_append (self->accounts, item);
    }
  fill_dropdowns (self, commits);

  if (self->commit_id > 0)
    grants = jg_store_list_grants_at_commit (store, self->commit_id, NULL,
                                             NULL, &error);
  else
    grants = jg_store_list_grants (store, NULL, NULL, &error);
  if (grants != NULL && self->commit_id == 0)
    staged = jg_store_list_staged (store, &error);
  if (grants == NULL || (self->commit_id == 0 && staged == NULL))
    {
      jg_gui_show_error (GTK_WIDGET (self), error);
      return;
    }

  g_hash_table_remove_all (self->cells);
  for (guint i = 0; i < grants->len; i++)
    {
      JgGrant *grant = grants->pdata[i];

      add_cell_entry (self, grant->handle, grant->role_arn,
                      JG_ITEM_PENDING_NONE);
    }
  for (guint i = 0; staged != NULL && i < staged->len; i++)
    {
      JgChange *change = staged->pdata[i];

      add_cell_entry (self, change->handle, change->role_arn,
                      change->kind == JG_CHANGE_GRANT ? JG_ITEM_PENDING_ADD
                                                      : JG_ITEM_PENDING_REMOVE);
    }

  person_items = jg_item_store_new_from_array (JG_ITEM_PERSON, persons);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (person_items));
  array = g_ptr_array_new_full (n_items, g_object_unref);
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (array, g_list_model_get_item (G_LIST_MODEL (person_items),
                                                   i));
  g_list_store_splice (self->persons, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->persons)),
                       array->pdata, array->len);

  rebuild_columns (self);
}

static void
on_person_search_changed_cb (GtkSearchEntry  *entry,
                             JgAccessMapPage *self)
{
  g_free (self->person_query);
  self->person_query =
    jg_gui_fold_query (gtk_editable_get_text (GTK_EDITABLE (entry)));
  gtk_filter_changed (gtk_filter_list_model_get_filter (self->persons_filtered),
                      GTK_FILTER_CHANGE_DIFFERENT);
  update_status (self);
}

static void
on_account_search_changed_cb (GtkSearchEntry  *entry,
                              JgAccessMapPage *self)
{
  g_free (self->account_query);
  self->account_query =
    jg_gui_fold_query (gtk_editable_get_text (GTK_EDITABLE (entry)));
  rebuild_columns (self);
}

static void
on_environment_selected_cb (GtkDropDown     *dropdown,
                            GParamSpec      *pspec,
                            JgAccessMapPage *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating_dropdowns)
    return;

  g_clear_pointer (&self->environment, g_free);
  if (selected > 0 && selected != GTK_INVALID_LIST_POSITION)
    self->environment =
      g_strdup (gtk_string_list_get_string (self->environments, selected));
  rebuild_columns (self);
}

static void
on_point_selected_cb (GtkDropDown     *dropdown,
                      GParamSpec      *pspec,
                      JgAccessMapPage *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating_dropdowns || selected >= self->point_commits->len)
    return;

  self->commit_id = g_array_index (self->point_commits, gint64, selected);
  jg_access_map_page_reload (self);
}

static void
on_workspace_changed_cb (JgWorkspace     *workspace,
                         guint            what,
                         JgAccessMapPage *self)
{
  self->dirty = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    jg_access_map_page_reload (self);
}

static void
jg_access_map_page_map (GtkWidget *widget)
{
  JgAccessMapPage *self = JG_ACCESS_MAP_PAGE (widget);

  GTK_WIDGET_CLASS (jg_access_map_page_parent_class)->map (widget);

  if (self->dirty)
    jg_access_map_page_reload (self);
}

static void
jg_access_map_page_dispose (GObject *object)
{
  JgAccessMapPage *self = JG_ACCESS_MAP_PAGE (object);

  if (self->workspace != NULL)
    g_clear_signal_handler (&self->changed_handler, self->workspace);

  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_ACCESS_MAP_PAGE);
  jg_gui_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->workspace);
  g_clear_object (&self->persons_filtered);
  g_clear_object (&self->persons);
  g_clear_object (&self->accounts);
  g_clear_object (&self->environments);
  g_clear_object (&self->points);

  G_OBJECT_CLASS (jg_access_map_page_parent_class)->dispose (object);
}

static void
jg_access_map_page_finalize (GObject *object)
{
  JgAccessMapPage *self = JG_ACCESS_MAP_PAGE (object);

  g_clear_pointer (&self->cells, g_hash_table_unref);
  g_clear_pointer (&self->point_commits, g_array_unref);
  g_clear_pointer (&self->person_query, g_free);
  g_clear_pointer (&self->account_query, g_free);
  g_clear_pointer (&self->environment, g_free);

  G_OBJECT_CLASS (jg_access_map_page_parent_class)->finalize (object);
}

static void
jg_access_map_page_class_init (JgAccessMapPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_access_map_page_dispose;
  object_class->finalize = jg_access_map_page_finalize;
  widget_class->map = jg_access_map_page_map;

  gtk_widget_class_set_layout_manager_type (widget_class,
                                            GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/jumpgate/Jumpgate/jg-access-map-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JgAccessMapPage,
                                        person_search);
  gtk_widget_class_bind_template_child (widget_class, JgAccessMapPage,
                                        account_search);
  gtk_widget_class_bind_template_child (widget_class, JgAccessMapPage,
                                        environment_dropdown);
  gtk_widget_class_bind_template_child (widget_class, JgAccessMapPage,
                                        point_dropdown);
  gtk_widget_class_bind_template_child (widget_class, JgAccessMapPage, grid);
  gtk_widget_class_bind_template_child (widget_class, JgAccessMapPage,
                                        status_label);
  gtk_widget_class_bind_template_callback (widget_class,
                                           on_person_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class,
                                           on_account_search_changed_cb);
}

static void
jg_access_map_page_init (JgAccessMapPage *self)
{
  GtkCustomFilter *filter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->point_commits = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->dirty = TRUE;

  self->persons = g_list_store_new (JG_TYPE_ITEM);
  self->accounts = g_list_store_new (JG_TYPE_ITEM);
  filter = gtk_custom_filter_new (person_filter_func, self, NULL);
  self->persons_filtered =
    gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->persons)),
                               GTK_FILTER (filter));
  gtk_column_view_set_model (self->grid,
    GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->persons_filtered)))));

  self->environments = gtk_string_list_new (NULL);
  self->points = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->environment_dropdown,
                           G_LIST_MODEL (self->environments));
  gtk_drop_down_set_model (self->point_dropdown, G_LIST_MODEL (self->points));
  g_signal_connect (self->environment_dropdown, "notify::selected",
                    G_CALLBACK (on_environment_selected_cb), self);
  g_signal_connect (self->point_dropdown, "notify::selected",
                    G_CALLBACK (on_point_selected_cb), self);
}

void
jg_access_map_page_set_workspace (JgAccessMapPage *self,
                                  JgWorkspace     *workspace)
{
  g_return_if_fail (JG_IS_ACCESS_MAP_PAGE (self));
  g_return_if_fail (JG_IS_WORKSPACE (workspace));
  g_return_if_fail (self->workspace == NULL);

  self->workspace = g_object_ref (workspace);
  self->changed_handler =
    g_signal_connect (workspace, "changed",
                      G_CALLBACK (on_workspace_changed_cb), self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    jg_access_map_page_reload (self);
}

void
jg_access_map_page_focus_search (JgAccessMapPage *self)
{
  g_return_if_fail (JG_IS_ACCESS_MAP_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->person_search));
}

/* Shows access right after COMMIT_ID, or now for 0. */
void
jg_access_map_page_set_commit (JgAccessMapPage *self,
                               gint64           commit_id)
{
  g_return_if_fail (JG_IS_ACCESS_MAP_PAGE (self));

  self->commit_id = commit_id;
  jg_access_map_page_reload (self);
}

/* Sets the filters as if typed; NULL leaves one unchanged, "" clears
 * it. ENVIRONMENT must be one of the accounts' environments. */
void
jg_access_map_page_set_filters (JgAccessMapPage *self,
                                const char      *person,
                                const char      *account,
                                const char      *environment)
{
  g_return_if_fail (JG_IS_ACCESS_MAP_PAGE (self));

  if (person != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->person_search), person);
      on_person_search_changed_cb (self->person_search, self);
    }
  if (account != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->account_search), account);
      on_account_search_changed_cb (self->account_search, self);
    }
  if (environment != NULL)
    {
      guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->environments));
      guint selected = 0;

      for (guint i = 1; i < n_items; i++)
        if (g_strcmp0 (gtk_string_list_get_string (self->environments, i),
                       environment) == 0)
          selected = i;
      gtk_drop_down_set_selected (self->environment_dropdown, selected);
    }
}

/* Returns the persons shown as rows. */
GListModel *
jg_access_map_page_get_rows (JgAccessMapPage *self)
{
  g_return_val_if_fail (JG_IS_ACCESS_MAP_PAGE (self), NULL);

  return G_LIST_MODEL (self->persons_filtered);
}

/* Returns the number of account columns shown. */
guint
jg_access_map_page_get_n_columns (JgAccessMapPage *self)
{
  g_return_val_if_fail (JG_IS_ACCESS_MAP_PAGE (self), 0);

  return self->n_account_columns;
}

/* Returns the text of one cell without markup, for example
 * "Developer, +Admin, −ReadOnly". */
char *
jg_access_map_page_dup_cell_text (JgAccessMapPage *self,
                                  const char      *handle,
                                  const char      *account_id)
{
  g_return_val_if_fail (JG_IS_ACCESS_MAP_PAGE (self), NULL);

  return format_cell (self, handle, account_id, FALSE);
}
