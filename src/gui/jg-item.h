/* jg-item.h: one row of a list model, wrapping one value of the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What an item's value is; the value's type follows from it. */
typedef enum
{
  JG_ITEM_JUMP_ACCOUNT,   /* JgJumpAccount */
  JG_ITEM_ACCOUNT,        /* JgAccount */
  JG_ITEM_ROLE,           /* JgRole */
  JG_ITEM_PERSON,         /* JgPerson */
  JG_ITEM_PRINCIPAL,      /* JgPrincipal */
  JG_ITEM_CHANGE,         /* JgChange */
  JG_ITEM_COMMIT,         /* JgCommit */
  JG_ITEM_ACTION,         /* JgCommitAction */
  JG_ITEM_MESSAGE,        /* JgCommitMessage */
  JG_ITEM_USER_CONFIG,    /* JgUserConfig */
  JG_ITEM_SAVED_SET,      /* JgSavedChangeset */
} JgItemKind;

/* Where a role stands for one person in the Permissions page. */
typedef enum
{
  JG_ITEM_PENDING_NONE,
  JG_ITEM_PENDING_ADD,
  JG_ITEM_PENDING_REMOVE,
} JgItemPending;

#define JG_TYPE_ITEM (jg_item_get_type ())

G_DECLARE_FINAL_TYPE (JgItem, jg_item, JG, ITEM, GObject)

GType          jg_item_kind_get_value_type (JgItemKind kind);
JgItem        *jg_item_new            (JgItemKind     kind,
                                       gpointer       value);
JgItem        *jg_item_new_copy       (JgItemKind     kind,
                                       gconstpointer  value);
JgItemKind     jg_item_get_kind       (JgItem        *self);
gpointer       jg_item_get_value      (JgItem        *self);
const char    *jg_item_get_title      (JgItem        *self);
const char    *jg_item_get_subtitle   (JgItem        *self);
const char    *jg_item_get_key        (JgItem        *self);
const char    *jg_item_get_search_text (JgItem       *self);
char          *jg_item_dup_field      (JgItem        *self,
                                       guint          column);
guint          jg_item_get_n_fields   (JgItemKind     kind);
const char    *jg_item_get_field_title (JgItemKind    kind,
                                        guint         column);

gboolean       jg_item_get_checked    (JgItem        *self);
void           jg_item_set_checked    (JgItem        *self,
                                       gboolean       checked);
gboolean       jg_item_get_granted    (JgItem        *self);
void           jg_item_set_granted    (JgItem        *self,
                                       gboolean       granted);
JgItemPending  jg_item_get_pending    (JgItem        *self);
void           jg_item_set_pending    (JgItem        *self,
                                       JgItemPending  pending);
gboolean       jg_item_get_effective  (JgItem        *self);

GListStore    *jg_item_store_new_from_array (JgItemKind  kind,
                                             GPtrArray  *values);

G_END_DECLS
