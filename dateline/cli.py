"""The `dateline` console command: manage.py with Dateline's settings as the default."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dateline", *sys.argv[1:]])


if __name__ == "__main__":
    main()
