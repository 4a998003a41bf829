// The whole pipeline on a hostile zine: a web page pasted into index.md, with
// scripts, frames, tracking pixels, styles, handlers and a form, all aimed at a
// trap server. The build makes a clean PDF and names each removal by its line;
// what cannot be printed safely (remote images, links to files or scripts)
// stops the build with file:line. Nothing ever reaches the trap.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { formatError, ZineError } from '../../scripts/errors.ts';
import { auditPdf } from '../../scripts/pdf/audit.ts';
import { editionDate } from '../../scripts/pdf/metadata.ts';
import { letters, pageTexts } from '../helpers/pdf-text.ts';
import { openTrap, pdfinfoJavaScript, scriptNames, type Trap } from './helpers.ts';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'zines', 'hostile-web-page');
const source = readFileSync(join(fixture, 'index.md'), 'utf8');
let trap: Trap;

/** A content folder holding the fixture aimed at the trap, with `extra` appended to index.md (and `strictLinks: true` with `strict`). */
function hostileZine(extra = '', { strict = false } = {}): string {
  const contentDir = mkdtempSync(join(tmpdir(), 'zinepress-hostile-'));
  cpSync(fixture, join(contentDir, 'hostile-web-page'), { recursive: true });
  const host = trap.http.replace('http://', '');
  const text = strict ? source.replace('\n---\n', '\nstrictLinks: true\n---\n') : source;
  writeFileSync(join(contentDir, 'hostile-web-page', 'index.md'), text.replaceAll('TRAP', host) + extra);
  return contentDir;
}

/** 1-based line of the fixture that contains `text`. */
const lineOf = (text: string) => source.split('\n').findIndex((line) => line.includes(text)) + 1;

beforeAll(async () => {
  trap = await openTrap();
});
afterAll(async () => trap?.close());

describe('a hostile web page as a zine', () => {
  const log: string[] = [];
  let pdf: Uint8Array;

  beforeAll(async () => {
    const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-hostile-out-'));
    await build({ zines: ['hostile-web-page'], contentDir: hostileZine(), outputDir, log: (line) => log.push(line) });
    pdf = new Uint8Array(readFileSync(join(outputDir, 'hostile-web-page', 'hostile-web-page.pdf')));
    await new Promise((resolve) => setTimeout(resolve, 500));
  });

  it('sends nothing to the network', () => {
    expect(trap.requests).toEqual([]);
    expect(trap.connections).toBe(0);
  });

  it('warns about each removal at its Markdown line', () => {
    const warnings = log.filter((line) => line.includes(': warning: removed'));
    const expected: [string, RegExp][] = [
      ['<link rel="stylesheet"', /removed <link href=/],
      ['<meta http-equiv', /removed <meta>/],
      ['<base href', /removed <base href=/],
      ['<style>@import', /removed <style> and its content/],
      ['<script src=', /removed <script src=/],
      ['<script>fetch', /removed <script> and its content/],
      ['<p style=', /removed style="background-image: url/],
      ['<p style=', /removed onclick="steal\(\)"/],
      ['onerror=', /removed onerror=/],
      ['<iframe', /removed <iframe src=/],
      ['<object', /removed <object data=/],
      ['<embed', /removed <embed src=/],
      ['<noscript>', /removed <noscript> and its content/],
      ['<svg onload', /removed <svg> and its content/],
      ['<form action', /removed <form action=/],
      ['<input type="email"', /removed <input>/],
      ['<video poster', /removed <video src=/],
      ['<div class="share-box"', /removed class="cover" from <span>/],
      ['<div class="share-box"', /removed onmouseover=/],
      ['<tr><th', /removed style="color: red" from <td>/],
    ];
    for (const [text, reason] of expected) {
      const line = lineOf(text);
      expect(warnings.some((warning) => new RegExp(`index\\.md:${line}(:\\d+)?: warning:`).test(warning) && reason.test(warning)), `line ${line}: ${reason}`).toBe(true);
    }
  });

  it('prints the text that was safe to keep, and the local image', () => {
    const text = letters(pageTexts(writeTemp(pdf)).join('\n'));
    expect(text).toContain(letters('A paragraph with inline style and a click handler.'));
    expect(text).toContain(letters('The text does, with SR, H2O, x2 and marks.'));
    expect(text).toContain(letters('Signal'));
    expect(text).not.toContain(letters('fetch('));
  });

  it('makes a PDF with no script, no action and nothing identifying', async () => {
    expect(scriptNames(pdf)).toEqual([]);
    expect(pdfinfoJavaScript(pdf)).toBe('no');
    expect(await auditPdf(pdf, { allowedDate: editionDate('2026-11-25') })).toEqual([]);
  });
});

describe('what stops the build, with file:line, before the browser starts', () => {
  // Relative links lose their link with a warning unless strictLinks is on: the last two stop the build only then.
  const cases: [string, string, RegExp, { strict?: boolean }?][] = [
    ['a remote image in Markdown', '![pixel](http://TRAP/md-pixel.gif)', /not a file in the zine folder/],
    ['a remote image in raw HTML (a tracking pixel)', '<img src="http://TRAP/pixel.gif" width="1" height="1">', /not a file in the zine folder/],
    ['a data: image in raw HTML', '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">', /not a file in the zine folder/],
    ['an image outside the zine folder', '<img src="../../../../etc/passwd">', /leaves the zine folder/],
    ['a javascript: link in Markdown', '[click](javascript:alert(1))', /would run a script/],
    ['a javascript: link in raw HTML', '<a href="javascript:alert(1)">click</a>', /would run a script/],
    ['a data: link', '<a href="data:text/html,<script>alert(1)</script>">open</a>', /would run a script/],
    ['a file: link', '[passwords](file:///etc/passwd)', /cannot open local files/],
    ['a link to no section', '[see below](#nowhere)', /goes to no section/],
    ['a relative link to a file, with strictLinks', '[the flyer](flyer.pdf)', /is relative to a website the zine does not name/, { strict: true }],
    ['an absolute path, with strictLinks', '<a href="/home/me/notes.txt">notes</a>', /is relative to a website the zine does not name/, { strict: true }],
  ];
  for (const [name, line, reason, { strict = false } = {}] of cases) {
    it(name, async () => {
      const host = trap.http.replace('http://', '');
      const contentDir = hostileZine(`\n${line.replaceAll('TRAP', host)}\n`, { strict });
      const error = await build({ zines: ['hostile-web-page'], contentDir, outputDir: mkdtempSync(join(tmpdir(), 'zinepress-hostile-out-')) }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ZineError);
      expect(formatError(error as ZineError)).toMatch(new RegExp(`index\\.md:${source.split('\n').length + 1 + (strict ? 1 : 0)}:\\d+: error: `));
      expect((error as ZineError).message).toMatch(reason);
      expect((error as ZineError).hint).toBeTruthy();
      expect(trap.requests).toEqual([]);
    });
  }
});

function writeTemp(bytes: Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'zinepress-hostile-pdf-')), 'hostile.pdf');
  writeFileSync(path, bytes);
  return path;
}

describe('a request refused by the browser', () => {
  it('is reported at the line of the zine that names it: whole address, file name or host', async () => {
    const { lineAsking } = await import('../../scripts/checks.ts');
    const source = ['---', 'title: T', '---', '', 'Texte.', '<div class="x">http://127.0.0.1:8765/pixel.gif</div>', 'Un fond : fond-secret.png', 'Chez tracker.example.org.', ''].join('\n');
    expect(lineAsking(source, 'http://127.0.0.1:8765/pixel.gif')).toBe(6);
    expect(lineAsking(source, 'about:blank/fond-secret.png')).toBe(7);
    expect(lineAsking(source, 'https://tracker.example.org/a/b')).toBe(8);
    expect(lineAsking(source, 'https://elsewhere.example/')).toBeUndefined();
    expect(lineAsking('', 'http://x/')).toBeUndefined();
  });
});
