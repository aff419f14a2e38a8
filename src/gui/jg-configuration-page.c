/* jg-configuration-page.c: partitions, accounts, roles, persons and
 * principals, each in its own table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "jg-configuration-page.h"
#include "jg-gui-util.h"

struct _JgConfigurationPage
{
  GtkWidget      parent_instance;

  /* Template children. */
  GtkStack      *stack;
  JgEntityTable *partitions_table;
  JgEntityTable *accounts_table;
  JgEntityTable *roles_table;
  JgEntityTable *persons_table;
  JgEntityTable *principals_table;
};

G_DEFINE_FINAL_TYPE (JgConfigurationPage, jg_configuration_page,
                     GTK_TYPE_WIDGET)

static void
jg_configuration_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object),
                               JG_TYPE_CONFIGURATION_PAGE);
  jg_gui_unparent_children (GTK_WIDGET (object));

  G_OBJECT_CLASS (jg_configuration_page_parent_class)->dispose (object);
}

static void
jg_configuration_page_class_init (JgConfigurationPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_configuration_page_dispose;

  g_type_ensure (JG_TYPE_ENTITY_TABLE);

  gtk_widget_class_set_layout_manager_type (widget_class,
                                            GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/jumpgate/Jumpgate/jg-configuration-page.ui");
  gtk_widget_class_bind_template_child (widget_class, JgConfigurationPage,
                                        stack);
  gtk_widget_class_bind_template_child (widget_class, JgConfigurationPage,
                                        partitions_table);
  gtk_widget_class_bind_template_child (widget_class, JgConfigurationPage,
                                        accounts_table);
  gtk_widget_class_bind_template_child (widget_class, JgConfigurationPage,
                                        roles_table);
  gtk_widget_class_bind_template_child (widget_class, JgConfigurationPage,
                                        persons_table);
  gtk_widget_class_bind_template_child (widget_class, JgConfigurationPage,
                                        principals_table);
}

static void
jg_configuration_page_init (JgConfigurationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The .ui file sets the kinds by number; catch a reordered enum. */
  g_assert (jg_entity_table_get_kind (self->partitions_table)
            == JG_ITEM_JUMP_ACCOUNT);
  g_assert (jg_entity_table_get_kind (self->accounts_table) == JG_ITEM_ACCOUNT);
  g_assert (jg_entity_table_get_kind (self->roles_table) == JG_ITEM_ROLE);
  g_assert (jg_entity_table_get_kind (self->persons_table) == JG_ITEM_PERSON);
  g_assert (jg_entity_table_get_kind (self->principals_table)
            == JG_ITEM_PRINCIPAL);

  /* Accounts change most often; partitions are set up once. */
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->accounts_table));
}

void
jg_configuration_page_set_workspace (JgConfigurationPage *self,
                                     JgWorkspace         *workspace)
{
  g_return_if_fail (JG_IS_CONFIGURATION_PAGE (self));

  jg_entity_table_set_workspace (self->partitions_table, workspace);
  jg_entity_table_set_workspace (self->accounts_table, workspace);
  jg_entity_table_set_workspace (self->roles_table, workspace);
  jg_entity_table_set_workspace (self->persons_table, workspace);
  jg_entity_table_set_workspace (self->principals_table, workspace);
}

void
jg_configuration_page_focus_search (JgConfigurationPage *self)
{
  GtkWidget *visible;

  g_return_if_fail (JG_IS_CONFIGURATION_PAGE (self));

  visible = gtk_stack_get_visible_child (self->stack);
  if (JG_IS_ENTITY_TABLE (visible))
    jg_entity_table_focus_search (JG_ENTITY_TABLE (visible));
}

JgEntityTable *
jg_configuration_page_get_table (JgConfigurationPage *self,
                                 JgItemKind           kind)
{
  g_return_val_if_fail (JG_IS_CONFIGURATION_PAGE (self), NULL);

  switch (kind)
    {
    case JG_ITEM_JUMP_ACCOUNT:
      return self->partitions_table;
    case JG_ITEM_ACCOUNT:
      return self->accounts_table;
    case JG_ITEM_ROLE:
      return self->roles_table;
    case JG_ITEM_PERSON:
      return self->persons_table;
    case JG_ITEM_PRINCIPAL:
      return self->principals_table;
    default:
      g_return_val_if_reached (NULL);
    }
}

void
jg_configuration_page_show_table (JgConfigurationPage *self,
                                  JgItemKind           kind)
{
  JgEntityTable *table = jg_configuration_page_get_table (self, kind);

  if (table != NULL)
    gtk_stack_set_visible_child (self->stack, GTK_WIDGET (table));
}
