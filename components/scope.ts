import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Scope } from "./iam";

/**
 * The partition, region and account a component is deployed into, from the provider
 * (`aws.getPartition`, `aws.getRegion`, `aws.getCallerIdentity`), looked up as the component's
 * children so an explicit provider passed to the component is honoured.
 */
export function lookupScope(parent: pulumi.Resource): pulumi.Output<Scope> {
    const opts = { parent };
    return pulumi.all([
        aws.getPartitionOutput({}, opts).partition,
        aws.getRegionOutput({}, opts).region,
        aws.getCallerIdentityOutput({}, opts).accountId,
    ]).apply(([partition, region, accountId]) => ({ partition, region, accountId }));
}
