// The saddle-stitched booklet: the reading pages imposed two to a side, to print
// duplex, fold and staple (scripts/impose/booklet.ts, docs/printing.md).
import { finalizePdf } from '../pdf/metadata.ts';
import { imposeBooklet } from '../impose/booklet.ts';
import { bookletSettings } from '../impose/settings.ts';
import { printingInstructions } from '../impose/instructions.ts';
import { padCount, sheetCount, signatureSizes } from '../impose/order.ts';
import type { MadeFile, OutputForm } from './form.ts';
import { joinSections, paperStem, sectionFile } from './papers.ts';

/** `<zine>-booklet.pdf` (`<zine>-booklet-<paper>.pdf` for each of several papers): N/2 landscape sides, front then back of each sheet. */
export const booklet: OutputForm = {
  name: 'booklet',
  description: 'an A5-style booklet on A4 (or each paper set): print two-sided, fold, staple',
  chosen: 'impose',
  renditions: ['print', 'bw'],
  options: bookletSettings,
  async make({ zine, rendition, fileName, config, reading, pageCount, meta }) {
    const sheets = sheetCount(pageCount);
    const { signaturePages, duplex } = config.booklet;
    // Signatures are folded one by one, so the instructions need each one's sheets (4 pages a sheet).
    const signatureSheets = signatureSizes(padCount(pageCount, signaturePages), signaturePages).map((size) => size / 4);
    const files: MadeFile[] = [];
    const sections: string[] = [];
    for (const paper of config.paper) {
      const name = fileName(paperStem(`${zine}-booklet`, paper, config.paper), 'pdf');
      const imposed = await imposeBooklet(reading, { paper, ...config.booklet });
      files.push({ name, kind: 'booklet', paper, pages: sheets * 2, bytes: await finalizePdf(imposed, meta) });
      const file = sectionFile(name, config.paper);
      sections.push(printingInstructions({ kind: 'booklet', lang: config.lang, paperName: paper, file, sheets, duplex, pages: pageCount, signatureSheets, blackAndWhite: rendition === 'bw' }));
    }
    return { files, instructions: joinSections(sections) };
  },
};
