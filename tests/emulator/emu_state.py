"""The emulator's organisation: accounts, users, roles and credentials.

The seed format is documented in README.md beside this file.  Keys that the
emulator does not use (environment labels, colours, person handles) are kept
as they are, so that a dump loaded as a seed gives the same dump.

Secrets (secret access keys, session tokens, MFA code keys) exist only in
memory, are created at run time and are never part of a dump.
"""

import base64
import datetime
import hashlib
import hmac
import json
import re
import secrets
import threading
import time

import emu_policy

DEFAULT_CREATE_DATE = "2024-01-15T09:00:00Z"
DEFAULT_TRUST_POLICY_SIZE_QUOTA = 2048
DEFAULT_USER_POLICY_SIZE_QUOTA = 2048
MFA_STEP_SECONDS = 30

NAME_PATTERN = re.compile(r"^[\w+=,.@-]{1,64}$", re.ASCII)
PATH_PATTERN = re.compile(r"^(/|/[\u0021-\u007F]+/)$")
POLICY_NAME_PATTERN = re.compile(r"^[\w+=,.@-]{1,128}$", re.ASCII)
ACCOUNT_ID_PATTERN = re.compile(r"^\d{12}$")
ORG_ID_PATTERN = re.compile(r"^o-[a-z0-9]{10,32}$")
PARTITIONS = ("aws", "aws-us-gov", "aws-cn")

ACCOUNT_KEYS = ("id", "name", "email", "status", "alias", "joined_method",
                "joined_timestamp", "trust_policy_size_quota",
                "user_policy_size_quota", "users", "roles")
USER_KEYS = ("name", "path", "id", "create_date", "admin", "mfa_devices",
             "inline_policies")
ROLE_KEYS = ("name", "path", "id", "create_date", "description",
             "max_session_duration", "admin", "trust_policy")


class SeedError(Exception):
    """A seed document that cannot be loaded; the message names the value."""


def _derived_id(prefix, *parts):
    """Return a stable IAM-style unique id derived from parts."""
    digest = hashlib.sha256("/".join(parts).encode()).digest()
    return prefix + base64.b32encode(digest).decode()[:17]


def _extra(entry, known):
    return {k: v for k, v in entry.items() if k not in known}


def _require(entry, key, where):
    if key not in entry:
        raise SeedError("%s: the key %r is missing" % (where, key))
    return entry[key]


def _policy_text(value, where):
    """Return the stored text of a seed policy given as JSON or as text."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return json.dumps(value, indent=2)
    raise SeedError("%s: a policy must be a JSON object or a string" % where)


class User:
    def __init__(self, account, entry):
        where = "account %s user %r" % (account.id, entry.get("name"))
        self.name = _require(entry, "name", where)
        if not isinstance(self.name, str) or not NAME_PATTERN.match(self.name):
            raise SeedError("%s: invalid user name; use 1 to 64 of "
                            "A-Z a-z 0-9 _+=,.@-" % where)
        self.path = entry.get("path", "/")
        if not PATH_PATTERN.match(self.path):
            raise SeedError("%s: invalid path %r; use \"/\" or \"/a/b/\""
                            % (where, self.path))

        self.arn = "arn:%s:iam::%s:user%s%s" % (
            account.partition, account.id, self.path, self.name)
        self.id = entry.get("id") or _derived_id("AIDA", self.arn)
        self.create_date = entry.get("create_date", DEFAULT_CREATE_DATE)
        self.admin = bool(entry.get("admin", False))
        self.mfa_devices = list(entry.get("mfa_devices", []))
        for serial in self.mfa_devices:
            if not isinstance(serial, str) or len(serial) < 9:
                raise SeedError("%s: invalid MFA device serial %r; use an "
                                "ARN such as arn:aws:iam::ID:mfa/NAME"
                                % (where, serial))

        self.inline_policies = {}
        for name, value in entry.get("inline_policies", {}).items():
            text = _policy_text(value, where + " policy " + name)
            try:
                emu_policy.parse(text, "identity")
            except emu_policy.PolicyError as error:
                raise SeedError("%s: inline policy %r: %s"
                                % (where, name, error.message))
            self.inline_policies[name] = text
        self.extra = _extra(entry, USER_KEYS)

    def parsed_policies(self):
        return [json.loads(t) for t in self.inline_policies.values()]

    def dump(self):
        entry = {
            "name": self.name,
            "path": self.path,
            "id": self.id,
            "create_date": self.create_date,
            "admin": self.admin,
            "mfa_devices": list(self.mfa_devices),
            "inline_policies": {n: json.loads(t)
                                for n, t in self.inline_policies.items()},
        }
        entry.update(self.extra)
        return entry


class Role:
    def __init__(self, account, entry):
        where = "account %s role %r" % (account.id, entry.get("name"))
        self.name = _require(entry, "name", where)
        if not isinstance(self.name, str) or not NAME_PATTERN.match(self.name):
            raise SeedError("%s: invalid role name; use 1 to 64 of "
                            "A-Z a-z 0-9 _+=,.@-" % where)
        self.path = entry.get("path", "/")
        if not PATH_PATTERN.match(self.path):
            raise SeedError("%s: invalid path %r; use \"/\" or \"/a/b/\""
                            % (where, self.path))
        self.arn = "arn:%s:iam::%s:role%s%s" % (
            account.partition, account.id, self.path, self.name)
        self.id = entry.get("id") or _derived_id("AROA", self.arn)
        self.create_date = entry.get("create_date", DEFAULT_CREATE_DATE)
        self.description = entry.get("description")
        self.max_session_duration = int(entry.get("max_session_duration",
                                                  3600))
        self.admin = bool(entry.get("admin", False))
        self.trust_policy = _policy_text(
            _require(entry, "trust_policy", where), where + " trust policy")
        try:
            emu_policy.parse(self.trust_policy, "trust")
        except emu_policy.PolicyError as error:
            raise SeedError("%s: trust policy: %s" % (where, error.message))
        self.extra = _extra(entry, ROLE_KEYS)

    def dump(self):
        entry = {
            "name": self.name,
            "path": self.path,
            "id": self.id,
            "create_date": self.create_date,
            "max_session_duration": self.max_session_duration,
            "admin": self.admin,
            "trust_policy": json.loads(self.trust_policy),
        }
        if self.description is not None:
            entry["description"] = self.description
        entry.update(self.extra)
        return entry


class Account:
    def __init__(self, partition, entry):
        self.partition = partition
        self.id = str(_require(entry, "id", "account"))
        where = "account %s" % self.id
        if not ACCOUNT_ID_PATTERN.match(self.id):
            raise SeedError("%s: an account id is 12 digits" % where)
        self.name = _require(entry, "name", where)

        self.email = entry.get("email", "aws+%s@example.com" % self.id)
        self.status = entry.get("status", "ACTIVE")
        if self.status not in ("ACTIVE", "SUSPENDED", "PENDING_CLOSURE"):
            raise SeedError("%s: invalid status %r; use ACTIVE, SUSPENDED "
                            "or PENDING_CLOSURE" % (where, self.status))
        self.alias = entry.get("alias")
        self.joined_method = entry.get("joined_method", "CREATED")
        self.joined_timestamp = entry.get("joined_timestamp", 1700000000)
        self.trust_policy_size_quota = int(entry.get(
            "trust_policy_size_quota", DEFAULT_TRUST_POLICY_SIZE_QUOTA))
        self.user_policy_size_quota = int(entry.get(
            "user_policy_size_quota", DEFAULT_USER_POLICY_SIZE_QUOTA))
        self.extra = _extra(entry, ACCOUNT_KEYS)

        # Keyed by lower-case name because IAM names are case-insensitive;
        # dicts keep the seed order for dumps.
        self.users = {}
        self.roles = {}
        for user_entry in entry.get("users", []):
            user = User(self, user_entry)
            if user.name.lower() in self.users:
                raise SeedError("%s: user %r appears twice" % (where,
                                                               user.name))
            self.users[user.name.lower()] = user
        for role_entry in entry.get("roles", []):
            role = Role(self, role_entry)
            if role.name.lower() in self.roles:
                raise SeedError("%s: role %r appears twice" % (where,
                                                               role.name))
            self.roles[role.name.lower()] = role

    def root_arn(self):
        return "arn:%s:iam::%s:root" % (self.partition, self.id)

    def dump(self):
        entry = {
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "status": self.status,
            "joined_method": self.joined_method,
            "joined_timestamp": self.joined_timestamp,
            "trust_policy_size_quota": self.trust_policy_size_quota,
            "user_policy_size_quota": self.user_policy_size_quota,
        }
        if self.alias is not None:
            entry["alias"] = self.alias
        entry.update(self.extra)
        entry["users"] = [u.dump() for u in self.users.values()]
        entry["roles"] = [r.dump() for r in self.roles.values()]
        return entry


class Credential:
    """An access key, long-term (AKIA…) or temporary (ASIA…, with a token)."""

    def __init__(self, account_id, secret, access_key_id, user_name=None,
                 role_name=None, session_name=None, token=None,
                 expiration=None, mfa=False):
        self.access_key_id = access_key_id
        self.secret = secret
        self.account_id = account_id
        self.user_name = user_name
        self.role_name = role_name
        self.session_name = session_name
        self.token = token
        self.expiration = expiration  # epoch seconds, None for long-term
        self.mfa = mfa
        self.created = time.time()

    @property
    def temporary(self):
        return self.token is not None


def _random_key_id(prefix):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return prefix + "".join(secrets.choice(alphabet) for _ in range(16))


def _random_secret():
    return base64.b64encode(secrets.token_bytes(30)).decode()


def _entity_exists(partition, accounts, arn):
    match = emu_policy.ARN_PATTERN.match(arn)
    if not match or match.group("partition") != partition:
        return False
    account = accounts.get(match.group("account"))
    if account is None:
        return False
    entities = list(account.users.values()) + list(account.roles.values())
    return any(entity.arn == arn for entity in entities)


def _check_trust_principals(partition, accounts):
    """Raise SeedError for a trust policy naming a missing user or role."""
    for account in accounts.values():
        for role in account.roles.values():
            try:
                emu_policy.check_principals(
                    json.loads(role.trust_policy),
                    lambda arn: _entity_exists(partition, accounts, arn))
            except emu_policy.PolicyError as error:
                raise SeedError("account %s role %s: %s"
                                % (account.id, role.name, error.message))


class State:
    """The whole emulated organisation, guarded by one lock."""

    def __init__(self):
        self.lock = threading.RLock()
        # Per-process key behind MFA codes, so codes cannot be derived from
        # a seed file.
        self._mfa_key = secrets.token_bytes(32)
        self.load({"partition": "aws", "accounts": []})

    # Seeds and dumps

    def load(self, seed):
        """Replace the organisation by seed; raises SeedError."""
        if not isinstance(seed, dict):
            raise SeedError("a seed is a JSON object")
        partition = seed.get("partition", "aws")
        if partition not in PARTITIONS:
            raise SeedError("invalid partition %r; use one of %s"
                            % (partition, ", ".join(PARTITIONS)))
        organization = seed.get("organization")
        accounts = {}
        for entry in seed.get("accounts", []):
            if not isinstance(entry, dict):
                raise SeedError("each account is a JSON object")
            account = Account(partition, entry)
            if account.id in accounts:
                raise SeedError("account %s appears twice" % account.id)
            accounts[account.id] = account
        if organization is not None:
            if not ORG_ID_PATTERN.match(str(organization.get("id", ""))):
                raise SeedError("organization: invalid id %r; use o- and "
                                "10 to 32 lower-case letters or digits"
                                % organization.get("id"))
            management = organization.get("management_account_id")
            if management not in accounts:
                raise SeedError("organization: management_account_id %r is "
                                "not one of the accounts" % management)
        _check_trust_principals(partition, accounts)
        extra = _extra(seed, ("partition", "organization", "accounts"))
        with self.lock:
            self.partition = partition
            self.organization = organization
            self.accounts = accounts
            self.extra = extra
            self.credentials = {}

    def dump(self):
        with self.lock:
            seed = {"partition": self.partition}
            if self.organization is not None:
                seed["organization"] = dict(self.organization)
            seed.update(self.extra)
            seed["accounts"] = [a.dump() for a in self.accounts.values()]
            return seed

    # Look-ups

    def entity_exists(self, arn):
        return _entity_exists(self.partition, self.accounts, arn)

    def role_by_arn(self, arn):
        match = emu_policy.ARN_PATTERN.match(arn or "")
        if not match or match.group("service") != "iam":
            return None, None
        account = self.accounts.get(match.group("account"))
        if account is None:
            return None, None
        for role in account.roles.values():
            if role.arn == arn:
                return account, role
        return account, None

    def user_for_mfa_serial(self, serial):
        for account in self.accounts.values():
            for user in account.users.values():
                if serial in user.mfa_devices:
                    return account, user
        return None, None

    # Credentials

    def create_access_key(self, account_id, user_name):
        """Return a new long-term Credential; raises KeyError if unknown."""
        with self.lock:
            account = self.accounts[account_id]
            user = account.users[user_name.lower()]
            credential = Credential(account.id, _random_secret(),
                                    _random_key_id("AKIA"),
                                    user_name=user.name)
            self.credentials[credential.access_key_id] = credential
            return credential

    def create_session(self, account_id, duration, mfa, user_name=None,
                       role_name=None, session_name=None):
        token = base64.b64encode(secrets.token_bytes(192)).decode()
        with self.lock:
            credential = Credential(
                account_id, _random_secret(), _random_key_id("ASIA"),
                user_name=user_name, role_name=role_name,
                session_name=session_name, token=token,
                expiration=int(time.time()) + duration, mfa=mfa)
            self.credentials[credential.access_key_id] = credential
            return credential

    def expire_sessions(self, access_key_id=None):
        """Mark temporary credentials as expired; return how many."""
        count = 0
        with self.lock:
            for credential in self.credentials.values():
                if not credential.temporary:
                    continue
                if access_key_id and credential.access_key_id != access_key_id:
                    continue
                credential.expiration = int(time.time()) - 1
                count += 1
        return count

    def credential_summary(self):
        with self.lock:
            keys = [{"AccessKeyId": c.access_key_id,
                     "account_id": c.account_id,
                     "user_name": c.user_name,
                     "role_name": c.role_name,
                     "temporary": c.temporary,
                     "expired": bool(c.expiration
                                     and c.expiration < time.time())}
                    for c in self.credentials.values()]
        return keys

    # MFA codes

    def mfa_code(self, serial, step=None):
        """Return the six-digit code of serial for a 30-second step."""
        if step is None:
            step = int(time.time()) // MFA_STEP_SECONDS
        digest = hmac.new(self._mfa_key, ("%s|%d" % (serial, step)).encode(),
                          hashlib.sha256).digest()
        return "%06d" % (int.from_bytes(digest[:8], "big") % 1000000)

    def mfa_code_valid(self, serial, code):
        """Accept the current code and the one of the previous step."""
        step = int(time.time()) // MFA_STEP_SECONDS
        return any(hmac.compare_digest(self.mfa_code(serial, s), code)
                   for s in (step, step - 1))


def iso_time(epoch):
    return datetime.datetime.fromtimestamp(
        epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
