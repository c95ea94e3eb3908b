"""A real local HTTP server for the context-layer tests, with routes a test sets up.

Each route answers one path: a document (with its status and headers), a redirect, an
answer that waits (released when the server stops, so no thread outlives the test), or
a stream of zeros with or without ``Content-Length``. Every request is recorded (path,
headers), so a test can check what reached the server, or that nothing did.

>>> server.document("/gbfs.json", b"{}")  # doctest: +SKIP
>>> server.url("/gbfs.json")              # doctest: +SKIP
'http://127.0.0.1:40123/gbfs.json'
"""

from __future__ import annotations

import datetime
import gzip
import json
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator

import pytest

MB = 1024 * 1024


@dataclass
class Request:
    path: str
    headers: dict[str, str]


@dataclass
class LayerServer:
    """The routes, the requests seen and the server itself."""

    routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)

    def start(self, certificate: tuple[Path, Path] | None = None) -> "LayerServer":
        """Serve on 127.0.0.1 (HTTPS with ``certificate`` = (certificate file, key file))."""
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                owner.requests.append(Request(self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = owner.routes.get(self.path.split("?", 1)[0])
                try:
                    if route is None:
                        self._send(404, b"niet gevonden", {"Content-Type": "text/plain"})
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading: what the size limit is for

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.scheme = "http"
        if certificate is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*map(str, certificate))
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
            self.scheme = "https"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path.split("?", 1)[0] == path)

    # Routes --------------------------------------------------------------------------------------

    def document(self, path: str, body: bytes | str | dict | list, status: int = 200,
                 headers: dict[str, str] | None = None) -> None:
        """Answer ``path`` with ``body`` (a dict or list as JSON)."""
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        content = {"Content-Type": "application/json"} if isinstance(body, bytes) and body[:1] in b"[{" else {}
        self.routes[path] = lambda handler: handler._send(status, body, {**content, **(headers or {})})

    def gzipped(self, path: str, body: bytes, encoding: str = "gzip") -> None:
        """Answer with ``body`` compressed, saying ``Content-Encoding``."""
        compressed = gzip.compress(body, compresslevel=9)
        self.routes[path] = lambda handler: handler._send(200, compressed, {"Content-Encoding": encoding})

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        self.routes[path] = lambda handler: handler._send(status, b"", {"Location": location})

    def waits(self, path: str, seconds: float = 30.0) -> None:
        """Answer only after ``seconds`` (or when the server stops)."""
        def route(handler: BaseHTTPRequestHandler) -> None:
            self.released.wait(seconds)
            handler._send(200, b"{}", {})
        self.routes[path] = route

    def drips(self, path: str, interval: float = 0.05) -> None:
        """Send the status line, then one header line every ``interval`` seconds, for ever (until the server stops)."""
        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
            number = 0
            while not self.released.wait(interval):
                number += 1
                handler.wfile.write(f"X-Druppel-{number}: {number}\r\n".encode())
                handler.wfile.flush()
        self.routes[path] = route

    def zeros(self, path: str, size: int, content_length: bool) -> None:
        """Stream ``size`` zero bytes, announcing their length or not (then the connection's end marks it)."""
        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            if content_length:
                handler.send_header("Content-Length", str(size))
            handler.send_header("Connection", "close")
            handler.end_headers()
            handler.close_connection = True
            block = b"\0" * MB
            for start in range(0, size, MB):
                if self.released.is_set():
                    return
                handler.wfile.write(block[:min(MB, size - start)])
        self.routes[path] = route


@pytest.fixture
def layer_server() -> Iterator[LayerServer]:
    """A fresh :class:`LayerServer` on 127.0.0.1 for one test."""
    server = LayerServer().start()
    try:
        yield server
    finally:
        server.stop()


def certificates(folder: Path, host: str) -> tuple[Path, Path, Path]:
    """A test CA and a server certificate for ``host`` signed by it: (CA file, certificate file, key file)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Partnerkaart test-CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
          .not_valid_after(now + datetime.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                       key_encipherment=False, data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    leaf = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    folder.mkdir(parents=True, exist_ok=True)
    paths = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


def layer_settings(cache, **more: str):
    """Settings for the layer tests: the cache in ``cache``, private addresses allowed unless said otherwise.

    ``more``: settings by name (``lagen_timeout="0.5"``).
    """
    from geo.config import load_settings

    env = {"PARTNERKAART_CACHE": str(cache), "PARTNERKAART_INSTELLINGEN": str(cache / "geen.toml"),
           "PARTNERKAART_LAGEN_PRIVE_ADRESSEN": "ja", "PARTNERKAART_UPLOAD_SECONDEN": "60"}
    env.update({f"PARTNERKAART_{name.upper()}": value for name, value in more.items()})
    return load_settings(env)
