"""What a business does, in one language: activity words from many languages in English.

A registry writes "البركة للتجارة العامة", a seller's invoice "Al Baraka General Trading"; a
Greek registry "Αιγαίον Τεχνική", a bill of lading "Aigaion Technical". The distinctive part
of such names is transliterated, but the activity words are translated, so they only compare
once both sides say them in one language. Each entry below is written as people write it (in
its own script, or the Latin spellings in use) and is folded at import time by the same
transliteration the names go through, so the lexicon matches whatever the folding produces.

rigour's symbol tagger knows the English and some Turkish words but none of the Arabic,
Greek or Cyrillic ones, hence this list.
"""

from __future__ import annotations

from collections.abc import Iterable

from borderlens.resolve.standardize.legal_forms import fold_name_tokens

# canonical English: the ways it is written, separated by "|".
_LEXICON = {
    "trading": """trading|trade|trader|traders|trdg|commerce|commercial|commerciale|comercial|
        commercio|comercio|commerciale|handel|handels|obchod|obchodni|handlowy|handlowa|ticaret|
        torgovlya|torgovyy|torgovy|торговля|торговый|трейд|трэйд|εμπορική|εμπορικη|εμπόριο|
        للتجارة|تجارة|التجارة|tijara|tijarah|tijarat|lil tijara|lil tijarah|贸易|商贸|mao yi|
        shang mao""",
    "general": "general|gen|genel|генеральный|العامة|عامة|al amma|al aama|amma",
    "import": """import|imp|importing|imports|импорт|للاستيراد|الاستيراد|استيراد|istirad|
        ithalat|ith|进口""",
    "export": """export|exp|exporting|exports|экспорт|والتصدير|التصدير|تصدير|tasdir|wal tasdir|
        ihracat|ihr|出口""",
    "import export": """import export|imp exp|importexport|импорт экспорт|ithalat ihracat|
        للاستيراد والتصدير|lil istirad wal tasdir|进出口|jin chu kou""",
    "foreign trading": "foreign trade|dis ticaret|внешнеторговый|внешняя торговля",
    "industries": """industries|industry|industrial|inds|ind|industrie|industria|industriale|
        industrias|sanayi|sanayii|промышленность|промышленный|βιομηχανία|βιομηχανικη|للصناعات|
        صناعات|الصناعات|sinaat|sinaa|lil sinaat|przemysl|przemysł|prumysl|průmysl|实业|工业|
        shi ye""",
    "technology": """technology|technologies|tech|technik|technika|tecnologia|tecnologie|
        technologie|teknoloji|технологии|технология|科技|技术|ke ji""",
    "technical": "technical|τεχνική|τεχνικη|teknik|technique|technische|tecnica",
    "logistics": """logistics|logistic|logistik|logistiek|logistyka|lojistik|логистик|логистика|
        логистикс|logistica|logistique|物流""",
    "shipping": "shipping|maritime|ναυτιλιακή|ναυτιλιακη|denizcilik|судоходная|航运",
    "foods": """foods|food|gida|τρόφιμα|τροφιμα|alimentaria|alimentari|alimentos|alimentaire|
        lebensmittel|voedingsmiddelen|продукты|продовольствие|食品""",
    "textile": "textile|textiles|tekstil|textil|tessile|textiel|текстиль|纺织|fang zhi",
    "machinery": "machinery|machines|maschinen|makina|машиностроение|macchine|机械|ji xie",
    "engineering": "engineering|maschinenbau|ingenieria|ingegneria|muhendislik|инжиниринг",
    "electronics": "electronics|electronic|elektronik|elettronica|электроника|电子|dian zi",
    "chemicals": "chemicals|chemical|chemie|kimya|химия|chimica|quimica|化工",
    "group": "group|grp|gruppe|groep|grupa|grupo|gruppo|groupe|grup|групп|группа|集团|ji tuan",
    "holding": "holding|holdings|hldg|hldgs|холдинг|控股|kong gu",
    "international": """international|intl|internationale|internazionale|internacional|
        uluslararasi|международный|интернешнл|国际|guo ji""",
    "distribution": "distribution|distribuzione|distribucion|vertrieb|dagitim|дистрибуция",
    "supply": "supply|supplies|снабжение|tedarik",
    "investment": "investment|investments|invest|инвест|инвестиции|yatirim|投资",
    "manufacturing": "manufacturing|mfg|manufacture|uretim|производство|制造",
    "services": "services|service|svcs|hizmetleri|hizmet|услуги|服务",
    "motors": "motors|motor|otomotiv|моторс",
    "pharmaceuticals": "pharmaceuticals|pharmaceutical|pharma|pharm|farma|ilac|фарма|医药",
    "construction": "construction|costruzioni|construcciones|insaat|строй|строительство|建设|建筑",
}

# Formulas so common in one country's names that they say nothing ("Sanayi ve Ticaret").
_FORMULAS = "sanayi ve ticaret|san ve tic|san tic|sanayi ticaret|torgovy dom|торговый дом"

Phrase = tuple[str, ...]


def _spellings(text: str) -> Iterable[Phrase]:
    for entry in text.split("|"):
        folded = fold_name_tokens(entry.strip())
        if folded:
            yield folded
        if any("\u4e00" <= char <= "\u9fff" for char in entry):
            # Chinese names on documents are often written one syllable at a time.
            syllables = tuple(token for char in entry.strip() for token in fold_name_tokens(char))
            if syllables:
                yield syllables


def _build() -> dict[Phrase, Phrase]:
    phrases: dict[Phrase, Phrase] = {}
    for canonical, text in _LEXICON.items():
        for spelling in _spellings(text):
            phrases.setdefault(spelling, tuple(canonical.split()))
    for spelling in _spellings(_FORMULAS):
        phrases[spelling] = ()
    return phrases


ACTIVITY_PHRASES = _build()
_LONGEST = max(len(phrase) for phrase in ACTIVITY_PHRASES)


def translate_activities(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Activity words and phrases in canonical English, longest phrase first.

    Example:
        >>> translate_activities(("al", "brkh", "lltjrh", "al", "mh"))
        ('al', 'brkh', 'trading', 'general')
    """
    out: list[str] = []
    index = 0
    while index < len(tokens):
        for length in range(min(_LONGEST, len(tokens) - index), 0, -1):
            found = ACTIVITY_PHRASES.get(tokens[index : index + length])
            if found is not None:
                out.extend(found)
                index += length
                break
        else:
            out.append(tokens[index])
            index += 1
    return tuple(out)
