/**
 * VS Code (Copilot Chat's agent mode): not an agent CLI the conductor starts or writes prompts
 * for, but a client of its MCP server. Workspace servers are `.vscode/mcp.json`, under `servers`
 * (not `mcpServers`), each with its `type`.
 */
import { jsonText } from './files.js';
import type { McpClient } from './target.js';

export const vscode: McpClient = {
  name: 'vscode',
  label: 'VS Code',
  mcpConfig: {
    where: '.vscode/mcp.json in the workspace',
    format: 'json',
    render: ({ name, command, args }) => jsonText({ servers: { [name]: { type: 'stdio', command, args } } }),
  },
};
