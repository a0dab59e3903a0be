/**
 * A picture of a plane from its offline run: resources grouped by component, the trust and
 * permission edges read from the IAM documents (vendor → launch role → runtime role → bucket and
 * key), and the network's routes (subnets by AZ → S3 endpoint, NAT or egress-only gateway).
 * Rendered as Mermaid text (no binary needed) or Graphviz DOT (for SVG).
 */
import { RegisteredResource, revealOrMask } from "../recorded";

export interface DiagramNode { id: string; label: string; external?: boolean }
export interface DiagramGroup { id: string; label: string; nodes: DiagramNode[] }
export interface DiagramEdge { from: string; to: string; label: string }
export interface Diagram { title: string; groups: DiagramGroup[]; loose: DiagramNode[]; edges: DiagramEdge[] }

/** Children that describe another node (bucket settings, rule rows, associations): drawn as that node's edges or not at all. */
const DETAIL = /^aws:(s3\/bucket(PublicAccessBlock|OwnershipControls|ServerSideEncryptionConfiguration|Versioning|Policy|LifecycleConfiguration)|iam\/(rolePolicy|rolePolicyAttachment|userPolicyAttachment|policyAttachment)|ec2\/(routeTableAssociation|route|routeTable)|vpc\/securityGroup(Ingress|Egress)Rule|kms\/alias):/;

interface Statement { Effect?: string; Action?: string | string[]; Resource?: string | string[]; Principal?: unknown; Condition?: Record<string, Record<string, unknown>> }

function doc(value: unknown): Statement[] {
    const raw = revealOrMask(value);
    try {
        const parsed = typeof raw === "string" ? JSON.parse(raw) : raw;
        const s = (parsed as { Statement?: Statement | Statement[] } | undefined)?.Statement;
        return s === undefined ? [] : Array.isArray(s) ? s : [s];
    } catch {
        return [];
    }
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const text = (v: unknown) => (typeof v === "string" ? v : "");

/** "aws:iam/role:Role" → "iam Role". */
function shortType(type: string): string {
    const [pkg, mod, kind] = type.split(":");
    return pkg === "aws" ? `${mod.split("/")[0]} ${kind}` : kind ?? type;
}

function nodeLabel(r: RegisteredResource): string {
    const az = text(r.inputs.availabilityZone);
    const endpoint = r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" ? ` (${text(r.inputs.vpcEndpointType) || "Gateway"} ${text(r.inputs.serviceName).replace(/^(cn\.)?com\.amazonaws\.[a-z0-9-]+\./, "")})` : "";
    return `${shortType(r.type)}${endpoint}\n${r.name}${az ? `\n${az}` : ""}${applicationLabel(r)}`;
}

/** An EMR Serverless application's architecture and cap: `\nARM64, cap 16 vCPU / 64 GB`. */
function applicationLabel(r: RegisteredResource): string {
    if (r.type !== APPLICATION) return "";
    const cap = r.inputs.maximumCapacity as { cpu?: string; memory?: string } | undefined;
    return `\n${text(r.inputs.architecture) || "X86_64"}, ${cap ? `cap ${text(cap.cpu)} / ${text(cap.memory)}` : "no cap"}`;
}

const APPLICATION = "aws:emrserverless/application:Application";

class Builder {
    readonly nodes = new Map<string, DiagramNode>();
    readonly edges: DiagramEdge[] = [];
    readonly byArn = new Map<string, string>();
    readonly byId = new Map<string, string>();
    readonly byRoleName = new Map<string, string>();
    private readonly externals = new Map<string, DiagramNode>();

    external(key: string, label: string): string {
        let n = this.externals.get(key);
        if (!n) {
            n = { id: `x${this.externals.size}`, label, external: true };
            this.externals.set(key, n);
        }
        return n.id;
    }

    externalNodes(): DiagramNode[] {
        return [...this.externals.values()];
    }

    edge(from: string | undefined, to: string | undefined, label: string): void {
        if (!from || !to) return;
        const same = this.edges.find((e) => e.from === from && e.to === to);
        if (!same) return void this.edges.push({ from, to, label });
        // "s3" already says "s3:ListBucket": keep the service, drop its single actions.
        const labels = new Set([...same.label.split(", "), label]);
        same.label = [...labels].filter((l) => !(l.includes(":") && labels.has(l.split(":")[0]))).join(", ");
    }

    /** The node an ARN in a policy names: a resource of the plane, or an outside thing. */
    target(resource: string): string | undefined {
        for (const [arn, id] of this.byArn) if (resource === arn || resource.startsWith(`${arn}/`)) return id;
        if (resource === "*") return undefined;
        const service = resource.split(":")[2] ?? "";
        if (service === "emr-serverless") return this.external("emr-apps", "EMR Serverless applications and job runs");
        if (service === "iam" && /:role\//.test(resource)) return this.external(`role:${resource}`, `role ${resource}`);
        return undefined;
    }
}

/** Edges from one principal's permission statements: `s3`, `kms`, `iam:PassRole`, … to what they name. */
function permissionEdges(b: Builder, from: string, statements: Statement[]): void {
    for (const s of statements) {
        if (s.Effect !== "Allow") continue;
        const actions = list(s.Action).map(String);
        for (const resource of list(s.Resource).map(String)) {
            const to = b.target(resource);
            if (!to || to === from) continue;
            // One action: its name; several: their services.
            const labels = new Set(actions.length === 1 ? actions : actions.map((a) => a.split(":")[0]));
            for (const label of labels) b.edge(from, to, label);
        }
    }
}

/** Edges into a role from the principals its trust policy names. */
function trustEdges(b: Builder, role: string, statements: Statement[]): void {
    for (const s of statements) {
        if (s.Effect !== "Allow") continue;
        const principal = (s.Principal ?? {}) as { AWS?: string | string[]; Service?: string | string[] };
        const externalId = s.Condition?.StringEquals?.["sts:ExternalId"] !== undefined;
        for (const p of list(principal.AWS)) b.edge(b.byArn.get(p) ?? b.external(`p:${p}`, `vendor ${p}`), role, externalId ? "sts:AssumeRole + ExternalId" : "sts:AssumeRole");
        for (const p of list(principal.Service)) b.edge(b.external(`s:${p}`, `service ${p}`), role, "sts:AssumeRole");
    }
}

function indexResources(b: Builder, resources: RegisteredResource[]): void {
    for (const r of resources) {
        if (!r.custom || r.op !== "register" || DETAIL.test(r.type) || r.type.startsWith("pulumi:")) continue;
        const id = `n${b.nodes.size}`;
        b.nodes.set(r.urn, { id, label: nodeLabel(r) });
        const arn = text(r.outputs.arn);
        if (arn) b.byArn.set(arn, id);
        if (r.id) b.byId.set(r.id, id);
        if (r.type === "aws:iam/role:Role") b.byRoleName.set(text(r.outputs.name) || r.id || r.name, id);
    }
}

function iamEdges(b: Builder, resources: RegisteredResource[]): void {
    const policies = new Map(resources.filter((r) => r.type === "aws:iam/policy:Policy").map((r) => [text(r.outputs.arn), doc(r.inputs.policy)]));
    const principal = (r: RegisteredResource) => {
        const role = text(r.inputs.role);
        const user = text(r.inputs.user);
        return role ? b.byRoleName.get(role) ?? b.external(`role:${role}`, `existing role ${role}`) : user ? b.external(`user:${user}`, `existing user ${user}`) : undefined;
    };
    for (const r of resources) {
        if (r.type === "aws:iam/role:Role") {
            const id = b.nodes.get(r.urn)?.id;
            if (!id) continue;
            trustEdges(b, id, doc(r.inputs.assumeRolePolicy));
            for (const inline of list(r.inputs.inlinePolicies as { policy?: unknown }[] | undefined)) permissionEdges(b, id, doc(inline.policy));
        } else if (r.type === "aws:iam/rolePolicy:RolePolicy") {
            const from = principal(r);
            if (from) permissionEdges(b, from, doc(r.inputs.policy));
        } else if (/^aws:iam\/(rolePolicyAttachment|userPolicyAttachment):/.test(r.type)) {
            const from = principal(r);
            const statements = policies.get(text(r.inputs.policyArn));
            if (from && statements) permissionEdges(b, from, statements);
        }
    }
}

function networkEdges(b: Builder, resources: RegisteredResource[]): void {
    const subnetsOf = new Map<string, string[]>();
    for (const r of resources.filter((x) => x.type === "aws:ec2/routeTableAssociation:RouteTableAssociation")) {
        const rt = text(r.inputs.routeTableId);
        subnetsOf.set(rt, [...(subnetsOf.get(rt) ?? []), text(r.inputs.subnetId)]);
    }
    const fromTable = (rt: string) => (subnetsOf.get(rt) ?? []).map((s) => b.byId.get(s)).filter((x): x is string => Boolean(x));
    for (const r of resources) {
        if (r.type === "aws:ec2/vpcEndpoint:VpcEndpoint") {
            for (const rt of list(r.inputs.routeTableIds as string[] | undefined)) for (const s of fromTable(rt)) b.edge(s, b.nodes.get(r.urn)?.id, "S3 prefix list");
            // An interface endpoint has a network interface in each of its subnets; its service's name resolves to it (private DNS).
            for (const subnet of list(r.inputs.subnetIds as string[] | undefined)) b.edge(b.byId.get(subnet), b.nodes.get(r.urn)?.id, "HTTPS (private DNS)");
        } else if (r.type === "aws:ec2/route:Route") {
            const via = text(r.inputs.natGatewayId) || text(r.inputs.egressOnlyGatewayId) || text(r.inputs.gatewayId);
            const dest = text(r.inputs.destinationCidrBlock) || text(r.inputs.destinationIpv6CidrBlock);
            for (const s of fromTable(text(r.inputs.routeTableId))) b.edge(s, b.byId.get(via), dest || "route");
        } else if (r.type === "aws:ec2/natGateway:NatGateway") {
            b.edge(b.nodes.get(r.urn)?.id, b.byId.get(text(r.inputs.allocationId)), "public IPv4");
        }
    }
}

/** An EMR Serverless application's edges: its network interfaces in the plane's subnets, its logs into the bucket. */
function applicationEdges(b: Builder, resources: RegisteredResource[]): void {
    for (const r of resources.filter((x) => x.type === APPLICATION)) {
        const app = b.nodes.get(r.urn)?.id;
        const network = (r.inputs.networkConfiguration ?? {}) as { subnetIds?: string[] };
        for (const subnet of list(network.subnetIds)) b.edge(app, b.byId.get(text(subnet)), "network interfaces");
        const logUri = text((r.inputs.monitoringConfiguration as { s3MonitoringConfiguration?: { logUri?: string } } | undefined)?.s3MonitoringConfiguration?.logUri);
        const bucket = /^s3:\/\/([^/]+)\/(.*)$/.exec(logUri);
        if (bucket) b.edge(app, b.byId.get(bucket[1]), `logs (${bucket[2] || "/"})`);
    }
}

/** The diagram of an offline run's resources. */
export function buildDiagram(title: string, registered: RegisteredResource[]): Diagram {
    // By URN, not registration order (which the SDK's promises may shuffle): the same plan draws the same picture.
    const resources = [...registered].sort((x, y) => (x.urn < y.urn ? -1 : x.urn > y.urn ? 1 : 0));
    const b = new Builder();
    indexResources(b, resources);
    iamEdges(b, resources);
    networkEdges(b, resources);
    applicationEdges(b, resources);
    const groups = new Map<string, DiagramGroup>();
    const loose: DiagramNode[] = [];
    const components = new Map(resources.filter((r) => !r.custom && r.type !== "pulumi:pulumi:Stack").map((r) => [r.urn, r]));
    for (const r of resources) {
        const node = b.nodes.get(r.urn);
        if (!node) continue;
        const parent = r.parent ? components.get(r.parent) : undefined;
        if (!parent) {
            loose.push(node);
            continue;
        }
        const group = groups.get(parent.urn) ?? { id: `g${groups.size}`, label: `${parent.type.split(":").pop()} ${parent.name}`, nodes: [] };
        group.nodes.push(node);
        groups.set(parent.urn, group);
    }
    const byLabel = (x: { label: string }, y: { label: string }) => x.label.localeCompare(y.label);
    return { title, groups: [...groups.values()].sort(byLabel), loose: [...loose, ...b.externalNodes()], edges: b.edges };
}

const mq = (s: string) => s.replace(/"/g, "#quot;").replace(/\n/g, "<br/>");

/** Mermaid flowchart text (renders on GitHub in a ```mermaid block). */
export function toMermaid(d: Diagram): string {
    const node = (n: DiagramNode) => (n.external ? `${n.id}(["${mq(n.label)}"])` : `${n.id}["${mq(n.label)}"]`);
    const lines = ["flowchart LR", `  %% ${d.title}`];
    for (const g of d.groups) {
        lines.push(`  subgraph ${g.id}["${mq(g.label)}"]`);
        for (const n of g.nodes) lines.push(`    ${node(n)}`);
        lines.push("  end");
    }
    for (const n of d.loose) lines.push(`  ${node(n)}`);
    for (const e of d.edges) lines.push(`  ${e.from} -- "${mq(e.label)}" --> ${e.to}`);
    return lines.join("\n") + "\n";
}

const dq = (s: string) => JSON.stringify(s);

/** Graphviz DOT text. */
export function toDot(d: Diagram): string {
    const node = (n: DiagramNode) => `${n.id} [label=${dq(n.label)}${n.external ? ", shape=ellipse, style=dashed" : ""}];`;
    const lines = ["digraph plane {", "  rankdir=LR;", `  label=${dq(d.title)};`, '  node [shape=box, fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
    for (const g of d.groups) {
        lines.push(`  subgraph cluster_${g.id} {`, `    label=${dq(g.label)};`);
        for (const n of g.nodes) lines.push(`    ${node(n)}`);
        lines.push("  }");
    }
    for (const n of d.loose) lines.push(`  ${node(n)}`);
    for (const e of d.edges) lines.push(`  ${e.from} -> ${e.to} [label=${dq(e.label)}];`);
    lines.push("}");
    return lines.join("\n") + "\n";
}

/** SVG through Graphviz compiled to WebAssembly (@viz-js/viz): no binary to install. Loaded only when asked for. */
export async function toSvg(d: Diagram): Promise<string> {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const viz = await (require("@viz-js/viz") as typeof import("@viz-js/viz")).instance();
    return viz.renderString(toDot(d), { format: "svg" });
}
