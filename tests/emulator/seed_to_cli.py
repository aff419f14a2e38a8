#!/usr/bin/python3
"""Fill a Jumpgate database from an emulator seed with jumpgate-cli.

Usage:  seed_to_cli.py SEED --cli PATH --db FILE [--print]

The seed's jump account (top-level "jump_account_id") becomes the
partition.  The other accounts become target accounts with their roles,
except each account's admin role.  Jump-account users with a
"person_handle" become persons and principals.  A grant is staged for each
(person, role) pair on which both sides already agree: the user's inline
policies allow sts:AssumeRole on the role's exact ARN, and the role's trust
policy allows sts:AssumeRole to the user's ARN.  Pairs where only one side
agrees are left out, so that Jumpgate reports them as drift.

Role keys read besides the emulator's own: "require_mfa": false adds
--no-mfa.  Account keys: "environment", "color", "admin_role", "alias" and
"trust_policy_size_quota".  User keys: "person_handle", "display_name",
"email".
"""

import argparse
import json
import os
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emu_policy  # noqa: E402

DEFAULT_ADMIN_ROLE = "OrganizationAccountAccessRole"
DEFAULT_TRUST_POLICY_LIMIT = 2048


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _policy(value):
    return json.loads(value) if isinstance(value, str) else value


def _arn(partition, account_id, kind, path, name):
    return "arn:%s:iam::%s:%s%s%s" % (partition, account_id, kind, path, name)


def _granted_role_arns(user):
    """Return role ARNs the user's inline policies name exactly."""
    arns = set()
    for document in user.get("inline_policies", {}).values():
        for statement in _as_list(_policy(document).get("Statement", [])):
            if statement.get("Effect") != "Allow":
                continue
            actions = [a.lower() for a in _as_list(statement.get("Action",
                                                                 []))]
            if "sts:assumerole" not in actions:
                continue
            for resource in _as_list(statement.get("Resource", [])):
                if "*" not in resource and "?" not in resource:
                    arns.add(resource)
    return arns


def _trusts(role, user_arn):
    """Tell whether the trust policy allows sts:AssumeRole to user_arn."""
    document = _policy(role["trust_policy"])
    for statement in _as_list(document.get("Statement", [])):
        if statement.get("Effect") != "Allow":
            continue
        actions = [a.lower() for a in _as_list(statement.get("Action", []))]
        if "sts:assumerole" not in actions:
            continue
        principal = statement.get("Principal")
        if isinstance(principal, dict) and \
                user_arn in _as_list(principal.get("AWS", [])):
            return True
    return False


def commands(seed, with_grants=True):
    """Return the jumpgate-cli argument lists that import seed."""
    partition = seed.get("partition", "aws")
    jump_id = seed.get("jump_account_id")
    accounts = {a["id"]: a for a in seed.get("accounts", [])}
    if jump_id not in accounts:
        raise ValueError("the seed's jump_account_id %r is not one of its "
                         "accounts; add \"jump_account_id\" at the top level"
                         % jump_id)
    jump = accounts[jump_id]
    region = seed.get("region")

    result = []
    partition_add = ["partition", "add", partition, "--jump-account", jump_id]
    if region:
        partition_add += ["--region", region]
    if jump.get("alias"):
        partition_add += ["--alias", jump["alias"]]
    result.append(partition_add)

    roles_by_arn = {}
    for account in accounts.values():
        if account["id"] == jump_id:
            continue
        # A suspended account refuses AssumeRole, as AWS does, so it is
        # left out like "jumpgate-cli import" leaves it out.
        if account.get("status", "ACTIVE") != "ACTIVE":
            continue
        account_add = ["account", "add", account["id"],
                       "--partition", partition, "--name", account["name"]]
        for key, option in (("environment", "--environment"),
                            ("color", "--color"),
                            ("admin_role", "--admin-role"),
                            ("alias", "--alias")):
            if account.get(key):
                account_add += [option, account[key]]
        limit = account.get("trust_policy_size_quota",
                            DEFAULT_TRUST_POLICY_LIMIT)
        if limit != DEFAULT_TRUST_POLICY_LIMIT:
            account_add += ["--trust-policy-limit", str(limit)]
        if region:
            account_add += ["--region", region]
        result.append(account_add)

        admin_role = account.get("admin_role", DEFAULT_ADMIN_ROLE)
        for role in account.get("roles", []):
            if role["name"] == admin_role:
                continue
            path = role.get("path", "/")
            role_add = ["role", "add", account["id"], role["name"]]
            if path != "/":
                role_add += ["--path", path]
            if role.get("require_mfa") is False:
                role_add.append("--no-mfa")
            result.append(role_add)
            roles_by_arn[_arn(partition, account["id"], "role", path,
                              role["name"])] = role

    grants = []
    for user in jump.get("users", []):
        handle = user.get("person_handle")
        if not handle:
            continue
        person_add = ["person", "add", handle,
                      "--name", user.get("display_name", handle)]
        if user.get("email"):
            person_add += ["--email", user["email"]]
        result.append(person_add)

        path = user.get("path", "/")
        principal_add = ["principal", "add", handle, "--partition", partition,
                         "--user-name", user["name"]]
        if path != "/":
            principal_add += ["--path", path]
        if user.get("mfa_devices"):
            principal_add += ["--mfa-serial", user["mfa_devices"][0]]
        result.append(principal_add)

        user_arn = _arn(partition, jump_id, "user", path, user["name"])
        agreed = sorted(arn for arn in _granted_role_arns(user)
                        if arn in roles_by_arn
                        and _trusts(roles_by_arn[arn], user_arn))
        if agreed:
            grants.append(["grant", handle] + agreed)
    return result + grants if with_grants else result


def main(argv):
    parser = argparse.ArgumentParser(
        description="Fill a Jumpgate database from an emulator seed.")
    parser.add_argument("seed", help="seed JSON file")
    parser.add_argument("--cli", required=True,
                        help="path of the jumpgate-cli program")
    parser.add_argument("--db", required=True,
                        help="database file jumpgate-cli writes")
    parser.add_argument("--print", action="store_true", dest="print_only",
                        help="print the commands instead of running them")
    parser.add_argument("--no-grants", action="store_true",
                        help="leave out the grants; \"jumpgate-cli import\" "
                             "reads them from the emulator instead")
    arguments = parser.parse_args(argv)

    with open(arguments.seed, encoding="utf-8") as seed_file:
        seed = json.load(seed_file)
    # Validate the trust policies the same way the emulator does, so a
    # broken seed fails here and not halfway through the import.
    for account in seed.get("accounts", []):
        for role in account.get("roles", []):
            text = role["trust_policy"]
            if not isinstance(text, str):
                text = json.dumps(text)
            emu_policy.parse(text, "trust")

    try:
        command_list = commands(seed, not arguments.no_grants)
    except ValueError as error:
        print("seed_to_cli.py: %s" % error, file=sys.stderr)
        return 2
    for command in command_list:
        full = [arguments.cli, "--db", arguments.db] + command
        if arguments.print_only:
            print(shlex.join(full))
            continue
        process = subprocess.run(full, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True)
        if process.returncode != 0:
            print("seed_to_cli.py: %s failed with status %d:\n%s"
                  % (shlex.join(full), process.returncode,
                     process.stderr.strip()), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
