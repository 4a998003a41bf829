// The guide and its Dutch translation built for real through Chromium: each
// language its own files, one manifest, and `--lang` rebuilding one language
// while the other's files stay byte for byte.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type ZineManifest } from '../../scripts/build.ts';
import { runMain } from '../helpers/cli.ts';
import { fixtureZines } from '../helpers/fixtures.ts';
import { pdfInfo } from '../helpers/poppler.ts';

const zine = 'guide-fr-nl';
const contentDir = mkdtempSync(join(tmpdir(), 'zinepress-languages-content-'));
const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-languages-'));
const dir = join(outputDir, zine);
const sha = (name: string) => (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ZineManifest).files.find((file) => file.name === name)?.sha256;
let manifest: ZineManifest;
const logged: string[] = [];

beforeAll(async () => {
  cpSync(join(fixtureZines, zine), join(contentDir, zine), { recursive: true });
  [manifest] = await build({ zines: [zine], contentDir, outputDir, log: (line) => logged.push(line) });
}, 120_000);

describe('a zine with a translation', () => {
  it('builds every language, each file named and listed with its language', () => {
    const byName = Object.fromEntries(manifest.files.map((file) => [file.name, file.lang]));
    expect(byName).toEqual({
      [`${zine}.pdf`]: 'fr',
      [`${zine}.nl.pdf`]: 'nl',
      [`${zine}-phone.pdf`]: 'fr',
      [`${zine}-phone.nl.pdf`]: 'nl',
      [`${zine}-booklet.pdf`]: 'fr',
      [`${zine}-booklet.nl.pdf`]: 'nl',
      'cover.png': 'fr',
      'pages.png': 'fr',
      'cover.nl.png': 'nl',
      'pages.nl.png': 'nl',
      [`${zine}-print.txt`]: 'fr',
      [`${zine}-print.nl.txt`]: 'nl',
    });
    expect([manifest.lang, manifest.edition]).toEqual(['fr', 1]);
    expect(manifest.translations!.map(({ lang, translates, pages }) => ({ lang, translates, pages }))).toEqual([{ lang: 'nl', translates: 1, pages: pdfInfo(join(dir, `${zine}.nl.pdf`)).pages }]);
    expect(manifest.translations![0]!.sources).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.translations![0]!.sources).not.toBe(manifest.sources);
    // What the build printed: both languages laid out, no warning.
    expect(logged.filter((line) => / warning: /.test(line))).toEqual([]);
    expect(logged).toContain(`${zine} (nl): laying out…`);
  });

  it('gives the Dutch edition its title, language, words and instructions', () => {
    const info = execFileSync('pdfinfo', [join(dir, `${zine}.nl.pdf`)], { encoding: 'utf8' });
    expect(info).toMatch(/^Title:\s+Ons organiseren, ons beschermen$/m);
    const catalog = execFileSync('qpdf', ['--show-object=trailer', join(dir, `${zine}.nl.pdf`)], { encoding: 'utf8' });
    expect(catalog).toContain('/Root');
    const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=qpdf', join(dir, `${zine}.nl.pdf`)], { encoding: 'utf8' })) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>] };
    const root = Object.values(json.qpdf[1]).find((object) => object.value?.['/Type'] === '/Catalog');
    expect(root?.value?.['/Lang']).toBe('u:nl');
    const text = execFileSync('pdftotext', ['-layout', join(dir, `${zine}.nl.pdf`), '-'], { encoding: 'utf8' });
    for (const words of ['Inhoud', 'Editie 1', 'Nuttige links', 'HUN GELD, ONZE DODEN.']) expect(text).toContain(words);
    expect(text).not.toContain('Sommaire');
    expect(readFileSync(join(dir, `${zine}-print.nl.txt`), 'utf8')).toMatch(/^Het boekje afdrukken \(\d+ pagina’s, \d vellen A4\)/);
    expect(readFileSync(join(dir, `${zine}-print.txt`), 'utf8')).toMatch(/^Imprimer le livret/);
  });

  it('makes the original’s files exactly as it would without the translation', async () => {
    const alone = mkdtempSync(join(tmpdir(), 'zinepress-languages-alone-'));
    cpSync(join(fixtureZines, zine), join(alone, zine), { recursive: true });
    rmSync(join(alone, zine, 'index.nl.md'));
    const aloneOut = mkdtempSync(join(tmpdir(), 'zinepress-languages-alone-out-'));
    const [original] = await build({ zines: [zine], contentDir: alone, outputDir: aloneOut });
    const french = manifest.files.filter((file) => file.lang === 'fr').map(({ name, sha256 }) => [name, sha256]);
    expect(original!.files.map(({ name, sha256 }) => [name, sha256])).toEqual(french);
    expect(original!.sources).toBe(manifest.sources);
  }, 120_000);

  it('--lang nl rebuilds the Dutch only: the French files stay byte for byte, the manifest keeps them', async () => {
    const french = manifest.files.filter((file) => file.lang === 'fr');
    const before = Object.fromEntries(french.map((file) => [file.name, statSync(join(dir, file.name)).ino]));
    const dutch = join(contentDir, zine, 'index.nl.md');
    writeFileSync(dutch, readFileSync(dutch, 'utf8').replace('# Inleiding', '# Inleiding en doel'));
    const { status, out } = await runMain('build', zine, '--content', contentDir, '--output', outputDir, '--lang', 'nl');
    expect(status, out).toBe(0);
    expect(out).not.toContain(`${zine}: laying out…`);
    expect(out).toContain(`${zine} (nl): laying out…`);
    const after = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ZineManifest;
    for (const file of french) {
      expect(sha(file.name)).toBe(file.sha256);
      // The same file, not a copy.
      expect(statSync(join(dir, file.name)).ino).toBe(before[file.name]);
    }
    expect(sha(`${zine}.nl.pdf`)).not.toBe(manifest.files.find((file) => file.name === `${zine}.nl.pdf`)!.sha256);
    expect(execFileSync('pdftotext', [join(dir, `${zine}.nl.pdf`), '-'], { encoding: 'utf8' })).toContain('Inleiding en doel');
    expect([after.lang, after.sources, after.pages]).toEqual([manifest.lang, manifest.sources, manifest.pages]);
    expect(after.files.map((file) => file.name).sort()).toEqual(manifest.files.map((file) => file.name).sort());
    expect(after.translations![0]!.sources).not.toBe(manifest.translations![0]!.sources);
  }, 120_000);

  it('--lang nl with no earlier build of the original builds it too, and says so', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'zinepress-languages-fresh-'));
    const logged: string[] = [];
    const [built] = await build({ zines: [zine], contentDir, outputDir: fresh, lang: 'nl', log: (line) => logged.push(line) });
    expect(logged).toContain(`${zine}: no earlier build of the original in ${join(fresh, zine)}: building it too`);
    expect([built!.lang, built!.translations!.map((t) => t.lang)]).toEqual(['fr', ['nl']]);
    expect(built!.files.filter((file) => file.kind === 'reading').map((file) => file.name)).toEqual([`${zine}.pdf`, `${zine}.nl.pdf`]);
  }, 120_000);

  it('--lang names a language the zine has, or says which it has', async () => {
    const { status, out } = await runMain('build', zine, '--content', contentDir, '--output', outputDir, '--lang', 'de');
    expect(status).toBe(2);
    expect(out).toContain(`zinepress: ${zine} has no edition in "de"; it has fr, nl`);
  });
});
