"""Labelled queries against data/demo/catalog.csv: (query, language, relevant group ids).

Written by hand from the demo catalog: a product is relevant when a shopper typing the query
would be glad to see it. Used by bench/relevance.py for precision@5 and NDCG@10.
"""

SHOES_RUN = ["SH-ROADRUN", "SH-ROADRUN-W", "SH-TRAIL", "SH-RACE", "SH-DAILY", "SH-LIGHTRUN"]
SNEAKERS = ["SH-CANVAS", "SH-LEATHERSNK", "SH-RETRO", "SH-SLIPON", "SH-HIGHTOP"]
BOOTS = ["SH-CHELSEA", "SH-HIKE", "SH-ANKLEW", "SH-WORK", "SH-WINTER"]
SANDALS = ["SH-SPORTSANDAL", "SH-SLIDE", "SH-LEATHERSANDAL"]
TSHIRTS = [
    "TS-CLASSIC", "TS-BASICCREW", "TS-VNECK", "TS-RUNTECH", "TS-HEAVYPOCKET", "TS-MERINO",
    "TS-GRAPHIC-MTN", "TS-BAMBOO", "TS-SLIMFIT", "TS-LONGSLEEVE", "TS-OVERSIZED", "TS-LINEN",
    "TS-RINGER",
]  # fmt: skip
HOODIES = ["HD-ESSENTIAL", "HD-ZIPFLEECE", "HD-CROPPED", "HD-TECH", "HD-HEAVY", "HD-SHERPA"]
JEANS = ["JN-SLIM", "JN-STRAIGHT", "JN-HIGHRISE", "JN-MOM", "JN-REGULAR", "JN-WIDE"]
SOCKS = ["SK-RUN", "SK-MERINO", "SK-CREW5", "SK-STRIPED", "SK-ANKLE"]
LAPTOPS = [
    "LT-AERO14", "LT-WORKPRO15", "LT-STUDENT14", "LT-TITAN17", "LT-CREATOR16", "LT-FLIP13",
    "LT-DEV14",
]  # fmt: skip
HEADPHONES = ["HP-ANC700", "HP-BUDS", "HP-SPORTBUDS", "HP-STUDIO", "HP-KIDS", "HP-ONEAR",
              "HP-GAMINGHS"]  # fmt: skip
EARBUDS = ["HP-BUDS", "HP-SPORTBUDS"]
KEYBOARDS = ["KB-MECH75", "KB-SLIM", "KB-SPLIT", "KB-COMPACT", "KB-RGBFULL"]
MICE = ["MS-VERTICAL", "MS-TRAVEL", "MS-LIGHTGAME", "MS-PRECISION", "MS-USBWIRED"]
MONITORS = ["MN-27QHD", "MN-32UHD", "MN-24FHD", "MN-34UW", "MN-PORTABLE", "MN-27PRO4K"]
PHONES = ["PH-NOVA8", "PH-NOVA8PRO", "PH-LITE5", "PH-RUGGED", "PH-FLIP"]
CHARGERS = ["CH-GAN65", "CH-GAN100", "CH-PAD15", "CH-CAR", "CH-STAND3", "CH-POWERBANK"]
CABLES = ["CB-USBC", "CB-HDMI21", "CB-USBA-C", "CB-DP14", "CB-CAT6"]
COFFEE = ["FD-ESPRESSO", "FD-ETHIOPIA", "FD-COLOMBIA", "FD-DECAF", "FD-COLDBREW", "FD-INSTANT"]
COFFEE_BEANS = ["FD-ESPRESSO", "FD-ETHIOPIA", "FD-DECAF"]
TEA = ["FD-EARLGREY", "FD-SENCHA", "FD-CHAMOMILE", "FD-CHAI", "FD-MATCHA", "FD-PEPPERMINT",
       "FD-ROOIBOS"]  # fmt: skip
CHOCOLATE = ["FD-DARK70", "FD-DARK85", "FD-MILKHAZEL", "FD-SALTCARAMEL", "FD-TRUFFLES",
             "FD-HOTCHOC", "FD-WHITERASP"]  # fmt: skip
OLIVE_OIL = ["FD-EVOO", "FD-EVOO-EARLY", "FD-LEMONOIL", "FD-EVOO-TIN"]
PASTA = ["FD-SPAGHETTI", "FD-PENNE", "FD-FUSILLI-WW", "FD-TAGLIATELLE", "FD-ORECCHIETTE",
         "FD-GF-FUSILLI", "FD-GNOCCHI"]  # fmt: skip
BACKPACKS = ["BP-COMMUTER", "BP-DAYPACK28", "BP-ROLLTOP", "BP-LEATHER", "BP-SCHOOL"]
BOTTLES = ["WB-STEEL", "WB-SQUEEZE", "WB-GLASS", "WB-FILTER"]
MUGS = ["MG-STONEWARE", "MG-TRAVEL", "MG-ESPRESSO", "MG-ENAMEL"]

QUERIES: list[tuple[str, str, list[str]]] = [
    # English
    ("running shoes", "en", SHOES_RUN),
    ("sneakers", "en", SNEAKERS),
    ("trainers for jogging", "en", SHOES_RUN),
    ("boots", "en", BOOTS),
    ("waterproof hiking boots", "en", ["SH-HIKE"]),
    ("sandals for the beach", "en", SANDALS),
    ("t-shirt", "en", TSHIRTS),
    ("tee", "en", TSHIRTS),
    ("hoodie", "en", HOODIES),
    ("sweatshirt", "en", HOODIES),
    ("jeans", "en", JEANS),
    ("denim trousers", "en", JEANS),
    ("rain jacket", "en", ["JK-RAIN", "JK-SOFTSHELL"]),
    ("warm winter coat", "en", ["JK-DOWN", "JK-WOOLCOAT"]),
    ("socks", "en", SOCKS),
    ("laptop", "en", LAPTOPS),
    ("notebook computer for gaming", "en", ["LT-TITAN17"]),
    ("headphones", "en", HEADPHONES),
    ("earbuds", "en", EARBUDS),
    ("noise cancelling headphones", "en", ["HP-ANC700"]),
    ("mechanical keyboard", "en", ["KB-MECH75", "KB-RGBFULL"]),
    ("mouse", "en", MICE),
    ("computer screen", "en", MONITORS),
    ("4k monitor", "en", ["MN-32UHD", "MN-27PRO4K"]),
    ("smartphone", "en", PHONES),
    ("mobile phone", "en", PHONES),
    ("usb-c charger", "en", ["CH-GAN65", "CH-GAN100", "CH-CAR"]),
    ("power bank", "en", ["CH-POWERBANK"]),
    ("hdmi cable", "en", ["CB-HDMI21"]),
    ("coffee beans", "en", COFFEE_BEANS),
    ("green tea", "en", ["FD-SENCHA", "FD-MATCHA"]),
    ("dark chocolate", "en", ["FD-DARK70", "FD-DARK85", "FD-SALTCARAMEL"]),
    ("olive oil", "en", OLIVE_OIL),
    ("pasta", "en", PASTA),
    (
        "healthy snack",
        "en",
        ["FD-ALMONDS", "FD-TRAILMIX", "FD-PROTEINBAR", "FD-GRANOLABAR", "FD-MANGO"],
    ),
    ("backpack", "en", BACKPACKS),
    ("rucksack for hiking", "en", ["BP-DAYPACK28", "BP-ROLLTOP"]),
    ("water bottle", "en", BOTTLES),
    ("mug", "en", MUGS),
    ("cup for coffee", "en", MUGS),
    # French
    ("chaussures de course", "fr", SHOES_RUN),
    ("chaussures de course rouges", "fr", SHOES_RUN),
    ("baskets", "fr", SNEAKERS),
    ("bottes", "fr", BOOTS),
    ("chaussures de randonnée", "fr", ["SH-HIKE", "SH-TRAIL"]),
    ("sandales", "fr", SANDALS),
    ("tee-shirt", "fr", TSHIRTS),
    ("sweat à capuche", "fr", HOODIES),
    ("jean", "fr", JEANS),
    ("veste imperméable", "fr", ["JK-RAIN", "JK-SOFTSHELL"]),
    ("manteau chaud pour l'hiver", "fr", ["JK-DOWN", "JK-WOOLCOAT"]),
    ("chaussettes", "fr", SOCKS),
    ("ordinateur portable", "fr", LAPTOPS),
    ("casque audio", "fr", HEADPHONES),
    ("écouteurs sans fil", "fr", [*EARBUDS, "HP-ONEAR"]),
    ("clavier", "fr", KEYBOARDS),
    ("souris sans fil", "fr", ["MS-TRAVEL", "MS-PRECISION"]),
    ("écran d'ordinateur", "fr", MONITORS),
    ("téléphone portable", "fr", PHONES),
    ("chargeur", "fr", CHARGERS),
    ("câble", "fr", CABLES),
    ("café en grains", "fr", COFFEE_BEANS),
    ("café", "fr", COFFEE),
    ("thé vert", "fr", ["FD-SENCHA", "FD-MATCHA"]),
    ("thé", "fr", TEA),
    ("chocolat noir", "fr", ["FD-DARK70", "FD-DARK85", "FD-SALTCARAMEL"]),
    ("chocolat", "fr", CHOCOLATE),
    ("huile d'olive", "fr", OLIVE_OIL),
    ("pâtes", "fr", PASTA),
    ("sac à dos", "fr", BACKPACKS),
    ("gourde", "fr", BOTTLES),
    ("tasse", "fr", MUGS),
]

# Written by the search engineer while building category understanding, named products and the
# relevance floor (so these are development queries, not a blind check): typos, accents left
# out, named products, brand + model, SKUs, qualifiers.
OWN_QUERIES: list[tuple[str, str, list[str]]] = [
    ("sneakrs", "en", SNEAKERS),
    ("hoodi", "en", HOODIES),
    ("headphnes", "en", HEADPHONES),
    ("the Aero 14", "en", ["LT-AERO14"]),
    ("bytecraft aero", "en", ["LT-AERO14"]),
    ("nova 8 pro", "en", ["PH-NOVA8PRO", "PH-NOVA8"]),
    ("Titan 17", "en", ["LT-TITAN17"]),
    ("KB-SPLIT", "en", ["KB-SPLIT"]),
    ("classic cotton t-shirt", "en", ["TS-CLASSIC"]),
    ("leather chelsea boots", "en", ["SH-CHELSEA"]),
    ("waterproof backpack", "en", ["BP-ROLLTOP"]),
    ("linen t-shirt", "en", ["TS-LINEN"]),
    ("gaming laptop", "en", ["LT-TITAN17"]),
    ("gaming mouse", "en", ["MS-LIGHTGAME"]),
    ("trail running shoes", "en", ["SH-TRAIL"]),
    ("merino socks for hiking", "en", ["SK-MERINO"]),
    ("wireless keyboard", "en", ["KB-SLIM", "KB-COMPACT"]),
    ("ergonomic mouse", "en", ["MS-VERTICAL"]),
    ("decaf coffee", "en", ["FD-DECAF"]),
    ("laptop backpack", "en", ["BP-COMMUTER"]),
    ("winter boots", "en", ["SH-WINTER"]),
    ("shoes", "en", [*SHOES_RUN, *SNEAKERS, *BOOTS, *SANDALS]),
    ("chaussures de rando", "fr", ["SH-HIKE", "SH-TRAIL"]),
    ("ordi portable", "fr", LAPTOPS),
    ("ordi portable gamer", "fr", ["LT-TITAN17"]),
    ("chaussures de course", "fr", SHOES_RUN),
    ("chaussure de course", "fr", SHOES_RUN),
    ("the vert", "fr", ["FD-SENCHA", "FD-MATCHA"]),
    ("ecouteurs", "fr", [*EARBUDS, "HP-ONEAR", "HP-ANC700"]),
    ("telephone", "fr", PHONES),
    ("t-shirt en lin", "fr", ["TS-LINEN"]),
    ("sac a dos etanche", "fr", ["BP-ROLLTOP"]),
    ("bottes d'hiver", "fr", ["SH-WINTER"]),
    ("chaussettes en laine", "fr", ["SK-MERINO"]),
    ("souris gamer", "fr", ["MS-LIGHTGAME"]),
    ("clavier mecanique", "fr", ["KB-MECH75", "KB-RGBFULL"]),
    ("cafe decafeine", "fr", ["FD-DECAF"]),
    ("tasse a cafe", "fr", MUGS),
    ("baskets en cuir", "fr", ["SH-LEATHERSNK"]),
    ("veste en cuir", "fr", ["JK-LEATHER"]),
]

# Nothing in the demo catalog matches these: the search must say so (exact=False).
NO_MATCH: list[tuple[str, str]] = [
    ("submarine", "en"),
    ("banana", "en"),
    ("sofa", "en"),
    ("lawn mower", "en"),
    ("perfume", "en"),
    ("dog food", "en"),
    ("electric drill", "en"),
    ("bicycle helmet", "en"),
    ("engagement ring", "en"),
    ("baby stroller", "en"),
    ("canapé", "fr"),
    ("tondeuse à gazon", "fr"),
    ("parfum", "fr"),
    ("croquettes pour chien", "fr"),
    ("perceuse", "fr"),
    ("poussette", "fr"),
    ("bague de fiançailles", "fr"),
    ("vélo", "fr"),
]

# A second merchant written by the same engineer to check the floor and category paths on a
# feed that is not the demo: bench/data/second_feed_home.tsv (Google TSV, no product_type).
SOFAS = ["SOFA-OSLO", "SOFA-CORNER", "SOFA-VELVET"]
HOME_QUERIES: list[tuple[str, str, list[str]]] = [
    ("sofa", "en", SOFAS),
    ("couch", "en", SOFAS),
    ("sofa bed", "en", ["SOFA-CORNER"]),
    ("office chair", "en", ["CHR-OFFICE"]),
    ("standing desk", "en", ["DSK-STAND"]),
    ("desk", "en", ["DSK-STAND", "DSK-WRITE"]),
    ("bookcase", "en", ["SHF-LADDER"]),
    ("floor lamp", "en", ["LMP-ARC"]),
    ("scented candle", "en", ["CND-SOY"]),
    ("rug", "en", ["RUG-WOOL", "RUG-OUT"]),
    ("pillow", "en", ["PIL-MEMORY", "PIL-DOWN"]),
    ("frying pan", "en", ["PAN-CAST", "PAN-NONSTICK"]),
    ("cast iron skillet", "en", ["PAN-CAST"]),
    ("kettle", "en", ["KTL-GLASS"]),
    ("lawn mower", "en", ["MWR-CORDLESS", "MWR-PETROL"]),
    ("bbq", "en", ["BBQ-KETTLE", "BBQ-GAS"]),
    ("cordless drill", "en", ["DRL-COMBI"]),
    ("perfume", "en", ["PRF-NOIR", "PRF-BLOOM"]),
    ("electric toothbrush", "en", ["TBR-SONIC"]),
    ("tent", "en", ["TNT-DOME2", "TNT-FAMILY6"]),
    ("yoga mat", "en", ["YGM-CORK"]),
    ("bike", "en", ["BIK-CITY", "BIK-GRAVEL"]),
    ("teddy bear", "en", ["PLS-BEAR"]),
    ("puppy food", "en", ["DGF-PUPPY", "DGF-ADULT"]),
    ("canapé", "fr", SOFAS),
    ("canape convertible", "fr", ["SOFA-CORNER"]),
    ("chaise de bureau", "fr", ["CHR-OFFICE"]),
    ("lampe", "fr", ["LMP-ARC", "LMP-DESK"]),
    ("bougie parfumée", "fr", ["CND-SOY"]),
    ("tapis", "fr", ["RUG-WOOL", "RUG-OUT", "YGM-CORK"]),
    ("oreiller", "fr", ["PIL-MEMORY", "PIL-DOWN"]),
    ("poêle", "fr", ["PAN-CAST", "PAN-NONSTICK"]),
    ("bouilloire", "fr", ["KTL-GLASS"]),
    ("tondeuse", "fr", ["MWR-CORDLESS", "MWR-PETROL"]),
    ("barbecue à gaz", "fr", ["BBQ-GAS"]),
    ("perceuse sans fil", "fr", ["DRL-COMBI"]),
    ("parfum", "fr", ["PRF-NOIR", "PRF-BLOOM"]),
    ("shampoing", "fr", ["SHP-ARGAN", "SHP-SOLID"]),
    ("brosse a dents", "fr", ["TBR-SONIC", "TBR-BAMBOO"]),
    ("tente", "fr", ["TNT-DOME2", "TNT-FAMILY6"]),
    ("sac de couchage", "fr", ["SLB-MUMMY"]),
    ("velo", "fr", ["BIK-CITY", "BIK-GRAVEL"]),
    ("casque de velo", "fr", ["HLM-ROAD"]),
    ("puzzle", "fr", ["PZL-1000"]),
    ("croquettes pour chien", "fr", ["DGF-ADULT", "DGF-PUPPY"]),
    ("laisse", "fr", ["LSH-REFLECT"]),
]
HOME_NO_MATCH: list[tuple[str, str]] = [
    ("running shoes", "en"),
    ("laptop", "en"),
    ("coffee beans", "en"),
    ("t-shirt", "en"),
    ("headphones", "en"),
    ("submarine", "en"),
    ("jeans", "en"),
    ("smartphone", "en"),
    ("chaussures de course", "fr"),
    ("ordinateur portable", "fr"),
    ("chocolat", "fr"),
    ("jean", "fr"),
    ("écouteurs", "fr"),
    ("montre", "fr"),
]
