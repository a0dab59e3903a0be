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
    rolePolicyAttachmentsExclusive: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
    userPolicyAttachmentsExclusive: "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
    groupPolicyAttachmentsExclusive: "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive",
    nativeRole: "aws-native:iam:Role",
    nativeRolePolicy: "aws-native:iam:RolePolicy",
    nativeUserPolicy: "aws-native:iam:UserPolicy",
    nativeGroupPolicy: "aws-native:iam:GroupPolicy",
    nativeManagedPolicy: "aws-native:iam:ManagedPolicy",
    nativeUser: "aws-native:iam:User",
    nativeGroup: "aws-native:iam:Group",
} as const;

/** Attachment types: which property names the policy and which the principals. */
const ATTACHMENTS: Record<string, { principals: (p: Record<string, unknown>) => string[] }> = {
    [TYPES.rolePolicyAttachment]: { principals: (p) => asArray(knownString(p.role)) },
    [TYPES.userPolicyAttachment]: { principals: (p) => asArray(knownString(p.user)).map((u) => `user:${u}`) },
    [TYPES.groupPolicyAttachment]: { principals: (p) => asArray(knownString(p.group)).map((g) => `group:${g}`) },
    [TYPES.rolePolicyAttachmentsExclusive]: { principals: (p) => asArray(knownString(p.roleName)) },
    [TYPES.userPolicyAttachmentsExclusive]: { principals: (p) => asArray(knownString(p.userName)).map((u) => `user:${u}`) },
    [TYPES.groupPolicyAttachmentsExclusive]: { principals: (p) => asArray(knownString(p.groupName)).map((g) => `group:${g}`) },
    [TYPES.policyAttachment]: {
        principals: (p) => [
            ...asArray(p.roles as unknown[]).map(knownString).filter((x): x is string => !!x),
            ...asArray(p.users as unknown[]).map(knownString).filter((x): x is string => !!x).map((u) => `user:${u}`),
            ...asArray(p.groups as unknown[]).map(knownString).filter((x): x is string => !!x).map((g) => `group:${g}`),
        ],
    },
};

/**
 * The stack, indexed once: by URN, by type, by parent, by dependency, and each principal's identity
 * documents. Every lookup the rules make is a map access, so checking a stack costs time linear
 * in its size (bench/check.bench.ts measures 10,000 and 100,000 resources).
 */
export class StackModel {
    public readonly byUrn: Map<string, StackResource>;
    private readonly byType = new Map<string, StackResource[]>();
    private readonly children = new Map<StackResource, StackResource[]>();

    constructor(public readonly resources: StackResource[]) {
        // Loops, not a list of pairs and rest arguments: a big stack has tens of thousands of resources
        // (and indexed ones: ./statements.ts says why).
        this.byUrn = new Map();
        for (let i = 0; i < resources.length; i++) {
            const r = resources[i];
            this.byUrn.set(r.urn, r);
            push(this.byType, r.type, r);
            if (r.parent) push(this.children, r.parent, r);
        }
    }

    ofType(...types: string[]): StackResource[] {
        return types.length === 1 ? this.byType.get(types[0]) ?? [] : types.flatMap((t) => this.byType.get(t) ?? []);
    }

    /** The direct children of a resource (a component's parts). */
    childrenOf(resource: StackResource): StackResource[] {
        return this.children.get(resource) ?? [];
    }

    /** Whether `resource` sits (at any depth) under a component of `componentType`. */
    within(resource: StackResource, componentType: string): boolean {
        for (let p = resource.parent; p; p = p.parent) if (p.type === componentType) return true;
        return false;
    }

    /** The resources that depend on `resource`. */
    dependents(resource: StackResource): StackResource[] {
        if (!this.dependentsIndex) {
            this.dependentsIndex = new Map();
            for (const r of this.resources) for (const d of new Set(r.dependencies)) push(this.dependentsIndex, d, r);
        }
        return this.dependentsIndex.get(resource.urn) ?? [];
    }

    private dependentsIndex?: Map<string, StackResource[]>;

    roles(): RoleView[] {
        // @pulumi/aws roles name themselves `name`, aws-native ones `roleName`.
        this.roleViews ??= this.ofType(TYPES.role, TYPES.nativeRole).map((resource) => {
            const trust = readSites(resource.type, resource.props).find((d) => d.site.kind === "trust")?.read;
            return { resource, arn: knownString(resource.props.arn), name: knownString(resource.props.name) ?? knownString(resource.props.roleName), trust };
        });
        return this.roleViews;
    }

    private roleViews?: RoleView[];

    /** The role with this ARN, if the stack has it. */
    roleWithArn(arn: string | undefined): RoleView | undefined {
        if (arn === undefined) return undefined;
        this.rolesByArn ??= new Map(this.roles().filter((r) => r.arn).map((r) => [r.arn!, r]));
        return this.rolesByArn.get(arn);
    }

    private rolesByArn?: Map<string, RoleView>;

    /**
     * Every identity document in the stack with the principals holding it. A managed policy is
     * matched to its attachments by ARN, or by dependency when the ARN is not known yet.
     */
    identityDocuments(): IdentityDocument[] {
        this.identity ??= this.findIdentityDocuments();
        return this.identity;
    }

    private identity?: IdentityDocument[];

    /** The identity documents held by any of `holders` (role names or ARNs, `user:…`, `group:…`). */
    documentsHeldBy(holders: string[]): IdentityDocument[] {
        if (!this.byHolder) {
            this.byHolder = new Map();
            for (const d of this.identityDocuments()) for (const h of new Set(d.holders)) push(this.byHolder, h, d);
        }
        const out = new Set<IdentityDocument>();
        for (const h of holders) for (const d of this.byHolder.get(h) ?? []) out.add(d);
        return [...out];
    }

    private byHolder?: Map<string, IdentityDocument[]>;

    private findIdentityDocuments(): IdentityDocument[] {
        const attached = this.attachmentIndex();
        const out: IdentityDocument[] = [];
        const resources = this.resources;
        for (let i = 0; i < resources.length; i++) {
            const resource = resources[i];
            const sites = readSites(resource.type, resource.props);
            for (let j = 0; j < sites.length; j++) {
                const { site, read } = sites[j];
                if (site.kind !== "identity") continue;
                out.push({ resource, site, read, holders: this.holdersOf(resource, attached) });
            }
        }
        return out;
    }

    /** Principals holding each managed policy: by its ARN, and (ARN unknown) by the URN an attachment depends on. */
    private attachmentIndex() {
        const byArn = new Map<string, string[]>();
        const byDependency = new Map<string, string[]>();
        const resources = this.resources;
        for (let i = 0; i < resources.length; i++) {
            const r = resources[i];
            const attachment = ATTACHMENTS[r.type];
            if (attachment) {
                const arns = asArray((r.props.policyArns ?? r.props.policyArn) as unknown[]).map(knownString);
                const principals = attachment.principals(r.props);
                for (let a = 0; a < arns.length; a++) {
                    const policyArn = arns[a];
                    if (policyArn) for (let p = 0; p < principals.length; p++) push(byArn, policyArn, principals[p]);
                }
                if (arns.some((a) => a === undefined)) for (const d of new Set(r.dependencies)) for (const p of principals) push(byDependency, d, p);
            } else if (r.type === TYPES.role) {
                for (const arn of new Set(asArray(r.props.managedPolicyArns as unknown[]).map(knownString))) if (arn) push(byArn, arn, knownString(r.props.name) ?? r.name);
            }
        }
        return { byArn, byDependency };
    }

    private holdersOf(resource: StackResource, attached: ReturnType<StackModel["attachmentIndex"]>): string[] {
        const p = resource.props;
        switch (resource.type) {
            case TYPES.role: return asArray(knownString(p.name) ?? resource.name);
            case TYPES.rolePolicy: return asArray(knownString(p.role));
            case TYPES.userPolicy: return asArray(knownString(p.user)).map((u) => `user:${u}`);
            case TYPES.groupPolicy: return asArray(knownString(p.group)).map((g) => `group:${g}`);
            case TYPES.policy: {
                const arn = knownString(p.arn);
                return [...(arn ? attached.byArn.get(arn) ?? [] : []), ...(attached.byDependency.get(resource.urn) ?? [])];
            }
            case TYPES.nativeRole: return asArray(knownString(p.roleName) ?? resource.name);
            case TYPES.nativeRolePolicy: return asArray(knownString(p.roleName));
            case TYPES.nativeUserPolicy: return asArray(knownString(p.userName)).map((u) => `user:${u}`);
            case TYPES.nativeGroupPolicy: return asArray(knownString(p.groupName)).map((g) => `group:${g}`);
            case TYPES.nativeUser: return asArray(knownString(p.userName) ?? resource.name).map((u) => `user:${u}`);
            case TYPES.nativeGroup: return asArray(knownString(p.groupName) ?? resource.name).map((g) => `group:${g}`);
            case TYPES.nativeManagedPolicy: return [
                ...asArray(p.roles as unknown[]).map(knownString).filter((x): x is string => !!x),
                ...asArray(p.users as unknown[]).map(knownString).filter((x): x is string => !!x).map((u) => `user:${u}`),
                ...asArray(p.groups as unknown[]).map(knownString).filter((x): x is string => !!x).map((g) => `group:${g}`),
            ];
            // An attachment's own documents are the AWS managed policies it attaches.
            default: return ATTACHMENTS[resource.type]?.principals(p) ?? [];
        }
    }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}

const models = new WeakMap<object, StackModel>();

/**
 * Where a harness that builds the stack's model itself, from the resources it holds
 * (engine/check/analyze.ts), hands it to the pack's stack rules, beside `resources`: on 10,000
 * resources, making every resource object of `@pulumi/policy`'s shape only for the model to be
 * made from them again was a tenth of a check's analysis (bench/check.bench.ts).
 */
export const STACK_MODEL: unique symbol = Symbol("emr-dataplane stack model");

/** A stack rule's arguments: its resources, and the model when the harness gave it ({@link STACK_MODEL}). */
export interface StackArgs {
    resources: PolicyResource[];
    [STACK_MODEL]?: StackModel;
}

/** The model a stack rule judges: the one the harness gave, else that of the resources `@pulumi/policy` hands it. */
export function stackModelOfArgs(args: StackArgs): StackModel {
    return args[STACK_MODEL] ?? stackModelOf(args.resources);
}

/**
 * The model of resources as a harness records them — parent and dependencies by URN — with each
 * one's `props[i]` (outputs): made as {@link stackModelOf} makes it from `@pulumi/policy`'s resource
 * objects, which name only parents and dependencies within the stack.
 */
export function stackModelOfRecords(records: readonly { type: string; name: string; urn: string; parent?: string; dependencies?: readonly string[] }[], props: Record<string, unknown>[]): StackModel {
    const urns = new Set<string>();
    for (let i = 0; i < records.length; i++) urns.add(records[i].urn);
    const resources: StackResource[] = records.map((r, i) => {
        const dependencies: string[] = [];
        const given = r.dependencies;
        if (given) for (let d = 0; d < given.length; d++) if (urns.has(given[d])) dependencies.push(given[d]);
        return { type: r.type, name: r.name, urn: r.urn, props: plainProps(props[i]), dependencies };
    });
    // The last resource of a URN is its parent, as in the resource objects' own index.
    const byUrn = new Map<string, StackResource>();
    for (let i = 0; i < resources.length; i++) byUrn.set(resources[i].urn, resources[i]);
    for (let i = 0; i < records.length; i++) {
        const parent = records[i].parent ? byUrn.get(records[i].parent!) : undefined;
        if (parent) resources[i].parent = parent;
    }
    return new StackModel(resources);
}

/** Makes `model` the model of `resources` (a list made from it), so that {@link stackModelOf} gives that very model. */
export function setStackModel(resources: PolicyResource[], model: StackModel): void {
    models.set(resources, model);
}

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
