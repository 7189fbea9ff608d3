/**
 * Format detection by the file's bytes, never by its extension: a ".xls" from a
 * web system is often an HTML table, a ".csv" may be GBK, and a ".xlsx" may be
 * encrypted, truncated or not a workbook at all. Every refusal names the file
 * and says what is wrong, in Chinese.
 */
import type { ImportFormat } from '../../../shared/import.ts';
import { fileError } from './errors.ts';
import { bomlessUtf16, decodeText, type DecodedText } from './text.ts';
import { listZip } from './zip.ts';

export type Detected =
  | { kind: 'xlsx' }
  | { kind: 'xls' }
  | { kind: 'xml2003'; decoded: DecodedText }
  | { kind: 'html'; decoded: DecodedText }
  | { kind: 'csv'; decoded: DecodedText };

export function formatOf(d: Detected): ImportFormat {
  return d.kind === 'xml2003' ? 'xls' : d.kind;
}

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[at + i] !== sig[i]) return false;
  return true;
}

function utf16(name: string): Buffer {
  return Buffer.from(name, 'utf16le');
}

function hasStream(bytes: Uint8Array, name: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(utf16(name)) >= 0;
}

/** Bytes that text files never contain (NUL and most C0 controls). */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32 && b !== 27)) bad++;
  }
  return bad > n / 100;
}

export function detectFormat(bytes: Uint8Array, fileName: string): Detected {
  if (bytes.length === 0) throw fileError(fileName, '文件是空的（0 字节）。');
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    const listing = listZip(bytes);
    if (!listing.ok) {
      throw fileError(
        fileName,
        listing.problem === 'truncated'
          ? '文件不完整（可能在下载、复制或发送时被截断），已损坏。请让报送单位重新发送原文件。'
          : '文件已损坏（压缩包结构错误）。请让报送单位重新发送，或在 Excel/WPS 中打开后另存为 .xlsx。',
        'xlsx',
      );
    }
    const names = new Set(listing.names);
    if (names.has('xl/workbook.xml')) {
      if (!listing.names.some((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n))) throw fileError(fileName, '工作簿中没有工作表。', 'xlsx');
      return { kind: 'xlsx' };
    }
    if (names.has('xl/workbook.bin')) throw fileError(fileName, '这是 Excel 二进制工作簿（.xlsb），请在 Excel 中另存为 .xlsx 后再导入。', 'xlsx');
    if (names.has('content.xml') && names.has('mimetype')) throw fileError(fileName, '这是 OpenDocument 表格（.ods），请在 WPS/Excel 中另存为 .xlsx 后再导入。');
    if (names.has('word/document.xml')) throw fileError(fileName, '这是 Word 文档，不是 Excel 表格。');
    if (names.has('ppt/presentation.xml')) throw fileError(fileName, '这是 PowerPoint 演示文稿，不是 Excel 表格。');
    throw fileError(fileName, '这是一个 ZIP 压缩包，不是 Excel 工作簿。如花名册在压缩包内，请先解压。');
  }
  if (startsWith(bytes, CFB_MAGIC)) {
    if (hasStream(bytes, 'EncryptedPackage') || hasStream(bytes, 'EncryptionInfo')) {
      throw fileError(fileName, '文件设置了打开密码（已加密）。请在 Excel/WPS 中输入密码打开，取消密码后另存，再导入。', 'xlsx');
    }
    if (hasStream(bytes, 'Workbook') || hasStream(bytes, 'Book')) return { kind: 'xls' };
    if (hasStream(bytes, 'WordDocument')) throw fileError(fileName, '这是 Word 文档（.doc），不是 Excel 表格。');
    if (hasStream(bytes, 'PowerPoint Document')) throw fileError(fileName, '这是 PowerPoint 演示文稿，不是 Excel 表格。');
    throw fileError(fileName, '这是 Office 复合文档，但不是 Excel 工作簿，或文件已损坏。', 'xls');
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) throw fileError(fileName, '这是 PDF 文件，不是表格。请向报送单位索取 Excel 原表。');
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff])) throw fileError(fileName, '这是图片，不是表格。请向报送单位索取 Excel 原表。');
  if (startsWith(bytes, [0x52, 0x61, 0x72, 0x21]) || startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf])) throw fileError(fileName, '这是 RAR/7z 压缩包，请先解压。');
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || bomlessUtf16(bytes) !== null;
  if (!utf16 && looksBinary(bytes)) throw fileError(fileName, '无法识别的文件格式（既不是 Excel 表格，也不是 CSV/文本或网页表格），文件可能已损坏。');

  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  const charset = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1] ?? /encoding\s*=\s*["']([\w-]+)["']/i.exec(head)?.[1] ?? null;
  const decoded = decodeText(bytes, charset);
  const start = decoded.text.slice(0, 65_536);
  if (/^\s*<\?xml/i.test(start) && /urn:schemas-microsoft-com:office:spreadsheet/i.test(start)) return { kind: 'xml2003', decoded };
  if (/^\s*MIME-Version:/i.test(start)) throw fileError(fileName, '这是“单个文件网页”（.mht），请在 Excel/WPS 中打开后另存为 .xlsx 再导入。', 'html');
  if (/<table[\s>]/i.test(decoded.text.slice(0, 1_000_000)) && /^\s*(<!--[\s\S]*?-->\s*)*</.test(start)) return { kind: 'html', decoded };
  if (/^\s*<(!doctype\s+html|html)[\s>]/i.test(start)) throw fileError(fileName, '这是网页文件，但其中没有表格。', 'html');
  return { kind: 'csv', decoded };
}
