#!/usr/bin/env python3
"""Lists the GPU code in a CUDA library's fat binary: which GPU generations (sm_XX) it has machine code (cubin) for,
and whether it carries PTX the driver could compile for newer ones.

  scripts/cuda-archs.py LIBRARY.so

A cubin for sm_XY runs on compute capability X.Z with Z >= Y only; without PTX nothing newer can run (NVIDIA's
CUDA Compatibility guide). Reads the .nv_fatbin ELF section: each fat binary container (magic 0xBA55ED50) holds
entries whose header gives the kind (1 PTX, 2 cubin) and, at byte 28, the SM version.
"""
import collections
import struct
import sys


def section(data, name):
    """Offset and size of an ELF64 little-endian section."""
    shoff, = struct.unpack_from('<Q', data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', data, 0x3A)
    strtab_off, = struct.unpack_from('<Q', data, shoff + shstrndx * shentsize + 0x18)
    for i in range(shnum):
        header = shoff + i * shentsize
        name_off, = struct.unpack_from('<I', data, header)
        end = data.index(b'\0', strtab_off + name_off)
        if data[strtab_off + name_off:end].decode() == name:
            offset, size = struct.unpack_from('<QQ', data, header + 0x18)
            return offset, size
    sys.exit(f'no {name} section: not a CUDA library')


def main(path):
    data = open(path, 'rb').read()
    offset, size = section(data, '.nv_fatbin')
    fatbin = data[offset:offset + size]
    counts, containers, pos = collections.Counter(), 0, 0
    while pos + 16 <= len(fatbin):
        magic, _, header_size, fat_size = struct.unpack_from('<IHHQ', fatbin, pos)
        if magic != 0xBA55ED50:
            pos += 8
            continue
        containers += 1
        entry, end = pos + header_size, pos + header_size + fat_size
        while entry < end:
            kind, _, entry_header, payload = struct.unpack_from('<HHIQ', fatbin, entry)
            sm, = struct.unpack_from('<I', fatbin, entry + 28)
            counts[({1: 'ptx', 2: 'cubin'}.get(kind, f'kind {kind}'), sm)] += 1
            entry += entry_header + payload
        pos = end
    print(f'{path}: {containers} fat binaries')
    for (kind, sm), n in sorted(counts.items()):
        print(f'  {kind:5} sm_{sm}  in {n}')
    print('  PTX: ' + ('yes' if any(k == 'ptx' for k, _ in counts) else 'none (no GPU newer than the newest cubin runs it)'))


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else sys.exit(__doc__))
