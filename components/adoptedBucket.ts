/**
 * Adopting an existing bucket without rewriting what it has: which hardening parts exist, what the
 * bucket holds today (read through provider look-ups), and the refusal of any change that would
 * weaken it. Used by {@link ResourceBucket}; pure (the reading is ./adoptedBucketRead.ts).
 */
import { TLS_ONLY_SID, parseBucketPolicy } from "./iam";
import { ExistingBucket } from "./adoptedBucketRead";
import * as v from "./validation";

export {
    ExistingBucket, ExistingBucketEncryption, ExistingBucketKey, ExistingBucketSettings, ExistingPublicAccessBlock, lookupExistingBucket, settingsFromCloudControl,
} from "./adoptedBucketRead";

/** The hardening parts the component manages around a bucket. */
export const BucketPart = {
    /** All four public-access-block flags. */
    PublicAccessBlock: "publicAccessBlock",
    /** Object ownership `BucketOwnerEnforced` (ACLs disabled). */
    OwnershipControls: "ownershipControls",
    /** Default encryption (SSE-KMS with a bucket key, or SSE-S3). */
    Encryption: "encryption",
    /** Versioning enabled. */
    Versioning: "versioning",
    /** A bucket policy that denies requests without TLS (merged into an adopted bucket's policy). */
    TlsPolicy: "tlsPolicy",
    /** Lifecycle rules: expire `logs/`, abort incomplete uploads, expire noncurrent versions. */
    Lifecycle: "lifecycle",
} as const;
export type BucketPart = (typeof BucketPart)[keyof typeof BucketPart];
/** Every bucket part, in the order above. */
export const BUCKET_PARTS: readonly BucketPart[] = Object.values(BucketPart);

/**
 * What each opt-in replaces on an adopted bucket (the adoption table of docs/adoption.md is generated from it).
 * S3 keeps one configuration of each kind per bucket, so managing a part replaces the bucket's own.
 */
export const ADOPTED_PART_EFFECT: Record<BucketPart, string> = {
    publicAccessBlock: "replaces the bucket's public access block with all four flags on (public ACLs and public policies stop working)",
    ownershipControls: "sets BucketOwnerEnforced: ACLs are disabled (S3 refuses it while the bucket has ACL grants other than the owner's)",
    encryption: "replaces the default encryption (SSE-KMS with the bucket key when a key is set, else SSE-S3); refused when it would turn SSE-KMS into SSE-S3",
    versioning: "turns versioning on; S3 cannot return a bucket to unversioned, only suspend it",
    tlsPolicy: "merges the DenyInsecureTransport statement into the existing bucket policy; every other statement is kept exactly",
    lifecycle: "replaces the whole lifecycle configuration with ours; refused while the bucket has lifecycle rules of its own",
};

/** Lifecycle rule ids the component writes (a bucket holding only these is ours to rewrite). */
export const OWN_LIFECYCLE_RULE_IDS = ["expire-logs", "abort-incomplete-multipart-uploads", "expire-noncurrent-versions"] as const;

/** The plan for an adopted bucket that {@link checkAdoption} compares with what exists. */
export interface AdoptionPlan {
    manage: readonly BucketPart[];
    /** Whether our encryption uses a KMS key (`kmsKey` is `create` or a key ARN). */
    kms: boolean;
    /** The key ARN given as `kmsKey`, when it is known now. */
    kmsKeyArn?: string;
}

/**
 * Refuses a managed part that would weaken or delete what the adopted bucket has: SSE-KMS (or
 * DSSE-KMS) replaced by a weaker default encryption, and lifecycle rules of its own dropped by
 * ours. Versioning needs no check: the component only ever turns it on. Throws a ValidationError
 * naming the field (`kmsKey`, `manageAdoptedParts`) through `field`.
 */
export function checkAdoption(existing: ExistingBucket, plan: AdoptionPlan, field: (f: string) => string): void {
    const s = existing.settings;
    if (!s) return;
    const bucket = existing.bucketName;
    if (plan.manage.includes("encryption")) {
        const rank = (algorithm: string) => ({ "aws:kms:dsse": 2, "aws:kms": 1 } as Record<string, number>)[algorithm] ?? 0;
        const strongest = [...s.encryption].sort((a, b) => rank(b.sseAlgorithm) - rank(a.sseAlgorithm))[0];
        const ours = plan.kms ? "aws:kms" : "AES256";
        if (strongest && rank(strongest.sseAlgorithm) > rank(ours)) {
            const key = strongest.kmsMasterKeyId ? ` with key ${strongest.kmsMasterKeyId}` : "";
            throw new v.ValidationError(field("kmsKey"), `the adopted bucket ${bucket} encrypts with ${strongest.sseAlgorithm}${key}; managing its "encryption" ` +
                `with ${ours === "AES256" ? "SSE-S3 (AES256)" : "SSE-KMS"} would weaken it: ${plan.kms ? "keep its encryption as is" : "set this to the bucket's key ARN"}, ` +
                `or leave "encryption" out of ${field("manageAdoptedParts")}`);
        }
    }
    // The bucket keeps its own encryption: a different key given as kmsKey would be granted to the roles
    // while S3 goes on encrypting new objects with the bucket's key, which the roles could then not use.
    const own = existing.defaultKey;
    if (!plan.manage.includes("encryption") && own && !own.awsManaged && plan.kmsKeyArn !== undefined && plan.kmsKeyArn !== own.keyArn) {
        throw new v.ValidationError(field("kmsKey"), `names ${plan.kmsKeyArn}, but the adopted bucket ${bucket} encrypts new objects with its own key ${own.keyArn} ` +
            `and its encryption is kept as is: set this to ${own.keyArn} (or leave it unset: the roles then use that key through S3 only), ` +
            `or add "encryption" to ${field("manageAdoptedParts")} to switch the bucket to the key given`);
    }
    if (plan.manage.includes("lifecycle")) {
        const foreign = s.lifecycleRuleIds.filter((id) => !(OWN_LIFECYCLE_RULE_IDS as readonly string[]).includes(id));
        if (foreign.length > 0) {
            throw new v.ValidationError(field("manageAdoptedParts"), `"lifecycle" would delete the ${foreign.length} lifecycle rule(s) the adopted bucket ${bucket} ` +
                `has (${foreign.map((id) => JSON.stringify(id)).join(", ")}): S3 replaces a lifecycle configuration as a whole; leave "lifecycle" out and keep the bucket's own rules`);
        }
    }
}

/** Per part, what happens to it: `kept as is`, `merged (…)` (the TLS-only statement) or `managed`. */
export function adoptedPartStatus(existing: ExistingBucket, manage: readonly BucketPart[]): Record<string, string> {
    const status: Record<string, string> = {};
    for (const part of BUCKET_PARTS) {
        if (!manage.includes(part)) status[part] = "kept as is";
        else if (part === "tlsPolicy") {
            const others = (parseBucketPolicy(existing.policy || undefined)?.Statement ?? []).filter((st) => st.Sid !== TLS_ONLY_SID).length;
            status[part] = `merged (${others} existing statement${others === 1 ? "" : "s"} kept)`;
        } else status[part] = "managed";
    }
    return status;
}
