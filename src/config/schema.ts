import { z } from 'zod';
import { ON_CONFLICT_CHOICES } from '../core/strategies.js';
import { isValidTimeZone } from '../time/zone.js';

const hostSchema = z
  .string()
  .trim()
  .min(1)
  .refine((v) => {
    try {
      const url = new URL(/^[a-z]+:\/\//i.test(v) ? v : `http://${v}`);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL or host:port');

/** The configuration file (SPEC section 2). Every key is optional; unknown keys are errors so typos surface. */
export const configFileSchema = z
  .object({
    ollama: z
      .object({
        host: hostSchema,
        model: z.string().trim().min(1),
        timeoutMs: z.number().int().min(100).max(600_000),
        probeTimeoutMs: z.number().int().min(50).max(60_000),
        concurrency: z.number().int().min(1).max(32),
      })
      .partial()
      .strict(),
    extractor: z.enum(['auto', 'ollama', 'rules', 'raw']),
    timezone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Paris'),
    format: z.enum(['table', 'json', 'ndjson', 'csv', 'tsv']),
    conflicts: z.object({ policy: z.enum(ON_CONFLICT_CHOICES) }).partial().strict(),
    storage: z.object({ busyTimeoutMs: z.number().int().min(0).max(600_000) }).partial().strict(),
    limits: z.object({ maxMessageBytes: z.number().int().min(1).max(1024 * 1024 * 1024) }).partial().strict(),
    secrets: z.object({ redact: z.boolean() }).partial().strict(),
  })
  .partial()
  .strict();

export type ConfigFile = z.infer<typeof configFileSchema>;
