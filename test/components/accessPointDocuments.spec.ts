import { expect } from "chai";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import {
    DELEGATED_ACTIONS, PolicyDocument, accessPointGrantPolicy, arn, accessPointPolicy, dataSourceKeyPolicy,
    delegateToAccessPointsBucketPolicy, parseAccessPointArn, s3ViaService, sparkAccessPointRequests,
} from "../../components/iam";
import { asList, statement } from "../helpers/offline";

const OWNER = "999988887777";
const CONSUMER = "444455556666";
const REGION = "eu-west-1";
const AP = arn.accessPoint("aws", REGION, OWNER, "acme-sales-emr");
const KEY = `arn:aws:kms:${REGION}:${OWNER}:key/65401062-13ec-49d4-ae89-525c8eaac179`;
const ROLE = `arn:aws:iam::${CONSUMER}:role/emr-dataplane-job-runtime`;
const PREFIXES = { inputPrefix: "input/", outputPrefix: "output/" };

const apPolicy = () => accessPointPolicy({ accessPointArn: AP, consumerRoleArns: [ROLE], ...PREFIXES });
const bucketPolicy = () => delegateToAccessPointsBucketPolicy({ partition: "aws", bucketName: "acme-sales-data", ownerAccountId: OWNER });
const keyPolicy = () => dataSourceKeyPolicy({ partition: "aws", region: REGION, ownerAccountId: OWNER, consumerRoleArns: [ROLE] });
const grant = () => accessPointGrantPolicy({ accessPointArn: AP, kmsKeyArn: KEY, ...PREFIXES });

describe("access point documents (components/iam/accessPoints.ts)", () => {
    it("builds access point ARNs, object patterns and the S3 service name for kms:ViaService", () => {
        expect(AP).to.equal("arn:aws:s3:eu-west-1:999988887777:accesspoint/acme-sales-emr");
        expect(parseAccessPointArn(AP)).to.deep.equal({ partition: "aws", region: REGION, accountId: OWNER, name: "acme-sales-emr" });
        expect(parseAccessPointArn("arn:aws:s3:::bucket")).to.equal(undefined);
        expect(s3ViaService("eu-west-1")).to.equal("s3.eu-west-1.amazonaws.com");
        expect(s3ViaService("cn-north-1")).to.equal("s3.cn-north-1.amazonaws.com.cn");
        expect(s3ViaService("eusc-de-east-1")).to.equal("s3.eusc-de-east-1.amazonaws.eu");
    });

    it("access point policy: the named role reads input/, writes output/, lists only those prefixes", () => {
        const doc = apPolicy();
        expect(doc.Statement.map((s) => s.Sid)).to.deep.equal([
            "ConsumerReadInputPrefix", "ConsumerWriteOutputPrefix", "ConsumerListThroughTheAccessPoint", "ConsumerProbeInputAndOutputFolderKeys",
        ]);
        for (const s of doc.Statement) expect(s.Principal).to.deep.equal({ AWS: ROLE });
        expect(statement(doc, "ConsumerReadInputPrefix")).to.include({ Effect: "Allow" });
        expect(statement(doc, "ConsumerReadInputPrefix").Action).to.deep.equal(["s3:GetObject"]);
        expect(statement(doc, "ConsumerReadInputPrefix").Resource).to.deep.equal([`${AP}/object/input/*`]);
        expect(statement(doc, "ConsumerWriteOutputPrefix").Resource).to.deep.equal([`${AP}/object/output/*`]);
        expect(statement(doc, "ConsumerListThroughTheAccessPoint").Resource).to.deep.equal([AP]);
        // No s3:prefix condition: a HEAD of a missing key is a 404 only with ListBucket, and it carries no prefix.
        expect(statement(doc, "ConsumerListThroughTheAccessPoint").Condition).to.equal(undefined);
        expect(statement(doc, "ConsumerProbeInputAndOutputFolderKeys").Action).to.deep.equal(["s3:GetObject"]);
        expect(statement(doc, "ConsumerProbeInputAndOutputFolderKeys").Resource).to.deep.equal([`${AP}/object/input`, `${AP}/object/output`]);
    });

    it("bucket policy: TLS only, and delegation to the owner's access points with the account condition", () => {
        const doc = bucketPolicy();
        expect(statement(doc, "DenyInsecureTransport").Condition).to.deep.equal({ Bool: { "aws:SecureTransport": "false" } });
        expect(statement(doc, "DelegateAccessControlToOwnAccessPoints")).to.deep.equal({
            Sid: "DelegateAccessControlToOwnAccessPoints",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: [...DELEGATED_ACTIONS],
            Resource: ["arn:aws:s3:::acme-sales-data", "arn:aws:s3:::acme-sales-data/*"],
            Condition: { StringEquals: { "s3:DataAccessPointAccount": OWNER } },
        });
        expect(DELEGATED_ACTIONS.filter((a) => a.includes("*"))).to.deep.equal([]);
    });

    it("key policy: the owner administers through IAM; consumer roles use the key only via S3 from their account", () => {
        const doc = keyPolicy();
        expect(statement(doc, "AccountAdministersKeyThroughIam").Principal).to.deep.equal({ AWS: `arn:aws:iam::${OWNER}:root` });
        expect(statement(doc, "ConsumerRolesUseKeyThroughS3")).to.deep.equal({
            Sid: "ConsumerRolesUseKeyThroughS3",
            Effect: "Allow",
            Principal: { AWS: ROLE },
            Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
            Resource: "*",
            Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com", "kms:CallerAccount": CONSUMER } },
        });
        const two = dataSourceKeyPolicy({ partition: "aws", region: REGION, ownerAccountId: OWNER, consumerRoleArns: [ROLE, "arn:aws:iam::111122223333:role/r", `arn:aws:iam::${CONSUMER}:role/other`] });
        expect(statement(two, "ConsumerRolesUseKeyThroughS3").Condition!.StringEquals["kms:CallerAccount"]).to.deep.equal([CONSUMER, "111122223333"]);
    });

    it("consumer grant: the access point's two prefixes and the one key through S3, nothing on *", () => {
        const doc = grant();
        expect(doc.Statement.map((s) => s.Sid)).to.deep.equal([
            "DataSourceReadInputPrefix", "DataSourceWriteOutputPrefix", "DataSourceListThroughTheAccessPoint",
            "DataSourceProbeInputAndOutputFolderKeys", "DataSourceKeyThroughS3",
        ]);
        expect(doc.Statement.flatMap((s) => asList(s.Resource))).to.deep.equal([
            `${AP}/object/input/*`, `${AP}/object/output/*`, AP, `${AP}/object/input`, `${AP}/object/output`, KEY,
        ]);
        expect(statement(doc, "DataSourceKeyThroughS3").Condition).to.deep.equal({ StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } });
        expect(doc.Statement.every((s) => s.Principal === undefined)).to.equal(true);
        expect(() => accessPointGrantPolicy({ accessPointArn: "arn:aws:s3:::bucket", kmsKeyArn: KEY, ...PREFIXES })).to.throw(/not an access point ARN/);
    });

    // The shapes the policy pack requires of these documents, with a broken variant for each:
    // test/policies/accessPointCases.ts (rules in policies/rules/accessPoints.ts).

    describe("exact scope, evaluated by an IAM simulator (identity policy + access point or key policy, cross-account)", () => {
        const OTHER_ROLE = `arn:aws:iam::${CONSUMER}:role/someone-else`;
        const OTHER_KEY = `arn:aws:kms:${REGION}:${OWNER}:key/11111111-2222-3333-4444-555555555555`;
        const OTHER_AP = arn.accessPoint("aws", REGION, OWNER, "acme-hr-emr");
        const VIA_S3 = { "kms:ViaService": s3ViaService(REGION), "kms:CallerAccount": CONSUMER };

        async function decide(principal: string, action: string, resource: string, context: Record<string, string> = {}, identity = grant()): Promise<string> {
            const result = await runSimulation({
                request: { principal, action, resource: { resource, accountId: OWNER }, contextVariables: context },
                identityPolicies: [{ name: "grant", policy: identity }],
                serviceControlPolicies: [],
                resourceControlPolicies: [],
                resourcePolicy: action.startsWith("kms:") ? keyPolicy() : apPolicy(),
            }, {});
            if (result.resultType !== "single") throw new Error(`simulation failed: ${JSON.stringify(result)}`);
            return result.overallResult;
        }

        const cases: [string, string, string, Record<string, string>, "Allowed" | "ImplicitlyDenied"][] = [
            ["reads an input object", "s3:GetObject", `${AP}/object/input/trips.csv`, {}, "Allowed"],
            ["writes an output object", "s3:PutObject", `${AP}/object/output/part-0.parquet`, {}, "Allowed"],
            ["lists the input prefix", "s3:ListBucket", AP, { "s3:prefix": "input/" }, "Allowed"],
            ["uses the key through S3", "kms:GenerateDataKey", KEY, VIA_S3, "Allowed"],
            ["does not read a second prefix", "s3:GetObject", `${AP}/object/private/salaries.csv`, {}, "ImplicitlyDenied"],
            ["does not read a sibling prefix that only starts like the input", "s3:GetObject", `${AP}/object/input-archive/x.csv`, {}, "ImplicitlyDenied"],
            ["does not write the input prefix", "s3:PutObject", `${AP}/object/input/trips.csv`, {}, "ImplicitlyDenied"],
            ["does not delete input objects", "s3:DeleteObject", `${AP}/object/input/trips.csv`, {}, "ImplicitlyDenied"],
            ["does not read through a second access point", "s3:GetObject", `${OTHER_AP}/object/input/trips.csv`, {}, "ImplicitlyDenied"],
            ["does not use a second key", "kms:Decrypt", OTHER_KEY, VIA_S3, "ImplicitlyDenied"],
            ["does not use the key outside S3", "kms:Decrypt", KEY, { "kms:CallerAccount": CONSUMER }, "ImplicitlyDenied"],
            ["does not administer the key", "kms:ScheduleKeyDeletion", KEY, VIA_S3, "ImplicitlyDenied"],
        ];
        for (const [what, action, resource, context, expected] of cases) {
            it(`the granted role ${what}`, async () => {
                expect(await decide(ROLE, action, resource, context)).to.equal(expected);
            });
        }

        describe("what Spark sends for the sample job (read input/, replace output/trips-by-vendor/): exactly this set", () => {
            const requests = sparkAccessPointRequests({ accessPointArn: AP, ...PREFIXES });
            it("the set: its IAM actions are exactly what the grant gives on the access point", () => {
                const granted = grant().Statement.filter((s) => s.Sid !== "DataSourceKeyThroughS3").flatMap((s) => asList(s.Action));
                expect([...new Set(requests.map((r) => r.action))].sort()).to.deep.equal([...new Set(granted)].sort());
                expect(requests).to.have.length(20);
            });
            for (const r of sparkAccessPointRequests({ accessPointArn: AP, ...PREFIXES })) {
                it(`${r.missing ? "allowed, and a 404 while the key does not exist" : "allowed"}: ${r.operation} (${r.action}), by the grant and the access point policy`, async () => {
                    expect(await decide(ROLE, r.action, r.resource, r.context)).to.equal("Allowed");
                    // S3 answers a missing key with 404 only to a caller allowed ListBucket (no prefix in a HEAD), else 403.
                    if (r.missing) expect(await decide(ROLE, r.missing.action, r.missing.resource, r.missing.context), "ListBucket for the 404").to.equal("Allowed");
                });
            }
            it("the trade-off, stated: the consumer may list every key name through the access point (and still reads only input/ and writes only output/)", async () => {
                expect(await decide(ROLE, "s3:ListBucket", AP, { "s3:prefix": "private/" })).to.equal("Allowed");
                expect(await decide(ROLE, "s3:GetObject", `${AP}/object/private/salaries.csv`)).to.equal("ImplicitlyDenied");
            });
            it("…and the bucket delegates each of their actions to its owner's access points", () => {
                // (The simulator does not evaluate s3:DataAccessPointAccount, so the delegation is checked by its shape.)
                const delegation = statement(bucketPolicy(), "DelegateAccessControlToOwnAccessPoints");
                expect(asList(delegation.Action)).to.include.members([...new Set(requests.map((r) => r.action))]);
                expect(asList(delegation.Resource)).to.deep.equal(["arn:aws:s3:::acme-sales-data", "arn:aws:s3:::acme-sales-data/*"]);
            });
            const neighbours: [string, string, string, Record<string, string>][] = [
                ["writing the input folder key", "s3:PutObject", `${AP}/object/input`, {}],
                ["deleting the output folder key itself", "s3:DeleteObject", `${AP}/object/output`, {}],
                ["HEAD of a sibling key that only starts like the input", "s3:GetObject", `${AP}/object/inputs`, {}],
                ["HEAD of a key beside the input (an EMRFS folder marker, not needed)", "s3:GetObject", `${AP}/object/input_$folder$`, {}],
                ["multipart uploads under the input", "s3:PutObject", `${AP}/object/input/part-00000.parquet`, {}],
                ["aborting uploads under the input", "s3:AbortMultipartUpload", `${AP}/object/input/x`, {}],
                ["the data's region (not delegable by the bucket policy: see accessPointDataStatements)", "s3:GetBucketLocation", AP, {}],
            ];
            for (const [what, action, resource, context] of neighbours) {
                it(`denied: ${what}`, async () => {
                    expect(await decide(ROLE, action, resource, context)).to.equal("ImplicitlyDenied");
                });
            }
        });

        it("another role of the consumer account, with the same identity policy, is refused by the owner's policies", async () => {
            expect(await decide(OTHER_ROLE, "s3:GetObject", `${AP}/object/input/trips.csv`)).to.equal("ImplicitlyDenied");
            expect(await decide(OTHER_ROLE, "kms:Decrypt", KEY, VIA_S3)).to.equal("ImplicitlyDenied");
        });

        it("the owner's policies alone grant nothing: without the consumer's identity grant the role is refused", async () => {
            const none: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" }] };
            expect(await decide(ROLE, "s3:GetObject", `${AP}/object/input/trips.csv`, {}, none)).to.equal("ImplicitlyDenied");
            expect(await decide(ROLE, "kms:Decrypt", KEY, VIA_S3, none)).to.equal("ImplicitlyDenied");
        });
    });
});
