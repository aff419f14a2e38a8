"""IAM, STS and Organizations operations and their wire formats.

IAM and STS speak the Query protocol (form-encoded POST, XML responses);
Organizations speaks JSON 1.1 (X-Amz-Target, JSON responses).  Every
operation runs in the account of the credentials that signed the request.
"""

import base64
import binascii
import json
import re
import time
import urllib.parse
import uuid
from xml.sax.saxutils import escape

import emu_policy
import emu_state

NAMESPACES = {
    "iam": "https://iam.amazonaws.com/doc/2010-05-08/",
    "sts": "https://sts.amazonaws.com/doc/2011-06-15/",
}
API_VERSIONS = {"iam": "2010-05-08", "sts": "2011-06-15"}
ORGANIZATIONS_TARGET_PREFIX = "AWSOrganizationsV20161128."

NAME_PATTERN = re.compile(r"^[\w+=,.@-]{1,128}$", re.ASCII)
SESSION_NAME_PATTERN = re.compile(r"^[\w+=,.@-]{2,64}$", re.ASCII)
TOKEN_CODE_PATTERN = re.compile(r"^\d{6}$")
ASSUMED_ROLE_SESSION_MAX_CHAINED = 3600


class ApiError(Exception):
    """An error response: AWS code, HTTP status and message."""

    def __init__(self, code, status, message, sender=True):
        super().__init__(message)
        self.code = code
        self.status = status
        self.message = message
        self.sender = sender


def request_id():
    return str(uuid.uuid4())


# Rendering

def _element(name, value):
    if value is None:
        return ""
    if isinstance(value, bool):
        value = "true" if value else "false"
    return "<%s>%s</%s>" % (name, escape(str(value)), name)


def _encode_policy(text):
    """Percent-encode a policy as IAM does (RFC 3986 unreserved kept)."""
    return urllib.parse.quote(text, safe="-_.~")


def render_query(service, action, result_xml, rid):
    namespace = NAMESPACES[service]
    if result_xml is None:
        result = ""
    else:
        result = "<%sResult>%s</%sResult>" % (action, result_xml, action)
    body = ('<%sResponse xmlns="%s">%s<ResponseMetadata>%s'
            '</ResponseMetadata></%sResponse>\n'
            % (action, namespace, result, _element("RequestId", rid), action))
    return body.encode()


def render_query_error(service, error, rid):
    namespace = NAMESPACES.get(service, NAMESPACES["iam"])
    body = ('<ErrorResponse xmlns="%s"><Error>%s%s%s</Error>%s'
            '</ErrorResponse>\n'
            % (namespace, _element("Type",
                                   "Sender" if error.sender else "Receiver"),
               _element("Code", error.code), _element("Message", error.message),
               _element("RequestId", rid)))
    return body.encode()


def render_json_error(error):
    return json.dumps({"__type": error.code, "Message": error.message}).encode()


def _user_xml(user):
    return "".join([_element("Path", user.path),
                    _element("UserName", user.name),
                    _element("UserId", user.id),
                    _element("Arn", user.arn),
                    _element("CreateDate", user.create_date)])


def _role_xml(role):
    return "".join([_element("Path", role.path),
                    _element("RoleName", role.name),
                    _element("RoleId", role.id),
                    _element("Arn", role.arn),
                    _element("CreateDate", role.create_date),
                    _element("AssumeRolePolicyDocument",
                             _encode_policy(role.trust_policy)),
                    _element("Description", role.description),
                    _element("MaxSessionDuration", role.max_session_duration)])


def _members(xml_items):
    return "".join("<member>%s</member>" % item for item in xml_items)


def _credentials_xml(credential):
    return "<Credentials>%s%s%s%s</Credentials>" % (
        _element("AccessKeyId", credential.access_key_id),
        _element("SecretAccessKey", credential.secret),
        _element("SessionToken", credential.token),
        _element("Expiration", emu_state.iso_time(credential.expiration)))


# Parameters

def _param(params, name, required=False):
    value = params.get(name)
    if required and (value is None or value == ""):
        raise ApiError("ValidationError", 400,
                       "1 validation error detected: Value null at '%s' "
                       "failed to satisfy constraint: Member must not be null"
                       % (name[0].lower() + name[1:]))
    return value


def _name_param(params, name, required=True):
    value = _param(params, name, required)
    if value is not None and not NAME_PATTERN.match(value):
        raise ApiError("ValidationError", 400,
                       "1 validation error detected: Value '%s' at '%s' "
                       "failed to satisfy constraint: Member must satisfy "
                       "regular expression pattern: [\\w+=,.@-]+"
                       % (value, name[0].lower() + name[1:]))
    return value


def _int_param(params, name, low, high, default):
    value = params.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise ApiError("ValidationError", 400,
                       "1 validation error detected: Value '%s' at '%s' "
                       "failed to satisfy constraint: Member must have value "
                       "between %d and %d"
                       % (value, name[0].lower() + name[1:], low, high))
    return number


def _encode_marker(key):
    return base64.b64encode(b"\x00\x02" + key.encode()).decode()


def _decode_marker(marker):
    try:
        raw = base64.b64decode(marker, validate=True)
        if raw[:2] != b"\x00\x02":
            raise ValueError
        return raw[2:].decode()
    except (ValueError, binascii.Error):
        raise ApiError("ValidationError", 400,
                       "Invalid Marker %r: pass back the Marker of the "
                       "previous response unchanged." % marker)


def _page(items, key, marker, max_items):
    """Return (page, next_marker) of items sorted by key, after marker."""
    items = sorted(items, key=key)
    if marker is not None:
        start_key = _decode_marker(marker)
        items = [i for i in items if key(i) >= start_key]
    page = items[:max_items]
    if len(items) > max_items:
        return page, _encode_marker(key(items[max_items]))
    return page, None


def _truncation_xml(next_marker):
    return _element("IsTruncated", next_marker is not None) + \
        _element("Marker", next_marker)


# Callers

class Caller:
    """The identity behind a request's access key."""

    def __init__(self, state, credential):
        self.credential = credential
        self.account = state.accounts.get(credential.account_id)
        self.user = None
        self.role = None
        if self.account is None:
            raise ApiError("InvalidClientTokenId", 403,
                           "The security token included in the request is "
                           "invalid.")
        if credential.user_name is not None:
            self.user = self.account.users.get(credential.user_name.lower())
            if self.user is None:
                raise ApiError("InvalidClientTokenId", 403,
                               "The security token included in the request "
                               "is invalid.")
            self.arn = self.user.arn
            self.user_id = self.user.id
        else:
            self.role = self.account.roles.get(credential.role_name.lower())
            if self.role is None:
                raise ApiError("InvalidClientTokenId", 403,
                               "The security token included in the request "
                               "is invalid.")
            self.arn = "arn:%s:sts::%s:assumed-role/%s/%s" % (
                state.partition, self.account.id, self.role.name,
                credential.session_name)
            self.user_id = "%s:%s" % (self.role.id, credential.session_name)

    def principal_arn(self):
        return self.user.arn if self.user else self.role.arn

    def condition_context(self, mfa=None):
        """Return the condition keys AWS sets for this caller."""
        context = {"aws:principalarn": self.principal_arn(),
                   "aws:principalaccount": self.account.id}
        # Long-term keys carry no MFA key at all; temporary ones do.
        if mfa is not None:
            context["aws:multifactorauthpresent"] = mfa
        elif self.credential.temporary:
            context["aws:multifactorauthpresent"] = self.credential.mfa
        return context

    def principal_candidates(self):
        names = {self.arn, self.principal_arn(), self.account.id,
                 self.account.root_arn()}
        return names

    def is_allowed(self, action, resource, context=None):
        """Evaluate the caller's identity policies for action on resource."""
        context = context or self.condition_context()
        if self.user is not None:
            decision = emu_policy.evaluate(self.user.parsed_policies(),
                                           action, resource=resource,
                                           context=context)
            if decision == "Deny":
                return False
            return self.user.admin or decision == "Allow"
        return self.role.admin

    def authorize(self, action, resource):
        if not self.is_allowed(action, resource):
            raise ApiError(
                "AccessDenied", 403,
                "User: %s is not authorized to perform: %s on resource: %s "
                "because no identity-based policy allows the %s action"
                % (self.arn, action, resource, action))


# IAM

def _user(caller, name):
    user = caller.account.users.get(name.lower())
    if user is None:
        raise ApiError("NoSuchEntity", 404,
                       "The user with name %s cannot be found." % name)
    return user


def _role(caller, name):
    role = caller.account.roles.get(name.lower())
    if role is None:
        raise ApiError("NoSuchEntity", 404,
                       "The role with name %s cannot be found." % name)
    return role


def _iam_arn(caller, kind, name):
    return "arn:%s:iam::%s:%s/%s" % (caller.account.partition,
                                     caller.account.id, kind, name)


def iam_get_user(state, caller, params):
    name = _name_param(params, "UserName", required=False)
    if name is None:
        if caller.user is None:
            raise ApiError("ValidationError", 400,
                           "Must specify userName when calling with "
                           "non-User credentials")
        name = caller.user.name
    caller.authorize("iam:GetUser", _iam_arn(caller, "user", name))
    return "<User>%s</User>" % _user_xml(_user(caller, name))


def _path_prefix(params):
    prefix = params.get("PathPrefix", "/")
    if not prefix.startswith("/"):
        raise ApiError("ValidationError", 400,
                       "PathPrefix %r must start with \"/\"." % prefix)
    return prefix


def iam_list_users(state, caller, params):
    caller.authorize("iam:ListUsers", _iam_arn(caller, "user", "*"))
    prefix = _path_prefix(params)
    users = [u for u in caller.account.users.values()
             if u.path.startswith(prefix)]
    page, marker = _page(users, lambda u: u.name.lower(),
                         params.get("Marker"),
                         _int_param(params, "MaxItems", 1, 1000, 100))
    return "<Users>%s</Users>%s" % (_members(_user_xml(u) for u in page),
                                    _truncation_xml(marker))


def iam_get_user_policy(state, caller, params):
    user_name = _name_param(params, "UserName")
    policy_name = _name_param(params, "PolicyName")
    caller.authorize("iam:GetUserPolicy", _iam_arn(caller, "user", user_name))
    user = _user(caller, user_name)
    text = user.inline_policies.get(policy_name)
    if text is None:
        raise ApiError("NoSuchEntity", 404,
                       "The user policy with name %s cannot be found."
                       % policy_name)
    return "".join([_element("UserName", user.name),
                    _element("PolicyName", policy_name),
                    _element("PolicyDocument", _encode_policy(text))])


def iam_put_user_policy(state, caller, params):
    user_name = _name_param(params, "UserName")
    policy_name = _name_param(params, "PolicyName")
    text = _param(params, "PolicyDocument", required=True)
    caller.authorize("iam:PutUserPolicy", _iam_arn(caller, "user", user_name))
    user = _user(caller, user_name)
    try:
        emu_policy.parse(text, "identity")
    except emu_policy.PolicyError as error:
        raise ApiError(error.code, 400, error.message)
    others = [t for n, t in user.inline_policies.items() if n != policy_name]
    total = sum(emu_policy.size_without_whitespace(t) for t in others) + \
        emu_policy.size_without_whitespace(text)
    quota = caller.account.user_policy_size_quota
    if total > quota:
        raise ApiError("LimitExceeded", 409,
                       "Maximum policy size of %d bytes exceeded for user %s"
                       % (quota, user.name))
    user.inline_policies[policy_name] = text
    return None


def iam_delete_user_policy(state, caller, params):
    user_name = _name_param(params, "UserName")
    policy_name = _name_param(params, "PolicyName")
    caller.authorize("iam:DeleteUserPolicy",
                     _iam_arn(caller, "user", user_name))
    user = _user(caller, user_name)
    if policy_name not in user.inline_policies:
        raise ApiError("NoSuchEntity", 404,
                       "The user policy with name %s cannot be found."
                       % policy_name)
    del user.inline_policies[policy_name]
    return None


def iam_list_user_policies(state, caller, params):
    user_name = _name_param(params, "UserName")
    caller.authorize("iam:ListUserPolicies",
                     _iam_arn(caller, "user", user_name))
    user = _user(caller, user_name)
    page, marker = _page(list(user.inline_policies), lambda n: n,
                         params.get("Marker"),
                         _int_param(params, "MaxItems", 1, 1000, 100))
    return "<PolicyNames>%s</PolicyNames>%s" % (
        _members(escape(n) for n in page), _truncation_xml(marker))


def iam_get_role(state, caller, params):
    name = _name_param(params, "RoleName")
    caller.authorize("iam:GetRole", _iam_arn(caller, "role", name))
    return "<Role>%s</Role>" % _role_xml(_role(caller, name))


def iam_list_roles(state, caller, params):
    caller.authorize("iam:ListRoles", _iam_arn(caller, "role", "*"))
    prefix = _path_prefix(params)
    roles = [r for r in caller.account.roles.values()
             if r.path.startswith(prefix)]
    page, marker = _page(roles, lambda r: r.name.lower(),
                         params.get("Marker"),
                         _int_param(params, "MaxItems", 1, 1000, 100))
    return "<Roles>%s</Roles>%s" % (_members(_role_xml(r) for r in page),
                                    _truncation_xml(marker))


def iam_update_assume_role_policy(state, caller, params):
    name = _name_param(params, "RoleName")
    text = _param(params, "PolicyDocument", required=True)
    caller.authorize("iam:UpdateAssumeRolePolicy",
                     _iam_arn(caller, "role", name))
    role = _role(caller, name)
    try:
        document = emu_policy.parse(text, "trust")
        emu_policy.check_principals(document, state.entity_exists)
    except emu_policy.PolicyError as error:
        raise ApiError(error.code, 400, error.message)
    quota = caller.account.trust_policy_size_quota
    if emu_policy.size_without_whitespace(text) > quota:
        raise ApiError("LimitExceeded", 409,
                       "Cannot exceed quota for ACLSizePerRole: %d" % quota)
    role.trust_policy = text
    return None


def iam_list_account_aliases(state, caller, params):
    caller.authorize("iam:ListAccountAliases", "*")
    aliases = [caller.account.alias] if caller.account.alias else []
    page, marker = _page(aliases, lambda a: a, params.get("Marker"),
                         _int_param(params, "MaxItems", 1, 1000, 100))
    return "<AccountAliases>%s</AccountAliases>%s" % (
        _members(escape(a) for a in page), _truncation_xml(marker))


def iam_get_account_summary(state, caller, params):
    caller.authorize("iam:GetAccountSummary", "*")
    account = caller.account
    users = list(account.users.values())
    mfa_devices = sum(len(u.mfa_devices) for u in users)
    summary = {
        "Users": len(users),
        "UsersQuota": 5000,
        "Roles": len(account.roles),
        "RolesQuota": 1000,
        "MFADevices": mfa_devices,
        "MFADevicesInUse": mfa_devices,
        "AccountMFAEnabled": 0,
        "AccessKeysPerUserQuota": 2,
        "UserPolicySizeQuota": account.user_policy_size_quota,
        "AssumeRolePolicySizeQuota": account.trust_policy_size_quota,
        "RolePolicySizeQuota": 10240,
        "PolicySizeQuota": 6144,
    }
    entries = "".join("<entry>%s%s</entry>" % (_element("key", k),
                                               _element("value", v))
                      for k, v in summary.items())
    return "<SummaryMap>%s</SummaryMap>" % entries


# STS

def sts_get_caller_identity(state, caller, params):
    return "".join([_element("UserId", caller.user_id),
                    _element("Account", caller.account.id),
                    _element("Arn", caller.arn)])


def _check_mfa(state, caller, serial, code):
    """Validate SerialNumber and TokenCode; return True when both given."""
    if serial is None and code is None:
        return False
    if serial is None or code is None:
        raise ApiError("ValidationError", 400,
                       "SerialNumber and TokenCode must be given together.")
    if not TOKEN_CODE_PATTERN.match(code):
        raise ApiError("ValidationError", 400,
                       "1 validation error detected: Value at 'tokenCode' "
                       "failed to satisfy constraint: Member must have "
                       "length 6 and contain digits only")
    if caller.user is None or serial not in caller.user.mfa_devices:
        raise ApiError("AccessDenied", 403,
                       "MultiFactorAuthentication failed: the MFA device %s "
                       "is not assigned to %s." % (serial, caller.arn))
    if not state.mfa_code_valid(serial, code):
        raise ApiError("AccessDenied", 403,
                       "MultiFactorAuthentication failed with invalid MFA "
                       "one time pass code.")
    return True


def sts_get_session_token(state, caller, params):
    if caller.credential.temporary:
        raise ApiError("AccessDenied", 403,
                       "Cannot call GetSessionToken with session "
                       "credentials")
    duration = _int_param(params, "DurationSeconds", 900, 129600, 43200)
    mfa = _check_mfa(state, caller, params.get("SerialNumber"),
                     params.get("TokenCode"))
    credential = state.create_session(caller.account.id, duration, mfa,
                                      user_name=caller.user.name)
    return _credentials_xml(credential)


def sts_assume_role(state, caller, params):
    role_arn = _param(params, "RoleArn", required=True)
    session_name = _param(params, "RoleSessionName", required=True)
    if not SESSION_NAME_PATTERN.match(session_name):
        raise ApiError("ValidationError", 400,
                       "1 validation error detected: Value '%s' at "
                       "'roleSessionName' failed to satisfy constraint: "
                       "Member must satisfy regular expression pattern: "
                       "[\\w+=,.@-]{2,64}" % session_name)

    chained = caller.role is not None
    duration = _int_param(params, "DurationSeconds", 900, 43200, 3600)
    mfa_given = _check_mfa(state, caller, params.get("SerialNumber"),
                           params.get("TokenCode"))

    denied = ApiError("AccessDenied", 403,
                      "User: %s is not authorized to perform: sts:AssumeRole "
                      "on resource: %s" % (caller.arn, role_arn))
    account, role = state.role_by_arn(role_arn)
    if role is None or account.status != "ACTIVE":
        raise denied

    mfa = None
    if mfa_given:
        mfa = True
    elif caller.credential.temporary:
        mfa = caller.credential.mfa
    context = caller.condition_context(mfa)
    if params.get("ExternalId") is not None:
        context["sts:externalid"] = params["ExternalId"]
    trust = emu_policy.evaluate([json.loads(role.trust_policy)],
                                "sts:AssumeRole",
                                principal_candidates=caller
                                .principal_candidates(),
                                context=context)
    if trust != "Allow":
        raise denied
    if not caller.is_allowed("sts:AssumeRole", role.arn, context):
        raise denied

    if duration > role.max_session_duration or \
            (chained and duration > ASSUMED_ROLE_SESSION_MAX_CHAINED):
        raise ApiError("ValidationError", 400,
                       "The requested DurationSeconds exceeds the "
                       "MaxSessionDuration set for this role.")

    credential = state.create_session(account.id, duration, bool(mfa),
                                      role_name=role.name,
                                      session_name=session_name)
    assumed_arn = "arn:%s:sts::%s:assumed-role/%s/%s" % (
        state.partition, account.id, role.name, session_name)
    return "%s<AssumedRoleUser>%s%s</AssumedRoleUser>" % (
        _credentials_xml(credential),
        _element("AssumedRoleId", "%s:%s" % (role.id, session_name)),
        _element("Arn", assumed_arn))


# Organizations

def org_list_accounts(state, caller, params):
    organization = state.organization
    if organization is None:
        raise ApiError("AWSOrganizationsNotInUseException", 400,
                       "Your account is not a member of an organization.")
    management = organization["management_account_id"]
    if caller.account.id != management or \
            not caller.is_allowed("organizations:ListAccounts", "*"):
        raise ApiError("AccessDeniedException", 400,
                       "You don't have permissions to access this resource.")

    max_results = params.get("MaxResults", 20)
    if not isinstance(max_results, int) or not 1 <= max_results <= 20:
        raise ApiError("InvalidInputException", 400,
                       "MaxResults must be between 1 and 20, not %r."
                       % (max_results,))

    token = params.get("NextToken")
    try:
        page, next_token = _page(list(state.accounts.values()),
                                 lambda a: a.id, token, max_results)
    except ApiError:
        raise ApiError("InvalidInputException", 400,
                       "Invalid NextToken: pass back the NextToken of the "
                       "previous response unchanged.")

    accounts = [{
        "Id": a.id,
        "Arn": "arn:%s:organizations::%s:account/%s/%s" % (
            state.partition, management, organization["id"], a.id),
        "Email": a.email,
        "Name": a.name,
        "Status": a.status,
        "JoinedMethod": a.joined_method,
        "JoinedTimestamp": a.joined_timestamp,
    } for a in page]
    answer = {"Accounts": accounts}
    if next_token is not None:
        answer["NextToken"] = next_token
    return answer


OPERATIONS = {
    "iam": {
        "GetUser": iam_get_user,
        "ListUsers": iam_list_users,
        "GetUserPolicy": iam_get_user_policy,
        "PutUserPolicy": iam_put_user_policy,
        "DeleteUserPolicy": iam_delete_user_policy,
        "ListUserPolicies": iam_list_user_policies,
        "GetRole": iam_get_role,
        "ListRoles": iam_list_roles,
        "UpdateAssumeRolePolicy": iam_update_assume_role_policy,
        "ListAccountAliases": iam_list_account_aliases,
        "GetAccountSummary": iam_get_account_summary,
    },
    "sts": {
        "GetCallerIdentity": sts_get_caller_identity,
        "GetSessionToken": sts_get_session_token,
        "AssumeRole": sts_assume_role,
    },
    "organizations": {
        "ListAccounts": org_list_accounts,
    },
}


def resolve_caller(state, access_key_id, token):
    """Return (credential, Caller) for a key id, checking the token."""
    credential = state.credentials.get(access_key_id)
    invalid = ApiError("InvalidClientTokenId", 403,
                       "The security token included in the request is "
                       "invalid.")
    if credential is None:
        raise invalid
    if credential.temporary:
        if token is None or token != credential.token:
            raise invalid
        if credential.expiration < time.time():
            raise ApiError("ExpiredToken", 403,
                           "The security token included in the request is "
                           "expired")
    elif token is not None:
        raise invalid
    return credential, Caller(state, credential)
