/**
 * How the fuzz test damages a valid file. Each mutator draws small parameters with
 * fast-check (so a case is its seed, its mutator and a few numbers) and builds the bytes
 * only when the case runs. Bytes flipped, truncated, overwritten, repeated; zip entries
 * removed or duplicated; XML garbled, truncated, nested 100,000 deep, with entity
 * expansion; huge cells; sheets declaring or holding 1,048,576 rows; zip bombs (honest
 * and lying sizes); wrong content types; wrong extensions; CSV in broken encodings and
 * quoting; .xls with broken sector chains and record lengths.
 */
import * as XLSX from '@e965/xlsx';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import type { Seed, SeedFormat } from './corpus.ts';
import { deflateBomb, readZip, writeZip, type ZipPart } from './zip.ts';

export interface Mutation {
  bytes: Buffer;
  /** The file's extension (default: the seed's). */
  ext?: string;
  /** What was done, for the failure report. */
  what: string;
}

export interface Mutator {
  name: string;
  /** Relative frequency among the mutators that apply to a seed. */
  weight: number;
  applies: (format: SeedFormat) => boolean;
  params: (seed: Seed) => fc.Arbitrary<unknown>;
  apply: (seed: Seed, params: never) => Mutation;
  /** Parameters run on every seed in every run (the nastiest variants), besides the random draws. */
  cover?: (seed: Seed) => unknown[];
  /** Big files: the test runs such cases one at a time. */
  heavy?: boolean;
}

const ZIPS: SeedFormat[] = ['xlsx', 'filing'];
const TEXTS: SeedFormat[] = ['csv-utf8', 'csv-gbk', 'xml2003', 'html'];
const isZip = (f: SeedFormat) => ZIPS.includes(f);
const any = () => true;

function mutator<P>(m: {
  name: string;
  weight: number;
  applies: (f: SeedFormat) => boolean;
  params: (seed: Seed) => fc.Arbitrary<P>;
  apply: (seed: Seed, p: P) => Mutation;
  cover?: (seed: Seed) => P[];
  heavy?: boolean;
}): Mutator {
  return m as unknown as Mutator;
}

/** A position in [0, n) from a fraction. */
const at = (frac: number, n: number) => Math.min(n - 1, Math.max(0, Math.floor(frac * n)));
const frac = () => fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

function partsOf(seed: Seed): ZipPart[] {
  return readZip(seed.bytes);
}

function xmlPartNames(seed: Seed): string[] {
  return partsOf(seed).filter((p) => /\.(xml|rels)$/.test(p.name)).map((p) => p.name);
}

function replacePart(seed: Seed, name: string, change: (text: string) => string | Buffer): Buffer {
  return writeZip(partsOf(seed).map((p) => {
    if (p.name !== name) return p;
    const out = change(p.data.toString('utf8'));
    return { ...p, data: typeof out === 'string' ? Buffer.from(out, 'utf8') : out };
  }));
}

function sheetPart(seed: Seed): string {
  return seed.format === 'filing' ? 'xl/worksheets/sheet2.xml' : 'xl/worksheets/sheet1.xml';
}

/** Text of a text seed as a string (GBK seeds decoded), and back. */
function textOf(seed: Seed): string {
  return seed.format === 'csv-gbk' || seed.format === 'html' ? iconv.decode(seed.bytes, 'gbk') : seed.bytes.toString('utf8');
}
function bytesOf(seed: Seed, text: string): Buffer {
  return seed.format === 'csv-gbk' || seed.format === 'html' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
}

const BIG_TEXT = '华宁县总工会困难职工帮扶救助慰问金王芳李强张伟陆良双柏大姚昌宁盘溪镇水泥厂供电局一车间因病住院特困重困一般';

/** Expensive mutations that depend only on their inputs are built once per run. */
const memo = new Map<string, unknown>();
function once<T>(key: string, build: () => T): T {
  if (!memo.has(key)) memo.set(key, build());
  return memo.get(key) as T;
}

/** About `kb` KB of text (UTF-8) drawn pseudo-randomly, so that it does not compress like a bomb. */
function bigString(kb: number, ascii: boolean): string {
  return once(`big:${kb}:${ascii}`, () => {
    const alphabet = ascii ? 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789' : BIG_TEXT;
    const n = Math.ceil((kb * 1024) / (ascii ? 1 : 3));
    const out = new Array<string>(n);
    let x = 12345 + kb;
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      out[i] = alphabet[x % alphabet.length]!;
    }
    return out.join('');
  });
}

/** Insert `insert` just after the n-th '>' of `xml` (n as a fraction of all of them). */
function afterTagFrom(xml: string, from: number, f: number, insert: string): string {
  const ends: number[] = [];
  for (let i = xml.indexOf('>', from); i >= 0; i = xml.indexOf('>', i + 1)) ends.push(i);
  if (ends.length <= 1) return xml.slice(0, from) + insert + xml.slice(from);
  // Not after the last '>' (the root's end tag): the insert stays inside the document's root.
  const i = ends[at(f, ends.length - 1)]! + 1;
  return xml.slice(0, i) + insert + xml.slice(i);
}

/** Insert inside the root element: after its start tag, at a tag boundary chosen by `f`. */
function insideRoot(xml: string, f: number, insert: string): string {
  const root = /<[A-Za-z_][^>]*>/.exec(xml.replace(/<\?[^>]*\?>/g, (m) => ' '.repeat(m.length)).replace(/<!--[\s\S]*?-->/g, (m) => ' '.repeat(m.length)));
  return afterTagFrom(xml, root ? root.index : 0, f, insert);
}

/** Insert `insert` just after the n-th '>' of `xml` (n as a fraction of all of them). */
function afterTag(xml: string, f: number, insert: string): string {
  const ends: number[] = [];
  for (let i = xml.indexOf('>'); i >= 0; i = xml.indexOf('>', i + 1)) ends.push(i);
  if (ends.length === 0) return insert + xml;
  const i = ends[at(f, ends.length)]! + 1;
  return xml.slice(0, i) + insert + xml.slice(i);
}

const BASIC_MUTATORS: Mutator[] = [
  mutator({
    name: 'flip',
    weight: 10,
    applies: any,
    params: () => fc.array(fc.record({ pos: frac(), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 24 }),
    apply(seed, flips) {
      const b = Buffer.from(seed.bytes);
      for (const f of flips) b[at(f.pos, b.length)] ^= f.xor;
      return { bytes: b, what: `${flips.length} 个字节取反` };
    },
  }),
  mutator({
    name: 'truncate',
    weight: 6,
    applies: any,
    params: () => frac(),
    apply(seed, f) {
      const n = Math.floor(f * seed.bytes.length);
      return { bytes: Buffer.from(seed.bytes.subarray(0, n)), what: `截断到 ${n}/${seed.bytes.length} 字节` };
    },
  }),
  mutator({
    name: 'overwrite',
    weight: 5,
    applies: any,
    params: () => fc.record({ pos: frac(), len: fc.integer({ min: 1, max: 4096 }), fill: fc.oneof(fc.constant(0), fc.constant(0xff), fc.constant(-1)), noise: fc.integer({ min: 0, max: 2 ** 31 - 1 }) }),
    apply(seed, p) {
      const b = Buffer.from(seed.bytes);
      const start = at(p.pos, b.length);
      let x = p.noise || 1;
      for (let i = start; i < Math.min(b.length, start + p.len); i++) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        b[i] = p.fill >= 0 ? p.fill : x & 0xff;
      }
      return { bytes: b, what: `覆盖 ${p.len} 字节于 ${start}（${p.fill >= 0 ? `0x${p.fill.toString(16)}` : '随机'}）` };
    },
  }),
  mutator({
    name: 'repeat-range',
    weight: 4,
    applies: any,
    params: () => fc.record({ from: frac(), len: fc.integer({ min: 1, max: 8192 }), to: frac(), times: fc.integer({ min: 1, max: 20 }) }),
    apply(seed, p) {
      const b = seed.bytes;
      const from = at(p.from, b.length);
      const chunk = b.subarray(from, Math.min(b.length, from + p.len));
      const to = at(p.to, b.length);
      return { bytes: Buffer.concat([b.subarray(0, to), ...Array<Buffer>(p.times).fill(chunk), b.subarray(to)]), what: `${chunk.length} 字节重复 ${p.times} 次插入于 ${to}` };
    },
  }),
  mutator({
    name: 'wrong-extension',
    weight: 2,
    applies: any,
    params: () => fc.constantFrom('.xlsx', '.xls', '.csv', '.txt', '.et', '.xlsm', ''),
    apply(seed, ext) {
      return { bytes: seed.bytes, ext, what: `扩展名改为“${ext}”` };
    },
  }),

  // ----- ZIP packages (.xlsx, filing packages)
  mutator({
    name: 'zip-drop-part',
    weight: 5,
    applies: isZip,
    params: (seed) => fc.constantFrom(...partsOf(seed).map((p) => p.name)),
    apply(seed, name) {
      return { bytes: writeZip(partsOf(seed).filter((p) => p.name !== name)), what: `删除压缩包条目 ${name}` };
    },
  }),
  mutator({
    name: 'zip-duplicate-part',
    weight: 3,
    applies: isZip,
    params: (seed) => fc.record({ name: fc.constantFrom(...partsOf(seed).map((p) => p.name)), garble: fc.boolean(), first: fc.boolean() }),
    apply(seed, p) {
      const parts = partsOf(seed);
      const original = parts.find((x) => x.name === p.name)!;
      const copy = { ...original, data: p.garble ? Buffer.from(original.data.toString('utf8').replace(/<\/\w+>/, '')) : original.data };
      const out = p.first ? [copy, ...parts] : [...parts, copy];
      return { bytes: writeZip(out), what: `条目 ${p.name} 出现两次${p.garble ? '（第二份已损坏）' : ''}` };
    },
  }),
  mutator({
    name: 'zip-stored',
    weight: 1,
    applies: isZip,
    params: () => fc.constant(null),
    apply(seed) {
      return { bytes: writeZip(partsOf(seed).map((p) => ({ ...p, method: 0 as const }))), what: '所有条目不压缩存储' };
    },
  }),
  mutator({
    name: 'xml-garble',
    weight: 8,
    applies: isZip,
    params: (seed) => fc.record({
      name: fc.constantFrom(...xmlPartNames(seed)),
      op: fc.constantFrom('drop-close', 'dup-element', 'cut', 'junk', 'rename-tag', 'unquote', 'bad-entity', 'bad-utf8'),
      f: frac(),
    }),
    apply(seed, p) {
      return {
        bytes: replacePart(seed, p.name, (xml) => {
          switch (p.op) {
            case 'drop-close': {
              const closes = [...xml.matchAll(/<\/[\w:]+>/g)];
              if (closes.length === 0) return xml.slice(1);
              const m = closes[at(p.f, closes.length)]!;
              return xml.slice(0, m.index) + xml.slice(m.index + m[0].length);
            }
            case 'dup-element': {
              const els = [...xml.matchAll(/<(\w+)\b[^>]*>[^<]*<\/\1>/g)];
              if (els.length === 0) return xml + xml;
              const m = els[at(p.f, els.length)]!;
              return xml.slice(0, m.index) + m[0].repeat(50) + xml.slice(m.index);
            }
            case 'cut':
              return xml.slice(0, at(p.f, xml.length));
            case 'junk':
              return afterTag(xml, p.f, '<<>&\u0000\u0001</>]]>');
            case 'rename-tag':
              return xml.replace(/<(\/?)(row|c|v|si|t|sheet|Relationship|Override|sheetData|worksheet)\b/g, (all, slash: string, tag: string) => (tag.length % 2 === Math.floor(p.f * 2) ? `<${slash}${tag}x` : all));
            case 'unquote':
              return xml.replace(/="([^"]*)"/, '=$1');
            case 'bad-entity':
              return afterTag(xml, p.f, '&undefined;&#xFFFFFFFF;&#0;&amp');
            case 'bad-utf8':
              return Buffer.concat([Buffer.from(xml.slice(0, at(p.f, xml.length)), 'utf8'), Buffer.from([0xc3, 0x28, 0xed, 0xa0, 0x80, 0xff]), Buffer.from(xml.slice(at(p.f, xml.length)), 'utf8')]);
          }
          return xml;
        }),
        what: `${p.name}：${p.op}`,
      };
    },
  }),
  mutator({
    name: 'xml-deep-nesting',
    weight: 1,
    applies: isZip,
    params: (seed) => fc.record({ name: fc.constantFrom(...xmlPartNames(seed)), depth: fc.integer({ min: 1000, max: 100_000 }), f: frac(), tag: fc.constantFrom('a', 'row', 'c', 'si', 'r') }),
    apply(seed, p) {
      return {
        bytes: replacePart(seed, p.name, (xml) => insideRoot(xml, p.f, `<${p.tag}>`.repeat(p.depth) + `</${p.tag}>`.repeat(p.depth))),
        what: `${p.name}：嵌套 ${p.depth} 层 <${p.tag}>`,
      };
    },
  }),
  mutator({
    name: 'xml-entity-expansion',
    weight: 1,
    applies: isZip,
    params: (seed) => fc.constantFrom(...xmlPartNames(seed)),
    apply(seed, name) {
      const dtd = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>';
      return {
        bytes: replacePart(seed, name, (xml) => {
          const decl = /^<\?xml[^>]*\?>\s*/.exec(xml)?.[0] ?? '';
          return decl + dtd + insideRoot(xml.slice(decl.length), 0.5, '&h;');
        }),
        what: `${name}：实体展开（十亿笑）`,
      };
    },
  }),
  mutator({
    name: 'content-types',
    weight: 3,
    applies: isZip,
    params: () => fc.constantFrom('remove', 'garbage', 'xlsb', 'macro', 'png', 'rename-workbook', 'missing-sheet-target', 'sheet-points-to-styles'),
    apply(seed, op) {
      const parts = partsOf(seed);
      const ct = (change: (xml: string) => string) => writeZip(parts.map((p) => (p.name === '[Content_Types].xml' ? { ...p, data: Buffer.from(change(p.data.toString('utf8'))) } : p)));
      let bytes: Buffer;
      switch (op) {
        case 'remove':
          bytes = writeZip(parts.filter((p) => p.name !== '[Content_Types].xml'));
          break;
        case 'garbage':
          bytes = ct(() => '\u0000\u0001not xml at all');
          break;
        case 'xlsb':
          bytes = ct((x) => x.replace(/application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet\.main\+xml/, 'application/vnd.ms-excel.sheet.binary.macroEnabled.main'));
          break;
        case 'macro':
          bytes = ct((x) => x.replace(/spreadsheetml\.sheet\.main\+xml/, 'spreadsheetml.template.main+xml').replace(/spreadsheetml\.worksheet\+xml/g, 'vnd.ms-excel.sheet.macroEnabled.main+xml'));
          break;
        case 'png':
          bytes = ct((x) => x.replace(/application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.worksheet\+xml/g, 'image/png'));
          break;
        case 'rename-workbook':
          bytes = writeZip(parts.map((p) => (p.name === 'xl/workbook.xml' ? { ...p, name: 'xl/workbook2.xml' } : p)));
          break;
        case 'missing-sheet-target':
          bytes = writeZip(parts.map((p) => (p.name === 'xl/_rels/workbook.xml.rels' ? { ...p, data: Buffer.from(p.data.toString('utf8').replace(/worksheets\/sheet1\.xml/, 'worksheets/sheet99.xml')) } : p)));
          break;
        default:
          bytes = writeZip(parts.map((p) => (p.name === 'xl/_rels/workbook.xml.rels' ? { ...p, data: Buffer.from(p.data.toString('utf8').replace(/worksheets\/sheet1\.xml/, 'styles.xml')) } : p)));
      }
      return { bytes, what: `内容类型/关系：${op}` };
    },
  }),
  mutator({
    name: 'huge-cell',
    weight: 1,
    heavy: true,
    applies: (f) => isZip(f) || TEXTS.includes(f) || f === 'xls',
    // 64 KB to 2 MB, smaller ones more often; 4 MB on every seed.
    params: () => fc.record({ size: fc.integer({ min: 0, max: 5 }), ascii: fc.boolean(), f: frac() }),
    cover: () => [{ size: 6, ascii: false, f: 0.3 }],
    apply(seed, p) {
      const kb = 64 * 2 ** p.size;
      const big = bigString(kb, p.ascii);
      const what = `${kb >= 1024 ? `${kb / 1024} MB` : `${kb} KB`} 的单元格`;
      if (isZip(seed.format)) {
        const parts = partsOf(seed);
        if (parts.some((x) => x.name === 'xl/sharedStrings.xml') && p.f < 0.5) {
          return { bytes: replacePart(seed, 'xl/sharedStrings.xml', (xml) => xml.replace(/<t([^>]*)>[^<]*<\/t>/, `<t$1>${big}</t>`)), what: `${what}（共享字符串）` };
        }
        return {
          bytes: replacePart(seed, sheetPart(seed), (xml) => xml.replace(/<c r="B(\d+)"[^>]*?(\/>|>.*?<\/c>)/, `<c r="B$1" t="inlineStr"><is><t>${big}</t></is></c>`)),
          what: `${what}（内联字符串）`,
        };
      }
      if (seed.format === 'xls') {
        // A BIFF8 file whose one cell holds the whole string (SheetJS writes it with CONTINUE records).
        return { bytes: once(`xls:${kb}:${p.ascii}`, () => hugeCellXls(big.slice(0, 4 * 1024 * 1024))), what: `${what}（.xls，最多 4M 字符）` };
      }
      const text = textOf(seed);
      const lines = text.split('\n');
      const i = 1 + at(p.f, lines.length - 1);
      lines[i] = seed.format.startsWith('csv') ? `${big},${lines[i]}` : afterTag(lines[i]!, 0.5, big);
      return { bytes: bytesOf(seed, lines.join('\n')), what };
    },
  }),
  mutator({
    name: 'million-rows',
    weight: 1,
    heavy: true,
    applies: (f) => f !== 'xls',
    // Every row present is the slow one: covered once per reader, not drawn.
    params: () => fc.oneof(
      { weight: 3, arbitrary: fc.constant('declared' as const) },
      { weight: 1, arbitrary: fc.constant('last-row' as const) },
    ),
    cover: (seed) => (['xlsx-roster', 'filing', 'csv-gbk', 'xls-html', 'xls-xml2003'].includes(seed.id) ? ['all-rows' as const, 'last-row' as const] : ['last-row' as const]),
    apply: millionRows,
  }),
  mutator({
    name: 'many-merges',
    weight: 1,
    heavy: true,
    applies: (f) => f === 'xlsx',
    params: () => fc.record({ n: fc.integer({ min: 1, max: 20_000 }), tall: fc.boolean() }),
    apply(seed, p) {
      const sheet = sheetPart(seed);
      const refs: string[] = [];
      for (let i = 0; i < p.n; i++) refs.push(p.tall ? `${columnName(i % 16384)}1:${columnName(i % 16384)}1048576` : `A${i + 1}:XFD${i + 1}`);
      return {
        bytes: replacePart(seed, sheet, (xml) => {
          const merges = `<mergeCells count="${p.n}">${refs.map((r) => `<mergeCell ref="${r}"/>`).join('')}</mergeCells>`;
          const cleaned = xml.replace(/<mergeCells[\s\S]*?<\/mergeCells>/, '');
          return cleaned.replace('</sheetData>', `</sheetData>${merges}`);
        }),
        what: `${p.n} 个${p.tall ? '整列' : '整行'}合并单元格`,
      };
    },
  }),
];

function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function millionRows(seed: Seed, mode: 'declared' | 'last-row' | 'all-rows'): Mutation {
  const N = 1_048_576;
  if (isZip(seed.format)) {
    const sheet = sheetPart(seed);
    return {
      bytes: replacePart(seed, sheet, (xml) => {
        let out = xml.replace(/<dimension ref="[^"]*"\/>/, `<dimension ref="A1:XFD${N}"/>`);
        if (!out.includes('<dimension')) out = out.replace(/<sheetData/, `<dimension ref="A1:XFD${N}"/><sheetData`);
        if (mode === 'last-row') out = out.replace('</sheetData>', `<row r="${N}"><c r="XFD${N}" t="inlineStr"><is><t>合计</t></is></c></row></sheetData>`);
        if (mode === 'all-rows') {
          // Every row of the sheet present (rows given a height down to the end): small compressed, 1,048,576 rows to read.
          // Built as bytes, 65,536 rows at a time (one string of all of them would be the test's own memory peak).
          const last = Math.max(0, ...[...out.matchAll(/<row r="(\d+)"/g)].map((m) => Number(m[1])));
          const end = out.indexOf('</sheetData>');
          const chunks = [Buffer.from(out.slice(0, end), 'utf8')];
          for (let from = last + 1; from <= N; from += 65_536) {
            let block = '';
            for (let r = from; r < Math.min(N + 1, from + 65_536); r++) block += `<row r="${r}" ht="20" customHeight="1"/>`;
            chunks.push(Buffer.from(block, 'latin1'));
          }
          chunks.push(Buffer.from(out.slice(end), 'utf8'));
          return Buffer.concat(chunks);
        }
        return out;
      }),
      what: `工作表声明 ${N} 行（${mode}）`,
    };
  }
  const text = textOf(seed);
  if (seed.format.startsWith('csv')) {
    const line = mode === 'all-rows' ? '王芳,500\r\n' : ',,,,,,,,\r\n';
    const extra = mode === 'declared' ? 1000 : N - text.split('\n').length;
    return { bytes: bytesOf(seed, text + line.repeat(Math.max(0, extra)) + (mode === 'last-row' ? '合计,,,,,,2000\r\n' : '')), what: `CSV 共 ${N} 行（${mode}）` };
  }
  if (seed.format === 'xml2003') {
    return {
      bytes: bytesOf(seed, text.replace(/ss:ExpandedRowCount="\d+"/, `ss:ExpandedRowCount="${N}"`).replace('</Table>', mode === 'declared' ? '</Table>' : `<Row ss:Index="${N}"><Cell><Data ss:Type="String">合计</Data></Cell></Row></Table>`)),
      what: `XML 2003 声明 ${N} 行（${mode}）`,
    };
  }
  const rows = mode === 'all-rows' ? '<tr><td></td></tr>'.repeat(N) : '<tr><td>合计</td></tr>';
  return { bytes: bytesOf(seed, text.replace('</table>', `${rows}</table>`)), what: `HTML 表格多出 ${mode === 'all-rows' ? N : 1} 行` };
}

const MORE_MUTATORS: Mutator[] = [
  mutator({
    name: 'zip-bomb',
    weight: 1,
    heavy: true,
    applies: isZip,
    cover: (seed) => [
      { name: sheetPart(seed), gb: 3, lie: false, fill: ' ' },
      { name: sheetPart(seed), gb: 2, lie: true, fill: '<x/>' },
      { name: 'xl/sharedStrings.xml', gb: 1, lie: true, fill: 'A' },
      { name: 'xl/workbook.xml', gb: 1, lie: true, fill: ' ' },
    ],
    params: (seed) => fc.record({
      name: fc.constantFrom(sheetPart(seed), 'xl/sharedStrings.xml', 'xl/workbook.xml', 'xl/styles.xml', '[Content_Types].xml', 'xl/_rels/workbook.xml.rels', 'docProps/bomb.xml'),
      gb: fc.integer({ min: 1, max: 3 }),
      lie: fc.boolean(),
      fill: fc.constantFrom(' ', 'A', '<x/>'),
    }),
    apply(seed, p) {
      const parts = partsOf(seed);
      const original = parts.find((x) => x.name === p.name);
      const head = original ? original.data.toString('utf8').replace(/<\/[\w:]+>\s*$/, '').slice(0, 20_000) : '<?xml version="1.0"?><x>';
      const bomb = deflateBomb(head, p.fill, p.gb * 1024, '</x>');
      const bombPart: ZipPart = { name: p.name, data: Buffer.alloc(0), raw: bomb, ...(p.lie ? { declaredSize: original?.data.length ?? 1000 } : {}) };
      const out = original ? parts.map((x) => (x.name === p.name ? bombPart : x)) : [...parts, bombPart];
      return { bytes: writeZip(out), what: `压缩炸弹：${p.name} 解压后 ${p.gb} GB（${p.lie ? '谎报大小' : '如实标注大小'}，填充“${p.fill}”）` };
    },
  }),
  mutator({
    name: 'filing-cell',
    weight: 3,
    applies: (f) => f === 'filing',
    params: () => fc.record({ sheet: fc.integer({ min: 1, max: 6 }), f: frac(), op: fc.constantFrom('digit', 'text-for-number', 'empty-row', 'meta-key') }),
    apply(seed, p) {
      const name = `xl/worksheets/sheet${p.sheet}.xml`;
      if (!partsOf(seed).some((x) => x.name === name)) return { bytes: seed.bytes, what: '原样' };
      return {
        bytes: replacePart(seed, name, (xml) => {
          const values = [...xml.matchAll(/<v>(\d+(?:\.\d+)?)<\/v>/g)];
          if (p.op === 'digit' && values.length > 0) {
            const m = values[at(p.f, values.length)]!;
            return xml.slice(0, m.index) + `<v>${Number(m[1]) + 1}</v>` + xml.slice(m.index + m[0].length);
          }
          if (p.op === 'text-for-number' && values.length > 0) {
            const m = values[at(p.f, values.length)]!;
            return xml.slice(0, m.index - 0).replace(/<c ([^>]*?)(\/?)>$/, '<c $1 t="inlineStr"$2>') + `<is><t>一百</t></is>` + xml.slice(m.index + m[0].length);
          }
          if (p.op === 'empty-row') return xml.replace(/<row r="(\d+)"/, '<row r="$1"').replace('</sheetData>', '<row r="999999"><c r="A999999" t="inlineStr"><is><t>x</t></is></c></row></sheetData>');
          return xml.replace(/>(format|sha256|year|paymentRows)</, '>$1x<');
        }),
        what: `数据表 sheet${p.sheet}：${p.op}`,
      };
    },
  }),

  // ----- text files
  mutator({
    name: 'csv-encoding',
    weight: 4,
    applies: (f) => f === 'csv-utf8' || f === 'csv-gbk',
    params: () => fc.record({ op: fc.constantFrom('bom-gbk', 'mixed', 'cut-char', 'utf16-odd', 'surrogates', 'nul', 'utf32'), f: frac() }),
    apply(seed, p) {
      const text = textOf(seed);
      const gbk = iconv.encode(text, 'gbk');
      const utf8 = Buffer.from(text, 'utf8');
      let bytes: Buffer;
      switch (p.op) {
        case 'bom-gbk':
          bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), gbk]);
          break;
        case 'mixed': {
          const lines = text.split('\n');
          bytes = Buffer.concat(lines.map((l, i) => (i % 2 === 0 ? Buffer.from(`${l}\n`, 'utf8') : iconv.encode(`${l}\n`, 'gbk'))));
          break;
        }
        case 'cut-char': {
          const src = seed.format === 'csv-gbk' ? gbk : utf8;
          let i = at(p.f, src.length);
          while (i < src.length - 1 && src[i]! < 0x80) i++;
          bytes = Buffer.from(src.subarray(0, i + 1));
          break;
        }
        case 'utf16-odd':
          bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le').subarray(0, 2 * Math.floor(text.length * p.f) + 1)]);
          break;
        case 'surrogates':
          bytes = Buffer.concat([utf8.subarray(0, at(p.f, utf8.length)), Buffer.from([0xed, 0xa0, 0x80, 0xed, 0xbf, 0xbf, 0xf4, 0x90, 0x80, 0x80]), utf8.subarray(at(p.f, utf8.length))]);
          break;
        case 'nul':
          bytes = Buffer.concat([utf8.subarray(0, at(p.f, utf8.length)), Buffer.alloc(64), utf8.subarray(at(p.f, utf8.length))]);
          break;
        default:
          bytes = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from(text, 'utf16le')]);
      }
      return { bytes, what: `编码：${p.op}` };
    },
  }),
  mutator({
    name: 'csv-structure',
    weight: 4,
    applies: (f) => f === 'csv-utf8' || f === 'csv-gbk',
    params: () => fc.record({ op: fc.constantFrom('open-quote', 'wide-row', 'only-separators', 'cr-only', 'tabs-and-semicolons', 'one-line'), f: frac(), n: fc.integer({ min: 100, max: 40_000 }) }),
    apply(seed, p) {
      const text = textOf(seed);
      const lines = text.split('\r\n');
      const i = 1 + at(p.f, Math.max(1, lines.length - 2));
      let out: string;
      switch (p.op) {
        case 'open-quote':
          lines[i] = `"${lines[i]}`;
          out = lines.join('\r\n');
          break;
        case 'wide-row':
          lines[i] = `${lines[i]}${','.repeat(p.n)}9`;
          out = lines.join('\r\n');
          break;
        case 'only-separators':
          out = ',,,,\r\n'.repeat(p.n);
          break;
        case 'cr-only':
          out = text.replace(/\r\n/g, '\r');
          break;
        case 'tabs-and-semicolons':
          out = text.replace(/,/g, (_, k: number) => (k % 3 === 0 ? '\t' : k % 3 === 1 ? ';' : ','));
          break;
        default:
          out = text.replace(/\r\n/g, ' ');
      }
      return { bytes: bytesOf(seed, out), what: `CSV：${p.op}` };
    },
  }),
  mutator({
    name: 'markup-garble',
    weight: 4,
    applies: (f) => f === 'xml2003' || f === 'html',
    params: () => fc.record({ op: fc.constantFrom('deep', 'cut', 'drop-close', 'entities', 'huge-span', 'span-bomb'), f: frac(), depth: fc.integer({ min: 1000, max: 200_000 }) }),
    // A table whose every cell spans 5,000 columns: 1 MB of markup, gigabytes of cells.
    cover: (seed) => (seed.format === 'html' ? [{ op: 'span-bomb' as const, f: 0.5, depth: 200 }] : []),
    apply(seed, p) {
      const text = textOf(seed);
      let out: string;
      switch (p.op) {
        case 'span-bomb': {
          const rows = `<tr>${'<td colspan="5000">王</td>'.repeat(200)}</tr>`.repeat(Math.max(20, Math.min(400, p.depth)));
          out = seed.format === 'html'
            ? text.replace('</table>', `${rows}</table>`)
            : text.replace('</Table>', `${`<Row>${'<Cell ss:MergeAcross="5000"><Data ss:Type="String">王</Data></Cell>'.repeat(200)}</Row>`.repeat(200)}</Table>`);
          break;
        }
        case 'deep':
          out = insideRoot(text, p.f, seed.format === 'html' ? '<div>'.repeat(p.depth) : '<Row>'.repeat(p.depth));
          break;
        case 'cut':
          out = text.slice(0, at(p.f, text.length));
          break;
        case 'drop-close': {
          const closes = [...text.matchAll(/<\/[\w:]+>/g)];
          const m = closes[at(p.f, closes.length)]!;
          out = text.slice(0, m.index) + text.slice(m.index + m[0].length);
          break;
        }
        case 'entities':
          out = afterTag(text, p.f, '&#xFFFFFFFF;&#0;&bogus;&lt&'.repeat(100));
          break;
        default:
          out = seed.format === 'html'
            ? text.replace(/<td/, '<td rowspan="1048576" colspan="16384"')
            : text.replace(/<Cell/, '<Cell ss:MergeAcross="16383" ss:MergeDown="1048575"');
      }
      return { bytes: bytesOf(seed, out), what: `标记：${p.op}` };
    },
  }),

  // ----- legacy .xls (compound file, BIFF8)
  mutator({
    name: 'xls-structure',
    weight: 5,
    applies: (f) => f === 'xls',
    params: () => fc.record({ op: fc.constantFrom('fat-loop', 'fat-out', 'dir-size', 'record-length', 'sst-count', 'sector-shift'), f: frac() }),
    apply(seed, p) {
      const b = Buffer.from(seed.bytes);
      const sectorSize = 1 << b.readUInt16LE(30);
      const fatSector = b.readInt32LE(76);
      const fatAt = 512 + fatSector * sectorSize;
      const dirSector = b.readInt32LE(48);
      const dirAt = 512 + dirSector * sectorSize;
      switch (p.op) {
        case 'fat-loop': {
          // A sector chain that points back to itself.
          const n = Math.floor(sectorSize / 4);
          const i = at(p.f, n);
          if (fatAt + i * 4 + 4 <= b.length) b.writeInt32LE(i, fatAt + i * 4);
          break;
        }
        case 'fat-out': {
          const i = at(p.f, Math.floor(sectorSize / 4));
          if (fatAt + i * 4 + 4 <= b.length) b.writeInt32LE(0x7ffffff0, fatAt + i * 4);
          break;
        }
        case 'dir-size': {
          // A directory entry whose stream claims 2 GB.
          const entry = at(p.f, 4);
          if (dirAt + entry * 128 + 124 <= b.length) b.writeUInt32LE(0x7fffffff, dirAt + entry * 128 + 120);
          break;
        }
        case 'record-length': {
          // A BIFF record after the BOF claims 65,535 bytes.
          const bof = b.indexOf(Buffer.from([0x09, 0x08]));
          let pos = bof;
          const hops = 1 + Math.floor(p.f * 30);
          for (let k = 0; k < hops && pos >= 0 && pos + 4 < b.length; k++) pos += 4 + b.readUInt16LE(pos + 2);
          if (pos > 0 && pos + 4 < b.length) b.writeUInt16LE(0xffff, pos + 2);
          break;
        }
        case 'sst-count': {
          const sst = b.indexOf(Buffer.from([0xfc, 0x00]));
          if (sst > 0 && sst + 12 < b.length) {
            b.writeUInt32LE(0x7fffffff, sst + 4);
            b.writeUInt32LE(0x7fffffff, sst + 8);
          }
          break;
        }
        default:
          b.writeUInt16LE(p.f < 0.5 ? 31 : 0, 30);
      }
      return { bytes: b, what: `.xls 结构：${p.op}` };
    },
  }),
];

export const MUTATORS: Mutator[] = [...BASIC_MUTATORS, ...MORE_MUTATORS];

function hugeCellXls(big: string): Buffer {
  const ws = XLSX.utils.aoa_to_sheet([['姓名', '金额', '备注'], ['王芳', 500, big], ['李强', 600, null]]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '花名册');
  return Buffer.from(XLSX.write(wb, { bookType: 'biff8', type: 'buffer' }) as Buffer);
}

export interface FuzzCase {
  index: number;
  seed: Seed;
  mutator: Mutator;
  params: unknown;
}

/** One fast-check arbitrary over (seed, mutator, parameters), weighted. */
export function caseArbitrary(seeds: readonly Seed[]): fc.Arbitrary<{ seed: Seed; mutator: Mutator; params: unknown }> {
  const options: { weight: number; arbitrary: fc.Arbitrary<{ seed: Seed; mutator: Mutator; params: unknown }> }[] = [];
  for (const seed of seeds) {
    for (const m of MUTATORS) {
      if (!m.applies(seed.format)) continue;
      options.push({ weight: m.weight, arbitrary: m.params(seed).map((params) => ({ seed, mutator: m, params })) });
    }
  }
  return fc.oneof(...options);
}

export function mutate(c: { seed: Seed; mutator: Mutator; params: unknown }): Mutation {
  return c.mutator.apply(c.seed, c.params as never);
}
