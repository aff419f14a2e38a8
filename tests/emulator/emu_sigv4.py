"""SigV4 checks of incoming requests, with botocore's signer as the oracle.

The expected signature is recomputed with botocore.auth.SigV4Auth over a
request rebuilt from what arrived: the method, the URL, only the headers
named in SignedHeaders, and the body.  The signing time is the request's
X-Amz-Date, so the oracle does not depend on when the check runs.
"""

import calendar
import hashlib
import hmac
import re
import time

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

MAX_SKEW_SECONDS = 15 * 60
AMZ_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
AUTH_PATTERN = re.compile(
    r"^AWS4-HMAC-SHA256 "
    r"Credential=(?P<credential>[^,\s]+),\s*"
    r"SignedHeaders=(?P<signed>[^,\s]+),\s*"
    r"Signature=(?P<signature>[0-9a-f]{64})$")

# The signing region each partition's global services expect, from
# botocore's endpoints.json credentialScope (1.29.27).  STS accepts any
# region of the partition.
SERVICE_REGIONS = {
    ("aws", "iam"): ("us-east-1",),
    ("aws", "organizations"): ("us-east-1",),
    ("aws-us-gov", "iam"): ("us-gov-west-1",),
    ("aws-us-gov", "organizations"): ("us-gov-west-1",),
    ("aws-cn", "iam"): ("cn-north-1",),
    ("aws-cn", "organizations"): ("cn-northwest-1",),
}
REGION_PREFIXES = {"aws": "", "aws-us-gov": "us-gov-", "aws-cn": "cn-"}


class AuthError(Exception):
    """A request that AWS would reject before running the operation."""

    def __init__(self, code, status, message):
        super().__init__(message)
        self.code = code
        self.status = status
        self.message = message


class ParsedAuthorization:
    def __init__(self, access_key_id, date, region, service, signed_headers,
                 signature):
        self.access_key_id = access_key_id
        self.date = date
        self.region = region
        self.service = service
        self.signed_headers = signed_headers
        self.signature = signature


def parse_authorization(headers):
    """Parse the Authorization header; raise AuthError when it is unusable."""
    value = headers.get("Authorization")
    if value is None:
        raise AuthError("MissingAuthenticationToken", 403,
                        "Request is missing Authentication Token")
    match = AUTH_PATTERN.match(value.strip())
    if not match:
        raise AuthError(
            "IncompleteSignature", 400,
            "Authorization header requires 'Credential', 'Signature' and "
            "'SignedHeaders' parameters of the AWS4-HMAC-SHA256 scheme.")
    parts = match.group("credential").split("/")
    if len(parts) != 5 or parts[4] != "aws4_request":
        raise AuthError(
            "IncompleteSignature", 400,
            "Credential should have the form "
            "ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request.")
    signed = match.group("signed").split(";")
    return ParsedAuthorization(parts[0], parts[1], parts[2], parts[3], signed,
                               match.group("signature"))


def service_of(headers):
    """Return the signing service of a request, or None if unsigned."""
    try:
        return parse_authorization(headers).service
    except AuthError:
        return None


def request_time(headers, auth):
    """Return X-Amz-Date as epoch seconds after checking it against auth."""
    amz_date = headers.get("X-Amz-Date")
    if amz_date is None:
        raise AuthError(
            "IncompleteSignature", 400,
            "Authorization header requires existence of a 'X-Amz-Date' "
            "header.")
    try:
        parsed = time.strptime(amz_date, AMZ_DATE_FORMAT)
    except ValueError:
        raise AuthError("IncompleteSignature", 400,
                        "X-Amz-Date %r is not in the form YYYYMMDDTHHMMSSZ."
                        % amz_date)
    if auth.date != amz_date[:8]:
        raise AuthError(
            "SignatureDoesNotMatch", 403,
            "Date in Credential scope does not match YYYYMMDD from "
            "ISO-8601 version of date from HTTP: '%s' != '%s'"
            % (auth.date, amz_date[:8]))
    if "x-amz-date" not in auth.signed_headers or \
            "host" not in auth.signed_headers:
        raise AuthError(
            "SignatureDoesNotMatch", 403,
            "SignedHeaders must include host and x-amz-date.")
    return calendar.timegm(parsed)


def check_region(partition, service, region):
    """Reject a credential scope region that AWS would reject."""
    allowed = SERVICE_REGIONS.get((partition, service))
    prefix = REGION_PREFIXES[partition]
    if allowed is not None:
        valid = region in allowed
    elif partition == "aws":
        valid = not region.startswith(("us-gov-", "cn-"))
    else:
        valid = region.startswith(prefix)
    if not valid:
        raise AuthError(
            "SignatureDoesNotMatch", 403,
            "Credential should be scoped to a valid region, not '%s'."
            % region)


def check_skew(signed_at, now=None):
    now = time.time() if now is None else now
    if abs(now - signed_at) > MAX_SKEW_SECONDS:
        raise AuthError(
            "RequestExpired", 400,
            "Request has expired: X-Amz-Date %s differs from the server "
            "time %s by more than 15 minutes. Correct the client's clock."
            % (time.strftime(AMZ_DATE_FORMAT, time.gmtime(signed_at)),
               time.strftime(AMZ_DATE_FORMAT, time.gmtime(now))))


def check_signature(method, path, headers, body, auth, secret, amz_date):
    """Recompute the signature with botocore; raise on a mismatch."""
    # botocore's signer trusts X-Amz-Content-SHA256 as the payload hash, so
    # a body that does not match the header must be caught here.
    declared_hash = headers.get("X-Amz-Content-SHA256")
    if declared_hash not in (None, "UNSIGNED-PAYLOAD") and \
            declared_hash != hashlib.sha256(body).hexdigest():
        raise AuthError(
            "SignatureDoesNotMatch", 403,
            "The X-Amz-Content-SHA256 header does not match the SHA-256 "
            "of the request body.")

    signed_headers = {}
    for name in auth.signed_headers:
        values = headers.get_all(name)
        if values is None:
            raise AuthError(
                "SignatureDoesNotMatch", 403,
                "The header %r is named in SignedHeaders but is missing."
                % name)
        signed_headers[name] = ",".join(values)
    url = "http://%s%s" % (headers.get("Host", ""), path)
    request = AWSRequest(method=method, url=url, headers=signed_headers,
                         data=body)
    request.context["timestamp"] = amz_date
    # The session token is signed as a header when present; botocore's
    # signer reads only the key pair here.
    signer = SigV4Auth(Credentials(auth.access_key_id, secret), auth.service,
                       auth.region)
    canonical = signer.canonical_request(request)
    string_to_sign = signer.string_to_sign(request, canonical)
    expected = signer.signature(string_to_sign, request)
    expected_headers = signer.signed_headers(signer.headers_to_sign(request))
    if expected_headers != ";".join(auth.signed_headers) or \
            not hmac.compare_digest(expected, auth.signature):
        raise AuthError(
            "SignatureDoesNotMatch", 403,
            "The request signature we calculated does not match the "
            "signature you provided. Check your AWS Secret Access Key and "
            "signing method. Consult the service documentation for details.")
