"""Serve a built site with nginx and exactly the committed configuration in deploy/nginx/.

`render_config` is the one wrapper: it fills in the @NAME@ placeholders of
every file in deploy/nginx/ (where to listen, the prefix the site is mounted
at, the site directory, a runtime directory for nginx's pid and temporary
files), mounts the site at the prefix, and writes the site's 404 page for
that prefix. `make preview-production`, the tests, `make audit` and the
Dockerfile all go through it:

    python -m generator.hosting.nginx preview [--port 8080] [--prefix /report/] [--site site]
    python -m generator.hosting.nginx render --site DIR --prefix / --listen 80 --runtime DIR

The 404 page is served for missing paths at any depth, so MkDocs writes its
links as absolute paths under site_url's path; here they are rewritten to
the prefix actually served, so it works at the root and under any sub-path.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.memo import NO_MEMO

from .postbuild import write_compressed

ROOT = Path(__file__).resolve().parent.parent.parent
CONFIG_DIR = ROOT / "deploy" / "nginx"
NGINX = "nginx"
BROTLI_MODULE = "ngx_http_brotli_static_module.so"
MODULE_DIRS = (Path("/usr/lib/nginx/modules"), Path("/usr/lib64/nginx/modules"), Path("/etc/nginx/modules"))
_PREFIX = re.compile(r"^/(?:[A-Za-z0-9._~-]+/)*$")
_PLACEHOLDER = re.compile(r"@([A-Z_]+)@")
_SITE_PATH = re.compile(r'<link rel="stylesheet" href="(/[^"]*)assets/stylesheets/main\.')


@dataclass(frozen=True)
class Mount:
    """A site as nginx will serve it: where it listens and under which prefix."""

    site: Path
    prefix: str
    listen: str
    runtime: Path
    access_log: str


def render_config(mount: Mount) -> Path:
    """Write the filled-in configuration, the mount point and the 404 page into `mount.runtime`; return nginx.conf's path."""
    if not _PREFIX.match(mount.prefix):
        raise SystemExit(f"prefix {mount.prefix!r}: expected / or a path such as /report/ (slash at both ends)")
    if not (mount.site / "404.html").is_file():
        raise SystemExit(f"{mount.site}/404.html is missing: build the site first (make site)")
    runtime = mount.runtime
    runtime.mkdir(parents=True, exist_ok=True)
    module = next((d / BROTLI_MODULE for d in MODULE_DIRS if (d / BROTLI_MODULE).is_file()), None)
    values = {
        "LISTEN": mount.listen,
        "PREFIX": mount.prefix,
        "SITE": str(mount.site),
        "DOCROOT": str(_docroot(mount)),
        "RUNTIME": str(runtime),
        "ACCESS_LOG": mount.access_log,
        "LOAD_MODULES": f"load_module {module};" if module else "# no Brotli module here: gzip_static alone",
        "BROTLI_STATIC": "brotli_static on;" if module else "# brotli_static: module not installed",
    }
    for source in sorted(CONFIG_DIR.glob("*.conf")):
        text = _PLACEHOLDER.sub(lambda m: values[m.group(1)], source.read_text(encoding="utf-8"))
        (runtime / source.name).write_text(text, encoding="utf-8")
    _write_not_found_page(mount.site, mount.prefix, runtime / ".rs-errors")
    return runtime / "nginx.conf"


def _docroot(mount: Mount) -> Path:
    """A directory in which the prefix is the site: the site itself at the root, else a symlink at the prefix."""
    if mount.prefix == "/":
        return mount.site
    www = mount.runtime / "www"
    link = www / mount.prefix.strip("/")
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(mount.site, target_is_directory=True)
    return www


def _write_not_found_page(site: Path, prefix: str, out: Path) -> None:
    """The site's 404.html with its absolute links moved from site_url's path to `prefix`, with .gz and .br."""
    html = (site / "404.html").read_text(encoding="utf-8")
    built_for = _SITE_PATH.search(html)
    if built_for:
        pattern = re.compile(r'((?:href|src)="|"base": ")' + re.escape(built_for.group(1)))
        html = pattern.sub(lambda m: m.group(1) + prefix, html)
    out.mkdir(parents=True, exist_ok=True)
    data = html.encode("utf-8")
    (out / "404.html").write_bytes(data)
    (out / "404.html.gz").unlink(missing_ok=True)  # write_compressed keeps an existing .gz: this one is stale
    write_compressed(out / "404.html", data, NO_MEMO)


def nginx_command(conf: Path) -> list[str]:
    """The command that runs nginx in the foreground with `conf` and nothing else (no system configuration)."""
    nginx = shutil.which(NGINX) or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise SystemExit("nginx is not installed: run `make test` or scripts/ensure-browser as root, or `apt-get install nginx-light libnginx-mod-http-brotli-static`")
    # Started by root (tests, a preview in a container), nginx's workers would run as nobody and could not
    # read a site in a private directory (pytest's, a home): locally they run as the user who started it.
    user = " user root;" if os.geteuid() == 0 else ""
    return [nginx, "-p", str(conf.parent), "-c", str(conf), "-e", "stderr", "-g", f"daemon off;{user}"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running(site: Path, prefix: str, runtime: Path, deadline: float = 10) -> Iterator[str]:
    """nginx serving `site` at `prefix` on a free local port, in the background; yields the site's URL.

    The access log is `runtime`/access.log; nginx's own messages go to `runtime`/error.log.
    """
    port = free_port()
    conf = render_config(Mount(site.resolve(), prefix, f"127.0.0.1:{port}", runtime, str(runtime / "access.log")))
    (runtime / "access.log").touch()
    with open(runtime / "error.log", "wb") as errors:
        process = subprocess.Popen(nginx_command(conf), stdout=errors, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}{prefix}"
    try:
        _wait_until_serving(url, process, runtime, deadline)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=deadline)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_serving(url: str, process: subprocess.Popen, runtime: Path, deadline: float) -> None:
    stop = time.monotonic() + deadline
    while True:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError as err:
            if process.poll() is not None or time.monotonic() > stop:
                log = (runtime / "error.log").read_text(encoding="utf-8", errors="replace")
                raise RuntimeError(f"nginx did not serve {url} within {deadline}s ({err}):\n{log}") from None
            time.sleep(0.05)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.hosting.nginx", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    preview = commands.add_parser("preview", help="serve the site with nginx on 127.0.0.1 in the foreground (Ctrl-C stops)")
    preview.add_argument("--port", type=int, default=8080)
    preview.add_argument("--prefix", default="/")
    preview.add_argument("--site", type=Path, default=ROOT / "site")
    render = commands.add_parser("render", help="write the filled-in configuration for a host or an image")
    render.add_argument("--site", type=Path, required=True, help="the site's directory as the server will see it")
    render.add_argument("--prefix", default="/")
    render.add_argument("--listen", default="80")
    render.add_argument("--runtime", type=Path, required=True, help="where the configuration goes (nginx writes its pid and temporary files here)")
    render.add_argument("--access-log", default="/dev/stdout")
    args = parser.parse_args(argv)
    if args.command == "render":
        conf = render_config(Mount(args.site.resolve(), args.prefix, args.listen, args.runtime.resolve(), args.access_log))
        print(f"wrote {conf} and its includes")
        return 0
    runtime = Path(tempfile.mkdtemp(prefix="report-nginx-"))
    try:
        conf = render_config(Mount(args.site.resolve(), args.prefix or "/", f"127.0.0.1:{args.port}", runtime, "/dev/stdout"))
        print(f"Serving {args.site} with deploy/nginx/ at http://127.0.0.1:{args.port}{args.prefix or '/'} (Ctrl-C stops)", flush=True)
        return subprocess.run(nginx_command(conf)).returncode
    except KeyboardInterrupt:
        return 0
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
