/**
 * The registry of agent CLIs: one file per CLI in this folder, each an `AgentTarget`. Everything
 * that depends on which CLI it is — `run --agent` command lines, headless runs, where sessions
 * are found, agent folders and exports, the end of a session prompt, labels — reads it here.
 * Adding an agent CLI is one new file and one line below (and its name in `names.ts`).
 */
import { claude } from './claude.js';
import { codex } from './codex.js';
import { copilot } from './copilot.js';
import { copilotDelegate } from './copilot-delegate.js';
import { gemini } from './gemini.js';
import { generic } from './generic.js';
import type { Target } from './names.js';
import { opencode } from './opencode.js';
import type { AgentFolderKind, AgentTarget, McpClient } from './target.js';
import { vscode } from './vscode.js';

export type { Target } from './names.js';
export { TARGETS } from './names.js';
export type * from './target.js';

/** In the order agent folders are read (an earlier folder wins a shared name). */
export const TARGET_LIST: readonly AgentTarget[] = [claude, copilot, copilotDelegate, gemini, opencode, codex, generic];

const BY_NAME = new Map<string, AgentTarget>(TARGET_LIST.map((target) => [target.name, target]));

export function targetNamed(name: Target): AgentTarget;
export function targetNamed(name: string): AgentTarget | undefined;
export function targetNamed(name: string): AgentTarget | undefined {
  return BY_NAME.get(name);
}

/** The agent CLIs `run --agent <name>` starts by name. */
export function launchableTargets(): AgentTarget[] {
  return TARGET_LIST.filter((target) => target.launch);
}

/** The agent CLIs with a headless JSON mode, which `run --headless --agent <name>` starts. */
export function headlessTargets(): AgentTarget[] {
  return TARGET_LIST.filter((target) => target.headless);
}

/** The agent CLIs `ci github` installs on a runner and runs headless there. */
export function ciTargets(): AgentTarget[] {
  return TARGET_LIST.filter((target) => target.headless && target.ci);
}

/** The agent CLIs whose own session folders are searched, each once (copilot-delegate shares Copilot's). */
export function sessionTargets(): AgentTarget[] {
  const seen = new Set<unknown>();
  return TARGET_LIST.filter((target) => {
    if (!target.sessions || seen.has(target.sessions)) return false;
    seen.add(target.sessions);
    return true;
  });
}

/**
 * The clients `mcp --print-config` registers the MCP server with: each agent CLI that speaks MCP,
 * then the editors that are not agent CLIs of this registry (VS Code).
 */
export function mcpClients(): McpClient[] {
  const clis = TARGET_LIST.flatMap((target) =>
    target.mcpConfig ? [{ name: target.name, label: target.label, mcpConfig: target.mcpConfig }] : [],
  );
  return [...clis, vscode];
}

/** Every agent CLI's agent folders, in the order they are read. */
export function targetAgentFolders(): AgentFolderKind[] {
  return TARGET_LIST.flatMap((target) => target.agentFiles?.folders ?? []);
}

/** How an agent CLI reads one of its agent files that is not markdown (Codex's TOML), by its name. */
export function agentFileReader(name: string): NonNullable<AgentTarget['agentFiles']>['read'] {
  for (const target of TARGET_LIST) {
    const files = target.agentFiles;
    if (files?.read && files.folders.some((folder) => folder.matches(name))) return files.read;
  }
  return undefined;
}
