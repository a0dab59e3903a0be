import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { validateDataPrefixes } from "./crossAccountDataSource";
import { accessPointGrantPolicy, toJson } from "../iam";
import { parseAccessPointArn, parseKmsKeyArn } from "../../vocabulary/arn";
import * as v from "../validation";

export interface AccessPointGrantArgs {
    /**
     * Name of the role to grant to: a data plane's job runtime role (`RuntimeRole.roleName`, or the
     * last part of `controlPlaneMessage.jobRuntimeRoleArn`), in the account this is deployed to. Required.
     */
    roleName: pulumi.Input<string>;
    /** ARN of the data owner's access point (`CrossAccountDataSource.accessPointArn`). Required. */
    accessPointArn: pulumi.Input<string>;
    /** ARN of the data owner's bucket key (`CrossAccountDataSource.kmsKeyArn`); used only through S3. Required. */
    kmsKeyArn: pulumi.Input<string>;
    /** The prefix the role may read, as the owner's access point policy grants it. Defaults to `"input/"`. */
    inputPrefix?: string;
    /** The prefix the role may write, as the owner's access point policy grants it. Defaults to `"output/"`. */
    outputPrefix?: string;
    /**
     * Name of the inline policy (unique per role; one grant per data source). 1-128 of `[\w+=,.@-]`.
     * Defaults to `data-source-<access point name>`.
     */
    policyName?: string;
}

/**
 * The consumer's side of cross-account access through an S3 access point: an inline policy on an
 * existing role (a data plane's runtime role) allowing exactly the owner's access point for the
 * input and output prefixes, and the owner's key through S3. Deploy it in the role's account;
 * the owner's `CrossAccountDataSource` must name the role.
 */
export class AccessPointGrant extends pulumi.ComponentResource {
    /** Name of the inline policy on the role. */
    public readonly policyName: pulumi.Output<string>;
    /** The identity policy attached to the role (JSON). */
    public readonly policyDocument: pulumi.Output<string>;

    constructor(name: string, args: AccessPointGrantArgs, opts?: pulumi.ComponentResourceOptions) {
        super("emr-dataplane:index:AccessPointGrant", name, {}, opts);
        // The ARNs usually come from the owner's stack (a StackReference): checked now when known, else at apply time.
        const cfg = v.checked({ ...args, roleName: undefined }, (known) => validateAccessPointGrantArgs(known));
        this.policyName = cfg.policyName;
        this.policyDocument = cfg.apply((c) => toJson(accessPointGrantPolicy(c)));
        new aws.iam.RolePolicy(`${name}-policy`, {
            role: args.roleName,
            name: cfg.policyName,
            policy: this.policyDocument,
        }, { parent: this });
        this.registerOutputs({ policyName: this.policyName, policyDocument: this.policyDocument });
    }
}

/** The validated, defaulted form of {@link AccessPointGrantArgs} (without the role). */
export interface AccessPointGrantSettings {
    accessPointArn: string;
    kmsKeyArn: string;
    inputPrefix: string;
    outputPrefix: string;
    policyName: string;
}

/** Validates and defaults {@link AccessPointGrantArgs}; throws a {@link v.ValidationError} naming the field. */
export function validateAccessPointGrantArgs(args: Partial<AccessPointGrantArgs>, field = (f: string) => `args.${f}`): AccessPointGrantSettings {
    const accessPointArn = v.accessPointArn(field("accessPointArn"), args.accessPointArn);
    const kmsKeyArn = v.kmsKeyArn(field("kmsKeyArn"), args.kmsKeyArn);
    const { region: apRegion, accountId: apAccount } = parseAccessPointArn(accessPointArn)!;
    const { region: keyRegion, accountId: keyAccount } = parseKmsKeyArn(kmsKeyArn)!;
    if (apAccount !== keyAccount || apRegion !== keyRegion) {
        throw new v.ValidationError(field("kmsKeyArn"), `is in ${keyAccount}/${keyRegion}, but the access point is in ${apAccount}/${apRegion}: give the key of the access point's bucket (same account and region)`);
    }
    const policyName = args.policyName ?? `data-source-${accessPointArn.split("/").pop()}`;
    if (!/^[\w+=,.@-]{1,128}$/.test(policyName)) {
        throw new v.ValidationError(field("policyName"), `must be 1-128 characters of letters, digits and +=,.@_-, got ${JSON.stringify(policyName)}`);
    }
    return {
        accessPointArn,
        kmsKeyArn,
        ...validateDataPrefixes(args.inputPrefix ?? "input/", args.outputPrefix ?? "output/", field),
        policyName,
    };
}
