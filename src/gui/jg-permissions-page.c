/* jg-permissions-page.c: persons, their accounts and the roles they may
 * assume. Ticking roles changes nothing until Apply stages the difference
 * in the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "jg-gui-util.h"
#include "jg-permissions-page.h"

struct _JgPermissionsPage
{
  GtkWidget           parent_instance;

  /* Template children. */
  GtkSearchEntry     *person_search;
  GtkStack           *persons_stack;
  GtkListView        *persons_view;
  GtkLabel           *persons_count;
  GtkSearchEntry     *account_search;
  GtkListView        *accounts_view;
  GtkLabel           *roles_title;
  GtkStack           *roles_stack;
  GtkListView        *roles_view;
  JgStagingPanel     *staging_panel;

  /* Owned. */
  JgWorkspace        *workspace;
  GCancellable       *cancellable;
  GListStore         *persons;
  GtkFilterListModel *persons_filtered;
  GtkSingleSelection *person_selection;
  char               *person_query;
  GListStore         *accounts;
  GtkFilterListModel *accounts_filtered;
  GtkSingleSelection *account_selection;
  char               *account_query;
  GListStore         *roles;
  char               *handle;
  char               *account_id;
  /* Partitions in which the selected person has a principal. */
  gboolean            person_partitions[JG_N_PARTITIONS];
  /* Account id to the number of the person's grants in force there. */
  GHashTable         *grant_counts;
  gboolean            persons_loaded;
  gulong              changed_handler;
};

G_DEFINE_FINAL_TYPE (JgPermissionsPage, jg_permissions_page, GTK_TYPE_WIDGET)

static void reload_roles (JgPermissionsPage *self);

static void
update_persons_count (JgPermissionsPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->persons_filtered));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->persons));
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person",
                                         "%u persons", total), total);
  else
    text = g_strdup_printf (_("%u of %u persons"), shown, total);
  gtk_label_set_text (self->persons_count, text);
}

static gboolean
person_filter_func (gpointer item,
                    gpointer user_data)
{
  JgPermissionsPage *self = user_data;

  return jg_gui_item_matches (item, self->person_query);
}

static gboolean
account_filter_func (gpointer item,
                     gpointer user_data)
{
  JgPermissionsPage *self = user_data;
  JgAccount *account = jg_item_get_value (item);

  if (self->handle == NULL || !self->person_partitions[account->partition])
    return FALSE;
  return jg_gui_item_matches (item, self->account_query);
}

static void
on_person_search_changed_cb (GtkSearchEntry    *entry,
                             JgPermissionsPage *self)
{
  GtkFilter *filter = gtk_filter_list_model_get_filter (self->persons_filtered);
  g_autofree char *query = NULL;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  query = jg_gui_fold_query (gtk_editable_get_text (GTK_EDITABLE (entry)));
  if (g_strcmp0 (query, self->person_query) == 0)
    return;

  /* Typing more letters only narrows the match, which lets the filter
   * model look at the items it still shows instead of all of them. */
  if (self->person_query != NULL && query != NULL
      && strstr (query, self->person_query) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (query == NULL || (self->person_query != NULL
                             && strstr (self->person_query, query) != NULL))
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  g_free (self->person_query);
  self->person_query = g_steal_pointer (&query);
  gtk_filter_changed (filter, change);
  update_persons_count (self);
}

static void
on_account_search_changed_cb (GtkSearchEntry    *entry,
                              JgPermissionsPage *self)
{
  GtkFilter *filter = gtk_filter_list_model_get_filter (self->accounts_filtered);

  g_free (self->account_query);
  self->account_query =
    jg_gui_fold_query (gtk_editable_get_text (GTK_EDITABLE (entry)));
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);
}

/* Reads what the selected person may reach: the partitions of their
 * principals and their grants per account. */
static void
load_person_context (JgPermissionsPage *self)
{
  JgStore *store = jg_workspace_get_store (self->workspace);
  g_autoptr(GPtrArray) principals = NULL;
  g_autoptr(GPtrArray) grants = NULL;
  g_autoptr(GError) error = NULL;

  memset (self->person_partitions, 0, sizeof self->person_partitions);
  g_hash_table_remove_all (self->grant_counts);
  if (self->handle == NULL)
    return;

  principals = jg_store_list_principals (store, self->handle, &error);
  if (principals == NULL)
    {
      jg_gui_show_error (GTK_WIDGET (self), error);
      return;
    }
  for (guint i = 0; i < principals->len; i++)
    {
      JgPrincipal *principal = principals->pdata[i];

      self->person_partitions[principal->partition] = TRUE;
    }

  grants = jg_store_list_grants (store, self->handle, NULL, &error);
  if (grants == NULL)
    {
      jg_gui_show_error (GTK_WIDGET (self), error);
      return;
    }
  for (guint i = 0; i < grants->len; i++)
    {
      JgGrant *grant = grants->pdata[i];
      g_autoptr(JgArn) arn = jg_arn_parse (grant->role_arn, NULL);
      guint count;

      if (arn == NULL)
        continue;
      count = GPOINTER_TO_UINT (g_hash_table_lookup (self->grant_counts,
                                                     arn->account_id));
      g_hash_table_replace (self->grant_counts, g_strdup (arn->account_id),
                            GUINT_TO_POINTER (count + 1));
    }
}

static void
on_person_selected_cb (GtkSingleSelection *selection,
                       GParamSpec         *pspec,
                       JgPermissionsPage  *self)
{
  JgItem *item = gtk_single_selection_get_selected_item (selection);
  const char *handle = item != NULL ? jg_item_get_key (item) : NULL;
  GtkFilter *filter;
  guint n_accounts;

  if (g_strcmp0 (handle, self->handle) == 0)
    return;

  g_free (self->handle);
  self->handle = g_strdup (handle);
  load_person_context (self);

  filter = gtk_filter_list_model_get_filter (self->accounts_filtered);
  gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);

  /* The grant counts changed for rows that stay visible. */
  n_accounts = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  g_list_model_items_changed (G_LIST_MODEL (self->accounts), 0, n_accounts,
                              n_accounts);
  reload_roles (self);
}

static void
on_account_selected_cb (GtkSingleSelection *selection,
                        GParamSpec         *pspec,
                        JgPermissionsPage  *self)
{
  JgItem *item = gtk_single_selection_get_selected_item (selection);
  const char *account_id = item != NULL ? jg_item_get_key (item) : NULL;

  if (g_strcmp0 (account_id, self->account_id) == 0)
    return;

  g_free (self->account_id);
  self->account_id = g_strdup (account_id);
  reload_roles (self);
}

/* Rebuilds the role rows of the selected person and account from the
 * store: grants in force, staged changes, and ticks equal to the state
 * after the staging area is committed. */
static void
reload_roles (JgPermissionsPage *self)
{
  JgStore *store = jg_workspace_get_store (self->workspace);
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GPtrArray) grants = NULL;
  g_autoptr(GPtrArray) staged = NULL;
  g_autoptr(GHashTable) granted = NULL;
  g_autoptr(GHashTable) pending = NULL;
  g_autoptr(GListStore) items = NULL;
  g_autoptr(JgAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  g_list_store_remove_all (self->roles);
  if (self->handle == NULL || self->account_id == NULL)
    {
      gtk_label_set_text (self->roles_title, _("Roles"));
      gtk_stack_set_visible_child_name (self->roles_stack, "empty");
      return;
    }

  account = jg_store_get_account (store, self->account_id, &error);
  roles = account != NULL
    ? jg_store_list_roles (store, self->account_id, &error) : NULL;
  grants = roles != NULL
    ? jg_store_list_grants (store, self->handle, self->account_id, &error)
    : NULL;
  staged = grants != NULL ? jg_store_list_staged (store, &error) : NULL;
  if (staged == NULL)
    {
      jg_gui_show_error (GTK_WIDGET (self), error);
      return;
    }

  granted = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < grants->len; i++)
    g_hash_table_add (granted, ((JgGrant *) grants->pdata[i])->role_arn);

  pending = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < staged->len; i++)
    {
      JgChange *change = staged->pdata[i];

      if (g_strcmp0 (change->handle, self->handle) != 0)
        continue;
      g_hash_table_insert (pending, change->role_arn,
                           GINT_TO_POINTER (change->kind == JG_CHANGE_GRANT
                                            ? JG_ITEM_PENDING_ADD
                                            : JG_ITEM_PENDING_REMOVE));
    }

  items = jg_item_store_new_from_array (JG_ITEM_ROLE, roles);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (items)); i++)
    {
      g_autoptr(JgItem) item = g_list_model_get_item (G_LIST_MODEL (items), i);
      const char *arn = jg_item_get_key (item);

      jg_item_set_granted (item, g_hash_table_contains (granted, arn));
      jg_item_set_pending (item, GPOINTER_TO_INT (g_hash_table_lookup (pending,
                                                                       arn)));
      jg_item_set_checked (item, jg_item_get_effective (item));
      g_list_store_append (self->roles, item);
    }

  title = g_strdup_printf (_("%s in %s"), self->handle, account->name);
  gtk_label_set_text (self->roles_title, title);
  gtk_stack_set_visible_child_name (self->roles_stack, "roles");
}

static void
update_role_row (GtkListItem *list_item)
{
  JgItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *check = gtk_widget_get_first_child (box);
  GtkWidget *texts = gtk_widget_get_next_sibling (check);
  GtkWidget *name = gtk_widget_get_first_child (texts);
  GtkWidget *state = gtk_widget_get_next_sibling (texts);
  gboolean checked = jg_item_get_checked (item);
  gboolean effective = jg_item_get_effective (item);
  JgItemPending pending = jg_item_get_pending (item);
  const char *text = "";
  const char *css_class = "dim-label";

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), checked);

  if (checked != effective)
    {
      text = checked ? _("Apply to grant") : _("Apply to revoke");
      css_class = "accent";
    }
  else if (pending == JG_ITEM_PENDING_ADD)
    {
      text = _("Pending add");
      css_class = "pending-add";
    }
  else if (pending == JG_ITEM_PENDING_REMOVE)
    {
      text = _("Pending remove");
      css_class = "pending-remove";
    }
  else if (jg_item_get_granted (item))
    text = _("Granted");

  gtk_label_set_text (GTK_LABEL (state), text);
  gtk_widget_set_css_classes (state, (const char *[]) { css_class, NULL });
  if (pending == JG_ITEM_PENDING_REMOVE && !checked)
    gtk_widget_add_css_class (name, "pending-remove-text");
  else
    gtk_widget_remove_css_class (name, "pending-remove-text");
}

static void
on_role_check_toggled_cb (GtkCheckButton *check,
                          GtkListItem    *list_item)
{
  JgItem *item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    jg_item_set_checked (item, gtk_check_button_get_active (check));
}

static void
on_role_item_notify_cb (JgItem      *item,
                        GParamSpec  *pspec,
                        GtkListItem *list_item)
{
  update_role_row (list_item);
}

static void
on_role_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *arn = gtk_label_new (NULL);
  GtkWidget *state = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (arn), 0);
  gtk_label_set_ellipsize (GTK_LABEL (arn), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (arn, "dim-label");
  gtk_widget_add_css_class (arn, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), arn);
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), state);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  g_signal_connect (check, "toggled", G_CALLBACK (on_role_check_toggled_cb),
                    list_item);
  gtk_list_item_set_child (list_item, box);
}

static void
on_role_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  JgItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *check = gtk_widget_get_first_child (box);
  GtkWidget *texts = gtk_widget_get_next_sibling (check);
  GtkWidget *name = gtk_widget_get_first_child (texts);
  GtkWidget *arn = gtk_widget_get_next_sibling (name);
  g_autofree char *details = NULL;
  JgRole *role;

  gtk_label_set_text (GTK_LABEL (name), jg_item_get_title (item));
  role = jg_item_get_value (item);
  details = g_strdup_printf (role->require_mfa ? _("Path %s · MFA required")
                                               : _("Path %s · MFA not "
                                                   "required"),
                             role->path);
  gtk_label_set_text (GTK_LABEL (arn), details);
  gtk_widget_set_tooltip_text (arn, role->arn);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  jg_item_get_title (item), -1);
  update_role_row (list_item);
  g_signal_connect (item, "notify", G_CALLBACK (on_role_item_notify_cb),
                    list_item);
}

static void
on_role_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  JgItem *item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    g_signal_handlers_disconnect_by_func (item, on_role_item_notify_cb,
                                          list_item);
}

static void
on_account_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *swatch = jg_gui_swatch_new ();
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), details);
  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), count);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_item_set_child (list_item, box);
}

static void
on_account_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    JgPermissionsPage        *self)
{
  JgItem *item = gtk_list_item_get_item (list_item);
  JgAccount *account = jg_item_get_value (item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *swatch = gtk_widget_get_first_child (box);
  GtkWidget *texts = gtk_widget_get_next_sibling (swatch);
  GtkWidget *name = gtk_widget_get_first_child (texts);
  GtkWidget *details = gtk_widget_get_next_sibling (name);
  GtkWidget *count = gtk_widget_get_next_sibling (texts);
  guint n_grants;
  g_autofree char *count_text = NULL;

  jg_gui_swatch_set_color (swatch, account->color);
  gtk_label_set_text (GTK_LABEL (name), account->name);
  gtk_label_set_text (GTK_LABEL (details), jg_item_get_subtitle (item));

  n_grants = GPOINTER_TO_UINT (g_hash_table_lookup (self->grant_counts,
                                                    account->id));
  if (n_grants > 0)
    count_text = g_strdup_printf ("%u", n_grants);
  gtk_label_set_text (GTK_LABEL (count), count_text != NULL ? count_text : "");
  if (n_grants > 0)
    {
      g_autofree char *tooltip =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u role granted",
                                      "%u roles granted", n_grants),
                         n_grants);

      gtk_widget_set_tooltip_text (count, tooltip);
    }
}

static void
on_persons_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  JgPermissionsPage *self = user_data;
  g_autoptr(GListStore) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint n_items;

  loaded = jg_workspace_load_finish (JG_WORKSPACE (source), result, &error);
  if (loaded == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        jg_gui_show_error (GTK_WIDGET (self), error);
      g_object_unref (self);
      return;
    }

  n_items = g_list_model_get_n_items (G_LIST_MODEL (loaded));
  items = g_ptr_array_new_full (n_items, g_object_unref);
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (loaded), i));
  g_list_store_splice (self->persons, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->persons)),
                       items->pdata, items->len);

  self->persons_loaded = TRUE;
  gtk_stack_set_visible_child_name (self->persons_stack, "list");
  update_persons_count (self);
  g_object_unref (self);
}

static void
on_accounts_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  JgPermissionsPage *self = user_data;
  g_autoptr(GListStore) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint n_items;

  loaded = jg_workspace_load_finish (JG_WORKSPACE (source), result, &error);
  if (loaded == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        jg_gui_show_error (GTK_WIDGET (self), error);
      g_object_unref (self);
      return;
    }

  n_items = g_list_model_get_n_items (G_LIST_MODEL (loaded));
  items = g_ptr_array_new_full (n_items, g_object_unref);
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (loaded), i));
  g_list_store_splice (self->accounts, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->accounts)),
                       items->pdata, items->len);
  g_object_unref (self);
}

static void
reload_all (JgPermissionsPage *self)
{
  jg_workspace_load_async (self->workspace, JG_ITEM_PERSON, self->cancellable,
                           on_persons_loaded_cb, g_object_ref (self));
  jg_workspace_load_async (self->workspace, JG_ITEM_ACCOUNT,
                           self->cancellable, on_accounts_loaded_cb,
                           g_object_ref (self));
}

static void
on_workspace_changed_cb (JgWorkspace       *workspace,
                         guint              what,
                         JgPermissionsPage *self)
{
  if (what & JG_WORKSPACE_CHANGED_ENTITIES)
    {
      /* The lists select their first rows again once they arrive. */
      g_clear_pointer (&self->handle, g_free);
      g_clear_pointer (&self->account_id, g_free);
      reload_all (self);
      return;
    }

  if (what & (JG_WORKSPACE_CHANGED_STAGING | JG_WORKSPACE_CHANGED_COMMITS))
    {
      guint n_accounts;

      load_person_context (self);
      n_accounts = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
      g_list_model_items_changed (G_LIST_MODEL (self->accounts), 0,
                                  n_accounts, n_accounts);
      reload_roles (self);
    }
}

static gboolean
select_key (GtkSingleSelection *selection,
            const char         *key)
{
  guint position = jg_gui_model_find_key (G_LIST_MODEL (selection), key);

  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_single_selection_set_selected (selection, position);
  return TRUE;
}

static void
on_select_person_activate (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  JgPermissionsPage *self = JG_PERMISSIONS_PAGE (widget);
  const char *handle = g_variant_get_string (parameter, NULL);

  if (select_key (self->person_selection, handle))
    return;

  /* The person may be hidden by the search. */
  gtk_editable_set_text (GTK_EDITABLE (self->person_search), "");
  on_person_search_changed_cb (self->person_search, self);
  if (!select_key (self->person_selection, handle))
    {
      g_autofree char *text = g_strdup_printf (_("No person with handle "
                                                 "%s"), handle);

      jg_gui_toast (widget, text);
    }
}

static void
on_select_account_activate (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  JgPermissionsPage *self = JG_PERMISSIONS_PAGE (widget);
  const char *account_id = g_variant_get_string (parameter, NULL);

  if (select_key (self->account_selection, account_id))
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->account_search), "");
  on_account_search_changed_cb (self->account_search, self);
  if (!select_key (self->account_selection, account_id))
    {
      g_autofree char *text =
        g_strdup_printf (_("Account %s is not in a partition where %s has a "
                           "principal"), account_id,
                         self->handle != NULL ? self->handle : "?");

      jg_gui_toast (widget, text);
    }
}

static void
on_toggle_role_activate (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  JgPermissionsPage *self = JG_PERMISSIONS_PAGE (widget);
  const char *arn = g_variant_get_string (parameter, NULL);
  guint position = jg_gui_model_find_key (G_LIST_MODEL (self->roles), arn);
  g_autoptr(JgItem) item = NULL;

  if (position == GTK_INVALID_LIST_POSITION)
    return;

  item = g_list_model_get_item (G_LIST_MODEL (self->roles), position);
  jg_item_set_checked (item, !jg_item_get_checked (item));
}

static void
on_reset_activate (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  JgPermissionsPage *self = JG_PERMISSIONS_PAGE (widget);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->roles));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(JgItem) item = g_list_model_get_item (G_LIST_MODEL (self->roles),
                                                      i);

      jg_item_set_checked (item, jg_item_get_effective (item));
    }
}

/* Stages the difference between the ticks and the state after the
 * staging area: a grant for each newly ticked role, a revocation for each
 * untick. Staging the opposite of a pending change cancels it in the
 * store. */
static void
on_apply_activate (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  JgPermissionsPage *self = JG_PERMISSIONS_PAGE (widget);
  JgStore *store = jg_workspace_get_store (self->workspace);
  g_autoptr(GPtrArray) grant_arns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) revoke_arns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->roles));
  guint n_changes;

  if (self->handle == NULL)
    return;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(JgItem) item = g_list_model_get_item (G_LIST_MODEL (self->roles),
                                                      i);
      gboolean checked = jg_item_get_checked (item);

      if (checked == jg_item_get_effective (item))
        continue;
      g_ptr_array_add (checked ? grant_arns : revoke_arns,
                       g_strdup (jg_item_get_key (item)));
    }

  n_changes = grant_arns->len + revoke_arns->len;
  if (n_changes == 0)
    {
      jg_gui_toast (widget, _("Nothing to apply: the ticks match the staged "
                              "state"));
      return;
    }

  g_ptr_array_add (grant_arns, NULL);
  g_ptr_array_add (revoke_arns, NULL);
  if (!jg_store_stage_changes (store, self->handle,
                               (const char *const *) grant_arns->pdata,
                               (const char *const *) revoke_arns->pdata,
                               &error))
    {
      jg_gui_show_error (widget, error);
      jg_workspace_notify_changed (self->workspace,
                                   JG_WORKSPACE_CHANGED_STAGING);
      return;
    }

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Staged %u change for %s",
                                       "Staged %u changes for %s", n_changes),
                          n_changes, self->handle);
  jg_gui_toast (widget, text);
  jg_workspace_notify_changed (self->workspace, JG_WORKSPACE_CHANGED_STAGING);
}

static void
jg_permissions_page_dispose (GObject *object)
{
  JgPermissionsPage *self = JG_PERMISSIONS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->workspace != NULL)
    g_clear_signal_handler (&self->changed_handler, self->workspace);

  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_PERMISSIONS_PAGE);
  jg_gui_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->workspace);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->person_selection);
  g_clear_object (&self->persons_filtered);
  g_clear_object (&self->persons);
  g_clear_object (&self->account_selection);
  g_clear_object (&self->accounts_filtered);
  g_clear_object (&self->accounts);
  g_clear_object (&self->roles);

  G_OBJECT_CLASS (jg_permissions_page_parent_class)->dispose (object);
}

static void
jg_permissions_page_finalize (GObject *object)
{
  JgPermissionsPage *self = JG_PERMISSIONS_PAGE (object);

  g_clear_pointer (&self->person_query, g_free);
  g_clear_pointer (&self->account_query, g_free);
  g_clear_pointer (&self->handle, g_free);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->grant_counts, g_hash_table_unref);

  G_OBJECT_CLASS (jg_permissions_page_parent_class)->finalize (object);
}

static void
jg_permissions_page_class_init (JgPermissionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_permissions_page_dispose;
  object_class->finalize = jg_permissions_page_finalize;

  g_type_ensure (JG_TYPE_STAGING_PANEL);

  gtk_widget_class_set_layout_manager_type (widget_class,
                                            GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/jumpgate/Jumpgate/jg-permissions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JgPermissionsPage,
                                        person_search);
  gtk_widget_class_bind_template_child (widget_class, JgPermissionsPage,
                                        persons_stack);
  gtk_widget_class_bind_template_child (widget_class, JgPermissionsPage,
                                        persons_view);
  gtk_widget_class_bind_template_child (widget_class, JgPermissionsPage,
                                        persons_count);
  gtk_widget_class_bind_template_child (widget_class, JgPermissionsPage,
                                        account_search);
  gtk_widget_class_bind_template_child (widget_class, JgPermissionsPage,
                                        accounts_view);
  gtk_widget_class_bind_template_child (widget_class, JgPermissionsPage,
                                        roles_title);
  gtk_widget_class_bind_template_child (widget_class, JgPermissionsPage,
                                        roles_stack);
  gtk_widget_class_bind_template_child (widget_class, JgPermissionsPage,
                                        roles_view);
  gtk_widget_class_bind_template_child (widget_class, JgPermissionsPage,
                                        staging_panel);
  gtk_widget_class_bind_template_callback (widget_class,
                                           on_person_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class,
                                           on_account_search_changed_cb);

  gtk_widget_class_install_action (widget_class, "permissions.select-person",
                                   "s", on_select_person_activate);
  gtk_widget_class_install_action (widget_class, "permissions.select-account",
                                   "s", on_select_account_activate);
  gtk_widget_class_install_action (widget_class, "permissions.toggle-role",
                                   "s", on_toggle_role_activate);
  gtk_widget_class_install_action (widget_class, "permissions.reset", NULL,
                                   on_reset_activate);
  gtk_widget_class_install_action (widget_class, "permissions.apply", NULL,
                                   on_apply_activate);
}

static void
jg_permissions_page_init (JgPermissionsPage *self)
{
  GtkListItemFactory *factory;
  GtkCustomFilter *filter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->grant_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              NULL);

  self->persons = g_list_store_new (JG_TYPE_ITEM);
  filter = gtk_custom_filter_new (person_filter_func, self, NULL);
  self->persons_filtered =
    gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->persons)),
                               GTK_FILTER (filter));
  self->person_selection =
    gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->persons_filtered)));
  g_signal_connect (self->person_selection, "notify::selected-item",
                    G_CALLBACK (on_person_selected_cb), self);
  factory = jg_gui_two_line_factory_new ();
  gtk_list_view_set_factory (self->persons_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->persons_view,
                           GTK_SELECTION_MODEL (self->person_selection));

  self->accounts = g_list_store_new (JG_TYPE_ITEM);
  filter = gtk_custom_filter_new (account_filter_func, self, NULL);
  self->accounts_filtered =
    gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->accounts)),
                               GTK_FILTER (filter));
  self->account_selection =
    gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->accounts_filtered)));
  g_signal_connect (self->account_selection, "notify::selected-item",
                    G_CALLBACK (on_account_selected_cb), self);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_account_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_account_bind_cb), self);
  gtk_list_view_set_factory (self->accounts_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->accounts_view,
                           GTK_SELECTION_MODEL (self->account_selection));

  self->roles = g_list_store_new (JG_TYPE_ITEM);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_role_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_role_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_role_unbind_cb), NULL);
  gtk_list_view_set_factory (self->roles_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->roles_view,
    GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->roles)))));

  gtk_label_set_text (self->roles_title, _("Roles"));
}

void
jg_permissions_page_set_workspace (JgPermissionsPage *self,
                                   JgWorkspace       *workspace)
{
  g_return_if_fail (JG_IS_PERMISSIONS_PAGE (self));
  g_return_if_fail (JG_IS_WORKSPACE (workspace));
  g_return_if_fail (self->workspace == NULL);

  self->workspace = g_object_ref (workspace);
  self->changed_handler =
    g_signal_connect (workspace, "changed",
                      G_CALLBACK (on_workspace_changed_cb), self);
  jg_staging_panel_set_workspace (self->staging_panel, workspace);
  reload_all (self);
}

void
jg_permissions_page_focus_search (JgPermissionsPage *self)
{
  g_return_if_fail (JG_IS_PERMISSIONS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->person_search));
}

/* Filters the person list as if TEXT were typed in the search entry. */
void
jg_permissions_page_set_search_text (JgPermissionsPage *self,
                                     const char        *text)
{
  g_return_if_fail (JG_IS_PERMISSIONS_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->person_search), text);
  on_person_search_changed_cb (self->person_search, self);
}

/* Returns whether the person list has arrived from the store. */
gboolean
jg_permissions_page_is_loaded (JgPermissionsPage *self)
{
  g_return_val_if_fail (JG_IS_PERMISSIONS_PAGE (self), FALSE);

  return self->persons_loaded;
}

/* Returns the persons that the search lets through. */
GListModel *
jg_permissions_page_get_persons (JgPermissionsPage *self)
{
  g_return_val_if_fail (JG_IS_PERMISSIONS_PAGE (self), NULL);

  return G_LIST_MODEL (self->persons_filtered);
}

/* Returns the role rows of the selected person and account. */
GListModel *
jg_permissions_page_get_roles (JgPermissionsPage *self)
{
  g_return_val_if_fail (JG_IS_PERMISSIONS_PAGE (self), NULL);

  return G_LIST_MODEL (self->roles);
}

JgStagingPanel *
jg_permissions_page_get_staging_panel (JgPermissionsPage *self)
{
  g_return_val_if_fail (JG_IS_PERMISSIONS_PAGE (self), NULL);

  return self->staging_panel;
}
