import pytest
from django.test import Client


@pytest.mark.django_db
def test_server_error_renders_the_editions_own_page(ru, monkeypatch):
    from dateline.site import views

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(views, "story_for_page", broken)
    response = Client(raise_request_exception=False).get("/ru/news/1/x/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Что-то пошло не так" in page
    assert "Кавказский вестник" in page
