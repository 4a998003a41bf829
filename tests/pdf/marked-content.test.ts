// Reading and rewriting marked content in content streams written by hand, shaped
// as Chromium writes them (tests/pdf/tags.test.ts reads real builds).
import { describe, expect, it } from 'vitest';
import { readMarks, readOps, writeMarks } from '../../scripts/pdf/marked-content.ts';

/** A page as Chromium paints it: background, margin boxes unmarked, then the tagged body. */
const PAGE = [
  'q 1 1 1 rg 0 0 420 595 re f Q',
  'q 0 0 420 595 re W* n',
  '.33 .33 .33 rg BT /F5 10 Tf 1 0 0 -1 210 24 Tm (AVANT DE COMMENCER) Tj ET BT /F5 10 Tf 1 0 0 -1 276 570 Tm (4) Tj ET',
  '/H1 <</MCID 0 >>BDC 57 60 446 1 re f EMC',
  '/NonStruct <</MCID 1 >>BDC BT /F4 25 Tf (Avant de commencer) Tj ET EMC',
  '/Lbl <</MCID 2 >>BDC 62 90 m 60 92 58 90 57 90 c h f EMC',
  '/Lbl <</MCID 3 >>BDC EMC',
  'Q',
].join('\n');

const slices = (text: string, ranges: [number, number][]) => ranges.map(([start, end]) => text.slice(start, end));

describe('readOps', () => {
  it('reads strings with parentheses and escapes, hex strings, arrays and dictionaries as operands', () => {
    const ops = readOps('(a \\) (b) c) Tj [(x) -120 <0041>] TJ /P <</MCID 7 /ActualText (Q)>> BDC EMC');
    expect(ops.map((op) => op.name)).toEqual(['Tj', 'TJ', 'BDC', 'EMC']);
    expect(ops[0]!.operands.trim()).toBe('(a \\) (b) c)');
    expect(ops[2]!.operands.trim()).toBe('/P <</MCID 7 /ActualText (Q)>>');
  });

  it('takes an inline image whole, whatever its data holds', () => {
    const ops = readOps('q BI /W 2 /H 1 /BPC 8 /CS /G ID \x01Tj\x02EIx EI Q');
    expect(ops.map((op) => op.name)).toEqual(['q', 'BI', 'Q']);
  });

  it('refuses a stream it cannot follow', () => {
    expect(() => readOps('(never closed Tj')).toThrow();
  });
});

describe('readMarks', () => {
  it('finds what paints unmarked: the page background and the margin boxes', () => {
    const marks = readMarks(PAGE);
    expect(slices(PAGE, marks.unmarked)).toEqual([
      '0 0 420 595 re f',
      'BT /F5 10 Tf 1 0 0 -1 210 24 Tm (AVANT DE COMMENCER) Tj ET BT /F5 10 Tf 1 0 0 -1 276 570 Tm (4) Tj ET',
    ]);
  });

  it('says what each tagged sequence paints', () => {
    expect(Object.fromEntries(readMarks(PAGE).paint)).toEqual({ 0: 'paths', 1: 'content', 2: 'paths', 3: 'none' });
  });

  it('goes into a text object that holds tagged text, and leaves an ActualText span inside the stretch', () => {
    const text = 'BT (a) Tj /P <</MCID 0>> BDC (b) Tj EMC 5 0 Td (c) Tj ET BT /Span <</ActualText <feff00ad>>> BDC (-) Tj EMC (d) Tj ET';
    expect(slices(text, readMarks(text).unmarked)).toEqual(['(a) Tj', '(c) Tj', 'BT /Span <</ActualText <feff00ad>>> BDC (-) Tj EMC (d) Tj ET']);
  });

  it('leaves alone what is already an artifact, or tagged through named properties', () => {
    const text = '/Artifact BMC BT (a) Tj ET EMC /Artifact <</Type /Pagination>> BDC 0 0 1 1 re f EMC /P /MC0 BDC BT (b) Tj ET EMC';
    expect(readMarks(text).unmarked).toEqual([]);
    expect(readMarks(text).paint.size).toBe(0);
  });
});

describe('writeMarks', () => {
  const marks = readMarks(PAGE);
  const written = writeMarks(PAGE, marks, new Set([0, 3]), new Map([[1, 'H1'], [2, 'Lbl']]));

  it('wraps unmarked painting in /Artifact BMC … EMC, opens the chosen sequences as artifacts and retags the others', () => {
    expect(written).toContain('/Artifact BMC\n0 0 420 595 re f\nEMC');
    expect(written).toContain('/Artifact BMC\nBT /F5 10 Tf 1 0 0 -1 210 24 Tm (AVANT DE COMMENCER) Tj ET BT /F5 10 Tf 1 0 0 -1 276 570 Tm (4) Tj ET\nEMC');
    expect(written).toContain('/Artifact BMC 57 60 446 1 re f EMC');
    expect(written).toContain('/H1 <</MCID 1 >> BDC BT /F4 25 Tf (Avant de commencer) Tj ET EMC');
    expect(written).toContain('/Lbl <</MCID 2 >>BDC 62 90 m');
    expect(written).not.toContain('NonStruct');
  });

  it('leaves nothing unmarked, and changes nothing the second time', () => {
    const again = readMarks(written);
    expect(again.unmarked).toEqual([]);
    expect([...again.paint.keys()]).toEqual([1, 2]);
    expect(writeMarks(written, again, new Set(), new Map([[1, 'H1'], [2, 'Lbl']]))).toBe(written);
  });
});
