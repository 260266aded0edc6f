"""What the Russian edition's own error pages say, for tests of bad input on any reader route."""

RU_400 = "С этим адресом что-то не так"
RU_404 = "Страница не найдена"


def assert_russian_error_page(response, status: int, heading: str) -> None:
    where = response.request["PATH_INFO"], response.request["QUERY_STRING"][:80]
    assert response.status_code == status, where
    assert response["Content-Language"] == "ru", where
    page = response.content.decode()
    assert '<html lang="ru">' in page, where
    assert heading in page, where
    assert "Кавказский вестник" in page, where
