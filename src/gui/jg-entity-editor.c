/* jg-entity-editor.c: the dialog that adds or edits one partition,
 * account, role, person or principal. Each field is checked by the
 * model's validator as the user types, and the validator's message is
 * shown under the field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "jg-entity-editor.h"
#include "jg-gui-util.h"

typedef enum
{
  CHECK_NONE,
  CHECK_ACCOUNT_ID,
  CHECK_IAM_NAME,
  CHECK_PATH,
  CHECK_COLOR,
  CHECK_HANDLE,
  CHECK_LABEL,
  CHECK_EMAIL,
  CHECK_REGION,
  CHECK_LIMIT,
  CHECK_MFA_SERIAL,
} FieldCheck;

typedef enum
{
  FIELD_TEXT,
  FIELD_PARTITION,
  FIELD_SWITCH,
} FieldType;

typedef struct
{
  const char *id;
  const char *title;
  FieldType   type;
  FieldCheck  check;
  /* Optional fields accept an empty value. */
  gboolean    optional;
  /* Identity fields cannot change once the value exists. */
  gboolean    identity;
  const char *hint;
} FieldSpec;

typedef struct
{
  const FieldSpec *spec;
  JgEntityEditor  *editor;
  GtkWidget       *row;
  GtkWidget       *message;
  char            *error;
} Field;

struct _JgEntityEditor
{
  AdwWindow     parent_instance;

  /* Template children. */
  GtkLabel     *store_error;
  GtkBox       *fields_box;

  /* Owned. */
  JgWorkspace  *workspace;
  JgItemKind    kind;
  gpointer      original;   /* NULL when adding */
  GPtrArray    *fields;     /* Field */
};

G_DEFINE_FINAL_TYPE (JgEntityEditor, jg_entity_editor, ADW_TYPE_WINDOW)

static const FieldSpec jump_fields[] = {
  { "partition", N_("Partition"), FIELD_PARTITION, CHECK_NONE, FALSE, TRUE },
  { "account-id", N_("Jump account ID"), FIELD_TEXT, CHECK_ACCOUNT_ID, FALSE,
    FALSE, N_("The 12-digit account that holds the principals") },
  { "region", N_("Region"), FIELD_TEXT, CHECK_REGION, FALSE, FALSE },
  { "alias", N_("Alias"), FIELD_TEXT, CHECK_LABEL, TRUE, FALSE },
  { NULL }
};

static const FieldSpec account_fields[] = {
  { "id", N_("Account ID"), FIELD_TEXT, CHECK_ACCOUNT_ID, FALSE, TRUE },
  { "partition", N_("Partition"), FIELD_PARTITION, CHECK_NONE, FALSE, TRUE },
  { "name", N_("Name"), FIELD_TEXT, CHECK_LABEL, FALSE, FALSE },
  { "environment", N_("Environment"), FIELD_TEXT, CHECK_LABEL, TRUE, FALSE,
    N_("For example production or staging") },
  { "color", N_("Colour"), FIELD_TEXT, CHECK_COLOR, TRUE, FALSE,
    N_("Six hexadecimal digits, RRGGBB, as the browser extension shows it") },
  { "admin-role", N_("Admin role"), FIELD_TEXT, CHECK_IAM_NAME, FALSE, FALSE,
    N_("The role Jumpgate assumes to change trust policies") },
  { "trust-policy-limit", N_("Trust policy limit"), FIELD_TEXT, CHECK_LIMIT,
    FALSE, FALSE, N_("Characters; 2048 unless raised for this account") },
  { "alias", N_("Alias"), FIELD_TEXT, CHECK_LABEL, TRUE, FALSE },
  { "region", N_("Region"), FIELD_TEXT, CHECK_REGION, TRUE, FALSE },
  { NULL }
};

static const FieldSpec role_fields[] = {
  { "account-id", N_("Account ID"), FIELD_TEXT, CHECK_ACCOUNT_ID, FALSE,
    TRUE },
  { "name", N_("Role name"), FIELD_TEXT, CHECK_IAM_NAME, FALSE, TRUE },
  { "path", N_("Path"), FIELD_TEXT, CHECK_PATH, TRUE, TRUE,
    N_("Starts and ends with /; empty means /") },
  { "require-mfa", N_("Require MFA"), FIELD_SWITCH, CHECK_NONE, FALSE, FALSE,
    N_("The trust policy allows the role only with multi-factor "
       "authentication") },
  { NULL }
};

static const FieldSpec person_fields[] = {
  { "handle", N_("Handle"), FIELD_TEXT, CHECK_HANDLE, FALSE, TRUE,
    N_("A short unique name, such as a login") },
  { "name", N_("Name"), FIELD_TEXT, CHECK_LABEL, FALSE, FALSE },
  { "email", N_("Email"), FIELD_TEXT, CHECK_EMAIL, TRUE, FALSE },
  { NULL }
};

static const FieldSpec principal_fields[] = {
  { "handle", N_("Person handle"), FIELD_TEXT, CHECK_HANDLE, FALSE, TRUE },
  { "partition", N_("Partition"), FIELD_PARTITION, CHECK_NONE, FALSE, TRUE },
  { "user-name", N_("IAM user name"), FIELD_TEXT, CHECK_IAM_NAME, FALSE,
    TRUE },
  { "path", N_("Path"), FIELD_TEXT, CHECK_PATH, TRUE, TRUE,
    N_("Starts and ends with /; empty means /") },
  { "mfa-serial", N_("MFA device ARN"), FIELD_TEXT, CHECK_MFA_SERIAL, TRUE,
    FALSE },
  { NULL }
};

static void
field_free (Field *field)
{
  g_clear_pointer (&field->error, g_free);
  g_free (field);
}

static Field *
find_field (JgEntityEditor *self,
            const char     *id)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = self->fields->pdata[i];

      if (g_strcmp0 (field->spec->id, id) == 0)
        return field;
    }
  return NULL;
}

/* Returns the field with id ID, which the kind must have. */
static Field *
get_field (JgEntityEditor *self,
           const char     *id)
{
  Field *field = find_field (self, id);

  if (field == NULL)
    g_error ("Editor of kind %d has no field %s", self->kind, id);
  return field;
}

/* Returns the field's text, stripped; "" for fields that are not text
 * and for a NULL field. */
static char *
field_dup_text (Field *field)
{
  if (field == NULL || field->spec->type != FIELD_TEXT)
    return g_strdup ("");
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->row))));
}

static JgPartition
editor_partition (JgEntityEditor *self)
{
  Field *field = find_field (self, "partition");

  if (field == NULL)
    {
      /* A role's partition is its account's. */
      Field *account_field = find_field (self, "account-id");
      g_autofree char *id = account_field != NULL
        ? field_dup_text (account_field) : NULL;
      g_autoptr(JgAccount) account = NULL;

      if (id != NULL && *id != '\0')
        account = jg_store_get_account (jg_workspace_get_store (self->workspace),
                                         id, NULL);
      return account != NULL ? account->partition : JG_PARTITION_AWS;
    }

  return adw_combo_row_get_selected (ADW_COMBO_ROW (field->row));
}

static gboolean
check_value (JgEntityEditor  *self,
             Field           *field,
             const char      *text,
             GError         **error)
{
  const char *title = _(field->spec->title);

  if (*text == '\0')
    {
      if (field->spec->optional)
        return TRUE;
      g_set_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_LABEL,
                   _("%s is required"), title);
      return FALSE;
    }

  switch (field->spec->check)
    {
    case CHECK_NONE:
      return TRUE;
    case CHECK_ACCOUNT_ID:
      return jg_validate_account_id (text, error);
    case CHECK_IAM_NAME:
      return jg_validate_iam_name (text, title, error);
    case CHECK_PATH:
      return jg_validate_iam_path (text, error);
    case CHECK_COLOR:
      return jg_validate_color (text, error);
    case CHECK_HANDLE:
      return jg_validate_handle (text, error);
    case CHECK_LABEL:
      return jg_validate_label (text, title, field->spec->optional, error);
    case CHECK_EMAIL:
      return jg_validate_email (text, error);
    case CHECK_REGION:
      return jg_validate_region (editor_partition (self), text, error);
    case CHECK_LIMIT:
      {
        gint64 limit = 0;

        if (!g_ascii_string_to_signed (text, 10, 0, G_MAXINT, &limit, NULL))
          {
            g_set_error (error, JG_MODEL_ERROR, JG_MODEL_ERROR_INVALID_LIMIT,
                         _("Trust policy limit “%s” is not a whole number: "
                           "enter a number of characters such as 2048"),
                         text);
            return FALSE;
          }
        return jg_validate_trust_policy_limit ((int) limit, error);
      }
    case CHECK_MFA_SERIAL:
      return jg_validate_mfa_serial (editor_partition (self), text, error);
    default:
      g_assert_not_reached ();
    }
}

static void
update_save_sensitivity (JgEntityEditor *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save",
                                 jg_entity_editor_is_valid (self));
}

static void
validate_field (Field *field)
{
  g_autofree char *text = field_dup_text (field);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&field->error, g_free);
  if (field->spec->type == FIELD_TEXT
      && !check_value (field->editor, field, text, &error))
    field->error = g_strdup (error->message);

  if (field->error != NULL)
    {
      gtk_widget_add_css_class (field->row, "error");
      gtk_label_set_text (GTK_LABEL (field->message), field->error);
      gtk_widget_set_visible (field->message, TRUE);
    }
  else
    {
      gtk_widget_remove_css_class (field->row, "error");
      gtk_widget_set_visible (field->message, FALSE);
    }
}

static void
validate_all (JgEntityEditor *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    validate_field (self->fields->pdata[i]);
  update_save_sensitivity (self);
}

static void
on_field_changed_cb (GtkEditable *editable,
                     Field       *field)
{
  validate_field (field);
  /* The region and the MFA device depend on the partition or account. */
  if (g_strcmp0 (field->spec->id, "account-id") == 0)
    validate_all (field->editor);
  update_save_sensitivity (field->editor);
}

static void
on_partition_changed_cb (AdwComboRow    *row,
                         GParamSpec     *pspec,
                         JgEntityEditor *self)
{
  validate_all (self);
}

static const FieldSpec *
specs_for_kind (JgItemKind kind)
{
  switch (kind)
    {
    case JG_ITEM_JUMP_ACCOUNT:
      return jump_fields;
    case JG_ITEM_ACCOUNT:
      return account_fields;
    case JG_ITEM_ROLE:
      return role_fields;
    case JG_ITEM_PERSON:
      return person_fields;
    case JG_ITEM_PRINCIPAL:
      return principal_fields;
    default:
      g_assert_not_reached ();
    }
}

static void
add_field (JgEntityEditor  *self,
           const FieldSpec *spec)
{
  Field *field = g_new0 (Field, 1);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  field->spec = spec;
  field->editor = self;

  switch (spec->type)
    {
    case FIELD_TEXT:
      field->row = adw_entry_row_new ();
      g_signal_connect (field->row, "changed",
                        G_CALLBACK (on_field_changed_cb), field);
      break;

    case FIELD_PARTITION:
      {
        const char *names[JG_N_PARTITIONS + 1] = { NULL };
        g_autoptr(GtkStringList) model = NULL;

        for (int i = 0; i < JG_N_PARTITIONS; i++)
          names[i] = jg_partition_to_string (i);
        model = gtk_string_list_new (names);
        field->row = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (field->row),
                                 G_LIST_MODEL (model));
        g_signal_connect (field->row, "notify::selected",
                          G_CALLBACK (on_partition_changed_cb), self);
        break;
      }

    case FIELD_SWITCH:
      {
        GtkWidget *toggle = gtk_switch_new ();

        gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
        field->row = adw_action_row_new ();
        adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), toggle);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (field->row),
                                               toggle);
        if (spec->hint != NULL)
          adw_action_row_set_subtitle (ADW_ACTION_ROW (field->row),
                                       _(spec->hint));
        break;
      }

    default:
      g_assert_not_reached ();
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->row),
                                 _(spec->title));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), field->row);
  gtk_box_append (GTK_BOX (box), list);

  field->message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (field->message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (field->message), 0);
  gtk_widget_add_css_class (field->message, "field-error");
  gtk_widget_set_visible (field->message, FALSE);
  gtk_box_append (GTK_BOX (box), field->message);

  if (spec->hint != NULL && spec->type == FIELD_TEXT)
    {
      GtkWidget *hint = gtk_label_new (_(spec->hint));

      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_label_set_xalign (GTK_LABEL (hint), 0);
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_widget_add_css_class (hint, "caption");
      gtk_box_append (GTK_BOX (box), hint);
    }

  gtk_box_append (self->fields_box, box);
  g_ptr_array_add (self->fields, field);
}

static void
set_field_text (JgEntityEditor *self,
                const char     *id,
                const char     *text)
{
  Field *field = find_field (self, id);

  if (field != NULL && text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (field->row), text);
}

static void
set_field_partition (JgEntityEditor *self,
                     JgPartition     partition)
{
  Field *field = find_field (self, "partition");

  if (field != NULL)
    adw_combo_row_set_selected (ADW_COMBO_ROW (field->row), partition);
}

static GtkWidget *
switch_of (Field *field)
{
  return adw_action_row_get_activatable_widget (ADW_ACTION_ROW (field->row));
}

/* Fills the fields from the value being edited, or with defaults. */
static void
fill_fields (JgEntityEditor *self)
{
  gpointer value = self->original;

  switch (self->kind)
    {
    case JG_ITEM_JUMP_ACCOUNT:
      if (value != NULL)
        {
          JgJumpAccount *jump = value;

          set_field_partition (self, jump->partition);
          set_field_text (self, "account-id", jump->account_id);
          set_field_text (self, "region", jump->region);
          set_field_text (self, "alias", jump->alias);
        }
      else
        set_field_text (self, "region",
                        jg_partition_default_region (JG_PARTITION_AWS));
      break;

    case JG_ITEM_ACCOUNT:
      if (value != NULL)
        {
          JgAccount *account = value;
          g_autofree char *limit =
            g_strdup_printf ("%d", account->trust_policy_limit);

          set_field_text (self, "id", account->id);
          set_field_partition (self, account->partition);
          set_field_text (self, "name", account->name);
          set_field_text (self, "environment", account->environment);
          set_field_text (self, "color", account->color);
          set_field_text (self, "admin-role", account->admin_role);
          set_field_text (self, "trust-policy-limit", limit);
          set_field_text (self, "alias", account->alias);
          set_field_text (self, "region", account->region);
        }
      else
        {
          g_autofree char *limit =
            g_strdup_printf ("%d", JG_TRUST_POLICY_DEFAULT_LIMIT);

          set_field_text (self, "admin-role", JG_DEFAULT_ADMIN_ROLE);
          set_field_text (self, "trust-policy-limit", limit);
        }
      break;

    case JG_ITEM_ROLE:
      if (value != NULL)
        {
          JgRole *role = value;

          set_field_text (self, "account-id", role->account_id);
          set_field_text (self, "name", role->name);
          set_field_text (self, "path", role->path);
          gtk_switch_set_active (GTK_SWITCH (switch_of (get_field (self,
                                                                  "require-mfa"))),
                                 role->require_mfa);
        }
      else
        {
          set_field_text (self, "path", "/");
          gtk_switch_set_active (GTK_SWITCH (switch_of (get_field (self,
                                                                  "require-mfa"))),
                                 TRUE);
        }
      break;

    case JG_ITEM_PERSON:
      if (value != NULL)
        {
          JgPerson *person = value;

          set_field_text (self, "handle", person->handle);
          set_field_text (self, "name", person->name);
          set_field_text (self, "email", person->email);
        }
      break;

    case JG_ITEM_PRINCIPAL:
      if (value != NULL)
        {
          JgPrincipal *principal = value;

          set_field_text (self, "handle", principal->handle);
          set_field_partition (self, principal->partition);
          set_field_text (self, "user-name", principal->user_name);
          set_field_text (self, "path", principal->path);
          set_field_text (self, "mfa-serial", principal->mfa_serial);
        }
      else
        set_field_text (self, "path", "/");
      break;

    default:
      g_assert_not_reached ();
    }

  /* What identifies a stored value cannot change: remove and add it. */
  for (guint i = 0; value != NULL && i < self->fields->len; i++)
    {
      Field *field = self->fields->pdata[i];

      if (field->spec->identity)
        gtk_widget_set_sensitive (field->row, FALSE);
    }
}

/* Returns the field's text, or NULL when it is empty. */
static char *
text_or_null (JgEntityEditor *self,
              const char     *id)
{
  g_autofree char *text = field_dup_text (get_field (self, id));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static gboolean
save (JgEntityEditor  *self,
      GError         **error)
{
  JgStore *store = jg_workspace_get_store (self->workspace);
  gboolean adding = self->original == NULL;

  switch (self->kind)
    {
    case JG_ITEM_JUMP_ACCOUNT:
      {
        JgJumpAccount jump = {
          .partition = editor_partition (self),
          .account_id = text_or_null (self, "account-id"),
          .region = text_or_null (self, "region"),
          .alias = text_or_null (self, "alias"),
        };
        gboolean ok = adding ? jg_store_add_jump_account (store, &jump, error)
                             : jg_store_update_jump_account (store, &jump,
                                                             error);

        g_free (jump.account_id);
        g_free (jump.region);
        g_free (jump.alias);
        return ok;
      }

    case JG_ITEM_ACCOUNT:
      {
        g_autofree char *limit = text_or_null (self, "trust-policy-limit");
        g_autofree char *environment = text_or_null (self, "environment");
        g_autoptr(JgAccount) account = g_new0 (JgAccount, 1);

        account->id = text_or_null (self, "id");
        account->partition = editor_partition (self);
        account->name = text_or_null (self, "name");
        account->environment = g_strdup (environment != NULL ? environment
                                                             : "");
        account->color = text_or_null (self, "color");
        account->admin_role = text_or_null (self, "admin-role");
        account->trust_policy_limit = limit != NULL ? atoi (limit)
                                                    : JG_TRUST_POLICY_DEFAULT_LIMIT;
        account->alias = text_or_null (self, "alias");
        account->region = text_or_null (self, "region");
        return adding ? jg_store_add_account (store, account, error)
                      : jg_store_update_account (store, account, error);
      }

    case JG_ITEM_ROLE:
      {
        g_autoptr(JgRole) role = NULL;
        g_autofree char *path = text_or_null (self, "path");
        GtkWidget *toggle = switch_of (get_field (self, "require-mfa"));

        if (adding)
          {
            role = g_new0 (JgRole, 1);
            role->account_id = text_or_null (self, "account-id");
            role->name = text_or_null (self, "name");
            role->path = g_strdup (path != NULL ? path : "/");
          }
        else
          role = jg_role_copy (self->original);
        role->require_mfa = gtk_switch_get_active (GTK_SWITCH (toggle));
        return adding ? jg_store_add_role (store, role, error)
                      : jg_store_update_role (store, role, error);
      }

    case JG_ITEM_PERSON:
      {
        g_autoptr(JgPerson) person = g_new0 (JgPerson, 1);

        person->handle = text_or_null (self, "handle");
        person->name = text_or_null (self, "name");
        person->email = text_or_null (self, "email");
        return adding ? jg_store_add_person (store, person, error)
                      : jg_store_update_person (store, person, error);
      }

    case JG_ITEM_PRINCIPAL:
      {
        g_autoptr(JgPrincipal) principal = NULL;
        g_autofree char *path = text_or_null (self, "path");

        if (adding)
          {
            principal = g_new0 (JgPrincipal, 1);
            principal->handle = text_or_null (self, "handle");
            principal->partition = editor_partition (self);
            principal->user_name = text_or_null (self, "user-name");
            principal->path = g_strdup (path != NULL ? path : "/");
          }
        else
          {
            principal = jg_principal_copy (self->original);
            g_clear_pointer (&principal->mfa_serial, g_free);
          }
        principal->mfa_serial = text_or_null (self, "mfa-serial");
        return adding ? jg_store_add_principal (store, principal, error)
                      : jg_store_update_principal (store, principal, error);
      }

    default:
      g_assert_not_reached ();
    }
}

static void
on_save_activate (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  JgEntityEditor *self = JG_ENTITY_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  validate_all (self);
  if (!jg_entity_editor_is_valid (self))
    return;

  if (!save (self, &error))
    {
      gtk_label_set_text (self->store_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->store_error), TRUE);
      return;
    }

  jg_workspace_notify_changed (self->workspace,
                               JG_WORKSPACE_CHANGED_ENTITIES);
  gtk_window_close (GTK_WINDOW (self));
}

static void
jg_entity_editor_dispose (GObject *object)
{
  JgEntityEditor *self = JG_ENTITY_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), JG_TYPE_ENTITY_EDITOR);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (jg_entity_editor_parent_class)->dispose (object);
}

static void
jg_entity_editor_finalize (GObject *object)
{
  JgEntityEditor *self = JG_ENTITY_EDITOR (object);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  if (self->original != NULL)
    g_boxed_free (jg_item_kind_get_value_type (self->kind), self->original);

  G_OBJECT_CLASS (jg_entity_editor_parent_class)->finalize (object);
}

static void
jg_entity_editor_class_init (JgEntityEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = jg_entity_editor_dispose;
  object_class->finalize = jg_entity_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/jumpgate/Jumpgate/jg-entity-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, JgEntityEditor,
                                        store_error);
  gtk_widget_class_bind_template_child (widget_class, JgEntityEditor,
                                        fields_box);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL,
                                   on_save_activate);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "window.close", NULL);
}

static void
jg_entity_editor_init (JgEntityEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
}

static const char *
kind_title (JgItemKind kind,
            gboolean   adding)
{
  switch (kind)
    {
    case JG_ITEM_JUMP_ACCOUNT:
      return adding ? _("Add Partition") : _("Edit Partition");
    case JG_ITEM_ACCOUNT:
      return adding ? _("Add Account") : _("Edit Account");
    case JG_ITEM_ROLE:
      return adding ? _("Add Role") : _("Edit Role");
    case JG_ITEM_PERSON:
      return adding ? _("Add Person") : _("Edit Person");
    case JG_ITEM_PRINCIPAL:
      return adding ? _("Add Principal") : _("Edit Principal");
    default:
      g_assert_not_reached ();
    }
}

/* Returns a new editor of KIND; VALUE is the value to edit (copied), or
 * NULL to add one. */
JgEntityEditor *
jg_entity_editor_new (JgWorkspace   *workspace,
                      JgItemKind     kind,
                      gconstpointer  value)
{
  JgEntityEditor *self;
  const FieldSpec *specs = specs_for_kind (kind);

  g_return_val_if_fail (JG_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (JG_TYPE_ENTITY_EDITOR, NULL);
  self->workspace = g_object_ref (workspace);
  self->kind = kind;
  if (value != NULL)
    self->original = g_boxed_copy (jg_item_kind_get_value_type (kind), value);

  gtk_window_set_title (GTK_WINDOW (self), kind_title (kind, value == NULL));
  for (guint i = 0; specs[i].id != NULL; i++)
    add_field (self, &specs[i]);

  fill_fields (self);
  validate_all (self);
  return self;
}

/* Types TEXT into the field with id FIELD; returns FALSE if there is no
 * such text field. */
gboolean
jg_entity_editor_set_text (JgEntityEditor *self,
                           const char     *field,
                           const char     *text)
{
  Field *found;

  g_return_val_if_fail (JG_IS_ENTITY_EDITOR (self), FALSE);

  found = find_field (self, field);
  if (found == NULL || found->spec->type != FIELD_TEXT)
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (found->row), text);
  return TRUE;
}

/* Returns the message shown under the field, or NULL when it is valid. */
const char *
jg_entity_editor_get_error (JgEntityEditor *self,
                            const char     *field)
{
  Field *found;

  g_return_val_if_fail (JG_IS_ENTITY_EDITOR (self), NULL);

  found = find_field (self, field);
  return found != NULL ? found->error : NULL;
}

gboolean
jg_entity_editor_is_valid (JgEntityEditor *self)
{
  g_return_val_if_fail (JG_IS_ENTITY_EDITOR (self), FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = self->fields->pdata[i];

      if (field->error != NULL)
        return FALSE;
    }
  return TRUE;
}
