/* test-emulator-helper.c: tests of the C helper that drives the emulator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jg-test-emulator.h"
#include "jg-test-util.h"

#define SAMPLE_JUMP_ACCOUNT "401836275190"
#define SAMPLE_ADMIN_MFA "arn:aws:iam::401836275190:mfa/jumpgate-admin"

static JgTestEmulator *
start_sample (const char *const *extra_args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *seed = NULL;
  JgTestEmulator *emulator;

  seed = jg_test_source_path ("data", "sandbox", "sample-org.json", NULL);
  emulator = jg_test_emulator_start (seed, extra_args, &error);
  g_assert_no_error (error);
  g_assert_nonnull (emulator);
  return emulator;
}

static void
test_start_and_endpoint (void)
{
  g_autoptr(JgTestEmulator) emulator = start_sample (NULL);
  g_autofree char *expected = NULL;

  g_assert_cmpint (jg_test_emulator_get_port (emulator), >, 0);
  expected = g_strdup_printf ("http://127.0.0.1:%d",
                              jg_test_emulator_get_port (emulator));
  g_assert_cmpstr (jg_test_emulator_get_endpoint (emulator), ==, expected);
}

static void
test_access_key (void)
{
  g_autoptr(JgTestEmulator) emulator = start_sample (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *other_id = NULL;
  g_autofree char *other_secret = NULL;

  g_assert_true (jg_test_emulator_create_access_key (emulator,
                                                     SAMPLE_JUMP_ACCOUNT,
                                                     "jumpgate-admin",
                                                     &key_id, &secret,
                                                     &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (key_id, "AKIA"));
  g_assert_cmpuint (strlen (secret), ==, 40);

  g_assert_false (jg_test_emulator_create_access_key (emulator,
                                                      SAMPLE_JUMP_ACCOUNT,
                                                      "nobody", &other_id,
                                                      &other_secret, &error));
  g_assert_error (error, JG_TEST_EMULATOR_ERROR,
                  JG_TEST_EMULATOR_ERROR_CONTROL);
  g_assert_null (other_id);
  g_assert_null (other_secret);
}

static void
test_mfa_code (void)
{
  g_autoptr(JgTestEmulator) emulator = start_sample (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *missing = NULL;

  code = jg_test_emulator_get_mfa_code (emulator, SAMPLE_ADMIN_MFA, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (code), ==, 6);
  for (size_t i = 0; i < 6; i++)
    g_assert_true (g_ascii_isdigit (code[i]));

  missing = jg_test_emulator_get_mfa_code (
    emulator, "arn:aws:iam::" SAMPLE_JUMP_ACCOUNT ":mfa/nobody", &error);
  g_assert_null (missing);
  g_assert_error (error, JG_TEST_EMULATOR_ERROR,
                  JG_TEST_EMULATOR_ERROR_CONTROL);
}

static unsigned int
count_accounts (JsonNode *state)
{
  JsonObject *root = json_node_get_object (state);

  return json_array_get_length (json_object_get_array_member (root,
                                                              "accounts"));
}

static void
test_seed_dump_and_reset (void)
{
  g_autoptr(JgTestEmulator) emulator = start_sample (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) sample = NULL;
  g_autoptr(JsonNode) empty = NULL;
  g_autoptr(JsonNode) after_reset = NULL;

  sample = jg_test_emulator_dump_state (emulator, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_accounts (sample), ==, 9);

  g_assert_true (jg_test_emulator_load_seed (emulator,
                                             "{\"accounts\": []}", &error));
  g_assert_no_error (error);
  empty = jg_test_emulator_dump_state (emulator, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_accounts (empty), ==, 0);

  g_assert_false (jg_test_emulator_load_seed (emulator,
                                              "{\"partition\": \"mars\"}",
                                              &error));
  g_assert_error (error, JG_TEST_EMULATOR_ERROR,
                  JG_TEST_EMULATOR_ERROR_CONTROL);
  g_clear_error (&error);

  g_assert_true (jg_test_emulator_reset (emulator, &error));
  g_assert_no_error (error);
  after_reset = jg_test_emulator_dump_state (emulator, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (sample, after_reset));
}

static void
test_faults_and_stats (void)
{
  g_autoptr(JgTestEmulator) emulator = start_sample (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) stats = NULL;

  g_assert_true (jg_test_emulator_set_faults (emulator,
                                              "{\"throttle_rate\": 0.5}",
                                              &error));
  g_assert_no_error (error);
  g_assert_false (jg_test_emulator_set_faults (emulator,
                                               "{\"throttle_rate\": 5}",
                                               &error));
  g_assert_error (error, JG_TEST_EMULATOR_ERROR,
                  JG_TEST_EMULATOR_ERROR_CONTROL);
  g_clear_error (&error);

  stats = jg_test_emulator_get_stats (emulator, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stats),
                                               "total"), ==, 0);
  g_assert_cmpint (jg_test_emulator_expire_sessions (emulator, NULL, &error),
                   ==, 0);
  g_assert_no_error (error);
}

static void
test_stop_exits_cleanly (void)
{
  g_autoptr(JgTestEmulator) emulator = start_sample (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (jg_test_emulator_stop (emulator, &error));
  g_assert_no_error (error);
  /* A second stop is a no-op. */
  g_assert_true (jg_test_emulator_stop (emulator, &error));
}

/* Returns whether something accepts TCP connections on 127.0.0.1:port. */
static gboolean
port_accepts_connections (int port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  /* Loopback only: no proxy look-up, which would also need GSettings. */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, 2);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                (guint16) port, NULL, NULL);
  return connection != NULL;
}

static void
test_orphan_stops (void)
{
  const char *port_file = g_getenv ("JG_TEST_EMULATOR_PORT_FILE");
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;
  int port;

  if (g_test_subprocess ())
    {
      JgTestEmulator *emulator;
      g_autofree char *text = NULL;
      int null_fd = open ("/dev/null", O_WRONLY);

      /* The emulator inherits standard error.  Pointing it away from the
       * trap's pipe lets the trap end with this process even when the
       * emulator outlives it, so a failure shows as an assertion and not
       * as a hang. */
      g_assert_cmpint (null_fd, >=, 0);
      g_assert_cmpint (dup2 (null_fd, STDERR_FILENO), ==, STDERR_FILENO);
      close (null_fd);

      /* Dies without stopping the emulator, as a failed assertion would. */
      emulator = start_sample (NULL);
      text = g_strdup_printf ("%d", jg_test_emulator_get_port (emulator));

      g_assert_true (g_file_set_contents (port_file, text, -1, NULL));
      _exit (0);
    }

  folder = jg_test_make_temp_dir ();
  path = g_build_filename (folder, "port", NULL);
  g_setenv ("JG_TEST_EMULATOR_PORT_FILE", path, TRUE);
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("JG_TEST_EMULATOR_PORT_FILE");
  g_test_trap_assert_passed ();

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  port = atoi (contents);
  g_assert_cmpint (port, >, 0);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (port_accepts_connections (port)
         && g_get_monotonic_time () < deadline)
    g_usleep (100 * 1000);
  g_assert_false (port_accepts_connections (port));
}

static void
test_bad_seed_fails_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JgTestEmulator) emulator = NULL;

  emulator = jg_test_emulator_start ("/nonexistent/seed.json", NULL, &error);
  g_assert_null (emulator);
  g_assert_error (error, JG_TEST_EMULATOR_ERROR,
                  JG_TEST_EMULATOR_ERROR_START);
}

int
main (int   argc,
      char *argv[])
{
  jg_test_init (&argc, &argv);

  g_test_add_func ("/jumpgate/emulator-helper/start-and-endpoint",
                   test_start_and_endpoint);
  g_test_add_func ("/jumpgate/emulator-helper/access-key", test_access_key);
  g_test_add_func ("/jumpgate/emulator-helper/mfa-code", test_mfa_code);
  g_test_add_func ("/jumpgate/emulator-helper/seed-dump-and-reset",
                   test_seed_dump_and_reset);
  g_test_add_func ("/jumpgate/emulator-helper/faults-and-stats",
                   test_faults_and_stats);
  g_test_add_func ("/jumpgate/emulator-helper/stop-exits-cleanly",
                   test_stop_exits_cleanly);
  g_test_add_func ("/jumpgate/emulator-helper/orphan-stops",
                   test_orphan_stops);
  g_test_add_func ("/jumpgate/emulator-helper/bad-seed-fails-start",
                   test_bad_seed_fails_start);

  return g_test_run ();
}
