/**
 * S3 ACLs: a canned ACL or a grant that opens a bucket or object to everyone
 * ("Access control list (ACL) overview" in the S3 user guide: the AllUsers and AuthenticatedUsers
 * groups, and the public-read, public-read-write and authenticated-read canned ACLs), wherever it
 * is set — a bucket's legacy `acl`/`grants`, BucketAcl(V2), an object — and a bucket whose ACL is
 * set by two resources (whichever is applied last wins).
 */
import { Finding, resourceRule, stackRule } from "../model/rule";
import { asArray, knownString } from "../model/values";

export const ACL_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2",
    "aws:s3/bucketObject:BucketObject", "aws:s3/bucketObjectv2:BucketObjectv2", "aws:s3/objectCopy:ObjectCopy"];
const PUBLIC_CANNED = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GROUPS = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)$/;

/** The public parts of a resource's ACL settings, said the way a message names them. */
function publicParts(props: Record<string, unknown>): string[] {
    const out: string[] = [];
    const canned = knownString(props.acl);
    if (canned && PUBLIC_CANNED.includes(canned)) out.push(`acl ${JSON.stringify(canned)}`);
    const grantees = [
        ...asArray(props.grants as Record<string, unknown>[]).map((g) => g?.uri),
        ...asArray((props.accessControlPolicy as { grants?: { grantee?: { uri?: unknown } }[] } | undefined)?.grants).map((g) => g?.grantee?.uri),
    ];
    for (const uri of grantees.map(knownString)) if (uri && PUBLIC_GROUPS.test(uri)) out.push(`a grant to ${uri}`);
    return out;
}

export const s3AclNotPublic = resourceRule({
    name: "s3-acl-not-public",
    description: "No bucket or object ACL admits everyone: no `public-read`, `public-read-write` or `authenticated-read` canned ACL " +
        "and no grant to the AllUsers or AuthenticatedUsers group, in a bucket's legacy `acl`/`grants`, a BucketAcl(V2) or an object.",
    remediation: "Use the private canned ACL (or none: BucketOwnerEnforced disables ACLs) and grant access with bucket policies or access points.",
    types: ACL_TYPES,
    check: (props) => publicParts(props).map((p) => `${p} opens the data to everyone; remove it (BucketOwnerEnforced, and grants by policy instead)`),
});

export const bucketAclOneSource = stackRule({
    name: "bucket-acl-one-source",
    description: "A bucket's ACL is set in one place: its legacy inline `acl`/`grants` or one BucketAcl(V2) resource, not several " +
        "(each overwrites the other on every update, so the effective ACL is whichever ran last).",
    remediation: "Keep one ACL resource per bucket (BucketAclV2, or none with BucketOwnerEnforced) and drop the inline acl/grants.",
    check: (model) => {
        const sources = new Map<string, string[]>();
        const add = (bucket: string | undefined, what: string) => { if (bucket) sources.set(bucket, [...(sources.get(bucket) ?? []), what]); };
        for (const b of model.ofType("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")) {
            if (knownString(b.props.acl) !== undefined || asArray(b.props.grants as unknown[]).length) add(knownString(b.props.bucket), `${b.name} (inline acl/grants)`);
        }
        for (const a of model.ofType("aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2")) add(knownString(a.props.bucket), a.name);
        const findings: Finding[] = [];
        for (const [bucket, list] of sources) if (list.length > 1) findings.push({ message: `bucket ${bucket}: its ACL is set by ${list.join(" and ")}; each overwrites the other, so keep one` });
        return findings;
    },
});
