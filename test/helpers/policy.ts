/**
 * Test helpers for the policy pack: resources the way the engine records them, happy-path
 * documents (what our components generate) with one change at a time, and the violations one
 * rule reports, run through the same analyzer the commands use.
 */
import {
    PolicyDocument, Scope, Statement, accountManagedKeyPolicy, launchRolePermissions, launchRoleTrustPolicy,
    runtimeRolePermissions, runtimeRoleTrustPolicy, tlsOnlyBucketPolicy, toJson,
} from "../../components/iam";
import { RegisteredResource } from "../../engine/offline/run";
import { Violation, analyzeResources } from "../../engine/check/analyze";
import { POLICIES } from "../../policies/pack";

export const SCOPE: Scope = { partition: "aws", region: "eu-west-1", accountId: "444455556666" };
export const VENDOR_ROLE = "arn:aws:iam::111122223333:role/role_trusted_user";
export const RUNTIME_ROLE_ARN = "arn:aws:iam::444455556666:role/emr-dataplane-job-runtime";
export const BUCKET = "emr-dataplane-resources-4711";
export const KEY_ARN = "arn:aws:kms:eu-west-1:444455556666:key/1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b";
export const STACK_URN = "urn:pulumi:test::policy-test::pulumi:pulumi:Stack::policy-test-test";

/** What our components generate: the happy path each test changes one thing of. */
export const happy = {
    runtimeTrust: () => runtimeRoleTrustPolicy(SCOPE),
    runtimePermissions: () => runtimeRolePermissions({
        partition: "aws", bucketName: BUCKET, kmsKeyArn: KEY_ARN,
        readOnlyBuckets: ["trifacta-public-datasets"], assumableRoleArns: ["arn:aws:iam::*:role/emr-dataplane-data-access*"],
    }),
    launchTrust: () => launchRoleTrustPolicy({ principalArns: [VENDOR_ROLE], externalId: "Zx8QvL2mN4pR6tY1wE3uI5oA7sD9fG0hJkLcVbNm" }),
    launchPermissions: () => launchRolePermissions({ scope: SCOPE, runtimeRoleArn: RUNTIME_ROLE_ARN, bucketName: BUCKET, kmsKeyArn: KEY_ARN }),
    bucketPolicy: () => tlsOnlyBucketPolicy("aws", BUCKET),
    keyPolicy: () => accountManagedKeyPolicy("aws", SCOPE.accountId),
};

/** `doc` with the statement `sid` replaced by `change(statement)` (removed when it returns undefined). */
export function changed(doc: PolicyDocument, sid: string, change: (s: Statement) => Statement | undefined): PolicyDocument {
    if (!doc.Statement.some((s) => s.Sid === sid)) throw new Error(`no statement ${sid}`);
    const statements = doc.Statement.flatMap((s) => (s.Sid === sid ? [change(structuredClone(s))].filter((x): x is Statement => !!x) : [s]));
    // As JSON would carry it: a key set to undefined is absent.
    return JSON.parse(JSON.stringify({ ...doc, Statement: statements }));
}

/** `doc` with more statements. */
export function plus(doc: PolicyDocument, ...statements: Statement[]): PolicyDocument {
    return { ...doc, Statement: [...doc.Statement, ...statements] };
}

/** A one-statement document. */
export function doc(...statements: Statement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * A managed custom resource as the offline engine records one. Outputs default to the inputs
 * (plus `extra.outputs`), as a created resource's state would be.
 */
export function resource(type: string, name: string, inputs: Record<string, unknown>,
    extra: { outputs?: Record<string, unknown>; parent?: string; dependencies?: string[]; custom?: boolean } = {}): RegisteredResource {
    const custom = extra.custom ?? true;
    return {
        urn: `urn:pulumi:test::policy-test::${type}::${name}`,
        type, name, custom, op: "register", parent: extra.parent ?? STACK_URN,
        id: custom ? `${name}-id` : undefined,
        inputs, outputs: custom ? { ...inputs, ...extra.outputs } : extra.outputs ?? {},
        retainOnDelete: false, protect: false, dependencies: extra.dependencies ?? [],
    };
}

/** The stack resource, then `resources`. */
export function stack(...resources: RegisteredResource[]): RegisteredResource[] {
    return [{ urn: STACK_URN, type: "pulumi:pulumi:Stack", name: "policy-test-test", custom: false, op: "register", inputs: {}, outputs: {}, retainOnDelete: false, protect: false, dependencies: [] }, ...resources];
}

const RAW = Symbol("raw");
/** A document handed to a resource as it is (an object, a secret wrapper), not serialised to JSON text. */
export function raw(value: unknown): Raw {
    return { [RAW]: value };
}
export interface Raw { [RAW]: unknown }
type Given = PolicyDocument | string | Raw;

/** Documents are JSON text in resource inputs, as @pulumi/aws sends them, unless given {@link raw}. */
const json = (d: Given): unknown => (typeof d === "string" ? d : RAW in d ? (d as Raw)[RAW] : toJson(d as PolicyDocument));

/** One resource of each shape that holds a document, alone in a stack. */
export const holding = {
    rolePolicy: (d: Given) => stack(resource("aws:iam/rolePolicy:RolePolicy", "permissions", { role: "some-role", policy: json(d) })),
    policy: (d: Given) => stack(resource("aws:iam/policy:Policy", "managed", { policy: json(d) }, { outputs: { arn: "arn:aws:iam::444455556666:policy/managed" } })),
    role: (trust: Given, more: Record<string, unknown> = {}) =>
        stack(resource("aws:iam/role:Role", "role", { name: "some-role", assumeRolePolicy: json(trust), ...more }, { outputs: { arn: "arn:aws:iam::444455556666:role/some-role" } })),
    bucketPolicy: (d: Given) => stack(resource("aws:s3/bucketPolicy:BucketPolicy", "tls", { bucket: BUCKET, policy: json(d) })),
    key: (d: PolicyDocument | string, arn = KEY_ARN) => stack(resource("aws:kms/key:Key", "key", { policy: json(d) }, { outputs: { arn } })),
};

export function rule(name: string) {
    const found = POLICIES.find((p) => p.name === name);
    if (!found) throw new Error(`no rule ${name}`);
    return found;
}

/** What one rule reports on `resources`, through the analyzer the commands use. */
export async function violationsOf(ruleName: string, resources: RegisteredResource[]): Promise<Violation[]> {
    return analyzeResources(resources, { policies: [rule(ruleName)] });
}

/** A deep copy of `resources` with `change` applied to the inputs and outputs of the resource named `name`. */
export function withChange(resources: RegisteredResource[], name: string, change: (props: Record<string, any>) => void): RegisteredResource[] {
    const copy = structuredClone(resources);
    const target = copy.filter((r) => r.name === name);
    if (target.length !== 1) throw new Error(`expected one resource named ${name}, found ${target.length}`);
    change(target[0].inputs);
    change(target[0].outputs);
    return copy;
}

/** A deep copy of `resources` without the resource named `name` (and anything that depended on it keeps its URN). */
export function without(resources: RegisteredResource[], name: string): RegisteredResource[] {
    if (!resources.some((r) => r.name === name)) throw new Error(`no resource named ${name}`);
    return structuredClone(resources.filter((r) => r.name !== name));
}
