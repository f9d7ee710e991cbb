"""nginx in front of hall processes, for tests and bench/: docs/deploy/hall.nginx.conf as
written, with only what a test machine must change rewritten (ports, a self-signed
certificate, the checkout's path) and `X-Upstream` added (which process answered)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "docs" / "deploy" / "hall.nginx.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def self_signed(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def nginx_conf(directory: Path, *, port: int, upstreams: list[int]) -> Path:
    """The documented site inside a minimal nginx.conf of its own, for a test machine."""
    site = SITE.read_text()
    servers = "".join(f"    server 127.0.0.1:{p};\n" for p in upstreams)
    site = re.sub(r"(    server 127\.0\.0\.1:\d+;\n)+", servers, site)
    site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)  # no IPv6 needed here
    site = site.replace("listen 80;", f"listen 127.0.0.1:{free_port()};")
    site = site.replace("listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;")
    cert, key = self_signed(directory)
    site = site.replace("/etc/ssl/hall/fullchain.pem", str(cert))
    site = site.replace("/etc/ssl/hall/privkey.pem", str(key))
    site = site.replace("/opt/hall/app/", f"{ROOT}/")
    site = site.replace("server_name hall.example.edu.cn;",
                        "server_name hall.example.edu.cn;\n"
                        "    add_header X-Upstream $upstream_addr always;")
    (directory / "site.conf").write_text(site)
    temp = "".join(f"    {kind}_temp_path {directory / kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = directory / "nginx.conf"
    conf.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # workers read the checkout and tmp
        + f"worker_processes 1;\npid {directory / 'nginx.pid'};\n"
        f"error_log {directory / 'error.log'};\n"
        "events { worker_connections 2048; }\n"
        "http {\n    include /etc/nginx/mime.types;\n    access_log off;\n" + temp
        + f"    include {directory / 'site.conf'};\n}}\n")
    return conf


def nginx(directory: Path, conf: Path, *args: str) -> list[str]:
    return [NGINX, "-p", str(directory), "-c", str(conf), "-e", str(directory / "error.log"),
            *args]
