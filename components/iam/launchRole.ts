import { PolicyDocument, SERVICE, Statement, policy } from "./document";
import { Scope, arn } from "./arn";
import { bucketKeyStatement, resourceBucketStatements } from "./s3Access";

/** EMR Serverless actions on an application (resource type `application`). */
export const APPLICATION_ACTIONS = [
    "emr-serverless:GetApplication",
    "emr-serverless:UpdateApplication",
    "emr-serverless:DeleteApplication",
    "emr-serverless:StartApplication",
    "emr-serverless:StopApplication",
    "emr-serverless:StartJobRun",
    "emr-serverless:ListJobRuns",
] as const;

/** EMR Serverless actions on a job run (resource type `jobRun`). */
export const JOB_RUN_ACTIONS = [
    "emr-serverless:GetJobRun",
    "emr-serverless:CancelJobRun",
    "emr-serverless:GetDashboardForJobRun",
] as const;

/** EMR Serverless actions with no resource type: IAM only accepts `*` for them. */
export const UNSCOPED_ACTIONS = ["emr-serverless:CreateApplication", "emr-serverless:ListApplications"] as const;

/**
 * Trust policy of a launch role assumed from another principal (the vendor's control plane),
 * always with an ExternalId.
 */
export function launchRoleTrustPolicy(input: { principalArns: string[]; externalId: string }): PolicyDocument {
    return policy({
        Sid: "ControlPlaneWithExternalId",
        Effect: "Allow",
        Principal: { AWS: input.principalArns.length === 1 ? input.principalArns[0] : [...input.principalArns] },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": input.externalId } },
    });
}

/**
 * `iam:PassRole` on exactly one role (a job runtime role), and only to EMR Serverless. Shared by
 * every principal that starts job runs: the launch role and the guarded launchers.
 */
export function passRuntimeRoleStatement(runtimeRoleArn: string): Statement {
    return {
        Sid: "PassRuntimeRoleToEmrServerless",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: runtimeRoleArn,
        Condition: { StringEquals: { "iam:PassedToService": SERVICE.emrServerless } },
    };
}

export interface LaunchRolePermissionsInput {
    scope: Scope;
    /** The only role the launcher may pass, and only to EMR Serverless. */
    runtimeRoleArn: string;
    bucketName: string;
    kmsKeyArn?: string;
    /** Subnets and security groups the application's ENIs may use; `*` in the account/region when omitted. */
    subnetIds?: string[];
    securityGroupIds?: string[];
}

/** Permissions to create, start and stop EMR Serverless applications and job runs in one plane. */
export function launchRolePermissions(input: LaunchRolePermissionsInput): PolicyDocument {
    const s = input.scope;
    const subnets = input.subnetIds?.length ? input.subnetIds.map((id) => arn.ec2(s, "subnet", id)) : [arn.ec2(s, "subnet")];
    const groups = input.securityGroupIds?.length
        ? input.securityGroupIds.map((id) => arn.ec2(s, "security-group", id))
        : [arn.ec2(s, "security-group")];
    const statements: Statement[] = [
        {
            Sid: "EmrServerlessApplications",
            Effect: "Allow",
            Action: [...APPLICATION_ACTIONS],
            Resource: [arn.emrApplications(s)],
        },
        {
            Sid: "EmrServerlessJobRuns",
            Effect: "Allow",
            Action: [...JOB_RUN_ACTIONS],
            Resource: [arn.emrJobRuns(s)],
        },
        {
            Sid: "EmrServerlessUnscoped",
            Effect: "Allow",
            Action: [...UNSCOPED_ACTIONS],
            Resource: "*",
        },
        {
            Sid: "NetworkInterfacesViaEmrServerless",
            Effect: "Allow",
            Action: "ec2:CreateNetworkInterface",
            Resource: [arn.ec2(s, "network-interface"), ...subnets, ...groups],
            Condition: { StringEquals: { "aws:CalledViaLast": SERVICE.emrServerlessOps } },
        },
        {
            Sid: "EmrServerlessServiceLinkedRole",
            Effect: "Allow",
            Action: "iam:CreateServiceLinkedRole",
            Resource: arn.emrServerlessServiceLinkedRole(s),
            Condition: { StringEquals: { "iam:AWSServiceName": SERVICE.emrServerlessOps } },
        },
        passRuntimeRoleStatement(input.runtimeRoleArn),
        ...resourceBucketStatements(s.partition, input.bucketName),
    ];
    if (input.kmsKeyArn) statements.push(bucketKeyStatement(input.kmsKeyArn));
    return policy(...statements);
}

/**
 * Vendor side of the private-plane trust: lets the shared plane's system principal assume
 * the private planes' launch roles, named explicitly or by a role-name pattern.
 */
export function assumePrivatePlaneRolesPolicy(launchRoleArns: string[]): PolicyDocument {
    return policy({
        Sid: "AssumePrivatePlaneLaunchRoles",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: [...launchRoleArns],
    });
}
