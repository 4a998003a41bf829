// The real command, spawned as a user runs it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../scripts/sources.ts';
import { fixtureZines } from './helpers/fixtures.ts';
import { finalizePdf } from '../scripts/pdf/metadata.ts';
import { printWithChromium } from './pdf/make.ts';

function zinepress(...args: string[]) {
  const result = spawnSync(process.execPath, [join(projectRoot, 'scripts', 'zinepress.js'), ...args], { encoding: 'utf8', cwd: projectRoot });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the compiled command', () => {
  it('compiles scripts/ into dist/ when it is missing or older than a source, and runs it', () => {
    const root = mkdtempSync(join(tmpdir(), 'zinepress-compile-'));
    for (const entry of ['scripts', 'templates', 'styles', 'package.json']) cpSync(join(projectRoot, entry), join(root, entry), { recursive: true });
    symlinkSync(join(projectRoot, 'node_modules'), join(root, 'node_modules'));
    const run = () => spawnSync(process.execPath, [join(root, 'scripts', 'zinepress.js'), '--help'], { encoding: 'utf8', cwd: root });
    const bundle = join(root, 'dist', 'zinepress.mjs');
    expect(existsSync(bundle)).toBe(false);
    expect(run().stdout).toMatch(/^zinepress: Markdown guides/);
    const [, build] = /^export \* from '\.\/(build-[\w-]+)\/cli\.js';$/m.exec(readFileSync(bundle, 'utf8')) ?? [];
    expect(build).toBeDefined();
    // Compiled JavaScript only; what a build does not need is in chunks loaded on demand.
    const compiled = readdirSync(join(root, 'dist', build!));
    expect(compiled).toContain('cli.js');
    expect(compiled.some((name) => name.startsWith('audit-'))).toBe(true);
    for (const name of compiled) expect(readFileSync(join(root, 'dist', build!, name), 'utf8')).not.toMatch(/from "\.\/[^"]*\.ts"/);
    // Older than every source: left as it is. A source edited after it: compiled again, with the edit.
    utimesSync(bundle, new Date(), new Date(Date.now() + 60_000));
    const kept = statSync(bundle).mtimeMs;
    run();
    expect(statSync(bundle).mtimeMs).toBe(kept);
    const cli = join(root, 'scripts', 'cli.ts');
    writeFileSync(cli, readFileSync(cli, 'utf8').replace('zinepress: Markdown guides', 'zinepress (edited): Markdown guides'));
    utimesSync(cli, new Date(), new Date(Date.now() + 120_000));
    expect(run().stdout).toMatch(/^zinepress \(edited\): Markdown guides/);
  });
});

describe('zinepress command', () => {
  it('--help prints usage and the front matter keys, exit 0', () => {
    const { status, stdout } = zinepress('--help');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^zinepress: Markdown guides/);
    expect(stdout).toMatch(/zinepress build \[zine…\]/);
    expect(stdout).toMatch(/trim\s+page \(trim\) size/);
  });

  it('an unknown zine is bad usage: exit 2, names the zines there are', () => {
    const { status, stderr } = zinepress('build', 'no-such-zine');
    expect(status).toBe(2);
    expect(stderr).toMatch(/no zine named "no-such-zine"/);
    expect(stderr).toMatch(/sorganiser-se-proteger/);
  });

  it('an unknown command or option is bad usage: exit 2', () => {
    expect(zinepress('publish').status).toBe(2);
    expect(zinepress('build', '--colour').status).toBe(2);
    expect(zinepress('build', '--timeout', 'soon').status).toBe(2);
  });

  it('a --timeout longer than Node can wait (over 2147483 s, Infinity) is bad usage: exit 2, no TimeoutOverflowWarning', () => {
    for (const timeout of ['2200000', 'Infinity', '1e400']) {
      const { status, stderr } = zinepress('build', 'no-such-zine', '--timeout', timeout);
      expect(status, stderr).toBe(2);
      expect(stderr).toContain(`zinepress: --timeout takes at most 2147483 seconds (about 24 days), not "${timeout}"`);
      expect(stderr).not.toMatch(/TimeoutOverflowWarning|no zine named/);
    }
    // The longest allowed: the zine name is the next thing checked.
    expect(zinepress('build', 'no-such-zine', '--timeout', '2147483').stderr).toMatch(/no zine named "no-such-zine"/);
  });

  it('a content error exits 1 with file:line and the fix, no stack trace', () => {
    const content = mkdtempSync(join(tmpdir(), 'zinepress-cli-content-'));
    cpSync(join(import.meta.dirname, 'fixtures', 'zines', 'bad-lang'), join(content, 'bad-lang'), { recursive: true });
    const { status, stderr } = zinepress('build', '--content', content, '--output', mkdtempSync(join(tmpdir(), 'zinepress-cli-out-')));
    expect(status).toBe(1);
    expect(stderr).toMatch(/bad-lang\/index\.md:3: error: lang: "français" is not a language tag/);
    expect(stderr).toMatch(/\n {2}fix: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('builds a zine: exit 0, progress on stderr, PDF and manifest written', () => {
    const output = mkdtempSync(join(tmpdir(), 'zinepress-cli-out-'));
    const { status, stderr, stdout } = zinepress('build', 'avant-la-reunion', '--content', fixtureZines, '--output', output);
    expect(stderr).toMatch(/avant-la-reunion: 8 pages, [\d.]+ s/);
    expect(status).toBe(0);
    expect(stdout).toBe('');
    expect(existsSync(join(output, 'avant-la-reunion', 'avant-la-reunion.pdf'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(output, 'avant-la-reunion', 'manifest.json'), 'utf8'));
    expect(manifest.pages).toBe(8);
  });

  it('audit lists what a PDF printed by Chromium gives away and exits 1; a clean PDF exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zinepress-cli-audit-'));
    const raw = join(dir, 'chromium.pdf');
    writeFileSync(raw, await printWithChromium('<!doctype html><html lang="fr"><title>Tract</title><h1>Tract</h1><p>Texte.</p></html>'));
    const dirty = zinepress('audit', raw);
    expect(dirty.status).toBe(1);
    expect(dirty.stdout).toMatch(/chromium\.pdf: .*HeadlessChrome/);
    expect(dirty.stdout).toMatch(/Skia/);

    const clean = join(dir, 'clean.pdf');
    writeFileSync(clean, await finalizePdf(new Uint8Array(readFileSync(raw)), { title: 'Tract', lang: 'fr', date: new Date('2026-11-25T00:00:00Z') }));
    const result = zinepress('audit', clean);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/clean\.pdf: nothing identifying found/);
    expect(zinepress('audit').status).toBe(2);
  });
});
