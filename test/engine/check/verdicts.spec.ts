/**
 * The check's verdicts, recorded: every violation (rule, level, resource URN, message) of the pack
 * over the bad-plane fixture in both Pulumi CLI formats and over a 130-resource export made the way
 * the check benchmark makes its 10,000 (bench/check.bench.ts), compared line for line with
 * test/fixtures/check-verdicts/. Speed work on the reader and the pack must leave each one
 * byte-identical; a rule change that means to change a verdict records them again:
 *
 *     RECORD_VERDICTS=1 npx mocha test/engine/check/verdicts.spec.ts
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { exportFile } from "../../../bench/check.bench";
import { analyzeWithAccountChecks } from "../../../engine/check/analyze";
import { readStackFile } from "../../../engine/check/stackFiles";
import { tempDir } from "../../helpers/tempDir";

const ROOT = path.resolve(__dirname, "../../..");
const RECORDED = path.join(ROOT, "test", "fixtures", "check-verdicts");

/** One violation per line: level, rule, URN, message (descriptions are the rules' own text). */
async function verdicts(file: string, asTheCommand: boolean): Promise<string> {
    const stack = readStackFile(file);
    // As `dataplane check` runs it (a file without secrets is handed over as it is), or with every value walked and cleaned.
    const { violations, accountChecksNotMade } = await analyzeWithAccountChecks(stack.resources, asTheCommand ? { plainJson: stack.plainJson } : {});
    const lines = violations.map((v) => [v.enforcementLevel, v.policyName, v.urn ?? "-", v.message].join("\t"));
    return [`${stack.format}: ${stack.resources.length} resources, ${violations.length} violations, ${accountChecksNotMade} account checks not made`, ...lines, ""].join("\n");
}

describe("dataplane check: recorded verdicts (test/fixtures/check-verdicts)", () => {
    const cases: [string, () => string][] = [
        ["bad-plane-stack-export.txt", () => path.join(ROOT, "test", "fixtures", "bad-plane", "stack-export.json")],
        ["bad-plane-pulumi-preview.txt", () => path.join(ROOT, "test", "fixtures", "bad-plane", "pulumi-preview.json")],
        ["bench-export-130.txt", () => exportFile(tempDir("dataplane-verdicts-"), 130)],
    ];
    for (const [name, file] of cases) {
        it(`${name}: every violation as recorded`, async () => {
            const read = file();
            const got = await verdicts(read, true);
            expect(await verdicts(read, false)).to.equal(got);
            const recorded = path.join(RECORDED, name);
            if (process.env.RECORD_VERDICTS === "1") fs.writeFileSync(recorded, got);
            const want = fs.readFileSync(recorded, "utf8");
            // Line by line first: a failure names the first line that differs, not two 50 kB strings.
            const [g, w] = [got.split("\n"), want.split("\n")];
            for (let i = 0; i < Math.max(g.length, w.length); i++) expect(g[i], `line ${i + 1} of ${name}`).to.equal(w[i]);
        });
    }

    it("the 130-resource export has violations of both levels, and a good unit's neighbour passes where a bad one fails", async () => {
        const want = fs.readFileSync(path.join(RECORDED, "bench-export-130.txt"), "utf8").split("\n").slice(1).filter(Boolean);
        expect(want.some((l) => l.startsWith("mandatory\t"))).to.equal(true);
        expect(want.some((l) => l.startsWith("advisory\t"))).to.equal(true);
        // Units 0, 4, 8, 12 open SSH to the internet; unit 1's security group is the stricter neighbour.
        const flagged = (name: string) => want.some((l) => l.includes(`::aws:ec2/securityGroup:SecurityGroup::${name}\t`));
        expect(flagged("sg-4")).to.equal(true);
        expect(flagged("sg-1")).to.equal(false);
    });
});
