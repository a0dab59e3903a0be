// Preloaded by the benches (node --require): report the process's peak resident memory at exit.
process.on("exit", () => process.stderr.write(`\nmaxrss-kib ${process.resourceUsage().maxRSS}\n`));
