/* SPDX-License-Identifier: MIT */
/*
 * Serial console input (hv/common/console-input.c). Bytes travel in two
 * steps: console_rx_poll() moves them from the UART into a receive ring
 * (cheap, from the UART interrupt or a poll), and console_input_process()
 * delivers them later outside interrupt context: to the debug-key handler
 * while input belongs to the hypervisor, or into a bounded buffer that
 * dom0 reads (console_io read) while input belongs to dom0. As in Xen,
 * Ctrl-A typed three times in a row switches between the two.
 */
#ifndef SATORI_CONSOLE_INPUT_H
#define SATORI_CONSOLE_INPUT_H

#include <satori/types.h>

#define CONSOLE_SWITCH_CHAR 0x01     /* Ctrl-A, the default of conswitch= */
#define CONSOLE_RX_RING_SIZE 256     /* UART -> console_input_process() */
#define CONSOLE_GUEST_RING_SIZE 1024 /* input waiting for dom0 to read */

/*
 * Drain every byte the UART holds into the receive ring (bytes beyond the
 * ring's room are dropped and counted). Safe from interrupt context and
 * from any CPU. @return the number of bytes queued. The UART interrupt
 * handler calls this, acknowledges the interrupt and schedules
 * console_input_process() (softirq).
 */
unsigned int console_rx_poll(void);

/*
 * Deliver queued bytes: run debug keys, switch input on Ctrl-A x3, or
 * buffer for dom0. Not from interrupt context (it runs key handlers). If
 * another CPU is already processing, returns at once: that CPU continues.
 */
void console_input_process(void);

/* Whether input currently goes to dom0 (false: to the hypervisor). */
bool console_input_to_guest(void);

/* Give input to dom0 (@to_guest) or to the hypervisor, and say so. */
void console_input_switch(bool to_guest);

/*
 * dom0 is running: give it the input, as Xen does at the end of boot,
 * unless conswitch=<letter>x asked to keep it with the hypervisor.
 */
void console_input_dom0_started(void);

/*
 * Read up to @n buffered bytes for dom0 into @buf (its console_io read).
 * @return the number of bytes read, 0 if none are waiting.
 */
size_t console_guest_read(char *buf, size_t n);

/*
 * Route the serial port's interrupt and start taking input (after the
 * IO-APIC and softirqs are up; hv/arch/x86/serial-irq.c).
 */
void serial_input_init(void);

#endif
