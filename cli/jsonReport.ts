/**
 * Printing a `--json` document whose last key is a list of violations, byte for byte as
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
 * Prints `doc` (its last key `violations`) followed by a newline, as `out(JSON.stringify(doc, null, 2))`
 * would; `doc.violations` at the top level, so each violation is indented by four spaces.
 */
export function printJsonWithViolations<T extends { violations: Violation[] }>(doc: T, out: Printer): void {
    const keys = Object.keys(doc);
    if (keys[keys.length - 1] !== "violations" || doc.violations.length === 0) {
        out(JSON.stringify(doc, null, 2));
        return;
    }
    const head = JSON.stringify({ ...doc, violations: [] }, null, 2);
    const EMPTY = '"violations": []\n}';
    if (!head.endsWith(EMPTY)) {
        out(JSON.stringify(doc, null, 2));
        return;
    }
    const pieces = violationPieces(doc.violations);
    const opening = `${head.slice(0, -EMPTY.length)}"violations": [\n`;
    const closing = "\n  ]\n}";
    if (!out.bytes) {
        out(opening + pieces.map((p) => (typeof p === "string" ? p : p.toString("utf8"))).join("") + closing);
        return;
    }
    const chunks: Buffer[] = [Buffer.from(opening)];
    let size = chunks[0].length;
    for (const piece of pieces) {
        const bytes = typeof piece === "string" ? Buffer.from(piece) : piece;
        chunks.push(bytes);
        size += bytes.length;
        if (size >= CHUNK_BYTES) {
            out.bytes(Buffer.concat(chunks, size));
            chunks.length = 0;
            size = 0;
        }
    }
    chunks.push(Buffer.from(`${closing}\n`));
    out.bytes(Buffer.concat(chunks));
}

/** The keys of a violation as analyze.ts writes them, in its order (`urn` absent for a stack-wide finding). */
const WITH_URN = ["policyName", "enforcementLevel", "urn", "message", "description"];

/**
 * The violations' text, separators included, as pieces: strings for what differs from one violation to
 * the next, and each rule's closing part (its description) encoded once. A violation of another shape
 * is stringified whole and indented, as JSON.stringify indents a nested value.
 */
function violationPieces(violations: Violation[]): (string | Buffer)[] {
    const pieces: (string | Buffer)[] = [];
    const tails = new Map<string, Buffer>();
    for (let i = 0; i < violations.length; i++) {
        const v = violations[i];
        const separator = i === 0 ? "" : ",\n";
        if (!plainViolation(v)) {
            pieces.push(separator + JSON.stringify(v, null, 2).replace(/^/gm, "    "));
            continue;
        }
        const urn = v.urn === undefined ? "" : `      "urn": ${JSON.stringify(v.urn)},\n`;
        pieces.push(`${separator}    {\n      "policyName": ${JSON.stringify(v.policyName)},\n      "enforcementLevel": ${JSON.stringify(v.enforcementLevel)},\n${urn}      "message": ${JSON.stringify(v.message)}`);
        let tail = tails.get(v.description);
        if (!tail) tails.set(v.description, (tail = Buffer.from(`,\n      "description": ${JSON.stringify(v.description)}\n    }`)));
        pieces.push(tail);
    }
    return pieces;
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
