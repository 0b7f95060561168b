"""A scripted HTTP server on 127.0.0.1 for network-fault tests: real sockets, real timeouts, real Retry-After."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay_s: float = 0.0
    reset: bool = False  # close the socket without answering
    drip_s: float = 0.0  # send the body one byte at a time, this long apart (a server that is slow, not silent)


class ScriptedServer:
    """Answers requests with the scripted replies in order; the last reply repeats.

    `routes` answers a request whose path contains a key with that key's reply instead (one server, several datasets);
    the first key found wins. A route's value may be a list of replies, answered in order like `replies`.
    """

    def __init__(self, replies: list[Reply], routes: dict[str, Reply | list[Reply]] | None = None):
        self.replies = list(replies)
        self.routes = routes or {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                routed = [replies for key, replies in server.routes.items() if key in self.path]
                reply = _next_reply(routed[0] if routed else server.replies)
                time.sleep(reply.delay_s)
                if reply.reset:
                    self.connection.close()
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                try:
                    if reply.drip_s:
                        for byte in reply.body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(reply.drip_s)
                    else:
                        self.wfile.write(reply.body)
                except OSError:
                    pass  # the client hung up (a deadline cut the transfer)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> ScriptedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _next_reply(replies: Reply | list[Reply]) -> Reply:
    """The reply a script gives next: the first of a list (the last one repeats), or the one reply it always gives."""
    if isinstance(replies, Reply):
        return replies
    return replies.pop(0) if len(replies) > 1 else replies[0]
