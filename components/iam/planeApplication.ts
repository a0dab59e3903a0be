/**
 * The launch role's EMR Serverless statements when the plane owns its application (`SparkApplication`):
 * start, follow, list and cancel job runs on that one application, and nothing that creates, updates,
 * deletes, starts or tags an application — so the vendor cannot lift the paying account's cap:
 * "Updating Running Applications" (EMR Serverless User Guide) changes the maximum capacity of even a
 * STARTED application through UpdateApplication. Actions and resource types from "Actions, resources,
 * and condition keys for Amazon EMR Serverless" (Service Authorization Reference): GetApplication,
 * ListJobRuns and StartJobRun on `application`, GetJobRun and CancelJobRun on `jobRun`.
 *
 * No network statements: the application exists, and EMR Serverless creates its network interfaces
 * with its own service-linked role (AWS managed policy AmazonEMRServerlessServiceRolePolicy grants it
 * ec2:CreateNetworkInterface), not with the caller's permissions.
 */
import { Statement } from "./document";
import { Scope, arn } from "../../vocabulary/arn";

/** What the launcher sends on the plane's application: StartJobRun, GetJobRun (and GetApplication to check its state). */
export const PLANE_APPLICATION_ACTIONS = ["emr-serverless:GetApplication", "emr-serverless:ListJobRuns"] as const;
export const PLANE_JOB_RUN_ACTIONS = ["emr-serverless:GetJobRun", "emr-serverless:CancelJobRun"] as const;

/**
 * Statements of a launch role paired with the plane's application `applicationId`; `tagsOnly` is the
 * condition that job runs start with the launcher's tags and no other (StartJobRun and TagResource
 * accept aws:RequestTag and aws:TagKeys).
 */
export function planeApplicationStatements(s: Scope, applicationId: string, tagsOnly: Statement["Condition"]): Statement[] {
    const application = arn.emrApplication(s, applicationId);
    const jobRuns = arn.emrApplicationJobRuns(s, applicationId);
    return [
        { Sid: "PlaneApplication", Effect: "Allow", Action: [...PLANE_APPLICATION_ACTIONS], Resource: application },
        { Sid: "StartJobRunsOnPlaneApplicationTagged", Effect: "Allow", Action: "emr-serverless:StartJobRun", Resource: application, Condition: tagsOnly },
        { Sid: "PlaneApplicationJobRuns", Effect: "Allow", Action: [...PLANE_JOB_RUN_ACTIONS], Resource: jobRuns },
        // Tag-on-create of the job run only, with the launcher's tags; never the application.
        { Sid: "TagJobRunsOnStart", Effect: "Allow", Action: "emr-serverless:TagResource", Resource: jobRuns, Condition: tagsOnly },
    ];
}
