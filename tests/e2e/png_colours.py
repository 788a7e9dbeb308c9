#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Prints WIDTH HEIGHT DISTINCT_COLOURS of an 8-bit RGB or RGBA PNG (what Chromium's
--screenshot writes), decoded by hand with zlib: the browser test's proof that a screenshot
is not blank, without an image library."""
import struct
import sys
import zlib


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def main(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(path + ": not a PNG")
    at, idat, width, height, channels = 8, b"", 0, 0, 0
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        at += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour not in (2, 6) or body[12] != 0:
                sys.exit(path + ": only 8-bit RGB(A) without interlace is read here")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    colours = set()
    for y in range(height):
        row_at = y * (stride + 1)
        kind = raw[row_at]
        row = bytearray(raw[row_at + 1:row_at + 1 + stride])
        for i in range(stride):
            left = row[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                row[i] = (row[i] + left) & 0xFF
            elif kind == 2:
                row[i] = (row[i] + up) & 0xFF
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                row[i] = (row[i] + paeth(left, up, corner)) & 0xFF
        for x in range(0, stride, channels * 4):  # every fourth pixel is plenty
            colours.add(bytes(row[x:x + channels]))
        previous = row
    print(width, height, len(colours))


if __name__ == "__main__":
    main(sys.argv[1])
