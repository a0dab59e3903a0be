/**
 * The plane's own EMR Serverless application and the principals that launch on it: whoever may start
 * job runs on an application the plane owns must not also create, update or delete applications —
 * "Updating Running Applications" (EMR Serverless User Guide): UpdateApplication raises or lowers the
 * maximum capacity even of a STARTED application, so such a launch role could lift the cap the paying
 * account set.
 */
import { ParsedDocument, allows, coversAction, hasWildcard } from "../model/documents";
import { Finding, stackRule } from "../model/rule";
import { IdentityDocument, StackModel } from "../model/stackModel";
import { arnPattern } from "../../vocabulary/arn";

export const SPARK_APPLICATION_COMPONENT = "emr-dataplane:index:SparkApplication";
const APPLICATION_TYPE = "aws:emrserverless/application:Application";

/** The actions that make or change an application (and so its maximum capacity). */
export const APPLICATION_CHANGING_ACTIONS = ["emr-serverless:CreateApplication", "emr-serverless:UpdateApplication", "emr-serverless:DeleteApplication"] as const;

/** An EMR Serverless application's ARN: `arn:<p>:emr-serverless:<region>:<account>:/applications/<id>` (the id is group 1). */
const APPLICATION_ARN = arnPattern("emr-serverless", "\\/applications\\/([^/]+)");

/** Whether an ARN names one application (no wildcard in its id, region or account). */
function namesOneApplication(resource: string): boolean {
    const m = APPLICATION_ARN.exec(resource);
    return m !== null && !hasWildcard(resource);
}

type ReadableDocument = IdentityDocument & { read: { status: "ok"; document: ParsedDocument } };

/** The readable documents of each principal (by holder; a document nobody is known to hold stands alone). */
function byPrincipal(model: StackModel): { who: string; documents: ReadableDocument[] }[] {
    const groups = new Map<string, ReadableDocument[]>();
    // Indexed (../model/statements.ts): one step per identity document of the stack.
    const documents = model.identityDocuments();
    for (let i = 0; i < documents.length; i++) {
        const d = documents[i];
        if (d.read.status !== "ok") continue;
        const holders = d.holders.length ? [...new Set(d.holders)] : [`${d.resource.type.split(":").pop()} ${d.resource.name}`];
        for (const h of holders) {
            const held = groups.get(h);
            if (held) held.push(d as ReadableDocument);
            else groups.set(h, [d as ReadableDocument]);
        }
    }
    return [...groups].map(([who, documents]) => ({ who, documents }));
}

export const launchRoleCannotChangePlaneApplication = stackRule({
    name: "launch-role-cannot-change-plane-application",
    remediation: "Pair the launch role with the plane's application (LaunchRole `applicationId`): it then starts, follows and cancels job runs on it only. " +
        "To let the launcher create applications instead, set applicationMode to launcher and give the plane no application of its own.",
    description: "When the plane owns its EMR Serverless application — the stack has one under a SparkApplication component, or a principal's " +
        "StartJobRun names one application by its id — no principal that may start job runs may also create, update or delete applications: " +
        "UpdateApplication changes the maximum capacity even of a started application (\"Updating Running Applications\"), so such a launch role " +
        "could lift the cap the paying account set.",
    check: (model) => {
        const planeOwned = model.ofType(APPLICATION_TYPE).some((r) => model.within(r, SPARK_APPLICATION_COMPONENT));
        const findings: Finding[] = [];
        const reported = new Set<string>();
        for (const { who, documents } of byPrincipal(model)) {
            const statements = documents.flatMap((d) => allows(d.read.document).map((s) => ({ s, d })));
            const starts = statements.filter(({ s }) => coversAction(s, "emr-serverless:StartJobRun"));
            if (starts.length === 0) continue;
            const paired = planeOwned || starts.some(({ s }) => (s.resources ?? []).length > 0 && (s.resources ?? []).every(namesOneApplication));
            if (!paired) continue;
            for (const action of APPLICATION_CHANGING_ACTIONS) {
                const granting = statements.find(({ s }) => coversAction(s, action));
                if (!granting) continue;
                const key = `${granting.d.resource.urn} ${action}`;
                if (reported.has(key)) continue;
                reported.add(key);
                findings.push({
                    urn: granting.d.resource.urn,
                    message: `${granting.d.site.path}: ${granting.s.label} lets ${who}, which starts job runs on the plane's own application, ${action.split(":")[1]}: ` +
                        "a launch role paired with a plane-owned application must not create, update or delete applications (UpdateApplication lifts the maximum capacity)",
                });
            }
        }
        return findings;
    },
});
