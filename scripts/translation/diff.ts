// Where two sequences agree: a longest common subsequence, found as Myers'
// O((N+M)·D) difference algorithm does, in linear space (the "middle snake",
// after diff-match-patch's bisect). A translation and its original may each
// have thousands of landmarks: no N×M table is ever made, and sequences that
// mostly agree (D small) are compared in about linear time. A stretch where
// they differ in more than `maxDifferences` places is taken as wholly
// different: past that, an alignment would be noise, and the time would grow
// as the square of the stretch.

/** The pairs [i, j] where a[i] and b[j] are kept, in order: a longest common subsequence of `a` and `b` (up to `maxDifferences` apart). */
export function commonSubsequence(a: ArrayLike<number>, b: ArrayLike<number>, { maxDifferences = 4096 } = {}): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  // The furthest point on each diagonal, forward and backward; one pair of
  // arrays serves every sub-problem, each smaller than the whole.
  const size = a.length + b.length + 4;
  const forward = new Int32Array(size);
  const backward = new Int32Array(size);
  // An explicit stack: the sub-problems, last pushed first solved; a pair marker
  // puts the common suffix of a sub-problem after the pairs of its middle.
  type Task = { aLo: number; aHi: number; bLo: number; bHi: number } | { suffix: [number, number, number] };
  const tasks: Task[] = [{ aLo: 0, aHi: a.length, bLo: 0, bHi: b.length }];
  while (tasks.length > 0) {
    const task = tasks.pop()!;
    if ('suffix' in task) {
      const [aAt, bAt, count] = task.suffix;
      for (let k = 0; k < count; k++) pairs.push([aAt + k, bAt + k]);
      continue;
    }
    let { aLo, aHi, bLo, bHi } = task;
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) pairs.push([aLo++, bLo++]);
    let suffix = 0;
    while (aHi - suffix > aLo && bHi - suffix > bLo && a[aHi - suffix - 1] === b[bHi - suffix - 1]) suffix++;
    aHi -= suffix;
    bHi -= suffix;
    if (suffix > 0) tasks.push({ suffix: [aHi, bHi, suffix] });
    if (aLo === aHi || bLo === bHi) continue;
    const split = middle(aLo, aHi, bLo, bHi);
    if (!split) continue;
    tasks.push({ aLo: split[0], aHi, bLo: split[1], bHi }, { aLo, aHi: split[0], bLo, bHi: split[1] });
  }
  return pairs;

  /** A point on an optimal path through a[aLo..aHi) × b[bLo..bHi), strictly inside it; undefined when they share nothing. */
  function middle(aLo: number, aHi: number, bLo: number, bHi: number): [number, number] | undefined {
    const n = aHi - aLo;
    const m = bHi - bLo;
    const maxD = Math.min(Math.ceil((n + m) / 2), Math.ceil(maxDifferences / 2));
    const offset = maxD;
    const length = 2 * maxD;
    forward.fill(-1, 0, length + 2);
    backward.fill(-1, 0, length + 2);
    forward[offset + 1] = 0;
    backward[offset + 1] = 0;
    const delta = n - m;
    // With an odd delta the paths meet on a forward step, with an even one on a backward step.
    const front = (delta & 1) !== 0;
    let k1start = 0;
    let k1end = 0;
    let k2start = 0;
    let k2end = 0;
    for (let d = 0; d < maxD; d++) {
      for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
        const k1at = offset + k1;
        let x1 = k1 === -d || (k1 !== d && forward[k1at - 1]! < forward[k1at + 1]!) ? forward[k1at + 1]! : forward[k1at - 1]! + 1;
        let y1 = x1 - k1;
        while (x1 < n && y1 < m && a[aLo + x1] === b[bLo + y1]) {
          x1++;
          y1++;
        }
        forward[k1at] = x1;
        if (x1 > n) k1end += 2;
        else if (y1 > m) k1start += 2;
        else if (front) {
          const k2at = offset + delta - k1;
          if (k2at >= 0 && k2at < length && backward[k2at] !== -1 && x1 >= n - backward[k2at]!) return [aLo + x1, bLo + y1];
        }
      }
      for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
        const k2at = offset + k2;
        let x2 = k2 === -d || (k2 !== d && backward[k2at - 1]! < backward[k2at + 1]!) ? backward[k2at + 1]! : backward[k2at - 1]! + 1;
        let y2 = x2 - k2;
        while (x2 < n && y2 < m && a[aHi - x2 - 1] === b[bHi - y2 - 1]) {
          x2++;
          y2++;
        }
        backward[k2at] = x2;
        if (x2 > n) k2end += 2;
        else if (y2 > m) k2start += 2;
        else if (!front) {
          const k1at = offset + delta - k2;
          if (k1at >= 0 && k1at < length && forward[k1at] !== -1) {
            const x1 = forward[k1at]!;
            const y1 = offset + x1 - k1at;
            if (x1 >= n - x2) return [aLo + x1, bLo + y1];
          }
        }
      }
    }
    return undefined;
  }
}
