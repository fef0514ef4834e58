import { z } from 'zod';
import { MEMORY_TYPES } from '../core/memory.js';
import type { CandidateMemory } from './types.js';

/**
 * The one schema for candidate memories. Every extractor's output goes through `parseCandidates`; the Ollama
 * extractor also sends `extractionJsonSchema()` as the `format` that constrains the model's reply.
 */

export const MAX_CONTENT_LENGTH = 500;
const MAX_CATEGORY_LENGTH = 100;
const MAX_ENTITY_LENGTH = 200;
const MAX_ENTITIES = 50;

/**
 * "Pets / Dogs", "/pets/dogs/", "Food & Drink" -> "pets/dogs", "pets/dogs", "food-drink". Characters other than
 * letters, digits, `.`, `_` and `-` become `-`, because categories end up in `LIKE 'x/%'` filters and on command lines.
 */
export function normalizeCategory(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .split('/')
    .map((segment) =>
      segment
        .trim()
        .replace(/[^\p{L}\p{N}._-]+/gu, '-')
        .replace(/^[-.]+|[-.]+$/g, ''),
    )
    .filter((segment) => segment !== '')
    .join('/');
}

const categorySchema = z
  .string()
  .transform((value) => normalizeCategory(value) || 'general')
  .pipe(z.string().max(MAX_CATEGORY_LENGTH))
  .default('general');

const entitiesSchema = z
  .array(z.string().trim().max(MAX_ENTITY_LENGTH))
  .max(MAX_ENTITIES)
  .transform((names) => [...new Set(names.filter((name) => name !== ''))])
  .default([]);

const timeExpressionSchema = z
  .string()
  .trim()
  .max(MAX_CONTENT_LENGTH)
  .transform((phrase) => (phrase === '' ? null : phrase))
  .nullable()
  .optional();

export const candidateMemorySchema = z.object({
  content: z.string().trim().min(1).max(MAX_CONTENT_LENGTH),
  type: z.enum(MEMORY_TYPES),
  category: categorySchema,
  confidence: z.number().min(0).max(1),
  entities: entitiesSchema,
  timeExpression: timeExpressionSchema,
});

export const extractionResultSchema = z.object({ memories: z.array(candidateMemorySchema) });

/** The raw extractor stores the message itself, verbatim: its content is bounded by the message limit instead. */
const verbatimCandidateSchema = candidateMemorySchema.extend({ content: z.string().trim().min(1) });
const candidateListSchema = z.array(candidateMemorySchema);
const verbatimListSchema = z.array(verbatimCandidateSchema);

// The parsed shape must stay assignable to the extractor interface.
const _sameShape: (m: z.output<typeof candidateMemorySchema>) => CandidateMemory = (m) => m;
void _sameShape;

export type ParseCandidatesResult = { ok: true; memories: CandidateMemory[] } | { ok: false; error: string };

/**
 * Validates an extractor's output: either `{"memories": [...]}` (what the model answers) or a bare array of
 * candidates (what in-process extractors return). The error is one readable line, also sent back to the model.
 * `verbatim` lifts the content length cap (the raw extractor's memory is the whole message).
 */
export function parseCandidates(value: unknown, options: { verbatim?: boolean } = {}): ParseCandidatesResult {
  const schema = Array.isArray(value)
    ? options.verbatim
      ? verbatimListSchema
      : candidateListSchema
    : extractionResultSchema;
  const result = schema.safeParse(value);
  if (result.success) {
    const memories = Array.isArray(result.data) ? result.data : result.data.memories;
    return { ok: true, memories };
  }
  return { ok: false, error: describeIssues(result.error.issues) };
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((issue) => {
    const path = formatPath(issue.path);
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : '';
  return (shown.join('; ') + more).replace(/\s+/g, ' ');
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

type JsonSchemaNode = { [key: string]: unknown };

/**
 * The JSON Schema sent as Ollama's `format`. Built from the zod schema (input side: what the model writes), then
 * shaped for grammar-constrained decoding: no `$schema`, every property required (a fixed shape is easier for a
 * small model), no length bounds or patterns (llama.cpp expands `maxLength: 500` into hundreds of grammar rules,
 * and some lengths fail to compile); zod still enforces them on the reply.
 */
export function extractionJsonSchema(): JsonSchemaNode {
  jsonSchema ??= simplify(z.toJSONSchema(extractionResultSchema, { io: 'input' })) as JsonSchemaNode;
  return jsonSchema;
}
let jsonSchema: JsonSchemaNode | undefined;

const DROPPED_KEYWORDS = new Set(['$schema', 'minLength', 'maxLength', 'pattern', 'format', 'default', 'maxItems']);

function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED_KEYWORDS.has(key)) continue;
    if (key === 'properties' && value !== null && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, simplify(sub)]));
    } else {
      out[key] = simplify(value);
    }
  }
  if (out['type'] === 'object' && out['properties'] !== undefined) {
    out['required'] = Object.keys(out['properties'] as JsonSchemaNode);
    out['additionalProperties'] = false;
  }
  return out;
}
