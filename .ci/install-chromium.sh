#!/usr/bin/env bash
# Install Debian's chromium (browser tests: tests/expectations/test_docs.py, tests/flows/browse/) and
# fonts-noto-cjk (Chinese glyphs in Data Docs, the reading room's charts and screenshots: without a
# CJK font Chinese renders as boxes).
# Never fails the CI: without apt, root or the packages, the browser tests skip themselves.
set -u
PACKAGES=()
[ -x /usr/bin/chromium ] || PACKAGES+=(chromium)
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then PACKAGES+=(fonts-noto-cjk); fi
if [ ${#PACKAGES[@]} -eq 0 ]; then
  echo "install-chromium: /usr/bin/chromium and a CJK font present"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no apt-get here; the browser tests will skip"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "install-chromium: not root and no sudo; the browser tests will skip"
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if $SUDO apt-get update -qq >/dev/null 2>&1 &&
   $SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null 2>&1; then
  echo "install-chromium: installed ${PACKAGES[*]} ($(/usr/bin/chromium --version 2>/dev/null || echo no chromium))"
else
  echo "install-chromium: apt-get could not install ${PACKAGES[*]}; the browser tests will skip"
fi
exit 0
