/* jg-item.c: one row of a list model, wrapping one value of the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>

#include "core/jg-core.h"
#include "jg-item.h"

struct _JgItem
{
  GObject        parent_instance;

  JgItemKind     kind;
  gpointer       value;
  char          *key;
  char          *title;
  char          *subtitle;
  char          *search_text;

  gboolean       checked;
  gboolean       granted;
  JgItemPending  pending;
};

G_DEFINE_FINAL_TYPE (JgItem, jg_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_CHECKED,
  PROP_GRANTED,
  PROP_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Returns the boxed type of the values of KIND. */
GType
jg_item_kind_get_value_type (JgItemKind kind)
{
  switch (kind)
    {
    case JG_ITEM_JUMP_ACCOUNT:
      return jg_jump_account_get_type ();
    case JG_ITEM_ACCOUNT:
      return jg_account_get_type ();
    case JG_ITEM_ROLE:
      return jg_role_get_type ();
    case JG_ITEM_PERSON:
      return jg_person_get_type ();
    case JG_ITEM_PRINCIPAL:
      return jg_principal_get_type ();
    case JG_ITEM_CHANGE:
      return jg_change_get_type ();
    case JG_ITEM_COMMIT:
      return jg_commit_get_type ();
    case JG_ITEM_ACTION:
      return jg_commit_action_get_type ();
    case JG_ITEM_MESSAGE:
      return jg_commit_message_get_type ();
    case JG_ITEM_USER_CONFIG:
      return jg_user_config_get_type ();
    case JG_ITEM_SAVED_SET:
      return jg_saved_changeset_get_type ();
    default:
      g_assert_not_reached ();
    }
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

/* Fills key, title and subtitle from the value. */
static void
describe (JgItem *self)
{
  switch (self->kind)
    {
    case JG_ITEM_JUMP_ACCOUNT:
      {
        JgJumpAccount *jump = self->value;

        self->key = g_strdup (jg_partition_to_string (jump->partition));
        self->title = g_strdup (jg_partition_display_name (jump->partition));
        self->subtitle = g_strdup (jump->account_id);
        break;
      }

    case JG_ITEM_ACCOUNT:
      {
        JgAccount *account = self->value;

        self->key = g_strdup (account->id);
        self->title = g_strdup (account->name);
        if (account->environment != NULL && *account->environment != '\0')
          self->subtitle = g_strdup_printf ("%s · %s", account->id,
                                            account->environment);
        else
          self->subtitle = g_strdup (account->id);
        break;
      }

    case JG_ITEM_ROLE:
      {
        JgRole *role = self->value;

        self->key = g_strdup (role->arn);
        self->title = g_strdup (role->name);
        self->subtitle = g_strdup (role->arn);
        break;
      }

    case JG_ITEM_PERSON:
      {
        JgPerson *person = self->value;

        self->key = g_strdup (person->handle);
        self->title = g_strdup (person->name);
        self->subtitle = g_strdup (person->handle);
        break;
      }

    case JG_ITEM_PRINCIPAL:
      {
        JgPrincipal *principal = self->value;

        self->key = g_strdup (principal->arn);
        self->title = g_strdup (principal->user_name);
        self->subtitle = g_strdup (principal->arn);
        break;
      }

    case JG_ITEM_CHANGE:
      {
        JgChange *change = self->value;

        self->key = g_strdup_printf ("%" G_GINT64_FORMAT, change->id);
        self->title = g_strdup (change->role_arn);
        self->subtitle = g_strdup (change->kind == JG_CHANGE_GRANT
                                   ? _("Grant") : _("Revoke"));
        break;
      }

    case JG_ITEM_COMMIT:
      {
        JgCommit *commit = self->value;

        self->key = g_strdup_printf ("%" G_GINT64_FORMAT, commit->id);
        self->title = g_strdup (commit->comment);
        self->subtitle = format_time (commit->created_at);
        break;
      }

    case JG_ITEM_ACTION:
      {
        JgCommitAction *action = self->value;

        self->key = g_strdup_printf ("%" G_GINT64_FORMAT, action->id);
        self->title = g_strdup (action->operation);
        self->subtitle = g_strdup (action->target_arn);
        break;
      }

    case JG_ITEM_MESSAGE:
      {
        JgCommitMessage *message = self->value;

        self->key = g_strdup_printf ("%" G_GINT64_FORMAT, message->id);
        self->title = g_strdup (message->text);
        self->subtitle = format_time (message->at);
        break;
      }

    case JG_ITEM_USER_CONFIG:
      {
        JgUserConfig *config = self->value;

        self->key = g_strdup_printf ("%s %s", config->handle, config->format);
        self->title = g_strdup (config->handle);
        self->subtitle = g_strdup (g_strcmp0 (config->format, "aesr") == 0
                                   ? _("AWS Extend Switch Roles")
                                   : _("AWS CLI"));
        break;
      }

    case JG_ITEM_SAVED_SET:
      {
        JgSavedChangeset *saved = self->value;
        g_autofree char *time = format_time (saved->created_at);

        self->key = g_strdup (saved->name);
        self->title = g_strdup (saved->name);
        self->subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "%u change, saved %s",
                                                       "%u changes, saved %s",
                                                       saved->n_changes),
                                          saved->n_changes, time);
        break;
      }

    default:
      g_assert_not_reached ();
    }

  if (self->title == NULL)
    self->title = g_strdup ("");
  if (self->subtitle == NULL)
    self->subtitle = g_strdup ("");
}

static void
jg_item_finalize (GObject *object)
{
  JgItem *self = JG_ITEM (object);

  if (self->value != NULL)
    g_boxed_free (jg_item_kind_get_value_type (self->kind), self->value);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->search_text, g_free);

  G_OBJECT_CLASS (jg_item_parent_class)->finalize (object);
}

static void
jg_item_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  JgItem *self = JG_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_CHECKED:
      g_value_set_boolean (value, self->checked);
      break;
    case PROP_GRANTED:
      g_value_set_boolean (value, self->granted);
      break;
    case PROP_PENDING:
      g_value_set_int (value, self->pending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jg_item_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  JgItem *self = JG_ITEM (object);

  switch (prop_id)
    {
    case PROP_CHECKED:
      jg_item_set_checked (self, g_value_get_boolean (value));
      break;
    case PROP_GRANTED:
      jg_item_set_granted (self, g_value_get_boolean (value));
      break;
    case PROP_PENDING:
      jg_item_set_pending (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
jg_item_class_init (JgItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jg_item_finalize;
  object_class->get_property = jg_item_get_property;
  object_class->set_property = jg_item_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* What the user ticked in the Permissions page, not yet staged. */
  properties[PROP_CHECKED] =
    g_param_spec_boolean ("checked", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                          | G_PARAM_EXPLICIT_NOTIFY);
  /* Whether the grant is in force now. */
  properties[PROP_GRANTED] =
    g_param_spec_boolean ("granted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                          | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PENDING] =
    g_param_spec_int ("pending", NULL, NULL,
                      JG_ITEM_PENDING_NONE, JG_ITEM_PENDING_REMOVE,
                      JG_ITEM_PENDING_NONE,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                      | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
jg_item_init (JgItem *self)
{
}

/* Takes ownership of VALUE, a boxed value of the kind's type. */
JgItem *
jg_item_new (JgItemKind kind,
             gpointer   value)
{
  JgItem *self;

  g_return_val_if_fail (value != NULL, NULL);

  self = g_object_new (JG_TYPE_ITEM, NULL);
  self->kind = kind;
  self->value = value;
  describe (self);

  return self;
}

JgItem *
jg_item_new_copy (JgItemKind    kind,
                  gconstpointer value)
{
  g_return_val_if_fail (value != NULL, NULL);

  return jg_item_new (kind, g_boxed_copy (jg_item_kind_get_value_type (kind), value));
}

JgItemKind
jg_item_get_kind (JgItem *self)
{
  g_return_val_if_fail (JG_IS_ITEM (self), 0);

  return self->kind;
}

gpointer
jg_item_get_value (JgItem *self)
{
  g_return_val_if_fail (JG_IS_ITEM (self), NULL);

  return self->value;
}

/* Returns the value's identity: handle, account id, ARN or row id. */
const char *
jg_item_get_key (JgItem *self)
{
  g_return_val_if_fail (JG_IS_ITEM (self), NULL);

  return self->key;
}

const char *
jg_item_get_title (JgItem *self)
{
  g_return_val_if_fail (JG_IS_ITEM (self), NULL);

  return self->title;
}

const char *
jg_item_get_subtitle (JgItem *self)
{
  g_return_val_if_fail (JG_IS_ITEM (self), NULL);

  return self->subtitle;
}

/* Returns every displayed field, case-folded and joined by newlines, for
 * search filters. Computed once, on first use. */
const char *
jg_item_get_search_text (JgItem *self)
{
  g_return_val_if_fail (JG_IS_ITEM (self), NULL);

  if (self->search_text == NULL)
    {
      g_autoptr(GString) text = g_string_new (self->key);
      guint n_fields = jg_item_get_n_fields (self->kind);
      g_autofree char *folded = NULL;

      g_string_append_c (text, '\n');
      g_string_append (text, self->title);
      g_string_append_c (text, '\n');
      g_string_append (text, self->subtitle);
      for (guint i = 0; i < n_fields; i++)
        {
          g_autofree char *field = jg_item_dup_field (self, i);

          g_string_append_c (text, '\n');
          g_string_append (text, field);
        }

      self->search_text = g_utf8_casefold (text->str, text->len);
    }

  return self->search_text;
}

guint
jg_item_get_n_fields (JgItemKind kind)
{
  switch (kind)
    {
    case JG_ITEM_JUMP_ACCOUNT:
      return 4;
    case JG_ITEM_ACCOUNT:
      return 7;
    case JG_ITEM_ROLE:
      return 5;
    case JG_ITEM_PERSON:
      return 3;
    case JG_ITEM_PRINCIPAL:
      return 6;
    default:
      return 0;
    }
}

/* Returns the column title of field COLUMN of the Configuration page's
 * table of KIND. */
const char *
jg_item_get_field_title (JgItemKind kind,
                         guint      column)
{
  static const char *jump[] = {
    N_("Partition"), N_("Jump account"), N_("Region"), N_("Alias"),
  };
  static const char *account[] = {
    N_("Name"), N_("Account ID"), N_("Partition"), N_("Environment"),
    N_("Colour"), N_("Admin role"), N_("Trust policy limit"),
  };
  static const char *role[] = {
    N_("Name"), N_("Account ID"), N_("Path"), N_("Requires MFA"), N_("ARN"),
  };
  static const char *person[] = {
    N_("Handle"), N_("Name"), N_("Email"),
  };
  static const char *principal[] = {
    N_("Person"), N_("User name"), N_("Partition"), N_("Path"),
    N_("MFA device"), N_("ARN"),
  };

  g_return_val_if_fail (column < jg_item_get_n_fields (kind), NULL);

  switch (kind)
    {
    case JG_ITEM_JUMP_ACCOUNT:
      return _(jump[column]);
    case JG_ITEM_ACCOUNT:
      return _(account[column]);
    case JG_ITEM_ROLE:
      return _(role[column]);
    case JG_ITEM_PERSON:
      return _(person[column]);
    case JG_ITEM_PRINCIPAL:
      return _(principal[column]);
    default:
      g_assert_not_reached ();
    }
}

static char *
nonnull (const char *text)
{
  return g_strdup (text != NULL ? text : "");
}

/* Returns the text of field COLUMN, as the Configuration page shows it. */
char *
jg_item_dup_field (JgItem *self,
                   guint   column)
{
  g_return_val_if_fail (JG_IS_ITEM (self), NULL);
  g_return_val_if_fail (column < jg_item_get_n_fields (self->kind), NULL);

  switch (self->kind)
    {
    case JG_ITEM_JUMP_ACCOUNT:
      {
        JgJumpAccount *jump = self->value;
        const char *fields[] = {
          jg_partition_to_string (jump->partition), jump->account_id,
          jump->region, jump->alias,
        };

        return nonnull (fields[column]);
      }

    case JG_ITEM_ACCOUNT:
      {
        JgAccount *account = self->value;
        const char *fields[] = {
          account->name, account->id,
          jg_partition_to_string (account->partition), account->environment,
          account->color, account->admin_role, NULL,
        };

        if (column == 6)
          return g_strdup_printf ("%d", account->trust_policy_limit);
        return nonnull (fields[column]);
      }

    case JG_ITEM_ROLE:
      {
        JgRole *role = self->value;
        const char *fields[] = {
          role->name, role->account_id, role->path,
          role->require_mfa ? _("Yes") : _("No"), role->arn,
        };

        return nonnull (fields[column]);
      }

    case JG_ITEM_PERSON:
      {
        JgPerson *person = self->value;
        const char *fields[] = { person->handle, person->name, person->email };

        return nonnull (fields[column]);
      }

    case JG_ITEM_PRINCIPAL:
      {
        JgPrincipal *principal = self->value;
        const char *fields[] = {
          principal->handle, principal->user_name,
          jg_partition_to_string (principal->partition), principal->path,
          principal->mfa_serial, principal->arn,
        };

        return nonnull (fields[column]);
      }

    default:
      g_assert_not_reached ();
    }
}

gboolean
jg_item_get_checked (JgItem *self)
{
  g_return_val_if_fail (JG_IS_ITEM (self), FALSE);

  return self->checked;
}

void
jg_item_set_checked (JgItem   *self,
                     gboolean  checked)
{
  g_return_if_fail (JG_IS_ITEM (self));

  checked = !!checked;
  if (self->checked == checked)
    return;

  self->checked = checked;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKED]);
}

gboolean
jg_item_get_granted (JgItem *self)
{
  g_return_val_if_fail (JG_IS_ITEM (self), FALSE);

  return self->granted;
}

void
jg_item_set_granted (JgItem   *self,
                     gboolean  granted)
{
  g_return_if_fail (JG_IS_ITEM (self));

  granted = !!granted;
  if (self->granted == granted)
    return;

  self->granted = granted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRANTED]);
}

JgItemPending
jg_item_get_pending (JgItem *self)
{
  g_return_val_if_fail (JG_IS_ITEM (self), JG_ITEM_PENDING_NONE);

  return self->pending;
}

void
jg_item_set_pending (JgItem        *self,
                     JgItemPending  pending)
{
  g_return_if_fail (JG_IS_ITEM (self));

  if (self->pending == pending)
    return;

  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

/* Returns whether the grant is in force once the staging area is
 * committed: granted now and not pending removal, or pending addition. */
gboolean
jg_item_get_effective (JgItem *self)
{
  g_return_val_if_fail (JG_IS_ITEM (self), FALSE);

  if (self->pending == JG_ITEM_PENDING_ADD)
    return TRUE;
  if (self->pending == JG_ITEM_PENDING_REMOVE)
    return FALSE;
  return self->granted;
}

/* Returns a new list of items that take over the values of VALUES, an
 * array of boxed values of KIND's type, which is left empty. */
GListStore *
jg_item_store_new_from_array (JgItemKind  kind,
                              GPtrArray  *values)
{
  g_autoptr(GListStore) store = g_list_store_new (JG_TYPE_ITEM);
  g_autoptr(GPtrArray) items = NULL;
  g_autofree gpointer *data = NULL;
  gsize n_values = 0;

  g_return_val_if_fail (values != NULL, NULL);

  data = g_ptr_array_steal (values, &n_values);

  items = g_ptr_array_new_full (n_values, g_object_unref);
  for (gsize i = 0; i < n_values; i++)
    g_ptr_array_add (items, jg_item_new (kind, data[i]));

  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  return g_steal_pointer (&store);
}
