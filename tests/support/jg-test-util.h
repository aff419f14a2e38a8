/* jg-test-util.h: helpers shared by Jumpgate's GTest programs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Initialises GTest and points XDG folders at a private temporary tree, so
 * no test reads or writes the developer's own data. */
void      jg_test_init               (int          *argc,
                                      char       ***argv);
char     *jg_test_make_temp_dir      (void);
char     *jg_test_shared_path        (const char   *first_element,
                                      ...) G_GNUC_NULL_TERMINATED;
char     *jg_test_source_path        (const char   *first_element,
                                      ...) G_GNUC_NULL_TERMINATED;

/* Runs the built jumpgate-cli with argv (NULL-terminated, without the
 * program name) and optional standard input; returns its exit status. */
int       jg_test_run_cli            (const char *const *argv,
                                      const char   *stdin_text,
                                      char        **out_stdout,
                                      char        **out_stderr);
/* Like jg_test_run_cli(), with NAME=VALUE pairs added to the child's
 * environment only. */
int       jg_test_run_cli_with_env   (const char *const *argv,
                                      const char *const *environment,
                                      const char   *stdin_text,
                                      char        **out_stdout,
                                      char        **out_stderr);
int       jg_test_run_clif           (char        **out_stdout,
                                      char        **out_stderr,
                                      const char   *first_arg,
                                      ...) G_GNUC_NULL_TERMINATED;

/* Adds one trust policy statement allowing principal sts:AssumeRole. */
void      jg_test_add_trust_statement (JsonBuilder  *builder,
                                       const char   *sid,
                                       const char   *principal);
gboolean  jg_test_files_equal        (const char   *path_a,
                                      const char   *path_b);

G_END_DECLS
