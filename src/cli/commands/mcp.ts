import { ConductorError } from '../../errors.js';
import { defineCommand } from '../define.js';

/** What every client is told to start: the project's own swarm-conductor when it has one (npx finds it). */
const SERVER = { name: 'swarm-conductor', command: 'npx', args: ['swarm-conductor', 'mcp'] } as const;

export default defineCommand({
  name: 'mcp',
  describe: 'serve the project to agent CLIs over the Model Context Protocol (stdio), or print how to register it',
  args: {
    'print-config': {
      type: 'string',
      describe: 'print what registers the server in claude | copilot | codex | gemini | vscode, and serve nothing',
    },
  },
  examples: [
    ['mcp --print-config claude', 'the claude mcp add command line'],
    ['mcp --print-config codex', 'the table for ~/.codex/config.toml'],
  ],
  async run(args, context) {
    if (args['print-config'] !== undefined) {
      const { mcpClients } = await import('../../targets/index.js');
      const clients = mcpClients();
      const client = clients.find((candidate) => candidate.name === args['print-config']);
      if (!client) {
        throw new ConductorError(
          'USAGE',
          `--print-config must be one of ${clients.map((candidate) => candidate.name).join(', ')}, ` +
            `not ${JSON.stringify(args['print-config'])}`,
        );
      }
      const text = client.mcpConfig.render(SERVER).trimEnd();
      const { where, format } = client.mcpConfig;
      const how = format === 'shell' ? `${client.label}: ${where}` : `${client.label}: merge into ${where}`;
      return { stdout: text, json: { client: client.name, label: client.label, where, format, text }, notes: [how] };
    }
    const { serveMcp } = await import('../../mcp/server.js');
    await serveMcp({
      cwd: context.cwd,
      configPath: context.config,
      env: context.env,
      command: context.command,
      input: process.stdin,
      output: process.stdout,
    });
    return { stdout: '' };
  },
});
