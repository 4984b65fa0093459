"""Word lists that map the nouns questions ask with to the kinds of answer they want: "which
companies" wants organisations, "what year" a date. spaCy's small model has no hypernyms (WordNet
is not installed here), and a list is easier to read and extend than a classifier.
"""

from __future__ import annotations

import re

ORGANISATION_NOUNS = set(
    "company companies firm firms group groups organisation organisations organization "
    "organizations agency agencies team teams club clubs party parties network networks brand "
    "brands retailer retailers airline airlines bank banks university universities school schools "
    "supermarket supermarkets union unions band bands charity charities newspaper newspapers "
    "outlet outlets manufacturer manufacturers carrier carriers startup startups league leagues "
    "maker makers giant giants broadcaster broadcasters publisher publishers studio studios chain "
    "chains automaker automakers carmaker carmakers business businesses institution institutions "
    "body bodies network channel channels website site platform platforms app apps exhibitor "
    "exhibitors".split()
)
PERSON_NOUNS = set(
    "person people man men woman women president presidents leader leaders ceo ceos actor actors "
    "actress singer singers player players minister ministers senator senators governor governors "
    "judge judges rapper star stars author authors writer writers athlete athletes coach coaches "
    "candidate candidates official officials director directors founder founders billionaire "
    "legend member members representative king queen prince princess pope musician musicians "
    "comedian host hosts journalist journalists artist artists chief executive executives "
    "spokesperson spokesman spokeswoman lawmaker lawmakers politician politicians winner winners "
    "quarterback pitcher boxer golfer rider driver scientist scientists economist activist "
    "activists mayor chancellor secretary ambassador general prosecutor attorney suspect victim "
    "designer chef astronaut celebrity celebrities model rapper producer owner investor "
    "individual individuals persons personalities".split()
)
# "Which public figures are named?" asks for people, not the figures a count gives.
OF_NOTE = "public notable prominent".split()
NOTED_FIGURES = rf"(?:{'|'.join(OF_NOTE)}) figures?"
FIGURES_OF_NOTE = re.compile(rf"\b{NOTED_FIGURES}\b")
PLACE_NOUNS = set(
    "country countries city cities state states place places region regions continent nation "
    "nations town towns area areas location locations island islands county counties province "
    "provinces capital venue venues stadium airport site neighborhood neighbourhood district "
    "village villages border territory park mountain river lake sea ocean port".split()
)
# Peoples asked for by what they are: "which minority group", "what ethnic group" (spaCy's
# NORP), not an organisation.
GROUP_NOUNS = set(
    "minority minorities ethnic ethnicity ethnicities nationality nationalities tribe tribes "
    "religion religions faith".split()
)
# "which minority rights group": an organisation for a people, not the people.
GROUP_BODY = re.compile(
    r"\b(?:minority|minorities|ethnic)\s+\w+\s+(groups?|organi[sz]ations?|charity|charities)\b"
)
DATE_NOUNS = set("year years date dates day days month months century decade season".split())
QUANTITY_NOUNS = set(
    "number amount size total count population age height length distance score".split()
)
MONEY_NOUNS = set(
    "price prices cost costs fee fees salary fine budget value worth revenue revenues sales "
    "profit profits income earnings loss losses funding valuation".split()
)
PERCENT_NOUNS = set("percentage percent share proportion fraction rate".split())
WORK_NOUNS = set(
    "film films movie movies show shows series book books song songs album albums novel play "
    "musical painting title documentary podcast sitcom episode".split()
)
PRODUCT_NOUNS = set(
    "product products phone phones device devices car cars vehicle vehicles drug drugs vaccine "
    "vaccines console weapon weapons aircraft plane ship rocket satellite game games".split()
)
EVENT_NOUNS = set(
    "event events storm storms hurricane war wars tournament festival election award awards "
    "prize summit championship competition race conference attack disaster".split()
)
LAW_NOUNS = set("law laws bill bills act treaty amendment agreement policy rule".split())
# The kind of name a list asks for, by its noun ("which companies" -> organisations): read by
# `rag.questions.form_sense` to tell a list of names, and by `rag.forms.named` to make it.
NOUN_KIND = {
    **dict.fromkeys(
        "company companies firm firms business businesses organisation organisations "
        "organization organizations group groups brand brands maker makers manufacturer "
        "manufacturers exhibitor exhibitors".split(),
        "organisation",
    ),
    **dict.fromkeys(
        "people person persons individual individuals expert experts official officials "
        "speaker speakers source sources quoted interviewed cited representative "
        "representatives rep reps spokesman spokesmen spokeswoman spokesperson spokespeople "
        "executive executives politician politicians lawmaker lawmakers businessman businessmen "
        "businesswoman businesswomen businesspeople".split(),
        "person",
    ),
    **{f"{which} {figure}": "person" for which in OF_NOTE for figure in ("figure", "figures")},
    **dict.fromkeys(
        (
            "country countries nation nations city cities place places region regions province "
            "provinces territory territories bloc blocs"
        ).split(),
        "place",
    ),
    # "What legislation gets mentioned?": acts and treaties by name ("CHIPS for America Act").
    **dict.fromkeys("law laws legislation bill bills act acts treaty treaties".split(), "law"),
    # Peoples, not organisations: "which minority groups", "which ethnic groups" (spaCy's NORP).
    **dict.fromkeys(
        "minority minorities ethnic ethnicities nationalities peoples".split(), "group"
    ),
}
# Things of a kind no recogniser names, by the words a question asks for them with and that end
# a phrase naming one ("tech" for a technology): a list of them is `rag.forms.things`.
THING_FAMILIES = {
    "technologies": "technology technologies tech",
    "products": "product products",
    "equipment": "equipment",
    "gear": "gear",
    "devices": "device devices",
    "tools": "tool tools",
    "systems": "system systems",
    "weapons": "weapon weapons",
    "gadgets": "gadget gadgets",
    "services": "service services",
}
# The words that make a question a list of things by their own: "which technologies…". Not
# "tech" ("tech firms" are firms), nor what is not counted ("non-lethal gear", "what equipment"
# ask what it is, which a fact answers from the sentence that says it).
THING_WORDS = {w for words in THING_FAMILIES.values() for w in words.split()} - {
    "tech",
    "equipment",
    "gear",
}
