#!/usr/bin/env bash
# Install everything the test suite needs, then run it:
#   bash scripts/test.sh                # the whole suite
#   bash scripts/test.sh -m browser     # extra arguments go to pytest
# Installs, only when missing: the Python virtualenv .venv (requirements-test.txt),
# Debian's chromium, a Java runtime, nginx and its brotli module, rsync (apt-get,
# needs root), and the npm tools
# pinned in package-lock.json (Nu Html Checker). pytest's exit code is the script's.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }

# --- Python ------------------------------------------------------------------
if [ ! -x .venv/bin/python ]; then
    say "creating .venv"
    python3 -m venv .venv
fi
say "installing Python requirements (requirements-test.txt)"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt

# --- Debian packages: chromium (browser tests), Java (Nu Html Checker), ------
# --- nginx with brotli (tests/editors/test_nginx.py runs deploy/nginx.conf) ---
apt_packages=()
if [ ! -x /usr/bin/chromium ]; then
    apt_packages+=(chromium fonts-dejavu-core fonts-liberation)
fi
if ! command -v java >/dev/null 2>&1; then
    apt_packages+=(default-jre-headless)
fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    apt_packages+=(nginx)
fi
if [ ! -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]; then
    apt_packages+=(libnginx-mod-http-brotli-static)
fi
if ! command -v rsync >/dev/null 2>&1; then
    apt_packages+=(rsync)  # invoke deploy (tests/editors/test_deploy.py)
fi
if ! command -v openssl >/dev/null 2>&1; then
    apt_packages+=(openssl)  # a throwaway certificate (tests/editors/test_nginx_tls.py)
fi
if ! command -v hugo >/dev/null 2>&1; then
    apt_packages+=(hugo)  # the benchmark's second baseline (tests/test_benchmarks.py)
fi
if ! command -v git >/dev/null 2>&1; then
    apt_packages+=(git)  # invoke gh-pages commits with it
fi
if [ "${#apt_packages[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "error: missing ${apt_packages[*]}; install them as root:" >&2
        echo "  apt-get update && apt-get install -y --no-install-recommends ${apt_packages[*]}" >&2
        exit 1
    fi
    say "installing Debian packages: ${apt_packages[*]}"
    # openjdk's postinst needs this folder, which slim images leave out.
    mkdir -p /usr/share/man/man1
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${apt_packages[@]}"
fi

# --- npm tools (exact versions from package-lock.json) ------------------------
if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -x node_modules/.bin/lighthouse ]; then
    say "installing npm tools (npm ci)"
    # --ignore-scripts: vnu-jar's postinstall would download a Java build; we
    # use Debian's Java instead.
    npm ci --ignore-scripts --no-audit --no-fund
fi

# --- tests -------------------------------------------------------------------
say "running pytest $*"
status=0
.venv/bin/python -m pytest "$@" || status=$?
exit "$status"
