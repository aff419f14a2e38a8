"""IAM policy documents for the emulator: validation, size and evaluation.

Evaluation covers what cross-account role assumption needs and no more:
Allow and Deny statements, Action/NotAction and Resource/NotResource with
`*` and `?` wildcards, Principal "*" or {"AWS": ARN, list of ARNs, account
root or bare account id}, and a small set of condition operators and keys
(see CONDITION_OPERATORS and the context built by the caller).

A statement whose condition uses an operator or key outside that set never
matches.  For Allow statements that is the safe side (access is denied);
for Deny statements it makes the emulator more permissive than AWS.
"""

import fnmatch
import json
import re

# policyDocumentType in the IAM service model (botocore 1.29.27).
POLICY_CHARACTERS = re.compile(r"^[\u0009\u000A\u000D\u0020-\u00FF]+$")
POLICY_MAX_MODEL_LENGTH = 131072
POLICY_VERSIONS = ("2012-10-17", "2008-10-17")

ARN_PATTERN = re.compile(
    r"^arn:(?P<partition>aws|aws-us-gov|aws-cn):(?P<service>iam|sts)::"
    r"(?P<account>\d{12}):(?P<resource>.+)$")
ACCOUNT_ID_PATTERN = re.compile(r"^\d{12}$")


class PolicyError(Exception):
    """A policy document that IAM would reject, with IAM's error code."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def size_without_whitespace(text):
    """Return the length IAM counts against its quotas.

    IAM documents that whitespace is not counted.  This removes every
    whitespace character, inside JSON strings too, which is an estimate of
    IAM's exact rule.
    """
    return len(re.sub(r"\s", "", text))


def _as_list(value):
    if isinstance(value, list):
        return value
    return [value]


def parse(text, kind):
    """Parse and check a policy document the way IAM does on write.

    kind is "identity" for user inline policies and "trust" for role trust
    policies.  Returns the parsed JSON object; raises PolicyError.
    """
    if not text or len(text) > POLICY_MAX_MODEL_LENGTH \
            or not POLICY_CHARACTERS.match(text):
        raise PolicyError(
            "ValidationError",
            "1 validation error detected: Value at 'policyDocument' failed "
            "to satisfy constraint: Member must satisfy regular expression "
            "pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+ and have "
            "length between 1 and 131072")
    try:
        document = json.loads(text)
    except ValueError:
        raise PolicyError("MalformedPolicyDocument", "Syntax errors in policy.")
    check_structure(document, kind)
    return document


def check_structure(document, kind):
    """Raise PolicyError unless document has the shape IAM accepts."""
    if not isinstance(document, dict):
        raise PolicyError("MalformedPolicyDocument", "Syntax errors in policy.")
    version = document.get("Version")
    if version is not None and version not in POLICY_VERSIONS:
        raise PolicyError("MalformedPolicyDocument",
                          "The policy must contain a valid version string")
    if "Statement" not in document:
        raise PolicyError("MalformedPolicyDocument",
                          "Missing required field Statement")
    statements = _as_list(document["Statement"])
    if not statements:
        raise PolicyError("MalformedPolicyDocument",
                          "Missing required field Statement")
    for statement in statements:
        if not isinstance(statement, dict):
            raise PolicyError("MalformedPolicyDocument",
                              "Syntax errors in policy.")
        if statement.get("Effect") not in ("Allow", "Deny"):
            raise PolicyError("MalformedPolicyDocument",
                              "Invalid effect: %s" % statement.get("Effect"))
        if "Action" not in statement and "NotAction" not in statement:
            raise PolicyError("MalformedPolicyDocument",
                              "Missing required field Action")
        has_principal = "Principal" in statement or "NotPrincipal" in statement
        has_resource = "Resource" in statement or "NotResource" in statement
        if kind == "identity":
            if has_principal:
                raise PolicyError(
                    "MalformedPolicyDocument",
                    "Policy document should not specify a principal.")
            if not has_resource:
                raise PolicyError(
                    "MalformedPolicyDocument",
                    "Policy statement must contain resources.")
        else:
            if not has_principal:
                raise PolicyError("MalformedPolicyDocument",
                                  "Missing required field Principal")
            if has_resource:
                raise PolicyError("MalformedPolicyDocument",
                                  "Has prohibited field Resource")
        condition = statement.get("Condition", {})
        if not isinstance(condition, dict):
            raise PolicyError("MalformedPolicyDocument",
                              "Syntax errors in policy.")


def aws_principals(document):
    """Yield every string named under Principal.AWS in document."""
    for statement in _as_list(document.get("Statement", [])):
        for field in ("Principal", "NotPrincipal"):
            principal = statement.get(field)
            if isinstance(principal, dict) and "AWS" in principal:
                for value in _as_list(principal["AWS"]):
                    yield value


def check_principals(document, entity_exists):
    """Raise PolicyError for a Principal.AWS value IAM would reject.

    entity_exists(arn) returns whether a user or role ARN names an entity
    that exists.  Account roots, bare account ids and "*" are accepted.
    """
    for value in aws_principals(document):
        if not isinstance(value, str):
            raise PolicyError("MalformedPolicyDocument",
                              "Syntax errors in policy.")
        if value == "*" or ACCOUNT_ID_PATTERN.match(value):
            continue
        match = ARN_PATTERN.match(value)
        resource = match.group("resource") if match else ""
        valid = False
        if match and match.group("service") == "iam":
            if resource == "root":
                valid = True
            elif resource.startswith(("user/", "role/")):
                valid = entity_exists(value)
        if not valid:
            raise PolicyError(
                "MalformedPolicyDocument",
                'Invalid principal in policy: "AWS":"%s"' % value)


def _glob(pattern, value, case_sensitive):
    if not isinstance(pattern, str):
        return False
    if not case_sensitive:
        pattern = pattern.lower()
        value = value.lower()
    # fnmatch treats [ ] as a character class; IAM does not.
    pattern = pattern.replace("[", "[[]")
    return fnmatch.fnmatchcase(value, pattern)


def _matches_any(patterns, value, case_sensitive):
    return any(_glob(p, value, case_sensitive) for p in _as_list(patterns))


def _bool_condition(values, actual):
    if actual is None:
        return False
    expected = [str(v).lower() for v in _as_list(values)]
    return ("true" if actual else "false") in expected


def _string_equals(values, actual):
    return actual is not None and actual in [str(v) for v in _as_list(values)]


def _string_like(values, actual):
    return actual is not None and _matches_any(values, actual, True)


# Condition operators understood by the emulator.  Each takes the
# statement's values and the context value (None when the key is absent).
CONDITION_OPERATORS = {
    "Bool": _bool_condition,
    "StringEquals": _string_equals,
    "StringLike": _string_like,
    "ArnEquals": _string_equals,
    "ArnLike": _string_like,
}


def _condition_matches(condition, context):
    for operator, entries in condition.items():
        if_exists = operator.endswith("IfExists")
        base = operator[:-len("IfExists")] if if_exists else operator
        test = CONDITION_OPERATORS.get(base)
        if test is None or not isinstance(entries, dict):
            return False
        for key, values in entries.items():
            lowered = key.lower()
            if lowered not in context:
                if if_exists:
                    continue
                return False
            if not test(values, context[lowered]):
                return False
    return True


def _principal_matches(statement, principal_candidates):
    if "NotPrincipal" in statement:
        # Never used by the seeds; treat it as not matching.
        return False
    principal = statement.get("Principal")
    if principal == "*":
        return True
    if not isinstance(principal, dict) or "AWS" not in principal:
        return False
    for value in _as_list(principal["AWS"]):
        if value == "*" or value in principal_candidates:
            return True
    return False


def _statement_matches(statement, action, resource, principal_candidates,
                       context):
    if "Action" in statement:
        if not _matches_any(statement["Action"], action, False):
            return False
    elif _matches_any(statement["NotAction"], action, False):
        return False
    if principal_candidates is None:
        if "Resource" in statement:
            if not _matches_any(statement["Resource"], resource, True):
                return False
        elif _matches_any(statement["NotResource"], resource, True):
            return False
    elif not _principal_matches(statement, principal_candidates):
        return False
    return _condition_matches(statement.get("Condition", {}), context)


def evaluate(documents, action, resource=None, principal_candidates=None,
             context=None):
    """Return "Allow", "Deny" (explicit) or None (implicit deny).

    Identity policies are evaluated against resource.  A trust policy is
    evaluated against principal_candidates instead: the strings that name
    the caller, which are its ARN, its role's ARN, its account root ARN and
    its account id.  context maps lower-case condition keys to values.
    """
    context = context or {}
    allowed = False
    for document in documents:
        for statement in _as_list(document.get("Statement", [])):
            if not _statement_matches(statement, action, resource,
                                      principal_candidates, context):
                continue
            if statement.get("Effect") == "Deny":
                return "Deny"
            allowed = True
    return "Allow" if allowed else None
