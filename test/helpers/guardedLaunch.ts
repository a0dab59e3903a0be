/**
 * A guarded-launch fixture for the tests: one profile and two configurations in namespace
 * "analytics" — "nightly" (overrides, no secrets) and "adhoc" (a secret) — with a launcher each,
 * run offline. Returns the components' resolved values and everything registered.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { GuardedLauncher, JobSecret, LaunchConfiguration, LaunchConfigurationArgs, LaunchProfile, LaunchProfileArgs } from "../../components";
import { PolicyDocument } from "../../components/iam";
import { previewStack } from "../../engine/preview/preview";
import { RegisteredResource } from "../../engine/offline/run";
import { ACCOUNT, REGION, documentOf, input, one, run, unwrap } from "./offline";

export const RUNTIME_ROLE = `arn:aws:iam::${ACCOUNT}:role/acme-job-runtime`;
export const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/acme-admin`;
export const BUCKET = "acme-resources";

export const PROFILE_ARGS: LaunchProfileArgs = {
    namespace: "analytics",
    profileName: "default",
    runtimeRoleArn: RUNTIME_ROLE,
    subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
    securityGroupIds: ["sg-0bbbbbbbbbbbbbbb1"],
    bucketName: BUCKET,
};

export const NIGHTLY_ARGS: LaunchConfigurationArgs = {
    namespace: "analytics",
    configurationName: "nightly",
    releaseLabel: "emr-7.5.0",
    entryPoint: `s3://${BUCKET}/staging/jobs/nightly.py`,
    entryPointArguments: ["--date", "yesterday"],
    submitParameters: "--conf spark.executor.cores=4 --conf spark.executor.memory=8g",
    executionTimeoutMinutes: 120,
    allowedOverrides: {
        executors: { sets: "spark.executor.instances", min: 1, max: 20 },
        executorMemory: { sets: "spark.executor.memory", min: 2, max: 16, unit: "g" },
        timeout: { sets: "executionTimeoutMinutes", min: 10, max: 240 },
    },
};

/** The nightly job of a tenant's launcher: its files under the tenant's staging prefix (a tenant's launcher runs nothing else of the plane's bucket). */
export function tenantNightlyArgs(tenantId: string, overrides: Partial<LaunchConfigurationArgs> = {}): LaunchConfigurationArgs {
    return { ...NIGHTLY_ARGS, entryPoint: `s3://${BUCKET}/staging/tenants/${tenantId}/jobs/nightly.py`, ...overrides };
}

export const ADHOC_ARGS: Omit<LaunchConfigurationArgs, "secrets"> = {
    namespace: "analytics",
    configurationName: "adhoc",
    releaseLabel: "emr-7.5.0",
    entryPoint: `s3://${BUCKET}/staging/jobs/adhoc.py`,
    submitParameters: "--conf spark.executor.cores=2",
};

export interface LauncherValues {
    stateMachineArn: string;
    stateMachineName: string;
    applicationId: string;
    roleArn: string;
    definition: string;
    callerPolicy: string;
}

async function valuesOf(l: GuardedLauncher): Promise<LauncherValues> {
    return {
        stateMachineArn: await unwrap(l.stateMachineArn),
        stateMachineName: l.stateMachineName,
        applicationId: await unwrap(l.applicationId),
        roleArn: await unwrap(l.roleArn),
        definition: await unwrap(l.definition),
        callerPolicy: await unwrap(l.callerPolicy),
    };
}

export interface Fixture {
    resources: RegisteredResource[];
    nightly: LauncherValues;
    adhoc: LauncherValues;
    secretArn: string;
    /** The secret's customer managed key. */
    secretKeyArn: string;
    /** The secret's resource policy, and its key's policy. */
    secretPolicy: PolicyDocument;
    secretKeyPolicy: PolicyDocument;
    /** The JSON texts deployed into the parameters. */
    documents: { profile: string; nightly: string; adhoc: string };
}

/** Runs the fixture offline (account 444455556666, eu-west-1 unless `world` says otherwise). */
export async function launchFixture(world?: { accountId: string; region: string }): Promise<Fixture> {
    const r = await run(async () => {
        const profile = new LaunchProfile("default", PROFILE_ARGS);
        // As the example launcher stack does: the secret admits the adhoc launcher's application only.
        const [adhocApplicationArns, admitAdhocApplication] = pulumi.deferredOutput<string[]>();
        const secret = new JobSecret("metastore-password", { secretName: "analytics/metastore-password", applicationArns: adhocApplicationArns });
        const nightly = new LaunchConfiguration("nightly", NIGHTLY_ARGS);
        const adhoc = new LaunchConfiguration("adhoc", { ...ADHOC_ARGS, secrets: { METASTORE_PASSWORD: secret.secretArn }, secretsKmsKeyArn: secret.kmsKeyArn });
        const a = new GuardedLauncher("nightly", { profile, configuration: nightly, callerRoleNames: ["scheduler"] });
        const b = new GuardedLauncher("adhoc", { profile, configuration: adhoc });
        admitAdhocApplication(b.applicationArn.apply((arn) => [arn]));
        return { nightly: await valuesOf(a), adhoc: await valuesOf(b), secretArn: await unwrap(secret.secretArn), secretKeyArn: await unwrap(secret.kmsKeyArn) };
    }, world ? { world } : {});
    const parameter = (name: string) => input(one(r.resources, "aws:ssm/parameter:Parameter", `${name}-parameter`), "insecureValue") as string;
    return {
        resources: r.resources,
        ...r.exports,
        secretPolicy: documentOf(one(r.resources, "aws:secretsmanager/secretPolicy:SecretPolicy", "metastore-password-policy")),
        secretKeyPolicy: documentOf(one(r.resources, "aws:kms/key:Key", "metastore-password-key")),
        documents: { profile: parameter("default"), nightly: parameter("nightly"), adhoc: parameter("adhoc") },
    };
}

/** A role policy registered by the fixture, parsed (`nightly-permissions`, `adhoc-runtime-role-secrets`, …). */
export function rolePolicy(f: Fixture, name: string): PolicyDocument {
    return documentOf(one(f.resources, "aws:iam/rolePolicy:RolePolicy", name));
}

export const SCOPE = { partition: "aws", region: REGION, accountId: ACCOUNT };

/** The example launcher stack's config file (one profile; "nightly" and "adhoc", the latter with a secret). */
export const EXAMPLE_STACK = path.resolve(__dirname, "../../stacks/guardedLaunch/Pulumi.example.yaml");
/** Where the example deploys (its config), and the runtime role its profile names. */
export const EXAMPLE_SCOPE = { partition: "aws", region: "us-east-1", accountId: "111122223333" };
export const EXAMPLE_RUNTIME_ROLE = "arn:aws:iam::111122223333:role/emr-dataplane-job-runtime";

let example: Promise<RegisteredResource[]> | undefined;

/** Everything the example launcher stack registers, previewed offline once per process (copy before changing it). */
export function launcherExample(): Promise<RegisteredResource[]> {
    example ??= previewStack(EXAMPLE_STACK).then((p) => p.resources);
    return example;
}
