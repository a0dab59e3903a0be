// (c) A Pulumi program in TypeScript, as `pulumi new aws-typescript` lays one out: both planes
// from ResourceBucket, RuntimeRole, LaunchRole and Network, wiring Outputs (another component's, a
// StackReference's) into them. run.js loads it the way the Pulumi CLI's Node.js host does.
import * as pulumi from "@pulumi/pulumi";
import { EgressMode, LaunchRole, Network, ResourceBucket, RuntimeRole } from "emr-serverless-dataplane";

const vendor = new pulumi.StackReference("acme/vendor/prod");

// A private plane in the customer's account: a new cross-account launch role with an ExternalId.
const bucket = new ResourceBucket("bucket", {});
const network = new Network("network", { egress: EgressMode.Https });
const runtime = new RuntimeRole("runtime", { bucketName: bucket.bucketName, bucketKmsKeyArn: bucket.kmsKeyArn });
const launch = LaunchRole.crossAccount("launch", {
    runtimeRoleArn: runtime.roleArn, bucketName: bucket.bucketName, subnetIds: network.subnetIds, securityGroupIds: [network.securityGroupId],
    trustedPrincipalArns: [vendor.requireOutput("systemRoleArn") as pulumi.Output<string>], externalIdKeeper: "acme",
});

// A shared plane in the vendor's account: adopt its logging bucket, attach to its system role.
const sharedBucket = new ResourceBucket("shared-bucket", { existingBucketName: vendor.requireOutput("logBucket") as pulumi.Output<string> });
const sharedRuntime = new RuntimeRole("shared-runtime", { bucketName: sharedBucket.bucketName });
const sharedLaunch = LaunchRole.attachedTo("shared-launch", {
    runtimeRoleArn: sharedRuntime.roleArn, bucketName: sharedBucket.bucketName,
    attachToRoleName: vendor.requireOutput("systemRoleName") as pulumi.Output<string>,
});

export const privateMessage = {
    resourceBucket: bucket.bucketName, subnetIds: network.subnetIds, securityGroups: [network.securityGroupId],
    jobRuntimeRoleArn: runtime.roleArn, jobLaunchArn: launch.roleArn, externalId: launch.externalId,
};
export const sharedMessage = { resourceBucket: sharedBucket.bucketName, jobRuntimeRoleArn: sharedRuntime.roleArn, jobLaunchArn: sharedLaunch.roleArn };
