/* jg-test-util.c: helpers shared by Jumpgate's GTest programs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "jg-test-util.h"

static char *test_root;

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME
                                        "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                        NULL, NULL);
  while (children != NULL)
    {
      g_autoptr(GFileInfo) info = g_file_enumerator_next_file (children, NULL,
                                                               NULL);
      g_autofree char *child = NULL;

      if (info == NULL)
        break;

      child = g_build_filename (path, g_file_info_get_name (info), NULL);
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

static void
remove_test_root (void)
{
  if (test_root != NULL && g_getenv ("JG_TEST_KEEP_TEMP") == NULL)
    remove_tree (test_root);
  g_clear_pointer (&test_root, g_free);
}

void
jg_test_init (int    *argc,
              char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *config = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *runtime = NULL;

  setlocale (LC_ALL, "");
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  test_root = g_dir_make_tmp ("jumpgate-test-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (remove_test_root);

  data = g_build_filename (test_root, "data", NULL);
  config = g_build_filename (test_root, "config", NULL);
  cache = g_build_filename (test_root, "cache", NULL);
  runtime = g_build_filename (test_root, "runtime", NULL);
  g_mkdir_with_parents (data, 0700);
  g_mkdir_with_parents (config, 0700);
  g_mkdir_with_parents (cache, 0700);
  g_mkdir_with_parents (runtime, 0700);

  /* Child processes (the CLI, the emulator) inherit these. */
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
}

char *
jg_test_make_temp_dir (void)
{
  g_autofree char *template = NULL;
  char *path;

  g_assert_nonnull (test_root);
  template = g_build_filename (test_root, "tmp-XXXXXX", NULL);
  path = g_mkdtemp_full (g_steal_pointer (&template), 0700);
  g_assert_nonnull (path);
  return path;
}

static char *
build_path_va (const char  *root,
               const char  *first_element,
               va_list      args)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *element;

  g_ptr_array_add (parts, (gpointer) root);
  for (element = first_element; element != NULL;
       element = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) element);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

char *
jg_test_shared_path (const char *first_element,
                     ...)
{
  const char *root = g_getenv ("JG_TEST_SHARED_DIR");
  va_list args;
  char *path;

  if (root == NULL)
    g_error ("JG_TEST_SHARED_DIR is not set: run the tests with meson test");

  va_start (args, first_element);
  path = build_path_va (root, first_element, args);
  va_end (args);
  return path;
}

char *
jg_test_source_path (const char *first_element,
                     ...)
{
  const char *root = g_getenv ("JG_TEST_SOURCE_DIR");
  va_list args;
  char *path;

  if (root == NULL)
    g_error ("JG_TEST_SOURCE_DIR is not set: run the tests with meson test");

  va_start (args, first_element);
  path = build_path_va (root, first_element, args);
  va_end (args);
  return path;
}

int
jg_test_run_cli (const char *const  *argv,
                 const char         *stdin_text,
                 char              **out_stdout,
                 char              **out_stderr)
{
  return jg_test_run_cli_with_env (argv, NULL, stdin_text, out_stdout,
                                   out_stderr);
}

int
jg_test_run_cli_with_env (const char *const  *argv,
                          const char *const  *environment,
                          const char         *stdin_text,
                          char              **out_stdout,
                          char              **out_stderr)
{
  g_autoptr(GPtrArray) full_argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *cli = g_getenv ("JG_TEST_CLI");
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE
                           | G_SUBPROCESS_FLAGS_STDERR_PIPE;

  if (cli == NULL)
    g_error ("JG_TEST_CLI is not set: run the tests with meson test");

  g_ptr_array_add (full_argv, (gpointer) cli);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full_argv, (gpointer) argv[i]);
  g_ptr_array_add (full_argv, NULL);

  if (stdin_text != NULL)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;

  /* The child's environment is set on the launcher, because changing
   * this process's environment is not thread-safe once GLib runs
   * threads. */
  launcher = g_subprocess_launcher_new (flags);
  for (guint i = 0; environment != NULL && environment[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (environment[i], "=", 2);

      g_assert_nonnull (pair[1]);
      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

  process = g_subprocess_launcher_spawnv (launcher,
                                          (const char *const *) full_argv->pdata,
                                          &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &stdout_text,
                                 &stderr_text, &error);
  g_assert_no_error (error);

  if (g_test_verbose ())
    g_printerr ("jumpgate-cli exited with %d\nstdout: %s\nstderr: %s\n",
                g_subprocess_get_exit_status (process), stdout_text,
                stderr_text);

  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&stdout_text);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&stderr_text);

  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

int
jg_test_run_clif (char       **out_stdout,
                  char       **out_stderr,
                  const char  *first_arg,
                  ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  return jg_test_run_cli ((const char *const *) argv->pdata, NULL, out_stdout,
                          out_stderr);
}

gboolean
jg_test_files_equal (const char *path_a,
                     const char *path_b)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gsize length_a = 0;
  gsize length_b = 0;

  if (!g_file_get_contents (path_a, &a, &length_a, NULL)
      || !g_file_get_contents (path_b, &b, &length_b, NULL))
    return FALSE;

  return length_a == length_b && memcmp (a, b, length_a) == 0;
}

void
jg_test_add_trust_statement (JsonBuilder *builder,
                             const char  *sid,
                             const char  *principal)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Sid");
  json_builder_add_string_value (builder, sid);
  json_builder_set_member_name (builder, "Effect");
  json_builder_add_string_value (builder, "Allow");
  json_builder_set_member_name (builder, "Principal");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "AWS");
  json_builder_add_string_value (builder, principal);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "Action");
  json_builder_add_string_value (builder, "sts:AssumeRole");
  json_builder_end_object (builder);
}
