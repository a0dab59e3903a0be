/**
 * What each AWS call of `dataplane launch` is authorized as: the IAM actions, the resource each is
 * evaluated on, and the request's condition keys. One table, read by the docs (`npm run docs`,
 * "launch-permissions" block) and by the tests that record the SDK commands the launcher really
 * sends and ask an IAM simulator about each request (test/e2e/launch.spec.ts).
 *
 * Sources: "Actions, resources, and condition keys for Amazon EMR Serverless" (Service
 * Authorization Reference): its API-operations table maps CreateApplication to
 * emr-serverless:CreateApplication *and* emr-serverless:TagResource (tag-on-create); StartJobRun,
 * CreateApplication and TagResource accept aws:RequestTag/${TagKey} and aws:TagKeys; GetJobRun and
 * GetDashboardForJobRun are on the jobRun resource type, the other application calls on
 * `application`, and CreateApplication/ListApplications have no resource type (Resource "*").
 * StartJobRun passes the execution role: iam:PassRole with iam:PassedToService ("Actions,
 * resources, and condition keys for AWS Identity and Access Management"; EMR Serverless user guide,
 * "Job runtime roles"). S3: "Actions, resources, and condition keys for Amazon S3" — PutObject is
 * s3:PutObject on the object.
 */
import { arn } from "../vocabulary/arn";
import { LAUNCHER_TAGS } from "../components/iam/launchRole";

/** An SDK command the launcher sent, as recorded by {@link LaunchOptions.onRequest}. */
export interface SentRequest {
    /** `emr-serverless`, `s3` or `sts`. */
    service: string;
    /** The API operation, e.g. `StartJobRun`. */
    operation: string;
    input: Record<string, any>;
    /** The answer, when the call succeeded. */
    output?: Record<string, any>;
}

/** One authorization AWS makes for a request: a principal's `action` on `resource` with `context`. */
export interface IamRequest {
    action: string;
    resource: string;
    context: Record<string, string | string[]>;
}

/** Where the plane lives: the ARNs of EMR Serverless resources are built from it. */
export interface PlaneLocation {
    partition: string;
    region: string;
    accountId: string;
}

type Build = (r: SentRequest, p: PlaneLocation) => IamRequest[];

interface CallRow {
    service: string;
    operation: string;
    /** For the docs: each action and what it is evaluated on. */
    authorizes: { action: string; resource: string; when?: string }[];
    build: Build;
}

const app = (p: PlaneLocation, id: string) => arn.emrApplication(p, id);
const run = (p: PlaneLocation, appId: string, runId: string) => `${app(p, appId)}/jobruns/${runId}`;

/** aws:RequestTag/<key> and aws:TagKeys of a request carrying `tags`. */
export function tagContext(tags: Record<string, string> | undefined): Record<string, string | string[]> {
    if (!tags || Object.keys(tags).length === 0) return {};
    return { ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])), "aws:TagKeys": Object.keys(tags) };
}

const tagText = Object.entries(LAUNCHER_TAGS).map(([k, v]) => `\`${k}=${v}\``).join(", ");

/** Every call the launcher makes, in the order it makes them. */
export const LAUNCHER_CALLS: CallRow[] = [
    {
        service: "sts", operation: "AssumeRole",
        authorizes: [{ action: "sts:AssumeRole", resource: "the plane's launch role (its trust policy, with sts:ExternalId)", when: "private plane, by the vendor's principal" }],
        build: () => [],
    },
    {
        service: "s3", operation: "PutObject",
        authorizes: [{ action: "s3:PutObject", resource: "`<bucket>/staging/…`", when: "the entry point, first: an unreachable bucket stops the launch before anything is created (SSE-KMS: kms:GenerateDataKey on the bucket key)" }],
        build: (r, p) => [{ action: "s3:PutObject", resource: arn.object(p.partition, r.input.Bucket, r.input.Key), context: {} }],
    },
    {
        service: "emr-serverless", operation: "ListApplications",
        authorizes: [{ action: "emr-serverless:ListApplications", resource: "`*` (no resource type)", when: "launcher mode only (a message without `applicationId`)" }],
        build: () => [{ action: "emr-serverless:ListApplications", resource: "*", context: {} }],
    },
    {
        service: "emr-serverless", operation: "GetApplication",
        authorizes: [{ action: "emr-serverless:GetApplication", resource: "`…:/applications/<id>`", when: "the plane's application (the message's `applicationId`), or the launcher's" }],
        build: (r, p) => [{ action: "emr-serverless:GetApplication", resource: app(p, r.input.applicationId), context: {} }],
    },
    {
        service: "emr-serverless", operation: "CreateApplication",
        authorizes: [
            { action: "emr-serverless:CreateApplication", resource: "`*` (no resource type)", when: `launcher mode only, with the tags ${tagText} only` },
            { action: "emr-serverless:TagResource", resource: "the new `…:/applications/<id>`", when: "launcher mode only, tag-on-create" },
        ],
        build: (r, p) => [
            { action: "emr-serverless:CreateApplication", resource: "*", context: tagContext(r.input.tags) },
            ...(r.input.tags ? [{ action: "emr-serverless:TagResource", resource: app(p, r.output?.applicationId ?? "*"), context: tagContext(r.input.tags) }] : []),
        ],
    },
    {
        service: "emr-serverless", operation: "StartJobRun",
        authorizes: [
            { action: "emr-serverless:StartJobRun", resource: "`…:/applications/<id>`", when: `with the tags ${tagText} only (the request carries the launch's client token)` },
            { action: "emr-serverless:TagResource", resource: "the new `…:/applications/<id>/jobruns/<run>`", when: "tag-on-create" },
            { action: "iam:PassRole", resource: "the runtime role only", when: "iam:PassedToService = emr-serverless.amazonaws.com" },
        ],
        build: (r, p) => [
            { action: "emr-serverless:StartJobRun", resource: app(p, r.input.applicationId), context: tagContext(r.input.tags) },
            ...(r.input.tags ? [{ action: "emr-serverless:TagResource", resource: run(p, r.input.applicationId, r.output?.jobRunId ?? "*"), context: tagContext(r.input.tags) }] : []),
            { action: "iam:PassRole", resource: r.input.executionRoleArn, context: { "iam:PassedToService": "emr-serverless.amazonaws.com" } },
        ],
    },
    {
        service: "emr-serverless", operation: "GetJobRun",
        authorizes: [{ action: "emr-serverless:GetJobRun", resource: "`…:/applications/<id>/jobruns/<run>`" }],
        build: (r, p) => [{ action: "emr-serverless:GetJobRun", resource: run(p, r.input.applicationId, r.input.jobRunId), context: {} }],
    },
];

/**
 * The IAM requests one recorded SDK command makes of the launch role. STS's AssumeRole is made by
 * the vendor's principal, not the launch role: it yields none here (the trust tests cover it).
 * An operation missing from the table is an error: the table must follow the launcher.
 */
export function iamRequestsOf(sent: SentRequest, plane: PlaneLocation): IamRequest[] {
    const row = LAUNCHER_CALLS.find((c) => c.service === sent.service && c.operation === sent.operation);
    if (!row) throw new Error(`the launcher sent ${sent.service}:${sent.operation}, which LAUNCHER_CALLS does not describe`);
    return row.build(sent, plane);
}

/** The docs' table (docs/control-plane.md): launcher call → actions → resources. */
export function launcherCallsMarkdown(): string {
    const rows = ["| launcher call | IAM action | evaluated on | when / condition |", "| --- | --- | --- | --- |"];
    for (const c of LAUNCHER_CALLS) {
        c.authorizes.forEach((a, i) => rows.push(`| ${i === 0 ? `\`${c.service}:${c.operation}\`` : ""} | \`${a.action}\` | ${a.resource} | ${a.when ?? ""} |`));
    }
    return rows.join("\n");
}
