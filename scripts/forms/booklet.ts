// The saddle-stitched booklet: the reading pages imposed two to a side, to print
// duplex, fold and staple (scripts/impose/booklet.ts, docs/printing.md).
import { finalizePdf } from '../pdf/metadata.ts';
import { imposeBooklet } from '../impose/booklet.ts';
import { bookletSettings } from '../impose/settings.ts';
import { printingInstructions } from '../impose/instructions.ts';
import { padCount, sheetCount, signatureSizes } from '../impose/order.ts';
import type { OutputForm } from './form.ts';

/** `<zine>-booklet.pdf`: N/2 landscape sides, front then back of each sheet. */
export const booklet: OutputForm = {
  name: 'booklet',
  description: 'an A5-style booklet on A4 (or the paper set): print two-sided, fold, staple',
  chosen: 'impose',
  renditions: ['print', 'bw'],
  options: bookletSettings,
  async make({ zine, rendition, fileName, config, reading, pageCount, meta }) {
    const imposed = await imposeBooklet(reading, { paper: config.paper, ...config.booklet });
    const sheets = sheetCount(pageCount);
    const { signaturePages, duplex } = config.booklet;
    // Signatures are folded one by one, so the instructions need each one's sheets (4 pages a sheet).
    const signatureSheets = signatureSizes(padCount(pageCount, signaturePages), signaturePages).map((size) => size / 4);
    return {
      files: [{ name: fileName(`${zine}-booklet`, 'pdf'), kind: 'booklet', pages: sheets * 2, bytes: await finalizePdf(imposed, meta) }],
      instructions: printingInstructions({ kind: 'booklet', lang: config.lang, paperName: config.paper, sheets, duplex, pages: pageCount, signatureSheets, blackAndWhite: rendition === 'bw' }),
    };
  },
};
