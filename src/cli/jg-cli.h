/* jg-cli.h: the shared context of jumpgate-cli's commands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "core/jg-core.h"
#include "engine/jg-engine.h"

G_BEGIN_DECLS

/* Exit statuses of jumpgate-cli. */
typedef enum
{
  JG_CLI_EXIT_OK = 0,
  JG_CLI_EXIT_FAILURE = 1,      /* a runtime failure: AWS, disk, network */
  JG_CLI_EXIT_USAGE = 2,        /* invalid usage or input */
  JG_CLI_EXIT_DRIFT = 3,        /* drift found */
} JgCliExit;

typedef struct _JgCli JgCli;

/* A command receives argv with argv[0] set to "jumpgate-cli COMMAND", parses
 * its own options (adding the global ones with jg_cli_add_global_options()
 * so they are accepted after the command word too) and returns an exit
 * status. */
typedef int (*JgCliCommandFunc) (JgCli  *cli,
                                 int     argc,
                                 char  **argv);

JgCli       *jg_cli_new                  (void);
void         jg_cli_free                 (JgCli         *cli);
int          jg_cli_run                  (JgCli         *cli,
                                          int            argc,
                                          char         **argv);

void         jg_cli_add_global_options   (JgCli         *cli,
                                          GOptionContext *context);
gboolean     jg_cli_parse_options        (JgCli         *cli,
                                          GOptionContext *context,
                                          int           *argc,
                                          char        ***argv,
                                          int           *out_status);
/* The command words so far ("partition add"), for usage lines. */
void         jg_cli_push_command_word    (JgCli         *cli,
                                          const char    *word);
const char  *jg_cli_get_command_path     (JgCli         *cli);
gboolean     jg_cli_get_json             (JgCli         *cli);
const char  *jg_cli_get_db_path          (JgCli         *cli);
const char  *jg_cli_get_endpoint_url     (JgCli         *cli);
JgStore     *jg_cli_open_store           (JgCli         *cli,
                                          GError       **error);
void         jg_cli_suppress_interrupted_warning (JgCli     *cli);

int          jg_cli_fail                 (JgCli         *cli,
                                          const GError  *error);
int          jg_cli_usage_error          (JgCli         *cli,
                                          const char    *format,
                                          ...) G_GNUC_PRINTF (2, 3);
int          jg_cli_exit_status_for_error (const GError *error);
void         jg_cli_print_json           (JgCli         *cli,
                                          JsonNode      *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgCli, jg_cli_free)

/* Commands, one file each. */
int          jg_cli_cmd_partition        (JgCli *cli, int argc, char **argv);
int          jg_cli_cmd_account          (JgCli *cli, int argc, char **argv);
int          jg_cli_cmd_role             (JgCli *cli, int argc, char **argv);
int          jg_cli_cmd_person           (JgCli *cli, int argc, char **argv);
int          jg_cli_cmd_principal        (JgCli *cli, int argc, char **argv);
int          jg_cli_cmd_grant            (JgCli *cli, int argc, char **argv);
int          jg_cli_cmd_revoke           (JgCli *cli, int argc, char **argv);
int          jg_cli_cmd_staged           (JgCli *cli, int argc, char **argv);
int          jg_cli_cmd_grants           (JgCli *cli, int argc, char **argv);
int          jg_cli_cmd_sigv4            (JgCli *cli, int argc, char **argv);
int          jg_cli_cmd_credentials      (JgCli *cli, int argc, char **argv);
int          jg_cli_cmd_plan             (JgCli *cli, int argc, char **argv);
int          jg_cli_cmd_commit           (JgCli *cli, int argc, char **argv);
int          jg_cli_cmd_history          (JgCli *cli, int argc, char **argv);
int          jg_cli_cmd_access           (JgCli *cli, int argc, char **argv);
int          jg_cli_cmd_export_config    (JgCli *cli, int argc, char **argv);

/* Shared by the engine's commands (jg-cli-plan.c, jg-cli-history.c). */
void         jg_cli_on_async_done_cb     (GObject       *source,
                                          GAsyncResult  *result,
                                          gpointer       user_data);
GAsyncResult *jg_cli_wait_for_result     (GAsyncResult **slot);
JsonNode    *jg_cli_plan_to_json         (JgPlan        *plan);
void         jg_cli_print_plan           (JgPlan        *plan);
JsonNode    *jg_cli_actions_to_json      (GPtrArray     *actions);
int          jg_cli_cmd_import           (JgCli *cli, int argc, char **argv);
int          jg_cli_cmd_drift            (JgCli *cli, int argc, char **argv);
/* A session manager for import and drift (jg-cli-import.c). */
struct _JgSessionManager *jg_cli_new_session_manager (JgCli *cli, gboolean no_keyring, GError **error);

G_END_DECLS
