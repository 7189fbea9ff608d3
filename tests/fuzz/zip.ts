/**
 * A small ZIP reader and writer for the fuzz test: take an .xlsx apart into its parts,
 * change, drop or duplicate parts, and write it again — honestly, or with sizes that lie —
 * and deflate bombs (a few KB that inflate to gigabytes) built from repeated blocks.
 */
import zlib from 'node:zlib';

export interface ZipPart {
  name: string;
  /** Uncompressed content (ignored when `raw` is given). */
  data: Buffer;
  /** Already-deflated data (a bomb), written as is with method 8. */
  raw?: { deflated: Buffer; size: number; crc: number };
  /** 0 stored, 8 deflated (default). */
  method?: 0 | 8;
  /** Write this as the uncompressed size instead of the true one (a lying archive). */
  declaredSize?: number;
}

/** The parts of an archive, from its central directory. */
export function readZip(bytes: Uint8Array): ZipPart[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= 0; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const parts: ZipPart[] = [];
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const stored = buf.subarray(start, start + csize);
    parts.push({ name, data: method === 8 ? zlib.inflateRawSync(stored) : Buffer.from(stored), method: method === 8 ? 8 : 0 });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return parts;
}

/** Write parts as a ZIP archive (local headers, data, central directory, end record). */
export function writeZip(parts: readonly ZipPart[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const method = part.raw ? 8 : (part.method ?? 8);
    const body = part.raw ? part.raw.deflated : method === 8 ? zlib.deflateRawSync(part.data) : part.data;
    const size = part.raw ? part.raw.size : part.data.length;
    const crc = part.raw ? part.raw.crc : zlib.crc32(part.data);
    const declared = (part.declaredSize ?? size) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(method, 10);
    dir.writeUInt32LE(0x00210000, 12);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(declared, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    chunks.push(local, name, body);
    central.push(dir, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, cd, end]);
}

/**
 * A deflate stream of `head`, then `mb` MiB of `fill` repeated, then `tail` — a few KB per
 * GiB: one sync-flushed block of 1 MiB of the fill, repeated (each copy refers back only to
 * bytes of the fill), closed by a final block. The CRC is that of the real content.
 */
export function deflateBomb(head: string, fill: string, mb: number, tail: string): { deflated: Buffer; size: number; crc: number } {
  const MiB = 1 << 20;
  const unit = Buffer.from(fill, 'utf8');
  const block = Buffer.alloc(MiB - (MiB % unit.length));
  for (let i = 0; i < block.length; i += unit.length) unit.copy(block, i);
  const headBuf = Buffer.from(head, 'utf8');
  const tailBuf = Buffer.from(tail, 'utf8');
  const flush = (data: Buffer) => zlib.deflateRawSync(data, { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  // A fresh compressor per block: its back-references stay inside what it wrote, which is the fill.
  const headBlock = flush(headBuf);
  const fillBlock = flush(block);
  const tailBlock = zlib.deflateRawSync(tailBuf);
  const copies = mb;
  const deflated = Buffer.concat([headBlock, ...Array<Buffer>(copies).fill(fillBlock), tailBlock]);
  // The CRC of the whole without running over gigabytes: the fill's CRC repeated by combination.
  const one = zlib.crc32(block);
  let fills = 0;
  let fillsLen = 0;
  let power = one;
  let powerLen = block.length;
  for (let n = copies; n > 0; n >>= 1) {
    if (n & 1) {
      fills = crc32Combine(fills, power, powerLen);
      fillsLen += powerLen;
    }
    power = crc32Combine(power, power, powerLen);
    powerLen *= 2;
  }
  let crc = crc32Combine(zlib.crc32(headBuf), fills, fillsLen);
  crc = crc32Combine(crc, zlib.crc32(tailBuf), tailBuf.length);
  return { deflated, size: headBuf.length + block.length * copies + tailBuf.length, crc };
}

// crc32_combine from zlib: the CRC of A‖B from crc(A), crc(B) and the length of B (GF(2) matrices).
function gf2Times(mat: Uint32Array, vec: number): number {
  let sum = 0;
  for (let i = 0; vec !== 0; i++, vec >>>= 1) if (vec & 1) sum ^= mat[i]!;
  return sum >>> 0;
}
function gf2Square(square: Uint32Array, mat: Uint32Array): void {
  for (let n = 0; n < 32; n++) square[n] = gf2Times(mat, mat[n]!);
}
export function crc32Combine(crc1: number, crc2: number, len2: number): number {
  if (len2 <= 0) return crc1 >>> 0;
  const even = new Uint32Array(32);
  const odd = new Uint32Array(32);
  odd[0] = 0xedb88320;
  for (let n = 1, row = 1; n < 32; n++, row <<= 1) odd[n] = row;
  gf2Square(even, odd);
  gf2Square(odd, even);
  let c1 = crc1 >>> 0;
  let len = len2;
  do {
    gf2Square(even, odd);
    if (len % 2) c1 = gf2Times(even, c1);
    len = Math.floor(len / 2);
    if (len === 0) break;
    gf2Square(odd, even);
    if (len % 2) c1 = gf2Times(odd, c1);
    len = Math.floor(len / 2);
  } while (len !== 0);
  return (c1 ^ crc2) >>> 0;
}
