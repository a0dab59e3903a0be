/**
 * The onboarding stack in the two forms a customer deploys: a CloudFormation template (with its
 * quick-create link) and a Pulumi program in TypeScript. Both hold the same IAM (./policies.ts):
 * the permissions boundary, the deployer's managed policies and the deployer role.
 */
import type { RegisteredResource } from "../recorded";
import { OnboardingIam } from "./policies";

/** Tag every onboarding resource carries: not a plane tag, so no tag-scoped grant of the plane matches it. */
export const ONBOARDING_TAG = "dataplane-onboarding:customer";

/** The deployer's session limit: one hour, also the most a chained role session may last (IAM User Guide, "Roles terms and concepts"). */
export const DEPLOYER_MAX_SESSION_SECONDS = 3600;

/** A CloudFormation logical id: letters and digits only. */
export function logicalId(name: string): string {
    return name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join("");
}

function policyArnOf(iam: OnboardingIam, name: string): string {
    return iam.boundaryArn.replace(/policy\/.*$/, `policy/${name}`);
}

const EXTERNAL_ID_PARAMETER = "ExternalId";

/**
 * The CloudFormation template ("AWS::IAM::Role", "AWS::IAM::ManagedPolicy" in the CloudFormation
 * User Guide's template reference). Named IAM resources: the stack needs CAPABILITY_NAMED_IAM (the
 * console's "I acknowledge that this template may create IAM resources").
 */
export function cloudFormationTemplate(iam: OnboardingIam, customerId: string): Record<string, unknown> {
    const resources: Record<string, unknown> = {};
    const tags = [{ Key: ONBOARDING_TAG, Value: customerId }];
    resources.PermissionsBoundary = {
        Type: "AWS::IAM::ManagedPolicy",
        Properties: {
            ManagedPolicyName: iam.boundary.name,
            Description: `Caps every role the vendor's deployer creates for data plane ${customerId} at what the plane's roles need`,
            PolicyDocument: iam.boundary.document,
        },
    };
    for (const p of iam.deployerPolicies) {
        resources[logicalId(p.name)] = {
            Type: "AWS::IAM::ManagedPolicy",
            Properties: { ManagedPolicyName: p.name, Description: `Deployer of data plane ${customerId}: ${p.name.split("-").pop()}`, PolicyDocument: p.document },
        };
    }
    resources.DeployerRole = {
        Type: "AWS::IAM::Role",
        DependsOn: ["PermissionsBoundary", ...iam.deployerPolicies.map((p) => logicalId(p.name))],
        Properties: {
            RoleName: iam.names.deployerRole,
            Description: `The vendor deploys, updates and destroys data plane ${customerId} with this role, and nothing else`,
            AssumeRolePolicyDocument: iam.trust("{{ExternalId}}"),
            ManagedPolicyArns: iam.deployerPolicies.map((p) => policyArnOf(iam, p.name)),
            MaxSessionDuration: DEPLOYER_MAX_SESSION_SECONDS,
            Tags: tags,
        },
    };
    // The trust's ExternalId is the parameter's value.
    const json = JSON.stringify(resources).split("\"{{ExternalId}}\"").join(JSON.stringify({ Ref: EXTERNAL_ID_PARAMETER }));
    return {
        AWSTemplateFormatVersion: "2010-09-09",
        Description: `Onboarding of EMR Serverless data plane ${customerId}: a deployer role for the vendor, scoped to this plane and unable to mint an administrator`,
        Parameters: {
            [EXTERNAL_ID_PARAMETER]: {
                Type: "String",
                MinLength: 2,
                MaxLength: 1224,
                AllowedPattern: "[\\w+=,.@:/-]*",
                Description: "The ExternalId the vendor gave you for this deployer role (unique to you; not the plane's launch-role ExternalId)",
            },
        },
        Resources: JSON.parse(json),
        Outputs: {
            DeployerRoleArn: { Description: "Give this to the vendor", Value: iam.deployerRoleArn },
            PermissionsBoundaryArn: { Description: "Every role the deployer creates carries it", Value: iam.boundaryArn },
        },
    };
}

/**
 * The quick-create link ("Creating quick-create links for stacks", CloudFormation User Guide):
 * the template must be in S3 in the stack's region; `param_<Name>` prefills a parameter.
 */
export function quickCreateLink(region: string, templateUrl: string, stackName: string, externalId: string): string {
    const q = [`templateURL=${encodeURIComponent(templateUrl)}`, `stackName=${encodeURIComponent(stackName)}`, `param_${EXTERNAL_ID_PARAMETER}=${encodeURIComponent(externalId)}`];
    return `https://${region}.console.aws.amazon.com/cloudformation/home?region=${region}#/stacks/create/review?${q.join("&")}`;
}

export function onboardingStackName(customerId: string): string {
    return `dataplane-onboarding-${customerId}`;
}

/** The same IAM as a Pulumi program: `Pulumi.yaml`, `package.json` and `index.ts`. The ExternalId is a secret config value. */
export function pulumiProgram(iam: OnboardingIam, customerId: string, region: string): Record<string, string> {
    const project = onboardingStackName(customerId);
    const policies = iam.deployerPolicies.map((p, i) => `    new aws.iam.Policy(${JSON.stringify(p.name)}, {\n        name: ${JSON.stringify(p.name)},\n` +
        `        policy: ${JSON.stringify(JSON.stringify(p.document))},\n    }),${i === iam.deployerPolicies.length - 1 ? "" : ""}`).join("\n");
    const index = `// Onboarding of EMR Serverless data plane ${customerId}: the vendor's deployer role, scoped to this plane.
// Generated by \`dataplane onboard\`; review it, then: pulumi config set --secret externalId <the value the vendor gave you> && pulumi up
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const externalId = new pulumi.Config().requireSecret("externalId");
const tags = { ${JSON.stringify(ONBOARDING_TAG)}: ${JSON.stringify(customerId)} };

// Every role the deployer creates must carry this boundary.
const boundary = new aws.iam.Policy(${JSON.stringify(iam.boundary.name)}, {
    name: ${JSON.stringify(iam.boundary.name)},
    policy: ${JSON.stringify(JSON.stringify(iam.boundary.document))},
    tags,
});

const policies = [
${policies}
];

const trust = ${JSON.stringify(iam.trust("{{ExternalId}}"))};
const role = new aws.iam.Role(${JSON.stringify(iam.names.deployerRole)}, {
    name: ${JSON.stringify(iam.names.deployerRole)},
    assumeRolePolicy: externalId.apply((id) => JSON.stringify(trust).split("{{ExternalId}}").join(id)),
    maxSessionDuration: ${DEPLOYER_MAX_SESSION_SECONDS},
    tags,
});
policies.forEach((p, i) => new aws.iam.RolePolicyAttachment(\`${iam.names.deployerRole}-\${i}\`, { role: role.name, policyArn: p.arn }));

export const deployerRoleArn = role.arn;
export const permissionsBoundaryArn = boundary.arn;
`;
    return {
        "Pulumi.yaml": `name: ${project}\nruntime: nodejs\ndescription: The vendor's deployer role for data plane ${customerId}, scoped to the plane\nconfig:\n  aws:region: ${region}\n`,
        "package.json": JSON.stringify({ name: project, private: true, main: "index.ts", dependencies: { "@pulumi/aws": "^7.48.0", "@pulumi/pulumi": "^3.248.0" }, devDependencies: { typescript: "^5", "@types/node": "^20" } }, null, 2) + "\n",
        "index.ts": index,
    };
}

/**
 * The template's IAM resources as the policy pack sees a stack's (type, inputs): the boundary and
 * the deployer's policies as `aws:iam/policy:Policy`, the role, and one attachment per policy.
 */
export function packResources(iam: OnboardingIam, customerId: string, externalId: string): RegisteredResource[] {
    const project = onboardingStackName(customerId);
    const urn = (type: string, name: string) => `urn:pulumi:${customerId}::${project}::${type}::${name}`;
    const base = { custom: true, op: "register" as const, outputs: {}, retainOnDelete: false, protect: false, dependencies: [] };
    const policies = [iam.boundary, ...iam.deployerPolicies].map((p): RegisteredResource => ({
        ...base, urn: urn("aws:iam/policy:Policy", p.name), type: "aws:iam/policy:Policy", name: p.name, id: policyArnOf(iam, p.name),
        inputs: { name: p.name, policy: JSON.stringify(p.document) },
        outputs: { arn: policyArnOf(iam, p.name), name: p.name },
    }));
    const role: RegisteredResource = {
        ...base, urn: urn("aws:iam/role:Role", iam.names.deployerRole), type: "aws:iam/role:Role", name: iam.names.deployerRole, id: iam.names.deployerRole,
        inputs: { name: iam.names.deployerRole, assumeRolePolicy: JSON.stringify(iam.trust(externalId)), maxSessionDuration: DEPLOYER_MAX_SESSION_SECONDS, tags: { [ONBOARDING_TAG]: customerId } },
        outputs: { arn: iam.deployerRoleArn, name: iam.names.deployerRole },
    };
    const attachments = iam.deployerPolicies.map((p, i): RegisteredResource => ({
        ...base, urn: urn("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${iam.names.deployerRole}-${i}`), type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        name: `${iam.names.deployerRole}-${i}`, id: `${iam.names.deployerRole}-${i}`, inputs: { role: iam.names.deployerRole, policyArn: policyArnOf(iam, p.name) },
    }));
    return [...policies, role, ...attachments];
}
