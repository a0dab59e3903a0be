/**
 * The `endpoints` egress mode of a created network: no NAT gateway, no internet gateway; jobs reach
 * S3 of the plane's region through the gateway endpoint (./network.ts) and the other AWS services the
 * plane uses through interface VPC endpoints in both private subnets, with private DNS, behind a
 * security group that admits HTTPS from the jobs' security group only.
 *
 * From AWS's documentation:
 * - EMR Serverless User Guide, "Configuring VPC access for EMR Serverless applications to connect to
 *   data": "For Amazon S3 connectivity, configure either a NAT Gateway or a VPC endpoint ... For
 *   connectivity to other AWS services outside the VPC, such as to Amazon DynamoDB, configure either
 *   VPC endpoints or a NAT gateway." It names no fixed list of services a job calls: which endpoints a
 *   plane needs follows from what it uses (STS when jobs assume customer roles; Glue with the Glue Data
 *   Catalog; ECR with custom images; Logs, KMS and Secrets Manager when job code calls them).
 * - "AWS services that integrate with AWS PrivateLink": the service names
 *   (`com.amazonaws.<region>.sts`, `.logs`, `.kms`, `.secretsmanager`, `.ecr.api`, `.ecr.dkr`; Glue:
 *   "Configuring interface VPC endpoints (AWS PrivateLink) for AWS Glue", `com.amazonaws.<region>.glue`).
 *   The name is looked up (`aws.ec2.getVpcEndpointService`) rather than spelled here, so a region whose
 *   names differ (the China regions) gets its own.
 * - "Amazon ECR interface VPC endpoints (AWS PrivateLink)": the endpoints' security group "must allow
 *   incoming connections on port 443 from the private subnets"; image layers come from S3, through
 *   the gateway endpoint.
 * - "Create a VPC endpoint for AWS STS" (IAM User Guide): clients must call the *regional* STS
 *   endpoint; calls to the global `sts.amazonaws.com` do not go through the interface endpoint.
 * - "AWS PrivateLink Pricing": each endpoint is billed "for each hour that your VPC endpoint remains
 *   provisioned in each Availability Zone" (the rate: vocabulary/prices.ts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The AWS services a plane's jobs may reach through interface endpoints (`internetEgress: endpoints`). */
export const InterfaceEndpointService = {
    /** AWS STS (jobs that assume customer data-access roles). */
    Sts: "sts",
    /** Amazon CloudWatch Logs. */
    Logs: "logs",
    /** AWS KMS (job code calling KMS itself; SSE-KMS on S3 is S3's own call). */
    Kms: "kms",
    /** AWS Secrets Manager (job code calling it; `EMR.secret@` references are resolved by EMR Serverless, not from the VPC). */
    SecretsManager: "secretsmanager",
    /** AWS Glue (the Glue Data Catalog as metastore). */
    Glue: "glue",
    /** Amazon ECR, its API and its Docker registry (custom images). */
    Ecr: "ecr",
} as const;
export type InterfaceEndpointService = (typeof InterfaceEndpointService)[keyof typeof InterfaceEndpointService];
export const INTERFACE_ENDPOINT_SERVICE_NAMES: readonly InterfaceEndpointService[] = Object.values(InterfaceEndpointService);

/** The PrivateLink service(s) each needs (the last part of `com.amazonaws.<region>.<service>`). */
export const INTERFACE_ENDPOINT_SERVICES: Record<InterfaceEndpointService, readonly string[]> = {
    sts: ["sts"], logs: ["logs"], kms: ["kms"], secretsmanager: ["secretsmanager"], glue: ["glue"], ecr: ["ecr.api", "ecr.dkr"],
};

export interface EndpointContext {
    name: string;
    vpcId: pulumi.Input<string>;
    /** The private subnets: one endpoint network interface in each (and so billed per AZ). */
    subnetIds: pulumi.Input<string[]>;
    /** The jobs' security group: the only source the endpoints admit. */
    jobSecurityGroupId: pulumi.Input<string>;
    services: readonly InterfaceEndpointService[];
    tags: (suffix: string) => Record<string, string>;
    parent: pulumi.Resource;
}

/** The interface endpoints, by PrivateLink service (`sts`, `ecr.api`, …), and their security group. */
export interface InterfaceEndpoints {
    securityGroup: aws.ec2.SecurityGroup;
    endpoints: Record<string, aws.ec2.VpcEndpoint>;
}

/** One interface endpoint per PrivateLink service of `services`, in every private subnet, private DNS on. */
export function interfaceEndpoints(c: EndpointContext): InterfaceEndpoints {
    const opts = { parent: c.parent };
    const securityGroup = new aws.ec2.SecurityGroup(`${c.name}-endpoints-sg`, {
        vpcId: c.vpcId,
        description: "Interface VPC endpoints of the EMR Serverless jobs (emr-serverless-dataplane)",
        ingress: [{ description: "HTTPS from the jobs' security group", protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: [c.jobSecurityGroupId] }],
        // An endpoint only answers: no outbound rule (security groups are stateful).
        egress: [],
        tags: c.tags("endpoints-sg"),
    }, opts);
    const endpoints: Record<string, aws.ec2.VpcEndpoint> = {};
    for (const service of c.services.flatMap((s) => INTERFACE_ENDPOINT_SERVICES[s])) {
        const found = aws.ec2.getVpcEndpointServiceOutput({ service, serviceType: "Interface" }, opts);
        endpoints[service] = new aws.ec2.VpcEndpoint(`${c.name}-${service.replace(/\./g, "-")}`, {
            vpcId: c.vpcId,
            serviceName: found.serviceName,
            vpcEndpointType: "Interface",
            subnetIds: c.subnetIds,
            securityGroupIds: [securityGroup.id],
            // Private DNS: the service's regional name resolves to the endpoint, so clients need no configuration.
            privateDnsEnabled: true,
            tags: c.tags(service.replace(/\./g, "-")),
        }, opts);
    }
    return { securityGroup, endpoints };
}
