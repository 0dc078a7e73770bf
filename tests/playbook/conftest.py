import pytest

from otdel.playbook.services import objection_save


@pytest.fixture
def library(people):
    """Objections as a company writes them, the price ones at the proposal's stages."""

    def add(words, states=(), tags=""):
        return objection_save(
            objection=None, words=words, states=states, tags=tags, acting_user=people.head
        )

    return {
        "дорого": add("Дорого", ["contact_2", "contact_3"], "цена"),
        "дороговато": add("Дороговато у вас", ["contact_3"]),
        "поставщик": add("У нас уже есть поставщик", ["new", "contact_1"], "конкуренты"),
        "долго": add("Долго везёте", [], "доставка"),
        "ещё": add("Ещё подумаем", ["contact_3"]),
    }
