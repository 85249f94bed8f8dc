#!/usr/bin/env python3
"""http_server.py — a loopback HTTP(S) server for clusterfreight's fetch tests.

Usage: python3 tests/http_server.py PORT DIR [--tls CERT KEY] [--verbose]

Listens on 127.0.0.1:PORT (PORT 0 picks a free port) and, once listening,
prints the port number and a newline on stdout (then nothing more), so a test
can start it with PORT 0 and read the port. Stops on SIGTERM / SIGINT.
Requests are logged on stderr only with --verbose. Every response closes the
connection. Paths:

  /NAME                 a file of DIR (no subfolders); Content-Type text/csv for
                        .csv, application/json for .json, else text/plain
  /gzip/NAME            that file gzip-encoded (Content-Encoding: gzip)
  /deflate/NAME         that file zlib-deflated (Content-Encoding: deflate)
  /status/CODE          status CODE with a short text/plain body
  /flaky?id=I&fail=N[&status=S][&retry_after=R]
                        the first N requests for id I answer S (default 503,
                        with Retry-After: R when given), later ones 200
                        "recovered after N failures\\n"
  /hang                 accepts and never answers (sleeps 60 s)
  /bytes/N              N bytes of "x" with Content-Length
  /chunked/N            N bytes of "x", chunked, no Content-Length
  /gzip-zeros/N         N zero bytes gzip-encoded (tiny on the wire, N decoded)
  /redirect/N           302 to /redirect/N-1; /redirect/0 answers "arrived\\n"
  /loop                 302 to /loop, for ever
  /redirect-to?url=U    302 to U (U percent-encoded)
  /truncated            Content-Length: 2000, sends 1000 bytes, closes
  /auth                 200 "bearer ok\\n" when Authorization is exactly
                        "Bearer cf-test-token-7f3a" (TOKEN below), else 401
                        "bearer missing\\n" or "bearer wrong\\n"
  /headers              the request headers as "Name: value" lines, text/plain
                        (an Authorization value shows as "(present)")
"""

import gzip
import os
import signal
import ssl
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "cf-test-token-7f3a"
TYPES = {".csv": "text/csv", ".json": "application/json"}
VERBOSE = False
ROOT = "."
FLAKY_COUNTS = {}
FLAKY_LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def version_string(self):
        return "cf-test-server"

    def log_message(self, fmt, *args):
        if VERBOSE:
            sys.stderr.write("http_server: " + (fmt % args) + "\n")

    def reply(self, status, body, ctype="text/plain", extra=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def redirect(self, location):
        self.reply(302, b"moved\n", extra={"Location": location})

    def file_bytes(self, name):
        if "/" in name or name.startswith(".") or name == "":
            return None
        path = os.path.join(ROOT, name)
        if not os.path.isfile(path):
            return None
        with open(path, "rb") as f:
            return f.read()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        query = dict(urllib.parse.parse_qsl(url.query))
        parts = path.strip("/").split("/")
        head = parts[0] if parts else ""

        if head in ("gzip", "deflate") and len(parts) == 2:
            data = self.file_bytes(parts[1])
            if data is None:
                return self.reply(404, b"no such file\n")
            ext = os.path.splitext(parts[1])[1]
            if head == "gzip":
                coded = gzip.compress(data)
            else:
                coded = zlib.compress(data)
            return self.reply(200, coded, TYPES.get(ext, "text/plain"), {"Content-Encoding": head})
        if head == "status" and len(parts) == 2 and parts[1].isdigit():
            code = int(parts[1])
            return self.reply(code, ("status %d\n" % code).encode())
        if path == "/flaky":
            key = query.get("id", "")
            fail = int(query.get("fail", "1"))
            with FLAKY_LOCK:
                seen = FLAKY_COUNTS.get(key, 0)
                FLAKY_COUNTS[key] = seen + 1
            if seen < fail:
                extra = {}
                if "retry_after" in query:
                    extra["Retry-After"] = query["retry_after"]
                return self.reply(int(query.get("status", "503")), b"try later\n", extra=extra)
            return self.reply(200, ("recovered after %d failures\n" % fail).encode())
        if path == "/hang":
            time.sleep(60)
            self.close_connection = True
            return None
        if head == "bytes" and len(parts) == 2 and parts[1].isdigit():
            return self.reply(200, b"x" * int(parts[1]))
        if head == "chunked" and len(parts) == 2 and parts[1].isdigit():
            left = int(parts[1])
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Connection", "close")
            self.end_headers()
            while left > 0:
                n = min(left, 512)
                self.wfile.write(b"%x\r\n" % n + b"x" * n + b"\r\n")
                left -= n
            self.wfile.write(b"0\r\n\r\n")
            self.close_connection = True
            return None
        if head == "gzip-zeros" and len(parts) == 2 and parts[1].isdigit():
            coded = gzip.compress(bytes(int(parts[1])))
            return self.reply(200, coded, "text/plain", {"Content-Encoding": "gzip"})
        if head == "redirect" and len(parts) == 2 and parts[1].isdigit():
            n = int(parts[1])
            if n == 0:
                return self.reply(200, b"arrived\n")
            return self.redirect("/redirect/%d" % (n - 1))
        if path == "/loop":
            return self.redirect("/loop")
        if path == "/redirect-to":
            return self.redirect(query.get("url", "/"))
        if path == "/truncated":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "2000")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"x" * 1000)
            self.wfile.flush()
            self.close_connection = True
            return None
        if path == "/auth":
            got = self.headers.get("Authorization")
            if got is None:
                return self.reply(401, b"bearer missing\n")
            if got != "Bearer " + TOKEN:
                return self.reply(401, b"bearer wrong\n")
            return self.reply(200, b"bearer ok\n")
        if path == "/headers":
            lines = []
            for name, value in self.headers.items():
                if name.lower() == "authorization":
                    value = "(present)"
                lines.append("%s: %s\n" % (name, value))
            return self.reply(200, "".join(lines).encode())

        data = self.file_bytes(path.lstrip("/"))
        if data is None:
            return self.reply(404, b"no such file\n")
        ext = os.path.splitext(path)[1]
        return self.reply(200, data, TYPES.get(ext, "text/plain"))


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # clients that hang up mid-body (the size-cap and timeout tests) are expected
        if VERBOSE:
            super().handle_error(request, client_address)


def main(argv):
    global ROOT, VERBOSE
    args = list(argv[1:])
    tls = None
    if "--verbose" in args:
        VERBOSE = True
        args.remove("--verbose")
    if "--tls" in args:
        i = args.index("--tls")
        tls = args[i + 1:i + 3]
        del args[i:i + 3]
        if len(tls) != 2:
            sys.exit("usage: http_server.py PORT DIR [--tls CERT KEY] [--verbose]")
    if len(args) != 2 or not args[0].isdigit():
        sys.exit("usage: http_server.py PORT DIR [--tls CERT KEY] [--verbose]")
    ROOT = args[1]
    server = Server(("127.0.0.1", int(args[0])), Handler)
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls[0], tls[1])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    sys.stdout.write("%d\n" % server.server_address[1])
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main(sys.argv)
