"""The 17 regions and 3 cities of national significance of Kazakhstan (codes after ISO 3166-2:KZ)."""

from __future__ import annotations

from typing import NamedTuple


class RegionData(NamedTuple):
    """One region: code and its name in Kazakh, Russian and English."""

    code: str
    name_kk: str
    name_ru: str
    name_en: str


REGIONS: tuple[RegionData, ...] = (
    RegionData("AST", "Астана қаласы", "город Астана", "Astana"),
    RegionData("ALA", "Алматы қаласы", "город Алматы", "Almaty"),
    RegionData("SHY", "Шымкент қаласы", "город Шымкент", "Shymkent"),
    RegionData("ABA", "Абай облысы", "Абайская область", "Abai Region"),
    RegionData("AKM", "Ақмола облысы", "Акмолинская область", "Akmola Region"),
    RegionData("AKT", "Ақтөбе облысы", "Актюбинская область", "Aktobe Region"),
    RegionData("ALM", "Алматы облысы", "Алматинская область", "Almaty Region"),
    RegionData("ATY", "Атырау облысы", "Атырауская область", "Atyrau Region"),
    RegionData("VOS", "Шығыс Қазақстан облысы", "Восточно-Казахстанская область", "East Kazakhstan Region"),
    RegionData("ZHA", "Жамбыл облысы", "Жамбылская область", "Zhambyl Region"),
    RegionData("ZHT", "Жетісу облысы", "Область Жетісу", "Zhetysu Region"),
    RegionData("ZAP", "Батыс Қазақстан облысы", "Западно-Казахстанская область", "West Kazakhstan Region"),
    RegionData("KAR", "Қарағанды облысы", "Карагандинская область", "Karaganda Region"),
    RegionData("KUS", "Қостанай облысы", "Костанайская область", "Kostanay Region"),
    RegionData("KZY", "Қызылорда облысы", "Кызылординская область", "Kyzylorda Region"),
    RegionData("MAN", "Маңғыстау облысы", "Мангистауская область", "Mangystau Region"),
    RegionData("PAV", "Павлодар облысы", "Павлодарская область", "Pavlodar Region"),
    RegionData(
        "SEV", "Солтүстік Қазақстан облысы", "Северо-Казахстанская область", "North Kazakhstan Region"
    ),
    RegionData("YUZ", "Түркістан облысы", "Туркестанская область", "Turkistan Region"),
    RegionData("ULT", "Ұлытау облысы", "Область Ұлытау", "Ulytau Region"),
)

CITIES = frozenset({"AST", "ALA", "SHY"})
