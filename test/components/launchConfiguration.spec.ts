import { expect } from "chai";
import { LaunchConfiguration, LaunchConfigurationArgs } from "../../components";
import { ACCOUNT, REGION, input, one, run, runFailing, unwrap } from "../helpers/offline";
import { ADHOC_ARGS, NIGHTLY_ARGS } from "../helpers/guardedLaunch";

const SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:analytics/db-AbC123`;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

describe("LaunchConfiguration", () => {
    it("publishes the configuration at /emr-dataplane/configurations/<namespace>/<name>, with its defaults", async () => {
        const r = await run(async () => {
            const c = new LaunchConfiguration("adhoc", { ...ADHOC_ARGS, secrets: { DB_PASSWORD: SECRET }, secretsKmsKeyArn: KEY });
            return { json: await unwrap(c.documentJson), secrets: await unwrap(c.secretArns), settings: c.settings, key: await unwrap(c.secretsKmsKeyArn!) };
        });
        const parameter = one(r.resources, "aws:ssm/parameter:Parameter", "adhoc-parameter");
        expect(input(parameter, "name")).to.equal("/emr-dataplane/configurations/analytics/adhoc");
        expect(input(parameter, "insecureValue")).to.equal(r.exports.json);
        expect(JSON.parse(r.exports.json)).to.deep.equal({
            kind: "emr-dataplane/launch-configuration", version: 1, namespace: "analytics", name: "adhoc",
            application: { type: "SPARK", releaseLabel: "emr-7.5.0", architecture: "X86_64", maximumCapacity: { cpu: "32 vCPU", memory: "128 GB", disk: "500 GB" } },
            job: { entryPoint: "s3://acme-resources/staging/jobs/adhoc.py", entryPointArguments: [], submitParameters: "--conf spark.executor.cores=2", executionTimeoutMinutes: 720 },
            allowedOverrides: {},
            secrets: { DB_PASSWORD: SECRET },
        });
        expect(r.exports.settings.secretNames).to.deep.equal(["DB_PASSWORD"]);
        expect(r.exports.key).to.equal(KEY);
    });

    it("keeps the override allow-list as given (bounds, units), for the launcher to compile", async () => {
        const r = await run(async () => JSON.parse(await unwrap(new LaunchConfiguration("nightly", NIGHTLY_ARGS).documentJson)));
        expect(r.exports.allowedOverrides).to.deep.equal({
            executors: { sets: "spark.executor.instances", min: 1, max: 20 },
            executorMemory: { sets: "spark.executor.memory", min: 2, max: 16, unit: "g" },
            timeout: { sets: "executionTimeoutMinutes", min: 10, max: 240 },
        });
        expect(r.exports.job.entryPointArguments).to.deep.equal(["--date", "yesterday"]);
    });

    it("takes a HIVE job with Hive properties as overrides", async () => {
        const r = await run(() => new LaunchConfiguration("hive", {
            ...ADHOC_ARGS, configurationName: "hive", applicationType: "HIVE", submitParameters: "--hiveconf hive.exec.parallel=true",
            allowedOverrides: { reducers: { sets: "mapreduce.job.reduces", min: 1, max: 50 } },
        }).settings);
        expect(r.exports.applicationType).to.equal("HIVE");
    });

    const bad: [string, Partial<LaunchConfigurationArgs>, RegExp][] = [
        ["an old release", { releaseLabel: "emr-6.5.0" }, /^args\.releaseLabel: must be an EMR Serverless release label, emr-6\.6\.0 or later/],
        ["an unknown application type", { applicationType: "FLINK" as never }, /^args\.applicationType: must be one of "SPARK", "HIVE"/],
        ["a capacity without units", { maximumCapacity: { cpu: "32", memory: "128 GB" } }, /^args\.maximumCapacity\.cpu: must look like "32 vCPU"/],
        ["an entry point that is not in S3", { entryPoint: "file:///job.py" }, /^args\.entryPoint: must be an S3 object URI/],
        ["blank submit parameters", { submitParameters: "  " }, /^args\.submitParameters: must not be blank/],
        ["a document too large for a standard parameter", { submitParameters: `--conf spark.x=${"y".repeat(4100)}` }, /^args\.submitParameters: the configuration document would be \d+ characters; a standard SSM parameter holds 4096/],
        ["a timeout over a week", { executionTimeoutMinutes: 20000 }, /^args\.executionTimeoutMinutes: must be a whole number from 1 to 10080/],
        ["reruns on a release before the retry policy", { releaseLabel: "emr-7.0.0", jobAttempts: 3 }, /^args\.jobAttempts: the retry policy needs emr-7\.1\.0 or later, but args\.releaseLabel is emr-7\.0\.0$/],
        ["more than ten attempts", { jobAttempts: 11 }, /^args\.jobAttempts: must be a whole number from 1 to 10, got 11$/],
        ["a release the user guide does not list", { releaseLabel: "emr-7.4.1" }, /^args\.releaseLabel: must be an EMR Serverless release label, emr-6\.6\.0 or later as the user guide lists them/],
        ["an override with min above max", { allowedOverrides: { executors: { sets: "spark.executor.instances", min: 5, max: 1 } } }, /^args\.allowedOverrides\.executors\.min: must not exceed/],
        ["an override of something that is not a Spark property", { allowedOverrides: { role: { sets: "executionRoleArn", min: 1, max: 2 } } }, /^args\.allowedOverrides\.role\.sets: must be "executionTimeoutMinutes" or a Spark property/],
        ["an override name that is not a plain word", { allowedOverrides: { "spark.executor.instances": { sets: "spark.executor.instances", min: 1, max: 2 } } }, /^args\.allowedOverrides\.spark\.executor\.instances: override names must be/],
        ["a unit on the timeout", { allowedOverrides: { t: { sets: "executionTimeoutMinutes", min: 1, max: 2, unit: "m" } } }, /^args\.allowedOverrides\.t\.unit: only applies to a property/],
        ["a secret ARN without its suffix", { secrets: { DB_PASSWORD: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db` } }, /^args\.secrets\.DB_PASSWORD: must be a full Secrets Manager secret ARN/],
        ["a secret name that is not an environment variable", { secrets: { "db-password": SECRET } }, /^args\.secrets\.db-password: secret names are environment variable names/],
        ["secrets on a HIVE job", { applicationType: "HIVE", secrets: { DB: SECRET } }, /^args\.secrets: only applies to SPARK/],
        ["entry point arguments on a HIVE job", { applicationType: "HIVE", entryPointArguments: ["x"] }, /^args\.entryPointArguments: only applies to SPARK/],
        ["a secrets key without secrets", { secretsKmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` }, /^args\.secretsKmsKeyArn: only applies with args\.secrets/],
        ["secrets with no key named (they would be the AWS managed key's)", { secrets: { DB: SECRET } }, /^args\.secretsKmsKeyArn: is required with args\.secrets: EMR Serverless reads a secret only when it is encrypted with a customer managed key/],
        ["the AWS managed key by alias", { secrets: { DB: SECRET }, secretsKmsKeyArn: "alias/aws/secretsmanager" }, /^args\.secretsKmsKeyArn: "alias\/aws\/secretsmanager" is an AWS managed key; EMR Serverless reads a secret only when it is encrypted with a customer managed key .*: give a customer managed key's ARN$/],
        ["the AWS managed key by alias ARN", { secrets: { DB: SECRET }, secretsKmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/aws/secretsmanager` }, /^args\.secretsKmsKeyArn: "arn:aws:kms:.*:alias\/aws\/secretsmanager" is an AWS managed key/],
        ["a key alias of the account's (a key policy grants the key, not its alias)", { secrets: { DB: SECRET }, secretsKmsKeyArn: "alias/team-secrets" }, /^args\.secretsKmsKeyArn: must be a customer managed key's ARN \(arn:aws:kms:<region>:<account>:key\/<id>\), got "alias\/team-secrets"$/],
    ];
    for (const [what, change, message] of bad) {
        it(`refuses ${what}, naming the field, before creating anything`, async () => {
            const { error, registered } = await runFailing(() => new LaunchConfiguration("c", { ...ADHOC_ARGS, ...change } as LaunchConfigurationArgs));
            expect(error.message).to.match(message);
            expect(registered.filter((r) => r.type.startsWith("aws:"))).to.deep.equal([]);
        });
    }
});
