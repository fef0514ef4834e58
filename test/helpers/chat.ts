/**
 * A chat with everything conflict detection acts on: repeats (duplicates, in other case too), updates, a
 * contradiction, related facts that get linked, times, several facts a message, and a question (no facts).
 */
export const CHAT = [
  'My name is Jason and I have a dog called Biggie.',
  'Biggie loves his stuffed Costco chicken.',
  'I live in Boston and I work as a nurse at Mass General.',
  'my name is jason and i have a dog called biggie.',
  'Biggie now loves his yellow ball.',
  'I moved to Denver last month.',
  'I love sushi and I hate olives.',
  'I have a dentist appointment next Tuesday at 3pm.',
  'I love sushi and I hate olives.',
  'My sister Maria lives in Lisbon.',
  'I am allergic to peanuts.',
  'I have a cat called Luna.',
  'Actually I love olives now.',
  'Biggie loves his stuffed Costco chicken.',
  'My sister Maria moved to Porto.',
  'I speak Spanish and I am learning Japanese.',
  'I work as a teacher now.',
  'I have a dentist appointment next Tuesday at 3pm.',
  'I want to run a marathon next year.',
  'Luna loves sleeping in the sun.',
  'I live in Boston and I work as a nurse at Mass General.',
  'What is the weather like?',
  'I am vegetarian.',
  'I love steak.',
];
