/**
 * Word lists the rules consult: general English vocabulary (kinship, pets, food, professions...), written from
 * common knowledge. Nothing here is taken from evaluation data.
 */

const words = (list: string): Set<string> => new Set(list.trim().split(/\s*\|\s*/));

const table = (entries: Record<string, string>): Map<string, string> => {
  const map = new Map<string, string>();
  for (const [category, list] of Object.entries(entries)) {
    for (const word of list.trim().split(/\s*\|\s*/)) map.set(word, category);
  }
  return map;
};

/** Family and close people, singular and plural, mapped to their category. */
export const KIN = table({
  'family/spouse': 'wife|husband|spouse|hubby|wifey|missus|wives|husbands',
  'family/partner':
    'girlfriend|boyfriend|partner|fiance|fiancee|fiancé|fiancée|gf|bf|significant other|girlfriends|boyfriends',
  'family/children':
    'son|sons|daughter|daughters|kid|kids|child|children|baby|babies|toddler|toddlers|twins|stepson|stepdaughter|' +
    'stepkids|stepchildren|newborn|little one|little ones|boys|girls|teenager|teenagers|teens|youngest|oldest',
  'family/siblings':
    'sister|sisters|brother|brothers|sibling|siblings|sis|bro|twin|twin brother|twin sister|half brother|' +
    'half sister|stepbrother|stepsister|big sister|little sister|big brother|little brother|older sister|' +
    'younger sister|older brother|younger brother',
  'family/parents':
    'mom|mother|dad|father|parents|mum|mama|papa|mommy|daddy|stepmom|stepdad|stepmother|stepfather|folks|' +
    'mother in law|father in law|in laws|inlaws',
  'family/grandparents': 'grandma|grandmother|grandpa|grandfather|grandparents|granny|nana|grandmom|grandad|granddad',
  'family/grandchildren':
    'grandson|granddaughter|grandchildren|grandkids|grandchild|grandbaby|grandbabies|grandsons|granddaughters',
  'family/relatives':
    'aunt|uncle|cousin|cousins|niece|nephew|nieces|nephews|aunts|uncles|relatives|family|sister in law|' +
    'brother in law|godson|goddaughter|godmother|godfather',
  'social/friends': 'friend|friends|best friend|bff|roommate|roommates|roomie|neighbor|neighbour|neighbors|neighbours',
  'work/colleagues': 'boss|manager|coworker|coworkers|co-worker|colleague|colleagues|team|employees|employer',
});

/** Kin a person "has" in a way worth saying ("User has a daughter"); parents and friends go without saying. */
export const COUNTABLE_KIN = new Set(
  [...KIN.entries()]
    .filter(([, c]) => /spouse|partner|children|siblings|grandchildren/.test(c))
    .map(([w]) => w),
);

/** Pets and farm animals people keep, mapped to their category. */
export const PETS = table({
  'pets/dogs':
    'dog|dogs|puppy|puppies|pup|pups|doggy|doggo|german shepherd|labrador|lab|poodle|beagle|pug|husky|' +
    'golden retriever|retriever|chihuahua|bulldog|terrier|corgi|dachshund|pitbull|pit bull|rottweiler|collie|' +
    'border collie|shih tzu|great dane|doberman|greyhound|yorkie|maltese|schnauzer|mutt|sheepdog|shepherd|pups',
  'pets/cats': 'cat|cats|kitten|kittens|kitty|kitties|tabby|siamese|maine coon|persian cat',
  'pets/birds': 'bird|birds|parrot|parrots|parakeet|parakeets|budgie|budgies|cockatiel|canary|macaw|cockatoo',
  'pets/fish': 'fish|goldfish|betta|beta fish|betta fish|fishes|aquarium|koi|guppy|guppies|tropical fish',
  'pets/horses': 'horse|horses|pony|ponies|mare|stallion|foal',
  'pets/reptiles':
    'lizard|lizards|gecko|geckos|iguana|iguanas|snake|snakes|python|turtle|turtles|tortoise|tortoises|' +
    'bearded dragon|chameleon|frog|frogs|toad',
  'pets/small-animals':
    'hamster|hamsters|gerbil|gerbils|guinea pig|guinea pigs|rabbit|rabbits|bunny|bunnies|ferret|ferrets|' +
    'chinchilla|hedgehog|rat|rats|mouse|mice',
  'pets/farm-animals':
    'pig|pigs|piglet|goat|goats|chicken|chickens|hen|hens|duck|ducks|cow|cows|sheep|llama|llamas|alpaca|alpacas|' +
    'donkey|rooster|cattle',
  'pets/other': 'pet|pets|tarantula|spider|spiders|hermit crab|axolotl',
});

/** Animals people say they like, beyond pets. */
export const ANIMALS = words(
  'animal|animals|panda|pandas|lion|lions|tiger|tigers|elephant|elephants|dolphin|dolphins|whale|whales|wolf|' +
    'wolves|bear|bears|monkey|monkeys|giraffe|giraffes|owl|owls|penguin|penguins|shark|sharks|fox|foxes|deer|' +
    'otter|otters|koala|koalas|sloth|sloths|zebra|zebras|unicorn|unicorns|butterfly|butterflies|bee|bees|' +
    'squirrel|squirrels|raccoon|raccoons|eagle|eagles|insects|bugs|reptiles|dinosaurs|wildlife',
);

/** Vehicle nouns, makes and common models. */
export const VEHICLES = words(
  'car|cars|truck|trucks|van|minivan|suv|jeep|motorcycle|motorbike|bike|bicycle|scooter|rv|camper|boat|' +
    'convertible|pickup|pickup truck|sedan|coupe|hatchback|sports car|moped|tractor|yacht|sailboat|canoe|kayak|' +
    'toyota|honda|ford|chevy|chevrolet|nissan|subaru|bmw|mercedes|audi|volkswagen|vw|tesla|hyundai|kia|mazda|' +
    'dodge|gmc|lexus|porsche|ferrari|lamborghini|volvo|cadillac|buick|chrysler|harley|ducati|yamaha|kawasaki|' +
    'fiat|jaguar|land rover|range rover|mini cooper|prius|civic|corolla|camry|mustang|beetle|accord|outback|' +
    'silverado|wrangler|camaro|corvette|f150|f-150|pathfinder|altima|charger|impala|miata|rav4|crv|cr-v',
);

export const VEHICLE_MAKES = words(
  'toyota|honda|ford|chevy|chevrolet|nissan|subaru|bmw|mercedes|audi|volkswagen|vw|tesla|hyundai|kia|mazda|' +
    'dodge|gmc|lexus|porsche|ferrari|lamborghini|volvo|cadillac|buick|chrysler|harley|ducati|yamaha|kawasaki|' +
    'fiat|jaguar|prius|civic|corolla|camry|mustang|jeep',
);

/** Homes: "my condo" says where the user lives. */
export const HOMES = words(
  'house|home|apartment|flat|condo|townhouse|cabin|farm|ranch|trailer|mobile home|mansion|cottage|studio|loft|' +
    'duplex|bungalow|dorm|farmhouse|houseboat|penthouse|villa|place',
);

export const FOODS = words(
  'food|foods|pizza|sushi|pasta|burger|burgers|hamburger|hamburgers|taco|tacos|burrito|burritos|chocolate|' +
    'ice cream|cake|cakes|cookie|cookies|candy|fruit|fruits|vegetable|vegetables|veggies|salad|salads|steak|' +
    'meat|chicken|beef|pork|bacon|fish|seafood|crab|crabs|lobster|shrimp|cheese|bread|rice|noodles|ramen|curry|' +
    'soup|fries|french fries|chips|olives|mushrooms|onions|garlic|eggs|pancakes|waffles|donuts|doughnuts|pie|' +
    'lasagna|spaghetti|hot dogs|sandwich|sandwiches|cereal|oatmeal|yogurt|nuts|peanuts|avocado|avocados|tofu|' +
    'apples|apple|bananas|banana|strawberries|blueberries|grapes|oranges|peaches|mango|mangoes|watermelon|' +
    'pineapple|cherries|berries|tomatoes|potatoes|carrots|broccoli|spinach|kale|beans|beets|corn|peas|' +
    'cucumbers|peppers|sweets|desserts|dessert|snacks|junk food|fast food|candy bars|popcorn|pretzels|nachos|' +
    'wings|chicken wings|bbq|barbecue|ribs|sausage|ham|turkey|salmon|tuna|oysters|clams|dumplings|pho|kimchi|' +
    'tapas|paella|falafel|hummus|kebab|kebabs|brownies|cupcakes|cheesecake|pudding|gummy bears|gummies|' +
    'chinese food|mexican food|italian food|indian food|thai food|japanese food|greek food|spicy food|' +
    'cilantro|coconut|honey|peanut butter|jelly|butter|mac and cheese|macaroni|bagels|croissants|muffins|' +
    'meatballs|pork chops|fried chicken|grilled cheese|quesadillas|enchiladas|cookie dough|licorice|marshmallows',
);

export const DRINKS = words(
  'coffee|tea|green tea|black tea|iced tea|beer|beers|wine|red wine|white wine|water|soda|pop|soda pop|juice|' +
    'orange juice|milk|cola|coke|pepsi|diet coke|sprite|lemonade|smoothie|smoothies|whiskey|whisky|vodka|' +
    'tequila|rum|gin|cocktails|cocktail|latte|lattes|cappuccino|espresso|hot chocolate|kombucha|mocha|' +
    'energy drinks|red bull|alcohol|booze|champagne|cider|bourbon|scotch|margaritas|mojitos|chai|matcha|' +
    'milkshakes|milkshake|sweet tea|root beer|dr pepper|mountain dew|frappuccino',
);

export const COLORS = words(
  'red|blue|green|yellow|orange|purple|pink|black|white|gray|grey|brown|teal|turquoise|violet|indigo|' +
    'magenta|maroon|navy|navy blue|beige|gold|silver|lavender|cyan|lime|burgundy|crimson|coral|aqua|mint|' +
    'sky blue|baby blue|light blue|dark blue|dark green|lime green|hot pink|neon green',
);

export const SEASONS = words('spring|summer|fall|autumn|winter');

export const MUSIC = words(
  'music|rock|jazz|country|country music|pop|pop music|hip hop|hip-hop|rap|classical|classical music|metal|' +
    'heavy metal|punk|blues|reggae|edm|techno|house music|folk|folk music|r&b|soul|gospel|opera|indie|' +
    'indie rock|punk rock|rock music|alternative|k-pop|kpop|disco|funk|bluegrass|musicals',
);

export const MEDIA = words(
  'movies|movie|films|film|tv|television|shows|tv shows|anime|cartoons|documentaries|series|netflix|' +
    'youtube|books|book|novels|comics|manga|podcasts|horror movies|comedies|sitcoms|reality tv|reality shows|' +
    'sci-fi|science fiction|fantasy|mysteries|romance novels|poetry|magazines|video games|games',
);

/** Sports and hobbies named by a noun ("I love tennis"). Gerunds ("fishing") are recognised by their ending. */
export const HOBBIES = words(
  'tennis|soccer|football|basketball|baseball|golf|hockey|volleyball|rugby|cricket|softball|lacrosse|' +
    'badminton|yoga|pilates|chess|poker|sports|sport|video games|board games|games|crossword|crosswords|' +
    'puzzles|karate|judo|taekwondo|boxing|wrestling|gymnastics|ballet|salsa|tango|hip hop|photography|' +
    'art|arts|crafts|arts and crafts|music|travel|nature|the outdoors|outdoors|the beach|beaches|mountains|' +
    'the ocean|hikes|walks|parties|concerts|museums|fitness|exercise|the gym|gym|cardio|kayaks|rodeo|' +
    'nascar|racing|marathons|triathlons|theater|theatre|opera|karaoke|trivia|legos|lego|anime|cosplay|' +
    'dance|dancing|golfing|guitar|piano|drums|violin|magic|astronomy|history|science|math|poetry|philosophy',
);

export const INSTRUMENTS = words(
  'piano|guitar|violin|drums|bass|cello|flute|saxophone|sax|trumpet|clarinet|ukulele|harp|banjo|keyboard|' +
    'trombone|oboe|harmonica|accordion|viola|mandolin|electric guitar|acoustic guitar|bass guitar|organ|tuba|' +
    'french horn|bagpipes|instruments|instrument',
);

export const LANGUAGES = words(
  'english|french|german|spanish|italian|portuguese|russian|chinese|mandarin|cantonese|japanese|korean|' +
    'arabic|hindi|urdu|bengali|punjabi|tamil|telugu|turkish|persian|farsi|dutch|swedish|norwegian|danish|' +
    'finnish|polish|czech|slovak|hungarian|romanian|bulgarian|greek|hebrew|vietnamese|thai|indonesian|' +
    'malay|tagalog|filipino|swahili|ukrainian|serbian|croatian|catalan|basque|irish|welsh|gaelic|latin|' +
    'sign language|asl|american sign language|esperanto|yiddish|icelandic|estonian|latvian|lithuanian|' +
    'afrikaans|zulu|amharic|somali|nepali|sinhala|khmer|lao|burmese|mongolian|haitian creole|creole|' +
    'python|javascript|typescript|java|rust|golang|c++|c#|ruby|php|sql|kotlin|swift|haskell',
);

const PROGRAMMING_LANGUAGES = words('python|javascript|typescript|java|rust|golang|c++|c#|ruby|php|sql|kotlin|swift|haskell');

export const SPOKEN_LANGUAGES = new Set([...LANGUAGES].filter((l) => !PROGRAMMING_LANGUAGES.has(l)));

/** Health conditions named as nouns ("I have asthma"). Suffixes (-itis, -osis, ... disease) are matched too. */
export const CONDITIONS = words(
  'diabetes|type 1 diabetes|type 2 diabetes|asthma|cancer|adhd|autism|depression|anxiety|ptsd|ocd|bipolar|' +
    'bipolar disorder|migraines|migraine|arthritis|celiac|celiac disease|epilepsy|high blood pressure|' +
    'hypertension|high cholesterol|ibs|lupus|ms|multiple sclerosis|insomnia|sleep apnea|allergies|' +
    'hay fever|eczema|psoriasis|acne|scoliosis|fibromyalgia|dyslexia|heart condition|a heart condition|' +
    'heart disease|kidney disease|bad back|a bad back|back pain|chronic pain|disability|a disability|anemia|' +
    'hypothyroidism|hyperthyroidism|gluten intolerance|lactose intolerance|vertigo|tinnitus|glaucoma|' +
    'cataracts|dementia|alzheimers|parkinsons|hiv|hepatitis|copd|bronchitis|pneumonia|cerebral palsy|' +
    'down syndrome|cold|a cold|the flu|flu|covid|long covid|concussion|a concussion|sciatica|gout|' +
    'endometriosis|pcos|anorexia|bulimia|an eating disorder|eating disorder|tourettes|a learning disability|' +
    'crohns|crohns disease|colitis|heartburn|acid reflux|a broken leg|a broken arm|broken leg|broken arm|' +
    'a torn acl|torn acl|a bad knee|bad knees|a bad knee|cavities|a cavity|a heart murmur|a pacemaker|' +
    'a prosthetic leg|a prosthetic|hearing aids|a hearing aid|glasses|braces|tattoos|a tattoo|freckles',
);

export const CONDITION_HEADS = /(?:itis|osis|emia|pathy|algia|phobia|disease|syndrome|disorder|cancer|infection|injury|deficiency|intolerance|allergy|allergies|diabetes|asthma|hair|eyes|tattoo|tattoos|scar|scars|skin|freckles|beard|mustache)$/;

/** Adjectives that describe a health state ("I'm deaf"). */
export const HEALTH_STATES = words(
  'deaf|blind|diabetic|pregnant|disabled|autistic|dyslexic|colorblind|color blind|paralyzed|paraplegic|' +
    'epileptic|asthmatic|anemic|in a wheelchair|in remission|sick|ill|injured|hard of hearing|' +
    'partially deaf|legally blind|immunocompromised|handicapped|sober|in recovery|on dialysis|' +
    'lactose intolerant|gluten intolerant|celiac|diabetic|insomniac|hypoglycemic|bedridden|infertile',
);

export const DIETS = words(
  'vegetarian|vegan|pescatarian|pescetarian|keto|paleo|gluten free|gluten-free|dairy free|dairy-free|' +
    'kosher|halal|raw vegan|plant based|plant-based|teetotal|a vegetarian|a vegan|a pescatarian|' +
    'on a diet|on a keto diet|on a low carb diet|on a low-carb diet|on a paleo diet|on a vegan diet|' +
    'on a strict diet|on a plant based diet|on a gluten free diet|dieting|fasting|counting calories|' +
    'a vegetarian now|a strict vegetarian|a strict vegan|strict vegan|strict vegetarian|mostly vegetarian',
);

/** Feelings: "I'm stressed", "I feel lonely". */
export const EMOTIONS = words(
  'happy|sad|stressed|stressed out|anxious|excited|worried|nervous|tired|exhausted|lonely|depressed|angry|' +
    'upset|frustrated|overwhelmed|scared|afraid|terrified|bored|thrilled|grateful|thankful|proud|ashamed|' +
    'embarrassed|jealous|heartbroken|hopeful|hopeless|miserable|content|relieved|calm|relaxed|burnt out|' +
    'burned out|burnt-out|homesick|nostalgic|sleepy|unhappy|glad|pumped|stoked|ecstatic|joyful|devastated|' +
    'annoyed|irritated|furious|mad|moody|emotional|insecure|confident|motivated|unmotivated|discouraged|' +
    'blessed|lucky|down|blue|fed up|restless|impatient|uneasy|tense|panicked|sore|drained|fine|great|' +
    'awesome|amazing|wonderful|terrible|awful|horrible|good|bad|okay|ok|alright|well|better|worse',
);

/** Emotions weak enough to be small talk when said alone ("I'm good"). */
export const SMALL_TALK_STATES = words(
  'afraid|fine|great|awesome|amazing|wonderful|good|bad|okay|ok|alright|well|better|worse|glad|lucky|blessed|' +
    'thankful|grateful|terrible|awful|horrible|sure|sorry|here|back|ready|done|kidding|joking|curious|' +
    'confused|lost|stuck|unsure|not sure|interested|wondering|listening|serious|right|wrong|new here|new|' +
    'afraid so|game|in|out|up|on it|all ears|home|busy|free|available|around|same|too|doing well|' +
    'doing good|doing great|doing fine|doing ok|doing okay|well thanks|alive|awake|online|happy to help',
);

/** Professions, for "I'm a nurse". Nouns ending in -er, -or, -ist, -eer are recognised by their ending too. */
export const PROFESSIONS = words(
  'nurse|doctor|teacher|lawyer|chef|cook|pilot|cashier|clerk|mechanic|plumber|electrician|carpenter|' +
    'architect|accountant|dentist|surgeon|pharmacist|veterinarian|vet|firefighter|police officer|cop|officer|' +
    'soldier|marine|sailor|farmer|rancher|barista|bartender|waiter|waitress|server|secretary|receptionist|' +
    'librarian|scientist|biologist|chemist|physicist|engineer|developer|programmer|designer|artist|musician|' +
    'singer|actor|actress|writer|author|journalist|editor|photographer|painter|therapist|counselor|' +
    'counsellor|psychologist|psychiatrist|consultant|analyst|manager|ceo|cto|cfo|founder|cofounder|' +
    'entrepreneur|banker|realtor|salesman|saleswoman|salesperson|professor|lecturer|tutor|coach|trainer|' +
    'instructor|nanny|babysitter|caregiver|caretaker|paramedic|emt|technician|tech|janitor|custodian|' +
    'housekeeper|maid|butler|driver|trucker|mailman|mail carrier|postman|miner|welder|machinist|baker|' +
    'butcher|florist|hairdresser|hairstylist|stylist|barber|model|athlete|streamer|youtuber|blogger|vlogger|' +
    'influencer|comedian|magician|preacher|pastor|priest|minister|rabbi|imam|nun|monk|judge|attorney|' +
    'paralegal|politician|senator|mayor|diplomat|translator|interpreter|intern|assistant|administrator|' +
    'executive|director|supervisor|foreman|contractor|builder|landscaper|gardener|fisherman|lumberjack|' +
    'guard|security guard|ranger|zookeeper|hygienist|optometrist|chiropractor|physician|midwife|doula|' +
    'social worker|worker|laborer|labourer|freelancer|housewife|homemaker|stay at home mom|stay at home dad|' +
    'surgeon|cardiologist|pediatrician|dietitian|nutritionist|pharmacist|investor|trader|broker|recruiter|' +
    'accountant|auditor|bookkeeper|planner|coordinator|specialist|representative|rep|agent|detective|' +
    'sheriff|deputy|inspector|lifeguard|dj|producer|filmmaker|animator|illustrator|tattoo artist|' +
    'mathematician|statistician|historian|economist|geologist|astronaut|researcher|professor|dean|principal|' +
    'scholar|clergyman|missionary|volunteer|cowboy|beekeeper|jeweler|tailor|seamstress|cobbler|locksmith|' +
    'veteran|navy seal|medic|nursing assistant|cna|rn|pa|dental assistant|crossing guard|bus driver|' +
    'truck driver|cab driver|taxi driver|delivery driver|line cook|sous chef|dishwasher|busboy|host|hostess|' +
    'cashier|bagger|stocker|usher|housecleaner|cleaner|plumber|roofer|painter|mason|bricklayer|electrician',
);

const NOT_PROFESSION = words(
  'lover|fan|mother|father|brother|sister|daughter|grandmother|grandfather|member|beginner|user|eater|' +
    'drinker|smoker|sleeper|thinker|dreamer|believer|follower|supporter|winner|loser|monster|other|partner|' +
    'neighbor|neighbour|stranger|foreigner|introvert|extrovert|loner|newcomer|outsider|survivor|sucker|' +
    'fighter|daydreamer|worrier|prayer|leader|killer|hater|gamer|reader|runner|swimmer|biker|hiker|climber|' +
    'surfer|skier|snowboarder|skater|golfer|jogger|collector|traveler|traveller|shopper|watcher|listener|' +
    'learner|achiever|perfectionist|optimist|pessimist|realist|minimalist|feminist|atheist|buddhist|' +
    'baptist|methodist|republican|libertarian|vegetarian|pescatarian|humanitarian|number|super|paper|' +
    'computer|soccer|cancer|manner|matter|corner|dinner|summer|winter|water|finger|letter|river|' +
    'color|colour|junior|senior|major|minor|visitor|mirror|horror|error|honor|honour|favor|favour|' +
    'flavor|flavour|humor|humour|anchor|actor_',
);

export const HOBBYIST_NOUNS = words(
  'gamer|reader|runner|swimmer|biker|hiker|climber|surfer|skier|snowboarder|skater|golfer|jogger|' +
    'collector|traveler|traveller|shopper|bookworm|foodie|cyclist|dancer|musician|singer|photographer|' +
    'painter|artist|writer|cook|baker|gardener|knitter|fisherman|hunter|sports fan|movie buff|film buff|' +
    'music lover|animal lover|dog lover|cat lover|nerd|geek|athlete|rock climber|outdoorsman|homebody|' +
    'night owl|early bird|morning person|night person|dog person|cat person|people person',
);

export function isProfession(head: string): boolean {
  if (PROFESSIONS.has(head)) return true;
  if (NOT_PROFESSION.has(head) || HOBBYIST_NOUNS.has(head)) return false;
  return /(?:[a-z]{3}(?:er|or|ist|eer)|ographer|ician)$/.test(head);
}

export const GENDER_NOUNS = words(
  'man|woman|guy|girl|boy|lady|gentleman|male|female|dude|gal|gay man|gay woman|trans woman|trans man|' +
    'transgender|nonbinary|non-binary|lesbian|gay|bisexual|straight|mom|dad|mother|father|grandmother|' +
    'grandfather|grandma|grandpa|wife|husband|single mom|single dad|single mother|single father|parent|' +
    'single parent|widow|widower|bachelor|retiree|teenager|teen|kid|adult|senior|senior citizen|twin',
);

/** Appointments and events people "have" ("a meeting", "a dentist appointment"). */
export const EVENTS = table({
  'events/work':
    'meeting|meetings|interview|job interview|presentation|shift|standup|stand-up|sync|review|deadline|' +
    'conference|call|demo|pitch|performance review|training|orientation|work trip|business trip|' +
    'one on one|1:1|offsite|retreat|workshop|seminar|webinar|launch|board meeting|team meeting|client meeting',
  'events/appointments':
    'appointment|appointments|dentist appointment|doctor appointment|doctors appointment|vet appointment|' +
    'checkup|check-up|surgery|operation|physical|therapy|therapy session|session|haircut|massage|consultation|' +
    'scan|mri|x-ray|blood test|vaccination|shot|reservation|booking|court date|hearing',
  'events/school':
    'exam|exams|test|tests|quiz|final|finals|midterm|midterms|class|classes|lecture|lesson|lessons|course|' +
    'tutorial|lab|practice|rehearsal|recital|audition|graduation|thesis defense|defense|assignment|homework|' +
    'paper due|project due|essay due',
  'events/social':
    'party|birthday party|wedding|date|dinner|lunch|breakfast|brunch|dinner party|reunion|funeral|ceremony|' +
    'concert|show|gig|game|match|tournament|race|marathon|playdate|sleepover|barbecue|bbq|picnic|baby shower|' +
    'bridal shower|bachelor party|bachelorette party|get-together|gathering|event|festival|play|performance',
  'events/travel': 'flight|trip|vacation|holiday|road trip|cruise|train|layover|camping trip|visit',
});

/** Things people say they "have" that are no fact about them ("I have a question"). */
export const NON_POSSESSIONS = words(
  'question|questions|idea|ideas|problem|problems|issue|issues|doubt|doubts|feeling|feelings|thought|' +
    'thoughts|moment|minute|second|chance|choice|point|suggestion|request|favor|favour|clue|guess|hunch|' +
    'concern|concerns|theory|opinion|answer|good day|great day|nice day|bad day|long day|busy day|day|' +
    'good time|great time|fun|lot|lot of fun|blast|good one|great one|nice one|way|feeling that|sense|' +
    'hard time|tough time|rough time|rough day|tough day|nice weekend|good weekend|great weekend|weekend|' +
    'it|that|this|them|one|some|none|nothing|something|anything|everything|all|more|enough|to|been|love|faith|' +
    'hope|courage|strength|patience|energy|luck|peace|confidence|respect|support|sense|memories|memory|' +
    'feelings|emotions|trust|doubts|fears|worries|thoughts|plans|work to do|things to do|stuff|much|so much',
);

/** Words that end a noun phrase: a name after "named" is never one of these. */
/**
 * Common given names, lower case, for chat typed without capitals ("i'm jason"): only names that are not also
 * everyday words ("frank", "will", "grace", "rose", "june" are left out).
 */
export const GIVEN_NAMES = words(`
  aaron|abby|abigail|adam|adrian|aiden|aisha|alan|albert|alex|alexa|alexander|alexandra|alexis|alfred|alice|
  alicia|alison|allison|amanda|amelia|amir|amy|ana|andre|andrea|andrew|andy|angela|angelina|anita|ann|anna|
  anne|annie|anthony|antonio|arjun|arthur|ashley|austin|ava|barbara|beatrice|becky|ben|benjamin|beth|bethany|
  betty|beverly|blake|bob|bobby|brad|bradley|brandon|brenda|brendan|brian|bridget|brittany|brooke|bruce|bryan|
  caleb|camila|cameron|carl|carla|carlos|carmen|carol|caroline|carolyn|casey|catherine|cathy|cecilia|charles|
  charlie|charlotte|chelsea|cheryl|chloe|chris|christian|christina|christine|christopher|cindy|claire|clara|
  claudia|cody|colin|connor|craig|cynthia|daisy|dale|dan|dana|daniel|daniela|danielle|danny|darren|david|
  debbie|deborah|denise|dennis|derek|diana|diane|diego|dominic|donald|donna|doris|dorothy|douglas|dylan|eddie|
  edgar|edith|eduardo|edward|eileen|elaine|elena|eli|elijah|elizabeth|ella|ellen|ellie|emily|emma|eric|erica|
  erik|erin|ethan|eugene|eva|evan|evelyn|fatima|felix|fernando|fiona|francesca|francis|francisco|gabriel|
  gabriela|gary|gavin|george|georgia|gerald|gina|giovanni|gloria|gordon|greg|gregory|hailey|hannah|harold|
  harry|harvey|hassan|heather|helen|henry|hugo|ian|isaac|isabel|isabella|isabelle|ivan|jacob|jake|james|jamie|
  jane|janet|janice|jared|jasmine|jason|javier|jeff|jeffrey|jenna|jennifer|jenny|jeremy|jerry|jesse|jessica|
  jill|jim|jimmy|joan|joe|joel|johanna|john|johnny|jon|jonathan|jordan|jorge|jose|joseph|josh|joshua|joyce|
  juan|judith|judy|julia|julian|julie|justin|kaitlyn|karen|kate|katherine|kathleen|kathryn|kathy|katie|kayla|
  keith|kelly|kelsey|ken|kenneth|kevin|kim|kimberly|kyle|laura|lauren|leah|lena|leo|leon|leonardo|liam|linda|
  lindsay|lisa|logan|lorenzo|louis|louise|lucas|lucia|lucy|luis|luke|lydia|madison|maggie|malik|mandy|manuel|
  marcus|margaret|maria|mariana|marie|marilyn|mario|marissa|martha|martin|mary|mason|matt|matthew|maya|megan|
  melanie|melissa|mia|michael|michelle|miguel|mike|mila|miriam|mohammed|molly|monica|morgan|nadia|nancy|naomi|
  natalie|natasha|nathan|nicholas|nick|nicole|nina|noah|nora|oliver|olivia|omar|oscar|owen|pablo|pamela|
  patricia|patrick|paul|paula|peter|philip|phillip|priya|rachel|rafael|rahul|ralph|randy|raul|rebecca|regina|
  renee|ricardo|richard|rick|ricky|rita|robert|roberto|robin|rodrigo|roger|ronald|rosa|ruth|ryan|sabrina|
  samantha|samuel|sandra|sara|sarah|scott|sean|sebastian|sergio|shannon|sharon|shawn|sheila|shirley|simon|
  sofia|sophia|sophie|stacy|stephanie|stephen|steve|steven|susan|suzanne|sylvia|tammy|tanya|tara|teresa|terry|
  theresa|thomas|tiffany|tim|timothy|tina|todd|tom|tommy|tony|tracy|travis|tyler|valentina|valerie|vanessa|
  veronica|victor|victoria|vincent|virginia|walter|wayne|wendy|william|willie|xavier|yasmin|yusuf|zachary|zoe
`);

export const STOPWORDS = words(
  'a|an|the|and|or|but|so|because|if|then|than|that|this|these|those|which|who|whom|whose|what|when|where|' +
    'why|how|is|are|was|were|be|been|being|am|do|does|did|have|has|had|will|would|can|could|should|may|might|' +
    'must|i|me|my|mine|you|your|yours|he|him|his|she|her|hers|it|its|we|us|our|ours|they|them|their|theirs|' +
    'in|on|at|to|for|from|with|by|of|about|as|into|over|after|before|since|until|while|too|also|very|really|' +
    'just|not|no|yes|lol|haha|ok|okay|now|here|there|though|tho|like|love|likes|loves|hence|she|he|haha|hehe|' +
    'lmao|omg|well|oh|yeah|yep|nope|cool|nice|sure|right|who|after|all|both|either|neither|each|every',
);

/** Interjections and discourse words a clause may open with before its subject. */
export const OPENERS = words(
  'hi|hey|hello|hiya|howdy|well|so|oh|ok|okay|yes|yeah|yep|yup|no|nope|nah|lol|haha|hahaha|hehe|lmao|omg|' +
    'cool|nice|wow|awesome|great|sure|hmm|hm|um|uh|and|but|also|actually|honestly|anyway|anyways|plus|ah|' +
    'aw|aww|ugh|yikes|yay|true|right|indeed|exactly|absolutely|definitely|totally|gosh|man|dude|sweet|' +
    'interesting|congrats|congratulations|sorry|thanks|thank you|good|fine|alright|same|me too|jeez|geez|' +
    'although|though|because|cause|cuz|coz|besides|otherwise|still|now|then|currently|personally|unfortunately|' +
    'fortunately|luckily|sadly|basically|obviously|apparently|hopefully|anyhow|lately|recently|oh well|haha yes',
);

/** What follows "I want to" / "I'm trying to" in a request or in chat about the chat, not a goal. */
export const NOT_A_GOAL =
  /^(?:do (?:my|our|the) best|try (?:my|our) best|figure out|work out|debug|fix|solve|install|compile|run (?:this|it|the)|get (?:this|it|that)|make (?:this|it|that)|decide|remember|recall|reach|contact|log in|login|sign in|connect|know|ask|say|tell|find out|check|see if|see whether|see what|make sure|understand|clarify|confirm|thank|share|talk|chat|hear|learn more about|get your|you|your|help|try this|be honest|go now|go to bed|sleep|get going|leave|stop|vent|rant|mention|point out|add|note|correct|change the subject|apologize|apologise|say sorry|do that|do this|do it|be there|see you|meet you|keep in touch)\b/i;
