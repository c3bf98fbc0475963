/**
 * `swarm-conductor mcp`: the conductor as a Model Context Protocol server on stdio, built on the
 * official SDK. Its tools, prompts and resources are conductor.ts's operations; this file is the
 * protocol: schemas, error results, prompt and resource listings.
 *
 * The SDK (and zod, which it takes schemas in) is loaded here, with importOutside, and only this
 * command imports this file: every other command starts without them (scripts/build.mjs keeps
 * them out of the bundle; test/cli-surface.test.ts checks that status does not load them).
 */
import type { McpServer as McpServerType } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { ConductorError, isConductorError } from '../errors.js';
import { wordRemedy } from '../cli/output.js';
import { PACKAGE_VERSION } from '../util/package.js';
import { importOutside } from '../util/import.js';
import { type Answer, Conductor, type ConductorOptions } from './conductor.js';

type Sdk = typeof import('@modelcontextprotocol/sdk/server/mcp.js');
type Stdio = typeof import('@modelcontextprotocol/sdk/server/stdio.js');
type Types = typeof import('@modelcontextprotocol/sdk/types.js');
type Zod = typeof import('zod');

export interface ServeOptions extends ConductorOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

const INSTRUCTIONS = [
  'swarm-conductor conducts a plan of steps, each for one agent. To work a step: next_step (or get_prompt) hands',
  'you its prompt; start_step marks it running; do only what the prompt asks; run the tests; then complete_step',
  'with what you produced (outputs) and your session (transcript or session), which is checked against what you',
  'claim before the step completes. fail_step says why it cannot be done.',
].join(' ');

const PROMPT_NAME = /^step-(\d+)$/;

/** Serves until the client closes the input. */
export async function serveMcp(options: ServeOptions): Promise<void> {
  const [{ McpServer, ResourceTemplate }, { StdioServerTransport }, types, { z }] = await Promise.all([
    importOutside<Sdk>('@modelcontextprotocol/sdk/server/mcp.js'),
    importOutside<Stdio>('@modelcontextprotocol/sdk/server/stdio.js'),
    importOutside<Types>('@modelcontextprotocol/sdk/types.js'),
    importOutside<Zod>('zod'),
  ]);
  const conductor = new Conductor(options);
  const server = new McpServer(
    { name: 'swarm-conductor', version: PACKAGE_VERSION },
    { instructions: INSTRUCTIONS, capabilities: { prompts: { listChanged: true } } },
  );
  registerTools(server, conductor, z, options.command);
  registerPrompts(server, conductor, types);
  registerResources(server, conductor, ResourceTemplate, types);
  const transport = new StdioServerTransport(options.input as never, options.output as never);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    options.input.once('end', () => void server.close());
  });
  await server.connect(transport);
  await closed;
}

/** A tool's answer as MCP has it: the text, and the same as structured content. */
const result = (answer: Answer) => ({
  content: [{ type: 'text' as const, text: answer.text }],
  structuredContent: answer.data,
});

/**
 * Runs an operation; a ConductorError (a step that does not exist, a contradicted completion) is
 * a tool error in the words the CLI uses, and the server goes on serving.
 */
async function answering(command: string, work: () => Promise<Answer>) {
  try {
    return result(await work());
  } catch (error) {
    if (!isConductorError(error)) throw error;
    return {
      content: [{ type: 'text' as const, text: errorText(error, command) }],
      structuredContent: {
        error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) },
      },
      isError: true,
    };
  }
}

/**
 * An error as the CLI words it, with the commands that help; not the flags, which are the CLI's
 * (and `--force` past the evidence is the person's call, not the agent's).
 */
function errorText(error: ConductorError, command: string): string {
  const head = error.where ? `${error.where}: ${error.message}` : error.message;
  const runs = error.remedies.filter((remedy) => 'run' in remedy).map((remedy) => wordRemedy(remedy, command));
  const advice = [error.hint, ...runs].filter(Boolean).join('; ');
  return advice ? `error: ${head}\n  hint: ${advice}` : `error: ${head}`;
}

function registerTools(server: McpServerType, conductor: Conductor, z: Zod['z'], command: string): void {
  const execution = z
    .string()
    .min(1)
    .optional()
    .describe('execution id, a unique prefix of it, or "latest" (default: the newest execution not finished)');
  const step = z.number().int().min(1).describe('step number');
  const transcript = z
    .string()
    .min(1)
    .optional()
    .describe(
      'the saved session transcript (a path inside the project), or "auto" to find it in the agent CLIs\' logs',
    );
  const session = z
    .string()
    .min(1)
    .optional()
    .describe("your agent CLI's session id: that session is found in its logs and recorded as the transcript");
  const stepped = z.looseObject({ executionId: z.string(), stepNumber: z.number(), stepStatus: z.string() });
  const changed = (answer: Answer) => {
    server.sendPromptListChanged();
    server.sendResourceListChanged();
    return answer;
  };

  server.registerTool(
    'status',
    {
      title: 'Execution status',
      description: 'The execution (latest unless named) and every step: status, outputs, transcripts, what is ready.',
      inputSchema: {
        execution: z.string().min(1).optional().describe('execution id, a unique prefix of it, or "latest" (default)'),
      },
      outputSchema: z.looseObject({ executionId: z.string(), status: z.string(), steps: z.array(z.looseObject({})) }),
      annotations: { readOnlyHint: true },
    },
    (args) => answering(command, () => conductor.status(args.execution)),
  );
  server.registerTool(
    'next_step',
    {
      title: 'Steps ready now',
      description: 'The steps that can be worked on now, each with its agent, task and the prompt to work it from.',
      inputSchema: { execution },
      outputSchema: z.looseObject({
        executionId: z.string(),
        ready: z.array(
          z.looseObject({ stepNumber: z.number(), agentName: z.string(), task: z.string(), prompt: z.string() }),
        ),
        running: z.array(z.looseObject({ stepNumber: z.number() })),
      }),
      annotations: { readOnlyHint: false, idempotentHint: true },
    },
    (args) => answering(command, () => conductor.nextSteps(args.execution)),
  );
  server.registerTool(
    'get_prompt',
    {
      title: "A step's prompt",
      description:
        "One step's prompt, the text for the agent (default: the next ready step, else a running one). " +
        'Work from it alone.',
      inputSchema: { execution, step: step.optional() },
      outputSchema: z.looseObject({ executionId: z.string(), stepNumber: z.number(), prompt: z.string() }),
      annotations: { readOnlyHint: false, idempotentHint: true },
    },
    (args) => answering(command, () => conductor.prompt(args.execution, args.step)),
  );
  server.registerTool(
    'start_step',
    {
      title: 'Start a step',
      description: 'Mark a ready step running, before working on it.',
      inputSchema: { execution, step },
      outputSchema: stepped,
    },
    (args) => answering(command, async () => changed(await conductor.start(args.execution, args.step))),
  );
  server.registerTool(
    'complete_step',
    {
      title: 'Complete a step',
      description:
        'Mark a step completed with what it produced; its outputs go into the prompts of the steps after it. ' +
        'With a transcript (or a session id, or one saved at the step’s place) the claims are checked first: ' +
        'a step its transcript contradicts is refused and nothing changes.',
      inputSchema: {
        execution,
        step,
        outputs: z.array(z.string().min(1)).min(1).describe('what the step produced: files, endpoints, decisions'),
        transcript,
        session,
      },
      outputSchema: stepped,
    },
    (args) =>
      answering(command, async () =>
        changed(
          await conductor.complete(args.execution, args.step, {
            outputs: args.outputs,
            transcript: args.transcript,
            session: args.session,
          }),
        ),
      ),
  );
  server.registerTool(
    'fail_step',
    {
      title: 'Fail a step',
      description: 'Mark a step failed, with what went wrong; the steps that depend on it stay blocked.',
      inputSchema: {
        execution,
        step,
        errors: z.array(z.string().min(1)).min(1).describe('what went wrong'),
        transcript,
      },
      outputSchema: stepped,
    },
    (args) =>
      answering(command, async () =>
        changed(await conductor.fail(args.execution, args.step, args.errors, args.transcript)),
      ),
  );
  server.registerTool(
    'skip_step',
    {
      title: 'Skip a step',
      description: 'Mark a step skipped, with why; it counts as done for the steps after it.',
      inputSchema: { execution, step, reason: z.string().min(1).describe('why it is skipped') },
      outputSchema: stepped,
    },
    (args) => answering(command, async () => changed(await conductor.skip(args.execution, args.step, args.reason))),
  );
  server.registerTool(
    'verify_step',
    {
      title: 'Verify a step',
      description:
        "Check a step's claims and done definition against its transcript (named, found by session id, " +
        'recorded, or saved at the step’s place); the verdict is recorded on the step.',
      inputSchema: { execution, step, transcript, session },
      outputSchema: z.looseObject({ verdict: z.string() }),
    },
    (args) =>
      answering(command, () =>
        conductor.verify(args.execution, args.step, { transcript: args.transcript, session: args.session }),
      ),
  );
}

/** Each ready step of the newest unfinished execution is a prompt, `step-<n>`, read fresh on every request. */
function registerPrompts(server: McpServerType, conductor: Conductor, types: Types): void {
  server.server.setRequestHandler(types.ListPromptsRequestSchema, async () => ({
    prompts: (await conductor.readySteps()).map((step) => ({
      name: `step-${step.stepNumber}`,
      title: `Step ${step.stepNumber} · ${step.agentName}`,
      description: `${step.executionId}, step ${step.stepNumber} (${step.agentName}): ${step.task}`,
    })),
  }));
  server.server.setRequestHandler(types.GetPromptRequestSchema, async (request) => {
    const match = PROMPT_NAME.exec(request.params.name);
    if (!match) {
      throw new types.McpError(
        types.ErrorCode.InvalidParams,
        `no prompt named ${JSON.stringify(request.params.name)}: the prompts are step-<n>, one per ready step`,
      );
    }
    const answer = await protocolErrors(types, () => conductor.prompt(undefined, Number(match[1])));
    // A step that is not ready (asked for by name, not listed) is a preview, and says so.
    const notReady = 'notReady' in answer.data ? ` — a preview: ${answer.data.notReady}` : '';
    return {
      description: `${answer.data.executionId}, step ${answer.data.stepNumber} (${answer.data.agentName})${notReady}`,
      messages: [{ role: 'user' as const, content: { type: 'text' as const, text: answer.text } }],
    };
  });
}

/** A ConductorError where the protocol has no error result (prompts, resources): an invalid-params error. */
async function protocolErrors<T>(types: Types, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isConductorError(error)) throw error;
    const text = error.hint ? `${error.message} (${error.hint})` : error.message;
    throw new types.McpError(types.ErrorCode.InvalidParams, text);
  }
}

function registerResources(
  server: McpServerType,
  conductor: Conductor,
  ResourceTemplate: Sdk['ResourceTemplate'],
  types: Types,
): void {
  const text = (uri: URL, body: string, mimeType = 'text/plain'): ReadResourceResult => ({
    contents: [{ uri: uri.href, mimeType, text: body }],
  });
  const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';
  server.registerResource(
    'status',
    'conductor://status',
    { title: 'Execution status', description: 'The latest execution and every step', mimeType: 'text/plain' },
    async (uri) => text(uri, (await protocolErrors(types, () => conductor.status(undefined))).text),
  );
  server.registerResource(
    'execution-status',
    new ResourceTemplate('conductor://execution/{id}/status', { list: undefined }),
    { title: "An execution's status", mimeType: 'text/plain' },
    async (uri, variables) => text(uri, (await protocolErrors(types, () => conductor.status(one(variables.id)))).text),
  );
  server.registerResource(
    'step-prompt',
    new ResourceTemplate('conductor://execution/{id}/step/{n}/prompt', {
      list: async () => ({
        resources: (await conductor.readySteps()).map((step) => ({
          uri: `conductor://execution/${step.executionId}/step/${step.stepNumber}/prompt`,
          name: `${step.executionId} step ${step.stepNumber}`,
          title: `Step ${step.stepNumber} · ${step.agentName}`,
          description: step.task,
          mimeType: 'text/markdown',
        })),
      }),
    }),
    {
      title: "A step's prompt",
      description: 'The text for the agent, as get_prompt gives it',
      mimeType: 'text/markdown',
    },
    async (uri, variables) => {
      const answer = await protocolErrors(types, async () => {
        const n = one(variables.n);
        if (!/^\d+$/.test(n)) {
          throw new ConductorError('USAGE', `${uri.href}: the step must be a number, not ${JSON.stringify(n)}`);
        }
        return conductor.prompt(one(variables.id), Number(n));
      });
      return text(uri, answer.text, 'text/markdown');
    },
  );
}
