#!/bin/sh
# Installs the Jupyter client side the kernel's tests drive (repl/kernel's
# TestJupyter*): jupyter_client, nbclient and nbconvert from Debian's packages,
# when /usr/bin/python3 cannot import them. Idempotent; needs root or sudo.
set -eu

PYTHON=${QMIX_TEST_PYTHON:-/usr/bin/python3}
JUPYTER=${QMIX_TEST_JUPYTER:-/usr/bin/jupyter}
PACKAGES="jupyter-nbconvert python3-nbclient jupyter-client python3-jupyter-client"

if "$PYTHON" -c 'import jupyter_client, nbclient, nbconvert, nbformat' 2>/dev/null &&
	"$JUPYTER" nbconvert --version >/dev/null 2>&1; then
	exit 0
fi

SUDO=
if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
fi
echo "install-jupyter: installing $PACKAGES" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $PACKAGES
"$PYTHON" -c 'import jupyter_client, nbclient, nbconvert, nbformat'
"$JUPYTER" nbconvert --version >/dev/null
