"""Which language a shopper wrote in: a word list for short messages, lingua for the rest.

Pure Python (lingua only), so it is tested without Rasa; the Rasa component wraps it.
A statistical detector has too little to go on in "merci", "oui" or "in blue", while a
shopper's short replies are the messages where the language matters most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from assistant.nlu.folding import fold

LANGUAGE_CODES = {Language.ENGLISH: "en", Language.FRENCH: "fr"}
# Words that are clearly one language or the other (accents folded away). Words both languages
# share in a shop ("ok", "t-shirt", "sneakers", "plus", "stop", "super") are deliberately absent.
_FRENCH = frozenset(
    """merci salut oui ouais non nan bonjour bonsoir coucou daccord accord stp svp voila bien
    moins cher chere chers pas trop le la les un une des du au aux et est mon ma mes ce cette ces
    je tu vous veux voudrais cherche avez panier payer paye annuler annule commande commandes
    aide premier premiere deuxieme troisieme dernier derniere suivant suivants autre autres
    encore voir montre montrez en rouge bleu bleue noir noire blanc blanche vert verte gris grise
    jaune rose marron taille pointure quoi ou comment pourquoi avec sans aussi tres beaucoup
    ajoute ajouter retire retirer enleve enlever celui celle ca est-ce humain personne conseiller
    chaussures baskets pantalon robe chemise ordinateur casque cafe pull sac
    pour dans sur par de sont fait passe combien quel quelle quels quelles lequel laquelle
    dispo dispos cb genre balles rando femme homme enfant enfants cadeau mere pere cuir
    coton capuche tasse lacets chaussettes veste manteau gourde bouteille chargeur ecran souris
    clavier telephone montre hiver ete chaud froid pluie leger legere lourd lourde petit petite
    gros grosse nouveau nouvelle trop vraiment peux peut prends prendre mettre mets faut
    plutot pareil meme celles ceux elle elles ils il qui que quoi c cest jcherche jveux jvoudrais
    chui jsuis jai jprends brut truc machin sympa bcp tjrs pcq paquet paquets sachet sachets
    boite boites prix tarif tarifs livraison promo promos soldes paire paires fois tout tous
    toutes alors dabord puis pis souliers grandeur tuque tuques chandail espadrilles cellulaire
    piasses noirs noires blancs blanches verts vertes grises bleus bleues jaunes rouges marrons
    pas besoin aimerais faudrait donne donnez ajoutez enlevez retirez mettez lunettes montrez
    moi toi lui leur leurs notre votre nos vos quand deux trois quatre cinq six sept huit dix
    fille fils garcon soeur frere copine copain mari epouse anniversaire noel
    portefeuille ceinture bonnet echarpe
    menthe pates moulu cafetiere sucre poivre fraise framboise noisette noisettes amande amandes
    huile vinaigre confiture miel tablette tablettes ecouteurs enceinte jupe collants gants bague
    collier chaussons pantoufles complets complet se ne sa ses nous peut-etre""".split()
)
_ENGLISH = frozenset(
    """thanks thank thx ty hi hello hey hiya yes yeah yep yup ya no nope nah bye goodbye cheaper
    more the an and is my this that these those it in of to for with without please pls plz
    cart basket checkout pay cancel order orders help first second third last next other
    show see want looking find red blue black white green grey gray yellow pink brown size
    what where how why also very much add remove delete one ones human person agent someone
    shoes trousers pants dress shirt laptop headphones coffee sweater bag any some cheap
    do does did have has got get can could would will which who there their they them you your
    how much many like need under over about just only too really gift women men kids""".split()
)
SHORT_CONFIDENCE = 0.9
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class Guess:
    code: str
    confidence: float


# A plug's letter typed apart ("usb c", "type c") is no texted "c'est".
_PLUG_LETTER = re.compile(r"\b(usb|type)[\s-]+([abc])\b")
# A verb and its pronoun inverted, or Québec's "-tu": "y est-tu", "vendez-vous", "a-t-il".
_INVERTED = re.compile(r"\w-(?:t-)?(?:tu|vous|il|elle|ils|elles|on|je|nous)$")
# Accented letters English words hardly have ("café" aside, which French shares).
_FRENCH_ACCENT = re.compile(r"[éèêëàâçîïôùûœ]")


def build_detector() -> LanguageDetector:
    return (
        LanguageDetectorBuilder.from_languages(*LANGUAGE_CODES)
        .with_preloaded_language_models()
        .build()
    )


class LanguageGuesser:
    def __init__(
        self,
        detector: LanguageDetector,
        min_letters: int = 4,
        min_confidence: float = 0.75,
        short_words: int = 3,
    ) -> None:
        self._detector = detector
        self._min_letters = min_letters
        self._min_confidence = min_confidence
        self._short_words = short_words

    def word_votes(self, text: str) -> Guess | None:
        """The language the known words agree on; None when they are absent or split evenly."""
        french = english = 0
        for word in _WORD.findall(_PLUG_LETTER.sub(r"\1\2", text.lower())):
            folded = fold(word)
            if folded != word and _FRENCH_ACCENT.search(word):
                french += 1  # "thé" is French, though "the" is English
            elif _INVERTED.search(folded):
                french += 1  # "est-tu", "avez-vous", "sont-elles": French asks so
            else:
                french += folded in _FRENCH
                english += folded in _ENGLISH
        if french == english:
            return None
        winner, votes = ("fr", french) if french > english else ("en", english)
        return Guess(winner, votes / (french + english))

    def guess(self, text: str) -> Guess | None:
        """The message's language, or None to keep the conversation's current one."""
        if text.startswith("/"):
            return None  # a button payload ("/affirm", "/add_to_cart{...}") says nothing
        words = _WORD.findall(text)
        if not words:
            return None  # "42", "XL" is a word but "👍" and "2" are not
        if len(words) <= self._short_words:
            votes = self.word_votes(text)
            if votes is not None and votes.confidence == 1.0:
                return votes
        votes = self.word_votes(text)
        plain = _PLUG_LETTER.sub(r"\1\2", fold(text))
        known = sum(
            word in _FRENCH or word in _ENGLISH or bool(_INVERTED.search(word))
            for word in _WORD.findall(plain)
        )
        if votes is not None and votes.confidence == 1.0 and known >= 2:
            return votes  # "vous avez des chips ?": every word that tells says French
        if votes is not None and votes.code == "fr" and votes.confidence >= 2 / 3 and known >= 3:
            # "L'Earl Grey est en promo ?": an English catalog's names come up in French
            # messages ("grey", "chocolate"), French words hardly ever in English ones
            return votes
        if len(_LETTERS.findall(text)) < self._min_letters:
            return None
        best = self._detector.compute_language_confidence_values(text)[0]
        # A few words no list knows ("pesto", "c vegan") tell the model little: it must be
        # surer to change the conversation's language.
        needed = self._min_confidence if len(words) > self._short_words else SHORT_CONFIDENCE
        if best.value >= needed:
            return Guess(LANGUAGE_CODES[best.language], best.value)
        # Unsure: the known words decide when most of them agree, else keep the language.
        if votes is not None and votes.confidence >= 2 / 3:
            return votes
        return None
