// Broken input: each case is a good PDF, or exit 1 with file:line and what to do.
// Never a stack trace, never a hang. Big inputs are generated here, not committed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type ZineManifest } from '../../scripts/build.ts';
import { letters, pageTexts } from '../helpers/pdf-text.ts';
import { pdfInfo } from '../helpers/poppler.ts';
import { contentFolder, frontMatter, randomText, runBuild } from './helpers.ts';

/** Exit 1, "<zine>/index.md:<line>[:<column>]: error: <message>", a fix: line, no stack trace. */
async function expectContentError(content: string, zine: string, line: number | undefined, message: RegExp) {
  const { status, stderr } = await runBuild([zine, '--content', content, '--output', mkdtempSync(join(tmpdir(), 'zinepress-input-out-'))]);
  expect(status, stderr).toBe(1);
  const where = line === undefined ? ':' : `:${line}(:\\d+)?:`;
  expect(stderr).toMatch(new RegExp(`${zine}/index\\.md${where} error: `));
  expect(stderr).toMatch(message);
  expect(stderr).toMatch(/\n {2}fix: \S/);
  expect(stderr).not.toMatch(/\n\s+at |unexpected failure/);
}

const longWord = randomText(5000, 'abcdefghijklmnopqrstuvwxyz', 7);
const longUrl = `https://example.org/${randomText(4980, 'abcdefghijklmnopqrstuvwxyz0123456789', 11)}`;
const crlfText = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'zines', 'bom-crlf', 'index.md'));

describe('broken input that stops the build with file:line', () => {
  it('an empty file', async () => {
    await expectContentError(contentFolder({ copy: ['empty'] }), 'empty', undefined, /error: the file is empty/);
  });

  it('binary garbage (with NUL bytes, and without)', async () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    const noNul = garbage.map((byte) => (byte === 0 ? 0xff : byte | 0x80));
    const content = contentFolder({ write: { binary: garbage, 'binary-no-nul': noNul } });
    await expectContentError(content, 'binary', 1, /not a text file \(it contains NUL bytes\)/);
    await expectContentError(content, 'binary-no-nul', 1, /not valid UTF-8/);
  });

  it('a Latin-1 file: the line of the first bad byte, and how to convert it', async () => {
    const { stderr } = await runBuild(['latin1', '--content', contentFolder({ copy: ['latin1'] })]);
    expect(stderr).toMatch(/latin1\/index\.md:8: error: the file is not valid UTF-8/);
    expect(stderr).toMatch(/fix: convert it, e\.g\. `iconv -f latin1 -t utf-8/);
  });

  it('malformed YAML: the line where the unclosed quote opens', async () => {
    await expectContentError(contentFolder({ copy: ['malformed-yaml'] }), 'malformed-yaml', 6, /malformed front matter: Missing closing "quote/);
  });

  it('a zine folder without index.md', async () => {
    await expectContentError(contentFolder({ write: { 'no-index': null } }), 'no-index', undefined, /the zine folder has no index\.md/);
  });

  it('lists nested 1,000 deep: refused at the line, in well under a second (remark alone takes ~47 s, then overflows the stack)', async () => {
    const lists = Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- item ${i + 1}`).join('\n');
    const started = performance.now();
    // Line 7 of the file is the first item; the item indented past 200 columns is item 101.
    await expectContentError(contentFolder({ write: { nested: `${frontMatter('Nested')}${lists}\n` } }), 'nested', 107, /nested too deeply/);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('lists nested 60 deep with short indents, and quotes nested 1,000 deep: refused at the line', async () => {
    // "- - - …" nests a list per marker on one line; 60 levels pass the prefix check and fail on the tree.
    const content = contentFolder({
      write: {
        'nested-tree': `${frontMatter('Nested')}\ntext\n\n${Array.from({ length: 60 }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n')}\n`,
        quotes: `${frontMatter('Quotes')}\n${'>'.repeat(1000)} deep\n`,
      },
    });
    await expectContentError(content, 'nested-tree', 59, /nested too deeply here: more than 100 elements inside each other/);
    await expectContentError(content, 'quotes', 8, /nested too deeply/);
  });
});

describe('odd things in a zine folder: a clear error, never a trace or a hang', () => {
  const threeGB = 3 * 1024 ** 3;

  it('an index.md that is a folder', async () => {
    const content = contentFolder({ write: { folder: null } });
    mkdirSync(join(content, 'folder', 'index.md'));
    await expectContentError(content, 'folder', undefined, /error: index\.md is a folder, not a file\n {2}fix: replace .*folder\/index\.md with a text file/);
  });

  it('an index.md that is a named pipe (FIFO) no one writes to: refused at once', { timeout: 20_000 }, async () => {
    const content = contentFolder({ write: { fifo: null } });
    execFileSync('mkfifo', [join(content, 'fifo', 'index.md')]);
    await expectContentError(content, 'fifo', undefined, /error: index\.md is a named pipe \(FIFO\), not a file/);
  });

  it('an index.md of 3 GB (sparse): refused, with its size', async () => {
    const content = contentFolder({ write: { huge: frontMatter('Huge') } });
    truncateSync(join(content, 'huge', 'index.md'), threeGB);
    try {
      await expectContentError(content, 'huge', undefined, /error: the file is 3072 MB: more than a zine's text can be \(at most 100 MB\)/);
    } finally {
      rmSync(content, { recursive: true });
    }
  });

  it('a 3 GB file beside index.md (a video left there): the source fingerprint reads it in chunks, and the zine builds', async () => {
    const content = contentFolder({ write: { video: `${frontMatter('Video')}\nA zine with a big file beside it.\n` } });
    const output = mkdtempSync(join(tmpdir(), 'zinepress-input-out-'));
    writeFileSync(join(content, 'video', 'film.mp4'), '');
    truncateSync(join(content, 'video', 'film.mp4'), threeGB);
    try {
      const { status, stderr } = await runBuild(['video', '--content', content, '--output', output]);
      expect(status, stderr).toBe(0);
      const manifest = JSON.parse(readFileSync(join(output, 'video', 'manifest.json'), 'utf8')) as ZineManifest;
      expect(manifest.sources).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      rmSync(content, { recursive: true });
      rmSync(output, { recursive: true });
    }
  });
});

describe('broken input that still makes a good PDF (one build, one browser)', () => {
  const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-input-out-'));
  const content = contentFolder({
    copy: ['only-front-matter', 'bom-crlf', 'wide-table'],
    write: {
      // The BOM/CRLF fixture's twin: same text, no BOM, LF line ends.
      'lf-twin': new TextDecoder().decode(crlfText).replace(/\r\n/g, '\n'),
      'long-word': `${frontMatter('Long word')}\n# A long word\n\n${longWord}\n\nAnd a long address: <${longUrl}>\n`,
    },
  });
  const pdf = (zine: string) => join(outputDir, zine, `${zine}.pdf`);
  let manifests: ZineManifest[];
  const log: string[] = [];

  beforeAll(async () => {
    manifests = await build({ zines: ['only-front-matter', 'bom-crlf', 'lf-twin', 'long-word', 'wide-table'], contentDir: content, outputDir, log: (line) => log.push(line) });
  });

  it('only front matter: cover and back cover, no empty page', () => {
    expect(manifests.find((m) => m.zine === 'only-front-matter')!.pages).toBe(2);
    const pages = pageTexts(pdf('only-front-matter'));
    expect(pages).toHaveLength(2);
    expect(letters(pages[0]!)).toContain(letters('Only the front matter'));
    expect(letters(pages[1]!)).toContain(letters('A back cover and no body'));
    expect(log.join('\n')).not.toMatch(/only-front-matter.*warning/);
  });

  it('a UTF-8 BOM and CRLF line ends: the same text as with LF', () => {
    // The two differ only in the colophon's fingerprint of the sources.
    const text = (zine: string) => pageTexts(pdf(zine)).join('\f').replace(/\b[0-9a-f]{12}\b/g, '<fingerprint>');
    const crlf = pageTexts(pdf('bom-crlf'));
    expect(text('bom-crlf')).toBe(text('lf-twin'));
    expect(crlf.join('')).not.toMatch(/\uFEFF|\r/);
    expect(letters(crlf.join(' '))).toContain(letters('This file starts with a UTF-8 byte order mark and ends its lines with CR LF.'));
  });

  it('a 5,000-character word and a 5,000-character URL wrap onto the next pages, every character there', () => {
    // The build fails on overflow, so getting here means nothing stuck out of a page.
    // Inner pages without their running header (first line) and page number (last line).
    const bodies = pageTexts(pdf('long-word')).slice(1, -1).map((page) => page.split('\n').filter((line) => line.trim() !== '').slice(1, -1).join(''));
    const text = letters(bodies.join(''));
    expect(text).toContain(longWord);
    expect(text).toContain(letters(longUrl));
    expect(pdfInfo(pdf('long-word')).pages).toBeGreaterThan(4);
  });

  it('a table of 30 columns of long words fits the page', () => {
    // Words break anywhere inside 30 narrow cells and pdftotext reads across the
    // row, so compare letter counts: every letter of the table is in the PDF.
    const count = (text: string) => [...letters(text)].reduce((counts, letter) => counts.set(letter, (counts.get(letter) ?? 0) + 1), new Map<string, number>());
    const source = readFileSync(join(content, 'wide-table', 'index.md'), 'utf8').split('\n').filter((line) => line.startsWith('| ')).join(' ');
    const printed = count(pageTexts(pdf('wide-table')).join(' '));
    for (const [letter, times] of count(source)) expect(printed.get(letter) ?? 0, letter).toBeGreaterThanOrEqual(times);
    expect(letters(pageTexts(pdf('wide-table')).join(' '))).toContain(letters('A paragraph after the table'));
  });
});
