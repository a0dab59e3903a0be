/**
 * The data-source program: on the `owner` side, a CrossAccountDataSource (bucket, key, access
 * point) in the data owner's account; on the `consumer` side, the AccessPointGrant on a data
 * plane's runtime role in the plane's account. Exports what the other side needs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccessPointGrant, CrossAccountDataSource, ValidationError } from "../../components";
import { checkAccount } from "../configTable";
import { ConsumerGrantConfig, DataSourceConfig, readDataSourceConfig } from "./config";
import { dataSourceKey } from "./configSchema";

/** The owner side's export: everything the consumer side and the job need. */
export interface DataSourceOutput {
    bucketName: pulumi.Output<string>;
    accessPointArn: pulumi.Output<string>;
    accessPointAlias: pulumi.Output<string>;
    kmsKeyArn: pulumi.Output<string>;
    inputPrefix: string;
    outputPrefix: string;
    inputUri: pulumi.Output<string>;
    outputUri: pulumi.Output<string>;
}

/** The consumer side's export: what was granted to which role. */
export interface GrantOutput {
    runtimeRoleArn: string;
    policyName: pulumi.Output<string>;
    accessPointArn: string;
    kmsKeyArn: string;
    inputPrefix: string;
    outputPrefix: string;
}

export function buildOwnerSide(config: Extract<DataSourceConfig, { side: "owner" }>): DataSourceOutput {
    const ds = new CrossAccountDataSource("data-source", {
        ...config.owner,
        tags: { "emr-dataplane:data-source": config.owner.accessPointName },
    });
    return {
        bucketName: ds.bucketName,
        accessPointArn: ds.accessPointArn,
        accessPointAlias: ds.accessPointAlias,
        kmsKeyArn: ds.kmsKeyArn,
        inputPrefix: ds.inputPrefix,
        outputPrefix: ds.outputPrefix,
        inputUri: ds.inputUri,
        outputUri: ds.outputUri,
    };
}

export function buildConsumerSide(c: ConsumerGrantConfig): GrantOutput {
    const grant = new AccessPointGrant("data-source-grant", {
        roleName: c.roleName,
        accessPointArn: c.accessPointArn,
        kmsKeyArn: c.kmsKeyArn,
        inputPrefix: c.inputPrefix,
        outputPrefix: c.outputPrefix,
    });
    return {
        runtimeRoleArn: c.runtimeRoleArn, policyName: grant.policyName, accessPointArn: c.accessPointArn,
        kmsKeyArn: c.kmsKeyArn, inputPrefix: c.inputPrefix, outputPrefix: c.outputPrefix,
    };
}

/** The Pulumi program: `{ dataSource }` on the owner side, `{ grant }` on the consumer side. */
export async function dataSourceProgram(): Promise<{ dataSource: DataSourceOutput } | { grant: GrantOutput }> {
    const config = readDataSourceConfig(pulumi.runtime.allConfig());
    const identity = await aws.getCallerIdentity();
    checkAccount(dataSourceKey("accountId"), config.accountId, identity.accountId);
    if (config.side === "owner") return { dataSource: buildOwnerSide(config) };
    if (config.consumer.runtimeRoleAccountId !== identity.accountId) {
        throw new ValidationError(dataSourceKey("runtimeRoleArn"), `is in account ${config.consumer.runtimeRoleAccountId}, but the AWS credentials are for account ${identity.accountId}: deploy the grant in the runtime role's account`);
    }
    return { grant: buildConsumerSide(config.consumer) };
}
