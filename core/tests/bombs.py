"""Real zip bombs built in milliseconds: one deflated block of zeros repeated (tests only)."""

import io
import struct
import zipfile
import zlib

CHUNK = 1024 * 1024


def _deflated_zeros(size: int) -> tuple[bytes, int]:
    """(raw deflate stream of `size` zero bytes, crc32); `size` is a multiple of 1 MB."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = comp.compress(b"\0" * CHUNK) + comp.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    block = b"\0" * CHUNK
    for _ in range(size // CHUNK):
        crc = zlib.crc32(block, crc)
    return piece * (size // CHUNK) + b"\x03\x00", crc  # a final empty fixed-Huffman block


def zip_bomb(main_part: str = "word/document.xml", size: int = 1024**3) -> bytes:
    """An Office-looking zip whose `main_part` inflates to `size` bytes of zeros (about 1 MB per GB)."""
    head = io.BytesIO()
    with zipfile.ZipFile(head, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    # Take the small valid archive apart and append one raw deflated entry by hand.
    data = head.getvalue()
    cd_offset = struct.unpack("<I", data[-6:-2])[0]
    local, central = data[:cd_offset], data[cd_offset:-22]
    stream, crc = _deflated_zeros(size)
    name = main_part.encode()
    offset = len(local)
    local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(stream), size, len(name), 0)
    local += name + stream
    central += struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        20,
        20,
        0,
        8,
        0,
        0,
        crc,
        len(stream),
        size,
        len(name),
        0,
        0,
        0,
        0,
        0,
        offset,
    )
    central += name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 2, 2, len(central), len(local), 0)
    return local + central + end
