/**
 * Typed errors. Code anywhere throws one of these; only `src/cli/errors.ts` turns them into a message and an
 * exit code (SPEC section 3).
 */
export type ErrorCode =
  | 'usage'
  | 'invalid_input'
  | 'not_found'
  | 'ambiguous'
  | 'llm_unavailable'
  | 'llm_invalid_output'
  | 'storage'
  | 'locked'
  | 'corrupt'
  | 'internal';

/**
 * The base of the typed errors. Each class names itself in a string (`errorFromJson` and the CLI tell them apart by
 * name): the bundle does not keep class names (scripts/bundle.mjs), so `new.target.name` could read "UsageError2".
 */
export class HarmoniaError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  constructor(code: ErrorCode, message: string, options?: { hint?: string; cause?: unknown; name?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = options?.name ?? 'HarmoniaError';
    this.code = code;
    this.hint = options?.hint;
  }
}

/** Bad flags, arguments or input data: exit 2. */
export class UsageError extends HarmoniaError {
  constructor(message: string, options?: { hint?: string; cause?: unknown; code?: 'usage' | 'invalid_input' | 'ambiguous' }) {
    super(options?.code ?? 'usage', message, { ...options, name: 'UsageError' });
  }
}

/** A named memory, conflict or message does not exist: exit 3. */
export class NotFoundError extends HarmoniaError {
  constructor(message: string, options?: { hint?: string }) {
    super('not_found', message, { ...options, name: 'NotFoundError' });
  }
}

/** The LLM is unreachable or keeps answering invalid output: exit 4. */
export class LlmError extends HarmoniaError {
  constructor(message: string, options?: { hint?: string; cause?: unknown; code?: 'llm_unavailable' | 'llm_invalid_output' }) {
    super(options?.code ?? 'llm_unavailable', message, { ...options, name: 'LlmError' });
  }
}

/** The database is locked past the timeout, corrupt, read-only or the disk is full: exit 5. */
export class StorageError extends HarmoniaError {
  constructor(message: string, options?: { hint?: string; cause?: unknown; code?: 'storage' | 'locked' | 'corrupt' }) {
    super(options?.code ?? 'storage', message, { ...options, name: 'StorageError' });
  }
}

/** A typed error as a worker thread sends it (structured clone keeps neither the class nor the code). */
export interface ErrorJson {
  name: string;
  message: string;
  code?: ErrorCode;
  hint?: string;
}

export function errorToJson(error: unknown): ErrorJson {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const json: ErrorJson = { name: error.name, message: error.message };
  if (error instanceof HarmoniaError) {
    json.code = error.code;
    if (error.hint !== undefined) json.hint = error.hint;
  }
  return json;
}

/** The error `errorToJson` described, with its class and code again; an untyped error stays a plain Error. */
export function errorFromJson(json: ErrorJson): Error {
  const options = json.hint === undefined ? {} : { hint: json.hint };
  const code = json.code;
  switch (json.name) {
    case 'UsageError':
      return new UsageError(json.message, { ...options, ...(code === 'invalid_input' || code === 'ambiguous' ? { code } : {}) });
    case 'NotFoundError':
      return new NotFoundError(json.message, options);
    case 'LlmError':
      return new LlmError(json.message, { ...options, ...(code === 'llm_invalid_output' ? { code } : {}) });
    case 'StorageError':
      return new StorageError(json.message, { ...options, ...(code === 'locked' || code === 'corrupt' ? { code } : {}) });
    default:
      return code === undefined ? new Error(json.message) : new HarmoniaError(code, json.message, options);
  }
}
