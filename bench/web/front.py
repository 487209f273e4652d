"""The benchmarks' servers: gunicorn serving the site, and in front of it Varnish with the
repository's VCL and nginx serving a page's bytes from a file (what the fastest possible cache
would do).

Varnish and nginx each run in the foreground (-F, daemon off) in a temporary folder of their
own, on a free loopback port, and are stopped when their `with` block ends.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
VCL = ROOT / "deploy" / "varnish" / "newsroom.vcl"
VARNISH_PACKAGES = "varnish varnish-modules"
GUNICORN = Path(sys.executable).parent / "gunicorn"


def start_gunicorn(env, port: int, workers: int, ready_path: str = "/healthz") -> subprocess.Popen:
    """gunicorn serving the site (settings from `env`) on 127.0.0.1:port, once `ready_path`
    answers."""
    server = subprocess.Popen(  # noqa: S603
        [str(GUNICORN), "newsroom.wsgi:application", "--workers", str(workers)]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    wait_until_answering(f"http://127.0.0.1:{port}{ready_path}", server, Path(os.devnull))
    return server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def vcl_for_backend(port: int, host: str = "127.0.0.1") -> str:
    """The repository's VCL with only the backend's address changed."""
    text = VCL.read_text()
    text, hosts = re.subn(r'(\.host = )"[^"]*";', rf'\1"{host}";', text, count=1)
    text, ports = re.subn(r'(\.port = )"\d+";', rf'\1"{port}";', text, count=1)
    if (hosts, ports) != (1, 1):
        raise SystemExit(f"{VCL}: no backend .host and .port to point at the benchmark's server")
    return text


@contextmanager
def varnish(backend_port: int, memory: str = "256m", port: int | None = None):
    """Varnish on `port` (else a free one) in front of 127.0.0.1:backend_port; yields its
    base URL."""
    if not shutil.which("varnishd"):
        raise SystemExit(f"needs Varnish: apt-get install -y {VARNISH_PACKAGES}")
    folder = Path(tempfile.mkdtemp(prefix="newsroom-bench-varnish-"))
    folder.chmod(0o755)  # varnishd's worker runs as its own user and reads from here
    vcl = folder / "newsroom.vcl"
    vcl.write_text(vcl_for_backend(backend_port))
    port = port or free_port()
    log = (folder / "varnishd.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [  # noqa: S607  (varnishd from the PATH, as Debian installs it)
            "varnishd",
            "-F",
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(vcl),
            "-n",
            str(folder / "work"),
            "-s",
            f"malloc,{memory}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_answering(f"http://127.0.0.1:{port}/healthz", server, folder / "varnishd.log")
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(server)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


NGINX_CONF = """\
daemon off;
worker_processes auto;
pid nginx.pid;
error_log stderr warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    open_file_cache max=16;
    keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            root html;
            charset utf-8;
            try_files /page.html =404;
        }}
    }}
}}
"""


@contextmanager
def nginx(body: bytes):
    """nginx on a free port answering every path with `body`; yields its base URL."""
    if not shutil.which("nginx"):
        raise SystemExit("needs nginx: apt-get install -y nginx")
    folder = Path(tempfile.mkdtemp(prefix="newsroom-bench-nginx-"))
    folder.chmod(0o755)  # nginx's workers run as nobody when started as root
    (folder / "html").mkdir(mode=0o755)
    (folder / "html" / "page.html").write_bytes(body)
    (folder / "html" / "page.html").chmod(0o644)
    port = free_port()
    (folder / "nginx.conf").write_text(NGINX_CONF.format(port=port))
    log = (folder / "nginx.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [  # noqa: S607  (nginx from the PATH, as Debian installs it)
            "nginx",
            "-p",
            str(folder),
            "-c",
            str(folder / "nginx.conf"),
            "-e",
            "stderr",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_answering(f"http://127.0.0.1:{port}/", server, folder / "nginx.log")
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(server)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def wait_until_answering(url: str, server: subprocess.Popen, log: Path, seconds=30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310
                return
        except urllib.error.HTTPError:
            return  # answering, whatever it says
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"{url}: the server exited:\n{log.read_text()}") from None
            time.sleep(0.1)
    stop(server)
    raise SystemExit(f"{url} did not answer within {seconds} s:\n{log.read_text()}")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as answer:
        return answer.code, dict(answer.headers), answer.read()


def cached_in_varnish(url: str) -> bytes:
    """The page's bytes, after checking Varnish answers it from its cache."""
    fetch(url)
    status, headers, body = fetch(url)
    if status != 200 or headers.get("X-Cache") != "HIT":
        raise SystemExit(
            f"{url}: Varnish does not answer it from its cache (status {status}, X-Cache "
            f"{headers.get('X-Cache')}, Cache-Control {headers.get('Cache-Control')!r})"
        )
    return body
