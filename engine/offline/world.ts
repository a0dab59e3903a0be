/**
 * The AWS account the offline engine pretends to run against: its identity, and the existing
 * resources an adopting stack looks up (subnets, route tables, S3 endpoints, buckets, roles).
 *
 * Unless a world file says otherwise, adopted things are assumed to exist as the stack config
 * describes them: an adopted subnet lies in the adopted VPC, in the AZ given by the last hex
 * digit of its id (0,3,6,9,c,f → a; 1,4,7,a,d → b; 2,5,8,b,e → c), is private, and has its own
 * route table; an adopted S3 endpoint is a gateway endpoint on those route tables. A VPC has no
 * other S3 endpoint than the ones the world lists (so an adopting stack without `s3EndpointId`
 * plans its own).
 *
 * An adopted bucket the world says nothing about (`bucketSettings`) looks like a bucket created
 * today with S3's defaults: no bucket policy, SSE-S3 default encryption (S3 applies it to every
 * bucket: Amazon S3 User Guide, "Setting default server-side encryption behavior for Amazon S3
 * buckets"), all four public access block flags on ("By default, new buckets, access points, and
 * objects don't allow public access", S3 User Guide, "Configuring block public access settings for
 * your S3 buckets"), versioning never enabled, no lifecycle rules.
 *
 * A KMS key looked up by ID or alias (`kmsKeys`) is a customer managed key of the world's account and
 * region, unless its alias starts with `alias/aws/` (an AWS managed key); when `kmsKeys` is given,
 * looking up any other key fails like DescribeKey of a missing key.
 */
import * as crypto from "crypto";
import type { WorldBucket, WorldKmsKey, WorldPublicAccessBlock, WorldStack, WorldSubnet, WorldVpcEndpoint } from "./worldSchema";

/** A world's parts are typed by the world file's schema (./worldSchema.ts), the one place that says what they may hold. */
export type { WorldBucket, WorldKmsKey, WorldPublicAccessBlock, WorldStack, WorldSubnet, WorldVpcEndpoint } from "./worldSchema";

export interface World {
    accountId: string;
    region: string;
    /** The VPC assumed for subnets and endpoints the world does not describe. */
    defaultVpcId?: string;
    subnets: Record<string, WorldSubnet>;
    vpcEndpoints: Record<string, WorldVpcEndpoint>;
    /** Existing buckets; when listed, looking up any other bucket fails like AWS would. */
    buckets?: string[];
    /** What existing buckets hold (policy, encryption, versioning, lifecycle), by name; see {@link WorldBucket}. */
    bucketSettings?: Record<string, WorldBucket>;
    /** KMS keys by the ID or alias they are looked up with; when listed, looking up any other key fails. See {@link WorldKmsKey}. */
    kmsKeys?: Record<string, WorldKmsKey>;
    /** Existing role names; when listed, looking up any other role fails. */
    roles?: string[];
    /** Existing user names; when listed, looking up any other user fails. */
    users?: string[];
    /**
     * Other Pulumi stacks a program reads through `StackReference`, by fully qualified name
     * (`org/project/stack`); reading any other stack fails like it does in Pulumi.
     */
    stacks?: Record<string, WorldStack>;
}

export const DEFAULT_ACCOUNT_ID = "123456789012";

/** Deterministic hex from a seed: the same names give the same ids on every run. */
export function hexOf(seed: string, length: number): string {
    let out = "";
    // SHA-256 by Node's one-shot `crypto.hash` (Node 20.12+, as the package requires): no Hash object per call.
    for (let i = 0; out.length < length; i++) out += crypto.hash("sha256", `${seed}#${i}`, "hex");
    return out.slice(0, length);
}

export function zoneFromId(region: string, id: string): string {
    const digit = parseInt(id[id.length - 1], 16);
    return `${region}${"abc"[(Number.isNaN(digit) ? 0 : digit) % 3]}`;
}

export function describeSubnet(world: World, id: string): Required<WorldSubnet> {
    const known = world.subnets[id] ?? {};
    return {
        vpcId: known.vpcId ?? world.defaultVpcId ?? `vpc-0${hexOf(`vpc:${id}`, 16)}`,
        availabilityZone: known.availabilityZone ?? zoneFromId(world.region, id),
        routeTableId: known.routeTableId ?? `rtb-0${hexOf(`rtb:${id}`, 16)}`,
        public: known.public ?? false,
    };
}

const ALL_BLOCKED: WorldPublicAccessBlock = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

/** An existing bucket's settings as the look-ups answer them: every part given, its policy as JSON text. */
export interface DescribedBucket {
    policy?: string;
    encryption: NonNullable<WorldBucket["encryption"]>;
    /** `null`: the bucket has no public access block. */
    publicAccessBlock: WorldPublicAccessBlock | null;
    versioning: NonNullable<WorldBucket["versioning"]>;
    lifecycleRules: NonNullable<WorldBucket["lifecycleRules"]>;
}

/** An existing bucket's settings, with the defaults of a bucket created today where the world says nothing. */
export function describeBucket(world: World, name: string): DescribedBucket {
    const known = world.bucketSettings?.[name] ?? {};
    const policy = known.policy === undefined ? undefined : typeof known.policy === "string" ? known.policy : JSON.stringify(known.policy);
    return {
        policy,
        encryption: known.encryption ?? { sseAlgorithm: "AES256" },
        publicAccessBlock: known.publicAccessBlock === undefined ? ALL_BLOCKED : known.publicAccessBlock,
        versioning: known.versioning ?? "Disabled",
        lifecycleRules: known.lifecycleRules ?? [],
    };
}
