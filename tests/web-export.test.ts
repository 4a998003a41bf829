// A guide exported from a website, in Spanish, built by the command as a user
// runs it: site-relative links print as full addresses against `base:`, an
// MkDocs admonition becomes a callout, an app's link loses its link, each with a
// warning, and the cover, hyphenation and printing instructions are Spanish.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../scripts/sources.ts';
import { fixtureZines } from './helpers/fixtures.ts';
import { letters, pageTexts } from './helpers/pdf-text.ts';

const zine = 'guia-exportada';
const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-web-export-'));
const pdf = join(outputDir, zine, `${zine}.pdf`);
const spanish = createRequire(import.meta.url)('hyphen/es') as { hyphenateSync(text: string, options?: { hyphenChar?: string }): string };
const source = readFileSync(join(fixtureZines, zine, 'index.md'), 'utf8');
/** 1-based line of the fixture that contains `text`. */
const lineOf = (text: string) => source.split('\n').findIndex((line) => line.includes(text)) + 1;
let result: { status: number | null; stderr: string };
let pages: string[];
/** The lines as drawn (`pdftotext -bbox-layout`: plain pdftotext joins hyphenated lines). */
let lines: string[];

beforeAll(() => {
  const run = spawnSync(process.execPath, [join(projectRoot, 'scripts', 'zinepress.js'), 'build', zine, '--content', fixtureZines, '--output', outputDir], { encoding: 'utf8', cwd: projectRoot });
  result = { status: run.status, stderr: run.stderr };
  if (run.status !== 0) return;
  pages = pageTexts(pdf);
  const layout = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8' });
  lines = [...layout.matchAll(/<line [^>]*>([\s\S]*?)<\/line>/g)].map((m) => [...m[1]!.matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((w) => w[1]!).join(' '));
});

describe('a Spanish guide exported from a website', () => {
  it('builds: exit 0, with a warning at the admonition and at the app link, none for the resolved links', () => {
    expect(result.status, result.stderr).toBe(0);
    const warnings = result.stderr.split('\n').filter((line) => line.includes(': warning: '));
    expect(warnings).toEqual([
      expect.stringMatching(new RegExp(`guia-exportada/index\\.md:${lineOf('!!! warning')}:1: warning: MkDocs admonition \`!!! warning "Cuidado con el teléfono"\` is printed as a callout box \\(:::attention\\)$`)),
      expect.stringMatching(new RegExp(`guia-exportada/index\\.md:${lineOf('umbrella://')}:\\d+: warning: the link "umbrella://guia" opens the "umbrella:" scheme, which a shared PDF cannot follow: its text is printed without the link$`)),
    ]);
  });

  it('prints the relative links as full addresses on the website', () => {
    const text = letters(pages.join('\n'));
    for (const address of ['colectivo.example.org/derechos', 'colectivo.example.org/guias/dns.md#cifrado', 'colectivo.example.org/guias/manifestacion/contactos.html']) {
      expect(text, address).toContain(letters(`(${address})`));
    }
    expect(text).toContain(letters('Instala la aplicación Umbrella.'));
    expect(text).not.toContain('umbrellaguia');
  });

  it('draws the admonition as a callout with its title', () => {
    const text = letters(pages.join('\n'));
    expect(text).toContain(letters('Cuidado con el teléfono Apaga el teléfono o déjalo en casa'));
    expect(text).not.toContain(letters('!!! warning'));
  });

  it('breaks words at line ends where Spanish does', () => {
    const broken = lines.flatMap((line, index) => {
      const end = /([\p{L}\u00AD]+)\u00AD-$/u.exec(line);
      const start = /^(\p{L}+)/u.exec(lines[index + 1] ?? '');
      return end && start ? [{ head: end[1]!.replace(/\u00AD/g, ''), tail: start[1]! }] : [];
    });
    expect(broken.length).toBeGreaterThanOrEqual(3);
    for (const { head, tail } of broken) {
      // Every place the Spanish patterns allow a break, as prefixes of the word.
      const parts = spanish.hyphenateSync(head + tail, { hyphenChar: '|' }).split('|');
      const allowed = parts.slice(1).map((_, i) => parts.slice(0, i + 1).join(''));
      expect(allowed, `${head}-${tail}`).toContain(head);
    }
  });

  it('says the cover, the colophon and the printing instructions in Spanish', () => {
    expect(pages[0]!.replace(/\s+/g, ' ')).toContain('Edición 1 · 25 de noviembre de 2026');
    expect(letters(pages.at(-1)!)).toContain(letters('Huella de los archivos fuente'));
    const instructions = readFileSync(join(outputDir, zine, `${zine}-print.txt`), 'utf8');
    expect(instructions).toMatch(/^Imprimir el folleto \(\d+ páginas, \d+ hojas? A4\)\n/);
    expect(instructions).toContain('«Dar la vuelta por el borde corto»');
    expect(instructions).toContain('Apila las hojas en el orden de impresión');
  });
});
