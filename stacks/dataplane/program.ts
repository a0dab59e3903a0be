/**
 * The data-plane program: reads the stack config, then assembles a shared or private plane
 * from its five components (bucket, network, runtime role, application, launch role) and exports the
 * control-plane message. Also the package's `emr-serverless-dataplane/stacks/dataplane` entry: a
 * plane project of one's own (`dataplane init` writes one) reads its config with
 * {@link readDataPlaneConfig}, builds the plane with {@link buildDataPlane} and returns {@link dataPlaneOutputs}.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LaunchRole, Network, ResourceBucket, RuntimeRole, SparkApplication, validateNetworkArgs } from "../../components";
import { PlaneTenants } from "../../components/planeTenants";
import { ControlPlaneMessage, parseMessage } from "../../message";
import { checkAccount } from "../configTable";
import { DataPlaneConfig, dataPlaneKeyOf, readDataPlaneConfig } from "./config";

export type { DataPlaneConfig };
export { readDataPlaneConfig };
import { fullKey } from "./configSchema";

/** The message as stack output: plain object whose fields are outputs, so only `externalId` is secret. */
export type MessageOutput = { [K in keyof ControlPlaneMessage]-?: K extends "jobLaunchArn" | "externalId" | "applicationId" | "tenants"
    ? pulumi.Output<NonNullable<ControlPlaneMessage[K]>> | undefined : pulumi.Output<ControlPlaneMessage[K]> };

export interface DataPlane {
    config: DataPlaneConfig;
    bucket: ResourceBucket;
    network: Network;
    runtimeRole: RuntimeRole;
    launchRole: LaunchRole;
    /** The plane's own application, when it creates one (not when it adopts one, nor in launcher mode). */
    application?: SparkApplication;
    /** A shared plane's tenants and their execution policies, when it declares any. */
    tenants?: PlaneTenants;
    message: Partial<MessageOutput>;
}

/**
 * Builds a plane from an already-read config. Everything that can fail on input (including the
 * adopted subnets' AZ check, done through the provider) fails before the first resource.
 */
export async function buildDataPlane(config: DataPlaneConfig): Promise<DataPlane> {
    if (config.accountId !== undefined) checkAccount(fullKey("accountId"), config.accountId, (await aws.getCallerIdentity()).accountId);
    const { adopt, ...networkArgs } = config.network;
    const existing = adopt ? await Network.lookupExisting(adopt, undefined, dataPlaneKeyOf("network")) : undefined;
    if (existing) validateNetworkArgs({ ...networkArgs, existing }, dataPlaneKeyOf("network"));
    // An adopted bucket is read (for the parts it lets us manage) and checked before anything exists.
    const existingBucket = config.bucket.existingBucketName ? await ResourceBucket.lookupExisting(config.bucket, undefined, dataPlaneKeyOf("bucket")) : undefined;

    const bucket = new ResourceBucket("resources", { ...config.bucket, existing: existingBucket, tags: config.tags });
    const network = new Network("network", { ...networkArgs, existing, tags: config.tags });
    const runtimeRole = new RuntimeRole("job-runtime", {
        ...config.runtimeRole,
        bucketName: bucket.bucketName,
        bucketKmsKeyArn: bucket.kmsKeyArn,
        bucketDefaultKeyArn: bucket.defaultKeyArn,
        tags: config.tags,
    });
    const app = config.application;
    const application = app.args && new SparkApplication("spark", {
        ...app.args,
        bucketName: bucket.bucketName,
        bucketKmsKeyArn: bucket.kmsKeyArn,
        subnetIds: network.subnetIds,
        securityGroupIds: [network.securityGroupId],
        runtimeRoleName: app.args.cloudWatchLogs ? runtimeRole.roleName : undefined,
        tags: config.tags,
    });
    const applicationId = application?.applicationId ?? (app.adoptedId === undefined ? undefined : pulumi.output(app.adoptedId));
    // Paired with the plane's application, the launch role starts job runs on it only; in launcher mode
    // it creates applications, their network interfaces in the plane's subnets and security group.
    const launchRole = new LaunchRole("launch", {
        ...config.launch,
        runtimeRoleArn: runtimeRole.roleArn,
        bucketName: bucket.bucketName,
        bucketKmsKeyArn: bucket.kmsKeyArn,
        bucketDefaultKeyArn: bucket.defaultKeyArn,
        ...(applicationId ? { applicationId } : { subnetIds: network.subnetIds, securityGroupIds: [network.securityGroupId] }),
        tags: config.tags,
    });

    const tenants = config.tenants && new PlaneTenants("tenants", {
        tenants: config.tenants,
        // An adopted bucket's name is known now (and the bucket exists): each tenant's policy is sized on
        // it rather than on the longest name a bucket can have.
        bucketName: config.bucket.existingBucketName ?? bucket.bucketName,
        bucketKmsKeyArn: bucket.kmsKeyArn,
        bucketDefaultKeyArn: bucket.defaultKeyArn,
        runtimeRoleName: runtimeRole.roleName,
        namePrefix: config.namePrefix,
        tags: config.tags,
    });

    const region = aws.getRegionOutput().region;
    const message: Partial<MessageOutput> = {
        resourceBucket: bucket.bucketName,
        subnetIds: network.subnetIds,
        securityGroups: pulumi.all([network.securityGroupId]),
        region,
        jobRuntimeRoleArn: runtimeRole.roleArn,
    };
    if (config.planeKind === "private") {
        message.jobLaunchArn = launchRole.roleArn;
        message.externalId = launchRole.externalId;
    }
    if (applicationId) message.applicationId = applicationId;
    if (tenants) message.tenants = tenants.messageTenants;
    return { config, bucket, network, runtimeRole, launchRole, application, tenants, message: checkedMessage(message) };
}

/** Validates the message against its schema once its values are known (at preview, unknown values are skipped). */
function checkedMessage(message: Partial<MessageOutput>): Partial<MessageOutput> {
    // The check's result carries no secret (it is `true`), so unsecret it: tying the other fields to
    // it must not make them secret just because `externalId` is.
    const checked = pulumi.unsecret(pulumi.output(message).apply((m) => {
        parseMessage(m, "controlPlaneMessage");
        return true;
    }));
    // Tie each field to the validation, so an invalid message fails the update before it is exported.
    const tie = <T>(o: pulumi.Output<T> | undefined) => o && pulumi.all([o, checked]).apply(([value]) => value);
    const out: Partial<MessageOutput> = {};
    for (const [key, value] of Object.entries(message) as [keyof MessageOutput, pulumi.Output<any> | undefined][]) {
        (out as Record<string, unknown>)[key] = key === "externalId" ? value && pulumi.secret(tie(value)!) : tie(value);
    }
    return out;
}

/** A plane's stack outputs: the message, and for an adopted bucket what happens to each of its parts. */
export type DataPlaneOutputs = { controlPlaneMessage: Partial<MessageOutput>; adoptedBucketParts?: pulumi.Output<Record<string, string>> };

/** The stack outputs of a plane (a program that builds more around the plane returns these, and its own). */
export function dataPlaneOutputs(plane: DataPlane): DataPlaneOutputs {
    // For an adopted bucket, what happens to each hardening part (kept as is / merged / managed):
    // the preview prints every stack output, so this is its per-part line.
    return plane.bucket.adoptedParts ? { controlPlaneMessage: plane.message, adoptedBucketParts: plane.bucket.adoptedParts } : { controlPlaneMessage: plane.message };
}

/** The Pulumi program: config from the running stack, outputs `{ controlPlaneMessage }`. */
export async function dataPlaneProgram(): Promise<DataPlaneOutputs> {
    return dataPlaneOutputs(await buildDataPlane(readDataPlaneConfig(pulumi.runtime.allConfig())));
}
