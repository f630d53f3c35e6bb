#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Boot test: the command line. Unknown and malformed options are reported
# and boot goes on; known ones are echoed; com1= reconfigures the console;
# debugexit= ends QEMU with status (0 << 1) | 1 = 1 once boot completes.
# Usage: tests/boot/cmdline.sh [image]; exit 0 on success.
set -u

IMAGE=${1:-build/satori}
LOG=${LOG:-build/tests/boot/cmdline.log}
mkdir -p "$(dirname "$LOG")"

timeout 60 qemu-system-x86_64 -machine q35 -cpu max -m 256M -smp 1 \
	-display none -serial stdio -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=4 -kernel "$IMAGE" \
	-append "console=com1,vga bogus_option=3 com1=57600,7e1 dom0_mem=5Q sched=bvt dom0_max_vcpus=1-2 debugexit=0xf4" \
	</dev/null 2>&1 | tr -d '\r' >"$LOG"
status=${PIPESTATUS[0]}

ok=1
for want in \
	"cmdline: console=com1,vga" \
	"cmdline: unknown option 'bogus_option' ignored" \
	"cmdline: com1=57600,7e1" \
	"cmdline: bad value in 'dom0_mem=5Q', option ignored" \
	"cmdline: sched=bvt" \
	"cmdline: dom0_max_vcpus=1-2" \
	"cmdline: debugexit=0xf4" \
	"console: vga is not supported, ignored" \
	"console: com1 57600 7e1, io 0x3f8, irq 4" \
	"Boot complete"; do
	if ! grep -qF -- "$want" "$LOG"; then
		echo "      missing: $want"
		ok=0
	fi
done
[[ $status -eq 1 ]] || { echo "      QEMU exit status $status, expected 1"; ok=0; }
if [[ $ok -eq 1 ]]; then
	echo "PASS  boot/cmdline"
else
	echo "FAIL  boot/cmdline (console log: $LOG)"
	exit 1
fi
