"""What network-fault tests need on top of pytest-httpserver's handlers: a reply held back, a body that drips in, a
dropped connection, and routes keyed by a piece of the path and query (the plugin matches the path and the query
separately, and a source's request is told apart by either)."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Mapping

from pytest_httpserver import HTTPServer, RequestHandler, RequestMatcher
from pytest_httpserver.httpserver import HandlerType
from werkzeug import Request, Response

Handler = Callable[[Request], Response]
Reply = Response | Handler  # a fixed answer, or a handler that builds one


def late(response: Response, delay_s: float) -> Handler:
    """Answers `response` after `delay_s`: a server slow to start answering."""

    def answer(request: Request) -> Response:
        time.sleep(delay_s)
        return response

    return answer


def dripping(response: Response, byte_s: float) -> Handler:
    """Sends `response`'s body one byte every `byte_s`: a server that is slow, not silent."""
    body = response.get_data()

    def answer(request: Request) -> Response:
        def drip():
            for byte in body:
                yield bytes([byte])
                time.sleep(byte_s)

        headers = {**response.headers, "Content-Length": str(len(body))}
        return Response(drip(), status=response.status_code, headers=headers)

    return answer


def hang_up(request: Request) -> Response:
    """Closes the connection without answering; werkzeug then finds it gone and sends nothing."""
    request.environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
    return Response()


class Containing(RequestMatcher):
    """Matches a request whose path and query hold `piece`."""

    def __init__(self, piece: str):
        super().__init__(uri=piece)
        self.piece = piece

    def match(self, request: Request) -> bool:
        return self.piece in request.full_path


def serve_routes(server: HTTPServer, routes: Mapping[str, Reply | list[Reply]]) -> None:
    """Answers a request holding a route's key with its reply (the first key found wins); a list of replies is answered
    in order, its last one from then on (the ones before are oneshot handlers, which the plugin tries first)."""
    for piece, replies in routes.items():
        *first, last = replies if isinstance(replies, list) else [replies]
        for reply in first:
            respond(server.expect(Containing(piece), HandlerType.ONESHOT), reply)
        respond(server.expect(Containing(piece)), last)


def respond(handler: RequestHandler, reply: Reply) -> None:
    if isinstance(reply, Response):
        handler.respond_with_response(reply)
    else:
        handler.respond_with_handler(reply)
