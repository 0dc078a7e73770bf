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


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def test_every_operation_documents_its_refusals_with_their_bodies(people):
    schema = client_for(people.head).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    components = schema["components"]["schemas"]
    assert components["Error"]["required"] == ["detail"]
    assert components["FieldErrors"]["additionalProperties"]
    error = {"$ref": "#/components/schemas/Error"}
    operations = list(_operations(schema))
    assert len(operations) >= 48
    for path, method, operation in operations:
        responses = operation["responses"]
        body = {
            code: r["content"]["application/json"]["schema"]
            for code, r in responses.items()
            if code >= "400"
        }
        assert body["401"] == body["403"] == error, (method, path)
        assert ("404" in body) == ("{id}" in path), (method, path)
        assert (body.get("409") == error) == (method != "get"), (method, path)
        takes_input = "requestBody" in operation or any(
            p["in"] == "query" for p in operation.get("parameters", [])
        )
        assert ("400" in body) == takes_input, (method, path)
    # A refusal documented by hand keeps its description and gets the body.
    approve = schema["paths"]["/api/v1/plans/{id}/approve/"]["post"]["responses"]["409"]
    assert "nobody" in approve["description"]
    assert approve["content"]["application/json"]["schema"] == error


def test_the_pages_are_documented_as_the_cursor_gives_them(people):
    schema = client_for(people.head).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    listing = schema["paths"]["/api/v1/deals/"]["get"]
    size = next(p for p in listing["parameters"] if p["name"] == "page_size")
    assert size["schema"] == {"type": "integer", "minimum": 1}
    page = schema["components"]["schemas"]["PaginatedDealList"]
    assert page["required"] == ["next", "previous", "results"]
    assert page["properties"]["next"]["nullable"] is True
    assert "cursor" in page["properties"]["next"]["description"]
