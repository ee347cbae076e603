/*
 * binpatch: overwrite bytes of a file at a place found by a string, for
 * tests that feed QEMU a damaged or altered migration stream.
 *
 * Usage: binpatch FILE STRING SKIP HEXBYTES
 *   Finds the first STRING in FILE, skips SKIP bytes after it, prints the
 *   bytes found there (hex) and writes HEXBYTES in their place.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    FILE *f;
    char *data, *hit;
    long size, at;
    size_t n, slen;

    if (argc != 5 || strlen(argv[4]) % 2) {
        fprintf(stderr, "usage: binpatch FILE STRING SKIP HEXBYTES\n");
        return 2;
    }
    f = fopen(argv[1], "r+b");
    if (!f || fseek(f, 0, SEEK_END)) {
        perror(argv[1]);
        return 1;
    }
    size = ftell(f);
    if (size < 0) {
        perror(argv[1]);
        return 1;
    }
    data = malloc(size + 1);
    rewind(f);
    if (!data || fread(data, 1, size, f) != (size_t)size) {
        perror(argv[1]);
        return 1;
    }
    slen = strlen(argv[2]);
    hit = NULL;
    for (long i = 0; i + (long)slen <= size; i++) {
        if (!memcmp(data + i, argv[2], slen)) {
            hit = data + i;
            break;
        }
    }
    n = strlen(argv[4]) / 2;
    at = hit ? hit - data + slen + atol(argv[3]) : -1;
    if (!hit || at + (long)n > size) {
        fprintf(stderr, "binpatch: '%s' not found in %s\n", argv[2], argv[1]);
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned byte;

        printf("%02x", (unsigned char)data[at + i]);
        if (sscanf(argv[4] + 2 * i, "%2x", &byte) != 1) {
            fprintf(stderr, "binpatch: bad hex '%s'\n", argv[4]);
            return 2;
        }
        data[at + i] = byte;
    }
    printf("\n");
    if (fseek(f, at, SEEK_SET) || fwrite(data + at, 1, n, f) != n ||
        fclose(f)) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
