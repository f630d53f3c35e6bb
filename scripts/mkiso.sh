#!/usr/bin/env bash
# Builds a BIOS-bootable GRUB ISO that boots satori through multiboot2.
# Used by `make iso` and by the boot-test runner (tests with `boot: iso`).
#
#   scripts/mkiso.sh -o OUT.iso -k KERNEL [-c "CMDLINE"] [-m "FILE ARGS"]...
#                    [-M "FILE ARGS,FILE ARGS"]
#
# GRUB waits 0 seconds and talks on COM1 at 115200 baud, so the whole boot
# is visible on the serial console. GRUB 2 passes only ARGS as a module's
# command line (not its path): to have '<name> <args>', put the name first.
set -euo pipefail

usage() {
	echo "usage: $0 -o OUT.iso -k KERNEL [-c CMDLINE] [-m 'FILE ARGS']..." >&2
	exit 2
}

out= kernel= cmdline= modules=()
while getopts "o:k:c:m:M:" opt; do
	case $opt in
	o) out=$OPTARG ;;
	k) kernel=$OPTARG ;;
	c) cmdline=$OPTARG ;;
	m) modules+=("$OPTARG") ;;
	M) IFS=, read -r -a more <<<"$OPTARG" && modules+=("${more[@]}") ;;
	*) usage ;;
	esac
done
[ -n "$out" ] && [ -n "$kernel" ] || usage

# GRUB refuses a kernel whose multiboot2 header it cannot use; say so
# here rather than with a hang at the GRUB prompt.
if ! grub-file --is-x86-multiboot2 "$kernel"; then
	echo "mkiso: $kernel has no multiboot2 header GRUB accepts" >&2
	exit 1
fi

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/boot/grub" "$tree/boot/modules"
cp "$kernel" "$tree/boot/satori"

{
	echo "serial --unit=0 --speed=115200"
	echo "terminal_input serial"
	echo "terminal_output serial"
	echo "set timeout=0"
	echo "set default=0"
	echo "menuentry \"satori\" {"
	echo "	multiboot2 /boot/satori $cmdline"
	for m in "${modules[@]}"; do
		file=${m%% *}
		args=
		[ "$file" != "$m" ] && args=${m#* }
		base=$(basename "$file")
		cp "$file" "$tree/boot/modules/$base"
		echo "	module2 /boot/modules/$base $args"
	done
	echo "	boot"
	echo "}"
} >"$tree/boot/grub/grub.cfg"

mkdir -p "$(dirname "$out")"
if ! log=$(grub-mkrescue -o "$out" "$tree" 2>&1); then
	echo "$log" >&2
	echo "mkiso: grub-mkrescue failed" >&2
	exit 1
fi
