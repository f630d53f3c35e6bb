#!/bin/sh
# SPDX-License-Identifier: MIT
# Fetch Debian's Xen 4.17 hypervisor package into cache/xen/ (outside git),
# unpack it without installing it and leave a plain, uncompressed hypervisor
# image at cache/xen/xen, which QEMU's -kernel boots as a multiboot image.
# It is the reference bench for the guest tests (make guest-tests-xen).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cache="$top/cache/xen"
out="$cache/xen"
[ -s "$out" ] && { echo "$out"; exit 0; }
mkdir -p "$cache/deb" "$cache/root"
cd "$cache/deb"
ls xen-hypervisor-4.17-amd64_*.deb >/dev/null 2>&1 ||
	apt-get download xen-hypervisor-4.17-amd64 >&2
for deb in xen-hypervisor-4.17-amd64_*.deb; do
	dpkg -x "$deb" "$cache/root"
done
img=$(find "$cache/root/boot" -name 'xen-4.17*-amd64.gz' | sort | head -n 1)
[ -n "$img" ] || { echo "get-xen: no xen-*.gz in the package" >&2; exit 1; }
gunzip -c "$img" > "$out.tmp"
mv "$out.tmp" "$out"
echo "$out"
