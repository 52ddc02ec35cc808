"""Starting the server: the socket, the address printed, the browser opened, uvicorn run."""

from __future__ import annotations

import secrets
import socket
import sys
import threading
import webbrowser
from pathlib import Path

from ..config import load_config
from ..errors import RenjaRulesError, Text
from ..rules import load_rules
from .app import ServeOptions, create_app, is_loopback

__all__ = ["ServeError", "serve_forever", "listening_socket"]


class ServeError(RenjaRulesError):
    """The server cannot start as asked."""


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port`` (``port`` 0: a free one), or :class:`ServeError` saying why not."""
    try:
        family, kind, protocol, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        listener = socket.socket(family, kind, protocol)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
    except OSError as error:
        why = error.strerror or error
        raise ServeError(Text(f"tidak dapat mendengarkan di {host}:{port}: {why} (pilih --port lain?)",
                              f"cannot listen on {host}:{port}: {why} (choose another --port?)")) from None
    listener.listen(64)
    listener.set_inheritable(True)
    return listener


def serve_forever(host: str, port: int, *, open_browser: bool = False, use_token: bool = False,
                  config: Path | None = None, rules: tuple[Path, ...] = (), timeout: float = 600.0,
                  lang: str = "id") -> None:
    """Check the options, print the address, and serve until interrupted (Ctrl+C)."""
    import uvicorn

    if not is_loopback(host) and not use_token:
        raise ServeError(Text(
            f"--host {host} membuka halaman bagi komputer lain: jalankan dengan --token (token acak dicetak "
            "saat mulai dan wajib pada setiap permintaan)",
            f"--host {host} opens the page to other computers: run with --token (a random token, printed at "
            "start, is then required on every request)"))
    if config is not None:
        load_config(Path(config).absolute())  # a broken configuration is said now, not at the first check
    if rules:
        load_rules(list(rules))
    token = secrets.token_urlsafe(24) if use_token else None
    listener = listening_socket(host, port)
    bound = listener.getsockname()[1]
    options = ServeOptions(host=host, port=bound, token=token, config=Path(config).absolute() if config else None,
                           rules=tuple(Path(rule).absolute() for rule in rules), timeout=timeout)
    address = f"http://{_shown_host(host)}:{bound}/" + (f"?token={token}" if token else "")
    print(_STARTED.get(lang, _STARTED["id"]).format(address=address))
    if token:
        print(_TOKEN_SAID.get(lang, _TOKEN_SAID["id"]))
    sys.stdout.flush()
    server = uvicorn.Server(uvicorn.Config(create_app(options), log_level="warning", access_log=False,
                                           timeout_graceful_shutdown=2))
    if open_browser:
        threading.Thread(target=_open_when_started, args=(server, address), daemon=True).start()
    server.run(sockets=[listener])


_STARTED = {"id": "renja-rules serve: buka {address}  (Ctrl+C untuk berhenti)",
            "en": "renja-rules serve: open {address}  (Ctrl+C stops it)"}
_TOKEN_SAID = {"id": "Setiap permintaan memerlukan token ini; siapa pun yang memegang alamat ini dapat memeriksa berkas.",
               "en": "Every request needs this token; anyone with the address can check files here."}


def _shown_host(host: str) -> str:
    """The host part of the printed address."""
    if host in ("0.0.0.0", "::", ""):
        return socket.gethostname()  # every address of this machine: its name is the one others can use
    if is_loopback(host) and host != "::1":
        return "localhost"
    return f"[{host}]" if ":" in host else host


def _open_when_started(server: object, address: str) -> None:
    """Open ``address`` in the default browser once the server listens (at most five seconds later)."""
    for _ in range(100):
        if getattr(server, "started", False):
            break
        threading.Event().wait(0.05)
    webbrowser.open(address)
