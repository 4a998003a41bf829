// The browser layer alone: a page that asks for resources every way HTML, CSS
// and scripts allow, rendered by renderPdf in the browser zinepress launches,
// with the template's CSP and no Markdown stage in front. Nothing may reach
// the trap, and the render must still make a PDF.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, findBrowser, launchBrowser, type RunningBrowser } from '../../scripts/render/browser.ts';
import { renderPdf } from '../../scripts/render/paged.ts';
import { fillTemplate } from '../../scripts/template.ts';
import { openTrap, pdfinfoJavaScript, scriptNames, type Trap } from './helpers.ts';

const template = readFileSync(join(import.meta.dirname, '..', '..', 'templates', 'zine.html'), 'utf8');
const timeoutMs = 60_000;

/** The template filled with `head` (after its CSP) and `body`. */
function page(head: string, body: string, { csp = true } = {}): string {
  const filled = fillTemplate(template, {
    lang: 'en', title: 'Hostile', subtitle: undefined, publisher: undefined, editionLabel: 'Edition 1',
    contentsLabel: 'Contents', contents: undefined, body, back: '', website: undefined, websiteHref: undefined,
    licence: undefined, fingerprintLabel: 'Fingerprint:', fingerprint: '0', fonts: '', styles: '@page { size: A5; }',
  });
  const withHead = filled.replace('</head>', `${head}\n</head>`);
  return csp ? withHead : withHead.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
}

/** Every way a page can ask for something: each URL path names the way. */
function hostile(h: string, ws: string) {
  const head = `
<base href="${h}/base/">
<link rel="stylesheet" href="${h}/link-stylesheet.css">
<link rel="preload" as="image" href="${h}/link-preload.png">
<link rel="prefetch" href="${h}/link-prefetch">
<link rel="dns-prefetch" href="${h}/link-dns-prefetch">
<link rel="preconnect" href="${h}/link-preconnect">
<link rel="icon" href="${h}/link-icon.png">
<meta http-equiv="refresh" content="0;url=${h}/meta-refresh">
<style>
@font-face { font-family: Trap; src: url("${h}/font-face.woff2"); }
body { font-family: Trap, serif; }
.bg { background-image: url("${h}/style-background.png"); height: 20px; }
@page { @top-center { content: "x"; background-image: url("${h}/page-margin-box.png"); } }
</style>`;
  const body = `
<h1>Hostile page</h1>
<p>Text that must still be printed.</p>
<img src="${h}/img-src.png" alt="a">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" srcset="${h}/img-srcset.png 2x" alt="b">
<picture><source srcset="${h}/picture-source.png"><img src="${h}/picture-img.png" alt="c"></picture>
<div style="background-image: url('${h}/style-attribute.png'); height: 20px"></div>
<div class="bg"></div>
<iframe src="${h}/iframe"></iframe>
<object data="${h}/object"></object>
<embed src="${h}/embed">
<video poster="${h}/video-poster.png" src="${h}/video-src.mp4"></video>
<audio src="${h}/audio-src.mp3" autoplay></audio>
<svg width="20" height="20"><image href="${h}/svg-image.png" width="20" height="20"/><use href="${h}/svg-use.svg#x"/></svg>
<a href="relative-link">relative</a> <a href="javascript:alert(1)">js</a> <a href="file:///etc/passwd">file</a>
<form id="f" action="${h}/form-action" method="post"><input name="q" value="1"></form>
<script src="${h}/script-src.js"></script>
<script>
  const h = ${JSON.stringify(h)};
  const attempt = (f) => { try { f(); } catch {} };
  attempt(() => fetch(h + '/fetch').catch(() => {}));
  attempt(() => { const x = new XMLHttpRequest(); x.open('GET', h + '/xhr'); x.send(); });
  attempt(() => new WebSocket(${JSON.stringify(ws)}));
  attempt(() => navigator.sendBeacon(h + '/send-beacon', 'x'));
  attempt(() => { new Image().src = h + '/new-image'; });
  attempt(() => new EventSource(h + '/event-source'));
  attempt(() => new Worker(h + '/worker.js'));
  attempt(() => import(h + '/dynamic-import.js').catch(() => {}));
  attempt(() => window.open(h + '/window-open'));
  attempt(() => document.getElementById('f').submit());
</script>`;
  return { head, body };
}

let running: RunningBrowser;
let trap: Trap;

beforeAll(async () => {
  trap = await openTrap();
  running = await launchBrowser(findBrowser());
});

afterAll(async () => {
  await running?.close();
  await trap?.close();
});

describe('the browser layer alone (renderPdf, template CSP, Chromium flags)', () => {
  let result: Awaited<ReturnType<typeof renderPdf>>;

  beforeAll(async () => {
    const { head, body } = hostile(trap.http, trap.ws);
    result = await renderPdf(running.browser, page(head, body), { timeoutMs });
    // Late attempts (timers, retries) get a moment to show up.
    await new Promise((resolve) => setTimeout(resolve, 500));
  });

  it('lets nothing reach the network: zero HTTP requests, zero TCP connections', () => {
    expect(trap.requests).toEqual([]);
    expect(trap.connections).toBe(0);
  });

  it('still makes a PDF, with the text and without scripts or actions', () => {
    expect(result.pdf.length).toBeGreaterThan(1000);
    expect(result.pages.length).toBeGreaterThanOrEqual(1);
    expect(scriptNames(result.pdf)).toEqual([]);
    expect(pdfinfoJavaScript(result.pdf)).toBe('no');
  });

  it('reports what was refused, whether by interception or by the CSP', () => {
    const reported = result.blockedRequests.join('\n');
    // Chromium names these by URL; the rest (iframe: only its origin, srcset, <use>,
    // refresh, dns-prefetch, preconnect, a worker, window.open) are refused without a URL.
    const named = [
      'base/', 'link-stylesheet', 'link-preload', 'link-prefetch', 'link-icon', 'font-face', 'style-background', 'style-attribute',
      'page-margin-box', 'img-src', 'picture-source', 'video-poster', 'video-src', 'audio-src', 'object', 'embed', 'svg-image',
      'form-action', 'script-src', 'fetch', 'xhr', 'send-beacon', 'new-image', 'event-source', 'dynamic-import',
    ];
    for (const way of named) {
      expect(reported, way).toContain(`/${way}`);
    }
    expect(reported).toContain(`${trap.ws}/`);
  });
});

describe('an @import in a <style> (only styles/ could hold one: content has no <style>)', () => {
  it('fails the render, because Paged.js fetches it and is refused, and still sends nothing', async () => {
    const before = trap.requests.length;
    const style = `<style>@import url("${trap.http}/style-import.css"); p { color: red; }</style>`;
    await expect(renderPdf(running.browser, page(style, '<p>x</p>'), { timeoutMs })).rejects.toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(trap.requests.length).toBe(before);
  });
});

describe('each defence holds on its own', () => {
  const wsOnly = (ws: string) => `<p>x</p><script>new WebSocket(${JSON.stringify(ws)});</script>`;
  const withoutProxy = chromiumArgs.filter((arg) => !/^--(proxy-server|proxy-bypass-list|host-resolver-rules)=/.test(arg));
  let bare: RunningBrowser;

  beforeAll(async () => {
    // The same browser without the proxy and resolver flags: only the CSP is left.
    bare = await launchBrowser(findBrowser(), { args: withoutProxy });
  });
  afterAll(async () => bare?.close());

  it('the CSP blocks WebSockets, which request interception does not see', async () => {
    trap.connections = 0;
    const result = await renderPdf(bare.browser, page('', wsOnly(trap.ws)), { timeoutMs });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(trap.connections).toBe(0);
    expect(result.blockedRequests).toContain(`${trap.ws}/`);
  });

  it('(control) without the CSP and the flags, the same WebSocket does connect', async () => {
    trap.connections = 0;
    // A tab kept open until the socket connects: a render may end (and close its tab) first.
    const tab = await bare.browser.newPage();
    try {
      await tab.setContent(page('', wsOnly(trap.ws), { csp: false }));
      for (let waited = 0; trap.connections === 0 && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await tab.close();
    }
    expect(trap.connections).toBeGreaterThan(0);
  });

  it('the flags alone stop a tab with neither CSP nor interception, loopback included', async () => {
    const before = trap.requests.length;
    const tab = await running.browser.newPage();
    try {
      await expect(tab.goto(`${trap.http}/no-csp-no-interception`, { timeout: 10_000 })).rejects.toThrow(/ERR_PROXY_CONNECTION_FAILED|ERR_TUNNEL|ERR_NAME_NOT_RESOLVED|ERR_/);
    } finally {
      await tab.close();
    }
    expect(trap.requests.length).toBe(before);
  });

  it('(control) the bare browser does reach the trap from such a tab', async () => {
    const tab = await bare.browser.newPage();
    try {
      await tab.goto(`${trap.http}/control`, { timeout: 10_000 });
    } finally {
      await tab.close();
    }
    expect(trap.requests).toContain('/control');
  });
});
