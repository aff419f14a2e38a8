#!/usr/bin/python3
"""A stateful IAM, STS and Organizations emulator on 127.0.0.1.

Run as:  /usr/bin/python3 jumpgate_emulator.py --port 0 [--seed FILE]
                                               [fault flags]

The first line on standard output is JUMPGATE_EMULATOR_PORT=<port>, printed
once the socket listens.  Logs go to standard error.  SIGTERM and SIGINT
stop the server with exit status 0, and so does the end of standard input
with --exit-on-stdin-eof.  README.md beside this file describes
the seed format and the control endpoint under /_emulator/.
"""

import argparse
import collections
import json
import logging
import os
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import emu_faults
import emu_protocol
import emu_sigv4
import emu_state

log = logging.getLogger("jumpgate-emulator")

CONTROL_PREFIX = "/_emulator/"

# What JSON-protocol services send for the authentication failures that
# Query services report with the codes on the left.
JSON_AUTH_CODES = {
    "MissingAuthenticationToken": "MissingAuthenticationTokenException",
    "IncompleteSignature": "IncompleteSignatureException",
    "InvalidClientTokenId": "UnrecognizedClientException",
    "SignatureDoesNotMatch": "InvalidSignatureException",
    "RequestExpired": "InvalidSignatureException",
    "ExpiredToken": "ExpiredTokenException",
}

FAULT_ERRORS = {
    "query": {
        emu_faults.THROTTLE: ("Throttling", 400, "Rate exceeded", True),
        emu_faults.ERROR_500: ("ServiceFailure", 500,
                               "An internal error occurred.", False),
        emu_faults.ERROR_503: ("ServiceUnavailable", 503,
                               "Service is unavailable. Try again later.",
                               False),
    },
    "json": {
        emu_faults.THROTTLE: ("TooManyRequestsException", 400,
                              "Rate exceeded", True),
        emu_faults.ERROR_500: ("ServiceException", 500,
                               "An internal error occurred.", False),
        emu_faults.ERROR_503: ("ServiceException", 503,
                               "Service is unavailable. Try again later.",
                               False),
    },
}


class Stats:
    """Request counts for tests and benchmarks, reset by the control API."""

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        with self._lock:
            self.total = 0
            self.operations = collections.Counter()
            self.accounts = collections.Counter()
            self.statuses = collections.Counter()
            self.errors = collections.Counter()
            self.faults = collections.Counter()

    def count(self, counter, key):
        with self._lock:
            getattr(self, counter)[key] += 1

    def request(self):
        with self._lock:
            self.total += 1

    def dump(self):
        with self._lock:
            return {"total": self.total,
                    "operations": dict(self.operations),
                    "accounts": dict(self.accounts),
                    "statuses": {str(k): v for k, v in self.statuses.items()},
                    "errors": dict(self.errors),
                    "faults": dict(self.faults)}


class Emulator:
    """Everything the request handlers share."""

    def __init__(self, initial_seed, initial_faults):
        self.state = emu_state.State()
        self.faults = emu_faults.Faults()
        self.stats = Stats()
        self.initial_seed = initial_seed
        self.initial_faults = initial_faults
        self.reset()

    def reset(self):
        self.state.load(self.initial_seed)
        self.faults.configure(self.initial_faults, replace=True)
        self.stats.reset()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm the
    # second one waits for the client's delayed ACK (about 40 ms on Linux).
    disable_nagle_algorithm = True
    server_version = "JumpgateEmulator/1"
    sys_version = ""

    @property
    def emulator(self):
        return self.server.emulator

    def log_message(self, format, *args):
        log.debug("%s %s", self.address_string(), format % args)

    def _read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    # The added latency counts from the request's arrival, as a network
    # round trip would: the server works on the request meanwhile, so
    # checking signatures one at a time under the interpreter lock does
    # not add to the latency of requests that wait concurrently.
    reply_not_before = 0.0

    def _wait_for_latency(self):
        wait = self.reply_not_before - time.monotonic()
        self.reply_not_before = 0.0
        if wait > 0:
            time.sleep(wait)

    def _send(self, status, content_type, body, headers=()):
        self._wait_for_latency()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self._dispatch()

    def do_POST(self):
        self._dispatch()

    def _dispatch(self):
        body = self._read_body()
        if self.path.startswith(CONTROL_PREFIX):
            self._control(body)
        else:
            self._aws(body)

    # Control endpoint

    def _send_json(self, status, value):
        body = (json.dumps(value, indent=2, sort_keys=False) + "\n").encode()
        self._send(status, "application/json", body)

    def _control(self, body):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        route = (self.command, url.path[len(CONTROL_PREFIX):].rstrip("/"))
        emulator = self.emulator
        try:
            payload = json.loads(body) if body else {}
        except ValueError as error:
            self._send_json(400, {"error": "the request body is not JSON: %s"
                                  % error})
            return
        if not isinstance(payload, dict):
            self._send_json(400, {"error": "the request body must be a JSON "
                                  "object"})
            return
        try:
            if route == ("POST", "seed"):
                emulator.state.load(payload)
                log.debug("loaded a seed with %d accounts",
                         len(emulator.state.accounts))
                self._send_json(200, {"accounts": len(emulator.state.accounts)})
            elif route == ("GET", "state"):
                self._send_json(200, emulator.state.dump())
            elif route == ("POST", "reset"):
                emulator.reset()
                log.info("reset to the start-up seed and faults")
                self._send_json(200, {})
            elif route in (("POST", "faults"), ("GET", "faults")):
                if self.command == "POST":
                    replace = bool(payload.pop("replace", False))
                    emulator.faults.configure(payload, replace=replace)
                    log.info("faults now %s", emulator.faults.dump())
                self._send_json(200, emulator.faults.dump())
            elif route == ("POST", "access-keys"):
                self._control_access_key(payload)
            elif route == ("GET", "mfa-code"):
                self._control_mfa_code(query.get("serial"))
            elif route == ("GET", "stats"):
                self._send_json(200, emulator.stats.dump())
            elif route == ("POST", "stats/reset"):
                emulator.stats.reset()
                self._send_json(200, {})
            elif route == ("GET", "credentials"):
                self._send_json(200, {"credentials":
                                      emulator.state.credential_summary()})
            elif route == ("POST", "expire-sessions"):
                count = emulator.state.expire_sessions(
                    payload.get("access_key_id"))
                self._send_json(200, {"expired": count})
            else:
                self._send_json(404, {"error": "no control call %s %s; see "
                                      "tests/emulator/README.md" % route})
        except emu_state.SeedError as error:
            log.warning("rejected a seed: %s", error)
            self._send_json(400, {"error": "invalid seed: %s" % error})
        except (ValueError, TypeError, AttributeError) as error:
            log.warning("rejected control call %s %s: %s", self.command,
                        self.path, error)
            self._send_json(400, {"error": str(error)})

    def _control_access_key(self, payload):
        account_id = str(payload.get("account_id"))
        user_name = payload.get("user_name")
        try:
            credential = self.emulator.state.create_access_key(
                account_id, str(user_name))
        except KeyError:
            self._send_json(404, {"error": "no user %r in account %s; list "
                                  "them with GET /_emulator/state"
                                  % (user_name, account_id)})
            return
        log.info("created access key %s for %s in %s",
                 credential.access_key_id, credential.user_name, account_id)
        self._send_json(200, {"AccessKeyId": credential.access_key_id,
                              "SecretAccessKey": credential.secret})

    def _control_mfa_code(self, serial):
        state = self.emulator.state
        with state.lock:
            account, user = state.user_for_mfa_serial(serial or "")
        if user is None:
            self._send_json(404, {"error": "no MFA device with serial %r; "
                                  "give the device ARN as ?serial=" % serial})
            return
        step = emu_state.MFA_STEP_SECONDS
        self._send_json(200, {"serial": serial, "code": state.mfa_code(serial),
                              "seconds_left": step - int(time.time()) % step})

    # AWS calls

    def _aws(self, body):
        emulator = self.emulator
        emulator.stats.request()
        target = self.headers.get("X-Amz-Target")
        if target is not None:
            protocol = "json"
            service = "organizations"
            action = target
            if target.startswith(emu_protocol.ORGANIZATIONS_TARGET_PREFIX):
                action = target[len(emu_protocol.ORGANIZATIONS_TARGET_PREFIX):]
            params = None
        else:
            protocol = "query"
            # Query parameters may come in the URL (GET) or the form body.
            query = urllib.parse.urlsplit(self.path).query
            params = dict(urllib.parse.parse_qsl(query,
                                                 keep_blank_values=True))
            params.update(urllib.parse.parse_qsl(
                body.decode("utf-8", "replace"), keep_blank_values=True))
            action = params.get("Action", "")
            service = emu_sigv4.service_of(self.headers)
            if service not in emu_protocol.API_VERSIONS:
                service = "sts" if action in emu_protocol.OPERATIONS["sts"] \
                    else "iam"
        emulator.stats.count("operations", "%s:%s" % (service, action))

        self.reply_not_before = (time.monotonic()
                                 + emulator.faults.delay_seconds())
        fault = emulator.faults.draw()
        if fault is not None:
            emulator.stats.count("faults", fault)
        if fault == emu_faults.DROP:
            log.debug("dropping the connection of %s:%s", service, action)
            self._wait_for_latency()
            self.close_connection = True
            return
        if fault is not None:
            code, status, message, sender = FAULT_ERRORS[protocol][fault]
            self._aws_error(protocol, service, emu_protocol.ApiError(
                code, status, message, sender))
            return

        try:
            answer = self._aws_call(protocol, service, action, params, body)
        except emu_protocol.ApiError as error:
            self._aws_error(protocol, service, error)
            return
        rid = emu_protocol.request_id()
        emulator.stats.count("statuses", 200)
        if protocol == "json":
            self._send(200, "application/x-amz-json-1.1",
                       json.dumps(answer).encode(),
                       [("x-amzn-RequestId", rid)])
        else:
            self._send(200, "text/xml",
                       emu_protocol.render_query(service, action, answer, rid),
                       [("x-amzn-RequestId", rid)])

    def _authenticate(self, service, body):
        """Check the signature; return the Caller or raise AuthError."""
        state = self.emulator.state
        auth = emu_sigv4.parse_authorization(self.headers)
        signed_at = emu_sigv4.request_time(self.headers, auth)
        if auth.service != service:
            raise emu_sigv4.AuthError(
                "SignatureDoesNotMatch", 403,
                "Credential should be scoped to correct service: '%s'."
                % service)
        emu_sigv4.check_region(state.partition, service, auth.region)
        token = self.headers.get("X-Amz-Security-Token")
        with state.lock:
            try:
                credential, caller = emu_protocol.resolve_caller(
                    state, auth.access_key_id, token)
            except emu_protocol.ApiError as error:
                raise emu_sigv4.AuthError(error.code, error.status,
                                          error.message)
        emu_sigv4.check_skew(signed_at)
        emu_sigv4.check_signature(self.command, self.path, self.headers, body,
                                  auth, credential.secret,
                                  self.headers["X-Amz-Date"])
        return caller

    def _aws_call(self, protocol, service, action, params, body):
        emulator = self.emulator
        try:
            caller = self._authenticate(service, body)
        except emu_sigv4.AuthError as error:
            code = error.code
            if protocol == "json":
                code = JSON_AUTH_CODES.get(code, code)
            raise emu_protocol.ApiError(code, error.status, error.message)

        operation = emu_protocol.OPERATIONS[service].get(action)
        if protocol == "json":
            if operation is None:
                raise emu_protocol.ApiError(
                    "UnknownOperationException", 400,
                    "The operation %r is not supported by this emulator."
                    % self.headers.get("X-Amz-Target"))
            try:
                params = json.loads(body or b"{}")
            except ValueError:
                raise emu_protocol.ApiError(
                    "SerializationException", 400,
                    "The request body is not valid JSON.")
            if not isinstance(params, dict):
                raise emu_protocol.ApiError(
                    "SerializationException", 400,
                    "The request body must be a JSON object.")
        else:
            version = params.get("Version")
            if operation is None or \
                    version != emu_protocol.API_VERSIONS[service]:
                raise emu_protocol.ApiError(
                    "InvalidAction", 400,
                    "Could not find operation %s for version %s"
                    % (action, version))

        emulator.stats.count("accounts", caller.account.id)
        if emulator.faults.over_account_limit(caller.account.id):
            emulator.stats.count("faults", "account-rate-limit")
            code = "TooManyRequestsException" if protocol == "json" \
                else "Throttling"
            raise emu_protocol.ApiError(code, 400, "Rate exceeded")
        with emulator.state.lock:
            return operation(emulator.state, caller, params)

    def _aws_error(self, protocol, service, error):
        emulator = self.emulator
        emulator.stats.count("statuses", error.status)
        emulator.stats.count("errors", error.code)
        rid = emu_protocol.request_id()
        log.debug("answering %s %d: %s", error.code, error.status,
                  error.message)
        if protocol == "json":
            self._send(error.status, "application/x-amz-json-1.1",
                       emu_protocol.render_json_error(error),
                       [("x-amzn-RequestId", rid)])
        else:
            self._send(error.status, "text/xml",
                       emu_protocol.render_query_error(service, error, rid),
                       [("x-amzn-RequestId", rid)])


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # The default backlog of 5 drops connection attempts from clients
    # with more requests in flight, and TCP retries them a second later.
    request_queue_size = 128


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="Local IAM, STS and Organizations emulator for "
                    "Jumpgate's tests. Listens on 127.0.0.1 only.")
    parser.add_argument("--port", type=int, default=0,
                        help="TCP port to listen on; 0 picks a free one")
    parser.add_argument("--seed", metavar="FILE",
                        help="seed JSON file with the organisation to load")
    parser.add_argument("--verbose", action="store_true",
                        help="log every request to standard error")
    parser.add_argument("--exit-on-stdin-eof", action="store_true",
                        help="stop when standard input reaches its end, so "
                             "the emulator ends with a parent that holds "
                             "the other end of a pipe and dies")
    fault_help = {
        "throttle_rate": "fraction of AWS calls answered with Throttling, "
                         "0 to 1",
        "error_500_rate": "fraction of AWS calls answered with HTTP 500, "
                          "0 to 1",
        "error_503_rate": "fraction of AWS calls answered with HTTP 503, "
                          "0 to 1",
        "drop_rate": "fraction of AWS calls whose connection is closed "
                     "without a response, 0 to 1",
        "latency_ms": "milliseconds added before every AWS response",
        "jitter_ms": "maximum random milliseconds added on top of "
                     "--latency-ms",
        "account_rate_limit": "accepted AWS calls per second per account; "
                              "0 means no limit",
        "random_seed": "seed of the fault generator, for reproducible runs",
    }
    for name, kind in emu_faults.SETTINGS.items():
        parser.add_argument("--" + name.replace("_", "-"), type=kind,
                            metavar="F" if kind is float else "N",
                            help=fault_help[name])
    return parser.parse_args(argv)


def main(argv):
    arguments = parse_arguments(argv)
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.DEBUG if arguments.verbose else logging.INFO,
        format="jumpgate-emulator: %(levelname)s: %(message)s")

    seed = {"partition": "aws", "accounts": []}
    if arguments.seed:
        try:
            with open(arguments.seed, encoding="utf-8") as seed_file:
                seed = json.load(seed_file)
        except (OSError, ValueError) as error:
            log.error("cannot read the seed file %s: %s", arguments.seed,
                      error)
            return 2
    faults = {name: getattr(arguments, name)
              for name in emu_faults.SETTINGS
              if getattr(arguments, name) is not None}
    try:
        emulator = Emulator(seed, faults)
    except (emu_state.SeedError, ValueError) as error:
        log.error("cannot start: %s", error)
        return 2

    server = Server(("127.0.0.1", arguments.port), Handler)
    server.emulator = emulator
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    if arguments.exit_on_stdin_eof:
        def watch_stdin():
            # os.read, not sys.stdin: a daemon thread blocked inside a
            # buffered reader makes the interpreter abort at exit.
            while os.read(sys.stdin.fileno(), 4096):
                pass
            log.info("standard input closed; stopping")
            stop.set()

        threading.Thread(target=watch_stdin, daemon=True).start()

    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    print("JUMPGATE_EMULATOR_PORT=%d" % port, flush=True)
    log.info("listening on 127.0.0.1:%d with %d accounts", port,
             len(emulator.state.accounts))
    while not stop.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    log.info("stopped; served %d AWS requests", emulator.stats.total)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
