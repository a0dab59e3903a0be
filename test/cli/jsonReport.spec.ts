/**
 * `dataplane check --json` prints its document in pieces (cli/jsonReport.ts): what it prints must be
 * byte for byte `JSON.stringify(doc, null, 2)` and a newline, to a printer of lines and to one of bytes.
 */
import { expect } from "chai";
import type { Printer } from "../../cli/args";
import { printJsonWithViolations } from "../../cli/jsonReport";
import type { Violation } from "../../engine/check/analyze";

/** What a printer of lines prints, and what one that also takes bytes prints (with how many byte chunks). */
function printed(doc: { violations: Violation[] }): { lines: string; bytes: string; chunks: number } {
    const lines: string[] = [];
    printJsonWithViolations(doc, (l) => lines.push(l));
    const out: Buffer[] = [];
    const printer: Printer = (l) => out.push(Buffer.from(`${l}\n`));
    let chunks = 0;
    printer.bytes = (chunk) => { chunks++; out.push(Buffer.from(chunk)); };
    printJsonWithViolations(doc, printer);
    return { lines: lines.map((l) => `${l}\n`).join(""), bytes: Buffer.concat(out).toString("utf8"), chunks };
}

const violation = (i: number, extra: Partial<Violation> = {}): Violation => ({
    policyName: `rule-${i % 7}`, enforcementLevel: i % 3 ? "mandatory" : "advisory", urn: `urn:pulumi:dev::p::aws:iam/role:Role::r-${i}`,
    message: `Statement[0] (Sid "S${i}"): grants s3:* on "*" — name the bucket \\ or "prefix"\ttab`,
    description: `Rule ${i % 7}: never grants — anything → too broad (€, 日本)`, ...extra,
});

describe("dataplane check --json: the document in pieces (cli/jsonReport.ts)", () => {
    it("prints what JSON.stringify(doc, null, 2) prints, to lines and to bytes, over many chunks", () => {
        const violations = Array.from({ length: 12_000 }, (_, i) => violation(i));
        // A stack-wide finding has no URN: the key is absent, or present and undefined (JSON.stringify leaves both out).
        violations[5] = { policyName: "stack-rule", enforcementLevel: "mandatory", message: "m", description: "d" };
        violations[6] = { ...violation(6), urn: undefined };
        const doc = { file: "stack.json", format: "pulumi stack export", resources: 3, summary: "12000 mandatory", packSettings: { config: {}, from: "defaults" }, accounts: ["111122223333"], accountChecksNotMade: 0, violations };
        const expected = `${JSON.stringify(doc, null, 2)}\n`;
        const { lines, bytes, chunks } = printed(doc);
        expect(lines).to.equal(expected);
        expect(bytes).to.equal(expected);
        expect(chunks).to.be.greaterThan(1);
    });

    it("prints a violation of another shape (another key order, more keys, a value that is no string) as JSON.stringify does", () => {
        const odd = [
            { enforcementLevel: "mandatory", policyName: "a", urn: "u", message: "m", description: "d" },
            { ...violation(1), extra: { nested: [1, { deep: "x" }], empty: {} } },
            { ...violation(2), message: 42 },
            {},
        ] as unknown as Violation[];
        const doc = { file: "f", violations: [violation(0), ...odd] };
        const expected = `${JSON.stringify(doc, null, 2)}\n`;
        expect(printed(doc).lines).to.equal(expected);
        expect(printed(doc).bytes).to.equal(expected);
    });

    it("prints a document without violations, or with its violations first, in the middle, or after look-alikes, as JSON.stringify does", () => {
        const docs = [
            { file: "f", violations: [] },
            { violations: [violation(0)], file: "f" },
            { file: "f", violations: [violation(0), violation(1)], summary: { violations: [] } },
            // A nested empty "violations" list, and a string spelling the top-level key, come first: neither is the key.
            { packSettings: { violations: [] }, note: '\n  "violations": []', violations: [violation(2)] },
        ];
        for (const doc of docs) {
            const expected = `${JSON.stringify(doc, null, 2)}\n`;
            expect(printed(doc).lines).to.equal(expected);
            expect(printed(doc).bytes).to.equal(expected);
        }
    });
});
