import { expect } from "chai";
import { ActionInfo, expandAction, serviceActions, statementActions, statementActionsNow } from "../../policies/model/actions";
import { DocumentSite, ParsedDocument, readDocument } from "../../policies/model/documents";
import { DocumentRule } from "../../policies/model/rule";
import { DEFAULT_SETTINGS, POLICIES } from "../../policies/pack";
import { coversEvery } from "../../policies/rules/grants";
import { wildcardMatch } from "../../policies/model/wildcard";

/** What a pattern's action part matches in one service, by the plain rule: every name lower-cased, matched by the wildcard matcher. */
async function reference(service: string, actionPart: string): Promise<ActionInfo[]> {
    const all = (await serviceActions(service)) ?? [];
    const part = actionPart.toLowerCase();
    return all.filter((a) => wildcardMatch(part, a.name.slice(service.length + 1).toLowerCase()));
}

describe("expandAction (policies/model/actions.ts): an action pattern against the catalogue, as IAM compares actions", () => {
    // Exact names and trailing-star prefixes are compared letter by letter; the rest go through the matcher.
    const cases: [string, string][] = [
        ["s3", "GetObject"], ["s3", "getobject"], ["s3", "GETOBJECT"], ["s3", "GetObjec"], ["s3", "GetObjectX"],
        ["s3", "Get*"], ["s3", "get*"], ["s3", "GETOBJECT*"], ["s3", "*"], ["s3", "G*t*Tagging"], ["s3", "Get?bject"],
        ["iam", "PassRole"], ["iam", "pass*"], ["kms", "Decrypt"], ["ec2", "Describe*"], ["ec2", "describeinstances"],
        ["s3", "Gét*"], ["s3", "GetObject\u0130"],
    ];
    for (const [service, part] of cases) {
        it(`${service}:${part} matches what every lower-cased name matched by the wildcard matcher does, in the catalogue's order`, async () => {
            const expansion = await expandAction(`${service}:${part}`);
            const expected = await reference(service, part);
            expect(expansion.actions.map((a) => a.name)).to.deep.equal(expected.map((a) => a.name));
            // The very objects serviceActions hands out: rules compare and collect them.
            expansion.actions.forEach((a, i) => expect(a).to.equal(expected[i]));
            expect(expansion.wholeServices).to.deep.equal(expected.length === (await serviceActions(service))!.length ? [service] : []);
            expect(expansion.problem === undefined).to.equal(expected.length > 0);
        });
    }

    it("finds an exact name in any case, and says a misspelt one matches nothing", async () => {
        expect((await expandAction("S3:getOBJECT")).actions.map((a) => a.name)).to.deep.equal(["s3:GetObject"]);
        expect((await expandAction("emr-serverless:StopJobRun")).problem).to.equal('emr-serverless has no action "StopJobRun"');
        expect((await expandAction("s3:Nothing*")).problem).to.equal('"s3:Nothing*" matches no action of s3');
    });

    it("says s3:* covers the whole service and a prefix does not", async () => {
        expect((await expandAction("s3:*")).wholeServices).to.deep.equal(["s3"]);
        expect((await expandAction("s3:Get*")).wholeServices).to.deep.equal([]);
    });
});

describe("verdicts known at once (policies/rules/iam.ts, grants.ts): no waiting where nothing is to say and every expansion is known", () => {
    const rule = (name: string) => POLICIES.find((p) => p.name === name) as DocumentRule;
    const site: DocumentSite = { kind: "identity", path: "policy", value: undefined };
    const subject = { type: "aws:iam/rolePolicy:RolePolicy", name: "p", urn: "urn:pulumi:test::policy-test::aws:iam/rolePolicy:RolePolicy::p" };
    /** A freshly parsed document (not one a rule has judged already, which its verdict cache would answer). */
    const parsed = (...statements: object[]) => {
        const read = readDocument(JSON.stringify({ Version: "2012-10-17", Statement: statements, Id: Math.random() }));
        if (read.status !== "ok") throw new Error(read.status);
        return read.document;
    };
    const judge = (name: string, document: ParsedDocument) => rule(name).check(document, site, subject, DEFAULT_SETTINGS);
    const isPromise = (v: unknown) => typeof (v as { then?: unknown })?.then === "function";

    it("statementActionsNow: unknown until statementActions has settled, then the very same list", async () => {
        // A pattern list no other test asks about (the answers are kept per process): the last pattern matches nothing.
        const [s] = parsed({ Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", `kms:NoSuchAction${process.pid}${Date.now()}`], Resource: "*" }).statements;
        expect(statementActionsNow(s, "kms")).to.equal(undefined);
        const actions = await statementActions(s, "kms");
        expect(statementActionsNow(s, "kms")).to.equal(actions);
        expect(actions.map((a) => a.name)).to.deep.equal(["kms:Decrypt", "kms:Encrypt"]);
    });

    const cases: [string, object, object, RegExp][] = [
        // [rule, a statement it passes, its failing neighbour, the failing neighbour's message]
        ["iam-actions-exist", { Effect: "Allow", Action: "emr-serverless:CancelJobRun", Resource: "*" }, { Effect: "Allow", Action: "emr-serverless:StopJobRun", Resource: "*" }, /has no action "StopJobRun"/],
        ["iam-no-admin-grants", { Effect: "Allow", Action: "s3:GetObject", Resource: "*" }, { Effect: "Allow", Action: "s3:*", Resource: "*" }, /grants every action of s3/],
        ["s3-grants-scoped", { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }, { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::*" }, /grants s3:GetObject on "arn:aws:s3:::\*", which is every bucket/],
        ["resource-actions-not-on-star", { Effect: "Allow", Action: "emr-serverless:StartJobRun", Resource: "arn:aws:emr-serverless:us-east-1:444455556666:/applications/x" }, { Effect: "Allow", Action: "emr-serverless:StartJobRun", Resource: "*" }, /grants emr-serverless:StartJobRun on "\*"/],
    ];
    for (const [name, passing, failing, message] of cases) {
        it(`${name}: a passing document is judged at once once its patterns are known; its failing neighbour gives the same messages either way`, async () => {
            // The first judgement expands the patterns (and may wait); the next, of an equal document, need not.
            expect(await judge(name, parsed(passing))).to.deep.equal([]);
            const now = judge(name, parsed(passing));
            expect(isPromise(now)).to.equal(false);
            expect(now).to.deep.equal([]);
            const first = await judge(name, parsed(failing));
            expect(first.join("\n")).to.match(message);
            expect(await judge(name, parsed(failing))).to.deep.equal(first);
        });
    }
});

describe("coversEvery (policies/rules/grants.ts): answered once per pattern, the same answer each time", () => {
    const cases: [string, string, string, boolean][] = [
        ["*", "s3", "", true], ["arn:aws:s3:::*", "s3", "", true], ["arn:aws:s3:::*/input/*", "s3", "", true], ["arn:aws:s3:::b*", "s3", "", false],
        ["arn:aws:s3:::bucket/*", "s3", "", false], ["arn:aws:kms:*:*:key/*", "kms", "key/", true], ["arn:aws:kms:eu-west-1:444455556666:key/1", "kms", "key/", false],
        ["arn:aws:iam::*:role/*", "iam", "role/", true], ["arn:aws:iam::*:role/emr-dataplane-launch*", "iam", "role/", false],
        // The same pattern asked for another kind: its own answer, not the first one's.
        ["arn:aws:s3:::*", "kms", "key/", false], ["arn:aws:s3:::*", "iam", "role/", false],
    ];
    for (const [pattern, service, typePrefix, expected] of cases) {
        it(`${pattern} (${service}${typePrefix ? `, ${typePrefix}` : ""}): ${expected}`, () => {
            expect(coversEvery(pattern, service, typePrefix)).to.equal(expected);
            expect(coversEvery(pattern, service, typePrefix)).to.equal(expected);
        });
    }
});
