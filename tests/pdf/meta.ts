import type { PdfMeta } from '../../scripts/pdf/metadata.ts';

/** The edition metadata the pdf tests finalize with. */
export const META: PdfMeta = {
  title: 'Se défendre en ligne',
  subject: 'Guide pratique',
  author: 'Collectif Zine',
  keywords: ['sécurité', 'vie privée'],
  lang: 'fr',
  date: new Date(Date.UTC(2026, 10, 25)),
};
