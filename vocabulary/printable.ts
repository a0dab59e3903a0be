/**
 * Text from a user's file as an error line shows it: no raw control bytes (a terminal would obey
 * them: an escape sequence could rewrite the line, a carriage return hide it), no bidirectional
 * overrides, and long values cut. Imports nothing, like every module of the vocabulary.
 */

/** C0 and C1 controls (tab and newline included: an error is one line), DEL, and the bidirectional overrides and isolates. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** `text` with every control character written as an escape (`\x1b`, `\n`, `\u202e`). */
export function printable(text: string): string {
    return text.replace(UNPRINTABLE, (c) => {
        const code = c.charCodeAt(0);
        if (c === "\n") return "\\n";
        if (c === "\r") return "\\r";
        if (c === "\t") return "\\t";
        return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
    });
}

/** How long a value quoted in an error line may be before it is cut. */
export const SHOWN_CHARS = 80;

/**
 * A value quoted for an error line: a string in double quotes (JSON's escapes, so controls show as
 * `\u001b`), anything else as JSON; cut to `max` characters with its full length said.
 */
export function shown(value: unknown, max = SHOWN_CHARS): string {
    let text: string;
    try {
        text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
    } catch {
        text = String(value);
    }
    text = printable(text);
    if (text.length <= max) return text;
    const length = typeof value === "string" ? `${value.length} characters` : `${text.length} characters as JSON`;
    return `${text.slice(0, max)}… (${length})`;
}

/** A whole error line: printable, and at most `max` characters (its start and end kept). */
export function errorLine(message: string, max = 2000): string {
    const line = printable(message);
    return line.length <= max ? line : `${line.slice(0, max - 200)} … ${line.slice(-190)}`;
}

/** The path to `key` under `parent`, as messages name places in a file: `a.b[2]`, `a["odd key"]`. */
export function keyPath(parent: string, key: string | number): string {
    if (typeof key === "number") return `${parent}[${key}]`;
    if (/^[A-Za-z_$][\w$-]*$/.test(key)) return parent ? `${parent}.${key}` : key;
    return `${parent}[${shown(key, 60)}]`;
}
