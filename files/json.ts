/**
 * What `JSON.parse` does not tell: a key written twice in one object (it keeps the last, silently —
 * in a policy-pack config that can turn a rule off) and nesting past a bound. One linear pass over
 * the text that only looks at strings and brackets, after `JSON.parse` has accepted it (so it never
 * has to report a syntax error), allocating only for objects: a 150 MB stack export takes a
 * fraction of its parse time (bench/check.bench.ts).
 */

/** Where a problem is: the character offset of the offending key or bracket (and of the key's first occurrence). */
export interface JsonStructureProblem {
    kind: "duplicate" | "depth";
    at: number;
    key?: string;
    first?: number;
}

const STRUCTURE = /["{}[\]]/g;

/** Whether a character code is JSON whitespace. */
const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** The index of the quote closing the string whose opening quote is at `open`. */
function closingQuote(text: string, open: number): number {
    let from = open + 1;
    for (;;) {
        const q = text.indexOf("\"", from);
        if (q < 0) return text.length;
        let backslashes = 0;
        for (let b = q - 1; text.charCodeAt(b) === 92; b--) backslashes++;
        if (backslashes % 2 === 0) return q;
        from = q + 1;
    }
}

/**
 * The first duplicate key or nesting past `maxDepth` in valid JSON `text`, or undefined. Keys are
 * compared as JSON.parse decodes them (`"a"` and `"\u0061"` are the same key).
 */
export function jsonStructureProblem(text: string, maxDepth: number): JsonStructureProblem | undefined {
    // One entry per open bracket: the keys seen so far in an object, null for an array.
    const open: (Map<string, number> | null)[] = [];
    STRUCTURE.lastIndex = 0;
    for (let m = STRUCTURE.exec(text); m; m = STRUCTURE.exec(text)) {
        const at = m.index;
        const c = text.charCodeAt(at);
        if (c === 34) {
            const end = closingQuote(text, at);
            const keys = open[open.length - 1];
            if (keys) {
                let next = end + 1;
                while (isSpace(text.charCodeAt(next))) next++;
                if (text.charCodeAt(next) === 58) {
                    const raw = text.slice(at, end + 1);
                    const key = raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
                    const first = keys.get(key);
                    if (first !== undefined) return { kind: "duplicate", at, key, first };
                    keys.set(key, at);
                }
            }
            STRUCTURE.lastIndex = end + 1;
        } else if (c === 123 || c === 91) {
            open.push(c === 123 ? new Map() : null);
            if (open.length > maxDepth) return { kind: "depth", at };
        } else {
            open.pop();
        }
    }
    return undefined;
}

/** Whether the quote at `at` is escaped (an odd run of backslashes before it): inside a string, not one's end. */
function isEscaped(text: string, at: number): boolean {
    let backslashes = 0;
    for (let b = at - 1; text.charCodeAt(b) === 92; b--) backslashes++;
    return backslashes % 2 === 1;
}

const SPACED_KEY_END = /"[ \t\n\r]+:/g;

/**
 * How many keys valid JSON `text` writes, counting each time it is written: every unescaped quote
 * followed by a colon ends a key (inside a string every quote is escaped, and after a string value
 * comes a comma or a bracket, never a colon). When the parsed document holds fewer keys than this,
 * some object had a key twice, and {@link jsonStructureProblem} says where; when it holds as many,
 * none did — found at a fraction of that scan's cost (it keeps every object's keys), which matters
 * on a big stack export.
 */
export function jsonKeyCount(text: string): number {
    let count = 0;
    for (let at = text.indexOf("\":"); at >= 0; at = text.indexOf("\":", at + 2)) if (!isEscaped(text, at)) count++;
    // Whitespace between a key and its colon is valid JSON, if rare.
    SPACED_KEY_END.lastIndex = 0;
    for (let m = SPACED_KEY_END.exec(text); m; m = SPACED_KEY_END.exec(text)) if (!isEscaped(text, m.index)) count++;
    return count;
}

/** `line L, column C` (both from 1) of a character offset. */
export function lineAndColumn(text: string, at: number): { line: number; column: number } {
    let line = 1;
    let lineStart = 0;
    for (let i = text.indexOf("\n"); i >= 0 && i < at; i = text.indexOf("\n", i + 1)) {
        line++;
        lineStart = i + 1;
    }
    return { line, column: at - lineStart + 1 };
}

/** Where an offset is, as messages say it. */
export function position(text: string, at: number): string {
    const { line, column } = lineAndColumn(text, at);
    return `line ${line}, column ${column}`;
}
