"""People and departments through the REST API: read-only, as far as the caller sees."""

from tests.conftest import client_for


def test_users_and_departments(people):
    client = client_for(people.hunter1)
    users = client.get("/api/v1/users/").json()["results"]
    assert {u["username"] for u in users} >= {"hunter1", "head", "farmer1"}
    departments = client.get("/api/v1/departments/").json()["results"]
    assert {d["name"] for d in departments} == {"Охотники", "Фермеры"}
    assert client.post("/api/v1/departments/", {"name": "x"}).status_code == 405
