"""Compares two PNG screenshots of the same size (standard library only: zlib).

usage: compare_screenshots.py PAGE.png EMPTY.png
Prints "width height colours differing" : the page's size, its number of distinct colours, and
the share of its pixels that differ from the empty page's.
"""
import struct
import sys
import zlib


def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    offset, chunks, header = 8, [], None
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        offset += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise SystemExit(f"{path}: unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows, previous, position = [], bytearray(stride), 0
    for _ in range(height):
        kind = raw[position]
        line = bytearray(raw[position + 1:position + 1 + stride])
        position += 1 + stride
        for index in range(stride):
            left = line[index - channels] if index >= channels else 0
            up = previous[index]
            corner = previous[index - channels] if index >= channels else 0
            if kind == 1:
                line[index] = (line[index] + left) & 0xFF
            elif kind == 2:
                line[index] = (line[index] + up) & 0xFF
            elif kind == 3:
                line[index] = (line[index] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                a, b, c = abs(guess - left), abs(guess - up), abs(guess - corner)
                line[index] = (line[index] + (left if a <= b and a <= c else up if b <= c else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def main():
    width, height, channels, page = pixels(sys.argv[1])
    other = pixels(sys.argv[2])
    if (width, height) != other[:2]:
        raise SystemExit(f"sizes differ: {width}x{height} and {other[0]}x{other[1]}")
    colours, differing = set(), 0
    for row, empty in zip(page, other[3]):
        for x in range(width):
            pixel = row[x * channels:x * channels + 3]
            colours.add(pixel)
            if pixel != empty[x * other[2]:x * other[2] + 3]:
                differing += 1
    print(width, height, len(colours), f"{differing / (width * height):.4f}")


main()
