#!/usr/bin/env python3
"""A recording, fault-injecting HTTP proxy in front of an AWS emulator.

Listens on 127.0.0.1 only, forwards every request to --upstream, and appends a
JSON line per request to --log: method, path, query, the AWS service (from the
SigV4 credential scope) and the operation (X-Amz-Target or Action= for RPC
protocols). With --deny SERVICE[,SERVICE...] it answers that service's calls
with 403 AccessDenied instead of forwarding them. With --latency-ms it delays
each answer, to model a real network. Stops by itself after --lifetime seconds.

    aws_proxy.py --upstream http://127.0.0.1:5000 --port-file p.txt --log req.jsonl [--deny kms]
"""

import argparse
import http.client
import json
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers", "transfer-encoding", "upgrade", "host", "content-length"}


def service_of(headers):
    auth = headers.get("Authorization", "")
    # AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/kms/aws4_request, ...
    try:
        scope = auth.split("Credential=", 1)[1].split(",", 1)[0].split("/")
        return scope[3]
    except IndexError:
        return ""


def operation_of(headers, path, query, body):
    target = headers.get("X-Amz-Target")
    if target:
        return target.rsplit(".", 1)[-1]
    # Smithy RPC v2 (CBOR): /service/<Service>/operation/<Operation>
    parts = path.split("/")
    if len(parts) == 5 and parts[1] == "service" and parts[3] == "operation":
        return parts[4]
    params = urllib.parse.parse_qs(query)
    if "Action" in params:
        return params["Action"][0]
    ctype = headers.get("Content-Type", "")
    if body and "x-www-form-urlencoded" in ctype:
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        if "Action" in form:
            return form["Action"][0]
    return ""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parsed = urllib.parse.urlsplit(self.path)
        service = service_of(self.headers)
        entry = {"method": self.command, "path": parsed.path, "query": parsed.query, "service": service,
                 "operation": operation_of(self.headers, parsed.path, parsed.query, body),
                 "target": self.headers.get("X-Amz-Target", "")}
        denied = service in self.server.deny
        entry["denied"] = denied
        with self.server.lock:
            self.server.log.write(json.dumps(entry) + "\n")
            self.server.log.flush()
        if self.server.latency:
            time.sleep(self.server.latency)
        if denied:
            self.deny(service)
            return
        conn = http.client.HTTPConnection(self.server.upstream_host, self.server.upstream_port, timeout=120)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
        headers["Host"] = self.headers.get("Host", "")
        headers["Content-Length"] = str(len(body))
        try:
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        except OSError as e:
            self.send_response(502)
            msg = f"upstream error: {e}".encode()
            self.send_header("Content-Length", str(len(msg)))
            self.end_headers()
            self.wfile.write(msg)
            return
        finally:
            conn.close()
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in HOP:
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def deny(self, service):
        # Each protocol family reads its error code from a different place;
        # the header and both body shapes make any SDK see AccessDenied.
        json_body = json.dumps({"__type": "AccessDeniedException", "message": f"injected: {service} denied"}).encode()
        error = f"<Error><Type>Sender</Type><Code>AccessDenied</Code><Message>injected: {service} denied</Message></Error>"
        path = urllib.parse.urlsplit(self.path).path
        if service == "ec2":
            xml = f"<Response><Errors>{error}</Errors><RequestID>0</RequestID></Response>"
        elif service == "s3" and not path.startswith("/v20180820/"):
            xml = error  # S3 errors are not wrapped; S3 Control's are
        else:
            xml = f"<ErrorResponse>{error}<RequestId>0</RequestId></ErrorResponse>"
        xml_body = xml.encode()
        use_json = "json" in (self.headers.get("Content-Type") or "") or bool(self.headers.get("X-Amz-Target"))
        data = json_body if use_json else xml_body
        self.send_response(403)
        self.send_header("Content-Type", "application/x-amz-json-1.1" if use_json else "text/xml")
        self.send_header("x-amzn-ErrorType", "AccessDeniedException")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = handle_any


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--port-file", required=True, help="written with the chosen port once listening")
    ap.add_argument("--deny", default="")
    ap.add_argument("--latency-ms", type=float, default=0)
    ap.add_argument("--lifetime", type=float, default=900)
    args = ap.parse_args()
    up = urllib.parse.urlsplit(args.upstream)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.upstream_host, server.upstream_port = up.hostname, up.port
    server.deny = {s for s in args.deny.split(",") if s}
    server.latency = args.latency_ms / 1000.0
    server.lock = threading.Lock()
    server.log = open(args.log, "a")
    threading.Timer(args.lifetime, server.shutdown).start()
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    import os
    os.replace(args.port_file + ".tmp", args.port_file)
    server.serve_forever()
    os._exit(0)


if __name__ == "__main__":
    main()
