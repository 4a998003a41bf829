// The live preview's documents: the pages Paged.js laid out (a snapshot of the
// primed tab, render/primed.ts), shown as spreads or as the booklet's sheets,
// with a bar on top, the last build's errors, and one small script that reloads
// the page after each rebuild at the page the reader was on. Nothing here loads
// anything: the server sends a policy that allows that one script and the event
// stream, and nothing else the render's policy does not.
import { createHash } from 'node:crypto';
import type { FrontMatter } from '../config.ts';
import { bookletSideSize, sidePlacements } from '../impose/booklet.ts';
import { minizinePlacements } from '../impose/minizine.ts';
import type { Placement } from '../impose/layout.ts';
import { bookletSides } from '../impose/order.ts';
import { landscape, mmToPt, paperSize, type PaperSize } from '../impose/paper.ts';
import { escapeHtml } from '../template.ts';
import { TRIMS } from '../trims.ts';

/** What the preview shows of one zine. */
export interface PreviewState {
  zine: string;
  /** The last good layout, if any. */
  laidOut?: { html: string; config: FrontMatter; pages: number };
  /** The output files of the last good build, to link to. */
  files: string[];
  /** The last rebuild's problems, formatted (file:line: error: …, fix: …); empty when it built. */
  problems: string[];
  /** One line on the last rebuild. */
  status: string;
}

/** Reloads the page on each rebuild (server-sent events), back at the page the reader was on. */
export const reloadScript = `(() => {
  const key = 'zinepress:' + location.pathname + location.search;
  const pages = () => [...document.querySelectorAll('.pagedjs_page, .zp-side')];
  try {
    const saved = JSON.parse(sessionStorage.getItem(key) || 'null');
    const page = saved && document.getElementById(saved.id);
    if (page) window.scrollTo(0, page.getBoundingClientRect().top + window.scrollY + saved.offset);
  } catch {}
  const events = new EventSource('/events');
  events.addEventListener('rebuilt', () => {
    const page = pages().find((p) => p.getBoundingClientRect().bottom > 0);
    if (page && page.id) sessionStorage.setItem(key, JSON.stringify({ id: page.id, offset: -page.getBoundingClientRect().top }));
    location.reload();
  });
})();`;

/** The script's hash, as a CSP source. */
export const reloadScriptHash = `'sha256-${createHash('sha256').update(reloadScript).digest('base64')}'`;

/**
 * The preview's policy: the render's (templates/zine.html's meta), with scripts
 * limited to the reload script, connections to this server's event stream, and
 * no framing by another site.
 */
export function previewPolicy(template: string): string {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(template)?.[1] ?? "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'";
  const directives = new Map(
    meta
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => [part.split(/\s+/)[0]!.toLowerCase(), part] as const),
  );
  directives.set('script-src', `script-src ${reloadScriptHash}`);
  directives.set('connect-src', "connect-src 'self'");
  directives.set('frame-ancestors', "frame-ancestors 'none'");
  return [...directives.values()].join('; ');
}

const barStyle = `
  html, body { margin: 0; background: #8d8d8d; }
  .zp-bar { position: sticky; top: 0; z-index: 10; display: flex; gap: 1.2em; align-items: baseline; flex-wrap: wrap;
    padding: 8px 16px; background: #1f1f1f; color: #eee; font: 14px/1.4 system-ui, sans-serif; }
  .zp-bar a { color: #fff; } .zp-bar .zp-here { font-weight: bold; text-decoration: none; }
  .zp-bar .zp-status { color: #bbb; margin-left: auto; }
  .zp-errors { margin: 16px auto; max-width: 60em; padding: 12px 16px; background: #fff1f0; color: #5c0000;
    border: 2px solid #b00000; font: 14px/1.45 system-ui, sans-serif; }
  .zp-errors pre { white-space: pre-wrap; font: 13px/1.45 ui-monospace, monospace; margin: 8px 0 0; }
  .zp-empty { color: #fff; font: 16px system-ui, sans-serif; text-align: center; margin: 4em; }`;

const spreadStyle = `
  .pagedjs_pages { display: flex !important; flex-wrap: wrap; width: calc(2 * var(--pagedjs-width)); margin: 24px auto; row-gap: 24px; }
  .pagedjs_page { background: #fff; margin: 0 !important; box-shadow: 0 1px 6px rgba(0, 0, 0, 0.45); }
  .pagedjs_first_page { margin-left: var(--pagedjs-width) !important; }`;

/** The preview page of a zine: `view` is 'pages' (spreads) or 'sheets' (the imposition, as it will print). */
export function previewPage(state: PreviewState, view: 'pages' | 'sheets'): string {
  const zine = encodeURIComponent(state.zine);
  const link = (href: string, text: string, here: boolean) => `<a href="${href}"${here ? ' class="zp-here"' : ''}>${escapeHtml(text)}</a>`;
  const bar = [
    `<nav class="zp-bar"><strong>${escapeHtml(state.zine)}</strong>`,
    link(`/${zine}/`, 'pages', view === 'pages'),
    link(`/${zine}/?view=sheets`, 'sheets', view === 'sheets'),
    ...state.files.filter((name) => /\.(pdf|png|txt|html)$/.test(name)).map((name) => link(`/${zine}/${encodeURIComponent(name)}`, name, false)),
    `<span class="zp-status">${escapeHtml(state.status)}</span></nav>`,
  ].join(' ');
  const errors =
    state.problems.length > 0
      ? `<div class="zp-errors" role="alert"><strong>The last edit did not build${state.laidOut ? '; the last good pages are shown below' : ''}.</strong><pre>${escapeHtml(state.problems.join('\n'))}</pre></div>`
      : '';
  const top = `${bar}${errors}`;
  const script = `<script>${reloadScript}</script>`;
  if (!state.laidOut) {
    return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(state.zine)}</title><style>${barStyle}</style></head><body>${top}<p class="zp-empty">${state.problems.length ? '' : 'Building…'}</p>${script}</body></html>`;
  }
  const { html, config, pages } = state.laidOut;
  // The sheets hold the papers and, after them, the pages: one frame for both.
  const style = view === 'sheets' ? sheetStyle(config, pages) : { css: spreadStyle, open: '', close: '' };
  return html
    .replace(/<\/head>/i, () => `<style>${barStyle}${style.css}</style></head>`)
    .replace(/<body([^>]*)>/i, (open) => `${open}${top}${style.open}`)
    .replace(/<\/body>(?![\s\S]*<\/body>)/i, () => `${style.close}${script}</body>`);
}

/** CSS px of a PDF point. */
const px = (pt: number) => (pt * 96) / 72;

/**
 * The sheets as they will print, from the same placements as the PDFs
 * (impose/booklet.ts, impose/minizine.ts): each page moved, scaled, turned and
 * clipped onto its side of the paper. Only CSS: the pages stay in reading order
 * in the document, so Paged.js's page counters keep their numbers.
 */
function sheetStyle(config: FrontMatter, pages: number): { css: string; open: string; close: string } {
  const trim = TRIMS[config.trim];
  const trimPt: PaperSize = { widthPt: mmToPt(trim.widthMm), heightPt: mmToPt(trim.heightMm) };
  const minizine = config.impose.includes('minizine') && !config.impose.includes('booklet');
  // The sheets of the first paper: with several (`paper: [A4, Letter]`) they differ only in size.
  const side = minizine ? landscape(paperSize(config.paper[0])) : bookletSideSize(config.paper[0]);
  const sides: { label: string; placements: (Placement & { page: number })[] }[] = minizine
    ? [{ label: 'mini-zine, one side', placements: minizinePlacements(pages, side, () => trimPt, config.minizine) }]
    : bookletSides(pages, config.booklet).map((s) => ({
        label: `sheet ${s.sheet + 1}, ${s.face}`,
        placements: sidePlacements(s, side, () => trimPt),
      }));
  const gap = 48;
  const top = 24;
  const width = px(side.widthPt);
  const height = px(side.heightPt);
  const rules: string[] = [
    `.zp-sheets { position: relative; width: ${width}px; height: ${sides.length * (height + gap)}px; margin: ${top}px auto; }`,
    `.zp-side { position: absolute; left: 0; width: ${width}px; height: ${height}px; background: #fff; box-shadow: 0 1px 6px rgba(0, 0, 0, 0.45); }`,
    `.zp-side span { position: absolute; top: -20px; left: 0; font: 13px system-ui, sans-serif; color: #fff; }`,
    `.zp-side::after { content: ''; position: absolute; top: 0; bottom: 0; left: 50%; border-left: 1px dashed #bbb; }`,
    `.pagedjs_pages { position: absolute !important; top: 0; left: 0; width: ${width}px; }`,
    `.pagedjs_page { position: absolute !important; margin: 0 !important; left: 0; top: 0; transform-origin: 0 0; display: none; }`,
  ];
  const papers: string[] = [];
  sides.forEach(({ label, placements }, index) => {
    const sideTop = index * (height + gap);
    papers.push(`<div class="zp-side" id="side-${index + 1}" style="top: ${sideTop}px"><span>${escapeHtml(label)}</span></div>`);
    for (const placement of placements) {
      const { pageRect: rect, clip, scale } = placement;
      const left = px(rect.xPt);
      const topPx = sideTop + px(side.heightPt - rect.yPt - rect.heightPt);
      const turn = placement.rotateDeg === 180 ? ` translate(${px(rect.widthPt)}px, ${px(rect.heightPt)}px) rotate(180deg)` : '';
      // The clip in the page's own (unscaled, unturned) frame.
      const inset = clipInset(rect, clip, scale, placement.rotateDeg === 180);
      rules.push(
        `#page-${placement.page} { display: block; transform: translate(${left}px, ${topPx}px)${turn} scale(${scale}); clip-path: inset(${inset}); }`,
      );
    }
  });
  return { css: rules.join('\n'), open: `<div class="zp-sheets">${papers.join('')}`, close: '</div>' };
}

/** clip-path inset (top right bottom left, in px of the unscaled page) keeping the page inside `clip`. */
function clipInset(rect: Placement['pageRect'], clip: Placement['clip'], scale: number, turned: boolean): string {
  // Distances from each edge of the drawn page to the clip, in points on the side (origin bottom left).
  const cut = (value: number) => `${Math.max(0, px(value) / scale).toFixed(2)}px`;
  const left = clip.xPt - rect.xPt;
  const right = rect.xPt + rect.widthPt - (clip.xPt + clip.widthPt);
  const bottom = clip.yPt - rect.yPt;
  const top = rect.yPt + rect.heightPt - (clip.yPt + clip.heightPt);
  // A turned page's top is the side's bottom, its left the side's right.
  const [t, r, b, l] = turned ? [bottom, left, top, right] : [top, right, bottom, left];
  return [t, r, b, l].map(cut).join(' ');
}
