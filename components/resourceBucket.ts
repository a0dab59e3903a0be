import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BUCKET_PARTS, BucketPart, ExistingBucket, ExistingBucketEncryption, ExistingPublicAccessBlock, adoptedPartStatus, checkAdoption, lookupExistingBucket } from "./adoptedBucket";
import { ChildOptions, hardeningParts } from "./bucketHardening";
import { accountManagedKeyPolicy, arn, toJson } from "./iam";
import * as v from "./validation";

export { BUCKET_PARTS, BucketPart, ExistingBucket } from "./adoptedBucket";

/** What `verifyAdoptedParts` read of an adopted bucket, for the policy pack to judge like a created bucket's parts. */
export interface VerifiedBucketParts {
    /** Its public access block; absent when it has none. */
    publicAccessBlock?: ExistingPublicAccessBlock;
    /** Its default-encryption rules. */
    encryption: ExistingBucketEncryption[];
    /** `Enabled`, `Suspended` or `Disabled`. */
    versioning: string;
    /** Its bucket policy (JSON), `""` when it has none. */
    policy: string;
}

export interface ResourceBucketArgs {
    /**
     * Name of a new bucket. Defaults to a generated, globally unique name
     * (`<component name>-<random suffix>`). Conflicts with `existingBucketName`.
     */
    bucketName?: pulumi.Input<string>;
    /**
     * Adopt this existing bucket (for example the EMR-on-EC2 logging bucket of a shared plane)
     * instead of creating one: no bucket is created, and nothing it has is changed but the parts
     * listed in `manageAdoptedParts`. Defaults to creating a new bucket.
     */
    existingBucketName?: pulumi.Input<string>;
    /**
     * Prefix of a generated bucket name (S3 appends a unique suffix); at most 37 characters.
     * Conflicts with `bucketName` and `existingBucketName`. Defaults to Pulumi auto-naming
     * from the component name.
     */
    bucketNamePrefix?: string;
    /**
     * Hardening parts to manage on an adopted bucket, of `publicAccessBlock`, `ownershipControls`,
     * `encryption`, `versioning`, `tlsPolicy` and `lifecycle`; every other part is kept as it is.
     * `tlsPolicy` is merged into the bucket's policy (its statements kept); the others replace the
     * bucket's own setting, and a change that would weaken it (SSE-KMS to SSE-S3, dropping its
     * lifecycle rules) is refused. A plain list: it decides which resources exist. Only with
     * `existingBucketName`. Defaults to `[]` (the adopted bucket is left exactly as it is).
     */
    manageAdoptedParts?: BucketPart[];
    /**
     * What the adopted bucket holds today, from `ResourceBucket.lookupExisting`; pass it so
     * a refused change fails before any resource is registered. Only with `existingBucketName`.
     * Defaults to looking it up inside the component (a refusal then fails the update).
     */
    existing?: ExistingBucket;
    /**
     * Read the adopted bucket's public access block, bucket policy, default encryption and versioning
     * (read-only, at preview) and publish them as `verifiedParts`, so the policy pack judges the parts
     * kept as they are like a created bucket's, instead of reporting them unverified. Needs the read
     * permissions listed in docs/adoption.md (the policy only from the bucket owner's account). Only
     * with `existingBucketName`. Defaults to `false`.
     */
    verifyAdoptedParts?: boolean;
    /**
     * Default encryption: `"none"` for SSE-S3 (no key to pay for), `"create"` for a new
     * customer-managed KMS key with rotation, or the ARN of an existing key. With a key, the
     * bucket uses SSE-KMS with an S3 bucket key. An Output (another resource's key) must resolve to a
     * key ARN. Defaults to `"none"`.
     */
    kmsKey?: pulumi.Input<string>;
    /** Days after which objects under `logs/` expire. 1–3650, defaults to 30. */
    logRetentionDays?: number;
    /** Days after which noncurrent object versions expire. 1–3650, defaults to 30. */
    noncurrentVersionRetentionDays?: number;
    /** Days after which incomplete multipart uploads are aborted. 1–365, defaults to 7. */
    abortIncompleteUploadDays?: number;
    /**
     * Keep the bucket, its key and its hardening in AWS on `pulumi destroy` (they leave the
     * stack, the logs stay). Defaults to `true`. An adopted bucket's parts are always retained.
     */
    retainOnDelete?: boolean;
    /** Tags for the bucket and key. Defaults to none. */
    tags?: Record<string, string>;
}

/**
 * S3 bucket for EMR Serverless job logs (`logs/`) and staged files (`staging/`), hardened:
 * public access blocked, ACLs disabled, default encryption, versioning, TLS-only bucket policy,
 * lifecycle rules. Creates a bucket, or adopts an existing one.
 */
export class ResourceBucket extends pulumi.ComponentResource {
    /** The bucket's name. */
    public readonly bucketName: pulumi.Output<string>;
    /** The bucket's ARN. */
    public readonly bucketArn: pulumi.Output<string>;
    /** ARN of the bucket's KMS key; `undefined` when the bucket uses SSE-S3. */
    public readonly kmsKeyArn: pulumi.Output<string> | undefined;
    /**
     * For an adopted bucket whose kept default encryption is SSE-KMS with a customer managed key and
     * no `kmsKey` given: that key's ARN, which the roles may use through S3 for this bucket only
     * (their `bucketDefaultKeyArn`); `""` when the adopted bucket has no such key. `undefined` for a
     * created bucket, or when `kmsKey` is given.
     */
    public readonly defaultKeyArn: pulumi.Output<string> | undefined;
    /** With `verifyAdoptedParts`: what was read of the adopted bucket's parts; `undefined` otherwise. */
    public readonly verifiedParts: pulumi.Output<VerifiedBucketParts> | undefined;
    /** Whether the bucket was adopted rather than created. */
    public readonly adopted: boolean;
    /**
     * For an adopted bucket, per hardening part: `kept as is`, `merged (N existing statements kept)`
     * or `managed`; `undefined` for a created bucket (every part managed).
     */
    public readonly adoptedParts: pulumi.Output<Record<string, string>> | undefined;

    /**
     * Reads what an adopted bucket holds that the parts to manage depend on (its policy; its
     * encryption, versioning and lifecycle) and refuses a weakening change, naming the field.
     * Call it before creating any resource; pass the result as `existing`.
     */
    public static async lookupExisting(args: ResourceBucketArgs, opts?: pulumi.InvokeOptions,
        field = (f: string) => `args.${f}`): Promise<ExistingBucket> {
        const cfg = validateResourceBucketArgs(args, field);
        const adopted = v.knownNow(args.existingBucketName);
        if (adopted === undefined) throw new v.ValidationError(field("existingBucketName"), "must be a plain name (not an Output) to look the adopted bucket up before anything is registered");
        const existing = await lookupExistingBucket(adopted, cfg.manage.includes("tlsPolicy"), opts, { verify: cfg.verifyAdoptedParts, field });
        checkAdoption(existing, adoptionPlan(cfg), field);
        return existing;
    }

    constructor(name: string, args: ResourceBucketArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("emr-dataplane:index:ResourceBucket", name, {}, opts);
        const cfg = validateResourceBucketArgs(args);
        const partition = aws.getPartitionOutput({}, { parent: this }).partition;
        const child = { parent: this, retainOnDelete: cfg.adopted ? true : cfg.retainOnDelete };

        const { bucketName, bucketArn, existing } = theBucket(name, cfg, args, child);
        const kmsKeyArn = theKey(name, cfg, bucketName, partition, args.tags, child);
        hardeningParts(name, cfg, { bucketName, kmsKeyArn, partition, existing }, child);

        this.bucketName = bucketName;
        this.bucketArn = cfg.existingBucketName ? bucketArn : pulumi.all([partition, bucketName]).apply(([p, b]) => arn.bucket(p, b));
        this.kmsKeyArn = kmsKeyArn;
        this.adopted = cfg.adopted;
        this.adoptedParts = existing?.apply((e) => adoptedPartStatus(e, cfg.manage));
        this.defaultKeyArn = existing && cfg.kmsKey === "none" ? existing.apply((e) => (e.defaultKey && !e.defaultKey.awsManaged ? e.defaultKey.keyArn : "")) : undefined;
        this.verifiedParts = existing && cfg.verifyAdoptedParts ? existing.apply(verifiedPartsOf) : undefined;
        this.registerOutputs({
            bucketName: this.bucketName, bucketArn: this.bucketArn, kmsKeyArn: this.kmsKeyArn, adoptedParts: this.adoptedParts,
            defaultKeyArn: this.defaultKeyArn, verifiedParts: this.verifiedParts,
        });
    }
}

/** The bucket: the adopted one (looked up, its holdings checked against the plan), else a new one. */
function theBucket(name: string, cfg: ResourceBucketSettings, args: ResourceBucketArgs, child: ChildOptions):
    { bucketName: pulumi.Output<string>; bucketArn: pulumi.Output<string>; existing?: pulumi.Output<ExistingBucket> } {
    const parent = { parent: child.parent };
    if (cfg.existingBucketName) {
        const existing = checkedExisting(cfg, args.existing, parent);
        const found = aws.s3.getBucketOutput({ bucket: cfg.existingBucketName }, parent);
        return { bucketName: found.bucket, bucketArn: found.arn, existing };
    }
    const bucket = new aws.s3.Bucket(`${name}-bucket`, {
        bucket: cfg.bucketName,
        bucketPrefix: cfg.bucketNamePrefix,
        forceDestroy: false,
        tags: args.tags,
    }, child);
    return { bucketName: bucket.bucket, bucketArn: bucket.arn };
}

/** ARN of the bucket's KMS key: a new one (`"create"`), the given one, or `undefined` for SSE-S3. */
function theKey(name: string, cfg: ResourceBucketSettings, bucketName: pulumi.Output<string>, partition: pulumi.Output<string>,
    tags: Record<string, string> | undefined, child: ChildOptions): pulumi.Output<string> | undefined {
    if (cfg.kmsKey === "create") {
        const accountId = aws.getCallerIdentityOutput({}, { parent: child.parent }).accountId;
        const key = new aws.kms.Key(`${name}-key`, {
            description: pulumi.interpolate`Default encryption of the EMR Serverless resource bucket ${bucketName}`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: pulumi.all([partition, accountId]).apply(([p, a]) => toJson(accountManagedKeyPolicy(p, a))),
            tags,
        }, child);
        return key.arn;
    }
    if (cfg.kmsKey !== "none") return pulumi.output(cfg.kmsKey) as pulumi.Output<string>;
    return undefined;
}

/**
 * What the adopted bucket holds (passed in, else looked up), checked against the plan: a refused
 * change fails here, before any child when `given` is known, else when the look-up resolves.
 */
function checkedExisting(cfg: ResourceBucketSettings, given: ExistingBucket | undefined, opts: pulumi.InvokeOptions): pulumi.Output<ExistingBucket> {
    const plan = adoptionPlan(cfg);
    const field = (f: string) => `args.${f}`;
    if (given) checkAdoption(given, plan, field);
    const found = given ? pulumi.output(given) : cfg.existingBucketName!.apply((n) => lookupExistingBucket(n, cfg.manage.includes("tlsPolicy"), opts, { verify: cfg.verifyAdoptedParts }));
    return found.apply((e) => {
        checkAdoption(e, plan, field);
        return e;
    });
}

/** What {@link checkAdoption} compares with the adopted bucket. */
function adoptionPlan(cfg: ResourceBucketSettings) {
    const kmsKeyArn = typeof cfg.kmsKey === "string" && cfg.kmsKey !== "none" && cfg.kmsKey !== "create" ? cfg.kmsKey : undefined;
    return { manage: cfg.manage, kms: cfg.kmsKey !== "none", kmsKeyArn };
}

/** The parts the pack judges, from what was read (a bucket without a policy reads as `""`). */
function verifiedPartsOf(e: ExistingBucket): VerifiedBucketParts {
    if (!e.settings || e.policy === undefined) throw new Error(`the adopted bucket ${e.bucketName} was not read for verifyAdoptedParts: pass an \`existing\` from ResourceBucket.lookupExisting with verifyAdoptedParts set, or none`);
    const { publicAccessBlock } = e.settings;
    return { ...(publicAccessBlock ? { publicAccessBlock } : {}), encryption: e.settings.encryption, versioning: e.settings.versioning, policy: e.policy };
}

/** The validated, defaulted form of {@link ResourceBucketArgs}. */
export interface ResourceBucketSettings {
    bucketName?: pulumi.Output<string>;
    existingBucketName?: pulumi.Output<string>;
    bucketNamePrefix?: string;
    adopted: boolean;
    /** The parts to manage: all of them for a created bucket, the opted-in ones for an adopted bucket. */
    manage: BucketPart[];
    /** `"none"`, `"create"`, or a key ARN (an Output when given as one, checked when known). */
    kmsKey: pulumi.Input<string>;
    logRetentionDays: number;
    noncurrentVersionRetentionDays: number;
    abortIncompleteUploadDays: number;
    retainOnDelete: boolean;
    /** Whether the adopted bucket's parts are read for the pack to judge. */
    verifyAdoptedParts: boolean;
}

/** Validates and defaults {@link ResourceBucketArgs}; throws a {@link v.ValidationError} naming the field. */
export function validateResourceBucketArgs(args: ResourceBucketArgs, field = (f: string) => `args.${f}`): ResourceBucketSettings {
    v.exclusive({
        [field("bucketName")]: args.bucketName,
        [field("existingBucketName")]: args.existingBucketName,
        [field("bucketNamePrefix")]: args.bucketNamePrefix,
    }, true);
    if (args.bucketNamePrefix !== undefined && !/^[a-z0-9][a-z0-9.-]{0,36}$/.test(args.bucketNamePrefix)) {
        throw new v.ValidationError(field("bucketNamePrefix"), `must be 1-37 lowercase letters, digits, dots and hyphens, starting with a letter or digit, got ${JSON.stringify(args.bucketNamePrefix)}`);
    }
    const bucketName = v.checkedOptional(args.bucketName, (b) => v.bucketName(field("bucketName"), b));
    const existingBucketName = v.checkedOptional(args.existingBucketName, (b) => v.bucketName(field("existingBucketName"), b));
    if ((args as { skipParts?: unknown }).skipParts !== undefined) {
        throw new v.ValidationError(field("skipParts"), `was replaced by ${field("manageAdoptedParts")}: an adopted bucket now keeps every part as it is unless you list it there (opt-in)`);
    }
    const optedIn = args.manageAdoptedParts ?? [];
    if (optedIn.length > 0 && args.existingBucketName === undefined) {
        throw new v.ValidationError(field("manageAdoptedParts"), `only applies to an adopted bucket (set ${field("existingBucketName")}); a new bucket always gets every hardening part`);
    }
    v.stringList(field("manageAdoptedParts"), optedIn, (f, p) => v.oneOf(f, p, BUCKET_PARTS));
    if (args.verifyAdoptedParts !== undefined && typeof args.verifyAdoptedParts !== "boolean") {
        throw new v.ValidationError(field("verifyAdoptedParts"), `must be true or false, got ${JSON.stringify(args.verifyAdoptedParts)}`);
    }
    if (args.verifyAdoptedParts && args.existingBucketName === undefined) {
        throw new v.ValidationError(field("verifyAdoptedParts"), `only applies to an adopted bucket (set ${field("existingBucketName")}); the pack judges a created bucket's parts from the resources it registers`);
    }
    const adoptedName = v.knownNow(args.existingBucketName);
    if (args.existing !== undefined && adoptedName !== undefined && args.existing.bucketName !== adoptedName) {
        throw new v.ValidationError(field("existing"), `describes bucket ${JSON.stringify(args.existing.bucketName)}, not the adopted ${JSON.stringify(adoptedName)}`);
    }
    if (args.kmsKey === "create" && args.existingBucketName !== undefined && !optedIn.includes("encryption")) {
        throw new v.ValidationError(field("kmsKey"), `"create" makes a key for the bucket's default encryption, but the adopted bucket's encryption is kept as is: ` +
            `add "encryption" to ${field("manageAdoptedParts")}, or give the key the bucket already uses (its ARN)`);
    }
    const kmsKeyChoice = (key: unknown, known: boolean): string => {
        if (known && (key === "none" || key === "create")) return key;
        try {
            return v.kmsKeyArn(field("kmsKey"), key);
        } catch {
            throw new v.ValidationError(field("kmsKey"), `must be "none", "create" or a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got ${JSON.stringify(key)}` +
                (known ? "" : ` ("none" and "create" must be given as plain values, not as an Output)`));
        }
    };
    const kmsKeyInput = args.kmsKey ?? "none";
    const kmsKey = v.isKnown(kmsKeyInput) ? kmsKeyChoice(kmsKeyInput, true) : v.checked(kmsKeyInput, (k) => kmsKeyChoice(k, false));
    return {
        bucketName,
        existingBucketName,
        bucketNamePrefix: args.bucketNamePrefix,
        adopted: args.existingBucketName !== undefined,
        manage: args.existingBucketName !== undefined ? [...new Set(optedIn)] : [...BUCKET_PARTS],
        kmsKey,
        logRetentionDays: v.integerInRange(field("logRetentionDays"), args.logRetentionDays ?? 30, 1, 3650),
        noncurrentVersionRetentionDays: v.integerInRange(field("noncurrentVersionRetentionDays"), args.noncurrentVersionRetentionDays ?? 30, 1, 3650),
        abortIncompleteUploadDays: v.integerInRange(field("abortIncompleteUploadDays"), args.abortIncompleteUploadDays ?? 7, 1, 365),
        retainOnDelete: args.retainOnDelete ?? true,
        verifyAdoptedParts: args.verifyAdoptedParts ?? false,
    };
}
