import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { main } from "../../cli/main";
import { StackPreview, previewStack, previewStackConfig, projectFileFor } from "../../engine/preview/preview";
import { registeredBeforeFailure, revealOrMask } from "../../engine/offline/run";
import { loadStackConfig } from "../../engine/preview/stackConfig";
import { analyzeResources } from "../../engine/check/analyze";
import { policyConfigBeside } from "../../engine/check/analyze";
import { readDataSourceConfig } from "../../stacks/datasource/config";
import { DATA_SOURCE_CONFIG } from "../../stacks/datasource/configSchema";

const DATA_SOURCE_CONFIG_KEYS = DATA_SOURCE_CONFIG.keys;
import { documentOf, input, one } from "../helpers/offline";

const ROOT = path.resolve(__dirname, "../..");
const DIR = path.join(ROOT, "stacks", "datasource");
const OWNER = path.join(DIR, "Pulumi.owner-example.yaml");
const CONSUMER = path.join(DIR, "Pulumi.consumer-example.yaml");
const PROJECT_FILE = path.join(DIR, "Pulumi.yaml");

const exportsOf = (p: StackPreview) => revealOrMask(p.outputs) as Record<string, any>;

/** Raw config of an example stack with some keys changed (`undefined` removes a key). */
function configWith(file: string, changes: Record<string, string | undefined>) {
    const loaded = loadStackConfig(file, PROJECT_FILE);
    for (const [k, value] of Object.entries(changes)) {
        const key = k.includes(":") ? k : `emr-datasource:${k}`;
        if (value === undefined) delete loaded.config[key];
        else loaded.config[key] = value;
    }
    return loaded;
}

async function failure(stackConfig: ReturnType<typeof loadStackConfig>, world?: { accountId?: string }) {
    try {
        await previewStackConfig(stackConfig, world, PROJECT_FILE);
    } catch (err) {
        return { message: (err as Error).message, registered: registeredBeforeFailure(err)!.filter((r) => r.custom).map((r) => r.type) };
    }
    throw new Error("expected the preview to fail");
}

describe("data-source stacks (stacks/datasource), end to end under the offline engine", () => {
    let owner: StackPreview;
    let consumer: StackPreview;
    let plane: StackPreview;
    before(async () => {
        owner = await previewStack(OWNER);
        consumer = await previewStack(CONSUMER);
        plane = await previewStack(path.join(ROOT, "Pulumi.private-example.yaml"));
    });

    it("run as their own project, found beside the stack files", () => {
        expect(projectFileFor(OWNER)).to.equal(PROJECT_FILE);
        expect(owner.stackConfig.project).to.equal("emr-datasource");
        expect(owner.world.accountId).to.equal("999988887777");
        expect(consumer.world.accountId).to.equal("444455556666");
    });

    it("owner example: one data source whose documents have the shapes the policy pack requires", async () => {
        for (const type of ["aws:s3/accessPoint:AccessPoint", "aws:s3/bucketPolicy:BucketPolicy", "aws:kms/key:Key"]) {
            expect(documentOf(one(owner.resources, type)).Statement, type).to.have.length.greaterThan(0);
        }
        expect(await analyzeResources(owner.resources, { config: policyConfigBeside(OWNER) })).to.deep.equal([]);
        expect(input(one(owner.resources, "aws:s3/bucket:Bucket"), "bucket")).to.equal("acme-sales-data-999988887777");
        expect(input(one(owner.resources, "aws:s3/accessPoint:AccessPoint"), "tags")).to.deep.equal({ "emr-dataplane:data-source": "acme-sales-emr" });
    });

    it("owner example: exports what the consumer and the job need", () => {
        const ds = exportsOf(owner).dataSource;
        const ap = one(owner.resources, "aws:s3/accessPoint:AccessPoint");
        expect(ds).to.deep.equal({
            bucketName: "acme-sales-data-999988887777",
            accessPointArn: "arn:aws:s3:eu-west-1:999988887777:accesspoint/acme-sales-emr",
            accessPointAlias: ap.outputs.alias,
            kmsKeyArn: one(owner.resources, "aws:kms/key:Key").outputs.arn,
            inputPrefix: "input/",
            outputPrefix: "output/",
            inputUri: `s3://${ap.outputs.alias}/input/`,
            outputUri: `s3://${ap.outputs.alias}/output/`,
        });
    });

    it("the three examples agree: the owner names the private plane's runtime role, the consumer names the owner's access point and key", () => {
        const runtimeRoleArn = (revealOrMask(plane.outputs.controlPlaneMessage) as Record<string, string>).jobRuntimeRoleArn;
        const ownerConfig = owner.stackConfig.config;
        expect(JSON.parse(ownerConfig["emr-datasource:consumerRoleArns"])).to.deep.equal([runtimeRoleArn]);
        const c = consumer.stackConfig.config;
        expect(c["emr-datasource:runtimeRoleArn"]).to.equal(runtimeRoleArn);
        expect(c["emr-datasource:accessPointArn"]).to.equal(exportsOf(owner).dataSource.accessPointArn);
        expect(c["emr-datasource:kmsKeyArn"]).to.equal(exportsOf(owner).dataSource.kmsKeyArn);
    });

    it("consumer example: one inline policy on the runtime role, nothing else", () => {
        expect(consumer.resources.filter((r) => r.custom).map((r) => r.type)).to.deep.equal(["aws:iam/rolePolicy:RolePolicy"]);
        const policy = one(consumer.resources, "aws:iam/rolePolicy:RolePolicy");
        expect(input(policy, "role")).to.equal("emr-dataplane-job-runtime");
        expect(exportsOf(consumer).grant).to.deep.include({ policyName: "data-source-acme-sales-emr", runtimeRoleArn: "arn:aws:iam::444455556666:role/emr-dataplane-job-runtime" });
    });

    it("previews through the command: dataplane preview --config stacks/datasource/Pulumi.owner-example.yaml --json", async () => {
        const out: string[] = [];
        const status = await main(["preview", "--config", OWNER, "--json"], (l) => out.push(l), () => undefined);
        expect(status).to.equal(0);
        const doc = JSON.parse(out.join("\n"));
        expect([doc.project, doc.stack, doc.account]).to.deep.equal(["emr-datasource", "owner-example", "999988887777"]);
        expect(doc.violations).to.deep.equal([]);
    });

    describe("config", () => {
        it("the docs' walkthrough (docs/access-points.md) sets only declared keys, and every required key of each side", () => {
            const page = fs.readFileSync(path.join(ROOT, "docs/access-points.md"), "utf8");
            const [owner, consumer] = page.split("pulumi stack init consumer");
            expect(consumer, "the walkthrough's consumer part").to.be.a("string");
            const keysSet = (text: string) => [...text.matchAll(/pulumi config set (?:--path ')?([A-Za-z]+)[[ ]/g)].map((m) => m[1]);
            for (const [side, text] of [["owner", owner], ["consumer", consumer]] as const) {
                const keys = keysSet(text);
                expect(keys.filter((k) => !DATA_SOURCE_CONFIG_KEYS.some((c) => c.key === k)), side).to.deep.equal([]);
                const required = DATA_SOURCE_CONFIG_KEYS.filter((c) => c.required === side || c.required === true).map((c) => c.key);
                expect(required.filter((k) => !keys.includes(k)), side).to.deep.equal([]);
            }
        });

        it("reads the defaults", () => {
            const c = readDataSourceConfig({ "emr-datasource:side": "owner", "emr-datasource:accessPointName": "sales", "emr-datasource:consumerRoleArns": '["arn:aws:iam::111122223333:role/r"]' });
            expect(c).to.deep.equal({
                side: "owner", accountId: undefined,
                // Unset keys stay unset: the defaults are CrossAccountDataSource's own.
                owner: { consumerRoleArns: ["arn:aws:iam::111122223333:role/r"], accessPointName: "sales" },
            });
        });

        const cases: [string, string, Record<string, string | undefined>, RegExp][] = [
            ["no side", OWNER, { side: undefined }, /^emr-datasource:side: must be one of "owner", "consumer"/],
            ["a misspelt key", OWNER, { accesPointName: "x" }, /^emr-datasource:accesPointName: is not a config key of this project \(did you mean emr-datasource:accessPointName\?\)/],
            ["a consumer key on the owner side", OWNER, { kmsKeyArn: "arn:aws:kms:eu-west-1:999988887777:key/x" }, /^emr-datasource:kmsKeyArn: only applies to the consumer side/],
            ["an owner key on the consumer side", CONSUMER, { accessPointName: "x" }, /^emr-datasource:accessPointName: only applies to the owner side/],
            ["no consumer roles on the owner side", OWNER, { consumerRoleArns: undefined }, /^emr-datasource:consumerRoleArns: is required for the owner side/],
            ["consumer roles that are not a list", OWNER, { consumerRoleArns: "arn:aws:iam::444455556666:role/x" }, /^emr-datasource:consumerRoleArns: must be a list/],
            ["a wildcard consumer", OWNER, { consumerRoleArns: '["*"]' }, /^emr-datasource:consumerRoleArns\[0\]: must be an IAM role ARN/],
            ["a bad access point name", OWNER, { accessPointName: "Acme_Sales" }, /^emr-datasource:accessPointName: must be 3-50/],
            ["overlapping prefixes", OWNER, { outputPrefix: "input/results/" }, /^emr-datasource:outputPrefix: must not overlap emr-datasource:inputPrefix/],
            ["a retention that is not a number", OWNER, { noncurrentVersionRetentionDays: "month" }, /^emr-datasource:noncurrentVersionRetentionDays: must be a whole number/],
            ["retainOnDestroy that is not a boolean", OWNER, { retainOnDestroy: "yes" }, /^emr-datasource:retainOnDestroy: must be true or false/],
            ["a consumer without an access point", CONSUMER, { accessPointArn: undefined }, /^emr-datasource:accessPointArn: is required for the consumer side/],
            ["a runtime role in another account than the stack", CONSUMER, { runtimeRoleArn: "arn:aws:iam::111122223333:role/emr-dataplane-job-runtime" }, /^emr-datasource:runtimeRoleArn: is in account 111122223333, but this stack belongs to account 444455556666/],
            ["a key of another account than the access point", CONSUMER, { kmsKeyArn: "arn:aws:kms:eu-west-1:444455556666:key/abc" }, /^emr-datasource:kmsKeyArn: is in 444455556666\/eu-west-1, but the access point is in 999988887777/],
        ];
        for (const [what, file, changes, message] of cases) {
            it(`refuses ${what}, naming the key, before registering anything`, async () => {
                const f = await failure(configWith(file, changes));
                expect(f.message).to.match(message);
                expect(f.registered).to.deep.equal([]);
            });
        }

        it("refuses credentials for another account than accountId", async () => {
            const f = await failure(configWith(OWNER, {}), { accountId: "123456789012" });
            expect(f.message).to.match(/^emr-datasource:accountId: this stack belongs to account 999988887777, but the AWS credentials are for account 123456789012/);
            expect(f.registered).to.deep.equal([]);
        });

        it("refuses, without accountId, a grant for a role outside the credentials' account", async () => {
            const f = await failure(configWith(CONSUMER, { accountId: undefined }), { accountId: "123456789012" });
            expect(f.message).to.match(/^emr-datasource:runtimeRoleArn: is in account 444455556666, but the AWS credentials are for account 123456789012/);
            expect(f.registered).to.deep.equal([]);
        });
    });
});
