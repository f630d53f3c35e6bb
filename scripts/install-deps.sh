#!/usr/bin/env bash
# Installs everything satori's build, checks and tests need on a fresh
# Debian 12 machine. Safe to run again: it only installs what is missing.
#
# QEMU must come from bookworm-backports (QEMU 10): Debian 12's QEMU 7.2
# gives the wrong #GP error code for `int $n` in 64-bit mode, which breaks
# PV guests. The backports entry is derived from the machine's own Debian
# source file so that no registry host name is written into this repository.
set -euo pipefail

SRC=/etc/apt/sources.list.d/debian.sources
BPO=/etc/apt/sources.list.d/satori-backports.sources

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

enable_backports() {
	[ -f "$BPO" ] && return 0
	if [ ! -f "$SRC" ]; then
		echo "install-deps: $SRC not found; add bookworm-backports by hand" >&2
		return 1
	fi
	# First stanza only (up to the first blank line), Suites: replaced.
	awk 'BEGIN{s=0} /^[[:space:]]*$/{exit} {print}' "$SRC" |
		sed -E 's/^Suites:.*/Suites: bookworm-backports/' |
		sudo_if_needed tee "$BPO" >/dev/null
}

PKGS=(make gcc binutils clang clang-format clang-tidy cppcheck python3
	grub-pc-bin grub-common xorriso mtools libxen-dev gdb)

enable_backports
export DEBIAN_FRONTEND=noninteractive
sudo_if_needed apt-get update -q
sudo_if_needed apt-get install -y -q --no-install-recommends "${PKGS[@]}"
sudo_if_needed apt-get install -y -q --no-install-recommends \
	-t bookworm-backports qemu-system-x86 qemu-system-data ipxe-qemu seabios
qemu-system-x86_64 --version | head -1
