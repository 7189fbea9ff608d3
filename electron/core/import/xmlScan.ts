/**
 * A streaming XML scanner for the big parts of an .xlsx (worksheets, shared strings), in place
 * of saxes (which exceljs's readers use): text arrives in chunks, markup is found with indexOf
 * and charCodeAt, and the handler is called for each start tag, end tag and run of text —
 * without an event object per call or an object per attribute (a start tag's attributes are
 * positions in the chunk, read on demand).
 *
 * It hands on what saxes hands exceljs (parse-sax.js listens to opentag, text and closetag
 * only): text with &amp; &lt; &gt; &quot; &apos; &#NN; &#xHH; decoded and line ends made \n;
 * attribute values with entities decoded and tabs and line ends made spaces; CDATA sections,
 * comments, processing instructions and the doctype left out (their content reaches exceljs's
 * readers nowhere). A self-closing tag is a start and an end tag. What saxes refuses as not
 * well-formed is refused here too (XmlError): an end tag that does not match, a second root,
 * text outside the root, an undefined or malformed entity, an unquoted or repeated attribute,
 * `<` in an attribute value, `]]>` in text, `--` in a comment, characters XML does not allow,
 * a misplaced XML declaration. One difference, on purpose: a part that ends before its root
 * element is closed is refused (exceljs's reader never closes saxes and reads a truncated
 * sheet as a shorter one).
 */

export class XmlError extends Error {
  constructor(message: string) {
    super(`XML: ${message}`);
    this.name = 'XmlError';
  }
}

export interface XmlHandler {
  /** A start tag; its attributes are read through the scanner (attr, attrValue, …) during the call. */
  open(name: string): void;
  close(name: string): void;
  /** A run of character data (never empty). Called only while the scanner's `wantText` is true. */
  text(text: string): void;
  /**
   * When given, a run of character data that needs no decoding (no entity, no CR) comes here as
   * its place in `buf` instead of as a string to `text` (a handler that only reads digits from it
   * then builds no string); the same runs, in the same order.
   */
  textAt?(buf: string, start: number, end: number): void;
}

const LT = 60;
const GT = 62;
const AMP = 38;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const EQ = 61;
const DQUOTE = 34;
const SQUOTE = 39;

/** Characters XML 1.0 does not allow anywhere (TextDecoder never yields lone surrogates). */
// eslint-disable-next-line no-control-regex
const DISALLOWED = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const XML_DECL = /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*\?>$/;

/** ASCII name characters: 1 may start a name, 2 may follow. */
const NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) NAME[c] = 3;
  else if (/[0-9.-]/.test(ch)) NAME[c] = 2;
}

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** XML 1.0 (fifth edition) NameStartChar beyond ASCII; surrogates stand for the planes 1–14. */
function nameStartWide(c: number): boolean {
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xd800 && c <= 0xdb7f) ||
    (c >= 0xdc00 && c <= 0xdfff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  );
}

function nameCharWide(c: number): boolean {
  return nameStartWide(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;
}

/** The XML Char production, for character references. */
function isChar(n: number): boolean {
  return n === 9 || n === 10 || n === 13 || (n >= 0x20 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd) || (n >= 0x10000 && n <= 0x10ffff);
}

/** The entity between `&` at `amp` and `;` at `semi`, decoded as saxes decodes it; anything else throws. */
function entityAt(s: string, amp: number, semi: number): string {
  const len = semi - amp - 1;
  const c = s.charCodeAt(amp + 1);
  if (c === 35 /* # */) {
    let n = 0;
    let i = amp + 2;
    if (s.charCodeAt(i) === 120 /* x */) {
      i++;
      if (i === semi) throw new XmlError('malformed character entity');
      for (; i < semi; i++) {
        const d = s.charCodeAt(i);
        const v = d >= 48 && d <= 57 ? d - 48 : d >= 97 && d <= 102 ? d - 87 : d >= 65 && d <= 70 ? d - 55 : -1;
        if (v < 0) throw new XmlError('malformed character entity');
        n = n * 16 + v;
      }
    } else {
      if (i === semi) throw new XmlError('malformed character entity');
      for (; i < semi; i++) {
        const d = s.charCodeAt(i);
        if (d < 48 || d > 57) throw new XmlError('malformed character entity');
        n = n * 10 + (d - 48);
      }
    }
    if (!isChar(n)) throw new XmlError('malformed character entity');
    return String.fromCodePoint(n);
  }
  if (len === 2 && s.charCodeAt(amp + 2) === 116 /* t */) {
    if (c === 108 /* l */) return '<';
    if (c === 103 /* g */) return '>';
  } else if (len === 3 && s.startsWith('amp', amp + 1)) return '&';
  else if (len === 4) {
    if (s.startsWith('quot', amp + 1)) return '"';
    if (s.startsWith('apos', amp + 1)) return "'";
  }
  throw new XmlError(len === 0 ? 'empty entity name' : 'undefined entity');
}

/** Text with its entities decoded (every `&` must open an entity that ends in this text). */
function decodeEntities(s: string): string {
  let out = '';
  let last = 0;
  for (let amp = s.indexOf('&'); amp >= 0; amp = s.indexOf('&', last)) {
    const semi = s.indexOf(';', amp + 1);
    if (semi < 0) throw new XmlError('unterminated entity');
    out += s.slice(last, amp) + entityAt(s, amp, semi);
    last = semi + 1;
  }
  return out + s.slice(last);
}

/** Check the entities in s[a, b) (each must end before b). */
function checkEntities(s: string, a: number, b: number): void {
  for (let amp = s.indexOf('&', a); amp >= 0 && amp < b; amp = s.indexOf('&', amp + 1)) {
    const semi = s.indexOf(';', amp + 1);
    if (semi < 0 || semi >= b) throw new XmlError('unterminated entity');
    entityAt(s, amp, semi);
  }
}

const INCOMPLETE = -1;

export class XmlScanner {
  /** The text being scanned; attribute positions refer to it. */
  buf = '';
  /** Whether the handler wants text now (when false, text is only checked). */
  wantText = true;
  /** The current start tag's attributes: count, then name and value bounds in `buf`. */
  n = 0;
  readonly nameStart: number[] = [];
  readonly nameEnd: number[] = [];
  readonly valueStart: number[] = [];
  readonly valueEnd: number[] = [];
  /** Whether the value holds an entity, a tab or a line end (its raw text is not its value). */
  private readonly valueCoded: boolean[] = [];

  private readonly handler: XmlHandler;
  private readonly stack: string[] = [];
  private depth = 0;
  private sawRoot = false;
  private closedRoot = false;
  private sawDoctype = false;
  /** Characters of the document before `buf`. */
  private offset = 0;
  /** Unconsumed text carried to the next chunk (an element or entity cut by the chunk's end). */
  private pending = '';
  /** Chunks held back until the pending text has doubled (a very long element is not rescanned per chunk). */
  private held: string[] = [];
  private heldLength = 0;
  private waitFor = 0;
  private final = false;

  constructor(handler: XmlHandler) {
    this.handler = handler;
  }

  /** The index of attribute `name` of the current start tag, or -1. */
  attr(name: string): number {
    const { buf, n, nameStart, nameEnd } = this;
    const len = name.length;
    for (let k = 0; k < n; k++) if (nameEnd[k]! - nameStart[k]! === len && buf.startsWith(name, nameStart[k]!)) return k;
    return -1;
  }

  /** Whether attribute k's raw value is its value (no entity, tab or line end to convert). */
  plain(k: number): boolean {
    return !this.valueCoded[k];
  }

  /** Attribute k's value, decoded as saxes decodes it. */
  attrValue(k: number): string {
    let s = this.buf.slice(this.valueStart[k]!, this.valueEnd[k]!);
    if (!this.valueCoded[k]) return s;
    if (/[\t\n\r]/.test(s)) s = s.replace(/\r\n|[\t\n\r]/g, ' ');
    return s.includes('&') ? decodeEntities(s) : s;
  }

  /** Attribute `name`'s value, or undefined. */
  get(name: string): string | undefined {
    const k = this.attr(name);
    return k < 0 ? undefined : this.attrValue(k);
  }

  /** How many elements are open. */
  get level(): number {
    return this.depth;
  }

  /** Whether everything fed so far has been scanned (nothing cut by the end of what was fed waits for more). */
  get caughtUp(): boolean {
    return this.pending === '' && this.held.length === 0;
  }

  feed(chunk: string): void {
    if (this.waitFor > 0) {
      this.held.push(chunk);
      this.heldLength += chunk.length;
      if (this.pending.length + this.heldLength < this.waitFor) return;
      chunk = this.held.join('');
      this.held = [];
      this.heldLength = 0;
    }
    if (this.pending === '') {
      this.run(chunk, 0);
      return;
    }
    // The element (or entity) cut by the last chunk's end is finished with the start of this one
    // as a short string of its own, and the chunk is then scanned where it is: pasting the two
    // whole would copy every chunk, and `+` would make a cons string, whose every charCodeAt goes
    // through the cons (~20% slower).
    const gt = chunk.indexOf('>');
    if (gt >= 0 && gt < 4096) {
      this.run([this.pending, chunk.slice(0, gt + 1)].join(''), 0);
      if (this.pending === '') {
        if (gt + 1 < chunk.length) this.run(chunk, gt + 1);
        return;
      }
      chunk = chunk.slice(gt + 1);
    }
    this.run([this.pending, chunk].join(''), 0);
  }

  /** The end of the part: what is left must complete the document. */
  end(): void {
    this.final = true;
    const rest = this.pending + this.held.join('');
    this.held = [];
    this.pending = '';
    if (rest !== '') this.run(rest, 0);
    if (this.pending !== '') throw new XmlError('unexpected end');
    if (!this.sawRoot) throw new XmlError('document must contain a root element');
    if (this.depth > 0) throw new XmlError(`unclosed tag: ${this.stack[this.depth - 1]}`);
  }

  /** Scan buf from `start` (what is before it was scanned already). */
  private run(buf: string, start: number): void {
    this.buf = buf;
    const len = buf.length;
    let pos = start;
    // offset + pos: the place in the document.
    this.offset -= start;
    while (pos < len) {
      if (buf.charCodeAt(pos) !== LT) {
        // Character data up to the next '<', noting entities and CRs, refusing "]]>".
        let i = pos;
        let amp = false;
        let cr = false;
        for (; i < len; i++) {
          const c = buf.charCodeAt(i);
          if (c <= GT) {
            if (c === LT) break;
            if (c === AMP) amp = true;
            else if (c < 32) {
              if (c === 13) cr = true;
              else if (c !== 10 && c !== 9) throw new XmlError('disallowed character');
            } else if (c === GT && i >= pos + 2 && buf.charCodeAt(i - 1) === 93 && buf.charCodeAt(i - 2) === 93) throw new XmlError('the string "]]>" is disallowed in char data');
          } else if (c >= 0xfffe) throw new XmlError('disallowed character');
        }
        const end = i === len && !this.final ? this.textEnd(pos, len) : i;
        if (end > pos) this.text(pos, end, amp, cr);
        pos = end;
        if (i === len) break;
      }
      const next = this.markup(pos);
      if (next === INCOMPLETE) break;
      pos = next;
    }
    this.offset += pos;
    this.pending = pos < len ? buf.slice(pos) : '';
    this.waitFor = this.pending.length > 65_536 ? this.pending.length * 2 : 0;
  }

  /** Where text cut by the chunk's end may end for now: before an unfinished entity, a CR (of CR LF) or `]]` (of `]]>`). */
  private textEnd(pos: number, len: number): number {
    const { buf } = this;
    const amp = buf.lastIndexOf('&', len - 1);
    if (amp >= pos && buf.indexOf(';', amp) < 0) return amp;
    let end = len;
    while (end > pos && end > len - 2) {
      const c = buf.charCodeAt(end - 1);
      if (c !== 93 /* ] */ && c !== 13) break;
      end--;
    }
    return end;
  }

  /** Character data in buf[a, b); amp and cr: whether it may hold '&' and CR. */
  private text(a: number, b: number, amp: boolean, cr: boolean): void {
    const { buf } = this;
    if (this.depth === 0) {
      for (let i = a; i < b; i++) if (!isWs(buf.charCodeAt(i))) throw new XmlError('text data outside of root node');
      return;
    }
    if (!this.wantText) {
      if (amp) checkEntities(buf, a, b);
      return;
    }
    if (!amp && !cr && this.handler.textAt) {
      this.handler.textAt(buf, a, b);
      return;
    }
    let s = buf.slice(a, b);
    if (cr) s = s.replace(/\r\n?/g, '\n');
    if (amp) s = decodeEntities(s);
    this.handler.text(s);
  }

  /** INCOMPLETE when the chunk ends inside markup (more may come), else an error. */
  private cut(what: string): number {
    if (this.final) throw new XmlError(what);
    return INCOMPLETE;
  }

  /** The end of a name starting at i (i itself when there is none). */
  private nameAt(i: number): number {
    const { buf } = this;
    let c = buf.charCodeAt(i);
    if (c < 128 ? (NAME[c]! & 1) === 0 : !nameStartWide(c)) return i;
    for (i++; ; i++) {
      c = buf.charCodeAt(i);
      if (c < 128) {
        if (NAME[c] === 0) break;
      } else if (!nameCharWide(c)) break;
    }
    return i;
  }

  /** The element name buf[a, b), without a new string for the common ones. */
  private nameOf(a: number, b: number): string {
    const { buf } = this;
    const c = buf.charCodeAt(a);
    switch (b - a) {
      case 1:
        if (c === 99) return 'c';
        if (c === 118) return 'v';
        if (c === 116) return 't';
        if (c === 114) return 'r';
        if (c === 102) return 'f';
        break;
      case 2:
        if (c === 115 && buf.charCodeAt(a + 1) === 105) return 'si';
        if (c === 105 && buf.charCodeAt(a + 1) === 115) return 'is';
        break;
      case 3:
        if (c === 114 && buf.startsWith('row', a)) return 'row';
        if (c === 114 && buf.startsWith('rPr', a)) return 'rPr';
        break;
      default:
        break;
    }
    return buf.slice(a, b);
  }

  private markup(pos: number): number {
    const { buf } = this;
    const c1 = buf.charCodeAt(pos + 1);
    if (c1 !== c1) return this.cut('unexpected end');
    if (c1 === SLASH) return this.closeTag(pos);
    if (c1 === BANG) return this.bang(pos);
    if (c1 === QUESTION) return this.pi(pos);
    return this.openTag(pos);
  }

  private openTag(pos: number): number {
    const { buf } = this;
    const len = buf.length;
    const ne = this.nameAt(pos + 1);
    if (ne === pos + 1) throw new XmlError('disallowed character in tag name');
    const { nameStart, nameEnd, valueStart, valueEnd, valueCoded } = this;
    let n = 0;
    let i = ne;
    let selfClosing = false;
    for (;;) {
      let c = buf.charCodeAt(i);
      if (c === GT) {
        i++;
        break;
      }
      if (c === SLASH) {
        c = buf.charCodeAt(i + 1);
        if (c !== GT) {
          if (c !== c) return this.cut('unclosed start tag');
          throw new XmlError('forward-slash in opening tag not followed by >');
        }
        selfClosing = true;
        i += 2;
        break;
      }
      if (!isWs(c)) {
        if (i >= len) return this.cut('unclosed start tag');
        throw new XmlError(n === 0 ? 'disallowed character in tag name' : 'no whitespace between attributes');
      }
      do i++;
      while (isWs(buf.charCodeAt(i)));
      c = buf.charCodeAt(i);
      if (c === GT || c === SLASH) continue;
      const an = this.nameAt(i);
      if (an === i) {
        if (i >= len) return this.cut('unclosed start tag');
        throw new XmlError('disallowed character in attribute name');
      }
      let j = an;
      while (isWs(buf.charCodeAt(j))) j++;
      if (buf.charCodeAt(j) !== EQ) {
        if (j >= len) return this.cut('unclosed start tag');
        throw new XmlError('attribute without value');
      }
      j++;
      while (isWs(buf.charCodeAt(j))) j++;
      const q = buf.charCodeAt(j);
      if (q !== DQUOTE && q !== SQUOTE) {
        if (j >= len) return this.cut('unclosed start tag');
        throw new XmlError('unquoted attribute value');
      }
      const vs = j + 1;
      let coded = false;
      let amp = false;
      for (j = vs; j < len; j++) {
        c = buf.charCodeAt(j);
        if (c === q) break;
        if (c <= LT) {
          if (c === LT) throw new XmlError('disallowed character in attribute value');
          if (c === AMP) amp = coded = true;
          else if (c < 32) {
            if (c !== 9 && c !== 10 && c !== 13) throw new XmlError('disallowed character');
            coded = true;
          }
        } else if (c >= 0xfffe) throw new XmlError('disallowed character');
      }
      if (j >= len) return this.cut('unclosed attribute value');
      if (amp) checkEntities(buf, vs, j);
      nameStart[n] = i;
      nameEnd[n] = an;
      valueStart[n] = vs;
      valueEnd[n] = j;
      valueCoded[n] = coded;
      n++;
      i = j + 1;
    }
    this.n = n;
    for (let a = 1; a < n; a++) {
      const la = nameEnd[a]! - nameStart[a]!;
      for (let b = 0; b < a; b++) {
        if (nameEnd[b]! - nameStart[b]! !== la) continue;
        let k = 0;
        while (k < la && buf.charCodeAt(nameStart[a]! + k) === buf.charCodeAt(nameStart[b]! + k)) k++;
        if (k === la) throw new XmlError('duplicate attribute');
      }
    }
    if (this.closedRoot) throw new XmlError('documents may contain only one root');
    this.sawRoot = true;
    const name = this.nameOf(pos + 1, ne);
    if (!selfClosing) this.stack[this.depth++] = name;
    this.handler.open(name);
    if (selfClosing) {
      this.n = 0;
      this.handler.close(name);
      if (this.depth === 0) this.closedRoot = true;
    }
    return i;
  }

  private closeTag(pos: number): number {
    const { buf } = this;
    if (this.depth > 0) {
      // The usual case: the end tag of the open element, right away.
      const top = this.stack[this.depth - 1]!;
      const e = pos + 2 + top.length;
      if (buf.charCodeAt(e) === GT && buf.startsWith(top, pos + 2)) {
        this.depth--;
        this.n = 0;
        this.handler.close(top);
        if (this.depth === 0) this.closedRoot = true;
        return e + 1;
      }
    }
    const ne = this.nameAt(pos + 2);
    if (ne === pos + 2) {
      if (ne >= buf.length) return this.cut('unexpected end');
      throw new XmlError('weird empty close tag');
    }
    let i = ne;
    while (isWs(buf.charCodeAt(i))) i++;
    if (buf.charCodeAt(i) !== GT) {
      if (i >= buf.length) return this.cut('unclosed end tag');
      throw new XmlError('disallowed character in closing tag');
    }
    if (this.depth === 0) throw new XmlError('unmatched closing tag');
    const top = this.stack[this.depth - 1]!;
    if (top.length !== ne - pos - 2 || !buf.startsWith(top, pos + 2)) throw new XmlError('unexpected close tag');
    this.depth--;
    this.n = 0;
    this.handler.close(top);
    if (this.depth === 0) this.closedRoot = true;
    return i + 1;
  }

  /** `<!--` comments, `<![CDATA[` sections, `<!DOCTYPE`. */
  private bang(pos: number): number {
    const { buf } = this;
    const len = buf.length;
    if (buf.startsWith('<!--', pos)) {
      const end = buf.indexOf('-->', pos + 4);
      if (end < 0) return this.cut('unclosed comment');
      const dash = buf.indexOf('--', pos + 4);
      if (dash < end || (end > pos + 4 && buf.charCodeAt(end - 1) === 45)) throw new XmlError('malformed comment');
      return this.allowed(pos, end + 3);
    }
    if (buf.startsWith('<![CDATA[', pos)) {
      if (this.depth === 0) throw new XmlError('text data outside of root node');
      const end = buf.indexOf(']]>', pos + 9);
      if (end < 0) return this.cut('unclosed CDATA section');
      return this.allowed(pos, end + 3);
    }
    if (buf.startsWith('<!DOCTYPE', pos)) {
      if (this.sawRoot || this.sawDoctype) throw new XmlError('inappropriately located doctype declaration');
      let q = 0;
      let brackets = 0;
      for (let i = pos + 9; i < len; i++) {
        const c = buf.charCodeAt(i);
        if (q !== 0) {
          if (c === q) q = 0;
        } else if (c === DQUOTE || c === SQUOTE) q = c;
        else if (c === 91 /* [ */) brackets++;
        else if (c === 93 /* ] */) brackets--;
        else if (c === GT && brackets <= 0) {
          this.sawDoctype = true;
          return this.allowed(pos, i + 1);
        }
      }
      return this.cut('unclosed doctype');
    }
    // Too short to tell yet?
    const have = buf.slice(pos, pos + 9);
    if (have.length < 9 && ['<!--', '<![CDATA[', '<!DOCTYPE'].some((m) => m.startsWith(have))) return this.cut('unexpected end');
    throw new XmlError('incorrect syntax');
  }

  /** Processing instructions, and the XML declaration at the very start. */
  private pi(pos: number): number {
    const { buf } = this;
    const end = buf.indexOf('?>', pos + 2);
    if (end < 0) return this.cut('unclosed processing instruction');
    const ne = this.nameAt(pos + 2);
    if (ne === pos + 2 || ne > end) throw new XmlError('processing instruction without a target');
    const next = buf.charCodeAt(ne);
    if (ne < end && !isWs(next)) throw new XmlError('disallowed character in processing instruction name');
    const target = buf.slice(pos + 2, ne);
    if (target.toLowerCase() === 'xml') {
      if (target !== 'xml' || this.offset + pos !== 0) throw new XmlError('the XML declaration must appear at the start of the document');
      if (!XML_DECL.test(buf.slice(pos, end + 2))) throw new XmlError('malformed XML declaration');
    }
    return this.allowed(pos, end + 2);
  }

  /** `end`, once buf[start, end) (markup not scanned character by character) is found free of characters XML does not allow. */
  private allowed(start: number, end: number): number {
    if (DISALLOWED.test(this.buf.slice(start, end))) throw new XmlError('disallowed character');
    return end;
  }
}
