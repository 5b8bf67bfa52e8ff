"""Standardization for entity resolution: names, legal forms, scripts, addresses, countries.

Turns the names and addresses of importers, foreign sellers and registry records into the
columns Splink compares: a Latin, folded name; its core without legal form and noise words;
the legal form as a code and a family; sorted name tokens; postcode, house number, street,
city and address tokens; the ISO 3166-1 alpha-2 country.

What the libraries alone miss (measured in tests/resolve/test_standardize.py, rigour 2.6.1,
anyascii 0.3.3, countrynames 1.17, pycountry 26.2):

- rigour `org_types` misses "A.Ş." (Turkish), "A/S" (Danish), "EOOD" in Latin, Greek "ΑΕ" and
  "Α.Ε.", Arabic "ذ.م.م" and "ش.م.ع", Chinese "有限公司", Japanese "株式会社" and "Kabushiki
  Kaisha", "Tbk", "Corp", "S.L.", "AD"; it strips "ege" from the middle of "Ege Tekstil",
  folds "ПАО" (public) into "ao", reads "Pvt Ltd" as plain "ltd" and has no family for "PT".
  It wants casefolded input. We use our own table first, rigour for the long tail, and trust
  either only at the start or end of a name.
- anyascii renders Chinese as run-together capitalised pinyin ("ShenZhenShiGuangMing"), Greek
  "ου" as "oy" ("Papadopoylos"), Arabic without the article's alif ("النور" -> "lnwr") and
  Japanese kanji as Chinese pinyin. We segment Han into words (`han.py`), use rigour's
  `maybe_ascii` for Cyrillic, Greek, Georgian, Armenian and Hangul, and split the Arabic
  article ("al nwr"). Arabic stays a consonant skeleton: "Al Noor" and "النور" do not meet
  as letters, so every name also gets a consonant skeleton (`consonant_skeleton`: "nr" for
  both) that the models compare.
- rigour's symbol tagger reads English and some Turkish activity words ("Trading",
  "Ticaret") but no Arabic, Greek or Cyrillic ones; `activities.py` translates them all into
  English, since invoices translate them while registries keep them native.
- countrynames maps "مصر" (Egypt) to MS (Montserrat), capitals to their countries ("London" ->
  GB, "Istanbul" -> TR), returns non-ISO codes ("EU", "ZZ") and misses "U.S.A.", "КНР",
  "한국". pycountry alone misses "Turkey", "UAE", "UK", "Deutschland" and every non-English name.
- rigour.addresses compares and fingerprints addresses but does not split them into parts,
  leaves Han untransliterated, and rewrites street names that are also places ("Pennsylvania
  Avenue" -> "us-pa av").
"""

from __future__ import annotations

from borderlens.resolve.standardize.addresses import StandardAddress, standardize_address
from borderlens.resolve.standardize.batch import standardize_records
from borderlens.resolve.standardize.countries import country_code
from borderlens.resolve.standardize.names import (
    StandardName,
    consonant_skeleton,
    standardize_company_name,
    standardize_person_name,
)

__all__ = [
    "StandardAddress",
    "StandardName",
    "consonant_skeleton",
    "country_code",
    "standardize_address",
    "standardize_company_name",
    "standardize_person_name",
    "standardize_records",
]
