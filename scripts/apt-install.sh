#!/usr/bin/env bash
# Installs Debian packages, which needs root: otherwise says what is missing and fails.
#   scripts/apt-install.sh PACKAGE...
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
  echo "missing $*; install it or run this as root" >&2
  exit 1
fi
echo "installing $*" >&2
DEBIAN_FRONTEND=noninteractive apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
