/**
 * AWS partitions and their regions: one table, the AWS SDK's own (./partitions.generated.ts), serves
 * config validation, ARNs, the control-plane message's schema and the policy pack.
 *
 * Two strengths of "a region":
 * - **listed**: one of the regions the SDK data lists for a partition (`aws:region` must be one,
 *   unless the stack opts in for a region newer than the data);
 * - **shaped**: a name its partition's own region pattern matches (`eu-west-9`), the most the
 *   message schema and ARN checks can ask without refusing a region AWS opened after this release.
 */
import { editDistance } from "./editDistance";
import { SDK_PARTITIONS, SDK_PARTITIONS_SOURCE } from "./partitions.generated";

export type Partition = (typeof SDK_PARTITIONS)[number]["id"];

/** Where the region lists come from, for messages (`@aws-sdk/core 3.981.0`). */
export const PARTITION_DATA_SOURCE = SDK_PARTITIONS_SOURCE;

/** The AWS partitions this package knows, in the SDK's order. */
export const PARTITIONS: readonly Partition[] = SDK_PARTITIONS.map((p) => p.id);

/** A regular-expression source matching exactly one known partition name (a capture group). */
export const PARTITION_PATTERN = `(${PARTITIONS.join("|")})`;

const shapes = SDK_PARTITIONS.map((p) => ({ id: p.id as Partition, shape: new RegExp(p.regionRegex), regions: p.regions as readonly string[] }));

/**
 * The shape of a region of any known partition, unanchored and capturing nothing, for patterns that
 * embed it (ARNs): each partition's own pattern, lower case only (the SDK's `\w` would also take `_`
 * and capitals).
 */
export const REGION_SHAPE = SDK_PARTITIONS.map((p) => p.regionRegex.replace(/^\^/, "").replace(/\$$/, "").replace(/\((?!\?)/g, "(?:").replace(/\\w/g, "[a-z0-9]").replace(/\\-/g, "-")).join("|");

/** {@link REGION_SHAPE} anchored, as a regular-expression source: for JSON schemas and checks that must not refuse a region newer than the data. */
export const REGION_SHAPE_PATTERN = `^(?:${REGION_SHAPE})$`;

/** A region name of any known partition (listed or not): `us-east-1`, `eu-west-9`; not `US-EAST-1`, `us-east-1a`, `us-east-1 `. */
export const REGION_PATTERN = new RegExp(REGION_SHAPE_PATTERN);

/** An availability zone name: a region and one letter (`eu-west-1a`). */
export const AVAILABILITY_ZONE_PATTERN = new RegExp(`^(?:${REGION_SHAPE})[a-z]$`);

/** Every partition's DNS suffix (`amazonaws.com`, `amazonaws.com.cn`, …), once each. */
export const DNS_SUFFIXES: readonly string[] = [...new Set(SDK_PARTITIONS.map((p) => p.dnsSuffix as string))];

/** Whether `name` is a partition this package knows. */
export function isKnownPartition(name: string): name is Partition {
    return (PARTITIONS as readonly string[]).includes(name);
}

/** The regions the SDK data lists for a partition. */
export function regionsOf(partition: Partition): readonly string[] {
    return shapes.find((p) => p.id === partition)!.regions;
}

/** Whether the SDK data lists `region` in some partition. */
export function isListedRegion(region: string): boolean {
    return shapes.some((p) => p.regions.includes(region));
}

/** The partition whose list holds `region`, else whose pattern matches it, else undefined. */
export function partitionOfRegion(region: string): Partition | undefined {
    if (!REGION_PATTERN.test(region)) return undefined;
    return (shapes.find((p) => p.regions.includes(region)) ?? shapes.find((p) => p.shape.test(region)))?.id;
}

/** The partition of a region, `aws` for a name no partition claims (as the SDK resolves endpoints). */
export function partitionOf(region: string): Partition {
    return partitionOfRegion(region) ?? "aws";
}

/** The DNS suffix of a region's service endpoints (`amazonaws.com`, `amazonaws.com.cn`, `amazonaws.eu`, …). */
export function dnsSuffixOf(region: string): string {
    const id = partitionOf(region);
    return SDK_PARTITIONS.find((p) => p.id === id)!.dnsSuffix;
}

/** The listed regions of `region`'s partition nearest to it (at most two edits away), nearest first. */
export function nearestRegions(region: string): string[] {
    const partition = partitionOfRegion(region) ?? "aws";
    const scored = regionsOf(partition).map((r) => ({ r, d: editDistance(r, region, 2) })).filter((x) => x.d <= 2);
    const best = Math.min(...scored.map((x) => x.d));
    return scored.filter((x) => x.d === best).map((x) => x.r);
}

/**
 * What is wrong with a region name, or undefined: not shaped like any partition's region, or (unless
 * `allowUnlisted`) not listed in the SDK data, with the nearest listed names as a hint.
 */
export function regionProblem(region: string, allowUnlisted = false): string | undefined {
    if (!REGION_PATTERN.test(region)) return `must be an AWS region such as "us-east-1", got ${JSON.stringify(region)}`;
    if (allowUnlisted || isListedRegion(region)) return undefined;
    const near = nearestRegions(region);
    const hint = near.length ? ` (did you mean ${near.map((r) => JSON.stringify(r)).join(" or ")}?)` : "";
    return `${JSON.stringify(region)} is not a region of partition ${partitionOf(region)} in the AWS SDK data this package has (${PARTITION_DATA_SOURCE})${hint}`;
}
