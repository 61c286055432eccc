/** The closest valid names for a mistyped key. */

/** Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent swaps). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  const first = rows[0] as number[];
  for (let j = 1; j <= b.length; j++) first[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (rows[i - 2] as number[])[j - 2] as number + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/**
 * The valid names nearest to `key`, best first: a name equal but for case wins; otherwise the
 * smallest edit distance ignoring case (then the same first letter, then the distance with case), within
 * about a third of the key's length.
 * Several names only when they tie exactly.
 */
export function suggestions(key: string, valid: Iterable<string>): string[] {
  const lower = key.toLowerCase();
  const max = Math.max(1, Math.min(3, Math.floor(key.length / 3)));
  let best: string[] = [];
  let bestScore = Infinity;
  for (const name of valid) {
    if (name === key) continue;
    const d = name.toLowerCase() === lower ? 0 : editDistance(lower, name.toLowerCase(), max);
    if (d > max) continue;
    // Ties on the case-blind distance go to a name with the same first letter (slips there are rare),
    // then to the smaller case-sensitive distance.
    const firstDiffers = name[0]?.toLowerCase() !== lower[0] ? 50 : 0;
    const score = d * 100 + firstDiffers + Math.min(editDistance(key, name, max + 3), 49);
    if (score < bestScore) {
      bestScore = score;
      best = [name];
    } else if (score === bestScore) {
      best.push(name);
    }
  }
  return best.sort();
}
