#!/usr/bin/env bash
# Install Debian's chromium for the Data Docs browser test (tests/expectations/test_docs.py).
# Never fails the CI: without apt, root or the package, the browser test skips itself.
set -u
if [ -x /usr/bin/chromium ]; then
  echo "install-chromium: /usr/bin/chromium present"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no apt-get here; the browser test will skip"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "install-chromium: not root and no sudo; the browser test will skip"
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if $SUDO apt-get update -qq >/dev/null 2>&1 &&
   $SUDO apt-get install -y -qq chromium >/dev/null 2>&1; then
  echo "install-chromium: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
else
  echo "install-chromium: apt-get could not install chromium; the browser test will skip"
fi
exit 0
