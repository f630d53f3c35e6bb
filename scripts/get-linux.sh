#!/bin/sh
# SPDX-License-Identifier: MIT
# Fetch Debian's stock Linux 6.1 kernel package and busybox-static into
# cache/linux/ (outside git) with `apt-get download`, unpack them with
# `dpkg -x` (nothing is installed on this machine) and print the path of
# the unpacked tree. LINUX_PKG=linux-image-6.1.0-NN-amd64 pins a version;
# by default the newest one apt knows is used, or the one already cached.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cache="$top/cache/linux"
mkdir -p "$cache/deb"
cd "$cache/deb"

pkg=${LINUX_PKG:-}
if [ -z "$pkg" ]; then
	# A package already here wins: runs stay reproducible offline.
	deb=$(ls linux-image-6.1.0-*-amd64_*.deb 2>/dev/null | sort -V | tail -n 1)
	if [ -n "$deb" ]; then
		pkg=${deb%%_*}
	else
		pkg=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64$' |
			cut -d' ' -f1 | sort -V | tail -n 1)
	fi
fi
[ -n "$pkg" ] || { echo "get-linux: no linux-image-6.1.0-*-amd64 package" >&2; exit 1; }
ls "${pkg}"_*.deb >/dev/null 2>&1 || apt-get download "$pkg" >&2
ls busybox-static_*.deb >/dev/null 2>&1 || apt-get download busybox-static >&2

root="$cache/root-$pkg"
if [ ! -d "$root" ]; then
	rm -rf "$root.tmp"
	mkdir -p "$root.tmp"
	dpkg -x "$(ls "${pkg}"_*.deb | head -n 1)" "$root.tmp"
	dpkg -x "$(ls busybox-static_*.deb | head -n 1)" "$root.tmp"
	mv "$root.tmp" "$root"
fi
echo "$root"
