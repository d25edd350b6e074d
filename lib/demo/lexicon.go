package demo

import "strings"

// The lexicon: the words every generator draws its text from. The lists are written
// for this package (no dataset text) and are long enough that two unrelated records
// share few word or character shingles: a template slot has tens to hundreds of
// fillers, and most templates have four or more slots, so two records from the same
// template differ in most of their content words (see TestNoAccidentalNearDuplicates).

// words splits a space-separated list; lists are kept one string per category so the
// file stays readable.
func words(s string) []string { return strings.Fields(s) }

// phrases splits a "|"-separated list of multi-word entries.
func phrases(s string) []string {
	parts := strings.Split(s, "|")
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		// Entries may wrap across lines in the source: fold the wrap to one space.
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// lexicon maps a slot name, as templates write it ({first}, {city}), to its fillers.
var lexicon = map[string][]string{
	"first": words(`Aaliyah Abel Ada Adrian Agnes Aiko Alba Alden Alma Amara Amir Anders Anika Ansel
		Arjun Astrid Aurelio Ayla Bastian Beatriz Bela Benedikt Bianca Boris Bruna Caius Calla Camille
		Carmen Cassius Cecile Chiara Cyrus Dagny Dalia Damian Dara Delphine Desmond Dimitri Dora Eamon
		Edda Elif Elio Elsa Emeka Enzo Esme Ezra Fabian Farah Felix Femi Fiona Florian Freya Gaspard
		Gemma Gideon Greta Gustavo Hana Hamza Hector Helga Hugo Ida Ignacio Ilse Imani Ines Ingrid
		Isak Ivo Jada Jalen Jasper Joaquin Jonas Juno Kai Kamala Kasimir Keiko Kenji Kiran Klara
		Kofi Lale Lars Leander Leila Lena Linnea Lior Lucia Ludo Luka Mads Maeve Magnus Mala Marek
		Marisol Mateo Maya Mei Milan Mira Moritz Nadia Naveen Nell Nico Nils Noor Odile Olek Olga
		Omar Oona Orla Oskar Paloma Pavel Petra Priya Quentin Rafael Rania Ravi Remy Rhea Rohan
		Rosa Rumi Saanvi Samir Sela Sergio Signe Silas Sina Soren Suki Sven Tala Tamsin Teo Thea
		Tobias Tomas Ulla Umar Una Valentin Vera Viggo Wanda Wren Xavier Yara Yusuf Zadie Zara Zeno`),
	"last": words(`Abara Achterberg Adeyemi Alvarado Amundsen Arceneaux Ashby Balogun Barros Becker
		Bellamy Bergstrom Bhatt Blanchet Bonsu Brandt Calloway Castellanos Chakraborty Chen Cordova
		Dahl Dancy Delacroix Desai Dominguez Draper Dubois Eklund Engel Espinoza Falk Farrow Ferreira
		Fitzgerald Fonseca Fournier Galloway Garber Gomez Grieve Gunawardena Haddad Halvorsen Hartmann
		Hayashi Holloway Ibarra Iwu Jablonski Janssen Jovanovic Kalnins Kapoor Keller Kimura Koenig
		Kowalski Lachance Lambert Larsen Lefebvre Lindqvist Lombardi Lund Machado Maddox Marchetti
		Mensah Mercer Moreau Nakamura Navarro Nilsen Nkemelu Novak Obi Okafor Olsen Ortega Osei
		Pacheco Park Pellegrini Petrov Quinlan Rahman Ramsey Reyes Richter Rinaldi Rossi Sandoval
		Santos Schafer Sepulveda Shah Sorensen Stavros Strand Sullivan Takahashi Tanaka Thorne Toivonen
		Trujillo Umeh Valdez Vance Varga Vogel Wainwright Walcott Weiss Whitaker Yilmaz Zielinski`),
	"city": words(`Aberdeen Adelaide Albuquerque Antwerp Arequipa Asheville Auckland Baltimore
		Bergen Bilbao Boise Bologna Bordeaux Brisbane Bristol Brno Bruges Calgary Cardiff Charleston
		Chattanooga Cork Dayton Dresden Dublin Dundee Durban Eugene Fresno Galway Ghent Glasgow
		Gothenburg Graz Halifax Hamilton Hobart Innsbruck Kraków Kyoto Leeds Leipzig Lille Linz Lisbon
		Lyon Madison Malmo Manchester Marseille Melbourne Memphis Montpellier Montreal Nantes Naples
		Newcastle Oaxaca Omaha Osaka Oulu Oxford Perth Pittsburgh Porto Portland Quebec Raleigh
		Reno Riga Rotterdam Salzburg Santander Savannah Seville Sheffield Spokane Stavanger Tallinn
		Tampere Toulouse Trieste Tucson Turin Uppsala Utrecht Valencia Verona Victoria Vilnius
		Wellington Winnipeg Wroclaw York Zaragoza Zurich`),
	"country": words(`Argentina Australia Austria Belgium Brazil Canada Chile Colombia Croatia Denmark
		Estonia Finland France Germany Ghana Greece Iceland India Indonesia Ireland Italy Japan Kenya
		Latvia Mexico Morocco Nepal Netherlands Nigeria Norway Peru Poland Portugal Romania Senegal
		Slovenia Spain Sweden Switzerland Tanzania Thailand Tunisia Uruguay Vietnam`),
	"obj": words(`apples bagels baskets batteries beads blankets bookmarks bottles bowls bricks
		buttons candles cards carrots cases chairs coasters coins cookies crayons cups cushions
		envelopes erasers flowerpots folders glasses gloves jars keychains kites lamps lanterns
		magnets markers marbles muffins mugs notebooks oranges ornaments pancakes pencils pens
		pillows pinecones plates posters pumpkins puzzles quilts ribbons rings rocks rolls scarves
		seashells seedlings shirts socks spoons stamps stickers stones tickets tiles towels toys
		trays tulips umbrellas vases wallets whistles`),
	"food": phrases(`lentil soup|banana bread|fish tacos|vegetable curry|mushroom risotto|apple pie|
		fried rice|tomato salad|chicken stew|pumpkin muffins|bean chili|oat cookies|corn chowder|
		spinach quiche|lemon cake|pea soup|garlic noodles|berry jam|potato gratin|ginger tea`),
	"animal": words(`alpacas badgers beavers bison camels cranes crows dolphins donkeys ducks eagles
		ferrets finches foxes frogs geese goats hamsters hedgehogs herons horses lizards llamas
		moles otters owls parrots pelicans penguins pigeons rabbits raccoons salmon seals sheep
		sparrows squirrels swans tortoises trout turtles walruses whales wolves`),
	"job": words(`accountant architect baker biologist carpenter chemist chef cartographer
		dentist designer economist editor electrician engineer farmer firefighter florist geologist
		historian illustrator journalist judge librarian linguist locksmith machinist mechanic
		midwife musician nurse optician painter paramedic pharmacist photographer physicist pilot
		plumber potter programmer sculptor surveyor tailor teacher translator veterinarian welder`),
	"adj": words(`ancient bright brittle busy careful chilly clever cloudy coastal compact crowded
		curious damp dense distant dusty early eager elegant empty faint fragile fresh gentle
		gloomy golden hollow humid icy idle large lively loose loud mellow modest muddy narrow
		noisy northern odd orderly pale patient plain polished quiet rapid rare remote rough
		rural rusty sandy scarce shallow sharp silent slender smooth sparse steady steep sticky
		sturdy subtle sunny swift tidy tiny uneven urban vast vivid warm weary wide windy wooden
		young`),
	"adv": words(`carefully quickly quietly slowly steadily rarely often suddenly gradually
		briefly gently firmly loosely nearly openly partly mostly barely evenly closely`),
	"verb": words(`adjust arrange assemble borrow build carry check clean collect compare cook
		count cover deliver design divide draw explore fill fix gather grow harvest inspect
		label lift measure mend mix move order organize pack paint plant polish prepare print
		record repair replace return sell sort stack store test trade train trim visit wash
		weigh wrap`),
	"verbed": words(`adjusted arranged assembled borrowed built carried checked cleaned collected
		compared cooked counted covered delivered designed divided drew explored filled fixed
		gathered grew harvested inspected labeled lifted measured mended mixed moved ordered
		organized packed painted planted polished prepared printed recorded repaired replaced
		returned sold sorted stacked stored tested traded trained trimmed visited washed weighed
		wrapped`),
	"place": phrases(`library|bakery|harbor|train station|community garden|museum|farmers market|
		school gym|bike shop|pottery studio|bookstore|greenhouse|warehouse|science fair|town hall|
		art gallery|swimming pool|hardware store|flower shop|recycling center|post office|
		observatory|music school|food bank|riverside park|ferry terminal|print shop|bus depot`),
	"event": phrases(`charity run|book fair|robotics contest|chess tournament|bake sale|film
		festival|spelling bee|quiz night|craft market|science fair|music recital|garden show|
		coding workshop|debate final|cleanup day|kite festival|poetry reading|dance marathon`),
	"month":   words(`January February March April May June July August September October November December`),
	"weekday": words(`Monday Tuesday Wednesday Thursday Friday Saturday Sunday`),
	"color": words(`amber azure beige black blue bronze coral crimson cyan emerald gold gray green
		indigo ivory lavender lilac maroon navy olive orange pink plum purple red rust scarlet
		silver tan teal turquoise violet white yellow`),
	"material": words(`aluminum bamboo brass cedar ceramic clay concrete copper cork cotton felt
		glass granite hemp leather linen maple marble nylon oak paper pine plastic porcelain
		rubber silk slate steel stone tin walnut wool zinc`),
	"sci": phrases(`photosynthesis|cell membrane|kinetic energy|plate tectonics|water cycle|
		chemical bond|magnetic field|food web|natural selection|erosion|condensation|friction|
		gravity|mitochondria|ecosystem|electric circuit|sound wave|refraction|metamorphosis|
		weathering|solar eclipse|greenhouse effect|pollination|buoyancy|evaporation|static
		electricity|igneous rock|tidal force|nervous system|heat conduction|lunar phase|
		photosynthetic pigment|carbon cycle|atomic nucleus|seed dispersal|ocean current`),
	"field": phrases(`astronomy|economics|linguistics|geology|sociology|philosophy|statistics|
		microbiology|political science|anthropology|archaeology|ecology|art history|
		music theory|epidemiology|cryptography|oceanography|urban planning|thermodynamics|
		game theory|ethics|jurisprudence|marketing|nutrition|pharmacology|genetics|topology|
		meteorology|phonetics|macroeconomics`),
	"concept": phrases(`opportunity cost|supply and demand|due process|comparative advantage|
		cognitive dissonance|the social contract|marginal utility|sampling bias|confirmation
		bias|separation of powers|the placebo effect|inflation targeting|moral hazard|
		operant conditioning|the tragedy of the commons|federalism|price elasticity|
		natural rights|judicial review|the bystander effect|economies of scale|path dependence|
		the categorical imperative|regression to the mean|sunk cost|public goods|externalities|
		the free rider problem|mercantilism|utilitarianism`),
	"tech": phrases(`database index|message queue|load balancer|cache layer|REST endpoint|
		cron job|webhook|access token|rate limiter|search index|file upload|audit log|
		feature flag|retry policy|connection pool|background worker|config file|
		pagination cursor|unit test|dependency graph|event stream|schema migration|
		session store|API gateway|health check|metrics dashboard|thumbnail service`),
	"data": phrases(`list of integers|list of strings|dictionary of counts|sorted list|
		string|matrix of numbers|list of tuples|nested list|set of words|list of dates|
		binary string|list of prices|tuple of coordinates|list of intervals|grid of characters`),
	"sport": phrases(`soccer|basketball|tennis|cycling|rowing|volleyball|cricket|rugby|hockey|
		swimming|badminton|table tennis|handball|climbing|skiing`),
	"team": phrases(`Harbor Hawks|Valley Rams|Mesa Coyotes|Lakeside Otters|Granite Bears|
		Summit Eagles|Prairie Wolves|Bayou Herons|Canyon Lynx|Ridge Falcons|River Pikes|
		Forest Stags|Coast Marlins|Iron Bison|Desert Scorpions|Highland Elks`),
	"feeling": words(`anxious calm cheerful confident curious disappointed eager embarrassed
		excited frustrated grateful hopeful jealous lonely nervous proud relieved restless sad
		surprised tired worried`),
	"tool": phrases(`hammer|screwdriver|tape measure|ladder|sponge|broom|funnel|colander|
		whisk|rolling pin|clothespin|paper clip|rubber band|binder clip|zip tie|duct tape|
		sandpaper|flashlight|magnifying glass|spatula|ice cube tray|muffin tin|cutting board|
		shoebox|toothbrush|coffee filter|plastic bag|hair dryer|wooden spoon|garden hose`),
	"task": phrases(`remove a stain from a carpet|keep bread fresh longer|unclog a drain|
		stop a door from squeaking|keep a plant alive while away|dry wet shoes quickly|
		open a stuck jar lid|keep ice cream from melting on a picnic|fold a fitted sheet|
		clean a cast iron pan|keep cables from tangling|peel garlic quickly|
		keep a candle from dripping|cool a hot drink fast|sharpen a dull pencil|
		keep cookies soft|remove rust from a bike chain|soften hard brown sugar|
		keep a cutting board from slipping|find a small lost earring|store fresh herbs|
		ripen an avocado faster|dry a phone that fell in water|keep glasses from fogging|
		hang a picture straight|keep a tent dry in rain|fix a wobbly table|
		get wax off a tablecloth|clean a blender|keep flowers fresh in a vase`),
}

// syllables build invented proper nouns (products, APIs, companies, villages) that
// no word list could hold enough of: three syllables give 40^3 names.
var syllables = words(`ba bel bri ca cor da del dor el fa fen ga gor ha hel is ka kel lo lum
	ma mer nor no ol pa pel qua ra ren sa sel ta tor ul va vel wi xan yo zan zel`)

// Subjects of MMLU (the 57 of the release, by their file names; college_* and
// professional_* are the hard ones by the adapter's rule).
var mmluSubjects = words(`abstract_algebra anatomy astronomy business_ethics clinical_knowledge
	college_biology college_chemistry college_computer_science college_mathematics
	college_medicine college_physics computer_security conceptual_physics econometrics
	electrical_engineering elementary_mathematics formal_logic global_facts high_school_biology
	high_school_chemistry high_school_computer_science high_school_european_history
	high_school_geography high_school_government_and_politics high_school_macroeconomics
	high_school_mathematics high_school_microeconomics high_school_physics high_school_psychology
	high_school_statistics high_school_us_history high_school_world_history human_aging
	human_sexuality international_law jurisprudence logical_fallacies machine_learning management
	marketing medical_genetics miscellaneous moral_disputes moral_scenarios nutrition philosophy
	prehistory professional_accounting professional_law professional_medicine
	professional_psychology public_relations security_studies sociology us_foreign_policy
	virology world_religions`)
