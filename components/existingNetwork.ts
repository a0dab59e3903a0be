/**
 * An existing network to adopt, as the provider's look-ups describe it, and its checks: subnets
 * private, in the VPC and in two AZs; an S3 gateway endpoint that serves their route tables (named
 * by the user, or found in the VPC so that a second one is never planned).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as v from "./validation";

/** An existing private subnet, as found by `Network.lookupExisting`. */
export interface ExistingSubnet {
    /** The subnet's id (`subnet-…`). */
    id: string;
    /** The VPC the subnet is in. */
    vpcId: string;
    /** The subnet's availability zone. */
    availabilityZone: string;
    /** The route table the subnet uses (its explicit association, else the VPC's main table). */
    routeTableId: string;
    /** True when that route table sends 0.0.0.0/0 to an internet gateway (the subnet is public). */
    routesToInternetGateway: boolean;
}

/** An existing VPC endpoint, as found by `Network.lookupExisting`. */
export interface ExistingVpcEndpoint {
    /** The endpoint's id (`vpce-…`). */
    id: string;
    /** The VPC the endpoint is in. */
    vpcId: string;
    /** The endpoint type; only `Gateway` is accepted for S3. */
    type: string;
    /** The service it serves, `com.amazonaws.<region>.s3` for S3. */
    serviceName: string;
    /** The route tables it is associated with; they must include every subnet's route table. */
    routeTableIds: string[];
    /** `configured` (the user named it: `s3EndpointId`) or `discovered` (found by look-up in the VPC). */
    source?: string;
}

/** An existing network to adopt: a VPC, its private subnets and, optionally, its S3 gateway endpoint. */
export interface ExistingNetwork {
    /** The VPC's id (`vpc-…`). */
    vpcId: string;
    /** At least two private subnets of the VPC, in at least two distinct AZs. */
    subnets: ExistingSubnet[];
    /** An existing S3 gateway endpoint to reuse instead of creating one. */
    s3Endpoint?: ExistingVpcEndpoint;
}

/**
 * Checks an existing network: the VPC and subnet ids are well formed, every subnet is in the
 * VPC and private, the subnets span at least two AZs, and an adopted S3 endpoint is a gateway
 * endpoint for S3 in the VPC, associated with every subnet's route table.
 */
export function validateExistingNetwork(existing: ExistingNetwork, field = (f: string) => `args.${f}`): void {
    v.vpcId(field("vpcId"), existing.vpcId);
    const subnetsField = field("subnetIds");
    v.stringList(subnetsField, existing.subnets.map((s) => s.id), v.subnetId, { min: 2 });
    for (const s of existing.subnets) {
        if (s.vpcId !== existing.vpcId) throw new v.ValidationError(subnetsField, `subnet ${s.id} is in ${s.vpcId}, not in ${existing.vpcId}`);
        if (s.routesToInternetGateway) {
            throw new v.ValidationError(subnetsField, `subnet ${s.id} is public: its route table ${s.routeTableId} sends 0.0.0.0/0 to an internet gateway; EMR Serverless needs private subnets`);
        }
    }
    const zones = new Set(existing.subnets.map((s) => s.availabilityZone));
    if (zones.size < 2) {
        throw new v.ValidationError(subnetsField, `subnets ${existing.subnets.map((s) => s.id).join(", ")} are all in ${[...zones][0]}; a data plane needs private subnets in two distinct availability zones`);
    }
    const e = existing.s3Endpoint;
    if (e) {
        const f = field("s3EndpointId");
        if (e.vpcId !== existing.vpcId) throw new v.ValidationError(f, `endpoint ${e.id} is in ${e.vpcId}, not in ${existing.vpcId}`);
        if (e.type !== "Gateway" || !/\.s3$/.test(e.serviceName)) throw new v.ValidationError(f, `endpoint ${e.id} is a ${e.type} endpoint for ${e.serviceName}; an S3 gateway endpoint is required`);
        const missing = [...new Set(existing.subnets.map((s) => s.routeTableId))].filter((t) => !e.routeTableIds.includes(t));
        if (missing.length > 0 && e.source === "discovered") {
            throw new v.ValidationError(f, `the VPC's S3 gateway endpoint ${e.id} (found by look-up) serves some of the subnets' route tables but not ${missing.join(", ")}; ` +
                `a second S3 endpoint cannot share its tables, so associate ${missing.join(", ")} with ${e.id}, or set ${f} to the endpoint to use`);
        }
        if (missing.length > 0) throw new v.ValidationError(f, `endpoint ${e.id} is not associated with route table(s) ${missing.join(", ")} of the subnets; associate them, or omit it to let the plane create one`);
    }
}

/**
 * The VPC's available S3 gateway endpoint, found by look-up (`aws.ec2.getVpcEndpoint` filtered by
 * VPC, service and type), or `undefined` when it has none. AWS refuses a second S3 endpoint route
 * in a route table that already has one, so an endpoint EMR on EC2 built is reused, never doubled.
 */
export async function discoverS3Endpoint(vpcId: string, opts: pulumi.InvokeOptions | undefined, field: (f: string) => string): Promise<ExistingVpcEndpoint | undefined> {
    const region = (await aws.getRegion({}, opts)).region;
    try {
        const e = await aws.ec2.getVpcEndpoint({ vpcId, serviceName: s3ServiceName(region), vpcEndpointType: "Gateway", state: "available" }, opts);
        return { id: e.id, vpcId: e.vpcId, type: e.vpcEndpointType, serviceName: e.serviceName, routeTableIds: e.routeTableIds, source: "discovered" };
    } catch (err) {
        const message = String((err as Error)?.message ?? err);
        if (/no matching .*found/i.test(message)) return undefined;
        if (/multiple .*matched/i.test(message)) {
            throw new v.ValidationError(field("s3EndpointId"), `the VPC ${vpcId} has several S3 gateway endpoints; set it to the one that serves the subnets' route tables`);
        }
        throw err;
    }
}

/** The `index`-th subnet of `cidr` with `newBits` more prefix bits (like Terraform's `cidrsubnet`). */
export function subnetCidr(cidr: string, newBits: number, index: number): string {
    const [address, prefixText] = cidr.split("/");
    const prefix = Number(prefixText) + newBits;
    if (prefix > 28 || index >= 2 ** newBits) throw new Error(`cannot carve subnet ${index} of /${prefix} from ${cidr}`);
    const base = address.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
    const start = base + index * 2 ** (32 - prefix);
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256);
    return `${octets.join(".")}/${prefix}`;
}

/** The S3 service name for gateway endpoints in a region. */
export function s3ServiceName(region: string): string {
    return region.startsWith("cn-") ? `cn.com.amazonaws.${region}.s3` : `com.amazonaws.${region}.s3`;
}
