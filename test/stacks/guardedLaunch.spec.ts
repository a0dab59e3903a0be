import { expect } from "chai";
import * as path from "path";
import { main } from "../../cli/main";
import { previewStack } from "../../engine/preview/preview";
import { readLauncherConfig } from "../../stacks/guardedLaunch/config";
import * as fs from "fs";
import { childrenOf, input, ofType, one } from "../helpers/offline";
import { tempDir } from "../helpers/tempDir";
import { isUserError } from "../../components";
import { registeredBeforeFailure } from "../../engine/offline/run";

const DIR = path.resolve(__dirname, "../../stacks/guardedLaunch");
const EXAMPLE = path.join(DIR, "Pulumi.example.yaml");

describe("the example launcher stack (stacks/guardedLaunch)", () => {
    let preview: Awaited<ReturnType<typeof previewStack>>;
    before(async () => {
        preview = await previewStack(EXAMPLE);
    });

    it("previews offline: one profile, two configurations, a launcher for each, one secret EMR Serverless resolves", () => {
        const r = preview.resources;
        expect(ofType(r, "emr-dataplane:index:LaunchProfile").map((c) => c.name)).to.deep.equal(["default"]);
        expect(ofType(r, "emr-dataplane:index:LaunchConfiguration").map((c) => c.name)).to.deep.equal(["nightly", "adhoc"]);
        expect(ofType(r, "emr-dataplane:index:GuardedLauncher").map((c) => c.name)).to.deep.equal(["nightly", "adhoc"]);
        expect(ofType(r, "aws:secretsmanager/secret:Secret").map((s) => input(s, "name"))).to.deep.equal(["analytics/metastore-password"]);
        const secret = one(r, "emr-dataplane:index:JobSecret", "metastore-password");
        expect(childrenOf(r, secret.urn).map((c) => c.type).sort()).to.deep.equal(["aws:kms/key:Key", "aws:secretsmanager/secret:Secret", "aws:secretsmanager/secretPolicy:SecretPolicy"]);
        expect(input(one(r, "aws:secretsmanager/secret:Secret"), "kmsKeyId")).to.equal(one(r, "aws:kms/key:Key", "metastore-password-key").outputs.arn);
        // No role of the stack reads the secret: EMR Serverless does, by the secret's resource policy.
        expect(ofType(r, "aws:iam/rolePolicy:RolePolicy").map((p) => input(p, "policy")).join("\n")).not.to.contain("secretsmanager");
        expect(ofType(r, "aws:lambda/function:Function")).to.have.length(0);
    });

    it("builds the profile from the data plane's values and exports the catalog and the launchers", () => {
        const profile = JSON.parse(input(one(preview.resources, "aws:ssm/parameter:Parameter", "default-parameter"), "insecureValue"));
        expect(profile.runtimeRoleArn).to.equal("arn:aws:iam::111122223333:role/emr-dataplane-job-runtime");
        // The shared example plane has tenants: the example's profile is tenant acme's, logging under acme's prefix.
        expect(profile.logUri).to.equal("s3://vendor-emr-logs-111122223333/logs/tenants/acme/analytics/default/");
        expect(profile.tenant.id).to.equal("acme");
        const out = preview.outputs as any;
        expect(out.catalog).to.deep.equal({
            profiles: ["/emr-dataplane/profiles/analytics/default"],
            configurations: ["/emr-dataplane/configurations/analytics/nightly", "/emr-dataplane/configurations/analytics/adhoc"],
        });
        expect(out.launchers.nightly.stateMachineArn).to.equal("arn:aws:states:us-east-1:111122223333:stateMachine:launch_analytics_default_nightly");
        expect(out.metastoreSecretArn).to.match(/^arn:aws:secretsmanager:us-east-1:111122223333:secret:analytics\/metastore-password-[A-Za-z0-9]{6}$/);
        const attachments = ofType(preview.resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => `${a.name} ${input(a, "role")}`);
        expect(attachments).to.deep.equal(["nightly-caller-role_trusted_user role_trusted_user", "adhoc-caller-role_analyst role_analyst"]);
    });

    it("previews through the dataplane command (exit 0)", async () => {
        const out: string[] = [];
        const status = await main(["preview", "--config", EXAMPLE, "--json"], (l) => out.push(l), () => undefined);
        expect(status).to.equal(0);
        expect(JSON.parse(out.join("\n")).project).to.equal("emr-launcher");
    });

    const base = {
        "emr-launcher:runtimeRoleArn": "arn:aws:iam::111122223333:role/emr-dataplane-job-runtime",
        "emr-launcher:subnetIds": JSON.stringify(["subnet-0c1d2e3f4a5b60781", "subnet-0c1d2e3f4a5b60782"]),
        "emr-launcher:securityGroupIds": JSON.stringify(["sg-06de69948e11b67f6"]),
        "emr-launcher:bucketName": "vendor-emr-logs-111122223333",
    };
    const bad: [string, Record<string, string | undefined>, RegExp][] = [
        ["a missing runtime role", { "emr-launcher:runtimeRoleArn": undefined }, /^emr-launcher:runtimeRoleArn: is required/],
        ["a single subnet", { "emr-launcher:subnetIds": JSON.stringify(["subnet-0c1d2e3f4a5b60781"]) }, /^emr-launcher:subnetIds: must list at least 2 items/],
        ["a misspelt key", { "emr-launcher:bucket": "x" }, /^emr-launcher:bucket: is not a config key of this project/],
        ["a bad caller role name", { "emr-launcher:adhocCallerRoles": JSON.stringify(["a b"]) }, /^emr-launcher:adhocCallerRoles\[0\]: must be 1-64 characters/],
        ["the AWS managed key for the secret", { "emr-launcher:secretsKmsKey": "alias/aws/secretsmanager" }, /^emr-launcher:secretsKmsKey: "alias\/aws\/secretsmanager" is an AWS managed key; EMR Serverless reads a secret only when it is encrypted with a customer managed key/],
        ["a key that is neither create nor a key ARN", { "emr-launcher:secretsKmsKey": "new" }, /^emr-launcher:secretsKmsKey: must be "create" or a customer managed key's ARN/],
    ];
    it("refuses, naming secretsKmsKey and before anything is registered, a key ARN that DescribeKey says is AWS managed (a user error: exit 2)", async () => {
        const key = "arn:aws:kms:us-east-1:111122223333:key/0000aaaa-12ab-34cd-56ef-1234567890ab";
        const config = path.join(tempDir("launcher-"), "Pulumi.awskey.yaml");
        fs.writeFileSync(config, fs.readFileSync(EXAMPLE, "utf8") + `  emr-launcher:secretsKmsKey: ${key}\n`);
        const failure = await previewStack(config, { projectFile: path.join(DIR, "Pulumi.yaml"), world: { kmsKeys: { [key]: { keyManager: "AWS" } } } }).then(() => undefined, (e: Error) => e);
        expect(isUserError(failure)).to.equal(true);
        expect(failure?.message).to.match(/^emr-launcher:secretsKmsKey: arn:aws:kms:.* is an AWS managed key; EMR Serverless reads a secret only when it is encrypted with a customer managed key/);
        expect((registeredBeforeFailure(failure) ?? []).filter((r) => r.custom)).to.deep.equal([]);
    });

    for (const [what, change, message] of bad) {
        it(`refuses ${what}, naming the config key`, () => {
            const raw = Object.fromEntries(Object.entries({ ...base, ...change }).filter(([, value]) => value !== undefined)) as Record<string, string>;
            expect(() => readLauncherConfig(raw)).to.throw(message);
        });
    }
});
