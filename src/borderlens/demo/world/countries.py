"""Countries of the demo world: language, legal forms, cities and trade standing.

Georgia (GE) is the declaring customs administration. `preferential` marks origins with a
free-trade agreement (duty relieved); `price_factor` scales unit values by origin.
"""

from __future__ import annotations

from dataclasses import dataclass

IMPORTING_COUNTRY = "GE"


@dataclass(frozen=True)
class LegalForm:
    """A legal form as the registry writes it and the Latin spellings seen on documents."""

    native: str
    latin: tuple[str, ...]
    first: bool = False


@dataclass(frozen=True)
class Country:
    """One country's profile; `registry_group` names the BODS file its records go to."""

    code: str
    language: str
    registry_group: str
    forms: tuple[LegalForm, ...]
    cities: tuple[tuple[str, str], ...]
    price_factor: float = 1.0
    preferential: bool = False


def _form(native: str, *latin: str, first: bool = False) -> LegalForm:
    return LegalForm(native, latin or (native,), first)


def _cities(*names: str) -> tuple[tuple[str, str], ...]:
    return tuple((name, name) for name in names)


_LTD = _form("Ltd", "Ltd", "Limited", "LTD.")
_LLC = _form("LLC", "LLC", "L.L.C.", "Limited Liability Company")
_CO_LTD = _form("Co., Ltd.", "Co., Ltd.", "Co Ltd", "Company Limited")
_GMBH = _form(
    "GmbH", "GmbH", "G.m.b.H.", "Gesellschaft mit beschränkter Haftung",
    "Gesellschaft mit beschraenkter Haftung",
)  # fmt: skip
_OOO = _form("ООО", "OOO", "LLC", "Obshchestvo s ogranichennoy otvetstvennostyu", first=True)
_CHINA_LTD = _form("有限公司", "Co., Ltd.", "Co Ltd", "Company Limited", "Limited")
_SA = _form("S.A.", "S.A.", "SA", "S/A")
_ARAB_LLC = _form("ذ.م.م", "LLC", "L.L.C.", "Limited Liability Company")

COUNTRIES: tuple[Country, ...] = (
    Country("GE", "ka", "caucasus",
            (_form("LLC", "LLC", "Ltd", "L.L.C.", "Shps"), _form("JSC", "JSC", "J.S.C.", "Ss")),
            _cities("Tbilisi", "Batumi", "Kutaisi", "Rustavi", "Poti", "Zugdidi", "Gori")),
    Country("AM", "hy", "caucasus", (_form("LLC", "LLC", "SPY", "Ltd"),),
            _cities("Yerevan", "Gyumri"), 0.8, True),
    Country("AZ", "tr", "caucasus", (_form("MMC", "MMC", "LLC"),),
            _cities("Baku", "Ganja", "Sumqayit"), 0.8, True),
    Country("TR", "tr", "europe",
            (_form("Ltd. Şti.", "Ltd. Şti.", "Ltd. Sti.", "Limited Şirketi", "LTD STI"),
             _form("A.Ş.", "A.Ş.", "A.S.", "Anonim Şirketi")),
            _cities("İstanbul", "İzmir", "Bursa", "Trabzon", "Gaziantep"), 0.85, True),
    Country("RU", "ru", "cis", (_OOO, _form("АО", "AO", "JSC", first=True)),
            (("Москва", "Moskva"), ("Новороссийск", "Novorossiysk"), ("Казань", "Kazan")),
            0.8, True),
    Country("UA", "ru", "cis",
            (_form("ТОВ", "TOV", "LLC", "Tovarystvo z obmezhenoyu vidpovidalnistyu",
                   first=True),),
            (("Київ", "Kyiv"), ("Одеса", "Odesa"), ("Харків", "Kharkiv")), 0.75, True),
    Country("KZ", "ru", "cis", (_form("ТОО", "TOO", "LLP", first=True),),
            (("Алматы", "Almaty"), ("Астана", "Astana")), 0.8, True),
    Country("BY", "ru", "cis", (_OOO,), (("Минск", "Minsk"), ("Брест", "Brest")), 0.75, True),
    Country("CN", "zh", "asia", (_CHINA_LTD,),
            (("深圳", "Shenzhen"), ("上海", "Shanghai"), ("广州", "Guangzhou"),
             ("宁波", "Ningbo"), ("义乌", "Yiwu")), 0.6, True),
    Country("HK", "zh", "asia", (_CHINA_LTD,), (("香港", "Hong Kong"),), 0.9, True),
    Country("TW", "zh", "asia", (_CHINA_LTD,), (("台北", "Taipei"),), 1.0),
    Country("AE", "ar", "mena", (_ARAB_LLC, _form("FZE", "FZE", "F.Z.E.")),
            (("دبي", "Dubai"), ("الشارقة", "Sharjah")), 1.0),
    Country("SA", "ar", "mena", (_ARAB_LLC,), (("الرياض", "Riyadh"), ("جدة", "Jeddah")), 1.0),
    Country("EG", "ar", "mena", (_form("ش.م.م", "LLC", "S.A.E.", "Sharikat Mas'uliyya Mahduda"),),
            (("القاهرة", "Cairo"), ("الإسكندرية", "Alexandria")), 0.7),
    Country("JO", "ar", "mena", (_ARAB_LLC,), (("عمان", "Amman"),), 0.85),
    Country("GR", "el", "europe",
            (_form("Α.Ε.", "S.A.", "A.E.", "AE", "Societe Anonyme"), _form("Ε.Π.Ε.", "EPE", "Ltd")),
            (("Αθήνα", "Athina"), ("Θεσσαλονίκη", "Thessaloniki"), ("Πειραιάς", "Peiraias")),
            1.1, True),
    Country("CY", "el", "europe", (_form("Λίμιτεδ", "Limited", "Ltd", "LTD."),),
            (("Λεμεσός", "Limassol"), ("Λευκωσία", "Nicosia")), 1.1, True),
    Country("DE", "de", "europe", (_GMBH, _form("AG", "AG", "Aktiengesellschaft")),
            _cities("Hamburg", "München", "Köln", "Düsseldorf", "Frankfurt am Main"), 1.4, True),
    Country("AT", "de", "europe", (_GMBH,), _cities("Wien", "Graz", "Linz"), 1.35, True),
    Country("CH", "de", "europe", (_GMBH, _form("AG", "AG", "SA")), _cities("Zürich", "Basel"),
            1.6, True),
    Country("GB", "en", "europe", (_LTD, _form("PLC", "PLC", "plc")),
            _cities("London", "Manchester", "Birmingham"), 1.3, True),
    Country("IE", "en", "europe", (_LTD,), _cities("Dublin", "Cork"), 1.3, True),
    Country("US", "en", "americas", (_form("Inc.", "Inc.", "Incorporated", "Inc"), _LLC),
            _cities("New York", "Miami", "Houston", "Los Angeles"), 1.3),
    Country("FR", "romance", "europe", (_form("SAS", "SAS", "S.A.S."), _form("SARL", "SARL")),
            _cities("Paris", "Marseille", "Lyon"), 1.35, True),
    Country("IT", "romance", "europe", (_form("S.r.l.", "S.r.l.", "SRL", "Srl"), _SA),
            _cities("Milano", "Torino", "Napoli", "Genova"), 1.35, True),
    Country("ES", "romance", "europe", (_form("S.L.", "S.L.", "SL"), _SA),
            _cities("Madrid", "Barcelona", "Valencia"), 1.2, True),
    Country("PT", "romance", "europe", (_form("Lda.", "Lda.", "Lda", "Limitada"),),
            _cities("Lisboa", "Porto"), 1.1, True),
    Country("RO", "romance", "europe", (_form("S.R.L.", "S.R.L.", "SRL"),),
            _cities("București", "Constanța"), 0.9, True),
    Country("BR", "romance", "americas", (_form("Ltda.", "Ltda.", "Ltda", "Limitada"), _SA),
            _cities("São Paulo", "Santos", "Curitiba"), 0.85),
    Country("NL", "nl", "europe", (_form("B.V.", "B.V.", "BV", "Besloten Vennootschap"),),
            _cities("Rotterdam", "Amsterdam", "Eindhoven"), 1.3, True),
    Country("BE", "nl", "europe", (_form("BV", "BV", "B.V.", "SRL"), _SA),
            _cities("Antwerpen", "Brussel"), 1.3, True),
    Country("PL", "slavic", "europe",
            (_form("Sp. z o.o.", "Sp. z o.o.", "Spółka z ograniczoną odpowiedzialnością",
                   "SP ZOO"),),
            _cities("Warszawa", "Gdańsk", "Łódź"), 1.0, True),
    Country("CZ", "slavic", "europe", (_form("s.r.o.", "s.r.o.", "spol. s r.o.", "SRO"),),
            _cities("Praha", "Brno"), 1.05, True),
    Country("BG", "ru", "europe", (_form("ЕООД", "EOOD", "Ltd", first=False),),
            (("София", "Sofia"), ("Варна", "Varna")), 0.85, True),
    Country("JP", "asia", "asia", (_CO_LTD, _form("K.K.", "K.K.", "Kabushiki Kaisha")),
            _cities("Tokyo", "Osaka", "Yokohama"), 1.5),
    Country("KR", "asia", "asia", (_CO_LTD,), _cities("Seoul", "Busan", "Incheon"), 1.2),
    Country("VN", "asia", "asia", (_CO_LTD, _form("JSC", "JSC", "Joint Stock Company")),
            _cities("Ho Chi Minh City", "Hanoi", "Hai Phong"), 0.55),
    Country("TH", "asia", "asia", (_CO_LTD,), _cities("Bangkok", "Laem Chabang"), 0.7),
    Country("ID", "asia", "asia", (_form("PT", "PT", "P.T.", first=True),),
            _cities("Jakarta", "Surabaya"), 0.6),
    Country("MY", "asia", "asia", (_form("Sdn. Bhd.", "Sdn. Bhd.", "Sdn Bhd", "SDN BHD"),),
            _cities("Kuala Lumpur", "Penang"), 0.75),
    Country("IN", "south_asia", "asia",
            (_form("Pvt. Ltd.", "Private Limited", "Pvt. Ltd.", "Pvt Ltd"),),
            _cities("Mumbai", "Chennai", "New Delhi", "Ahmedabad"), 0.6),
    Country("PK", "south_asia", "asia", (_form("Pvt. Ltd.", "(Private) Limited", "Pvt Ltd"),),
            _cities("Karachi", "Lahore"), 0.55),
    Country("IR", "south_asia", "mena", (_form("PJS", "PJS", "Co."),),
            _cities("Tehran", "Tabriz", "Bandar Abbas"), 0.6),
    Country("UZ", "ru", "cis", (_form("ООО", "OOO", "MChJ", "LLC", first=True),),
            (("Ташкент", "Tashkent"),), 0.7, True),
    Country("SE", "en", "europe", (_form("AB", "AB", "Aktiebolag"),),
            _cities("Stockholm", "Göteborg"), 1.4, True),
    Country("LT", "en", "europe", (_form("UAB", "UAB", "JSC", first=True),),
            _cities("Vilnius", "Klaipėda"), 1.0, True),
    Country("LV", "en", "europe", (_form("SIA", "SIA", "Ltd", first=True),), _cities("Riga"),
            1.0, True),
    Country("EE", "en", "europe", (_form("OÜ", "OÜ", "OU", "Osaühing"),), _cities("Tallinn"),
            1.05, True),
    # Holding jurisdictions: companies here own others but rarely trade with Georgia.
    Country("VG", "en", "offshore", (_LTD, _form("Inc.", "Inc.")), _cities("Road Town")),
    Country("SC", "en", "offshore", (_LTD,), _cities("Victoria")),
    Country("PA", "romance", "offshore", (_SA, _form("Inc.", "Inc.")), _cities("Panamá")),
    Country("MT", "en", "offshore", (_LTD,), _cities("Valletta", "Sliema")),
    Country("LU", "romance", "offshore", (_form("S.à r.l.", "S.à r.l.", "SARL", "Sarl"), _SA),
            _cities("Luxembourg")),
)  # fmt: skip

COUNTRY_BY_CODE: dict[str, Country] = {country.code: country for country in COUNTRIES}
TRADING_COUNTRIES: tuple[str, ...] = tuple(
    c.code for c in COUNTRIES if c.registry_group != "offshore" and c.code != IMPORTING_COUNTRY
)
HOLDING_COUNTRIES: tuple[str, ...] = (
    *(c.code for c in COUNTRIES if c.registry_group == "offshore"),
    *("CY", "NL", "AE", "HK", "GB"),
)
