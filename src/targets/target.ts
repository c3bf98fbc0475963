/**
 * What the conductor knows about one agent CLI, in one place: how to start it (interactive, in
 * print mode, in its headless JSON mode), where it keeps its own sessions, the agent files it
 * reads and writes, and what a session prompt tells the person at its end. One file per CLI in
 * this folder implements it; `index.ts` is the registry every other part reads.
 */
import type { ExportedFile } from '../agents/export-kit.js';
import type { FrontMatterFile } from '../agents/parse.js';
import type { TranscriptFormat } from '../transcripts/record.js';
import type { AgentProfile, Env } from '../types.js';
import type { Target } from './names.js';

export type { Env } from '../types.js';

/**
 * Command lines, word by word: `{prompt}` is the prompt's text, `{promptFile}` a file holding
 * only the agent's text, `{transcript}` the step's transcript place.
 */
export interface Launch {
  interactive: readonly string[];
  print: readonly string[];
}

/** The CLI's headless JSON mode: the event stream on stdout is the step's transcript. */
export interface Headless {
  /** The program and its mode flags, before the permissions and limits. */
  command: readonly string[];
  /** What comes last: the prompt (after `--` where the CLI takes one, so a prompt never reads as a flag). */
  prompt: readonly string[];
  /** The format of what it prints. */
  format: TranscriptFormat;
  /** The safest permissions that still let it edit its worktree, as flags, and what they allow. */
  permissions: { flags: readonly string[]; allows: string };
  /** Flags for a turn limit, when the CLI has one. */
  maxTurns?: (turns: number) => string[];
  /** Flags for a spending limit in US dollars, when the CLI has one. */
  maxBudgetUsd?: (usd: number) => string[];
}

/** Where the CLI keeps its sessions, for `verify --find` and `complete --transcript auto`. */
export interface SessionStore {
  /** The folder by default; `home` is the person's home folder. */
  folder(env: Env, home: string): string;
  /** Said in the config's documentation. */
  described: string;
  /** How many folders below it session files sit at most. */
  depth: number;
  /** Which files are sessions. */
  matches(name: string): boolean;
  /** The formats they are in (read by content; listed for the documentation). */
  formats: readonly TranscriptFormat[];
}

/** A folder of the CLI's agent files in a project. */
export interface AgentFolderKind {
  /** Relative to the project root, forward slashes. */
  dir: string;
  /** Whose folder it is, for `agents list`. */
  label: string;
  /** Which files in it are agent files. */
  matches(name: string): boolean;
}

/** The CLI's agent files: where they are, their keys, and how a profile is written as one. */
export interface AgentFiles {
  folders: readonly AgentFolderKind[];
  /** Front matter (or TOML) keys the CLI documents, besides name and description. */
  keys: readonly string[];
  /** One profile as the CLI's agent file (its path relative to the project). */
  export(agent: AgentProfile): ExportedFile;
  /** Reads a file that is not markdown with front matter (Codex's TOML) as a profile's parts. */
  read?(text: string, file: string): FrontMatterFile;
}

/** The end of a session prompt: how the person keeps the session, and how the agent closes it. */
export interface Closing {
  /** `> …` lines after "when the agent has finished,": how to save the transcript at its place. */
  saveTranscript(transcriptPath: string): string[];
  /** The session closure bullets, when they differ from the usual ones. */
  closure?: readonly string[];
}

/** The command line an agent CLI starts the conductor's MCP server with (`npx swarm-conductor mcp`). */
export interface McpServerLine {
  /** The server's name in the client's config. */
  name: string;
  command: string;
  args: readonly string[];
}

/** How an agent CLI (or editor) is told about a stdio MCP server: `mcp --print-config <name>`. */
export interface McpConfig {
  /** What to do with the text: the command to run it in, or the file it goes into. */
  where: string;
  /** `shell`: a command to run; `json` and `toml`: what the file holds (merged with what it has). */
  format: 'shell' | 'json' | 'toml';
  render(server: McpServerLine): string;
}

/** A client of the MCP server that is not an agent CLI of this registry (VS Code). */
export interface McpClient {
  name: string;
  label: string;
  mcpConfig: McpConfig;
}

/**
 * What a CI runner needs to run the CLI headless (`ci github`): the npm package that installs it,
 * and the environment variables it reads its credentials from, each given the repository secret
 * of the same name.
 */
export interface CiSetup {
  package: string;
  secrets: readonly string[];
}

export interface AgentTarget {
  name: Target;
  /** The CLI's own name, as people know it. */
  label: string;
  /** How `run --agent <name>` starts it; a target without one is not a program (generic). */
  launch?: Launch;
  headless?: Headless;
  sessions?: SessionStore;
  agentFiles?: AgentFiles;
  /** How the CLI registers the conductor's MCP server, when it speaks MCP. */
  mcpConfig?: McpConfig;
  /** How a CI job installs it and hands it its credentials, when it has a headless mode. */
  ci?: CiSetup;
  closing: Closing;
}
