/**
 * Rules on S3 and KMS: buckets have all their hardening (public access block with all four
 * flags, default encryption, a TLS-only bucket policy, versioning), and a key policy hands
 * `kms:*` only to its own account.
 */
import { expandAction } from "../model/actions";
import { ParsedDocument, accountOf, allows, coversAction, isAccountRoot, readDocument, readSites } from "../model/documents";
import { Finding, resourceRule, stackRule } from "../model/rule";
import { StackModel, StackResource } from "../model/stackModel";
import { asArray, isUnknown, knownString } from "../model/values";

export const S3_TYPES = {
    buckets: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    encryption: ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"],
    versioning: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
    policy: ["aws:s3/bucketPolicy:BucketPolicy"],
};

/** The component whose adopted bucket the stack hardens (its `bucketName` output names it). */
export const RESOURCE_BUCKET_COMPONENT = "emr-dataplane:index:ResourceBucket";

const PAB_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

function publicAccessBlockProblems(props: Record<string, unknown>): string[] {
    const off = PAB_FLAGS.filter((f) => props[f] !== true && !isUnknown(props[f]));
    return off.length ? [`public access block leaves ${off.join(", ")} off; set all four of ${PAB_FLAGS.join(", ")} to true`] : [];
}

export const s3PublicAccessBlockComplete = resourceRule({
    name: "s3-public-access-block-complete",
    remediation: "Set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true.",
    description: "A bucket public access block sets all four flags (blockPublicAcls, blockPublicPolicy, ignorePublicAcls, " +
        "restrictPublicBuckets) to true.",
    types: S3_TYPES.publicAccessBlock,
    check: (props) => publicAccessBlockProblems(props),
});

/** Whether a bucket policy denies every S3 request to `bucket` (and its objects) made without TLS. */
export function isTlsOnly(document: ParsedDocument, bucket: string | undefined): boolean {
    // A Deny narrowed by another condition (aws:SourceVpc, aws:PrincipalAccount, …) or by NotPrincipal protects only part of the requests.
    return document.statements.some((s) => s.effect === "Deny"
        && (s.principal?.any || s.principal?.aws.includes("*")) && !s.notPrincipal
        && s.conditions.every((c) => c.key === "aws:securetransport")
        && coversAction(s, "s3:GetObject") && coversAction(s, "s3:PutObject") && coversAction(s, "s3:ListBucket")
        && s.conditions.some((c) => c.key === "aws:securetransport" && /^Bool(IfExists)?$/.test(c.operator) && c.values.includes("false"))
        && (bucket === undefined || (s.resources ?? []).some((r) => r.endsWith(`:::${bucket}`) || r === "*"))
        && (bucket === undefined || (s.resources ?? []).some((r) => r.endsWith(`:::${bucket}/*`) || r === "*")));
}

interface BucketUnderCheck {
    name?: string;
    /** The bucket resource (created) or the component that adopted it. */
    anchor: StackResource;
    adopted: boolean;
    /** What the component read of an adopted bucket's own parts (`verifyAdoptedParts`), when it did. */
    verified?: Record<string, unknown>;
}

function resourceBuckets(model: StackModel): BucketUnderCheck[] {
    const created = model.ofType(...S3_TYPES.buckets).map((b) => ({ name: knownString(b.props.bucket) ?? knownString(b.props.id), anchor: b, adopted: false }));
    const adopted = model.ofType(RESOURCE_BUCKET_COMPONENT)
        .filter((c) => !model.childrenOf(c).some((r) => S3_TYPES.buckets.includes(r.type)))
        .map((c) => {
            const verified = c.props.verifiedParts;
            return { name: knownString(c.props.bucketName), anchor: c, adopted: true, ...(verified && typeof verified === "object" && !Array.isArray(verified) ? { verified: verified as Record<string, unknown> } : {}) };
        });
    return [...created, ...adopted];
}

const partIndexes = new WeakMap<StackModel, Map<string, { byName: Map<string, StackResource[]>; byDependency: Map<string, StackResource[]> }>>();

/** Resources of `type` by the bucket they name, and (bucket name unknown) by the URNs they depend on: built once per stack and type. */
function partIndex(model: StackModel, type: string) {
    let perType = partIndexes.get(model);
    if (!perType) partIndexes.set(model, (perType = new Map()));
    let index = perType.get(type);
    if (!index) {
        index = { byName: new Map(), byDependency: new Map() };
        for (const r of model.ofType(type)) {
            const target = knownString(r.props.bucket);
            if (target !== undefined) index.byName.set(target, [...(index.byName.get(target) ?? []), r]);
            for (const d of new Set(r.dependencies)) index.byDependency.set(d, [...(index.byDependency.get(d) ?? []), r]);
        }
        perType.set(type, index);
    }
    return index;
}

/** Resources of `types` that configure `bucket`: by bucket name, or by depending on the bucket when its name is unknown. */
function partsFor(model: StackModel, bucket: BucketUnderCheck, types: string[]): StackResource[] {
    return types.flatMap((type) => {
        const index = partIndex(model, type);
        const named = bucket.name !== undefined ? index.byName.get(bucket.name) ?? [] : [];
        const unnamed = bucket.adopted ? [] : (index.byDependency.get(bucket.anchor.urn) ?? [])
            .filter((r) => knownString(r.props.bucket) === undefined || bucket.name === undefined);
        return [...new Set([...named, ...unnamed])];
    });
}

type Part = "public access block" | "default encryption" | "TLS-only bucket policy" | "versioning";
type PartState = { part: Part; state: "ok" | "missing" | "wrong" | "unreadable"; why?: string; read?: boolean };

/**
 * An adopted bucket's part the stack does not manage, judged from what the component read of the
 * bucket itself (`verifyAdoptedParts`): the same verdicts as for a created bucket's resources.
 */
function readPart(part: Part, verified: Record<string, unknown>, bucket: string | undefined): PartState | undefined {
    const at = (why: string) => `${why} (read from the bucket)`;
    if (part === "public access block") {
        // Read with the encryption in one Cloud Control read: absent means the bucket has none.
        const pab = verified.publicAccessBlock as Record<string, unknown> | null | undefined;
        if (!Array.isArray(verified.encryption)) return undefined;
        if (pab === undefined || pab === null) return { part, state: "missing", read: true };
        const problems = publicAccessBlockProblems(pab);
        return problems.length ? { part, state: "wrong", why: at(problems[0]), read: true } : { part, state: "ok", read: true };
    }
    if (part === "default encryption") {
        if (!Array.isArray(verified.encryption)) return undefined;
        const algorithms = (verified.encryption as Record<string, unknown>[]).map((e) => e?.sseAlgorithm);
        if (algorithms.length === 0) return { part, state: "missing", read: true };
        return algorithms.every((a) => typeof a === "string" && /^(AES256|aws:kms|aws:kms:dsse)$/.test(a)) ? { part, state: "ok", read: true }
            : { part, state: "wrong", why: at(`sseAlgorithm ${JSON.stringify(algorithms)} is not AES256 or aws:kms`), read: true };
    }
    if (part === "versioning") {
        if (typeof verified.versioning !== "string") return undefined;
        return verified.versioning === "Enabled" ? { part, state: "ok", read: true }
            : verified.versioning === "Disabled" ? { part, state: "missing", read: true }
                : { part, state: "wrong", why: at(`versioning status is ${JSON.stringify(verified.versioning)}, not "Enabled"`), read: true };
    }
    if (typeof verified.policy !== "string") return undefined;
    if (verified.policy === "") return { part, state: "missing", read: true };
    const read = readDocument(verified.policy);
    if (read.status !== "ok") return { part, state: "wrong", why: at(`its bucket policy cannot be read as a policy document (${read.status})`), read: true };
    return isTlsOnly(read.document, bucket) ? { part, state: "ok", read: true }
        : { part, state: "wrong", why: at("its bucket policy has no Deny of s3:* to \"*\" on the bucket and its objects when aws:SecureTransport is false"), read: true };
}

/** Each hardening part of a bucket: present and right, present but wrong (with why), or missing; an adopted bucket's own parts as read, when they were. */
function hardening(model: StackModel, bucket: BucketUnderCheck): PartState[] {
    const parts = managedHardening(model, bucket);
    const verified = bucket.verified;
    if (!verified) return parts;
    return parts.map((h) => (h.state === "missing" ? readPart(h.part, verified, bucket.name) ?? h : h));
}

/** Each hardening part of a bucket as the resources of the stack set it. */
function managedHardening(model: StackModel, bucket: BucketUnderCheck): PartState[] {
    const props = bucket.adopted ? {} : bucket.anchor.props;
    const pab = partsFor(model, bucket, S3_TYPES.publicAccessBlock);
    const pabProblems = pab.map((r) => publicAccessBlockProblems(r.props));
    const encryption = partsFor(model, bucket, S3_TYPES.encryption);
    const algorithms = [
        ...encryption.flatMap((r) => asArray(r.props.rules as Record<string, any>[])),
        ...asArray((props.serverSideEncryptionConfiguration as Record<string, any> | undefined)?.rule),
    ].map((rule) => rule?.applyServerSideEncryptionByDefault?.sseAlgorithm);
    const versioning = partsFor(model, bucket, S3_TYPES.versioning);
    const statuses = [
        ...versioning.map((r) => (r.props.versioningConfiguration as Record<string, unknown> | undefined)?.status),
        ...((props.versioning as Record<string, unknown> | undefined)?.enabled === true ? ["Enabled"] : (props.versioning as Record<string, unknown> | undefined)?.enabled === false ? ["Suspended"] : []),
    ];
    const policies = partsFor(model, bucket, S3_TYPES.policy).flatMap((r) => readSites(r.type, r.props).map((d) => d.read));
    const readable = policies.filter((p): p is Extract<typeof p, { status: "ok" }> => p.status === "ok");
    const inlinePolicy = readDocument(props.policy);
    if (props.policy !== undefined && inlinePolicy.status === "ok") readable.push(inlinePolicy);
    return [
        pab.length === 0 ? { part: "public access block", state: "missing" }
            : pabProblems.some((p) => p.length > 0) ? { part: "public access block", state: "wrong", why: pabProblems.find((p) => p.length > 0)![0] } : { part: "public access block", state: "ok" },
        algorithms.length > 0 && algorithms.every((a) => typeof a === "string" && /^(AES256|aws:kms|aws:kms:dsse)$/.test(a) || isUnknown(a)) ? { part: "default encryption", state: "ok" }
            : algorithms.length ? { part: "default encryption", state: "wrong", why: `sseAlgorithm ${JSON.stringify(algorithms)} is not AES256 or aws:kms` } : { part: "default encryption", state: "missing" },
        readable.length > 1 ? { part: "TLS-only bucket policy", state: "wrong", why: `${readable.length} resources set the bucket policy (a BucketPolicy and the bucket's inline policy, or two BucketPolicy resources); S3 keeps one policy per bucket, so whichever is applied last replaces the other — keep one` }
            : readable.some((p) => isTlsOnly(p.document, bucket.name)) ? { part: "TLS-only bucket policy", state: "ok" }
            : policies.some((p) => p.status === "unknown" || p.status === "secret") ? { part: "TLS-only bucket policy", state: "unreadable" }
                : policies.length ? { part: "TLS-only bucket policy", state: "wrong", why: "its bucket policy has no Deny of s3:* to \"*\" on the bucket and its objects when aws:SecureTransport is false" }
                    : { part: "TLS-only bucket policy", state: "missing" },
        statuses.length > 0 && statuses.every((s) => s === "Enabled" || isUnknown(s)) ? { part: "versioning", state: "ok" }
            // A second resource that suspends what the first enabled wins as often as not: the effective result is not "Enabled".
            : statuses.length ? { part: "versioning", state: "wrong", why: `versioning status is ${statuses.map((x) => JSON.stringify(x)).join(" and ")}, not "Enabled" in every resource that sets it` } : { part: "versioning", state: "missing" },
    ];
}

const HOW: Record<Part, string> = {
    "public access block": "add an aws.s3.BucketPublicAccessBlock with all four flags true",
    "default encryption": "add an aws.s3.BucketServerSideEncryptionConfiguration (AES256, or aws:kms with the bucket key)",
    "TLS-only bucket policy": "add a bucket policy that denies s3:* to \"*\" when aws:SecureTransport is false",
    "versioning": "add an aws.s3.BucketVersioning with status Enabled",
};

/** How to fix a part an adopted bucket lacks: let the stack manage it (the owner may also set it themselves). */
const ADOPTED_HOW: Record<Part, string> = {
    "public access block": "add publicAccessBlock to adoptedBucketManagedParts, or block public access on the bucket",
    "default encryption": "add encryption to adoptedBucketManagedParts, or set default encryption on the bucket",
    "TLS-only bucket policy": "add tlsPolicy to adoptedBucketManagedParts (it is merged into the bucket's policy)",
    "versioning": "add versioning to adoptedBucketManagedParts, or enable versioning on the bucket",
};

function bucketLabel(b: BucketUnderCheck): string {
    return `${b.adopted ? "adopted bucket" : "bucket"} ${b.name ?? b.anchor.name}`;
}

export const resourceBucketHardened = stackRule({
    name: "resource-bucket-hardened",
    remediation: "Attach each missing part with one resource each: a full public access block, default encryption, a TLS-only bucket policy, versioning Enabled; remove resources that configure the same part twice.",
    description: "Every bucket the stack creates, and the bucket a ResourceBucket adopts, has its hardening attached in the same " +
        "stack: a public access block with all four flags, default encryption, a TLS-only bucket policy, versioning enabled. " +
        "Parts an adopted bucket leaves to its owner (not in `adoptedBucketManagedParts`) are judged from what was read of the bucket " +
        "when the stack verifies them (`verifyAdoptedParts`), else not failed here (see adopted-bucket-hardening-unverified).",
    check: (model) => {
        const findings: Finding[] = [];
        for (const bucket of resourceBuckets(model)) {
            for (const h of hardening(model, bucket)) {
                if (h.state === "wrong") findings.push({ urn: bucket.anchor.urn, message: `${bucketLabel(bucket)}: ${h.part} is wrong: ${h.why}` });
                if (h.state === "missing" && (!bucket.adopted || h.read)) findings.push({ urn: bucket.anchor.urn, message: `${bucketLabel(bucket)} has no ${h.part}${h.read ? " (read from the bucket)" : ""}; ${bucket.adopted ? ADOPTED_HOW[h.part] : HOW[h.part]}` });
            }
        }
        return findings;
    },
});

export const adoptedBucketHardeningUnverified = stackRule({
    name: "adopted-bucket-hardening-unverified",
    remediation: "Set verifyAdoptedParts so the pack judges the adopted bucket's own parts, confirm the bucket already has the part, or let the stack manage it (add it to adoptedBucketManagedParts).",
    description: "Names the hardening parts of an adopted resource bucket that the stack neither manages (not in `adoptedBucketManagedParts`) " +
        "nor verifies (`verifyAdoptedParts` reads them at preview): the pack makes no cloud calls, so it cannot pass or fail them. " +
        "Advisory: confirm the bucket already has them, verify them, or let the stack manage them.",
    enforcementLevel: "advisory",
    check: (model) => resourceBuckets(model).filter((b) => b.adopted).flatMap((bucket) => hardening(model, bucket)
        .filter((h) => h.state === "missing" && !h.read)
        .map((h) => ({ urn: bucket.anchor.urn, message: `${bucketLabel(bucket)}: the stack does not manage its ${h.part}, so the pack cannot verify it; make sure the bucket has it, let the stack read it (verifyAdoptedParts) or manage it (a ResourceBucket's manageAdoptedParts, the stack's adoptedBucketManagedParts)` }))),
});

const KEY_TYPES = ["aws:kms/key:Key", "aws:kms/keyPolicy:KeyPolicy"];

const keyIndexes = new WeakMap<StackModel, Map<string, StackResource>>();
/** The stack's keys by key id, id and ARN. */
function keysById(model: StackModel): Map<string, StackResource> {
    let index = keyIndexes.get(model);
    if (!index) {
        index = new Map();
        for (const k of model.ofType("aws:kms/key:Key")) for (const v of [k.props.keyId, k.props.id, k.props.arn]) if (typeof v === "string") index.set(v, k);
        keyIndexes.set(model, index);
    }
    return index;
}

/** The account a key (or key policy) belongs to, from its ARN or the key it names. */
function keyAccount(model: StackModel, r: StackResource): string | undefined {
    const own = knownString(r.props.arn) ?? knownString(r.props.keyId);
    if (own && accountOf(own)) return accountOf(own);
    const keyId = knownString(r.props.keyId);
    const key = keyId === undefined ? undefined : keysById(model).get(keyId);
    return key ? accountOf(knownString(key.props.arn) ?? "") : undefined;
}

export const kmsKeyAdminOwnAccount = stackRule({
    name: "kms-key-admin-own-account",
    remediation: "Give kms:* in the key policy to arn:aws:iam::<the key's account>:root only; grant other accounts the key actions they need.",
    description: "A key policy gives `kms:*` only to the root of the key's own account: the AWS default key policy, which lets IAM " +
        "policies in that account grant use of the key (that is how the roles get the bucket key). Another account's root with " +
        "`kms:*` would administer the key from outside.",
    check: async (model) => {
        const findings: Finding[] = [];
        for (const r of model.ofType(...KEY_TYPES)) {
            const account = keyAccount(model, r);
            if (!account) continue;
            for (const { read } of readSites(r.type, r.props)) {
                if (read.status !== "ok") continue;
                for (const s of allows(read.document)) {
                    const admin = (await Promise.all((s.actions ?? []).map(expandAction))).some((e) => e.wholeServices.length > 0);
                    const foreign = (s.principal?.aws ?? []).filter((p) => isAccountRoot(p) && accountOf(p) !== account);
                    if (admin && foreign.length) findings.push({ urn: r.urn, message: `policy: ${s.label} gives kms:* to ${foreign.join(", ")}, not the key's own account ${account}; give it to arn:aws:iam::${account}:root only` });
                }
            }
        }
        return findings;
    },
});
