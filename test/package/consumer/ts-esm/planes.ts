// (b) A TypeScript consumer, type-checked with `tsc --init`'s defaults (strict, nodenext, ESM):
// both planes from the components, wiring Outputs (another component's, a StackReference's).
import * as pulumi from "@pulumi/pulumi";
import { BucketPart, EgressMode, LaunchRole, LaunchRoleMode, Network, PlaneTenants, ResourceBucket, RuntimeRole, type ExecutionIamPolicy, type TenantSpec } from "emr-serverless-dataplane";
import { setAwsLikeMocks } from "emr-serverless-dataplane/testing";
import { parseMessage, type ControlPlaneMessage } from "emr-serverless-dataplane/message";

export interface Plane {
    bucket: ResourceBucket;
    network: Network;
    runtime: RuntimeRole;
    launch: LaunchRole;
    /** What a private plane's message needs, typed without `!`: the factories type what their mode always has. */
    launchArn: pulumi.Output<string> | undefined;
    externalId?: pulumi.Output<string>;
    policyArn?: pulumi.Output<string>;
    /** A shared plane's tenants' execution policies, by tenant id. */
    tenantPolicies?: pulumi.Output<Record<string, ExecutionIamPolicy>>;
}

export function privatePlane(vendorPrincipalArn: pulumi.Input<string>, externalId: pulumi.Input<string>): Plane {
    const bucket = new ResourceBucket("bucket", { kmsKey: "create" });
    const network = new Network("network", { egress: EgressMode.Https });
    const runtime = new RuntimeRole("runtime", { bucketName: bucket.bucketName, bucketKmsKeyArn: bucket.kmsKeyArn });
    const launch = LaunchRole.crossAccount("launch", {
        runtimeRoleArn: runtime.roleArn, bucketName: bucket.bucketName, bucketKmsKeyArn: bucket.kmsKeyArn,
        subnetIds: network.subnetIds, securityGroupIds: [network.securityGroupId],
        trustedPrincipalArns: [vendorPrincipalArn], externalId: pulumi.secret(externalId),
    });
    const launchArn: pulumi.Output<string> = launch.roleArn;
    const secretId: pulumi.Output<string> = launch.externalId;
    return { bucket, network, runtime, launch, launchArn, externalId: secretId };
}

export function sharedPlane(vendor: pulumi.StackReference): Plane {
    const bucket = new ResourceBucket("shared-bucket", { existingBucketName: vendor.requireOutput("logBucket") as pulumi.Output<string>, manageAdoptedParts: [BucketPart.TlsPolicy] });
    const network = new Network("shared-network", {});
    const runtime = new RuntimeRole("shared-runtime", { bucketName: bucket.bucketName });
    const launch = LaunchRole.attachedTo("shared-launch", {
        runtimeRoleArn: runtime.roleArn, bucketName: bucket.bucketName,
        attachToRoleName: vendor.requireOutput("systemRoleName") as pulumi.Output<string>,
        assumablePrivatePlaneLaunchRoles: ["arn:aws:iam::*:role/emr-dataplane-launch*"],
    });
    const policyArn: pulumi.Output<string> = launch.policyArn;
    const tenantList: TenantSpec[] = [{ id: "acme", customerRoleArns: ["arn:aws:iam::444455556666:role/acme-data"] }];
    const tenants = new PlaneTenants("shared-tenants", { tenants: tenantList, bucketName: bucket.bucketName, bucketDefaultKeyArn: bucket.defaultKeyArn, runtimeRoleName: runtime.roleName });
    return { bucket, network, runtime, launch, launchArn: launch.roleArn, policyArn, tenantPolicies: tenants.executionPolicies };
}

export const mode: LaunchRoleMode = LaunchRoleMode.Create;
export async function testSetup(): Promise<void> {
    await setAwsLikeMocks({ accountId: "444455556666", region: "eu-west-1" });
}
export function check(value: unknown): ControlPlaneMessage {
    return parseMessage(value);
}
