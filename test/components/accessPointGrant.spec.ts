import { expect } from "chai";
import { AccessPointGrant, AccessPointGrantArgs, RuntimeRole } from "../../components";
import { accessPointGrantPolicy } from "../../components/iam";
import { asList, childrenOf, documentOf, input, one, run, runFailing } from "../helpers/offline";

const POLICY = "aws:iam/rolePolicy:RolePolicy";
const AP = "arn:aws:s3:eu-west-1:999988887777:accesspoint/acme-sales-emr";
const KEY = "arn:aws:kms:eu-west-1:999988887777:key/65401062-13ec-49d4-ae89-525c8eaac179";
const BASE: AccessPointGrantArgs = { roleName: "emr-dataplane-job-runtime", accessPointArn: AP, kmsKeyArn: KEY };

describe("AccessPointGrant", () => {
    it("adds one inline policy to the role: exactly the access point's two prefixes and the key through S3", async () => {
        const r = await run(() => { new AccessPointGrant("sales", BASE); });
        const component = one(r.resources, "emr-dataplane:index:AccessPointGrant", "sales");
        expect(childrenOf(r.resources, component.urn).map((c) => `${c.type} ${c.name}`)).to.deep.equal([`${POLICY} sales-policy`]);
        const policy = one(r.resources, POLICY);
        expect(input(policy, "role")).to.equal("emr-dataplane-job-runtime");
        expect(input(policy, "name")).to.equal("data-source-acme-sales-emr");
        const doc = documentOf(policy);
        expect(doc).to.deep.equal(accessPointGrantPolicy({ accessPointArn: AP, kmsKeyArn: KEY, inputPrefix: "input/", outputPrefix: "output/" }));
        expect(doc.Statement.flatMap((s) => asList(s.Resource)).sort()).to.deep.equal([AP, `${AP}/object/input/*`, `${AP}/object/output/*`, `${AP}/object/input`, `${AP}/object/output`, KEY].sort());
        expect(component.outputs.policyName).to.equal("data-source-acme-sales-emr");
    });

    it("grants on the data plane's runtime role alongside its own policy, for other prefixes and a given policy name", async () => {
        const r = await run(() => {
            const role = new RuntimeRole("job-runtime", { bucketName: "plane-resources", roleName: "emr-dataplane-job-runtime" });
            new AccessPointGrant("sales", { ...BASE, roleName: role.roleName, inputPrefix: "raw/", outputPrefix: "curated/2024/", policyName: "acme-sales" });
        });
        const grant = one(r.resources, POLICY, "sales-policy");
        expect(input(grant, "role")).to.equal("emr-dataplane-job-runtime");
        expect(input(grant, "name")).to.equal("acme-sales");
        const resources = documentOf(grant).Statement.flatMap((s) => asList(s.Resource));
        expect(resources).to.include(`${AP}/object/raw/*`).and.to.include(`${AP}/object/curated/2024/*`);
        // The folder keys Hadoop probes: each folder and parent, exactly.
        expect(resources.filter((x) => !x.endsWith("*") && x.includes("/object/"))).to.deep.equal([`${AP}/object/raw`, `${AP}/object/curated`, `${AP}/object/curated/2024`]);
        expect(resources.some((x) => x.includes("/object/input/") || x.includes("/object/output/"))).to.equal(false);
        expect(input(one(r.resources, POLICY, "job-runtime-permissions"), "name")).to.equal("emr-serverless-job-runtime");
    });

    describe("validation", () => {
        const cases: [string, Partial<AccessPointGrantArgs>, RegExp][] = [
            ["a bucket ARN for the access point", { accessPointArn: "arn:aws:s3:::acme-sales-data" }, /^args\.accessPointArn: must be an S3 access point ARN/],
            ["an access point ARN with a bad name", { accessPointArn: "arn:aws:s3:eu-west-1:999988887777:accesspoint/Bad_Name" }, /^args\.accessPointArn: must be 3-50/],
            ["an access point ARN with a bad region", { accessPointArn: "arn:aws:s3:moon-1:999988887777:accesspoint/acme" }, /^args\.accessPointArn: must be an AWS region/],
            ["a wildcard key", { kmsKeyArn: "arn:aws:kms:eu-west-1:999988887777:key/*" }, /^args\.kmsKeyArn: must be a KMS key ARN/],
            ["a key of another account", { kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/abc" }, /^args\.kmsKeyArn: is in 111122223333\/eu-west-1, but the access point is in 999988887777\/eu-west-1/],
            ["a key of another region", { kmsKeyArn: "arn:aws:kms:us-east-1:999988887777:key/abc" }, /^args\.kmsKeyArn: is in 999988887777\/us-east-1/],
            ["overlapping prefixes", { inputPrefix: "data/", outputPrefix: "data/out/" }, /^args\.outputPrefix: must not overlap/],
            ["a bad policy name", { policyName: "has space" }, /^args\.policyName: must be 1-128 characters/],
        ];
        for (const [what, args, message] of cases) {
            it(`refuses ${what} before registering any child`, async () => {
                const { error, registered } = await runFailing(() => new AccessPointGrant("bad", { ...BASE, ...args } as AccessPointGrantArgs));
                expect(error.message).to.match(message);
                expect(registered.filter((x) => x.custom)).to.deep.equal([]);
            });
        }
    });
});
