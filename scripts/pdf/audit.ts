// Looks through any PDF for what could identify the person or machine that made
// it: software and versions in Info, XMP, dates, scripts and actions, embedded
// files, local paths, user and host names, and metadata inside embedded images.
// A finding is a reason not to share the file; audit never throws.
import os from 'node:os';
import {
  ParseSpeeds,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFInvalidObject,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFStream,
} from 'pdf-lib';
import type { PDFObject } from 'pdf-lib';
import { inspectJpeg, inspectPng, isJpeg, isPng } from './image-metadata.ts';
import { decodeStream, decodeText, nameText, pdfName } from './objects.ts';
import { isLocalAddress, isScriptAddress } from '../addresses.ts';

/**
 * One reason the PDF could identify someone. Kinds: unreadable, encrypted,
 * truncated, incremental-update, unparsed-object, undecodable-stream, info-tool,
 * info-custom, date, xmp, private-data, javascript, additional-actions, action,
 * embedded-file, file-link, local-uri, annotation-author, path, user-name,
 * host-name, and image-exif, image-gps, image-xmp, image-iptc, image-comment,
 * image-metadata, image-text, image-trailing-data.
 */
export interface Finding {
  kind: string;
  detail: string;
  /** Where in the file: "Info /Creator", "obj 12 0 /A/URI", "obj 7 0 stream". */
  where?: string;
}

/** What the audit accepts as harmless. */
export interface AuditOptions {
  /** The edition date: any other date in Info or XMP is a finding. Without it, dates with a time of day are. */
  allowedDate?: Date;
}

const INFO_STANDARD_KEYS = new Set(['Title', 'Subject', 'Author', 'Keywords', 'Creator', 'Producer', 'CreationDate', 'ModDate', 'Trapped']);
const DOCUMENT_TEXT_KEYS = new Set(['Title', 'Subject', 'Keywords']);
const SOFTWARE = /mozilla|chrom|skia|webkit|gecko|safari|firefox|headless|pdf-?lib|libreoffice|openoffice|microsoft|\bword\b|excel|powerpoint|acrobat|distiller|pdftex|latex|xetex|luatex|ghostscript|cairo|quartz|mac ?os|windows|linux|x11|ubuntu|debian|fedora|wkhtmltopdf|prince|weasyprint|itext|reportlab|pdfium|poppler|inkscape|scribus|indesign|canva|google|pandoc|typst|vivliostyle|paged\.?js/i;
const VERSION = /\d+\.\d+|\/\s*v?\d|\bv\d|\bm\d{2,}/i;
const RISKY_ACTIONS = new Set(['Launch', 'SubmitForm', 'ImportData', 'GoToR', 'GoToE', 'Rendition', 'RichMediaExecute', 'Movie', 'Sound']);
const UNIX_PATH_START = '(?<![A-Za-z0-9_.~%+\\-])';
/**
 * Each with a piece of text every match holds: a text without it is not searched.
 * A page's content stream runs to megabytes, and a search that starts with a
 * lookbehind tries it at every character.
 */
const PATH_PATTERNS: [RegExp, string, string][] = [
  [new RegExp(`${UNIX_PATH_START}/home/[^/\\s()<>\\[\\]"']+`, 'g'), 'home directory', '/home/'],
  [new RegExp(`${UNIX_PATH_START}/root/`, 'g'), "root's home directory", '/root/'],
  [new RegExp(`${UNIX_PATH_START}/Users/[^/\\s()<>\\[\\]"']+`, 'g'), 'macOS home directory', '/Users/'],
  [/[A-Za-z]:[\\/]+(?:Users|Documents and Settings)[\\/]+[^\\/\s()<>"']*/gi, 'Windows home directory', ':'],
  [/\\AppData\\/gi, 'Windows profile folder', '\\'],
  [new RegExp(`${UNIX_PATH_START}/(?:private/)?(?:var/)?tmp/`, 'g'), 'temporary folder', 'tmp/'],
  [new RegExp(`${UNIX_PATH_START}/var/folders/`, 'g'), 'macOS temporary folder', '/var/folders/'],
  [new RegExp(`${UNIX_PATH_START}/run/user/\\d+`, 'g'), 'user runtime folder', '/run/user/'],
  [/file:\/\/[^\s()<>"']*/gi, 'file:// URL', '//'],
];
/** Paths as programs write them: Unix absolute or ~user/, Windows drive or UNC, file: URLs. */
const PATH_TOKEN = new RegExp(
  `${UNIX_PATH_START}(?:~[^/\\s()<>"']*)?/[^\\s()<>\\[\\]"'|]+|(?<![A-Za-z0-9])[A-Za-z]:[\\\\/][^\\s()<>"'|]*|\\\\\\\\[^\\s()<>"'|]+|(?<![A-Za-z])file:[^\\s()<>"']+`,
  'gi',
);
/** login@host, as in a shell prompt, an SSH key comment or git's default e-mail (root@vm.(none)). */
const LOGIN_AT_HOST = /(?<![\w.+%-])([\w.+%-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)/g;
/** Domains that name a machine on a local network rather than a mail service. */
const LOCAL_DOMAIN = /^[^.]+$|\.(?:local|localdomain|lan|home|internal|intranet|localhost)$/i;

/**
 * How a text is searched for this machine's user and host names: `content` where the
 * document's own words may be (bookmarks, tags, links, page streams): only inside paths
 * and login@host; `field` a metadata value: also when the whole value is the name;
 * `tool` a producer or creator string: also as a word; `binary`: not at all.
 */
type NameScope = 'content' | 'field' | 'tool' | 'binary';

/** Audits a PDF for anything that identifies who or where it was made; returns the findings, never throws. */
export async function auditPdf(pdf: Uint8Array, options: AuditOptions = {}): Promise<Finding[]> {
  const findings: Finding[] = [];
  try {
    await auditInto(pdf, options, findings);
  } catch (error) {
    findings.push({ kind: 'unreadable', detail: `could not be read as a PDF (${messageOf(error)}); it cannot be checked` });
  }
  return dedupe(findings);
}

/** Formats findings one per line, "file: kind: detail (where)"; empty string when there are none. */
export function formatFindings(file: string, findings: Finding[]): string {
  return findings.map((f) => `${file}: ${f.kind}: ${f.detail}${f.where ? ` (${f.where})` : ''}`).join('\n');
}

async function auditInto(pdf: Uint8Array, options: AuditOptions, findings: Finding[]): Promise<void> {
  const doc = await PDFDocument.load(pdf, {
    updateMetadata: false,
    ignoreEncryption: true,
    parseSpeed: ParseSpeeds.Fastest,
  });
  const { context } = doc;
  if (context.trailerInfo.Encrypt) {
    findings.push({ kind: 'encrypted', detail: 'the PDF is encrypted: its strings and streams cannot be checked' });
    return;
  }
  checkRevisions(pdf, findings);
  const scanner = makeScanner(findings);

  const info = context.lookup(context.trailerInfo.Info);
  if (info instanceof PDFDict) checkInfo(info, options, scanner, findings);

  const fontPrograms = new Set<string>();
  for (const [, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    for (const key of ['FontFile', 'FontFile2', 'FontFile3']) {
      const ref = object.get(pdfName(key));
      if (ref instanceof PDFRef) fontPrograms.add(ref.tag);
    }
  }

  let invalid = 0;
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (object instanceof PDFInvalidObject) invalid++;
    const where = `obj ${ref.objectNumber} ${ref.generationNumber}`;
    if (info && ref === context.trailerInfo.Info) continue; // done above, with the Info rules
    walkWithPath(object, '', (node, path) => checkNode(node, `${where}${path ? ` ${path}` : ''}`, options, scanner, findings));
    if (object instanceof PDFRawStream) checkStream(object, where, fontPrograms.has(ref.tag), options, scanner, findings);
  }
  if (invalid > 0) {
    findings.push({ kind: 'unparsed-object', detail: `${invalid} object(s) could not be parsed and were not checked` });
  }
}

function checkRevisions(pdf: Uint8Array, findings: Finding[]): void {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  if (!/startxref\s+\d+\s+%%EOF/.test(text.slice(-2048))) {
    findings.push({ kind: 'truncated', detail: 'the file does not end like a PDF (truncated or damaged): parts of it may not have been checked' });
  }
  const eofCount = text.match(/%%EOF/g)?.length ?? 0;
  const linearized = /\/Linearized\s/.test(text.slice(0, 2048));
  if (eofCount > (linearized ? 2 : 1)) {
    findings.push({
      kind: 'incremental-update',
      detail: `${eofCount} revisions: earlier ones may still hold removed metadata; rewrite the file (e.g. qpdf in.pdf out.pdf)`,
    });
  }
}

function checkInfo(info: PDFDict, options: AuditOptions, scanner: Scanner, findings: Finding[]): void {
  for (const [key, value] of info.entries()) {
    const name = nameText(key);
    const where = `Info /${name}`;
    const text = decodeText(info.lookup(key)) ?? String(value);
    if (!INFO_STANDARD_KEYS.has(name)) {
      findings.push({ kind: 'info-custom', detail: `custom Info field /${name} = ${quote(text)}`, where });
    }
    if ((name === 'Creator' || name === 'Producer') && (SOFTWARE.test(text) || VERSION.test(text))) {
      findings.push({ kind: 'info-tool', detail: `${name} names software or a version: ${quote(text)}`, where });
    }
    if (name === 'CreationDate' || name === 'ModDate') {
      checkDate(text, parsePdfDate(text), where, options, findings);
    } else {
      // Title, Subject and Keywords are the document's own words (a zine may be called "Root");
      // Author and custom fields are filled in by programs, often with the login.
      scanner(text, where, name === 'Creator' || name === 'Producer' ? 'tool' : DOCUMENT_TEXT_KEYS.has(name) ? 'content' : 'field');
    }
  }
}

function checkNode(node: PDFObject, where: string, options: AuditOptions, scanner: Scanner, findings: Finding[]): void {
  const text = decodeText(node);
  if (text !== undefined) {
    if (/\/URI$/.test(where) || /\/F$/.test(where)) checkUri(text, where, findings);
    // Creator or Producer of an Info dictionary the trailer does not point at; everything else may be the document's text.
    scanner(text, where, /\/(?:Creator|Producer)$/.test(where) ? 'tool' : 'content');
    return;
  }
  const dict = node instanceof PDFStream ? node.dict : node;
  if (!(dict instanceof PDFDict)) return;
  const get = (key: string) => dict.lookup(pdfName(key));
  const type = get('Type');
  const subtype = get('Subtype');
  const action = get('S');
  if (action === pdfName('JavaScript') || get('JS') !== undefined) {
    findings.push({ kind: 'javascript', detail: 'JavaScript action', where });
  } else if (action instanceof PDFName && RISKY_ACTIONS.has(nameText(action))) {
    findings.push({ kind: 'action', detail: `/${action.decodeText()} action (opens, sends or loads something outside the document)`, where });
  }
  // An Info dictionary the trailer does not point at (an old revision, a damaged file) still says what it says.
  for (const key of ['Creator', 'Producer']) {
    const value = decodeText(get(key));
    if (value !== undefined && (SOFTWARE.test(value) || VERSION.test(value))) {
      findings.push({ kind: 'info-tool', detail: `${key} names software or a version: ${quote(value)}`, where });
    }
  }
  const isAnnot = type === pdfName('Annot') || dict.has(pdfName('Rect'));
  for (const key of isAnnot ? ['CreationDate', 'ModDate', 'M'] : ['CreationDate', 'ModDate']) {
    const value = decodeText(get(key));
    if (value !== undefined) checkDate(value, parsePdfDate(value), `${where} /${key}`, options, findings);
  }
  if (get('AA') !== undefined) findings.push({ kind: 'additional-actions', detail: '/AA additional actions (run on open, close, print …)', where });
  const names = get('JavaScript');
  if (names instanceof PDFDict || names instanceof PDFArray) findings.push({ kind: 'javascript', detail: 'document-level JavaScript (/Names /JavaScript)', where });
  if (get('EmbeddedFiles') !== undefined) findings.push({ kind: 'embedded-file', detail: 'embedded files (/Names /EmbeddedFiles)', where });
  if (get('EF') !== undefined) findings.push({ kind: 'embedded-file', detail: 'file specification with an embedded file (/EF)', where });
  if (get('AF') !== undefined) findings.push({ kind: 'embedded-file', detail: 'associated files (/AF)', where });
  if (type === pdfName('EmbeddedFile')) findings.push({ kind: 'embedded-file', detail: 'embedded file stream', where });
  if (subtype === pdfName('FileAttachment')) findings.push({ kind: 'embedded-file', detail: 'file attachment annotation', where });
  if (type === pdfName('Metadata') || subtype === pdfName('XML')) findings.push({ kind: 'xmp', detail: 'XMP metadata stream', where });
  if (get('PieceInfo') !== undefined) findings.push({ kind: 'private-data', detail: 'application private data (/PieceInfo)', where });
  if (isAnnot && subtype instanceof PDFName && subtype !== pdfName('Link') && subtype !== pdfName('Widget')) {
    const author = decodeText(get('T'));
    if (author) findings.push({ kind: 'annotation-author', detail: `/${subtype.decodeText()} annotation by ${quote(author)}`, where });
  }
}

function checkUri(uri: string, where: string, findings: Finding[]): void {
  if (/^\s*file:/i.test(uri)) {
    findings.push({ kind: 'file-link', detail: `link to a local file ${quote(uri)}`, where });
  } else if (isScriptAddress(uri)) {
    findings.push({ kind: 'script-link', detail: `link that runs a script or opens embedded data ${quote(uri)}`, where });
  } else if (isLocalAddress(uri)) {
    findings.push({ kind: 'local-uri', detail: `link to a local or private address ${quote(uri)}`, where });
  }
}

function checkStream(
  stream: PDFRawStream,
  where: string,
  isFontProgram: boolean,
  options: AuditOptions,
  scanner: Scanner,
  findings: Finding[],
): void {
  const streamWhere = `${where} stream`;
  let decoded;
  try {
    decoded = decodeStream(stream);
  } catch (error) {
    findings.push({ kind: 'undecodable-stream', detail: `stream could not be decoded (${messageOf(error)}), so it was not checked`, where: streamWhere });
    return;
  }
  const { bytes, imageFilter } = decoded;
  const isImage = stream.dict.lookup(pdfName('Subtype')) === pdfName('Image') || imageFilter !== undefined;
  const image = isJpeg(bytes) ? inspectJpeg(bytes) : isPng(bytes) ? inspectPng(bytes) : [];
  for (const finding of image) findings.push({ ...finding, where: streamWhere });

  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (/<x:xmpmeta|<\?xpacket/.test(text)) {
    if (image.length === 0 && stream.dict.lookup(pdfName('Type')) !== pdfName('Metadata')) {
      findings.push({ kind: 'xmp', detail: 'XMP packet inside a stream', where: streamWhere });
    }
    for (const match of text.matchAll(/<(\w+:\w*Date)>([^<]+)<|(\w+:\w*Date)="([^"]+)"/g)) {
      const value = (match[2] ?? match[4])!;
      checkDate(value, parseIsoDate(value), `${streamWhere} ${match[1] ?? match[3]}`, options, findings);
    }
    // Each XMP value is a metadata field (same where as the whole-stream scan below, so findings merge).
    for (const match of text.matchAll(/<([\w-]+:[\w-]+)(?:\s[^<>]*)?>([^<]*)<\/\1>|\s([\w-]+:[\w-]+)="([^"]*)"/g)) {
      const field = (match[1] ?? match[3])!;
      scanner(match[2] ?? match[4] ?? '', streamWhere, /(?:CreatorTool|Producer)$/.test(field) ? 'tool' : 'field');
    }
  }
  if (image.length === 0 && imageFilter && /Exif\0\0/.test(text)) {
    findings.push({ kind: 'image-exif', detail: `EXIF block inside a /${imageFilter} image`, where: streamWhere });
  }
  // Pixels and glyph programs are binary: a short name would match by chance, a path would not.
  scanner(text, streamWhere, isImage || isFontProgram ? 'binary' : 'content');
}

type Scanner = (text: string, where: string, scope: NameScope) => void;

function makeScanner(findings: Finding[]): Scanner {
  const names = new Map<string, 'user-name' | 'host-name'>();
  const addName = (name: string | undefined, kind: 'user-name' | 'host-name') => {
    if (name && name.length > 2) names.set(name, kind);
  };
  try {
    addName(os.userInfo().username, 'user-name');
  } catch {
    // No passwd entry (some containers): nothing to look for.
  }
  addName(os.hostname(), 'host-name');
  addName(os.hostname().split('.')[0], 'host-name');
  const namePatterns = [...names].map(([name, kind]) => ({
    kind,
    name,
    pattern: new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(name)}(?![A-Za-z0-9])`, 'i'),
  }));

  /**
   * Whether namesAsProgramsWriteThem could find one of the names in `text`: a login@host
   * needs an @, and the folders of a path are the text's own characters, unless
   * %-escaped (in Latin-1, lower-casing a text lower-cases each character on its own).
   * Page streams hold neither the names nor an @, and reading all their paths (every
   * /F1 and /Span is one) would take most of the audit.
   */
  const mayWriteNames = (text: string) => {
    if (text.includes('@') || text.includes('%') || /[^\x00-\xff]/.test(text)) return true;
    const lower = text.toLowerCase();
    return namePatterns.some(({ name }) => lower.includes(name.toLowerCase()));
  };
  const none = { folders: new Set<string>(), logins: new Set<string>(), hosts: new Set<string>() };

  return (text, where, scope) => {
    for (const [pattern, label, hint] of PATH_PATTERNS) {
      if (!text.includes(hint)) continue;
      pattern.lastIndex = 0;
      const match = pattern.exec(text);
      if (match) findings.push({ kind: 'path', detail: `${label} ${quote(match[0])}`, where });
    }
    if (scope === 'binary') return;
    const written = mayWriteNames(text) ? namesAsProgramsWriteThem(text) : none;
    for (const { kind, name, pattern } of namePatterns) {
      const lower = name.toLowerCase();
      const found =
        written.folders.has(lower) ||
        (kind === 'user-name' ? written.logins : written.hosts).has(lower) ||
        (scope === 'field' && text.trim().toLowerCase() === lower) ||
        (scope === 'tool' && pattern.test(text));
      if (found) {
        const what = kind === 'user-name' ? 'user name' : 'host name';
        findings.push({ kind, detail: `this machine's ${what} ${quote(name)}`, where });
      }
    }
  };
}

/**
 * The lower-cased words of `text` that sit where a program puts a user or host name:
 * folders of a path or file: URL (/home/NAME, C:\Users\NAME, \\HOST\share, ~NAME/),
 * the host of login@host, and the login too when the host is a machine, not a mail domain.
 */
function namesAsProgramsWriteThem(text: string): { folders: Set<string>; logins: Set<string>; hosts: Set<string> } {
  const folders = new Set<string>();
  const logins = new Set<string>();
  const hosts = new Set<string>();
  for (const [path] of text.matchAll(PATH_TOKEN)) {
    let decoded = path;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      // A stray % is not an escape: keep the path as written.
    }
    for (const segment of decoded.split(/[\\/]+/)) folders.add(segment.replace(/^~/, '').toLowerCase());
  }
  for (const [, login, host] of text.matchAll(LOGIN_AT_HOST)) {
    hosts.add(host!.toLowerCase());
    if (LOCAL_DOMAIN.test(host!)) {
      hosts.add(host!.split('.')[0]!.toLowerCase());
      logins.add(login!.toLowerCase());
    }
  }
  return { folders, logins, hosts };
}

function checkDate(text: string, parsed: ParsedDate | undefined, where: string, options: AuditOptions, findings: Finding[]): void {
  if (!parsed) {
    findings.push({ kind: 'date', detail: `unreadable date ${quote(text)}`, where });
    return;
  }
  const iso = parsed.date.toISOString().replace('.000', '');
  if (parsed.offsetMinutes !== 0) {
    findings.push({ kind: 'date', detail: `date ${quote(text)} carries a local time-zone offset (tells where it was made)`, where });
  }
  if (options.allowedDate) {
    if (parsed.date.getTime() !== options.allowedDate.getTime()) {
      const allowed = options.allowedDate.toISOString().replace('.000', '');
      findings.push({ kind: 'date', detail: `date ${iso} is not the edition date ${allowed}`, where });
    }
  } else if (parsed.date.getTime() % 86_400_000 !== 0) {
    findings.push({ kind: 'date', detail: `date ${iso} has a time of day (the build time?); pass the edition date to accept it`, where });
  }
}

interface ParsedDate {
  date: Date;
  /** Offset from UTC written in the string; 0 for Z or none. */
  offsetMinutes: number;
}

/** Parses a PDF date "D:YYYYMMDDHHmmSSOHH'mm'" (every part after the year optional). */
export function parsePdfDate(text: string): ParsedDate | undefined {
  const m = /^\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:(Z)|([+-])(\d{2})'?(?:(\d{2})'?)?)?\s*$/.exec(text);
  if (!m) return undefined;
  const n = (s: string | undefined, fallback: number) => (s === undefined ? fallback : Number(s));
  const offsetMinutes = m[8] ? (m[8] === '-' ? -1 : 1) * (n(m[9], 0) * 60 + n(m[10], 0)) : 0;
  const utc = Date.UTC(n(m[1], 0), n(m[2], 1) - 1, n(m[3], 1), n(m[4], 0), n(m[5], 0), n(m[6], 0)) - offsetMinutes * 60_000;
  return Number.isNaN(utc) ? undefined : { date: new Date(utc), offsetMinutes };
}

function parseIsoDate(text: string): ParsedDate | undefined {
  const m = /^\s*(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|([+-])(\d{2}):(\d{2}))?)?)?)?\s*$/.exec(text);
  if (!m) return undefined;
  const n = (s: string | undefined, fallback: number) => (s === undefined ? fallback : Number(s));
  const offsetMinutes = m[8] ? (m[8] === '-' ? -1 : 1) * (n(m[9], 0) * 60 + n(m[10], 0)) : 0;
  const utc = Date.UTC(n(m[1], 0), n(m[2], 1) - 1, n(m[3], 1), n(m[4], 0), n(m[5], 0), n(m[6], 0)) - offsetMinutes * 60_000;
  return Number.isNaN(utc) ? undefined : { date: new Date(utc), offsetMinutes };
}

/** Like walkObject, with the key path ("/A/URI", "/Kids[2]") of each node inside its indirect object. */
function walkWithPath(object: PDFObject | undefined, path: string, visit: (node: PDFObject, path: string) => void): void {
  if (object === undefined) return;
  visit(object, path);
  const dict = object instanceof PDFStream ? object.dict : object;
  if (dict instanceof PDFDict) {
    for (const [key, value] of dict.entries()) walkWithPath(value, `${path}/${nameText(key)}`, visit);
  } else if (dict instanceof PDFArray) {
    dict.asArray().forEach((item, i) => walkWithPath(item, `${path}[${i}]`, visit));
  }
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.kind}\0${f.detail}\0${f.where ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function quote(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, '.');
  return `"${clean.length > 120 ? `${clean.slice(0, 117)}…` : clean}"`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}
