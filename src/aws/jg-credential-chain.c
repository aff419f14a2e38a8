/* jg-credential-chain.c: where long-term admin credentials come from.
 *
 * Tried in order: the keyring item of the partition, the standard
 * environment variables, then one profile of the shared credentials file
 * that the AWS CLI and SDKs read. The first source that contains
 * credentials wins. A source that is present but broken (half a key pair,
 * a malformed file) stops the chain with an error instead of being passed
 * over, because silently acting as another identity would be worse.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <openssl/crypto.h>

#include "jg-credential-chain.h"

#define DEFAULT_PROFILE "default"
#define MAX_LISTED_PROFILES 20

struct _JgCredentialChain
{
  GObject             parent_instance;

  JgCredentialStore  *store;      /* NULL: the keyring is not consulted */
  char              **environ;    /* NULL: the process's environment */
};

G_DEFINE_FINAL_TYPE (JgCredentialChain, jg_credential_chain, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (JgResolvedCredentials, jg_resolved_credentials,
                     jg_resolved_credentials_copy,
                     jg_resolved_credentials_free)

const char *
jg_credential_source_to_string (JgCredentialSource source)
{
  switch (source)
    {
    case JG_CREDENTIAL_SOURCE_KEYRING:
      return "keyring";
    case JG_CREDENTIAL_SOURCE_ENVIRONMENT:
      return "environment";
    case JG_CREDENTIAL_SOURCE_SHARED_FILE:
      return "shared-credentials-file";
    default:
      g_return_val_if_reached (NULL);
    }
}

static JgResolvedCredentials *
resolved_credentials_new (JgAwsCredentials   *credentials,
                          JgCredentialSource  source,
                          char               *description,
                          const char         *mfa_device_arn)
{
  JgResolvedCredentials *resolved = g_new0 (JgResolvedCredentials, 1);

  resolved->credentials = credentials;
  resolved->source = source;
  resolved->description = description;
  resolved->mfa_device_arn = g_strdup (mfa_device_arn);
  return resolved;
}

JgResolvedCredentials *
jg_resolved_credentials_copy (const JgResolvedCredentials *resolved)
{
  JgResolvedCredentials *copy;

  g_return_val_if_fail (resolved != NULL, NULL);

  copy = resolved_credentials_new (jg_aws_credentials_copy (resolved->credentials),
                                   resolved->source,
                                   g_strdup (resolved->description),
                                   resolved->mfa_device_arn);
  if (resolved->keyring_error != NULL)
    copy->keyring_error = g_error_copy (resolved->keyring_error);
  return copy;
}

void
jg_resolved_credentials_free (JgResolvedCredentials *resolved)
{
  if (resolved == NULL)
    return;

  g_clear_pointer (&resolved->credentials, jg_aws_credentials_free);
  g_free (resolved->description);
  g_free (resolved->mfa_device_arn);
  g_clear_error (&resolved->keyring_error);
  g_free (resolved);
}

/* An empty value counts as unset, as in the AWS CLI, and because meson
 * can only blank a variable, not remove it, in a test's environment. */
static const char *
environ_get (const char * const *envp,
             const char         *name)
{
  const char *value = g_environ_getenv ((char **) envp, name);

  if (value == NULL || value[0] == '\0')
    return NULL;

  return value;
}

/**
 * jg_credentials_from_environment:
 *
 * Reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and the optional
 * AWS_SESSION_TOKEN. Returns NULL without an error when neither key
 * variable is set, and NULL with JG_CREDENTIALS_ERROR_INCOMPLETE when
 * only one of them is.
 */
JgAwsCredentials *
jg_credentials_from_environment (const char * const  *envp,
                                 GError             **error)
{
  const char *access_key_id = environ_get (envp, "AWS_ACCESS_KEY_ID");
  const char *secret = environ_get (envp, "AWS_SECRET_ACCESS_KEY");
  const char *token = environ_get (envp, "AWS_SESSION_TOKEN");
  g_autoptr(GError) local_error = NULL;

  if (access_key_id == NULL && secret == NULL)
    return NULL;

  if (access_key_id == NULL || secret == NULL)
    {
      g_set_error (error, JG_CREDENTIALS_ERROR,
                   JG_CREDENTIALS_ERROR_INCOMPLETE,
                   _("%s is set but %s is not: set both, or neither to use "
                     "the shared credentials file"),
                   access_key_id != NULL ? "AWS_ACCESS_KEY_ID"
                                         : "AWS_SECRET_ACCESS_KEY",
                   access_key_id != NULL ? "AWS_SECRET_ACCESS_KEY"
                                         : "AWS_ACCESS_KEY_ID");
      return NULL;
    }

  if (!jg_validate_access_key_id (access_key_id, &local_error)
      || !jg_validate_secret_access_key (secret, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("In the environment: %s"), local_error->message);
      return NULL;
    }

  return jg_aws_credentials_new (access_key_id, secret, token, NULL);
}

static char *
expand_home (const char * const *envp,
             const char         *path)
{
  const char *home;

  if (path[0] != '~' || (path[1] != '/' && path[1] != '\0'))
    return g_strdup (path);

  home = environ_get (envp, "HOME");
  if (home == NULL)
    home = g_get_home_dir ();

  return g_build_filename (home, path + 1, NULL);
}

/* Returns AWS_SHARED_CREDENTIALS_FILE with a leading ~ expanded, or
 * ~/.aws/credentials. */
char *
jg_shared_credentials_dup_path (const char * const *envp)
{
  const char *path = environ_get (envp, "AWS_SHARED_CREDENTIALS_FILE");

  if (path != NULL)
    return expand_home (envp, path);

  return expand_home (envp, "~/.aws/credentials");
}

/* Returns AWS_PROFILE, or "default" with *out_explicit FALSE. */
char *
jg_shared_credentials_dup_profile (const char * const *envp,
                                   gboolean           *out_explicit)
{
  const char *profile = environ_get (envp, "AWS_PROFILE");

  if (out_explicit != NULL)
    *out_explicit = profile != NULL;

  return g_strdup (profile != NULL ? profile : DEFAULT_PROFILE);
}

static char *
strip (char *text)
{
  return g_strstrip (text);
}

/* The keys of one profile, pointing into the parser's buffer. */
typedef struct
{
  gboolean    found;
  const char *access_key_id;
  const char *secret;
  const char *token;
} ProfileKeys;

static gboolean
parse_line (char         *line,
            guint         line_number,
            const char   *path,
            const char   *profile,
            gboolean     *in_profile,
            gboolean     *in_nested,
            gboolean     *seen_section,
            ProfileKeys  *keys,
            GPtrArray    *profiles,
            GError      **error)
{
  char *text;
  char *equals;
  char *key;
  char *value;

  /* Indented lines under a key with an empty value are its nested
   * settings, such as the AWS CLI's "s3 =" blocks, which none of the keys
   * read here has. Other indented lines are parsed as if unindented. */
  if (line[0] == ' ' || line[0] == '\t')
    {
      if (*in_nested)
        return TRUE;
    }
  else
    *in_nested = FALSE;

  text = strip (line);
  if (text[0] == '\0' || text[0] == '#' || text[0] == ';')
    return TRUE;

  if (text[0] == '[')
    {
      gsize length = strlen (text);
      char *name;

      if (text[length - 1] != ']')
        {
          g_set_error (error, JG_CREDENTIALS_ERROR,
                       JG_CREDENTIALS_ERROR_INVALID_FILE,
                       _("Line %u of the shared credentials file %s starts a "
                         "profile header without a closing “]”: write it "
                         "as [name]"),
                       line_number, path);
          return FALSE;
        }

      text[length - 1] = '\0';
      name = strip (text + 1);
      *seen_section = TRUE;
      *in_profile = strcmp (name, profile) == 0;
      if (*in_profile)
        keys->found = TRUE;
      /* Kept for the message about a missing profile, which lists at
       * most a screenful of names. */
      if (profiles->len < MAX_LISTED_PROFILES)
        g_ptr_array_add (profiles, g_strdup (name));
      return TRUE;
    }

  equals = strchr (text, '=');
  if (equals == NULL || !*seen_section)
    {
      /* The line itself is not quoted: it may hold a secret. */
      g_set_error (error, JG_CREDENTIALS_ERROR,
                   JG_CREDENTIALS_ERROR_INVALID_FILE,
                   *seen_section
                   ? _("Line %u of the shared credentials file %s is "
                       "neither a [profile] header, a “key = value” line "
                       "nor a comment: fix or remove it")
                   : _("Line %u of the shared credentials file %s comes "
                       "before any [profile] header: put the keys under a "
                       "header such as [default]"),
                   line_number, path);
      return FALSE;
    }

  *equals = '\0';
  key = strip (text);
  value = strip (equals + 1);
  if (value[0] == '\0')
    {
      *in_nested = TRUE;
      return TRUE;
    }

  if (!*in_profile)
    return TRUE;

  /* Keys are case-insensitive, as in Python's configparser that the AWS
   * CLI uses. aws_security_token is the older name of the token. */
  if (g_ascii_strcasecmp (key, "aws_access_key_id") == 0)
    keys->access_key_id = value;
  else if (g_ascii_strcasecmp (key, "aws_secret_access_key") == 0)
    keys->secret = value;
  else if (g_ascii_strcasecmp (key, "aws_session_token") == 0)
    keys->token = value;
  else if (g_ascii_strcasecmp (key, "aws_security_token") == 0
           && keys->token == NULL)
    keys->token = value;

  return TRUE;
}

static JgAwsCredentials *
credentials_from_profile (const ProfileKeys  *keys,
                          const char         *path,
                          const char         *profile,
                          GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  if (keys->access_key_id == NULL || keys->secret == NULL)
    {
      const char *missing = keys->access_key_id == NULL
                            ? "aws_access_key_id" : "aws_secret_access_key";

      g_set_error (error, JG_CREDENTIALS_ERROR,
                   JG_CREDENTIALS_ERROR_INCOMPLETE,
                   _("The profile “%s” of the shared credentials file %s "
                     "has no %s: add a line “%s = …” under [%s], or choose "
                     "another profile with AWS_PROFILE"),
                   profile, path, missing, missing, profile);
      return NULL;
    }

  if (!jg_validate_access_key_id (keys->access_key_id, &local_error)
      || !jg_validate_secret_access_key (keys->secret, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("In the profile “%s” of the shared credentials file "
                     "%s: %s"), profile, path, local_error->message);
      return NULL;
    }

  return jg_aws_credentials_new (keys->access_key_id, keys->secret,
                                 keys->token, NULL);
}

/**
 * jg_shared_credentials_parse:
 * @data: the file's contents, not necessarily NUL-terminated
 * @path: the file's path, for messages only
 * @profile_explicit: whether the profile was asked for by name
 *
 * Reads one profile of a shared credentials file: "[name]" headers,
 * "key = value" lines with any spacing, "#" and ";" comment lines.
 * Returns NULL without an error when the profile is absent and was not
 * asked for by name. Messages give line numbers but never quote a line,
 * which may hold a secret.
 */
JgAwsCredentials *
jg_shared_credentials_parse (const char  *data,
                             gsize        length,
                             const char  *path,
                             const char  *profile,
                             gboolean     profile_explicit,
                             GError     **error)
{
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func (g_free);
  ProfileKeys keys = { 0 };
  gboolean in_profile = FALSE;
  gboolean in_nested = FALSE;
  gboolean seen_section = FALSE;
  gboolean ok = TRUE;
  JgAwsCredentials *credentials = NULL;
  char *buffer;
  char *line;
  guint line_number = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (profile != NULL, NULL);

  /* A private, NUL-terminated copy that the parser cuts into lines and
   * that is overwritten before it is freed. */
  buffer = g_malloc (length + 1);
  memcpy (buffer, data, length);
  buffer[length] = '\0';

  line = buffer;
  if (length >= 3 && memcmp (line, "\xEF\xBB\xBF", 3) == 0)
    line += 3;

  while (ok && line != NULL)
    {
      char *end = strchr (line, '\n');

      if (end != NULL)
        *end = '\0';
      line_number++;
      ok = parse_line (line, line_number, path, profile, &in_profile,
                       &in_nested, &seen_section, &keys, profiles, error);
      line = end != NULL ? end + 1 : NULL;
    }

  if (ok && keys.found)
    credentials = credentials_from_profile (&keys, path, profile, error);
  else if (ok && profile_explicit)
    {
      g_autofree char *names = NULL;

      g_ptr_array_add (profiles, NULL);
      names = g_strjoinv (", ", (char **) profiles->pdata);
      g_set_error (error, JG_CREDENTIALS_ERROR,
                   JG_CREDENTIALS_ERROR_INVALID_FILE,
                   _("AWS_PROFILE names the profile “%s” but the shared "
                     "credentials file %s has no [%s] (it has: %s): set "
                     "AWS_PROFILE to one of those, or unset it to use "
                     "[default]"),
                   profile, path, profile,
                   names[0] != '\0' ? names : _("no profiles"));
    }

  OPENSSL_cleanse (buffer, length);
  g_free (buffer);
  return credentials;
}

/* Chain */

typedef struct
{
  JgPartition  partition;
  char       **environ;
  char        *path;
  char        *profile;
  gboolean     profile_explicit;
  GError      *keyring_error;
} ResolveData;

static void
resolve_data_free (ResolveData *data)
{
  g_strfreev (data->environ);
  g_free (data->path);
  g_free (data->profile);
  g_clear_error (&data->keyring_error);
  g_free (data);
}

static void
return_resolved (GTask                 *task,
                 JgResolvedCredentials *resolved)
{
  ResolveData *data = g_task_get_task_data (task);

  resolved->keyring_error = g_steal_pointer (&data->keyring_error);
  g_debug ("Using access key %s from the %s",
           resolved->credentials->access_key_id, resolved->description);
  g_task_return_pointer (task, resolved,
                         (GDestroyNotify) jg_resolved_credentials_free);
}

/* A few words on why the keyring gave nothing, for the message that
 * lists every place looked at. */
static const char *
describe_keyring_problem (const GError *error)
{
  if (error == NULL)
    return _("no item for this partition");

  if (error->domain == JG_CREDENTIALS_ERROR)
    {
      switch ((JgCredentialsError) error->code)
        {
        case JG_CREDENTIALS_ERROR_KEYRING_UNAVAILABLE:
          return _("no Secret Service on the D-Bus session bus");
        case JG_CREDENTIALS_ERROR_KEYRING_NO_COLLECTION:
          return _("no default collection");
        case JG_CREDENTIALS_ERROR_KEYRING_LOCKED:
          return _("locked");
        default:
          break;
        }
    }

  return error->message;
}

static void
return_not_found (GTask    *task,
                  gboolean  file_exists)
{
  ResolveData *data = g_task_get_task_data (task);
  const char *partition = jg_partition_to_string (data->partition);
  g_autofree char *file = NULL;

  if (file_exists)
    file = g_strdup_printf (_("%s has no profile [%s]"), data->path,
                            data->profile);
  else
    file = g_strdup_printf (_("%s does not exist"), data->path);

  g_task_return_new_error (task, JG_CREDENTIALS_ERROR,
                           JG_CREDENTIALS_ERROR_NOT_FOUND,
                           _("No AWS credentials found for the %s "
                             "partition. The keyring: %s; the environment: "
                             "AWS_ACCESS_KEY_ID is not set; the shared "
                             "credentials file: %s. Store credentials with "
                             "“jumpgate-cli credentials set --partition %s”, "
                             "or set AWS_ACCESS_KEY_ID and "
                             "AWS_SECRET_ACCESS_KEY"),
                           partition,
                           describe_keyring_problem (data->keyring_error),
                           file, partition);
}

static void
on_shared_file_loaded_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ResolveData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  JgAwsCredentials *credentials;
  char *description;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents,
                                    &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          return_not_found (task, FALSE);
          return;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      g_task_return_new_error (task, JG_CREDENTIALS_ERROR,
                               JG_CREDENTIALS_ERROR_INVALID_FILE,
                               _("Cannot read the shared credentials file "
                                 "%s: %s; fix its permissions, or point "
                                 "AWS_SHARED_CREDENTIALS_FILE at another "
                                 "file"),
                               data->path, error->message);
      return;
    }

  credentials = jg_shared_credentials_parse (contents, length, data->path,
                                             data->profile,
                                             data->profile_explicit, &error);
  OPENSSL_cleanse (contents, length);
  g_free (contents);

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (credentials == NULL)
    {
      return_not_found (task, TRUE);
      return;
    }

  description = g_strdup_printf (_("shared credentials file %s, profile %s"),
                                 data->path, data->profile);
  return_resolved (task,
                   resolved_credentials_new (credentials,
                                             JG_CREDENTIAL_SOURCE_SHARED_FILE,
                                             description, NULL));
}

/* Everything after the keyring: the environment, then the file. */
static void
resolve_without_keyring (GTask *task)
{
  ResolveData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  JgAwsCredentials *credentials;

  credentials = jg_credentials_from_environment ((const char * const *)
                                                 data->environ, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (credentials != NULL)
    {
      char *description = g_strdup (_("environment variables "
                                      "AWS_ACCESS_KEY_ID and "
                                      "AWS_SECRET_ACCESS_KEY"));

      return_resolved (task,
                       resolved_credentials_new (credentials,
                                                 JG_CREDENTIAL_SOURCE_ENVIRONMENT,
                                                 description, NULL));
      g_object_unref (task);
      return;
    }

  data->path = jg_shared_credentials_dup_path ((const char * const *)
                                               data->environ);
  data->profile = jg_shared_credentials_dup_profile ((const char * const *)
                                                     data->environ,
                                                     &data->profile_explicit);
  file = g_file_new_for_path (data->path);
  g_file_load_contents_async (file, g_task_get_cancellable (task),
                              on_shared_file_loaded_cb, task);
}

static void
on_keyring_lookup_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  ResolveData *data = g_task_get_task_data (task);
  g_autoptr(JgAdminCredentials) admin = NULL;
  g_autoptr(GError) error = NULL;
  JgAwsCredentials *credentials;

  admin = jg_credential_store_lookup_finish (JG_CREDENTIAL_STORE (source),
                                             result, &error);
  if (admin != NULL)
    {
      char *description;

      credentials = jg_aws_credentials_new (admin->access_key_id,
                                            admin->secret_access_key,
                                            NULL, NULL);
      description = g_strdup_printf (_("keyring item of the %s partition"),
                                     jg_partition_to_string (data->partition));
      return_resolved (task,
                       resolved_credentials_new (credentials,
                                                 JG_CREDENTIAL_SOURCE_KEYRING,
                                                 description,
                                                 admin->mfa_device_arn));
      g_object_unref (task);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* No item is the usual case for scripts. Any other error is kept, so
   * the final message and the caller can report why the keyring was
   * skipped. */
  if (!g_error_matches (error, JG_CREDENTIALS_ERROR,
                        JG_CREDENTIALS_ERROR_NOT_FOUND))
    {
      g_debug ("Passing over the keyring: %s", error->message);
      data->keyring_error = g_steal_pointer (&error);
    }

  resolve_without_keyring (task);
}

/**
 * jg_credential_chain_resolve_async:
 *
 * Finds the long-term credentials for partition: the keyring, then the
 * environment, then the shared credentials file. Fails with
 * JG_CREDENTIALS_ERROR_NOT_FOUND, naming every place looked at, when no
 * source contains any.
 */
void
jg_credential_chain_resolve_async (JgCredentialChain   *self,
                                   JgPartition          partition,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;
  ResolveData *data;

  g_return_if_fail (JG_IS_CREDENTIAL_CHAIN (self));
  g_return_if_fail (partition < JG_N_PARTITIONS);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ResolveData, 1);
  data->partition = partition;
  data->environ = self->environ != NULL ? g_strdupv (self->environ)
                                        : g_get_environ ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, jg_credential_chain_resolve_async);
  g_task_set_task_data (task, data, (GDestroyNotify) resolve_data_free);

  if (self->store == NULL)
    {
      resolve_without_keyring (task);
      return;
    }

  jg_credential_store_lookup_async (self->store, partition, cancellable,
                                    on_keyring_lookup_cb, task);
}

JgResolvedCredentials *
jg_credential_chain_resolve_finish (JgCredentialChain  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (JG_IS_CREDENTIAL_CHAIN (self), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result,
                                                  jg_credential_chain_resolve_async),
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
jg_credential_chain_finalize (GObject *object)
{
  JgCredentialChain *self = JG_CREDENTIAL_CHAIN (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->environ, g_strfreev);

  G_OBJECT_CLASS (jg_credential_chain_parent_class)->finalize (object);
}

static void
jg_credential_chain_class_init (JgCredentialChainClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jg_credential_chain_finalize;
}

static void
jg_credential_chain_init (JgCredentialChain *self)
{
}

/**
 * jg_credential_chain_new:
 * @store: (nullable): the keyring to try first, or NULL to skip it
 */
JgCredentialChain *
jg_credential_chain_new (JgCredentialStore *store)
{
  JgCredentialChain *self;

  g_return_val_if_fail (store == NULL || JG_IS_CREDENTIAL_STORE (store), NULL);

  self = g_object_new (JG_TYPE_CREDENTIAL_CHAIN, NULL);
  g_set_object (&self->store, store);
  return self;
}

JgCredentialStore *
jg_credential_chain_get_store (JgCredentialChain *self)
{
  g_return_val_if_fail (JG_IS_CREDENTIAL_CHAIN (self), NULL);

  return self->store;
}

/**
 * jg_credential_chain_set_environment:
 * @envp: (nullable): the environment to read instead of the process's
 *
 * Sets the environment that the next resolutions read variables from;
 * NULL goes back to the process's own, read at each resolution.
 */
void
jg_credential_chain_set_environment (JgCredentialChain  *self,
                                     const char * const *envp)
{
  g_return_if_fail (JG_IS_CREDENTIAL_CHAIN (self));

  g_clear_pointer (&self->environ, g_strfreev);
  self->environ = g_strdupv ((char **) envp);
}
