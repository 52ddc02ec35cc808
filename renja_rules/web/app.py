"""The verifier's desk: a local web page to drop a submission on (``renja-rules serve``).

A Starlette application served by uvicorn (the ``[web]`` extra). It has four addresses:

* ``GET /`` — the page (Bahasa Indonesia; ``?lang=en`` in English);
* ``GET /static/app.js``, ``/static/app.css`` — its script and style, from this package;
* ``POST /periksa`` — a submission (multipart form): the plans are written into a private
  temporary folder, checked there by :mod:`renja_rules.web.worker` in a process of its own,
  and the answer streams back as JSON lines (progress, then the summary and every report as
  data: HTML, JSON, SARIF and the annotated workbook). The folder is deleted when the answer
  ends; nothing is kept, so the downloads are made in the browser from that answer.

Because it is a server, every request passes :class:`Guard` first: the Host header must
name this machine when it listens on the loopback (DNS rebinding), a request from another
site's page is refused (Origin, Sec-Fetch-Site), and when it listens on another address every
request must carry the token printed at start. Names that browsers send never become paths
(:func:`safe_name`), and uploads are bounded by the command line's own input limits
(:class:`UploadLimits`).
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, AsyncIterator, Awaitable, Callable, MutableMapping
from urllib.parse import parse_qs

import jinja2
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from .. import __version__
from ..discovery import SIDECAR_SUFFIX
from ..loader import Limits
from ..readers.xlsx import MAX_UNCOMPRESSED
from .names import SafePaths, safe_name
from .words import WORDS, word
from .worker import CONFIG, PLANS

__all__ = ["ServeOptions", "UploadLimits", "create_app", "safe_name", "is_loopback"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

TOKEN_COOKIE = "renja_rules_token"
TOKEN_HEADER = "x-renja-rules-token"

# What a submission may hold: plans as the command line reads them, and the tables it imports.
PLAN_SUFFIXES = (".yaml", ".yml", ".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt")
BOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CONFIG_SUFFIXES = (".yaml", ".yml", ".toml", ".csv")  # .csv: a list of the nomenclature the configuration names


@dataclass(frozen=True)
class UploadLimits:
    """Bounds on one submission: the command line's bounds on one input file, and on the set.

    A plan, CSV or PDF-table text may be as large as the loader takes one
    (:class:`renja_rules.loader.Limits`, 10 MiB); a workbook as large as the reader unpacks
    one (200 MiB); the whole submission no larger than one workbook may be, in at most
    ``max_files`` files.
    """

    max_files: int = 500
    max_text_bytes: int = Limits().max_bytes
    max_book_bytes: int = MAX_UNCOMPRESSED
    max_total_bytes: int = MAX_UNCOMPRESSED

    def for_name(self, name: str) -> int:
        return self.max_book_bytes if name.lower().endswith(BOOK_SUFFIXES) else self.max_text_bytes


@dataclass(frozen=True)
class ServeOptions:
    """How the server runs: where it listens, what it checks with, where it keeps uploads."""

    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None  # required on every request when set (and when not on the loopback)
    config: Path | None = None  # the team's configuration, chosen when the server starts
    rules: tuple[Path, ...] = ()  # the team's own rule files, likewise
    temp_root: Path | None = None  # where each submission's private folder is made (default: the system's)
    timeout: float = 600.0  # seconds one check may take before it is stopped
    parallel: int = 2  # checks at once (each is a process)
    limits: UploadLimits = field(default_factory=UploadLimits)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) is this machine only."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# --- the guard ------------------------------------------------------------------------------

_LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")

_SECURITY_HEADERS = [
    (b"content-security-policy",
     # The report (shown in a frame made from the answer) carries its style inline; it has
     # no script, and nothing here loads anything from anywhere else.
     b"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
     b"connect-src 'self'; frame-src blob:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


def _host_name(host: str) -> str:
    """``example:8765`` → ``example``; ``[::1]:8765`` → ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Guard:
    """Refuses requests that did not come from this machine's own page (pure ASGI middleware)."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], options: ServeOptions) -> None:
        self.app = app
        self.options = options
        self.local = is_loopback(options.host)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        lang = "en" if query.get("lang") == ["en"] else "id"
        refusal = self._refusal(scope, headers, query)
        if refusal is not None:
            response: Response = PlainTextResponse(word(lang, refusal), status_code=403)
        elif self.options.token and query.get("token") and scope["method"] == "GET" and scope["path"] == "/":
            # The address printed at start carries the token once; the page then keeps it
            # in a cookie only this site receives, and leaves the address bar without it.
            response = RedirectResponse("/" + ("?lang=en" if lang == "en" else ""), status_code=303)
            response.set_cookie(TOKEN_COOKIE, self.options.token, httponly=True, samesite="strict", path="/")
        else:
            await self.app(scope, receive, _with_headers(send))
            return
        await response(scope, receive, _with_headers(send))

    def _refusal(self, scope: Scope, headers: dict[str, str], query: dict[str, list[str]]) -> str | None:
        host = _host_name(headers.get("host", ""))
        if self.local and host not in _LOCAL_NAMES:
            return "refused_host"  # a page of another site whose name was made to point here
        origin = headers.get("origin")
        if origin is not None and origin.lower() != f"http://{headers.get('host', '').lower()}":
            return "refused_origin"
        site = headers.get("sec-fetch-site")
        navigation = scope["method"] == "GET" and scope["path"] == "/" and headers.get("sec-fetch-mode") == "navigate"
        if site in ("cross-site", "same-site") and not navigation:
            return "refused_origin"
        token = self.options.token
        if token:
            given = (query.get("token") or [None])[0] or headers.get(TOKEN_HEADER) or _cookie(headers, TOKEN_COOKIE)
            if not given or not hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8")):
                return "refused_token"
        return None


def _cookie(headers: dict[str, str], name: str) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message.setdefault("headers", [])
            message["headers"] = list(message["headers"]) + _SECURITY_HEADERS
        await send(message)

    return sending


# --- the application ------------------------------------------------------------------------

def create_app(options: ServeOptions | None = None) -> Any:
    """The ASGI application (``Guard`` around the Starlette app)."""
    options = options or ServeOptions()
    templates = jinja2.Environment(
        loader=jinja2.PackageLoader("renja_rules.web", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined,
    )
    page = templates.get_template("page.html.j2")
    static = {name: resources.files("renja_rules.web").joinpath("static", name).read_bytes()
              for name in ("app.js", "app.css")}
    limiter: list[asyncio.Semaphore] = []  # made in the server's event loop, on first use
    words_json = {lang: json.dumps(words, ensure_ascii=False) for lang, words in WORDS.items()}

    async def home(request: Request) -> Response:
        lang = "en" if request.query_params.get("lang") == "en" else "id"
        html = page.render(lang=lang, t=WORDS[lang], words=words_json[lang],
                           limits=options.limits, version=__version__,
                           team=[str(path) for path in ((options.config,) if options.config else ()) + options.rules])
        return Response(html, media_type="text/html; charset=utf-8")

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        media = "text/javascript" if name.endswith(".js") else "text/css"
        return Response(static[name], media_type=f"{media}; charset=utf-8")

    async def nothing(request: Request) -> Response:
        return Response(status_code=204)

    async def check(request: Request) -> Response:
        lang = "en" if request.query_params.get("lang") == "en" else "id"
        limits = options.limits
        length = request.headers.get("content-length")
        if length is None or not (length.isascii() and length.isdigit()):  # ("²" is a digit to isdigit)
            return _refuse(lang, "need_length", 411)
        overhead = 1024 * 1024 + 4096 * limits.max_files  # the form's own bytes: part headers, options
        if int(length) > limits.max_total_bytes + overhead:
            return _refuse(lang, "too_large", 413, mib=limits.max_total_bytes // (1024 * 1024))
        if not limiter:
            limiter.append(asyncio.Semaphore(options.parallel))
        folder = Path(tempfile.mkdtemp(prefix="renja-rules-web-", dir=options.temp_root))  # mode 0700
        try:
            async with request.form(max_files=2 * limits.max_files + 1, max_fields=20) as form:
                lang = "en" if form.get("lang") == "en" else lang
                job = await _store(form, folder, options, lang)
        except _Refused as refused:
            shutil.rmtree(folder, ignore_errors=True)
            return refused.response
        except Exception as error:  # noqa: BLE001 - a malformed form is answered, never a traceback
            shutil.rmtree(folder, ignore_errors=True)
            detail = getattr(error, "detail", None) or str(error) or type(error).__name__
            return _refuse(lang, "bad_form", 400, detail=detail)
        return StreamingResponse(_answer(job, folder, options, limiter[0]), media_type="application/x-ndjson")

    routes = [
        Route("/", home, methods=["GET"]),
        Route("/static/{name:str}", asset, methods=["GET"]) ,
        Route("/favicon.ico", nothing, methods=["GET"]),
        Route("/periksa", check, methods=["POST"]),
    ]
    app = Starlette(routes=routes)

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/static/") \
                and scope["path"][len("/static/"):] not in static:
            await PlainTextResponse("", status_code=404)(scope, receive, send)
            return
        await app(scope, receive, send)

    return Guard(guarded, options)


def _refuse(lang: str, key: str, status: int, **values: Any) -> JSONResponse:
    return JSONResponse({"galat": word(lang, key).format(**values)}, status_code=status)


class _Refused(Exception):
    """A submission refused: the answer to send instead of checking it."""

    def __init__(self, response: Response) -> None:
        super().__init__()
        self.response = response


async def _store(form: Any, folder: Path, options: ServeOptions, lang: str) -> dict[str, Any]:
    """Write the form's files into ``folder``; the worker's job (:class:`_Refused` when it is refused)."""
    limits = options.limits
    plans = [item for item in form.getlist("berkas") if isinstance(item, UploadFile) and item.filename]
    extra = [item for item in form.getlist("konfigurasi") if isinstance(item, UploadFile) and item.filename]
    notes: list[str] = []
    if not plans:
        raise _Refused(_refuse(lang, "no_files", 400))
    if len(plans) + len(extra) > limits.max_files:
        raise _Refused(_refuse(lang, "too_many", 413, n=limits.max_files))
    names = await _store_plans(plans, folder, limits, lang, notes)
    config, rules = await _store_config(extra, folder, limits, lang, notes)
    min_severity = form.get("min_severity")
    job = {
        "files": sorted(names),
        "lang": lang,
        "min_severity": min_severity if min_severity in ("error", "warning", "info") else "info",
        "config": config,
        "rules": rules,
        "confine": str(folder / CONFIG) if config else None,
        "notes": notes,
    }
    if not extra:  # the team's configuration and rules, chosen when the server was started
        job.update(config=str(options.config) if options.config else None, confine=None,
                   rules=[str(path) for path in options.rules])
    return job


async def _store_plans(plans: list[UploadFile], folder: Path, limits: UploadLimits, lang: str,
                       notes: list[str]) -> list[str]:
    """Write the plans (and sidecars) under their safe names; the names of the plans to check."""
    sizes = [upload.size or 0 for upload in plans]
    if sum(sizes) > limits.max_total_bytes:
        raise _Refused(_refuse(lang, "too_large", 413, mib=limits.max_total_bytes // (1024 * 1024)))
    (folder / PLANS).mkdir()
    taken: set[str] = set()
    names: list[str] = []
    for upload, size in zip(plans, sizes):
        name = safe_name(upload.filename or "", taken)
        if not name.lower().endswith(PLAN_SUFFIXES):
            notes.append(word(lang, "not_a_plan").format(name=name))
            continue
        if size > limits.for_name(name):
            raise _Refused(_refuse(lang, "file_too_large", 413, name=name, mib=limits.for_name(name) // (1024 * 1024)))
        await _write(upload, folder / PLANS / name)
        if not name.lower().endswith(SIDECAR_SUFFIX):
            names.append(name)
    if not names:
        raise _Refused(_refuse(lang, "no_plans", 400, notes=" ".join(notes)))
    return names


async def _store_config(uploads: list[UploadFile], folder: Path, limits: UploadLimits, lang: str,
                        notes: list[str]) -> tuple[str | None, list[str]]:
    """An uploaded configuration (``.renja-rules.yaml``, ``pyproject.toml``) and rule files."""
    if not uploads:
        return None, []
    (folder / CONFIG).mkdir()
    paths = SafePaths()
    configs: list[tuple[int, str]] = []
    rules: list[str] = []
    for upload in uploads:
        raw = upload.filename or ""
        relative = paths.path(raw)  # a folder chosen whole keeps its shape: rules: [aturan-tim/]
        if not relative.lower().endswith(CONFIG_SUFFIXES) or (upload.size or 0) > limits.max_text_bytes:
            notes.append(word(lang, "not_config").format(name=relative))
            continue
        target = folder / CONFIG / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        await _write(upload, target)
        base = raw.replace("\\", "/").rsplit("/", 1)[-1].lower().lstrip(".")
        if base.endswith(".toml") or base in ("renja-rules.yaml", "renja-rules.yml"):
            configs.append((relative.count("/"), str(target)))
        else:
            rules.append(str(target))
    if not configs:
        return None, rules
    # The shallowest configuration governs; its own 'rules' name the rule files uploaded with it.
    return min(configs)[1], []


async def _write(upload: UploadFile, target: Path) -> None:
    # O_EXCL: a name is written once, and never through a link (safe_name made it unique).
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        await upload.seek(0)
        while chunk := await upload.read(1024 * 1024):
            stream.write(chunk)


async def _answer(job: dict[str, Any], folder: Path, options: ServeOptions,
                  limiter: asyncio.Semaphore) -> AsyncIterator[bytes]:
    """The worker's lines as they come; the folder is deleted when the answer ends (or is dropped)."""
    lang = job["lang"]
    process: asyncio.subprocess.Process | None = None
    try:
        if job["notes"]:
            yield _line({"catatan": job["notes"]})
        if limiter.locked():
            yield _line({"tahap": "antre"})
        async with limiter:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "renja_rules.web.worker", cwd=folder,
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
                limit=2 * options.limits.max_total_bytes + 64 * 1024 * 1024,  # the answer is one line
            )
            assert process.stdin is not None and process.stdout is not None
            try:
                process.stdin.write(json.dumps(job).encode("utf-8") + b"\n")
                await process.stdin.drain()
                process.stdin.close()
            except (BrokenPipeError, ConnectionResetError):
                pass  # it ended before reading its job: said below, as an answer that never came
            deadline = asyncio.get_running_loop().time() + options.timeout
            answered = False
            while True:
                left = deadline - asyncio.get_running_loop().time()
                try:
                    line = await asyncio.wait_for(process.stdout.readline(), timeout=max(left, 0.01))
                except asyncio.TimeoutError:
                    yield _line({"galat": word(lang, "timeout").format(seconds=int(options.timeout))})
                    return
                except ValueError:  # an answer longer than the reader's limit
                    yield _line({"galat": word(lang, "worker_died").format(code="-")})
                    return
                if not line:
                    break
                answered = answered or line.startswith((b'{"hasil"', b'{"galat"'))
                yield line if line.endswith(b"\n") else line + b"\n"
            code = await process.wait()
            if not answered:
                yield _line({"galat": word(lang, "worker_died").format(code=code)})
    finally:
        if process is not None and process.returncode is None:
            process.kill()
            await process.wait()
        shutil.rmtree(folder, ignore_errors=True)


def _line(message: dict[str, Any]) -> bytes:
    return json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n"
