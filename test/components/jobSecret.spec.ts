import { expect } from "chai";
import { JobSecret, JobSecretArgs } from "../../components";
import { ACCOUNT, REGION, childrenOf, documentOf, input, one, ofType, run, runFailing, unwrap } from "../helpers/offline";

const EMR = "emr-serverless.amazonaws.com";
const APPLICATIONS = `arn:aws:emr-serverless:${REGION}:${ACCOUNT}:/applications/*`;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

describe("JobSecret (a secret EMR Serverless resolves)", () => {
    describe("defaults: a new customer managed key, every application of the account in the region", () => {
        let r: Awaited<ReturnType<typeof run<{ secretArn: string; kmsKeyArn: string; statement: string }>>>;
        before(async () => {
            r = await run(async () => {
                const s = new JobSecret("db", { secretName: "analytics/db-password" });
                return { secretArn: await unwrap(s.secretArn), kmsKeyArn: await unwrap(s.kmsKeyArn), statement: await unwrap(s.keyPolicyStatement) };
            });
        });

        it("registers exactly a key, the secret encrypted with it, and the secret's resource policy", () => {
            const component = one(r.resources, "emr-dataplane:index:JobSecret", "db");
            expect(childrenOf(r.resources, component.urn).map((c) => `${c.type} ${c.name}`).sort()).to.deep.equal([
                "aws:kms/key:Key db-key", "aws:secretsmanager/secret:Secret db-secret", "aws:secretsmanager/secretPolicy:SecretPolicy db-policy",
            ]);
            const secret = one(r.resources, "aws:secretsmanager/secret:Secret");
            expect(input(secret, "name")).to.equal("analytics/db-password");
            expect(input(secret, "kmsKeyId")).to.equal(r.exports.kmsKeyArn);
            expect(input(secret, "recoveryWindowInDays")).to.equal(30);
            expect(input(secret, "secretString"), "no value passes through Pulumi").to.equal(undefined);
            expect(ofType(r.resources, "aws:secretsmanager/secretVersion:SecretVersion")).to.deep.equal([]);
        });

        it("the key rotates, the account administers it through IAM, and EMR Serverless may decrypt with it only through Secrets Manager", () => {
            const key = one(r.resources, "aws:kms/key:Key");
            expect(input(key, "enableKeyRotation")).to.equal(true);
            expect(documentOf(key).Statement).to.deep.equal([
                { Sid: "AccountAdministersKeyThroughIam", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
                { Sid: "EmrServerlessDecryptsThroughSecretsManager", Effect: "Allow", Principal: { Service: EMR }, Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: "*",
                    Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } } },
            ]);
            expect(JSON.parse(r.exports.statement)).to.deep.equal(documentOf(key).Statement[1]);
        });

        it("the secret's policy admits EMR Serverless alone, to read it, for this account's applications (block public policy on)", () => {
            const policy = one(r.resources, "aws:secretsmanager/secretPolicy:SecretPolicy");
            expect(input(policy, "secretArn")).to.equal(r.exports.secretArn);
            expect(input(policy, "blockPublicPolicy")).to.equal(true);
            expect(documentOf(policy).Statement).to.deep.equal([{
                Sid: "EmrServerlessResolvesJobSecrets", Effect: "Allow", Principal: { Service: EMR },
                Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": APPLICATIONS } },
            }]);
        });
    });

    it("narrowed to named applications (an Output, as a plane's application gives it)", async () => {
        const apps = [`arn:aws:emr-serverless:${REGION}:${ACCOUNT}:/applications/00f1abcd`, `arn:aws:emr-serverless:${REGION}:${ACCOUNT}:/applications/00f1ef01`];
        const r = await run(async () => unwrap(new JobSecret("db", { secretName: "db", applicationArns: [apps[0], Promise.resolve(apps[1])] as never }).resourcePolicy));
        expect(JSON.parse(r.exports).Statement[0].Condition.ArnLike).to.deep.equal({ "aws:SourceArn": apps });
    });

    it("with an existing customer managed key: encrypts with it, creates no key, and shows the statement its owner must add", async () => {
        const r = await run(async () => {
            const s = new JobSecret("db", { secretName: "db", kmsKey: KEY });
            return { key: await unwrap(s.kmsKeyArn), statement: await unwrap(s.keyPolicyStatement) };
        });
        expect(ofType(r.resources, "aws:kms/key:Key")).to.deep.equal([]);
        expect(input(one(r.resources, "aws:secretsmanager/secret:Secret"), "kmsKeyId")).to.equal(KEY);
        expect(JSON.parse(r.exports.statement).Sid).to.equal("EmrServerlessDecryptsThroughSecretsManager");
    });

    it("refuses an AWS managed key given by its key ARN (DescribeKey says so), naming kmsKey", async () => {
        const { error } = await runFailing(() => new JobSecret("db", { secretName: "db", kmsKey: KEY }), { world: { kmsKeys: { [KEY]: { keyManager: "AWS" } } } });
        expect(error.message).to.match(/^args\.kmsKey: arn:aws:kms:.* is an AWS managed key; EMR Serverless reads a secret only when it is encrypted with a customer managed key/);
    });

    const bad: [string, Partial<JobSecretArgs>, RegExp][] = [
        ["no name", { secretName: undefined }, /^args\.secretName: must be a non-empty string/],
        ["a name with a space", { secretName: "db password" }, /^args\.secretName: must be 1-512 letters, digits and \/_\+=\.@-/],
        ["the AWS managed key by alias", { kmsKey: "alias/aws/secretsmanager" }, /^args\.kmsKey: "alias\/aws\/secretsmanager" is an AWS managed key; .*: give "create" or a customer managed key's ARN$/],
        ["an alias of the account's", { kmsKey: "alias/mine" }, /^args\.kmsKey: must be "create" or a customer managed key's ARN/],
        ["a recovery window under a week", { recoveryWindowInDays: 3 }, /^args\.recoveryWindowInDays: must be a whole number from 7 to 30, got 3$/],
        ["an application ARN of another service", { applicationArns: [`arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:x`] }, /^args\.applicationArns\[0\]: must be an EMR Serverless application ARN/],
        ["an empty application list", { applicationArns: [] }, /^args\.applicationArns: must list at least 1 item/],
    ];
    for (const [what, args, message] of bad) {
        it(`refuses ${what}, before registering anything`, async () => {
            const { error, registered } = await runFailing(() => new JobSecret("db", { secretName: "db", ...args } as JobSecretArgs));
            expect(error.message).to.match(message);
            expect(registered.filter((x) => x.custom)).to.deep.equal([]);
        });
    }

    it("refuses an application of another account (the secret's policy could never admit it: aws:SourceAccount)", async () => {
        const { error } = await runFailing(() => new JobSecret("db", { secretName: "db", applicationArns: [`arn:aws:emr-serverless:${REGION}:999988887777:/applications/00f1`] }));
        expect(error.message).to.equal(`args.applicationArns[0]: names an application of account 999988887777; the secret is in ${ACCOUNT}, and EMR Serverless resolves it only for applications of its own account (aws:SourceAccount)`);
    });
});
