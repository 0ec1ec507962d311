"""Sensitive personal attributes: gender, marital status, ethnicity, religion."""

from __future__ import annotations

import re

from .spans import Span

_FIELD_SEP = r"\s*[:|.…\t –—-]*\s*"
_NUM_CHILD = (
    r"(?:одного|двоих|двух|троих|трёх|трех|четверых|четырёх|пятерых|шестерых|многих|"
    r"\d)\s(?:ребёнка|ребенка|детей)"
)
_KK_NUM = r"(?:бір|екі|үш|төрт|бес|алты|жеті|\d)"
_EN_NUM = r"(?:one|two|three|four|five|six|\d)"

GENDER_RES: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"(?:Пол|Gender|Sex|Жынысы|Жыныс){_FIELD_SEP}"
        r"(женский|мужской|жен\.|муж\.|женщина|мужчина|female|male|F|M|Ж|М|әйел|ер|ер адам)(?![\w])",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:\b[Яя]|\b[Кк]ак|\bAs an?|\bI am an?|\bI'm an?|\b[Бб]удучи)\s"
        r"(женщина|женщиной|мужчина|мужчиной|woman|man|жена|женой|mother|father|mom|dad)(?![\w])"
    ),
    re.compile(
        rf"(?<![\w])((?:многодетн(?:ая|ый|ой|ым|ую)\s(?:мать|отец|матерью|отцом|мама|папа))"
        rf"|(?:мать|отец|мама|папа|матерью|отцом|мамой|папой)\s{_NUM_CHILD}"
        rf"|(?:{_KK_NUM}\sбаланың\s(?:анасы|әкесі|анасымын|әкесімін))|көпбалалы\s(?:ана|әке)"
        rf"|(?:mother|father|mom|dad)\sof\s{_EN_NUM}(?:\s(?:children|kids))?"
        r"|(?:single|working)\s(?:mother|father|mom)"
        r"|(?:maternity|paternity|parental)\sleave"
        r"|декретн(?:ого|ом|ый|ым)\sотпуск(?:а|е|ом)?|декрет[ае]?(?=\W)"
        r"|отпуск(?:а|е)?\sпо\sуходу\sза\sреб[её]нком"
        r"|бала\sкүтімі(?:не|мен)?\sбайланысты\sдемалыс(?:тан|та|қа)?)(?![\w])",
        re.IGNORECASE,
    ),
    re.compile(r"(?<![\w])(жена|женой)\s(?=военнослужащ)", re.IGNORECASE),
)

_MARITAL_VALUES = (
    r"не\sзамужем|замужем|не\sженат|женат|холост|холостяк|разведена|разведен|разведён|в\sразводе"
    r"|вдова|вдовец|в\sбраке|в\sгражданском\sбраке|состою\sв\sбраке|не\sсостою\sв\sбраке"
    r"|тұрмыс\sқұрмаған|тұрмыс\sқұрған|тұрмыста|тұрмысқа\sшыққан|тұрмысқа\sшықпаған|үйленбеген"
    r"|үйленген|бойдақ|ажырасқан|жесір|отбасылымын|үйленгенмін|тұрмыс\sқұрғанмын"
    r"|married|single|divorced|widowed|widow|widower|unmarried|engaged|separated"
)
MARITAL_RES: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"(?:Семейное положение|Marital status|Family status|Отбасылық жағдайы|Отбасылық жағдайым)"
        rf"{_FIELD_SEP}({_MARITAL_VALUES})(?![\w])",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?<![\w])(не\sзамужем|замужем|не\sженат|женат|холост|разведена|разведён|разведен|в\sразводе"
        r"|вдова|вдовец|тұрмыс\sқұрмаған|тұрмыс\sқұрған|тұрмыстамын|тұрмыста|үйленгенмін|үйленген"
        r"|бойдақпын|бойдақ|ажырасқанмын|ажырасқан)(?![\w])",
        re.IGNORECASE,
    ),
    re.compile(r"(?:\b[Яя]|\bуже)\s(в\sбраке|в\sгражданском\sбраке)(?![\w])"),
    re.compile(
        r"\b(?:I am|I'm|I have been)\s(?:happily\s)?(married|single|divorced|widowed|a widow|a widower)\b"
    ),
)

_ETHNO_RU = (
    r"казах(?:ом|а|у)?|казашк(?:а|ой|у|и)|русск(?:ий|ая|ой|им|ого)|русским|украин(?:ец|ка|кой|цем)"
    r"|узбек(?:ом)?|узбечк(?:а|ой)|уйгур(?:ом)?|уйгурк(?:а|ой)|татар(?:ин|ка|кой|ином)|немец|немк(?:а|ой)"
    r"|кореец|кореянк(?:а|ой)|дунган(?:ин|ка)|турок|турчанк(?:а|ой)|азербайджан(?:ец|ка)|белорус(?:ка)?"
    r"|киргиз(?:ка)?|кыргыз(?:ка)?|чечен(?:ец|ка)|поляк|польк(?:а|ой)|таджик|таджичк(?:а|ой)|еврей(?:ка)?"
    r"|армянин|армянка|грузин(?:ка)?|башкир(?:ка)?|чуваш(?:ка)?|туркмен(?:ка)?|каракалпак(?:ка)?"
)
_ETHNO_KK = r"қазақпын|қазақ|орыспын|орыс|ұйғыр|өзбек|татар|неміс|корей|украин|дүнген|түрік|әзербайжан"
_ETHNO_EN = r"Kazakh|Russian|Uzbek|Uyghur|Uighur|Tatar|German|Korean|Ukrainian|Dungan|Turkish|Kyrgyz"
NATIONALITY_RES: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"(?:Национальность|Nationality|Ethnicity|Ethnic origin|Ұлты|Ұлтым){_FIELD_SEP}"
        rf"({_ETHNO_RU}|{_ETHNO_KK}|{_ETHNO_EN})(?![\w])",
        re.IGNORECASE,
    ),
    re.compile(rf"(?:национальности|по национальности)\s(?:я\s)?({_ETHNO_RU})(?![\w])", re.IGNORECASE),
    re.compile(rf"(?<![\w])({_ETHNO_RU})\sпо\sнациональности", re.IGNORECASE),
    re.compile(rf"(?:\b[Яя]|\bбудучи|\bявляюсь)\s({_ETHNO_RU})(?![\w])(?!\s(?:язык|язы|литера))"),
    re.compile(rf"\b(?:an ethnic|ethnically|I am an?|I'm an?)\s({_ETHNO_EN})\b(?!\s(?:language|speaker))"),
    re.compile(rf"(?<![\w])(?:Мен|мен)\s({_ETHNO_KK})(?:пын|мын)?(?![\w])"),
    re.compile(rf"(?<![\w])({_ETHNO_KK})\sұлтынанмын", re.IGNORECASE),
)

_RELIGION = (
    r"ислам|исламу|православие|православию|христианство|католицизм|буддизм|иудаизм|протестантизм"
    r"|мусульманка|мусульманин|православная|православный|атеистка|атеист|христианка|христианин|католичка"
    r"|католик|буддистка|буддист|иудей|агностик|мұсылманмын|мұсылман|христиан\sдіні|христианмын|атеиспін"
    r"|Islam|Muslim|Orthodox Christian|Orthodox|Christian|Catholic|atheist|Buddhist|Jewish|agnostic"
)
RELIGION_RES: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"(?:Вероисповедание|Религия|Religion|Дінім|Діні|Дін){_FIELD_SEP}({_RELIGION})(?![\w])",
        re.IGNORECASE,
    ),
    re.compile(rf"(?:исповедую|исповедующ\w+|практикую|ұстанамын)\s({_RELIGION})(?![\w])", re.IGNORECASE),
    re.compile(rf"(?:\b[Яя]|\bI am an?|\bI am|\bI'm an?|\bI'm)\s({_RELIGION})(?![\w])"),
    re.compile(rf"(?<![\w])({_RELIGION})\sдінін\sұстанамын", re.IGNORECASE),
    re.compile(r"(?:\b[Мм]ен)\s(мұсылманмын|мұсылман|христианмын|атеиспін)(?![\w])"),
)

_REL_KW = (
    "ислам",
    "правосл",
    "христи",
    "католи",
    "будд",
    "иуд",
    "мусульман",
    "атеист",
    "агност",
    "мұсылман",
    "islam",
    "muslim",
    "orthodox",
    "catholic",
    "atheist",
    "jewish",
    "agnostic",
    "протестант",
    "атеис",
)
# Cheap substring pre-filters (lowercase), one tuple per pattern; an empty tuple means always run.
_KEYWORDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "GENDER_MARKER": (
        ("пол", "gender", "sex", "жыныс"),
        ("женщин", "мужчин", "woman", "man", "жена", "женой", "mother", "father", "mom", "dad"),
        (
            "мат",
            "отец",
            "отц",
            "мам",
            "пап",
            "баланың",
            "көпбалалы",
            "mother",
            "father",
            "mom",
            "dad",
            "leave",
            "декрет",
            "отпуск",
            "демалыс",
        ),
        ("жена", "женой"),
    ),
    "MARITAL_STATUS": (
        ("семейное", "marital", "family status", "отбасылық"),
        ("замуж", "женат", "холост", "развед", "развод", "вдов", "тұрмыс", "үйлен", "бойдақ", "ажырас"),
        ("браке",),
        ("married", "single", "divorced", "widow"),
    ),
    "NATIONALITY_ETHNICITY": (
        ("национальн", "nationality", "ethnic", "ұлты"),
        ("национальн",),
        ("национальн",),
        (),
        ("ethnic", "i am", "i'm"),
        (
            "қазақ",
            "орыс",
            "ұйғыр",
            "өзбек",
            "татар",
            "неміс",
            "корей",
            "украин",
            "дүнген",
            "түрік",
            "әзербайжан",
        ),
        ("ұлтынан",),
    ),
    "RELIGION": (
        ("вероиспов", "религи", "religion", "дін"),
        ("исповед", "практикую", "ұстанамын"),
        _REL_KW,
        ("дінін",),
        ("мұсылман", "христиан", "атеис"),
    ),
}

_GROUPS: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = (
    ("GENDER_MARKER", GENDER_RES),
    ("MARITAL_STATUS", MARITAL_RES),
    ("NATIONALITY_ETHNICITY", NATIONALITY_RES),
    ("RELIGION", RELIGION_RES),
)


def find_attributes(text: str) -> list[Span]:
    """Find gender markers, marital status, ethnicity and religion statements."""
    out: list[Span] = []
    low = text.lower()
    for label, patterns in _GROUPS:
        for rx, keywords in zip(patterns, _KEYWORDS[label], strict=True):
            if keywords and not any(k in low for k in keywords):
                continue
            for m in rx.finditer(text):
                g = 1 if rx.groups else 0
                out.append(Span(m.start(g), m.end(g), label))
    return out
