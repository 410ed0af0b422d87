#!/usr/bin/env python3
"""A notification receiver over HTTPS on loopback, for the agent's tests.

Usage: https_receiver.py CERT KEY
Serves CERT on a free port of 127.0.0.1, prints the port on its first line, then one line per
POST it receives: its body, as it came (the agent's events are one-line JSON).
"""
import http.server
import ssl
import sys


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        print(body.decode("utf-8", "replace").replace("\n", " "), flush=True)
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    cert, key = sys.argv[1], sys.argv[2]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
