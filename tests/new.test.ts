// `zinepress new`: a scaffold in every language that builds at once through
// Chromium with no warning, every front-matter key written out, and no overwrite.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { frontMatterKeys } from '../scripts/config.ts';
import { runMain } from './helpers/cli.ts';
import { readFrontMatter } from '../scripts/markdown/frontmatter.ts';

const root = mkdtempSync(join(tmpdir(), 'zinepress-new-'));
const contentDir = join(root, 'content');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The command in this process; `stderr` is all it printed. */
const run = async (...argv: string[]) => {
  const { status, out } = await runMain(...argv);
  return { status, stderr: out };
};

describe('zinepress new', () => {
  it('scaffolds a zine with every front-matter key, a section, a callout and a picture, and says what to run next', async () => {
    const { status, stderr } = await run('new', 'first-zine', '--content', contentDir);
    expect(status).toBe(0);
    expect(stderr).toContain(`next: npm run watch -- first-zine --content ${contentDir}`);
    const index = readFileSync(join(contentDir, 'first-zine', 'index.md'), 'utf8');
    for (const { key } of frontMatterKeys()) expect(index).toMatch(new RegExp(`^(# )?( {2})?${key.split('.').at(-1)}: `, 'm'));
    expect(index).toMatch(/^:::attention$/m);
    expect(index).toMatch(/!\[[^\]]+\]\(images\/placeholder\.png/);
    expect(readFileSync(join(contentDir, 'first-zine', 'images', 'placeholder.png')).subarray(1, 4).toString()).toBe('PNG');
    const { config, problems } = readFrontMatter(index, 'index.md');
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ lang: 'en', edition: 1, impose: ['booklet'] });
  });

  it('refuses to overwrite a zine (exit 2) and bad names or languages', async () => {
    const again = await run('new', 'first-zine', '--content', contentDir);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/first-zine already exists: zinepress new never overwrites a zine/);
    expect((await run('new', '../escape', '--content', contentDir)).status).toBe(2);
    expect((await run('new', 'other', '--lang', 'francais', '--content', contentDir)).status).toBe(2);
    const rtl = await run('new', 'other', '--lang', 'ar', '--content', contentDir);
    expect(rtl.status).toBe(2);
    expect(rtl.stderr).toMatch(/right-to-left scripts are not supported yet/);
  });

  it('builds at once in every language, with no warning', async () => {
    for (const lang of ['fr', 'nl']) expect((await run('new', `zine-${lang}`, '--lang', lang, '--content', contentDir)).status).toBe(0);
    const built = await run('build', '--content', contentDir, '--output', join(root, 'output'));
    expect(built.stderr).not.toMatch(/warning|error/);
    expect(built.status).toBe(0);
    expect(built.stderr).toMatch(/first-zine: \d+ pages/);
  }, 180_000);
});
