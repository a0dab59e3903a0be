/**
 * What a plane costs per month while no job runs, and the most each of its EMR Serverless
 * applications can cost per hour at its maximum capacity (the spend cap in money), from the
 * resources it registers (never from config keys: a NAT gateway costs the same whichever key asked
 * for it). The prices, and every sentence quoting them, are the vocabulary's (vocabulary/prices.ts).
 */
import { CPU_SIZE_PATTERN, DISK_SIZE_PATTERN, MEMORY_SIZE_PATTERN, sizeOf } from "../../vocabulary/emrServerless";
import { EMR_SERVERLESS_RATES, EMR_SERVERLESS_RATE_NOTE, EmrServerlessArchitecture, HOURS_PER_MONTH, PRICES, PRICE_SOURCE, dollars } from "../../vocabulary/prices";
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
    /** The plane's EMR Serverless applications: what each can cost per hour at most. */
    applications: ApplicationCost[];
}

/** The money side of one EMR Serverless application's settings. */
export interface ApplicationCost {
    urn: string;
    name: string;
    /** `ARM64` or `X86_64` (the API's default when unset). */
    architecture: EmrServerlessArchitecture;
    /** Its maximum capacity; `undefined` when it sets none (the service's own default applies, not documented). */
    maximumCapacity?: { vcpu: number; memoryGb: number; diskGb?: number };
    /** US dollars per hour with every vCPU and GB of the cap in use: the most it can cost; `undefined` without a cap. */
    hourlyCeiling?: number;
    /** US dollars per hour its pre-initialized workers cost while the application is started (0 without any). */
    preInitializedHourly: number;
    /** Minutes it stays started without jobs; `undefined` when auto-stop is off (started until stopped). */
    idleTimeoutMinutes?: number;
    /** The rates used, per vCPU-hour and GB-hour, and how sure they are. */
    rates: { vcpuHour: number; gbHour: number };
    note: string;
}

type Pricer = (r: RegisteredResource) => { item: string; monthly: number; basis: string } | undefined;

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** A worker size such as "4 vCPU" or "16 GB" as a number. */
function amount(v: unknown): number {
    const n = parseFloat(String(v ?? "0"));
    return Number.isFinite(n) ? n : 0;
}

type Capacities = { initialCapacityConfig?: { workerCount?: number; workerConfiguration?: { cpu?: string; memory?: string } } }[];

/** An application's architecture as it will be billed: `X86_64` unless it says `ARM64` (the API's default, "Amazon EMR Serverless architecture options"). */
function architectureOf(r: RegisteredResource): EmrServerlessArchitecture {
    return str(r.inputs.architecture) === "ARM64" ? "ARM64" : "X86_64";
}

/** What an application's pre-initialized workers cost per hour while it is started ("Pre-initialized capacity": billed even idle). */
function preInitializedHourly(r: RegisteredResource): number {
    const capacities = (r.inputs.initialCapacities ?? []) as Capacities;
    const rate = EMR_SERVERLESS_RATES[architectureOf(r)];
    let hourly = 0;
    for (const c of Array.isArray(capacities) ? capacities : []) {
        const cfg = c.initialCapacityConfig ?? {};
        hourly += (cfg.workerCount ?? 0) * (amount(cfg.workerConfiguration?.cpu) * rate.vcpuHour + amount(cfg.workerConfiguration?.memory) * rate.gbHour);
    }
    return hourly;
}

/** Pre-initialized EMR Serverless workers, billed while the application is started: idle cost when auto-stop is off (then it is "always"). */
function preInitialized(r: RegisteredResource) {
    const autoStop = r.inputs.autoStopConfiguration as { enabled?: boolean } | undefined;
    const hourly = preInitializedHourly(r);
    if (hourly === 0 || autoStop?.enabled !== false) return undefined;
    const rate = EMR_SERVERLESS_RATES[architectureOf(r)];
    return { item: "EMR Serverless pre-initialized workers (auto-stop off)", monthly: hourly * HOURS_PER_MONTH, basis: `workers × (vCPU × ${dollars(rate.vcpuHour)} + GB × ${dollars(rate.gbHour)}) per hour, placeholder rates` };
}

/** The money side of each EMR Serverless application the plane registers. */
export function applicationCosts(resources: RegisteredResource[]): ApplicationCost[] {
    return resources.filter((r) => r.op === "register" && r.type === "aws:emrserverless/application:Application").map((r) => {
        const architecture = architectureOf(r);
        const rates = { ...EMR_SERVERLESS_RATES[architecture] };
        const cap = r.inputs.maximumCapacity as { cpu?: string; memory?: string; disk?: string } | undefined;
        const maximumCapacity = cap && {
            vcpu: sizeOf(cap.cpu, CPU_SIZE_PATTERN) ?? 0, memoryGb: sizeOf(cap.memory, MEMORY_SIZE_PATTERN) ?? 0,
            ...(cap.disk === undefined ? {} : { diskGb: sizeOf(cap.disk, DISK_SIZE_PATTERN) ?? 0 }),
        };
        const autoStop = r.inputs.autoStopConfiguration as { enabled?: boolean; idleTimeoutMinutes?: number } | undefined;
        return {
            urn: r.urn, name: r.name, architecture, maximumCapacity,
            hourlyCeiling: maximumCapacity && cents4(maximumCapacity.vcpu * rates.vcpuHour + maximumCapacity.memoryGb * rates.gbHour),
            preInitializedHourly: cents4(preInitializedHourly(r)),
            idleTimeoutMinutes: autoStop?.enabled === false ? undefined : autoStop?.idleTimeoutMinutes ?? 15,
            rates, note: EMR_SERVERLESS_RATE_NOTE,
        };
    }).sort((a, b) => a.urn.localeCompare(b.urn));
}

/** Four decimals: an hourly rate of a few cents keeps its precision. */
const cents4 = (n: number) => Math.round(n * 10000) / 10000;

/**
 * One line per application: its cap in money and its pre-initialized workers' price while started.
 * "spark-application (ARM64): at most <dollars>/hour at its cap of 16 vCPU and 64 GB (…); pre-initialized workers: none".
 */
export function applicationCostLines(apps: ApplicationCost[]): string[] {
    return apps.map((a) => {
        const cap = a.maximumCapacity;
        const ceiling = cap && a.hourlyCeiling !== undefined
            ? `at most US$${a.hourlyCeiling.toFixed(2)}/hour at its cap of ${cap.vcpu} vCPU and ${cap.memoryGb} GB (${cap.vcpu} × ${dollars(a.rates.vcpuHour)} + ${cap.memoryGb} × ${dollars(a.rates.gbHour)})`
            : "no maximum capacity: no ceiling (set one: it is the spend cap)";
        const warm = a.preInitializedHourly > 0
            ? `pre-initialized workers US$${a.preInitializedHourly.toFixed(2)}/hour while started (${a.idleTimeoutMinutes === undefined ? "auto-stop off: always" : `until ${a.idleTimeoutMinutes} idle minutes`})`
            : "pre-initialized workers: none";
        return `${a.name} (${a.architecture}): ${ceiling}; ${warm}`;
    });
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
    return { monthly: cents(list.reduce((sum, l) => sum + l.monthly, 0)), lines: list, source: PRICE_SOURCE, applications: applicationCosts(resources) };
}

/** "US$1.00/month idle (KMS key US$1.00)" or "US$0.00/month idle (nothing billed while idle)". */
export function idleCostLine(cost: IdleCost): string {
    const parts = cost.lines.map((l) => `${l.item}${l.count > 1 ? ` ×${l.count}` : ""} US$${l.monthly.toFixed(2)}`);
    return `US$${cost.monthly.toFixed(2)}/month idle (${parts.length ? parts.join(", ") : "nothing billed while idle"})`;
}
