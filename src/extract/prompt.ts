/**
 * The extraction prompt. Bump PROMPT_VERSION whenever the wording or the examples change, so stored results can be
 * traced to the prompt that produced them.
 */
export const PROMPT_VERSION = 'extract-v1';

export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export const SYSTEM_PROMPT = `You extract long-term memories about the user from one chat message the user wrote.
Answer with JSON only, exactly this shape:
{"memories": [{"content": string, "type": string, "category": string, "confidence": number, "entities": [string], "timeExpression": string or null}]}

Rules:
- One memory per fact. content is a short third-person sentence (at most 500 characters) that starts with "User" when the fact is about the user: "User's name is Jason Thompson", "User works as a software engineer at AWS".
- A fact about someone else (a named person or pet) is kept too: name them in content instead of "User" and list them in entities. Use category others/<name> unless the message says how they relate to the user.
- type is exactly one of:
  personal: identity facts: name, age, birthday, where the user lives, nationality.
  factual: other objective facts about the user's life or belongings.
  relational: people and pets in the user's life and the user's relationships with them.
  preference: likes, dislikes and favourites.
  temporal: appointments, events and deadlines at a stated time.
  emotional: feelings and moods.
  goal: aims, plans and ambitions.
  skill: abilities, expertise and languages the user speaks.
  health: conditions, allergies, diet, medication and fitness.
  professional: job, employer, role, career and studies.
  procedural: routines, habits and how the user does things.
  episodic: something that happened to the user.
- category is a lowercase slash path from general to specific, like pets/dogs, family/children, work, food/diet, health/allergies, events/appointments.
- confidence is a number from 0 to 1: about 0.9 for a plain statement, lower for hedged or implied facts.
- entities lists the names of people, pets, places and organisations in the fact; [] when there are none.
- Time: copy the message's own words for when something happens (like "tomorrow at 2pm" or "next Friday") verbatim into timeExpression and keep the same words in content. Never compute or convert dates. Use null when the fact names no time.
- Only state what the message says. Never invent or guess facts.
- Questions, greetings, small talk and requests to the assistant are not memories: answer {"memories": []}.`;

interface Example {
  message: string;
  memories: Array<{
    content: string;
    type: string;
    category: string;
    confidence: number;
    entities: string[];
    timeExpression: string | null;
  }>;
}

/** Few-shot pairs. Every example answer passes `parseCandidates` and copies its time phrases verbatim (tested). */
export const EXAMPLES: readonly Example[] = [
  {
    message: "Hi! I'm Jason Thompson, I'm 34 and I work as a software engineer at AWS. I have a dog called Biggie.",
    memories: [
      { content: "User's name is Jason Thompson", type: 'personal', category: 'identity/name', confidence: 0.95, entities: ['Jason Thompson'], timeExpression: null },
      { content: 'User is 34 years old', type: 'personal', category: 'identity/age', confidence: 0.9, entities: [], timeExpression: null },
      { content: 'User works as a software engineer at AWS', type: 'professional', category: 'work', confidence: 0.9, entities: ['AWS'], timeExpression: null },
      { content: 'User has a dog called Biggie', type: 'relational', category: 'pets/dogs', confidence: 0.9, entities: ['Biggie'], timeExpression: null },
    ],
  },
  {
    message: 'I have a dentist appointment tomorrow at 2pm, and I really hate going to the dentist.',
    memories: [
      { content: 'User has a dentist appointment tomorrow at 2pm', type: 'temporal', category: 'events/appointments', confidence: 0.9, entities: [], timeExpression: 'tomorrow at 2pm' },
      { content: 'User hates going to the dentist', type: 'preference', category: 'health/dentist', confidence: 0.85, entities: [], timeExpression: null },
    ],
  },
  {
    message: 'Biggie loves his yellow ball',
    memories: [
      { content: 'Biggie loves his yellow ball', type: 'preference', category: 'others/biggie', confidence: 0.85, entities: ['Biggie'], timeExpression: null },
    ],
  },
  {
    message: "I'm allergic to peanuts, and I'm planning to run a marathon next spring.",
    memories: [
      { content: 'User is allergic to peanuts', type: 'health', category: 'health/allergies', confidence: 0.95, entities: [], timeExpression: null },
      { content: 'User is planning to run a marathon next spring', type: 'goal', category: 'sports/running', confidence: 0.8, entities: [], timeExpression: 'next spring' },
    ],
  },
  {
    message: "What's a good name for a puppy? Can you suggest a few?",
    memories: [],
  },
];

/** The conversation sent for one message: system rules, the examples as earlier turns, then the message. */
export function buildExtractionMessages(message: string): PromptMessage[] {
  const messages: PromptMessage[] = [{ role: 'system', content: SYSTEM_PROMPT }];
  for (const example of EXAMPLES) {
    messages.push({ role: 'user', content: example.message });
    messages.push({ role: 'assistant', content: JSON.stringify({ memories: example.memories }) });
  }
  messages.push({ role: 'user', content: message });
  return messages;
}

/** The follow-up turn after an invalid reply (the retry carries the validation error). */
export function invalidReplyMessage(error: string): PromptMessage {
  return { role: 'user', content: `Your reply was invalid: ${error}. Answer again with JSON matching the schema.` };
}
