/**
 * Issue 20's IAM shapes, asked of an IAM request simulator (@cloud-copilot/iam-simulate, test
 * only): for each rule, a request the flagged shape allows and its stricter neighbour refuses —
 * so the rule flags what is really open, and passes what is really closed. (The simulator does not
 * match `Federated` principals — every web-identity request comes back denied — so federated-trust-bound
 * is shown by its cases in rules.spec.ts only.)
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { expect } from "chai";
import { PolicyDocument } from "../../components/iam";
import { BUCKET, doc, happy, holding, violationsOf } from "../helpers/policy";

type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";
const ACCOUNT = "444455556666";
const OTHER = "999988887777";

async function decide(ask: { principal: string; action: string; resource: string; context: Record<string, string | string[]>; identity?: PolicyDocument; resourcePolicy?: PolicyDocument }): Promise<Decision> {
    const result = await runSimulation({
        identityPolicies: ask.identity ? [{ name: "identity", policy: ask.identity as never }] : [],
        serviceControlPolicies: [], resourceControlPolicies: [],
        resourcePolicy: ask.resourcePolicy as never,
        request: { principal: ask.principal, action: ask.action, resource: { resource: ask.resource, accountId: ACCOUNT }, contextVariables: ask.context },
    }, {});
    if (result.resultType === "error") throw new Error(`the simulator refused ${ask.action}: ${JSON.stringify(result.errors)}`);
    return result.overallResult as Decision;
}

const APP = `arn:aws:emr-serverless:eu-west-1:${ACCOUNT}:/applications/00f1abcd`;
const LAUNCHER = `arn:aws:iam::${ACCOUNT}:role/emr-dataplane-launch`;
const start = (Condition: Record<string, Record<string, string | string[]>>): PolicyDocument => doc({ Effect: "Allow", Action: "emr-serverless:StartJobRun", Resource: `arn:aws:emr-serverless:eu-west-1:${ACCOUNT}:/applications/*`, Condition } as never);

describe("issue 20's shapes, witnessed by the IAM simulator", () => {
    describe("tag-conditions-bind: the flagged guard starts job runs the launch role's guard refuses", () => {
        const cases: [string, PolicyDocument, Record<string, string | string[]>][] = [
            ["a wildcard request tag and ForAnyValue on aws:TagKeys: another tag value and an extra key", start({ StringLike: { "aws:RequestTag/managed-by": "*" }, "ForAnyValue:StringEquals": { "aws:TagKeys": ["managed-by"] } }),
                { "aws:RequestTag/managed-by": "someone-else", "aws:RequestTag/cost-center": "x", "aws:TagKeys": ["managed-by", "cost-center"] }],
            ["ForAllValues on aws:TagKeys alone: a request with no tags", start({ "ForAllValues:StringEquals": { "aws:TagKeys": ["managed-by"] } }), {}],
            ["StringEqualsIfExists without a companion: a request with no tags", start({ StringEqualsIfExists: { "aws:RequestTag/managed-by": "emr-serverless-dataplane launcher" } }), {}],
        ];
        for (const [title, bad, context] of cases) {
            it(title, async () => {
                const ask = { principal: LAUNCHER, action: "emr-serverless:StartJobRun", resource: APP, context };
                expect(await decide({ ...ask, identity: bad }), "the flagged guard").to.equal("Allowed");
                expect(await decide({ ...ask, identity: happy.launchPermissions() }), "the launch role's guard").to.equal("ImplicitlyDenied");
                expect((await violationsOf("tag-conditions-bind", holding.rolePolicy(bad))).length).to.be.greaterThan(0);
                expect(await violationsOf("tag-conditions-bind", holding.rolePolicy(happy.launchPermissions()))).to.deep.equal([]);
            });
        }
    });

    describe("resource-policy-principals-bound: log delivery for another account's bucket writes into ours only without source conditions", () => {
        const write = (Condition?: Record<string, Record<string, string>>): PolicyDocument => doc({
            Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${BUCKET}/access-logs/*`, ...(Condition ? { Condition } : {}),
        } as never);
        const ask = { principal: "logging.s3.amazonaws.com", action: "s3:PutObject", resource: `arn:aws:s3:::${BUCKET}/access-logs/x`,
            context: { "aws:SourceAccount": OTHER, "aws:SourceArn": "arn:aws:s3:::someone-elses-bucket" } };
        const bound = write({ StringEquals: { "aws:SourceAccount": ACCOUNT } });
        const regionWildcard = doc({ Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/*`, Condition: { ArnLike: { "aws:SourceArn": `arn:aws:logs:*:${ACCOUNT}:*` } } } as never);

        it("the unbound statement admits the other account's request; SourceAccount refuses it; the pack flags only the unbound one", async () => {
            expect(await decide({ ...ask, resourcePolicy: write() })).to.equal("Allowed");
            expect(await decide({ ...ask, resourcePolicy: bound })).to.equal("ImplicitlyDenied");
            expect((await violationsOf("resource-policy-principals-bound", holding.bucketPolicy(write()))).length).to.equal(1);
            expect(await violationsOf("resource-policy-principals-bound", holding.bucketPolicy(bound))).to.deep.equal([]);
        });

        it("a SourceArn whose region is a wildcard still refuses another account's log group, and passes the pack", async () => {
            const logs = { principal: "delivery.logs.amazonaws.com", action: "s3:PutObject", resource: `arn:aws:s3:::${BUCKET}/AWSLogs/x` };
            expect(await decide({ ...logs, context: { "aws:SourceArn": `arn:aws:logs:us-east-1:${OTHER}:log-group:x` }, resourcePolicy: regionWildcard })).to.equal("ImplicitlyDenied");
            expect(await decide({ ...logs, context: { "aws:SourceArn": `arn:aws:logs:ap-south-1:${ACCOUNT}:log-group:x` }, resourcePolicy: regionWildcard })).to.equal("Allowed");
            expect(await violationsOf("resource-policy-principals-bound", holding.bucketPolicy(regionWildcard))).to.deep.equal([]);
        });
    });
});
