import { PolicyDocument, SERVICE, Statement, policy } from "./document";
import { Scope, arn } from "../../vocabulary/arn";
import { bucketKeyStatement, bucketKeyThroughS3Statement, resourceBucketStatements } from "./s3Access";
import { planeApplicationStatements } from "./planeApplication";

/**
 * The tags the launcher puts on what it creates (applications and job runs). The launch role may
 * create applications and start job runs only with exactly these tags, and may write no other tag.
 */
export const LAUNCHER_TAGS: Readonly<Record<string, string>> = { "managed-by": "emr-serverless-dataplane launcher" };

/**
 * EMR Serverless actions on the plane's applications (resource type `application`): what the
 * launcher calls (GetApplication, StartJobRun) and what an operator of the plane needs besides
 * (StartApplication, StopApplication). Source: "Actions, resources, and condition keys for Amazon
 * EMR Serverless" (Service Authorization Reference).
 */
export const APPLICATION_ACTIONS = [
    "emr-serverless:GetApplication",
    "emr-serverless:StartApplication",
    "emr-serverless:StopApplication",
] as const;

/** EMR Serverless actions on a job run (resource type `jobRun`): the launcher follows runs, an operator cancels them. */
export const JOB_RUN_ACTIONS = [
    "emr-serverless:GetJobRun",
    "emr-serverless:CancelJobRun",
] as const;

/** EMR Serverless actions with no resource type: IAM only accepts `*` for them. */
export const UNSCOPED_ACTIONS = ["emr-serverless:ListApplications"] as const;

/**
 * Requests that carry exactly the launcher's tags: aws:RequestTag/<key> for each, and aws:TagKeys
 * listing no other key. CreateApplication, StartJobRun and TagResource support both keys
 * ("Actions, resources, and condition keys for Amazon EMR Serverless").
 */
function launcherTagsOnly(): Statement["Condition"] {
    return {
        StringEquals: Object.fromEntries(Object.entries(LAUNCHER_TAGS).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
        "ForAllValues:StringEquals": { "aws:TagKeys": Object.keys(LAUNCHER_TAGS) },
    };
}

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
    /** An adopted bucket's own key, used through S3 only ({@link bucketKeyThroughS3Statement}). */
    defaultKeyArn?: string;
    /** Subnets and security groups the application's ENIs may use; `*` in the account/region when omitted. */
    subnetIds?: string[];
    securityGroupIds?: string[];
    /**
     * The plane's own application: the role then starts and follows job runs on it only, and creates,
     * updates and deletes no application (./planeApplication.ts). Absent: the launcher creates its
     * applications (the seed's mode), with the statements below.
     */
    applicationId?: string;
}

/** Permissions to launch job runs in one plane: on its own application, or creating applications (launcher mode). */
export function launchRolePermissions(input: LaunchRolePermissionsInput): PolicyDocument {
    const statements: Statement[] = [
        ...(input.applicationId !== undefined ? planeApplicationStatements(input.scope, input.applicationId, launcherTagsOnly())
            : [...emrServerlessStatements(input.scope), ...applicationNetworkStatements(input)]),
        passRuntimeRoleStatement(input.runtimeRoleArn),
        ...resourceBucketStatements(input.scope.partition, input.bucketName),
    ];
    if (input.kmsKeyArn) statements.push(bucketKeyStatement(input.kmsKeyArn));
    if (input.defaultKeyArn) statements.push(bucketKeyThroughS3Statement({ partition: input.scope.partition, region: input.scope.region, bucketName: input.bucketName, kmsKeyArn: input.defaultKeyArn }));
    return policy(...statements);
}

/**
 * The launch role's EMR Serverless statements. Applications and job runs are scoped by ARN to the
 * plane's account and region, not by tag: EMR Serverless has no condition key that limits
 * TagResource to tag-on-create, so a role that may tag could adopt any application by tagging it.
 * Tags are required on what the launcher creates, and the only tag the role may write is the
 * launcher's own.
 */
function emrServerlessStatements(s: Scope): Statement[] {
    return [
        {
            Sid: "EmrServerlessApplications",
            Effect: "Allow",
            Action: [...APPLICATION_ACTIONS],
            Resource: [arn.emrApplications(s)],
        },
        {
            // StartJobRun accepts aws:RequestTag/aws:TagKeys: job runs start with the launcher's tags only.
            Sid: "EmrServerlessStartJobRunsTagged",
            Effect: "Allow",
            Action: "emr-serverless:StartJobRun",
            Resource: [arn.emrApplications(s)],
            Condition: launcherTagsOnly(),
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
            // No resource type exists for CreateApplication (Resource "*"); it is limited by its tags.
            Sid: "EmrServerlessCreateApplicationsTagged",
            Effect: "Allow",
            Action: "emr-serverless:CreateApplication",
            Resource: "*",
            Condition: launcherTagsOnly(),
        },
        {
            // Tag-on-create: the API-operations table of the Service Authorization Reference maps
            // CreateApplication (and a tagged StartJobRun) to emr-serverless:TagResource as well.
            Sid: "EmrServerlessTagOnCreate",
            Effect: "Allow",
            Action: "emr-serverless:TagResource",
            Resource: [arn.emrApplications(s), arn.emrJobRuns(s)],
            Condition: launcherTagsOnly(),
        },
    ];
}

/**
 * What the application's network needs: ENIs created through EMR Serverless only, in the given
 * subnets and security groups (any in the account and region when none are given), and the
 * service-linked role.
 */
function applicationNetworkStatements(input: LaunchRolePermissionsInput): Statement[] {
    const s = input.scope;
    const subnets = input.subnetIds?.length ? input.subnetIds.map((id) => arn.ec2(s, "subnet", id)) : [arn.ec2(s, "subnet")];
    const groups = input.securityGroupIds?.length
        ? input.securityGroupIds.map((id) => arn.ec2(s, "security-group", id))
        : [arn.ec2(s, "security-group")];
    return [
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
    ];
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
