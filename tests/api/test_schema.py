"""The API describes itself: the OpenAPI schema and its docs page."""

from tests.conftest import client_for


def test_schema_and_docs_are_served(people):
    client = client_for(people.hunter1)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {
        "/api/v1/companies/",
        "/api/v1/companies/{id}/",
        "/api/v1/contacts/",
        "/api/v1/users/",
        "/api/v1/departments/",
    } <= set(paths)
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
