// Preloaded by the benches (node --require): report the process's peak resident memory and the CPU
// time of all its threads (user + system, microseconds) at exit.
process.on("exit", () => {
    const u = process.resourceUsage();
    process.stderr.write(`\nmaxrss-kib ${u.maxRSS} cpu-us ${u.userCPUTime + u.systemCPUTime}\n`);
});
