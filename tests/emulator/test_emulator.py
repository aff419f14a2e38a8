#!/usr/bin/python3
"""Tests of the IAM/STS/Organizations emulator through real botocore clients.

Every emulator runs on 127.0.0.1 with a port picked by the kernel.  Access
keys are created at run time through the control endpoint.
"""

import contextlib
import copy
import datetime
import http.client
import json
import os
import select
import signal
import subprocess
import time
import types
import unittest
from unittest import mock

import boto3
import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
try:
    import botocore.crt.auth as crt_auth
except ImportError:
    crt_auth = None
from botocore.exceptions import ClientError, ConnectionClosedError, \
    EndpointConnectionError

# tests/meson.build sets the AWS variables to empty strings because meson
# cannot unset them, and botocore reads an empty AWS_PROFILE as a profile
# named "".
for _name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID",
              "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
    if os.environ.get(_name) == "":
        del os.environ[_name]

HERE = os.path.dirname(os.path.abspath(__file__))
EMULATOR = os.path.join(HERE, "jumpgate_emulator.py")
PYTHON = "/usr/bin/python3"
START_TIMEOUT_SECONDS = 20


JUMP = "111111111111"
TARGET = "222222222222"
BIG_QUOTA = "333333333333"
OTHER = "444444444444"
ALICE = "arn:aws:iam::%s:user/people/alice" % JUMP
ALICE_MFA = "arn:aws:iam::%s:mfa/alice" % JUMP


def role_arn(account, name, path="/"):
    return "arn:aws:iam::%s:role%s%s" % (account, path, name)


def trust(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(principal, condition=None, effect="Allow"):
    statement = {"Effect": effect, "Principal": {"AWS": principal},
                 "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return statement


MFA_TRUE = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}

SEED = {
    "partition": "aws",
    "organization": {"id": "o-testorg0001", "management_account_id": JUMP},
    "accounts": [
        {
            "id": JUMP, "name": "test-jump", "alias": "test-jump",
            "users": [
                {"name": "alice", "path": "/people/",
                 "mfa_devices": [ALICE_MFA],
                 "person_handle": "alice", "display_name": "Alice Example",
                 "inline_policies": {
                     "assume": {"Version": "2012-10-17", "Statement": [{
                         "Effect": "Allow", "Action": "sts:AssumeRole",
                         "Resource": "arn:aws:iam::%s:role/*" % TARGET}]}}},
                {"name": "bob", "path": "/people/"},
                {"name": "admin", "admin": True},
            ] + [{"name": "user%02d" % i} for i in range(5)],
        },
        {
            "id": TARGET, "name": "test-target", "environment": "DEV",
            "color": "1565c0",
            "roles": [
                {"name": "MfaRole", "trust_policy": trust(
                    allow(ALICE, MFA_TRUE))},
                {"name": "OpenRole", "trust_policy": trust(
                    allow([ALICE, "arn:aws:iam::%s:user/people/bob" % JUMP]))},
                {"name": "DenyRole", "trust_policy": trust(
                    allow("arn:aws:iam::%s:root" % JUMP),
                    allow(ALICE, effect="Deny"))},
                {"name": "OddConditionRole", "trust_policy": trust(
                    allow(ALICE, {"DateGreaterThan": {
                        "aws:CurrentTime": "2020-01-01T00:00:00Z"}}))},
                {"name": "ExternalIdRole", "trust_policy": trust(
                    allow(JUMP, {"StringEquals": {
                        "sts:ExternalId": "ext-1234"}}))},
                {"name": "OrganizationAccountAccessRole", "admin": True,
                 "trust_policy": trust(
                     allow("arn:aws:iam::%s:root" % JUMP))},
                {"name": "Deployer", "path": "/ops/",
                 "trust_policy": trust(allow("arn:aws:iam::%s:root" % JUMP))},
            ],
        },
        {"id": BIG_QUOTA, "name": "test-big", "trust_policy_size_quota": 4096,
         "roles": [{"name": "Wide", "trust_policy": trust(
             allow("arn:aws:iam::%s:root" % JUMP))},
             {"name": "OrganizationAccountAccessRole", "admin": True,
              "trust_policy": trust(allow("arn:aws:iam::%s:root" % JUMP))}]},
        {"id": OTHER, "name": "test-other", "status": "SUSPENDED",
         "users": [{"name": "carol", "admin": True}]},
    ],
}


class Emulator:
    """One emulator process and the clients that talk to it."""

    def __init__(self, *extra_args, seed=SEED):
        self.clients = []
        # The emulator ends with this process, even if a test is killed,
        # because it stops when its standard input pipe closes.
        args = [PYTHON, EMULATOR, "--port", "0",
                "--exit-on-stdin-eof"] + list(extra_args)
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE,
                                        stdin=subprocess.PIPE)
        ready, _, _ = select.select([self.process.stdout], [], [],
                                    START_TIMEOUT_SECONDS)
        line = self.process.stdout.readline().decode() if ready else ""
        if not line.startswith("JUMPGATE_EMULATOR_PORT="):
            self.process.kill()
            self.process.wait()
            raise RuntimeError("the emulator did not print its port; "
                               "got %r" % line)
        self.port = int(line.strip().split("=", 1)[1])
        self.endpoint = "http://127.0.0.1:%d" % self.port
        if seed is not None:
            status, answer = self.control("POST", "seed", seed)
            if status != 200:
                raise RuntimeError("seed rejected: %r" % answer)

    def stop(self, signum=signal.SIGTERM):
        self.close_clients()
        if self.process.poll() is None:
            self.process.send_signal(signum)
        status = self.process.wait(timeout=10)
        self.process.stdout.close()
        self.process.stdin.close()
        return status

    def control(self, method, path, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port,
                                                timeout=10)
        try:
            data = None if body is None else json.dumps(body).encode()
            connection.request(method, "/_emulator/" + path, body=data)
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"{}")
        finally:
            connection.close()

    def raw(self, body, headers):
        """Send an unsigned or hand-signed POST; return (status, text)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port,
                                                timeout=10)
        try:
            connection.request("POST", "/", body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read().decode()
        finally:
            connection.close()

    def access_key(self, account, user):
        status, answer = self.control("POST", "access-keys",
                                      {"account_id": account,
                                       "user_name": user})
        assert status == 200, answer
        return answer["AccessKeyId"], answer["SecretAccessKey"]

    def mfa_code(self, serial):
        status, answer = self.control("GET", "mfa-code?serial=" + serial)
        assert status == 200, answer
        return answer["code"]

    def client(self, service, key, token=None, region="us-east-1"):
        session = boto3.session.Session(
            aws_access_key_id=key[0], aws_secret_access_key=key[1],
            aws_session_token=token, region_name=region)
        config = Config(retries={"mode": "standard", "total_max_attempts": 1},
                        connect_timeout=5, read_timeout=10)
        client = session.client(service, endpoint_url=self.endpoint,
                                config=config)
        self.clients.append(client)
        return client

    def close_clients(self):
        """Close the clients' pooled connections before the next test."""
        for client in self.clients:
            client.close()
        self.clients = []

    def user_client(self, service, account, user):
        return self.client(service, self.access_key(account, user))


def error_code(raised):
    return raised.exception.response["Error"]["Code"]


def http_status(raised):
    return raised.exception.response["ResponseMetadata"]["HTTPStatusCode"]


def session_client(emulator, service, credentials):
    return emulator.client(service, (credentials["AccessKeyId"],
                                     credentials["SecretAccessKey"]),
                           token=credentials["SessionToken"])


def skewed_clock(delta):
    """Return a stand-in for botocore.auth's datetime module, shifted."""
    real = datetime.datetime

    class Shifted(real):
        @classmethod
        def utcnow(cls):
            return real.utcnow() + delta

    return types.SimpleNamespace(datetime=Shifted, timezone=datetime.timezone)


def shift_signing_clock(delta):
    """Patch the clocks of botocore's signers, pure Python and awscrt.

    With python3-awscrt installed botocore signs through the CRT signer,
    which reads the time in botocore.crt.auth.
    """
    clock = skewed_clock(delta)
    patches = [mock.patch.object(botocore.auth, "datetime", clock)]
    if crt_auth is not None:
        patches.append(mock.patch.object(crt_auth, "datetime", clock))
    stack = contextlib.ExitStack()
    for patcher in patches:
        stack.enter_context(patcher)
    return stack


class EmulatorTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.emulator = Emulator()

    @classmethod
    def tearDownClass(cls):
        cls.emulator.stop()

    def setUp(self):
        self.addCleanup(self.emulator.close_clients)
        status, _ = self.emulator.control("POST", "seed", SEED)
        self.assertEqual(status, 200)
        self.admin_key = self.emulator.access_key(JUMP, "admin")
        self.alice_key = self.emulator.access_key(JUMP, "alice")

    def target_iam(self):
        """Return an IAM client in TARGET through its admin role."""
        sts = self.emulator.client("sts", self.admin_key)
        credentials = sts.assume_role(
            RoleArn=role_arn(TARGET, "OrganizationAccountAccessRole"),
            RoleSessionName="tests")["Credentials"]
        return session_client(self.emulator, "iam", credentials)


class SignatureTests(EmulatorTestCase):
    def test_botocore_request_accepted(self):
        sts = self.emulator.client("sts", self.alice_key)
        identity = sts.get_caller_identity()
        self.assertEqual(identity["Arn"], ALICE)
        self.assertEqual(identity["Account"], JUMP)
        self.assertTrue(identity["UserId"].startswith("AIDA"))

    def test_changed_body_byte_rejected(self):
        iam = self.emulator.client("iam", self.admin_key)

        def change_one_byte(request, **kwargs):
            body = request.body
            if isinstance(body, str):
                body = body.encode()
            body = bytearray(body)
            position = body.index(b"MaxItems=5") + len(b"MaxItems=")
            body[position] = ord("6")
            request.body = bytes(body)

        iam.meta.events.register("before-send.iam.ListUsers", change_one_byte)
        with self.assertRaises(ClientError) as raised:
            iam.list_users(MaxItems=5)
        self.assertEqual(error_code(raised), "SignatureDoesNotMatch")
        self.assertEqual(http_status(raised), 403)

    def test_unchanged_body_accepted_with_hook(self):
        iam = self.emulator.client("iam", self.admin_key)
        iam.meta.events.register("before-send.iam.ListUsers",
                                 lambda request, **kwargs: None)
        self.assertEqual(len(iam.list_users(MaxItems=5)["Users"]), 5)

    def test_wrong_secret_rejected(self):
        sts = self.emulator.client("sts", (self.alice_key[0], "x" * 40))
        with self.assertRaises(ClientError) as raised:
            sts.get_caller_identity()
        self.assertEqual(error_code(raised), "SignatureDoesNotMatch")

    def test_unknown_key_rejected(self):
        sts = self.emulator.client("sts", ("AKIAUNKNOWNKEY000000", "x" * 40))
        with self.assertRaises(ClientError) as raised:
            sts.get_caller_identity()
        self.assertEqual(error_code(raised), "InvalidClientTokenId")
        self.assertEqual(http_status(raised), 403)

    def test_skewed_date_rejected(self):
        sts = self.emulator.client("sts", self.alice_key)
        for minutes in (-20, 20):
            with shift_signing_clock(datetime.timedelta(minutes=minutes)):
                with self.assertRaises(ClientError) as raised:
                    sts.get_caller_identity()
            self.assertEqual(error_code(raised), "RequestExpired")
            self.assertEqual(http_status(raised), 400)

    def test_small_skew_accepted(self):
        sts = self.emulator.client("sts", self.alice_key)
        with shift_signing_clock(datetime.timedelta(minutes=-10)):
            self.assertEqual(sts.get_caller_identity()["Arn"], ALICE)

    def test_missing_authorization(self):
        status, text = self.emulator.raw(
            "Action=GetCallerIdentity&Version=2011-06-15",
            {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 403)
        self.assertIn("<Code>MissingAuthenticationToken</Code>", text)
        self.assertIn("https://sts.amazonaws.com/doc/2011-06-15/", text)

    def test_garbled_authorization(self):
        status, text = self.emulator.raw(
            "Action=ListUsers&Version=2010-05-08",
            {"Content-Type": "application/x-www-form-urlencoded",
             "Authorization": "AWS4-HMAC-SHA256 Credential=garbage"})
        self.assertEqual(status, 400)
        self.assertIn("<Code>IncompleteSignature</Code>", text)
        self.assertIn("<Type>Sender</Type>", text)

    def test_wrong_signing_region_rejected(self):
        iam = self.emulator.client("iam", self.admin_key, region="eu-west-1")
        with self.assertRaises(ClientError) as raised:
            iam.list_users()
        self.assertEqual(error_code(raised), "SignatureDoesNotMatch")

    def test_regional_sts_accepted(self):
        sts = self.emulator.client("sts", self.alice_key, region="eu-west-1")
        self.assertEqual(sts.get_caller_identity()["Account"], JUMP)

    def test_expired_session_rejected(self):
        sts = self.emulator.client("sts", self.alice_key)
        credentials = sts.get_session_token()["Credentials"]
        session_sts = session_client(self.emulator, "sts", credentials)
        self.assertEqual(session_sts.get_caller_identity()["Arn"], ALICE)
        status, answer = self.emulator.control(
            "POST", "expire-sessions",
            {"access_key_id": credentials["AccessKeyId"]})
        self.assertEqual(status, 200)
        self.assertEqual(answer["expired"], 1)
        with self.assertRaises(ClientError) as raised:
            session_sts.get_caller_identity()
        self.assertEqual(error_code(raised), "ExpiredToken")
        self.assertEqual(http_status(raised), 403)

    def test_session_without_token_rejected(self):
        sts = self.emulator.client("sts", self.alice_key)
        credentials = sts.get_session_token()["Credentials"]
        no_token = self.emulator.client(
            "sts", (credentials["AccessKeyId"],
                    credentials["SecretAccessKey"]))
        with self.assertRaises(ClientError) as raised:
            no_token.get_caller_identity()
        self.assertEqual(error_code(raised), "InvalidClientTokenId")

    def signed_raw(self, method, path, body, extra_headers=None):
        """Sign a request by hand with botocore and send it unchanged."""
        headers = {"Content-Type": "application/x-www-form-urlencoded; "
                                   "charset=utf-8"}
        headers.update(extra_headers or {})
        request = AWSRequest(method=method, url=self.emulator.endpoint + path,
                             data=body, headers=headers)
        SigV4Auth(Credentials(*self.alice_key), "sts",
                  "us-east-1").add_auth(request)
        prepared = request.prepare()
        connection = http.client.HTTPConnection("127.0.0.1",
                                                self.emulator.port,
                                                timeout=10)
        try:
            connection.request(method, path, body=prepared.body,
                               headers=dict(prepared.headers))
            response = connection.getresponse()
            return response.status, response.read().decode()
        finally:
            connection.close()

    def test_query_parameters_in_url(self):
        status, text = self.signed_raw(
            "GET", "/?Action=GetCallerIdentity&Version=2011-06-15", b"")
        self.assertEqual(status, 200)
        self.assertIn("<Arn>%s</Arn>" % ALICE, text)

    def test_content_hash_mismatch_rejected(self):
        status, text = self.signed_raw(
            "POST", "/", b"Action=GetCallerIdentity&Version=2011-06-15",
            {"X-Amz-Content-SHA256": "ab" * 32})
        self.assertEqual(status, 403)
        self.assertIn("<Code>SignatureDoesNotMatch</Code>", text)

    def test_organizations_errors_are_json(self):
        org = self.emulator.client("organizations",
                                   ("AKIAUNKNOWNKEY000000", "x" * 40))
        with self.assertRaises(ClientError) as raised:
            org.list_accounts()
        self.assertEqual(error_code(raised), "UnrecognizedClientException")
        self.assertIn("RequestId", raised.exception.response[
            "ResponseMetadata"])


class LimitTests(EmulatorTestCase):
    def padded_trust(self, size):
        """Return a trust policy of exactly size non-whitespace chars."""
        document = trust(allow(ALICE, {"StringEquals": {
            "sts:ExternalId": ""}}))
        base = len(json.dumps(document, separators=(",", ":")))
        document["Statement"][0]["Condition"]["StringEquals"][
            "sts:ExternalId"] = "x" * (size - base)
        text = json.dumps(document, separators=(",", ":"))
        self.assertEqual(len(text), size)
        return document

    def test_trust_policy_size_limit(self):
        iam = self.target_iam()
        at_limit = json.dumps(self.padded_trust(2048), indent=4)
        iam.update_assume_role_policy(RoleName="OpenRole",
                                      PolicyDocument=at_limit)
        over = json.dumps(self.padded_trust(2049))
        with self.assertRaises(ClientError) as raised:
            iam.update_assume_role_policy(RoleName="OpenRole",
                                          PolicyDocument=over)
        self.assertEqual(error_code(raised), "LimitExceeded")
        self.assertEqual(http_status(raised), 409)
        self.assertIn("ACLSizePerRole: 2048",
                      raised.exception.response["Error"]["Message"])

    def test_trust_policy_quota_per_account(self):
        sts = self.emulator.client("sts", self.admin_key)
        credentials = sts.assume_role(
            RoleArn=role_arn(BIG_QUOTA, "OrganizationAccountAccessRole"),
            RoleSessionName="tests")["Credentials"]
        iam = session_client(self.emulator, "iam", credentials)
        iam.update_assume_role_policy(
            RoleName="Wide", PolicyDocument=json.dumps(
                self.padded_trust(4096)))
        with self.assertRaises(ClientError) as raised:
            iam.update_assume_role_policy(
                RoleName="Wide", PolicyDocument=json.dumps(
                    self.padded_trust(4097)))
        self.assertEqual(error_code(raised), "LimitExceeded")

    def identity_policy(self, size):
        document = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "sts:AssumeRole",
            "Resource": ""}]}
        base = len(json.dumps(document, separators=(",", ":")))
        document["Statement"][0]["Resource"] = "a" * (size - base)
        return json.dumps(document, separators=(",", ":"))

    def test_user_inline_aggregate_limit(self):
        iam = self.emulator.client("iam", self.admin_key)
        iam.put_user_policy(UserName="bob", PolicyName="one",
                            PolicyDocument=self.identity_policy(1500))
        iam.put_user_policy(UserName="bob", PolicyName="two",
                            PolicyDocument=self.identity_policy(548))
        with self.assertRaises(ClientError) as raised:
            iam.put_user_policy(UserName="bob", PolicyName="two",
                                PolicyDocument=self.identity_policy(549))
        self.assertEqual(error_code(raised), "LimitExceeded")
        self.assertEqual(http_status(raised), 409)
        self.assertIn("2048 bytes exceeded for user bob",
                      raised.exception.response["Error"]["Message"])
        # Replacing a policy counts its new size, not old plus new.
        iam.put_user_policy(UserName="bob", PolicyName="one",
                            PolicyDocument=self.identity_policy(1400))
        iam.put_user_policy(UserName="bob", PolicyName="two",
                            PolicyDocument=self.identity_policy(648))

    def test_invalid_principal(self):
        iam = self.target_iam()
        ghost = "arn:aws:iam::%s:user/people/ghost" % JUMP
        with self.assertRaises(ClientError) as raised:
            iam.update_assume_role_policy(
                RoleName="OpenRole",
                PolicyDocument=json.dumps(trust(allow(ghost))))
        self.assertEqual(error_code(raised), "MalformedPolicyDocument")
        self.assertEqual(http_status(raised), 400)
        self.assertEqual(raised.exception.response["Error"]["Message"],
                         'Invalid principal in policy: "AWS":"%s"' % ghost)

    def test_principal_kinds_accepted(self):
        iam = self.target_iam()
        document = trust(
            allow([ALICE, JUMP, "arn:aws:iam::999999999999:root",
                   role_arn(TARGET, "Deployer", "/ops/")]),
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
             "Action": "sts:AssumeRole"})
        iam.update_assume_role_policy(RoleName="OpenRole",
                                      PolicyDocument=json.dumps(document))
        stored = iam.get_role(RoleName="OpenRole")["Role"]
        self.assertEqual(stored["AssumeRolePolicyDocument"], document)

    def test_malformed_json(self):
        iam = self.target_iam()
        with self.assertRaises(ClientError) as raised:
            iam.update_assume_role_policy(RoleName="OpenRole",
                                          PolicyDocument='{"Version": ')
        self.assertEqual(error_code(raised), "MalformedPolicyDocument")
        admin = self.emulator.client("iam", self.admin_key)
        with self.assertRaises(ClientError) as raised:
            admin.put_user_policy(UserName="bob", PolicyName="p",
                                  PolicyDocument="[1, 2")
        self.assertEqual(error_code(raised), "MalformedPolicyDocument")

    def test_identity_policy_with_principal_rejected(self):
        admin = self.emulator.client("iam", self.admin_key)
        with self.assertRaises(ClientError) as raised:
            admin.put_user_policy(UserName="bob", PolicyName="p",
                                  PolicyDocument=json.dumps(trust(
                                      allow(ALICE))))
        self.assertEqual(error_code(raised), "MalformedPolicyDocument")

    def test_no_such_entity(self):
        admin = self.emulator.client("iam", self.admin_key)
        calls = [
            lambda: admin.get_user(UserName="nobody"),
            lambda: admin.get_user_policy(UserName="nobody", PolicyName="p"),
            lambda: admin.get_user_policy(UserName="bob", PolicyName="p"),
            lambda: admin.delete_user_policy(UserName="bob", PolicyName="p"),
            lambda: admin.list_user_policies(UserName="nobody"),
            lambda: admin.get_role(RoleName="Nobody"),
            lambda: admin.update_assume_role_policy(
                RoleName="Nobody", PolicyDocument=json.dumps(trust(
                    allow(JUMP)))),
        ]
        for call in calls:
            with self.assertRaises(ClientError) as raised:
                call()
            self.assertEqual(error_code(raised), "NoSuchEntity")
            self.assertEqual(http_status(raised), 404)

    def test_names_are_case_insensitive(self):
        admin = self.emulator.client("iam", self.admin_key)
        self.assertEqual(admin.get_user(UserName="BOB")["User"]["UserName"],
                         "bob")


class PolicyDocumentTests(EmulatorTestCase):
    def test_documents_percent_encoded(self):
        admin = self.emulator.client("iam", self.admin_key)
        document = ('{"Version": "2012-10-17", "Statement": [{"Sid": "a+b",'
                    ' "Effect": "Allow", "Action": "iam:GetUser",'
                    ' "Resource": "arn:aws:iam::%s:user/caf\u00e9*"}]}' % JUMP)
        admin.put_user_policy(UserName="bob", PolicyName="encoded",
                              PolicyDocument=document)
        raw = []
        admin.meta.events.register(
            "after-call.iam.GetUserPolicy",
            lambda http_response, **kwargs: raw.append(
                http_response.content.decode()))
        parsed = admin.get_user_policy(UserName="bob", PolicyName="encoded")
        self.assertIn("%22Sid%22%3A%20%22a%2Bb%22", raw[0])
        self.assertIn("caf%C3%A9%2A", raw[0])
        self.assertIn("https://iam.amazonaws.com/doc/2010-05-08/", raw[0])
        self.assertEqual(parsed["PolicyDocument"]["Statement"][0]["Sid"],
                         "a+b")

    def test_characters_above_latin1_rejected(self):
        admin = self.emulator.client("iam", self.admin_key)
        with self.assertRaises(ClientError) as raised:
            admin.put_user_policy(
                UserName="bob", PolicyName="p",
                PolicyDocument=json.dumps(
                    {"Version": "2012-10-17", "Statement": [{
                        "Sid": "x", "Effect": "Allow", "Action": "s3:Get",
                        "Resource": "\u0131"}]}, ensure_ascii=False))
        self.assertEqual(error_code(raised), "ValidationError")

    def test_put_then_delete_user_policy(self):
        admin = self.emulator.client("iam", self.admin_key)
        document = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "sts:AssumeRole",
            "Resource": role_arn(TARGET, "OpenRole")}]}
        admin.put_user_policy(UserName="bob", PolicyName="jumpgate",
                              PolicyDocument=json.dumps(document))
        self.assertEqual(admin.list_user_policies(UserName="bob")[
            "PolicyNames"], ["jumpgate"])
        admin.delete_user_policy(UserName="bob", PolicyName="jumpgate")
        self.assertEqual(admin.list_user_policies(UserName="bob")[
            "PolicyNames"], [])


class PaginationTests(EmulatorTestCase):
    def test_list_roles_three_pages(self):
        iam = self.target_iam()
        names = []
        marker = None
        pages = 0
        while True:
            kwargs = {"MaxItems": 3}
            if marker:
                kwargs["Marker"] = marker
            page = iam.list_roles(**kwargs)
            pages += 1
            names += [r["RoleName"] for r in page["Roles"]]
            if not page["IsTruncated"]:
                self.assertNotIn("Marker", page)
                break
            marker = page["Marker"]
        self.assertEqual(pages, 3)
        self.assertEqual(names, sorted(names, key=str.lower))
        self.assertEqual(len(names), 7)

    def test_list_users_three_pages(self):
        iam = self.emulator.client("iam", self.admin_key)
        first = iam.list_users(MaxItems=3)
        second = iam.list_users(MaxItems=3, Marker=first["Marker"])
        third = iam.list_users(MaxItems=3, Marker=second["Marker"])
        self.assertTrue(first["IsTruncated"])
        self.assertTrue(second["IsTruncated"])
        self.assertFalse(third["IsTruncated"])
        names = [u["UserName"] for p in (first, second, third)
                 for u in p["Users"]]
        self.assertEqual(len(names), 8)
        self.assertEqual(len(set(names)), 8)

    def test_list_users_path_prefix(self):
        iam = self.emulator.client("iam", self.admin_key)
        users = iam.list_users(PathPrefix="/people/")["Users"]
        self.assertEqual([u["UserName"] for u in users], ["alice", "bob"])

    def test_list_user_policies_pages(self):
        iam = self.emulator.client("iam", self.admin_key)
        for name in ("p1", "p2", "p3", "p4", "p5"):
            iam.put_user_policy(UserName="bob", PolicyName=name,
                                PolicyDocument=json.dumps(
                                    {"Version": "2012-10-17", "Statement": [{
                                        "Effect": "Allow", "Action": "s3:Get",
                                        "Resource": "*"}]}))
        paginator = iam.get_paginator("list_user_policies")
        pages = list(paginator.paginate(UserName="bob",
                                        PaginationConfig={"PageSize": 2}))
        self.assertEqual(len(pages), 3)
        self.assertEqual([n for p in pages for n in p["PolicyNames"]],
                         ["p1", "p2", "p3", "p4", "p5"])

    def test_list_account_aliases(self):
        iam = self.emulator.client("iam", self.admin_key)
        answer = iam.list_account_aliases()
        self.assertEqual(answer["AccountAliases"], ["test-jump"])
        self.assertFalse(answer["IsTruncated"])

    def test_bad_marker_rejected(self):
        iam = self.emulator.client("iam", self.admin_key)
        with self.assertRaises(ClientError) as raised:
            iam.list_users(Marker="not-a-marker")
        self.assertEqual(error_code(raised), "ValidationError")

    def test_list_accounts_three_pages(self):
        org = self.emulator.client("organizations", self.admin_key)
        first = org.list_accounts(MaxResults=2)
        second = org.list_accounts(MaxResults=2, NextToken=first["NextToken"])
        self.assertNotIn("NextToken", second)
        self.assertEqual(len(first["Accounts"]) + len(second["Accounts"]), 4)
        first = org.list_accounts(MaxResults=1)
        second = org.list_accounts(MaxResults=2, NextToken=first["NextToken"])
        third = org.list_accounts(MaxResults=2, NextToken=second["NextToken"])
        self.assertNotIn("NextToken", third)
        accounts = first["Accounts"] + second["Accounts"] + third["Accounts"]
        self.assertEqual([a["Id"] for a in accounts],
                         [JUMP, TARGET, BIG_QUOTA, OTHER])
        self.assertEqual(accounts[3]["Status"], "SUSPENDED")
        self.assertEqual(accounts[0]["Arn"],
                         "arn:aws:organizations::%s:account/o-testorg0001/%s"
                         % (JUMP, JUMP))

    def test_list_accounts_only_from_management(self):
        org = self.emulator.user_client("organizations", OTHER, "carol")
        with self.assertRaises(ClientError) as raised:
            org.list_accounts()
        self.assertEqual(error_code(raised), "AccessDeniedException")
        org = self.emulator.client("organizations", self.alice_key)
        with self.assertRaises(ClientError) as raised:
            org.list_accounts()
        self.assertEqual(error_code(raised), "AccessDeniedException")


class AssumeRoleTests(EmulatorTestCase):
    def assume(self, sts, role, **kwargs):
        return sts.assume_role(RoleArn=role_arn(TARGET, role),
                               RoleSessionName="tests", **kwargs)

    def assert_denied(self, call):
        with self.assertRaises(ClientError) as raised:
            call()
        self.assertEqual(error_code(raised), "AccessDenied")
        self.assertEqual(http_status(raised), 403)

    def test_trust_without_mfa_condition(self):
        sts = self.emulator.client("sts", self.alice_key)
        answer = self.assume(sts, "OpenRole")
        self.assertEqual(answer["AssumedRoleUser"]["Arn"],
                         "arn:aws:sts::%s:assumed-role/OpenRole/tests"
                         % TARGET)
        session = session_client(self.emulator, "sts", answer["Credentials"])
        identity = session.get_caller_identity()
        self.assertEqual(identity["Account"], TARGET)
        self.assertTrue(identity["UserId"].endswith(":tests"))

    def test_mfa_condition_needs_mfa(self):
        sts = self.emulator.client("sts", self.alice_key)
        self.assert_denied(lambda: self.assume(sts, "MfaRole"))
        answer = self.assume(sts, "MfaRole", SerialNumber=ALICE_MFA,
                             TokenCode=self.emulator.mfa_code(ALICE_MFA))
        self.assertIn("Credentials", answer)

    def test_mfa_session_satisfies_condition(self):
        sts = self.emulator.client("sts", self.alice_key)
        plain = sts.get_session_token()["Credentials"]
        self.assert_denied(lambda: self.assume(
            session_client(self.emulator, "sts", plain), "MfaRole"))
        with_mfa = sts.get_session_token(
            SerialNumber=ALICE_MFA,
            TokenCode=self.emulator.mfa_code(ALICE_MFA))["Credentials"]
        answer = self.assume(session_client(self.emulator, "sts", with_mfa),
                             "MfaRole")
        self.assertIn("Credentials", answer)

    def test_trust_without_identity_policy_denied(self):
        sts = self.emulator.user_client("sts", JUMP, "bob")
        self.assert_denied(lambda: self.assume(sts, "OpenRole"))

    def test_identity_policy_without_trust_denied(self):
        sts = self.emulator.client("sts", self.alice_key)
        self.assert_denied(lambda: self.assume(sts, "Deployer"))

    def test_explicit_deny_wins(self):
        sts = self.emulator.client("sts", self.alice_key)
        self.assert_denied(lambda: self.assume(sts, "DenyRole"))
        admin = self.emulator.client("sts", self.admin_key)
        self.assertIn("Credentials", self.assume(admin, "DenyRole"))

    def test_unknown_condition_never_matches(self):
        sts = self.emulator.client("sts", self.alice_key)
        self.assert_denied(lambda: self.assume(sts, "OddConditionRole"))

    def test_external_id_condition(self):
        admin = self.emulator.client("sts", self.admin_key)
        self.assert_denied(lambda: self.assume(admin, "ExternalIdRole"))
        self.assert_denied(lambda: self.assume(admin, "ExternalIdRole",
                                               ExternalId="ext-9999"))
        self.assertIn("Credentials", self.assume(admin, "ExternalIdRole",
                                                 ExternalId="ext-1234"))

    def test_admin_role_of_jump_account(self):
        admin = self.emulator.client("sts", self.admin_key)
        answer = self.assume(admin, "OrganizationAccountAccessRole")
        iam = session_client(self.emulator, "iam", answer["Credentials"])
        self.assertEqual(len(iam.list_roles()["Roles"]), 7)
        alice = self.emulator.client("sts", self.alice_key)
        # alice's policy allows the role, the trust names the jump account
        # root, so AWS lets her in too.
        self.assertIn("Credentials", self.assume(
            alice, "OrganizationAccountAccessRole"))

    def test_unknown_role_denied(self):
        admin = self.emulator.client("sts", self.admin_key)
        self.assert_denied(lambda: self.assume(admin, "Missing"))

    def test_duration_over_role_maximum(self):
        admin = self.emulator.client("sts", self.admin_key)
        with self.assertRaises(ClientError) as raised:
            self.assume(admin, "OrganizationAccountAccessRole",
                        DurationSeconds=7200)
        self.assertEqual(error_code(raised), "ValidationError")

    def test_non_admin_iam_calls_denied(self):
        iam = self.emulator.user_client("iam", JUMP, "bob")
        with self.assertRaises(ClientError) as raised:
            iam.list_users()
        self.assertEqual(error_code(raised), "AccessDenied")


class SessionTokenTests(EmulatorTestCase):
    def test_right_code(self):
        sts = self.emulator.client("sts", self.alice_key)
        credentials = sts.get_session_token(
            SerialNumber=ALICE_MFA, DurationSeconds=900,
            TokenCode=self.emulator.mfa_code(ALICE_MFA))["Credentials"]
        self.assertTrue(credentials["AccessKeyId"].startswith("ASIA"))
        remaining = credentials["Expiration"].timestamp() - time.time()
        self.assertGreater(remaining, 800)
        self.assertLessEqual(remaining, 901)

    def test_wrong_code(self):
        sts = self.emulator.client("sts", self.alice_key)
        code = self.emulator.mfa_code(ALICE_MFA)
        wrong = "%06d" % ((int(code) + 500000) % 1000000)
        with self.assertRaises(ClientError) as raised:
            sts.get_session_token(SerialNumber=ALICE_MFA, TokenCode=wrong)
        self.assertEqual(error_code(raised), "AccessDenied")
        self.assertIn("invalid MFA one time pass code",
                      raised.exception.response["Error"]["Message"])

    def test_device_of_someone_else(self):
        sts = self.emulator.user_client("sts", JUMP, "bob")
        with self.assertRaises(ClientError) as raised:
            sts.get_session_token(SerialNumber=ALICE_MFA,
                                  TokenCode=self.emulator.mfa_code(ALICE_MFA))
        self.assertEqual(error_code(raised), "AccessDenied")

    def test_malformed_code(self):
        sts = self.emulator.client("sts", self.alice_key)
        with self.assertRaises(ClientError) as raised:
            sts.get_session_token(SerialNumber=ALICE_MFA, TokenCode="12a456")
        self.assertEqual(error_code(raised), "ValidationError")

    def test_not_from_session_credentials(self):
        sts = self.emulator.client("sts", self.alice_key)
        credentials = sts.get_session_token()["Credentials"]
        with self.assertRaises(ClientError) as raised:
            session_client(self.emulator, "sts",
                           credentials).get_session_token()
        self.assertEqual(error_code(raised), "AccessDenied")

    def test_unknown_serial_has_no_code(self):
        status, answer = self.emulator.control(
            "GET", "mfa-code?serial=arn:aws:iam::%s:mfa/nobody" % JUMP)
        self.assertEqual(status, 404)
        self.assertIn("error", answer)


class ControlTests(EmulatorTestCase):
    def test_dump_round_trip(self):
        admin = self.emulator.client("iam", self.admin_key)
        admin.put_user_policy(UserName="bob", PolicyName="extra",
                              PolicyDocument=json.dumps(
                                  {"Version": "2012-10-17", "Statement": [{
                                      "Effect": "Allow", "Action": "s3:Get",
                                      "Resource": "*"}]}))
        status, first = self.emulator.control("GET", "state")
        self.assertEqual(status, 200)
        bob = [u for u in first["accounts"][0]["users"]
               if u["name"] == "bob"][0]
        self.assertEqual(bob["inline_policies"]["extra"]["Statement"][0][
            "Action"], "s3:Get")
        self.assertEqual(first["accounts"][1]["color"], "1565c0")
        self.assertNotIn("SecretAccessKey", json.dumps(first))
        status, _ = self.emulator.control("POST", "seed", first)
        self.assertEqual(status, 200)
        status, second = self.emulator.control("GET", "state")
        self.assertEqual(second, first)

    def test_dump_has_no_secrets(self):
        sts = self.emulator.client("sts", self.alice_key)
        sts.get_session_token()
        status, dump = self.emulator.control("GET", "state")
        text = json.dumps(dump)
        self.assertNotIn(self.alice_key[1], text)
        self.assertNotIn(self.alice_key[0], text)

    def test_reseeding_drops_credentials(self):
        status, _ = self.emulator.control("POST", "seed", SEED)
        self.assertEqual(status, 200)
        sts = self.emulator.client("sts", self.alice_key)
        with self.assertRaises(ClientError) as raised:
            sts.get_caller_identity()
        self.assertEqual(error_code(raised), "InvalidClientTokenId")

    def test_invalid_seed_keeps_state(self):
        broken = copy.deepcopy(SEED)
        broken["accounts"][1]["roles"][0]["trust_policy"] = trust(
            allow("arn:aws:iam::%s:user/ghost" % JUMP))
        status, answer = self.emulator.control("POST", "seed", broken)
        self.assertEqual(status, 400)
        self.assertIn("Invalid principal", answer["error"])
        status, dump = self.emulator.control("GET", "state")
        self.assertEqual(len(dump["accounts"]), 4)
        sts = self.emulator.client("sts", self.alice_key)
        self.assertEqual(sts.get_caller_identity()["Arn"], ALICE)

    def test_access_key_for_unknown_user(self):
        status, answer = self.emulator.control(
            "POST", "access-keys", {"account_id": JUMP, "user_name": "zed"})
        self.assertEqual(status, 404)
        self.assertIn("zed", answer["error"])

    def test_stats_count_operations_and_accounts(self):
        self.emulator.control("POST", "stats/reset")
        sts = self.emulator.client("sts", self.alice_key)
        for _ in range(3):
            sts.get_caller_identity()
        status, stats = self.emulator.control("GET", "stats")
        self.assertEqual(stats["operations"]["sts:GetCallerIdentity"], 3)
        self.assertEqual(stats["accounts"][JUMP], 3)
        self.assertEqual(stats["total"], 3)

    def test_unknown_control_call(self):
        status, answer = self.emulator.control("GET", "nothing-here")
        self.assertEqual(status, 404)


class FaultTests(unittest.TestCase):
    """Each fault flag on its own emulator, with a fixed random seed."""

    REQUESTS = 200

    def run_requests(self, emulator, count):
        """Return the outcome of each call: a code, "drop" or "ok"."""
        sts = emulator.user_client("sts", JUMP, "alice")
        outcomes = []
        for _ in range(count):
            try:
                sts.get_caller_identity()
                outcomes.append("ok")
            except ClientError as error:
                outcomes.append("%s/%d" % (
                    error.response["Error"]["Code"],
                    error.response["ResponseMetadata"]["HTTPStatusCode"]))
            except (ConnectionClosedError, EndpointConnectionError):
                outcomes.append("drop")
        return outcomes

    def start(self, *args):
        emulator = Emulator("--random-seed", "42", *args)
        self.addCleanup(emulator.stop)
        return emulator

    def assert_rate(self, outcomes, outcome, rate):
        count = outcomes.count(outcome)
        expected = rate * len(outcomes)
        self.assertGreater(count, expected * 0.5, outcomes)
        self.assertLess(count, expected * 1.5, outcomes)
        self.assertEqual(count + outcomes.count("ok"), len(outcomes))

    def test_throttle_rate(self):
        emulator = self.start("--throttle-rate", "0.3")
        outcomes = self.run_requests(emulator, self.REQUESTS)
        self.assert_rate(outcomes, "Throttling/400", 0.3)

    def test_throttle_rate_reproducible(self):
        emulator = self.start("--throttle-rate", "0.5")
        first = self.run_requests(emulator, 50)
        emulator.control("POST", "faults", {"random_seed": 42})
        second = self.run_requests(emulator, 50)
        self.assertEqual(first, second)

    def test_error_500_rate(self):
        emulator = self.start("--error-500-rate", "0.2")
        outcomes = self.run_requests(emulator, self.REQUESTS)
        self.assert_rate(outcomes, "ServiceFailure/500", 0.2)

    def test_error_503_rate(self):
        emulator = self.start("--error-503-rate", "0.2")
        outcomes = self.run_requests(emulator, self.REQUESTS)
        self.assert_rate(outcomes, "ServiceUnavailable/503", 0.2)

    def test_drop_rate(self):
        emulator = self.start("--drop-rate", "0.2")
        outcomes = self.run_requests(emulator, self.REQUESTS)
        self.assert_rate(outcomes, "drop", 0.2)
        status, stats = emulator.control("GET", "stats")
        self.assertEqual(stats["faults"]["drop"], outcomes.count("drop"))

    def test_latency_and_jitter(self):
        emulator = self.start("--latency-ms", "150", "--jitter-ms", "100")
        sts = emulator.user_client("sts", JUMP, "alice")
        for _ in range(5):
            started = time.monotonic()
            sts.get_caller_identity()
            elapsed = time.monotonic() - started
            self.assertGreaterEqual(elapsed, 0.15)
            self.assertLess(elapsed, 2.0)

    def test_account_rate_limit(self):
        emulator = self.start("--account-rate-limit", "5")
        started = time.monotonic()
        outcomes = self.run_requests(emulator, 30)
        elapsed = time.monotonic() - started
        accepted = outcomes.count("ok")
        self.assertGreater(accepted, 0)
        self.assertLessEqual(accepted, 5 * (int(elapsed) + 1))
        self.assertGreater(outcomes.count("Throttling/400"), 0)

    def test_account_rate_limit_organizations_code(self):
        emulator = self.start("--account-rate-limit", "1")
        org = emulator.user_client("organizations", JUMP, "admin")
        codes = []
        for _ in range(5):
            try:
                org.list_accounts()
                codes.append("ok")
            except ClientError as error:
                codes.append(error.response["Error"]["Code"])
        self.assertIn("TooManyRequestsException", codes)

    def test_faults_spare_control_calls(self):
        emulator = self.start("--error-500-rate", "1", "--drop-rate", "1")
        for _ in range(20):
            status, _ = emulator.control("GET", "stats")
            self.assertEqual(status, 200)
        outcomes = self.run_requests(emulator, 5)
        self.assertEqual(outcomes, ["drop"] * 5)

    def test_faults_set_by_control_call(self):
        emulator = self.start()
        status, faults = emulator.control("POST", "faults",
                                          {"throttle_rate": 1.0})
        self.assertEqual(status, 200)
        self.assertEqual(faults["throttle_rate"], 1.0)
        self.assertEqual(self.run_requests(emulator, 3),
                         ["Throttling/400"] * 3)
        emulator.control("POST", "faults", {"replace": True})
        self.assertEqual(self.run_requests(emulator, 3), ["ok"] * 3)
        status, answer = emulator.control("POST", "faults",
                                          {"throttle_rate": 2})
        self.assertEqual(status, 400)


class ProcessTests(unittest.TestCase):
    def test_sigterm_exits_zero(self):
        emulator = Emulator()
        self.assertEqual(emulator.stop(signal.SIGTERM), 0)

    def test_sigint_exits_zero(self):
        emulator = Emulator()
        self.assertEqual(emulator.stop(signal.SIGINT), 0)

    def test_stdin_end_stops_emulator(self):
        emulator = Emulator()
        emulator.process.stdin.close()
        self.assertEqual(emulator.process.wait(timeout=10), 0)
        emulator.process.stdout.close()

    def test_sample_organisation_loads(self):
        sample = os.path.join(HERE, "..", "..", "data", "sandbox",
                              "sample-org.json")
        emulator = Emulator("--seed", sample, seed=None)
        self.addCleanup(emulator.stop)
        status, dump = emulator.control("GET", "state")
        self.assertEqual(status, 200)
        with open(sample, encoding="utf-8") as sample_file:
            seed = json.load(sample_file)
        self.assertEqual(len(dump["accounts"]), len(seed["accounts"]))

    def test_bad_seed_file_fails_start(self):
        process = subprocess.run(
            [PYTHON, EMULATOR, "--port", "0", "--seed", "/nonexistent.json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
        self.assertEqual(process.returncode, 2)
        self.assertEqual(process.stdout, b"")
        self.assertIn(b"/nonexistent.json", process.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
