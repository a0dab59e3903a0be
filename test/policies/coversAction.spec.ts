import { expect } from "chai";
import { ParsedStatement, coversAction, readDocument } from "../../policies/model/documents";

/** The first statement of a one-statement document with these Action (or NotAction) patterns. */
function statement(patterns: string[], not = false): ParsedStatement {
    const read = readDocument(JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", [not ? "NotAction" : "Action"]: patterns, Resource: "*" }] }));
    if (read.status !== "ok") throw new Error("test document not read");
    return read.document.statements[0];
}

const many = (service: string, n: number) => Array.from({ length: n }, (_, i) => `${service}:Action${i}`);

describe("coversAction (policies/model/statements.ts): an action as IAM matches it", () => {
    const cases: [string, string[], boolean, string, boolean][] = [
        // [title, patterns, NotAction?, action, covered]
        ["the exact action, any case", ["IAM:passrole"], false, "iam:PassRole", true],
        ["another service's action", ["s3:GetObject", "kms:Decrypt"], false, "iam:PassRole", false],
        ["a bare * (no colon) covers every action", ["*"], false, "iam:PassRole", true],
        ["a wildcard in the service part", ["i?m:Pass*"], false, "iam:PassRole", true],
        ["a literal pattern without a colon covers nothing", ["PassRole"], false, "iam:PassRole", false],
        ["NotAction of another service covers the action", ["s3:*"], true, "iam:PassRole", true],
        ["NotAction naming the action leaves it out", ["iam:Pass*"], true, "iam:PassRole", false],
        ["NotAction * leaves out everything", ["*"], true, "iam:PassRole", false],
        ["a long list of other services", [...many("s3", 20), ...many("kms", 20)], false, "iam:PassRole", false],
        ["a long list with the action's service pattern", [...many("s3", 20), "iam:Pass*"], false, "iam:PassRole", true],
        ["a long NotAction list of other services", many("s3", 20), true, "iam:PassRole", true],
        ["a short list naming the action's service after another", ["s3:GetObject", "IAM:Pass*"], false, "iam:PassRole", true],
        ["a short NotAction list naming the action's service after another", ["s3:GetObject", "iam:PassRole"], true, "iam:PassRole", false],
        ["a long list of other services with a wildcard service part", [...many("s3", 20), "i?m:Pass*"], false, "iam:PassRole", true],
        ["a long list of other services with a bare *", [...many("s3", 20), "*"], false, "iam:PassRole", true],
    ];
    for (const [title, patterns, not, action, covered] of cases) {
        it(`${title}: ${covered ? "covers" : "does not cover"} ${action}`, () => {
            const s = statement(patterns, not);
            expect(coversAction(s, action)).to.equal(covered);
            expect(coversAction(s, action), "asked again").to.equal(covered);
        });
    }
});
