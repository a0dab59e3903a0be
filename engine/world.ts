/**
 * The AWS account the offline engine pretends to run against: its identity, and the existing
 * resources an adopting stack looks up (subnets, route tables, S3 endpoints, buckets, roles).
 *
 * Unless a world file says otherwise, adopted things are assumed to exist as the stack config
 * describes them: an adopted subnet lies in the adopted VPC, in the AZ given by the last hex
 * digit of its id (0,3,6,9,c,f → a; 1,4,7,a,d → b; 2,5,8,b,e → c), is private, and has its own
 * route table; an adopted S3 endpoint is a gateway endpoint on those route tables.
 */
import { createHash } from "crypto";

export interface WorldSubnet {
    vpcId?: string;
    availabilityZone?: string;
    routeTableId?: string;
    /** The subnet's route table sends 0.0.0.0/0 to an internet gateway. */
    public?: boolean;
}

export interface WorldVpcEndpoint {
    vpcId?: string;
    type?: string;
    serviceName?: string;
    routeTableIds?: string[];
}

export interface World {
    accountId: string;
    region: string;
    /** The VPC assumed for subnets and endpoints the world does not describe. */
    defaultVpcId?: string;
    subnets: Record<string, WorldSubnet>;
    vpcEndpoints: Record<string, WorldVpcEndpoint>;
    /** Existing buckets; when listed, looking up any other bucket fails like AWS would. */
    buckets?: string[];
    /** Existing role names; when listed, looking up any other role fails. */
    roles?: string[];
    /** Existing user names; when listed, looking up any other user fails. */
    users?: string[];
    /**
     * Other Pulumi stacks a program reads through `StackReference`, by fully qualified name
     * (`org/project/stack`); reading any other stack fails like it does in Pulumi.
     */
    stacks?: Record<string, WorldStack>;
}

/** A stack's outputs, as a `StackReference` reads them. */
export interface WorldStack {
    /** The stack's outputs; secrets as {@link SecretValue}-style wrappers, at any depth. */
    outputs: Record<string, unknown>;
    /** Names of the outputs holding a secret. Defaults to those whose value contains a secret wrapper, as the engine computes it. */
    secretOutputNames?: string[];
}

export const DEFAULT_ACCOUNT_ID = "123456789012";

/** Deterministic hex from a seed: the same names give the same ids on every run. */
export function hexOf(seed: string, length: number): string {
    let out = "";
    for (let i = 0; out.length < length; i++) out += createHash("sha256").update(`${seed}#${i}`).digest("hex");
    return out.slice(0, length);
}

export function zoneFromId(region: string, id: string): string {
    const digit = parseInt(id[id.length - 1], 16);
    return `${region}${"abc"[(Number.isNaN(digit) ? 0 : digit) % 3]}`;
}

export function describeSubnet(world: World, id: string): Required<WorldSubnet> {
    const known = world.subnets[id] ?? {};
    return {
        vpcId: known.vpcId ?? world.defaultVpcId ?? `vpc-0${hexOf(`vpc:${id}`, 16)}`,
        availabilityZone: known.availabilityZone ?? zoneFromId(world.region, id),
        routeTableId: known.routeTableId ?? `rtb-0${hexOf(`rtb:${id}`, 16)}`,
        public: known.public ?? false,
    };
}
