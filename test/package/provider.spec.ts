/**
 * Every language: the component provider that the plugin folder dist/plugin/ (its
 * `PulumiPlugin.yaml`) starts. Its schema comes from Pulumi's own analyzer
 * (`@pulumi/pulumi/provider/experimental`) run on our sources at build time and shipped; every
 * exported component must be in it with every input and output described, and each must construct
 * through the provider (as a Python or YAML program's request would) under the AWS-like mocks.
 * test/package/consumer.ts checks the same of the schema an installed tarball serves.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import * as components from "../../components";
import * as yaml from "js-yaml";
import { COMPONENTS, PLUGIN_DIR, PROVIDER_NAME, SCHEMA_FILE, createComponentProvider, sharedComponentProvider } from "../../provider";
import { validateLaunchConfigurationArgs } from "../../components";
import { ACCOUNT, REGION, childrenOf, one, run } from "../helpers/offline";
import { schemaFromPlugin, undescribed } from "../helpers/pluginHost";

interface Property { description?: string; plain?: boolean; type?: string; $ref?: string; items?: Property; additionalProperties?: Property }
interface Schema {
    name: string;
    resources: Record<string, { description?: string; inputProperties: Record<string, Property>; properties: Record<string, Property>; requiredInputs: string[] }>;
    types: Record<string, { type: string; properties?: Record<string, Property>; enum?: { name: string; value: string; description?: string }[] }>;
}

const RUNTIME = `arn:aws:iam::${ACCOUNT}:role/acme-job-runtime`;
const SUBNETS = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"];
const SG = "sg-0bbbbbbbbbbbbbbb1";
const settings = validateLaunchConfigurationArgs({ namespace: "team", configurationName: "daily", releaseLabel: "emr-7.5.0", entryPoint: "s3://acme-resources/staging/job.py", submitParameters: "--conf spark.executor.cores=2" });

/**
 * What a program in another language would send for each component, as the engine delivers it:
 * plain values, and Outputs where the program wires another resource's outputs (output values).
 */
const inputs = (): Record<string, Record<string, unknown>> => ({
    ResourceBucket: { bucketName: "acme-resources" },
    RuntimeRole: { bucketName: "acme-resources", assumableRoleArns: ["arn:aws:iam::777788889999:role/data-*"] },
    LaunchRole: { runtimeRoleArn: RUNTIME, bucketName: "acme-resources", trustedPrincipalArns: ["arn:aws:iam::111122223333:role/vendor"] },
    Network: { egress: "https" },
    SparkApplication: { bucketName: "acme-resources", subnetIds: SUBNETS, securityGroupIds: [SG], maximumCapacity: { cpu: "8 vCPU", memory: "32 GB" } },
    LaunchProfile: { namespace: "team", profileName: "etl", runtimeRoleArn: RUNTIME, subnetIds: SUBNETS, securityGroupIds: [SG], bucketName: "acme-resources" },
    LaunchConfiguration: { namespace: "team", configurationName: "daily", releaseLabel: "emr-7.5.0", entryPoint: "s3://acme-resources/staging/job.py", submitParameters: "--conf spark.executor.cores=2" },
    GuardedLauncher: {
        profile: {
            namespace: "team", profileName: "etl", parameterName: "/emr-dataplane/profiles/team/etl", documentJson: pulumi.output("{}"),
            runtimeRoleArn: pulumi.output(RUNTIME), subnetIds: pulumi.output(SUBNETS), securityGroupIds: [pulumi.output(SG)], logUri: pulumi.output("s3://acme-resources/logs/team/etl/"),
        },
        configuration: { namespace: "team", configurationName: "daily", parameterName: "/emr-dataplane/configurations/team/daily", settings, secretArns: {} },
    },
    JobSecret: { secretName: "team/db-password", applicationArns: [pulumi.output(`arn:aws:emr-serverless:${REGION}:${ACCOUNT}:/applications/00f1abcd`)] },
    CrossAccountDataSource: { consumerRoleArns: [RUNTIME], accessPointName: "acme-sales-emr" },
    AccessPointGrant: { roleName: "acme-job-runtime", accessPointArn: `arn:aws:s3:${REGION}:111122223333:accesspoint/acme-sales-emr`, kmsKeyArn: `arn:aws:kms:${REGION}:111122223333:key/k-1` },
    PlaneTenants: { tenants: [{ id: "acme", customerRoleArns: ["arn:aws:iam::777788889999:role/acme-data"] }], bucketName: pulumi.output("vendor-resources"), runtimeRoleName: "vendor-job-runtime" },
});
const COMPONENT_NAMES = Object.keys(inputs());

describe("component provider (every Pulumi language)", function () {
    this.timeout(600_000);
    let provider: ComponentProvider;
    let schema: Schema;
    before(async () => {
        provider = sharedComponentProvider().provider;
        schema = JSON.parse(await sharedComponentProvider().schema);
    });

    it("serves every component the package exports, under the emr-dataplane token prefix", () => {
        const exported = getPulumiComponents(components).map((c) => c.name).sort();
        expect(COMPONENTS.map((c) => c.name).sort()).to.deep.equal(exported);
        expect(exported.length).to.be.greaterThanOrEqual(9);
        expect(schema.name).to.equal(PROVIDER_NAME);
        expect(Object.keys(schema.resources).sort()).to.deep.equal(exported.map((n) => `emr-dataplane:index:${n}`));
        expect([...COMPONENT_NAMES].sort(), "this spec constructs every component").to.deep.equal(exported);
    });

    it("describes every component, input and output, and every property of its types", () => {
        expect(undescribed(schema)).to.deep.equal([]);
    });

    it("takes what users wire as inputs (not plain), and literal choices as enums", () => {
        const inputs = (name: string) => schema.resources[`emr-dataplane:index:${name}`].inputProperties;
        for (const [component, field] of [["LaunchRole", "runtimeRoleArn"], ["LaunchRole", "externalId"], ["LaunchRole", "trustedPrincipalArns"],
            ["RuntimeRole", "assumableRoleArns"], ["ResourceBucket", "existingBucketName"], ["CrossAccountDataSource", "consumerRoleArns"],
            ["AccessPointGrant", "accessPointArn"], ["LaunchProfile", "subnetIds"]]) {
            expect(inputs(component)[field], `${component}.${field}`).to.not.have.property("plain");
        }
        expect(inputs("ResourceBucket").manageAdoptedParts.items?.$ref).to.equal("#/types/emr-dataplane:index:BucketPart");
        expect(schema.types["emr-dataplane:index:BucketPart"].enum?.map((e) => e.value)).to.deep.equal([...components.BUCKET_PARTS]);
        expect(schema.types["emr-dataplane:index:EgressMode"].enum?.map((e) => e.value)).to.deep.equal(["all", "https"]);
        expect(schema.types["emr-dataplane:index:InternetEgress"].enum?.map((e) => e.value)).to.deep.equal(["none", "nat", "endpoints"]);
        expect(inputs("GuardedLauncher").profile.$ref).to.equal("#/types/emr-dataplane:index:LauncherProfile");
    });

    for (const served of ["analysed from the sources", "shipped (as an install serves it)"]) it(`constructs each component through the provider, with its children and its outputs (schema ${served})`, async () => {
        const states: Record<string, string[]> = {};
        const via = served.startsWith("shipped") ? createComponentProvider() : provider;
        const r = await run(async () => {
            for (const [name, args] of Object.entries(inputs())) {
                const result = await via.construct(`p-${name}`, `emr-dataplane:index:${name}`, args, {});
                states[name] = Object.keys(result.state).sort();
                await new Promise<string>((resolve) => pulumi.output(result.urn).apply((u) => { resolve(u); return u; }));
            }
        });
        for (const name of COMPONENT_NAMES) {
            const component = one(r.resources, `emr-dataplane:index:${name}`, `p-${name}`);
            expect(childrenOf(r.resources, component.urn).length, `${name} children`).to.be.greaterThan(0);
            expect(states[name], `${name} state`).to.deep.equal(Object.keys(schema.resources[`emr-dataplane:index:${name}`].properties).sort());
        }
    });

    it("ships the schema the analyzer derives from the sources now (dist/plugin/schema.json, npm run build)", async () => {
        expect(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")), "dist/plugin/schema.json is stale: npm run build").to.deep.equal(schema);
        // The shipped-schema provider (what an install serves) gives the same, and constructs with the schema's outputs.
        expect(JSON.parse(await createComponentProvider().getSchema())).to.deep.equal(schema);
    });

    it("starts the way the Pulumi CLI starts a plugin: run-plugin loads the plugin folder's main, which serves the shipped schema over gRPC", async () => {
        expect(fs.existsSync(path.join(PLUGIN_DIR, "index.js")), "dist/plugin/ is built (npm run build)").to.equal(true);
        const manifest = yaml.load(fs.readFileSync(path.join(PLUGIN_DIR, "PulumiPlugin.yaml"), "utf8")) as { runtime: { name: string; options: { typescript: boolean } } };
        expect(manifest.runtime).to.deep.equal({ name: "nodejs", options: { typescript: false } });
        expect(await schemaFromPlugin(PLUGIN_DIR)).to.deep.equal(schema);
    });
});
