// Two builds of the guide from copies of the project in different folders, with
// different HOME, TZ, LANG and working directory, give byte-identical outputs.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/sources.ts';
import { fixtureZines } from '../helpers/fixtures.ts';

const zine = 'sorganiser-se-proteger';

/** Copy what a clone holds (not node_modules or output) into a fresh folder. */
function copyProject(): string {
  const root = join(mkdtempSync(join(tmpdir(), 'zinepress-copy-')), 'somewhere', 'else');
  mkdirSync(root, { recursive: true });
  for (const entry of ['scripts', 'templates', 'styles', 'package.json']) cpSync(join(projectRoot, entry), join(root, entry), { recursive: true });
  cpSync(join(fixtureZines, zine), join(root, 'content', zine), { recursive: true });
  symlinkSync(join(projectRoot, 'node_modules'), join(root, 'node_modules'));
  return root;
}

function buildIn(root: string, env: Record<string, string>): Map<string, string> {
  const cwd = mkdtempSync(join(tmpdir(), 'zinepress-cwd-'));
  const home = mkdtempSync(join(tmpdir(), 'zinepress-home-'));
  // With the press PDF too: a second render, its page boxes set with pdf-lib.
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'zinepress.js'), 'build', zine, '--press'], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH!, HOME: home, ...env },
  });
  expect(result.stderr).toMatch(/pages, [\d.]+ s/);
  expect(result.status).toBe(0);
  const dir = join(root, 'output', zine);
  return new Map(readdirSync(dir).map((name) => [name, createHash('sha256').update(readFileSync(join(dir, name))).digest('hex')]));
}

describe('reproducible editions', () => {
  it('gives the same bytes for every output in another folder, home, time zone and locale', () => {
    const first = buildIn(copyProject(), { TZ: 'UTC', LANG: 'C.UTF-8' });
    const second = buildIn(copyProject(), { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' });
    expect([...first.keys()].sort()).toEqual(['cover.png', 'manifest.json', 'pages.png', `${zine}-booklet.pdf`, `${zine}-phone.pdf`, `${zine}-press.pdf`, `${zine}-print.txt`, `${zine}.pdf`]);
    expect(second).toEqual(first);
  });
});
