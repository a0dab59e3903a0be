/**
 * IP address space as the network rules judge it: by the public addresses a set of CIDRs admits,
 * not by how they are spelt (`0.0.0.0/1` + `128.0.0.0/1` is `0.0.0.0/0`; `2000::/3` is all of
 * IPv6's global unicast). Ranges are exact (BigInt), merged, and intersected with public space.
 */

/** An inclusive range of addresses. */
type Range = [bigint, bigint];

const V4_BITS = 32n;
const V6_BITS = 128n;

/** An IPv4 CIDR (`a.b.c.d/n`) as its range, or undefined. The host bits are ignored, as AWS does not accept them anyway. */
export function ipv4Range(cidr: string): Range | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
    if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) return undefined;
    const base = m.slice(1, 5).reduce((acc, o) => acc * 256n + BigInt(o), 0n);
    return block(base, BigInt(m[5]), V4_BITS);
}

/** An IPv6 CIDR (any `::` form, an embedded IPv4 tail) as its range, or undefined. */
export function ipv6Range(cidr: string): Range | undefined {
    const m = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(cidr.trim());
    if (!m || Number(m[2]) > 128) return undefined;
    let text = m[1];
    const tail = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
    if (tail) {
        const v4 = ipv4Range(`${tail.slice(1, 5).join(".")}/32`);
        if (!v4) return undefined;
        text = `${text.slice(0, tail.index)}${(v4[0] >> 16n).toString(16)}:${(v4[0] & 0xffffn).toString(16)}`;
    }
    const halves = text.split("::");
    if (halves.length > 2) return undefined;
    const groups = (h: string) => (h === "" ? [] : h.split(":"));
    const head = groups(halves[0]);
    const rest = halves.length === 2 ? groups(halves[1]) : [];
    const missing = 8 - head.length - rest.length;
    if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
    const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...rest];
    if (all.length !== 8 || all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
    const base = all.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n);
    return block(base, BigInt(m[2]), V6_BITS);
}

function block(base: bigint, prefix: bigint, bits: bigint): Range {
    const size = 1n << (bits - prefix);
    const first = (base / size) * size;
    return [first, first + size - 1n];
}

/** Sorted, merged ranges. */
function merge(ranges: Range[]): Range[] {
    const sorted = [...ranges].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const out: Range[] = [];
    for (const r of sorted) {
        const last = out[out.length - 1];
        if (last && r[0] <= last[1] + 1n) last[1] = last[1] > r[1] ? last[1] : r[1];
        else out.push([r[0], r[1]]);
    }
    return out;
}

/** How many addresses of `ranges` (merged) lie inside `within` (merged), minus `except` (merged). */
function countInside(ranges: Range[], within: Range[], except: Range[]): bigint {
    let total = 0n;
    for (const [a, b] of merge(ranges)) {
        for (const [c, d] of within) {
            const lo = a > c ? a : c;
            const hi = b < d ? b : d;
            if (lo > hi) continue;
            total += hi - lo + 1n;
            for (const [e, f] of except) {
                const xlo = lo > e ? lo : e;
                const xhi = hi < f ? hi : f;
                if (xlo <= xhi) total -= xhi - xlo + 1n;
            }
        }
    }
    return total;
}

/**
 * IPv4 addresses that are not the internet ("IANA IPv4 Special-Purpose Address Registry"): this
 * network, private (RFC 1918), shared (CGNAT), loopback, link-local, the IETF and documentation
 * blocks, benchmarking, and multicast with the reserved 240/4.
 */
const V4_SPECIAL = merge(["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
    "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3"].map((c) => ipv4Range(c)!));
const V4_ALL: Range[] = [[0n, (1n << V4_BITS) - 1n]];
/** IPv6's internet is global unicast, 2000::/3 ("IANA IPv6 Global Unicast Address Assignments"), less the documentation block 2001:db8::/32. */
const V6_PUBLIC: Range[] = [ipv6Range("2000::/3")!];
const V6_SPECIAL: Range[] = [ipv6Range("2001:db8::/32")!];

export const PUBLIC_V4_ADDRESSES = countInside(V4_ALL, V4_ALL, V4_SPECIAL);
export const PUBLIC_V6_ADDRESSES = countInside(V6_PUBLIC, V6_PUBLIC, V6_SPECIAL);

/** The public (internet) addresses the CIDRs admit together: IPv4 and IPv6 counts. Text that is no CIDR admits nothing here. */
export function publicAddresses(v4: string[], v6: string[]): { v4: bigint; v6: bigint } {
    const r4 = v4.map(ipv4Range).filter((r): r is Range => !!r);
    const r6 = v6.map(ipv6Range).filter((r): r is Range => !!r);
    return { v4: countInside(r4, V4_ALL, V4_SPECIAL), v6: countInside(r6, V6_PUBLIC, V6_SPECIAL) };
}

/** Whether IPv4 CIDRs together cover every public address. */
export function coversInternetV4(cidrs: string[]): boolean {
    return publicAddresses(cidrs, []).v4 === PUBLIC_V4_ADDRESSES;
}

/** Whether IPv6 CIDRs together cover all of global unicast (2000::/3). */
export function coversInternetV6(cidrs: string[]): boolean {
    return publicAddresses([], cidrs).v6 === PUBLIC_V6_ADDRESSES;
}

/**
 * How much public space is "most of the internet" for practical purposes: at least as many public
 * addresses as a /8 of IPv4 (16,777,216 — more than most countries' share, and any cloud provider's
 * range anyone can rent an address in), or a /16 of IPv6 (larger than a regional registry's
 * allocations to whole ISPs, which are /32s). A corporate /24 or an ISP-assigned /48 is far below.
 */
export const BROAD_PUBLIC = { v4: 1n << 24n, v6: 1n << 112n } as const;

/** A count of addresses as a message says it: `2^31 (half of all public IPv4)`. */
export function describeCount(count: bigint, family: "IPv4" | "IPv6"): string {
    const all = family === "IPv4" ? PUBLIC_V4_ADDRESSES : PUBLIC_V6_ADDRESSES;
    const share = Number((count * 10_000n) / all) / 100;
    const power = count.toString(2).length - 1;
    const exact = 1n << BigInt(power) === count;
    return `${exact ? `2^${power}` : `about 2^${power}`} public ${family} addresses (${share < 0.01 ? "under 0.01" : share}% of the ${family} internet)`;
}
