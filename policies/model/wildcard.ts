/**
 * IAM wildcard matching without backtracking: `*` matches any run of characters (none included),
 * `?` exactly one. IAM uses these two wildcards in Action, Resource, Principal and the `…Like`
 * condition operators ("IAM JSON policy elements: Resource", "Condition operators" in the IAM User
 * Guide). A regular expression built from a pattern such as `s3:**************!` backtracks
 * exponentially on a near miss (a policy file could hang `dataplane check`); this matcher splits
 * the pattern at its stars and finds each piece leftmost, in order, which is enough for `*`/`?`
 * globs: the cost is at most pattern length × value length, and runs of stars cost nothing.
 */

interface Compiled {
    /** Pieces between stars (runs of stars collapsed); `?` in a piece matches any one character. */
    pieces: string[];
    leadingStar: boolean;
    trailingStar: boolean;
}

const compiled = new Map<string, Compiled>();

function compile(pattern: string): Compiled {
    let c = compiled.get(pattern);
    if (!c) {
        c = { pieces: pattern.split("*").filter((p) => p !== ""), leadingStar: pattern.startsWith("*"), trailingStar: pattern.endsWith("*") };
        if (compiled.size > 50_000) compiled.clear();
        compiled.set(pattern, c);
    }
    return c;
}

/** Whether `piece` (with `?` as any character) matches `value` at `at`. */
function matchesAt(piece: string, value: string, at: number): boolean {
    if (at + piece.length > value.length) return false;
    for (let i = 0; i < piece.length; i++) {
        const p = piece.charCodeAt(i);
        if (p !== 63 /* ? */ && p !== value.charCodeAt(at + i)) return false;
    }
    return true;
}

/** The first index ≥ `from` where `piece` matches `value` and ends by `end`, or -1. */
function find(piece: string, value: string, from: number, end: number): number {
    if (!piece.includes("?")) {
        // The leftmost occurrence: when it ends past `end`, every later one does too.
        const at = value.indexOf(piece, from);
        return at >= 0 && at + piece.length <= end ? at : -1;
    }
    for (let at = from; at + piece.length <= end; at++) if (matchesAt(piece, value, at)) return at;
    return -1;
}

/** Whether a value holds an IAM wildcard (`*` or `?`): a pattern, not one literal name. */
export function hasWildcard(value: string): boolean {
    // Two searches, not a regular expression: the rules ask this of every Resource of every statement.
    return value.includes("*") || value.includes("?");
}

/**
 * IAM wildcard matching: `*` any run of characters, `?` one character. `ignoreCase` for actions and
 * condition operators that compare case-insensitively.
 */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
    if (ignoreCase) {
        pattern = pattern.toLowerCase();
        value = value.toLowerCase();
    }
    if (!pattern.includes("*")) return pattern.length === value.length && matchesAt(pattern, value, 0);
    const { pieces, leadingStar, trailingStar } = compile(pattern);
    let start = 0;
    let end = value.length;
    let first = 0;
    let last = pieces.length;
    if (!leadingStar) {
        if (!matchesAt(pieces[0], value, 0)) return false;
        start = pieces[0].length;
        first = 1;
    }
    if (!trailingStar && last > first) {
        const tail = pieces[last - 1];
        if (end - tail.length < start || !matchesAt(tail, value, end - tail.length)) return false;
        end -= tail.length;
        last -= 1;
    }
    // Each middle piece, leftmost after the previous one: taking the earliest match never loses one.
    for (let i = first; i < last; i++) {
        const at = find(pieces[i], value, start, end);
        if (at < 0) return false;
        start = at + pieces[i].length;
    }
    return start <= end;
}
