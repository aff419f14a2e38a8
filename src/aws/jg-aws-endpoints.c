/* jg-aws-endpoints.c: service endpoints and signing scopes per partition.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "jg-aws-endpoints.h"
#include "jg-aws-error.h"

G_DEFINE_BOXED_TYPE (JgAwsEndpoint, jg_aws_endpoint,
                     jg_aws_endpoint_copy, jg_aws_endpoint_free)

/* Global services and their fixed signing regions, from botocore's
 * endpoints.json (1.29.27 and 1.43) and checked against requests that
 * botocore signed. IAM signs with the partition's home region whatever
 * region the user picked; Organizations in China lives in
 * cn-northwest-1, not cn-north-1. */
typedef struct
{
  const char *iam_host;
  const char *iam_region;
  const char *organizations_host;
  const char *organizations_region;
  const char *dns_suffix;
} PartitionEndpoints;

static const PartitionEndpoints partition_endpoints[JG_N_PARTITIONS] = {
  [JG_PARTITION_AWS] = {
    "iam.amazonaws.com", "us-east-1",
    "organizations.us-east-1.amazonaws.com", "us-east-1",
    "amazonaws.com",
  },
  [JG_PARTITION_AWS_US_GOV] = {
    "iam.us-gov.amazonaws.com", "us-gov-west-1",
    "organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1",
    "amazonaws.com",
  },
  [JG_PARTITION_AWS_CN] = {
    "iam.cn-north-1.amazonaws.com.cn", "cn-north-1",
    "organizations.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1",
    "amazonaws.com.cn",
  },
};

static const char * const service_names[JG_AWS_N_SERVICES] = {
  [JG_AWS_SERVICE_IAM] = "iam",
  [JG_AWS_SERVICE_STS] = "sts",
  [JG_AWS_SERVICE_ORGANIZATIONS] = "organizations",
};

/**
 * jg_aws_service_to_string:
 * @service: a service
 *
 * Returns: the SigV4 signing name of @service, such as "iam"
 */
const char *
jg_aws_service_to_string (JgAwsService service)
{
  g_return_val_if_fail (service < JG_AWS_N_SERVICES, NULL);

  return service_names[service];
}

JgAwsEndpoint *
jg_aws_endpoint_copy (const JgAwsEndpoint *endpoint)
{
  JgAwsEndpoint *copy;

  g_return_val_if_fail (endpoint != NULL, NULL);

  copy = g_new0 (JgAwsEndpoint, 1);
  copy->url = g_strdup (endpoint->url);
  copy->host = g_strdup (endpoint->host);
  copy->signing_region = g_strdup (endpoint->signing_region);
  copy->signing_service = g_strdup (endpoint->signing_service);

  return copy;
}

void
jg_aws_endpoint_free (JgAwsEndpoint *endpoint)
{
  if (endpoint == NULL)
    return;

  g_free (endpoint->url);
  g_free (endpoint->host);
  g_free (endpoint->signing_region);
  g_free (endpoint->signing_service);
  g_free (endpoint);
}

/**
 * jg_aws_host_is_loopback:
 * @host: a host name or IP address literal, without brackets
 *
 * Returns: whether @host is "localhost", an address in 127.0.0.0/8 or ::1
 */
gboolean
jg_aws_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  g_return_val_if_fail (host != NULL, FALSE);

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
invalid_url (GError     **error,
             const char  *url,
             const char  *reason)
{
  g_set_error (error, JG_AWS_ERROR, JG_AWS_ERROR_INVALID_ENDPOINT,
               _("Endpoint URL “%s” is not usable: %s"), url, reason);

  return FALSE;
}

/* Parses an endpoint override into its parts, enforcing that plain http
 * is used only towards this machine, where no one can read the traffic,
 * and that the URL holds nothing the client would silently drop. */
static gboolean
parse_override (const char  *url,
                char       **out_scheme,
                char       **out_host,
                int         *out_port,
                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;
  const char *path;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return invalid_url (error, url,
                        _("it is not a URL; write it as "
                          "https://host[:port]/"));

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  path = g_uri_get_path (uri);

  if (host == NULL || host[0] == '\0')
    return invalid_url (error, url,
                        _("it has no host; write it as "
                          "https://host[:port]/"));

  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL
      || g_uri_get_fragment (uri) != NULL
      || (path[0] != '\0' && !g_str_equal (path, "/")))
    return invalid_url (error, url,
                        _("only the scheme, host and port are used; remove "
                          "the path, query, fragment and user name"));

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (!jg_aws_host_is_loopback (host))
        return invalid_url (error, url,
                            _("plain http is only allowed towards this "
                              "computer (localhost, 127.0.0.0/8 or ::1); "
                              "use https://"));
    }
  else if (g_ascii_strcasecmp (scheme, "https") != 0)
    {
      return invalid_url (error, url,
                          _("the scheme must be https:// (or http:// for a "
                            "local test server)"));
    }

  if (out_scheme != NULL)
    *out_scheme = g_ascii_strdown (scheme, -1);
  if (out_host != NULL)
    *out_host = g_strdup (host);
  if (out_port != NULL)
    *out_port = g_uri_get_port (uri);

  return TRUE;
}

/**
 * jg_aws_endpoint_check_url:
 * @url: an endpoint override URL
 * @error: return location for a JG_AWS_ERROR_INVALID_ENDPOINT error
 *
 * Checks that @url can replace the endpoints of every service: https, or
 * http towards a loopback address, with a host and no path.
 *
 * Returns: whether @url is usable
 */
gboolean
jg_aws_endpoint_check_url (const char  *url,
                           GError     **error)
{
  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return parse_override (url, NULL, NULL, NULL, error);
}

/**
 * jg_aws_endpoint_resolve:
 * @service: the service to call
 * @partition: the partition of the credentials and account
 * @region: (nullable): the region the user picked, or NULL for the
 *   partition's default region
 * @override_url: (nullable): a URL whose scheme, host and port replace
 *   those of every service, such as a local emulator's
 * @error: return location for an error
 *
 * Finds the URL of @service and the region and name to sign with. IAM
 * and Organizations are global: their host and signing region depend on
 * the partition only. STS is called at its regional endpoint. An
 * override changes where requests go, never the signing scope.
 *
 * Returns: (transfer full): the endpoint, or NULL when @region is not a
 *   region of @partition or @override_url is not usable
 */
JgAwsEndpoint *
jg_aws_endpoint_resolve (JgAwsService   service,
                         JgPartition    partition,
                         const char    *region,
                         const char    *override_url,
                         GError       **error)
{
  const PartitionEndpoints *endpoints;
  g_autoptr(JgAwsEndpoint) endpoint = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (service < JG_AWS_N_SERVICES, NULL);
  g_return_val_if_fail (partition < JG_N_PARTITIONS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (region == NULL)
    region = jg_partition_default_region (partition);

  if (!jg_validate_region (partition, region, &local_error))
    {
      g_set_error_literal (error, JG_AWS_ERROR, JG_AWS_ERROR_INVALID_REQUEST,
                           local_error->message);
      return NULL;
    }

  endpoints = &partition_endpoints[partition];
  endpoint = g_new0 (JgAwsEndpoint, 1);
  endpoint->signing_service = g_strdup (service_names[service]);

  switch (service)
    {
    case JG_AWS_SERVICE_IAM:
      endpoint->host = g_strdup (endpoints->iam_host);
      endpoint->signing_region = g_strdup (endpoints->iam_region);
      break;

    case JG_AWS_SERVICE_STS:
      endpoint->host = g_strdup_printf ("sts.%s.%s", region,
                                        endpoints->dns_suffix);
      endpoint->signing_region = g_strdup (region);
      break;

    case JG_AWS_SERVICE_ORGANIZATIONS:
      endpoint->host = g_strdup (endpoints->organizations_host);
      endpoint->signing_region = g_strdup (endpoints->organizations_region);
      break;

    default:
      g_assert_not_reached ();
    }

  if (override_url != NULL)
    {
      g_autofree char *scheme = NULL;
      g_autofree char *host = NULL;
      int port = -1;

      if (!parse_override (override_url, &scheme, &host, &port, error))
        return NULL;

      g_free (endpoint->host);
      endpoint->host = g_steal_pointer (&host);
      endpoint->url = g_uri_join (G_URI_FLAGS_NONE, scheme, NULL,
                                  endpoint->host, port, "/", NULL, NULL);
    }
  else
    {
      endpoint->url = g_strdup_printf ("https://%s/", endpoint->host);
    }

  return g_steal_pointer (&endpoint);
}
