# Shared helpers for the scripts: the Python venv with moto, and a moto
# server on a free loopback port that stops with the calling script.

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

ensure_venv() {
  local root; root=$(repo_root)
  local stamp="$root/.venv/.requirements"
  if [ ! -x "$root/.venv/bin/moto_server" ] || ! cmp -s "$root/scripts/requirements-test.txt" "$stamp"; then
    echo "setting up .venv with moto (PyPI)..." >&2
    python3 -m venv "$root/.venv"
    "$root/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/scripts/requirements-test.txt"
    cp "$root/scripts/requirements-test.txt" "$stamp"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_moto LOGFILE: starts moto_server on 127.0.0.1, sets MOTO_URL and
# MOTO_PID. The server also ends by itself after two hours at most.
start_moto() {
  local root; root=$(repo_root)
  local port; port=$(free_port)
  MOTO_IAM_LOAD_MANAGED_POLICIES=true timeout 7200 "$root/.venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$1" 2>&1 &
  MOTO_PID=$!
  MOTO_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    if python3 -c "import urllib.request,sys; urllib.request.urlopen('$MOTO_URL/moto-api/', timeout=1)" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$MOTO_PID" 2>/dev/null; then
      echo "moto_server exited; see $1" >&2; return 1
    fi
    sleep 0.2
  done
  echo "moto_server did not answer on $MOTO_URL; see $1" >&2
  return 1
}

stop_moto() {
  if [ -n "${MOTO_PID:-}" ]; then
    kill "$MOTO_PID" 2>/dev/null || true
    wait "$MOTO_PID" 2>/dev/null || true
  fi
}

# ensure_rootfs: a real Debian root filesystem for the host-audit tests,
# built once with debootstrap from Debian's packages and kept as
# target/test-rootfs/debian-bookworm.tar.gz. Sets MAMORI_TEST_ROOTFS.
ensure_rootfs() {
  local root; root=$(repo_root)
  local out="$root/target/test-rootfs/debian-bookworm.tar.gz"
  if [ ! -s "$out" ]; then
    if ! command -v debootstrap >/dev/null; then
      echo "installing debootstrap (Debian packages)..." >&2
      apt-get install -y -qq debootstrap >/dev/null
    fi
    local work; work=$(mktemp -d)
    echo "building a Debian root filesystem with debootstrap..." >&2
    debootstrap --variant=minbase --include=openssh-server bookworm "$work/root" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
      || { tail -20 "$work/debootstrap.log" >&2; rm -rf "$work"; return 1; }
    mkdir -p "$(dirname "$out")"
    tar -czf "$out.tmp" -C "$work/root" . && mv "$out.tmp" "$out"
    rm -rf "$work"
  fi
  export MAMORI_TEST_ROOTFS="$out"
}

# ensure_browser: Debian's Chromium (and a Japanese font, so that the
# screenshots show the Japanese text) for the dashboard tests, and
# playwright-core from npm (pinned in tests/browser/package-lock.json).
ensure_browser() {
  local root; root=$(repo_root)
  if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/ipafont-gothic ]; then
    echo "installing Chromium and a Japanese font (Debian packages)..." >&2
    local packages="chromium chromium-driver fonts-ipafont-gothic"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null; }
  fi
  if [ ! -d "$root/tests/browser/node_modules/playwright-core" ] || ! cmp -s "$root/tests/browser/package-lock.json" "$root/tests/browser/node_modules/.package-lock.json.stamp"; then
    echo "installing playwright-core (npm)..." >&2
    (cd "$root/tests/browser" && npm ci --no-audit --no-fund --silent)
    cp "$root/tests/browser/package-lock.json" "$root/tests/browser/node_modules/.package-lock.json.stamp"
  fi
}
