/**
 * "Deploys" an offline preview into moto: creates there, with moto's own API, what `pulumi up`
 * would create for the resources the launcher depends on — the IAM roles and policies with the
 * exact documents the program registered (secrets revealed), the resource bucket, the VPC, subnets
 * and security group, the plane's EMR Serverless application — and maps the preview's EC2 and
 * application ids to moto's in everything that names them (documents, the control-plane message).
 *
 * Not created: the types in NOT_DEPLOYED, each with why. Any other type fails the deployment, so a
 * resource type a plane starts registering is either deployed here or listed there with a reason —
 * never silently left out of the end-to-end tests.
 */
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import {
    AttachRolePolicyCommand, AttachUserPolicyCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateApplicationCommand, EMRServerlessClient } from "@aws-sdk/client-emr-serverless";
import { StackPreview } from "../../engine/preview/preview";
import { RegisteredResource, revealOrMask } from "../../engine/offline/run";
import { ControlPlaneMessage } from "../../message";
import { Credentials, Moto } from "./moto";

export interface DeployedPlane {
    /** The plane's message, with moto's ids. */
    message: ControlPlaneMessage;
    /** Preview id → moto id, for the EC2 resources. */
    ids: Record<string, string>;
    /** Documents as created in moto, by `<resource name>:<input>` (e.g. `launch-role:assumeRolePolicy`). */
    documents: Record<string, unknown>;
    /** Resource types of the preview that were not created in moto. */
    skipped: string[];
}

const IGNORED = /^(pulumi:|emr-dataplane:|random:)/;

/** Types the planes register that are not created in moto, and why (the launcher never calls them, or moto does not enforce them). */
export const NOT_DEPLOYED: Readonly<Record<string, string>> = {
    "aws:ec2/eip:Eip": "the NAT gateway's address: routing, which moto does not enforce",
    "aws:ec2/internetGateway:InternetGateway": "routing, which moto does not enforce",
    "aws:ec2/natGateway:NatGateway": "routing, which moto does not enforce",
    "aws:ec2/route:Route": "routing, which moto does not enforce",
    "aws:ec2/routeTable:RouteTable": "routing, which moto does not enforce",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "routing, which moto does not enforce",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "routing, which moto does not enforce",
    "aws:s3/bucketPolicy:BucketPolicy": "bucket hardening: moto ignores bucket policies (the pack and the simulator judge them)",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "bucket hardening, not enforced by moto",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "bucket hardening, not enforced by moto",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": "bucket hardening, not enforced by moto",
    "aws:s3/bucketVersioning:BucketVersioning": "bucket hardening, not enforced by moto",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "expiry, which moto does not run",
};

export async function deployToMoto(preview: StackPreview, moto: Moto, credentials?: Credentials): Promise<DeployedPlane> {
    const region = preview.world.region;
    const iam = new IAMClient(moto.clientConfig(credentials, region));
    const ec2 = new EC2Client(moto.clientConfig(credentials, region));
    const s3 = new S3Client(moto.clientConfig(credentials, region));
    const emr = new EMRServerlessClient(moto.clientConfig(credentials, region));
    const ids: Record<string, string> = {};
    const documents: Record<string, unknown> = {};
    const skipped = new Set<string>();
    const translate = (text: string) => Object.entries(ids).reduce((t, [from, to]) => t.split(from).join(to), text);
    const inputOf = (r: RegisteredResource, key: string): any => {
        const value = revealOrMask(r.inputs[key]);
        return typeof value === "string" ? translate(value) : value;
    };
    const document = (r: RegisteredResource, key: string): string => {
        const text = inputOf(r, key) as string;
        documents[`${r.name}:${key}`] = JSON.parse(text);
        return text;
    };

    for (const r of preview.resources) {
        if (IGNORED.test(r.type)) continue;
        switch (r.type) {
            case "aws:ec2/vpc:Vpc": {
                const out = await ec2.send(new CreateVpcCommand({ CidrBlock: inputOf(r, "cidrBlock") }));
                ids[r.id!] = out.Vpc!.VpcId!;
                break;
            }
            case "aws:ec2/subnet:Subnet": {
                const out = await ec2.send(new CreateSubnetCommand({
                    VpcId: inputOf(r, "vpcId"), CidrBlock: inputOf(r, "cidrBlock"), AvailabilityZone: inputOf(r, "availabilityZone"),
                }));
                ids[r.id!] = out.Subnet!.SubnetId!;
                break;
            }
            case "aws:ec2/securityGroup:SecurityGroup": {
                const out = await ec2.send(new CreateSecurityGroupCommand({
                    GroupName: String(r.outputs.name), Description: inputOf(r, "description") ?? r.name, VpcId: inputOf(r, "vpcId"),
                }));
                ids[r.id!] = out.GroupId!;
                break;
            }
            case "aws:iam/role:Role":
                await iam.send(new CreateRoleCommand({
                    RoleName: String(r.outputs.name), Path: inputOf(r, "path"), Description: inputOf(r, "description"),
                    AssumeRolePolicyDocument: document(r, "assumeRolePolicy"), MaxSessionDuration: inputOf(r, "maxSessionDuration"),
                }));
                break;
            case "aws:iam/rolePolicy:RolePolicy":
                await iam.send(new PutRolePolicyCommand({ RoleName: inputOf(r, "role"), PolicyName: String(r.outputs.name), PolicyDocument: document(r, "policy") }));
                break;
            case "aws:iam/policy:Policy": {
                const out = await iam.send(new CreatePolicyCommand({ PolicyName: String(r.outputs.name), Path: inputOf(r, "path"), PolicyDocument: document(r, "policy") }));
                ids[String(r.outputs.arn)] = out.Policy!.Arn!;
                break;
            }
            case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
                await iam.send(new AttachRolePolicyCommand({ RoleName: inputOf(r, "role"), PolicyArn: inputOf(r, "policyArn") }));
                break;
            case "aws:iam/userPolicyAttachment:UserPolicyAttachment":
                await iam.send(new AttachUserPolicyCommand({ UserName: inputOf(r, "user"), PolicyArn: inputOf(r, "policyArn") }));
                break;
            case "aws:s3/bucket:Bucket":
                await s3.send(new CreateBucketCommand({
                    Bucket: String(r.outputs.bucket),
                    ...(region === "us-east-1" ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
                }));
                break;
            case "aws:emrserverless/application:Application": {
                const network = inputOf(r, "networkConfiguration");
                const out = await emr.send(new CreateApplicationCommand({
                    name: String(r.outputs.name), type: String(inputOf(r, "type")).toUpperCase(), releaseLabel: inputOf(r, "releaseLabel"),
                    architecture: inputOf(r, "architecture"), maximumCapacity: inputOf(r, "maximumCapacity"),
                    autoStartConfiguration: inputOf(r, "autoStartConfiguration"), autoStopConfiguration: inputOf(r, "autoStopConfiguration"),
                    networkConfiguration: network && JSON.parse(translate(JSON.stringify(network))),
                }));
                ids[r.id!] = out.applicationId!;
                break;
            }
            case "aws:s3/bucketObjectv2:BucketObjectv2":
                // A tenant's output folder marker (components/planeTenants.ts).
                await s3.send(new PutObjectCommand({ Bucket: inputOf(r, "bucket"), Key: inputOf(r, "key"), Body: Buffer.from(String(inputOf(r, "content") ?? "")) }));
                break;
            default:
                if (!(r.type in NOT_DEPLOYED)) {
                    throw new Error(`deployToMoto does not know ${r.type} (${r.name}): create it in moto here, or list it in NOT_DEPLOYED with why it need not be`);
                }
                skipped.add(r.type);
        }
    }
    const message = JSON.parse(translate(JSON.stringify(revealOrMask(preview.outputs.controlPlaneMessage)))) as ControlPlaneMessage;
    return { message, ids, documents, skipped: [...skipped].sort() };
}
