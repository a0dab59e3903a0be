import { expect } from "chai";
import { RuntimeRole } from "../../components";
import { ACCOUNT, REGION, asList, childrenOf, documentOf, input, one, ofType, run, runFailing, statement, unwrap } from "../helpers/offline";
import { GLUE_READ_ACTIONS, GLUE_WRITE_ACTIONS, glueArn } from "../../components/iam";
import { decide } from "../helpers/iamSimulate";

const ROLE = "aws:iam/role:Role";
const POLICY = "aws:iam/rolePolicy:RolePolicy";

describe("RuntimeRole", () => {
    describe("with a KMS bucket, read-only buckets and assumable roles", () => {
        let r: Awaited<ReturnType<typeof run<{ arn: string; name: string }>>>;
        const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
        before(async () => {
            r = await run(async () => {
                const role = new RuntimeRole("jobs", {
                    bucketName: "acme-resources",
                    bucketKmsKeyArn: keyArn,
                    readOnlyBuckets: ["public-data"],
                    assumableRoleArns: ["arn:aws:iam::777788889999:role/data-access", "arn:aws:iam::*:role/emr-data-*"],
                    roleName: "acme-job-runtime",
                });
                return { arn: await unwrap(role.roleArn), name: await unwrap(role.roleName) };
            });
        });

        it("creates exactly a role and its inline policy under the component", () => {
            const component = one(r.resources, "emr-dataplane:index:RuntimeRole", "jobs");
            expect(childrenOf(r.resources, component.urn).map((c) => `${c.type} ${c.name}`).sort()).to.deep.equal([`${ROLE} jobs-role`, `${POLICY} jobs-permissions`]);
            expect(input(one(r.resources, POLICY), "role")).to.equal("acme-job-runtime");
            expect(r.exports).to.deep.equal({ arn: `arn:aws:iam::${ACCOUNT}:role/acme-job-runtime`, name: "acme-job-runtime" });
        });

        it("is trusted only by EMR Serverless, for applications of its own account and region", () => {
            const trust = documentOf(one(r.resources, ROLE), "assumeRolePolicy");
            expect(trust.Statement).to.have.length(1);
            expect(trust.Statement[0]).to.deep.equal({
                Sid: "EmrServerlessJobs",
                Effect: "Allow",
                Principal: { Service: "emr-serverless.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: {
                    StringEquals: { "aws:SourceAccount": ACCOUNT },
                    ArnLike: { "aws:SourceArn": `arn:aws:emr-serverless:${REGION}:${ACCOUNT}:/applications/*` },
                },
            });
        });

        it("reads and writes only the resource bucket's logs/, staging/ and output/ prefixes", () => {
            const doc = documentOf(one(r.resources, POLICY));
            expect(asList(statement(doc, "ResourceBucketObjects").Resource)).to.deep.equal([
                "arn:aws:s3:::acme-resources/logs/*", "arn:aws:s3:::acme-resources/staging/*", "arn:aws:s3:::acme-resources/output/*",
            ]);
            expect(asList(statement(doc, "ResourceBucketObjects").Action)).to.include("s3:ListMultipartUploadParts");
            // Listing has no prefix condition (Spark's HEADs of missing keys are 404s only with it), and the top folder key is readable for its probe.
            const list = statement(doc, "ResourceBucketListForProbes");
            expect(asList(list.Resource)).to.deep.equal(["arn:aws:s3:::acme-resources"]);
            expect(list.Condition).to.equal(undefined);
            expect(statement(doc, "ResourceBucketFolderKeys")).to.deep.equal({ Sid: "ResourceBucketFolderKeys", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::acme-resources/staging"] });
        });

        it("may use the bucket's key and no other", () => {
            const doc = documentOf(one(r.resources, POLICY));
            const kms = doc.Statement.filter((s) => asList(s.Action).some((a) => a.startsWith("kms:")));
            expect(kms).to.have.length(1);
            expect(asList(kms[0].Resource)).to.deep.equal([keyArn]);
        });

        it("reads the read-only buckets without write actions, and assumes only the listed roles", () => {
            const doc = documentOf(one(r.resources, POLICY));
            expect(asList(statement(doc, "ReadOnlyBucketObjects").Action)).to.deep.equal(["s3:GetObject"]);
            expect(asList(statement(doc, "ReadOnlyBucketObjects").Resource)).to.deep.equal(["arn:aws:s3:::public-data/*"]);
            expect(asList(statement(doc, "AssumeCustomerDataAccessRoles").Resource)).to.deep.equal([
                "arn:aws:iam::777788889999:role/data-access", "arn:aws:iam::*:role/emr-data-*",
            ]);
        });

        it("grants nothing on \"*\" but s3:ListAllMyBuckets", () => {
            const doc = documentOf(one(r.resources, POLICY));
            const onStar = doc.Statement.filter((s) => asList(s.Resource).includes("*"));
            expect(onStar.map((s) => s.Action)).to.deep.equal([["s3:ListAllMyBuckets"]]);
        });
    });

    it("without a key, extras or a name: no KMS, read-only or AssumeRole statement, and a generated name", async () => {
        const r = await run(() => { new RuntimeRole("plain", { bucketName: "b-logs" }); });
        const doc = documentOf(one(r.resources, POLICY));
        expect(doc.Statement.map((s) => s.Sid)).to.deep.equal(["ResourceBucketObjects", "ResourceBucketListForProbes", "ResourceBucketFolderKeys", "ListAllBuckets"]);
        expect(one(r.resources, ROLE).outputs.name).to.match(/^plain-role-[0-9a-f]{7}$/);
    });

    describe("the Glue Data Catalog, opt-in (proven with the IAM simulator)", () => {
        const scope = { partition: "aws", region: REGION, accountId: ACCOUNT };
        let glue: ReturnType<typeof documentOf>;
        before(async () => {
            const r = await run(() => { new RuntimeRole("jobs", { bucketName: "b-logs", glueReadOnlyDatabases: ["reference"], glueReadWriteDatabases: ["acme_sales"] }); });
            const policy = one(r.resources, POLICY, "jobs-glue-catalog");
            expect(input(policy, "name")).to.equal("emr-serverless-glue-catalog");
            glue = documentOf(policy);
        });
        /**
         * IAM authorizes a Data Catalog action on the resource and every ancestor ("Specifying AWS Glue
         * resource ARNs", Glue Developer Guide): the table, its database and the catalog. The simulator
         * takes one resource per request, so a table action is asked of all three and needs all three.
         */
        async function may(action: string, db: string, table?: string): Promise<boolean> {
            const resources = [glueArn.catalog(scope), glueArn.database(scope, db), ...(table === undefined ? [] : [glueArn.table(scope, db, table)])];
            const answers = await Promise.all(resources.map((resource) => decide([glue], { action, resource })));
            return answers.every((a) => a === "Allowed");
        }

        it("reads the named databases and their tables, and writes tables of the read-write one only", async () => {
            for (const action of GLUE_READ_ACTIONS.filter((a) => /Table|Partition/.test(a))) {
                expect(await may(action, "reference", "prices"), `${action} reference.prices`).to.equal(true);
                expect(await may(action, "acme_sales", "orders"), `${action} acme_sales.orders`).to.equal(true);
            }
            expect(await may("glue:GetDatabase", "reference")).to.equal(true);
            for (const action of GLUE_WRITE_ACTIONS) {
                expect(await may(action, "acme_sales", "orders"), `${action} acme_sales.orders`).to.equal(true);
                expect(await may(action, "reference", "prices"), `${action} on the read-only database`).to.equal(false);
            }
        });

        it("refuses other databases (a prefix neighbour included), database-level writes, and anything without the catalog's own ARN", async () => {
            for (const db of ["other", "acme_sales2", "referenced"]) {
                expect(await may("glue:GetTable", db, "t"), db).to.equal(false);
                expect(await may("glue:GetDatabase", db), db).to.equal(false);
            }
            for (const action of ["glue:CreateDatabase", "glue:DeleteDatabase", "glue:UpdateDatabase"]) expect(await may(action, "acme_sales"), action).to.equal(false);
            expect(await decide([glue], { action: "glue:GetTable", resource: `arn:aws:glue:${REGION}:999988887777:table/acme_sales/orders` })).to.equal("ImplicitlyDenied");
        });

        it("grants nothing of the catalog by default", async () => {
            const r = await run(() => { new RuntimeRole("plain", { bucketName: "b-logs" }); });
            expect(ofType(r.resources, POLICY).map((p) => p.name)).to.deep.equal(["plain-permissions"]);
            expect(JSON.stringify(documentOf(one(r.resources, POLICY)))).not.to.contain("glue:");
        });
    });

    describe("validation", () => {
        const cases: [string, object, RegExp][] = [
            ["a Glue database with a wildcard", { glueReadOnlyDatabases: ["sales*"] }, /^args\.glueReadOnlyDatabases\[0\]: must be a Glue database name of 1-255 lowercase letters, digits, _ and - \(no wildcards\), got "sales\*"$/],
            ["a Glue database in both lists", { glueReadOnlyDatabases: ["a"], glueReadWriteDatabases: ["a"] }, /^args\.glueReadOnlyDatabases: lists "a", also in args\.glueReadWriteDatabases: name each database once$/],
            ["AssumeRole on *", { assumableRoleArns: ["*"] }, /^args\.assumableRoleArns\[0\]: must name roles explicitly or by a name prefix/],
            ["a pattern without a name prefix", { assumableRoleArns: ["arn:aws:iam::*:role/*"] }, /^args\.assumableRoleArns\[0\]: pattern .* has no role-name prefix/],
            ["a non-role ARN", { assumableRoleArns: ["arn:aws:iam::123456789012:user/bob"] }, /^args\.assumableRoleArns\[0\]: must be a role ARN or a pattern/],
            ["a bad read-only bucket", { readOnlyBuckets: ["s3://x"] }, /^args\.readOnlyBuckets\[0\]: must be a valid S3 bucket name/],
            ["a duplicate role", { assumableRoleArns: ["arn:aws:iam::123456789012:role/a", "arn:aws:iam::123456789012:role/a"] }, /^args\.assumableRoleArns: lists .* more than once/],
            ["a bad role name", { roleName: "has space" }, /^args\.roleName: must be 1-64 characters/],
        ];
        for (const [what, args, message] of cases) {
            it(`refuses ${what} before registering any child`, async () => {
                const { error, registered } = await runFailing(() => new RuntimeRole("bad", { bucketName: "b-logs", ...args }));
                expect(error.message).to.match(message);
                expect(registered.filter((x) => x.custom)).to.deep.equal([]);
            });
        }
    });
});
