#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Make the reads and writes of a Jumpgate commit one after another with boto3.

The sequential baseline of bench-commit.c: the same calls that
"jumpgate-cli commit" makes, sent by a plain boto3 script against a
fresh emulator loaded with the same organisation. The script does no
planning of its own: the documents to write come from the input file
(bench-commit.c takes them from the emulator after Jumpgate's commit),
so the time measured is the time of the calls alone.

Calls, in order: STS GetCallerIdentity; for each user GetUser,
ListUserPolicies and GetUserPolicy for each policy listed; for each
target account AssumeRole into its admin role, then GetRole for each
role; then PutUserPolicy (or DeleteUserPolicy) for each user and
UpdateAssumeRolePolicy for each role.

Usage: /usr/bin/python3 bench-commit-boto3.py ENDPOINT_URL INPUT.json

Credentials come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. The
input file is an object:
  "users":    [{"name": NAME, "document": JSON text or null}]
  "accounts": [{"id": ID, "admin_role_arn": ARN,
                "roles": [{"name": NAME, "document": JSON text}]}]
where a null user document means the policy is deleted.

Standard output: one JSON object with "seconds" (wall time of the calls,
client creation included) and "requests" (calls sent).
"""

import json
import sys
import time

import boto3

POLICY_NAME = "jumpgate-assume-roles"
# IAM signs in us-east-1 in the aws partition; the emulator checks it.
IAM_REGION = "us-east-1"


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: bench-commit-boto3.py ENDPOINT_URL "
                         "INPUT.json\n")
        return 2
    endpoint, input_path = sys.argv[1], sys.argv[2]
    with open(input_path, encoding="utf-8") as stream:
        work = json.load(stream)

    requests = 0
    started = time.monotonic()

    session = boto3.session.Session(region_name=IAM_REGION)
    sts = session.client("sts", endpoint_url=endpoint)
    iam = session.client("iam", endpoint_url=endpoint)

    sts.get_caller_identity()
    requests += 1

    # Reads.
    for user in work["users"]:
        iam.get_user(UserName=user["name"])
        names = iam.list_user_policies(UserName=user["name"])["PolicyNames"]
        requests += 2
        for name in names:
            iam.get_user_policy(UserName=user["name"], PolicyName=name)
            requests += 1

    account_clients = {}
    for account in work["accounts"]:
        credentials = sts.assume_role(RoleArn=account["admin_role_arn"],
                                      RoleSessionName="bench-boto3")
        credentials = credentials["Credentials"]
        requests += 1
        client = boto3.session.Session(
            aws_access_key_id=credentials["AccessKeyId"],
            aws_secret_access_key=credentials["SecretAccessKey"],
            aws_session_token=credentials["SessionToken"],
            region_name=IAM_REGION).client("iam", endpoint_url=endpoint)
        account_clients[account["id"]] = client
        for role in account["roles"]:
            client.get_role(RoleName=role["name"])
            requests += 1

    # Writes.
    for user in work["users"]:
        if user["document"] is None:
            iam.delete_user_policy(UserName=user["name"],
                                   PolicyName=POLICY_NAME)
        else:
            iam.put_user_policy(UserName=user["name"], PolicyName=POLICY_NAME,
                                PolicyDocument=user["document"])
        requests += 1

    for account in work["accounts"]:
        client = account_clients[account["id"]]
        for role in account["roles"]:
            client.update_assume_role_policy(RoleName=role["name"],
                                             PolicyDocument=role["document"])
            requests += 1

    elapsed = time.monotonic() - started
    print(json.dumps({"seconds": elapsed, "requests": requests}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
