// The bilingual tête-bêche booklet: the original and one translation in one
// saddle-stitched booklet, each read from its own cover, the second turned over
// and upside down; the texts meet in the middle (scripts/impose/tete-beche.ts,
// docs/printing.md). Made once from two editions, not once per edition.
import { z } from 'zod';
import type { FrontMatter } from '../config.ts';
import { printingInstructions } from '../impose/instructions.ts';
import { teteBecheHalf } from '../impose/order.ts';
import { imposeTeteBeche } from '../impose/tete-beche.ts';
import { canonicalTag } from '../languages.ts';
import { finalizePdf } from '../pdf/metadata.ts';
import type { FormContext, MadeFile, OutputForm } from './form.ts';
import { joinSections, paperStem, sectionFile } from './papers.ts';

/** The tête-bêche booklet's settings: which translation goes with the original. Duplex and paper thickness are the booklet's. */
export const teteBecheSettings = z
  .object({
    with: z.string().optional().describe("the translation's language to pair with the original (index.<with>.md); needed when there are several"),
  })
  .strict();

export type TeteBecheSettings = z.output<typeof teteBecheSettings>;

/** The two editions: the original and the translation `with` names, or the only one. */
function pairOf<T extends { lang: string }>(editions: T[], settings: TeteBecheSettings): { pair?: [T, T]; why?: { reason: string; fix: string } } {
  const [original, ...translations] = editions;
  const langs = translations.map((edition) => edition.lang).join(', ');
  if (!original || translations.length === 0) {
    return { why: { reason: 'impose: tete-beche needs two languages: the original and a translation beside it, and this zine has no translation', fix: 'add a translation (zinepress new <zine> --translate <lang>), or remove tete-beche from impose:' } };
  }
  if (settings.with === undefined) {
    if (translations.length > 1) return { why: { reason: `impose: tete-beche pairs the original with one translation, and this zine has ${translations.length} (${langs})`, fix: `say which under tete-beche:, e.g. with: ${translations[0]!.lang}` } };
    return { pair: [original, translations[0]!] };
  }
  const wanted = canonicalTag(settings.with) ?? settings.with;
  const other = translations.find((edition) => edition.lang === wanted);
  if (!other) return { why: { reason: `tete-beche.with: ${settings.with} names no translation of this zine; it has ${langs}`, fix: `write with: one of ${langs}, or add index.${settings.with}.md` } };
  return { pair: [original, other] };
}

const langOf = (config: FrontMatter) => ({ lang: config.lang, config });
const ofContext = (context: FormContext) => ({ lang: context.config.lang, context });

/** `<zine>-tete-beche.pdf` (`<zine>-tete-beche-<paper>.pdf` for each of several papers): the original from the front cover, the translation from the back, upside down. */
export const teteBeche: OutputForm = {
  name: 'tete-beche',
  description: 'the original and a translation in one booklet, each from its own cover (needs index.<lang>.md); printed as the booklet',
  chosen: 'impose',
  renditions: ['print', 'bw'],
  options: teteBecheSettings,
  refuseEditions(configs) {
    return pairOf(configs.map(langOf), configs[0]!['tete-beche']).why;
  },
  async makeFromEditions(contexts) {
    const { pair } = pairOf(contexts.map(ofContext), contexts[0]!.config['tete-beche']);
    const [a, b] = [pair![0].context, pair![1].context];
    const { paper: papers, booklet } = a.config;
    const sheets = teteBecheHalf(a.pageCount, b.pageCount) / 2;
    const languages: [string, string] = [a.config.lang, b.config.lang];
    // One file of two languages: both titles, the original's language.
    const meta = { ...a.meta, title: `${a.config.title} · ${b.config.title}`, headings: undefined };
    const files: MadeFile[] = [];
    const sections: Record<string, string[]> = Object.fromEntries(languages.map((lang) => [lang, []]));
    for (const paper of papers) {
      const name = a.fileName(paperStem(`${a.zine}-tete-beche`, paper, papers), 'pdf');
      const imposed = await imposeTeteBeche(a.reading, b.reading, { paper, duplex: booklet.duplex, paperThicknessMm: booklet.paperThicknessMm });
      files.push({ name, kind: 'tete-beche', lang: languages.join('+'), paper, pages: sheets * 2, bytes: await finalizePdf(imposed, meta) });
      const file = sectionFile(name, papers);
      for (const lang of languages) {
        sections[lang]!.push(printingInstructions({ kind: 'tete-beche', lang, paperName: paper, file, sheets, duplex: booklet.duplex, languages, pages: [a.pageCount, b.pageCount], blackAndWhite: a.rendition === 'bw' }));
      }
    }
    const instructionsByLang = Object.fromEntries(languages.map((lang) => [lang, joinSections(sections[lang]!)]));
    return { files, instructionsByLang };
  },
};
