#!/usr/bin/env python3
"""Loopback HTTP(S) server for cs_aws_http_tests. Prints "PORT <n>" on stdout once listening.

Usage: test_server.py [--tls CERT KEY]
Endpoints (query parameters in brackets):
  /ok                      200 "hello"
  /echo                    200 JSON {method, path, headers, body}
  /slow [ms]               sleeps, then 200 "slow"
  /reset                   closes the socket with RST (SO_LINGER 0), no response
  /truncated               Content-Length: 100, sends 10 bytes, closes
  /gzip                    gzip body when Accept-Encoding allows
  /huge-length [length]    announces Content-Length `length` (default 10^18), sends "hello", closes
  /big [bytes, chunked]    a body of `bytes` "x" (with Content-Length, or chunked when chunked=1)
  /bomb [bytes]            Content-Encoding: gzip that inflates to `bytes` "x" (chunked)
  /empty-gzip [bytes]      Content-Encoding: gzip of `bytes` wire bytes that inflate to nothing (chunked)
  /many-headers [n]        n headers of ~100 bytes each
  /trickle [bps, bytes]    Content-Length `bytes` (default 1000), sent at `bps` bytes per second
  /seq/<key> [codes, fmt, err, retry_after]
                           n-th request for <key> answers codes[n] (last one repeats); error bodies by fmt:
                           json (__type), restjson (x-amzn-ErrorType header), query, ec2
  /stats                   JSON {connections, max_inflight, requests}
  /reset-stats             zeroes the counters
  http://host/...          (absolute-form target = proxied request) 200 "proxied <target>"
"""
import gzip
import json
import socket
import ssl
import struct
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LOCK = threading.Lock()
STATS = {"connections": 0, "inflight": 0, "max_inflight": 0, "requests": 0}
SEQ = {}


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default backlog of 5 drops SYNs under concurrent connects


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        with LOCK:
            STATS["connections"] += 1

    def log_message(self, *args):
        pass

    def send_body(self, code, body, headers=None, ctype="text/plain"):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with LOCK:
            STATS["requests"] += 1
            STATS["inflight"] += 1
            STATS["max_inflight"] = max(STATS["max_inflight"], STATS["inflight"])
        try:
            self.route(body)
        finally:
            with LOCK:
                STATS["inflight"] -= 1

    def route(self, body):
        if self.path.startswith("http://") or self.path.startswith("https://"):
            return self.send_body(200, "proxied " + self.path)
        u = urlsplit(self.path)
        q = {k: v[-1] for k, v in parse_qs(u.query).items()}
        p = u.path
        if p == "/ok":
            return self.send_body(200, "hello")
        if p == "/echo":
            out = {"method": self.command, "path": self.path, "headers": dict(self.headers.items()),
                   "body": body.decode("utf-8", "replace")}
            return self.send_body(200, json.dumps(out), ctype="application/json")
        if p == "/slow":
            time.sleep(int(q.get("ms", "500")) / 1000.0)
            return self.send_body(200, "slow")
        if p == "/reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        if p == "/truncated":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.wfile.flush()
            self.close_connection = True
            return
        if p == "/gzip":
            data = b"compressed hello " * 50
            if "gzip" in (self.headers.get("Accept-Encoding") or ""):
                return self.send_body(200, gzip.compress(data), {"Content-Encoding": "gzip"})
            return self.send_body(200, data)
        if p == "/huge-length":
            self.send_response(200)
            self.send_header("Content-Length", q.get("length", str(10 ** 18)))
            self.end_headers()
            self.wfile.write(b"hello")
            self.wfile.flush()
            self.close_connection = True
            return
        if p in ("/big", "/bomb", "/empty-gzip"):
            n = int(q.get("bytes", "1000"))
            if p == "/big":
                data, headers = b"x" * n, {}
            elif p == "/bomb":
                c = zlib.compressobj(9, zlib.DEFLATED, 31)
                data, headers = c.compress(b"x" * n) + c.flush(), {"Content-Encoding": "gzip"}
            else:  # a gzip header, then empty non-final stored blocks: bytes on the wire, nothing decoded
                data = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + b"\x00\x00\x00\xff\xff" * (n // 5)
                headers = {"Content-Encoding": "gzip"}
            self.send_response(200)
            for k, v in headers.items():
                self.send_header(k, v)
            chunked = p != "/big" or q.get("chunked") == "1"
            self.send_header("Transfer-Encoding" if chunked else "Content-Length", "chunked" if chunked else str(len(data)))
            self.end_headers()
            try:
                for i in range(0, len(data), 65536):
                    part = data[i:i + 65536]
                    self.wfile.write((b"%x\r\n" % len(part) + part + b"\r\n") if chunked else part)
                if chunked:
                    self.wfile.write(b"0\r\n\r\n")
            except OSError:
                self.close_connection = True
            return
        if p == "/many-headers":
            self.send_response(200)
            for i in range(int(q.get("n", "100"))):
                self.send_header("X-Filler-%d" % i, "f" * 90)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
            return
        if p == "/trickle":
            bps, n = int(q.get("bps", "1")), int(q.get("bytes", "1000"))
            self.send_response(200)
            self.send_header("Content-Length", str(n))
            self.end_headers()
            self.wfile.flush()
            try:
                for _ in range(n):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(1.0 / bps)
            except OSError:
                pass
            self.close_connection = True
            return
        if p.startswith("/seq/"):
            key = p[5:]
            codes = [int(c) for c in q.get("codes", "200").split(",")]
            with LOCK:
                n = SEQ.get(key, 0)
                SEQ[key] = n + 1
            code = codes[min(n, len(codes) - 1)]
            if code < 300:
                return self.send_body(code, '{"ok":true,"n":%d}' % n, ctype="application/json")
            err = q.get("err", "")
            fmt = q.get("fmt", "json")
            headers = {}
            if "retry_after" in q:
                headers["Retry-After"] = q["retry_after"]
            if fmt == "restjson":
                headers["x-amzn-ErrorType"] = err + ":http://internal.amazon.com/coral/com.amazon.coral/"
                return self.send_body(code, '{"Type":"User","message":"Rate exceeded"}', headers,
                                      "application/json")
            if fmt == "query":
                b = ("<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>Rate exceeded</Message>"
                     "</Error><RequestId>r1</RequestId></ErrorResponse>" % err)
                return self.send_body(code, b, headers, "text/xml")
            if fmt == "ec2":
                b = ("<Response><Errors><Error><Code>%s</Code><Message>Request limit exceeded.</Message></Error>"
                     "</Errors><RequestID>r1</RequestID></Response>" % err)
                return self.send_body(code, b, headers, "text/xml")
            b = json.dumps({"__type": err, "message": "error " + err}) if err else ""
            return self.send_body(code, b, headers, "application/x-amz-json-1.1")
        if p == "/stats":
            with LOCK:
                return self.send_body(200, json.dumps(STATS), ctype="application/json")
        if p == "/reset-stats":
            with LOCK:
                STATS.update({"connections": 0, "max_inflight": 0, "requests": 0})
            return self.send_body(200, "ok")
        return self.send_body(404, "not found")

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = handle_any


def main():
    srv = Server(("127.0.0.1", 0), Handler)
    if len(sys.argv) >= 4 and sys.argv[1] == "--tls":
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[2], sys.argv[3])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    print("PORT %d" % srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
