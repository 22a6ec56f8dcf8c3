#!/bin/sh
# Before removing the deb (prerm: "remove", or "upgrade" on an upgrade) or the rpm
# (%preun: 0 on an erase, 1 on an upgrade). electron-builder has no option for it: it goes
# to fpm as --before-remove (electron-builder.config.mjs).
#
# Stops and disables the service on a removal only: an upgrade restarts it afterwards
# (after-install.sh). Stopping it leaves the tunnels up (KillMode=process in the unit):
# bring them down first if the host should have none.
set -e

case "$1" in
remove | 0)
    if [ -d /run/systemd/system ]; then
        systemctl stop wgdesk.service || true
    fi
    if command -v systemctl >/dev/null 2>&1; then
        systemctl disable wgdesk.service || true
    fi
    ;;
esac
