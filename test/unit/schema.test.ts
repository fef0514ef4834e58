import { describe, expect, it } from 'vitest';
import { MEMORY_TYPES } from '../../src/core/memory.js';
import { buildExtractionMessages, EXAMPLES, PROMPT_VERSION, SYSTEM_PROMPT } from '../../src/extract/prompt.js';
import { extractionJsonSchema, normalizeCategory, parseCandidates } from '../../src/extract/schema.js';

const valid = { content: 'User has a dog called Biggie', type: 'relational', category: 'pets/dogs', confidence: 0.9, entities: ['Biggie'] };

function memoriesOf(value: unknown) {
  const result = parseCandidates(value);
  if (!result.ok) throw new Error(`expected valid, got: ${result.error}`);
  return result.memories;
}

function errorOf(value: unknown): string {
  const result = parseCandidates(value);
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('parseCandidates', () => {
  it('accepts the model shape and a bare array', () => {
    expect(memoriesOf({ memories: [valid] })).toEqual([valid]);
    expect(memoriesOf([valid])).toEqual([valid]);
    expect(memoriesOf({ memories: [] })).toEqual([]);
  });

  it('normalises content, category, entities and timeExpression', () => {
    const [memory] = memoriesOf({
      memories: [
        {
          content: '  User likes oat-milk lattes \n',
          type: 'preference',
          category: ' /Food & Drink / Coffee Shops/ ',
          confidence: 1,
          entities: [' Starbucks ', 'Starbucks', ''],
          timeExpression: '  ',
        },
      ],
    });
    expect(memory).toEqual({
      content: 'User likes oat-milk lattes',
      type: 'preference',
      category: 'food-drink/coffee-shops',
      confidence: 1,
      entities: ['Starbucks'],
      timeExpression: null,
    });
  });

  it('defaults category to general and entities to []', () => {
    const [memory] = memoriesOf([{ content: 'User is 34', type: 'personal', confidence: 0.8 }]);
    expect(memory).toMatchObject({ category: 'general', entities: [] });
    expect(memoriesOf([{ ...valid, category: ' / ' }])[0]!.category).toBe('general');
  });

  it('keeps a time phrase verbatim', () => {
    const [memory] = memoriesOf([{ ...valid, type: 'temporal', timeExpression: ' next Friday at 3pm ' }]);
    expect(memory!.timeExpression).toBe('next Friday at 3pm');
  });

  it('accepts every memory type', () => {
    for (const type of MEMORY_TYPES) expect(memoriesOf([{ ...valid, type }])[0]!.type).toBe(type);
  });

  it.each([
    [{ ...valid, content: '   ' }, '[0].content: Too small'],
    [{ ...valid, content: 'x'.repeat(501) }, '[0].content: Too big'],
    [{ ...valid, type: 'beverage' }, '[0].type: Invalid option'],
    [{ ...valid, confidence: 1.5 }, '[0].confidence: Too big'],
    [{ ...valid, confidence: -0.1 }, '[0].confidence: Too small'],
    [{ ...valid, confidence: '0.9' }, '[0].confidence: Invalid input: expected number'],
    [{ ...valid, entities: 'Biggie' }, '[0].entities: Invalid input: expected array'],
    [{ ...valid, timeExpression: 5 }, '[0].timeExpression'],
    [{ ...valid, category: 7 }, '[0].category'],
    [{ type: 'personal', confidence: 1 }, '[0].content: Invalid input: expected string, received undefined'],
  ])('rejects %j', (candidate, message) => {
    const error = errorOf([candidate]);
    expect(error).toContain(message);
    expect(error).not.toContain('\n');
  });

  it('rejects shapes that are not a list of memories, in one line', () => {
    expect(errorOf('hello')).toBe('Invalid input: expected object, received string');
    expect(errorOf({ facts: [] })).toBe('memories: Invalid input: expected array, received undefined');
    expect(errorOf(null)).not.toContain('\n');
  });

  it('names at most three issues', () => {
    const error = errorOf({ memories: [{}, {}] });
    expect(error).toMatch(/^memories\[0\]\.content: .*; .*; .* \(and \d+ more\)$/);
  });
});

describe('normalizeCategory', () => {
  it.each([
    ['Pets/Dogs', 'pets/dogs'],
    ['  pets / dogs  ', 'pets/dogs'],
    ['/work//projects/', 'work/projects'],
    ['Favourite Foods', 'favourite-foods'],
    ['Café', 'café'],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeCategory(input)).toBe(expected);
  });
});

describe('extractionJsonSchema', () => {
  const schema = extractionJsonSchema() as any;

  it('is a plain JSON Schema object Ollama can turn into a grammar', () => {
    expect(schema).not.toHaveProperty('$schema');
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['memories']);
    const item = schema.properties.memories.items;
    expect(item.required).toEqual(['content', 'type', 'category', 'confidence', 'entities', 'timeExpression']);
    expect(item.additionalProperties).toBe(false);
    expect(item.properties.type.enum).toEqual([...MEMORY_TYPES]);
    expect(JSON.stringify(schema)).not.toMatch(/maxLength|minLength|pattern|"\$|"default"/);
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});

describe('the extraction prompt', () => {
  it('is versioned and restates the types and rules', () => {
    expect(PROMPT_VERSION).toBe('extract-v1');
    for (const type of MEMORY_TYPES) expect(SYSTEM_PROMPT).toContain(`${type}:`);
    expect(SYSTEM_PROMPT).toContain('{"memories": []}');
    expect(SYSTEM_PROMPT).toMatch(/never compute/i);
  });

  it('has examples whose answers are valid and copy time phrases verbatim', () => {
    expect(EXAMPLES.some((e) => e.memories.length === 0)).toBe(true);
    expect(EXAMPLES.some((e) => e.memories.length > 2)).toBe(true);
    expect(EXAMPLES.some((e) => e.message === 'Biggie loves his yellow ball')).toBe(true);
    for (const example of EXAMPLES) {
      const memories = memoriesOf({ memories: example.memories });
      expect(memories).toEqual(example.memories);
      for (const memory of memories) {
        if (memory.timeExpression) {
          expect(example.message).toContain(memory.timeExpression);
          expect(memory.content).toContain(memory.timeExpression);
        }
      }
    }
  });

  it('builds system, example pairs, then the message', () => {
    const messages = buildExtractionMessages('I love sushi');
    expect(messages[0]!.role).toBe('system');
    expect(messages).toHaveLength(2 + EXAMPLES.length * 2);
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'I love sushi' });
    for (let i = 1; i < messages.length - 1; i += 2) {
      expect(messages[i]!.role).toBe('user');
      expect(messages[i + 1]!.role).toBe('assistant');
      expect(() => JSON.parse(messages[i + 1]!.content)).not.toThrow();
    }
  });
});
