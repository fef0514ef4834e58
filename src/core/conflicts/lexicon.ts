import { stem } from './text.js';

/** The little world knowledge conflict detection needs: what steak is, what a vegetarian avoids, who is unique. */

function words(list: string): string[] {
  return list.trim().split(/\s+/);
}

function stems(list: string): Set<string> {
  return new Set(words(list).map(stem));
}

function stemTable(table: Record<string, string[]>): Record<string, Set<string>> {
  return Object.fromEntries(Object.entries(table).map(([cls, list]) => [cls, new Set(list.map(stem))]));
}

/** Food and drink classes, as written: a vegetarian who "loves steak" contradicts herself. */
export const FOOD_WORDS: Record<string, string[]> = {
  meat: words('meat steak beef pork bacon ham lamb chicken turkey sausage burger hamburger cheeseburger veal venison salami pepperoni brisket ribs meatball hotdog jerky duck mutton'),
  fish: words('fish salmon tuna cod shrimp prawn seafood sushi sashimi crab lobster oyster shellfish anchovy sardine mussel'),
  dairy: words('dairy milk cheese cheeseburger butter yogurt cream latte cappuccino lactose'),
  egg: words('egg eggs omelette omelet'),
  alcohol: words('alcohol wine beer whiskey vodka gin rum tequila cocktail booze champagne cider sake liquor drinking'),
  caffeine: words('coffee espresso latte cappuccino caffeine'),
  gluten: words('gluten bread pasta wheat'),
  food: words(
    'food pizza pasta sushi curry taco burrito noodle ramen salad chocolate cake dessert fruit vegetable rice soup sandwich fries snack cuisine dish meal tea juice soda breakfast lunch dinner',
  ),
};

/** The same classes as stems, for matching. */
export const FOOD_CLASSES: Record<string, Set<string>> = stemTable(FOOD_WORDS);

/** Diets and what they rule out. */
export const DIETS: Record<string, string[]> = {
  vegetarian: ['meat', 'fish'],
  vegan: ['meat', 'fish', 'dairy', 'egg'],
  pescatarian: ['meat'],
  teetotal: ['alcohol'],
  teetotaler: ['alcohol'],
  teetotaller: ['alcohol'],
  sober: ['alcohol'],
  'lactose intolerant': ['dairy'],
  'gluten free': ['gluten'],
  celiac: ['gluten'],
  coeliac: ['gluten'],
};

/** Things people have, grouped: "has no pets" contradicts "has a dog". */
export const HAVE_WORDS: Record<string, string[]> = {
  pet: words('pet pets dog cat puppy kitten hamster rabbit parrot bird turtle tortoise horse snake lizard ferret goldfish'),
  child: words('child children kid kids son daughter baby'),
  car: words('car vehicle truck suv'),
};

export const HAVE_CLASSES: Record<string, Set<string>> = stemTable(HAVE_WORDS);

/** Relations whose name is unique: "User's manager is Sarah" updates "User's manager is Tom". */
export const SINGLE_RELATIONS = stems(
  'wife husband partner spouse girlfriend boyfriend fiance fiancee mother father mom mum dad boss manager landlord therapist',
);

/** Relations a person may have several of. */
export const PLURAL_RELATIONS = stems(
  'sister brother sibling son daughter child kid friend cousin aunt uncle niece nephew grandmother grandfather grandparent grandma grandpa colleague coworker neighbour roommate dog cat pet puppy kitten horse bird parent teammate team doctor dentist',
);

export function isRelation(stemmed: string): boolean {
  return SINGLE_RELATIONS.has(stemmed) || PLURAL_RELATIONS.has(stemmed);
}

/** Job titles: "User is a nurse" says what the user works as. */
export const JOBS = stems(
  'engineer developer programmer nurse teacher doctor physician lawyer attorney accountant designer architect manager consultant analyst scientist researcher student professor chef cook writer journalist editor artist musician pilot electrician plumber carpenter mechanic pharmacist dentist therapist psychologist firefighter officer salesperson cashier waiter waitress barista librarian farmer photographer marketer recruiter administrator ceo cto founder intern veterinarian vet surgeon paramedic economist banker trader technician secretary assistant coach trainer translator tutor lecturer director clerk freelancer entrepreneur',
);

export const MARITAL = stems('married single divorced engaged widowed separated');

/** Verbs the subject parser recognises as the start of the predicate. */
export const VERBS = stems(
  'live reside move relocate work start begin join love like enjoy adore prefer fancy dislike hate detest loathe eat drink have own play speak visit travel drive weigh smoke swim go run build make sleep study learn teach turn switch want need plan get take use read write cook walk watch listen wear know feel think call keep collect grow paint draw sing dance ride bake attend quit stop avoid give buy sell lead manage help care volunteer train practice practise meet date marry belong come leave stay spend support follow hike bike climb ski surf knit sew garden suffer',
);

export const COPULA = new Set(['is', 'are', 'was', 'were', 'am', 'be', 'been', 'being']);
export const MODALS = new Set(['can', 'could', 'will', 'would', 'should', 'may', 'might', 'must', 'shall']);
export const DETERMINERS = new Set(['a', 'an', 'the', 'some', 'any', 'no', 'his', 'her', 'its', 'their', 'our', 'your', "user's", 'two', 'three', 'four', 'five', 'several', 'many', 'few', 'one']);
export const LIKE_VERBS = stems('like love enjoy adore prefer fancy');
export const DISLIKE_VERBS = stems('dislike hate detest loathe');

/** Possessed nouns that name an attribute, mapped to its canonical name. */
export const ATTRIBUTE_NOUNS: Record<string, string> = {
  name: 'name',
  age: 'age',
  birthday: 'birthday',
  'date of birth': 'birthday',
  'birth date': 'birthday',
  home: 'home',
  address: 'home',
  city: 'home',
  hometown: 'origin',
  job: 'role',
  occupation: 'role',
  profession: 'role',
  position: 'role',
  role: 'role',
  employer: 'employer',
  company: 'employer',
  workplace: 'employer',
  nationality: 'nationality',
};

/** Attributes with one value at a time: a new value is an update. */
export const SINGLE_ATTRIBUTES = new Set([
  'name', 'age', 'birthday', 'birthplace', 'home', 'employer', 'role', 'drive', 'weigh', 'marital', 'origin', 'nationality', 'phone', 'email', 'height',
]);

/** Attributes with several true values at once: a different value is a related fact, not an update. */
export const MULTI_ATTRIBUTES = new Set(['like', 'consume', 'speak', 'play', 'visit', 'allergy', 'learn', 'diet']);

export function classesOf(words: readonly string[], table: Record<string, Set<string>>): string[] {
  const out = new Set<string>();
  for (const w of words) for (const [cls, members] of Object.entries(table)) if (members.has(w) || w === cls) out.add(cls);
  return [...out];
}
