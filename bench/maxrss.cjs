// Preloaded by bench/run.mjs (node --require): reports the process's peak resident memory on exit.
process.on('exit', () => process.stderr.write(`maxrss:${process.resourceUsage().maxRSS}\n`));
