/* jg-cli-private.h: helpers shared by jumpgate-cli's command files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "jg-cli.h"

G_BEGIN_DECLS

typedef struct
{
  const char       *name;
  JgCliCommandFunc  func;
  const char       *parameters;   /* e.g. "HANDLE ROLE_ARN…" */
  const char       *summary;
} JgCliVerb;

int              jg_cli_dispatch_verb     (JgCli            *cli,
                                           const JgCliVerb  *verbs,
                                           guint             n_verbs,
                                           int               argc,
                                           char            **argv);
GOptionContext  *jg_cli_context_new       (JgCli            *cli,
                                           const char       *parameters,
                                           const char       *summary,
                                           const GOptionEntry *entries);
gboolean         jg_cli_parse_partition_option (JgCli       *cli,
                                                const char  *text,
                                                JgPartition *out_partition,
                                                int         *out_status);
void             jg_cli_print_table       (GPtrArray        *rows,
                                           guint             n_columns);

/* A JgMfaCodeFunc for every command that needs an MFA session
 * (jg-cli-credentials.c): takes the code from JUMPGATE_MFA_CODE when it
 * is set, else prompts when standard input is a terminal, else fails
 * with JG_CREDENTIALS_ERROR_MFA_CODE. */
void             jg_cli_mfa_code_func     (const char       *mfa_device_arn,
                                           GCancellable     *cancellable,
                                           GTask            *task,
                                           gpointer          user_data);

G_END_DECLS
