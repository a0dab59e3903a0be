/**
 * The stack as the stack-level rules see it: every resource with its outputs, and the IAM facts
 * that span resources — which roles exist (by ARN), which identity documents each principal
 * holds (inline, `RolePolicy`, or a `Policy` through its attachments and `managedPolicyArns`),
 * and which resources belong to which component.
 */
import type { PolicyResource } from "@pulumi/policy";
import { DocumentRead, DocumentSite, readSites } from "./documents";
import { asArray, knownString, plainProps } from "./values";

export interface StackResource {
    type: string;
    name: string;
    urn: string;
    /** Outputs (stack checks see outputs, as the engine gives them). */
    props: Record<string, unknown>;
    parent?: StackResource;
    /** URNs this resource depends on. */
    dependencies: string[];
}

export interface RoleView {
    resource: StackResource;
    arn?: string;
    name?: string;
    trust?: DocumentRead;
}

/** An identity document and the principals that hold it (role names/ARNs, `user:…`, `group:…`). */
export interface IdentityDocument {
    resource: StackResource;
    site: DocumentSite;
    read: DocumentRead;
    holders: string[];
}

export const TYPES = {
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    userPolicy: "aws:iam/userPolicy:UserPolicy",
    groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
    policy: "aws:iam/policy:Policy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    groupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
} as const;

/** Attachment types: which property names the policy and which the principals. */
const ATTACHMENTS: Record<string, { principals: (p: Record<string, unknown>) => string[] }> = {
    [TYPES.rolePolicyAttachment]: { principals: (p) => asArray(knownString(p.role)) },
    [TYPES.userPolicyAttachment]: { principals: (p) => asArray(knownString(p.user)).map((u) => `user:${u}`) },
    [TYPES.groupPolicyAttachment]: { principals: (p) => asArray(knownString(p.group)).map((g) => `group:${g}`) },
    [TYPES.policyAttachment]: {
        principals: (p) => [
            ...asArray(p.roles as unknown[]).map(knownString).filter((x): x is string => !!x),
            ...asArray(p.users as unknown[]).map(knownString).filter((x): x is string => !!x).map((u) => `user:${u}`),
            ...asArray(p.groups as unknown[]).map(knownString).filter((x): x is string => !!x).map((g) => `group:${g}`),
        ],
    },
};

export class StackModel {
    public readonly byUrn: Map<string, StackResource>;

    constructor(public readonly resources: StackResource[]) {
        this.byUrn = new Map(resources.map((r) => [r.urn, r]));
    }

    ofType(...types: string[]): StackResource[] {
        return this.resources.filter((r) => types.includes(r.type));
    }

    /** Whether `resource` sits (at any depth) under a component of `componentType`. */
    within(resource: StackResource, componentType: string): boolean {
        for (let p = resource.parent; p; p = p.parent) if (p.type === componentType) return true;
        return false;
    }

    /** The resources that depend on `resource`. */
    dependents(resource: StackResource): StackResource[] {
        return this.resources.filter((r) => r.dependencies.includes(resource.urn));
    }

    roles(): RoleView[] {
        this.roleViews ??= this.ofType(TYPES.role).map((resource) => {
            const trust = readSites(resource.type, resource.props).find((d) => d.site.kind === "trust")?.read;
            return { resource, arn: knownString(resource.props.arn), name: knownString(resource.props.name), trust };
        });
        return this.roleViews;
    }

    private roleViews?: RoleView[];

    /**
     * Every identity document in the stack with the principals holding it. A managed policy is
     * matched to its attachments by ARN, or by dependency when the ARN is not known yet.
     */
    identityDocuments(): IdentityDocument[] {
        this.identity ??= this.findIdentityDocuments();
        return this.identity;
    }

    private identity?: IdentityDocument[];

    private findIdentityDocuments(): IdentityDocument[] {
        const out: IdentityDocument[] = [];
        for (const resource of this.resources) {
            for (const { site, read } of readSites(resource.type, resource.props)) {
                if (site.kind !== "identity") continue;
                out.push({ resource, site, read, holders: this.holdersOf(resource) });
            }
        }
        return out;
    }

    private holdersOf(resource: StackResource): string[] {
        const p = resource.props;
        switch (resource.type) {
            case TYPES.role: return asArray(knownString(p.name) ?? resource.name);
            case TYPES.rolePolicy: return asArray(knownString(p.role));
            case TYPES.userPolicy: return asArray(knownString(p.user)).map((u) => `user:${u}`);
            case TYPES.groupPolicy: return asArray(knownString(p.group)).map((g) => `group:${g}`);
            case TYPES.policy: return this.policyHolders(resource);
            default: return [];
        }
    }

    private policyHolders(policy: StackResource): string[] {
        const arn = knownString(policy.props.arn);
        const holders: string[] = [];
        for (const r of this.resources) {
            const attachment = ATTACHMENTS[r.type];
            if (attachment) {
                const policyArn = knownString(r.props.policyArn);
                if (policyArn ? policyArn === arn : r.dependencies.includes(policy.urn)) holders.push(...attachment.principals(r.props));
            } else if (r.type === TYPES.role && arn && asArray(r.props.managedPolicyArns as unknown[]).includes(arn)) {
                holders.push(knownString(r.props.name) ?? r.name);
            }
        }
        return holders;
    }
}

const models = new WeakMap<object, StackModel>();

/** The model of the resources `@pulumi/policy` hands a stack policy (built once per analysis). */
export function stackModelOf(resources: PolicyResource[]): StackModel {
    const cached = models.get(resources);
    if (cached) return cached;
    const converted = new Map<PolicyResource, StackResource>();
    const convert = (r: PolicyResource): StackResource => {
        let s = converted.get(r);
        if (!s) {
            s = { type: r.type, name: r.name, urn: r.urn, props: plainProps(r.props), dependencies: r.dependencies.map((d) => d.urn) };
            converted.set(r, s);
            if (r.parent) s.parent = convert(r.parent);
        }
        return s;
    };
    const model = new StackModel(resources.map(convert));
    models.set(resources, model);
    return model;
}
