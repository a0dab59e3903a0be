/**
 * Printing a `--json` document with a top-level list of violations, byte for byte as
 * `JSON.stringify(doc, null, 2)` writes it, without building and encoding it as one string.
 *
 * A 10,000-resource stack gives some 15,000 violations and a 13 MB document, half of it rule
 * descriptions; one such string, with a few non-ASCII characters in it, took longer to stringify and
 * encode to UTF-8 than reading the whole stack export (bench/check.bench.ts). Here each rule's
 * description is encoded once, each violation's own fields (its URN and message: nearly always ASCII)
 * once, and the bytes go out in chunks. A printer that takes only lines (the tests' in-process
 * runs) gets the same text as one line.
 */
import type { Violation } from "../engine/check/analyze";
import type { Printer } from "./args";

/** Bytes gathered before one write: few writes, and no copy of the whole document. */
const CHUNK_BYTES = 1 << 20;

/**
 * Prints `doc` (with a top-level `violations`) followed by a newline, as `out(JSON.stringify(doc, null, 2))`
 * would, each violation indented by four spaces.
 */
export function printJsonWithViolations<T extends { violations: Violation[] }>(doc: T, out: Printer): void {
    const around = doc.violations.length === 0 ? undefined : aroundEmptyList(JSON.stringify({ ...doc, violations: [] }, null, 2), "violations");
    if (!around) {
        out(JSON.stringify(doc, null, 2));
        return;
    }
    const opening = `${around[0]}\n`;
    const closing = `\n  ${around[1]}`;
    if (!out.bytes) {
        const pieces: string[] = [opening];
        violationPieces(doc.violations, (piece) => pieces.push(typeof piece === "string" ? piece : piece.toString("utf8")));
        pieces.push(closing);
        out(pieces.join(""));
        return;
    }
    const bytes = out.bytes;
    const sink = new ChunkSink((chunk) => bytes(chunk));
    sink.add(opening);
    violationPieces(doc.violations, (piece) => sink.add(piece));
    sink.add(`${closing}\n`);
    sink.flush();
}

/**
 * `text` (`JSON.stringify(doc, null, 2)` of a document whose top-level `key` holds an empty list) cut
 * inside that list: the text up to and including its `[`, and the text from its `]` on; undefined
 * when `key` is no top-level empty list there. A JSON string never holds a raw newline, and only a
 * top-level key follows a newline and two spaces, so the first match is the key. Between the two go
 * the list's items, each as {@link elementText} gives it after four spaces, with `,` and newlines
 * between them, a newline before the first and a newline and two spaces after the last.
 */
export function aroundEmptyList(text: string, key: string): [string, string] | undefined {
    const marker = `\n  ${JSON.stringify(key)}: []`;
    const at = text.indexOf(marker);
    if (at < 0) return undefined;
    const cut = at + marker.length - 1;
    return [text.slice(0, cut), text.slice(cut)];
}

/** `value` as `JSON.stringify(document, null, 2)` writes an item of a top-level list, after its four spaces of indent. */
export function elementText(value: unknown): string {
    return JSON.stringify(value, null, 2).replace(/\n/g, "\n    ");
}

/**
 * Pieces of text encoded into one chunk of {@link CHUNK_BYTES}, written out when full: each string
 * is encoded in place (no buffer per piece, no copy to join them), each ready-made buffer copied.
 * A written chunk is never written to again (the writer may hold on to it): the next one is new.
 */
class ChunkSink {
    private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    private size = 0;

    constructor(private readonly write: (chunk: Buffer) => void) {}

    add(piece: string | Buffer): void {
        // UTF-8 takes at most 3 bytes per UTF-16 code unit: a string that fits by that bound is encoded in place.
        const most = typeof piece === "string" ? piece.length * 3 : piece.length;
        if (this.size + most > this.chunk.length) {
            this.flush();
            if (most > this.chunk.length) {
                this.write(typeof piece === "string" ? Buffer.from(piece) : piece);
                return;
            }
        }
        this.size += typeof piece === "string" ? this.chunk.write(piece, this.size) : piece.copy(this.chunk, this.size);
    }

    flush(): void {
        if (this.size === 0) return;
        this.write(this.chunk.subarray(0, this.size));
        this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
        this.size = 0;
    }
}

/** The keys of a violation as analyze.ts writes them, in its order (`urn` absent for a stack-wide finding). */
const WITH_URN = ["policyName", "enforcementLevel", "urn", "message", "description"];

/**
 * The violations' text, separators included, as pieces: strings for what differs from one violation to
 * the next, and each rule's closing part (its description) encoded once. A violation of another shape
 * is stringified whole and indented, as JSON.stringify indents a nested value.
 */
function violationPieces(violations: Violation[], emit: (piece: string | Buffer) => void): void {
    const tails = new Map<string, Buffer>();
    for (let i = 0; i < violations.length; i++) {
        const v = violations[i];
        const separator = i === 0 ? "" : ",\n";
        if (!plainViolation(v)) {
            emit(`${separator}    ${elementText(v)}`);
            continue;
        }
        const urn = v.urn === undefined ? "" : `      "urn": ${JSON.stringify(v.urn)},\n`;
        emit(`${separator}    {\n      "policyName": ${JSON.stringify(v.policyName)},\n      "enforcementLevel": ${JSON.stringify(v.enforcementLevel)},\n${urn}      "message": ${JSON.stringify(v.message)}`);
        let tail = tails.get(v.description);
        if (!tail) tails.set(v.description, (tail = Buffer.from(`,\n      "description": ${JSON.stringify(v.description)}\n    }`)));
        emit(tail);
    }
}

/** Whether `v` has exactly the keys of a violation, in order, each a string (`urn` may be absent or undefined). */
function plainViolation(v: Violation): boolean {
    const keys = Object.keys(v);
    const expected = keys.length === 5 ? WITH_URN : keys.length === 4 ? WITH_URN.filter((k) => k !== "urn") : undefined;
    if (!expected) return false;
    for (let k = 0; k < keys.length; k++) {
        if (keys[k] !== expected[k]) return false;
        const value = (v as unknown as Record<string, unknown>)[keys[k]];
        if (typeof value !== "string" && !(keys[k] === "urn" && value === undefined)) return false;
    }
    return true;
}
