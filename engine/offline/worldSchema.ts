/**
 * The world file (`dataplane preview --world FILE`): its schema, and the types of the world's parts
 * that follow from it — the one typed place that says what a world file may hold. A world file is
 * checked against it as a stack file is against its config table: a value of the wrong type, a word
 * in the wrong case (`versioning: enabled`), an unknown encryption algorithm, a map given as a list
 * or a string, or an unknown key is refused with the key path, before anything runs.
 *
 * To describe more of an existing resource (another setting of an adopted bucket), add a field
 * to its record here: the parser, the types the engine and the mocks read, and the error messages
 * all follow.
 */
import { ACCOUNT_ID_PATTERN, REGION_PATTERN } from "../../vocabulary/arn";
import { AVAILABILITY_ZONE_PATTERN } from "../../vocabulary/partitions";
import { BUCKET_NAME_PATTERN, IAM_NAME_PATTERN, ROUTE_TABLE_ID_PATTERN, SUBNET_ID_PATTERN, VPC_ENDPOINT_ID_PATTERN, VPC_ID_PATTERN } from "../../vocabulary/patterns";
import { Shape, ShapeProblem, TypeOf, anyMapping, either, flag, kindOf, listOf, mapOf, oneOf, record, refined, required, text } from "../../files/shape";
import { WRITTEN_FILE_LIMITS, jsonStructureMessage } from "../../files/read";

/**
 * An IAM policy document, as an object or as its JSON text: it must parse (no key twice), be an
 * object with a `Statement` (one statement or a list), and each statement an object whose Effect
 * is `Allow` or `Deny`. The value is kept as given.
 */
const policyDocument: Shape<string | Record<string, unknown>> = {
    describe: "an IAM policy document (a mapping with Statement, or its JSON text)",
    read: (value, path) => {
        let doc: unknown = value;
        if (typeof value !== "string" && (!value || typeof value !== "object" || Array.isArray(value))) {
            throw new ShapeProblem(path, `must be ${policyDocument.describe}, got ${kindOf(value)}`);
        }
        if (typeof value === "string") {
            try {
                doc = JSON.parse(value);
            } catch (err) {
                throw new ShapeProblem(path, `is not valid JSON (${(err as Error).message.replace(/\s*\n\s*/g, " ").slice(0, 120)})`);
            }
            const structure = jsonStructureMessage(value, WRITTEN_FILE_LIMITS.depth);
            if (structure) throw new ShapeProblem(path, `in its JSON text, ${structure}`);
        }
        const document = record("an IAM policy document", { Version: oneOf(["2012-10-17", "2008-10-17"]), Id: text(), Statement: required(statements) });
        document.read(doc, path);
        return value as string | Record<string, unknown>;
    },
};

const statement = record("a policy statement", { Effect: required(oneOf(["Allow", "Deny"])) }, { open: true });
const statements = either("a statement (a mapping) or a list of statements", (v) => (Array.isArray(v) ? "a" : v && typeof v === "object" ? "b" : undefined),
    listOf(statement, "a list of statements (each a mapping)"), statement);

const SSE_ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"] as const;

/** What an existing bucket holds, for the look-ups of an adopting stack; every field defaults to what a bucket created today has. */
export const WORLD_BUCKET = record("a bucket's settings", {
    /** Its bucket policy: a document or its JSON text. Defaults to none. */
    policy: policyDocument,
    /** Its default encryption. Defaults to `{ sseAlgorithm: "AES256" }` (SSE-S3). */
    encryption: refined(record("a default encryption", {
        sseAlgorithm: required(oneOf(SSE_ALGORITHMS)),
        kmsMasterKeyId: text("a KMS key id, alias or ARN", /^\S+$/),
        bucketKeyEnabled: flag,
    }), (e) => (e.kmsMasterKeyId !== undefined && e.sseAlgorithm === "AES256"
        ? { path: "kmsMasterKeyId", problem: "applies to aws:kms and aws:kms:dsse only (this encryption is AES256, SSE-S3)" } : undefined)),
    /** `Enabled`, `Suspended` or `Disabled`. Defaults to `Disabled` (never enabled). */
    versioning: oneOf(["Enabled", "Suspended", "Disabled"]),
    /** Its lifecycle rules, in CloudFormation's shape (`{ Id, Status, … }`). Defaults to none. */
    lifecycleRules: listOf(record("a lifecycle rule (CloudFormation's shape: Id, Status, …)", { Id: text(), Status: required(oneOf(["Enabled", "Disabled"])) },
        { open: true }), "a list of lifecycle rules (each a mapping: Id, Status, …)"),
});

export const WORLD_SUBNET = record("a subnet", {
    vpcId: text("a VPC id (vpc-…)", VPC_ID_PATTERN),
    availabilityZone: text("an availability zone (eu-west-1a)", AVAILABILITY_ZONE_PATTERN),
    routeTableId: text("a route table id (rtb-…)", ROUTE_TABLE_ID_PATTERN),
    /** The subnet's route table sends 0.0.0.0/0 to an internet gateway. */
    public: flag,
});

export const WORLD_VPC_ENDPOINT = record("a VPC endpoint", {
    vpcId: text("a VPC id (vpc-…)", VPC_ID_PATTERN),
    type: oneOf(["Gateway", "Interface", "GatewayLoadBalancer"]),
    serviceName: text("a service name (com.amazonaws.<region>.s3)", /^[a-z0-9.-]+$/),
    routeTableIds: listOf(text("a route table id (rtb-…)", ROUTE_TABLE_ID_PATTERN)),
});

/** A stack's outputs, as a `StackReference` reads them. */
export const WORLD_STACK = record("a stack's outputs", {
    /** The stack's outputs; secrets as secret wrappers, at any depth. */
    outputs: required(anyMapping),
    /** Names of the outputs holding a secret. Defaults to those whose value contains a secret wrapper. */
    secretOutputNames: listOf(text()),
});

const WORLD_STACK_PREVIEW = record("a stack to preview", { preview: required(text("a stack config file (Pulumi.<stack>.yaml)")) });

const names = (what: string, pattern: RegExp) => listOf(text(what, pattern), `a list of ${what}s`);

/** A world file. */
export const WORLD_FILE = record("a world file", {
    accountId: text("a 12-digit account id", ACCOUNT_ID_PATTERN),
    region: text("an AWS region (eu-west-1)", REGION_PATTERN),
    /** The VPC assumed for subnets and endpoints the world does not describe. */
    defaultVpcId: text("a VPC id (vpc-…)", VPC_ID_PATTERN),
    subnets: mapOf(WORLD_SUBNET, { describe: "subnet ids (subnet-…)", pattern: SUBNET_ID_PATTERN, label: "subnet id" }),
    vpcEndpoints: mapOf(WORLD_VPC_ENDPOINT, { describe: "VPC endpoint ids (vpce-…)", pattern: VPC_ENDPOINT_ID_PATTERN, label: "endpoint id" }),
    /** Existing buckets; when listed, looking up any other bucket fails like AWS would. */
    buckets: names("bucket name", BUCKET_NAME_PATTERN),
    /** What existing buckets hold, by name. */
    bucketSettings: mapOf(WORLD_BUCKET, { describe: "bucket names", pattern: BUCKET_NAME_PATTERN, label: "bucket" }),
    /** Existing role names; when listed, looking up any other role fails. */
    roles: names("role name", IAM_NAME_PATTERN),
    /** Existing user names; when listed, looking up any other user fails. */
    users: names("user name", IAM_NAME_PATTERN),
    /** Other Pulumi stacks a program reads through `StackReference`, by fully qualified name (`org/project/stack`). */
    stacks: mapOf(either("outputs: (a mapping) or preview: (a stack config file)", (v) => (v && typeof v === "object" && !Array.isArray(v) ? ("preview" in v ? "b" : "a") : undefined),
        WORLD_STACK, WORLD_STACK_PREVIEW), { describe: "stack names (org/project/stack)", pattern: /^[^/\s]+\/[^/\s]+\/[^/\s]+$/, label: "org/project/stack" }),
});

export type WorldFile = TypeOf<typeof WORLD_FILE>;
export type WorldBucket = TypeOf<typeof WORLD_BUCKET>;
export type WorldSubnet = TypeOf<typeof WORLD_SUBNET>;
export type WorldVpcEndpoint = TypeOf<typeof WORLD_VPC_ENDPOINT>;
export type WorldStack = TypeOf<typeof WORLD_STACK>;

/** A parsed world file checked against {@link WORLD_FILE}: the problem at its key path, or the file typed. */
export function readWorldDocument(doc: unknown): { world: WorldFile } | { problem: string } {
    if (doc === null || doc === undefined) return { world: {} };
    try {
        return { world: WORLD_FILE.read(doc, "") };
    } catch (err) {
        if (!(err instanceof ShapeProblem)) throw err;
        if (err.path === "") return { problem: `must be a mapping (accountId, region, subnets, vpcEndpoints, buckets, bucketSettings, roles, users, stacks), got ${kindOf(doc)}` };
        return { problem: `${err.path}: ${err.problem}` };
    }
}

