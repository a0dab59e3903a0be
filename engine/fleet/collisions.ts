/**
 * Fleets that cannot deploy: two planes whose resources would take the same physical name where
 * AWS allows it once — an IAM role in one account, an S3 bucket in the whole partition, a
 * parameter in one account and region — preview side by side, and the second `pulumi up` fails.
 * The names come from what each plane registers (a name the program sets; autonamed resources get
 * a random suffix and never collide), so the collision is found by `fleet preview`, naming both rows.
 */
import { RegisteredResource } from "../recorded";
import { partitionOf } from "../../vocabulary/arn";
import type { FleetPlan } from "./plan";
import { PROJECT_CONFIGS, declares } from "../../stacks/projects";

/** Where a name must be unique: the partition (S3 buckets), an account, an account's region, or a VPC. */
export type NameScope = "partition" | "account" | "region" | "vpc";

/**
 * Resource types whose name is unique in a scope, with the input that names them. AWS documents
 * each: "Bucket naming rules" (S3 User Guide: unique across all accounts in a partition); "IAM
 * object quotas" / "IAM identifiers" (IAM User Guide: role, user, group, policy and instance
 * profile names are unique in an account); Parameter Store, Step Functions, Secrets Manager, KMS
 * aliases, CloudWatch Logs, Lambda and S3 access points name per account and region; security group
 * names are unique per VPC ("Security groups", Amazon VPC User Guide).
 */
const NAMED: Record<string, { what: string; input: string; scope: NameScope }> = {
    "aws:s3/bucket:Bucket": { what: "S3 bucket", input: "bucket", scope: "partition" },
    "aws:s3/bucketV2:BucketV2": { what: "S3 bucket", input: "bucket", scope: "partition" },
    "aws:iam/role:Role": { what: "IAM role", input: "name", scope: "account" },
    "aws:iam/user:User": { what: "IAM user", input: "name", scope: "account" },
    "aws:iam/group:Group": { what: "IAM group", input: "name", scope: "account" },
    "aws:iam/policy:Policy": { what: "IAM policy", input: "name", scope: "account" },
    "aws:iam/instanceProfile:InstanceProfile": { what: "IAM instance profile", input: "name", scope: "account" },
    "aws:ssm/parameter:Parameter": { what: "SSM parameter", input: "name", scope: "region" },
    "aws:sfn/stateMachine:StateMachine": { what: "state machine", input: "name", scope: "region" },
    "aws:secretsmanager/secret:Secret": { what: "secret", input: "name", scope: "region" },
    "aws:kms/alias:Alias": { what: "KMS alias", input: "name", scope: "region" },
    "aws:cloudwatch/logGroup:LogGroup": { what: "log group", input: "name", scope: "region" },
    "aws:lambda/function:Function": { what: "Lambda function", input: "name", scope: "region" },
    "aws:s3/accessPoint:AccessPoint": { what: "S3 access point", input: "name", scope: "region" },
    "aws:ec2/securityGroup:SecurityGroup": { what: "security group", input: "name", scope: "vpc" },
};

/** A name one plane sets, where it must be unique. */
export interface PhysicalName {
    what: string;
    name: string;
    scope: NameScope;
    /** The VPC, for a name unique per VPC. */
    vpc?: string;
}

/** The physical names a plane's resources set (not the autonamed ones: their random suffix never collides). */
export function physicalNames(resources: RegisteredResource[]): PhysicalName[] {
    const out: PhysicalName[] = [];
    for (const r of resources) {
        const spec = NAMED[r.type];
        if (!spec || !r.custom || r.op !== "register") continue;
        const name = r.inputs[spec.input];
        if (typeof name !== "string" || name === "") continue;
        const vpc = spec.scope === "vpc" ? r.inputs.vpcId : undefined;
        if (spec.scope === "vpc" && typeof vpc !== "string") continue;
        out.push({ what: spec.what, name, scope: spec.scope, ...(typeof vpc === "string" ? { vpc } : {}) });
    }
    return out;
}

/** A plane as the collision check sees it: where it deploys, and the names it sets. */
export interface NamedPlane {
    row: number;
    customerId: string;
    accountId: string;
    region: string;
    partition: string;
    names: PhysicalName[];
}

export interface NameCollision {
    first: NamedPlane;
    second: NamedPlane;
    name: PhysicalName;
}

/** Every pair of planes (the first plane to take a name, and each later one) that would create the same name in the same scope. */
export function nameCollisions(planes: NamedPlane[]): NameCollision[] {
    const taken = new Map<string, { plane: NamedPlane; name: PhysicalName }>();
    const out: NameCollision[] = [];
    for (const plane of planes) {
        for (const name of plane.names) {
            const where = name.scope === "partition" ? plane.partition : name.scope === "account" ? `${plane.partition}/${plane.accountId}`
                : name.scope === "region" ? `${plane.partition}/${plane.accountId}/${plane.region}` : `${plane.accountId}/${plane.region}/${name.vpc}`;
            const key = `${name.what}\u0000${where}\u0000${name.name}`;
            const first = taken.get(key);
            if (!first) taken.set(key, { plane, name });
            else if (first.plane !== plane) out.push({ first: first.plane, second: plane, name });
        }
    }
    return out;
}

/** A collision as one line: both rows, the name, where it must be unique, and what to do. */
export function collisionLine(c: NameCollision, fix: string): string {
    const where = c.name.scope === "partition" ? "S3 bucket names are unique across every account"
        : c.name.scope === "account" ? `both in account ${c.first.accountId}`
            : c.name.scope === "region" ? `both in account ${c.first.accountId}, ${c.first.region}` : `both in VPC ${c.name.vpc}`;
    return `rows ${c.first.row} and ${c.second.row} (customers ${c.first.customerId} and ${c.second.customerId}, ${where}) would both create ${c.name.what} ` +
        `${JSON.stringify(c.name.name)}, so the second deployment would fail; ${fix}`;
}

/**
 * The collisions between the previewed planes of `plan` (`names[i]`: what plane i registered; a
 * plane that failed to preview has none), as lines naming both rows, or none.
 */
export function fleetCollisionLines(plan: FleetPlan, names: (PhysicalName[] | undefined)[]): string[] {
    const planes: NamedPlane[] = plan.planes.map((p, i) => {
        const region = p.stackConfig.config["aws:region"] ?? "";
        return { row: p.row, customerId: p.customerId, accountId: p.stackConfig.config[`${plan.project}:accountId`] ?? "", region, partition: partitionOf(region) ?? "aws", names: names[i] ?? [] };
    });
    const project = PROJECT_CONFIGS[plan.project];
    const fix = project && declares(project, ["namePrefix"])
        ? "give one of them its own names (a namePrefix column)" : "give one of them its own names (a column for the config key that sets them)";
    return nameCollisions(planes).map((c) => collisionLine(c, fix));
}
