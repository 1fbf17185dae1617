"""`invoke serve --nginx`: the production server setup, tried on 127.0.0.1.

Runs Debian's nginx in the foreground with deploy/nginx.conf's server block,
as it is but for where it listens, the folder it serves and where its rules
file lies (deploy/portal-site.conf, included by path). Everything nginx
writes (pid, logs, temporary files) goes into a temporary folder that is
removed when it stops, so it runs as any user and leaves nothing behind.

The tests run deploy/nginx-tls.conf the same way (``TlsTrial``), with a
throwaway certificate in place of the public one.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SERVER_BLOCK = DEPLOY / "nginx.conf"
TLS_SERVER_BLOCKS = DEPLOY / "nginx-tls.conf"
SITE_RULES = DEPLOY / "portal-site.conf"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
DEBIAN_PACKAGES = ("nginx", "libnginx-mod-http-brotli-static")
_TEMPORARY = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


class NginxError(Exception):
    """nginx is missing or would not start; the message says what to do."""


def find_nginx() -> str | None:
    """nginx on PATH, or where Debian puts it (/usr/sbin is not on every user's PATH)."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")


def install_nginx() -> str:
    """Debian's nginx (and its brotli module), installed with apt-get when missing."""
    found = find_nginx()
    if found:
        return found
    command = ["apt-get", "install", "-y", "--no-install-recommends", *DEBIAN_PACKAGES]
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise NginxError(
            f"nginx is not installed — install it as root: apt-get update && {' '.join(command)}"
        )
    print(f"Installing {' '.join(DEBIAN_PACKAGES)} with apt-get…", flush=True)
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=False, env=environment)
    done = subprocess.run(command, check=False, env=environment)
    found = find_nginx()
    if done.returncode or not found:
        raise NginxError(f"apt-get could not install nginx — run: {' '.join(command)}")
    return found


@dataclass(frozen=True)
class TlsTrial:
    """deploy/nginx-tls.conf instead of deploy/nginx.conf: HTTPS on 127.0.0.1:``port``
    with this certificate chain and key (PEM files); plain HTTP on the other port."""

    port: int
    certificate: Path
    key: Path


def server_block(root: Path, port: int, tls: TlsTrial | None = None) -> str:
    """deploy/nginx.conf's server block, listening on 127.0.0.1:``port``, serving ``root``;
    with ``tls``, deploy/nginx-tls.conf's server blocks, the HTTPS one on ``tls.port``."""
    text = (TLS_SERVER_BLOCKS if tls else SERVER_BLOCK).read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        indent = line[: len(line) - len(line.lstrip())]
        if stripped.startswith("listen "):
            if "[::]" not in stripped:
                # The parameters stay (ssl, http2): only the address changes.
                parameters = stripped.removesuffix(";").split()[2:]
                if "ssl" in parameters and tls is None:
                    raise ValueError("an ssl listener needs a TlsTrial")
                local = tls.port if tls and "ssl" in parameters else port
                lines.append(f"{indent}{' '.join(['listen', f'127.0.0.1:{local}', *parameters])};")
        elif tls and stripped.startswith("ssl_certificate "):
            lines.append(f"{indent}ssl_certificate {_quoted(tls.certificate)};")
        elif tls and stripped.startswith("ssl_certificate_key "):
            lines.append(f"{indent}ssl_certificate_key {_quoted(tls.key)};")
        elif stripped.startswith("server_name "):
            continue  # any host name: the reader types 127.0.0.1
        elif stripped.startswith("root "):
            lines.append(f"{indent}root {_quoted(root)};")
        elif stripped.startswith("include ") and stripped.endswith("-site.conf;"):
            lines.append(f"{indent}include {{rules}};")
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def site_rules(with_brotli: bool) -> str:
    """deploy/portal-site.conf, without brotli_static when nginx lacks the module."""
    text = SITE_RULES.read_text(encoding="utf-8")
    if not with_brotli:
        text = re.sub(r"(?m)^\s*brotli_static\b.*$", "", text)
    return text


def main_config(
    root: Path, port: int, folder: Path, *, quiet: bool, tls: TlsTrial | None = None
) -> str:
    """A whole nginx.conf whose every file lies in ``folder``."""
    with_brotli = BROTLI_MODULE.is_file()
    rules = folder / "portal-site.conf"
    rules.write_text(site_rules(with_brotli), encoding="utf-8")
    temporary = "\n".join(f"    {kind}_temp_path {_quoted(folder / kind)};" for kind in _TEMPORARY)
    access = "off" if quiet else "/dev/stdout"
    return (
        (f"load_module {BROTLI_MODULE};\n" if with_brotli else "")
        + "daemon off;\n"
        + "master_process off;  # one process, as the user who started it\n"
        + f"pid {_quoted(folder / 'nginx.pid')};\n"
        + "error_log stderr warn;\n"
        + "events {\n    worker_connections 256;\n}\n"
        + "http {\n"
        + f"    access_log {access};\n"
        + temporary
        + "\n"
        + server_block(root, port, tls).replace("{rules}", _quoted(rules))
        + "}\n"
    )


def _quoted(path: Path) -> str:
    return '"' + str(path).replace("\\", "\\\\").replace('"', '\\"') + '"'


@contextmanager
def running_nginx(
    root: Path, port: int, *, quiet: bool = False, tls: TlsTrial | None = None
) -> Iterator[subprocess.Popen]:
    """nginx serving ``root`` on 127.0.0.1:``port`` for as long as the block runs
    (with ``tls``: deploy/nginx-tls.conf, HTTPS on ``tls.port``)."""
    binary = install_nginx()
    folder = Path(tempfile.mkdtemp(prefix="vnportal-nginx-"))
    try:
        config = folder / "nginx.conf"
        config.write_text(
            main_config(root.resolve(), port, folder, quiet=quiet, tls=tls), encoding="utf-8"
        )
        # -e: where nginx logs before it has read the configuration.
        command = [binary, "-e", "stderr", "-p", str(folder), "-c", str(config)]
        checked = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
        if checked.returncode:
            raise NginxError(f"nginx refused the configuration: {checked.stderr.strip()}")
        process = subprocess.Popen(command)
        try:
            yield process
        finally:
            _stop(process)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _stop(process: subprocess.Popen) -> None:
    """A fast shutdown (SIGTERM); SIGKILL if nginx has not ended within five seconds."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve_with_nginx(root: Path, port: int) -> int:
    """Serve ``root`` with nginx on 127.0.0.1:``port`` until Ctrl-C; the exit code."""
    from ..build.output import tidy_output

    with tidy_output(root) as said:
        for line in said:
            print(line)
    if not (root / "index.html").is_file():
        print(f"{root} has no index.html: run 'invoke publish' first", file=sys.stderr)
        return 1
    # A stop asked for by the system (SIGTERM) ends nginx too, as Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with running_nginx(root, port) as process:
            print(
                f"nginx serves {root.name}/ on http://127.0.0.1:{port}/ with deploy/nginx.conf "
                "(Ctrl+C to stop)",
                flush=True,
            )
            try:
                code = process.wait()
            except KeyboardInterrupt:
                return 0
            print(f"nginx stopped (exit code {code}); see its messages above", file=sys.stderr)
            return code or 1
    except NginxError as error:
        print(error, file=sys.stderr)
        return 1
