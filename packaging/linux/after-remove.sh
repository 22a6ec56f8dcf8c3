#!/bin/sh
# After removing the deb (postrm: "remove", then "purge" on a purge, or "upgrade" on an
# upgrade) or the rpm (%postun: 0 on an erase, 1 on an upgrade). electron-builder passes
# it to fpm as --after-remove, in place of its own after-remove; like after-install.sh it
# is an electron-builder template: no braced shell variables.
set -e

case "$1" in
remove | 0)
    # What electron-builder's own after-remove does: the AppArmor profile goes. (The
    # /usr/bin/wgdesk it would unlink is a file of the package here: dpkg and rpm remove it.)
    if [ -f /etc/apparmor.d/wgdesk ]; then
        if command -v apparmor_parser >/dev/null 2>&1 && ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }; then
            apparmor_parser --remove /etc/apparmor.d/wgdesk || true
        fi
        rm -f /etc/apparmor.d/wgdesk
    fi
    # The unit file is gone (before-remove.sh stopped and disabled the service).
    if [ -d /run/systemd/system ]; then
        systemctl daemon-reload || true
    fi
    ;;
purge)
    # The deb's purge only (the rpm has none): root's policy and the service's data,
    # the database with every key, go too. A removal keeps both, for a reinstall.
    rm -rf /etc/wgdesk /var/lib/wgdesk
    ;;
esac
