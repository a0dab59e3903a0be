import { expect } from "chai";
import { ActionInfo, expandAction, serviceActions } from "../../policies/model/actions";
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
