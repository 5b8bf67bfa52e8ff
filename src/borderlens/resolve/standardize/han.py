"""Chinese (Han) text to Latin words: pinyin syllables grouped into words, not run together.

anyascii renders each Han character as one capitalised pinyin syllable and runs them together
("深圳光明" -> "ShenZhenGuangMing"), which never matches a declaration that writes "Shenzhen
Guangming". This module segments a Han run with a small lexicon of place names, industry words
and legal forms (longest match first) and pairs the remaining characters, since most Chinese
words in company names are two characters long. Administrative suffixes after a place name
(市 city, 省 province, 区 district, 县 county) are dropped, as declarations leave them out.
"""

from __future__ import annotations

from functools import lru_cache

from anyascii import anyascii

# Place names that head Chinese company names and addresses.
_PLACE_TEXT = (
    "北京 上海 天津 重庆 广州 深圳 东莞 佛山 珠海 中山 惠州 汕头 江门 杭州 宁波 温州 义乌 金华 "
    "台州 绍兴 嘉兴 湖州 南京 苏州 无锡 常州 南通 扬州 徐州 昆山 厦门 福州 泉州 晋江 莆田 青岛 "
    "济南 烟台 潍坊 威海 临沂 大连 沈阳 长春 哈尔滨 武汉 长沙 郑州 成都 西安 合肥 南昌 昆明 南宁 "
    "贵阳 太原 石家庄 乌鲁木齐 呼和浩特 兰州 银川 西宁 拉萨 海口 三亚 香港 澳门 台北 广东 浙江 "
    "江苏 福建 山东 河北 河南 湖北 湖南 四川 云南 贵州 广西 新疆 辽宁 吉林 黑龙江 安徽 江西 山西 "
    "陕西 甘肃 内蒙古 海南 中国 南山 福田 罗湖 宝安 龙岗 龙华 光明 坪山 盐田 浦东 黄浦 徐汇 "
    "长宁 静安 闵行 嘉定 松江 青浦 朝阳 海淀 丰台 天河 白云 番禺 越秀 萧山 余杭 滨江"
)
_PLACES = _PLACE_TEXT.split()

# Common words of company names; segmenting them keeps the brand name in its own word.
_WORD_TEXT = (
    "科技 技术 贸易 商贸 实业 电子 国际 进出口 工业 制造 服装 纺织 机械 物流 供应链 发展 投资 "
    "控股 集团 电器 光电 塑料 五金 化工 家具 新材料 材料 网络 信息 设备 食品 医疗 器械 能源 汽车 "
    "配件 照明 电气 通讯 通信 数码 智能 工艺品 礼品 玩具 鞋业 皮革 箱包 包装 印刷 建材 钢铁 金属 "
    "矿业 农业 生物 医药 制药 化妆品 日用品 用品 家居 陶瓷 玻璃 橡胶 精密 模具 自动化 软件 服务 "
    "咨询 管理 工程 建设 运输 航运 货运 代理 船务 商行 工厂 超市 百货 电子商务 分公司 总公司 "
    "公司 路 街 大道 号 栋 楼 室 巷 弄"
)
_WORDS = _WORD_TEXT.split()

# Legal forms get the reading that their Latin-script spelling uses, so both fold alike.
_READINGS = {
    "有限公司": "youxian gongsi",
    "有限责任公司": "youxian zeren gongsi",
    "股份有限公司": "gufen youxian gongsi",
    "股份公司": "gufen gongsi",
    "株式会社": "kabushiki kaisha",
    "有限会社": "yugen kaisha",
    "合同会社": "godo kaisha",
}

_ADMIN_SUFFIXES = frozenset("市省区县")
_MAX_WORD = 6


def _pinyin(chars: str) -> str:
    return "".join(anyascii(char).lower() for char in chars)


def _build_lexicon() -> dict[str, str]:
    lexicon = {word: _pinyin(word) for word in (*_PLACES, *_WORDS)}
    lexicon.update(_READINGS)
    return lexicon


_LEXICON = _build_lexicon()
_PLACE_SET = frozenset(_PLACES)


def is_han(char: str) -> bool:
    """Tell whether a character is a CJK unified ideograph (Chinese, Japanese kanji)."""
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF


def _group_unknown(chars: str) -> list[str]:
    """Pair characters of an unknown run; an odd run ends with a three-character word."""
    if len(chars) <= 3:
        return [_pinyin(chars)] if chars else []
    cut = len(chars) - 3 if len(chars) % 2 else len(chars) - 2
    return [*_group_unknown(chars[:cut]), _pinyin(chars[cut:])]


def _longest_word(run: str, start: int) -> str | None:
    for end in range(min(len(run), start + _MAX_WORD), start, -1):
        if run[start:end] in _LEXICON:
            return run[start:end]
    return None


@lru_cache(maxsize=65536)
def han_to_latin(run: str) -> str:
    """Transliterate a run of Han characters to space-separated pinyin words.

    Example:
        >>> han_to_latin("深圳市光明科技有限公司")
        'shenzhen guangming keji youxian gongsi'
    """
    words: list[str] = []
    unknown: list[str] = []
    index = 0
    while index < len(run):
        word = _longest_word(run, index)
        if word is None:
            if run[index] in _ADMIN_SUFFIXES and 2 <= len(unknown) <= 3:
                words.extend(_group_unknown("".join(unknown)))
                unknown.clear()
            else:
                unknown.append(run[index])
            index += 1
            continue
        words.extend(_group_unknown("".join(unknown)))
        unknown.clear()
        words.append(_LEXICON[word])
        index += len(word)
        if word in _PLACE_SET and index < len(run) and run[index] in _ADMIN_SUFFIXES:
            index += 1
    words.extend(_group_unknown("".join(unknown)))
    return " ".join(words)
