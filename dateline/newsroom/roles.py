"""The newsroom's roles and what each may do. Read by the data migrations that create them.

Each role has every permission of the roles above it in this list, and more. Reporters and
translators submit stories to the review; editors approve them there, which publishes them (or
schedules them, for a later go-live time); chief editors also publish at once ("flash" news)
and withdraw.
"""

ADMIN_ACCESS = ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")

# (app_label, model, codename)
_REPORTER = [
    ("stories", "story", "add_story"),
    ("stories", "story", "change_story"),
    ("stories", "story", "lock_story"),
    ("stories", "author", "add_author"),
    ("stories", "author", "change_author"),
]
_TRANSLATOR = [("simple_translation", "simpletranslation", "submit_translation")]
_EDITOR = [
    ("stories", "story", "unlock_story"),
    ("stories", "author", "delete_author"),
]
_CHIEF = [
    ("stories", "story", "publish_story"),
    ("stories", "story", "delete_story"),
    ("editions", "edition", "add_edition"),
    ("editions", "edition", "change_edition"),
]

# Wagtail grants photo rights per collection, checked against its own image model even
# with a custom one, and page rights per subtree.
_REPORTER_PHOTOS = ["add_image", "choose_image"]
_EDITOR_PHOTOS = ["change_image"]
_CHIEF_PHOTOS = ["delete_image"]
_EDITOR_PAGES = ["add_page", "change_page", "publish_page"]
_CHIEF_PAGES = ["delete_page", "lock_page", "unlock_page", "bulk_delete_page"]

# Wagtail's workflow for stories: one task, approved by any editor or chief editor.
REVIEW_WORKFLOW = "Newsroom review"
REVIEW_TASK = "Editor review"
REVIEWERS = ("Editor", "Chief editor")
# Who the translation desk assigns translations to.
TRANSLATORS = ("Translator", "Editor", "Chief editor")

ROLES: dict[str, dict[str, list]] = {
    "Reporter": {"model": _REPORTER, "photos": _REPORTER_PHOTOS, "pages": []},
    "Translator": {"model": _REPORTER + _TRANSLATOR, "photos": _REPORTER_PHOTOS, "pages": []},
    "Editor": {
        "model": _REPORTER + _TRANSLATOR + _EDITOR,
        "photos": _REPORTER_PHOTOS + _EDITOR_PHOTOS,
        "pages": _EDITOR_PAGES,
    },
    "Chief editor": {
        "model": _REPORTER + _TRANSLATOR + _EDITOR + _CHIEF,
        "photos": _REPORTER_PHOTOS + _EDITOR_PHOTOS + _CHIEF_PHOTOS,
        "pages": _EDITOR_PAGES + _CHIEF_PAGES,
    },
}
