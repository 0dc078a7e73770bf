"""The names the demo and the benchmarks generate: Russian company roots and suffixes, legal
forms, people, job titles, next steps, categories, cities with their INN regions and phone area
codes, and valid INNs and phone numbers. Pure data and functions of a `random.Random`: no
database, so benchmarks may use them before Django is set up."""

import random

import phonenumbers


def company_name(rng: random.Random) -> str:
    """A generated company name without its legal form: a root and a suffix ("Вектор Плюс")."""
    return rng.choice(ROOTS) + rng.choice(SUFFIXES)


def valid_inn(rng: random.Random, region: str) -> str:
    """A ten-digit legal-entity INN with a correct check digit."""
    digits = [int(c) for c in region] + [rng.randint(0, 9) for _ in range(7)]
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11 % 10
    return "".join(map(str, digits)) + str(check)


def valid_phone(rng: random.Random, area: str) -> str:
    """A valid Russian phone number in the area code's city."""
    while True:
        raw = f"+7{area}{rng.randint(2000000, 9999999)}"
        if phonenumbers.is_valid_number(phonenumbers.parse(raw)):
            return raw


CITIES = [  # city, INN region, area code
    ("Москва", "77", "495"),
    ("Санкт-Петербург", "78", "812"),
    ("Екатеринбург", "66", "343"),
    ("Казань", "16", "843"),
    ("Новосибирск", "54", "383"),
    ("Нижний Новгород", "52", "831"),
]
ROOTS = [
    "Ромашка",
    "Вектор",
    "СтройМаркет",
    "Техносфера",
    "Агропром",
    "Сибирский хлеб",
    "Металлоконструкции",
    "Уралтранс",
    "Волга-Логистик",
    "Северное сияние",
    "Термоформ",
    "Альфа-Пласт",
    "ЭнергоРесурс",
    "Мебельная фабрика «Уют»",
    "Полимерстрой",
    "Промсвет",
    "Кондитер",
    "ТрансЛайн",
    "Медтехника",
    "АвтоДеталь",
    "Стальпрокат",
    "Экоупак",
    "Гранит",
    "Инженерные системы",
    "Фармлайн",
    "Бумажный двор",
    "Электрощит",
    "Агрохолдинг «Заря»",
]
SUFFIXES = ["", " Плюс", " Сервис", " Групп", " Трейд", " Про", "-М", " Холдинг", " Юг"]
FORMS = ["ООО", "ООО", "ООО", "АО", "ПАО", "ЗАО"]
PEOPLE = [
    "Иванов Сергей Петрович",
    "Смирнова Ольга Викторовна",
    "Кузнецов Андрей Игоревич",
    "Попова Елена Николаевна",
    "Васильев Дмитрий Алексеевич",
    "Соколова Наталья Юрьевна",
    "Михайлов Алексей Владимирович",
    "Новикова Татьяна Сергеевна",
    "Фёдоров Павел Олегович",
]
JOBS = [
    "Генеральный директор",
    "Коммерческий директор",
    "Начальник отдела снабжения",
    "Главный инженер",
    "Менеджер по закупкам",
]
NEXT_STEPS = [
    "Позвонить ЛПР",
    "Отправить КП",
    "Встреча: презентация",
    "Уточнить бюджет",
    "Повторный звонок после КП",
    "Выслать образцы",
]
CATEGORIES_RU = [
    "Производство",
    "Оптовая торговля",
    "Розничная торговля",
    "Строительство",
    "Логистика",
    "Медицина",
]
