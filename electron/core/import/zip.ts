/**
 * Just enough of the ZIP format for .xlsx files: the central directory (what
 * the archive holds and where, read from the end of the file — a truncated
 * file has none), reading one small entry, and the byte span of each entry so
 * that entries can be handed to a streaming reader in a chosen order.
 */
import zlib from 'node:zlib';
import { inNativeSection } from './nativeSection.ts';

export interface ZipEntry {
  name: string;
  /** Offset of the local file header. */
  offset: number;
  compressedSize: number;
  /** Uncompressed size as the central directory states it (a damaged or hostile file may lie). */
  size: number;
  method: number;
  /** Offset just past the entry (its data and data descriptor): the next local header or the central directory. */
  end: number;
}

export type ZipListing =
  | { ok: true; entries: ZipEntry[]; names: string[]; /** Where the central directory starts. */ directoryOffset: number }
  | { ok: false; problem: 'truncated' | 'damaged' };

export function listZip(bytes: Uint8Array): ZipListing {
  try {
    return readDirectory(bytes);
  } catch {
    // A field pointing past the end of the file (a damaged directory).
    return { ok: false, problem: 'damaged' };
  }
}

function readDirectory(bytes: Uint8Array): ZipListing {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.length;
  let eocd = -1;
  for (let i = len - 22; i >= Math.max(0, len - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, problem: 'truncated' };
  let count = view.getUint16(eocd + 10, true);
  let size = view.getUint32(eocd + 12, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    // ZIP64: the locator sits just before the end record.
    const loc = eocd - 20;
    if (loc < 0 || view.getUint32(loc, true) !== 0x07064b50) return { ok: false, problem: 'damaged' };
    const rec = Number(view.getBigUint64(loc + 8, true));
    if (rec + 56 > len || view.getUint32(rec, true) !== 0x06064b50) return { ok: false, problem: 'damaged' };
    count = Number(view.getBigUint64(rec + 32, true));
    size = Number(view.getBigUint64(rec + 40, true));
    offset = Number(view.getBigUint64(rec + 48, true));
  }
  if (offset + size > len) return { ok: false, problem: 'truncated' };
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder('utf-8');
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > len || view.getUint32(p, true) !== 0x02014b50) return { ok: false, problem: 'damaged' };
    const method = view.getUint16(p + 10, true);
    let compressedSize = view.getUint32(p + 20, true);
    let usize = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    let local = view.getUint32(p + 42, true);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    if (compressedSize === 0xffffffff || usize === 0xffffffff || local === 0xffffffff) {
      // ZIP64 extra field: the 64-bit values in the order of the 32-bit fields that overflowed.
      let e = p + 46 + nameLen;
      const stop = e + extraLen;
      while (e + 4 <= stop) {
        const id = view.getUint16(e, true);
        const sz = view.getUint16(e + 2, true);
        if (id === 0x0001) {
          let q = e + 4;
          if (usize === 0xffffffff) {
            usize = Number(view.getBigUint64(q, true));
            q += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(view.getBigUint64(q, true));
            q += 8;
          }
          if (local === 0xffffffff) local = Number(view.getBigUint64(q, true));
        }
        e += 4 + sz;
      }
    }
    if (local + 30 > offset || compressedSize > offset - local || view.getUint32(local, true) !== 0x04034b50) return { ok: false, problem: 'damaged' };
    entries.push({ name, offset: local, compressedSize, size: usize, method, end: 0 });
    p += 46 + nameLen + extraLen + commentLen;
  }
  const byOffset = [...entries].sort((a, b) => a.offset - b.offset);
  byOffset.forEach((e, i) => (e.end = i + 1 < byOffset.length ? byOffset[i + 1]!.offset : offset));
  return { ok: true, entries, names: entries.map((e) => e.name), directoryOffset: offset };
}

/** The compressed bytes of one entry (a view, not a copy). */
function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true);
  return bytes.subarray(start, start + entry.compressedSize);
}

/** A part that inflates to more than its directory entry states: a zip bomb, or a damaged or lying directory. */
export class ZipPartTooLarge extends Error {
  readonly part: string;
  constructor(part: string) {
    super(`${part} 解压后比记录的大`);
    this.part = part;
    this.name = 'ZipPartTooLarge';
  }
}

/**
 * The uncompressed bytes of one entry (for small parts such as workbook.xml). Inflates at most
 * `maxBytes` (default: the size the directory states), so that a part that inflates to more
 * — a zip bomb, or a lying directory — throws instead of filling memory.
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes = entry.size): Buffer {
  const data = entryData(bytes, entry);
  if (entry.method === 0) return Buffer.from(data);
  if (entry.method === 8) {
    let out: Buffer;
    try {
      // maxOutputLength must be ≥ 1; an empty part inflates to nothing anyway.
      out = inNativeSection(() => zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) }));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new ZipPartTooLarge(entry.name);
      throw err;
    }
    if (out.length > entry.size) throw new ZipPartTooLarge(entry.name);
    return out;
  }
  throw new Error(`不支持的压缩方式 ${entry.method}`);
}

/**
 * The uncompressed bytes of one entry in chunks, inflated as they are read (for worksheets
 * and shared strings, which can be tens of megabytes once inflated). Damaged data throws;
 * so does inflating past the size the directory states (ZipPartTooLarge), before the excess
 * is handed on.
 */
export async function* zipEntryChunks(bytes: Uint8Array, entry: ZipEntry, size = 16 * 1024): AsyncGenerator<Uint8Array> {
  const data = entryData(bytes, entry);
  if (entry.method === 0) {
    for (let i = 0; i < data.length; i += size) yield data.subarray(i, Math.min(data.length, i + size));
    return;
  }
  if (entry.method !== 8) throw new Error(`不支持的压缩方式 ${entry.method}`);
  const inflate = inNativeSection(() => zlib.createInflateRaw({ chunkSize: size }));
  inflate.end(data);
  let seen = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      seen += chunk.length;
      if (seen > entry.size) throw new ZipPartTooLarge(entry.name);
      yield chunk;
    }
  } finally {
    inflate.destroy();
  }
}

/**
 * Whether every deflated entry inflates to no more than the size its directory states
 * (checked with a bounded inflate, discarding the output). Null when it does; otherwise the
 * entry that lies or cannot be inflated.
 */
export function inflatedSizeProblem(bytes: Uint8Array, entries: readonly ZipEntry[]): { entry: ZipEntry; problem: 'larger' | 'damaged' } | null {
  for (const e of entries) {
    if (e.method !== 8) continue;
    try {
      readZipEntry(bytes, e);
    } catch (err) {
      return { entry: e, problem: err instanceof ZipPartTooLarge ? 'larger' : 'damaged' };
    }
  }
  return null;
}

/**
 * Check that an entry's local header agrees with the central directory, so that a
 * streaming reader will not wait for bytes that are not there. Null when sound.
 */
export function localHeaderProblem(bytes: Uint8Array, entry: ZipEntry): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const o = entry.offset;
  if (o + 30 > bytes.length || view.getUint32(o, true) !== 0x04034b50) return 'local header missing';
  const flags = view.getUint16(o + 6, true);
  const method = view.getUint16(o + 8, true);
  const localSize = view.getUint32(o + 18, true);
  const nameLen = view.getUint16(o + 26, true);
  const extraLen = view.getUint16(o + 28, true);
  const name = new TextDecoder('utf-8').decode(bytes.subarray(o + 30, o + 30 + nameLen));
  if (name !== entry.name) return 'name differs';
  if (method !== entry.method) return 'method differs';
  const dataEnd = o + 30 + nameLen + extraLen + entry.compressedSize;
  if (dataEnd > entry.end) return 'data overruns the next entry';
  if (flags & 0x08) {
    // Sizes follow the data; streaming readers look for the descriptor's signature.
    if (localSize !== 0 && localSize !== 0xffffffff && localSize !== entry.compressedSize) return 'size differs';
    if (dataEnd + 4 > bytes.length || view.getUint32(dataEnd, true) !== 0x08074b50) return 'data descriptor missing';
  } else if (localSize !== entry.compressedSize && localSize !== 0xffffffff) {
    return 'size differs';
  }
  return null;
}
