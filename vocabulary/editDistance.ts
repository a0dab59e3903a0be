/**
 * How far apart two names are, for "did you mean" hints: config keys (stacks/configTable.ts),
 * IAM action names (the policy pack's iam-actions-exist) and region names (./partitions).
 */

/**
 * Levenshtein distance: the fewest single-character edits that turn `a` into `b`. With `max`, any
 * distance above it may come back as `max + 1`, sooner: a row whose smallest entry is past `max`
 * can only grow (the hint compares one name with a thousand others).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = row[0];
        row[0] = i;
        let smallest = row[0];
        for (let j = 1; j <= b.length; j++) {
            const above = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
            if (row[j] < smallest) smallest = row[j];
        }
        if (smallest > max) return max + 1;
    }
    return row[b.length];
}

/**
 * The candidates nearest to `name` (case-insensitively, at most `max` edits away, the nearest
 * first), for "did you mean" hints on keys, columns and headers.
 */
export function nearest(name: string, candidates: readonly string[], max = 2): string[] {
    const lower = name.toLowerCase();
    const scored = candidates.map((c) => ({ c, d: c.toLowerCase() === lower ? 0 : editDistance(c.toLowerCase(), lower, max) })).filter((x) => x.d <= max);
    const best = Math.min(...scored.map((x) => x.d));
    return scored.filter((x) => x.d === best).map((x) => x.c);
}

/** ` (did you mean "a" or "b"?)`, or `` when nothing is near. */
export function didYouMean(name: string, candidates: readonly string[], max = 2): string {
    const near = nearest(name, candidates, max);
    return near.length ? ` (did you mean ${near.map((n) => JSON.stringify(n)).join(" or ")}?)` : "";
}
