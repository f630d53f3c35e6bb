#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Boot test: debug keys over the serial console. Boots satori in QEMU (TCG)
# with `keypoll`, types on COM1 (QEMU's stdin, -serial stdio) and checks
# the replies: 'h' lists the keys, an unknown key gets a hint, Ctrl-A x3
# switches input to dom0 and back, 'R' reboots (which ends QEMU, thanks to
# -no-reboot). Usage: tests/boot/debug-keys.sh [image]; exit 0 on success.
set -u

IMAGE=${1:-build/satori}
LOG=${LOG:-build/tests/boot/debug-keys.log}
TIMEOUT=${TIMEOUT:-60}
mkdir -p "$(dirname "$LOG")"
: >"$LOG"

coproc QEMU {
	exec timeout "$TIMEOUT" qemu-system-x86_64 -machine q35 -cpu max \
		-m 256M -smp 1 -display none -serial stdio -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=4 -kernel "$IMAGE" \
		-append "console=com1 loglvl=all debugexit=0xf4 keypoll" 2>&1
}

fail() {
	echo "FAIL  boot/debug-keys: $*"
	echo "      console log: $LOG"
	kill "$QEMU_PID" 2>/dev/null
	exit 1
}

# Read console lines until one contains $1 (a fixed string).
expect() {
	local line
	while IFS= read -r -t "$TIMEOUT" line <&"${QEMU[0]}"; do
		line=${line%$'\r'}
		printf '%s\n' "$line" >>"$LOG"
		[[ $line == *"$1"* ]] && return 0
	done
	fail "no line containing \"$1\""
}

press() {
	printf '%b' "$1" >&"${QEMU[1]}"
}

expect "Polling the console for debug keys"
press 'h'
expect "Debug keys:"
expect "'R'  reboot the machine"
expect "'h'  show this list of debug keys"
press 'x'
expect "key 'x': no such debug key, 'h' lists them"
press '\x01\x01\x01'
expect "console: input to dom0 (type Ctrl-A three times to switch)"
press 'h\x01\x01\x01'
expect "console: input to satori (type Ctrl-A three times to switch)"
press 'R'
expect "key 'R': rebooting"
wait "$QEMU_PID"
status=$?
# -no-reboot turns the reset into a normal exit; 124 would be the timeout.
[[ $status -eq 0 ]] || fail "QEMU exit status $status after 'R', expected 0"
# The 'h' typed while input belonged to dom0 must not have run the list.
[[ $(grep -c "Debug keys:" "$LOG") -eq 1 ]] ||
	fail "'h' typed while input belonged to dom0 reached the key handler"
echo "PASS  boot/debug-keys"
