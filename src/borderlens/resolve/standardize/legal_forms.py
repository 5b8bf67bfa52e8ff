"""Legal forms: find them at the start or end of a company name and give a code and a family.

Our own table (below) comes first: it covers the forms customs documents carry in about 40
jurisdictions, in their native scripts and common romanizations, and its aliases are folded by
the same `fold_tokens` as the names, so "ООО", "OOO" and "Obshchestvo s ogranichennoy
otvetstvennostyu" meet. rigour's org-type database is the fallback for the long tail. Both are
only trusted at the edges of a name: rigour alone also strips words in the middle ("ege" in
"Ege Tekstil").

The family (`limited_liability`, `joint_stock`, `partnership`, `sole_trader`, `cooperative`)
is a soft signal: "Romashka LLC" and "ООО Ромашка" have codes llc and ooo, both
limited_liability. East Asian joint-stock forms (株式会社, 주식회사, 股份有限公司) are usually
rendered "Co., Ltd." in English, so compare families with a partial-match level, never as a
blocking rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rigour.names.org_types import extract_org_types

from borderlens.resolve.standardize.scripts import fold_tokens, join_initials

LIMITED = "limited_liability"
JOINT_STOCK = "joint_stock"
PARTNERSHIP = "partnership"
SOLE_TRADER = "sole_trader"
COOPERATIVE = "cooperative"

# (code, family, may open a name, aliases separated by "|")
_TABLE: tuple[tuple[str, str, bool, str], ...] = (
    (
        "llc",
        LIMITED,
        False,
        "llc|l.l.c.|limited liability company|limited liability co"
        "|ذ.م.م|ش.ذ.م.م|شركة ذات مسؤولية محدودة",
    ),
    ("ltd", LIMITED, False, "ltd|limited"),
    (
        "co_ltd",
        LIMITED,
        False,
        "co ltd|co., ltd.|company limited|co limited|corp ltd"
        "|有限公司|有限责任公司|股份有限公司|股份公司|co ltd gongsi",
    ),
    (
        "gmbh",
        LIMITED,
        False,
        "gmbh|g.m.b.h.|ges.m.b.h.|gesellschaft mit beschränkter haftung"
        "|gesellschaft mit beschraenkter haftung",
    ),
    (
        "ooo",
        LIMITED,
        True,
        "ooo|ооо|общество с ограниченной ответственностью"
        "|obshchestvo s ogranichennoy otvetstvennostyu"
        "|obshchestvo s ogranichennoi otvetstvennostiu",
    ),
    ("tov", LIMITED, True, "tov|тов|товариство з обмеженою відповідальністю"),
    ("too", LIMITED, True, "тоо|товарищество с ограниченной ответственностью"),
    (
        "ip",
        SOLE_TRADER,
        True,
        "ип|индивидуальный предприниматель"
        "|individualnyy predprinimatel|individualnyi predprinimatel",
    ),
    ("fop", SOLE_TRADER, True, "фоп|fop|фізична особа підприємець"),
    ("sarl", LIMITED, False, "sarl|s.à r.l.|société à responsabilité limitée"),
    ("eurl", LIMITED, False, "eurl|entreprise unipersonnelle à responsabilité limitée"),
    (
        "srl",
        LIMITED,
        False,
        "srl|s.r.l.|società a responsabilità limitata"
        "|societate cu răspundere limitată|sociedad de responsabilidad limitada",
    ),
    ("sl", LIMITED, False, "sl|slu|sociedad limitada"),
    ("ltda", LIMITED, False, "ltda|limitada"),
    ("bv", LIMITED, False, "bv|b.v.|besloten vennootschap|bvba"),
    ("sp_zoo", LIMITED, False, "sp. z o.o.|sp z oo|sp zoo|spółka z ograniczoną odpowiedzialnością"),
    (
        "sro",
        LIMITED,
        False,
        "s.r.o.|spol. s r.o.|spol s ro|společnost s ručením omezeným"
        "|spoločnosť s ručením obmedzeným",
    ),
    (
        "doo",
        LIMITED,
        False,
        "d.o.o.|društvo s ograničenom odgovornošću|д.о.о.|družba z omejeno odgovornostjo|doo",
    ),
    ("dooel", LIMITED, False, "dooel|дооел"),
    ("eood", LIMITED, False, "eood|еоод|еднолично дружество с ограничена отговорност"),
    ("ood", LIMITED, False, "ood|оод|дружество с ограничена отговорност"),
    ("kft", LIMITED, False, "kft|kft.|korlátolt felelősségű társaság"),
    ("aps", LIMITED, False, "aps|anpartsselskab|ivs"),
    ("oy", LIMITED, False, "oy|osakeyhtiö"),
    ("ou", LIMITED, False, "oü|osaühing"),
    ("uab", LIMITED, False, "uab|uždaroji akcinė bendrovė"),
    ("sia", LIMITED, False, "sia|sabiedrība ar ierobežotu atbildību"),
    ("ltd_sti", LIMITED, False, "ltd. şti.|ltd şti|ltd sti|limited şirketi|limited sirketi"),
    ("sdn_bhd", LIMITED, False, "sdn bhd|sdn. bhd.|sendirian berhad"),
    ("pte_ltd", LIMITED, False, "pte ltd|pte. ltd.|pte limited"),
    ("pvt_ltd", LIMITED, False, "pvt ltd|pvt. ltd.|private limited|pvt limited"),
    ("pty_ltd", LIMITED, False, "pty ltd|pty. ltd.|(pty) ltd|proprietary limited"),
    ("pt", LIMITED, True, "pt|pt.|perseroan terbatas"),
    ("epe", LIMITED, False, "ε.π.ε.|επε|εταιρεία περιορισμένης ευθύνης|epe"),
    ("ike", LIMITED, False, "ι.κ.ε.|ικε|ike"),
    ("tnhh", LIMITED, True, "cong ty tnhh|công ty tnhh|tnhh|công ty trách nhiệm hữu hạn"),
    ("yk", LIMITED, False, "有限会社|yugen kaisha|yk"),
    ("llp", PARTNERSHIP, False, "llp|limited liability partnership"),
    ("lp", PARTNERSHIP, False, "lp|l.p.|limited partnership"),
    ("kg", PARTNERSHIP, False, "kg|kommanditgesellschaft"),
    ("gmbh_co_kg", PARTNERSHIP, False, "gmbh & co. kg|gmbh co kg|gmbh & co kg"),
    ("ohg", PARTNERSHIP, False, "ohg|offene handelsgesellschaft"),
    ("cv", PARTNERSHIP, True, "cv|commanditaire vennootschap"),
    ("ag", JOINT_STOCK, False, "ag|aktiengesellschaft"),
    (
        "sa",
        JOINT_STOCK,
        False,
        "sa|s.a.|société anonyme|sociedad anónima|sociedade anónima|sociedade anônima",
    ),
    (
        "sa_de_cv",
        JOINT_STOCK,
        False,
        "s.a. de c.v.|sa de cv|s.a.b. de c.v.|sab de cv|sociedad anónima de capital variable",
    ),
    ("sas", JOINT_STOCK, False, "sas|s.a.s.|société par actions simplifiée"),
    ("spa", JOINT_STOCK, False, "spa|s.p.a.|società per azioni"),
    ("nv", JOINT_STOCK, False, "nv|n.v.|naamloze vennootschap"),
    (
        "ao",
        JOINT_STOCK,
        True,
        "ao|ао|акционерное общество|aktsionernoe obshchestvo|aktsionernoye obshchestvo",
    ),
    (
        "pjsc",
        JOINT_STOCK,
        True,
        "pjsc|пао|pao|публичное акционерное общество"
        "|public joint stock company|public joint-stock company",
    ),
    ("ojsc", JOINT_STOCK, True, "ojsc|оао|oao|open joint stock company"),
    ("cjsc", JOINT_STOCK, True, "cjsc|зао|zao|closed joint stock company"),
    ("jsc", JOINT_STOCK, True, "jsc|joint stock company|joint-stock company|ат"),
    ("plc", JOINT_STOCK, False, "plc|p.l.c.|public limited company"),
    ("inc", JOINT_STOCK, False, "inc|inc.|incorporated"),
    ("corp", JOINT_STOCK, False, "corp|corp.|corporation"),
    ("as_tr", JOINT_STOCK, False, "anonim şirketi|anonim sirketi"),
    (
        "as",
        JOINT_STOCK,
        False,
        "as|a/s|a.s.|aktieselskab|aksjeselskap|akciová společnost|aktsiaselts",
    ),
    ("asa", JOINT_STOCK, False, "asa|allmennaksjeselskap"),
    ("ab", JOINT_STOCK, False, "ab|aktiebolag|ab (publ)|publ"),
    ("oyj", JOINT_STOCK, False, "oyj|julkinen osakeyhtiö"),
    ("ae", JOINT_STOCK, False, "α.ε.|αε|ανώνυμη εταιρεία|ae|a.e."),
    ("kk", JOINT_STOCK, True, "株式会社|kabushiki kaisha|kabushiki gaisha|kk|k.k."),
    ("jusik_hoesa", JOINT_STOCK, True, "주식회사|(주)|jusik hoesa"),
    ("ad", JOINT_STOCK, False, "ad|ад|akcionarsko društvo|акционерско друштво"),
    ("ead", JOINT_STOCK, False, "ead|еад"),
    ("bhd", JOINT_STOCK, False, "bhd|berhad"),
    ("tbk", JOINT_STOCK, False, "tbk|tbk.|terbuka"),
    ("cp", JOINT_STOCK, True, "cong ty co phan|công ty cổ phần"),
    ("pjsc", JOINT_STOCK, False, "ش.م.ع|شركة مساهمة عامة"),
    ("jsc", JOINT_STOCK, False, "ش.م.م|ش.م.خ|شركة مساهمة"),
    ("coop", COOPERATIVE, False, "coop|cooperative|co-operative|eg|kooperativ"),
)

# rigour's generic target for its own forms, mapped to our families.
_RIGOUR_FAMILIES = {
    "llc": LIMITED,
    "jsc": JOINT_STOCK,
    "llp": PARTNERSHIP,
    "lp": PARTNERSHIP,
    "coop": COOPERATIVE,
    "sole": SOLE_TRADER,
}
_NON_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class LegalForm:
    """A legal form found in a name: its code, its broad family and how many tokens it took."""

    code: str
    family: str | None
    width: int


def fold_name_tokens(text: str) -> tuple[str, ...]:
    """Company-name tokens: Latin, punctuation dropped, runs of initials joined."""
    return tuple(join_initials(fold_tokens(text)))


_FormTable = dict[tuple[str, ...], tuple[str, str]]


def _build() -> tuple[_FormTable, _FormTable]:
    suffixes: _FormTable = {}
    prefixes: _FormTable = {}
    for code, family, opens, aliases in _TABLE:
        for alias in aliases.split("|"):
            key = fold_name_tokens(alias)
            suffixes.setdefault(key, (code, family))
            if opens:
                prefixes.setdefault(key, (code, family))
    return suffixes, prefixes


_SUFFIXES, _PREFIXES = _build()
_MAX_WIDTH = max(len(key) for key in _SUFFIXES)


def _match(tokens: tuple[str, ...], table: _FormTable, at_end: bool) -> LegalForm | None:
    # A legal form never makes up the whole name: keep at least one token.
    for width in range(min(_MAX_WIDTH, len(tokens) - 1), 0, -1):
        key = tokens[-width:] if at_end else tokens[:width]
        found = table.get(key)
        if found is not None:
            return LegalForm(found[0], found[1], width)
    return None


def _rigour_code(target: str) -> str:
    return _NON_WORD.sub("_", "".join(fold_tokens(target))).strip("_")


def _match_rigour(name: str, tokens: tuple[str, ...]) -> tuple[LegalForm | None, LegalForm | None]:
    """Fallback to rigour's database, accepting only forms at the start or end of the name."""
    folded = name.casefold()
    specific = extract_org_types(folded)
    generic = dict(extract_org_types(folded, generic=True))
    first: LegalForm | None = None
    last: LegalForm | None = None
    for matched, target in specific:
        key = fold_name_tokens(matched)
        width = len(key)
        if not key or width >= len(tokens):
            continue
        family = _RIGOUR_FAMILIES.get(generic.get(matched, ""))
        form = LegalForm(_rigour_code(target), family, width)
        if tokens[-width:] == key:
            last = form
        elif tokens[:width] == key:
            first = form
    return first, last


def split_legal_form(
    name: str, tokens: tuple[str, ...] | None = None
) -> tuple[tuple[str, ...], LegalForm | None]:
    """Split a company name into its tokens without legal forms, and the legal form.

    When a name carries two forms ("PT Maju Jaya Tbk"), the one at the end wins: it is the
    more specific one in the jurisdictions that do this.

    Args:
        name: The company name as written.
        tokens: `fold_name_tokens(name)`, when the caller has it already.

    Example:
        >>> split_legal_form("Общество с ограниченной ответственностью «Ромашка»")
        (('romashka',), LegalForm(code='ooo', family='limited_liability', width=4))
    """
    if tokens is None:
        tokens = fold_name_tokens(name)
    last = _match(tokens, _SUFFIXES, at_end=True)
    if last is not None:
        tokens = tokens[: -last.width]
    first = _match(tokens, _PREFIXES, at_end=False)
    if first is not None:
        tokens = tokens[first.width :]
    if first is None and last is None:
        first, last = _match_rigour(name, tokens)
        if last is not None:
            tokens = tokens[: -last.width]
        if first is not None and first.width < len(tokens):
            tokens = tokens[first.width :]
    form = last or first
    if form is not None and form.code == "as" and "ş" in name.casefold():
        form = LegalForm("as_tr", form.family, form.width)
    return tokens, form
