#!/bin/sh
# After installing or upgrading the deb (postinst: "configure" and the old version, empty
# on a first install) or the rpm (%post: 1 on a first install, 2 or more on an upgrade).
# electron-builder passes it to fpm as --after-install (electron-builder.config.mjs).
#
# electron-builder reads this file as a template in which a dollar sign and a braced word
# name one of its macros, and it fails on one it does not know: shell variables here are
# written without braces. `npm run check:packaging` checks that, and runs shellcheck.
set -e

# --- What electron-builder's own after-install (app-builder-lib 26) does, which this
# file replaces. /usr/bin/wgdesk is not a link here but a file of the package
# (packaging/linux/wgdesk), and wgdesk registers no MIME type or URL scheme, so the MIME
# and desktop databases that the template refreshes have nothing new.

# Chromium's setuid sandbox helper, only where user namespaces do not work.
if ! { [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; }; then
    chmod 4755 /opt/wgdesk/chrome-sandbox || true
else
    chmod 0755 /opt/wgdesk/chrome-sandbox || true
fi

# The AppArmor profile electron-builder ships (Ubuntu 24.04 and later: it lets the window
# use user namespaces), where this AppArmor understands it.
if command -v apparmor_status >/dev/null 2>&1 && apparmor_status --enabled >/dev/null 2>&1; then
    if apparmor_parser --skip-kernel-load --debug /opt/wgdesk/resources/apparmor-profile >/dev/null 2>&1; then
        cp -f /opt/wgdesk/resources/apparmor-profile /etc/apparmor.d/wgdesk
        if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }; then
            apparmor_parser --replace --write-cache --skip-read-cache /etc/apparmor.d/wgdesk
        fi
    else
        echo "wgdesk: this AppArmor does not support the bundled profile; skipped"
    fi
fi

# --- The system service (packaging/wgdesk.service).

# Root's policy, created once: an admin's later edits are never overwritten. Scripts
# (hooks) are off until root turns them on.
mkdir -p /etc/wgdesk
chmod 0755 /etc/wgdesk
if [ ! -e /etc/wgdesk/wgdesk.conf ]; then
    install -m 0644 /opt/wgdesk/resources/wgdesk.conf /etc/wgdesk/wgdesk.conf
fi
if [ ! -e /etc/wgdesk/admins ]; then
    install -m 0644 /dev/null /etc/wgdesk/admins
fi

# Who may connect to the service's socket: the admin who installed the package may, at
# once (the service grants it by an ACL entry on the socket, with no new group to log in
# again for). sudo and pkexec say who that is; root needs no entry.
admin=
if [ -n "$SUDO_USER" ] && [ "$SUDO_USER" != root ]; then
    admin=$SUDO_USER
elif [ -n "$PKEXEC_UID" ] && [ "$PKEXEC_UID" != 0 ]; then
    admin=$(getent passwd "$PKEXEC_UID" | cut -d: -f1)
fi
if [ -n "$admin" ] && ! grep -qxF "$admin" /etc/wgdesk/admins; then
    # An admins file edited by hand may lack its last newline.
    if [ -s /etc/wgdesk/admins ] && [ -n "$(tail -c 1 /etc/wgdesk/admins)" ]; then
        echo >>/etc/wgdesk/admins
    fi
    printf '%s\n' "$admin" >>/etc/wgdesk/admins
fi

first_install=no
case "$1" in
configure) [ -n "$2" ] || first_install=yes ;;
1) first_install=yes ;;
esac

# Enable and start on a first install; on an upgrade, restart it if it runs (an admin who
# stopped or disabled it keeps it that way). Where systemd is not running (a container, a
# chroot building an image) there is nothing to start: `systemctl enable` still works
# offline, so the service starts at the next boot. A service that fails to start does not
# fail the installation: `systemctl status wgdesk` says why.
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    if [ "$first_install" = yes ]; then
        systemctl enable wgdesk.service
        systemctl start wgdesk.service || echo "wgdesk: the service did not start; see: systemctl status wgdesk" >&2
    else
        systemctl try-restart wgdesk.service || echo "wgdesk: the service did not restart; see: systemctl status wgdesk" >&2
    fi
elif [ "$first_install" = yes ] && command -v systemctl >/dev/null 2>&1; then
    systemctl enable wgdesk.service || true
    echo "wgdesk: systemd is not running here; the service starts at the next boot"
fi
