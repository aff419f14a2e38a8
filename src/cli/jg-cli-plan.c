/* jg-cli-plan.c: the plan command, and the helpers that the engine's
 * commands share (AWS sessions, waiting, interrupted commits).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "aws/jg-aws.h"
#include "engine/jg-engine.h"
#include "jg-cli-private.h"

void
jg_cli_on_async_done_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* Runs the default main context until jg_cli_on_async_done_cb() has
 * filled @slot; returns it, borrowed. */
GAsyncResult *
jg_cli_wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static JsonNode *
strings_to_json (GPtrArray *strings)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (strings, i));

  json_node_take_array (node, array);
  return node;
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
jg_cli_plan_to_json (JgPlan *plan)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "actions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < plan->actions->len; i++)
    {
      JgPlanAction *action = g_ptr_array_index (plan->actions, i);
      g_autofree char *diff = jg_plan_action_dup_diff (action);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "operation");
      json_builder_add_string_value (builder,
                                     jg_plan_operation_to_string (action->operation));
      json_builder_set_member_name (builder, "target");
      json_builder_add_string_value (builder, action->target_arn);
      json_builder_set_member_name (builder, "account_id");
      json_builder_add_string_value (builder, action->account_id);
      add_nullable_string (builder, "before", action->before);
      add_nullable_string (builder, "after", action->after);
      json_builder_set_member_name (builder, "diff");
      json_builder_add_string_value (builder, diff);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "documents");
  json_builder_add_int_value (builder, plan->actions->len);
  json_builder_set_member_name (builder, "user_policies");
  json_builder_add_int_value (builder, plan->n_user_policies);
  json_builder_set_member_name (builder, "trust_policies");
  json_builder_add_int_value (builder, plan->n_trust_policies);
  json_builder_set_member_name (builder, "checked");
  json_builder_add_int_value (builder, plan->n_checked);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "violations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < plan->violations->len; i++)
    {
      JgPlanViolation *violation = g_ptr_array_index (plan->violations, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder,
                                     jg_plan_violation_kind_to_string (violation->kind));
      json_builder_set_member_name (builder, "document");
      json_builder_add_string_value (builder, violation->document);
      json_builder_set_member_name (builder, "target");
      json_builder_add_string_value (builder, violation->target_arn);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, (gint64) violation->size);
      json_builder_set_member_name (builder, "limit");
      json_builder_add_int_value (builder, (gint64) violation->limit);
      json_builder_set_member_name (builder, "grants");
      json_builder_add_value (builder, strings_to_json (violation->grants));
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, violation->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
jg_cli_print_plan (JgPlan *plan)
{
  g_autofree char *summary = jg_plan_dup_summary (plan);

  for (guint i = 0; i < plan->actions->len; i++)
    {
      JgPlanAction *action = g_ptr_array_index (plan->actions, i);
      g_autofree char *diff = jg_plan_action_dup_diff (action);

      g_print ("%s %s\n%s\n",
               jg_plan_operation_to_string (action->operation),
               action->target_arn, diff);
    }

  g_print ("%s\n", summary);
}

static JgPlanDocuments *
read_from_aws (JgCli      *cli,
               JgStore    *store,
               GPtrArray  *targets,
               gboolean    no_keyring,
               GError    **error)
{
  g_autoptr(JgSessionManager) sessions = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) read_errors = NULL;
  g_autoptr(JgPlanDocuments) documents = NULL;
  g_autoptr(GError) cache_error = NULL;

  sessions = jg_cli_new_session_manager (cli, no_keyring, error);
  if (sessions == NULL)
    return NULL;

  /* Without credentials every read would fail with the same long
   * message, so the jump account's credentials are checked once first. */
  {
    gboolean checked[JG_N_PARTITIONS] = { FALSE };

    for (guint i = 0; i < targets->len; i++)
      {
        JgPlanTarget *target = g_ptr_array_index (targets, i);
        g_autoptr(GAsyncResult) credentials_result = NULL;
        g_autoptr(JgAwsCredentials) credentials = NULL;

        if (checked[target->partition])
          continue;
        checked[target->partition] = TRUE;

        jg_session_manager_get_credentials_async (sessions, target->partition,
                                                  NULL, NULL, NULL,
                                                  jg_cli_on_async_done_cb,
                                                  &credentials_result);
        credentials = jg_session_manager_get_credentials_finish (
          sessions, jg_cli_wait_for_result (&credentials_result), error);
        if (credentials == NULL)
          return NULL;
      }
  }

  jg_plan_read_documents_async (sessions, store, targets, NULL,
                                jg_cli_on_async_done_cb, &result);
  documents = jg_plan_read_documents_finish (sessions,
                                             jg_cli_wait_for_result (&result),
                                             &read_errors, error);
  if (documents == NULL)
    return NULL;

  if (!jg_plan_documents_save_cache (documents, store, targets, &cache_error))
    g_printerr (_("jumpgate-cli: warning: cannot update the document cache: "
                  "%s\n"), cache_error->message);

  if (read_errors->len > 0)
    {
      g_autoptr(GPtrArray) unique = g_ptr_array_new ();
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      g_autofree char *joined = NULL;

      /* Missing credentials fail every read with the same message; say
       * it once. */
      for (guint i = 0; i < read_errors->len; i++)
        {
          char *message = g_ptr_array_index (read_errors, i);

          if (g_hash_table_add (seen, message))
            g_ptr_array_add (unique, message);
        }
      g_ptr_array_add (unique, NULL);
      joined = g_strjoinv ("; ", (char **) unique->pdata);
      g_set_error (error, JG_ENGINE_ERROR, JG_ENGINE_ERROR_READ_FAILED,
                   "%s", joined);
      return NULL;
    }

  return g_steal_pointer (&documents);
}

int
jg_cli_cmd_plan (JgCli  *cli,
                 int     argc,
                 char  **argv)
{
  gboolean offline = FALSE;
  gboolean all = FALSE;
  gboolean no_keyring = FALSE;
  const GOptionEntry entries[] = {
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline,
      N_("Compare with the documents last read from AWS (the document "
         "cache) instead of reading them now"), NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all,
      N_("Check every principal's and every role's document, not only "
         "those the staging area touches"), NULL },
    { "no-keyring", 0, 0, G_OPTION_ARG_NONE, &no_keyring,
      N_("Skip the keyring and use only the environment and the shared "
         "credentials file"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(JgStore) store = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(JgPlanDocuments) documents = NULL;
  g_autoptr(JgPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = jg_cli_context_new (cli, "",
                                _("Show the AWS writes that committing the "
                                  "staging area would make, as unified diffs "
                                  "of the documents. Writes nothing to AWS. "
                                  "Exits with 1 when the plan breaks an IAM "
                                  "limit or a document cannot be read."),
                                entries);
  if (!jg_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return jg_cli_usage_error (cli, _("“%s” takes no arguments, but “%s” "
                                      "was given"), argv[0], argv[1]);

  store = jg_cli_open_store (cli, &error);
  if (store == NULL)
    return jg_cli_fail (cli, error);

  targets = jg_plan_collect_targets (store, all ? JG_PLAN_SCOPE_ALL
                                                : JG_PLAN_SCOPE_STAGED,
                                     0, &error);
  if (targets == NULL)
    return jg_cli_fail (cli, error);

  if (offline)
    documents = jg_plan_documents_load_cache (store, targets, &error);
  else
    documents = read_from_aws (cli, store, targets, no_keyring, &error);
  if (documents == NULL)
    return jg_cli_fail (cli, error);

  plan = jg_plan_compute (targets, documents);

  if (jg_cli_get_json (cli))
    {
      g_autoptr(JsonNode) root = jg_cli_plan_to_json (plan);

      jg_cli_print_json (cli, root);
    }
  else
    {
      jg_cli_print_plan (plan);
    }

  for (guint i = 0; i < plan->violations->len; i++)
    {
      JgPlanViolation *violation = g_ptr_array_index (plan->violations, i);

      g_printerr (_("jumpgate-cli: rejected: %s\n"), violation->message);
    }

  return plan->violations->len > 0 ? JG_CLI_EXIT_FAILURE : JG_CLI_EXIT_OK;
}
