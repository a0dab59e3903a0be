/**
 * List prices of what a plane may keep running while no job runs, and every sentence that quotes
 * them: the idle cost (engine/reports/idleCost.ts), config descriptions, the component reference and the
 * price table of docs/egress-and-cost.md all take their numbers and prose from here, so a price changes in one line.
 *
 * AWS list prices for US East (N. Virginia), USD, read on 2026-11-30 from the pricing pages named
 * beside each entry. Other regions differ (typically by 0-30 %). A month is 730 hours.
 */

export const HOURS_PER_MONTH = 730;

/** The price table: what each priced thing costs, and where the number comes from. */
export const PRICES = {
    /** "Amazon VPC pricing": NAT gateway, per hour. */
    natGatewayHour: 0.045,
    /** "Amazon VPC pricing": NAT gateway, per GB processed (usage, not idle). */
    natGatewayGb: 0.045,
    /** "Amazon VPC pricing": public IPv4 address (an Elastic IP, attached or not), per hour. */
    publicIpv4Hour: 0.005,
    /**
     * Interface VPC endpoint, per hour per Availability Zone. AWS's page "AWS PrivateLink Pricing" states
     * the unit ("each hour that your VPC endpoint remains provisioned in each Availability Zone ... Each
     * partial VPC endpoint-hour consumed is billed as a full hour") but renders its rates dynamically,
     * so the page text read had no number: the rate is a third party's, "AWS PrivateLink Cost Analysis"
     * (awsnegotiations.com, updated May 2026: "$0.01/hour per Interface Endpoint per AZ, plus $0.01/GB
     * processing"). Data processed (US$0.01 per GB for the first PB, AWS's Japanese pricing page) is usage.
     */
    interfaceEndpointAzHour: 0.01,
    /** "AWS Key Management Service pricing": customer managed KMS key, per month (requests are usage). */
    kmsKeyMonth: 1.0,
    /** "AWS Secrets Manager pricing": secret, per month. */
    secretMonth: 0.4,
    /** "AWS Systems Manager pricing": advanced-tier parameter, per month (standard tier: free). Not re-read on 2026-11-30. */
    advancedParameterMonth: 0.05,
    /**
     * "Amazon EMR pricing" (EMR Serverless): per vCPU-hour and per GB-hour of a worker. Not re-read on
     * 2026-11-30 (the page renders its rates dynamically); that idle workers are billed is from the EMR
     * Serverless user guide, "Pre-initialized capacity".
     */
    emrServerlessVcpuHour: 0.052624,
    emrServerlessGbHour: 0.0057785,
    /**
     * EMR Serverless on ARM64 (Graviton): the x86 rates × 0.8. Not read from the pricing page either: the
     * AWS Big Data Blog post "Achieve up to 27% better price-performance for Spark workloads with AWS
     * Graviton2 on Amazon EMR Serverless" says Graviton2 "is offered at a 20% lower cost than the x86
     * architecture option", and the user guide ("Amazon EMR Serverless architecture options") that "it
     * costs less to run instances on arm64 architecture than when you run instances of equal size on x86".
     */
    emrServerlessArmVcpuHour: derived(0.052624, 0.8),
    emrServerlessArmGbHour: derived(0.0057785, 0.8),
} as const;

/** A rate derived from another by a factor, to six decimals (as the pricing page writes rates). */
function derived(rate: number, factor: number): number {
    return Math.round(rate * factor * 1e6) / 1e6;
}

/**
 * EMR Serverless rates per worker architecture, and how sure they are. Neither figure was read from
 * the live "Amazon EMR pricing" page (it renders its rates by script): every output that multiplies
 * them says so, with {@link EMR_SERVERLESS_RATE_NOTE}. A maintainer who reads the page fills the
 * numbers in above and the note below.
 */
export const EMR_SERVERLESS_RATES = {
    X86_64: { vcpuHour: PRICES.emrServerlessVcpuHour, gbHour: PRICES.emrServerlessGbHour },
    ARM64: { vcpuHour: PRICES.emrServerlessArmVcpuHour, gbHour: PRICES.emrServerlessArmGbHour },
} as const;
export type EmrServerlessArchitecture = keyof typeof EMR_SERVERLESS_RATES;

export const EMR_SERVERLESS_RATE_NOTE = "EMR Serverless rates are placeholders, not read from the live Amazon EMR pricing page " +
    "(us-east-1; ARM64 = x86 × 0.8 after AWS's \"20% lower cost\" for Graviton2): confirm them there. " +
    "Ephemeral storage above 20 GB per worker is billed on top and not counted";

export type PriceName = keyof typeof PRICES;

export const PRICE_SOURCE = "AWS list prices, us-east-1, USD, read 2026-11-30 (Amazon VPC, AWS KMS, AWS Secrets Manager and AWS Systems Manager pricing pages; the interface endpoint's hourly rate from a third party, May 2026, AWS PrivateLink's page giving only its unit; the EMR Serverless rates are placeholders, not read from the Amazon EMR pricing page); 730 hours a month";

/** A price as written: `$0.045`, `$1`, `$0.40` (cents kept when there are any, never trailing zeros past them). */
export function dollars(amount: number): string {
    const text = Number.isInteger(amount) ? String(amount) : amount >= 0.1 && Number(amount.toFixed(2)) === amount ? amount.toFixed(2) : String(amount);
    return `$${text}`;
}

/** An hourly price over a month, to the whole dollar as prose rounds it (`~US$33 a month`). */
export function aboutMonthly(hourly: number): string {
    return `~US$${Math.round(hourly * HOURS_PER_MONTH)} a month`;
}

/** The sentences that quote a price, each built from the table. */
export const PRICE_TEXT = {
    /** One NAT gateway: idle and usage. */
    natGateway: `${aboutMonthly(PRICES.natGatewayHour)} idle plus US${dollars(PRICES.natGatewayGb)}/GB`,
    /** One NAT gateway, longer. */
    natGatewayLong: `about US${dollars(PRICES.natGatewayHour)} an hour (${aboutMonthly(PRICES.natGatewayHour)}) plus US${dollars(PRICES.natGatewayGb)} per GB processed`,
    /** One customer managed KMS key. */
    kmsKey: `~US${dollars(PRICES.kmsKeyMonth)} a month`,
    /** One interface endpoint in each of the plane's two AZs. */
    interfaceEndpoint: `${aboutMonthly(2 * PRICES.interfaceEndpointAzHour)} per service in two AZs plus data processed`,
    /** One Secrets Manager secret. */
    secret: `US${dollars(PRICES.secretMonth)} a month`,
} as const;

/** The price table as docs/egress-and-cost.md shows it: what, its list price, what it costs a month while idle, and the pricing page. */
export const PRICE_LIST: readonly { item: string; price: string; idle: string; page: string }[] = [
    { item: "NAT gateway", price: `US${dollars(PRICES.natGatewayHour)} per hour + US${dollars(PRICES.natGatewayGb)} per GB processed`, idle: aboutMonthly(PRICES.natGatewayHour), page: "Amazon VPC pricing" },
    { item: "Elastic IP (public IPv4 address)", price: `US${dollars(PRICES.publicIpv4Hour)} per hour`, idle: aboutMonthly(PRICES.publicIpv4Hour), page: "Amazon VPC pricing" },
    { item: "interface VPC endpoint", price: `US${dollars(PRICES.interfaceEndpointAzHour)} per hour per AZ`, idle: `${aboutMonthly(PRICES.interfaceEndpointAzHour)} per AZ`, page: "AWS PrivateLink pricing (the unit; the rate from a third party, May 2026)" },
    { item: "KMS key (customer managed)", price: `US${dollars(PRICES.kmsKeyMonth)} per month`, idle: PRICE_TEXT.kmsKey, page: "AWS Key Management Service pricing" },
    { item: "Secrets Manager secret", price: `US${dollars(PRICES.secretMonth)} per month`, idle: PRICE_TEXT.secret, page: "AWS Secrets Manager pricing" },
    { item: "SSM advanced parameter", price: `US${dollars(PRICES.advancedParameterMonth)} per month`, idle: `US${dollars(PRICES.advancedParameterMonth)} a month`, page: "AWS Systems Manager pricing" },
    { item: "EMR Serverless worker, x86_64 (placeholder rate)", price: `US${dollars(PRICES.emrServerlessVcpuHour)} per vCPU-hour + US${dollars(PRICES.emrServerlessGbHour)} per GB-hour`, idle: "pre-initialized workers, while the application is started", page: "Amazon EMR pricing" },
    { item: "EMR Serverless worker, ARM64 (placeholder rate: x86 × 0.8)", price: `US${dollars(PRICES.emrServerlessArmVcpuHour)} per vCPU-hour + US${dollars(PRICES.emrServerlessArmGbHour)} per GB-hour`, idle: "pre-initialized workers, while the application is started", page: "Amazon EMR pricing" },
];
