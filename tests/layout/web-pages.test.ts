// Guides exported from websites, built as they are written: a Spanish hardware
// tutorial whose screenshots sit on the line under their sentence (with Hugo's
// ?classes and ?height suffixes and a "Cannot load image" alt text) and which
// ends on a heading; a Grav page whose headings are wrapped in
// <div markdown="1"> and whose HTML is cut by blank lines; long addresses on an A6 page.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { TRIMS } from '../../scripts/trims.ts';
import { pageTexts } from '../helpers/pdf-text.ts';
import { wordsByPage, type BboxWord } from '../helpers/poppler.ts';
import { frontMatter, gapRatio, justifiedLines, writeZines } from './zines.ts';

const front = (lang: string, extra = '') => frontMatter.replace('lang: fr', `lang: ${lang}`).replace('---\n\n', `${extra}---\n\n`).replace(/^---\n/, '---\n');
const step = (n: number) => `Paso ${n}. Sujeta la placa por los bordes y comprueba que las dos pinzas quedan firmes antes de seguir con el montaje del circuito.`;
const taller = [
  '## Montaje',
  '',
  step(1),
  '',
  'Así queda la placa cuando terminas.',
  '![Cannot load image](img/placa.png?classes=border,shadow)',
  '',
  step(2),
  '',
  'Conecta un extremo y después el otro.',
  '![Cannot load image](img/pinza.png?height=250px)',
  '![Cannot load image](img/pinza.png?height=250px&classes=border)',
  '',
  step(3),
  '',
  '#### ¡Enhorabuena! Ya puedes volver atrás y cambiar los sonidos',
  '',
].join('\n');

const grav = [
  '<div class="SECE_H1" markdown="1"># A locked phone first</div>',
  '',
  'Your phone holds the messages of everyone you write to. Lock it before anything else.',
  '',
  '<div class="col-xs-12 none">',
  '                        ',
  '\t\t\t<div class="well none" style="border-radius:0">',
  '\t\t\t  <span class="icon"><i class="fa fa-check"></i></span> <span class="check-text" markdown="1">Set a code of six digits or more.</span>',
  '\t\t        </div>',
  '\t\t     </div>',
  '&nbsp;',
  '',
  '<div class="GLBL_H2" markdown="1">## 1. Lock the card</div>',
  'A card with a code of its own cannot be used in another phone.',
  '',
].join('\n');

const addresses = [
  '# Further reading',
  '',
  'Read the [guide for marches](https://www.example.org/deeplinks/2014/08/phone-guide-for-people-at-marches-updated-edition) before you go.',
  '',
  'See https://www.example.net/issues/privacy-and-technology/location-tracking/phone-privacy-in-the-street for the law.',
  '',
  '1. https://help.example.com/en/topic/phone_model_6p/hiding_your_phone_number_from_others.html',
  '2. [An app](https://store.example.com/store/apps/details?id=org.example.metadataeraser&hl=en)',
  '',
  // A domain in code, as a page about DNS writes it (Privacy Guides' DNS overview).
  '## What is QNAME minimization?',
  '',
  'A QNAME is a “qualified name”, for example `discuss.privacyguides.net`. In the past, when resolving a domain name your DNS resolver would ask every server in the chain to provide any information it has about your full query. In this example below, your request to find the IP address for `discuss.privacyguides.net` gets asked of every DNS server provider.',
  '',
].join('\n');

const contentDir = writeZines({
  taller: { markdown: taller, front: front('es') },
  grav: { markdown: grav, front: front('en').replace('contents: false', 'contents: true') },
  // A licence naming where the text comes from, as a guide adapted from another writes it.
  addresses: { markdown: addresses, front: front('en', 'trim: A6\nlicence: "CC BY-SA 4.0: docs/advanced/dns-overview.md of github.com/privacyguides/privacyguides.org, adapted"\n') },
});
const outputDir = mkdtempSync(join(tmpdir(), 'zinepress-web-pages-'));
const log: string[] = [];
const pdf = (zine: string) => join(outputDir, zine, `${zine}.pdf`);
const warningsOf = (zine: string) => log.filter((line) => line.includes(`${zine}/index.md`) && line.includes('warning'));

beforeAll(async () => {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(contentDir, 'taller', 'img'));
  const wide = await sharp({ create: { width: 1280, height: 800, channels: 3, background: '#88aabb' } }).png().toBuffer();
  writeFileSync(join(contentDir, 'taller', 'img', 'placa.png'), wide);
  writeFileSync(join(contentDir, 'taller', 'img', 'pinza.png'), wide);
  await build({ zines: ['taller', 'grav', 'addresses'], contentDir, outputDir, log: (line) => log.push(line) });
}, 240_000);

describe('a tutorial with screenshots under their sentences', () => {
  it('finds images written with Hugo suffixes, and ends on a heading with no stranded-heading warning', () => {
    expect(warningsOf('taller').filter((line) => /stranded|image/.test(line))).toEqual([]);
    expect(pageTexts(pdf('taller')).join('\n')).toMatch(/Enhorabuena/);
  });

  it('sets the sentence above a screenshot as a last line, not justified across the page', () => {
    for (const sentence of ['Así queda la placa cuando terminas.', 'Conecta un extremo y después el otro.']) {
      const line = lineOf(wordsByPage(pdf('taller')), sentence);
      expect(gapRatio(line)).toBeLessThan(0.6);
    }
  });

  it('prints no caption saying the image could not load', () => {
    expect(pageTexts(pdf('taller')).join('\n')).not.toMatch(/Cannot load/);
  });
});

describe('a Grav page', () => {
  it('prints its headings as headings, on the contents page too, and none of its markup', () => {
    const pages = pageTexts(pdf('grav'));
    const text = pages.join('\n');
    expect(text).not.toMatch(/#|<\/?(?:div|span|i)\b|markdown=|&nbsp;/);
    expect(pages[1]).toMatch(/A locked phone first/);
    expect(pages[1]).toMatch(/1\. Lock the card/);
    expect(text).toContain('Set a code of six digits or more.');
    expect(text).toContain('cannot be used in another phone.');
  });
});

describe('long addresses on an A6 page', () => {
  it('stay inside the right margin', () => {
    const { widthMm, marginsMm } = TRIMS.A6;
    const right = ((widthMm - marginsMm[1]) / 25.4) * 72;
    const words = wordsByPage(pdf('addresses')).flat();
    expect(words.some((word) => word.text.includes('example'))).toBe(true);
    for (const word of words) expect(word.xMax, word.text).toBeLessThan(right + 1);
  });

  it('leave no wide gaps in a justified line, a domain written as code and the colophon’s licence included', () => {
    const pages = wordsByPage(pdf('addresses'));
    const qname = pages.findIndex((words) => words.some((word) => word.text === 'QNAME'));
    expect(qname).toBeGreaterThanOrEqual(0);
    expect(pages.at(-1)!.some((word) => word.text === 'BY-SA')).toBe(true);
    // A justified line of words of the usual length keeps its gaps under half its height;
    // a domain in code that cannot break left gaps of nearly the whole height (0.96).
    for (const words of pages.slice(qname)) for (const line of justifiedLines(words)) expect(gapRatio(line), line.map((word) => word.text).join(' ')).toBeLessThan(0.6);
  });
});

/** The words of the printed line holding `sentence`. */
function lineOf(pages: BboxWord[][], sentence: string): BboxWord[] {
  const [firstWord, lastWord] = [sentence.split(' ')[0]!, sentence.split(' ').at(-1)!];
  for (const words of pages) {
    const start = words.find((word) => word.text === firstWord);
    if (!start) continue;
    const line = words.filter((word) => Math.abs(word.yMax - start.yMax) < 2).sort((a, b) => a.xMin - b.xMin);
    if (line.at(-1)!.text === lastWord) return line;
  }
  throw new Error(`"${sentence}" is not printed on a line of its own`);
}
