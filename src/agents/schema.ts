/**
 * What an agent profile's front matter may hold: the keys the profile reads (every other key
 * is kept as its meta). schemas/agent.schema.json is generated from this.
 */
import * as v from 'valibot';
import { listMessage, objectOf, recordOf } from '../util/schema-issues.js';

const TEXT = 'must be text';
const LIST = 'must be a list of text items';
const ITEM = listMessage(LIST);

/** Text: YAML reads `name: 42` or `description: yes` as a number or true, which are kept as text. */
export const textSchema = v.union([v.string(), v.number(), v.boolean()], TEXT);

/**
 * A YAML list of text. A single string is read as a one-item list, and an item like
 * `- Docs: README` (a one-key mapping to YAML) is read back as text.
 */
export const listSchema = v.union(
  [
    v.string(),
    v.array(
      v.union(
        [
          v.string(),
          v.number(),
          v.pipe(recordOf(v.union([v.string(), v.number()], ITEM), ITEM), v.minEntries(1, ITEM), v.maxEntries(1, ITEM)),
        ],
        ITEM,
      ),
    ),
  ],
  LIST,
);

const text = (description: string) => v.pipe(textSchema, v.description(description));
const list = (description: string) => v.pipe(listSchema, v.description(description));

export const agentFrontMatterSchema = v.pipe(
  objectOf(
    {
      name: v.optional(
        v.pipe(
          v.union([v.string(), v.number()], TEXT),
          v.description("The agent's name; defaults to the file name. Lookup is case-insensitive."),
        ),
      ),
      description: v.optional(text('One-line domain scope.')),
      purpose: v.optional(text('Alias of description.')),
      scope: v.optional(list('Areas of responsibility.')),
      boundaries: v.optional(list('What the agent must not do.')),
      doneDefinition: v.optional(list('Completion criteria.')),
      done_definition: v.optional(list('Alias of doneDefinition.')),
      outputs: v.optional(list('Required artifacts (the output contract).')),
      output_contract: v.optional(
        v.pipe(
          v.union(
            [list('A list of artifacts.'), objectOf({ artifacts: v.array(v.string()) }, '')],
            'must be a list, or an object with an "artifacts" list',
          ),
          v.description("Alias of outputs; the original conductor's { transcript, artifacts } object is accepted."),
        ),
      ),
      refusalRules: v.optional(list('When to stop and ask.')),
      refusal_rules: v.optional(list('Alias of refusalRules.')),
      keywords: v.optional(
        list('Words that route goal fragments to this agent in `plan`; a comma-separated string is accepted.'),
      ),
    },
    'must be a set of `key: value` lines',
  ),
  v.title('swarm-conductor agent profile front matter'),
  v.description(
    'The YAML front matter of an agent profile. Keys not listed here (tools, model, color, mcp-servers, …) are ' +
      "kept as the profile's meta. The snake_case spellings are aliases of the camelCase fields; " +
      'set only one of each pair.',
  ),
);
