// One error path: every problem of a zine in one run, each at its line with its fix.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { suggestKey } from '../scripts/config.ts';
import { formatError, formatProblem, problem, ZineError } from '../scripts/errors.ts';
import { readFrontMatter } from '../scripts/markdown/frontmatter.ts';
import { chromiumUnder } from './faults/processes.ts';

const front = (extra = '') => `---\ntitle: Tract\nlang: fr\nedition: 1\ndate: 2026-11-25\n${extra}---\n`;

/** A content folder holding one zine with this index.md. */
function zineWith(text: string): string {
  const content = mkdtempSync(join(tmpdir(), 'zinepress-errors-'));
  mkdirSync(join(content, 'tract'));
  writeFileSync(join(content, 'tract', 'index.md'), text);
  return content;
}

/** The ZineError a build of `text` stops with (no browser is started: these are content errors); `log` gets the warnings. */
async function errorOf(text: string, log?: (line: string) => void): Promise<ZineError> {
  const error = await build({ zines: ['tract'], contentDir: zineWith(text), outputDir: mkdtempSync(join(tmpdir(), 'zinepress-errors-out-')), browserPath: '/nonexistent', log }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ZineError);
  return error as ZineError;
}

describe('formatProblem', () => {
  it('prints file:line:column, the severity, the reason and the fix', () => {
    expect(formatProblem(problem('bad link', { file: 'a/index.md', line: 12, column: 3, fix: 'link to a web address' }))).toBe('a/index.md:12:3: error: bad link\n  fix: link to a web address');
    expect(formatProblem(problem('heavy', { file: 'a/index.md' }, { warning: true }))).toBe('a/index.md: warning: heavy');
    expect(formatProblem(problem('no browser', { fix: 'install one' }))).toBe('error: no browser\n  fix: install one');
  });
});

describe('a build reports every content error in one run', () => {
  const links = ['[a](file:///etc/passwd)', '[b](javascript:alert(1))', '[c](/home/me/notes.txt)', '[d](#nowhere)', '[e](http://192.168.1.1/)', '[f](flyer.pdf)', '[g](umbrella://open)'];

  it('seven bad links: four errors and three warnings, each at its line, before any browser starts', async () => {
    const warnings: string[] = [];
    const error = await errorOf(`${front()}\n# Titre\n\n${links.join('\n\n')}\n`, (line) => warnings.push(line));
    expect(error.problems).toHaveLength(4);
    expect(error.problems.map((p) => p.line)).toEqual([10, 12, 16, 18]);
    for (const found of error.problems) expect(found.note).toBeTruthy();
    const printed = formatError(error);
    expect(printed).toMatch(/tract\/index\.md:10:\d+: error: the link "file:\/\/\/etc\/passwd"/);
    expect(printed).toMatch(/4 errors$/);
    // The browser path does not exist: had the build gone on to render, the error would say so.
    expect(printed).not.toMatch(/browser/);
    // A link a PDF cannot follow (relative with no base, an app's scheme) loses its link, with a warning.
    expect(warnings).toEqual([
      expect.stringMatching(/^.*tract\/index\.md:14:\d+: warning: the link "\/home\/me\/notes\.txt" is relative to a website the zine does not name.*\n {2}fix: add `base:`/),
      expect.stringMatching(/^.*tract\/index\.md:20:\d+: warning: the link "flyer\.pdf" is relative/),
      expect.stringMatching(/^.*tract\/index\.md:22:\d+: warning: the link "umbrella:\/\/open" opens the "umbrella:" scheme/),
    ]);
  });

  it('with strictLinks: true, the same seven links are seven errors', async () => {
    const error = await errorOf(`${front('strictLinks: true\n')}\n# Titre\n\n${links.join('\n\n')}\n`);
    expect(error.problems.map((p) => p.line)).toEqual([11, 13, 15, 17, 19, 21, 23]);
    expect(error.problems[2]!.reason).toBe('the link "/home/me/notes.txt" is relative to a website the zine does not name, so a shared PDF cannot follow it (strictLinks is on)');
    expect(formatError(error)).toMatch(/7 errors$/);
  });

  it('with a base address, relative links are no problem: only the four errors are left', async () => {
    const error = await errorOf(`${front('base: https://example.org/tract/\n')}\n# Titre\n\n${links.join('\n\n')}\n`);
    expect(error.problems.map((p) => p.line)).toEqual([11, 13, 17, 19]);
  });

  it('closes the browser it started meanwhile: no Chromium is left behind a content error', async () => {
    const error = await build({ zines: ['tract'], contentDir: zineWith(`${front()}\n[x](file:///x)\n`), outputDir: mkdtempSync(join(tmpdir(), 'zinepress-errors-out-')) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZineError);
    expect(chromiumUnder(process.pid)).toEqual([]);
  });

  it('front-matter and text errors together', async () => {
    const error = await errorOf(`${front('flavour: red\nbooklet:\n  creepMm: 0.2\n')}\n# Titre\n\n[x](file:///x)\n`);
    const reasons = error.problems.map((p) => `${p.line}: ${p.reason}`);
    expect(reasons).toEqual([
      expect.stringMatching(/^6: unknown key "flavour"/),
      expect.stringMatching(/^8: unknown key "creepMm"; did you mean "paperThicknessMm"\?/),
      expect.stringMatching(/^13: the link "file:\/\/\/x" is not a web address/),
    ]);
  });
});

describe('front-matter values that used to pass the schema and fail later', () => {
  it('date: 2026-02-30 is an error at its line, not a crash after rendering', () => {
    const { problems } = readFrontMatter(front().replace('2026-11-25', '2026-02-30'), 'index.md');
    expect(problems.map((p) => [p.line, p.reason])).toEqual([[5, 'date: no such day in the calendar; write a real date, e.g. 2026-02-28']]);
    // A real 29 February, and dates YAML has already read as dates.
    expect(readFrontMatter(front().replace('2026-11-25', '2028-02-29'), 'index.md').problems).toEqual([]);
    expect(readFrontMatter(front().replace('2026-11-25', '2026-13-01'), 'index.md').problems).toHaveLength(1);
    // Year 1 became 1901 in the PDF, and the audit then refused the build's own date.
    expect(readFrontMatter(front().replace('2026-11-25', '0001-01-01'), 'index.md').problems.map((p) => p.reason)).toEqual(['date: a year from 1900 on, e.g. 2026-11-25']);
  });

  it('refuses an empty title or edition, a form named twice and an absurd budget at their lines', () => {
    const check = (from: string, to: string) => readFrontMatter(front().replace(from, to), 'index.md').problems.map((p) => [p.line, p.reason]);
    expect(check('title: Tract', 'title: "  "')).toEqual([[2, 'title: is empty']]);
    expect(check('edition: 1', 'edition: " "')).toEqual([[4, expect.stringMatching(/^edition: /)]]);
    expect(check('date: 2026-11-25', 'date: 2026-11-25\nimpose: [booklet, booklet]')).toEqual([[6, 'impose: names a form twice; list each once']]);
    expect(check('date: 2026-11-25', 'date: 2026-11-25\nbudgetKb: 99999999999')).toEqual([[6, expect.stringMatching(/^budgetKb: /)]]);
  });
});

describe('unknown keys', () => {
  it('suggest the key other tools call by that name, or the nearest spelling', () => {
    const known = ['title', 'subtitle', 'lang', 'publisher', 'licence', 'website', 'contents', 'edition'];
    expect(suggestKey('license', known)).toBe('licence');
    expect(suggestKey('author', known)).toBe('publisher');
    expect(suggestKey('description', known)).toBe('subtitle');
    expect(suggestKey('language', known)).toBe('lang');
    expect(suggestKey('titel', known)).toBe('title');
    expect(suggestKey('Website', known)).toBe('website');
    expect(suggestKey('colour', known)).toBeUndefined();
  });

  it('say so in the message, at the key’s line', () => {
    const { problems } = readFrontMatter(front('license: CC BY-SA\nauthor: Nous\ndescription: Un guide\n'), 'index.md');
    expect(problems.map((p) => [p.line, p.reason.split(' Known keys')[0]])).toEqual([
      [6, 'unknown key "license"; did you mean "licence"?'],
      [7, 'unknown key "author"; did you mean "publisher"?'],
      [8, 'unknown key "description"; did you mean "subtitle"?'],
    ]);
  });
});
