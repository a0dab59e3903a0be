/** Hostile inputs the tests build (issue 20): kept in one place so every file kind is tried with the same ones. */

/** The classic "billion laughs": nine levels of nine aliases, a few hundred bytes standing for 9^9 strings. */
export function aliasBomb(levels = 9): string {
    const name = (i: number) => `l${i}`;
    const lines = [`${name(0)}: &${name(0)} ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]`];
    for (let i = 1; i < levels; i++) lines.push(`${name(i)}: &${name(i)} [${Array(9).fill(`*${name(i - 1)}`).join(", ")}]`);
    return lines.join("\n") + "\n";
}

/** Four levels of five aliases (20 in all, within the bound) over a 2 MB string: a bomb by size, not by count. */
export function wideAliasBomb(): string {
    return `a: &a "${"x".repeat(2 << 20)}"\n` + ["b", "c", "d", "e"].map((n, i) => `${n}: &${n} [${Array(5).fill(`*${"abcd"[i]}`).join(", ")}]`).join("\n") + "\n";
}
