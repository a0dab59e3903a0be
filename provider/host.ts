/**
 * The Pulumi plugin's host: the plugin folder's entry (dist/plugin/index.js loads this compiled
 * file). The Pulumi CLI's Node.js host runs it (`run-plugin <folder> <engine address>`); it serves
 * every component over gRPC, with the schema shipped in dist/plugin/schema.json. It exports
 * nothing: `run-plugin` would start a second, analysing host for any component it exported.
 */
import { main } from "@pulumi/pulumi/provider";
import { createComponentProvider } from "./index";

main(createComponentProvider(), process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
});
