"""The API describes itself: an OpenAPI document written from the code at /api/openapi.json, and
interactive docs beside it that load nothing from elsewhere (the site has no call out, and its
Content-Security-Policy would refuse it)."""

import re

import pytest


@pytest.mark.django_db
def test_the_openapi_document_describes_the_operations_and_the_key(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()

    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/webhooks",
        "/api/webhooks/{webhook_id}",
    }
    webhooks = document["paths"]["/api/webhooks"]
    assert set(webhooks) == {"get", "post"}
    assert "201" in webhooks["post"]["responses"]
    assert "delete" in document["paths"]["/api/webhooks/{webhook_id}"]
    listing = document["paths"]["/api/stories"]["get"]
    assert {p["name"] for p in listing["parameters"]} == {
        "edition",
        "region",
        "topic",
        "updated_since",
        "cursor",
        "limit",
    }
    assert {"200", "400", "401", "403", "429"} <= set(listing["responses"])
    assert "404" in document["paths"]["/api/stories/{story_id}"]["get"]["responses"]
    schemes = document["components"]["securitySchemes"]
    assert {(s["type"], s.get("scheme") or s.get("name")) for s in schemes.values()} == {
        ("http", "bearer"),
        ("apiKey", "X-API-Key"),
    }
    assert listing["security"]


@pytest.mark.django_db
def test_the_docs_load_only_the_sites_own_files(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset  # nothing from another origin
        assert client.get(asset).status_code == 200, asset
    # No inline script for the policy to refuse: the settings are data, the code a file.
    assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\"))[^>]*>", html)
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]
