import { defineCommand } from '../define.js';

export default defineCommand({
  name: 'report',
  describe: 'write and print REPORT.md of an execution (timeline, steps, evidence); --html for one page',
  args: {
    id: { type: 'string', positional: true, describe: 'execution id, a unique prefix of it, or "latest" (default)' },
    html: {
      type: 'string',
      describe: 'write a self-contained HTML page instead: to this file, or report.html in the execution folder',
    },
  },
  examples: [
    ['report', 'REPORT.md of the latest execution, printed too'],
    ['report latest --html', 'the HTML page, in the execution folder'],
  ],
  async run(args, context) {
    const { store, config } = await context.project();
    const { writeHtmlReport, writeMarkdownReport } = await import('../../reports/write.js');
    const state = store.read(store.resolve(args.id ?? 'latest'));
    const now = new Date().toISOString();
    if (args.html !== undefined) {
      const page = writeHtmlReport(config, state, now, {
        ...(args.html ? { given: args.html } : {}),
        cwd: context.cwd,
      });
      return {
        stdout: `Report written: ${page.file} (${(page.text.length / 1024).toFixed(0)} KiB, one self-contained page)`,
        json: { file: page.file, bytes: Buffer.byteLength(page.text) },
      };
    }
    const report = writeMarkdownReport(config, state, now);
    return {
      stdout: report.text.trimEnd(),
      json: { file: report.file, markdown: report.text },
      notes: [`written: ${report.file}`],
    };
  },
});
