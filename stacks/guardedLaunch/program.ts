/**
 * Example guarded launch on a data plane: one profile (the plane's runtime role, network and
 * bucket) and two configurations — "nightly" (callers may tune executors, memory and timeout) and
 * "adhoc" (needs a metastore password from Secrets Manager, which EMR Serverless itself resolves:
 * a JobSecret, with a customer managed key and a resource policy for the service) — each behind its
 * own launcher.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GuardedLauncher, JobSecret, LaunchConfiguration, LaunchProfile, checkCustomerManagedKey } from "../../components";
import { checkAccount } from "../configTable";
import { LauncherStackConfig, PROFILE_NAME, PROJECT, readLauncherConfig } from "./config";
import { prefixesOf } from "../../components/iam/tenant";

export interface LauncherStack {
    profile: LaunchProfile;
    nightly: { configuration: LaunchConfiguration; launcher: GuardedLauncher };
    adhoc: { configuration: LaunchConfiguration; launcher: GuardedLauncher; secret: JobSecret };
}

export function buildLauncherStack(config: LauncherStackConfig): LauncherStack {
    const ns = config.namespace;
    const bucket = config.bucketName;
    // A tenant's jobs read and write under its own prefixes only (its execution policy allows nothing else).
    const files = config.tenant ? prefixesOf(config.tenant.id) : { staging: "staging/", output: "staging/output/" };
    const profile = new LaunchProfile("default", {
        namespace: ns,
        profileName: PROFILE_NAME,
        runtimeRoleArn: config.runtimeRoleArn,
        subnetIds: config.subnetIds,
        securityGroupIds: config.securityGroupIds,
        bucketName: bucket,
        kmsKeyArn: config.bucketKmsKeyArn,
        ...(config.tenant ? { tenant: config.tenant } : {}),
    });

    const nightly = new LaunchConfiguration("nightly", {
        namespace: ns,
        configurationName: "nightly",
        releaseLabel: "emr-7.5.0",
        architecture: "ARM64",
        maximumCapacity: { cpu: "64 vCPU", memory: "256 GB", disk: "1000 GB" },
        entryPoint: `s3://${bucket}/${files.staging}jobs/nightly_aggregates.py`,
        entryPointArguments: ["--output", `s3://${bucket}/${files.output}nightly/`],
        submitParameters: "--conf spark.executor.cores=4 --conf spark.executor.memory=16g --conf spark.dynamicAllocation.maxExecutors=12",
        executionTimeoutMinutes: 180,
        allowedOverrides: {
            executors: { sets: "spark.executor.instances", min: 1, max: 12 },
            executorMemory: { sets: "spark.executor.memory", min: 4, max: 27, unit: "g" },
            timeout: { sets: "executionTimeoutMinutes", min: 15, max: 360 },
        },
    });

    // The secret is created empty; its value is set out of band (aws secretsmanager put-secret-value),
    // so it never passes through Pulumi state either. EMR Serverless resolves it on behalf of the adhoc
    // launcher's application only (the source condition "Secrets Manager for data protection with EMR
    // Serverless" offers, "To ensure that only a specific application can retrieve this secret"). That
    // application is created by the launcher, after the configuration that names the secret: its ARN
    // reaches the secret's resource policy (a resource of its own, after the secret) through a deferred output.
    const [adhocApplicationArns, admitAdhocApplication] = pulumi.deferredOutput<string[]>();
    const secret = new JobSecret("metastore-password", {
        secretName: `${ns}/metastore-password`,
        description: "Hive metastore password for the adhoc launch configuration (EMR Serverless resolves it when the job starts running)",
        kmsKey: config.secretsKmsKey,
        applicationArns: adhocApplicationArns,
        recoveryWindowInDays: 7,
    });
    const adhoc = new LaunchConfiguration("adhoc", {
        namespace: ns,
        configurationName: "adhoc",
        releaseLabel: "emr-7.5.0",
        maximumCapacity: { cpu: "16 vCPU", memory: "64 GB", disk: "200 GB" },
        entryPoint: `s3://${bucket}/${files.staging}jobs/adhoc_report.py`,
        submitParameters: "--conf spark.executor.cores=2 --conf spark.executor.memory=8g",
        executionTimeoutMinutes: 60,
        secrets: { METASTORE_PASSWORD: secret.secretArn },
        secretsKmsKeyArn: secret.kmsKeyArn,
    });

    const nightlyLauncher = new GuardedLauncher("nightly", { profile, configuration: nightly, callerRoleNames: config.nightlyCallerRoles });
    const adhocLauncher = new GuardedLauncher("adhoc", { profile, configuration: adhoc, callerRoleNames: config.adhocCallerRoles });
    admitAdhocApplication(adhocLauncher.applicationArn.apply((a) => [a]));
    return {
        profile,
        nightly: { configuration: nightly, launcher: nightlyLauncher },
        adhoc: { configuration: adhoc, launcher: adhocLauncher, secret },
    };
}

function launcherOutputs(l: GuardedLauncher) {
    return { stateMachineArn: l.stateMachineArn, callerPolicyArn: l.callerPolicyArn, applicationId: l.applicationId };
}

/** The Pulumi program: config from the running stack; outputs the catalog and the launchers. */
export async function launcherProgram() {
    const config = readLauncherConfig(pulumi.runtime.allConfig());
    if (config.accountId !== undefined) checkAccount(`${PROJECT}:accountId`, config.accountId, (await aws.getCallerIdentity()).accountId);
    // A key given by ARN is checked to be customer managed (DescribeKey) before anything is registered.
    if (config.secretsKmsKey !== undefined && config.secretsKmsKey !== "create") await checkCustomerManagedKey(config.secretsKmsKey, `${PROJECT}:secretsKmsKey`);
    const s = buildLauncherStack(config);
    return {
        catalog: {
            profiles: [s.profile.parameterName],
            configurations: [s.nightly.configuration.parameterName, s.adhoc.configuration.parameterName],
        },
        launchers: {
            nightly: launcherOutputs(s.nightly.launcher),
            adhoc: launcherOutputs(s.adhoc.launcher),
        },
        metastoreSecretArn: s.adhoc.secret.secretArn,
    };
}

