/*
 * rsp-break: a minimal gdb remote-protocol client for the test bed (the
 * RISC-V host has no gdb).  It connects to QEMU's gdbstub, sets a software
 * breakpoint, continues, checks that the vCPU stopped there, removes the
 * breakpoint and lets the guest run on.  One "ok"/"not ok" TAP line per
 * step on stdout.
 *
 * Usage: rsp-break PORT ADDRESS
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int sock = -1;
static int tap_n, tap_failed;

static void tap(int ok, const char *fmt, ...)
{
    va_list ap;

    tap_n++;
    tap_failed += !ok;
    printf("%s %d - ", ok ? "ok" : "not ok", tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
}

/* one byte, or -1 after timeout_ms without one (or on end of stream) */
static int get_byte(int timeout_ms)
{
    struct pollfd p = { .fd = sock, .events = POLLIN };
    unsigned char c;

    if (poll(&p, 1, timeout_ms) <= 0 || read(sock, &c, 1) != 1) {
        return -1;
    }
    return c;
}

static int send_packet(const char *data)
{
    char buf[512];
    unsigned sum = 0;
    int len;

    for (const char *p = data; *p; p++) {
        sum += (unsigned char)*p;
    }
    len = snprintf(buf, sizeof(buf), "$%s#%02x", data, sum & 0xff);
    if (write(sock, buf, len) != len) {
        return -1;
    }
    /* the stub acknowledges with '+' */
    for (;;) {
        int c = get_byte(5000);

        if (c == '+') {
            return 0;
        }
        if (c < 0 || c == '-') {
            return -1;
        }
    }
}

/* the next packet's data (acknowledged), or NULL after timeout_ms */
static char *get_packet(char *buf, size_t size, int timeout_ms)
{
    size_t n = 0;
    int c;

    do {
        c = get_byte(timeout_ms);
        if (c < 0) {
            return NULL;
        }
    } while (c != '$');
    while ((c = get_byte(5000)) >= 0 && c != '#') {
        if (n + 1 < size) {
            buf[n++] = c;
        }
    }
    buf[n] = 0;
    if (c < 0 || get_byte(5000) < 0 || get_byte(5000) < 0) {
        return NULL;                    /* the two checksum digits */
    }
    if (write(sock, "+", 1) != 1) {
        return NULL;
    }
    return buf;
}

static char *command(const char *cmd, char *buf, size_t size, int timeout_ms)
{
    if (send_packet(cmd) < 0) {
        return NULL;
    }
    return get_packet(buf, size, timeout_ms);
}

/* the vCPU's pc: register 32, target byte order (little endian) */
static char pc_reply[64];

static int read_pc(unsigned long long *pc)
{
    char *buf = pc_reply;
    unsigned long long v = 0;

    if (!command("p20", buf, sizeof(pc_reply), 5000) || strlen(buf) != 16) {
        return -1;
    }
    for (int i = 7; i >= 0; i--) {
        unsigned byte;

        if (sscanf(buf + 2 * i, "%2x", &byte) != 1) {
            return -1;
        }
        v = v << 8 | byte;
    }
    *pc = v;
    return 0;
}

int main(int argc, char **argv)
{
    struct sockaddr_in sa = { .sin_family = AF_INET };
    char buf[512], cmd[64];
    unsigned long long addr, pc = 0;
    char *r;
    int i;

    if (argc != 3) {
        fprintf(stderr, "usage: rsp-break PORT ADDRESS\n");
        return 2;
    }
    sa.sin_port = htons(atoi(argv[1]));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    /* a test-bed tool, built without QEMU's util library */
    if (sscanf(argv[2], "%llx", &addr) != 1) {
        fprintf(stderr, "rsp-break: bad address '%s'\n", argv[2]);
        return 2;
    }
    for (i = 0; i < 50; i++) {
        sock = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(sock, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
            break;
        }
        close(sock);
        sock = -1;
        usleep(200000);
    }
    tap(sock >= 0, "connected to the gdbstub on port %s", argv[1]);
    if (sock < 0) {
        return 1;
    }
    r = command("?", buf, sizeof(buf), 5000);
    tap(r && (r[0] == 'T' || r[0] == 'S'), "the VM is stopped at start "
        "(%s)", r ? r : "no answer");
    snprintf(cmd, sizeof(cmd), "Z0,%llx,4", addr);
    r = command(cmd, buf, sizeof(buf), 5000);
    tap(r && !strcmp(r, "OK"), "software breakpoint set at 0x%llx (%s)",
        addr, r ? r : "no answer");
    r = command("c", buf, sizeof(buf), 30000);
    tap(r && (r[0] == 'T' || r[0] == 'S') && !strncmp(r + 1, "05", 2),
        "the vCPU stopped with SIGTRAP (%s)", r ? r : "no stop");
    i = read_pc(&pc);
    tap(i == 0 && pc == addr, "it stopped at the breakpoint (pc 0x%llx, "
        "register 32 reads \"%s\")", pc, pc_reply);
    snprintf(cmd, sizeof(cmd), "z0,%llx,4", addr);
    r = command(cmd, buf, sizeof(buf), 5000);
    tap(r && !strcmp(r, "OK"), "breakpoint removed (%s)", r ? r : "no answer");
    /* the guest runs to its end; QEMU reports the exit, or just goes */
    send_packet("c");
    r = get_packet(buf, sizeof(buf), 30000);
    tap(!r || r[0] == 'W' || r[0] == 'X', "the guest ran on to its end "
        "(%s)", r ? r : "connection closed");
    close(sock);
    return tap_failed ? 1 : 0;
}
