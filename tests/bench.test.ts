// The pure parts of `zinepress bench`: statistics and the report. No timing here.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bench, busyMsOfStat, formatMegabytes, formatReport, formatResultsFile, formatSeconds, median, parseRuns, summarize, zinepressNodeFlags, type BenchReport, type BenchRow } from '../scripts/bench.ts';
import { ZineError } from '../scripts/errors.ts';
import { projectRoot } from '../scripts/sources.ts';

describe('the command the bench times', () => {
  it('runs with the Node flags of zinepress.js, the same as every npm script that runs it', () => {
    const flags = zinepressNodeFlags();
    expect(flags).toContain('--max-semi-space-size=4');
    const { scripts } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const running = Object.entries(scripts).filter(([, command]) => command.includes('scripts/zinepress.js'));
    expect(running.map(([name]) => name).sort()).toEqual(['bench', 'build', 'postinstall', 'watch', 'zinepress']);
    for (const [name, command] of running) expect(command.split(' scripts/zinepress.js')[0], name).toBe(['node', ...flags].join(' '));
  });

  it('refuses an entry whose first line does not say how Node runs it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zinepress-entry-'));
    try {
      writeFileSync(join(dir, 'zinepress.js'), '#!/usr/bin/env node\n');
      expect(zinepressNodeFlags(join(dir, 'zinepress.js'))).toEqual([]);
      writeFileSync(join(dir, 'zinepress.js'), '// no shebang\n');
      expect(() => zinepressNodeFlags(join(dir, 'zinepress.js'))).toThrow(/first line is not/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('median and summarize', () => {
  it('takes the middle of an odd count, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([7])).toBe(7);
  });

  it('takes the mean of the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('does not reorder the samples it is given', () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('refuses an empty list instead of returning NaN', () => {
    expect(() => median([])).toThrow(RangeError);
  });

  it('summarizes median, min, max and the number of runs', () => {
    expect(summarize([1200, 900, 1000, 4000, 1100])).toEqual({ median: 1100, min: 900, max: 4000, runs: 5 });
  });
});

describe('the machine’s processor time', () => {
  it('sums user, nice, system, irq and softirq ticks of /proc/stat, in ms', () => {
    const stat = 'cpu  186524 390 65017 185291 663 0 1836 7 0 0\ncpu0 93000 200 32000 92000 300 0 900 3 0 0\nintr 1 2 3\n';
    expect(busyMsOfStat(stat)).toBe((186524 + 390 + 65017 + 0 + 1836) * 10);
  });

  it('refuses a file that does not start with the machine’s cpu line', () => {
    expect(() => busyMsOfStat('cpu0 1 2 3 4 5 6 7\n')).toThrow(/does not start with the cpu line/);
    expect(() => busyMsOfStat('cpu 1 2\n')).toThrow(/does not start with the cpu line/);
  });

  it('reads this machine’s file', () => {
    const before = busyMsOfStat(readFileSync('/proc/stat', 'utf8'));
    expect(before).toBeGreaterThan(0);
    expect(busyMsOfStat(readFileSync('/proc/stat', 'utf8'))).toBeGreaterThanOrEqual(before);
  });
});

describe('--runs', () => {
  it('defaults to 5 and accepts a whole number', () => {
    expect(parseRuns(undefined)).toBe(5);
    expect(parseRuns('3')).toBe(3);
  });

  it('is bad usage when not a whole number of at least 1', () => {
    for (const value of ['0', '-2', '2.5', 'many', '']) expect(() => parseRuns(value)).toThrow(ZineError);
  });

  it('an unknown zine is bad usage, before any browser starts', async () => {
    await expect(bench({ zines: ['no-such-zine'], runs: '1' })).rejects.toThrow(/no zine named "no-such-zine"/);
  });
});

describe('the report', () => {
  const row = (name: string, ms: number[], extra: Partial<BenchRow> = {}): BenchRow => ({
    name,
    pages: 8,
    ms: summarize(ms),
    chromiumPeakKb: summarize([1024 * 300]),
    chromiumPeakPssKb: summarize([1024 * 120]),
    ...extra,
  });
  const report: BenchReport = {
    runs: 3,
    node: 'v20.0.0',
    browser: 'Chrome/156',
    cores: 2,
    loadStart: [1, 2, 3],
    loadEnd: [1.5, 2, 3],
    rows: [
      row('build a (cold)', [3000, 3200, 2900], { reference: 'reference a (cold)', cpuMs: summarize([5200, 5600, 5100]) }),
      row('reference a (cold)', [1500, 1400, 1600]),
      row('build 200-page zine (cold)', [12_000, 12_400, 11_800], { pages: 200, perPage: true }),
    ],
    nodePeakKb: { zines: 1024 * 200, total: 1024 * 250 },
    targets: [
      { name: 'a, cold, every output vs pagedjs-cli', value: 0.48, limit: 0.5, unit: 'ratio' },
      { name: 'booklet of a 500-page PDF', value: 620, limit: 500, unit: 'ms' },
    ],
  };
  const text = formatReport(report);

  it('formats seconds and megabytes with their units', () => {
    expect(formatSeconds(840)).toBe('0.84 s');
    expect(formatSeconds(12_345)).toBe('12.3 s');
    expect(formatMegabytes(1024 * 312.4)).toBe('312 MB');
  });

  it('says how many runs the medians are of, and the load', () => {
    expect(text).toMatch(/^zinepress bench: medians of 3 runs, 2 cores/);
    expect(text).toMatch(/load average 1\.00 2\.00 3\.00 at the start/);
  });

  it('prints median, min, max and the ratio against the reference', () => {
    const line = text.split('\n').find((l) => l.startsWith('build a (cold)'))!;
    expect(line.split(/\s{2,}/)).toEqual(['build a (cold)', '8', '3.00 s', '2.90 s', '3.20 s', '2.00×', '5.20 s', '300 MB', '120 MB']);
  });

  it('prints the processor time where it was measured, and what it bounds', () => {
    const reference = text.split('\n').find((l) => l.startsWith('reference a (cold)'))!;
    expect(reference.split(/\s{2,}/)).toEqual(['reference a (cold)', '8', '1.50 s', '1.40 s', '1.60 s', '300 MB', '120 MB']);
    expect(text).toMatch(/^CPU: median over the runs of the processor time the whole machine spent during one .*With 2 cores, a run takes at least its CPU divided by 2\.$/m);
  });

  it('prints milliseconds per page for the scaling zine', () => {
    expect(text).toMatch(/build 200-page zine \(cold\)\s+200\s+12\.0 s \(60 ms\/page\)/);
  });

  it('keeps the columns aligned', () => {
    const table = text.split('\n').filter((l) => /^(measured|build|reference)/.test(l));
    expect(table).toHaveLength(4);
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
  });

  it('prints the node peak RSS', () => {
    expect(text).toMatch(/node peak RSS: 200 MB building the zines, 250 MB after the scaling zine/);
  });

  it('writes the results file with the date, the commit and the machine around the same table', () => {
    const file = formatResultsFile(report, { date: new Date('2026-12-02T10:00:00Z'), commit: 'abc1234', machine: 'Some CPU, 2 cores, 24 GiB, linux 6.1' });
    expect(file).toMatch(/^# zinepress bench results\n/);
    expect(file).toContain('- date: 2026-12-02T10:00:00.000Z\n- commit: abc1234\n- machine: Some CPU, 2 cores, 24 GiB, linux 6.1');
    expect(file).toContain(`\`\`\`\n${text}\n\`\`\``);
  });

  it('prints each target with its measure, its limit and whether it is met', () => {
    expect(text).toContain('targets:\n  a, cold, every output vs pagedjs-cli: 0.48× (≤ 0.50×) met\n  booklet of a 500-page PDF: 0.62 s (≤ 0.50 s) NOT met');
  });
});
