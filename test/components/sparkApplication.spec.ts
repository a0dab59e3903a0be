import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { SparkApplication, SparkApplicationArgs } from "../../components";
import { decide } from "../helpers/iamSimulate";
import { ACCOUNT, REGION, childrenOf, documentOf, input, one, ofType, run, runFailing } from "../helpers/offline";

const SUBNETS = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"];
const SG = "sg-0bbbbbbbbbbbbbbb1";
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/abc-123`;
const base: SparkApplicationArgs = { bucketName: "acme-resources", bucketKmsKeyArn: KEY, subnetIds: SUBNETS, securityGroupIds: [SG] };

describe("SparkApplication", () => {
    describe("defaults", () => {
        let r: Awaited<ReturnType<typeof run>>;
        before(async () => {
            r = await run(() => {
                new SparkApplication("spark", base);
            });
        });

        it("registers one Spark application and nothing else", () => {
            const component = one(r.resources, "emr-dataplane:index:SparkApplication", "spark");
            expect(childrenOf(r.resources, component.urn).map((c) => `${c.type} ${c.name}`)).to.deep.equal(["aws:emrserverless/application:Application spark-application"]);
        });

        it("ARM64, the stated cap, auto-start, auto-stop after 15 idle minutes, in the plane's network", () => {
            const app = one(r.resources, "aws:emrserverless/application:Application");
            expect([input(app, "type"), input(app, "releaseLabel"), input(app, "architecture")]).to.deep.equal(["spark", "emr-7.12.0", "ARM64"]);
            expect(input(app, "maximumCapacity")).to.deep.equal({ cpu: "16 vCPU", memory: "64 GB", disk: "200 GB" });
            expect(input(app, "autoStartConfiguration")).to.deep.equal({ enabled: true });
            expect(input(app, "autoStopConfiguration")).to.deep.equal({ enabled: true, idleTimeoutMinutes: 15 });
            expect(input(app, "networkConfiguration")).to.deep.equal({ subnetIds: SUBNETS, securityGroupIds: [SG] });
            expect(input(app, "initialCapacities")).to.deep.equal([]);
            expect(input(app, "schedulerConfiguration")).to.equal(undefined);
            expect(input(app, "jobLevelCostAllocationConfiguration")).to.deep.equal({ enabled: false });
        });

        it("logs into the plane's bucket under logs/, encrypted with the bucket's key; no CloudWatch", () => {
            const app = one(r.resources, "aws:emrserverless/application:Application");
            expect(input(app, "monitoringConfiguration")).to.deep.equal({ s3MonitoringConfiguration: { logUri: "s3://acme-resources/logs/", encryptionKeyArn: KEY } });
            expect(ofType(r.resources, "aws:cloudwatch/logGroup:LogGroup")).to.have.length(0);
        });
    });

    it("pre-initialized workers become the application's initial capacity, keyed Driver and Executor", async () => {
        const r = await run(() => {
            new SparkApplication("spark", { ...base, preInitializedCapacity: { driver: { workerCount: 1, cpu: "2 vCPU", memory: "8 GB" }, executor: { workerCount: 2, cpu: "4 vCPU", memory: "16 GB", disk: "40 GB" } } });
        });
        expect(input(one(r.resources, "aws:emrserverless/application:Application"), "initialCapacities")).to.deep.equal([
            { initialCapacityType: "Driver", initialCapacityConfig: { workerCount: 1, workerConfiguration: { cpu: "2 vCPU", memory: "8 GB" } } },
            { initialCapacityType: "Executor", initialCapacityConfig: { workerCount: 2, workerConfiguration: { cpu: "4 vCPU", memory: "16 GB", disk: "40 GB" } } },
        ]);
    });

    it("Glue Data Catalog: spark-defaults sets the metastore client factory, beside the caller's defaults", async () => {
        const r = await run(() => {
            new SparkApplication("spark", { ...base, useGlueDataCatalog: true, sparkDefaults: { "spark.executor.cores": "2" }, maxConcurrentRuns: 4, queueTimeoutMinutes: 60, jobLevelCostAllocation: true });
        });
        const app = one(r.resources, "aws:emrserverless/application:Application");
        expect(input(app, "runtimeConfigurations")).to.deep.equal([{ classification: "spark-defaults", properties: {
            "spark.executor.cores": "2",
            "spark.hadoop.hive.metastore.client.factory.class": "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory",
        } }]);
        expect(input(app, "schedulerConfiguration")).to.deep.equal({ maxConcurrentRuns: 4, queueTimeoutMinutes: 60 });
        expect(input(app, "jobLevelCostAllocationConfiguration")).to.deep.equal({ enabled: true });
    });

    describe("CloudWatch Logs", () => {
        let r: Awaited<ReturnType<typeof run>>;
        const GROUP = "/aws/emr-serverless/acme";
        const groupArn = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;
        before(async () => {
            r = await run(() => {
                new SparkApplication("spark", { ...base, cloudWatchLogs: true, cloudWatchLogGroupName: GROUP, cloudWatchLogRetentionDays: 90, runtimeRoleName: "acme-job-runtime" });
            });
        });

        it("a retained log group with its retention and a new retained key; the application logs there too", () => {
            const group = one(r.resources, "aws:cloudwatch/logGroup:LogGroup");
            const key = one(r.resources, "aws:kms/key:Key");
            expect([input(group, "name"), input(group, "retentionInDays"), input(group, "kmsKeyId")]).to.deep.equal([GROUP, 90, key.outputs.arn]);
            expect([group.retainOnDelete, key.retainOnDelete]).to.deep.equal([true, true]);
            const app = one(r.resources, "aws:emrserverless/application:Application");
            expect(input(app, "monitoringConfiguration").cloudwatchLoggingConfiguration).to.deep.equal({ enabled: true, logGroupName: GROUP, encryptionKeyArn: key.outputs.arn });
        });

        it("the key admits CloudWatch Logs for this log group only", async () => {
            const key = one(r.resources, "aws:kms/key:Key");
            const policy = documentOf(key);
            expect(policy.Statement[1]).to.deep.equal({
                Sid: "CloudWatchLogsForThisLogGroup", Effect: "Allow", Principal: { Service: `logs.${REGION}.amazonaws.com` },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"], Resource: "*",
                Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": groupArn(GROUP) } },
            });
            // The simulator keeps a request's variable condition keys only after a "/" (aws:RequestTag/x), so it
            // drops kms:EncryptionContext:aws:logs:arn: it cannot evaluate the log group condition, only that no
            // other service and no principal of the account gets the key from this statement.
            const ask = (principal: string) => decide([], { action: "kms:GenerateDataKey", resource: String(key.outputs.arn), principal, resourcePolicy: { ...policy, Statement: [policy.Statement[1]] } });
            expect(await ask("s3.amazonaws.com")).to.equal("ImplicitlyDenied");
            expect(await ask(`arn:aws:iam::${ACCOUNT}:role/someone`)).to.equal("ImplicitlyDenied");
        });

        it("the runtime role writes that group's streams only (simulated)", async () => {
            const grant = one(r.resources, "aws:iam/rolePolicy:RolePolicy");
            expect(input(grant, "role")).to.equal("acme-job-runtime");
            const doc = documentOf(grant);
            const put = (group: string) => decide([doc], { action: "logs:PutLogEvents", resource: `${groupArn(group)}:log-stream:driver/stdout` });
            expect(await put(GROUP)).to.equal("Allowed");
            expect(await put("/aws/lambda/other")).to.equal("ImplicitlyDenied");
            expect(await decide([doc], { action: "logs:DeleteLogGroup", resource: groupArn(GROUP) })).to.equal("ImplicitlyDenied");
        });
    });

    it("a custom image: the repository policy lets EMR Serverless pull it for this application only (simulated)", async () => {
        const image = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/team/spark:3.5-arm64`;
        const r = await run(async () => {
            const app = new SparkApplication("spark", { ...base, imageUri: image, manageImageRepositoryPolicy: true });
            return { id: await new Promise<string>((ok) => app.applicationId.apply((id) => ok(id))) };
        });
        const policy = one(r.resources, "aws:ecr/repositoryPolicy:RepositoryPolicy");
        expect(input(policy, "repository")).to.equal("team/spark");
        expect(input(one(r.resources, "aws:emrserverless/application:Application"), "imageConfiguration")).to.deep.equal({ imageUri: image });
        const repository = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/team/spark`;
        const pull = (applicationId: string) => decide([], {
            action: "ecr:BatchGetImage", resource: repository, principal: "emr-serverless.amazonaws.com", resourcePolicy: documentOf(policy),
            context: { "aws:SourceArn": `arn:aws:emr-serverless:${REGION}:${ACCOUNT}:/applications/${applicationId}` },
        });
        expect(await pull(r.exports.id)).to.equal("Allowed");
        expect(await pull("00someoneelses01")).to.equal("ImplicitlyDenied");
    });

    describe("validation, before any child", () => {
        const pool = { workerCount: 1, cpu: "4 vCPU", memory: "16 GB" };
        const cases: [string, Partial<SparkApplicationArgs>, RegExp][] = [
            ["a release the guide does not list", { releaseLabel: "emr-7.99.0" }, /^args\.releaseLabel: must be an EMR Serverless release label, emr-6\.6\.0 or later as the user guide lists them \(emr-6\.6\.0 … emr-7\.14\.0, emr-spark-8\.0\.0, emr-spark-8\.1\.0\), got "emr-7\.99\.0"$/],
            ["an unknown architecture", { architecture: "SPARC" as never }, /^args\.architecture: must be one of "X86_64", "ARM64", got "SPARC"$/],
            ["a cap without units", { maximumCapacity: { cpu: "16", memory: "64 GB" } }, /^args\.maximumCapacity\.cpu: must look like "32 vCPU", got "16"$/],
            ["a worker size the guide does not allow", { preInitializedCapacity: { executor: { ...pool, memory: "31 GB" } } }, /^args\.preInitializedCapacity\.executor\.memory: a 4 vCPU worker takes 8 to 30 in steps of 1 GB, got "31 GB"$/],
            ["a 3 vCPU worker", { preInitializedCapacity: { driver: { ...pool, cpu: "3 vCPU" } } }, /^args\.preInitializedCapacity\.driver\.cpu: must be one of 1 vCPU, 2 vCPU, 4 vCPU, 8 vCPU, 16 vCPU, 32 vCPU per worker/],
            ["pre-initialized workers beyond the cap", { preInitializedCapacity: { executor: { ...pool, workerCount: 5 } } }, /^args\.preInitializedCapacity: adds up to 20 vCPU, more than args\.maximumCapacity\.cpu \(16\)/],
            ["a disk beyond 200 GB per worker", { preInitializedCapacity: { driver: { ...pool, disk: "300 GB" } } }, /^args\.preInitializedCapacity\.driver\.disk: must be 20 GB to 200 GB per worker/],
            ["queuing on a release before 7.0.0", { releaseLabel: "emr-6.15.0", maxConcurrentRuns: 5 }, /^args\.maxConcurrentRuns: job concurrency and queuing needs emr-7\.0\.0 or later, but args\.releaseLabel is emr-6\.15\.0$/],
            ["a custom image before 6.9.0", { releaseLabel: "emr-6.8.0", imageUri: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/spark:1` }, /^args\.imageUri: a custom image needs emr-6\.9\.0 or later/],
            ["a public image", { imageUri: "public.ecr.aws/emr/spark:latest" }, /^args\.imageUri: must be a private ECR image/],
            ["a repository policy without an image", { manageImageRepositoryPolicy: true }, /^args\.manageImageRepositoryPolicy: only applies with args\.imageUri$/],
            ["subnets without security groups", { securityGroupIds: undefined }, /^args\.securityGroupIds: is required with args\.subnetIds/],
            ["CloudWatch Logs without the runtime role", { cloudWatchLogs: true }, /^args\.runtimeRoleName: is required with args\.cloudWatchLogs/],
            ["a retention CloudWatch does not offer", { cloudWatchLogs: true, runtimeRoleName: "r", cloudWatchLogRetentionDays: 10 }, /^args\.cloudWatchLogRetentionDays: must be one of 1, 3, 5, 7, 14, 30/],
            ["a log group setting without CloudWatch Logs", { cloudWatchLogRetentionDays: 30 }, /^args\.cloudWatchLogRetentionDays: only applies with args\.cloudWatchLogs: true$/],
            ["an idle timeout with auto-stop off", { autoStop: false, idleTimeoutMinutes: 5 }, /^args\.idleTimeoutMinutes: only applies when args\.autoStop is true$/],
            ["a Spark default that is no Spark property", { sparkDefaults: { "hive.x": "1" } }, /^args\.sparkDefaults\["hive\.x"\]: must be a Spark property/],
        ];
        for (const [what, args, message] of cases) {
            it(`refuses ${what}`, async () => {
                const { error, registered } = await runFailing(() => new SparkApplication("bad", { ...base, ...args }));
                expect(error.message).to.match(message);
                expect(registered.filter((x) => x.custom)).to.deep.equal([]);
            });
        }

        it("checks a capacity given as an Output when it resolves, with the same message", async () => {
            const { error } = await runFailing(() => new SparkApplication("late", { ...base, maximumCapacity: pulumi.output({ cpu: "lots", memory: "64 GB" }) }));
            expect(error.message).to.match(/args\.maximumCapacity\.cpu: must look like "32 vCPU", got "lots"/);
        });
    });
});
