// Marked content in a page's content stream, as the tag tree sees it. Chromium
// wraps what an element paints in `/Tag <</MCID n>> BDC … EMC`, which the tree
// points at; what belongs to no element (the page's white background, the
// Paged.js margin boxes with the running header and the page number, an
// image with an empty alt) it paints with no marking at all: neither tagged
// nor artifact. This module finds both, and writes them back as artifacts.

/** One operator with its operands: the text `[start, end)` of the stream. */
class Op {
  constructor(
    readonly name: string,
    readonly start: number,
    readonly end: number,
    private readonly text: string,
    private readonly operandsEnd: number,
  ) {}

  /** What comes before the operator's name; read only for the few that need it (BDC, BMC). */
  get operands(): string {
    return this.text.slice(this.start, this.operandsEnd);
  }
}

/** What a marked-content sequence paints: nothing, only lines and shapes, or text and images. */
export type Paint = 'none' | 'paths' | 'content';

export interface PageMarks {
  /** What each sequence with an MCID paints. */
  paint: Map<number, Paint>;
  /** Where each sequence with an MCID opens (its `/Tag <<…>> BDC`, as `[start, end)`), its tag and properties. */
  opens: Map<number, { start: number; end: number; tag: string; properties: string }>;
  /** Stretches that paint outside any tagged or artifact sequence, as `[start, end)`. */
  unmarked: [number, number][];
}

const SHOW = new Set(['Tj', 'TJ', "'", '"']);
const PATH_BUILD = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're']);
const PATH_PAINT = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'n']);
/** Character codes of white space, and of what ends a word: white space and delimiters. */
const WHITE = new Uint8Array(256);
const BREAK = new Uint8Array(256);
for (const c of '\0\t\n\f\r ') WHITE[c.charCodeAt(0)] = BREAK[c.charCodeAt(0)] = 1;
for (const c of '()<>[]{}/%') BREAK[c.charCodeAt(0)] = 1;
const isBreak = (code: number) => code < 256 && BREAK[code] === 1;
const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/** The operators of PDF 1.7 (none is longer than three characters), by wordKey. */
const OPERATORS = new Map<number, string>(
  [
    'b', 'B', 'b*', 'B*', 'BDC', 'BI', 'BMC', 'BT', 'BX', 'c', 'cm', 'CS', 'cs', 'd', 'd0', 'd1', 'Do', 'DP', 'EI', 'EMC',
    'ET', 'EX', 'f', 'F', 'f*', 'G', 'g', 'gs', 'h', 'i', 'ID', 'j', 'J', 'K', 'k', 'l', 'm', 'M', 'MP', 'n', 'q', 'Q', 're',
    'RG', 'rg', 'ri', 's', 'S', 'SC', 'sc', 'SCN', 'scn', 'sh', 'T*', 'Tc', 'Td', 'TD', 'Tf', 'Tj', 'TJ', 'TL', 'Tm', 'Tr',
    'Ts', 'Tw', 'Tz', 'v', 'w', 'W', 'W*', 'y', "'", '"',
  ].map((name) => [wordKey(name, 0, name.length), name]),
);

/**
 * A number for a word of one to three Latin-1 characters, another for each such word
 * (-1 for any other). Looking an operator up by it gives one shared string for all its
 * occurrences rather than a new one each time: fewer allocations, and comparisons
 * that end at once.
 */
function wordKey(text: string, from: number, to: number): number {
  let key = 0;
  for (let k = from; k < to; k++) {
    const code = text.charCodeAt(k);
    if (code > 0xff) return -1;
    key = (key << 8) | code;
  }
  return (key << 2) | (to - from);
}

/** Whether `text.slice(from, to)` is a number as content streams write them: [-+]?(\d+\.?\d*|\.\d+). */
function isNumber(text: string, from: number, to: number): boolean {
  let k = from;
  const sign = text.charCodeAt(k);
  if (sign === 0x2b || sign === 0x2d) k++;
  const whole = k;
  while (k < to && isDigit(text.charCodeAt(k))) k++;
  const hasWhole = k > whole;
  if (k < to && text.charCodeAt(k) === 0x2e) {
    const fraction = ++k;
    while (k < to && isDigit(text.charCodeAt(k))) k++;
    if (!hasWhole && k === fraction) return false;
  } else if (!hasWhole) {
    return false;
  }
  return k === to;
}

/**
 * The operators of a content stream (its bytes as latin1 text); throws on what it cannot read.
 * A page holds tens of thousands of operators (Chromium moves to each glyph with its own Td),
 * so this reads character codes and slices out only the operators' names.
 */
export function readOps(text: string): Op[] {
  const ops: Op[] = [];
  const length = text.length;
  let operandsAt = -1;
  let depth = 0; // inside [ ] and << >>, words are operands, never operators
  for (let i = 0; i < length; ) {
    const c = text.charCodeAt(i);
    const at = i;
    if (c < 256 && WHITE[c] === 1) {
      i++;
      continue;
    }
    if (c === 0x25 /* % */) {
      while (i < length && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
      continue;
    }
    if (c === 0x28 /* ( */) {
      for (let nest = 0; ; i++) {
        if (i >= length) throw new Error('unterminated string');
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x28) nest++;
        else if (d === 0x29 && --nest === 0) break;
      }
      i++;
    } else if ((c === 0x3c || c === 0x3e) && text.charCodeAt(i + 1) === c) {
      depth += c === 0x3c ? 1 : -1; // << or >>
      i += 2;
    } else if (c === 0x3c /* < */) {
      i = text.indexOf('>', i) + 1;
      if (i === 0) throw new Error('unterminated hex string');
    } else if (c === 0x5b || c === 0x5d) {
      depth += c === 0x5b ? 1 : -1; // [ or ]
      i++;
    } else if (c === 0x2f || c === 0x7b || c === 0x7d || c === 0x29 || c === 0x3e) {
      i++; // a name, { } or a stray ) or >
      if (c === 0x2f) while (i < length && !isBreak(text.charCodeAt(i))) i++;
    } else {
      while (i < length && !isBreak(text.charCodeAt(i))) i++;
      if (depth === 0 && !isNumber(text, at, i)) {
        const word = (i - at <= 3 && OPERATORS.get(wordKey(text, at, i))) || text.slice(at, i);
        if (word !== 'true' && word !== 'false' && word !== 'null') {
          const start = operandsAt < 0 ? at : operandsAt;
          if (word === 'BI') {
            // An inline image: its data runs from "ID " to the "EI" that stands alone.
            const data = /[\0\t\n\f\r ]ID[\0\t\n\f\r ]/g;
            data.lastIndex = i;
            const id = data.exec(text);
            const ei = /[\0\t\n\f\r ]EI(?=[\0\t\n\f\r ]|$)/g;
            ei.lastIndex = id ? data.lastIndex : text.length;
            if (!id || !ei.exec(text)) throw new Error('unterminated inline image');
            i = ei.lastIndex;
          }
          ops.push(new Op(word, start, i, text, at));
          operandsAt = -1;
          continue;
        }
      }
    }
    if (operandsAt < 0) operandsAt = at;
  }
  return ops;
}

/** What a sequence opened by `op` (BDC or BMC) is: tagged (an MCID, or properties we cannot see into), artifact, or neither. */
function opened(op: Op): { kind: 'tagged' | 'artifact' | 'other'; mcid?: number; tag?: string; properties?: string } {
  const match = /^\s*\/([^\0\t\n\f\r ()<>[\]{}/%]+)\s*([\s\S]*)$/.exec(op.operands);
  if (match?.[1] === 'Artifact') return { kind: 'artifact' };
  const properties = match?.[2]?.trim() ?? '';
  if (op.name === 'BMC' || properties === '') return { kind: 'other' };
  if (properties.startsWith('/')) return { kind: 'tagged' }; // named in /Properties: left as it is
  const mcid = /\/MCID\s+(\d+)/.exec(properties);
  return mcid ? { kind: 'tagged', mcid: Number(mcid[1]), tag: match![1], properties } : { kind: 'other' };
}

/** What each operator that paints paints: text, images and XObjects, or lines and shapes (n ends a path unpainted). */
const PAINTS = new Map<string, Paint>([
  ...[...SHOW, 'Do', 'BI'].map((name): [string, Paint] => [name, 'content']),
  ...[...PATH_PAINT, 'sh'].filter((name) => name !== 'n').map((name): [string, Paint] => [name, 'paths']),
]);

/** What an operator paints, if anything. */
function paintOf(name: string): Paint | undefined {
  return PAINTS.get(name);
}

const RANK: Record<Paint, number> = { none: 0, paths: 1, content: 2 };

/** The tagged sequences of a content stream, what each paints, and what paints unmarked. */
export function readMarks(text: string): PageMarks {
  const ops = readOps(text);
  const paint = new Map<number, Paint>();
  const opens: PageMarks['opens'] = new Map();
  const unmarked: [number, number][] = [];
  // For each open sequence, the innermost tagged or artifact one at or around it: whose content this is.
  const owners: (ReturnType<typeof opened> | undefined)[] = [];
  // A stretch of unmarked painting, widened over the state operators between
  // its pieces; it ends at any q/Q, marked-content operator or end of text object,
  // so the artifact sequence written around it nests with everything else.
  let run: [number, number] | undefined;
  const flush = () => {
    if (run) unmarked.push(run);
    run = undefined;
  };
  const extend = (from: Op, to: Op) => {
    if (run) run[1] = to.end;
    else run = [from.start, to.end];
  };

  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (op.name === 'BDC' || op.name === 'BMC') {
      flush();
      const entry = opened(op);
      owners.push(entry.kind !== 'other' ? entry : owners.at(-1));
      if (entry.mcid !== undefined) {
        paint.set(entry.mcid, 'none');
        opens.set(entry.mcid, { start: op.start, end: op.end, tag: entry.tag!, properties: entry.properties! });
      }
      continue;
    }
    if (op.name === 'EMC' || op.name === 'q' || op.name === 'Q' || op.name === 'ET') {
      flush();
      if (op.name === 'EMC') owners.pop();
      continue;
    }
    const tagged = owners.at(-1);
    if (tagged) {
      const what = paintOf(op.name);
      const mcid = tagged.mcid;
      if (what && mcid !== undefined && RANK[what] > RANK[paint.get(mcid)!]) paint.set(mcid, what);
      continue;
    }
    if (op.name === 'BT') {
      // A text object with no tagged sequence inside is one piece; otherwise go through it.
      const end = next(ops, i, (name) => name === 'ET');
      if (end < 0) throw new Error('text object without ET');
      const inner = ops.slice(i + 1, end);
      if (!opensOrClosesTagged(inner)) {
        if (inner.some((other) => SHOW.has(other.name))) extend(op, ops[end]!);
        i = end;
      } else {
        flush();
      }
      continue;
    }
    if (PATH_BUILD.has(op.name)) {
      const end = next(ops, i, (name) => PATH_PAINT.has(name));
      if (end < 0) throw new Error('path without a painting operator');
      if (ops[end]!.name !== 'n') extend(op, ops[end]!);
      i = end;
      continue;
    }
    if (paintOf(op.name)) extend(op, op);
  }
  flush();
  return { paint, opens, unmarked };
}

/** The index of the first operator after `from` whose name passes `test`, or -1. */
function next(ops: Op[], from: number, test: (name: string) => boolean): number {
  for (let k = from + 1; k < ops.length; k++) if (test(ops[k]!.name)) return k;
  return -1;
}

/** Whether these operators open a tagged or artifact sequence, or close one opened before them. */
function opensOrClosesTagged(ops: Op[]): boolean {
  let depth = 0;
  for (const op of ops) {
    if (op.name === 'BDC' || op.name === 'BMC') {
      if (opened(op).kind !== 'other') return true;
      depth++;
    } else if (op.name === 'EMC' && --depth < 0) {
      return true;
    }
  }
  return false;
}

/**
 * The stream with every unmarked stretch wrapped in `/Artifact BMC … EMC`, the
 * sequences of `artifacts` (MCIDs) opened with `/Artifact BMC` instead of their
 * tag, and the others tagged as `tags` says (the type of the element that holds them).
 */
export function writeMarks(text: string, marks: PageMarks, artifacts: Set<number>, tags: Map<number, string>): string {
  const edits: { at: number; end: number; text: string }[] = [];
  for (const [start, end] of marks.unmarked) {
    edits.push({ at: start, end: start, text: '/Artifact BMC\n' }, { at: end, end, text: '\nEMC' });
  }
  for (const [mcid, open] of marks.opens) {
    const tag = tags.get(mcid);
    if (artifacts.has(mcid)) edits.push({ at: open.start, end: open.end, text: '/Artifact BMC' });
    else if (tag && tag !== open.tag) edits.push({ at: open.start, end: open.end, text: `/${tag} ${open.properties} BDC` });
  }
  // By position; where an insertion meets a replacement, the insertion (an EMC) first.
  edits.sort((a, b) => a.at - b.at || a.end - a.at - (b.end - b.at));
  let out = '';
  let done = 0;
  for (const edit of edits) {
    out += text.slice(done, edit.at) + edit.text;
    done = edit.end;
  }
  return out + text.slice(done);
}
