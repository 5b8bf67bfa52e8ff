"""Transliteration tables for the four non-Latin scripts of the demo world.

Registries write names in their native script; declarations carry a Latin transliteration,
and different brokers use different systems (passport style versus BGN style), so one name has
several Latin spellings, as in real feeds. Chinese and Arabic are transliterated word by word
from the tables below, Cyrillic and Greek letter by letter.
"""

from __future__ import annotations

from typing import Final, Literal

Script = Literal["latin", "cyrillic", "chinese", "arabic", "greek"]

CYRILLIC_COMMON: Final[dict[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}  # fmt: skip
CYRILLIC_SYSTEMS: Final[tuple[dict[str, str], ...]] = (
    {"ё": "yo", "й": "y", "х": "kh", "ц": "ts", "ю": "yu", "я": "ya"},  # BGN/PCGN
    {"ё": "e", "й": "i", "х": "kh", "ц": "ts", "ю": "iu", "я": "ia"},  # ICAO passport
    {"ё": "e", "й": "j", "х": "h", "ц": "c", "ю": "ju", "я": "ja"},  # scholarly, no carons
)

GREEK_DIGRAPHS: Final[tuple[dict[str, str], ...]] = (
    {"ου": "ou", "αι": "ai", "ει": "ei", "μπ": "b", "ντ": "nt", "γκ": "gk", "οι": "oi"},
    {"ου": "ou", "αι": "e", "ει": "i", "μπ": "mp", "ντ": "d", "γκ": "g", "οι": "i"},
)
GREEK_LETTERS: Final[tuple[dict[str, str], ...]] = (
    {"υ": "y", "φ": "f", "χ": "ch", "η": "i", "ξ": "x"},  # ELOT 743
    {"υ": "i", "φ": "ph", "χ": "h", "η": "i", "ξ": "ks"},  # phonetic, common on invoices
)
GREEK_COMMON: Final[dict[str, str]] = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "ψ": "ps", "ω": "o", "ά": "a", "έ": "e", "ή": "i", "ί": "i",
    "ό": "o", "ύ": "y", "ώ": "o", "ϊ": "i",
}  # fmt: skip

CHINESE_PINYIN: Final[dict[str, str]] = {
    "华": "hua", "中": "zhong", "东": "dong", "海": "hai", "金": "jin", "鑫": "xin",
    "达": "da", "宏": "hong", "远": "yuan", "盛": "sheng", "丰": "feng", "泰": "tai",
    "新": "xin", "通": "tong", "利": "li", "恒": "heng", "博": "bo", "瑞": "rui",
    "安": "an", "兴": "xing", "天": "tian", "光": "guang", "明": "ming", "永": "yong",
    "王": "wang", "李": "li", "张": "zhang", "刘": "liu", "陈": "chen", "杨": "yang",
    "黄": "huang", "赵": "zhao", "吴": "wu", "周": "zhou", "伟": "wei", "芳": "fang",
    "娜": "na", "敏": "min", "静": "jing", "强": "qiang", "磊": "lei", "军": "jun",
    "洋": "yang", "勇": "yong", "艳": "yan", "杰": "jie", "涛": "tao", "超": "chao",
    "深": "shen", "圳": "zhen", "上": "shang", "广": "guang", "州": "zhou", "宁": "ning",
    "波": "bo", "义": "yi", "乌": "wu", "香": "xiang", "港": "gang", "台": "tai",
    "北": "bei", "路": "lu", "贸": "mao", "易": "yi", "电": "dian", "子": "zi", "纺": "fang",
    "织": "zhi", "机": "ji", "械": "xie", "科": "ke", "技": "ji", "进": "jin",
    "出": "chu", "口": "kou", "有": "you", "限": "xian", "公": "gong", "司": "si",
}  # fmt: skip

ARABIC_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "النور": ("Al Noor", "Al-Nour", "Alnoor"),
    "الخليج": ("Al Khaleej", "Al-Khalij"),
    "الأمل": ("Al Amal", "Al-Amal"),
    "الشرق": ("Al Sharq", "Al-Sharq", "Alsharq"),
    "السلام": ("Al Salam", "Al-Salaam"),
    "الرواد": ("Al Rowad", "Al-Ruwad"),
    "الفجر": ("Al Fajr", "Al-Fajer"),
    "الواحة": ("Al Waha", "Al-Wahah"),
    "النخيل": ("Al Nakheel", "Al-Nakhil"),
    "البركة": ("Al Baraka", "Al-Barakah"),
    "المستقبل": ("Al Mustaqbal", "Al-Mostakbal"),
    "الصحراء": ("Al Sahraa", "Al-Sahra"),
    "للتجارة": ("Trading", "Lil Tijara"),
    "للتجارة العامة": ("General Trading", "Gen. Trading"),
    "للاستيراد والتصدير": ("Import & Export", "Import Export"),
    "للصناعات": ("Industries", "Lil Sinaat"),
    "ذ.م.م": ("LLC", "L.L.C.", "Limited Liability Company"),
    "ش.م.م": ("LLC", "S.A.E.", "Sharikat Mas'uliyya Mahduda"),
    "محمد": ("Mohammed", "Muhammad", "Mohamed"),
    "أحمد": ("Ahmed", "Ahmad"),
    "علي": ("Ali",),
    "خالد": ("Khaled", "Khalid"),
    "عمر": ("Omar", "Umar"),
    "يوسف": ("Youssef", "Yousef", "Yusuf"),
    "فاطمة": ("Fatima", "Fatma"),
    "مريم": ("Mariam", "Maryam"),
    "ليلى": ("Layla", "Leila"),
    "الحسيني": ("Al-Husseini", "Al Husaini"),
    "المنصوري": ("Al Mansouri", "Almansoori"),
    "الشامسي": ("Al Shamsi", "Alshamsi"),
    "حداد": ("Haddad",),
    "خوري": ("Khoury", "Khouri"),
    "النجار": ("Al Najjar", "Alnajjar"),
    "العتيبي": ("Al Otaibi", "Alotaibi"),
    "القاسمي": ("Al Qasimi", "Al Qassimi"),
    "عبدالله": ("Abdullah", "Abdallah"),
    "شارع": ("Street", "Shari"),
}


def transliterate(text: str, script: Script, system: int = 0) -> str:
    """Write `text` in Latin letters with transliteration system number `system`.

    Example:
        >>> transliterate("Волгатранс", "cyrillic")
        'Volgatrans'
    """
    if script == "cyrillic":
        return _cyrillic(text, system)
    if script == "greek":
        return _greek(text, system)
    if script == "chinese":
        return _chinese(text)
    if script == "arabic":
        return _arabic(text, system)
    return text


def _match_case(latin: str, original: str) -> str:
    if original.isupper() and len(original) > 1:
        return latin.upper()
    return latin.capitalize() if original[:1].isupper() else latin


def _cyrillic(text: str, system: int) -> str:
    table = CYRILLIC_COMMON | CYRILLIC_SYSTEMS[system % len(CYRILLIC_SYSTEMS)]
    out = []
    for char in text:
        latin = table.get(char.lower())
        out.append(char if latin is None else _match_case(latin, char))
    return "".join(out)


def _greek(text: str, system: int) -> str:
    digraphs = GREEK_DIGRAPHS[system % len(GREEK_DIGRAPHS)]
    letters = GREEK_COMMON | GREEK_LETTERS[system % len(GREEK_LETTERS)]
    out, position = [], 0
    while position < len(text):
        pair = text[position : position + 2]
        if pair.lower() in digraphs:
            out.append(_match_case(digraphs[pair.lower()], pair))
            position += 2
            continue
        char = text[position]
        latin = letters.get(char.lower())
        out.append(char if latin is None else _match_case(latin, char))
        position += 1
    return "".join(out)


def _chinese(text: str) -> str:
    """Pinyin syllables of one word joined and capitalised: 华盛 -> Huasheng."""
    return "".join(CHINESE_PINYIN.get(char, char) for char in text).capitalize()


def _arabic(text: str, system: int) -> str:
    words = ARABIC_WORDS.get(text)
    if words is not None:
        return words[system % len(words)]
    return " ".join(_arabic(word, system) for word in text.split(" ")) if " " in text else text
