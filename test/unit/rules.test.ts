import { describe, expect, it } from 'vitest';
import { RulesExtractor, extractFacts } from '../../src/extract/rules.js';
import type { CandidateMemory } from '../../src/extract/types.js';

const context = { referenceTime: new Date('2024-08-19T14:00:00Z'), timeZone: 'America/New_York' };
const facts = (message: string): CandidateMemory[] => extractFacts(message, context);
const contents = (message: string): string[] => facts(message).map((m) => m.content);

type Row = [message: string, content: string, type: CandidateMemory['type'], category: string];

/** One message per kind of fact, with the one memory it must give. */
const SINGLE_FACTS: Row[] = [
  ['My name is Jason Thompson', "User's name is Jason Thompson", 'personal', 'identity/name'],
  ["I'm 34 years old", 'User is 34 years old', 'personal', 'identity/age'],
  ['My birthday is on June 5', "User's birthday is June 5", 'personal', 'identity/birthday'],
  ['I live in San Francisco', 'User lives in San Francisco', 'personal', 'location/home'],
  ["I'm from Toronto", 'User is from Toronto', 'personal', 'location/origin'],
  ['I was born in Toronto', 'User was born in Toronto', 'personal', 'location/origin'],
  ['I work as a software engineer at AWS', 'User works as a software engineer at AWS', 'professional', 'work/role'],
  ['I work at Google', 'User works at Google', 'professional', 'work/employer'],
  ["I'm a nurse", 'User works as a nurse', 'professional', 'work/role'],
  ['I study law at Harvard', 'User studies law at Harvard', 'personal', 'education/field'],
  ['I graduated from the University of Michigan', 'User graduated from the University of Michigan', 'personal', 'education/degree'],
  ["My wife's name is Sarah", "User's wife is named Sarah", 'relational', 'family/spouse'],
  ['I have a dog called Biggie', 'User has a dog called Biggie', 'relational', 'pets/dogs'],
  ['I have two cats', 'User has two cats', 'relational', 'pets/cats'],
  ['I love sushi', 'User loves sushi', 'preference', 'food/likes'],
  ['I hate olives', 'User hates olives', 'preference', 'food/dislikes'],
  ['I prefer tea over coffee', 'User prefers tea over coffee', 'preference', 'drinks/likes'],
  ['My favorite color is green', "User's favorite color is green", 'preference', 'favorites/color'],
  ["I'm vegetarian", 'User is vegetarian', 'health', 'health/diet'],
  ["I'm allergic to peanuts", 'User is allergic to peanuts', 'health', 'health/allergies'],
  ['I have type 2 diabetes', 'User has type 2 diabetes', 'health', 'health/conditions'],
  ['I can play the guitar', 'User can play the guitar', 'skill', 'skills'],
  ["I'm learning Spanish", 'User is learning Spanish', 'skill', 'languages'],
  ['I want to learn to play the piano', 'User wants to learn to play the piano', 'goal', 'goals/learning'],
  ["I'm feeling really stressed about my exams", 'User is feeling really stressed about their exams', 'emotional', 'feelings'],
  ['I play tennis every Sunday', 'User plays tennis every Sunday', 'procedural', 'routines'],
  ['I drive a Subaru Outback', 'User drives a Subaru Outback', 'personal', 'possessions/vehicles'],
  ['I take care of my mom', 'User takes care of their mom', 'relational', 'family/parents'],
  ['My sister Anna lives in Berlin', "User's sister Anna lives in Berlin", 'relational', 'family/siblings'],
  ['Sarah is my wife', "Sarah is User's wife", 'relational', 'family/spouse'],
];

describe('RulesExtractor', () => {
  it('implements the extractor interface under the name "rules"', async () => {
    const extractor = new RulesExtractor();
    expect(extractor.name).toBe('rules');
    const out = await extractor.extract({ message: 'I live in San Francisco', ...context });
    expect(out).toEqual(facts('I live in San Francisco'));
  });

  it.each(SINGLE_FACTS)('%s', (message, content, type, category) => {
    const out = facts(message);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ content, type, category });
    expect(out[0]!.confidence).toBeGreaterThanOrEqual(0.7);
    expect(out[0]!.confidence).toBeLessThanOrEqual(1);
    expect(out[0]!.category).toMatch(/^[a-z0-9-]+(?:\/[a-z0-9-]+)*$/);
  });

  it('names proper nouns and key objects as entities', () => {
    expect(facts('I have a dog called Biggie')[0]!.entities).toEqual(['Biggie']);
    expect(facts('I work as a software engineer at AWS')[0]!.entities).toEqual(['AWS']);
    expect(facts('I live in San Francisco')[0]!.entities).toEqual(['San Francisco']);
    expect(facts("My wife's name is Sarah")[0]!.entities).toEqual(['Sarah']);
    expect(facts('I have two cats')[0]!.entities).toEqual(['cats']);
  });

  it('turns each fact of a message into its own memory', () => {
    expect(contents("My name is Jason, I'm a software engineer at AWS and I have a dog called Biggie")).toEqual([
      "User's name is Jason",
      'User works as a software engineer at AWS',
      'User has a dog called Biggie',
    ]);
    expect(contents('I love sushi but I hate olives')).toEqual(['User loves sushi', 'User hates olives']);
    expect(facts('I speak French and German').map((m) => [m.content, m.type, m.category])).toEqual([
      ['User speaks French', 'skill', 'languages'],
      ['User speaks German', 'skill', 'languages'],
    ]);
    const kids = facts('I have two kids, Emma and Noah');
    expect(kids).toHaveLength(1);
    expect(kids[0]).toMatchObject({
      content: 'User has two kids named Emma and Noah',
      type: 'relational',
      category: 'family/children',
      entities: ['Emma', 'Noah'],
    });
  });

  it('keeps negation', () => {
    expect(facts("I don't eat meat anymore")[0]).toMatchObject({ content: 'User does not eat meat', type: 'health', category: 'health/diet' });
    expect(facts("I don't like horror movies")[0]).toMatchObject({ content: 'User does not like horror movies', category: 'media/dislikes' });
    expect(contents("I'm not married")).toEqual(['User is not married']);
    expect(contents('I never drink coffee')).toEqual(['User never drinks coffee']);
    expect(contents("I can't stand olives")).toEqual(['User cannot stand olives']);
  });

  it('gives hedged statements a lower confidence than plain ones', () => {
    const plain = facts("I'm allergic to cats")[0]!;
    const hedged = facts("I think I'm allergic to cats")[0]!;
    expect(hedged.content).toBe(plain.content);
    expect(plain.confidence).toBe(0.95);
    expect(hedged.confidence).toBeCloseTo(0.71, 2);
  });

  it('writes statements about named third parties as they were said', () => {
    expect(facts('Biggie loves his yellow ball')).toEqual([
      { content: 'Biggie loves his yellow ball', type: 'preference', category: 'others/likes', confidence: 0.75, entities: ['Biggie'] },
    ]);
    expect(contents('Biggie now loves his yellow ball')).toEqual(['Biggie now loves his yellow ball']);
    expect(facts('My dog Max is afraid of thunder')[0]).toMatchObject({ content: "User's dog Max is afraid of thunder", entities: ['Max'] });
  });

  it.each([
    'Hi there!',
    'Good morning!',
    'ok',
    "What's the weather like today?",
    'How do I reverse a list in Python?',
    'Do you think I should move to Berlin?',
    'Can you write me a poem about autumn?',
    'Can you help me write a cover letter for a nursing job?',
    'Please remind me to call my mom',
    'Please summarize this article for me.',
    'Could you tell me what I said about my dog?',
    'Thanks, that was helpful.',
    'Thank you so much!',
    'I was wondering if you could explain recursion',
    'I have a question about Python decorators',
    "I'm trying to figure out why my code doesn't work",
    'I got an error when running npm install',
    'I want you to write a function that sorts a list',
    "I'm not sure what you mean",
    "I'm good, how are you?",
  ])('gives nothing for questions, greetings, thanks and requests: %s', (message) => {
    expect(facts(message)).toEqual([]);
  });

  it('keeps the time phrase of appointments and happenings verbatim, and none for routines', () => {
    expect(facts('I have a meeting tomorrow at 2pm')).toEqual([
      { content: 'User has a meeting tomorrow at 2pm', type: 'temporal', category: 'events/work', confidence: 0.85, entities: [], timeExpression: 'tomorrow at 2pm' },
    ]);
    expect(facts('I went to Rome last week')[0]).toMatchObject({ content: 'User went to Rome last week', type: 'episodic', timeExpression: 'last week', entities: ['Rome'] });
    expect(facts('I moved to Berlin last year')[0]).toMatchObject({ content: 'User moved to Berlin last year', timeExpression: 'last year' });
    expect(facts("I'm flying to Paris next Friday")[0]).toMatchObject({ type: 'temporal', timeExpression: 'next Friday' });
    const early = facts('Tomorrow I have a dentist appointment')[0]!;
    expect(early).toMatchObject({ type: 'temporal', category: 'events/appointments', timeExpression: 'Tomorrow' });
    expect(early.content.toLowerCase()).toContain('tomorrow');
    const routine = facts('I have a standup every day at 9:30am')[0]!;
    expect(routine).toMatchObject({ content: 'User has a standup every day at 9:30am', type: 'procedural', category: 'routines' });
    expect(routine.timeExpression).toBeUndefined();
    expect(facts('I love sushi')[0]!.timeExpression).toBeUndefined();
    expect(facts('My flight to London is on March 3rd')).toEqual([
      { content: "User's flight to London is on March 3rd", type: 'temporal', category: 'events/travel', confidence: 0.85, entities: ['London'], timeExpression: 'March 3rd' },
    ]);
  });

  it('takes a bare "at 10" in something that happened for an age or an unknown hour, not a time; an hour ahead stays one', () => {
    const [nose] = facts('I broke my nose at 10');
    expect(nose).toMatchObject({ content: 'User broke their nose at 10', type: 'episodic' });
    expect(nose!.timeExpression).toBeUndefined();
    expect(facts('My flight is at 10')[0]).toMatchObject({ type: 'temporal', timeExpression: 'at 10' });
    expect(facts('I went to the gym at 6pm yesterday')[0]).toMatchObject({ type: 'episodic', timeExpression: 'at 6pm yesterday' });
  });

  it('knows a name typed in lower case: a common given name after "i\'m", any name after "my name is"', () => {
    expect(facts("hey i'm jason and i love hiking").map((m) => [m.content, m.category])).toEqual([
      ["User's name is Jason", 'identity/name'],
      ['User loves hiking', 'activities/likes'],
    ]);
    expect(facts('my name is jason smith')[0]).toMatchObject({ content: "User's name is Jason Smith", entities: ['Jason Smith'] });
    expect(facts("my dog's name is biggie")[0]).toMatchObject({ content: "User's dog is named Biggie" });
    // Words that are not names stay what they were.
    expect(facts("i'm british")[0]).toMatchObject({ content: 'User is british', category: 'identity/traits' });
    expect(facts("i'm happy")[0]).toMatchObject({ content: 'User is happy', category: 'feelings' });
  });

  it("reads the user's tie to a named person from that person's side, and nothing from someone's other things", () => {
    expect(facts("i'm jason's brother")).toEqual([
      { content: "User is Jason's brother", type: 'relational', category: 'family/siblings', confidence: 0.85, entities: ['Jason'] },
    ]);
    expect(facts("I am Maria's mom")[0]).toMatchObject({ content: "User is Maria's mom", category: 'family/children' });
    expect(facts("I'm Anna's best friend")[0]).toMatchObject({ content: "User is Anna's best friend", category: 'social/friends' });
    expect(facts("I'm everyone's favorite")).toEqual([]);
  });

  it('reads casual lower-case chat', () => {
    expect(contents('i live in vienna , austria')).toEqual(['User lives in vienna, austria']);
    expect(contents('hi , i am in college at alabama university , how are you ?')).toEqual(['User is in college at alabama university']);
    expect(contents('i love staying fit , fishing and hiking .')).toEqual(['User loves staying fit', 'User loves fishing', 'User loves hiking']);
    expect(contents('do you like sushi ? i absolutely adore it .')).toEqual(['User adores sushi']);
    expect(contents('lol favorite color for you ? mine is blue .')).toEqual(["User's favorite color is blue"]);
    expect(contents('i am a guy who drives a prius')).toContain('User drives a prius');
  });

  it('is deterministic', () => {
    const message = "My name is Jason, I'm a nurse, I have a meeting tomorrow at 2pm and I love sushi";
    const first = facts(message);
    for (let i = 0; i < 5; i++) expect(facts(message)).toEqual(first);
    expect(first.length).toBe(4);
  });
});
