#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Measure botocore's SigV4 signatures per second on one thread.

Signs the same IAM PutUserPolicy request as bench-sigv4.c, with
botocore.auth.SigV4Auth and its clock frozen at 20150830T123600Z, and prints
the Authorization value so that it can be compared with the C benchmark's.
Nothing is sent: the request is only signed.

Usage: /usr/bin/python3 bench-sigv4-botocore.py [SECONDS]   (default 5)
"""

import datetime
import json
import sys
import time
import types
import urllib.parse

import botocore
import botocore.auth
import botocore.awsrequest
import botocore.credentials

# AWS's documented example credentials. The token is the example token of
# AWS's SigV4 test suite.
ACCESS_KEY_ID = "AKIDEXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SESSION_TOKEN = (
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLW"
    "sKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrm"
    "GdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFv"
    "lRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqK"
    "mlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="
)

SIGNING_TIME = datetime.datetime(2015, 8, 30, 12, 36, 0)

POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Resource": [
                "arn:aws:iam::111111111111:role/Admin",
                "arn:aws:iam::222222222222:role/ReadOnly",
                "arn:aws:iam::333333333333:role/Developer",
            ],
        }
    ],
}

# Timing runs in batches so that reading the clock costs nothing measurable.
BATCH = 1000


class FrozenDatetime(datetime.datetime):
    """datetime whose clock reads SIGNING_TIME (UTC)."""

    @classmethod
    def utcnow(cls):
        return SIGNING_TIME

    @classmethod
    def now(cls, tz=None):
        if tz is None:
            return SIGNING_TIME
        utc = SIGNING_TIME.replace(tzinfo=datetime.timezone.utc)
        return utc.astimezone(tz)


def freeze_botocore_clock():
    """Give botocore.auth its own datetime module whose clock is frozen."""
    frozen = types.ModuleType("datetime")
    frozen.__dict__.update(vars(datetime))
    frozen.datetime = FrozenDatetime
    botocore.auth.datetime = frozen


def build_body():
    """Return the PutUserPolicy form body, encoded the way botocore does."""
    params = [
        ("Action", "PutUserPolicy"),
        ("Version", "2010-05-08"),
        ("UserName", "alice.example"),
        ("PolicyName", "jumpgate-assume-roles"),
        ("PolicyDocument", json.dumps(POLICY, separators=(",", ":"))),
    ]
    return urllib.parse.urlencode(params)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    if seconds <= 0:
        sys.exit(f"Invalid duration {sys.argv[1]!r}: give the number of "
                 "seconds to run, such as 5")

    freeze_botocore_clock()

    body = build_body()
    request = botocore.awsrequest.AWSRequest(
        method="POST",
        url="https://iam.amazonaws.com/",
        data=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        },
    )
    credentials = botocore.credentials.Credentials(
        ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN)
    signer = botocore.auth.SigV4Auth(credentials, "iam", "us-east-1")

    # add_auth replaces the headers of the previous signature, so one
    # request object serves every iteration, as in the C benchmark.
    signer.add_auth(request)
    authorization = request.headers["Authorization"]
    if request.headers["X-Amz-Date"] != "20150830T123600Z":
        sys.exit("botocore's clock is not frozen: X-Amz-Date is "
                 f"{request.headers['X-Amz-Date']}; adapt "
                 "freeze_botocore_clock() to this botocore version")

    count = 0
    cpu_start = time.process_time()
    start = time.perf_counter()
    end = start + seconds
    while time.perf_counter() < end:
        for _ in range(BATCH):
            signer.add_auth(request)
        count += BATCH
    elapsed = time.perf_counter() - start
    cpu_elapsed = time.process_time() - cpu_start

    print(f"botocore: {botocore.__version__}")
    print(f"body bytes: {len(body.encode())}")
    print(f"authorization: {authorization}")
    print(f"signatures: {count} in {elapsed:.2f} s "
          f"({cpu_elapsed:.2f} s of CPU)")
    print(f"signatures per second: {count / elapsed:.0f}")
    print(f"signatures per CPU second: {count / cpu_elapsed:.0f}")


if __name__ == "__main__":
    main()
