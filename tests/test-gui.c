/* test-gui.c: the application's window, driven through its widgets'
 * actions, under Xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "gui/jg-commit-dialog.h"
#include "gui/jg-drift-dialog.h"
#include "gui/jg-import-dialog.h"
#include "gui/jg-preferences-window.h"
#include "gui/jg-entity-editor.h"
#include "gui/jg-window.h"
#include "jg-test-emulator.h"
#include "jg-test-util.h"

#define ACCOUNT_ID "222233334444"
#define JUMP_ID "111122223333"
#define DEVELOPER_ARN "arn:aws:iam::" ACCOUNT_ID ":role/Developer"
#define READ_ONLY_ARN "arn:aws:iam::" ACCOUNT_ID ":role/ReadOnly"

typedef struct
{
  char        *dir;
  JgStore     *store;
  JgWorkspace *workspace;
  JgWindow    *window;
} Fixture;

/* Runs the main loop until CONDITION (data) holds or TIMEOUT_MS passed;
 * returns whether it holds. */
static gboolean
wait_for (gboolean (*condition) (gpointer data),
          gpointer   data,
          guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static gboolean
permissions_loaded (gpointer data)
{
  Fixture *fixture = data;

  return jg_permissions_page_is_loaded (jg_window_get_permissions_page (fixture->window));
}

static void
add_sample_organisation (JgStore *store)
{
  g_autoptr(GError) error = NULL;
  JgJumpAccount jump = { JG_PARTITION_AWS, (char *) JUMP_ID,
                         (char *) "eu-west-1", NULL };
  JgAccount account = { (char *) ACCOUNT_ID, JG_PARTITION_AWS,
                        (char *) "payments-dev", (char *) "DEV",
                        (char *) "1c71d8", (char *) JG_DEFAULT_ADMIN_ROLE,
                        JG_TRUST_POLICY_DEFAULT_LIMIT, NULL, NULL };
  const char *role_names[] = { "Developer", "ReadOnly" };
  const char *handles[] = { "alice", "bob" };
  const char *names[] = { "Alice Example", "Bob Example" };

  g_assert_true (jg_store_add_jump_account (store, &jump, &error));
  g_assert_no_error (error);
  g_assert_true (jg_store_add_account (store, &account, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    {
      JgRole role = { NULL, JG_PARTITION_AWS, (char *) ACCOUNT_ID,
                      (char *) role_names[i], (char *) "/", TRUE };

      g_assert_true (jg_store_add_role (store, &role, &error));
      g_assert_no_error (error);
      g_free (role.arn);
    }

  for (guint i = 0; i < G_N_ELEMENTS (handles); i++)
    {
      JgPerson person = { (char *) handles[i], (char *) names[i], NULL };
      JgPrincipal principal = { NULL, (char *) handles[i], JG_PARTITION_AWS,
                                (char *) handles[i], (char *) "/people/",
                                NULL };

      g_assert_true (jg_store_add_person (store, &person, &error));
      g_assert_no_error (error);
      g_assert_true (jg_store_add_principal (store, &principal, &error));
      g_assert_no_error (error);
      g_free (principal.arn);
    }
}

static void
open_window (Fixture *fixture)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  fixture->workspace = jg_workspace_new (fixture->store, settings, FALSE);
  fixture->window = g_object_ref_sink (jg_window_new (NULL,
                                                      fixture->workspace));
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (permissions_loaded, fixture, 10000));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = jg_test_make_temp_dir ();
  path = g_build_filename (fixture->dir, "jumpgate.db", NULL);
  fixture->store = jg_store_open (path, &error);
  g_assert_no_error (error);
  if (user_data == NULL)
    {
      add_sample_organisation (fixture->store);
      open_window (fixture);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->workspace);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->dir, g_free);
}

static guint
count_staged (JgStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) staged = jg_store_list_staged (store, &error);

  g_assert_no_error (error);
  return staged->len;
}

static void
test_window_opens (Fixture       *fixture,
                   gconstpointer  user_data)
{
  JgPermissionsPage *page = jg_window_get_permissions_page (fixture->window);
  GListModel *persons = jg_permissions_page_get_persons (page);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==,
                   "Jumpgate");
  g_assert_cmpstr (jg_window_get_visible_page_name (fixture->window), ==,
                   "permissions");
  g_assert_cmpuint (g_list_model_get_n_items (persons), ==, 2);

  /* The search filters by handle, name or email, case-insensitively. */
  jg_permissions_page_set_search_text (page, "BOB");
  g_assert_cmpuint (g_list_model_get_n_items (persons), ==, 1);
  jg_permissions_page_set_search_text (page, "example");
  g_assert_cmpuint (g_list_model_get_n_items (persons), ==, 2);
  jg_permissions_page_set_search_text (page, "nobody");
  g_assert_cmpuint (g_list_model_get_n_items (persons), ==, 0);
  jg_permissions_page_set_search_text (page, "");

  /* Pages switch through the window action the accelerators use. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page",
                              "s", "history");
  g_assert_cmpstr (jg_window_get_visible_page_name (fixture->window), ==,
                   "history");
}

/* Builds every window that the main window opens from its menu. A
 * template that uses a property newer than GTK 4.8 or libadwaita 1.2
 * fails here with a critical, which GTest makes fatal. */
static void
test_secondary_windows_build (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  JgSessionManager *sessions;
  GtkWidget *preferences;
  GtkWidget *import;
  GtkWidget *drift;

  preferences = jg_preferences_window_new (fixture->workspace);
  g_assert_true (ADW_IS_PREFERENCES_WINDOW (preferences));
  gtk_window_present (GTK_WINDOW (preferences));
  gtk_window_destroy (GTK_WINDOW (preferences));

  sessions = jg_workspace_get_session_manager (fixture->workspace, &error);
  g_assert_no_error (error);
  import = GTK_WIDGET (jg_import_dialog_new (GTK_WINDOW (fixture->window),
                                             fixture->store, sessions));
  gtk_window_present (GTK_WINDOW (import));
  gtk_window_destroy (GTK_WINDOW (import));

  drift = GTK_WIDGET (jg_drift_dialog_new (GTK_WINDOW (fixture->window),
                                           fixture->store, sessions));
  gtk_window_present (GTK_WINDOW (drift));
  gtk_window_destroy (GTK_WINDOW (drift));
}

static void
test_sandbox_title (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(JgWorkspace) workspace = NULL;
  JgWindow *window;

  workspace = jg_workspace_new (fixture->store, settings, TRUE);
  window = g_object_ref_sink (jg_window_new (NULL, workspace));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==,
                   "Jumpgate — Sandbox");
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

static void
select_alice_account (Fixture *fixture)
{
  GtkWidget *page = GTK_WIDGET (jg_window_get_permissions_page (fixture->window));

  g_assert_true (gtk_widget_activate_action (page,
                                             "permissions.select-person",
                                             "s", "alice"));
  g_assert_true (gtk_widget_activate_action (page,
                                             "permissions.select-account",
                                             "s", ACCOUNT_ID));
}

static JgItem *
find_role (Fixture    *fixture,
           const char *arn)
{
  GListModel *roles = jg_permissions_page_get_roles (jg_window_get_permissions_page (fixture->window));

  for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
    {
      g_autoptr(JgItem) item = g_list_model_get_item (roles, i);

      if (g_strcmp0 (jg_item_get_key (item), arn) == 0)
        return item;
    }
  return NULL;
}

static void
test_stage_through_actions (Fixture       *fixture,
                            gconstpointer  user_data)
{
  JgPermissionsPage *page = jg_window_get_permissions_page (fixture->window);
  JgStagingPanel *panel = jg_permissions_page_get_staging_panel (page);
  g_autoptr(GPtrArray) staged = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GError) error = NULL;
  JgChange *change;
  JgItem *role;

  select_alice_account (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (jg_permissions_page_get_roles (page)),
                    ==, 2);

  /* Ticking alone stages nothing; Apply does. */
  gtk_widget_activate_action (GTK_WIDGET (page), "permissions.toggle-role",
                              "s", DEVELOPER_ARN);
  g_assert_cmpuint (count_staged (fixture->store), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (page), "permissions.apply", NULL);

  staged = jg_store_list_staged (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (staged->len, ==, 1);
  change = staged->pdata[0];
  g_assert_cmpint (change->kind, ==, JG_CHANGE_GRANT);
  g_assert_cmpstr (change->handle, ==, "alice");
  g_assert_cmpstr (change->role_arn, ==, DEVELOPER_ARN);

  /* The row now shows a pending addition, and the summary lists it. */
  role = find_role (fixture, DEVELOPER_ARN);
  g_assert_nonnull (role);
  g_assert_cmpint (jg_item_get_pending (role), ==, JG_ITEM_PENDING_ADD);
  g_assert_true (jg_item_get_checked (role));
  g_assert_cmpuint (g_list_model_get_n_items (jg_staging_panel_get_changes (panel)),
                    ==, 1);

  /* Saving empties the staging area; opening the saved set restores it. */
  gtk_widget_activate_action (GTK_WIDGET (panel), "staging.save-as", "s",
                              "first set");
  g_assert_cmpuint (count_staged (fixture->store), ==, 0);
  saved = jg_store_list_saved (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->len, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (jg_staging_panel_get_changes (panel)),
                    ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (panel), "staging.open", "s",
                              "first set");
  g_assert_cmpuint (count_staged (fixture->store), ==, 1);

  /* Removing the change from the summary unstages it. */
  g_clear_pointer (&staged, g_ptr_array_unref);
  staged = jg_store_list_staged (fixture->store, &error);
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (panel), "staging.unstage", "x",
                              ((JgChange *) staged->pdata[0])->id);
  g_assert_cmpuint (count_staged (fixture->store), ==, 0);
  role = find_role (fixture, DEVELOPER_ARN);
  g_assert_cmpint (jg_item_get_pending (role), ==, JG_ITEM_PENDING_NONE);
  g_assert_false (jg_item_get_checked (role));

  /* Discarding without the dialog empties the staging area too. */
  gtk_widget_activate_action (GTK_WIDGET (page), "permissions.toggle-role",
                              "s", READ_ONLY_ARN);
  gtk_widget_activate_action (GTK_WIDGET (page), "permissions.apply", NULL);
  g_assert_cmpuint (count_staged (fixture->store), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (panel), "staging.discard-now", NULL);
  g_assert_cmpuint (count_staged (fixture->store), ==, 0);
}

static void
test_editor_validates (Fixture       *fixture,
                       gconstpointer  user_data)
{
  JgEntityEditor *editor;
  const char *message;

  editor = jg_entity_editor_new (fixture->workspace, JG_ITEM_ACCOUNT, NULL);
  g_object_ref_sink (editor);

  /* Empty required fields are flagged from the start. */
  g_assert_false (jg_entity_editor_is_valid (editor));
  g_assert_nonnull (jg_entity_editor_get_error (editor, "id"));

  g_assert_true (jg_entity_editor_set_text (editor, "id", "12345"));
  message = jg_entity_editor_get_error (editor, "id");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "12345"));

  g_assert_true (jg_entity_editor_set_text (editor, "id", "999988887777"));
  g_assert_null (jg_entity_editor_get_error (editor, "id"));
  g_assert_true (jg_entity_editor_set_text (editor, "name", "billing-prod"));
  g_assert_true (jg_entity_editor_set_text (editor, "color", "zz0000"));
  g_assert_nonnull (jg_entity_editor_get_error (editor, "color"));
  g_assert_false (jg_entity_editor_is_valid (editor));
  g_assert_true (jg_entity_editor_set_text (editor, "color", "d81b60"));
  g_assert_null (jg_entity_editor_get_error (editor, "color"));
  g_assert_true (jg_entity_editor_is_valid (editor));

  /* Save writes to the store. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor),
                                             "editor.save", NULL));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JgAccount) account = jg_store_get_account (fixture->store,
                                                         "999988887777",
                                                         &error);

    g_assert_no_error (error);
    g_assert_cmpstr (account->name, ==, "billing-prod");
    g_assert_cmpstr (account->color, ==, "d81b60");
  }

  gtk_window_destroy (GTK_WINDOW (editor));
  g_object_unref (editor);
}

static gboolean
table_has_rows (gpointer data)
{
  return g_list_model_get_n_items (jg_entity_table_get_model (data)) > 0;
}

static void
test_remove_in_use (Fixture       *fixture,
                    gconstpointer  user_data)
{
  JgEntityTable *table;
  JgPermissionsPage *page = jg_window_get_permissions_page (fixture->window);
  g_autoptr(JgPerson) person = NULL;
  g_autoptr(GError) error = NULL;

  select_alice_account (fixture);
  gtk_widget_activate_action (GTK_WIDGET (page), "permissions.toggle-role",
                              "s", DEVELOPER_ARN);
  gtk_widget_activate_action (GTK_WIDGET (page), "permissions.apply", NULL);
  g_assert_cmpuint (count_staged (fixture->store), ==, 1);

  table = jg_configuration_page_get_table (jg_window_get_configuration_page (fixture->window),
                                           JG_ITEM_PERSON);
  g_assert_true (wait_for (table_has_rows, table, 10000));

  /* The store rejects it, so alice stays. */
  gtk_widget_activate_action (GTK_WIDGET (table), "table.remove-now", "s",
                              "alice");
  person = jg_store_get_person (fixture->store, "alice", &error);
  g_assert_no_error (error);
  g_assert_nonnull (person);

  /* bob has nothing staged or granted and goes. */
  gtk_widget_activate_action (GTK_WIDGET (table), "table.remove-now", "s",
                              "bob");
  g_clear_pointer (&person, jg_person_free);
  person = jg_store_get_person (fixture->store, "bob", &error);
  g_assert_null (person);
  g_assert_error (error, JG_STORE_ERROR, JG_STORE_ERROR_NOT_FOUND);
}

static void
test_access_map (Fixture       *fixture,
                 gconstpointer  user_data)
{
  JgAccessMapPage *map = jg_window_get_access_map_page (fixture->window);
  JgPermissionsPage *page = jg_window_get_permissions_page (fixture->window);
  g_autofree char *cell = NULL;

  select_alice_account (fixture);
  gtk_widget_activate_action (GTK_WIDGET (page), "permissions.toggle-role",
                              "s", DEVELOPER_ARN);
  gtk_widget_activate_action (GTK_WIDGET (page), "permissions.apply", NULL);

  jg_access_map_page_reload (map);
  g_assert_cmpuint (g_list_model_get_n_items (jg_access_map_page_get_rows (map)),
                    ==, 2);
  g_assert_cmpuint (jg_access_map_page_get_n_columns (map), ==, 1);
  cell = jg_access_map_page_dup_cell_text (map, "alice", ACCOUNT_ID);
  g_assert_cmpstr (cell, ==, "+Developer");
  g_clear_pointer (&cell, g_free);
  cell = jg_access_map_page_dup_cell_text (map, "bob", ACCOUNT_ID);
  g_assert_cmpstr (cell, ==, "");

  jg_access_map_page_set_filters (map, "ali", "no-such-account", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (jg_access_map_page_get_rows (map)),
                    ==, 1);
  g_assert_cmpuint (jg_access_map_page_get_n_columns (map), ==, 0);
}

static void
test_interrupted_commit_bar (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 commit_id;

  add_sample_organisation (fixture->store);
  g_assert_true (jg_store_stage (fixture->store, JG_CHANGE_GRANT, "alice",
                                 (const char *[]) { DEVELOPER_ARN, NULL },
                                 &error));
  g_assert_no_error (error);
  commit_id = jg_store_begin_commit (fixture->store, "left running", NULL,
                                     "tester", &error);
  g_assert_no_error (error);
  g_assert_cmpint (commit_id, >, 0);

  open_window (fixture);
  g_assert_cmpint (jg_window_get_interrupted_commit (fixture->window), ==,
                   commit_id);
}

/* The commit against the emulator. */

typedef struct
{
  Fixture         *fixture;
  JgCommitDialog  *dialog;
  char            *clipboard_text;
  gboolean         clipboard_done;
} CommitRun;

static gboolean
dialog_planned (gpointer data)
{
  return !jg_commit_dialog_is_planning (data);
}

static gboolean
history_has_commit (gpointer data)
{
  Fixture *fixture = data;
  JgHistoryPage *history = jg_window_get_history_page (fixture->window);

  return jg_history_page_get_selected_commit (history) > 0
         && g_list_model_get_n_items (jg_history_page_get_actions (history)) > 0;
}

static gboolean
clipboard_read (gpointer data)
{
  return ((CommitRun *) data)->clipboard_done;
}

static void
on_clipboard_text_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  CommitRun *run = user_data;
  g_autoptr(GError) error = NULL;

  run->clipboard_text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source),
                                                        result, &error);
  g_assert_no_error (error);
  run->clipboard_done = TRUE;
}

/* Returns the name of the seed's admin user of the jump account. */
static char *
dup_seed_admin (const char *seed_path,
                char      **out_jump_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *accounts;
  const char *jump_id;

  json_parser_load_from_file (parser, seed_path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  jump_id = json_object_get_string_member (root, "jump_account_id");
  accounts = json_object_get_array_member (root, "accounts");
  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *account = json_array_get_object_element (accounts, i);
      JsonArray *users;

      if (g_strcmp0 (json_object_get_string_member (account, "id"),
                     jump_id) != 0)
        continue;
      users = json_object_get_array_member (account, "users");
      for (guint j = 0; j < json_array_get_length (users); j++)
        {
          JsonObject *user = json_array_get_object_element (users, j);

          if (json_object_get_boolean_member_with_default (user, "admin",
                                                           FALSE))
            {
              *out_jump_id = g_strdup (jump_id);
              return g_strdup (json_object_get_string_member (user, "name"));
            }
        }
    }
  g_assert_not_reached ();
}

/* Checks that DIALOG lists one row per document the summary counts, and
 * that a role granted by the plan appears in the diff of a user policy
 * that allows it. */
static void
check_planned_actions (JgCommitDialog *dialog)
{
  GListModel *actions = jg_commit_dialog_get_actions (dialog);
  guint n_actions = g_list_model_get_n_items (actions);
  g_autofree char *role_arn = NULL;
  gboolean role_in_diff = FALSE;
  guint64 n_summary;

  /* "N documents to change: …" */
  n_summary = g_ascii_strtoull (jg_commit_dialog_get_plan_text (dialog),
                                NULL, 10);
  g_assert_cmpuint (n_actions, >, 0);
  g_assert_cmpuint (n_actions, ==, n_summary);
  g_assert_null (jg_commit_dialog_get_action_operation (dialog, n_actions));
  g_assert_false (jg_commit_dialog_select_action (dialog, n_actions));

  /* Trust policies come first: the first target is a role. */
  role_arn = g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (actions),
                                                   0));
  g_assert_cmpstr (jg_commit_dialog_get_action_operation (dialog, 0), ==,
                   "UpdateAssumeRolePolicy");
  g_assert_nonnull (strstr (role_arn, ":role/"));

  for (guint i = 0; i < n_actions; i++)
    {
      const char *target =
        gtk_string_list_get_string (GTK_STRING_LIST (actions), i);
      g_autofree char *diff = NULL;

      g_assert_true (g_str_has_prefix (target, "arn:"));
      g_assert_true (jg_commit_dialog_select_action (dialog, i));
      diff = jg_commit_dialog_dup_diff_text (dialog);
      g_test_message ("%s %s\n%s",
                      jg_commit_dialog_get_action_operation (dialog, i),
                      target, diff);
      g_assert_true (g_str_has_prefix (diff, "--- "));
      g_assert_nonnull (strstr (diff, "sts:AssumeRole"));
      if (g_strcmp0 (jg_commit_dialog_get_action_operation (dialog, i),
                     "PutUserPolicy") == 0
          && strstr (diff, role_arn) != NULL)
        role_in_diff = TRUE;
    }
  g_assert_true (role_in_diff);
}

static void
test_commit_with_emulator (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *seed = jg_test_source_path ("data", "sandbox",
                                               "sample-org.json", NULL);
  g_autofree char *script = jg_test_source_path ("tests", "emulator",
                                                 "seed_to_cli.py", NULL);
  g_autoptr(JgTestEmulator) emulator = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *jump_id = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *config_text = NULL;
  g_autofree char *diff = NULL;
  int status = 0;
  JgHistoryPage *history;
  g_autoptr(JgItem) first_item = NULL;
  g_autoptr(JgUserConfig) first = NULL;
  CommitRun run = { fixture, NULL, NULL, FALSE };
  const char *argv[] = {
    "/usr/bin/python3", script, seed, "--cli", g_getenv ("JG_TEST_CLI"),
    "--db", jg_store_get_path (fixture->store), NULL
  };

  emulator = jg_test_emulator_start (seed, NULL, &error);
  g_assert_no_error (error);

  /* The sample organisation, with the grants both sides agree on staged. */
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_test_message ("seed_to_cli.py: %s", err);
  g_assert_no_error (error);
  g_assert_cmpuint (count_staged (fixture->store), >, 0);

  admin = dup_seed_admin (seed, &jump_id);
  g_assert_true (jg_test_emulator_create_access_key (emulator, jump_id, admin,
                                                     &key_id, &secret,
                                                     &error));
  g_assert_no_error (error);
  g_setenv ("AWS_ACCESS_KEY_ID", key_id, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", secret, TRUE);
  g_setenv ("JUMPGATE_ENDPOINT_URL",
            jg_test_emulator_get_endpoint (emulator), TRUE);

  open_window (fixture);

  run.dialog = jg_commit_dialog_new (fixture->window, fixture->workspace, 0);
  gtk_window_present (GTK_WINDOW (run.dialog));
  g_assert_true (wait_for (dialog_planned, run.dialog, 60000));
  g_test_message ("plan: %s", jg_commit_dialog_get_plan_text (run.dialog));
  g_assert_cmpstr (jg_commit_dialog_get_violations_text (run.dialog), ==, "");
  check_planned_actions (run.dialog);

  /* Without a comment the commit cannot start. */
  gtk_widget_activate_action (GTK_WIDGET (run.dialog), "commit.run", NULL);
  g_assert_false (jg_commit_dialog_is_running (run.dialog));
  jg_commit_dialog_set_comment (run.dialog, "Grant the sample access");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (run.dialog),
                                             "commit.run", NULL));

  /* The window reports the end and History selects the new commit. */
  g_assert_true (wait_for (history_has_commit, fixture, 120000));
  g_assert_cmpuint (count_staged (fixture->store), ==, 0);
  history = jg_window_get_history_page (fixture->window);
  g_assert_cmpuint (g_list_model_get_n_items (jg_history_page_get_commits (history)),
                    ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (jg_history_page_get_requested (history)),
                    >, 0);
  g_assert_true (jg_history_page_select_action (history, 0));
  diff = jg_history_page_dup_diff_text (history);
  g_assert_nonnull (strstr (diff, "sts:AssumeRole"));

  /* Every affected person has a configuration; copy the first one. */
  g_assert_cmpuint (g_list_model_get_n_items (jg_history_page_get_configs (history)),
                    >, 0);
  first_item = g_list_model_get_item (jg_history_page_get_configs (history),
                                      0);
  first = jg_user_config_copy (jg_item_get_value (first_item));
  g_assert_true (jg_history_page_select_config (history, first->handle,
                                                first->format));
  config_text = jg_history_page_dup_config_text (history);
  g_assert_cmpstr (config_text, ==, first->text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (history),
                                             "history.copy-config", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (history)),
                                 NULL, on_clipboard_text_cb, &run);
  g_assert_true (wait_for (clipboard_read, &run, 10000));
  g_assert_cmpstr (run.clipboard_text, ==, first->text);
  g_free (run.clipboard_text);

  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
  g_unsetenv ("JUMPGATE_ENDPOINT_URL");
  g_assert_true (jg_test_emulator_stop (emulator, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));

  jg_test_init (&argc, &argv);
  /* The isolated folders hide the system's icon theme, and GTK warns for
   * every icon it cannot find; the system folders are only read. */
  g_setenv ("XDG_DATA_DIRS", data_dirs != NULL ? data_dirs
                                                : "/usr/local/share:/usr/share",
            TRUE);
  gtk_disable_setlocale ();
  adw_init ();

  g_test_add ("/jumpgate/gui/window-opens", Fixture, NULL,
              fixture_set_up, test_window_opens, fixture_tear_down);
  g_test_add ("/jumpgate/gui/sandbox-title", Fixture, NULL,
              fixture_set_up, test_sandbox_title, fixture_tear_down);
  g_test_add ("/jumpgate/gui/secondary-windows-build", Fixture, NULL,
              fixture_set_up, test_secondary_windows_build,
              fixture_tear_down);
  g_test_add ("/jumpgate/gui/stage-through-actions", Fixture, NULL,
              fixture_set_up, test_stage_through_actions, fixture_tear_down);
  g_test_add ("/jumpgate/gui/editor-validates", Fixture, NULL,
              fixture_set_up, test_editor_validates, fixture_tear_down);
  g_test_add ("/jumpgate/gui/remove-in-use", Fixture, NULL,
              fixture_set_up, test_remove_in_use, fixture_tear_down);
  g_test_add ("/jumpgate/gui/access-map", Fixture, NULL,
              fixture_set_up, test_access_map, fixture_tear_down);
  g_test_add ("/jumpgate/gui/interrupted-commit-bar", Fixture, "empty",
              fixture_set_up, test_interrupted_commit_bar, fixture_tear_down);
  g_test_add ("/jumpgate/gui/commit-with-emulator", Fixture, "empty",
              fixture_set_up, test_commit_with_emulator, fixture_tear_down);

  return g_test_run ();
}
