/* jg-switch-role-config.h: each person's switch-role configuration, as
 * AWS Extend Switch Roles text and as an AWS CLI configuration file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "core/jg-lz-string.h"
#include "core/jg-model.h"

G_BEGIN_DECLS

#define JG_SWITCH_ROLE_CONFIG_ERROR (jg_switch_role_config_error_quark ())

typedef enum
{
  JG_SWITCH_ROLE_CONFIG_ERROR_INVALID_FORMAT,
} JgSwitchRoleConfigError;

GQuark jg_switch_role_config_error_quark (void);

typedef enum
{
  /* The INI dialect of the AWS Extend Switch Roles browser extension. */
  JG_SWITCH_ROLE_FORMAT_AESR,
  /* Profiles for ~/.aws/config, read by the AWS CLI and the SDKs. */
  JG_SWITCH_ROLE_FORMAT_AWS_CLI,
} JgSwitchRoleFormat;

/* Compressed characters, as counted by
 * jg_lz_string_compressed_utf16_length(), that fit in the extension's
 * browser sync storage: 8 chunks of 2,700 (AWS Extend Switch Roles 6.1.0).
 * Longer text must be kept in the extension's local storage. */
#define JG_AESR_SYNC_STORAGE_MAX_LENGTH 21600

const char *jg_switch_role_format_to_string   (JgSwitchRoleFormat  format);
gboolean    jg_switch_role_format_from_string (const char         *text,
                                               JgSwitchRoleFormat *out_format,
                                               GError            **error);
const char *jg_switch_role_format_get_suffix  (JgSwitchRoleFormat  format);

/* The in-memory description of one person's access: the person, at most
 * one jump account and principal per partition, and the granted roles
 * with their accounts. The store builds it; generation reads nothing
 * else. All setters copy their arguments. */
typedef struct _JgSwitchRoleInput JgSwitchRoleInput;

JgSwitchRoleInput *jg_switch_role_input_new          (const JgPerson      *person);
void               jg_switch_role_input_free         (JgSwitchRoleInput   *input);
void               jg_switch_role_input_set_partition (JgSwitchRoleInput  *input,
                                                       const JgJumpAccount *jump_account,
                                                       const JgPrincipal  *principal);
void               jg_switch_role_input_add_role     (JgSwitchRoleInput   *input,
                                                      const JgAccount     *account,
                                                      const JgRole        *role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgSwitchRoleInput, jg_switch_role_input_free)

/* Generates the configuration text of one person in FORMAT. Bad data is
 * no error: a role that cannot be written is left out, and a value that
 * cannot be written is dropped. Each such case appends one sentence to
 * OUT_WARNINGS, a new array of strings. Returns NULL, with no warnings
 * array, only when INPUT or OUT_WARNINGS is NULL or FORMAT is unknown.
 * The same input always gives the same bytes. */
char      *jg_switch_role_config_generate          (const JgSwitchRoleInput *input,
                                                    JgSwitchRoleFormat       format,
                                                    GPtrArray              **out_warnings);

G_END_DECLS
