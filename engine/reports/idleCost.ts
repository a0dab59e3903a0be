/**
 * What a plane costs per month while no job runs, from the resources it registers (never from
 * config keys: a NAT gateway costs the same whichever key asked for it). The prices, and every
 * sentence quoting them, are the vocabulary's (vocabulary/prices.ts).
 */
import { HOURS_PER_MONTH, PRICES, PRICE_SOURCE, dollars } from "../../vocabulary/prices";
import { RegisteredResource } from "../recorded";

export { HOURS_PER_MONTH, PRICES, PRICE_SOURCE };

export interface CostLine {
    /** What is priced: "NAT gateway", "KMS key", … */
    item: string;
    /** How many of them the plane registers. */
    count: number;
    /** US dollars per month while idle, for all of them. */
    monthly: number;
    /** The URNs of the resources priced. */
    urns: string[];
    /** How the number was computed. */
    basis: string;
}

export interface IdleCost {
    /** US dollars per month, rounded to cents. */
    monthly: number;
    lines: CostLine[];
    source: string;
}

type Pricer = (r: RegisteredResource) => { item: string; monthly: number; basis: string } | undefined;

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** A worker size such as "4 vCPU" or "16 GB" as a number. */
function amount(v: unknown): number {
    const n = parseFloat(String(v ?? "0"));
    return Number.isFinite(n) ? n : 0;
}

/** Pre-initialized EMR Serverless workers, billed while the application is started (only when auto-stop is off is that "always"). */
function preInitialized(r: RegisteredResource) {
    const capacities = (r.inputs.initialCapacities ?? []) as { initialCapacityConfig?: { workerCount?: number; workerConfiguration?: { cpu?: string; memory?: string } } }[];
    const autoStop = r.inputs.autoStopConfiguration as { enabled?: boolean } | undefined;
    if (!Array.isArray(capacities) || capacities.length === 0 || autoStop?.enabled !== false) return undefined;
    let hourly = 0;
    for (const c of capacities) {
        const cfg = c.initialCapacityConfig ?? {};
        hourly += (cfg.workerCount ?? 0) * (amount(cfg.workerConfiguration?.cpu) * PRICES.emrServerlessVcpuHour + amount(cfg.workerConfiguration?.memory) * PRICES.emrServerlessGbHour);
    }
    return { item: "EMR Serverless pre-initialized workers (auto-stop off)", monthly: hourly * HOURS_PER_MONTH, basis: `workers × (vCPU × ${dollars(PRICES.emrServerlessVcpuHour)} + GB × ${dollars(PRICES.emrServerlessGbHour)}) per hour` };
}

const PRICERS: Record<string, Pricer> = {
    "aws:ec2/natGateway:NatGateway": () => ({ item: "NAT gateway", monthly: PRICES.natGatewayHour * HOURS_PER_MONTH, basis: `${dollars(PRICES.natGatewayHour)} per hour` }),
    "aws:ec2/eip:Eip": () => ({ item: "Elastic IP (public IPv4)", monthly: PRICES.publicIpv4Hour * HOURS_PER_MONTH, basis: `${dollars(PRICES.publicIpv4Hour)} per hour` }),
    "aws:ec2/vpcEndpoint:VpcEndpoint": (r) => {
        if (str(r.inputs.vpcEndpointType) !== "Interface") return undefined;
        const azs = Math.max(1, (r.inputs.subnetIds as unknown[] | undefined)?.length ?? 1);
        return { item: "interface VPC endpoint (per AZ)", monthly: azs * PRICES.interfaceEndpointAzHour * HOURS_PER_MONTH, basis: `${azs} AZ × ${dollars(PRICES.interfaceEndpointAzHour)} per hour` };
    },
    "aws:kms/key:Key": () => ({ item: "KMS key", monthly: PRICES.kmsKeyMonth, basis: `${dollars(PRICES.kmsKeyMonth)} per month` }),
    "aws:secretsmanager/secret:Secret": () => ({ item: "Secrets Manager secret", monthly: PRICES.secretMonth, basis: `${dollars(PRICES.secretMonth)} per month` }),
    "aws:ssm/parameter:Parameter": (r) => (str(r.inputs.tier) === "Advanced"
        ? { item: "SSM advanced parameter", monthly: PRICES.advancedParameterMonth, basis: `${dollars(PRICES.advancedParameterMonth)} per month` } : undefined),
    "aws:emrserverless/application:Application": preInitialized,
};

const cents = (n: number) => Math.round(n * 100) / 100;

/** The idle monthly cost of the resources a plane registers (reads are things that exist already: not priced). */
export function idleCost(resources: RegisteredResource[]): IdleCost {
    const lines = new Map<string, CostLine>();
    for (const r of resources) {
        if (r.op !== "register") continue;
        const priced = PRICERS[r.type]?.(r);
        if (!priced) continue;
        const line = lines.get(priced.item) ?? { item: priced.item, count: 0, monthly: 0, urns: [], basis: priced.basis };
        line.count += 1;
        line.monthly += priced.monthly;
        line.urns.push(r.urn);
        lines.set(priced.item, line);
    }
    // The most expensive first (and by name for equal prices): the same plan always reads the same.
    const list = [...lines.values()].map((l) => ({ ...l, monthly: cents(l.monthly), urns: [...l.urns].sort() }))
        .sort((a, b) => b.monthly - a.monthly || a.item.localeCompare(b.item));
    return { monthly: cents(list.reduce((sum, l) => sum + l.monthly, 0)), lines: list, source: PRICE_SOURCE };
}

/** "US$1.00/month idle (KMS key US$1.00)" or "US$0.00/month idle (nothing billed while idle)". */
export function idleCostLine(cost: IdleCost): string {
    const parts = cost.lines.map((l) => `${l.item}${l.count > 1 ? ` ×${l.count}` : ""} US$${l.monthly.toFixed(2)}`);
    return `US$${cost.monthly.toFixed(2)}/month idle (${parts.length ? parts.join(", ") : "nothing billed while idle"})`;
}
