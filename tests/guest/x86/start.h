/*
 * Symbols of start.S that guest.c uses
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef START_H
#define START_H

#include <stdint.h>

extern uint64_t gdt[];
extern uint32_t mb_info;                    /* multiboot info, physical */
extern const uint64_t trap_stubs[22];       /* entry of vectors 0-21 */
extern char trap_stack_top[];               /* TSS RSP0 */

/* the probes, and where each resumes after its access faults */
extern char probe_load_insn[], probe_load_done[];
extern char probe_store_insn[], probe_store_done[];
uint64_t probe_load(uint64_t addr);
uint64_t probe_store(uint64_t addr);
uint64_t probe_fetch(uint64_t addr);

uint64_t run_user(uint64_t (*fn)(uint64_t), uint64_t arg);

#endif
