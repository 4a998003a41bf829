// The longest common subsequence behind the structure check: valid, longest, and linear in memory.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commonSubsequence } from '../../scripts/translation/diff.ts';

/** The length of a longest common subsequence, by the textbook table. */
function lcsLength(a: number[], b: number[]): number {
  let row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const next = [0];
    for (let j = 0; j < b.length; j++) next.push(x === b[j] ? row[j]! + 1 : Math.max(row[j + 1]!, next[j]!));
    row = next;
  }
  return row[b.length]!;
}

describe('commonSubsequence', () => {
  it('finds a common subsequence as long as the longest', () => {
    const sequence = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40 });
    fc.assert(
      fc.property(sequence, sequence, (a, b) => {
        const pairs = commonSubsequence(a, b);
        pairs.forEach(([i, j], k) => {
          expect(a[i]).toBe(b[j]);
          if (k > 0) {
            expect(i).toBeGreaterThan(pairs[k - 1]![0]);
            expect(j).toBeGreaterThan(pairs[k - 1]![1]);
          }
        });
        expect(pairs.length).toBe(lcsLength(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it('still finds a common subsequence when a stretch differs in more places than it looks through', () => {
    const sequence = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40 });
    fc.assert(
      fc.property(sequence, sequence, fc.integer({ min: 1, max: 8 }), (a, b, maxDifferences) => {
        const pairs = commonSubsequence(a, b, { maxDifferences });
        pairs.forEach(([i, j], k) => {
          expect(a[i]).toBe(b[j]);
          if (k > 0) expect(i > pairs[k - 1]![0] && j > pairs[k - 1]![1]).toBe(true);
        });
      }),
      { numRuns: 1000 },
    );
    // A common prefix and suffix are found however far apart the middles are.
    expect(commonSubsequence([9, 1, 2, 3, 4, 9], [9, 5, 6, 7, 8, 9], { maxDifferences: 2 })).toEqual([[0, 0], [5, 5]]);
  });

  it('handles empty and disjoint sequences', () => {
    expect(commonSubsequence([], [])).toEqual([]);
    expect(commonSubsequence([1, 2], [])).toEqual([]);
    expect(commonSubsequence([1, 2], [3, 4])).toEqual([]);
    expect(commonSubsequence([1, 2, 3], [1, 3])).toEqual([[0, 0], [2, 1]]);
  });

  it('compares 20,000 numbers that share nothing, or little, without a table of their product', () => {
    const a = Int32Array.from({ length: 10_000 }, (_, i) => i);
    const b = Int32Array.from({ length: 10_000 }, (_, i) => i + 10_000);
    expect(commonSubsequence(a, b)).toEqual([]);
    const shuffled = Int32Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_000);
    expect(commonSubsequence(a, shuffled).length).toBeGreaterThan(0);
  });
});
