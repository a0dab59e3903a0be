/**
 * Type-level tests of the config tables, checked by `tsc --noEmit` (`npm run typecheck`, and CI's
 * type-check step), never run: a key may feed only a field the component's Args has, so renaming a
 * component field without its key fails to compile. Each `@ts-expect-error` below must stay an
 * error, or tsc fails ("unused @ts-expect-error directive").
 */
import { ConfigKey } from "../../stacks/configTable";
import { CONTROL_PLANE_CONFIG } from "../../stacks/controlplane/config";
import { dataPlaneKeyOf } from "../../stacks/dataplane/config";
import { DATA_PLANE_CONFIG, DataPlaneParts } from "../../stacks/dataplane/configSchema";
import { DATA_SOURCE_CONFIG } from "../../stacks/datasource/configSchema";
import { LAUNCHER_CONFIG } from "../../stacks/guardedLaunch/config";

export function configTableTypeCases(): void {
    // A key feeding a real field compiles.
    const ok: ConfigKey<DataPlaneParts> = { key: "logRetentionDays", type: "integer", feeds: "bucket.logRetentionDays", description: "" };

    // @ts-expect-error ResourceBucketArgs has logRetentionDays, not logRetentionDay: a renamed or misspelt field does not compile.
    const renamed: ConfigKey<DataPlaneParts> = { key: "logRetentionDays", type: "integer", feeds: "bucket.logRetentionDay", description: "" };

    // @ts-expect-error The data plane feeds no part named "bukket".
    const part: ConfigKey<DataPlaneParts> = { key: "bucketName", type: "string", feeds: ["bukket.bucketName"], description: "" };

    // @ts-expect-error The keys feeding a component's field name the config key in its errors: only the plane's parts have a mapper.
    dataPlaneKeyOf("bukket");

    // Every project's own table is typed by what it feeds (none of them is a table of `any`).
    // @ts-expect-error LaunchRoleArgs has no roleNam.
    DATA_PLANE_CONFIG.derived = { "launch.roleNam": "namePrefix" };
    // @ts-expect-error CrossAccountDataSourceArgs has no accessPoint field (it is accessPointName).
    DATA_SOURCE_CONFIG.keys[0].feeds = "owner.accessPoint";
    // @ts-expect-error LaunchProfileArgs has no runtimeRole field (it is runtimeRoleArn).
    LAUNCHER_CONFIG.keys[0].feeds = "profile.runtimeRole";
    // @ts-expect-error The control plane feeds no component at all.
    CONTROL_PLANE_CONFIG.keys[0].feeds = "planes.dataPlanes";

    void [ok, renamed, part];
}
