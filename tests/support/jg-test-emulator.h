/* jg-test-emulator.h: the IAM/STS/Organizations emulator for GTest programs.
 *
 * Starts tests/emulator/jumpgate_emulator.py on a free 127.0.0.1 port and
 * drives its control endpoint synchronously.  Secrets returned by the
 * control endpoint stay in memory; callers must not log them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define JG_TEST_EMULATOR_ERROR (jg_test_emulator_error_quark ())

typedef enum
{
  /* The process could not be spawned or did not announce its port. */
  JG_TEST_EMULATOR_ERROR_START,
  /* A control call failed or returned an error status. */
  JG_TEST_EMULATOR_ERROR_CONTROL,
  /* The process ended with a status other than 0. */
  JG_TEST_EMULATOR_ERROR_EXIT,
} JgTestEmulatorError;

typedef struct _JgTestEmulator JgTestEmulator;

GQuark           jg_test_emulator_error_quark        (void);

/* Spawns /usr/bin/python3 $JG_TEST_SOURCE_DIR/tests/emulator/
 * jumpgate_emulator.py --port 0, with --seed seed_path when it is not NULL
 * and then extra_args (NULL-terminated, may be NULL), for example
 * { "--throttle-rate", "0.2", "--random-seed", "1", NULL }.  Waits at most
 * 20 seconds for the port line. */
JgTestEmulator  *jg_test_emulator_start              (const char         *seed_path,
                                                      const char *const  *extra_args,
                                                      GError            **error);

/* Returns "http://127.0.0.1:PORT", owned by self. */
const char      *jg_test_emulator_get_endpoint       (JgTestEmulator     *self);
int              jg_test_emulator_get_port           (JgTestEmulator     *self);

/* Creates a long-term access key for user_name in account_id. */
gboolean         jg_test_emulator_create_access_key  (JgTestEmulator     *self,
                                                      const char         *account_id,
                                                      const char         *user_name,
                                                      char              **out_access_key_id,
                                                      char              **out_secret_access_key,
                                                      GError            **error);

/* Returns the six-digit code the device serial (an MFA ARN) shows now. */
char            *jg_test_emulator_get_mfa_code       (JgTestEmulator     *self,
                                                      const char         *serial,
                                                      GError            **error);

/* Returns the organisation in the seed format, without secrets. */
JsonNode        *jg_test_emulator_dump_state         (JgTestEmulator     *self,
                                                      GError            **error);

/* Returns request counts: total, operations, accounts, statuses, errors
 * and faults. */
JsonNode        *jg_test_emulator_get_stats          (JgTestEmulator     *self,
                                                      GError            **error);

/* Merges faults_json (a JSON object such as {"throttle_rate": 0.5}) into
 * the fault settings; {"replace": true, ...} starts from no faults. */
gboolean         jg_test_emulator_set_faults         (JgTestEmulator     *self,
                                                      const char         *faults_json,
                                                      GError            **error);

/* Replaces the organisation; every access key and session is dropped. */
gboolean         jg_test_emulator_load_seed          (JgTestEmulator     *self,
                                                      const char         *seed_json,
                                                      GError            **error);
gboolean         jg_test_emulator_load_seed_file     (JgTestEmulator     *self,
                                                      const char         *seed_path,
                                                      GError            **error);

/* Returns to the start-up seed and faults and clears the counts. */
gboolean         jg_test_emulator_reset              (JgTestEmulator     *self,
                                                      GError            **error);

/* Expires the temporary credentials with access_key_id, or all of them
 * when it is NULL.  Returns how many, or -1 with error set. */
int              jg_test_emulator_expire_sessions    (JgTestEmulator     *self,
                                                      const char         *access_key_id,
                                                      GError            **error);

/* Sends SIGTERM and waits; fails unless the emulator exits with 0. */
gboolean         jg_test_emulator_stop               (JgTestEmulator     *self,
                                                      GError            **error);

/* Stops the emulator if it still runs, then frees self. */
void             jg_test_emulator_free               (JgTestEmulator     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JgTestEmulator, jg_test_emulator_free)

G_END_DECLS
