import type { Extractor } from './types.js';

export type ExtractorKind = 'auto' | 'ollama' | 'rules' | 'raw';

export interface ExtractorOptions {
  kind: ExtractorKind;
  host: string;
  model: string;
  timeoutMs: number;
  probeTimeoutMs: number;
}

/**
 * Builds the extractor a run asked for. Each extractor module is imported only when chosen, so a rules or raw run
 * never loads the ollama client. `ollama` is not probed: its failures surface at extraction (exit 4, message kept
 * pending). `auto` probes and falls back to rules with a notice (one line, for stderr) saying why.
 */
export async function createExtractor(options: ExtractorOptions): Promise<{ extractor: Extractor; notice?: string }> {
  switch (options.kind) {
    case 'raw': {
      const { RawExtractor } = await import('./raw.js');
      return { extractor: new RawExtractor() };
    }
    case 'rules':
      return { extractor: await rulesExtractor() };
    case 'ollama': {
      const { OllamaExtractor } = await import('./ollama.js');
      return { extractor: new OllamaExtractor(options) };
    }
    case 'auto': {
      const { OllamaExtractor, probeOllama } = await import('./ollama.js');
      const probe = await probeOllama({ host: options.host, model: options.model, timeoutMs: options.probeTimeoutMs });
      if (probe.ok) return { extractor: new OllamaExtractor(options) };
      return { extractor: await rulesExtractor(), notice: `harmonia: using the rules extractor: ${probe.reason}` };
    }
  }
}

async function rulesExtractor(): Promise<Extractor> {
  const { RulesExtractor } = await import('./rules.js');
  return new RulesExtractor();
}
