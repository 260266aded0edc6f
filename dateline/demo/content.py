"""Words the demo agency writes with: places, topics, people, sources and sentences in both
languages. Pairs are (English, Russian)."""

AGENCY = ("Caucasian Courier", "Кавказский вестник")
AGENCY_RUSSIAN_GENITIVE = "Кавказского вестника"
LABEL_BANNER = (
    "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН И РАСПРОСТРАНЕН ИНОСТРАННЫМ АГЕНТОМ "
    "ООО “ВЕСТНИК”, ЛИБО КАСАЕТСЯ ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО “ВЕСТНИК”."
)

REGIONS = [
    ("azerbaijan", "Azerbaijan", "Азербайджан"),
    ("armenia", "Armenia", "Армения"),
    ("georgia", "Georgia", "Грузия"),
    ("chechnya", "Chechnya", "Чечня"),
    ("dagestan", "Dagestan", "Дагестан"),
    ("volgograd-region", "Volgograd Region", "Волгоградская область"),
    ("krasnodar-territory", "Krasnodar Territory", "Краснодарский край"),
    ("north-ossetia", "North Ossetia", "Северная Осетия"),
]
TOPICS = [
    ("human-rights", "Human rights", "Права человека"),
    ("courts", "Courts", "Суды"),
    ("protests", "Protests", "Протесты"),
    ("armed-conflict", "Armed conflict", "Вооружённый конфликт"),
    ("elections", "Elections", "Выборы"),
    ("migration", "Migration", "Миграция"),
]
AUTHORS = [
    ("Aziz Karimov", "Азиз Каримов"),
    ("Nina Tumanova", "Нина Туманова"),
    ("Ruslan Gadzhiev", "Руслан Гаджиев"),
    ("Anna Grigoryan", "Анна Григорян"),
    ("Levan Beridze", "Леван Беридзе"),
    ("Olga Mironova", "Ольга Миронова"),
]
SOURCES = [
    ("Report.az", "https://report.az/"),
    ("Interfax", "https://www.interfax.ru/"),
    ("TASS", "https://tass.ru/"),
    ("OC Media", "https://oc-media.org/"),
    ("JAMnews", "https://jam-news.net/"),
    ("the regional court's press service", ""),
]
# (English, Russian, Russian genitive): credits name people in each edition's script.
PHOTOGRAPHERS = [
    ("Aziz Karimov", "Азиз Каримов", "Азиза Каримова"),
    ("Nina Tumanova", "Нина Туманова", "Нины Тумановой"),
    ("Ruslan Gadzhiev", "Руслан Гаджиев", "Руслана Гаджиева"),
    ("Levan Beridze", "Леван Беридзе", "Левана Беридзе"),
]
PHOTO_AGENCIES = ["Report.az", "Sputnik Georgia", "JAMnews"]

# What the demo's pictures show (demo.pictures draws them), as captions: {time} is a time of day.
SCENES = {
    "mountains": ("Mountain ridges above the valley {time}.", "Горные хребты над долиной {time}."),
    "sea": ("The sea and the far shore {time}.", "Море и дальний берег {time}."),
    "city": ("Apartment blocks in the city centre {time}.", "Многоэтажки в центре города {time}."),
    "street": ("A street with lit windows {time}.", "Улица со светящимися окнами {time}."),
    "crowd": ("People with placards in a square {time}.", "Люди с плакатами на площади {time}."),
}
TIMES_OF_DAY = {
    "dawn": ("at dawn", "на рассвете"),
    "day": ("in the afternoon", "днём"),
    "dusk": ("at sunset", "на закате"),
    "night": ("at night", "ночью"),
}
# Pictures that suit a topic's stories; others take any.
TOPIC_SCENES = {"protests": "crowd", "elections": "crowd", "courts": "city", "migration": "street"}

# Headlines as (English, Russian) templates; {place} is a region's name.
HEADLINES = [
    (
        "{place}: activists demand explanations from officials",
        "{place}: активисты требуют объяснений от чиновников",
    ),
    ("{place}: rights defender released from custody", "{place}: правозащитник вышел из СИЗО"),
    ("{place}: court extends arrest of blogger", "{place}: суд продлил арест блогера"),
    ("{place}: residents protest against landfill", "{place}: жители протестуют против свалки"),
    ("{place}: journalists detained at rally", "{place}: на акции задержаны журналисты"),
    (
        "{place}: refugees complain of unpaid benefits",
        "{place}: беженцы жалуются на невыплату пособий",
    ),
    (
        "{place}: election commission rejects candidates",
        "{place}: избирком отказал кандидатам в регистрации",
    ),
    (
        "{place}: shelling damages houses in border village",
        "{place}: при обстреле повреждены дома в приграничном селе",
    ),
    (
        "{place}: mothers of conscripts appeal to ombudsman",
        "{place}: матери призывников обратились к омбудсмену",
    ),
    (
        "{place}: lawyer reports pressure on client in detention",
        "{place}: адвокат сообщил о давлении на подзащитного в СИЗО",
    ),
    (
        "{place}: villagers block road demanding gas supply",
        "{place}: сельчане перекрыли трассу, требуя газа",
    ),
    ("{place}: activist fined for picket", "{place}: активиста оштрафовали за пикет"),
]
LEADS = [
    (
        "Local residents told the agency's correspondent that officials have not answered their appeals for weeks.",
        "Местные жители рассказали корреспонденту агентства, что чиновники неделями не отвечают на их обращения.",
    ),
    (
        "The decision was announced at a court hearing that lasted less than an hour.",
        "Решение было объявлено на судебном заседании, которое длилось меньше часа.",
    ),
    (
        "Human rights defenders say the case is politically motivated.",
        "Правозащитники считают дело политически мотивированным.",
    ),
    ("", ""),
]
PARAGRAPHS = [
    (
        "According to participants, about a hundred people gathered outside the administration building in the morning.",
        "По словам участников, утром у здания администрации собрались около ста человек.",
    ),
    (
        "The police did not comment on the detentions by the time this article was published.",
        "На момент публикации в полиции не прокомментировали задержания.",
    ),
    (
        "The lawyer said that the defence would appeal against the decision in a higher court.",
        "Адвокат заявил, что защита обжалует решение в вышестоящем суде.",
    ),
    (
        "Residents have complained for several years that their appeals to the authorities go unanswered.",
        "Жители несколько лет жалуются, что их обращения к властям остаются без ответа.",
    ),
    (
        "Experts interviewed by the agency noted that similar cases have become more frequent in the region.",
        "Опрошенные агентством эксперты отметили, что подобные случаи в регионе участились.",
    ),
    (
        "The regional ombudsman said she had taken the case under personal control.",
        "Региональный омбудсмен заявила, что взяла дело под личный контроль.",
    ),
    (
        "Relatives of the detained say they have not been allowed to pass on food and warm clothes.",
        "Родственники задержанных говорят, что им не разрешают передать продукты и тёплую одежду.",
    ),
    (
        "The next court hearing is scheduled for the end of the month.",
        "Следующее заседание суда назначено на конец месяца.",
    ),
]
QUOTES = [
    (
        "We have written everywhere we could, and nobody has come to see for themselves.",
        "Мы писали везде, куда только можно, и никто не приехал посмотреть своими глазами.",
    ),
    (
        "The charges are built on the testimony of a single witness.",
        "Обвинение построено на показаниях одного свидетеля.",
    ),
]
UPDATES = [
    (
        "The court has published the full text of its decision.",
        "Суд опубликовал полный текст решения.",
    ),
    (
        "The detained journalists have been released without charge.",
        "Задержанные журналисты отпущены без составления протоколов.",
    ),
]
CORRECTIONS = [
    (
        "An earlier version of this story gave the wrong date of the hearing.",
        "В первоначальной версии материала была указана неверная дата заседания.",
    ),
]

# One pair shaped like the agency page this platform was designed from.
REFERENCE_PAIR = {
    "region": "azerbaijan",
    "topics": ["armed-conflict"],
    "photo_caption": (
        "Consequences of the shelling during the Karabakh conflict in the fall of 2020.",
        "Последствия обстрела в ходе карабахского конфликта осенью 2020 года.",
    ),
    "headline": (
        'Azerbaijan: activists demand explanations from Moscow on use of "Iskanders" in Karabakh',
        "Азербайджанские активисты потребовали от Москвы объяснений по поводу «Искандеров» в Карабахе",
    ),
    "lead": (
        'A group of Azerbaijani journalists and bloggers has demanded from the Russian party to officially comment on the use of "Iskander" missile complexes in the recent Karabakh hostilities.',
        "Группа азербайджанских журналистов и блогеров потребовала от российской стороны официально прокомментировать применение ракетных комплексов «Искандер» в ходе карабахских боевых действий.",
    ),
    "paragraphs": (
        [
            'A group of Azerbaijani journalists and bloggers has demanded from the Russian party to officially comment on the use of "Iskander" missile complexes in the recent Karabakh hostilities, as well as to investigate the use thereof in shelling of Shusha.',
            'The above activists have noted that the modification of "Iskanders", whose missile fragments were found in Shusha, cannot be exported and are used only by the Russian Army, the "Report.az" reports.',
            "The appeal to the Russian Embassy to Azerbaijan was signed by 26 persons.",
        ],
        [
            "Группа азербайджанских журналистов и блогеров потребовала от российской стороны официально прокомментировать применение ракетных комплексов «Искандер» в ходе недавних боевых действий в Карабахе, а также расследовать их использование при обстреле Шуши.",
            "Активисты отметили, что модификация «Искандеров», фрагменты ракет которых были найдены в Шуше, не поставляется на экспорт и используется только российской армией, сообщает «Report.az».",
            "Обращение в посольство России в Азербайджане подписали 26 человек.",
            "Ранее аналитики отмечали, что если бы «Искандеры», произведённые для российской армии, были поставлены Армении, это стало бы нарушением международных обязательств России.",
        ],
    ),
    # The Russian original at 10:18 MSK, its English version at 20:28 the same day (London).
    "published_utc": ("2021-04-07T19:28:00+00:00", "2021-04-07T07:18:00+00:00"),
}

# A photo story with a gallery, in both editions: its photos are captioned by the photos' own
# wordings in each language (demo.builder gives every photo its Russian caption).
GALLERY_STORY = {
    "region": "dagestan",
    "topics": [],
    "headline": (
        "Dagestan: from the Caspian shore to the mountain villages",
        "Дагестан: от берега Каспия до горных сёл",
    ),
    "lead": (
        "Our photographer spent a week on the road from the coast to the highest villages of "
        "the republic.",
        "Наш фотограф провёл неделю в дороге от побережья до самых высоких сёл республики.",
    ),
    "paragraphs": (
        [
            "The road climbs almost three thousand metres in a day's drive.",
            "In the villages, the school and the shop are often the same building.",
        ],
        [
            "За день пути дорога поднимается почти на три тысячи метров.",
            "В сёлах школа и магазин нередко занимают одно здание.",
        ],
    ),
    "gallery_title": ("From the coast to the mountains", "От побережья до гор"),
    "gallery_scenes": ["sea", "city", "street", "crowd"],
    "lead_scene": "mountains",
}
